"""Step 4a of reading: turn period cues into the months a figure covers.

A cue without a year takes the year named earlier in its sentence, else the
year of the period in force, else the page's data year. "Last year" is the year
before the data year. A comparison ("the same month last year", "so với năm
2015") names a period only for the figures of its own clause; it never changes
the period in force for the sentences after it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from labexport.core.months import previous_month
from labexport.read import words
from labexport.read.context import Page
from labexport.read.periods import Cue, lower

#: Kinds of cue that hold only within their clause.
COMPARISONS = frozenset({"same", "compare"})
#: Kinds of cue after which a figure is no single period's: it is left out.
MANY_YEARS = frozenset({"several", "since"})


@dataclass(frozen=True)
class Period:
    """A year and a span of months, or ``several`` years (``year`` is then None)."""

    year: int | None
    month_from: int
    month_to: int

    @property
    def several(self) -> bool:
        """Whether the period spans several years (no figure is read for it)."""
        return self.year is None


SEVERAL = Period(None, 1, 12)


def resolve_cue(cue: Cue, page: Page, current: Period | None, hint: int | None
                ) -> Period | None:
    """The period a cue names, given the period in force and the sentence's year.

    Returns None when the cue cannot be placed (no year anywhere, or "so far
    this year" on a page whose month is unknown).
    """
    base = hint or (current.year if current and not current.several else None) or page.year
    if cue.now and page.published is not None and not cue.year:
        base = page.published.year
    if cue.kind in MANY_YEARS:
        return _since(cue, page)
    if cue.kind == "same":
        return _same(cue, current, base)
    if cue.kind == "compare":
        months = (current.month_from, current.month_to) if current and not current.several \
            else (1, 12)
        return Period(cue.year, *months)
    year = cue.year or base
    if year is None:
        return None
    if cue.kind == "prev_year":
        return Period(_last_year(page, year), 1, 12)
    if cue.kind == "month_last_year":
        return Period((page.year or year) - 1, cue.month_from or 1, cue.month_to or 12)
    if cue.kind == "prev_month":
        if current and not current.several and current.month_from == current.month_to:
            return _previous_month_of(current.year or year, current.month_to)
        return _previous_month(page)
    if cue.kind == "open":
        return Period(year, 1, page.month) if page.month else None
    if cue.kind == "plan_year":
        return Period(year, 1, 12)
    return Period(year, cue.month_from or 1, cue.month_to or 12)


def _last_year(page: Page, year: int) -> int:
    """Last year: the year before the page's date, else before its data year.

    As a comparison ("so với năm ngoái") it is the year before the data year;
    :func:`place_cues` resolves those as :func:`_same` does.
    """
    if page.published is not None:
        return page.published.year - 1
    return (page.year or year) - 1


def _since(cue: Cue, page: Page) -> Period | None:
    """Since early 2025, on a 2025 page, is the year so far; since an earlier year, many."""
    if cue.kind == "since" and cue.year == page.year and page.month and page.year:
        return Period(page.year, 1, page.month)
    return SEVERAL


def _same(cue: Cue, current: Period | None, base: int | None) -> Period | None:
    """The same month or period as the one in force, in the year named or the year before."""
    if current is None or current.several:
        return None
    year = cue.year or (current.year or base or 0) - 1
    if cue.same == "month":
        return Period(year, current.month_to, current.month_to)
    return Period(year, current.month_from, current.month_to)


def _previous_month(page: Page) -> Period | None:
    """The month before the page's date."""
    if page.published is None:
        return None
    return _previous_month_of(page.published.year, page.published.month)


def _previous_month_of(year: int, month: int) -> Period:
    """The month before ``month`` of ``year``."""
    year, month = previous_month(year, month)
    return Period(year, month, month)


@dataclass(frozen=True)
class Placed:
    """A cue with the period it names (None when it names none)."""

    cue: Cue
    period: Period | None
    in_parens: bool = False

    @property
    def comparison(self) -> bool:
        """Whether the cue holds only within its clause (a comparison, or in parentheses)."""
        return self.cue.kind in COMPARISONS or self.in_parens


def held_in_clause(text: str, cue: Cue, page: Page | None = None) -> bool:
    """Whether a cue holds only in its clause.

    So it does in parentheses, after "so với", "than"..., and when it names an
    earlier year than the page's after a percentage ("22.12% of the number who
    departed in September 2020").
    """
    lead = lower(text[max(0, cue.start - 45) : cue.start])
    if in_parens(text, cue.start) or words.COMPARE_LEAD.search(lead[-30:]) or (
            words.COMPARE_OPEN.search(lead)):
        return True
    earlier = bool(page and page.year and cue.year and cue.year < page.year)
    return earlier and "%" in text[: cue.start]


def in_parens(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside parentheses opened earlier in ``text``."""
    return text.count("(", 0, pos) > text.count(")", 0, pos)


def place_cues(cues: list[Cue], page: Page, carried: Period | None, text: str = ""
               ) -> list[Placed]:
    """Resolve a sentence's cues in order; base cues change the period in force.

    A cue in parentheses ("(tháng 07 năm 2016 là 11.645)") holds only there.
    """
    placed = []
    current, hint = carried, None
    for cue in cues:
        lead = lower(text[max(0, cue.start - 25) : cue.start])
        if cue.kind == "year" and words.PLAN_LEAD.search(lead):
            cue = replace(cue, kind="plan_year")  # "kế hoạch cả năm": the plan's year
        period = resolve_cue(cue, page, current, hint)
        item = Placed(cue, period, held_in_clause(text, cue, page))
        if item.comparison and cue.kind == "prev_year" and page.year:
            months = (current.month_from, current.month_to) if current and not current.several \
                else (1, 12)
            item = Placed(cue, Period(page.year - 1, *months), True)
        placed.append(item)
        if item.comparison or cue.kind == "plan_year" or period is None:
            continue
        current = period
        if cue.year and not period.several:
            hint = cue.year
    return placed


def carry(placed: list[Placed], carried: Period | None, *, counts: bool = True
          ) -> Period | None:
    """The period in force after the sentence: its last base period, else the one carried.

    A span of several years ends the period in force only in a sentence with
    counts ("From 2015 to 2020, 500,000 went"): what follows may break them down.
    """
    for item in reversed(placed):
        if item.period is not None and not item.comparison and item.cue.kind != "plan_year":
            if item.period.several:
                if counts:
                    return None
                continue
            return item.period
    return carried
