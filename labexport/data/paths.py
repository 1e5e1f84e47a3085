"""Project paths, anchored to the package so nothing depends on the working directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder: ``override``, ``$LABEXPORT_DATA_DIR`` or ``<project>/data``."""
    if override is not None:
        return Path(override).resolve()
    env = os.environ.get("LABEXPORT_DATA_DIR")
    return Path(env).resolve() if env else PROJECT_ROOT / "data"


def raw_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """Hand-kept tables of published figures (never written by code)."""
    return data_dir(base) / "raw"


def bulletins_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """Bulletin texts that users drop in."""
    return data_dir(base) / "bulletins"


def processed_dir(base: str | os.PathLike[str] | None = None) -> Path:
    """Built files (``facts.csv``); rebuilt by ``labexport build``."""
    return data_dir(base) / "processed"


def reports_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Built reports: ``override``, ``$LABEXPORT_REPORTS_DIR`` or ``<project>/reports``."""
    if override is not None:
        return Path(override).resolve()
    env = os.environ.get("LABEXPORT_REPORTS_DIR")
    return Path(env).resolve() if env else PROJECT_ROOT / "reports"


def notebooks_dir() -> Path:
    """The report notebooks: ``$LABEXPORT_NOTEBOOKS_DIR`` or ``<project>/notebooks``.

    A team with notebooks of its own (same names and parameters) points the
    variable at their folder.
    """
    env = os.environ.get("LABEXPORT_NOTEBOOKS_DIR")
    return Path(env).resolve() if env else PROJECT_ROOT / "notebooks"


def input_files(base: str | os.PathLike[str] | None = None) -> list[Path]:
    """Every file the dataset is built from (raw tables and bulletins), sorted."""
    files: list[Path] = []
    for folder in (raw_dir(base), bulletins_dir(base)):
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return sorted(files)


def needs_build(base: str | os.PathLike[str] | None = None) -> bool:
    """True if ``processed/facts.csv`` is missing or older than one of its input files."""
    path = processed_dir(base) / "facts.csv"
    if not path.exists():
        return True
    newest = max((p.stat().st_mtime for p in input_files(base)), default=0.0)
    return path.stat().st_mtime < newest
