"""Identities that published figures should satisfy, and where they do not.

Each check returns findings (one row per violation, with the sources involved)
rather than raising: real bulletins contain typos and stale wording, and an
analyst needs to see them, not have them hidden.
"""

from __future__ import annotations

import math
from typing import Any, cast

import pandas as pd

from labexport.core.markets import is_country
from labexport.data.prefer import preferred

FINDING_COLUMNS = ["check", "scope", "year", "months", "market", "detail", "sources"]

#: One violation: a row of :data:`FINDING_COLUMNS`.
Finding = dict[str, Any]


def _finding(check: str, row: pd.Series, detail: str, sources: list[str]) -> Finding:
    months = f"{int(row['month_from'])}-{int(row['month_to'])}"
    return {"check": check, "scope": row["scope"], "year": int(row["year"]), "months": months,
            "market": row.get("market", "ALL"), "detail": detail,
            "sources": " | ".join(sorted(set(sources)))}


def _pref(facts: pd.DataFrame, measure: str = "departures") -> pd.DataFrame:
    return preferred(facts[facts["measure"] == measure])


def check_female_le_total(facts: pd.DataFrame) -> list[Finding]:
    """Female count never above the total for the same market and period."""
    pref = _pref(facts)
    key = ["scope", "year", "month_from", "month_to", "market"]
    wide = pref.pivot_table(index=key, columns="sex", values="value", aggfunc="first")
    src = pref.set_index([*key, "sex"])["source"]
    out: list[Finding] = []
    if not {"female", "total"} <= set(wide.columns):
        return out
    for label, row in wide.dropna(subset=["female", "total"]).iterrows():
        idx = cast(tuple[Any, ...], label)
        if row["female"] > row["total"]:
            r = pd.Series(dict(zip(key, idx, strict=True)))
            out.append(_finding("female <= total", r,
                                f"female {row['female']:,.0f} > total {row['total']:,.0f}",
                                [src[(*idx, "female")], src[(*idx, "total")]]))
    return out


def check_markets_le_total(facts: pd.DataFrame) -> list[Finding]:
    """Markets never sum above the all-markets total, where all are exact."""
    pref = _pref(facts)
    pref = pref[(pref["qualifier"] == "exact") & (pref["sex"] == "total")]
    out: list[Finding] = []
    for _, group in pref.groupby(["scope", "year", "month_from", "month_to"]):
        total = group[group["market"] == "ALL"]
        markets = group[group["market"].map(is_country)]
        if total.empty or markets.empty:
            continue
        listed = markets["value"].sum()
        if listed > total["value"].iloc[0]:
            r = total.iloc[0]
            out.append(_finding("markets sum <= total", r,
                                f"{len(markets)} markets sum to {listed:,.0f} > total "
                                f"{r['value']:,.0f}", list(group["source"])))
    return out


def check_ytd_monotone(facts: pd.DataFrame) -> list[Finding]:
    """A year-to-date series never falls within a year."""
    pref = _pref(facts)
    ytd = pref[(pref["month_from"] == 1) & (pref["qualifier"] == "exact")]
    out: list[Finding] = []
    for _, group in ytd.groupby(["scope", "year", "market", "sex"]):
        group = group.sort_values("month_to")
        prev = None
        for _, row in group.iterrows():
            if prev is not None and row["value"] < prev["value"]:
                out.append(_finding(
                    "year to date never falls", row,
                    f"Jan-{int(row['month_to'])} {row['value']:,.0f} < "
                    f"Jan-{int(prev['month_to'])} {prev['value']:,.0f} ({row['sex']})",
                    [row["source"], prev["source"]]))
            prev = row
    return out


def check_month_equals_ytd_difference(facts: pd.DataFrame) -> list[Finding]:
    """A month equals the difference of consecutive year-to-date values, where all are exact.

    The comparison itself is the monthly panel's
    (:func:`labexport.analysis.panel.compare_reported_derived`); this lists its differences.
    """
    from labexport.analysis.panel import compare_reported_derived, monthly_panel

    checked = compare_reported_derived(monthly_panel(facts))
    out: list[Finding] = []
    for _, row in checked[checked["outcome"].str.startswith("differs")].iterrows():
        now, diff = row["ytd"], row["derived"]
        where = pd.Series({"scope": row["scope"], "year": row["year"], "month_from": row["month"],
                           "month_to": row["month"], "market": row["market"]})
        out.append(_finding(
            "month = difference of year to date", where,
            f"month {row['departures']:,.0f} vs {now:,.0f} - {now - diff:,.0f} = "
            f"{diff:,.0f} ({row['sex']})",
            [row["source"], *row["derived_source"].split(" | ")]))
    return out


def stated_pct_verdict(computed: float, stated: float) -> str:
    """Say how a stated percentage relates to the computed one.

    Returns ``"rounded"``, ``"truncated"`` (both when they agree) or
    ``"inconsistent"``, comparing at the number of decimals the stated value has.

    Examples
    --------
    >>> stated_pct_verdict(85781 / 130000 * 100, 65.9)   # 65.985 -> 65.9
    'truncated'
    >>> stated_pct_verdict(65.66, 65.66)
    'rounded'
    """
    scale = 10 ** _decimals(stated)
    if round(computed * scale) == round(stated * scale):
        return "rounded"
    if math.floor(computed * scale + 1e-9) == round(stated * scale):
        return "truncated"
    return "inconsistent"


def _decimals(value: float) -> int:
    """How many decimals ``value`` is written with (up to 4): 65.9 -> 1, 66.0 -> 0."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def _pct_consistent(computed: float, stated: float, qualifier: str) -> bool:
    if qualifier == "exact":
        return stated_pct_verdict(computed, stated) != "inconsistent"
    if qualifier == "over":
        return stated <= computed < stated + 5
    if qualifier == "nearly":
        return stated - 5 < computed <= stated
    return abs(computed - stated) < 1


def check_stated_pct(facts: pd.DataFrame) -> list[Finding]:
    """Every stated % of plan equals the computed %, within rounding or truncation.

    All stated rows are checked (not only the preferred ones), against every
    exact plan stated for the year (a range or an adjusted plan gives several).
    "over 34%" and "nearly 66%" are compared as bounds.
    """
    pct = facts[(facts["measure"] == "attainment_pct") & (facts["market"] == "ALL")]
    targets = facts[(facts["measure"] == "target") & (facts["market"] == "ALL")
                    & (facts["qualifier"] == "exact")]
    dep = _pref(facts)
    dep = dep[(dep["market"] == "ALL") & (dep["sex"] == "total") & (dep["qualifier"] == "exact")]
    dep = dep.set_index(["scope", "year", "month_from", "month_to"])
    out: list[Finding] = []
    for _, row in pct.iterrows():
        plans = targets[(targets["scope"] == row["scope"]) & (targets["year"] == row["year"])]
        key = (row["scope"], row["year"], row["month_from"], row["month_to"])
        if plans.empty or key not in dep.index:
            continue
        done = dep.loc[[key]].iloc[0]
        values = sorted(set(plans["value"]))
        if not any(_pct_consistent(done["value"] / v * 100, row["value"], row["qualifier"])
                   for v in values):
            plan = values[0]
            out.append(_finding(
                "stated % of plan = computed", row,
                f"stated {row['qualifier']} {row['value']}% vs computed "
                f"{done['value'] / plan * 100:.2f}% ({done['value']:,.0f} / "
                + " or ".join(f"{v:,.0f}" for v in values) + ")",
                [row["source"], done["source"]]))
    return out


def _agree(a: float, qa: str, b: float, qb: str, measure: str) -> bool:
    """Whether two statements of one figure can both be true (see check_bulletin_vs_shipped)."""
    if qa != "exact" and qb != "exact":
        return True
    if qa == "exact" and qb == "exact":
        if measure != "attainment_pct":
            return a == b
        shorter, longer = sorted((a, b), key=_decimals)
        return stated_pct_verdict(longer, shorter) != "inconsistent"
    (x, q), e = ((a, qa), b) if qa != "exact" else ((b, qb), a)
    if q == "nearly":
        return 9 * x <= 10 * e <= 10 * x
    if q == "over":
        return 10 * x <= 10 * e <= 11 * x
    return 10 * abs(e - x) <= x


def _stated(value: float, qualifier: str, measure: str) -> str:
    number = f"{value:g}%" if measure == "attainment_pct" else f"{value:,.0f}"
    return number if qualifier == "exact" else f"{qualifier} {number}"


def check_bulletin_vs_shipped(facts: pd.DataFrame) -> list[Finding]:
    """Every figure read from a bulletin agrees with the shipped figures of the same key.

    A bulletin row (origin ``bulletins/...``) is compared with every shipped row
    (origin ``raw/...``) of the same scope, period, measure, market and sex, and
    each shipped value it contradicts beyond rounding is a finding:

    * two exact counts contradict when they differ at all; two exact % of plan
      when the longer does not round or truncate to the shorter (65.9 and 65.98
      agree, 65.9 and 66.5 do not);
    * an approximate figure agrees with an exact one that it could round:
      "nearly X" with [0.9X, X], "over X" with [X, 1.1X], "approx X" (about X)
      with [0.9X, 1.1X];
    * two approximate figures always agree.
    """
    from labexport.data.prefer import KEY

    if "origin" not in facts:
        return []
    origin = facts["origin"].astype(str)
    pairs = facts[origin.str.startswith("bulletins/")].merge(
        facts[origin.str.startswith(("raw/", "shipped/"))], on=KEY, suffixes=("", "_raw"))
    contradicts = [not _agree(float(v), str(q), float(v_raw), str(q_raw), str(m))
                   for v, q, v_raw, q_raw, m in zip(pairs["value"], pairs["qualifier"],
                                                    pairs["value_raw"], pairs["qualifier_raw"],
                                                    pairs["measure"], strict=True)]
    stated = ["origin", "value", "qualifier", "origin_raw", "value_raw", "qualifier_raw"]
    out: list[Finding] = []
    for _, group in pairs.loc[contradicts].groupby([*KEY, *stated]):
        r = group.iloc[0]
        out.append(_finding(
            "bulletin vs shipped", r,
            f"{r['measure']} ({r['sex']}): {r['origin']} says "
            f"{_stated(r['value'], r['qualifier'], r['measure'])}, {r['origin_raw']} says "
            f"{_stated(r['value_raw'], r['qualifier_raw'], r['measure'])}",
            [*group["source"], *group["source_raw"]]))
    return out


def check_sources_agree(facts: pd.DataFrame) -> list[Finding]:
    """Every exact statement of a figure agrees with the preferred one.

    Each exact value that contradicts the preferred exact value of its figure is a
    finding naming both values, how many publishers confirm each, and every source
    stating them exactly (:func:`labexport.data.prefer.conflicts`: roundings of the
    preferred value and values their own publisher revised are not contradictions).
    """
    from labexport.data.prefer import conflicts

    out: list[Finding] = []
    for _, r in conflicts(facts).iterrows():
        out.append(_finding(
            "sources agree", r,
            f"{r['measure']} ({r['sex']}): {_stated(r['value'], 'exact', r['measure'])} "
            f"({_publishers(r['support'])}) against the preferred "
            f"{_stated(r['preferred_value'], 'exact', r['measure'])} "
            f"({_publishers(r['preferred_support'])})",
            [*r["sources"].split(" | "), *r["preferred_sources"].split(" | ")]))
    return out


def _publishers(count: float) -> str:
    n = 0 if pd.isna(count) else int(count)
    return f"{n} publisher" if n == 1 else f"{n} publishers"


CHECKS = {
    "female <= total": check_female_le_total,
    "markets sum <= total": check_markets_le_total,
    "year to date never falls": check_ytd_monotone,
    "month = difference of year to date": check_month_equals_ytd_difference,
    "stated % of plan = computed": check_stated_pct,
    "bulletin vs shipped": check_bulletin_vs_shipped,
    "sources agree": check_sources_agree,
}


def run_checks(facts: pd.DataFrame) -> pd.DataFrame:
    """Run every identity check on the preferred figures; one row per violation."""
    rows = [f for check in CHECKS.values() for f in check(facts)]
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
