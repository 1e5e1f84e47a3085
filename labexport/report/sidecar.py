"""Each report's sidecar (``<period>/[<variant>/]<name>.json``): inputs' hashes, key figures.

A report is *current* when its sidecar says it was built from files (notebook,
dataset, templates, package) and parameters that hash the same as now; such a
report is not rebuilt. The dataset's hash is that of the snapshot of
``facts.csv`` the report's kernel read (:mod:`labexport.report.inputs`), and
``parameters.data_dir`` is the data folder's name, not its path.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import platform
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labexport import __version__
from labexport.core.files import sha256_file
from labexport.data import paths
from labexport.report.export import templates_dir
from labexport.report.registry import notebook_path

if TYPE_CHECKING:  # pragma: no cover - nbformat is imported when a report runs
    from nbformat import NotebookNode

SIDECAR_VERSION = 1
#: MIME type of the key figures a notebook records (``Report.record``) for its sidecar.
FIGURES_MIME = "application/vnd.labexport.figures+json"
_VERSIONS = ("pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat",
             "ipykernel", "pandera", "babel")


#: The folder holding the package (its files are named from there: ``labexport/...``).
_PACKAGE_PARENT = Path(__file__).resolve().parents[2]


def _rel(path: Path, data: Path) -> str:
    """A file's name in the sidecar: from the package's folder or the data folder's parent."""
    for base in (_PACKAGE_PARENT, data.parent):
        with contextlib.suppress(ValueError):
            return str(path.resolve().relative_to(base))
    return str(path.resolve())


def input_hashes(name: str, data_dir: str | None, dataset_sha256: str | None = None
                 ) -> dict[str, str]:
    """SHA-256 of every file a report depends on: notebook, dataset, templates, package.

    Parameters
    ----------
    name : str
        The report.
    data_dir : str or None
        The data folder.
    dataset_sha256 : str, optional
        The hash of the dataset the report read (its batch's snapshot of
        ``facts.csv``); by default that of ``facts.csv`` as it is now.

    Returns
    -------
    dict
        File name (from the package's folder or the data folder's parent) -> SHA-256.
    """
    data = paths.data_dir(data_dir)
    facts = paths.processed_dir(data_dir) / "facts.csv"
    files = [notebook_path(name)]
    files += sorted(p for p in (templates_dir() / "labexport").iterdir() if p.is_file())
    package = Path(__file__).resolve().parents[1]
    files += sorted(package.rglob("*.py"))
    hashes = {_rel(p, data): sha256_file(p) for p in files}
    hashes[_rel(facts, data)] = dataset_sha256 or sha256_file(facts)
    return hashes


def inputs_key(inputs: dict[str, str], parameters: dict[str, Any], briefing: bool) -> str:
    """One hash of a report's inputs, parameters and mode (``inputs_key`` in the sidecar)."""
    blob = json.dumps({"inputs": inputs, "parameters": parameters, "briefing": briefing,
                       "version": __version__, "sidecar": SIDECAR_VERSION}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "labexport": __version__}
    for name in _VERSIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - all are dependencies
            found[name] = "absent"
    return found


@functools.cache
def git_revision() -> str | None:
    """The project's git commit (with ``-dirty`` if it has changes), or ``None``; asked once."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=_PACKAGE_PARENT,
                             text=True, capture_output=True, timeout=10, check=True).stdout.strip()
        if Path(top).resolve() != _PACKAGE_PARENT:
            return None  # an installed package: not the checkout of a repository
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=_PACKAGE_PARENT, text=True,
                             capture_output=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=_PACKAGE_PARENT, text=True, capture_output=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return rev + ("-dirty" if dirty else "")


def read_sidecar(path: Path) -> dict[str, Any] | None:
    """Return a report's sidecar, or ``None`` if absent or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def key_figures(nb: NotebookNode) -> dict[str, Any]:
    """Merge the key figures a notebook recorded (``Report.record``), in cell order."""
    figures: dict[str, Any] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FIGURES_MIME in data:
                figures.update(data[FIGURES_MIME])
    return figures


def write_sidecar(folder: Path, *, name: str, period: str, error: str, title: str,
                  parameters: dict[str, Any], briefing: bool, nb: NotebookNode,
                  inputs: dict[str, str],
                  execute_s: float, export_s: float,
                  changes: dict[str, Any] | None = None) -> Path:
    """Write ``folder/<name>.json`` for the page ``folder/<name>.html`` just exported.

    ``changes`` is what changed since the previous report
    (:func:`labexport.report.changes.note_changes`), kept as ``changes``.
    """
    sidecar = {
        "sidecar_version": SIDECAR_VERSION,
        "report": name, "period": period, "status": "failed" if error else "built",
        "error": error, "title": title,
        "parameters": parameters, "briefing": briefing,
        "key_figures": key_figures(nb), "changes": changes,
        "inputs": inputs, "inputs_key": inputs_key(inputs, parameters, briefing),
        "git_revision": git_revision(), "versions": _versions(),
        "timings": {"execute_s": round(execute_s, 3), "export_s": round(export_s, 3),
                    "total_s": round(execute_s + export_s, 3)},
        "html_sha256": sha256_file(folder / f"{name}.html"),
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(sidecar, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def is_current(folder: Path, name: str, *, data_dir: str | None, parameters: dict[str, Any],
               briefing: bool, dataset_sha256: str | None = None) -> bool:
    """True if the report published in ``folder`` was built from exactly the same inputs.

    ``folder`` is the report's variant folder; ``dataset_sha256`` the hash of
    ``facts.csv`` as the caller read it (by default it is hashed now).
    """
    sidecar = read_sidecar(folder / f"{name}.json")
    if not sidecar or sidecar.get("status") != "built" or not (folder / f"{name}.html").exists():
        return False
    inputs = input_hashes(name, data_dir, dataset_sha256)
    return sidecar.get("inputs_key") == inputs_key(inputs, parameters, briefing)
