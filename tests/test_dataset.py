import shutil

import pandas as pd
from conftest import FIXTURES, run_cli

from labexport.analysis.checks import run_checks, stated_pct_verdict
from labexport.data.dataset import build, load_facts, mark_preferred


def test_shipped_dataset_builds_with_a_source_on_every_row(data_copy):
    facts = build(data_copy)
    assert len(facts) == 2508
    assert facts["source"].str.startswith("http").all()
    loaded = load_facts(data_copy)
    assert len(loaded) == 2508
    pref = load_facts(data_copy, preferred_only=True)
    key = ["scope", "year", "month_from", "month_to", "measure", "market", "sex"]
    assert not pref.duplicated(key).any()
    jul = pref[
        (pref["year"] == 2025)
        & (pref["month_from"] == 1)
        & (pref["month_to"] == 7)
        & (pref["market"] == "ALL")
        & (pref["measure"] == "departures")
    ]
    assert dict(zip(jul["sex"], jul["value"], strict=True)) == {"total": 85781.0, "female": 28991.0}


def test_bulletins_are_merged_with_their_origin(data_copy):
    shutil.copy(FIXTURES / "bulletins" / "06_vi_2022_09_each.txt", data_copy / "bulletins")
    facts = build(data_copy)
    mine = facts[facts["origin"] == "bulletins/06_vi_2022_09_each.txt"]
    assert len(mine) == 46  # its full expected set (tests/fixtures/bulletins/expected.csv)
    assert (mine["source"] == "06_vi_2022_09_each.txt").all()


def test_exact_beats_rounded_then_latest_publication():
    base = {
        "scope": "national",
        "year": 2023,
        "month_from": 1,
        "month_to": 12,
        "measure": "departures",
        "market": "ALL",
        "sex": "total",
    }
    facts = pd.DataFrame(
        [
            {
                **base,
                "value": 159000.0,
                "qualifier": "over",
                "published": "2024-04-11",
                "source": "a",
            },
            {**base, "value": 159986.0, "qualifier": "exact", "published": "", "source": "b"},
            {
                **base,
                "value": 159900.0,
                "qualifier": "exact",
                "published": "2024-01-01",
                "source": "c",
            },
            {
                **base,
                "value": 159986.0,
                "qualifier": "exact",
                "published": "2024-02-19",
                "source": "d",
            },
        ]
    )
    out = mark_preferred(facts)
    assert out.loc[out["preferred"], "source"].tolist() == ["d"]


def test_malformed_raw_row_fails_and_keeps_previous_dataset(data_copy):
    build(data_copy)
    before = (data_copy / "processed" / "facts.csv").read_bytes()
    with (data_copy / "raw" / "extra.csv").open("w", encoding="utf-8") as fh:
        fh.write("source,year,month_from,month_to,market,sex,value\n")
        fh.write("https://example.org/a,2025,1,7,Japan,total,39558\n")
        fh.write("https://example.org/a,2025,1,7,Japan,femal,100\n")
    res = run_cli("build", "--strict", "--data-dir", str(data_copy))
    assert res.returncode == 1
    assert res.stderr == (
        f"labexport: error: {data_copy / 'raw' / 'extra.csv'}, row 3: sex "
        "'femal' is not one of total, female, male (previous dataset left "
        "unchanged)\n"
    )
    assert (data_copy / "processed" / "facts.csv").read_bytes() == before
    assert not list((data_copy / "processed").glob(".*tmp"))
    # Without --strict the table is left out and named; the rest is the same dataset.
    res = run_cli("build", "--data-dir", str(data_copy))
    assert res.returncode == 1
    assert res.stderr == (
        f"labexport: error: {data_copy / 'raw' / 'extra.csv'}: row 3: sex "
        "'femal' is not one of total, female, male\n"
        "labexport: error: 1 of 2 input files could not be read; the dataset was built "
        "from the others\n"
    )
    assert (data_copy / "processed" / "facts.csv").read_bytes() == before


def test_check_reports_known_conflicts_with_sources(data_copy):
    findings = run_checks(build(data_copy))
    falls = findings[findings["check"] == "year to date never falls"]
    # coverage.md: Taiwan Jan-Aug 2017 31,225 (MOLISA English page) < Jan-Jul 33,865.
    tw = falls[(falls["market"] == "TW") & (falls["year"] == 2017)]
    assert sorted(tw["detail"]) == [
        "Jan-8 12,001 < Jan-7 12,045 (female)",
        "Jan-8 31,225 < Jan-7 33,865 (total)",
    ]
    assert "molisa.gov.vn" in tw["sources"].iloc[0]
    # August 2017: 78,938 - 68,949 = 9,989, the published month: no finding for it.
    diffs = findings[
        (findings["check"] == "month = difference of year to date")
        & (findings["year"] == 2017)
        & (findings["market"] == "ALL")
    ]
    assert "8-8" not in diffs["months"].tolist()


def test_stated_percentage_verdicts():
    assert stated_pct_verdict(85781 / 130000 * 100, 65.9) == "truncated"
    assert stated_pct_verdict(61631 / 130000 * 100, 47.4) == "rounded"
    assert stated_pct_verdict(22572 / 105000 * 100, 32.68) == "inconsistent"


def test_check_command_runs(data_copy):
    build(data_copy)
    res = run_cli("check", "--data-dir", str(data_copy))
    assert res.returncode == 0
    assert "violation(s) in 2,508 figures" in res.stdout
