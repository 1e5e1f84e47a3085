"""Generated sentences (EN/VI) and the data behind the charts, on the July 2025 bulletin."""

import math
import string

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

from labexport.analysis import indicators
from labexport.analysis.panel import cut_window, monthly_panel
from labexport.analysis.summary import Missing
from labexport.report import narrative, phrases, plots
from labexport.report.wording import TEXTS, reason_text


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def july(shipped_facts):
    return indicators.summarize_period(shipped_facts, year=2025, month=7)


def test_headline_sentences_in_both_languages(july):
    assert narrative.month_sentence(july, "en") == (
        "In July 2025, 11,090 workers left for jobs abroad (3,374 of them women).")
    assert narrative.ytd_sentence(july, "vi") == (
        "Lũy kế 7 tháng đầu năm 2025 có 85.781 lao động xuất cảnh, trong đó 28.991 lao động nữ "
        "(33,8%).")
    assert narrative.attainment_sentence(july, "en") == (
        "That is 66.0% of the 130,000 plan by calculation; the bulletin states 65.9%, which is "
        "the computed value truncated, so consistent.")
    assert narrative.top_markets_sentence(july, "vi").startswith(
        "Nhật Bản dẫn đầu các thị trường từ đầu năm: Nhật Bản 39.558 (46,1%), "
        "Đài Loan (Trung Quốc) 32.471 (37,9%)")
    # January-July 2024 was published only rounded ("over 89,800", "nearly 90,000"): the
    # change is approximate.
    assert narrative.yoy_sentence(july, "en") == (
        "That is a change of ≈ \u22124.5% on the same months of last year (more than 89,800; "
        "≈: computed from a rounded figure).")
    assert narrative.yoy_sentence(july, "vi") == (
        "So với cùng kỳ năm trước (hơn 89.800), thay đổi ≈ \u22124,5% (≈: tính từ số làm tròn).")


def test_missing_values_are_said_not_invented(shipped_facts):
    sep = indicators.summarize_period(shipped_facts, year=2025, month=9)
    assert narrative.ytd_sentence(sep, "en") == (
        "No total for January–September 2025 has been published.")
    assert narrative.attainment_sentence(sep, "vi") == (
        "Không tính được tỷ lệ thực hiện kế hoạch năm (chưa công bố số lũy kế tháng 1-09/2025).")
    # Every reason the summary can give has a Vietnamese wording.
    for month in range(1, 13):
        for year in (2013, 2020, 2025):
            s = indicators.summarize_period(shipped_facts, year=year, month=month)
            for key, why in s.missing.items():
                english = reason_text(why.as_dict(), "en")
                assert narrative.reason(s, key, "vi") != english, (key, english)


def test_every_reason_code_reads_in_both_languages_with_the_same_values():
    fields = string.Formatter()
    reasons = {k: v for k, v in TEXTS.items() if k.startswith("why_")}
    assert len(reasons) == 16
    for key, wording in reasons.items():
        en = {name for _, name, _, _ in fields.parse(wording["en"]) if name}
        vi = {name for _, name, _, _ in fields.parse(wording["vi"]) if name}
        assert en == vi, key
    # The summary keeps the code and its values; the report layer words them.
    why = Missing("no_ytd", {"month": 9, "year": 2025})
    assert reason_text(why.as_dict(), "en") == "no January-09/2025 total published"
    assert phrases.reason(why, "vi") == "chưa công bố số lũy kế tháng 1-09/2025"


def test_monthly_chart_leaves_gaps_and_marks_derived_months(shipped_facts):
    panel = monthly_panel(shipped_facts)
    window = cut_window(panel, year=2025, month=7, months=12, markets=["JP"])
    ax = plots.plot_monthly_by_market(window, lang="en")
    assert isinstance(ax, Axes)
    line = ax.get_lines()[0]
    ys = list(line.get_ydata())
    assert len(ys) == 12
    assert sum(math.isnan(y) for y in ys) == int(
        window["departures"].isna().sum()) > 0  # gaps stay NaN, never zero
    assert ys[-1] == 4318.0  # Japan, July 2025
    filled, hollow = ax.collections[0], ax.collections[1]
    assert len(filled.get_offsets()) == int((window["method"] == "reported").sum())
    assert len(hollow.get_offsets()) == int((window["method"] == "derived").sum())
    assert tuple(hollow.get_facecolor()[0]) == (1.0, 1.0, 1.0, 1.0)


def test_history_chart_draws_ranges_and_adjusted_plans(shipped_facts):
    hist = indicators.target_history(shipped_facts, as_of=(2025, 7))
    ax = plots.plot_target_history(hist, lang="vi")
    labels = ax.get_legend_handles_labels()[1]
    assert {"Kế hoạch", "Kế hoạch (khoảng)", "Kế hoạch ban đầu", "Kế hoạch điều chỉnh"} <= set(
        labels)
    bars = {round(b.get_x() + b.get_width() / 2): b.get_height() for b in ax.patches}
    assert bars[2020] == 78641.0
    assert 2025 not in bars  # July: the year's total is not known yet


def test_december_says_the_year_is_over(shipped_facts):
    # The 2025 annual figure was published as "over 144,000".
    dec = indicators.summarize_period(shipped_facts, year=2025, month=12)
    assert narrative.pace_sentences(dec, "en") == [
        "The year is over: more than 144,000 workers left in all."]
    jul = indicators.summarize_period(shipped_facts, year=2025, month=7)
    assert narrative.pace_sentences(jul, "en")[0] == (
        "By the calendar, 58.3% of the year has passed.")
