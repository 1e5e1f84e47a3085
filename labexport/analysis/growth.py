"""Growth: the year to date against the same months of the year before, per market."""

from __future__ import annotations

import numpy as np
import pandas as pd

from labexport.data.prefer import preferred


def yoy_change(facts: pd.DataFrame, *, year: int, month: int, scope: str = "national",
               sex: str = "total") -> pd.DataFrame:
    """Year-to-date change against January-``month`` of the year before, per market.

    Returns
    -------
    pandas.DataFrame
        Columns ``market, ytd, ytd_last, change_pct, qualifier, qualifier_last, source,
        source_last, approximate`` for every market
        (and ``ALL``) with a figure this year; ``ytd_last`` and ``change_pct`` are
        NaN where last year has none. ``qualifier`` is ``exact`` only when both are
        (this year's own qualifier where last year has no figure). ``approximate``
        is true for a change computed from a rounded figure (either year's: "nearly
        90,000" for January-July 2024), which a report marks ``≈``. ``status`` is
        this year's figure's observation status (``C`` where another source states
        another exact value; ``""`` for a frame without ``obs_status``).

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
                        "source": now["source"],
                        "status": now["obs_status"] if "obs_status" in now else ""})
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
    out["approximate"] = out["change_pct"].notna() & (out["qualifier"] != "exact")
    cols = ["market", "ytd", "ytd_last", "change_pct", "qualifier", "qualifier_last", "source",
            "source_last", "approximate", "status"]
    return out[cols].reset_index(drop=True)
