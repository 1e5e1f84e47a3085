"""Indicators, each checked by hand against a real bulletin named in the test."""

import ast
import dataclasses
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from labexport.analysis.indicators import (
    attainment_pct,
    calendar_pace_pct,
    concentration,
    female_share,
    hhi,
    market_shares,
    plans_by_year,
    project_year_end,
    required_monthly_rate,
    seasonal_pace,
    summarize_period,
    target_history,
    yoy_change,
)
from labexport.analysis.summary import MarketShare, Missing, PeriodSummary, Projection
from labexport.report.phrases import reason, summary_record

ANALYSIS = Path(__file__).resolve().parents[1] / "labexport" / "analysis"


def test_female_share_month_and_year_to_date(shipped_facts):
    # July 2025 bulletin: July 3,374 women of 11,090; January-July 28,991 of 85,781.
    fs = female_share(shipped_facts)
    y25 = fs[fs["year"] == 2025].set_index(["month_from", "month_to"])
    assert y25.loc[(1, 7), "share"] == pytest.approx(28991 / 85781)
    assert round(y25.loc[(1, 7), "share"] * 100, 1) == 33.8
    assert y25.loc[(7, 7), ["span", "total", "female"]].tolist() == ["month", 11090.0, 3374.0]
    assert round(y25.loc[(7, 7), "share"] * 100, 1) == 30.4
    # The 2024 annual bulletin: 52,898 women of 158,588 for the year (33.4%).
    y24 = fs[(fs["year"] == 2024) & (fs["span"] == "year")]
    assert round(float(y24["share"].iloc[0]) * 100, 1) == 33.4


def test_female_share_by_market(shipped_facts):
    # July 2025 bulletin: Japan 17,460 women of 39,558; Taiwan 10,271 of 32,471; Korea 683 of 7,340.
    fs = female_share(shipped_facts, market=None)
    jul = fs[(fs["year"] == 2025) & (fs["month_from"] == 1) & (fs["month_to"] == 7)]
    shares = {m: round(s * 100, 1) for m, s in zip(jul["market"], jul["share"], strict=True)}
    assert shares == {"ALL": 33.8, "JP": 44.1, "KR": 9.3, "TW": 31.6}


def test_market_shares_and_ranking(shipped_facts):
    # July 2025 bulletin: Japan 39,558, Taiwan 32,471, Korea 7,340 of 85,781.
    shares = market_shares(shipped_facts, year=2025, month_to=7)
    assert shares["market"].tolist() == ["JP", "TW", "KR", "OTHER"]
    assert shares["value"].tolist() == [39558.0, 32471.0, 7340.0, 85781.0 - 79369.0]
    assert shares["rank"].tolist()[:3] == [1, 2, 3]
    assert [round(s * 100, 1) for s in shares["share"]] == [46.1, 37.9, 8.6, 7.5]
    assert shares["share"].sum() == pytest.approx(1.0)


def test_hhi_and_top3_share():
    # July 2025 bulletin: 46.12^2 + 37.85^2 + 8.56^2 = 3,632.6.
    assert hhi([39558 / 85781, 32471 / 85781, 7340 / 85781]) == pytest.approx(3632.7, abs=0.05)
    assert hhi([1.0]) == 10000.0


def test_concentration_per_year(shipped_facts):
    # DOLAB 2023 annual: 159,986 in all, Japan 80,010, Taiwan 58,620, Korea 11,626 (VAMAS;
    # "11,000" and "11,600" elsewhere are its roundings), 13 markets.
    conc = concentration(shipped_facts).set_index("year")
    row = conc.loc[2023]
    assert (row["month_to"], row["markets"], row["total"]) == (12, 13, 159986.0)
    assert row["top3_share"] == pytest.approx((80010 + 58620 + 11626) / 159986)
    assert row["hhi"] > hhi([80010 / 159986, 58620 / 159986, 11626 / 159986])


def test_yoy_change_of_the_same_months(shipped_facts):
    # October 2025 bulletin: January-October 121,190 against 130,640 a year before (-7.2%);
    # Japan 55,049 against 62,722 (-12.2%).
    yoy = yoy_change(shipped_facts, year=2025, month=10).set_index("market")
    assert yoy.loc["ALL", ["ytd", "ytd_last"]].tolist() == [121190.0, 130640.0]
    assert round(yoy.loc["ALL", "change_pct"], 2) == -7.23
    assert round(yoy.loc["JP", "change_pct"], 2) == -12.23
    assert yoy.loc["ALL", "qualifier"] == "exact"
    assert math.isnan(yoy.loc["GR", "change_pct"])  # Greece: nothing a year before


def test_attainment_calendar_pace_and_required_rate():
    # July 2025 bulletin: 85,781 of the 130,000 plan; stated 65.9%.
    assert round(attainment_pct(85781, 130000), 2) == 65.99
    assert round(calendar_pace_pct(7), 1) == 58.3
    assert required_monthly_rate(130000, 85781, 7) == pytest.approx((130000 - 85781) / 5)
    assert required_monthly_rate(125000, 130640, 10) == 0  # 2024: plan met by October
    with pytest.raises(ValueError, match="no month left"):
        required_monthly_rate(130000, 144000, 12)


def test_seasonal_pace_uses_complete_normal_years(shipped_facts):
    # By end of July: 2017 68,949 of 134,751; 2019 79,428 of 147,387; 2022 81,429 of 142,779;
    # 2023 85,224 of 159,986. (2024's "nearly 90,000" is not exact; 2020-21 are excluded.)
    pace = seasonal_pace(shipped_facts, month=7, before=2025)
    assert pace["year"].tolist() == [2017, 2019, 2022, 2023]
    assert pace["share"].tolist() == pytest.approx(
        [68949 / 134751, 79428 / 147387, 81429 / 142779, 85224 / 159986])
    proj = project_year_end(85781, pace["share"])
    assert round(proj["low"]) == round(85781 / (81429 / 142779))
    assert round(proj["high"]) == round(85781 / (68949 / 134751))


def test_plans_with_range_and_adjustment(shipped_facts):
    plans = plans_by_year(shipped_facts).set_index("year")
    # 2020: 130,000, adjusted to 70,000 (COVID-19); 2023: a range of 110,000-120,000.
    assert plans.loc[2020, ["kind", "plan", "original", "adjusted"]].tolist() == [
        "adjusted", 70000.0, 130000.0, 70000.0]
    assert plans.loc[2023, ["kind", "plan", "low", "high"]].tolist() == [
        "range", 110000.0, 110000.0, 120000.0]
    assert plans.loc[2025, ["kind", "plan"]].tolist() == ["single", 130000.0]
    hist = target_history(shipped_facts).set_index("year")
    # 2020: 78,641 = 112.3% of 70,000 and 60.5% of 130,000, as the bulletins said.
    assert round(hist.loc[2020, "attainment_pct"], 1) == 112.3
    assert round(hist.loc[2020, "attainment_original_pct"], 1) == 60.5


def test_summary_for_july_2025(shipped_facts):
    s = summarize_period(shipped_facts, year=2025, month=7)
    assert isinstance(s, PeriodSummary)
    assert (s.month_total, s.month_female) == (11090.0, 3374.0)
    assert (s.ytd_total, s.ytd_female, s.female_share_ytd) == (85781.0, 28991.0, 33.8)
    assert (s.target, s.attainment_pct, s.attainment_pct_stated) == (130000.0, 65.99, 65.9)
    assert s.attainment_verdict == "truncated"
    assert s.calendar_pace_pct == 58.3
    assert s.required_monthly_rate == round((130000 - 85781) / 5, 1)
    assert s.top_markets is not None
    assert s.top_markets[0] == MarketShare(market="JP", ytd=39558.0, share=46.1)
    assert s.projection_year_end is not None
    assert s.projection_year_end.low >= 85781
    # Against "over 89,800" for January-July 2024 (MOLISA via VOV), more precise than the
    # "nearly 90,000" of the same month: 85,781 / 89,800 - 1 = -4.5%.
    assert s.yoy_ytd_change_pct == -4.5
    assert s.yoy_qualifier == "approx"
    assert s.missing == {}  # every headline figure of July 2025 is there


def test_the_summary_is_frozen_and_typed(shipped_facts):
    s = summarize_period(shipped_facts, year=2025, month=7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.ytd_total = 1.0  # type: ignore[misc]
    assert isinstance(s.projection_year_end, Projection)
    assert s.seasonal_years == (2017, 2019, 2022, 2023)
    # A reason is kept only for a value that is missing.
    with pytest.raises(ValueError, match="ytd_total has a value"):
        dataclasses.replace(s, missing={"ytd_total": Missing("no_ytd")})


def test_gaps_are_null_with_a_reason_code(shipped_facts):
    # September 2025: the month (11,487) was published but no January-September total.
    s = summarize_period(shipped_facts, year=2025, month=9)
    assert s.month_total == 11487.0
    assert s.ytd_total is None
    assert s.missing["ytd_total"] == Missing("no_ytd", {"month": 9, "year": 2025})
    assert s.attainment_pct is None
    assert s.projection_year_end is None
    assert {"attainment_pct", "projection_year_end"} <= set(s.missing)
    # Analysis gives the code; the report layer words it.
    assert reason(s.why("ytd_total"), "en") == "no January-09/2025 total published"


def test_a_missing_female_share_has_a_reason_code(shipped_facts):
    # The September 2024 bulletin gives no female counts at all.
    s = summarize_period(shipped_facts, year=2024, month=9)
    assert (s.ytd_total, s.ytd_female, s.female_share_ytd) == (113896.0, None, None)
    assert s.missing["female_share_ytd"] == Missing("no_share_ytd")
    assert s.missing["ytd_female"] == Missing("no_ytd_female", {"month": 9, "year": 2024})
    assert s.why("female_share_month").code == "no_share_month"


def test_the_json_form_keeps_the_codes_and_adds_the_english_reasons(shipped_facts):
    s = summarize_period(shipped_facts, year=2025, month=9)
    plain = s.to_dict()
    assert plain["ytd_total"] is None
    assert plain["ytd_total_why"] == {"code": "no_ytd", "month": 9, "year": 2025}
    assert "ytd_total_reason" not in plain  # analysis has no words
    assert "ytd_last_year" not in plain  # absent, not missing: last year's total is unknown
    record = summary_record(s)
    assert record["ytd_total_reason"] == "no January-09/2025 total published"
    assert list(record)[:5] == ["period", "scope", "month_total", "month_total_method",
                                "month_qualifier"]
    july = summary_record(summarize_period(shipped_facts, year=2025, month=7))
    assert july["top_markets"][0] == {"market": "JP", "ytd": 39558.0, "share": 46.1}
    assert july["projection_year_end"].keys() == {"low", "mid", "high"}
    assert json.loads(json.dumps(july)) == july


def test_no_analysis_module_imports_the_report_layer():
    for path in sorted(ANALYSIS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                    for alias in node.names]
        imported += [node.module or "" for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom)]
        assert not [m for m in imported if m.startswith("labexport.report")], path.name


def test_cli_indicators_json(shipped_data):
    out = run_cli("indicators", "--period", "2025-07", "--json", "--data-dir", str(shipped_data))
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    for key in ["period", "month_total", "month_female", "ytd_total", "ytd_female",
                "female_share_ytd", "target", "attainment_pct", "attainment_pct_stated",
                "calendar_pace_pct", "projection_year_end", "required_monthly_rate",
                "top_markets", "hhi", "yoy_ytd_change_pct"]:
        assert key in s
    assert s["period"] == "2025-07"
    assert s["attainment_pct"] == 65.99
    assert [m["market"] for m in s["top_markets"]] == ["JP", "TW", "KR"]
    assert set(s["projection_year_end"]) == {"low", "mid", "high"}


def test_cli_indicators_text_and_errors(shipped_data):
    out = run_cli("indicators", "--period", "2025-07", "--data-dir", str(shipped_data))
    assert "85,781" in out.stdout
    assert "65.9% (truncated)" in out.stdout
    assert "Japan 39,558 (46.1%)" in out.stdout
    bad = run_cli("indicators", "--period", "2025-7", "--data-dir", str(shipped_data))
    assert bad.returncode == 1
    assert bad.stderr == ("labexport: error: period must be YYYY-MM (e.g. 2025-07), "
                          "got '2025-7'\n")
    none = run_cli("indicators", "--period", "2013-05", "--data-dir", str(shipped_data))
    assert none.returncode == 1
    assert none.stderr == "labexport: error: no national figures for 2013-05\n"


# -- properties ------------------------------------------------------------------------

_counts = st.lists(st.integers(min_value=1, max_value=50000), min_size=1, max_size=15)


@settings(max_examples=200, deadline=None)
@given(_counts, st.integers(min_value=0, max_value=50000))
def test_shares_sum_to_one(values, rest):
    rows = [{"market": code, "value": float(v)} for code, v in zip(
        ["JP", "TW", "KR", "RO", "DE", "HU", "PL", "CN", "SG", "MY", "SA", "MO", "HK", "RU",
         "DZ"], values, strict=False)]
    rows.append({"market": "ALL", "value": float(sum(values) + rest)})
    facts = pd.DataFrame([{**r, "scope": "national", "year": 2025, "month_from": 1,
                           "month_to": 7, "measure": "departures", "sex": "total",
                           "qualifier": "exact", "source": "t"} for r in rows])
    shares = market_shares(facts, year=2025, month_to=7)
    assert shares["share"].sum() == pytest.approx(1.0)
    assert (shares["share"] >= 0).all()


_shares = st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=200000), st.floats(min_value=0, max_value=100000),
       _shares)
def test_projection_never_below_ytd_and_rises_with_it(ytd, extra, shares):
    low = project_year_end(ytd, shares)
    high = project_year_end(ytd + extra, shares)
    for key in ("low", "mid", "high"):
        assert low[key] >= ytd
        assert high[key] >= low[key]
    assert low["low"] <= low["mid"] <= low["high"]


def test_female_share_as_of_a_month_shows_nothing_later(shipped_facts):
    # A report for October 2014 must not show the shares published from 2015 on.
    assert female_share(shipped_facts, as_of=(2014, 10)).empty
    upto = female_share(shipped_facts, as_of=(2025, 3), years=2)
    assert set(upto["year"]) == {2024, 2025}
    assert upto.loc[upto["year"] == 2025, "month_to"].max() == 3  # Jan-Mar 2025: 7,061 women
