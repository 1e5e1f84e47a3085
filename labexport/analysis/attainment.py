"""Target attainment: the year to date against the annual plan, pace and projection.

Worked examples use the July 2025 DOLAB bulletin: 85,781 workers in January-July
against a plan of 130,000 (stated 65.9%).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from typing import cast

import pandas as pd

from labexport.core.markets import ALL
from labexport.data.prefer import preferred

#: Years left out of seasonal pace by default: COVID-19 closed borders in 2020
#: and 2021, so their monthly profile says nothing about a normal year.
DISRUPTED_YEARS = (2020, 2021)


def attainment_pct(ytd: float, target: float) -> float:
    """Year to date as a percentage of the annual plan.

    >>> round(attainment_pct(85781, 130000), 2)      # July 2025 bulletin
    65.99
    """
    return ytd / target * 100


def implied_plan(total: float, stated_pct: float) -> float | None:
    """The annual plan a stated attainment implies: ``total / stated_pct * 100``.

    A bulletin may state the percentage of the plan reached without the plan; the
    plan it implies is derived, not published (and as rough as the stated %).
    ``None`` for a stated percentage that is not above zero.

    >>> round(implied_plan(10000, 200.4))      # Thanh Hóa, January-September 2023
    4990
    """
    if not stated_pct > 0:
        return None
    return total / stated_pct * 100


def calendar_pace_pct(month: int) -> float:
    """Share of the year elapsed at the end of ``month``, in percent.

    >>> round(calendar_pace_pct(7), 1)
    58.3
    """
    return month / 12 * 100


def required_monthly_rate(target: float, ytd: float, month: int) -> float:
    """Departures needed per remaining month to meet the plan (0 once it is met).

    >>> required_monthly_rate(130000, 85781, 7)      # (130,000 - 85,781) / 5
    8843.8

    Raises
    ------
    ValueError
        If no month remains (``month == 12``).
    """
    if month >= 12:
        raise ValueError("no month left in the year")
    return max(target - ytd, 0) / (12 - month)


def seasonal_pace(facts: pd.DataFrame, *, month: int, before: int, scope: str = "national",
                  exclude: tuple[int, ...] = DISRUPTED_YEARS) -> pd.DataFrame:
    """Share of the annual total reached by the end of ``month`` in past complete years.

    Only years before ``before`` with an exact January-``month`` total and an
    exact full-year total are used; ``exclude`` leaves out disrupted years.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, ytd, annual, share``.

    Examples
    --------
    2023: 85,224 by the end of July of 159,986 for the year, a share of 0.5327.
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["market"] == ALL)
          & (f["sex"] == "total") & (f["month_from"] == 1) & (f["qualifier"] == "exact")
          & (f["year"] < before) & ~f["year"].isin(exclude)]
    ytd = f[f["month_to"] == month].set_index("year")["value"]
    annual = f[f["month_to"] == 12].set_index("year")["value"]
    both = pd.DataFrame({"ytd": ytd, "annual": annual}).dropna()
    both["share"] = both["ytd"] / both["annual"]
    both = both.reset_index().rename(columns={"index": "year"})
    return both[["year", "ytd", "annual", "share"]].astype({"year": int})


def project_year_end(ytd: float, shares: pd.Series | Iterable[float]
                     ) -> dict[str, float] | None:
    """Project the year-end total as ``ytd / share`` for each past year's seasonal share.

    Returns ``{"low", "mid", "high"}`` (min, median, max over the past years), or
    ``None`` without past years. A projection is never below ``ytd``.

    >>> project_year_end(85781, [0.5327, 0.5675])["low"] > 85781
    True
    """
    values = [float(ytd / s) for s in shares if s > 0]
    if not values:
        return None
    values = [max(v, ytd) for v in values]
    return {"low": min(values), "mid": statistics.median(values), "high": max(values)}


def _plan_row(year: int, group: pd.DataFrame) -> dict[str, object]:
    """One year's plan from its target rows: single, range or adjusted."""
    notes = (group["note"].fillna("").astype(str).str.lower() if "note" in group
             else pd.Series("", index=group.index))
    values = sorted({float(v) for v in group["value"]})
    adjusted = group.loc[notes.str.contains("adjust") & ~notes.str.contains("original"),
                         "value"]
    pref = preferred(group)
    row: dict[str, object] = {
        "year": year, "low": math.nan, "high": math.nan, "original": math.nan,
        "adjusted": math.nan,
        "qualifier": str(pref["qualifier"].iloc[0]) if not pref.empty else "exact"}
    if len(values) > 1 and not adjusted.empty:
        adj = float(adjusted.mode().iloc[0])
        others = [v for v in values if v != adj]
        row.update(kind="adjusted", plan=adj, adjusted=adj, original=max(others))
    elif len(values) > 1:
        row.update(kind="range", plan=values[0], low=values[0], high=values[-1])
    else:
        row.update(kind="single", plan=values[0])
    return row


def plans_by_year(facts: pd.DataFrame, *, scope: str = "national") -> pd.DataFrame:
    """The annual plan of every year, with ranges and adjusted plans shown as such.

    A plan stated as a range ("110,000-120,000") gives ``low`` and ``high``;
    a plan revised during the year (2020: 130,000 then 70,000) gives ``original``
    and ``adjusted``, and the adjusted one is the plan in force.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, plan, kind, low, high, original, adjusted, qualifier``;
        ``kind`` is ``single``, ``range`` or ``adjusted``; ``plan`` is the plan in
        force (a range's low end, the adjusted plan).
    """
    f = facts[(facts["measure"] == "target") & (facts["scope"] == scope)
              & (facts["market"] == ALL) & (facts["month_from"] == 1)
              & (facts["month_to"] == 12)]
    rows = [_plan_row(int(cast(int, year)), group) for year, group in f.groupby("year")]
    return pd.DataFrame(rows, columns=["year", "plan", "kind", "low", "high", "original",
                                       "adjusted", "qualifier"])


def target_history(facts: pd.DataFrame, *, scope: str = "national",
                   as_of: tuple[int, int] | None = None) -> pd.DataFrame:
    """Annual totals against their plans, year by year.

    Returns
    -------
    pandas.DataFrame
        :func:`plans_by_year` joined with ``actual`` (the full-year total),
        ``actual_qualifier`` and ``attainment_pct`` (of the plan in force; for a
        range, of its low end; also ``attainment_original_pct`` where a plan was adjusted),
        ``stated_pct`` (the percentage of the plan the bulletins state for the whole
        year) and ``implied_plan`` (for a year with no plan, the plan its total and
        stated percentage imply, :func:`implied_plan`; NaN otherwise).
        With ``as_of=(year, month)``, later years are left out, and so are the
        year's own total and stated percentage unless ``month`` is 12.

    Examples
    --------
    2020: 78,641 workers against the adjusted plan of 70,000 (112.3%) and the
    original 130,000 (60.5%).
    """
    plans = plans_by_year(facts, scope=scope)
    f = preferred(facts)
    actual = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["market"] == ALL)
               & (f["sex"] == "total") & (f["month_from"] == 1) & (f["month_to"] == 12)]
    stated = f[(f["measure"] == "attainment_pct") & (f["scope"] == scope) & (f["market"] == ALL)
               & (f["sex"] == "total") & (f["month_from"] == 1) & (f["month_to"] == 12)
               ].drop_duplicates("year")
    actual = actual.set_index("year")[["value", "qualifier"]].rename(
        columns={"value": "actual", "qualifier": "actual_qualifier"})
    actual = actual.join(stated.set_index("year")["value"].rename("stated_pct"), how="outer")
    out = plans.set_index("year").join(actual, how="outer").reset_index()
    if as_of is not None:
        out = out[out["year"] <= as_of[0]].copy()
        if as_of[1] < 12:
            current = out["year"] == as_of[0]
            out.loc[current, ["actual", "stated_pct"]] = math.nan
            out.loc[current, "actual_qualifier"] = ""
    out["attainment_pct"] = out["actual"] / out["plan"] * 100
    out["attainment_original_pct"] = out["actual"] / out["original"] * 100
    implied = out["actual"] / out["stated_pct"].where(out["stated_pct"] > 0) * 100
    out["implied_plan"] = implied.where(out["plan"].isna())
    return out
