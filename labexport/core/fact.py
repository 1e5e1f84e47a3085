"""One published figure (:class:`Fact`), its kinds, and the columns of a facts table.

The kinds of a figure are written once, here, as ``Literal`` types; the tuples
beside them are the same values for checks and schemas.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal, get_args

#: What a figure counts: workers who left, a plan, a % of the plan, workers abroad
#: at a date, jobs on offer, or places in a quota.
Measure = Literal["departures", "target", "attainment_pct", "stock", "demand", "quota"]
Sex = Literal["total", "female", "male"]
#: How the figure was stated: as printed, "about", "nearly", "over", or ``derived``:
#: implied by the text but not printed ("vượt 26,29% so với kế hoạch" -> 126.29).
Qualifier = Literal["exact", "approx", "nearly", "over", "derived"]

MEASURES: tuple[Measure, ...] = get_args(Measure)
SEXES: tuple[Sex, ...] = get_args(Sex)
QUALIFIERS: tuple[Qualifier, ...] = get_args(Qualifier)


@dataclass
class Fact:
    """One published figure, with where it came from (GUIDE §2).

    ``market`` is ``"ALL"`` or a code of :func:`labexport.core.markets.registry`;
    ``scope`` is ``"national"`` or a name of :data:`labexport.core.provinces.PROVINCES`.
    """

    source: str
    published: str
    lang: str
    scope: str
    year: int
    month_from: int
    month_to: int
    measure: Measure
    market: str
    sex: Sex
    value: float
    qualifier: Qualifier
    quote: str


#: The columns of a facts table, in order: the fields of :class:`Fact`.
FACT_COLUMNS = [f.name for f in fields(Fact)]
