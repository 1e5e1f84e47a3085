"""The period summary's types: :class:`PeriodSummary` and the records it holds.

These are the typed contract between analysis and the reports. Analysis gives
numbers and reason codes only: a value that cannot be computed is ``None``, and
:attr:`PeriodSummary.missing` says why with a :class:`Missing` (a reason code and
its values), worded by the report layer (:func:`labexport.report.phrases.reason`).
:func:`labexport.analysis.summary.summarize_period` computes a summary.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Missing:
    """Why a value of the summary is missing: a reason code and the values it names.

    The report layer words it (``why_<code>`` in :mod:`labexport.report.wording`).

    >>> Missing("no_ytd", {"month": 9, "year": 2025}).as_dict()
    {'code': 'no_ytd', 'month': 9, 'year': 2025}
    """

    code: str
    values: Mapping[str, int | str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int | str]:
        """The reason as ``{"code": ..., **values}`` (the ``<key>_why`` of the JSON form)."""
        return {"code": self.code, **self.values}


#: The reason of a value missing for no more specific reason.
NOT_COMPUTABLE = Missing("not_computable")


@dataclass(frozen=True)
class MarketShare:
    """One leading market of the year to date: its code, count and share (%).

    ``approximate`` is true when the count or the total it is a share of is rounded.
    """

    market: str
    ytd: float
    share: float
    approximate: bool = False

    def as_dict(self) -> dict[str, object]:
        """``{"market", "ytd", "share"}``, and ``"approximate": True`` only when it is."""
        out: dict[str, object] = {"market": self.market, "ytd": self.ytd, "share": self.share}
        return {**out, "approximate": True} if self.approximate else out


@dataclass(frozen=True)
class Projection:
    """The year-end projection: lowest, median and highest over past normal years."""

    low: int
    mid: int
    high: int

    def as_dict(self) -> dict[str, int]:
        """``{"low", "mid", "high"}``, as :func:`labexport.report.plots.plot_attainment` takes."""
        return {"low": self.low, "mid": self.mid, "high": self.high}


#: Fields left out of :meth:`PeriodSummary.to_dict` when ``None`` (last year's figure
#: and its qualifiers exist only where last year's total is published; the basis of
#: the concentration only where it is measured).
_ABSENT_WHEN_NONE = ("ytd_last_year", "ytd_last_year_qualifier", "yoy_qualifier",
                     "concentration_markets", "concentration_comparable")


@dataclass(frozen=True)
class PeriodSummary:
    """Every headline indicator of one month.

    A value that cannot be computed is ``None`` and :attr:`missing` holds its reason.

    Attributes
    ----------
    period : str
        ``YYYY-MM``.
    scope : str
        ``"national"`` or a province.
    month_total : float or None
        Departures in the month, reported or derived from year-to-date totals.
    month_total_method : str or None
        ``"reported"`` or ``"derived"``.
    month_qualifier : str or None
        Qualifier of ``month_total`` (``exact``, ``approx``, ``nearly``, ``over``).
    month_female : float or None
        Women in the month (reported only).
    ytd_total : float or None
        Departures from January to the month.
    ytd_qualifier : str or None
        Qualifier of ``ytd_total``.
    ytd_female : float or None
        Women from January to the month.
    female_share_ytd, female_share_month : float or None
        Female share of the year to date and of the month, in percent (1 decimal).
    target : float or None
        The annual plan in force (a range's low end).
    target_kind : str or None
        ``single``, ``range`` or ``adjusted``.
    attainment_pct : float or None
        ``ytd_total`` as a percentage of ``target``, computed (2 decimals).
    attainment_pct_stated : float or None
        The percentage of the plan the bulletin states.
    attainment_verdict : str or None
        How the stated percentage relates to the computed one: ``rounded``,
        ``truncated`` or ``inconsistent``; ``None`` (reason ``rough_ytd``) when the
        year to date is itself rounded, as the check would compare two roundings.
    calendar_pace_pct : float
        Share of the year elapsed, in percent (1 decimal).
    seasonal_pace_pct : float or None
        Median share of the annual total reached by the month in past normal years (%).
    seasonal_years : tuple of int
        The past years behind ``seasonal_pace_pct`` and the projection.
    projection_year_end : Projection or None
        Year-end total projected at the seasonal pace.
    required_monthly_rate : float or None
        Departures needed per remaining month to meet the plan (1 decimal).
    top_markets : tuple of MarketShare, or None
        The leading markets of the year to date, largest first (share in %).
    top3_share : float or None
        Share of the three largest markets in the year to date (%).
    hhi : int or None
        Herfindahl-Hirschman index over the named markets (0-10,000).
    concentration_markets : int or None
        How many countries the year-to-date figures behind ``top3_share`` and
        ``hhi`` name (``None`` when those are not measured).
    concentration_comparable : bool or None
        Whether that basis is comparable with the other years'
        (:func:`labexport.analysis.shares.comparability`).
    yoy_ytd_change_pct : float or None
        Change of the year to date against the same months of last year (%).
    ytd_last_year : float or None
        Last year's total for the same months (``None``, with no reason, when unpublished).
    ytd_last_year_qualifier, yoy_qualifier : str or None
        Qualifiers of ``ytd_last_year`` and of the change (as ``ytd_last_year``).
    sources : tuple of str
        Every source a figure of the summary comes from, sorted.
    missing : Mapping of str to Missing
        Why each ``None`` value is missing, by field name.
    approximate : tuple of str
        The computed values (by field name) that rest on at least one rounded
        figure ("nearly 90,000"), so are approximate: a report marks them ``≈``.

    Examples
    --------
    For 2025-07 on the shipped data: month_total 11,090, ytd_total 85,781,
    female_share_ytd 33.8, attainment_pct 65.99 against the stated 65.9 (verdict
    ``truncated``), calendar_pace_pct 58.3, required_monthly_rate 8,843.8.
    """

    period: str
    scope: str
    month_total: float | None
    month_total_method: str | None
    month_qualifier: str | None
    month_female: float | None
    ytd_total: float | None
    ytd_qualifier: str | None
    ytd_female: float | None
    female_share_ytd: float | None
    female_share_month: float | None
    target: float | None
    target_kind: str | None
    attainment_pct: float | None
    attainment_pct_stated: float | None
    attainment_verdict: str | None
    calendar_pace_pct: float
    seasonal_pace_pct: float | None
    seasonal_years: tuple[int, ...]
    projection_year_end: Projection | None
    required_monthly_rate: float | None
    top_markets: tuple[MarketShare, ...] | None
    top3_share: float | None
    hhi: int | None
    concentration_markets: int | None
    concentration_comparable: bool | None
    yoy_ytd_change_pct: float | None
    ytd_last_year: float | None
    ytd_last_year_qualifier: str | None
    yoy_qualifier: str | None
    sources: tuple[str, ...]
    missing: Mapping[str, Missing] = field(default_factory=dict)
    approximate: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Check that every reason names a field that is ``None``, every approximate one not."""
        for name in self.missing:
            if getattr(self, name) is not None:
                raise ValueError(f"{name} has a value and a reason for missing")
        for name in self.approximate:
            if getattr(self, name) is None:
                raise ValueError(f"{name} is marked approximate and has no value")

    def is_approximate(self, name: str) -> bool:
        """Whether the value ``name`` rests on a rounded figure (see :attr:`approximate`)."""
        return name in self.approximate

    def why(self, name: str) -> Missing:
        """Why the field ``name`` is missing (``not_computable`` when no reason is kept)."""
        return self.missing.get(name, NOT_COMPUTABLE)

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict, each missing value with ``<name>_why`` after it.

        The reasons are codes (``{"code": ..., **values}``); the report layer adds their
        wording (:func:`labexport.report.phrases.summary_record`). ``approximate`` is
        the list of the approximate values' names, left out when every value is exact.
        """
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name == "missing" or (value is None and f.name in _ABSENT_WHEN_NONE) or (
                    f.name == "approximate" and not value):
                continue
            out[f.name] = _plain(value)
            if value is None:
                out[f"{f.name}_why"] = self.why(f.name).as_dict()
        return out


def _plain(value: object) -> object:
    """JSON-ready: records as dicts, tuples as lists."""
    if isinstance(value, Projection):
        return value.as_dict()
    if isinstance(value, MarketShare):
        return value.as_dict()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
