"""Build and load the dataset: merge sources, validate, resolve revisions, write atomically.

Sources
-------
* ``data/raw/*.csv|xlsx``: hand-kept tables of published figures (see
  :mod:`labexport.read.tables`); the shipped ``dolab_figures.csv`` is one.
* ``data/bulletins/*.txt``: bulletin texts, read by :mod:`labexport.read.bulletin`.

Every figure of every source is kept; :mod:`labexport.data.prefer` marks one
row of each figure ``preferred``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from labexport.core.errors import BuildError, NotBuiltError
from labexport.core.fact import FACT_COLUMNS
from labexport.data.paths import (
    bulletins_dir,
    needs_build,
    processed_dir,
    raw_dir,
    shipped_tables,
)
from labexport.data.prefer import RESOLUTION_COLUMNS, mark_preferred

COLUMNS = [*FACT_COLUMNS, "note", "origin", *RESOLUTION_COLUMNS]


__all__ = ["BuildError", "build", "collect_facts", "ensure_built", "load_facts", "validate"]


def collect_facts(data_dir: str | os.PathLike[str] | None = None, *,
                  progress: Callable[[str, int], None] | None = None) -> pd.DataFrame:
    """Read every raw table and bulletin under ``data_dir`` into one facts frame.

    ``progress``, if given, is called after each source is read with its origin
    (``raw/dolab_figures.csv``) and the number of sources in all.

    Raises
    ------
    BuildError
        If a table row or a bulletin cannot be read.
    """
    from labexport.core.errors import BulletinError, TableError
    from labexport.read.bulletin import parse_bulletin
    from labexport.read.tables import read_table

    frames = []
    raw = raw_dir(data_dir)
    bulletins = sorted(bulletins_dir(data_dir).glob("*.txt"))
    tell = progress or (lambda _origin, _total: None)
    with shipped_tables() as shipped:
        tables = [(p, f"shipped/{p.name}") for p in shipped]
        own = sorted(raw.glob("*.csv")) + sorted(raw.glob("*.xlsx"))
        tables += [(p, f"raw/{p.name}") for p in own]
        for path, origin in tables:
            try:
                frame = read_table(path)
            except TableError as exc:
                raise BuildError(str(exc)) from exc
            frames.append(frame.assign(origin=origin))
            tell(origin, len(tables) + len(bulletins))
    for path in bulletins:
        try:
            frame = parse_bulletin(path)
        except BulletinError as exc:
            raise BuildError(str(exc)) from exc
        if frame.empty:
            raise BuildError(f"{path}: no figures found in this bulletin")
        frames.append(frame.assign(note="", origin=f"bulletins/{path.name}"))
        tell(f"bulletins/{path.name}", len(tables) + len(bulletins))
    if not frames:
        raise BuildError(f"{raw}: no raw tables and no bulletins to build from")
    facts = pd.concat(frames, ignore_index=True)
    facts["published"] = facts["published"].fillna("").astype(str)
    facts["quote"] = facts["quote"].fillna("").astype(str)
    facts["note"] = facts["note"].fillna("").astype(str)
    return facts


def validate(facts: pd.DataFrame) -> pd.DataFrame:
    """Validate facts against the pandera schema.

    Raises
    ------
    BuildError
        Naming the first failing column, check and row of origin.
    """
    import pandera.errors

    from labexport.data.schema import facts_schema

    try:
        return facts_schema().validate(facts, lazy=False)
    except pandera.errors.SchemaError as exc:
        index = None
        if exc.failure_cases is not None and "index" in exc.failure_cases:
            index = exc.failure_cases["index"].iloc[0]
        where = ""
        if index is not None and index in facts.index:
            row = facts.loc[index]
            where = f"{row.get('origin', '')} ({row['source']}, {row['year']}-{row['month_to']}): "
        message = str(exc).splitlines()[0][:300]
        raise BuildError(f"{where}invalid figure: {message}") from exc


def build(data_dir: str | os.PathLike[str] | None = None, *,
          progress: Callable[[str, int], None] | None = None) -> pd.DataFrame:
    """Build ``processed/facts.csv`` from raw tables and bulletins, atomically.

    ``progress`` is passed to :func:`collect_facts` (one call per source read).

    The new file is written beside the old one and renamed over it only once it
    is complete, so a failed or interrupted build leaves the previous dataset as
    it was.

    Returns
    -------
    pandas.DataFrame
        The built facts.

    Raises
    ------
    BuildError
        If a source cannot be read or a figure fails validation.
    """
    facts = validate(collect_facts(data_dir, progress=progress))
    facts = mark_preferred(facts)[COLUMNS]
    facts = facts.sort_values(["scope", "year", "month_to", "month_from", "measure", "market",
                               "sex", "preferred"], ascending=[True] * 7 + [False],
                              kind="mergesort").reset_index(drop=True)
    out_dir = processed_dir(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(facts, out_dir / "facts.csv")
    return facts


def write_atomically(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame as UTF-8 CSV to a temporary file, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            frame.to_csv(fh, index=False, lineterminator="\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_facts(data_dir: str | os.PathLike[str] | None = None, *, preferred_only: bool = False
               ) -> pd.DataFrame:
    """Load the built dataset (``processed/facts.csv``).

    Parameters
    ----------
    data_dir : path-like, optional
        The data folder; defaults to the shipped one.
    preferred_only : bool
        Keep only the preferred row of each figure.

    Returns
    -------
    pandas.DataFrame
        Columns as in the data model (GUIDE §2) plus ``note``, ``origin``, ``preferred``.

    Raises
    ------
    FileNotFoundError
        If the dataset has not been built (run ``labexport build``).
    """
    path = processed_dir(data_dir) / "facts.csv"
    if not path.exists():
        raise NotBuiltError(f"{path}: not built yet; run `labexport build`", path=str(path))
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, preferred_only)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = _read_facts(path, preferred_only)
    return _LOADED[key].copy()


#: The last dataset read, by (path, mtime, size, preferred_only): a report kernel
#: that runs several notebooks reads ``facts.csv`` once.
_LOADED: dict[tuple[str, int, int, bool], pd.DataFrame] = {}


def _read_facts(path: Path, preferred_only: bool) -> pd.DataFrame:
    facts = pd.read_csv(
        path, keep_default_na=False,
        dtype={"published": str, "quote": str, "note": str, "lang": str, "source": str},
    )
    facts["preferred"] = facts["preferred"].astype(str).eq("True")
    facts["value"] = facts["value"].astype(float)
    return facts[facts["preferred"]].reset_index(drop=True) if preferred_only else facts


def ensure_built(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Build the dataset if it is missing or older than any of its input files.

    Returns
    -------
    pathlib.Path
        ``processed/facts.csv``.

    Raises
    ------
    BuildError
        If a rebuild was needed and failed (the previous dataset stays as it was).
    """
    if needs_build(data_dir):
        build(data_dir)
    return processed_dir(data_dir) / "facts.csv"
