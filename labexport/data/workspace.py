"""The user's workspace: a folder with ``labexport.toml``, its data and its reports.

Commands find the workspace the way git finds a repository: the folder named by
``--workspace`` (which the command line puts in ``$LABEXPORT_WORKSPACE``), else
``$LABEXPORT_WORKSPACE``, else the nearest folder upward from the current one
that holds ``labexport.toml``. Without one, labexport works in the current
folder with the shipped data only: the dataset is built into a cache folder and
reports go to ``./reports``.

``labexport init DIR`` writes a workspace (see :func:`init_workspace`); the
settings file is documented in the file it writes (:data:`CONFIG_TEXT`).

>>> ws = Workspace.default(Path("/tmp/example"))
>>> ws.data.name, ws.reports.name, ws.shipped_data
('data', 'reports', True)
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labexport.core.errors import WorkspaceError
from labexport.core.files import write_text_atomically

CONFIG = "labexport.toml"

#: The settings file ``labexport init`` writes: every setting, with what it does.
CONFIG_TEXT = """\
# labexport workspace settings. Paths are relative to this file's folder.
# Commands run anywhere inside this folder use it (like git finds its repository).

[labexport]
# Where the dataset lives: raw/ (your own tables, CSV or XLSX), bulletins/ (bulletin
# texts), processed/ (built by `labexport build`; never edit by hand).
data_dir = "data"
# Where `labexport report` and `labexport monthly` write the reports and index.html.
reports_dir = "reports"
# Notebooks here with a report's name (market_trends.ipynb, gender_share.ipynb,
# target_attainment.ipynb) replace the shipped ones.
notebooks_dir = "notebooks"
# Whether the figures shipped with labexport (2,508 published figures) are part of
# the dataset, beside your own tables and bulletins.
shipped_data = true
# The language `labexport monthly` builds its reports in ("en" or "vi"; the first listed).
# Each language's reports have their own folder below the period's (reports/2025-07/vi/).
languages = ["en"]
# The reports `labexport monthly` builds.
reports = ["market_trends", "gender_share", "target_attainment"]

[feeds]
# News feeds (RSS or Atom) read by `labexport fetch` and `labexport monthly --fetch`.
# Each new item whose title or summary contains one of `words` (in any case) is added
# as `labexport add ADDRESS` would; data/feeds-seen.json remembers what was taken.
# For example:
#   urls = ["https://news.example.org/rss/society.rss", "https://example.org/labour.atom"]
urls = []
words = ["lao động", "đi làm việc ở nước ngoài", "xuất khẩu lao động", "workers abroad",
         "labour export", "labor export", "overseas workers"]
"""

_README = """\
# A labexport workspace

- `labexport.toml`: the settings of this workspace (each one explained in the file).
- `data/raw/`: your own tables of published figures (CSV or XLSX; see the labexport README).
- `data/bulletins/`: bulletin texts to read (`.txt`; `labexport add` and `labexport fetch`
  store pages and files here, each with a `.json` naming its source).
- `data/processed/`: the built dataset (`labexport build`); do not edit.
- `reports/`: the reports (`labexport monthly`, `labexport report`); open `reports/index.html`.
- `notebooks/`: put a notebook here under a report's name to use it instead of the shipped one.

Run `labexport build` after adding tables or bulletins, and `labexport monthly` for the
latest month's reports.
"""


@dataclass(frozen=True)
class Workspace:
    """Where a command reads and writes.

    Attributes
    ----------
    root : pathlib.Path or None
        The folder holding ``labexport.toml``; ``None`` without a workspace.
    data, reports : pathlib.Path
        The data folder (``raw/``, ``bulletins/``, ``processed/``) and the reports folder.
    notebooks : pathlib.Path or None
        Where the workspace's own report notebooks would be.
    shipped_data : bool
        Whether the shipped figures are part of the dataset.
    languages, reports_built : tuple of str
        What ``labexport monthly`` builds.
    """

    root: Path | None
    data: Path
    reports: Path
    notebooks: Path | None
    shipped_data: bool = True
    languages: tuple[str, ...] = ("en",)
    reports_built: tuple[str, ...] = field(default=())

    @classmethod
    def default(cls, root: Path) -> Workspace:
        """The settings of a new workspace in ``root``."""
        return cls(root, root / "data", root / "reports", root / "notebooks")


def find_root(start: Path | None = None) -> Path | None:
    """The workspace folder in force (see the module's text), or ``None``."""
    env = os.environ.get("LABEXPORT_WORKSPACE")
    if env:
        root = Path(env).resolve()
        if not (root / CONFIG).is_file():
            raise WorkspaceError(f"{root}: not a labexport workspace (no {CONFIG}; "
                                 "make one with `labexport init`)", path=str(root))
        return root
    here = (start or Path.cwd()).resolve()
    return next((d for d in (here, *here.parents) if (d / CONFIG).is_file()), None)


def current() -> Workspace:
    """The workspace in force, or the current folder with the shipped data only."""
    root = find_root()
    if root is None:
        return Workspace(None, _cache() / "data", Path.cwd().resolve() / "reports", None)
    return load(root)


def load(root: Path) -> Workspace:
    """Read ``root/labexport.toml``; a bad file is a one-line error naming it."""
    path = root / CONFIG
    try:
        settings: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkspaceError(f"{path}: cannot read the settings: {exc}", path=str(path)) from None
    table = settings.get("labexport", {})
    try:
        return Workspace(
            root, root / _text(table, "data_dir", "data"),
            root / _text(table, "reports_dir", "reports"),
            root / _text(table, "notebooks_dir", "notebooks"),
            shipped_data=_flag(table, "shipped_data"),
            languages=_words(table, "languages", ("en",)),
            reports_built=_words(table, "reports", ()))
    except ValueError as exc:
        raise WorkspaceError(f"{path}: {exc}", path=str(path)) from None


def _text(table: dict[str, Any], key: str, default: str) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{key} must be a folder name, got {value!r}")
    return value


def _flag(table: dict[str, Any], key: str) -> bool:
    value = table.get(key, True)
    if not isinstance(value, bool):
        raise ValueError(f"{key} must be true or false, got {value!r}")
    return value


def _words(table: dict[str, Any], key: str, default: tuple[str, ...]) -> tuple[str, ...]:
    value = table.get(key, list(default))
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of names, got {value!r}")
    return tuple(value)


def monthly_choice(lang: str | None, reports: str | None) -> tuple[str, str | None]:
    """What ``labexport monthly`` builds: the options given, else the workspace's settings.

    The language is the first of ``languages``.
    """
    ws = current()
    chosen = reports or (",".join(ws.reports_built) or None)
    return lang or (ws.languages or ("en",))[0], chosen


def _cache() -> Path:
    """Where the shipped dataset is built when there is no workspace."""
    from labexport import __version__

    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "labexport" / __version__


def init_workspace(folder: Path) -> Path:
    """Make ``folder`` a workspace: settings, data folders, reports folder and a README.

    Existing files are kept; a folder that already holds ``labexport.toml`` is refused.

    Returns
    -------
    pathlib.Path
        The settings file written.
    """
    folder = folder.resolve()
    if (folder / CONFIG).exists():
        raise WorkspaceError(f"{folder}: already a labexport workspace", path=str(folder))
    if folder.exists() and not folder.is_dir():
        raise WorkspaceError(f"{folder}: exists and is not a folder", path=str(folder))
    try:
        for sub in ("data/raw", "data/bulletins", "reports", "notebooks"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        _write_new(folder / "README.md", _README)
        _write_new(folder / CONFIG, CONFIG_TEXT)
    except OSError as exc:
        raise WorkspaceError(f"{folder}: cannot make a workspace here: "
                             f"{exc.strerror or exc}", path=str(folder)) from None
    return folder / CONFIG


def _write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` unless it exists (temp file, then rename)."""
    if path.exists():
        return
    write_text_atomically(path, text)
