"""Write a table for use elsewhere (CSV, Parquet or XLSX) with its data dictionary beside it.

The dictionary is a CSV file named after the table: ``facts.csv`` (or
``facts.parquet``, ``facts.xlsx``) comes with ``facts.dictionary.csv``, one row
per column of the table in its order, with the columns

- ``column``: the column's name;
- ``type``: ``integer``, ``number``, ``boolean`` or ``text`` (from the table written);
- ``meaning``: what the column holds;
- ``allowed_values``: the values it may take, separated by ``"; "`` where they
  are a list (``(empty)`` stands for an empty cell), else the rule they follow.

The meanings are written once, here (:data:`FACT_MEANINGS`); the allowed values
come from the code that checks the data (the kinds of :mod:`labexport.core.fact`,
the market registry, the provinces). Both files are written to temporary files
in the target folder (with the permissions the user's umask gives) and renamed
into place once complete, so a failed export leaves no half file (and any
earlier export as it was).

Files for spreadsheets never hold a formula. A text cell that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return (which a spreadsheet
would compute; OWASP's "CSV injection") is written in CSV with a ``'`` before
it, as one types such a text in a spreadsheet (:func:`neutralise`;
:func:`restore` gives the text back); in XLSX it is a text cell marked with the
spreadsheet's own quote prefix, its text unchanged. Numbers are never changed,
nor is Parquet (typed, never computed), nor the dataset ``facts.csv`` itself.
The data dictionary says so for each text column.

>>> dictionary_path(Path("out/facts.xlsx")).as_posix()
'out/facts.dictionary.csv'
"""

from __future__ import annotations

import importlib.util
import math
import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from labexport.core.errors import ExportError, ParameterError
from labexport.core.fact import MEASURES, QUALIFIERS, SEXES
from labexport.data.prefer import OBS_STATUS

if TYPE_CHECKING:  # pragma: no cover - pandas is imported when a table is written
    import pandas as pd

#: The formats ``labexport export`` writes; Parquet needs pyarrow (``labexport[parquet]``).
FORMATS = ("csv", "parquet", "xlsx")
#: Between the values of a list of allowed values.
SEPARATOR = "; "
#: Stands for an empty cell in a list of allowed values.
EMPTY = "(empty)"
DICTIONARY_SUFFIX = ".dictionary.csv"
DICTIONARY_COLUMNS = ["column", "type", "meaning", "allowed_values"]
#: The first characters that make a spreadsheet compute a cell.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What the dictionary adds to the meaning of a text column, by format.
TEXT_NOTES = {
    "csv": " A text beginning with =, +, -, @, a tab or a carriage return is written with "
           "a ' before it, so that a spreadsheet shows it as text instead of computing it; "
           "drop that first ' to get the text.",
    "xlsx": " A text beginning with =, +, -, @, a tab or a carriage return is marked as text "
            "(the spreadsheet's quote prefix), so that it is never computed.",
}


class Entry(NamedTuple):
    """One column of a data dictionary: what it holds and the values it may take."""

    meaning: str
    allowed: str


#: What each column of the built dataset (``load_facts()``) holds.
FACT_MEANINGS: dict[str, str] = {
    "source": "Where the figure was published: the address of the article or report, or "
              "the bulletin's file name.",
    "published": "The date the source was published, as precise as known; empty where unknown.",
    "lang": "The language of the source (a two-letter code: en, vi, ja...); empty where "
            "not recorded.",
    "scope": "Whose workers: national (all of Vietnam) or the province whose figure it is.",
    "year": "The calendar year of the period the figure covers.",
    "month_from": "The first month of the period; 1 with month_to after it is a year-to-date "
                  "figure (January to month_to).",
    "month_to": "The last month of the period; equal to month_from for one month's figure.",
    "measure": "What the figure counts: departures (workers who left in the period), target "
               "(the plan for the year), attainment_pct (departures as a % of the plan), "
               "stock (workers abroad at the end of the period), demand (jobs on offer), "
               "quota (places in a quota).",
    "market": "Where the workers went: ALL (every market together) or a market's code: "
              "ISO 3166-1 alpha-2 for countries and territories, XA-XZ for regions.",
    "sex": "Whose figure: total (all workers), female or male workers.",
    "value": "The figure: a number of workers, or a percentage for attainment_pct.",
    "qualifier": "How the figure was stated: exact (as printed), approx (about), nearly, "
                 "over (more than), or derived (implied by the text but not printed, e.g. "
                 "126.29 from '26.29% above the plan').",
    "quote": "The sentence of the bulletin the figure was read from; empty for figures from "
             "tables.",
    "note": "A note kept with a table's row (how the source wrote the figure, a caveat); "
            "empty where none.",
    "origin": "The input file of the build the row comes from (a table or a bulletin).",
    "preferred": "True for the one row kept for each figure that several rows state, by "
                 "the rule of docs/sources.md (exact beats rounded, a more precise statement "
                 "beats its rounding, a publisher's later statement revises its own, more "
                 "independent publishers beat fewer, then the latest publication); keep the "
                 "True rows for one row a figure.",
    "obs_status": "The observation status of the row, after SDMX's OBS_STATUS: A as "
                  "published, E rounded or approximate, D derived, C conflicting (another "
                  "source states a different exact value), R revised (its publisher's later "
                  "statement), F first published (kept beside its publisher's revision).",
    "first_value": "The value of the figure's first-published statement, on every row of "
                   "the figure (equal to the preferred value unless the figure was revised "
                   "or is contested).",
}


def listed(*values: str) -> str:
    """The allowed values ``values`` as a dictionary's list.

    >>> listed("exact", "approx", "")
    'exact; approx; (empty)'
    """
    return SEPARATOR.join(value or EMPTY for value in values)


def fact_allowed() -> dict[str, str]:
    """The allowed values of each column of the built dataset, from the code that checks them."""
    from labexport.core.markets import ALL, registry
    from labexport.core.provinces import NATIONAL, PROVINCES

    markets = [f"{m.code} ({m.name_en})" for m in sorted(registry().values(),
                                                          key=lambda m: m.code)]
    return {
        "source": "any text, never empty",
        "published": "YYYY, YYYY-MM or YYYY-MM-DD, or empty",
        "lang": "a language code, or empty",
        "scope": listed(NATIONAL, *PROVINCES),
        "year": "1990 to 2100",
        "month_from": "1 to 12",
        "month_to": "1 to 12, never before month_from",
        "measure": listed(*MEASURES),
        "market": listed(f"{ALL} (every market)", *markets),
        "sex": listed(*SEXES),
        "value": "0 or more; at most 1000 for attainment_pct",
        "qualifier": listed(*QUALIFIERS),
        "quote": "any text, or empty",
        "note": "any text, or empty",
        "origin": "raw/<table file> or bulletins/<bulletin file>",
        "preferred": listed("True", "False"),
        "obs_status": listed(*OBS_STATUS),
        "first_value": "0 or more",
    }


def facts_dictionary() -> dict[str, Entry]:
    """The data dictionary of the built dataset: column -> meaning and allowed values."""
    allowed = fact_allowed()
    return {name: Entry(meaning, allowed[name]) for name, meaning in FACT_MEANINGS.items()}


def _type_name(dtype: Any) -> str:
    from pandas.api import types

    if types.is_bool_dtype(dtype):
        return "boolean"
    if types.is_integer_dtype(dtype):
        return "integer"
    if types.is_numeric_dtype(dtype):
        return "number"
    return "text"


def dictionary_table(frame: pd.DataFrame, entries: Mapping[str, Entry]) -> pd.DataFrame:
    """The data dictionary of ``frame``: one row per column, in order.

    Raises
    ------
    ValueError
        If a column of ``frame`` has no entry (a gap in the code's dictionary).
    """
    import pandas as pd

    missing = [str(c) for c in frame.columns if c not in entries]
    if missing:
        raise ValueError(f"no data dictionary entry for column(s) {', '.join(missing)}")
    rows = [(str(c), _type_name(frame[c].dtype), entries[str(c)].meaning,
             entries[str(c)].allowed) for c in frame.columns]
    return pd.DataFrame(rows, columns=DICTIONARY_COLUMNS)


def _formula_like(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it as text: a ``'`` before a formula's first character.

    Texts already beginning with ``'`` before such a character get one more, so
    that :func:`restore` gives back every text exactly.

    Examples
    --------
    >>> neutralise("=SUM(A1:A9)"), neutralise("-5 workers"), neutralise("Japan")
    ("'=SUM(A1:A9)", "'-5 workers", 'Japan')
    >>> restore(neutralise("'=x")), restore(neutralise("it's"))
    ("'=x", "it's")
    """
    return f"'{text}" if _formula_like(text) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given: its added ``'`` removed."""
    return text[1:] if text.startswith("'") and _formula_like(text[1:]) else text


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell :func:`neutralise`-d (numbers and empty cells as they are)."""
    out = frame.copy()
    for column in out.columns:
        if _type_name(out[column].dtype) == "text":
            out[column] = out[column].map(lambda v: neutralise(v) if isinstance(v, str) else v)
    return out


def dictionary_path(out: Path) -> Path:
    """The dictionary's file beside the table ``out``: ``facts.csv`` -> ``facts.dictionary.csv``."""
    stem = out.stem if out.suffix else out.name
    return out.with_name(f"{stem}{DICTIONARY_SUFFIX}")


def has_pyarrow() -> bool:
    """Whether pyarrow, which Parquet files are written with, is installed."""
    return importlib.util.find_spec("pyarrow") is not None


def plan_export(out: str | os.PathLike[str] | None, fmt: str | None, stem: str
                ) -> tuple[Path, str]:
    """Check where and how an export is to be written, before anything is built or read.

    Parameters
    ----------
    out : path-like, optional
        The file; a folder means ``<stem>.<format>`` in it; none means it in the
        current folder.
    fmt : str, optional
        One of :data:`FORMATS`; by default the suffix of ``out`` where it is one,
        else ``csv``.
    stem : str
        The default file name, without its suffix (``facts``, ``panel``).

    Returns
    -------
    tuple of (pathlib.Path, str)
        The file and the format.

    Raises
    ------
    ParameterError
        If the format is unknown, disagrees with the suffix of ``out``, or is
        Parquet without pyarrow.
    ExportError
        If the folder of ``out`` does not exist.
    """
    path = Path.cwd() if out is None else Path(out)
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None:
        fmt = suffix if suffix in FORMATS and not path.is_dir() else "csv"
    if fmt not in FORMATS:
        raise ParameterError(f"--format {fmt}: not one of {', '.join(FORMATS)}")
    if path.is_dir():
        path = path / f"{stem}.{fmt}"
    elif suffix in FORMATS and suffix != fmt:
        raise ParameterError(f"--out {path}: a .{suffix} name for a {fmt} file; "
                             f"name it .{fmt} or give --format {suffix}")
    if fmt == "parquet" and not has_pyarrow():
        raise ParameterError("--format parquet needs pyarrow, which is not installed: "
                             "install labexport[parquet] (pip install 'labexport[parquet]')")
    if not path.parent.is_dir():
        raise ExportError(f"{path}: cannot write the export: no such folder {path.parent}",
                          path=str(path))
    return path, fmt


def write_export(frame: pd.DataFrame, entries: Mapping[str, Entry], out: Path, fmt: str,
                 *, sheet: str = "data") -> tuple[Path, Path]:
    """Write ``frame`` to ``out`` as ``fmt`` and its data dictionary beside it, atomically.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    entries : mapping of str to Entry
        The dictionary entry of every column of ``frame``.
    out : pathlib.Path
        The table's file (see :func:`plan_export`); the dictionary is
        :func:`dictionary_path` of it.
    fmt : str
        One of :data:`FORMATS`.
    sheet : str
        The sheet's name in an XLSX file.

    Returns
    -------
    tuple of pathlib.Path
        The table's file and the dictionary's.

    Raises
    ------
    ExportError
        If a file cannot be written; no half-written file is left behind.
    """
    table = dictionary_table(frame, entries)
    if fmt in TEXT_NOTES:
        text = table["type"] == "text"
        table.loc[text, "meaning"] = table.loc[text, "meaning"] + TEXT_NOTES[fmt]
    dictionary = dictionary_path(out)
    writers: list[tuple[Path, Callable[[Path], None]]] = [
        (dictionary, lambda p: _write_csv(spreadsheet_safe(table), p)),
        (out, lambda p: _WRITERS[fmt](spreadsheet_safe(frame) if fmt == "csv" else frame,
                                      p, sheet)),
    ]
    staged: list[tuple[Path, Path]] = []
    try:
        for target, write in writers:
            staged.append((_temp_beside(target), target))
            write(staged[-1][0])
        for tmp, target in staged:
            os.replace(tmp, target)
    except OSError as exc:
        raise ExportError(f"{out}: cannot write the export: {exc.strerror or exc} "
                          "(no file left half-written)", path=str(out)) from exc
    finally:
        for tmp, _target in staged:
            tmp.unlink(missing_ok=True)
    return out, dictionary


def _temp_beside(target: Path) -> Path:
    """Create an empty temporary file in ``target``'s folder (permissions as the umask says)."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(8)}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    return tmp


def _write_csv(frame: pd.DataFrame, path: Path, sheet: str = "") -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        frame.to_csv(fh, index=False, lineterminator="\n")
        fh.flush()
        os.fsync(fh.fileno())


def _write_parquet(frame: pd.DataFrame, path: Path, sheet: str = "") -> None:
    frame.to_parquet(path, engine="pyarrow", index=False)


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet: str = "data") -> None:
    """One sheet, the header frozen; text stays text (quote-prefixed where it may be a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.freeze_panes = "A2"

    def cell(value: Any) -> Any:
        if isinstance(value, str):
            if not value:
                return None
            text = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            text.data_type = "s"
            text.quotePrefix = value.startswith(FORMULA_STARTS)
            return text
        if isinstance(value, float) and math.isnan(value):
            return None
        return value.item() if hasattr(value, "item") else value

    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([cell(v) for v in row])
    book.save(path)


_WRITERS: dict[str, Callable[[pd.DataFrame, Path, str], None]] = {
    "csv": _write_csv, "parquet": _write_parquet, "xlsx": _write_xlsx,
}
