"""Choose among sources: which published row of each figure is preferred.

Every figure of every source is kept. The rows sharing a :data:`KEY` (scope,
period, measure, market, sex) are statements of one figure; one of them is
marked ``preferred`` by this rule, applied in order:

1. **Exact beats rounded.** Only exact statements compete; where a figure has
   none, the rounded ones do ("over", "nearly" before "about"), and derived
   figures last. A rounded statement never wins against an exact one, but it
   counts as confirming the exact values it is consistent with (step 4).
2. **Precision.** An exact statement that is a rounding of a more precise exact
   statement of the same figure does not compete on its own: 91.1% is the
   rounding of 91.11%, a round 126,000 the rounding of 126,296. It confirms
   the more precise one instead.
3. **The same publisher revises.** A statement is withdrawn when its
   publisher later stated the figure again and none of those latest statements
   agrees with it. A withdrawn statement neither competes nor confirms anything.
4. **Agreement.** Each competing value is supported by the number of distinct
   publishers with a statement consistent with it: the same exact value, a
   rounding of it ("over 121,000" confirms 121,190, "nearly 90,000" confirms
   89,6xx). The best-supported value wins, so a lone later value contradicted by
   an agreed one loses.
5. **Latest publication.** Between equally supported values, and among the rows
   of the winning value, the latest publication wins; undated rows rank after
   dated ones.
6. **Order of the data**: between rows still equal, the one that comes first
   (the shipped tables, then the data folder's own tables, then the bulletins;
   each in its order), so rows added at the end of a table displace a figure
   only by evidence (support, a later date, precision), never by a tie. A row
   already marked ``preferred`` (a built dataset resolved again) comes first.

Terms
-----
*Publisher*: the registered domain of the source's address (``en.vietnamplus.vn``
and ``zh.vietnamplus.vn`` are one publisher, ``vietnamplus.vn``); a source that
is not an address (a bulletin file) is its own publisher.

*Consistent*: every statement admits an interval of true values, from its number
``X`` and the place ``u`` of its last significant digit (at most a tenth of
``X``): exact ``[X - u/2, X + u)`` (rounded or truncated to ``u``), "over"
``[X, X + u)``, "nearly" ``(X - u, X]``, "about" ``[X - u/2, X + u/2]``. For
counts, ``u`` is 1 for an exact figure unless it ends in ``00`` (121,190 is
read as exact; 126,000 and 29,500 as round); for a % of plan, ``u`` is its last
decimal (91.1 -> 0.1). A statement confirms a value that lies in its interval;
two statements agree when either confirms the other's number.

Examples
--------
>>> publisher("https://en.vietnamplus.vn/vietnam-sends-over-132000-laborers")
'vietnamplus.vn'
>>> publisher("http://en-connectviet.moit.gov.vn/default.aspx")
'moit.gov.vn'
>>> statement_unit(121000, "over", "departures"), statement_unit(121190, "exact", "departures")
(1000.0, 1.0)
>>> statement_unit(91.1, "exact", "attainment_pct")
0.1
"""

from __future__ import annotations

from urllib.parse import urlsplit

import numpy as np
import pandas as pd

#: What identifies one figure: the rows sharing it are statements of the same number.
KEY = ["scope", "year", "month_from", "month_to", "measure", "market", "sex"]
#: The observation status of a statement, after SDMX's OBS_STATUS code list.
OBS_STATUS = {
    "A": "as published (an exact figure no other source contradicts)",
    "E": "rounded or approximate as published (over, nearly, about)",
    "D": "derived: implied by the text, not printed",
    "C": "conflicting: another source states a different exact value",
    "R": "revised: its publisher's later statement, replacing an earlier one",
    "F": "first published value, kept beside its publisher's revision",
}
#: The observation status of each row and the first-published value of its figure.
STATUS_COLUMNS = ["obs_status", "first_value"]
#: The columns this module adds to the built dataset.
RESOLUTION_COLUMNS = ["preferred", *STATUS_COLUMNS]
_EXACTNESS = {"exact": 0, "over": 1, "nearly": 1, "approx": 2, "derived": 3}
#: Second-level labels under which a country's domains are registered (``moit.gov.vn``).
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "go", "gov", "ne", "net", "or", "org"})


def preferred(facts: pd.DataFrame) -> pd.DataFrame:
    """The preferred row of every figure (a built dataset keeps every source's row).

    A frame without a ``preferred`` column (already one row a figure) is returned as is.
    """
    return facts[facts["preferred"]] if "preferred" in facts else facts


def publisher(source: str) -> str:
    """The publisher of a source: its address's registered domain, else the source itself."""
    host = urlsplit(source).hostname if "://" in source else None
    if not host:
        return source
    labels = host.split(".")
    second = len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL
    return ".".join(labels[-3:] if second else labels[-2:])


def _decimals(value: float) -> int:
    """How many decimals ``value`` is written with (up to 4): 91.11 -> 2, 93.0 -> 0."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def statement_unit(value: float, qualifier: str, measure: str) -> float:
    """The place of a statement's last significant digit (see the module's *Terms*)."""
    if measure == "attainment_pct":
        return float(10.0 ** -_decimals(value))
    number, unit = round(value), 1
    while number and number % (unit * 10) == 0 and unit * 10 <= number / 2:
        unit *= 10
    if qualifier in ("exact", "derived") and unit < 100:
        return 1.0
    return float(unit)


def _statements(facts: pd.DataFrame) -> pd.DataFrame:
    """One row per statement, positionally numbered ``_row``, with its interval."""
    s = pd.DataFrame({k: facts[k].to_numpy() for k in KEY})
    s["value"] = facts["value"].astype(float).to_numpy()
    s["qualifier"] = facts["qualifier"].astype(str).to_numpy()
    for column in ("published", "source"):
        s[column] = (facts[column].fillna("").astype(str).to_numpy() if column in facts
                     else "")
    s["_row"] = np.arange(len(s))
    was = facts["preferred"].astype(str).eq("True").to_numpy() if "preferred" in facts else False
    s["_order"] = np.where(was, -1, s["_row"])
    s["_class"] = s["qualifier"].map(_EXACTNESS).fillna(3)
    s["_publisher"] = s["source"].map(publisher)
    s["_unit"] = [statement_unit(v, q, m) for v, q, m in
                  zip(s["value"], s["qualifier"], s["measure"], strict=True)]
    q, x, u = s["qualifier"], s["value"], s["_unit"]
    s["_lo"] = np.select([q == "over", q == "nearly"], [x, x - u], x - u / 2)
    s["_hi"] = np.select([q == "nearly", q == "approx"], [x, x + u / 2], x + u)
    s["_lo_open"] = q == "nearly"
    s["_hi_open"] = ~q.isin(["nearly", "approx"])
    return s


def _contains(frame: pd.DataFrame, value: pd.Series, suffix: str = "") -> pd.Series:
    """Whether each statement of ``frame`` (interval columns with ``suffix``) admits ``value``."""
    lo, hi = frame[f"_lo{suffix}"], frame[f"_hi{suffix}"]
    eps = 1e-9 * np.maximum(1.0, value.abs())
    above = np.where(frame[f"_lo_open{suffix}"], value > lo + eps, value >= lo - eps)
    below = np.where(frame[f"_hi_open{suffix}"], value < hi - eps, value <= hi + eps)
    return pd.Series(above & below, index=frame.index)


def _withdrawn(s: pd.DataFrame) -> pd.Series:
    """Rule 3: statements their publisher later replaced by one that disagrees (by ``_row``)."""
    group = [*KEY, "_publisher"]
    dated = s[s["published"] != ""]
    last = dated.groupby(group)["published"].transform("max")
    latest, earlier = dated[dated["published"] == last], dated[dated["published"] < last]
    pairs = earlier.merge(latest, on=group, suffixes=("", "_l"))
    agree = (_contains(pairs, pairs["value_l"])
             | _contains(pairs, pairs["value"], suffix="_l"))
    kept = set(pairs.loc[agree, "_row"])
    return s["_row"].isin(set(earlier["_row"]) - kept)


def _candidates(live: pd.DataFrame) -> pd.DataFrame:
    """Rules 1 and 2: the statements that compete for each figure."""
    best = live.groupby(KEY)["_class"].transform("min")
    cand = live[live["_class"] == best]
    pairs = cand.merge(cand, on=KEY, suffixes=("", "_d"))
    rounding = ((pairs["_unit_d"] < pairs["_unit"]) & (pairs["value_d"] != pairs["value"])
                & _contains(pairs, pairs["value_d"]))
    return cand[~cand["_row"].isin(set(pairs.loc[rounding, "_row"]))]


def _support(live: pd.DataFrame, cand: pd.DataFrame) -> pd.Series:
    """Rule 4: distinct publishers confirming each candidate's value (aligned with ``cand``).

    A publisher confirms through its most precise statements of the figure only: one
    that printed 121,190 and "over 120,000" confirms 121,190, not every value over 120,000.
    """
    values = cand[[*KEY, "value"]].drop_duplicates()
    finest = live.groupby([*KEY, "_publisher"])["_unit"].transform("min")
    pairs = live[live["_unit"] == finest].merge(values, on=KEY, suffixes=("", "_c"))
    pairs = pairs[_contains(pairs, pairs["value_c"])]
    counts = (pairs.groupby([*KEY, "value_c"])["_publisher"].nunique()
              .rename("_support").reset_index().rename(columns={"value_c": "value"}))
    return cand[[*KEY, "value"]].merge(counts, on=[*KEY, "value"], how="left")["_support"]


def resolve(facts: pd.DataFrame) -> pd.DataFrame:
    """Apply the rule; one row per row of ``facts`` (same order) describing its statement.

    Returns
    -------
    pandas.DataFrame
        ``KEY``, ``value``, ``qualifier``, ``published``, ``source`` and: ``publisher``;
        ``withdrawn`` (rule 3); ``support`` (rule 4, for competing statements, else
        NaN); ``preferred``; ``preferred_value`` (of the figure); ``agrees`` (the
        statement and the preferred one agree); ``obs_status`` (:data:`OBS_STATUS`);
        ``first_value`` (of the figure).
    """
    s = _statements(facts)
    s["withdrawn"] = _withdrawn(s)
    live = s[~s["withdrawn"]]
    cand = _candidates(live).copy()
    cand["support"] = _support(live, cand).to_numpy()
    cand["_undated"] = cand["published"] == ""
    cand = cand.sort_values(["support", "_undated", "published", "_order"],
                            ascending=[False, True, False, True], kind="mergesort")
    winners = cand.drop_duplicates(KEY, keep="first")
    s["support"] = s["_row"].map(cand.set_index("_row")["support"])
    s["preferred"] = s["_row"].isin(set(winners["_row"]))
    pref = winners.drop(columns=["support", "_undated"])
    pairs = s.merge(pref, on=KEY, how="left", suffixes=("", "_p"))
    s["preferred_value"] = pairs["value_p"].to_numpy()
    s["agrees"] = (_contains(pairs, pairs["value_p"])
                   | _contains(pairs, pairs["value"], suffix="_p")).to_numpy()
    s["obs_status"] = _status(s)
    s["first_value"] = _first_values(s)
    s = s.rename(columns={"_publisher": "publisher"})
    return s[[*KEY, "value", "qualifier", "published", "source", "publisher", "withdrawn",
              "support", "preferred", "preferred_value", "agrees", *STATUS_COLUMNS]]


def _status(s: pd.DataFrame) -> np.ndarray:
    """The :data:`OBS_STATUS` code of every statement (``withdrawn`` already set)."""
    exact = s[~s["withdrawn"] & (s["qualifier"] == "exact")]
    pairs = exact.merge(exact, on=KEY, suffixes=("", "_o"))
    disagree = ~(_contains(pairs, pairs["value_o"])
                 | _contains(pairs, pairs["value"], suffix="_o"))
    conflicting = s["_row"].isin(set(pairs.loc[disagree, "_row"]))
    group = [*KEY, "_publisher"]
    has_withdrawn = s.groupby(group)["withdrawn"].transform("any")
    last = s.groupby(group)["published"].transform("max")
    revised = has_withdrawn & ~s["withdrawn"] & (s["published"] == last)
    rounded = s["qualifier"].isin(["over", "nearly", "approx"])
    return np.select([s["withdrawn"], conflicting, revised, s["qualifier"] == "derived",
                      rounded], ["F", "C", "R", "D", "E"], "A")


def _first_values(s: pd.DataFrame) -> pd.Series:
    """The value of each figure's first-published statement, on every row of the figure."""
    ranked = s.assign(_undated=s["published"] == "").sort_values(
        ["_undated", "published", "_class", "_unit", "_order"], kind="mergesort")
    first = ranked.drop_duplicates(KEY, keep="first")[[*KEY, "value"]]
    return s[KEY].merge(first, on=KEY, how="left")["value"].set_axis(s.index)


def mark_preferred(facts: pd.DataFrame) -> pd.DataFrame:
    """Return ``facts`` with the :data:`RESOLUTION_COLUMNS`: one ``preferred`` row per figure."""
    out = facts.copy()
    resolved = resolve(facts)
    for column in RESOLUTION_COLUMNS:
        out[column] = resolved[column].to_numpy()
    return out


def conflicts(facts: pd.DataFrame) -> pd.DataFrame:
    """Exact values that contradict the preferred exact value of their figure.

    Withdrawn statements (revised by their publisher) are not conflicts, nor are
    roundings of the preferred value.

    Returns
    -------
    pandas.DataFrame
        One row per figure and contradicting value: ``KEY``, ``value``, ``sources``
        (its statements' sources), ``preferred_value``, ``preferred_sources`` (the
        sources stating the preferred value exactly) and ``support`` of each.
    """
    r = resolve(facts)
    exact = r[(r["qualifier"] == "exact") & ~r["withdrawn"]]
    pref_exact = r[r["preferred"] & (r["qualifier"] == "exact")][KEY]
    exact = exact.merge(pref_exact, on=KEY)
    against = exact[~exact["agrees"]]
    same = exact[exact["value"] == exact["preferred_value"]]
    agreed = (same.groupby(KEY).agg(preferred_sources=("source", _joined),
                                    preferred_support=("support", "max")).reset_index())
    out = (against.groupby([*KEY, "value", "preferred_value"])
           .agg(sources=("source", _joined), support=("support", "max")).reset_index())
    columns = [*KEY, "value", "sources", "support", "preferred_value", "preferred_sources",
               "preferred_support"]
    return out.merge(agreed, on=KEY, how="left")[columns]


def _joined(sources: pd.Series) -> str:
    return " | ".join(sorted(set(sources)))
