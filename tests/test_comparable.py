"""Concentration shown with its basis, and values computed from rounded figures marked ``≈``.

Real figures of the shipped dataset: DOLAB's 2023 annual report (159,986 workers, 13
markets named), 2015 (the full year names only Japan, Taiwan and Korea; January alone six
markets), January-July 2024 published only rounded ("over 89,800", "nearly 90,000"; the
preference rule picks one, and either is rounded), January-September 2024 (113,896 against
111,507 a year before, both exact), January-June 2024 (Japan an exact 40,597, Taiwan only
"over 27,000" or "over 27,300").
"""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from labexport.analysis import indicators
from labexport.analysis.shares import COMPARABLE_MARKETS, comparability, hhi
from labexport.report import narrative, phrases, plots

MINUS = "\N{MINUS SIGN}"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def conc(shipped_facts):
    return indicators.concentration(shipped_facts, as_of=(2025, 7))


# -- concentration and its basis ------------------------------------------------------------


def test_every_year_carries_its_basis_and_2015_is_set_apart(conc):
    by_year = conc.set_index("year")
    row = by_year.loc[2015]  # the full year names Japan, Taiwan and Korea only
    assert (row["month_to"], row["markets"], row["window"]) == (12, 3, "year")
    assert (bool(row["comparable"]), row["why_not"]) == (False, "few_markets")
    # Every year with fewer than six markets named, or one month, is not comparable; the rest are.
    for _, r in conc.iterrows():
        expected = r["markets"] >= COMPARABLE_MARKETS and r["month_to"] > 1
        assert bool(r["comparable"]) == expected, r["year"]
    # 2018: the full year names three markets, January-November eight: the comparable one is used.
    assert (by_year.loc[2018, "month_to"], by_year.loc[2018, "markets"]) == (11, 8)
    assert bool(by_year.loc[2023, "comparable"])
    # The July 2025 report's 2025 point is the latest comparable year to date, not July's three.
    assert by_year.loc[2025, "month_to"] <= 7
    assert bool(by_year.loc[2025, "comparable"])

    table = narrative.concentration_table(conc, "en").set_index("Year")
    assert table.loc["2015", "Basis"] == "not comparable: 3 markets named"
    assert table.loc["2023", "Basis"] == "comparable"
    vi = narrative.concentration_table(conc, "vi").set_index("Năm")
    assert vi.loc["2015", "Cơ sở so sánh"] == "không so sánh được: chỉ nêu 3 thị trường"


def test_every_three_market_year_is_marked_when_only_full_years_are_known(shipped_facts):
    # The full-year figures alone: 2015, 2018 and 2025 name only Japan, Taiwan and Korea.
    years = shipped_facts[shipped_facts["month_to"] == 12]
    conc = indicators.concentration(years)
    three = conc[conc["markets"] == 3]
    assert {2015, 2018}.issubset(set(three["year"]))
    assert not three["comparable"].any()
    assert set(three["why_not"]) == {"few_markets"}
    assert conc.set_index("year").loc[2023, "why_not"] == ""


def test_a_single_month_is_marked_one_month(shipped_facts):
    # January 2015: Taiwan 5,136, Japan 1,926, Malaysia 679, Saudi Arabia 437, Korea 114,
    # Macao 101 of 8,669: six markets, but one month.
    jan = shipped_facts[(shipped_facts["year"] == 2015) & (shipped_facts["month_to"] == 1)]
    conc = indicators.concentration(jan)
    row = conc.iloc[0]
    assert (row["year"], row["month_to"], row["markets"], row["window"]) == (2015, 1, 6, "month")
    assert (bool(row["comparable"]), row["why_not"]) == (False, "one_month")
    assert narrative.concentration_table(conc, "en").iloc[0]["Basis"] == (
        "not comparable: one month (Jan)")
    assert narrative.concentration_table(conc, "vi").iloc[0]["Cơ sở so sánh"] == (
        "không so sánh được: một tháng (T1)")
    assert comparability(["JP", "TW", "MY", "SA", "KR", "MO"], 1) == "one_month"
    assert comparability(["JP", "TW", "CN", "SG", "RO", "HU"], 12) == "no_leading"


def test_hhi_of_a_comparable_year_is_the_hand_computed_one(conc):
    # DOLAB 2023 annual: Japan 80,010, Taiwan 58,620, Korea 11,626, China 1,806, Hungary
    # 1,539, Singapore 1,355, Romania 840, Poland 797, Hong Kong 584, Malaysia 480, Saudi
    # Arabia 444, Russia 266, Macao 169, of 159,986.
    counts = [80010, 58620, 11626, 1806, 1539, 1355, 840, 797, 584, 480, 444, 266, 169]
    by_hand = sum((c / 159986 * 100) ** 2 for c in counts)
    row = conc.set_index("year").loc[2023]
    assert (row["month_to"], row["markets"], row["qualifier"]) == (12, 13, "exact")
    assert row["hhi"] == pytest.approx(by_hand, abs=1e-6)
    assert round(by_hand) == 3900
    assert row["hhi"] == pytest.approx(hhi([c / 159986 for c in counts]))


def test_the_chart_joins_comparable_years_and_sets_the_others_apart(conc):
    ax = plots.plot_concentration(conc, lang="en")
    joined, apart = ax.lines[0], ax.lines[1]
    years = list(joined.get_xdata())
    values = list(joined.get_ydata())
    assert math.isnan(values[years.index(2015)])
    assert values[years.index(2023)] == pytest.approx(conc.set_index("year").loc[2023, "hhi"])
    assert list(apart.get_xdata()) == [2015]
    assert apart.get_markerfacecolor() == "white"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "comparable years", "not comparable (see the table's basis)"]
    assert "3 markets named" in [t.get_text() for t in ax.texts]
    alt = narrative.concentration_alt(conc, "en")
    assert alt.endswith("Not comparable, shown apart as hollow diamonds: 2015 (3 markets named).")


def test_the_headline_says_when_the_year_to_date_is_not_comparable(shipped_facts):
    july = indicators.summarize_period(shipped_facts, year=2025, month=7)
    assert (july.concentration_markets, july.concentration_comparable) == (3, False)
    assert narrative.concentration_sentence(july, "en").endswith(
        "index over the 3 markets named is 3,633 (above 2,500 counts as highly concentrated). "
        "As the figures for January–July 2025 name only 3 markets, it is not comparable with "
        "the years marked comparable below.")
    sep = indicators.summarize_period(shipped_facts, year=2024, month=9)
    assert (sep.concentration_markets, sep.concentration_comparable) == (7, True)
    assert "not comparable" not in narrative.concentration_sentence(sep, "en")


# -- changes and shares computed from rounded figures ---------------------------------------


def test_a_change_against_a_rounded_base_is_marked_approximate(shipped_facts):
    july = indicators.summarize_period(shipped_facts, year=2025, month=7)
    # January-July 2025 is an exact 85,781; the base, January-July 2024, is rounded.
    assert (july.ytd_total, july.ytd_qualifier) == (85781.0, "exact")
    base, kind = july.ytd_last_year, july.ytd_last_year_qualifier
    assert (base, kind) in {(89800.0, "over"), (90000.0, "nearly")}
    change = f"{abs(round((85781 / base - 1) * 100, 1)):.1f}"  # 4.5 or 4.7
    assert july.approximate == ("yoy_ytd_change_pct",)
    assert f"≈ {MINUS}{change}%" in narrative.yoy_sentence(july, "en")
    assert f"≈ {MINUS}{change.replace('.', ',')}%" in narrative.yoy_sentence(july, "vi")
    record = phrases.summary_record(july)
    assert (record["yoy_ytd_change_pct"], record["yoy_qualifier"]) == (-float(change), "approx")
    assert record["approximate"] == ["yoy_ytd_change_pct"]
    assert record["yoy_ytd_change_pct_shown"] == f"≈ {MINUS}{change}%"
    assert phrases.summary_record(july, "vi")["yoy_ytd_change_pct_shown"] == (
        f"≈ {MINUS}{change.replace('.', ',')}%")
    yoy = indicators.yoy_change(shipped_facts, year=2025, month=7)
    total = narrative.ranking_table(yoy, "en").iloc[0]
    assert (total["Market"], total["Change (%)"]) == ("Total", f"≈ {MINUS}{change}%")
    assert bool(yoy.set_index("market").loc["ALL", "approximate"])


def test_a_change_against_an_exact_base_has_no_mark(shipped_facts):
    sep = indicators.summarize_period(shipped_facts, year=2024, month=9)
    assert (sep.ytd_total, sep.ytd_last_year, sep.yoy_qualifier) == (113896.0, 111507.0, "exact")
    assert sep.approximate == ()
    for lang in ("en", "vi"):
        assert "≈" not in narrative.yoy_sentence(sep, lang)
    assert narrative.yoy_sentence(sep, "en") == (
        "That is 2.1% up on the same months of last year (111,507).")
    record = phrases.summary_record(sep)
    assert "approximate" not in record
    assert not [k for k in record if k.endswith("_shown")]
    assert "≈" not in str(record)


def test_a_share_of_a_rounded_market_count_over_an_exact_total_is_approximate(shipped_facts):
    # January-June 2024: Japan an exact 40,597 of an exact 78,024; Taiwan only "over ...".
    shares = indicators.market_shares(shipped_facts, year=2024, month_to=6).set_index("market")
    assert (shares.loc["JP", "qualifier"], shares.loc["JP", "share_qualifier"]) == (
        "exact", "exact")
    taiwan = shares.loc["TW", "value"]
    assert taiwan in {27000.0, 27300.0}
    assert (shares.loc["TW", "qualifier"], shares.loc["TW", "share_qualifier"]) == (
        "over", "approx")
    assert shares.loc["OTHER", "qualifier"] == "approx"  # the total less a rounded count
    june = indicators.summarize_period(shipped_facts, year=2024, month=6)
    assert june.ytd_total == 78024.0
    assert {"top_markets", "top3_share", "hhi"} <= set(june.approximate)
    sentence = narrative.top_markets_sentence(june, "en")
    tw_share = f"{taiwan / 78024 * 100:.1f}"
    assert "Japan 40,597 (52.0%)" in sentence
    assert f"Taiwan {taiwan:,.0f} (≈ {tw_share}%)" in sentence
    record = phrases.summary_record(june)
    assert [m.get("approximate", False) for m in record["top_markets"]][:2] == [False, True]
    assert "approximate" not in record["top_markets"][0]  # only a share that is approximate
    assert record["top3_share_shown"].startswith("≈ ")


def test_values_computed_from_a_rounded_year_to_date_are_marked(shipped_facts):
    # January-July 2024, rounded, against the 125,000 plan; the bulletin states 71.89%.
    s = indicators.summarize_period(shipped_facts, year=2024, month=7)
    assert s.ytd_qualifier != "exact"
    assert {"attainment_pct", "projection_year_end", "required_monthly_rate"} <= set(
        s.approximate)
    computed = f"{s.ytd_total / 125000 * 100:.1f}"  # 71.8 or 72.0
    assert narrative.attainment_sentence(s, "en") == (
        f"That is ≈ {computed}% of the 125,000 plan by calculation; the bulletin states 71.89% "
        "(the January-07/2024 total is rounded, so the stated % cannot be checked against it).")
    assert narrative.attainment_sentence(s, "vi").startswith(
        f"Như vậy đạt ≈ {computed.replace('.', ',')}% kế hoạch")
    assert s.attainment_verdict is None
    assert s.why("attainment_verdict").code == "rough_ytd"
    assert narrative.pace_sentences(s, "vi")[-1].startswith("Để hoàn thành kế hoạch cần bình "
                                                            "quân ≈ ")
