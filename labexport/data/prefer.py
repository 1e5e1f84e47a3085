"""Choose among sources: which published row of each figure is preferred.

Every figure of every source is kept. Where several rows state the same figure
(same scope, period, measure, market and sex), one is marked ``preferred`` by
this rule:

1. an exact figure beats a rounded one ("over 159,000" never revises 159,986);
2. among equally exact figures, the latest publication wins (a revision);
   rows without a publication date rank after dated ones;
3. then the value stated by more sources; then the source name, for a stable
   order.
"""

from __future__ import annotations

import pandas as pd

#: What identifies one figure: the rows sharing it are statements of the same number.
KEY = ["scope", "year", "month_from", "month_to", "measure", "market", "sex"]
#: The columns this module adds to the built dataset.
RESOLUTION_COLUMNS = ["preferred"]
_EXACTNESS = {"exact": 0, "over": 1, "nearly": 1, "approx": 2, "derived": 3}


def preferred(facts: pd.DataFrame) -> pd.DataFrame:
    """The preferred row of every figure (a built dataset keeps every source's row).

    A frame without a ``preferred`` column (already one row a figure) is returned as is.
    """
    return facts[facts["preferred"]] if "preferred" in facts else facts


def mark_preferred(facts: pd.DataFrame) -> pd.DataFrame:
    """Return ``facts`` with a ``preferred`` column: one True row per figure key."""
    ranked = facts.assign(
        _exact=facts["qualifier"].map(_EXACTNESS).fillna(3),
        _dated=(facts["published"] == "").astype(int),
        _support=facts.groupby([*KEY, "value"])["value"].transform("size"),
    )
    ranked = ranked.sort_values(
        ["_exact", "_dated", "published", "_support", "source"],
        ascending=[True, True, False, False, True],
        kind="mergesort",
    )
    first = ~ranked.duplicated(KEY, keep="first")
    out = facts.copy()
    out["preferred"] = first.reindex(out.index)
    return out
