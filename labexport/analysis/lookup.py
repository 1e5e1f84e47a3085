"""Look up one published figure: the preferred row of one cell of the data model."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from labexport.core.markets import ALL
from labexport.data.prefer import preferred


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
