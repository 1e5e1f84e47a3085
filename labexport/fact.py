"""One published figure (:class:`Fact`) and the columns of a facts table: no heavy imports."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass
class Fact:
    """One published figure, with where it came from (GUIDE §2)."""

    source: str
    published: str
    lang: str
    scope: str
    year: int
    month_from: int
    month_to: int
    measure: str
    market: str
    sex: str
    value: float
    qualifier: str
    quote: str


#: The columns of a facts table, in order: the fields of :class:`Fact`.
FACT_COLUMNS = [f.name for f in fields(Fact)]
