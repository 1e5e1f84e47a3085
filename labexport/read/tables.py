"""Hand-kept tables (CSV or XLSX, English or Vietnamese headers) -> facts.

Two shapes are read:

* **long**: one figure a row, with a ``value`` column and ``sex``/``measure``
  (or ``window``) columns, like ``data/raw/dolab_figures.csv``;
* **wide**: one row per market and period, with ``total`` and ``female`` (and
  ``male``) columns ("Thị trường, Năm, Tháng, Tổng số, Nữ").

Headers are matched without case or diacritics, so "Thị trường", "thi truong"
and "Market" are the same column. A row that cannot be read stops the reader
with a :class:`TableError` that names the file and the row.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Hashable, Mapping
from pathlib import Path

import pandas as pd

from labexport.core.errors import TableError, UnknownMarketError
from labexport.core.fact import FACT_COLUMNS, MEASURES, QUALIFIERS, SEXES
from labexport.core.markets import to_code
from labexport.core.provinces import NATIONAL, to_province
from labexport.core.text import fold
from labexport.read.files import read_limited
from labexport.read.numbers import check_plausible, parse_number
from labexport.read.textio import decode_text

#: Largest table file accepted, in bytes (the shipped table is 0.4 MB).
MAX_TABLE_BYTES = 50 * 1024 * 1024
#: Largest an XLSX may unpack to, in bytes, all its members together.
MAX_UNPACKED = 50 * 1000 * 1000
#: Largest compression ratio of a member over :data:`BIG_MEMBER` bytes unpacked.
MAX_RATIO = 100
BIG_MEMBER = 1024 * 1024
#: The most members an XLSX may have.
MAX_MEMBERS = 10_000
_XLSX = (".xlsx", ".xlsm")

#: Folded header -> canonical column.
HEADERS: dict[str, str] = {}
for _canon, _names in {
    "source": ["source", "source_url", "url", "nguon", "nguon tin"],
    "published": ["published", "date published", "ngay dang", "ngay cong bo"],
    "lang": ["lang", "language", "ngon ngu"],
    "scope": ["scope", "province", "tinh", "pham vi", "dia phuong"],
    "year": ["year", "nam"],
    "month": ["month", "thang"],
    "month_from": ["month_from", "from month", "tu thang"],
    "month_to": ["month_to", "to month", "den thang"],
    "window": ["window", "period", "ky", "loai ky"],
    "measure": ["measure", "chi so", "loai so lieu"],
    "market": ["market", "country", "destination", "thi truong", "nuoc", "quoc gia"],
    "sex": ["sex", "gender", "gioi tinh"],
    "value": ["value", "count", "number", "gia tri", "so luong", "so lao dong"],
    "total": ["total", "workers", "tong so", "tong", "tong so lao dong"],
    "female": ["female", "women", "nu", "lao dong nu", "so lao dong nu"],
    "male": ["male", "men", "nam gioi", "lao dong nam"],
    "qualifier": ["qualifier", "precision", "muc do"],
    "note": ["note", "notes", "ghi chu"],
    "quote": ["quote", "trich dan"],
}.items():
    for _name in _names:
        HEADERS[_name] = _canon

#: Window words (English or Vietnamese) -> (measure, period kind).
WINDOWS = {
    "month": ("departures", "month"), "thang": ("departures", "month"),
    "ytd": ("departures", "ytd"), "luy ke": ("departures", "ytd"),
    "year": ("departures", "year"), "ca nam": ("departures", "year"),
    "quarter": ("departures", "range"), "quy": ("departures", "range"),
    "target": ("target", "year"), "ke hoach": ("target", "year"),
    "pct_of_target": ("attainment_pct", "ytd"), "% ke hoach": ("attainment_pct", "ytd"),
    "stock": ("stock", "month"),
}
QUALIFIER_WORDS = {"about": "approx", "khoang": "approx", "gan": "nearly", "hon": "over",
                   "tren": "over", "chinh xac": "exact"}
SEX_WORDS = {"tong": "total", "tong so": "total", "nu": "female", "nam": "male"}


def read_table(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a hand-kept table into facts.

    Parameters
    ----------
    path : path-like
        A ``.csv`` (UTF-8, or Windows-1258 as :func:`~labexport.read.textio.decode_text`
        decides), ``.xlsx`` or ``.xlsm`` file (macros are never run).

    Returns
    -------
    pandas.DataFrame
        Facts with the columns of :data:`labexport.core.fact.FACT_COLUMNS` plus ``note``.

    Raises
    ------
    TableError
        If the file cannot be read (not a regular file, too large, an XLSX
        that unpacks beyond :data:`MAX_UNPACKED`, a formula without a stored
        value) or a row is malformed (names the file and row).

    Notes
    -----
    Text cells are read as text: one beginning with ``=``, ``+``, ``-`` or ``@``
    is never evaluated, and is never a figure. An XLSX formula cell is read by
    the value the spreadsheet stored for it.
    """
    path = Path(path)
    raw = _load(path)
    first_row = 2
    columns: dict[Hashable, str] = {}
    for header in raw.columns:
        canon = HEADERS.get(fold(str(header)))
        if canon is not None and canon not in columns.values():
            columns[header] = canon
    raw = raw.rename(columns=columns)[list(columns.values())]
    if "market" not in raw and "value" not in raw and "total" not in raw:
        raise TableError(f"{path}: no market, value or total column in the header")
    rows = []
    for i, record in enumerate(raw.to_dict("records")):
        try:
            rows.extend(_read_row(record, path))
        except (ValueError, KeyError, UnknownMarketError) as exc:
            raise TableError(f"{path}, row {i + first_row}: {exc}") from exc
    return pd.DataFrame(rows, columns=[*FACT_COLUMNS, "note"])


def _load(path: Path) -> pd.DataFrame:
    """The cells of a table file as text, its first row the header."""
    from openpyxl.utils.exceptions import InvalidFileException

    data = read_limited(path, MAX_TABLE_BYTES, error=TableError, what="table file")
    try:
        if path.suffix.lower() in _XLSX:
            check_unpacked(data, path)
            check_formulas(data, path)
            return pd.read_excel(io.BytesIO(data), dtype=str, engine="openpyxl").fillna("")
        text = decode_text(data, name=str(path), error=TableError, what="CSV table")
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (OSError, ValueError, KeyError, SyntaxError, zipfile.BadZipFile,
            InvalidFileException) as exc:  # SyntaxError: damaged XML in a workbook
        if isinstance(exc, TableError):
            raise
        raise TableError(f"{path}: cannot read table ({_one_line(exc)})") from exc


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or type(exc).__name__


def check_unpacked(data: bytes, path: Path) -> None:
    """Refuse an XLSX that would unpack beyond the limits, from its directory alone.

    Nothing is unpacked: the sizes are those the archive declares, which are
    also the most that unpacking it yields.

    Raises
    ------
    TableError
        Over :data:`MAX_MEMBERS` members, over :data:`MAX_UNPACKED` bytes in
        all, or a member over :data:`BIG_MEMBER` bytes compressed more than
        :data:`MAX_RATIO`-fold.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableError(f"{path}: not an XLSX workbook ({_one_line(exc)})") from exc
    if len(members) > MAX_MEMBERS:
        raise TableError(f"{path}: {len(members):,} members, over the {MAX_MEMBERS:,} "
                         "an XLSX workbook may have")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise TableError(f"{path}: unpacks to {total:,} bytes, over the {MAX_UNPACKED:,}-byte "
                         "limit for a table")
    for m in members:
        if m.file_size > BIG_MEMBER and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            raise TableError(f"{path}: {m.filename!r} unpacks {ratio:,}-fold, over the "
                             f"{MAX_RATIO}-fold limit")


def check_formulas(data: bytes, path: Path) -> None:
    """Refuse an XLSX whose first sheet has a formula without a stored value.

    Such a cell (a file written by a program, never opened in a spreadsheet)
    would read as empty; its formula is never read as its value.

    Raises
    ------
    TableError
        Naming the row and the cell.
    """
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        cells = {(c.row, c.column) for row in book.worksheets[0].iter_rows() for c in row
                 if getattr(c, "data_type", None) == "f"} if book.worksheets else set()
    finally:
        book.close()
    if not cells:
        return
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    try:
        for row in book.worksheets[0].iter_rows():
            for c in row:
                if (c.row, c.column) in cells and (c.value is None or c.data_type == "e"):
                    raise TableError(f"{path}, row {c.row}: cell {c.coordinate} is a formula "
                                     "without a stored value (open and save the file in a "
                                     "spreadsheet, or type the value)", path=str(path),
                                     line=c.row)
    finally:
        book.close()


def _short(text: str) -> str:
    return f"{text[:24]}…" if len(text) > 40 else text


def _int(value: str, what: str) -> int:
    text = str(value).strip()
    if not text.isdecimal():
        raise ValueError(f"{what} {_short(value)!r} is not a whole number")
    if len(text) > 4:
        raise ValueError(f"{what} {_short(value)!r} is out of range")
    return int(text)


def _read_row(record: Mapping[Hashable, object], path: Path) -> list[dict[str, object]]:
    """The facts of one row of a raw table (one per sex it gives a value for)."""
    get = {str(k): str(v).strip() for k, v in record.items()}
    measure, month_from, month_to = _row_period(get)
    base = {
        "source": get.get("source") or path.name,
        "published": get.get("published", ""),
        "lang": get.get("lang", ""),
        "scope": _row_scope(get),
        "year": _int(get.get("year", ""), "year"),
        "month_from": month_from,
        "month_to": month_to,
        "measure": measure,
        "market": to_code(get.get("market") or "ALL"),
        "qualifier": _checked(QUALIFIER_WORDS, get.get("qualifier", "") or "exact",
                              QUALIFIERS, "qualifier"),
        "quote": get.get("quote", ""),
        "note": get.get("note", ""),
    }
    out = []
    for sex, text in _row_values(get):
        number = text.rstrip("%").strip()
        percent = measure == "attainment_pct"
        check_plausible(number, percent=percent)  # its own words: beyond any plausible count
        try:
            value = parse_number(number, percent=percent)
        except ValueError:
            raise ValueError(f"value {_short(text)!r} is not a number") from None
        out.append({**base, "sex": sex, "value": value})
    return out


def _row_period(get: dict[str, str]) -> tuple[str, int, int]:
    """The measure and the months of a row (from ``window``, ``measure`` and the month columns)."""
    measure, kind = WINDOWS.get(fold(get.get("window", "")), ("departures", ""))
    if get.get("measure"):
        measure = get["measure"]
        if measure not in MEASURES:
            raise ValueError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    if get.get("month_from") or get.get("month_to"):
        month_from = _int(get.get("month_from") or "1", "month_from")
        month_to = _int(get.get("month_to") or "12", "month_to")
    elif get.get("month"):
        month_from = month_to = _int(get["month"], "month")
        if kind == "ytd":
            month_from = 1
    else:
        month_from, month_to = 1, 12
    if not (1 <= month_from <= month_to <= 12):
        raise ValueError(f"months {month_from}-{month_to} are not a period within a year")
    return measure, month_from, month_to


def _row_scope(get: dict[str, str]) -> str:
    scope_text = get.get("scope") or NATIONAL
    try:
        return to_province(scope_text)
    except KeyError:
        raise ValueError(f"scope {scope_text!r} is neither 'national' nor a province") from None


def _checked(words: dict[str, str], text: str, allowed: tuple[str, ...], what: str) -> str:
    """``text`` as one of ``allowed`` (through the folded ``words``), or a one-line error."""
    value = words.get(fold(text), text)
    if value not in allowed:
        raise ValueError(f"{what} {value!r} is not one of {', '.join(allowed)}")
    return value


def _row_values(get: dict[str, str]) -> list[tuple[str, str]]:
    """The (sex, value text) pairs of a row: one ``value`` column, or one column per sex."""
    if "value" in get:
        values = [(_checked(SEX_WORDS, get.get("sex") or "total", SEXES, "sex"), get["value"])]
    else:
        values = [(sex, get[sex]) for sex in SEXES if get.get(sex)]
    if not values or not any(v for _, v in values):
        raise ValueError("no value")
    return values
