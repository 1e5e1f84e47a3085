"""Captions, alt texts and notes of a report's figures and tables, in English and Vietnamese.

An alt text says a chart's main finding, from the same numbers the chart draws; a note
says what a chart or table cannot show (no plan published, nothing to chart).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, cast

import pandas as pd

from labexport.analysis.summary import implied_target
from labexport.analysis.summary_types import PeriodSummary
from labexport.report.phrases import market, num, pct, pct_as_printed
from labexport.report.wording import format_period, format_ytd, plural_text, text

if TYPE_CHECKING:  # pragma: no cover
    from pandas._typing import Scalar


def _year_month(period: str) -> tuple[int, int]:
    year, month = period.split("-")
    return int(year), int(month)


def _row(frame: pd.DataFrame, label: Hashable) -> pd.Series:
    """The row of ``frame`` labelled ``label``, a label of its index (``idxmax``, ``idxmin``)."""
    # pandas-stubs type an index label as Hashable, but ``.loc`` as taking a Scalar; one
    # label of the frame's index selects one row (a Series).
    return cast("pd.Series", frame.loc[cast("Scalar", label)])


def monthly_caption(window: pd.DataFrame, lang: str) -> str:
    """Caption of the monthly-by-market chart: what it shows and how gaps are drawn."""
    first, last = window.iloc[0], window.iloc[-1]
    span = (f"{format_period(int(first['year']), int(first['month']), lang)} – "
            f"{format_period(int(last['year']), int(last['month']), lang)}")
    if lang == "en":
        return (f"Monthly departures by market, {span}. Filled dots are published monthly "
                "figures, hollow dots are differences of year-to-date totals; gaps are months "
                "with no figure.")
    return (f"Số lao động xuất cảnh hằng tháng theo thị trường, {span}. Chấm đặc là số công bố "
            "theo tháng, chấm rỗng là hiệu của hai số lũy kế; chỗ trống là tháng không có số liệu.")


def monthly_alt(window: pd.DataFrame, lang: str) -> str:
    """Alt text of the monthly chart: its main finding."""
    known = window.dropna(subset=["departures"])
    if known.empty:
        return ("No monthly figures in this window." if lang == "en"
                else "Không có số liệu tháng trong khoảng này.")
    peak = _row(known, known["departures"].idxmax())
    gaps = plural_text("n_gap_months", int((window["method"] == "missing").sum()), lang)
    where = format_period(int(peak["year"]), int(peak["month"]), lang)
    name = market(peak["market"], lang)
    if lang == "en":
        return (f"Line chart. The highest monthly figure shown is {name} with "
                f"{num(peak['departures'], lang)} in {where}; {gaps}.")
    return (f"Biểu đồ đường. Số tháng cao nhất là {name} với {num(peak['departures'], lang)} "
            f"lao động ({where}); {gaps}.")


def ranking_alt(table: pd.DataFrame, year: int, lang: str) -> str:
    """Alt text of the ranking chart."""
    top = table.iloc[0]
    change = top["change_pct"]
    name = market(top["market"], lang)
    if lang == "en":
        more = "more" if change >= 0 else "fewer"
        tail = ("" if pd.isna(change) else
                f", {pct(abs(change), lang)} {more} than a year before")
        return (f"Bar chart. {name} ranks first in {year} so far with "
                f"{plural_text('n_workers', top['ytd'], lang)}{tail}.")
    tail = ("" if pd.isna(change) else
            f", {'tăng' if change >= 0 else 'giảm'} {pct(abs(change), lang)} so với cùng kỳ")
    return (f"Biểu đồ cột. {name} đứng đầu từ đầu năm {year} với {num(top['ytd'], lang)} "
            f"lao động{tail}.")


def concentration_alt(conc: pd.DataFrame, lang: str) -> str:
    """Alt text of the concentration chart: the comparable years, then those set apart."""
    from labexport.report.tables_text import basis_reason

    ok = conc["comparable"].astype(bool) if "comparable" in conc else conc["hhi"].notna()
    out = _hhi_alt(conc[ok] if ok.any() else conc, lang)
    apart = "; ".join(
        f"{y} ({basis_reason(str(w), int(n), int(m), lang)})" for y, w, n, m in zip(
            conc["year"][~ok], conc["why_not"][~ok], conc["markets"][~ok], conc["month_to"][~ok],
            strict=True))
    if not apart or not ok.any():
        return out
    return out + (f" Not comparable, shown apart as hollow diamonds: {apart}." if lang == "en"
                  else f" Không so sánh được, thể hiện riêng bằng hình thoi rỗng: {apart}.")


def _hhi_alt(conc: pd.DataFrame, lang: str) -> str:
    """The HHI's highest and lowest years (or its only one) in words."""
    hi = _row(conc, conc["hhi"].idxmax())
    lo = _row(conc, conc["hhi"].idxmin())
    if len(conc) == 1:
        high = hi["hhi"] > 2500
        if lang == "en":
            return (f"Line chart of the HHI: {num(hi['hhi'], lang)} in {int(hi['year'])}, the "
                    "only year shown" + (", above 2,500, highly concentrated." if high else "."))
        return (f"Biểu đồ đường chỉ số HHI: {num(hi['hhi'], lang)} năm {int(hi['year'])}, năm "
                "duy nhất được thể hiện" + (", trên 2.500, tập trung cao." if high else "."))
    if lang == "en":
        return (f"Line chart of the HHI by year: highest {num(hi['hhi'], lang)} in "
                f"{int(hi['year'])}, lowest {num(lo['hhi'], lang)} in {int(lo['year'])}; every "
                "year is above 2,500, highly concentrated.") if lo["hhi"] > 2500 else (
            f"Line chart of the HHI by year: highest {num(hi['hhi'], lang)} in {int(hi['year'])}, "
            f"lowest {num(lo['hhi'], lang)} in {int(lo['year'])}.")
    return (f"Biểu đồ đường chỉ số HHI theo năm: cao nhất {num(hi['hhi'], lang)} năm "
            f"{int(hi['year'])}, thấp nhất {num(lo['hhi'], lang)} năm {int(lo['year'])}.")


def female_trend_alt(shares: pd.DataFrame, lang: str) -> str:
    """Alt text of the female-share chart."""
    ytd = shares[shares["span"].isin(["ytd", "year"])]
    base = ytd if not ytd.empty else shares
    hi, lo = _row(base, base["share"].idxmax()), _row(base, base["share"].idxmin())

    def when(r: pd.Series) -> str:
        return format_ytd(int(r["year"]), int(r["month_to"]), lang)

    if len(base) == 1:
        return (f"Female share of departures: {pct(hi['share'] * 100, lang)} in {when(hi)}, the "
                "only period shown." if lang == "en" else
                f"Tỷ lệ nữ: {pct(hi['share'] * 100, lang)} trong {when(hi)}, kỳ duy nhất được "
                "thể hiện.")
    if lang == "en":
        return (f"Female share of departures: from {pct(lo['share'] * 100, lang)} ({when(lo)}) to "
                f"{pct(hi['share'] * 100, lang)} ({when(hi)}) over the periods shown.")
    return (f"Tỷ lệ nữ: từ {pct(lo['share'] * 100, lang)} ({when(lo)}) đến "
            f"{pct(hi['share'] * 100, lang)} ({when(hi)}) trong các kỳ được thể hiện.")


def female_market_alt(shares: pd.DataFrame, lang: str) -> str:
    """Alt text of the female share by market chart."""
    rows = shares.sort_values("share", ascending=False)
    hi, lo = rows.iloc[0], rows.iloc[-1]
    if lang == "en":
        return (f"Bar chart: {market(hi['market'], lang)} has the highest female share, "
                f"{pct(hi['share'] * 100, lang)}; {market(lo['market'], lang)} the lowest, "
                f"{pct(lo['share'] * 100, lang)}.")
    return (f"Biểu đồ cột: {market(hi['market'], lang)} có tỷ lệ nữ cao nhất, "
            f"{pct(hi['share'] * 100, lang)}; {market(lo['market'], lang)} thấp nhất, "
            f"{pct(lo['share'] * 100, lang)}.")


def attainment_alt(s: PeriodSummary, lang: str) -> str:
    """Alt text of the attainment chart."""
    year, month = _year_month(s.period)
    if s.target is None:
        implied = implied_target(s)
        stated = pct_as_printed(s.attainment_pct_stated, lang)
        if lang == "en":
            return (f"Line chart of the year to date in {year}; no plan is published, so none is "
                    "drawn." + ("" if implied is None else f" The stated {stated} of the plan "
                                f"implies a plan of about {num(implied, lang)} (derived)."))
        return (f"Biểu đồ đường số lũy kế năm {year}; chưa có kế hoạch nên không vẽ." + (
            "" if implied is None else f" Tỷ lệ {stated} kế hoạch mà bản tin nêu cho thấy "
            f"kế hoạch khoảng {num(implied, lang)} (suy ra)."))
    if s.ytd_total is None:
        span = format_ytd(year, month, lang)
        return (f"Line chart of the year to date in {year} against the {num(s.target, lang)} "
                f"plan; no total for {span} is published." if lang == "en" else
                f"Biểu đồ đường số lũy kế năm {year} so với kế hoạch {num(s.target, lang)}; "
                f"chưa có số lũy kế {span}.")
    ytd, plan = num(s.ytd_total, lang), num(s.target, lang)
    done, gone = pct(s.attainment_pct, lang), pct(s.calendar_pace_pct, lang)
    if lang == "en":
        return (f"Year to date {ytd} against the {plan} plan: {done} done with {gone} "
                "of the year gone.")
    return f"Lũy kế {ytd} so với kế hoạch {plan}: đạt {done} khi đã qua {gone} thời gian của năm."


def history_alt(history: pd.DataFrame, lang: str) -> str:
    """Alt text of the plan history chart."""
    done = history.dropna(subset=["actual", "plan"])
    met = done[done["actual"] >= done["plan"]]
    missed = done[done["actual"] < done["plan"]]
    years = ", ".join(str(int(y)) for y in missed["year"])
    if done.empty:
        return ("Bar chart of the annual plans; no year shown has both a plan and a full-year "
                "total yet." if lang == "en" else
                "Biểu đồ cột kế hoạch các năm; chưa có năm nào có cả kế hoạch và số cả năm.")
    of_years = plural_text("n_of_years", len(done), lang, met=len(met))
    if lang == "en":
        return (f"Bar chart of annual departures against plans: the plan was met in {of_years}"
                + (f"; missed in {years}." if years else "."))
    return (f"Biểu đồ cột số xuất cảnh các năm so với kế hoạch: đạt kế hoạch {of_years}"
            + (f"; không đạt năm {years}." if years else "."))


def attainment_caption(s: PeriodSummary, lang: str) -> str:
    """Caption of the attainment chart: what it draws (no plan line without a plan).

    Without a plan, :func:`attainment_chart_note` says why under the chart.
    """
    year = _year_month(s.period)[0]
    plan, projection = s.target is not None, s.projection_year_end is not None
    en = {(True, True): " against the plan, the calendar pace and the year-end projection",
          (True, False): " against the plan and the calendar pace",
          (False, True): " and the year-end projection", (False, False): ", month by month"}
    vi = {(True, True): " so với kế hoạch, tiến độ theo thời gian và dự báo cuối năm",
          (True, False): " so với kế hoạch và tiến độ theo thời gian",
          (False, True): " và dự báo cuối năm", (False, False): " theo từng tháng"}
    if lang == "en":
        return f"Year-to-date departures in {year}{en[plan, projection]}."
    return f"Số lũy kế năm {year}{vi[plan, projection]}."


def history_caption(history: pd.DataFrame, year: int, lang: str) -> str:
    """Caption of the plan history table, saying what a derived plan is when it shows one."""
    out = caption("history", year=year, month=12, lang=lang)
    shown = history.dropna(subset=["plan", "actual"], how="all")
    if shown["plan"].isna().any() and shown["implied_plan"].notna().any():
        out += " " + text("derived_note", lang)
    return out


def attainment_chart_note(s: PeriodSummary, lang: str, *, charted: bool) -> str:
    """What the year-to-date chart cannot show: the chart itself, or the plan ("" if nothing)."""
    year, month = _year_month(s.period)
    parts = []
    if not charted:
        parts.append(f"No year-to-date total for {year} up to {format_period(year, month, lang)} "
                     "has been published, so there is nothing to chart." if lang == "en" else
                     f"Chưa có số liệu lũy kế nào của năm {year} đến "
                     f"{format_period(year, month, lang)}, nên không có biểu đồ.")
    if s.target is None:
        parts.append(f"No plan for {year} is published, so no plan line or calendar pace is "
                     "drawn." if lang == "en" else
                     f"Chưa có kế hoạch năm {year}, nên không vẽ đường kế hoạch và tiến độ "
                     "theo thời gian.")
        if implied_target(s) is not None:
            parts.append("The table sets the year to date against the plan the stated "
                         "percentage implies, marked derived." if lang == "en" else
                         "Bảng dưới đây so sánh số lũy kế với kế hoạch suy ra từ tỷ lệ % "
                         "công bố (ghi là suy ra).")
    return " ".join(parts)


def history_sentence(history: pd.DataFrame, year: int, lang: str) -> str:
    """Why no year can be set against a published plan ("" when some year has a plan)."""
    if history["plan"].notna().any():
        return ""
    derived = bool(history["implied_plan"].notna().any())
    if lang == "en":
        return f"No annual plan has been published for any year up to {year}" + (
            "; the plans in the table are derived from the percentage of the plan the "
            "bulletins state." if derived else ", so no year's total can be set against a plan.")
    return f"Chưa có kế hoạch năm nào được công bố đến năm {year}" + (
        "; kế hoạch trong bảng được suy ra từ tỷ lệ % kế hoạch mà bản tin nêu." if derived
        else ", nên không so sánh được kết quả các năm với kế hoạch.")


_CAPTIONS = {
    "ranking": ("Departures by market, {ytd}, against {same} of {last}.",
                "Số lao động xuất cảnh theo thị trường, {ytd}, so với cùng kỳ năm {last}."),
    "concentration": ("Market concentration by year: top-3 share and Herfindahl–Hirschman index "
                      "over the markets each year's figures name. A year whose figures name "
                      "fewer than six markets (Japan, Taiwan and Korea among them) or cover one "
                      "month is not comparable with the others: a hollow diamond in the chart, "
                      "“not comparable” in the Basis column. ≈ marks a figure computed from a "
                      "rounded one.",
                      "Mức độ tập trung thị trường theo năm: tỷ trọng 3 thị trường lớn nhất và "
                      "chỉ số Herfindahl–Hirschman trên các thị trường được nêu. Năm có số liệu "
                      "nêu dưới sáu thị trường (gồm Nhật Bản, Đài Loan và Hàn Quốc) hoặc chỉ một "
                      "tháng thì không so sánh được với các năm khác: hình thoi rỗng trên biểu "
                      "đồ, “không so sánh được” ở cột Cơ sở so sánh. ≈ đánh dấu số tính từ số "
                      "làm tròn."),
    "others": ("Markets beyond Japan, Taiwan and Korea in {year}: the latest figure of each.",
               "Các thị trường ngoài Nhật Bản, Đài Loan, Hàn Quốc năm {year}: số mới nhất."),
    "figures": ("Every published figure for {month} and {ytd}, as printed. {status}",
                "Các số liệu đã công bố cho {month} và {ytd}, đúng như bản tin. {status}"),
    "figures_january": ("Every published figure for {month}, as printed. {status}",
                        "Các số liệu đã công bố cho {month}, đúng như bản tin. {status}"),
    "female_trend": ("Female share of departures: single months and year-to-date totals, "
                     "up to {month}.",
                     "Tỷ lệ lao động nữ: theo tháng và lũy kế, đến {month}."),
    "female_market": ("Female share by market, {ytd}.",
                      "Tỷ lệ lao động nữ theo thị trường, {ytd}."),
    "missing": ("Headline figures not available for {month}, and why.",
                "Số liệu chính chưa có cho {month} và lý do."),
    "implied_plan": ("Departures in {ytd} against the plan implied by the percentage of the "
                     "plan the bulletin states. {note}",
                     "Số lũy kế {ytd} so với kế hoạch suy ra từ tỷ lệ % kế hoạch mà bản tin "
                     "nêu. {note}"),
    "seasonal": ("Share of the annual total reached by the end of the same month in past "
                 "normal years.",
                 "Tỷ lệ so với cả năm đạt được đến hết cùng tháng trong các năm bình thường "
                 "trước đây."),
    "history": ("Annual departures against the plan of each year, up to {year}; ranges and "
                "adjusted plans as published.",
                "Số xuất cảnh các năm so với kế hoạch từng năm, đến {year}; kế hoạch dạng "
                "khoảng và kế hoạch điều chỉnh như đã công bố."),
}


#: The legend of the status column (observation status after SDMX's OBS_STATUS).
_STATUS = {
    "en": "Status: A as published; E rounded or approximate (≈); D derived, not printed; "
          "C contested: another source states a different exact value (listed by "
          "labexport check); R revised by its publisher; F first published, since revised.",
    "vi": "Tình trạng: A đúng như công bố; E số làm tròn hoặc ước (≈); D suy ra, không in "
          "trong bản tin; C có nguồn khác nêu số chính xác khác (xem labexport check); "
          "R được nơi công bố điều chỉnh; F số công bố đầu tiên, sau đã điều chỉnh.",
}


def caption(key: str, *, year: int, month: int, lang: str) -> str:
    """The caption of a report's figure or table ``key`` for a period."""
    if key == "figures" and month == 1:  # the month is the year to date
        key = "figures_january"
    template = _CAPTIONS[key][0 if lang == "en" else 1]
    return template.format(ytd=format_ytd(year, month, lang), last=year - 1, year=year,
                           month=format_period(year, month, lang), status=_STATUS[lang],
                           note=text("derived_note", lang),
                           same=plural_text("same_months", month, lang))
