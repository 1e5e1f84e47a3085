"""The monthly panel: reported, derived and missing months, on real published figures."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labexport.analysis.panel import compare_reported_derived, cumulate, monthly_panel, rolling_sum


def _facts(rows):
    base = {"scope": "national", "market": "ALL", "sex": "total", "measure": "departures",
            "qualifier": "exact", "source": "test"}
    return pd.DataFrame([{**base, **r} for r in rows])


def test_august_2017_is_derived_from_year_to_date_totals():
    # DOLAB, August 2017: 78,938 by end of August, 68,949 by end of July; August published 9,989.
    facts = _facts([
        {"year": 2017, "month_from": 1, "month_to": 7, "value": 68949.0},
        {"year": 2017, "month_from": 1, "month_to": 8, "value": 78938.0},
    ])
    panel = monthly_panel(facts)
    assert panel["month"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert panel["method"].tolist() == ["missing"] * 7 + ["derived"]
    assert panel["departures"].iloc[-1] == 9989.0
    assert panel["departures"].iloc[:7].isna().all()  # gaps are gaps, not zeros


def test_never_derives_across_a_year_boundary():
    # January-December 2024 158,588 and January-February 2025 nothing else: Feb 2025 stays missing.
    facts = _facts([
        {"year": 2024, "month_from": 1, "month_to": 12, "value": 158588.0},
        {"year": 2025, "month_from": 1, "month_to": 2, "value": 23195.0},
    ])
    panel = monthly_panel(facts).set_index(["year", "month"])
    assert panel.loc[(2025, 1), "method"] == "missing"
    assert panel.loc[(2025, 2), "method"] == "missing"
    assert panel.loc[(2024, 12), "method"] == "missing"


def test_january_is_its_own_year_to_date_and_approx_propagates():
    # 2019: January 9,383 (exact); January-February "about" 18,377 as if rounded.
    facts = _facts([
        {"year": 2019, "month_from": 1, "month_to": 1, "value": 9383.0},
        {"year": 2019, "month_from": 1, "month_to": 2, "value": 18377.0, "qualifier": "approx"},
    ])
    panel = monthly_panel(facts)
    assert panel[["month", "method", "departures", "qualifier"]].values.tolist() == [
        [1, "reported", 9383.0, "exact"], [2, "derived", 8994.0, "approx"]]


def test_reported_month_kept_beside_its_derived_value():
    # Taiwan, November 2024 bulletin: 53,271 year to date, 48,533 a month before, and
    # November printed as 4,738 = 53,271 - 48,533.
    facts = _facts([
        {"year": 2024, "month_from": 1, "month_to": 10, "value": 48533.0, "market": "TW"},
        {"year": 2024, "month_from": 1, "month_to": 11, "value": 53271.0, "market": "TW"},
        {"year": 2024, "month_from": 11, "month_to": 11, "value": 4738.0, "market": "TW"},
    ])
    row = monthly_panel(facts).set_index("month").loc[11]
    assert (row["method"], row["departures"], row["derived"]) == ("reported", 4738.0, 4738.0)
    assert pd.isna(row["conflict"])


def test_every_checkable_month_on_the_shipped_data(shipped_facts):
    """Every published month that year-to-date totals can check, with its outcome."""
    checks = compare_reported_derived(monthly_panel(shipped_facts))
    national = checks[(checks["scope"] == "national") & (checks["market"] == "ALL")
                      & (checks["sex"] == "total")]
    got = [(r.year, r.month, r.departures, r.outcome) for r in national.itertuples()]
    print("\n".join(f"{r.scope} {r.market} {r.sex} {r.year}-{r.month:02d}: published "
                    f"{r.departures:,.0f}, derived {r.derived:,.0f} -> {r.outcome}"
                    for r in checks.itertuples()))
    assert got == [
        (2015, 3, 8560.0, "match"),
        (2016, 5, 10164.0, "differs by -94"),
        (2016, 11, 10120.0, "match"),
        (2017, 7, 11525.0, "match"),
        (2017, 8, 9989.0, "match"),
        (2017, 11, 12732.0, "not comparable (approximate)"),
        (2018, 9, 16080.0, "differs by -47"),
        (2018, 10, 14548.0, "match"),
        (2018, 11, 13064.0, "differs by -1,336"),
        (2019, 3, 13966.0, "not comparable (approximate)"),
        # 41,725 - 32,343: the agreed Q1 total, not the transposed 32,433.
        (2019, 4, 9382.0, "match"),
        (2019, 6, 12839.0, "match"),
        (2019, 7, 11598.0, "differs by -847"),
        (2019, 8, 11699.0, "differs by -536"),
        (2020, 2, 10605.0, "differs by -483"),
        (2021, 2, 2985.0, "match"),
        (2021, 3, 3423.0, "match"),
        (2021, 4, 5371.0, "match"),
        (2021, 10, 766.0, "match"),
        (2022, 3, 1096.0, "match"),
        (2022, 6, 15349.0, "differs by -5,099"),
        (2023, 3, 9494.0, "match"),
        (2023, 6, 12649.0, "match"),
        (2023, 7, 13000.0, "not comparable (approximate)"),
        (2023, 8, 12000.0, "not comparable (approximate)"),
        (2023, 9, 14273.0, "match"),
        (2023, 10, 21100.0, "not comparable (approximate)"),
        (2023, 11, 13500.0, "not comparable (approximate)"),
        (2024, 3, 12738.0, "match"),
        (2024, 4, 12430.0, "match"),
        (2024, 5, 17489.0, "match"),
        (2024, 10, 16744.0, "match"),
        (2024, 11, 12520.0, "match"),
        (2025, 4, 10854.0, "match"),
        (2025, 5, 13750.0, "match"),
        (2025, 6, 13060.0, "match"),
        (2025, 7, 11090.0, "match"),
        (2025, 8, 12182.0, "match"),
    ]
    outcomes = checks["outcome"].str.split(" by ").str[0].value_counts().to_dict()
    assert outcomes == {"match": 96, "not comparable (approximate)": 9, "differs": 15}
    # A digit transposition in a published Taiwan figure: 4,483 printed, 4,843 by difference.
    tw = checks[(checks["market"] == "TW") & (checks["year"] == 2024) & (checks["month"] == 10)]
    assert tw["outcome"].tolist() == ["differs by -360"]


def test_panel_marks_2025_months_on_the_shipped_data(shipped_facts):
    panel = monthly_panel(shipped_facts)
    nat = panel[(panel["scope"] == "national") & (panel["market"] == "ALL")
                & (panel["sex"] == "total") & (panel["year"] == 2025)].set_index("month")
    assert nat.loc[7, ["departures", "method"]].tolist() == [11090.0, "reported"]
    # August 2025: 12,182 published, and equal to 97,963 - 85,781.
    assert nat.loc[8, ["departures", "method", "derived"]].tolist() == [
        12182.0, "reported", 97963.0 - 85781.0]
    # Every month from March to October 2025 is published; the year ("over 144,000") takes
    # the panel to December, and November and December have no figure.
    assert nat["method"].tolist() == ["missing"] * 2 + ["reported"] * 8 + ["missing"] * 2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=30000), min_size=1, max_size=12))
def test_cumulating_then_deriving_returns_the_months(flows):
    ytd = cumulate(pd.Series(flows, index=range(1, len(flows) + 1)))
    facts = _facts([{"year": 2024, "month_from": 1, "month_to": m, "value": float(v)}
                    for m, v in ytd.items()])
    panel = monthly_panel(facts)
    assert panel["departures"].tolist() == [float(v) for v in flows]
    assert panel["method"].iloc[0] == "reported"  # January's year to date is January
    assert (panel["method"].iloc[1:] == "derived").all()


def test_rolling_sum_needs_twelve_known_months():
    # Synthetic flows (no real figure needed): all of 2023, then January, February, April 2024.
    facts = _facts(
        [{"year": 2023, "month_from": m, "month_to": m, "value": float(1000 + m)}
         for m in range(1, 13)]
        + [{"year": 2024, "month_from": m, "month_to": m, "value": float(2000 + m)}
           for m in (1, 2, 4)])
    rolled = rolling_sum(monthly_panel(facts)).set_index(["year", "month"])["rolling_total"]
    assert rolled[(2023, 11)] != rolled[(2023, 11)]  # NaN: only 11 months so far
    assert rolled[(2023, 12)] == sum(1000 + m for m in range(1, 13))
    assert rolled[(2024, 2)] == sum(1000 + m for m in range(3, 13)) + 2001 + 2002
    assert pd.isna(rolled[(2024, 3)])  # March 2024 is a gap
    assert pd.isna(rolled[(2024, 4)])


@pytest.mark.parametrize("month", [1, 12])
def test_panel_spans_january_to_the_last_month_published(month):
    facts = _facts([{"year": 2022, "month_from": 1, "month_to": month, "value": 142779.0}])
    assert monthly_panel(facts)["month"].max() == month


def test_reported_month_that_disagrees_is_kept_and_flagged(shipped_facts):
    # Taiwan, October 2024: printed 4,483; 48,533 - 43,690 year to date gives 4,843.
    panel = monthly_panel(shipped_facts)
    row = panel[(panel["market"] == "TW") & (panel["sex"] == "total") & (panel["year"] == 2024)
                & (panel["month"] == 10)].iloc[0]
    assert (row["method"], row["departures"], row["derived"], row["conflict"]) == (
        "reported", 4483.0, 4843.0, -360.0)


def test_rolling_year_on_the_shipped_data(shipped_facts):
    # August 2018 to July 2019: the first twelve consecutive known months in the national
    # series (2018: Oct 14,548; 2019: Jan 9,383; Jan-Feb 18,377; Mar 13,966; Apr 9,382;
    # Jan-May 54,144 ...).
    rolled = rolling_sum(monthly_panel(shipped_facts))
    nat = rolled[(rolled["scope"] == "national") & (rolled["market"] == "ALL")
                 & (rolled["sex"] == "total")].set_index(["year", "month"])
    window = [(2018, m) for m in range(8, 13)] + [(2019, m) for m in range(1, 8)]
    assert nat.loc[window, "departures"].notna().all()
    assert nat.loc[(2019, 7), "rolling_total"] == nat.loc[window, "departures"].sum() == 147158.0
    assert nat["rolling_total"].notna().sum() == 3  # 2019-07, -08, -09; then October is a gap
