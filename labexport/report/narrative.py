"""Sentences generated from the numbers, in English and Vietnamese.

Every sentence a report shows is made here from indicator values; none is
typed into a notebook. A missing value gives a sentence that says it is
missing (and why), never a made-up number.
"""

from __future__ import annotations

import pandas as pd

from labexport.core.markets import display_name
from labexport.data.dataset import preferred
from labexport.report.wording import (
    format_number,
    format_pct,
    format_period,
    format_ytd,
    month_abbr,
    reason_text,
    text,
)

VERDICTS = {
    "rounded": {"en": "the computed value rounded", "vi": "bằng giá trị tính được, làm tròn"},
    "truncated": {"en": "the computed value truncated, so consistent",
                  "vi": "bằng giá trị tính được bỏ bớt chữ số thập phân, tức là khớp"},
    "inconsistent": {"en": "not consistent with the computed value",
                     "vi": "không khớp với giá trị tính được"},
}


def _n(v: float | None, lang: str, digits: int = 0) -> str:
    return format_number(v, lang, digits=digits)


def _p(v: float | None, lang: str, digits: int = 1) -> str:
    return format_pct(v, lang, digits=digits)


_QUAL_WORDS = {"approx": ("about ", "khoảng "), "nearly": ("nearly ", "gần "),
               "over": ("more than ", "hơn ")}


def _about(qualifier: str | None, lang: str) -> str:
    """The word a bulletin puts before a rounded figure ("nearly ", "hơn "), or nothing."""
    words = _QUAL_WORDS.get(qualifier or "exact")
    return "" if words is None else words[0 if lang == "en" else 1]


def reason(s: dict, key: str, lang: str) -> str:
    """Why the summary's ``key`` is missing, in the report's language.

    >>> reason({"ytd_total_why": {"code": "no_ytd", "month": 9, "year": 2025}}, "ytd_total", "vi")
    'chưa công bố số lũy kế tháng 1-09/2025'
    """
    return reason_text(s.get(f"{key}_why") or {"code": "not_computable"}, lang)


def _market(code: str, lang: str) -> str:
    return text("other_markets", lang) if code == "OTHER" else display_name(code, lang=lang)


def month_sentence(s: dict, lang: str) -> str:
    """The month's departures (and women), or why they are missing."""
    year, month = map(int, s["period"].split("-"))
    when = format_period(year, month, lang)
    if s["month_total"] is None:
        return (f"No figure for {when} has been published or can be derived."
                if lang == "en" else f"Không có số liệu công bố hoặc tính được cho {when}.")
    female = s.get("month_female")
    derived = s.get("month_total_method") == "derived"
    if lang == "en":
        out = (f"In {when}, {_about(s.get('month_qualifier'), lang)}"
               f"{_n(s['month_total'], lang)} workers left for jobs abroad")
        out += f" ({_n(female, lang)} of them women)" if female is not None else ""
        out += " (derived from year-to-date totals)" if derived else ""
        return out + "."
    out = (f"Trong {when}, {_about(s.get('month_qualifier'), lang)}{_n(s['month_total'], lang)} "
           "lao động đi làm việc ở nước ngoài")
    out += f" ({_n(female, lang)} lao động nữ)" if female is not None else ""
    out += " (tính từ số lũy kế)" if derived else ""
    return out + "."


def ytd_sentence(s: dict, lang: str) -> str:
    """The year-to-date total, women and their share."""
    year, month = map(int, s["period"].split("-"))
    span = format_ytd(year, month, lang)
    if s["ytd_total"] is None:
        return (f"No total for {span} has been published." if lang == "en"
                else f"Chưa có số liệu lũy kế {span}.")
    total = _about(s.get("ytd_qualifier"), lang) + _n(s["ytd_total"], lang)
    if lang == "en":
        out = f"In {span}, {total} workers left"
        if s.get("ytd_female") is not None:
            out += (f", {_n(s['ytd_female'], lang)} of them women "
                    f"({_p(s['female_share_ytd'], lang)})")
        return out + "."
    out = f"Lũy kế {span} có {total} lao động xuất cảnh"
    if s.get("ytd_female") is not None:
        out += f", trong đó {_n(s['ytd_female'], lang)} lao động nữ ({_p(s['female_share_ytd'], lang)})"
    return out + "."


def attainment_sentence(s: dict, lang: str) -> str:
    """Computed % of the plan against the stated %, with the verdict."""
    if s["attainment_pct"] is None:
        why = reason(s, "attainment_pct", lang)
        return (f"Attainment of the annual plan cannot be computed ({why})." if lang == "en"
                else f"Không tính được tỷ lệ thực hiện kế hoạch năm ({why}).")
    computed = _p(s["attainment_pct"], lang)
    plan = _n(s["target"], lang)
    if lang == "en":
        out = f"That is {computed} of the {plan} plan by calculation"
        if s["attainment_pct_stated"] is not None:
            out += (f"; the bulletin states {_p(s['attainment_pct_stated'], lang)}, which is "
                    f"{VERDICTS[s['attainment_verdict']]['en']}")
        return out + "."
    out = f"Như vậy đạt {computed} kế hoạch {plan} người (tính toán)"
    if s["attainment_pct_stated"] is not None:
        out += (f"; bản tin nêu {_p(s['attainment_pct_stated'], lang)}, "
                f"{VERDICTS[s['attainment_verdict']]['vi']}")
    return out + "."


def top_markets_sentence(s: dict, lang: str) -> str:
    """The leading markets of the year to date."""
    top = s.get("top_markets")
    if not top:
        why = reason(s, "top_markets", lang)
        return (f"No market figures are available ({why})." if lang == "en"
                else f"Không có số liệu theo thị trường ({why}).")
    parts = [f"{_market(m['market'], lang)} {_n(m['ytd'], lang)} ({_p(m['share'], lang)})"
             for m in top]
    lead = _market(top[0]["market"], lang)
    if lang == "en":
        return f"{lead} leads the markets so far this year: " + ", ".join(parts) + "."
    return f"{lead} dẫn đầu các thị trường từ đầu năm: " + ", ".join(parts) + "."


def yoy_sentence(s: dict, lang: str) -> str:
    """Change against the same months of last year."""
    change = s.get("yoy_ytd_change_pct")
    if change is None:
        why = reason(s, "yoy_ytd_change_pct", lang)
        return (f"No comparison with the same months of last year ({why})." if lang == "en"
                else f"Không so sánh được với cùng kỳ năm trước ({why}).")
    approx = s.get("yoy_qualifier") != "exact"
    last = _about(s.get("ytd_last_year_qualifier"), lang) + _n(s.get("ytd_last_year"), lang)
    about = ("about " if lang == "en" else "khoảng ") if approx else ""
    if lang == "en":
        word = "up" if change >= 0 else "down"
        return (f"That is {about}{_p(abs(change), lang)} {word} on the same months of last year "
                f"({last}).")
    word = "tăng" if change >= 0 else "giảm"
    return f"So với cùng kỳ năm trước ({last}), {word} {about}{_p(abs(change), lang)}."


def concentration_sentence(s: dict, lang: str) -> str:
    """Top-3 share and HHI of the year to date."""
    if s.get("hhi") is None:
        why = reason(s, "hhi", lang)
        return (f"Concentration cannot be measured ({why})." if lang == "en"
                else f"Không đo được mức độ tập trung ({why}).")
    if lang == "en":
        return (f"The three largest markets take {_p(s['top3_share'], lang)} of departures; "
                f"the Herfindahl–Hirschman index is {_n(s['hhi'], lang)} "
                f"(above 2,500 counts as highly concentrated).")
    return (f"Ba thị trường lớn nhất chiếm {_p(s['top3_share'], lang)} số lao động xuất cảnh; "
            f"chỉ số Herfindahl–Hirschman là {_n(s['hhi'], lang)} "
            f"(trên 2.500 được coi là tập trung cao).")


def pace_sentences(s: dict, lang: str) -> list[str]:
    """Calendar and seasonal pace, projection and the rate still needed."""
    out = []
    if s["period"].endswith("-12"):
        total = s.get("ytd_total")
        if total is None:
            return ["The year is over; its total has not been published." if lang == "en" else
                    "Năm đã kết thúc; chưa có số liệu cả năm."]
        about = _about(s.get("ytd_qualifier"), lang)
        return [f"The year is over: {about}{_n(total, lang)} workers left in all." if lang == "en"
                else f"Năm đã kết thúc: tổng cộng {about}{_n(total, lang)} lao động xuất cảnh."]
    cal, sea = _p(s["calendar_pace_pct"], lang), _p(s.get("seasonal_pace_pct"), lang)
    years = ", ".join(map(str, s.get("seasonal_years") or []))
    if lang == "en":
        out.append(f"By the calendar, {cal} of the year has passed.")
        if s.get("seasonal_pace_pct") is not None:
            out.append(f"In past normal years ({years}) a median {sea} of the year's departures "
                       "had left by the same month.")
        else:
            out.append(f"No seasonal pace: {reason(s, 'seasonal_pace_pct', lang)}.")
    else:
        out.append(f"Theo thời gian, đã qua {cal} của năm.")
        if s.get("seasonal_pace_pct") is not None:
            out.append(f"Trong các năm bình thường trước đây ({years}), đến cùng tháng đã có "
                       f"trung vị {sea} số lao động của cả năm xuất cảnh.")
        else:
            out.append(f"Không có tiến độ theo mùa: {reason(s, 'seasonal_pace_pct', lang)}.")
    proj = s.get("projection_year_end")
    if proj:
        lo, mid, hi = (_n(proj[k], lang) for k in ("low", "mid", "high"))
        out.append(f"At that pace the year would end near {mid} (between {lo} and {hi})."
                   if lang == "en" else
                   f"Với tiến độ đó, cả năm sẽ đạt khoảng {mid} (từ {lo} đến {hi}).")
    else:
        why = reason(s, "projection_year_end", lang)
        out.append(f"No year-end projection ({why})." if lang == "en"
                   else f"Không dự báo được cuối năm ({why}).")
    rate = s.get("required_monthly_rate")
    if rate is not None:
        r = _n(rate, lang)
        if rate == 0:
            out.append("The plan is already met." if lang == "en" else "Kế hoạch đã hoàn thành.")
        else:
            out.append(f"Meeting the plan needs {r} departures a month for the rest of the year."
                       if lang == "en" else
                       f"Để hoàn thành kế hoạch cần bình quân {r} lao động mỗi tháng còn lại.")
    return out


def plan_text(row: pd.Series, lang: str) -> str:
    """A plan as shown in the history table: single, range or adjusted."""
    if pd.isna(row.get("plan")):
        return "–"
    if row["kind"] == "range":
        return text("kind_range", lang, low=_n(row["low"], lang), high=_n(row["high"], lang))
    if row["kind"] == "adjusted":
        return (_n(row["adjusted"], lang) + " (" +
                text("kind_adjusted", lang, original=_n(row["original"], lang)) + ")")
    return _n(row["plan"], lang)


# -- captions and alt texts ------------------------------------------------------------


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
    peak = known.loc[known["departures"].idxmax()]
    missing = int((window["method"] == "missing").sum())
    where = format_period(int(peak["year"]), int(peak["month"]), lang)
    name = _market(peak["market"], lang)
    if lang == "en":
        return (f"Line chart. The highest monthly figure shown is {name} with "
                f"{_n(peak['departures'], lang)} in {where}; {missing} market-months have no "
                "figure and are left as gaps.")
    return (f"Biểu đồ đường. Số tháng cao nhất là {name} với {_n(peak['departures'], lang)} "
            f"lao động ({where}); {missing} tháng-thị trường không có số liệu, để trống.")


def ranking_alt(table: pd.DataFrame, year: int, lang: str) -> str:
    """Alt text of the ranking chart."""
    top = table.iloc[0]
    change = top["change_pct"]
    name = _market(top["market"], lang)
    if lang == "en":
        tail = ("" if pd.isna(change) else
                f", {_p(abs(change), lang)} {'more' if change >= 0 else 'fewer'} than a year before")
        return (f"Bar chart. {name} ranks first in {year} so far with {_n(top['ytd'], lang)} "
                f"workers{tail}.")
    tail = ("" if pd.isna(change) else
            f", {'tăng' if change >= 0 else 'giảm'} {_p(abs(change), lang)} so với cùng kỳ")
    return (f"Biểu đồ cột. {name} đứng đầu từ đầu năm {year} với {_n(top['ytd'], lang)} "
            f"lao động{tail}.")


def concentration_alt(conc: pd.DataFrame, lang: str) -> str:
    """Alt text of the concentration chart."""
    hi = conc.loc[conc["hhi"].idxmax()]
    lo = conc.loc[conc["hhi"].idxmin()]
    if lang == "en":
        return (f"Line chart of the HHI by year: highest {_n(hi['hhi'], lang)} in "
                f"{int(hi['year'])}, lowest {_n(lo['hhi'], lang)} in {int(lo['year'])}; every "
                "year is above 2,500, highly concentrated.") if lo["hhi"] > 2500 else (
            f"Line chart of the HHI by year: highest {_n(hi['hhi'], lang)} in {int(hi['year'])}, "
            f"lowest {_n(lo['hhi'], lang)} in {int(lo['year'])}.")
    return (f"Biểu đồ đường chỉ số HHI theo năm: cao nhất {_n(hi['hhi'], lang)} năm "
            f"{int(hi['year'])}, thấp nhất {_n(lo['hhi'], lang)} năm {int(lo['year'])}.")


def female_trend_alt(shares: pd.DataFrame, lang: str) -> str:
    """Alt text of the female-share chart."""
    ytd = shares[shares["span"].isin(["ytd", "year"])]
    base = ytd if not ytd.empty else shares
    hi, lo = base.loc[base["share"].idxmax()], base.loc[base["share"].idxmin()]

    def when(r: pd.Series) -> str:
        return format_ytd(int(r["year"]), int(r["month_to"]), lang)

    if lang == "en":
        return (f"Female share of departures: from {_p(lo['share'] * 100, lang)} ({when(lo)}) to "
                f"{_p(hi['share'] * 100, lang)} ({when(hi)}) over the periods shown.")
    return (f"Tỷ lệ nữ: từ {_p(lo['share'] * 100, lang)} ({when(lo)}) đến "
            f"{_p(hi['share'] * 100, lang)} ({when(hi)}) trong các kỳ được thể hiện.")


def female_market_alt(shares: pd.DataFrame, lang: str) -> str:
    """Alt text of the female share by market chart."""
    rows = shares.sort_values("share", ascending=False)
    hi, lo = rows.iloc[0], rows.iloc[-1]
    if lang == "en":
        return (f"Bar chart: {_market(hi['market'], lang)} has the highest female share, "
                f"{_p(hi['share'] * 100, lang)}; {_market(lo['market'], lang)} the lowest, "
                f"{_p(lo['share'] * 100, lang)}.")
    return (f"Biểu đồ cột: {_market(hi['market'], lang)} có tỷ lệ nữ cao nhất, "
            f"{_p(hi['share'] * 100, lang)}; {_market(lo['market'], lang)} thấp nhất, "
            f"{_p(lo['share'] * 100, lang)}.")


def attainment_alt(s: dict, lang: str) -> str:
    """Alt text of the attainment chart."""
    if s["ytd_total"] is None or s["target"] is None:
        return ("Year-to-date chart; the plan or the total is missing." if lang == "en"
                else "Biểu đồ lũy kế; thiếu kế hoạch hoặc số tổng.")
    if lang == "en":
        return (f"Year to date {_n(s['ytd_total'], lang)} against the {_n(s['target'], lang)} "
                f"plan: {_p(s['attainment_pct'], lang)} done with {_p(s['calendar_pace_pct'], lang)} "
                "of the year gone.")
    return (f"Lũy kế {_n(s['ytd_total'], lang)} so với kế hoạch {_n(s['target'], lang)}: đạt "
            f"{_p(s['attainment_pct'], lang)} khi đã qua {_p(s['calendar_pace_pct'], lang)} "
            "thời gian của năm.")


def history_alt(history: pd.DataFrame, lang: str) -> str:
    """Alt text of the plan history chart."""
    done = history.dropna(subset=["actual", "plan"])
    met = done[done["actual"] >= done["plan"]]
    missed = done[done["actual"] < done["plan"]]
    years = ", ".join(str(int(y)) for y in missed["year"]) or "–"
    if lang == "en":
        return (f"Bar chart of annual departures against plans: the plan was met in {len(met)} of "
                f"{len(done)} years; missed in {years}.")
    return (f"Biểu đồ cột số xuất cảnh các năm so với kế hoạch: đạt kế hoạch {len(met)} trên "
            f"{len(done)} năm; không đạt năm {years}.")


# -- tables (strings, in the report's language) -----------------------------------------


def _q(qualifier: str, lang: str) -> str:
    return text(f"q_{qualifier}", lang) if qualifier else "–"


def _months(month_from: int, month_to: int, year: int, lang: str) -> str:
    if month_from == month_to:
        return format_period(year, month_to, lang)
    if month_from == 1:
        return format_ytd(year, month_to, lang)
    if lang == "vi":
        return f"tháng {month_from}–{month_to}/{year}"
    return f"{format_period(year, month_from, lang).split()[0]}–{format_period(year, month_to, lang)}"


def ranking_table(yoy: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Year to date by market against the same months last year."""
    return pd.DataFrame({
        text("col_market", lang): [_market(m, lang) if m != "ALL" else text("col_total", lang)
                                   for m in yoy["market"]],
        text("ytd", lang): [_n(v, lang) for v in yoy["ytd"]],
        text("col_last_year", lang): [_about(q, lang) + _n(v, lang) if pd.notna(v) else "–"
                                      for v, q in zip(yoy["ytd_last"], yoy["qualifier_last"],
                                                      strict=True)],
        text("col_change", lang): [_p(v, lang) for v in yoy["change_pct"]],
        text("col_qualifier", lang): [_q(q, lang) for q in yoy["qualifier"]],
    })


def concentration_table(conc: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Top-3 share and HHI per year, with the months the figures cover."""
    return pd.DataFrame({
        text("col_year", lang): [str(int(y)) for y in conc["year"]],
        text("col_months", lang): [_months(1, int(m), int(y), lang)
                                   for y, m in zip(conc["year"], conc["month_to"], strict=True)],
        text("col_markets", lang): [str(int(v)) for v in conc["markets"]],
        text("col_top3", lang): [_p(v * 100, lang) for v in conc["top3_share"]],
        text("col_hhi", lang): [_n(v, lang) for v in conc["hhi"]],
    })


def others_table(others: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Markets beyond the big three: latest figure in the year."""
    return pd.DataFrame({
        text("col_market", lang): [_market(m, lang) + (" (EU/Europe)" if e and lang == "en" else
                                                       " (châu Âu)" if e else "")
                                   for m, e in zip(others["market"], others["europe"],
                                                   strict=True)],
        text("col_period", lang): [_months(int(a), int(b), year, lang) for a, b in
                                   zip(others["month_from"], others["month_to"], strict=True)],
        text("col_value", lang): [_n(v, lang) for v in others["value"]],
        text("col_qualifier", lang): [_q(q, lang) for q in others["qualifier"]],
    })


def figures_table(facts: pd.DataFrame, *, year: int, month: int, scope: str, lang: str
                  ) -> pd.DataFrame:
    """Every published figure of the period (the month and the year to date), as printed."""
    facts = preferred(facts)
    f = facts[(facts["scope"] == scope) & (facts["year"] == year) & (facts["month_to"] == month)
              & facts["month_from"].isin([1, month])]
    f = f.sort_values(["measure", "month_from", "market", "sex"])
    measures = {m: text(f"measure_{m}", lang) for m in
                ("departures", "attainment_pct", "target", "stock", "demand", "quota")}
    return pd.DataFrame({
        text("col_period", lang): [_months(int(a), int(b), year, lang)
                                   for a, b in zip(f["month_from"], f["month_to"], strict=True)],
        text("col_item", lang): [measures.get(m, m) for m in f["measure"]],
        text("col_market", lang): [_market(m, lang) if m != "ALL" else text("col_total", lang)
                                   for m in f["market"]],
        text("col_sex", lang): [text(s, lang) for s in f["sex"]],
        text("col_value", lang): [_p(v, lang) if m == "attainment_pct" else _n(v, lang)
                                  for v, m in zip(f["value"], f["measure"], strict=True)],
        text("col_qualifier", lang): [_q(q, lang) for q in f["qualifier"]],
        text("col_quote", lang): [_clip(q) for q in f["quote"].fillna("")],
    }), list(f["source"])


def _clip(quote: str, limit: int = 140) -> str:
    """A bulletin's sentence, shortened for a table cell (the cell escapes it)."""
    quote = " ".join(str(quote).split())
    if not quote:
        return "–"
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


def female_market_table(shares: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Female counts and shares by market for one period."""
    rows = shares.sort_values("total", ascending=False)
    return pd.DataFrame({
        text("col_market", lang): [_market(m, lang) if m != "ALL" else text("col_total", lang)
                                   for m in rows["market"]],
        text("col_total", lang): [_n(v, lang) for v in rows["total"]],
        text("col_female", lang): [_n(v, lang) for v in rows["female"]],
        text("female_share", lang): [_p(v * 100, lang) for v in rows["share"]],
    })


def missing_table(s: dict, lang: str, keys: tuple[str, ...]) -> pd.DataFrame:
    """The summary's values that are missing, each with its reason."""
    rows = [(text(f"figure_{k}", lang), reason(s, k, lang)) for k in keys if s.get(k) is None]
    return pd.DataFrame(rows, columns=[text("col_item", lang), text("col_reason", lang)])


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Annual totals against plans, ranges and adjustments spelled out."""
    rows = history.dropna(subset=["plan", "actual"], how="all").sort_values("year",
                                                                              ascending=False)
    return pd.DataFrame({
        text("col_year", lang): [str(int(y)) for y in rows["year"]],
        text("col_plan", lang): [plan_text(r, lang) for _, r in rows.iterrows()],
        text("col_actual", lang): [
            ("" if q in ("exact", "") or pd.isna(v) else _q(q, lang) + " ") + _n(v, lang)
            for v, q in zip(rows["actual"], rows["actual_qualifier"].fillna(""), strict=True)],
        text("col_attainment", lang): [
            _p(a, lang) + ("" if pd.isna(o) else f" ({_p(o, lang)} / {_n(orig, lang)})")
            for a, o, orig in zip(rows["attainment_pct"], rows["attainment_original_pct"],
                                  rows["original"], strict=True)],
    })


def seasonal_table(pace: pd.DataFrame, month: int, lang: str) -> pd.DataFrame:
    """Past years' share of the annual total reached by ``month``."""
    return pd.DataFrame({
        text("col_year", lang): [str(int(y)) for y in pace["year"]],
        text("col_by_month", lang, month=month_abbr(month, lang)): [_n(v, lang)
                                                                   for v in pace["ytd"]],
        text("col_whole_year", lang): [_n(v, lang) for v in pace["annual"]],
        text("col_share", lang): [_p(v * 100, lang) for v in pace["share"]],
    })


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
        lead = (f"{len(europe)} European market(s) appear in the {year} figures. "
                if len(europe) else "No European market appears in this year's figures. ")
        return lead + f"Beyond the three main markets: {named} (latest figure of each)."
    lead = (f"Có {len(europe)} thị trường châu Âu trong số liệu năm {year}. "
            if len(europe) else "Không có thị trường châu Âu nào trong số liệu năm nay. ")
    return lead + f"Ngoài ba thị trường chính: {named} (số mới nhất của mỗi thị trường)."


def female_month_vs_ytd_sentence(s: dict, lang: str) -> str:
    """Compare the month's female share with the year to date's."""
    month, ytd = s.get("female_share_month"), s.get("female_share_ytd")
    if month is None or ytd is None:
        why = reason(s, "female_share_month" if month is None else "female_share_ytd", lang)
        return (f"This month cannot be compared with the year to date ({why})." if lang == "en"
                else f"Không so sánh được tháng này với lũy kế ({why}).")
    diff = month - ytd
    if lang == "en":
        side = "above" if diff > 0 else "below" if diff < 0 else "equal to"
        gap = f"{_n(abs(diff), lang, 1)} points " if diff else ""
        return (f"Women were {_p(month, lang)} of this month's departures, {gap}{side} the "
                f"year-to-date share of {_p(ytd, lang)}.")
    side = "cao hơn" if diff > 0 else "thấp hơn" if diff < 0 else "bằng"
    gap = f" {_n(abs(diff), lang, 1)} điểm phần trăm" if diff else ""
    return (f"Lao động nữ chiếm {_p(month, lang)} số xuất cảnh trong tháng, {side}{gap} so với "
            f"tỷ lệ lũy kế {_p(ytd, lang)}.")


def no_female_sentence(lang: str) -> str:
    """No female counts at all in the window."""
    return ("No female counts are published for these years." if lang == "en"
            else "Không có số liệu lao động nữ cho các năm này.")


def no_female_market_sentence(s: dict, lang: str) -> str:
    """No female counts by market for the period."""
    year, month = map(int, s["period"].split("-"))
    span = format_ytd(year, month, lang)
    return (f"No female counts by market are published for {span}." if lang == "en"
            else f"Không có số liệu lao động nữ theo thị trường cho {span}.")


def nothing_missing_sentence(lang: str) -> str:
    """Every headline figure is there."""
    return ("Every headline figure of this report is published." if lang == "en"
            else "Tất cả số liệu chính của báo cáo đều đã được công bố.")


_CAPTIONS = {
    "ranking": ("Departures by market, {ytd}, against the same months of {last}.",
                "Số lao động xuất cảnh theo thị trường, {ytd}, so với cùng kỳ năm {last}."),
    "concentration": ("Market concentration by year: top-3 share and Herfindahl–Hirschman index "
                      "over the markets each year's figures name.",
                      "Mức độ tập trung thị trường theo năm: tỷ trọng 3 thị trường lớn nhất và "
                      "chỉ số Herfindahl–Hirschman trên các thị trường được nêu."),
    "others": ("Markets beyond Japan, Taiwan and Korea in {year}: the latest figure of each.",
               "Các thị trường ngoài Nhật Bản, Đài Loan, Hàn Quốc năm {year}: số mới nhất."),
    "figures": ("Every published figure for {month} and {ytd}, as printed.",
                "Các số liệu đã công bố cho {month} và {ytd}, đúng như bản tin."),
    "female_trend": ("Female share of departures: single months and year-to-date totals, "
                     "up to {month}.",
                     "Tỷ lệ lao động nữ: theo tháng và lũy kế, đến {month}."),
    "female_market": ("Female share by market, {ytd}.", "Tỷ lệ lao động nữ theo thị trường, {ytd}."),
    "missing": ("Headline figures not available for {month}, and why.",
                "Số liệu chính chưa có cho {month} và lý do."),
    "attainment": ("Year-to-date departures in {year} against the plan, the calendar pace and "
                   "the year-end projection.",
                   "Số lũy kế năm {year} so với kế hoạch, tiến độ theo thời gian và dự báo "
                   "cuối năm."),
    "seasonal": ("Share of the annual total reached by the end of the same month in past "
                 "normal years.",
                 "Tỷ lệ so với cả năm đạt được đến hết cùng tháng trong các năm bình thường "
                 "trước đây."),
    "history": ("Annual departures against the plan of each year, up to {year}; ranges and "
                "adjusted plans as published.",
                "Số xuất cảnh các năm so với kế hoạch từng năm, đến {year}; kế hoạch dạng "
                "khoảng và kế hoạch điều chỉnh như đã công bố."),
}


def caption(key: str, *, year: int, month: int, lang: str) -> str:
    """The caption of a report's figure or table ``key`` for a period."""
    template = _CAPTIONS[key][0 if lang == "en" else 1]
    return template.format(ytd=format_ytd(year, month, lang), last=year - 1, year=year,
                           month=format_period(year, month, lang))
