"""Sentences generated from the numbers, in English and Vietnamese.

Every sentence a report shows is made here from indicator values (the period
summary, :class:`labexport.analysis.summary.PeriodSummary`, and the analysis
frames); none is typed into a notebook. A missing value gives a sentence that
says it is missing (and why), never a made-up number.

The tables are made in :mod:`labexport.report.tables_text`, the captions and alt
texts in :mod:`labexport.report.captions`; they are re-exported here, as the
notebooks call every text ``narrative.<name>``.
"""

from __future__ import annotations

import pandas as pd

from labexport.analysis.summary import implied_target
from labexport.analysis.summary_types import PeriodSummary
from labexport.report.captions import (
    attainment_alt,
    attainment_caption,
    attainment_chart_note,
    caption,
    concentration_alt,
    female_market_alt,
    female_trend_alt,
    history_alt,
    history_caption,
    history_sentence,
    monthly_alt,
    monthly_caption,
    ranking_alt,
)
from labexport.report.phrases import about as _about
from labexport.report.phrases import approx_pct as _ap
from labexport.report.phrases import market as _market
from labexport.report.phrases import not_comparable as _not_comparable
from labexport.report.phrases import num as _n
from labexport.report.phrases import pct as _p
from labexport.report.phrases import pct_as_printed as _stated
from labexport.report.phrases import reason as _reason
from labexport.report.phrases import shown as _shown
from labexport.report.tables_text import (
    concentration_table,
    female_market_table,
    figures_table,
    history_table,
    implied_plan_table,
    missing_table,
    others_table,
    plan_text,
    ranking_table,
    seasonal_table,
)
from labexport.report.wording import format_period, format_ytd, mark_approximate, plural_text, text

__all__ = [
    "VERDICTS",
    "attainment_alt",
    "attainment_caption",
    "attainment_chart_note",
    "attainment_sentence",
    "caption",
    "concentration_alt",
    "concentration_sentence",
    "concentration_table",
    "female_market_alt",
    "female_market_table",
    "female_month_vs_ytd_sentence",
    "female_trend_alt",
    "figures_table",
    "history_alt",
    "history_caption",
    "history_sentence",
    "history_table",
    "implied_plan_table",
    "missing_table",
    "month_sentence",
    "monthly_alt",
    "monthly_caption",
    "no_female_market_sentence",
    "no_female_sentence",
    "nothing_missing_sentence",
    "others_sentence",
    "others_table",
    "pace_sentences",
    "plan_text",
    "ranking_alt",
    "ranking_table",
    "reason",
    "seasonal_table",
    "top_markets_sentence",
    "yoy_sentence",
    "ytd_sentence",
]

VERDICTS = {
    "rounded": {"en": "the computed value rounded", "vi": "bằng giá trị tính được, làm tròn"},
    "truncated": {"en": "the computed value truncated, so consistent",
                  "vi": "bằng giá trị tính được bỏ bớt chữ số thập phân, tức là khớp"},
    "inconsistent": {"en": "not consistent with the computed value",
                     "vi": "không khớp với giá trị tính được"},
}


def reason(s: PeriodSummary, key: str, lang: str) -> str:
    """Why the summary's ``key`` is missing, in the report's language."""
    return _reason(s.why(key), lang)


def _year_month(s: PeriodSummary) -> tuple[int, int]:
    year, month = s.period.split("-")
    return int(year), int(month)


def month_sentence(s: PeriodSummary, lang: str) -> str:
    """The month's departures (and women), or why they are missing."""
    year, month = _year_month(s)
    when = format_period(year, month, lang)
    if s.month_total is None:
        return (f"No figure for {when} has been published or can be derived."
                if lang == "en" else f"Không có số liệu công bố hoặc tính được cho {when}.")
    female = s.month_female
    derived = s.month_total_method == "derived"
    if lang == "en":
        out = (f"In {when}, {_about(s.month_qualifier, lang)}"
               f"{plural_text('n_workers', s.month_total, lang)} left for jobs abroad")
        out += (f" ({plural_text('n_of_them_women', female, lang)})" if female is not None
                else "")
        out += " (derived from year-to-date totals)" if derived else ""
        return out + "."
    out = (f"Trong {when}, {_about(s.month_qualifier, lang)}{_n(s.month_total, lang)} "
           "lao động đi làm việc ở nước ngoài")
    out += f" ({_n(female, lang)} lao động nữ)" if female is not None else ""
    out += " (tính từ số lũy kế)" if derived else ""
    return out + "."


def ytd_sentence(s: PeriodSummary, lang: str) -> str:
    """The year-to-date total, women and their share."""
    year, month = _year_month(s)
    span = format_ytd(year, month, lang)
    if s.ytd_total is None:
        return (f"No total for {span} has been published." if lang == "en"
                else f"Chưa có số liệu lũy kế {span}.")
    about = _about(s.ytd_qualifier, lang)
    if lang == "en":
        out = f"In {span}, {about}{plural_text('n_workers', s.ytd_total, lang)} left"
        if s.ytd_female is not None:
            out += (f", {plural_text('n_of_them_women', s.ytd_female, lang)} "
                    f"({_shown(s, 'female_share_ytd', lang)})")
        return out + "."
    out = f"Lũy kế {span} có {about}{_n(s.ytd_total, lang)} lao động xuất cảnh"
    if s.ytd_female is not None:
        out += (f", trong đó {_n(s.ytd_female, lang)} lao động nữ "
                f"({_shown(s, 'female_share_ytd', lang)})")
    return out + "."


def _no_attainment_sentence(s: PeriodSummary, lang: str) -> str:
    """No computed attainment: the stated % as printed and the plan it implies, or why not."""
    why = reason(s, "target" if s.target is None else "attainment_pct", lang)
    if s.attainment_pct_stated is None:
        return (f"Attainment of the annual plan cannot be computed ({why})." if lang == "en"
                else f"Không tính được tỷ lệ thực hiện kế hoạch năm ({why}).")
    printed = _stated(s.attainment_pct_stated, lang)
    implied = implied_target(s)
    if implied is None:
        return (f"The bulletin states {printed} of the annual plan, which cannot be checked "
                f"({why})." if lang == "en" else
                f"Bản tin nêu đạt {printed} kế hoạch năm, không kiểm tra được ({why}).")
    year, plan = _year_month(s)[0], _n(implied, lang)
    if lang == "en":
        return (f"No plan for {year} is published, but the bulletin states {printed} of the "
                f"plan, which implies a plan of about {plan} (derived: the year to date "
                "divided by the stated percentage, times 100).")
    return (f"Chưa có kế hoạch năm {year} được công bố, nhưng bản tin nêu đạt {printed} kế "
            f"hoạch, tức kế hoạch khoảng {plan} người (suy ra: số lũy kế chia cho tỷ lệ % "
            "công bố, nhân với 100).")


def attainment_sentence(s: PeriodSummary, lang: str) -> str:
    """Computed % of the plan against the stated % (as printed), with the verdict.

    Without a plan, the stated % as printed and the plan it implies, said to be derived
    (:func:`labexport.analysis.summary.implied_target`).
    """
    if s.attainment_pct is None:
        return _no_attainment_sentence(s, lang)
    computed = _shown(s, "attainment_pct", lang)
    plan = _n(s.target, lang)
    stated, verdict = s.attainment_pct_stated, s.attainment_verdict
    unchecked = f" ({reason(s, 'attainment_verdict', lang)})" if verdict is None else ""
    if lang == "en":
        out = f"That is {computed} of the {plan} plan by calculation"
        if stated is not None and (verdict is not None or s.is_approximate("attainment_pct")):
            out += (f"; the bulletin states {_stated(stated, lang)}"
                    + (f", which is {VERDICTS[verdict]['en']}" if verdict else unchecked))
        return out + "."
    out = f"Như vậy đạt {computed} kế hoạch {plan} người (tính toán)"
    if stated is not None and (verdict is not None or s.is_approximate("attainment_pct")):
        out += (f"; bản tin nêu {_stated(stated, lang)}"
                + (f", {VERDICTS[verdict]['vi']}" if verdict else unchecked))
    return out + "."


def top_markets_sentence(s: PeriodSummary, lang: str) -> str:
    """The leading markets of the year to date."""
    top = s.top_markets
    if not top:
        why = reason(s, "top_markets", lang)
        return (f"No market figures are available ({why})." if lang == "en"
                else f"Không có số liệu theo thị trường ({why}).")
    parts = [f"{_market(m.market, lang)} {_n(m.ytd, lang)} ({_ap(m.share, lang, m.approximate)})"
             for m in top]
    lead = _market(top[0].market, lang)
    if lang == "en":
        return f"{lead} leads the markets so far this year: " + ", ".join(parts) + "."
    return f"{lead} dẫn đầu các thị trường từ đầu năm: " + ", ".join(parts) + "."


def yoy_sentence(s: PeriodSummary, lang: str) -> str:
    """Change against the same months of last year."""
    change, same = s.yoy_ytd_change_pct, plural_text("same_months", _year_month(s)[1], lang)
    if change is None:
        why = reason(s, "yoy_ytd_change_pct", lang)
        return (f"No comparison with {same} of last year ({why})." if lang == "en"
                else f"Không so sánh được với cùng kỳ năm trước ({why}).")
    last = _about(s.ytd_last_year_qualifier, lang) + _n(s.ytd_last_year, lang)
    if s.is_approximate("yoy_ytd_change_pct"):  # the change marked, and what the mark means
        shown, note = _shown(s, "yoy_ytd_change_pct", lang), text("approx_note", lang)
        return (f"That is a change of {shown} on {same} of last year ({last}; {note})."
                if lang == "en" else
                f"So với cùng kỳ năm trước ({last}), thay đổi {shown} ({note}).")
    if lang == "en":
        word = "up" if change >= 0 else "down"
        return f"That is {_p(abs(change), lang)} {word} on {same} of last year ({last})."
    word = "tăng" if change >= 0 else "giảm"
    return f"So với cùng kỳ năm trước ({last}), {word} {_p(abs(change), lang)}."


def concentration_sentence(s: PeriodSummary, lang: str) -> str:
    """Top-3 share and HHI of the year to date, and whether they compare with other years'."""
    if s.hhi is None:
        why = reason(s, "hhi", lang)
        return (f"Concentration cannot be measured ({why})." if lang == "en"
                else f"Không đo được mức độ tập trung ({why}).")
    top3, index = _shown(s, "top3_share", lang), _shown(s, "hhi", lang)
    n = s.concentration_markets
    if lang == "en":
        out = (f"The three largest markets take {top3} of departures; the Herfindahl–Hirschman "
               f"index over the {n} markets named is {index} (above 2,500 counts as highly "
               "concentrated).")
    else:
        out = (f"Ba thị trường lớn nhất chiếm {top3} số lao động xuất cảnh; chỉ số "
               f"Herfindahl–Hirschman trên {n} thị trường được nêu là {index} (trên 2.500 được "
               "coi là tập trung cao).")
    return out if s.concentration_comparable is not False else out + _not_comparable(s, lang)


def _year_over_sentence(s: PeriodSummary, lang: str) -> str:
    """December: the year's total, as published."""
    total = s.ytd_total
    if total is None:
        return ("The year is over; its total has not been published." if lang == "en" else
                "Năm đã kết thúc; chưa có số liệu cả năm.")
    about = _about(s.ytd_qualifier, lang)
    return (f"The year is over: {about}{plural_text('n_workers', total, lang)} left in all."
            if lang == "en"
            else f"Năm đã kết thúc: tổng cộng {about}{_n(total, lang)} lao động xuất cảnh.")


def _calendar_and_seasonal_sentences(s: PeriodSummary, lang: str) -> list[str]:
    """How much of the year has passed, and how much of it normally has left by now."""
    cal, sea = _p(s.calendar_pace_pct, lang), _p(s.seasonal_pace_pct, lang)
    years = ", ".join(map(str, s.seasonal_years))
    if lang == "en":
        seasonal = (f"In past normal years ({years}) a median {sea} of the year's departures "
                    "had left by the same month." if s.seasonal_pace_pct is not None else
                    f"No seasonal pace: {reason(s, 'seasonal_pace_pct', lang)}.")
        return [f"By the calendar, {cal} of the year has passed.", seasonal]
    seasonal = (f"Trong các năm bình thường trước đây ({years}), đến cùng tháng đã có "
                f"trung vị {sea} số lao động của cả năm xuất cảnh."
                if s.seasonal_pace_pct is not None else
                f"Không có tiến độ theo mùa: {reason(s, 'seasonal_pace_pct', lang)}.")
    return [f"Theo thời gian, đã qua {cal} của năm.", seasonal]


def _projection_sentence(s: PeriodSummary, lang: str) -> str:
    """Where the year would end at the seasonal pace, or why that cannot be said."""
    proj = s.projection_year_end
    if proj is None:
        why = reason(s, "projection_year_end", lang)
        return (f"No year-end projection ({why})." if lang == "en"
                else f"Không dự báo được cuối năm ({why}).")
    lo, mid, hi = (_n(v, lang) for v in (proj.low, proj.mid, proj.high))
    if lo == hi:  # one past year: one projection
        return (f"At that pace the year would end near {mid}." if lang == "en" else
                f"Với tiến độ đó, cả năm sẽ đạt khoảng {mid}.")
    return (f"At that pace the year would end near {mid} (between {lo} and {hi})."
            if lang == "en" else
            f"Với tiến độ đó, cả năm sẽ đạt khoảng {mid} (từ {lo} đến {hi}).")


def _rate_sentences(s: PeriodSummary, lang: str) -> list[str]:
    """The departures a month still needed to meet the plan (none without a rate)."""
    rate = s.required_monthly_rate
    if rate is None:
        return []
    if rate == 0:
        return ["The plan is already met." if lang == "en" else "Kế hoạch đã hoàn thành."]
    r = mark_approximate(plural_text("n_departures", rate, lang),
                         s.is_approximate("required_monthly_rate"))
    return [f"Meeting the plan needs {r} a month for the rest of the year."
            if lang == "en" else
            f"Để hoàn thành kế hoạch cần bình quân {r} mỗi tháng còn lại."]


def pace_sentences(s: PeriodSummary, lang: str) -> list[str]:
    """Calendar and seasonal pace, projection and the rate still needed."""
    if s.period.endswith("-12"):
        return [_year_over_sentence(s, lang)]
    return [*_calendar_and_seasonal_sentences(s, lang), _projection_sentence(s, lang),
            *_rate_sentences(s, lang)]


# -- more sentences -----------------------------------------------------------------------


def others_sentence(others: pd.DataFrame, year: int, month: int, lang: str) -> str:
    """Markets beyond Japan, Taiwan and Korea, Europe first."""
    if others.empty:
        return (f"No market beyond Japan, Taiwan and Korea is reported for {year} up to "
                f"{format_period(year, month, lang)}." if lang == "en" else
                f"Không có số liệu thị trường nào ngoài Nhật Bản, Đài Loan, Hàn Quốc trong năm "
                f"{year} đến {format_period(year, month, lang)}.")
    europe = others[others["europe"]]
    named = ", ".join(f"{_market(m, lang)} {_n(v, lang)}"
                      for m, v in zip(others["market"], others["value"], strict=True))
    if lang == "en":
        lead = (f"{plural_text('n_european_markets', len(europe), lang)} in the {year} "
                "figures. "
                if len(europe) else "No European market appears in this year's figures. ")
        return lead + f"Beyond the three main markets: {named} (latest figure of each)."
    lead = (f"{plural_text('n_european_markets', len(europe), lang)} trong số liệu năm {year}. "
            if len(europe) else "Không có thị trường châu Âu nào trong số liệu năm nay. ")
    return lead + f"Ngoài ba thị trường chính: {named} (số mới nhất của mỗi thị trường)."


def female_month_vs_ytd_sentence(s: PeriodSummary, lang: str) -> str:
    """Compare the month's female share with the year to date's."""
    month, ytd = s.female_share_month, s.female_share_ytd
    if month is None or ytd is None:
        why = reason(s, "female_share_month" if month is None else "female_share_ytd", lang)
        return (f"This month cannot be compared with the year to date ({why})." if lang == "en"
                else f"Không so sánh được tháng này với lũy kế ({why}).")
    diff = month - ytd
    month_s, ytd_s = _shown(s, "female_share_month", lang), _shown(s, "female_share_ytd", lang)
    if lang == "en":
        side = "above" if diff > 0 else "below" if diff < 0 else "equal to"
        gap = f"{plural_text('n_points', abs(diff), lang, digits=1)} " if diff else ""
        return (f"Women were {month_s} of this month's departures, {gap}{side} the "
                f"year-to-date share of {ytd_s}.")
    side = "cao hơn" if diff > 0 else "thấp hơn" if diff < 0 else "bằng"
    gap = f" {plural_text('n_points', abs(diff), lang, digits=1)} so với" if diff else ""
    return (f"Lao động nữ chiếm {month_s} số xuất cảnh trong tháng, {side}{gap} "
            f"tỷ lệ lũy kế {ytd_s}.")


def no_female_sentence(lang: str) -> str:
    """No female counts at all in the window."""
    return ("No female counts are published for these years." if lang == "en"
            else "Không có số liệu lao động nữ cho các năm này.")


def no_female_market_sentence(s: PeriodSummary, lang: str) -> str:
    """No female counts by market for the period."""
    year, month = _year_month(s)
    span = format_ytd(year, month, lang)
    return (f"No female counts by market are published for {span}." if lang == "en"
            else f"Không có số liệu lao động nữ theo thị trường cho {span}.")


def nothing_missing_sentence(lang: str) -> str:
    """Every headline figure is there."""
    return ("Every headline figure of this report is published." if lang == "en"
            else "Tất cả số liệu chính của báo cáo đều đã được công bố.")
