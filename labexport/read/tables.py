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

import os
from collections.abc import Hashable, Mapping
from pathlib import Path

import pandas as pd

from labexport.core.errors import TableError, UnknownMarketError
from labexport.core.fact import FACT_COLUMNS, MEASURES, QUALIFIERS, SEXES
from labexport.core.markets import to_code
from labexport.core.provinces import NATIONAL, to_province
from labexport.core.text import fold
from labexport.read.numbers import parse_number

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
        A ``.csv`` (UTF-8) or ``.xlsx`` file.

    Returns
    -------
    pandas.DataFrame
        Facts with the columns of :data:`labexport.core.fact.FACT_COLUMNS` plus ``note``.

    Raises
    ------
    TableError
        If the file cannot be read or a row is malformed (names the file and row).
    """
    path = Path(path)
    try:
        if path.suffix.lower() in {".xlsx", ".xlsm"}:
            raw = pd.read_excel(path, dtype=str).fillna("")
            first_row = 2
        else:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            first_row = 2
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise TableError(f"{path}: cannot read table ({exc})") from exc
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


def _int(value: str, what: str) -> int:
    text = str(value).strip()
    if not text.isdigit():
        raise ValueError(f"{what} {value!r} is not a whole number")
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
        try:
            value = parse_number(text.rstrip("%").strip(), percent=measure == "attainment_pct")
        except ValueError:
            raise ValueError(f"value {text!r} is not a number") from None
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
