"""The headline indicators of one period: :func:`summarize_period`.

It returns a :class:`~labexport.analysis.summary_types.PeriodSummary` (numbers and
reason codes only; the types are re-exported here). A value that cannot be
computed is ``None``, and ``summary.missing`` says why with a
:class:`~labexport.analysis.summary_types.Missing`; the report layer words it
(:func:`labexport.report.phrases.reason`).

Worked examples use the July 2025 DOLAB bulletin: 11,090 workers in July
(3,374 women); 85,781 in January-July (28,991 women); plan 130,000; stated 65.9%.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

import pandas as pd

from labexport.analysis.attainment import (
    DISRUPTED_YEARS,
    attainment_pct,
    calendar_pace_pct,
    implied_plan,
    plans_by_year,
    project_year_end,
    required_monthly_rate,
    seasonal_pace,
)
from labexport.analysis.checks import stated_pct_verdict
from labexport.analysis.growth import yoy_change
from labexport.analysis.lookup import Figure, find_figure
from labexport.analysis.panel import monthly_panel
from labexport.analysis.shares import comparability, hhi, market_shares
from labexport.analysis.summary_types import (
    NOT_COMPUTABLE,
    MarketShare,
    Missing,
    PeriodSummary,
    Projection,
)
from labexport.core.markets import ALL
from labexport.data.prefer import preferred

__all__ = ["NOT_COMPUTABLE", "MarketShare", "Missing", "PeriodSummary", "Projection",
           "implied_target", "summarize_period"]

T = TypeVar("T")


# -- computing it ------------------------------------------------------------------------


class _Period:
    """One period's lookups, keeping every source used and the reason of every gap."""

    def __init__(self, facts: pd.DataFrame, *, year: int, month: int, scope: str) -> None:
        self.facts, self.year, self.month, self.scope = facts, year, month, scope
        self.sources: set[str] = set()
        self.missing: dict[str, Missing] = {}
        self.approx: set[str] = set()
        self.plan_qualifier: str | None = None

    def fig(self, month_from: int, month_to: int, *, measure: str = "departures",
            sex: str = "total") -> Figure | None:
        """The preferred all-markets figure of a span of the year, its source kept."""
        found = find_figure(self.facts, scope=self.scope, year=self.year, month_from=month_from,
                            month_to=month_to, measure=measure, sex=sex)
        if found is not None:
            self.sources.add(found.source)
        return found

    def keep(self, name: str, value: T | None, why: Missing = NOT_COMPUTABLE) -> T | None:
        """``value`` (NaN as ``None``); if it is missing, keep ``why`` for ``name``."""
        if isinstance(value, float) and math.isnan(value):
            value = None
        if value is None:
            self.missing[name] = why
        return value

    def rough(self, fields: _Fields, name: str, *qualifiers: str | None) -> None:
        """Mark ``name`` approximate if it has a value and one of its inputs is rounded.

        ``qualifiers`` are those of the figures it is computed from (``None`` for an
        input that is not there, which makes no value anyway).
        """
        if fields[name] is not None and any(q not in (None, "exact") for q in qualifiers):
            self.approx.add(name)

    def month_why(self, code: str, year: int | None = None) -> Missing:
        """A reason naming the month and the year (this year unless given)."""
        return Missing(code, {"month": self.month, "year": self.year if year is None else year})


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def _value(found: Figure | None) -> float | None:
    return None if found is None else found.value


def _qualifier(found: Figure | None) -> str | None:
    return None if found is None else found.qualifier


#: Some fields of :class:`PeriodSummary` by name (each part of the summary gives a few).
_Fields = dict[str, Any]


def _pct(part: Figure | None, whole: Figure | None) -> float | None:
    return _round(part.value / whole.value * 100, 1) if part and whole else None


def _month_total(p: _Period) -> tuple[Figure | None, str | None]:
    """The month's total and how it is known: ``reported``, ``derived`` or ``None``."""
    reported = p.fig(p.month, p.month)
    if reported is not None:
        return reported, "reported"
    derived = _derived_month(p.facts, scope=p.scope, year=p.year, month=p.month)
    if derived is None:
        return None, None
    p.sources.update(derived.source.split(" | "))
    return derived, "derived"


def _counts(p: _Period, m_total: Figure | None, method: str | None,
            y_total: Figure | None) -> _Fields:
    """Departures and women in the month and the year to date, and the female shares."""
    m_female, y_female = p.fig(p.month, p.month, sex="female"), p.fig(1, p.month, sex="female")
    no_month, no_ytd = p.month_why("no_month"), p.month_why("no_ytd")
    out = {
        "month_total": p.keep("month_total", _value(m_total), no_month),
        "month_total_method": p.keep("month_total_method", method, no_month),
        "month_qualifier": p.keep("month_qualifier", _qualifier(m_total), no_month),
        "month_female": p.keep("month_female", _value(m_female),
                               p.month_why("no_month_female")),
        "ytd_total": p.keep("ytd_total", _value(y_total), no_ytd),
        "ytd_qualifier": p.keep("ytd_qualifier", _qualifier(y_total), no_ytd),
        "ytd_female": p.keep("ytd_female", _value(y_female),
                             p.month_why("no_ytd_female")),
        "female_share_ytd": p.keep("female_share_ytd", _pct(y_female, y_total),
                                   Missing("no_share_ytd")),
        "female_share_month": p.keep("female_share_month", _pct(m_female, m_total),
                                     Missing("no_share_month")),
    }
    p.rough(out, "female_share_ytd", _qualifier(y_total), _qualifier(y_female))
    p.rough(out, "female_share_month", _qualifier(m_total), _qualifier(m_female))
    return out


def _verdict(ytd: float, plans: list[float], stated: float) -> str:
    """The stated % against the % of each plan (in force, range's high end, original)."""
    verdicts = [stated_pct_verdict(attainment_pct(ytd, plan), stated) for plan in plans]
    return next((v for v in verdicts if v != "inconsistent"), "inconsistent")


def _plan(p: _Period, y_total: Figure | None) -> _Fields:
    """The plan, the attainment computed and stated, and whether they agree."""
    plans = plans_by_year(p.facts, scope=p.scope)
    row = plans[plans["year"] == p.year]
    target = float(row["plan"].iloc[0]) if not row.empty else None
    p.plan_qualifier = None if row.empty else str(row["qualifier"].iloc[0])
    no_plan_year = Missing("no_plan_year", {"year": p.year})
    computed = attainment_pct(y_total.value, target) if target and y_total else None
    stated = p.fig(1, p.month, measure="attainment_pct")
    verdict, no_verdict = None, Missing("no_verdict")
    if y_total is not None and y_total.qualifier != "exact":  # "nearly 90,000" checks nothing
        no_verdict = p.month_why("rough_ytd")
    elif y_total is not None and target and stated is not None:
        others = [float(v) for v in row[["high", "original"]].iloc[0] if not math.isnan(v)]
        verdict = _verdict(y_total.value, [target, *others], stated.value)
    out = {
        "target": p.keep("target", target, no_plan_year),
        "target_kind": p.keep("target_kind", None if row.empty else str(row["kind"].iloc[0]),
                              no_plan_year),
        "attainment_pct": p.keep("attainment_pct", _round(computed, 2),
                                 Missing("no_plan") if not target else p.month_why("no_ytd")),
        "attainment_pct_stated": p.keep("attainment_pct_stated", _value(stated),
                                        p.month_why("no_stated_pct")),
        "attainment_verdict": p.keep("attainment_verdict", verdict, no_verdict),
    }
    p.rough(out, "attainment_pct", _qualifier(y_total), p.plan_qualifier)
    return out


def _pace(p: _Period, y_total: Figure | None, target: float | None) -> _Fields:
    """Calendar and seasonal pace, the year-end projection and the rate still needed."""
    pace = seasonal_pace(p.facts, month=p.month, before=p.year, scope=p.scope)
    no_pace = Missing("no_pace", {"years": ", ".join(map(str, DISRUPTED_YEARS)),
                                  "month": p.month})
    no_ytd = p.month_why("no_ytd")
    found = project_year_end(y_total.value, pace["share"]) if y_total else None
    projection = (Projection(**{k: round(v) for k, v in found.items()})
                  if found else None)
    rate = (round(required_monthly_rate(target, y_total.value, p.month), 1)
            if target and y_total and p.month < 12 else None)
    no_rate = (Missing("year_over") if p.month == 12
               else Missing("no_plan") if not target else no_ytd)
    out = {
        "calendar_pace_pct": round(calendar_pace_pct(p.month), 1),
        "seasonal_pace_pct": p.keep(
            "seasonal_pace_pct",
            _round(float(pace["share"].median()) * 100, 1) if len(pace) else None, no_pace),
        "seasonal_years": tuple(int(y) for y in pace["year"]),
        "projection_year_end": p.keep("projection_year_end", projection,
                                      no_ytd if y_total is None else no_pace),
        "required_monthly_rate": p.keep("required_monthly_rate", rate, no_rate),
    }
    p.rough(out, "projection_year_end", _qualifier(y_total))
    p.rough(out, "required_monthly_rate", _qualifier(y_total), p.plan_qualifier)
    return out


def _markets(p: _Period, top: int) -> _Fields:
    """The leading markets of the year to date, their concentration and its basis."""
    shares = market_shares(p.facts, year=p.year, month_to=p.month, scope=p.scope)
    named = shares[shares["market"] != "OTHER"]
    rough = list(named["share_qualifier"] != "exact")
    leading = tuple(MarketShare(str(m), float(v), round(float(s) * 100, 1), approximate=r)
                    for m, v, s, r in zip(named["market"].head(top), named["value"].head(top),
                                          named["share"].head(top), rough[:top], strict=True))
    measured = "OTHER" in set(shares["market"]) and len(named) >= 3
    few = Missing("few_markets")
    out = {
        "top_markets": p.keep("top_markets", leading or None, p.month_why("no_markets")),
        "top3_share": p.keep("top3_share", _round(float(named["share"].head(3).sum()) * 100, 1)
                             if measured else None, few),
        "hhi": p.keep("hhi", round(hhi(named["share"])) if measured else None, few),
        "concentration_markets": len(named) if measured else None,
        "concentration_comparable": (not comparability(named["market"], p.month)
                                     if measured else None),
    }
    other = shares.loc[shares["market"] == "OTHER", "share_qualifier"]
    p.rough(out, "top_markets", *("approx" if r else "exact" for r in rough[:top]))
    p.rough(out, "top3_share", *("approx" if r else "exact" for r in rough[:3]))
    p.rough(out, "hhi", *("approx" if r else "exact" for r in rough), *other)
    return out


def _yoy(p: _Period, y_total: Figure | None) -> _Fields:
    """The change of the year to date against the same months of last year."""
    yoy = yoy_change(p.facts, year=p.year, month=p.month, scope=p.scope)
    row = yoy[yoy["market"] == ALL]
    change = None if row.empty else float(row["change_pct"].iloc[0])
    missing_year = p.year if y_total is None else p.year - 1
    change_pct = p.keep("yoy_ytd_change_pct", _round(change, 1),
                        p.month_why("no_ytd", missing_year))
    if row.empty or math.isnan(float(row["ytd_last"].iloc[0])):
        return {"yoy_ytd_change_pct": change_pct, "ytd_last_year": None,
                "ytd_last_year_qualifier": None, "yoy_qualifier": None}
    qualifier = str(row["qualifier"].iloc[0])
    out = {"yoy_ytd_change_pct": change_pct, "ytd_last_year": float(row["ytd_last"].iloc[0]),
           "ytd_last_year_qualifier": str(row["qualifier_last"].iloc[0]),
           "yoy_qualifier": qualifier}
    p.rough(out, "yoy_ytd_change_pct", qualifier)
    return out


def summarize_period(facts: pd.DataFrame, *, year: int, month: int, scope: str = "national",
                     top: int = 5) -> PeriodSummary:
    """Every headline indicator for one month (see :class:`PeriodSummary`).

    A value that cannot be computed is ``None``, with its reason code in
    ``summary.missing`` (:class:`Missing`); a value computed from a rounded figure
    is named in ``summary.approximate``; :meth:`PeriodSummary.to_dict` gives the
    JSON form.

    Examples
    --------
    For 2025-07 on the shipped data: month_total 11,090, ytd_total 85,781,
    female_share_ytd 33.8, attainment_pct 65.99 against the stated 65.9 (verdict
    ``truncated``), calendar_pace_pct 58.3, required_monthly_rate 8,843.8;
    yoy_ytd_change_pct -4.7 against "nearly 90,000" for January-July 2024, so
    ``approximate == ("yoy_ytd_change_pct",)``.
    """
    p = _Period(facts, year=year, month=month, scope=scope)
    m_total, method = _month_total(p)
    y_total = p.fig(1, month)
    counts = _counts(p, m_total, method, y_total)
    plan = _plan(p, y_total)
    pace = _pace(p, y_total, plan["target"])
    markets = _markets(p, top)
    yoy = _yoy(p, y_total)
    return PeriodSummary(period=f"{year:04d}-{month:02d}", scope=scope, **counts, **plan,
                         **pace, **markets, **yoy, sources=tuple(sorted(p.sources)),
                         missing=dict(p.missing), approximate=tuple(sorted(p.approx)))


def implied_target(summary: PeriodSummary) -> int | None:
    """The plan the stated attainment implies when no plan is published, rounded; else ``None``.

    It is ``ytd_total / attainment_pct_stated * 100`` (:func:`implied_plan`): a derived
    figure, as rough as the stated percentage, and only for a period without a known
    plan (with one, the stated % is checked against it instead). It is not a field of
    :class:`PeriodSummary`, so the summary's JSON form stays as it is.

    Examples
    --------
    Thanh Hóa, January-September 2023: more than 10,000 workers, "200.4% of the plan",
    no plan published: an implied plan of 4,990.
    """
    ytd, stated = summary.ytd_total, summary.attainment_pct_stated
    if summary.target is not None or ytd is None or stated is None:
        return None
    found = implied_plan(ytd, stated)
    return None if found is None else round(found)


def _derived_month(facts: pd.DataFrame, *, scope: str, year: int, month: int) -> Figure | None:
    """The month's all-markets total as the monthly panel derives it, or ``None``."""
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["year"] == year)
          & (f["market"] == ALL) & (f["sex"] == "total") & (f["month_from"] == 1)]
    panel = monthly_panel(f)
    row = panel[(panel["month"] == month) & (panel["method"] == "derived")]
    if row.empty:
        return None
    return Figure(float(row["departures"].iloc[0]), str(row["qualifier"].iloc[0]),
                  str(row["source"].iloc[0]))
