"""Step 3d of reading: the numbers of a sentence, each with its value and its words.

A :class:`Num` is a number as printed ("85.781", "65,9", "29.5") with what it
means on its own: its value (with "nghìn"/"thousand" applied), whether it is a
percentage, its qualifier ("nearly", "hơn"...), and the lower-cased text just
before and after it, which the reader's rules look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from labexport.core.fact import Qualifier
from labexport.read import words
from labexport.read.numbers import (
    MAX_DIGITS,
    beyond_any_count,
    find_qualifier,
    parse_number,
    whole_digits,
)
from labexport.read.prefilter import led

#: A number: digits with thousands groups or a decimal part, not part of a word or date.
_NUMBER = re.compile(led(
    r"(?<![\w.,/:])(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,3})?|\d+(?:[.,]\d+)?)(?![\w/]|[.,]\d)"
))
#: Larger than any count of workers a bulletin states (and than a float holds exactly).
MAX_VALUE = 10_000_000


@dataclass(frozen=True)
class Num:
    """One number of a sentence (offsets are the sentence's)."""

    start: int
    end: int
    raw: str
    value: float
    percent: bool
    qualifier: Qualifier
    before: str
    after: str


def find_numbers(sentence: str, low: str, blocked: list[tuple[int, int]]
                 ) -> tuple[list[Num], list[tuple[int, int, str]]]:
    """Return the sentence's numbers, and the (start, end, raw) of those it cannot read.

    Numbers inside ``blocked`` spans (dates, period cues) are not returned at all.
    """
    numbers: list[Num] = []
    unread: list[tuple[int, int, str]] = []
    prev_end = 0
    for match in _NUMBER.finditer(sentence):
        start, end = match.span()
        if any(a <= start < b for a, b in blocked):
            continue
        num = _make(match, low, max(prev_end, start - 80))
        if num is None:
            unread.append((start, end, match.group(0)))
        else:
            numbers.append(num)
        prev_end = end
    return numbers, unread


def implausible_numbers(text: str) -> Iterator[tuple[str, str]]:
    """The numbers of ``text`` beyond any plausible count, with the words refusing each.

    The numbers are matched as :func:`find_numbers` matches them; beyond any count
    is more than :data:`~labexport.read.numbers.MAX_DIGITS` digits before the
    decimal mark.

    >>> [raw for raw, _words in implausible_numbers("11,090 workers, 1,234,567,890,123 đồng")]
    ['1,234,567,890,123']
    """
    for match in _NUMBER.finditer(text):
        raw = match.group(0)
        if len(raw) > MAX_DIGITS and (digits := whole_digits(raw)) > MAX_DIGITS:
            yield raw, beyond_any_count(raw, digits)


def _make(match: re.Match[str], low: str, before_start: int) -> Num | None:
    """Read one matched number, or None if its marks are not a number's."""
    start, end = match.span()
    after = low[end : end + 100]
    percent = bool(words.PERCENT_AFTER.match(after))
    mult = words.MULTIPLIER_AFTER.match(after)
    try:
        value = parse_number(match.group(0), percent=percent,
                             multiplier=mult.group("mult") if mult else None)
    except ValueError:
        return None
    if value > MAX_VALUE and not percent:
        return None
    if mult:
        after = after[mult.end() :]
    before = low[before_start:start]
    return Num(start, end, match.group(0), value, percent, find_qualifier(before), before, after)
