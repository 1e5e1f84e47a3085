"""Step 3c of reading: what the whole page says about its figures.

Before a sentence is read, the reader knows the page's date (its date line), its
language, whom it speaks of (the country or one province: named in the headline
or the first lines) and its data year and month (the year most of its periods
name; the latest month they name, else the month of the date line).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from labexport.core.provinces import NATIONAL
from labexport.core.text import fold
from labexport.read import words
from labexport.read.dates import find_dates, find_published
from labexport.read.periods import Cue, lower
from labexport.read.place_names import find_province_names, find_provinces
from labexport.read.segment import Segment

_VI_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")
#: Cue kinds whose year is the year of the data.
_DATA_KINDS = frozenset({"month", "ytd", "quarter", "range", "year", "open", "plan_year"})


@dataclass(frozen=True)
class Page:
    """The page's context: where its figures come from and when."""

    source: str
    published: date | None
    lang: str
    scope: str
    year: int | None
    month: int | None


def detect_lang(text: str) -> str:
    """``"vi"`` when over 3% of the characters (spaces aside) carry Vietnamese marks."""
    head = lower(text[:20_000])
    if head.isascii():
        return "en"
    letters = len(head) - head.count(" ") or 1
    return "vi" if len(_VI_LETTERS.findall(head)) / letters > 0.03 else "en"


#: A place named just before a date or a news agency ("Hanoi, 15 August 2025", "Hà Nội (VNA)").
_DATELINE_PLACE = re.compile(r"[A-ZĐ][\w. ]{1,25}(?:,\s*|\s+\((?:VNA|TTXVN|VNS|VOV)\)\s*)$")


def drop_datelines(text: str) -> str:
    """Remove the place of a date line inside a line ("Hanoi, August 5, 2025 - ...")."""
    for start, _end in reversed(find_dates(text)):
        head = _DATELINE_PLACE.search(text, 0, start)
        if head:
            text = text[: head.start()] + text[start:]
    return re.sub(r"^[A-ZĐ][\w. ]{1,25}\s+\((?:VNA|TTXVN|VNS|VOV)\)", "", text)


def page_scope(segments: list[Segment]) -> str:
    """The province a page is about, or ``national``.

    A province is the page's when its headline names it (with or without a
    province word) or its first two body sentences name it with a province
    word ("tỉnh X", "X Province") without a national word; else, when the body
    points back to "the province" ("toàn tỉnh"), the province it names most.
    """
    heads = [s for s in segments if s.role in {"headline", "caption"}][:2]
    for seg in heads:
        names = find_province_names(fold(drop_datelines(seg.text)))
        if names and not words.NATIONAL.search(lower(seg.text)):
            return names[0]
    body = [s for s in segments if s.role == "body"]
    for seg in body[:2]:
        names = find_provinces(fold(seg.text))
        if names and not words.NATIONAL.search(lower(seg.text)):
            return names[0]
    if any(words.THE_PROVINCE.search(lower(s.text)) for s in body):
        named = [p for s in body for p in find_provinces(fold(s.text))]
        if named:
            return Counter(named).most_common(1)[0][0]
    return NATIONAL


def data_year(cues: list[Cue], published: date | None) -> int | None:
    """The year most of the page's periods name (the latest on a tie), else its date's."""
    years = [c.year for c in cues if c.year and c.kind in _DATA_KINDS]
    if published is not None:
        years += [published.year for c in cues if c.now and not c.year]
    if years:
        counts = Counter(years)
        return max(counts, key=lambda y: (counts[y], y))
    return published.year if published else None


def data_month(cues: list[Cue], year: int | None, published: date | None) -> int | None:
    """The latest month the page's periods name for its data year, else its date's month."""
    months = [c.month_to for c in cues if c.month_to and c.kind in {"month", "ytd", "range"}
              and c.year in {None, year}]
    if months:
        return max(months)
    return published.month if published else None


def read_page(text: str, source: str, segments: list[Segment], cues: list[Cue]) -> Page:
    """Work out the page's context from its segments and all its period cues."""
    head = "\n".join(s.text for s in segments[:8] if s.role in {"dateline", "headline"})
    lines = text.split("\n")
    published = (find_published(head) or find_published("\n".join(lines[:12]))
                 or find_published("\n".join(line for line in lines[-6:] if len(line) < 80)))
    year = data_year(cues, published)
    return Page(source, published, detect_lang(text), page_scope(segments), year,
                data_month(cues, year, published))
