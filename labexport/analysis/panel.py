"""Facts -> monthly panel: one row per month, reported or derived from year-to-date totals.

Bulletins mostly state year-to-date totals, and each month states a different
subset of markets. The panel lines them up: a month's departures are the
figure published for that month where there is one (``reported``), else the
difference of two consecutive year-to-date totals of the same year
(``derived``; January's year to date is January itself), else ``missing``.
Nothing is derived across a year boundary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labexport.core.months import from_index, month_index
from labexport.data.prefer import preferred

PANEL_KEY = ["scope", "market", "sex", "year"]
PANEL_COLUMNS = [
    "year", "month", "scope", "market", "sex", "departures", "method", "qualifier",
    "ytd", "ytd_qualifier", "derived", "derived_qualifier", "derived_source", "conflict",
    "source",
]
METHODS = ["reported", "derived", "missing"]


def _combine_qualifiers(a: str, b: str) -> str:
    return "exact" if a == b == "exact" else "approx"


def _departures(facts: pd.DataFrame) -> pd.DataFrame:
    return preferred(facts[facts["measure"] == "departures"])


def monthly_panel(facts: pd.DataFrame) -> pd.DataFrame:
    """Line up monthly departures from single-month and year-to-date figures.

    Parameters
    ----------
    facts : pandas.DataFrame
        The facts table (``load_facts()``); only preferred ``departures`` rows are used.

    Returns
    -------
    pandas.DataFrame
        One row per (year, month, scope, market, sex), months 1 to the last
        month that year's figures reach, with columns

        - ``departures``: the month's flow (NaN where ``missing``);
        - ``method``: ``reported``, ``derived`` or ``missing``;
        - ``qualifier``: the reported figure's, or ``exact`` for a difference of
          two exact totals and ``approx`` otherwise;
        - ``ytd`` / ``ytd_qualifier``: the year-to-date total published for that month;
        - ``derived`` / ``derived_qualifier`` / ``derived_source``: the difference of
          year-to-date totals where it exists, even beside a reported figure, and the
          bulletin(s) of those totals;
        - ``conflict``: reported minus derived where both are exact and differ
          (the reported value is kept), else NaN;
        - ``source``: the bulletin(s) behind the value.

    Examples
    --------
    August 2017: 78,938 workers by the end of August, 68,949 by the end of July,
    so August's flow is 9,989, the figure DOLAB published for the month.

    >>> facts = pd.DataFrame({
    ...     "scope": "national", "market": "ALL", "sex": "total", "year": 2017,
    ...     "month_from": [1, 1], "month_to": [7, 8], "measure": "departures",
    ...     "value": [68949.0, 78938.0], "qualifier": "exact", "source": "dolab"})
    >>> panel = monthly_panel(facts)
    >>> august = panel[panel["month"] == 8].iloc[0]
    >>> float(august["departures"]), august["method"]
    (9989.0, 'derived')
    """
    dep = _departures(facts)
    if dep.empty:
        return pd.DataFrame(columns=PANEL_COLUMNS)
    g = _choose(_derive(_line_up(dep)))
    g["ytd_qualifier"] = g["ytd_qualifier"].fillna("")
    panel = g[PANEL_COLUMNS].reset_index(drop=True)
    panel["year"] = panel["year"].astype(int)
    panel["month"] = panel["month"].astype(int)
    panel["departures"] = panel["departures"].astype(float)
    return panel


def _line_up(dep: pd.DataFrame) -> pd.DataFrame:
    """Every month of each series, with its year-to-date total, the one before, and its figure.

    Months run from January to the last month the series reaches that year.
    """
    key = PANEL_KEY
    cols = [*key, "month_to", "value", "qualifier", "source"]
    last = dep.groupby(key, sort=True)["month_to"].max().reset_index(name="last")
    grid = last.loc[last.index.repeat(last["last"])].drop(columns="last")
    grid["month"] = grid.groupby(key, sort=False).cumcount() + 1
    ytd = dep.loc[dep["month_from"] == 1, cols].rename(columns={
        "month_to": "month", "value": "ytd", "qualifier": "ytd_qualifier", "source": "ytd_src"})
    before = ytd.assign(month=ytd["month"] + 1).rename(columns={
        "ytd": "prev", "ytd_qualifier": "prev_q", "ytd_src": "prev_src"})
    rep = dep.loc[dep["month_from"] == dep["month_to"], cols].rename(columns={
        "month_to": "month", "value": "rep", "qualifier": "rep_q", "source": "rep_src"})
    on = [*key, "month"]
    return (grid.merge(ytd, on=on, how="left").merge(before, on=on, how="left")
            .merge(rep, on=on, how="left"))


def _derive(g: pd.DataFrame) -> pd.DataFrame:
    """Add the difference of consecutive year-to-date totals, its qualifier and sources."""
    first = g["month"] == 1
    g["derived"] = np.where(first, g["ytd"], g["ytd"] - g["prev"])
    has = g["derived"].notna()
    exact = (g["ytd_qualifier"] == "exact") & (first | (g["prev_q"] == "exact"))
    g["derived_qualifier"] = np.where(has, np.where(exact, "exact", "approx"), "")
    pair = [" | ".join(sorted({a, b})) if isinstance(a, str) and isinstance(b, str) else ""
            for a, b in zip(g["ytd_src"], g["prev_src"], strict=True)]
    g["derived_source"] = np.where(has, np.where(first, g["ytd_src"], pair), "")
    return g


def _choose(g: pd.DataFrame) -> pd.DataFrame:
    """Take the reported figure, else the derived one (never negative), else ``missing``."""
    reported = g["rep"].notna()
    derived = ~reported & g["derived"].notna() & (g["derived"] >= 0)
    g["method"] = np.select([reported, derived], ["reported", "derived"], "missing")
    g["departures"] = np.select([reported, derived], [g["rep"], g["derived"]], np.nan)
    g["qualifier"] = np.select([reported, derived], [g["rep_q"], g["derived_qualifier"]], "")
    g["source"] = np.select([reported, derived], [g["rep_src"], g["derived_source"]], "")
    clash = (reported & (g["rep_q"] == "exact") & (g["derived_qualifier"] == "exact")
             & (g["rep"] != g["derived"]))
    g["conflict"] = np.where(clash, g["rep"] - g["derived"], np.nan)
    return g


def compare_reported_derived(panel: pd.DataFrame) -> pd.DataFrame:
    """List every month whose published figure can be checked against year-to-date totals.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`monthly_panel`.

    Returns
    -------
    pandas.DataFrame
        Rows of the panel that are ``reported`` and also have a ``derived``
        value (January excluded: there the two are the same figure), with an
        ``outcome`` column: ``"match"``, ``"differs by N"`` (N = reported minus
        derived) or ``"not comparable (approximate)"``.
    """
    both = panel[(panel["method"] == "reported") & panel["derived"].notna()
                 & (panel["month"] > 1)].copy()

    def outcome(row: pd.Series) -> str:
        if row["qualifier"] != "exact" or row["derived_qualifier"] != "exact":
            return "not comparable (approximate)"
        if row["departures"] == row["derived"]:
            return "match"
        return f"differs by {row['departures'] - row['derived']:+,.0f}"

    both["outcome"] = [outcome(r) for _, r in both.iterrows()] if len(both) else []
    return both.reset_index(drop=True)


def cumulate(monthly: pd.Series) -> pd.Series:
    """Return the year-to-date totals of a series of monthly flows (index: month 1..m)."""
    return monthly.sort_index().cumsum()


def rolling_sum(panel: pd.DataFrame, *, window: int = 12) -> pd.DataFrame:
    """Add a ``rolling_total`` column: the sum of the last ``window`` months, where none is missing.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`monthly_panel`; series are split by scope, market and sex
        and run on across years (a rolling sum spans the year boundary by design).
    window : int
        Months per sum (12: a rolling year).

    Returns
    -------
    pandas.DataFrame
        ``panel`` sorted by series and date, with ``rolling_total`` (NaN until
        ``window`` consecutive known months exist).
    """
    out = panel.sort_values(["scope", "market", "sex", "year", "month"]).copy()
    out["_t"] = month_index(out["year"], out["month"])
    parts = []
    for _, group in out.groupby(["scope", "market", "sex"], sort=False):
        series = group.set_index("_t")["departures"]
        full = series.reindex(range(int(series.index.min()), int(series.index.max()) + 1))
        rolled = full.rolling(window, min_periods=window).sum()
        parts.append(group.assign(rolling_total=rolled.reindex(group["_t"]).to_numpy()))
    if not parts:
        return out.drop(columns="_t").assign(rolling_total=pd.Series(dtype=float))
    return pd.concat(parts).drop(columns="_t")


def cut_window(panel: pd.DataFrame, *, year: int, month: int, months: int,
               markets: list[str], scope: str = "national", sex: str = "total") -> pd.DataFrame:
    """The last ``months`` months up to ``year-month`` for some markets, every month present.

    Months the panel does not reach come back as ``missing`` rows (NaN
    departures), so a chart shows them as gaps rather than dropping them.

    Returns
    -------
    pandas.DataFrame
        Panel rows ordered by market (as given) and date.
    """
    end = month_index(year, month)
    stamps = [from_index(t) for t in range(end - months + 1, end + 1)]
    grid = pd.DataFrame(
        [{"year": y, "month": mo, "market": m} for m in markets for y, mo in stamps])
    part = panel[(panel["scope"] == scope) & (panel["sex"] == sex)
                 & panel["market"].isin(markets)]
    out = grid.merge(part, on=["year", "month", "market"], how="left")
    out["scope"], out["sex"] = scope, sex
    out["method"] = out["method"].fillna("missing")
    out[["qualifier", "source"]] = out[["qualifier", "source"]].fillna("")
    return out[PANEL_COLUMNS].reset_index(drop=True)
