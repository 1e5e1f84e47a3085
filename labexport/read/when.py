"""Step 4d of reading: the period a number is stated for.

In order: a period named right after it in its clause ("85,781 in the first 7
months"); a comparison whose clause it is in ("same month last year (4,463)");
the last period named before it; the period carried from the sentence before;
else the first period named after it. A plan or quota is its year's, demand and
stocks their month's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from labexport.read import words
from labexport.read.resolve import Period

if TYPE_CHECKING:
    from labexport.read.sentence import Sentence


def period_of(s: Sentence, i: int) -> Period | None:
    """The period a number is stated for.

    In order: a period named right after it in its clause ("85,781 in the first
    7 months"); a comparison whose clause it is in ("same month last year
    (4,463)"); the last period named before it; the period carried in; else the
    first period named after it in the sentence.
    """
    num = s.numbers[i]
    nxt = s.numbers[i + 1].start if i + 1 < len(s.numbers) else len(s.text)
    usable = [p for p in s.placed if p.period is not None and p.cue.kind != "plan_year"]
    after = [p for p in usable if num.end <= p.cue.start < nxt]
    if after and _near(s.low[num.end : after[0].cue.start]):
        return after[0].period
    before = [p for p in usable if p.cue.end <= num.start]
    comparison = next((p for p in reversed(before) if p.comparison), None)
    if comparison and _open_clause(s.low[comparison.cue.end : num.start]):
        return comparison.period
    base = [p for p in before if not p.comparison]
    if base:
        return base[-1].period
    if s.carried is not None:
        return s.carried
    later = [p for p in usable if p.cue.start >= num.end and not p.comparison]
    return later[0].period if later and ";" not in s.low[num.end : later[0].cue.start] else None


def period_for_measure(s: Sentence, i: int, measure: str, period: Period | None
                       ) -> Period | None:
    """The period a measure is stated for: a plan or quota is the year's, demand a month's."""
    year = period.year if period else s.page.year
    if measure in {"target", "quota"}:
        plan_year = next((p.period.year for p in s.placed if p.cue.kind == "plan_year"
                          and p.period is not None), None)
        year = plan_year or year
        return Period(year, 1, 12) if year else None
    if measure in {"demand", "stock"}:
        month = period.month_to if period else s.page.month
        if period and period.month_from == 1 and period.month_to == 12 and year == s.page.year:
            month = s.page.month or month  # "hiện có": now, the page's month
        return Period(year, month, month) if year and month else None
    return period


def _near(gap: str) -> bool:
    return len(gap) <= 60 and not any(mark in gap for mark in ",;()")


def _open_clause(gap: str) -> bool:
    """Whether a comparison's clause is still open: no mark since it, or inside its "(...)".

    ", when" goes on with the comparison ("the same period last year, when 146,000 left").
    """
    gap = re.sub(r"^\s*,\s*(?:when|khi|với)\b", " ", gap)
    if gap.lstrip().startswith("("):
        return len(gap) <= 80 and not any(mark in gap for mark in ";)")
    return len(gap) <= 40 and not any(mark in gap for mark in ",;)")


def in_comparison(s: Sentence, i: int) -> bool:
    """Whether a comparison cue of the sentence places this number."""
    num = s.numbers[i]
    return any(p.comparison and p.period is not None and
               (p.cue.end <= num.start <= p.cue.end + 40 or num.end <= p.cue.start <= num.end + 40)
               for p in s.placed)


def _period_right_after(s: Sentence, i: int) -> bool:
    """Whether a period is named right after the number ("11,487 in the previous month")."""
    num = s.numbers[i]
    return any(p.period is not None and num.end <= p.cue.start
               and _near(s.low[num.end : p.cue.start]) for p in s.placed)


def is_change(s: Sentence, i: int, period: Period | None) -> bool:
    """A difference from another period ("up 2,000", "up from 4,463" without its period)."""
    num = s.numbers[i]
    cue_end = max((p.cue.end for p in s.placed if p.cue.end <= num.start), default=0)
    before = s.low[max(cue_end, num.start - len(num.before)) : num.start]
    if words.CHANGE_BEFORE.search(before[-30:]):
        return True
    compared = words.COMPARE_BEFORE.search(before[-40:])
    return bool(compared) and not in_comparison(s, i) and not _period_right_after(s, i)
