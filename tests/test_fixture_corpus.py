"""Generalisation: bulletins written for this project around real figures.

Each fixture has its full expected set of figures in an ``expected*.csv`` file
(see ``fixtures/bulletins/README.md``). The reader must invent no figure in any
file, find at least 90% of each file's and 97% of all.
"""

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from labexport.read.bulletin import parse_bulletin

HERE = Path(__file__).parent / "fixtures" / "bulletins"


def expected() -> dict[str, set[tuple]]:
    out: dict[str, set[tuple]] = defaultdict(set)
    for table in sorted(HERE.glob("expected*.csv")):
        with table.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for r in rows:
            out[r["file"]].add(
                (
                    r["scope"],
                    int(r["year"]),
                    int(r["month_from"]),
                    int(r["month_to"]),
                    r["measure"],
                    r["market"],
                    r["sex"],
                    float(r["value"]),
                    r["qualifier"],
                )
            )
    return out


EXPECTED = expected()


def found(name: str) -> set[tuple]:
    df = parse_bulletin(HERE / name)
    return {
        (
            r.scope,
            r.year,
            r.month_from,
            r.month_to,
            r.measure,
            r.market,
            r.sex,
            r.value,
            r.qualifier,
        )
        for r in df.itertuples()
    }


def test_corpus_is_large_and_bilingual():
    assert len(EXPECTED) >= 60
    assert sum(1 for n in EXPECTED if "_vi_" in n) >= 25
    assert sum(1 for n in EXPECTED if any(f[0] != "national" for f in EXPECTED[n])) >= 10
    assert sum(len(v) for v in EXPECTED.values()) >= 800


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_invents_no_figure_and_finds_most(name):
    got = found(name)
    want = EXPECTED[name]
    assert not (got - want), f"invented: {sorted(got - want)}"
    assert len(got & want) >= 0.9 * len(want), f"missed: {sorted(want - got)}"


def test_recall_at_least_97_percent_and_nothing_invented():
    hits = invented = total = 0
    for name, want in EXPECTED.items():
        got = found(name)
        hits += len(got & want)
        invented += len(got - want)
        total += len(want)
    assert invented == 0
    assert hits / total >= 0.97


def test_fixture_encodings_are_what_their_names_say():
    assert (HERE / "15_vi_2023_05_utf16.txt").read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    raw = (HERE / "13_vi_2021_10_bullets_cp1258.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    import unicodedata

    text = (HERE / "12_vi_2025_07_nfd.txt").read_text(encoding="utf-8")
    assert text != unicodedata.normalize("NFC", text)


def test_comparison_figures_keep_their_own_period():
    got = found("02_vi_2017_07_dolab.txt")
    july_2016 = [f for f in got if f[1] == 2016]
    assert july_2016 == [("national", 2016, 7, 7, "departures", "ALL", "total", 11645.0, "exact")]
    # "bằng 98,97% so với cùng kỳ" is a ratio to last year, not attainment of the plan.
    assert not any(f[4] == "attainment_pct" and f[7] == 98.97 for f in got)
