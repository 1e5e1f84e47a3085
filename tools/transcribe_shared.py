"""Transcribe ../shared/data/dolab_figures.csv into labexport/data/shipped/dolab_figures.csv.

Run once by the maintainers (the output is committed): market names become
market codes, provinces their NFC names, windows become measure + period,
"about" becomes "approx". Every row keeps its source URL and note.
"""

import csv
import sys
from pathlib import Path

from labexport.core.markets import to_code
from labexport.core.provinces import to_province

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT.parent / "shared" / "data" / "dolab_figures.csv"
OUT = ROOT / "labexport" / "data" / "shipped" / "dolab_figures.csv"
MEASURE = {"month": "departures", "ytd": "departures", "year": "departures",
           "quarter": "departures", "target": "target", "pct_of_target": "attainment_pct",
           "stock": "stock"}
COLUMNS = ["source", "published", "lang", "scope", "year", "month_from", "month_to",
           "measure", "market", "sex", "value", "qualifier", "note"]


def main() -> int:
    rows = list(csv.DictReader(SRC.open(encoding="utf-8")))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({
                "source": r["source_url"], "published": r["published"], "lang": r["lang"],
                "scope": to_province(r["scope"]), "year": r["year"],
                "month_from": r["month_from"], "month_to": r["month_to"],
                "measure": MEASURE[r["window"]], "market": to_code(r["market"]),
                "sex": r["sex"], "value": r["value"],
                "qualifier": {"about": "approx"}.get(r["qualifier"], r["qualifier"]),
                "note": r["note"],
            })
    print(f"{len(rows)} rows -> {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
