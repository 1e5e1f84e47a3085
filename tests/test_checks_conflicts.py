"""The "bulletin vs shipped" check: bulletin figures that contradict the shipped tables."""

import json

import pandas as pd
import pytest
from conftest import run_cli

from labexport.analysis.checks import CHECKS, check_bulletin_vs_shipped, run_checks

CHECK = "bulletin vs shipped"
BASE = {"scope": "national", "year": 2025, "month_from": 7, "month_to": 7,
        "measure": "departures", "market": "ALL", "sex": "total"}


def fact(value, qualifier="exact", origin="raw/t.csv", source="https://example.org/raw",
         **key):
    return {**BASE, **key, "value": float(value), "qualifier": qualifier,
            "origin": origin, "source": source}


def read(value, qualifier="exact", **key):
    return fact(value, qualifier, origin="bulletins/b.txt", source="b.txt", **key)


def findings(*rows):
    return check_bulletin_vs_shipped(pd.DataFrame(rows))


def test_is_registered_with_the_other_checks():
    assert CHECKS[CHECK] is check_bulletin_vs_shipped


def test_differing_exact_counts_name_both_values_and_sources():
    [f] = findings(fact(11090), read(12000))
    assert f["check"] == CHECK
    assert (f["scope"], f["year"], f["months"], f["market"]) == ("national", 2025, "7-7", "ALL")
    assert f["detail"] == ("departures (total): bulletins/b.txt says 12,000, "
                           "raw/t.csv says 11,090")
    assert f["sources"] == "b.txt | https://example.org/raw"


def test_equal_exact_counts_agree():
    assert findings(fact(11090), read(11090)) == []


def test_only_the_same_key_is_compared():
    for other in ({"sex": "female"}, {"market": "JP"}, {"month_from": 1}, {"year": 2024},
                  {"scope": "Nghe An"}, {"measure": "target"}):
        assert findings(fact(11090), read(12000, **other)) == [], other


def test_bulletins_and_raw_tables_are_not_compared_among_themselves():
    assert findings(fact(11090), fact(12000, source="https://example.org/other")) == []
    assert findings(read(11090), read(12000)) == []


def test_one_finding_per_contradicted_value_listing_every_source():
    rows = [fact(11090, source=f"https://example.org/{i}") for i in range(3)]
    [f] = findings(*rows, fact(11000, "over"), read(12000))  # "over 11,000" agrees with 12,000
    assert f["sources"] == ("b.txt | https://example.org/0 | https://example.org/1 | "
                            "https://example.org/2")


def test_agreeing_with_one_shipped_value_still_contradicts_another():
    rows = findings(fact(11090), fact(11095, source="https://example.org/rev"), read(11090))
    assert [f["detail"] for f in rows] == [
        "departures (total): bulletins/b.txt says 11,090, raw/t.csv says 11,095"]


@pytest.mark.parametrize(("shipped", "stated", "agree"), [
    (65.98, 65.9, True),   # truncated
    (65.96, 66.0, True),   # rounded
    (65.9, 65.9, True),
    (65.9, 66.5, False),
    (65.9, 65.8, False),
    (66.0, 65.98, True),   # the shorter one may be the shipped one
    (65.66, 65.7, True),
    (65.66, 65.6, True),
    (65.66, 65.5, False),
])
def test_exact_percentages_agree_within_rounding_of_the_shorter(shipped, stated, agree):
    key = {"measure": "attainment_pct"}
    rows = findings(fact(shipped, **key), read(stated, **key))
    assert (rows == []) is agree
    if not agree:
        assert f"says {stated:g}%" in rows[0]["detail"]


@pytest.mark.parametrize(("qualifier", "approx", "exact", "agree"), [
    ("nearly", 12000, 12000, True),
    ("nearly", 12000, 10800, True),
    ("nearly", 12000, 10799, False),
    ("nearly", 12000, 12001, False),
    ("over", 12000, 12000, True),
    ("over", 12000, 13200, True),
    ("over", 12000, 11999, False),
    ("over", 12000, 13201, False),
    ("approx", 12000, 10800, True),
    ("approx", 12000, 13200, True),
    ("approx", 12000, 10799, False),
    ("approx", 12000, 13201, False),
])
def test_an_approximate_figure_agrees_with_an_exact_one_it_could_round(
        qualifier, approx, exact, agree):
    both_ways = [findings(fact(exact), read(approx, qualifier)),
                 findings(fact(approx, qualifier), read(exact))]
    assert [rows == [] for rows in both_ways] == [agree, agree]


def test_the_approximate_side_is_named_with_its_qualifier():
    [f] = findings(fact(11090), read(12000, "over"))
    assert f["detail"] == ("departures (total): bulletins/b.txt says over 12,000, "
                           "raw/t.csv says 11,090")


def test_two_approximate_figures_always_agree():
    for q1 in ("nearly", "over", "approx"):
        for q2 in ("nearly", "over", "approx"):
            assert findings(fact(1000, q1), read(90000, q2)) == []


def test_facts_without_origin_or_bulletins_give_no_findings():
    assert findings({**BASE, "value": 1.0, "qualifier": "exact", "source": "x"}) == []
    assert findings(fact(11090)) == []


# End to end: a bulletin in a copy of the shipped data, built and checked by the CLI.


def check_json(data_dir):
    build = run_cli("build", "--data-dir", str(data_dir))
    assert build.returncode == 0, build.stderr
    res = run_cli("check", "--data-dir", str(data_dir), "--json")
    assert res.returncode == 0, res.stderr
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_a_bulletin_contradicting_the_shipped_july_total_is_reported(data_copy):
    (data_copy / "bulletins" / "jul.txt").write_text(
        "In July 2025, 12,000 workers went abroad under contracts.\n", encoding="utf-8")
    found = [f for f in check_json(data_copy) if f["check"] == CHECK]
    [f] = [f for f in found if (f["year"], f["months"], f["market"]) == (2025, "7-7", "ALL")]
    assert "bulletins/jul.txt says 12,000" in f["detail"]
    assert "shipped/dolab_figures.csv says 11,090" in f["detail"]
    sources = f["sources"].split(" | ")
    assert "jul.txt" in sources
    assert "https://www.vietnamplus.vn/hon-85700-lao-dong-viet-nam-di-lam-viec-o-nuoc-ngoai-" \
           "trong-7-thang-post1054328.vnp" in sources
    text = run_cli("check", "--data-dir", str(data_copy)).stdout
    assert f"== {CHECK}: {len(found)} violation(s)" in text


def test_a_bulletin_agreeing_with_the_shipped_july_total_is_not_reported(data_copy):
    (data_copy / "bulletins" / "jul.txt").write_text(
        "In July 2025, 11,090 workers went abroad.\n", encoding="utf-8")
    assert [f for f in check_json(data_copy) if f["check"] == CHECK] == []


def test_the_shipped_data_alone_has_no_such_findings(shipped_facts):
    assert (run_checks(shipped_facts)["check"] != CHECK).all()
