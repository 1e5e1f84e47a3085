"""Export the dataset or the monthly panel, each with its data dictionary (``labexport export``).

The dictionary of the built dataset is :func:`labexport.data.export.facts_dictionary`;
the panel's (:data:`PANEL_MEANINGS`, allowed values from
:mod:`labexport.analysis.panel` and the dataset's) is here.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labexport.core.fact import QUALIFIERS
from labexport.data.export import (
    FACT_MEANINGS,
    FORMATS,
    Entry,
    fact_allowed,
    facts_dictionary,
    listed,
    plan_export,
    write_export,
)

# The command line adds `labexport export` from here on every run: pandas and the panel
# are imported when an export runs, not with this module.

#: The qualifiers of a difference of two year-to-date totals: exact where both are.
DERIVED_QUALIFIERS = ("exact", "approx")

#: What each column of the monthly panel (:func:`~labexport.analysis.panel.monthly_panel`) holds.
PANEL_MEANINGS: dict[str, str] = {
    "year": "The calendar year.",
    "month": "The month; each series runs from January to the last month its figures reach "
             "that year.",
    "scope": FACT_MEANINGS["scope"],
    "market": FACT_MEANINGS["market"],
    "sex": FACT_MEANINGS["sex"],
    "departures": "Workers who left in the month: the month's published figure (method "
                  "reported), else the difference of two consecutive year-to-date totals of "
                  "the year (method derived); empty where neither exists (method missing).",
    "method": "Where departures comes from: reported (published for the month), derived "
              "(from year-to-date totals; January's total is January itself) or missing.",
    "qualifier": "How departures is known: the reported figure's qualifier, or exact for a "
                 "difference of two exact totals and approx otherwise; empty where missing.",
    "ytd": "The year-to-date total (January to this month) published for the month; empty "
           "where none is.",
    "ytd_qualifier": "How that year-to-date total was stated; empty where none is published.",
    "derived": "The difference of this month's year-to-date total and the previous month's, "
               "even beside a reported figure (a negative one is never used as departures); "
               "empty where the two totals are not both published.",
    "derived_qualifier": "exact where both totals behind derived are exact, else approx; "
                         "empty where there is no derived value.",
    "derived_source": "The source(s) of the year-to-date totals behind derived, joined by ' | '.",
    "conflict": "Reported minus derived where both are exact and differ (the reported value "
                "is kept as departures); empty otherwise.",
    "source": "The source(s) behind departures, joined by ' | '; empty where missing.",
}


def panel_dictionary() -> dict[str, Entry]:
    """The data dictionary of the monthly panel: column -> meaning and allowed values."""
    from labexport.analysis.panel import METHODS, PANEL_COLUMNS

    facts = fact_allowed()
    allowed = {
        "year": facts["year"],
        "month": "1 to 12",
        "scope": facts["scope"],
        "market": facts["market"],
        "sex": facts["sex"],
        "departures": "0 or more, or empty",
        "method": listed(*METHODS),
        "qualifier": listed(*QUALIFIERS, ""),
        "ytd": "0 or more, or empty",
        "ytd_qualifier": listed(*QUALIFIERS, ""),
        "derived": "a number (negative where a published total fell), or empty",
        "derived_qualifier": listed(*DERIVED_QUALIFIERS, ""),
        "derived_source": "any text, or empty",
        "conflict": "a number other than 0, or empty",
        "source": "any text, or empty",
    }
    return {name: Entry(PANEL_MEANINGS[name], allowed[name]) for name in PANEL_COLUMNS}


@dataclass(frozen=True)
class Exported:
    """What :func:`export_dataset` wrote."""

    table: Path
    dictionary: Path
    rows: int


def export_dataset(out: str | os.PathLike[str] | None = None, fmt: str | None = None, *,
                   panel: bool = False, data_dir: str | os.PathLike[str] | None = None
                   ) -> Exported:
    """Write the built dataset (or its monthly panel) and its data dictionary.

    The dataset is built first where it is missing or older than its inputs.

    Parameters
    ----------
    out : path-like, optional
        The file, or a folder for ``facts.<format>`` (``panel.<format>``) in it;
        by default that name in the current folder.
    fmt : str, optional
        ``csv``, ``parquet`` or ``xlsx``; by default from the suffix of ``out``, else ``csv``.
    panel : bool
        Write the monthly panel instead of the dataset's figures.
    data_dir : path-like, optional
        The data folder.

    Returns
    -------
    Exported
        The files written and the number of rows.

    Raises
    ------
    ParameterError
        If the format cannot be used (Parquet without pyarrow).
    ExportError
        If the file cannot be written (nothing half-written is left).
    BuildError
        If the dataset needed building and could not be built.
    """
    from labexport.analysis.panel import monthly_panel
    from labexport.data.dataset import ensure_built, load_facts

    name = "panel" if panel else "facts"
    path, fmt = plan_export(out, fmt, name)
    ensure_built(data_dir)
    frame = load_facts(data_dir)
    entries = facts_dictionary()
    if panel:
        frame, entries = monthly_panel(frame), panel_dictionary()
    table, dictionary = write_export(frame, entries, path, fmt, sheet=name)
    return Exported(table, dictionary, len(frame))


def add_export_command(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``labexport export`` to the subcommands ``sub`` of the command line."""
    e = sub.add_parser("export", help="write the dataset (or the monthly panel) as CSV, "
                       "Parquet or XLSX, with a data dictionary beside it")
    e.add_argument("--format", choices=FORMATS, default=None,
                   help="csv (default, or the suffix of --out), parquet (needs "
                   "labexport[parquet]) or xlsx")
    e.add_argument("--out", default=None, metavar="FILE",
                   help="the file, or a folder for it (default: ./facts.<format>, "
                   "./panel.<format> with --panel); its dictionary is <name>.dictionary.csv")
    e.add_argument("--panel", action="store_true",
                   help="the monthly panel (departures a month, reported or derived) instead "
                   "of every figure")
    e.add_argument("--data-dir", default=None, help="data folder (default: the workspace's)")
    e.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    """Run ``labexport export``: write the files and say where they are."""
    done = export_dataset(args.out, args.format, panel=args.panel, data_dir=args.data_dir)
    print(f"wrote {done.table} ({done.rows:,} rows) and its data dictionary {done.dictionary}")
    return 0
