"""Load the built dataset, checked whole: ``processed/facts.csv`` or an exact copy of it.

:func:`labexport.data.dataset.load_facts` reads ``processed/facts.csv`` of the
data folder or, when the environment variable ``LABEXPORT_FACTS_FILE`` is set,
that file instead (a report run points its notebooks at an exact copy of the
dataset this way).

The file is checked before use. It must be a complete CSV table (its last line
ended) with every column of the dataset, whole numbers where they belong and
``True``/``False`` in ``preferred``; and where the build's manifest
``build.json`` is beside a ``facts.csv``, its SHA-256 and row count must be the
ones the build wrote. A file that is not is refused in one line::

    data/processed/facts.csv: damaged (empty file); run `labexport build`

``labexport build`` (or any command that builds when the dataset is out of
date) writes it anew. Texts come back exactly as they were built.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from labexport.core.errors import NotBuiltError
from labexport.data.manifest import (
    FACTS_NAME,
    MANIFEST_NAME,
    Manifest,
    manifest_at,
    sha256_bytes,
)
from labexport.data.paths import processed_dir

#: The environment variable naming the exact dataset file to read instead of ``facts.csv``.
FACTS_FILE_VARIABLE = "LABEXPORT_FACTS_FILE"

__all__ = ["FACTS_FILE_VARIABLE", "facts_path", "read_facts_file"]


def facts_path(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The dataset file to read: ``$LABEXPORT_FACTS_FILE``, else ``processed/facts.csv``.

    A report run points its notebooks at an exact copy of the dataset this way.
    """
    chosen = os.environ.get(FACTS_FILE_VARIABLE)
    return Path(chosen) if chosen else processed_dir(data_dir) / FACTS_NAME


def read_facts_file(path: Path, *, preferred_only: bool = False) -> pd.DataFrame:
    """Read and check the dataset file ``path`` (see the module's description).

    Raises
    ------
    NotBuiltError
        If the file is missing (not built yet), cannot be read, or is damaged.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        if not path.exists() and not os.environ.get(FACTS_FILE_VARIABLE):
            raise NotBuiltError(f"{path}: not built yet; run `labexport build`",
                                path=str(path)) from None
        named = f" (named by {FACTS_FILE_VARIABLE})" if os.environ.get(FACTS_FILE_VARIABLE) else ""
        raise NotBuiltError(f"{path}{named}: cannot read the dataset: {exc.strerror or exc}",
                            path=str(path)) from None
    key = (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size,
           preferred_only)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = _read_facts(path, preferred_only)
    return _LOADED[key].copy()


#: The last dataset read, by (path, inode, times, size, preferred_only): a report
#: kernel that runs several notebooks reads ``facts.csv`` once.
_LOADED: dict[tuple[str, int, int, int, int, bool], pd.DataFrame] = {}


def _read_facts(path: Path, preferred_only: bool) -> pd.DataFrame:
    from labexport.data.dataset import COLUMNS

    def damaged(why: str) -> NotBuiltError:
        return NotBuiltError(f"{path}: damaged ({why}); run `labexport build`", path=str(path))

    data, manifest = _read_with_manifest(path)
    facts = _parse_facts(data, COLUMNS, damaged)
    if manifest is not None and len(facts) != manifest.facts_rows:
        raise damaged(f"{len(facts):,} rows where the build wrote {manifest.facts_rows:,}")
    if manifest is not None and sha256_bytes(data) != manifest.facts_sha256:
        raise damaged(f"not the file the last build wrote: its SHA-256 differs from "
                      f"{MANIFEST_NAME}'s")
    return facts[facts["preferred"]].reset_index(drop=True) if preferred_only else facts


def _read_with_manifest(path: Path) -> tuple[bytes, Manifest | None]:
    """The bytes of ``path`` and the manifest beside it (read again once if they disagree).

    A build renames ``facts.csv`` then ``build.json`` into place: a reader in
    between sees them disagree for an instant.
    """
    for attempt in (1, 2):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise NotBuiltError(f"{path}: cannot read the dataset: {exc.strerror or exc}",
                                path=str(path)) from None
        manifest = manifest_at(path.with_name(MANIFEST_NAME)) if path.name == FACTS_NAME else None
        if manifest is None or sha256_bytes(data) == manifest.facts_sha256 or attempt == 2:
            break
        time.sleep(0.05)
    return data, manifest


#: The columns read as numbers, and their types.
_NUMBERS: dict[str, type[int] | type[float]] = {"year": int, "month_from": int, "month_to": int,
                                                "value": float, "first_value": float}


def _parse_facts(data: bytes, columns: list[str], damaged: Callable[[str], NotBuiltError]
                 ) -> pd.DataFrame:
    """The dataset from the bytes of ``facts.csv``, or ``damaged(why)`` raised."""
    if not data.strip():
        raise damaged("empty file")
    if not data.endswith(b"\n"):
        raise damaged("truncated: its last line is incomplete")
    try:
        facts = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False,
                            encoding="utf-8")
    except (ValueError, UnicodeDecodeError) as exc:  # pandas' ParserError is a ValueError
        raise damaged(f"not a CSV table of the dataset: {str(exc).splitlines()[0]}") from None
    missing = [c for c in columns if c not in facts.columns]
    if missing:
        raise damaged(f"no column {', '.join(missing)} in its header")
    short = facts[columns].isna().any(axis=1)
    if short.any():
        raise damaged(f"row {int(short.to_numpy().argmax()) + 1} has too few fields")
    for column, dtype in _NUMBERS.items():
        numbers = pd.to_numeric(facts[column], errors="coerce")
        bad = numbers.isna() | (numbers % 1 != 0 if dtype is int else False)
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise damaged(f"row {row + 1}: {column} {facts[column].iloc[row]!r} is not a number")
        facts[column] = numbers.astype(dtype)
    if not facts["preferred"].isin(["True", "False"]).all():
        raise damaged("preferred is not True or False on every line")
    facts["preferred"] = facts["preferred"].eq("True")
    return facts
