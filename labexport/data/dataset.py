"""Build and load the dataset: merge sources, validate, resolve revisions, write atomically.

Sources
-------
The input files are those of :func:`labexport.data.paths.input_files`, each
read as :func:`labexport.read.files.input_kind` says:

* tables (``.csv``, ``.xlsx``, ``.xlsm``, any case) in ``data/raw/`` and the
  shipped ones: hand-kept tables of published figures (:mod:`labexport.read.tables`);
* bulletins (``.txt``) in ``data/bulletins/``, read by :mod:`labexport.read.bulletin`;
  a bulletin's sidecar ``<name>.json`` (:mod:`labexport.data.provenance`) gives
  its figures' ``source`` and, where a figure has none, its ``published`` date.

Every figure of every source is kept; :mod:`labexport.data.prefer` marks one
row of each figure ``preferred``.

A file that cannot be read (or a bulletin without figures) is left out: the
dataset is built from the others, and the build returns every such failure
and records it in ``processed/build.json`` (:mod:`labexport.data.manifest`).
With ``strict=True`` the first failure stops the build instead. Either way a
build that stops leaves the previous dataset as it was.

``processed/facts.csv`` keeps every text exactly (it is for programs: no
spreadsheet quoting; :mod:`labexport.data.export` writes files for spreadsheets).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labexport.core.errors import BuildError, InputWarning, LabexportError
from labexport.core.fact import FACT_COLUMNS
from labexport.data.load import FACTS_FILE_VARIABLE, facts_path, read_facts_file
from labexport.data.manifest import (
    FACTS_NAME,
    MANIFEST_NAME,
    SHIPPED,
    Failure,
    Manifest,
    build_failures,
    build_lock,
    hash_inputs,
    input_name,
    package_version,
    sha256_bytes,
    write_files,
)
from labexport.data.paths import data_dir as resolve_data_dir
from labexport.data.paths import input_files, needs_build, processed_dir
from labexport.data.prefer import RESOLUTION_COLUMNS, mark_preferred

COLUMNS = [*FACT_COLUMNS, "note", "origin", *RESOLUTION_COLUMNS]

__all__ = ["BuildError", "Built", "Failure", "build", "build_dataset", "build_failures",
           "collect_facts", "ensure_built", "facts_path", "load_facts", "validate"]

Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class Built:
    """What :func:`build_dataset` did: the facts written and the input files left out."""

    facts: pd.DataFrame
    failures: tuple[Failure, ...]
    #: How many tables and bulletins were read, or tried.
    sources: int
    #: The bulletins whose figures are in the dataset.
    bulletins: tuple[Path, ...]


def _sources(base: Path) -> list[tuple[Path, str, str]]:
    """The files to read, as (path, name in the data folder, kind): tables, then bulletins."""
    from labexport.read.files import input_kind

    found: list[tuple[Path, str, str]] = []
    with warnings.catch_warnings():  # entries left out are the build's failures
        warnings.simplefilter("ignore", InputWarning)
        files = input_files(base)
    for path in files:
        name, kind = input_name(path, base), input_kind(path)
        if kind == "table" and name.startswith((f"{SHIPPED}/", "raw/")):
            found.append((path, name, kind))
        elif kind == "bulletin" and name.startswith("bulletins/"):
            found.append((path, name, kind))
    order = {"bulletin": 2, "table": 1}
    return sorted(found, key=lambda s: (order[s[2]], not s[1].startswith(SHIPPED), s[1]))


def _unreadable_entries(base: Path) -> list[tuple[Path, str]]:
    """Entries named as inputs under ``raw/`` and ``bulletins/`` that are not regular files."""
    from labexport.read.files import scan_inputs

    return [entry for folder in (base / "raw", base / "bulletins")
            for entry in scan_inputs(folder)[1]]


def _read_source(path: Path, name: str, kind: str) -> pd.DataFrame:
    """Read one table or bulletin into facts with ``note`` and ``origin``."""
    if kind == "table":
        from labexport.read.tables import read_table

        return read_table(path).assign(origin=name)
    from labexport.core.errors import BulletinError
    from labexport.data.provenance import bulletin_origin
    from labexport.read.bulletin import parse_bulletin

    origin = bulletin_origin(path)
    frame = parse_bulletin(path, source=origin.source if origin is not None else None)
    if frame.empty:
        raise BulletinError(f"{path}: no figures found in this bulletin")
    if origin is not None and origin.published:
        known = frame["published"].fillna("").astype(str)
        frame["published"] = known.where(known != "", origin.published)
    return frame.assign(note="", origin=name)


def _failure(message: str, path: Path, name: str, base: Path) -> Failure:
    """A failure from an error's message: the file it names (the bulletin or its sidecar)."""
    from labexport.data.provenance import sidecar_path

    message = " ".join(message.splitlines())
    side = sidecar_path(path)
    for shown, file in ((str(side), input_name(side, base)), (str(path), name)):
        if message.startswith(shown):
            return Failure(file, message[len(shown):].lstrip(":, ") or message)
    return Failure(name, message)


def collect_facts(data_dir: str | os.PathLike[str] | None = None, *,
                  progress: Progress | None = None,
                  failures: list[Failure] | None = None) -> pd.DataFrame:
    """Read every table and bulletin of ``data_dir`` into one facts frame.

    ``progress``, if given, is called after each source is read with its origin
    (``raw/dolab_figures.csv``) and the number of sources in all.

    Parameters
    ----------
    data_dir : path-like, optional
        The data folder.
    progress : callable, optional
        Told of each source read.
    failures : list of Failure, optional
        Where given, a file that cannot be read is appended to it and left out;
        else the first such file stops the build.

    Raises
    ------
    BuildError
        If a table or a bulletin cannot be read (without ``failures``), or
        nothing could be read at all.
    """
    base = resolve_data_dir(data_dir)
    sources = _sources(base)
    for path, reason in _unreadable_entries(base):
        if failures is None:
            raise BuildError(f"{path}: {reason}", path=str(path))
        failures.append(Failure(input_name(path, base), reason))
    tell = progress or (lambda _origin, _total: None)
    frames = []
    for path, name, kind in sources:
        try:
            frames.append(_read_source(path, name, kind))
        except Exception as exc:  # any reader's failure leaves out this one file
            message = str(exc) if isinstance(exc, LabexportError) else (
                f"{path}: cannot read ({type(exc).__name__}: {exc})")
            if failures is None:
                raise BuildError(message, path=str(path)) from exc
            failures.append(_failure(message, path, name, base))
        tell(name, len(sources))
    if not sources:
        raise BuildError(f"{base / 'raw'}: no raw tables and no bulletins to build from")
    if not frames:
        raise BuildError(_nothing_read(base, failures or []))
    facts = pd.concat(frames, ignore_index=True)
    for column in ("published", "quote", "note"):
        facts[column] = facts[column].fillna("").astype(str)
    return facts


def _nothing_read(base: Path, failures: list[Failure]) -> str:
    shown = "; ".join(f.describe(base) for f in failures[:3])
    more = f"; and {len(failures) - 3} more" if len(failures) > 3 else ""
    return f"{base}: none of the input files could be read: {shown}{more}"


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


def _validate_each(facts: pd.DataFrame, base: Path, failures: list[Failure]) -> pd.DataFrame:
    """Validate the facts of each input file apart, leaving out (and recording) failing ones."""
    good = []
    for origin, frame in facts.groupby("origin", sort=False):
        try:
            good.append(validate(frame))
        except BuildError as exc:
            name = str(origin)
            where, _, why = str(exc).removeprefix(f"{name} (").partition("): invalid figure: ")
            reason = f"invalid figure ({where}): {why}" if why else str(exc)
            failures.append(Failure(name, " ".join(reason.splitlines())))
    if not good:
        raise BuildError(_nothing_read(base, failures))
    return pd.concat(good)


def build_dataset(data_dir: str | os.PathLike[str] | None = None, *,
                  progress: Progress | None = None, strict: bool = False) -> Built:
    """Build ``processed/facts.csv`` and ``processed/build.json`` from the input files.

    Parameters
    ----------
    data_dir : path-like, optional
        The data folder.
    progress : callable, optional
        Passed to :func:`collect_facts` (one call per source read).
    strict : bool
        Stop at the first input file that cannot be read, instead of building
        the dataset from the others.

    Returns
    -------
    Built
        The facts written and the files left out.

    Raises
    ------
    BuildError
        If nothing could be read, a file could not be read with ``strict``, or
        the dataset cannot be written (a read-only folder, a full disk); the
        previous dataset is left as it was.
    """
    base = resolve_data_dir(data_dir)
    out_dir = processed_dir(base)
    with build_lock(out_dir):
        with warnings.catch_warnings():  # entries left out are this build's failures
            warnings.simplefilter("ignore", InputWarning)
            inputs = hash_inputs(base)  # before reading: a file changed meanwhile rebuilds
        failures: list[Failure] | None = None if strict else []
        facts = collect_facts(base, progress=progress, failures=failures)
        try:
            facts = validate(facts)
        except BuildError:
            if failures is None:
                raise
            facts = _validate_each(facts, base, failures)
        facts = mark_preferred(facts)[COLUMNS].sort_values(
            ["scope", "year", "month_to", "month_from", "measure", "market", "sex", "preferred"],
            ascending=[True] * 7 + [False], kind="mergesort").reset_index(drop=True)
        content = facts.to_csv(index=False, lineterminator="\n").encode("utf-8")
        done = tuple(failures or ())
        manifest = Manifest(inputs=inputs, version=package_version(), failed=done,
                            facts_sha256=sha256_bytes(content), facts_rows=len(facts))
        write_files([(out_dir / FACTS_NAME, content), (out_dir / MANIFEST_NAME,
                                                       manifest.to_json())])
    bulletins = tuple(base / o for o in facts["origin"].unique() if o.startswith("bulletins/"))
    return Built(facts, done, len(_sources(base)) + len(_unreadable_entries(base)), bulletins)


def build(data_dir: str | os.PathLike[str] | None = None, *,
          progress: Progress | None = None, strict: bool = False) -> pd.DataFrame:
    """Build ``processed/facts.csv`` from raw tables and bulletins, atomically.

    As :func:`build_dataset`, returning only the facts; the files left out are
    in :func:`build_failures`.

    The new files are written beside the old ones and renamed over them only
    once complete, so a failed or interrupted build leaves the previous dataset
    as it was.

    Returns
    -------
    pandas.DataFrame
        The built facts.

    Raises
    ------
    BuildError
        If nothing could be read, a file failed with ``strict``, or the dataset
        cannot be written.
    """
    return build_dataset(data_dir, progress=progress, strict=strict).facts


def load_facts(data_dir: str | os.PathLike[str] | None = None, *, preferred_only: bool = False
               ) -> pd.DataFrame:
    """Load the built dataset: ``processed/facts.csv``, or the file ``$LABEXPORT_FACTS_FILE`` names.

    The file is checked before use (:mod:`labexport.data.load`): a complete CSV
    table with the dataset's columns and, where the build's manifest
    ``build.json`` is beside it, the very file (SHA-256, row count) that build
    wrote. Texts come back exactly as built.

    Parameters
    ----------
    data_dir : path-like, optional
        The data folder; defaults to the workspace's.
    preferred_only : bool
        Keep only the preferred row of each figure.

    Returns
    -------
    pandas.DataFrame
        Columns as in the data model (GUIDE §2) plus ``note``, ``origin``, ``preferred``.

    Raises
    ------
    NotBuiltError
        If the dataset has not been built, or is damaged (run ``labexport build``).
    """
    return read_facts_file(facts_path(data_dir), preferred_only=preferred_only)


def ensure_built(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Build the dataset if it is out of date (:func:`~labexport.data.paths.needs_build`).

    With ``$LABEXPORT_FACTS_FILE`` set, that file is the dataset and nothing is built.

    Returns
    -------
    pathlib.Path
        The dataset's file (:func:`facts_path`).

    Raises
    ------
    BuildError
        If a rebuild was needed and nothing could be built (the previous dataset
        stays as it was); input files left out are in :func:`build_failures`.
    """
    if not os.environ.get(FACTS_FILE_VARIABLE) and needs_build(data_dir):
        build(data_dir)
    return facts_path(data_dir)

