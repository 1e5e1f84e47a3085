"""Indicators: female share, market shares and concentration, growth, target attainment.

Every function takes tidy frames (the facts table from :func:`labexport.load_facts`,
or the panel from :func:`labexport.analysis.panel.monthly_panel`) and returns a tidy
frame or a small record. Only ``preferred`` rows are used where the column exists.
A value that cannot be computed is NaN (or ``None``), never a guess; the
period summary (:func:`summarize_period`) says why beside it.

Worked examples use the July 2025 DOLAB bulletin: 11,090 workers in July
(3,374 women); 85,781 in January-July (28,991 women); plan 130,000; stated 65.9%.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from labexport.analysis.checks import stated_pct_verdict
from labexport.core.markets import ALL, EUROPE, TRADITIONAL, is_country
from labexport.data.dataset import preferred
from labexport.report.wording import reason_text

#: Years left out of seasonal pace by default: COVID-19 closed borders in 2020
#: and 2021, so their monthly profile says nothing about a normal year.
DISRUPTED_YEARS = (2020, 2021)


# -- lookups ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One published figure: value, qualifier and source."""

    value: float
    qualifier: str
    source: str


def find_figure(facts: pd.DataFrame, *, scope: str, year: int, month_from: int, month_to: int,
                measure: str = "departures", market: str = ALL, sex: str = "total"
                ) -> Figure | None:
    """Return the preferred figure for one cell of the data model, or ``None``.

    Examples
    --------
    On the shipped data, ``find_figure(load_facts(), scope="national", year=2025,
    month_from=1, month_to=7).value`` is 85,781.0 (the July 2025 bulletin).
    """
    f = preferred(facts)
    hit = f[(f["scope"] == scope) & (f["year"] == year) & (f["month_from"] == month_from)
            & (f["month_to"] == month_to) & (f["measure"] == measure)
            & (f["market"] == market) & (f["sex"] == sex)]
    if hit.empty:
        return None
    row = hit.iloc[0]
    return Figure(float(row["value"]), str(row["qualifier"]), str(row["source"]))


def _span(month_from: int, month_to: int) -> str:
    if month_from == month_to:
        return "month"
    if month_from == 1:
        return "year" if month_to == 12 else "ytd"
    return "other"


# -- female share ----------------------------------------------------------------------


def female_share(facts: pd.DataFrame, *, scope: str = "national", market: str | None = ALL,
                 as_of: tuple[int, int] | None = None, years: int | None = None
                 ) -> pd.DataFrame:
    """Female share of departures for every period with both a total and a female count.

    Parameters
    ----------
    facts : pandas.DataFrame
        The facts table.
    scope : str
        ``"national"`` or a province.
    market : str or None
        ``"ALL"`` (default) for all markets, a market code, or ``None`` for every market.
    as_of : (year, month), optional
        Leave out every period that ends after this month (a report never shows later data).
    years : int, optional
        With ``as_of``, keep only the last ``years`` calendar years up to it.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, month_from, month_to, span, market, total, female, share,
        qualifier``; ``span`` is ``month``, ``ytd``, ``year`` or ``other``; ``share``
        is a fraction; ``qualifier`` is ``exact`` only if both counts are.

    Examples
    --------
    July 2025 bulletin: 28,991 women among 85,781 in January-July, a share of
    28,991 / 85,781 = 0.33797 (33.8%); July alone 3,374 / 11,090 = 0.30424 (30.4%).
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope)]
    if market is not None:
        f = f[f["market"] == market]
    if as_of is not None:
        year, month = as_of
        f = f[(f["year"] < year) | ((f["year"] == year) & (f["month_to"] <= month))]
        if years is not None:
            f = f[f["year"] > year - years]
    key = ["year", "month_from", "month_to", "market"]
    total = f[f["sex"] == "total"].set_index(key)
    female = f[f["sex"] == "female"].set_index(key)
    both = total[["value", "qualifier"]].merge(
        female[["value", "qualifier"]], how="inner", left_index=True, right_index=True,
        suffixes=("_t", "_f"))
    out = both.reset_index().rename(columns={"value_t": "total", "value_f": "female"})
    out["share"] = out["female"] / out["total"]
    out["qualifier"] = np.where((out["qualifier_t"] == "exact") & (out["qualifier_f"] == "exact"),
                                "exact", "approx")
    out["span"] = [_span(a, b) for a, b in zip(out["month_from"], out["month_to"], strict=True)]
    cols = ["year", "month_from", "month_to", "span", "market", "total", "female", "share",
            "qualifier"]
    return out[cols].sort_values(["market", "year", "month_to", "month_from"]).reset_index(
        drop=True)


# -- market shares, concentration ------------------------------------------------------


def market_shares(facts: pd.DataFrame, *, year: int, month_from: int = 1, month_to: int = 12,
                  scope: str = "national", sex: str = "total") -> pd.DataFrame:
    """Shares of the markets named for one period, largest first, with the rest as ``OTHER``.

    Regional aggregates (codes starting with ``X``) overlap their countries and are left out.

    Parameters
    ----------
    facts : pandas.DataFrame
        The facts table.
    year, month_from, month_to : int
        The period; January to ``month_to`` is the year to date.
    scope, sex : str
        Which series.

    Returns
    -------
    pandas.DataFrame
        Columns ``market, value, share, rank, qualifier, source``. ``share`` is of the
        all-markets total when it is known (and at least the markets' sum), so the
        shares with the ``OTHER`` row sum to 1; else of the markets' sum. Empty when
        no market is named for the period.

    Examples
    --------
    January-July 2025: Japan 39,558 of 85,781 (0.4612), Taiwan 32,471 (0.3785),
    Korea 7,340 (0.0856), others 6,412 (0.0747).
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["year"] == year)
          & (f["month_from"] == month_from) & (f["month_to"] == month_to) & (f["sex"] == sex)]
    markets = f[[is_country(m) for m in f["market"]]]
    cols = ["market", "value", "share", "rank", "qualifier", "source"]
    if markets.empty:
        return pd.DataFrame(columns=cols)
    out = markets[["market", "value", "qualifier", "source"]].sort_values(
        ["value", "market"], ascending=[False, True]).reset_index(drop=True)
    listed = float(out["value"].sum())
    total_row = f[f["market"] == ALL]
    total = float(total_row["value"].iloc[0]) if not total_row.empty else math.nan
    if not math.isnan(total) and total >= listed:
        rest = total - listed
        out = pd.concat([out, pd.DataFrame([{
            "market": "OTHER", "value": rest, "qualifier": total_row["qualifier"].iloc[0],
            "source": total_row["source"].iloc[0]}])],
            ignore_index=True)
        base = total
    else:
        base = listed
    out["share"] = out["value"] / base
    out["rank"] = [i + 1 if m != "OTHER" else pd.NA for i, m in enumerate(out["market"])]
    return out[cols]


def hhi(shares: pd.Series | list[float]) -> float:
    """Herfindahl-Hirschman index on the 0-10,000 scale from shares given as fractions.

    Examples
    --------
    Japan 0.4612, Taiwan 0.3785, Korea 0.0856 (January-July 2025):
    46.12^2 + 37.85^2 + 8.56^2 ≈ 3,633 (markets not named count as fully fragmented,
    so this is a lower bound).

    >>> round(hhi([39558 / 85781, 32471 / 85781, 7340 / 85781]), 1)
    3632.7
    """
    values = np.asarray(list(shares), dtype=float)
    return float(np.sum((values * 100) ** 2))


def concentration(facts: pd.DataFrame, *, scope: str = "national", min_markets: int = 3,
                  as_of: tuple[int, int] | None = None) -> pd.DataFrame:
    """Market concentration per year: top-3 share and HHI.

    Uses each year's full-year market figures where at least ``min_markets``
    markets are named; otherwise the latest year-to-date period that names as many.
    ``as_of=(year, month)`` leaves out everything published for later periods, so a
    July report does not show the full year.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, month_to, total, markets, top3_share, hhi, source`` (shares
        of the all-markets total; HHI over the named markets, 0-10,000).

    Examples
    --------
    2023 as a whole (159,986 workers): Japan 80,010, Taiwan 58,620, Korea 11,000,
    so the top-3 share is (80,010 + 58,620 + 11,000) / 159,986 = 0.935.
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["sex"] == "total")
          & (f["month_from"] == 1)]
    if as_of is not None:
        f = f[(f["year"] < as_of[0]) | ((f["year"] == as_of[0]) & (f["month_to"] <= as_of[1]))]
    rows = []
    for year, group in f.groupby("year"):
        for month_to in sorted(group["month_to"].unique(), reverse=True):
            period = group[group["month_to"] == month_to]
            if period["market"].nunique() <= min_markets:  # the total and too few markets
                continue
            shares = market_shares(period, year=int(year), month_to=int(month_to), scope=scope)
            named = shares[shares["market"] != "OTHER"]
            if len(named) < min_markets or "OTHER" not in set(shares["market"]):
                continue
            rows.append({
                "year": int(year), "month_to": int(month_to),
                "total": float(shares["value"].sum()), "markets": len(named),
                "top3_share": float(named["share"].head(3).sum()),
                "hhi": hhi(named["share"]),
                "source": " | ".join(sorted(set(shares["source"]))),
            })
            break
    return pd.DataFrame(rows, columns=["year", "month_to", "total", "markets", "top3_share",
                                       "hhi", "source"])


def other_markets(facts: pd.DataFrame, *, year: int, month: int, scope: str = "national"
                  ) -> pd.DataFrame:
    """The latest figure of every market other than Japan, Taiwan and Korea in a year.

    For each market, its latest year-to-date figure in ``year`` up to ``month``;
    a market with none gets its latest single-month (or other) figure.

    Returns
    -------
    pandas.DataFrame
        Columns ``market, europe, month_from, month_to, value, qualifier, source``,
        European markets first, then by value.

    Examples
    --------
    June 2025 bulletin: Hungary 572 and Romania 400 from January to June.
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["sex"] == "total")
          & (f["year"] == year) & (f["month_to"] <= month) & ~f["market"].isin([ALL, *TRADITIONAL])]
    f = f.assign(_ytd=f["month_from"] == 1).sort_values(["_ytd", "month_to", "month_from"],
                                                        ascending=[False, False, True])
    latest = f.drop_duplicates("market").drop(columns="_ytd")
    latest["europe"] = latest["market"].isin(EUROPE)
    latest = latest.sort_values(["europe", "value"], ascending=[False, False])
    cols = ["market", "europe", "month_from", "month_to", "value", "qualifier", "source"]
    return latest[cols].reset_index(drop=True)


# -- growth ----------------------------------------------------------------------------


def yoy_change(facts: pd.DataFrame, *, year: int, month: int, scope: str = "national",
               sex: str = "total") -> pd.DataFrame:
    """Year-to-date change against January-``month`` of the year before, per market.

    Returns
    -------
    pandas.DataFrame
        Columns ``market, ytd, ytd_last, change_pct, qualifier, qualifier_last, source,
        source_last`` for every market
        (and ``ALL``) with a figure this year; ``ytd_last`` and ``change_pct`` are
        NaN where last year has none. ``qualifier`` is ``exact`` only when both are
        (this year's own qualifier where last year has no figure).

    Examples
    --------
    January-October 2025, 121,190 workers, against January-October 2024, 130,640:
    121,190 / 130,640 - 1 = -7.23%; Japan 55,049 against 62,722: -12.23%.
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["sex"] == sex)
          & (f["month_from"] == 1) & (f["month_to"] == month)]
    now = f[f["year"] == year].set_index("market")
    last = f[f["year"] == year - 1].set_index("market")
    out = pd.DataFrame({"ytd": now["value"], "q_now": now["qualifier"],
                        "source": now["source"]})
    out["ytd_last"] = last["value"].reindex(out.index)
    out["q_last"] = last["qualifier"].reindex(out.index)
    out["source_last"] = last["source"].reindex(out.index).fillna("")
    out["change_pct"] = (out["ytd"] / out["ytd_last"] - 1) * 100
    out["qualifier"] = np.where(out["q_last"].isna(), out["q_now"],
                                np.where((out["q_now"] == "exact") & (out["q_last"] == "exact"),
                                         "exact", "approx"))
    out = out.reset_index().rename(columns={"index": "market"})
    out = out.sort_values("ytd", ascending=False)
    out["qualifier_last"] = out["q_last"].fillna("")
    cols = ["market", "ytd", "ytd_last", "change_pct", "qualifier", "qualifier_last", "source",
            "source_last"]
    return out[cols].reset_index(drop=True)


# -- target attainment -----------------------------------------------------------------


def attainment_pct(ytd: float, target: float) -> float:
    """Year to date as a percentage of the annual plan.

    >>> round(attainment_pct(85781, 130000), 2)      # July 2025 bulletin
    65.99
    """
    return ytd / target * 100


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


def project_year_end(ytd: float, shares: pd.Series | list[float]) -> dict[str, float] | None:
    """Project the year-end total as ``ytd / share`` for each past year's seasonal share.

    Returns ``{"low", "mid", "high"}`` (min, median, max over the past years), or
    ``None`` without past years. A projection is never below ``ytd``.

    >>> project_year_end(85781, [0.5327, 0.5675])["low"] > 85781
    True
    """
    values = [ytd / s for s in shares if s > 0]
    if not values:
        return None
    values = [max(v, ytd) for v in values]
    return {"low": min(values), "mid": statistics.median(values), "high": max(values)}


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
    rows = []
    for year, group in f.groupby("year"):
        notes = group["note"].fillna("").str.lower() if "note" in group else pd.Series(
            "", index=group.index)
        values = sorted(set(group["value"]))
        adjusted = group.loc[notes.str.contains("adjust") & ~notes.str.contains("original"),
                             "value"]
        row = {"year": int(year), "low": math.nan, "high": math.nan, "original": math.nan,
               "adjusted": math.nan}
        pref = preferred(group)
        row["qualifier"] = str(pref["qualifier"].iloc[0]) if not pref.empty else "exact"
        if len(values) > 1 and not adjusted.empty:
            adj = float(adjusted.mode().iloc[0])
            others = [v for v in values if v != adj]
            row.update(kind="adjusted", plan=adj, adjusted=adj, original=max(others))
        elif len(values) > 1:
            row.update(kind="range", plan=values[0], low=values[0], high=values[-1])
        else:
            row.update(kind="single", plan=values[0])
        rows.append(row)
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
        range, of its low end; also ``attainment_original_pct`` where a plan was adjusted).
        With ``as_of=(year, month)``, later years are left out, and so is the
        year's own total unless ``month`` is 12.

    Examples
    --------
    2020: 78,641 workers against the adjusted plan of 70,000 (112.3%) and the
    original 130,000 (60.5%).
    """
    plans = plans_by_year(facts, scope=scope)
    f = preferred(facts)
    actual = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["market"] == ALL)
               & (f["sex"] == "total") & (f["month_from"] == 1) & (f["month_to"] == 12)]
    actual = actual.set_index("year")[["value", "qualifier"]].rename(
        columns={"value": "actual", "qualifier": "actual_qualifier"})
    out = plans.set_index("year").join(actual, how="outer").reset_index()
    if as_of is not None:
        out = out[out["year"] <= as_of[0]].copy()
        if as_of[1] < 12:
            current = out["year"] == as_of[0]
            out.loc[current, "actual"] = math.nan
            out.loc[current, "actual_qualifier"] = ""
    out["attainment_pct"] = out["actual"] / out["plan"] * 100
    out["attainment_original_pct"] = out["actual"] / out["original"] * 100
    return out


# -- one period ------------------------------------------------------------------------


def _why(code: str, **values: object) -> dict:
    """A reason for a missing figure: its code (worded by the report layer, ``why_<code>``)."""
    return {"code": code, **values}


@dataclass
class _Summary:
    data: dict = field(default_factory=dict)

    def put(self, name: str, value: object, why: dict | None = None) -> None:
        """Keep ``value``; if it is missing, why (``<name>_why``; ``<name>_reason`` in English)."""
        if isinstance(value, float) and math.isnan(value):
            value = None
        self.data[name] = value
        if value is None:
            why = why or _why("not_computable")
            self.data[f"{name}_why"] = why
            self.data[f"{name}_reason"] = reason_text(why, "en")


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def summarize_period(facts: pd.DataFrame, *, year: int, month: int, scope: str = "national",
                     top: int = 5) -> dict:
    """Every headline indicator for one month, as a JSON-ready dict.

    Keys: ``period``, ``scope``, ``month_total``, ``month_female``, ``ytd_total``,
    ``ytd_female``, ``female_share_ytd`` (%), ``female_share_month`` (%), ``target``,
    ``target_kind``, ``attainment_pct`` (computed), ``attainment_pct_stated``,
    ``attainment_verdict``, ``calendar_pace_pct``, ``seasonal_pace_pct``,
    ``seasonal_years``, ``projection_year_end`` (``low``, ``mid``, ``high``),
    ``required_monthly_rate``, ``top_markets`` (``market``, ``ytd``, ``share``,
    largest first), ``top3_share``, ``hhi``, ``yoy_ytd_change_pct``, ``sources``.
    A value that cannot be computed is ``None`` with ``<key>_why`` beside it (a
    reason code and its values, for :func:`labexport.report.wording.reason_text`) and
    ``<key>_reason`` (the reason in English).

    Examples
    --------
    For 2025-07 on the shipped data: month_total 11,090, ytd_total 85,781,
    female_share_ytd 33.8, attainment_pct 65.99 against the stated 65.9 (verdict
    ``truncated``), calendar_pace_pct 58.3, required_monthly_rate 8,843.8.
    """
    s = _Summary()
    s.put("period", f"{year:04d}-{month:02d}")
    s.put("scope", scope)
    sources: set[str] = set()

    def fig(mf: int, mt: int, **kw: str) -> Figure | None:
        found = find_figure(facts, scope=scope, year=year, month_from=mf, month_to=mt, **kw)
        if found is not None:
            sources.add(found.source)
        return found

    m_total, m_female = fig(month, month), fig(month, month, sex="female")
    method = "reported" if m_total is not None else None
    if m_total is None:
        m_total = _derived_month(facts, scope=scope, year=year, month=month)
        if m_total is not None:
            method = "derived"
            sources.update(m_total.source.split(" | "))
    y_total, y_female = fig(1, month), fig(1, month, sex="female")
    no_month = _why("no_month", month=month, year=year)
    no_ytd = _why("no_ytd", month=month, year=year)
    s.put("month_total", m_total and m_total.value, no_month)
    s.put("month_total_method", method, no_month)
    s.put("month_qualifier", m_total and m_total.qualifier, no_month)
    s.put("month_female", m_female and m_female.value,
          _why("no_month_female", month=month, year=year))
    s.put("ytd_total", y_total and y_total.value, no_ytd)
    s.put("ytd_qualifier", y_total and y_total.qualifier, no_ytd)
    s.put("ytd_female", y_female and y_female.value,
          _why("no_ytd_female", month=month, year=year))
    s.put("female_share_ytd",
          _round(y_female.value / y_total.value * 100, 1) if y_female and y_total else None,
          _why("no_share_ytd"))
    s.put("female_share_month",
          _round(m_female.value / m_total.value * 100, 1) if m_female and m_total else None,
          _why("no_share_month"))

    plans = plans_by_year(facts, scope=scope)
    plan_row = plans[plans["year"] == year]
    target = float(plan_row["plan"].iloc[0]) if not plan_row.empty else None
    no_plan_year = _why("no_plan_year", year=year)
    s.put("target", target, no_plan_year)
    s.put("target_kind", None if plan_row.empty else str(plan_row["kind"].iloc[0]), no_plan_year)
    computed = attainment_pct(y_total.value, target) if target and y_total else None
    s.put("attainment_pct", _round(computed, 2),
          _why("no_plan") if not target else no_ytd)
    stated = fig(1, month, measure="attainment_pct")
    s.put("attainment_pct_stated", stated and stated.value,
          _why("no_stated_pct", month=month, year=year))
    verdict = None
    if computed is not None and stated is not None:
        candidates = [target]
        if not plan_row.empty:
            candidates += [float(v) for v in plan_row[["high", "original"]].iloc[0]
                           if not math.isnan(v)]
        verdicts = [stated_pct_verdict(attainment_pct(y_total.value, c), stated.value)
                    for c in candidates]
        verdict = next((v for v in verdicts if v != "inconsistent"), "inconsistent")
    s.put("attainment_verdict", verdict, _why("no_verdict"))
    s.put("calendar_pace_pct", _round(calendar_pace_pct(month), 1))

    pace = seasonal_pace(facts, month=month, before=year, scope=scope)
    no_pace = _why("no_pace", years=", ".join(map(str, DISRUPTED_YEARS)), month=month)
    s.put("seasonal_pace_pct", _round(pace["share"].median() * 100, 1) if len(pace) else None,
          no_pace)
    s.put("seasonal_years", [int(y) for y in pace["year"]])
    projection = project_year_end(y_total.value, pace["share"]) if y_total else None
    s.put("projection_year_end",
          {k: round(v) for k, v in projection.items()} if projection else None,
          no_ytd if y_total is None else no_pace)
    if target and y_total and month < 12:
        rate = round(required_monthly_rate(target, y_total.value, month), 1)
    else:
        rate = None
    s.put("required_monthly_rate", rate,
          _why("year_over") if month == 12 else (_why("no_plan") if not target else no_ytd))

    shares = market_shares(facts, year=year, month_to=month, scope=scope)
    named = shares[shares["market"] != "OTHER"]
    s.put("top_markets", [
        {"market": r.market, "ytd": float(r.value), "share": round(float(r.share) * 100, 1)}
        for r in named.head(top).itertuples()] if len(named) else None,
        _why("no_markets", month=month, year=year))
    has_total = "OTHER" in set(shares["market"])
    s.put("top3_share", _round(named["share"].head(3).sum() * 100, 1)
          if has_total and len(named) >= 3 else None,
          _why("few_markets"))
    s.put("hhi", round(hhi(named["share"])) if has_total and len(named) >= 3 else None,
          _why("few_markets"))
    yoy = yoy_change(facts, year=year, month=month, scope=scope)
    row = yoy[yoy["market"] == ALL]
    change = None if row.empty else row["change_pct"].iloc[0]
    missing_year = year if y_total is None else year - 1
    s.put("yoy_ytd_change_pct", None if change is None or math.isnan(change)
          else round(float(change), 1),
          _why("no_ytd", month=month, year=missing_year))
    if not row.empty and not math.isnan(row["ytd_last"].iloc[0]):
        s.put("ytd_last_year", float(row["ytd_last"].iloc[0]))
        s.put("ytd_last_year_qualifier", str(row["qualifier_last"].iloc[0]))
        s.put("yoy_qualifier", str(row["qualifier"].iloc[0]))
    s.put("sources", sorted(sources))
    return s.data


def _derived_month(facts: pd.DataFrame, *, scope: str, year: int, month: int) -> Figure | None:
    """The month's all-markets total as the monthly panel derives it, or ``None``."""
    from labexport.analysis.panel import monthly_panel

    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["year"] == year)
          & (f["market"] == ALL) & (f["sex"] == "total") & (f["month_from"] == 1)]
    panel = monthly_panel(f)
    row = panel[(panel["month"] == month) & (panel["method"] == "derived")]
    if row.empty:
        return None
    return Figure(float(row["departures"].iloc[0]), str(row["qualifier"].iloc[0]),
                  str(row["source"].iloc[0]))
