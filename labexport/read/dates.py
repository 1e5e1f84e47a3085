"""Dates and times in a page: never figures, and the date line gives the page's date.

Examples
--------
>>> find_published("Thứ Ba, 05/08/2025 14:32")
datetime.date(2025, 8, 5)
>>> find_published("Hanoi, August 5, 2025 - Vietnam sent ...")
datetime.date(2025, 8, 5)
"""

from __future__ import annotations

import re
from datetime import date

from labexport.read.numbers import month_number
from labexport.read.prefilter import led

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_YEAR = r"(?:19|20)\d\d"
#: Each shape of date, with named groups d (day), m (month number), mn (month name), y.
_DATE_SHAPES = (
    rf"(?<![\d/.])(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>{_YEAR})(?!\d)",
    rf"(?<!\d)(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)",
    rf"\b(?P<mn>{_MONTH})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>{_YEAR})\b",
    rf"(?<!\d)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH}),?\s+(?P<y>{_YEAR})\b",
    rf"\bngày\s+(?P<d>[0-3]?\d)\s+tháng\s+(?P<m>[01]?\d)\s+năm\s+(?P<y>{_YEAR})\b",
    r"\bngày\s+(?P<d>[0-3]?\d)/(?P<m>[01]?\d)(?![\d/])",
    r"(?<![\d.,:])(?P<h>[0-2]?\d)[:h](?P<min>[0-5]\d)(?:\s*(?:AM|PM|am|pm))?(?![\d.,])",
)
_DATES = [re.compile(led(shape)) for shape in _DATE_SHAPES]
_DIGIT = re.compile(r"\d")


def find_dates(text: str) -> list[tuple[int, int]]:
    """Return the spans of the dates and times in ``text``, in order, without overlaps.

    Every shape of date holds a digit, so a text without one has none.
    """
    if _DIGIT.search(text) is None:
        return []
    spans = sorted({m.span() for pattern in _DATES for m in pattern.finditer(text)})
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        if kept and start < kept[-1][1]:
            if end - start > kept[-1][1] - kept[-1][0] and start == kept[-1][0]:
                kept[-1] = (start, end)
            continue
        kept.append((start, end))
    return kept


def _as_date(match: re.Match[str]) -> date | None:
    """The date a match names, or None if it names none (a time, 31 February)."""
    g = match.groupdict()
    if not g.get("y"):
        return None
    month = int(g["m"]) if g.get("m") else month_number(g.get("mn") or "")
    try:
        return date(int(g["y"]), month or 0, int(g["d"]))
    except ValueError:
        return None


def find_published(head: str) -> date | None:
    """Return the first full date in ``head`` (the page's first lines)."""
    found = []
    for pattern in _DATES:
        for match in pattern.finditer(head):
            day = _as_date(match)
            if day is not None:
                found.append((match.start(), day))
    return min(found)[1] if found else None
