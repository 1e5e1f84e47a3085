"""Step 3a of reading: the spans of a sentence that name a period.

Each rule of :data:`RULES` reads one shape of period wording; its ``example``
is a phrase it must read (a test runs every example). Rules are tried in order
and an earlier rule's span wins over a later one's, so "cùng kỳ năm 2024" is a
comparison, not the year 2024.

A :class:`Cue` may lack its year ("first 7 months") or be relative to another
period ("the same month last year"); :mod:`labexport.read.resolve` turns cues
into periods with the page's context.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from labexport.read.numbers import count_word, month_number
from labexport.read.prefilter import WordGate, led, needed_sets

_YEAR = r"(?:19[89]\d|20[0-4]\d)"
_MONTH_EN = (r"(?:January|February|March|April|May|June|July|August|September|October"
             r"|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_MONTH_VI = (r"(?:1[0-2](?!\d)|0?[1-9](?!\d)|giêng|một|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín"
             r"|mười\s+một|mười\s+hai|mười|chạp)")
_COUNT = (r"(?:1[0-2](?!\d)|0?[1-9](?!\d)|one|two|three|four|five|six|seven|eight|nine|ten"
          r"|eleven|twelve|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười\s+một|mười\s+hai|mười)")
#: A year after a period: "/2025", "-2025", " năm 2025", " of 2025", ", 2025".
_TAIL = rf"(?:\s*[/,-]\s*|\s+năm\s+|\s+of\s+|\s+in\s+|\s+)(?P<y>{_YEAR})"
_TAIL2 = _TAIL.replace("<y>", "<y2>")
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Cue:
    """A span of a sentence that names a period.

    ``kind`` is one of ``month``, ``ytd`` (months 1 to ``month_to``), ``quarter``
    or ``range`` (``month_from`` to ``month_to``), ``year``, ``open`` (the year
    so far), ``same`` (the same month or period of another year: ``same`` says
    which), ``compare`` (a year named only to compare with), ``prev_year``
    ("last year"), ``prev_month`` ("the previous month"), ``since`` (since a
    year), ``several`` (several years), ``plan_year`` (the year of a plan).
    """

    start: int
    end: int
    kind: str
    year: int | None = None
    month_from: int | None = None
    month_to: int | None = None
    same: str = ""
    #: The cue says "this year" / "năm nay": its year is the page's date's.
    now: bool = False


@dataclass(frozen=True)
class Rule:
    """One shape of period wording: a pattern, and how a match becomes a cue."""

    name: str
    example: str
    pattern: re.Pattern[str]
    make: Callable[[re.Match[str]], Cue | None]
    cased: bool = False
    #: Sets of words such that every match holds one word of each set
    #: (:func:`~labexport.read.prefilter.needed_sets`).
    needs: tuple[frozenset[str], ...] = ()

    def may_match(self, present: frozenset[str]) -> bool:
        """Whether a text holding the ``present`` words may match (it has a word of each set)."""
        for words in self.needs:
            if words.isdisjoint(present):
                return False
        return True


def _year(match: re.Match[str], group: str = "y") -> int | None:
    value = match.groupdict().get(group)
    return int(value) if value else None


def _cue(match: re.Match[str], kind: str, month_from: int | None = None,
         month_to: int | None = None, *, year: int | None = None, same: str = "") -> Cue:
    now = _THIS_YEAR.search(match.group(0)) is not None
    return Cue(match.start(), match.end(), kind, year if year is not None else _year(match),
               month_from, month_to, same, now)


_THIS_YEAR = re.compile(r"this\s+year|năm\s+nay")


def _months_cue(match: re.Match[str]) -> Cue | None:
    """A count of months from January ("first 7 months", "7 tháng đầu năm")."""
    n = count_word(re.sub(r"\s+", " ", match.group("n")))
    return _cue(match, "ytd", 1, n) if n and 1 <= n <= 12 else None


def _month_cue(match: re.Match[str]) -> Cue | None:
    """One month ("July 2025", "tháng 7/2025", "tháng Bảy")."""
    m = month_number(re.sub(r"\s+", " ", match.group("m")))
    return _cue(match, "month", m, m) if m else None


def _range_cue(match: re.Match[str]) -> Cue | None:
    """From one month to another ("January-May", "từ tháng 1 đến tháng 5")."""
    m1, m2 = month_number(match.group("m1")), month_number(match.group("m2"))
    if not m1 or not m2 or m1 >= m2:
        return None
    return _cue(match, "ytd" if m1 == 1 else "range", m1, m2)


def _quarter_cue(match: re.Match[str]) -> Cue | None:
    """A quarter; the first quarter is the year to March ("Q1", "quý I/2024")."""
    q = _ORDINAL[match.group("q").lower()]
    if q == 1:
        return _cue(match, "ytd", 1, 3)
    return _cue(match, "quarter", 3 * q - 2, 3 * q)


def _same_cue(match: re.Match[str]) -> Cue:
    """The same month or period of another year ("same period last year", "cùng kỳ")."""
    what = match.group("what")
    same = "month" if what in {"month", "tháng"} else "period"
    return _cue(match, "same", same=same)


def _simple(kind: str, month_from: int | None = None, month_to: int | None = None
            ) -> Callable[[re.Match[str]], Cue]:
    def make(match: re.Match[str]) -> Cue:
        return _cue(match, kind, month_from, month_to)
    return make


def _rule(name: str, example: str, pattern: str, make: Callable[[re.Match[str]], Cue | None],
          *, cased: bool = False) -> Rule:
    return Rule(name, example, re.compile(led(pattern)), make, cased, needed_sets(pattern))


def _months_cue_alt(match: re.Match[str]) -> Cue | None:
    """:func:`_months_cue` for rules with a second count group (``n2``, ``y2``)."""
    n = count_word(re.sub(r"\s+", " ", match.group("n") or match.group("n2") or ""))
    if not n or not 1 <= n <= 12:
        return None
    return _cue(match, "ytd", 1, n, year=_year(match) or _year(match, "y2"))


def _to_month_cue_alt(match: re.Match[str]) -> Cue | None:
    """:func:`_to_month_cue` for rules with a second month group (``m2``, ``y2``)."""
    m = month_number(match.group("m") or match.group("m2") or "")
    if not m:
        return None
    return _cue(match, "ytd", 1, m, year=_year(match) or _year(match, "y2"))


def _quarters_cue_vi(match: re.Match[str]) -> Cue | None:
    n = count_word(match.group("n") or match.group("n2") or "")
    return _cue(match, "ytd", 1, 3 * n) if n and 1 <= n <= 4 else None


def _month_last_year(match: re.Match[str]) -> Cue | None:
    """A month of the year before the data year ("tháng 11 năm ngoái")."""
    m = month_number(re.sub(r"\s+", " ", match.group("m")))
    return _cue(match, "month_last_year", m, m) if m else None


def _months_last_year(match: re.Match[str]) -> Cue | None:
    """The first months of the year before ("11 tháng năm trước")."""
    n = count_word(re.sub(r"\s+", " ", match.group("n")))
    return _cue(match, "month_last_year", 1, n) if n and 1 <= n <= 12 else None


def _half(match: re.Match[str]) -> Cue:
    """The first half of a year ("first half of 2025", "H1", "nửa đầu năm")."""
    return _cue(match, "ytd", 1, 6, year=_year(match) or _year(match, "y2"))


_REL = rf"(?:last\s+year|the\s+previous\s+year|a\s+year\s+(?:earlier|ago|before)|(?:of\s+)?(?P<y>{_YEAR}))"

#: The rules, in the order they are tried. Matched on the lower-cased sentence,
#: except ``cased`` rules (English month names, Q1-Q4), matched as written.
RULES: tuple[Rule, ...] = (
    _rule("several_years", "giai đoạn 2021-2025",
          rf"(?:giai\s+đoạn\s+|period\s+|from\s+|between\s+|từ\s+(?:năm\s+)?)?{_YEAR}\s*"
          rf"(?:-|–|—|to|and|đến|tới)\s*(?:năm\s+)?{_YEAR}"
          r"|(?:five|ten|5|10)[-\s]year\s+(?:plan|period)|(?:5|10|năm|mười)\s+năm\s+qua"
          r"|kế\s+hoạch\s+5\s+năm", _simple("several")),
    _rule("same_en", "the same period last year",
          rf"(?:the\s+)?same\s+(?P<what>month|period|time|quarter|{_COUNT}\s+months)\s*(?:of\s+|in\s+)?(?:{_REL})?",
          _same_cue),
    _rule("year_earlier", "a year earlier", r"a\s+year\s+(?P<what>earlier|ago|before)|year[-\s]on[-\s]year",
          lambda m: _cue(m, "same", same="period")),
    _rule("same_vi", "cùng kỳ năm 2024",
          rf"cùng\s+(?P<what>kỳ|kì|thời\s+điểm|tháng)(?:\s+(?:của\s+)?(?:năm\s+)?(?:ngoái|trước|(?P<y>{_YEAR})))?",
          _same_cue),
    _rule("compare_year", "so với năm 2015",
          rf"(?:so\s+với|compared\s+(?:with|to)|than(?:\s+in)?|versus|vs\.?|against|above|below"
          rf"|(?:that|those)\s+of)\s+"
          rf"(?:the\s+|cả\s+)?(?:year\s+|năm\s+)?(?P<y>{_YEAR})",
          lambda m: _cue(m, "compare")),
    _rule("since_year", "since 2015", rf"(?:since|kể\s+từ(?:\s+năm)?|từ\s+năm)\s+(?:early\s+|đầu\s+năm\s+)?(?P<y>{_YEAR})",
          _simple("since")),
    _rule("quarters", "the first three quarters",
          r"(?:first\s+(?P<n>two|three|2|3)\s+quarters|(?P<n2>2|3|hai|ba)\s+quý\s+đầu\s+năm)",
          lambda m: _quarters_cue_vi(m)),
    _rule("months_en", "the first 7 months of 2025",
          rf"(?:the\s+)?(?:first|past|last|opening)\s+(?P<n>{_COUNT})\s+months"
          rf"(?:\s+of\s+(?:the\s+|this\s+)?year)?(?:{_TAIL})?", _months_cue),
    _rule("month_period", "the 10-month period",
          rf"(?P<n>{_COUNT})[-\s]month\s+period(?:{_TAIL})?"
          rf"|(?P<n2>{_COUNT})\s+months\s+of\s+(?:this\s+year|the\s+year|(?P<y2>{_YEAR}))",
          lambda m: _months_cue_alt(m)),
    _rule("in_months", "in the nine months", rf"\b(?:in|over|within|during)\s+(?:the\s+)?"
          rf"(?P<n>{_COUNT})\s+months\b(?:{_TAIL})?", _months_cue),
    _rule("range_en", "between January and September",
          rf"(?i:between\s+|from\s+|during\s+)?(?P<m1>{_MONTH_EN})\s*(?:-|–|—|to|and|through|until|till)"
          rf"\s*(?:the\s+end\s+of\s+)?(?P<m2>{_MONTH_EN})(?:\s+period)?(?:{_TAIL})?",
          _range_cue, cased=True),
    _rule("as_of", "as of the end of September 2024",
          rf"(?i:as\s+of|by|until|through|to|till|up\s+to)\s+(?i:the\s+)?end\s+of\s+(?P<m>{_MONTH_EN})"
          rf"(?:{_TAIL})?|(?i:as\s+of|by\s+the\s+end\s+of)\s+(?P<m2>{_MONTH_EN})(?:\s+\d{{1,2}}(?!\d))?,?"
          rf"(?:{_TAIL2})?", lambda m: _to_month_cue_alt(m), cased=True),
    _rule("quarter_en", "the second quarter of 2024",
          rf"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+of)?(?:{_TAIL})?",
          _quarter_cue),
    _rule("q_en", "Q1 2024", rf"\bQ(?P<q>[1-4])(?:{_TAIL})?\b", _quarter_cue, cased=True),
    _rule("half_en", "the first half of 2025",
          rf"(?:the\s+)?first\s+half(?:\s+of\s+(?:the|this)\s+year)?(?:{_TAIL})?|\bh1(?:{_TAIL2})?\b",
          _half),
    _rule("open_en", "so far this year",
          r"so\s+far\s+this\s+year|this\s+year\s+so\s+far|thus\s+far\s+this\s+year"
          r"|since\s+the\s+(?:beginning|start)\s+of\s+(?:the|this)\s+year|year[-\s]to[-\s]date"
          r"|from\s+the\s+(?:beginning|start)\s+of\s+the\s+year", _simple("open")),
    _rule("range_vi", "từ tháng 1 đến tháng 5",
          rf"từ\s+tháng\s+(?P<m1>{_MONTH_VI})\s+(?:đến|tới)\s+(?:hết\s+|cuối\s+)?tháng\s+"
          rf"(?P<m2>{_MONTH_VI})(?:{_TAIL})?", _range_cue),
    _rule("to_month_vi", "từ đầu năm đến hết tháng 11",
          rf"(?:(?:kể\s+)?từ\s+đầu\s+năm\s+)?(?:tính\s+)?(?:đến|tới)\s+(?:hết\s+|cuối\s+)?"
          rf"(?:ngày\s+\d{{1,2}}\s*/\s*)?(?:tháng\s+(?P<m>{_MONTH_VI})(?:{_TAIL})?"
          rf"|(?P<m2>1[0-2]|0?[1-9])\s*/\s*(?P<y2>{_YEAR}))", lambda m: _to_month_cue_alt(m)),
    _rule("months_last_year_vi", "11 tháng năm trước",
          rf"(?P<n>{_COUNT})\s+tháng\s+(?:đầu\s+)?(?:của\s+)?năm\s+(?:trước|ngoái)",
          lambda m: _months_last_year(m)),
    _rule("months_vi", "7 tháng đầu năm 2025",
          rf"(?P<n>{_COUNT})\s+tháng\s+(?:đầu\s+năm|đầu|qua|vừa\s+qua|của\s+năm|năm\s+nay|trước\s+đó"
          rf"|năm(?=\s+{_YEAR}))(?:{_TAIL})?|(?P<n2>{_COUNT})\s+tháng\s*/\s*(?P<y2>{_YEAR})",
          lambda m: _months_cue_alt(m)),
    _rule("in_months_vi", "trong 6 tháng",
          rf"(?:trong|tính\s+chung|lũy\s+kế|sau)\s+(?P<n>{_COUNT})\s+tháng\b(?!\s+(?:học|làm|đào|tập|"
          r"thực|sống|ở|chờ))", _months_cue),
    _rule("quarter_vi", "quý I/2024", rf"quý\s+(?P<q>iv|iii|ii|i|[1-4])\b(?:{_TAIL})?", _quarter_cue),
    _rule("half_vi", "nửa đầu năm 2025", rf"nửa\s+đầu\s+năm(?:{_TAIL})?", _simple("ytd", 1, 6)),
    _rule("open_vi", "từ đầu năm đến nay",
          rf"(?:kể\s+)?từ\s+đầu\s+năm(?:\s+(?:nay|(?P<y>{_YEAR})))?(?:\s+(?:đến|tới)\s+nay)?"
          r"|đầu\s+năm\s+(?:đến|tới)\s+nay", _simple("open")),
    _rule("prev_month", "the previous month",
          r"(?:the\s+)?previous\s+month|last\s+month|tháng\s+trước(?!\s+đó)", _simple("prev_month")),
    _rule("month_last_year", "tháng 11 năm ngoái",
          rf"tháng\s+(?P<m>{_MONTH_VI})\s+(?:của\s+)?năm\s+(?:ngoái|trước)", _month_last_year),
    _rule("month_last_year_en", "October last year",
          rf"\b(?P<m>{_MONTH_EN})\s+(?:of\s+)?(?:last|the\s+previous)\s+year", _month_last_year,
          cased=True),
    _rule("month_en", "July 2025", rf"\b(?P<m>{_MONTH_EN})(?:\s+alone|\s+only)?(?:,?\s+(?P<y>{_YEAR}))?\b",
          _month_cue, cased=True),
    _rule("month_vi", "tháng 7/2025",
          rf"tháng\s+(?P<m>{_MONTH_VI})(?:(?:\s*[/-]\s*|\s+năm\s+|\s+)(?P<y>{_YEAR}))?"
          r"(?!\s*tháng)", _month_cue),
    _rule("plan_year", "kế hoạch năm 2025",
          rf"(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu)\s+(?:của\s+)?(?:cả\s+)?năm\s+(?P<y>{_YEAR})"
          rf"|(?P<y2>{_YEAR})(?:'s)?\s+(?:plan|target|goal|yearly\s+target|annual\s+target)",
          lambda m: _cue(m, "plan_year", year=_year(m) or _year(m, "y2"))),
    _rule("year", "in 2024",
          rf"(?:cả\s+năm|trong\s+năm|năm|in|for|of|during|throughout|the\s+whole(?:\s+of)?|all\s+of"
          rf"|full[-\s]year)\s+(?P<y>{_YEAR})\b", _simple("year", 1, 12)),
    _rule("year_as_a_whole", "2024 as a whole", rf"(?P<y>{_YEAR})\s+as\s+a\s+whole",
          _simple("year", 1, 12)),
    _rule("whole_year", "cả năm", r"cả\s+năm|the\s+whole\s+year|the\s+full\s+year|the\s+entire\s+year",
          _simple("year", 1, 12)),
    _rule("this_year", "this year", r"(?<!of\s)this\s+year|(?<!của\s)năm\s+nay",
          _simple("year", 1, 12)),
    _rule("prev_year", "last year", r"(?<!the\s)last\s+year|năm\s+ngoái|năm\s+trước|the\s+previous\s+year",
          _simple("prev_year", 1, 12)),
)


#: The needed words of the rules matched on lower-cased text, and of those matched as written.
LOWER_GATE = WordGate([r.needs for r in RULES if not r.cased])
CASED_GATE = WordGate([r.needs for r in RULES if r.cased])


class TextWords(NamedTuple):
    """The needed words a whole text holds (lower-cased, as written) and the rules they allow."""

    lower: frozenset[str] | None
    cased: frozenset[str] | None
    rules: tuple[Rule, ...]


def words_of(text: str) -> TextWords:
    """What a whole text holds of the rules' needed words, and the rules that may match it."""
    low, cased = LOWER_GATE.present(lower(text)), CASED_GATE.present(text)
    rules = tuple(r for r in RULES if r.may_match(cased if r.cased else low))
    return TextWords(low, cased, rules)


def lower(text: str) -> str:
    """Lower-case ``text`` keeping its length (so offsets stay offsets)."""
    low = text.lower()
    return low if len(low) == len(text) else text.replace("\u0130", "i").lower()


def find_cues(sentence: str, low: str | None = None, among: TextWords | None = None
              ) -> list[Cue]:
    """Return the period cues of a sentence, in text order, without overlaps.

    ``low`` is the sentence lower-cased (:func:`lower`), if at hand; ``among`` what
    the whole text holds (:func:`words_of`), so that only its words and the rules
    they allow are tried.
    """
    low = lower(sentence) if low is None else low
    among = among or TextWords(None, None, RULES)
    present = {False: LOWER_GATE.present(low, among.lower),
               True: CASED_GATE.present(sentence, among.cased)}
    cues: list[Cue] = []
    for rule in among.rules:
        text = sentence if rule.cased else low
        if not rule.may_match(present[rule.cased]):
            continue
        for match in rule.pattern.finditer(text):
            if match.start() == match.end() or _overlaps(match.span(), cues):
                continue
            cue = rule.make(match)
            if cue is not None:
                cues.append(cue)
    return sorted(cues, key=lambda c: c.start)


def _overlaps(span: tuple[int, int], cues: list[Cue]) -> bool:
    return any(c.start < span[1] and span[0] < c.end for c in cues)
