"""Shares: the female share of departures, market shares and market concentration.

Every function takes the facts table (:func:`labexport.load_facts`) and uses only
its ``preferred`` rows. Worked examples use the July 2025 DOLAB bulletin: 85,781
workers in January-July (28,991 women), Japan 39,558, Taiwan 32,471, Korea 7,340.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import cast

import numpy as np
import pandas as pd

from labexport.core.markets import ALL, EUROPE, TRADITIONAL, is_country
from labexport.data.prefer import preferred


def _span(month_from: int, month_to: int) -> str:
    """Name a period's span: ``month``, ``ytd``, ``year`` or ``other``.

    >>> [_span(7, 7), _span(1, 7), _span(1, 12), _span(4, 6)]
    ['month', 'ytd', 'year', 'other']
    """
    if month_from == month_to:
        return "month"
    if month_from == 1:
        return "year" if month_to == 12 else "ytd"
    return "other"


def _up_to(f: pd.DataFrame, as_of: tuple[int, int] | None, years: int | None = None
           ) -> pd.DataFrame:
    """Leave out every period ending after ``as_of``; with ``years``, only the last years."""
    if as_of is None:
        return f
    year, month = as_of
    f = f[(f["year"] < year) | ((f["year"] == year) & (f["month_to"] <= month))]
    if years is not None:
        f = f[f["year"] > year - years]
    return f


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
    f = _up_to(f, as_of, years)
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
        Columns ``market, value, share, rank, qualifier, source, share_qualifier``.
        ``share`` is of the all-markets total when it is known (and at least the
        markets' sum), so the shares with the ``OTHER`` row sum to 1; else of the
        markets' sum. ``qualifier`` is the value's (``OTHER``, the total less the
        markets named, is ``approx`` when one of them is rounded). ``share_qualifier``
        is ``exact`` only when the value and the base it is divided by both are (a
        rounded market over an exact total gives ``approx``). Empty when no market
        is named for the period.

    Examples
    --------
    January-July 2025: Japan 39,558 of 85,781 (0.4612), Taiwan 32,471 (0.3785),
    Korea 7,340 (0.0856), others 6,412 (0.0747).
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["year"] == year)
          & (f["month_from"] == month_from) & (f["month_to"] == month_to) & (f["sex"] == sex)]
    markets = f[[is_country(m) for m in f["market"]]]
    cols = ["market", "value", "share", "rank", "qualifier", "source", "share_qualifier"]
    if markets.empty:
        return pd.DataFrame(columns=cols)
    out = markets[["market", "value", "qualifier", "source"]].sort_values(
        ["value", "market"], ascending=[False, True]).reset_index(drop=True)
    listed = float(out["value"].sum())
    listed_exact = bool((out["qualifier"] == "exact").all())
    total_row = f[f["market"] == ALL]
    total = float(total_row["value"].iloc[0]) if not total_row.empty else math.nan
    if not math.isnan(total) and total >= listed:
        total_q = str(total_row["qualifier"].iloc[0])
        out = pd.concat([out, pd.DataFrame([{
            "market": "OTHER", "value": total - listed, "qualifier": total_q if listed_exact
            else "approx", "source": total_row["source"].iloc[0]}])], ignore_index=True)
        base, base_exact = total, total_q == "exact"
    else:
        base, base_exact = listed, listed_exact
    out["share"] = out["value"] / base
    out["rank"] = [i + 1 if m != "OTHER" else pd.NA for i, m in enumerate(out["market"])]
    out["share_qualifier"] = np.where((out["qualifier"] == "exact") & base_exact, "exact",
                                      "approx")
    return out[cols]


def hhi(shares: pd.Series | Iterable[float]) -> float:
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


#: A year's concentration is comparable with the others when its figures name at
#: least this many countries, the three leading markets among them (see
#: :func:`comparability`).
COMPARABLE_MARKETS = 6


def comparability(named: Iterable[str], month_to: int, *,
                  min_markets: int = COMPARABLE_MARKETS) -> str:
    """Why a year-to-date concentration is not comparable with the other years, or ``""``.

    The reference set is the years whose figures name the three leading markets
    (Japan, Taiwan, Korea) and at least three other countries, over the full year
    or a year to date of two months or more; every year from 2016 to 2023 is one
    on the shipped data. A period is comparable with them when it is like them:

    - ``"one_month"``: the window is January alone; one month's departures are
      not the mix of a year;
    - ``"few_markets"``: fewer than ``min_markets`` countries are named (a
      bulletin naming only the leading three gives an index over those three, with
      every other market lumped together);
    - ``"no_leading"``: one of Japan, Taiwan and Korea is not named.

    Parameters
    ----------
    named : iterable of str
        The market codes named for the period (countries only).
    month_to : int
        The last month of a January-to-``month_to`` period.
    min_markets : int
        The fewest countries a comparable period names.

    Returns
    -------
    str
        ``""`` when comparable, else the first reason above that applies.

    Examples
    --------
    >>> comparability(["JP", "TW", "KR", "CN", "SG", "RO"], 10)      # January-October 2024
    ''
    >>> comparability(["JP", "TW", "KR"], 12), comparability(["JP", "TW", "KR"] * 2, 1)
    ('few_markets', 'one_month')
    """
    codes = set(named)
    if month_to == 1:
        return "one_month"
    if len(codes) < min_markets:
        return "few_markets"
    if not set(TRADITIONAL) <= codes:
        return "no_leading"
    return ""


def _concentration_row(period: pd.DataFrame, *, year: int, month_to: int, scope: str,
                       min_markets: int, comparable_markets: int) -> dict[str, object] | None:
    """Top-3 share, HHI and basis of one year-to-date period, or ``None`` if too few markets."""
    if period["market"].nunique() <= min_markets:  # the total and too few markets
        return None
    shares = market_shares(period, year=year, month_to=month_to, scope=scope)
    named = shares[shares["market"] != "OTHER"]
    if len(named) < min_markets or "OTHER" not in set(shares["market"]):
        return None
    why_not = comparability(named["market"], month_to, min_markets=comparable_markets)
    return {
        "year": year, "month_to": month_to,
        "total": float(shares["value"].sum()), "markets": len(named),
        "top3_share": float(named["share"].head(3).sum()),
        "hhi": hhi(named["share"]),
        "source": " | ".join(sorted(set(shares["source"]))),
        "window": _span(1, month_to),
        "qualifier": "exact" if (shares["share_qualifier"] == "exact").all() else "approx",
        "comparable": not why_not, "why_not": why_not,
    }


def _year_row(group: pd.DataFrame, *, year: int, scope: str, min_markets: int,
              comparable_markets: int) -> dict[str, object] | None:
    """The row of one year: its latest comparable period, else its latest measurable one."""
    rows = []
    for month_to in sorted(group["month_to"].unique(), reverse=True):
        row = _concentration_row(group[group["month_to"] == month_to], year=year,
                                 month_to=int(month_to), scope=scope, min_markets=min_markets,
                                 comparable_markets=comparable_markets)
        if row is not None and row["comparable"]:
            return row
        if row is not None:
            rows.append(row)
    return rows[0] if rows else None


CONCENTRATION_COLUMNS = ["year", "month_to", "total", "markets", "top3_share", "hhi", "source",
                         "window", "qualifier", "comparable", "why_not"]


def concentration(facts: pd.DataFrame, *, scope: str = "national", min_markets: int = 3,
                  comparable_markets: int = COMPARABLE_MARKETS,
                  as_of: tuple[int, int] | None = None) -> pd.DataFrame:
    """Market concentration per year: top-3 share and HHI, each with its basis.

    For each year, the latest January-to-month period (the full year first) whose
    figures are comparable with the other years (:func:`comparability`: at least
    ``comparable_markets`` countries named, Japan, Taiwan and Korea among them, over
    more than one month). A year with no such period gets its latest period that
    names at least ``min_markets`` markets, marked ``comparable = False`` with the
    reason in ``why_not``: a chart or table shows it set apart, or leaves it out
    (``conc[conc["comparable"]]``). ``as_of=(year, month)`` leaves out everything
    published for later periods, so a July report does not show the full year.

    Returns
    -------
    pandas.DataFrame
        Columns ``year, month_to, total, markets, top3_share, hhi, source`` (shares
        of the all-markets total; HHI over the named markets, 0-10,000) and the basis:
        ``window`` (``year``, ``ytd`` or ``month``: January alone), ``qualifier``
        (``exact`` only when every market named and the total are), ``comparable``
        and ``why_not`` (``""``, ``one_month``, ``few_markets`` or ``no_leading``).

    Examples
    --------
    2023 as a whole (159,986 workers, 13 markets named): Japan 80,010, Taiwan 58,620,
    Korea 11,000, so the top-3 share is (80,010 + 58,620 + 11,000) / 159,986 = 0.935;
    comparable. 2015 names only Japan, Taiwan and Korea for the whole year (and six
    markets for January alone): not comparable, ``few_markets``.
    """
    f = preferred(facts)
    f = f[(f["measure"] == "departures") & (f["scope"] == scope) & (f["sex"] == "total")
          & (f["month_from"] == 1)]
    f = _up_to(f, as_of)
    rows = []
    for key, group in f.groupby("year"):
        row = _year_row(group, year=int(cast(int, key)), scope=scope, min_markets=min_markets,
                        comparable_markets=comparable_markets)
        if row is not None:
            rows.append(row)
    return pd.DataFrame(rows, columns=CONCENTRATION_COLUMNS)


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
