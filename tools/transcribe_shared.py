"""Transcribe ../shared/data/dolab_figures.csv into labexport/data/shipped/dolab_figures.csv.

Run by the maintainers whenever the shared figures grow (the output is committed):
market names become market codes, provinces their NFC names, windows become
measure + period, "about" becomes "approx". Every row is transcribed, in the
order of the shared file, and keeps its source URL and note; a row that cannot
be represented stops the run with its line number, so none is ever dropped.

``python tools/transcribe_shared.py --check`` writes nothing and exits 1 if the
shipped file is not the transcription of the shared one.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from labexport.core.errors import TableError, UnknownMarketError
from labexport.core.markets import to_code
from labexport.core.provinces import to_province

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent / "shared" / "data" / "dolab_figures.csv"
OUT = ROOT / "labexport" / "data" / "shipped" / "dolab_figures.csv"
#: Window of the shared file -> measure of the facts table. A quarter keeps its months.
MEASURE = {"month": "departures", "ytd": "departures", "year": "departures",
           "quarter": "departures", "target": "target", "pct_of_target": "attainment_pct",
           "stock": "stock"}
QUALIFIER = {"exact": "exact", "over": "over", "nearly": "nearly", "about": "approx",
             "approx": "approx"}
SOURCE_COLUMNS = ["source_url", "lang", "published", "year", "month_from", "month_to",
                  "window", "scope", "market", "sex", "value", "qualifier", "note"]
COLUMNS = ["source", "published", "lang", "scope", "year", "month_from", "month_to",
           "measure", "market", "sex", "value", "qualifier", "note"]


def transcribe_row(r: dict[str, str], line: int = 0) -> dict[str, str]:
    """Return the shipped row for one row of the shared file.

    Raises
    ------
    TableError
        If the window, qualifier, market or province is unknown, or the source is empty.
    """
    where = f"{SRC.name}, line {line}"
    if not r["source_url"].strip():
        raise TableError(f"{where}: no source URL")
    if r["window"] not in MEASURE:
        raise TableError(f"{where}: unknown window {r['window']!r}")
    if r["qualifier"] not in QUALIFIER:
        raise TableError(f"{where}: unknown qualifier {r['qualifier']!r}")
    try:
        market = to_code(r["market"])
    except UnknownMarketError as exc:
        raise TableError(f"{where}: {exc}") from exc
    try:
        scope = to_province(r["scope"])
    except KeyError as exc:
        raise TableError(f"{where}: unknown province {r['scope']!r}") from exc
    return {
        "source": r["source_url"], "published": published_date(r), "lang": r["lang"],
        "scope": scope, "year": r["year"], "month_from": r["month_from"],
        "month_to": r["month_to"], "measure": MEASURE[r["window"]], "market": market,
        "sex": r["sex"], "value": r["value"], "qualifier": QUALIFIER[r["qualifier"]],
        "note": r["note"],
    }


#: A note naming the dated headline a figure was printed in, on a page of another date.
_HEADLINE_DATE = re.compile(r"related headline \((\d{4})/(\d{2})/(\d{2})\)")


def published_date(r: dict[str, str]) -> str:
    """When the figure was published: the page's date, or its related headline's.

    A page that lists related headlines under its own date prints their figures
    with the headline's date (``related headline (2019/01/04)``); that date is when
    the figure was published, not the page's.
    """
    found = _HEADLINE_DATE.search(r["note"])
    return "-".join(found.groups()) if found else r["published"]


def transcribe(src: Path = SRC) -> list[dict[str, str]]:
    """Every row of the shared file, transcribed, in order (line 2 is the first row)."""
    with src.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(SOURCE_COLUMNS) - set(reader.fieldnames or [])
        if missing:
            raise TableError(f"{src.name}: missing columns {sorted(missing)}")
        return [transcribe_row(r, line) for line, r in enumerate(reader, start=2)]


def write(rows: list[dict[str, str]], out: Path = OUT) -> None:
    """Write the shipped file (UTF-8, ``\\n`` line ends)."""
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    try:
        rows = transcribe()
    except TableError as exc:
        print(f"transcribe_shared: {exc}", file=sys.stderr)
        return 1
    if "--check" in argv:
        with OUT.open(encoding="utf-8", newline="") as fh:
            shipped = list(csv.DictReader(fh))
        if shipped != rows:
            print(f"{OUT.relative_to(ROOT)} is not the transcription of {SRC}", file=sys.stderr)
            return 1
        print(f"{len(rows)} rows: {OUT.relative_to(ROOT)} is up to date")
        return 0
    write(rows)
    print(f"{len(rows)} rows -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
