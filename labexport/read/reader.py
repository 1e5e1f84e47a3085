"""The reader: a page's text in, its figures and the fate of every number out.

The pipeline, one module a step:

1. :mod:`~labexport.read.normalize`: spaces, zero-width characters, digits, glued words;
2. :mod:`~labexport.read.segment`: headline, date line, captions, body sentences, and what
   is not read (related articles, source lines, comments);
3. :mod:`~labexport.read.periods`, :mod:`~labexport.read.figures`, market names: the
   typed spans of each sentence; :mod:`~labexport.read.context`: the page's date,
   language, scope, data year and month;
4. :mod:`~labexport.read.resolve`, :mod:`~labexport.read.bind`,
   :mod:`~labexport.read.sentence`: each number's period, market, sex and measure;
5. here: facts emitted once each, a figure stated rounded and exactly kept exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from labexport.core.fact import Fact, Measure, Qualifier, Sex
from labexport.core.provinces import NATIONAL
from labexport.core.text import fold
from labexport.read import words
from labexport.read.bind import find_sentence_markets
from labexport.read.context import Page, read_page
from labexport.read.dates import find_dates
from labexport.read.figures import find_numbers
from labexport.read.normalize import normalize
from labexport.read.periods import Cue, TextWords, find_cues, lower, words_of
from labexport.read.place_names import find_provinces
from labexport.read.prefilter import holds_any, needed_words
from labexport.read.reading import NumberRead, Reading
from labexport.read.resolve import Period, carry, place_cues
from labexport.read.segment import Segment, split_segments
from labexport.read.sentence import Sentence, read_numbers

#: Sentences longer than this are cut before reading: no real sentence comes near.
MAX_SENTENCE = 2_000
#: Roles whose sentences are read; headline and captions are read on their own.
_READ_ROLES = frozenset({"headline", "caption", "body"})


@dataclass
class _State:
    """What carries from one sentence to the next: the period, the scope, the line."""

    period: Period | None
    scope: str
    line: int
    province: str | None


def read_text(text: str, *, source: str = "<text>") -> Reading:
    """Read a bulletin's text: its facts, and every number with what became of it.

    Parameters
    ----------
    text : str
        The bulletin, any Unicode normal form.
    source : str
        Where it came from, kept on every figure.

    Returns
    -------
    Reading
    """
    clean = normalize(text)
    segments = split_segments(clean)
    texts = {id(seg): blank_markup(seg.text[:MAX_SENTENCE]) for seg in segments}
    among = words_of(clean)
    spans = {id(seg): find_spans(texts[id(seg)], among) if seg.role != "skipped" else ([], [])
             for seg in segments}
    page = read_page(clean, source, segments, [c for seg in segments if seg.role != "skipped"
                                               for c in spans[id(seg)][0]])
    state = _State(None, page.scope, -1, None if page.scope == NATIONAL else page.scope)
    numbers: list[NumberRead] = []
    for seg in segments:
        numbers += _read_segment(seg, texts[id(seg)], *spans[id(seg)], page, state)
    return Reading(source, clean, *_keep_exact(numbers))


def _read_segment(seg: Segment, text: str, cues: list[Cue], dates: list[tuple[int, int]],
                  page: Page, state: _State) -> list[NumberRead]:
    """Read one segment (``text``: its markup blanked), updating what carries."""
    if seg.role not in _READ_ROLES:
        return _unread(seg, text, [(0, len(text), "not_read" if seg.role == "skipped" else "date")])
    if seg.line != state.line and seg.role == "body":
        state.line, state.scope = seg.line, page.scope
    carried = state.period if seg.role == "body" else None
    placed = place_cues(cues, page, carried, text)
    blocked = [(c.start, c.end) for c in cues] + dates
    low = lower(text)
    found, unread = find_numbers(text, low, blocked)
    markets = find_sentence_markets(text, blocked) if found else []
    scope = _sentence_scope(text, page, state, found[0].start if found else len(text))
    sentence = Sentence(text, low, seg.text.strip(), page, scope, carried, placed, markets, found)
    outcomes = read_numbers(sentence) if scope else []
    if seg.role in {"body", "headline"}:
        state.period = carry(placed, carried,
                             counts=any(o.reason == "several_years" for o in outcomes))
        state.scope = scope or state.scope
    reads = [NumberRead(seg.start + n.start, seg.start + n.end, n.raw, o.facts, o.reason)
             for n, o in zip(found, outcomes, strict=False)]
    if not scope:
        reads = [NumberRead(seg.start + n.start, seg.start + n.end, n.raw, (), "no_scope")
                 for n in found]
    reads += [NumberRead(seg.start + a, seg.start + b, raw, (), "percent") for a, b, raw in unread]
    return reads + _unread(seg, text, [(c.start, c.end, "period") for c in cues]
                           + [(a, b, "date") for a, b in dates])


#: Markup and addresses copied from web pages: never figures, kept in the quote.
_MARKUP = re.compile(
    r"</?[A-Za-z][^<>\n]{0,500}>|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});"
    r"|(?:https?://|www\.|javascript:)\S+|\{\{[^{}\n]{0,200}\}\}|\$\{[^{}\n]{0,200}\}"
)


def blank_markup(text: str) -> str:
    """Replace HTML tags, entities, web addresses and template code by spaces."""
    if not holds_any(text, _MARKUP_WORDS):
        return text  # every match holds one of these (read from the pattern)
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), text)


_MARKUP_WORDS = needed_words(_MARKUP.pattern)


def find_spans(text: str, among: TextWords | None = None
               ) -> tuple[list[Cue], list[tuple[int, int]]]:
    """The period cues and the dates of a text, neither inside the other.

    A month name inside a date ("August" of "August 5, 2025") is no cue; a cue that
    starts before a date and takes it in ("tính đến ngày 31/7/2025") keeps it.
    """
    dates = find_dates(text)
    cues = [c for c in find_cues(text, lower(text), among)
            if not any(a <= c.start < b or (c.start >= a and c.end <= b) for a, b in dates)]
    return cues, [(a, b) for a, b in dates if not any(c.start < b and a < c.end for c in cues)]


def _sentence_scope(text: str, page: Page, state: _State, first_number: int) -> str:
    """The scope of a sentence: a province it names, the country, or the one in force."""
    low = lower(text)
    named = find_provinces(fold(text))
    national = words.NATIONAL.search(low)
    if named and not national:
        state.province = named[0]
        return named[0]
    if page.scope != NATIONAL and national and national.start() < first_number:
        return NATIONAL  # "cả nước có 85.781 ...", not "..., đứng đầu cả nước"
    if words.THE_PROVINCE.search(low):
        return state.province or ""
    return state.scope


def _unread(seg: Segment, text: str, spans: list[tuple[int, int, str]]) -> list[NumberRead]:
    """The numbers inside spans of a segment that are not read, each with its span's reason."""
    return [NumberRead(seg.start + a + m.start(), seg.start + a + m.end(), m.group(0), (), why)
            for a, b, why in spans for m in re.finditer(r"\d+(?:[.,]\d+)*", text[a:b])]


#: What makes two facts the same figure: scope, year, months, measure, market and sex.
_Key = tuple[str, int, int, int, Measure, str, Sex]


def _key(fact: Fact) -> _Key:
    return (fact.scope, fact.year, fact.month_from, fact.month_to, fact.measure, fact.market,
            fact.sex)


def _keep_exact(numbers: list[NumberRead]) -> tuple[list[Fact], list[NumberRead]]:
    """Emit each fact once; drop a rounded statement of a figure also stated exactly."""
    exact: dict[_Key, list[float]] = {}
    for n in numbers:
        for f in n.facts:
            if f.qualifier == "exact":
                exact.setdefault(_key(f), []).append(f.value)
    facts: list[Fact] = []
    seen: set[tuple[_Key, float, Qualifier]] = set()
    kept: list[NumberRead] = []
    for n in sorted(numbers, key=lambda n: n.start):
        mine = tuple(f for f in n.facts if not _rounded_twin(f, exact)
                     and (_key(f), f.value, f.qualifier) not in seen)
        seen.update((_key(f), f.value, f.qualifier) for f in mine)
        facts += mine
        reason = n.reason or ("" if mine else "duplicate")
        kept.append(replace(n, facts=mine, reason=reason) if n.facts else n)
    return facts, kept


def _rounded_twin(fact: Fact, exact: dict[_Key, list[float]]) -> bool:
    """Whether a rounded fact restates an exact one of the same key (within 10%)."""
    if fact.qualifier in {"exact", "derived"}:
        return False
    return any(abs(v - fact.value) <= 0.1 * max(v, 1) for v in exact.get(_key(fact), []))
