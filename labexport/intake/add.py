"""Add one source to the data folder: a web page, a PDF, Word, HTML or text file, a table.

:func:`add_source` fetches or opens the source, extracts its text
(:mod:`labexport.intake.extract`), reads its figures, and stores the text with
its sidecar (:mod:`labexport.intake.store`) unless it is already stored or has no
figures (kept anyway with ``keep=True``). A table (``.csv``, ``.xlsx``, ``.xlsm``)
is checked by reading it and copied to ``data/raw/``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from labexport.core.errors import IntakeError, LabexportError
from labexport.core.fact import Fact
from labexport.data.paths import bulletins_dir, raw_dir
from labexport.intake import extract
from labexport.intake.store import already_stored, store_bulletin, store_table
from labexport.intake.web import DOCX_TYPE, PDF_TYPE, Limits, fetch
from labexport.read import read_text
from labexport.read.files import TABLE_SUFFIXES, read_limited

#: File kinds by extension (lower case).
_FILE_KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html",
               ".pdf": "pdf", ".docx": "docx"}
#: Page kinds by content type (any other taken is HTML).
_WEB_KINDS = {PDF_TYPE: "pdf", DOCX_TYPE: "docx", "text/plain": "text"}


@dataclass(frozen=True)
class Added:
    """What became of one source.

    Attributes
    ----------
    source : str
        The source as recorded (the page's address, the file's name, or ``--source``).
    path : pathlib.Path or None
        The stored file, or the one already holding the same text; ``None`` if not stored.
    kind : {"bulletin", "table"}
        What the source is.
    status : {"stored", "already stored", "no figures"}
        Stored now; there already (same text or table); not stored, no figure read.
    facts : list of Fact
        The figures read from the text (empty for a table: see ``table_rows``).
    table_rows : int
        The figures of a table.
    """

    source: str
    path: Path | None
    kind: Literal["bulletin", "table"]
    status: Literal["stored", "already stored", "no figures"]
    facts: list[Fact] = field(default_factory=list)
    table_rows: int = 0


def is_address(source: str) -> bool:
    """True if ``source`` is written as an address (``scheme://...``), not a file."""
    return "://" in source[:12]


def now() -> str:
    """The retrieval time: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def add_source(source: str, *, data_dir: str | os.PathLike[str] | None = None,
               keep: bool = False, origin: str | None = None, limits: Limits | None = None,
               verb: str = "add") -> Added:
    """Fetch or open ``source``, read its figures and store it in the data folder.

    Parameters
    ----------
    source : str
        An http(s) address or a file (``.txt``, ``.html``, ``.htm``, ``.pdf``,
        ``.docx``; ``.csv``, ``.xlsx``, ``.xlsm`` are tables).
    data_dir : path-like, optional
        The data folder (default: the workspace's).
    keep : bool
        Store a bulletin even if no figure is read from it.
    origin : str, optional
        The source to record for a file (default: its name).
    limits : Limits, optional
        The fetching limits (default: :meth:`Limits.from_env`).
    verb : str
        The command, for the message when the intake extra is missing.

    Returns
    -------
    Added

    Raises
    ------
    IntakeError
        One line naming the source and the reason it cannot be read or stored.
    """
    if is_address(source):
        got = fetch(source, limits=limits, verb=verb)
        page = _extract(_WEB_KINDS.get(got.content_type, "html"), got.body, got.charset, source)
        return _store(page, origin or got.url, data_dir, keep)
    path = Path(source)
    if path.suffix.lower() in TABLE_SUFFIXES:
        return _add_table(path, data_dir)
    kind = _FILE_KINDS.get(path.suffix.lower())
    if kind is None:
        raise IntakeError(f"{source}: not a page, PDF, Word, text file or table (by its "
                          "extension)", path=source)
    data = read_limited(path, (limits or Limits()).max_bytes, error=IntakeError)  # regular only
    return _store(_extract(kind, data, None, source), origin or path.name, data_dir, keep)


def _extract(kind: str, data: bytes, charset: str | None, name: str) -> extract.Extracted:
    if kind == "pdf":
        return extract.from_pdf(data, name=name)
    if kind == "docx":
        return extract.from_docx(data, name=name)
    if kind == "text":
        return extract.from_text(data, charset=charset, name=name)
    return extract.from_html(data, charset=charset, name=name)


def _store(page: extract.Extracted, source: str, data_dir: str | os.PathLike[str] | None,
           keep: bool) -> Added:
    """Read the figures of an extracted text and store it (once; with figures or ``keep``)."""
    try:
        facts = read_text(page.text, source=source).facts
    except LabexportError as exc:
        raise IntakeError(f"{source}: {exc}", path=source) from None
    folder = bulletins_dir(data_dir)
    same = already_stored(folder, page.text)
    if same is not None:
        return Added(source, same, "bulletin", "already stored", facts)
    if not facts and not keep:
        return Added(source, None, "bulletin", "no figures")
    published = page.published or (facts[0].published if facts else "")
    path = store_bulletin(folder, page.text, source=source, title=page.title,
                          published=published, extractor=page.extractor, retrieved=now())
    return Added(source, path, "bulletin", "stored", facts)


def _add_table(path: Path, data_dir: str | os.PathLike[str] | None) -> Added:
    """Check a table by reading it, then copy it to the raw tables."""
    from labexport.core.errors import TableError
    from labexport.read.tables import read_table

    if not path.is_file():
        raise IntakeError(f"{path}: no such file", path=str(path))
    try:
        rows = len(read_table(path))
    except TableError as exc:
        raise IntakeError(str(exc), path=str(path)) from None
    target, stored = store_table(raw_dir(data_dir), path)
    return Added(path.name, target, "table", "stored" if stored else "already stored",
                 table_rows=rows)
