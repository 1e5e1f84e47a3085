"""The tables a report shows, as strings in the report's language.

Each function takes an analysis frame (:mod:`labexport.analysis.indicators`) or the
period summary and returns a frame of formatted cells; :meth:`labexport.report.page.Report.table`
escapes and shows it. A value computed from a rounded figure is marked ``≈``.
"""

from __future__ import annotations

import pandas as pd

from labexport.analysis.summary_types import PeriodSummary
from labexport.data.prefer import preferred
from labexport.report.phrases import (
    about,
    approx_num,
    approx_pct,
    market,
    num,
    pct,
    pct_as_printed,
    reason,
)
from labexport.report.wording import (
    format_change,
    format_period,
    format_ytd,
    month_abbr,
    plural_text,
    text,
)


def plan_text(row: pd.Series, lang: str) -> str:
    """A plan as shown in the history table: single, range or adjusted, or derived.

    A year with no published plan shows the plan its stated percentage implies
    (``implied_plan``), marked derived; with neither, ``–``.
    """
    if pd.isna(row.get("plan")):
        implied = row.get("implied_plan")
        return "–" if implied is None or pd.isna(implied) else text(
            "plan_derived", lang, plan=num(implied, lang))
    if row["kind"] == "range":
        return text("kind_range", lang, low=num(row["low"], lang), high=num(row["high"], lang))
    if row["kind"] == "adjusted":
        return (num(row["adjusted"], lang) + " (" +
                text("kind_adjusted", lang, original=num(row["original"], lang)) + ")")
    return num(row["plan"], lang)


def _q(qualifier: str, lang: str) -> str:
    return text(f"q_{qualifier}", lang) if qualifier else "–"


def _months(month_from: int, month_to: int, year: int, lang: str) -> str:
    if month_from == month_to:
        return format_period(year, month_to, lang)
    if month_from == 1:
        return format_ytd(year, month_to, lang)
    if lang == "vi":
        return f"tháng {month_from}–{month_to}/{year}"
    first = format_period(year, month_from, lang).split()[0]
    return f"{first}–{format_period(year, month_to, lang)}"


def ranking_table(yoy: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Year to date by market against the same months last year."""
    return pd.DataFrame({
        text("col_market", lang): [market(m, lang) if m != "ALL" else text("col_total", lang)
                                   for m in yoy["market"]],
        text("ytd", lang): [num(v, lang) for v in yoy["ytd"]],
        text("col_last_year", lang): [about(q, lang) + num(v, lang) if pd.notna(v) else "–"
                                      for v, q in zip(yoy["ytd_last"], yoy["qualifier_last"],
                                                      strict=True)],
        text("col_change", lang): [format_change(v, lang, approximate=bool(a)) for v, a in
                                   zip(yoy["change_pct"], _column(yoy, "approximate", False),
                                       strict=True)],
        text("col_qualifier", lang): [_q(q, lang) for q in yoy["qualifier"]],
    })


def basis_reason(why_not: str, markets: int, month_to: int, lang: str) -> str:
    """Why a year's concentration is not comparable, in words (``why_not`` of ``concentration``).

    >>> basis_reason("few_markets", 3, 12, "en"), basis_reason("one_month", 6, 1, "vi")
    ('3 markets named', 'một tháng (T1)')
    """
    if why_not == "few_markets":
        return plural_text("n_markets_named", markets, lang)
    if why_not == "one_month":
        return text("basis_one_month", lang, month=month_abbr(month_to, lang))
    return text("basis_no_leading", lang)


def basis_text(why_not: str, markets: int, month_to: int, lang: str) -> str:
    """A year's concentration basis: ``comparable``, or ``not comparable:`` and why.

    >>> basis_text("", 13, 12, "en"), basis_text("few_markets", 3, 12, "en")
    ('comparable', 'not comparable: 3 markets named')
    """
    if not why_not:
        return text("basis_comparable", lang)
    return text("basis_not", lang, why=basis_reason(why_not, markets, month_to, lang))


def concentration_table(conc: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Top-3 share and HHI per year, with the months the figures cover and their basis.

    The basis says whether a year compares with the others (``comparable``) or why
    not ("not comparable: 3 markets named", "not comparable: one month (Jan)");
    a share or index computed from a rounded figure is marked ``≈``.
    """
    rough = [q != "exact" for q in _column(conc, "qualifier", "exact")]
    return pd.DataFrame({
        text("col_year", lang): [str(int(y)) for y in conc["year"]],
        text("col_months", lang): [_months(1, int(m), int(y), lang)
                                   for y, m in zip(conc["year"], conc["month_to"], strict=True)],
        text("col_markets", lang): [str(int(v)) for v in conc["markets"]],
        text("col_top3", lang): [approx_pct(v * 100, lang, r)
                                 for v, r in zip(conc["top3_share"], rough, strict=True)],
        text("col_hhi", lang): [approx_num(v, lang, r)
                                for v, r in zip(conc["hhi"], rough, strict=True)],
        text("col_basis", lang): [basis_text(w, int(n), int(m), lang) for w, n, m in zip(
            _column(conc, "why_not", ""), conc["markets"], conc["month_to"], strict=True)],
    })


def others_table(others: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Markets beyond the big three: latest figure in the year."""
    return pd.DataFrame({
        text("col_market", lang): [market(m, lang) + (" (EU/Europe)" if e and lang == "en" else
                                                       " (châu Âu)" if e else "")
                                   for m, e in zip(others["market"], others["europe"],
                                                   strict=True)],
        text("col_period", lang): [_months(int(a), int(b), year, lang) for a, b in
                                   zip(others["month_from"], others["month_to"], strict=True)],
        text("col_value", lang): [num(v, lang) for v in others["value"]],
        text("col_qualifier", lang): [_q(q, lang) for q in others["qualifier"]],
    })


def figures_table(facts: pd.DataFrame, *, year: int, month: int, scope: str, lang: str
                  ) -> tuple[pd.DataFrame, list[str]]:
    """Every published figure of the period (the month and the year to date), as printed.

    Returns the table and the source of each of its rows (for the table's source note).
    """
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
        text("col_market", lang): [market(m, lang) if m != "ALL" else text("col_total", lang)
                                   for m in f["market"]],
        text("col_sex", lang): [text(s, lang) for s in f["sex"]],
        text("col_value", lang): [pct_as_printed(v, lang) if m == "attainment_pct"
                                  else num(v, lang)
                                  for v, m in zip(f["value"], f["measure"], strict=True)],
        text("col_qualifier", lang): [_q(q, lang) for q in f["qualifier"]],
        text("col_status", lang): [text(f"status_{c}", lang) if c else "–"
                                   for c in _column(f, "obs_status", "")],
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
        text("col_market", lang): [market(m, lang) if m != "ALL" else text("col_total", lang)
                                   for m in rows["market"]],
        text("col_total", lang): [num(v, lang) for v in rows["total"]],
        text("col_female", lang): [num(v, lang) for v in rows["female"]],
        text("female_share", lang): [approx_pct(v * 100, lang, q != "exact") for v, q in
                                     zip(rows["share"], _column(rows, "qualifier", "exact"),
                                         strict=True)],
    })


def missing_table(s: PeriodSummary, lang: str, keys: tuple[str, ...]) -> pd.DataFrame:
    """The summary's values that are missing, each with its reason."""
    rows = [(text(f"figure_{k}", lang), reason(s.why(k), lang)) for k in keys
            if getattr(s, k) is None]
    return pd.DataFrame(rows, columns=[text("col_item", lang), text("col_reason", lang)])


def history_table(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Annual totals against plans, ranges and adjustments spelled out."""
    rows = history.dropna(subset=["plan", "actual"], how="all").sort_values("year",
                                                                              ascending=False)
    return pd.DataFrame({
        text("col_year", lang): [str(int(y)) for y in rows["year"]],
        text("col_plan", lang): [plan_text(r, lang) for _, r in rows.iterrows()],
        text("col_actual", lang): [
            ("" if q in ("exact", "") or pd.isna(v) else _q(q, lang) + " ") + num(v, lang)
            for v, q in zip(rows["actual"], rows["actual_qualifier"].fillna(""), strict=True)],
        text("col_attainment", lang): [
            _attainment_cell(a, o, orig, stated, lang, rough=_rough(q_actual, q_plan))
            for a, o, orig, stated, q_actual, q_plan in zip(
                rows["attainment_pct"], rows["attainment_original_pct"], rows["original"],
                _column(rows, "stated_pct"), _column(rows, "actual_qualifier", ""),
                _column(rows, "qualifier", ""), strict=True)],
    })


def _column(frame: pd.DataFrame, name: str, default: object = float("nan")) -> pd.Series:
    """``frame[name]``, or ``default`` throughout if it has no such column."""
    return frame[name] if name in frame else pd.Series(default, index=frame.index)


def _rough(*qualifiers: object) -> bool:
    """Whether one of the qualifiers of a value's inputs is a rounding (not exact, not blank)."""
    return any(isinstance(q, str) and q not in ("", "exact") for q in qualifiers)


def _attainment_cell(computed: float, of_original: float, original: float, stated: float,
                     lang: str, *, rough: bool = False) -> str:
    """The history table's % of plan: computed (and of the original plan), else as stated.

    A percentage computed from a rounded total or plan is marked ``≈``.
    """
    if pd.isna(computed) and not pd.isna(stated):
        return text("pct_stated", lang, pct=pct_as_printed(stated, lang))
    return approx_pct(computed, lang, rough) + (
        "" if pd.isna(of_original)
        else f" ({approx_pct(of_original, lang, rough)} / {num(original, lang)})")


def implied_plan_table(s: PeriodSummary, implied: float, lang: str) -> pd.DataFrame:
    """The year to date against the plan the stated % implies: one row, the plan marked derived."""
    year, month = (int(v) for v in s.period.split("-"))
    return pd.DataFrame({
        text("col_period", lang): [format_ytd(year, month, lang)],
        text("ytd", lang): [about(s.ytd_qualifier, lang) + num(s.ytd_total, lang)],
        text("col_attainment", lang): [text("pct_stated", lang,
                                            pct=pct_as_printed(s.attainment_pct_stated, lang))],
        text("col_plan", lang): [text("plan_derived", lang, plan=num(implied, lang))],
    })


def seasonal_table(pace: pd.DataFrame, month: int, lang: str) -> pd.DataFrame:
    """Past years' share of the annual total reached by ``month``."""
    return pd.DataFrame({
        text("col_year", lang): [str(int(y)) for y in pace["year"]],
        text("col_by_month", lang, month=month_abbr(month, lang)): [num(v, lang)
                                                                   for v in pace["ytd"]],
        text("col_whole_year", lang): [num(v, lang) for v in pace["annual"]],
        text("col_share", lang): [pct(v * 100, lang) for v in pace["share"]],
    })
