"""The folders a command reads and writes, found from the workspace in force.

Each folder can be given explicitly (a command's ``--data-dir`` or ``--out``),
else by an environment variable (``LABEXPORT_DATA_DIR``, ``LABEXPORT_REPORTS_DIR``,
``LABEXPORT_NOTEBOOKS_DIR``), else it is the workspace's
(:mod:`labexport.data.workspace`). The shipped tables and notebooks are package
data, read through :mod:`importlib.resources`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib import resources
from pathlib import Path

from labexport.data import workspace


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder: ``override``, ``$LABEXPORT_DATA_DIR`` or the workspace's."""
    if override is not None:
        return Path(override).resolve()
    env = os.environ.get("LABEXPORT_DATA_DIR")
    return Path(env).resolve() if env else workspace.current().data


def raw_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """The user's own tables of published figures (never written by code)."""
    return data_dir(base) / "raw"


def bulletins_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """Bulletin texts that users drop in."""
    return data_dir(base) / "bulletins"


def processed_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """Built files (``facts.csv``); rebuilt by ``labexport build``."""
    return data_dir(base) / "processed"


def reports_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Built reports: ``override``, ``$LABEXPORT_REPORTS_DIR`` or the workspace's."""
    if override is not None:
        return Path(override).resolve()
    env = os.environ.get("LABEXPORT_REPORTS_DIR")
    return Path(env).resolve() if env else workspace.current().reports


def user_notebook(name: str) -> Path | None:
    """The user's own notebook for report ``name``, if there is one.

    ``$LABEXPORT_NOTEBOOKS_DIR`` first, then the workspace's ``notebooks/``.
    """
    env = os.environ.get("LABEXPORT_NOTEBOOKS_DIR")
    folders = [Path(env).resolve()] if env else []
    own = workspace.current().notebooks
    folders += [own] if own is not None else []
    return next((f / f"{name}.ipynb" for f in folders if (f / f"{name}.ipynb").is_file()), None)


def shipped_entries() -> list[resources.abc.Traversable]:
    """The shipped tables (package data of :mod:`labexport.data`), sorted by name."""
    folder = resources.files("labexport.data") / "shipped"
    return sorted((e for e in folder.iterdir() if e.name.endswith((".csv", ".xlsx"))),
                  key=lambda e: e.name)


@contextmanager
def shipped_tables() -> Iterator[list[Path]]:
    """The shipped tables as files, when the workspace in force uses them (else none).

    Whatever data folder a command is given, the workspace's ``shipped_data`` decides;
    without a workspace they are always used.
    """
    if not workspace.current().shipped_data:
        yield []
        return
    with ExitStack() as stack:
        yield [stack.enter_context(resources.as_file(e)) for e in shipped_entries()]


def input_files(base: str | os.PathLike[str] | None = None) -> list[Path]:
    """Every file the dataset is built from (shipped and own tables, bulletins), sorted.

    Under ``raw/`` and ``bulletins/``: the regular files that
    :func:`labexport.read.files.input_kind` names an input, outside hidden folders
    (:func:`labexport.read.files.find_inputs`, which warns of a FIFO, device or
    broken link with an input's name, left out).
    """
    from labexport.read.files import find_inputs

    files = [p for folder in (raw_dir(base), bulletins_dir(base)) for p in find_inputs(folder)]
    with shipped_tables() as shipped:
        return sorted(files) + shipped


def needs_build(base: str | os.PathLike[str] | None = None) -> bool:
    """True if ``processed/facts.csv`` is not what a build of the inputs as they are now writes.

    That is: it or the build's manifest (``processed/build.json``) is missing or
    damaged, an input file was added, changed, removed or restored from another
    copy (compared by content, whatever the modification times), or another
    version of labexport built it. See :mod:`labexport.data.manifest`.
    """
    from labexport.data.manifest import is_current

    return not is_current(data_dir(base))
