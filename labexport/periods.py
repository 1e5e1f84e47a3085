"""Find the periods a bulletin's sentences speak of.

A *cue* is a span of text that names a period: one month ("In July 2025",
"tháng 7/2025", "tháng Bảy"), a year to date ("first 7 months", "7 tháng đầu năm",
"từ đầu năm đến hết tháng 7", "January-November", "quý I/2019"), a quarter, a year
("in 2024", "cả năm"), or a comparison ("same month last year", "cùng kỳ năm 2024").
Years missing from a cue are filled from the document (its date line, headline or
other cues) by :mod:`labexport.parse`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from labexport.matching import (
    capitals_by_text,
    compile_lower,
    finditer_at,
    finditer_before,
    lower,
    words_by_text,
)
from labexport.numbers import ROMAN, count_word, month_number

_MONTH_EN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_MONTH_VI_WORD = r"(?:giêng|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười một|mười hai|mười|chạp)"
_MONTH_VI = rf"(?:1[0-2](?!\d)|0?[1-9](?!\d)|{_MONTH_VI_WORD})"
_COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám",
                "chín", "mười một", "mười hai", "mười")
_COUNT = rf"(?:\d{{1,2}}|{'|'.join(_COUNT_WORDS)})"
#: The longest count: "mười một".
_COUNT_LEAD = 8
#: Room for the words before a year: "throughout", "cả năm" with up to five spaces.
_YEAR_LEAD = 10
_YEAR = r"(?:19[89]\d|20[0-4]\d)"


def _tail(name: str = "y") -> str:
    """An optional year after a period: "/2025", "-2025", " năm 2025", " of 2025"."""
    return rf"(?:\s*(?:/|-|,)\s*|\s+năm\s+|\s+of\s+|\s+in\s+|\s+)(?P<{name}>{_YEAR})"


_YEAR_TAIL = _tail()
_REL_YEAR = (
    rf"(?P<rel>last year|the previous year|the year before|năm trước|năm ngoái|"
    rf"(?:of\s+|năm\s+)?(?P<ry>{_YEAR}))"
)


@dataclass(frozen=True)
class Cue:
    """A period named in a sentence.

    ``kind`` is ``month``, ``ytd``, ``open`` (year to date up to the document's
    month), ``quarter``, ``year`` or ``same`` (a comparison with another year).
    ``year`` is None when the text does not say; ``prev_year`` is True for "last
    year"; for ``same``, ``months`` says whether the same month or period is meant.
    """

    start: int
    end: int
    kind: str
    year: int | None = None
    month_from: int | None = None
    month_to: int | None = None
    prev_year: bool = False
    same: str = ""


def _months(word: str) -> int | None:
    return month_number(word)


#: (kind, pattern, trigger, matched on the lower-cased sentence, (words, lead) of
#: :func:`~labexport.matching.finditer_before` or None, the words every match starts
#: with, for :func:`~labexport.matching.finditer_at`, or ())
_RULES: list[tuple[str, re.Pattern[str], str, bool, tuple[tuple[str, ...], int] | None,
                   tuple[str, ...]]] = []
#: Words without which a rule cannot match, looked for in the lower-cased sentence
#: before the rule's pattern runs: most sentences have none of them. Each rule names
#: its trigger; :func:`find_cues` runs the rules whose trigger a sentence has.
TRIGGERS = {
    "same": ("same", "cùng"), "thang": ("tháng",), "months": ("months",),
    "months_period": ("months", "period"), "trong": ("trong",), "end_of": ("end of", "as of"),
    "quarter": ("quarter",), "quy": ("quý",), "half": ("half", "h1", "nửa", "6 tháng"),
    "open": ("so far", "since", "to-date", "to date", "beginning", "đầu năm"),
    "year_digits": ("19", "20"), "whole": ("whole",),
    "whole_year": ("cả năm", "whole year", "full year"),
    "prev": ("last year", "năm ngoái", "năm trước", "previous year"),
}
_MONTHS_CAPITAL = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                   "Dec")
#: Triggers of case-sensitive rules, looked for in the sentence as written.
CASED_TRIGGERS = {"month_en": _MONTHS_CAPITAL, "q": ("Q1", "Q2", "Q3", "Q4")}


def _rule(kind: str, pattern: str, flags: int = re.IGNORECASE, *, trigger: str = "",
          before: tuple[tuple[str, ...], int] | None = None, at: tuple[str, ...] = ()
          ) -> None:
    """Add a rule; a case-insensitive one is matched on the lower-cased sentence.

    The rule runs only on sentences that have one of the words of its trigger
    (by default, the trigger of its kind), which every match contains. A rule
    whose every match is a short head (at most ``lead`` characters) then space
    and one of ``words``, ``before=(words, lead)``, is tried only just before
    those words (:func:`~labexport.matching.finditer_before`); one whose every
    match starts with one of the words ``at``, only where they are
    (:func:`~labexport.matching.finditer_at`).
    """
    trigger = trigger or kind
    if flags & re.IGNORECASE:
        compiled = compile_lower(pattern, flags & ~re.IGNORECASE)
    else:
        compiled = re.compile(pattern, flags)
    _RULES.append((kind, compiled, trigger, bool(flags & re.IGNORECASE), before, at))


# Comparisons first, so "cùng kỳ năm 2024" is not read as the year 2024.
_rule(
    "same",
    rf"(?:the\s+)?same\s+(?P<what>month|period|time|quarter)\s*(?:of\s+|in\s+)?"
    rf"(?:{_REL_YEAR})?",
    at=("the", "same"),
)
_rule("same", rf"cùng\s+(?P<what>kỳ|kì|thời\s+điểm|tháng)(?:\s+(?:của\s+)?{_REL_YEAR})?")
# Year to date, English.
_rule(
    "ytd",
    rf"(?:the\s+(?:first|past|last|opening)|first|past|last|opening)\s+(?P<n>{_COUNT})\s+months"
    rf"(?:\s+of\s+(?:the\s+|this\s+)?year)?(?:{_YEAR_TAIL})?",
    trigger="months",
)
_rule(
    "ytd",
    rf"(?P<n>{_COUNT})(?:[-\s]month\s+period(?:{_YEAR_TAIL})?|\s+months\s+of\s+"
    rf"(?:this\s+year|the\s+year|(?P<y2>{_YEAR})))",
    trigger="months_period",
    before=(("month",), _COUNT_LEAD),
)
_rule("ytd", rf"\b(?:in|over|within)\s+(?:the\s+)?(?P<n>{_COUNT})\s+months\b(?:{_YEAR_TAIL})?",
      trigger="months", at=("in", "over", "within"))
_rule(
    "range",
    rf"(?:between\s+|from\s+)?(?P<m1>{_MONTH_EN})\s*(?:-|–|to|and|through|until)\s*"
    rf"(?P<m2>{_MONTH_EN})(?:\s+period)?(?:{_YEAR_TAIL})?",
    0,
    trigger="month_en",
)
_rule(
    "ytd_to",
    rf"(?:as\s+of|by|until|through|to)\s+(?:the\s+)?end\s+of\s+(?P<m>{_MONTH_EN})(?:{_YEAR_TAIL})?"
    rf"|as\s+of\s+(?P<m2>{_MONTH_EN})(?:{_tail('y2')})?",
    trigger="end_of",
)
_rule("quarter", rf"(?P<q>first|second|third|fourth)\s+quarter(?:{_YEAR_TAIL})?",
      trigger="quarter")
_rule("quarter", rf"\bQ(?P<q>[1-4])(?:{_YEAR_TAIL})?\b", 0, trigger="q")
_rule("half", rf"(?:the\s+)?first\s+half(?:\s+of\s+(?:the|this)\s+year)?(?:{_YEAR_TAIL})?|\bH1\b",
      at=("the", "first", "h1"))
_rule(
    "open",
    r"so\s+far\s+this\s+year|since\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year"
    rf"|since\s+(?:early\s+)?(?:January\s+)?(?P<y>{_YEAR})|year[-\s]to[-\s]date"
    r"|from\s+the\s+beginning\s+of\s+the\s+year",
)
# Year to date, Vietnamese.
_rule(
    "ytd_to",
    rf"(?:từ\s+đầu\s+năm\s+)?(?:đến|tới)\s+(?:hết|cuối|ngày\s+\d{{1,2}}/)?\s*tháng\s+"
    rf"(?P<m>{_MONTH_VI})(?:{_YEAR_TAIL})?",
    trigger="thang",
    at=("từ", "đến", "tới"),
)
_rule(
    "ytd",
    rf"(?P<n>{_COUNT})\s+tháng(?:\s+(?:đầu\s+năm|qua|của\s+năm|năm)(?:{_YEAR_TAIL})?"
    rf"|{_tail('y2')})",
    trigger="thang",
    before=(("tháng",), _COUNT_LEAD),
)
_rule("ytd", rf"\btrong\s+(?P<n>{_COUNT})\s+tháng\b(?!\s+(?:học|làm|đào|tập))", trigger="trong",
      at=("trong",))
_rule("quarter", rf"quý\s+(?P<q>IV|III|II|I|[1-4])\b(?:{_YEAR_TAIL})?", trigger="quy")
_rule("half", rf"(?:nửa\s+đầu\s+năm|6\s+tháng\s+đầu\s+năm)(?:{_YEAR_TAIL})?")
_rule(
    "open",
    rf"(?:kể\s+)?từ\s+đầu\s+năm(?:\s+(?P<y>{_YEAR}))?(?:\s+(?:đến|tới)\s+nay)?"
    r"|đầu\s+năm\s+đến\s+nay",
)
# One month.
_rule(
    "month",
    rf"(?P<m>{_MONTH_EN})(?:\s+alone|\s+only)?(?:,?\s+(?P<y>{_YEAR}))?(?:\s+alone|\s+only)?",
    0,
    trigger="month_en",
)
_rule(
    "month",
    rf"tháng\s+(?P<m>{_MONTH_VI})(?:{_YEAR_TAIL}|(?P<prev>\s+năm\s+(?:ngoái|trước)))?(?!\s*tháng)",
    trigger="thang",
)
# Years.
_rule(
    "year",
    rf"(?:cả\s+năm|năm|in|for|of|during|throughout|whole|all\s+of|full[-\s]year)\s+(?P<y>{_YEAR})",
    trigger="year_digits",
    before=(("19", "20"), _YEAR_LEAD),
)
_rule("year", rf"(?P<y2>{_YEAR})\s+as\s+a\s+whole", trigger="whole")
_rule("year", r"(?P<cả>cả\s+năm|the\s+whole\s+year|the\s+full\s+year)", trigger="whole_year")
_rule("prev", r"last\s+year|năm\s+ngoái|năm\s+trước|the\s+previous\s+year")


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def find_cues(sentence: str, kinds: frozenset[str] | None = None, low: str | None = None
              ) -> list[Cue]:
    """Return the period cues of a sentence, in text order, without overlaps.

    Parameters
    ----------
    sentence : str
        One sentence.
    kinds : frozenset of str, optional
        The triggers whose words the sentence has, from :func:`triggered_kinds`;
        worked out here when not given.
    low : str, optional
        The sentence lower-cased (:func:`~labexport.matching.lower`), if at hand.
    """
    if kinds is None:
        kinds = triggered_kinds([sentence])[0]
    if kinds.isdisjoint(_RULE_TRIGGERS):
        return []
    if low is None:
        low = lower(sentence)
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, trigger, on_low, before, at in _RULES:
        if trigger not in kinds:
            continue
        text = low if on_low else sentence
        if before:
            matches = finditer_before(pattern, text, *before)
        elif at:
            matches = finditer_at(pattern, text, at)
        else:
            matches = pattern.finditer(text)
        for match in matches:
            span = match.span()
            if span[0] == span[1] or any(s < span[1] and span[0] < e for s, e in taken):
                continue
            cue = _make(kind, match)
            if cue is not None:
                cues.append(cue)
                taken.append(span)
    return sorted(cues, key=lambda c: c.start)


#: The triggers that some rule names.
_RULE_TRIGGERS = frozenset(rule[2] for rule in _RULES)


def triggered_kinds(sentences: list[str], *, lows: list[str] | None = None,
                    extra: Mapping[str, Sequence[str]] | None = None) -> list[frozenset[str]]:
    """For each sentence, the triggers whose words it has (see :data:`TRIGGERS`).

    ``lows`` are the sentences lower-cased, if at hand; ``extra`` more groups of
    lower-case words to look for in the same search (the reader's own tests).
    """
    lows = [lower(s) for s in sentences] if lows is None else lows
    found = [words_by_text(lows, TRIGGERS), capitals_by_text(sentences, CASED_TRIGGERS)]
    if extra is not None:
        found.append(words_by_text(lows, extra))
    return [frozenset().union(*each) for each in zip(*found, strict=True)]


def _make(kind: str, match: re.Match[str]) -> Cue | None:  # noqa: C901 - one branch a shape
    g = match.groupdict()
    start, end = match.span()
    year = _int(g.get("y") or g.get("y2") or g.get("y3"))
    if kind == "same":
        ry = _int(g.get("ry"))
        what = g.get("what", "").lower()
        same = "month" if what in {"month", "tháng"} else "period"
        return Cue(start, end, "same", year=ry, prev_year=ry is None, same=same)
    if kind == "ytd":
        n = count_word(g.get("n") or g.get("n2") or "")
        if n is None or not 1 <= n <= 12:
            return None
        return Cue(start, end, "ytd", year, 1, n)
    if kind == "range":
        m1, m2 = _months(g["m1"]), _months(g["m2"])
        if m1 is None or m2 is None or m1 >= m2:
            return None
        return Cue(start, end, "ytd" if m1 == 1 else "range", year, m1, m2)
    if kind == "ytd_to":
        m = _months(g.get("m") or g.get("m2") or "")
        return None if m is None else Cue(start, end, "ytd", year, 1, m)
    if kind == "quarter":
        q = g["q"].lower()
        number = {"first": 1, "second": 2, "third": 3, "fourth": 4}.get(q) or ROMAN.get(q)
        number = number or int(q)
        if number == 1:
            return Cue(start, end, "ytd", year, 1, 3)
        return Cue(start, end, "quarter", year, 3 * number - 2, 3 * number)
    if kind == "half":
        return Cue(start, end, "ytd", year, 1, 6)
    if kind == "open":
        return Cue(start, end, "open", year)
    if kind == "month":
        m = _months(g["m"])
        prev = bool(g.get("prev"))
        return None if m is None else Cue(start, end, "month", year, m, m, prev_year=prev)
    if kind == "year":
        if year is None and not g.get("cả"):
            return None
        return Cue(start, end, "year", year, 1, 12)
    if kind == "prev":
        return Cue(start, end, "year", None, 1, 12, prev_year=True)
    return None  # pragma: no cover
