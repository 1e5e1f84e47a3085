"""What the reader read: the facts, and every number of the text with its fate.

A :class:`Reading` keeps the normalised text the reader worked on, the facts it
emitted, and for each number it saw either the facts it became or the reason it
was left out (a code of :data:`REASONS`). The review page
(:mod:`labexport.report.review`) is drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from labexport.core.fact import Fact

#: Why a number was not taken, by code: English wording for the review page.
REASONS: dict[str, str] = {
    "date": "a date or time",
    "year": "a year",
    "money": "money (salary, fee, remittance)",
    "ratio_last_year": "a ratio to last year",
    "ratio": "a ratio (times)",
    "share": "a share",
    "percent": "a percentage that is not attainment of the plan",
    "stock": "workers abroad since some year (a stock)",
    "several_years": "a total over several years",
    "threshold": "a count per year, not a period's figure",
    "other_count": "a count of something other than workers sent",
    "jobs": "jobs created, not workers sent",
    "several_markets": "a count shared by several markets",
    "unknown_market": "a count for a place the market list does not know",
    "market_unclear": "a count after a market's name, too far from it to be bound",
    "no_scope": "the province it is about could not be told",
    "period": "part of a period",
    "change": "a change against another period",
    "no_period": "no period could be told",
    "no_context": "not said to be workers sent",
    "not_read": "not read (caption, byline, related article or comments)",
    "duplicate": "the same figure, read where it is stated first or more precisely",
}


@dataclass(frozen=True)
class NumberRead:
    """One number of the text and what became of it.

    ``start`` and ``end`` are offsets in :attr:`Reading.text`; ``facts`` are the
    figures it was read as (empty when left out), ``reason`` a code of
    :data:`REASONS` when left out, else ``""``.
    """

    start: int
    end: int
    raw: str
    facts: tuple[Fact, ...] = ()
    reason: str = ""

    @property
    def taken(self) -> bool:
        """Whether the number became at least one figure."""
        return bool(self.facts)


@dataclass
class Reading:
    """A bulletin as read: its normalised text, its facts and its numbers."""

    source: str
    text: str
    facts: list[Fact] = field(default_factory=list)
    numbers: list[NumberRead] = field(default_factory=list)
