"""Indicators: female share, market shares and concentration, growth, target attainment.

The functions live in modules named by their job; this module gathers them, so
``from labexport.analysis import indicators`` (the notebooks, the README) keeps working:

- :mod:`labexport.analysis.lookup`: :func:`find_figure`;
- :mod:`labexport.analysis.shares`: female share, market shares, concentration;
- :mod:`labexport.analysis.growth`: change against the same months of last year;
- :mod:`labexport.analysis.attainment`: plans, attainment, pace and projection;
- :mod:`labexport.analysis.summary`: :func:`summarize_period`, giving a :class:`PeriodSummary`
  (:mod:`labexport.analysis.summary_types`).

A value that cannot be computed is NaN (or ``None``), never a guess; the period
summary says why with a reason code (:class:`Missing`), worded by the report layer.
"""

from __future__ import annotations

from labexport.analysis.attainment import (
    DISRUPTED_YEARS,
    attainment_pct,
    calendar_pace_pct,
    implied_plan,
    plans_by_year,
    project_year_end,
    required_monthly_rate,
    seasonal_pace,
    target_history,
)
from labexport.analysis.growth import yoy_change
from labexport.analysis.lookup import Figure, find_figure
from labexport.analysis.shares import (
    concentration,
    female_share,
    hhi,
    market_shares,
    other_markets,
)
from labexport.analysis.summary import (
    MarketShare,
    Missing,
    PeriodSummary,
    Projection,
    implied_target,
    summarize_period,
)

__all__ = [
    "DISRUPTED_YEARS",
    "Figure",
    "MarketShare",
    "Missing",
    "PeriodSummary",
    "Projection",
    "attainment_pct",
    "calendar_pace_pct",
    "concentration",
    "female_share",
    "find_figure",
    "hhi",
    "implied_plan",
    "implied_target",
    "market_shares",
    "other_markets",
    "plans_by_year",
    "project_year_end",
    "required_monthly_rate",
    "seasonal_pace",
    "summarize_period",
    "target_history",
    "yoy_change",
]
