r"""Fast matching for the reader: lower-cased text, word tries, anchored scans.

The reader runs many patterns over every bulletin; Python's regular expression
engine is slow when it cannot skip ahead to the characters a match starts with.
Three helpers keep it fast without changing what matches:

- :func:`lower` and :func:`compile_lower`, for case-insensitive patterns;
- :func:`trie_pattern`, for long lists of names;
- :func:`finditer_at` and :func:`finditer_before`, for patterns that start at, or
  a few characters before, known words;
- :func:`words_by_text` and :func:`capitals_by_text`, for the cheap word tests
  that decide which patterns run, and :class:`Gated`, a pattern with such a test.

Python's ``re.IGNORECASE`` folds the case of every character at every position
it tries, which makes a pattern several times slower than the same pattern
without the flag, and stops the engine from skipping ahead to the characters a
match can start with. The reader lower-cases each sentence once
(:func:`lower`) and matches patterns written for lower-case text
(:func:`compile_lower`). :func:`lower` keeps the text's length, so a match's
offsets are offsets into the original text too.

Examples
--------
>>> pattern = compile_lower(r"Tháng\s+(?P<m>\d+)")
>>> text = "THÁNG 7 năm 2025"
>>> match = pattern.search(lower(text))
>>> text[match.start() : match.end()], match.group("m")
('THÁNG 7', '7')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from itertools import accumulate


def lower(text: str) -> str:
    """Return ``text`` lower-cased character by character, keeping its length.

    ``str.lower`` turns the one character whose lower case is two characters
    (``"İ"``, U+0130) into two; here it becomes ``"i"``, as in ``re.IGNORECASE``.
    """
    low = text.lower()
    if len(low) != len(text):
        low = text.replace("\u0130", "i").lower()
    return low


#: What compile_lower keeps as written: escapes, and group names and references.
_KEPT_SPLIT = re.compile(r"(\\.|\(\?P<[^>]*>|\(\?P=[^)]*\))", re.DOTALL)


def compile_lower(pattern: str, flags: int = 0) -> re.Pattern[str]:
    r"""Compile ``pattern`` for matching lower-cased text (from :func:`lower`).

    Literal letters are lower-cased; escapes (``\S``, ``\W``, ``\D``, ``\B``)
    and group names (``(?P<Name>``, ``(?P=Name)``) are kept as written. ``flags`` must not include
    ``re.IGNORECASE``.
    """
    if flags & re.IGNORECASE:
        raise ValueError("compile_lower patterns match lower-cased text; drop IGNORECASE")
    pieces = _KEPT_SPLIT.split(pattern)  # the kept pieces are at the odd places
    return re.compile("".join(p if i % 2 else p.lower() for i, p in enumerate(pieces)), flags)


def few_non_ascii(text: str, most: int) -> list[int] | None:
    """Positions of the characters of ``text`` that are not ASCII, if there are at most ``most``.

    English text with a few curly quotes or dashes can then be handled as ASCII
    with those few characters apart; None says there are more.

    Examples
    --------
    >>> few_non_ascii("Japan’s 39,558 workers", 5), few_non_ascii("Nhật Bản", 1)
    ([5], None)
    """
    data = text.encode("ascii", "replace")  # one "?" for each other character
    if data.count(b"?") - text.count("?") > most:
        return None
    found = []
    i = data.find(b"?")
    while i >= 0:
        if text[i] != "?":
            found.append(i)
        i = data.find(b"?", i + 1)
    return found


class Gated:
    r"""A pattern whose every match holds one of ``words``: where none is, it is not run.

    Examples
    --------
    >>> plan = Gated(re.compile(r"\b(?:plan|target)\b"), ("plan", "target"))
    >>> bool(plan.search("the annual plan")), plan.search("no such word")
    (True, None)
    """

    def __init__(self, pattern: re.Pattern[str], words: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.words = words

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``, or None at once if ``text`` has none of the words."""
        for word in self.words:
            if word in text:
                return self.pattern.search(text)
        return None


def trie_pattern(words: Iterable[str], *, space: str = r"\s+") -> str:
    r"""Return a pattern matching any of ``words``, factored as a trie.

    A space in a word matches ``space``, by default any run of white space. At a given
    position the pattern matches the longest of the words that match there
    (given what follows the pattern), as an alternation sorted longest first
    would, but the engine tests a handful of first letters instead of every word.

    Examples
    --------
    >>> trie_pattern(["korea", "south korea", "south africa"])
    '(?:korea|south\\s+(?:korea|africa))'
    >>> import re
    >>> re.match(trie_pattern(["nam", "nam hàn"]), "nam hàn").group(0)
    'nam hàn'
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie, space)


def _emit(node: dict[str, dict], space: str) -> str:
    branches = [
        (space if ch == " " else re.escape(ch)) + _emit(child, space)
        for ch, child in node.items() if ch != ""
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word ends here: try the longer words first, then stop here
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
    return body


def finditer_at(pattern: re.Pattern[str], text: str, anchors: Iterable[str]
                ) -> list[re.Match[str]]:
    """Return ``pattern``'s matches in ``text`` as ``finditer`` would, trying only at anchors.

    Every match of ``pattern`` must start with one of the literal ``anchors``;
    the pattern is then tried only where an anchor occurs (found with
    ``str.find``), not at every position.
    """
    starts: set[int] = set()
    for anchor in anchors:  # occurrences(), written out: this runs for every sentence
        pos = text.find(anchor)
        while pos >= 0:
            starts.add(pos)
            pos = text.find(anchor, pos + 1)
    return match_at(pattern, text, starts)


def matches_at(pattern: re.Pattern[str], text: str, anchors: Iterable[str]) -> bool:
    """Whether ``pattern`` matches ``text`` anywhere, if its every match starts with an anchor.

    ``bool(finditer_at(pattern, text, anchors))``, stopping at the first match found.
    """
    for anchor in anchors:
        pos = text.find(anchor)
        while pos >= 0:
            match = pattern.match(text, pos)
            if match is not None and match.end() > pos:
                return True
            pos = text.find(anchor, pos + 1)
    return False


def occurrences(text: str, word: str) -> Iterator[int]:
    """Yield every position of ``word`` in ``text`` (overlapping ones too), by ``str.find``."""
    pos = text.find(word)
    while pos >= 0:
        yield pos
        pos = text.find(word, pos + 1)


def match_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]
             ) -> list[re.Match[str]]:
    """Return the matches ``finditer`` would give, if matches can begin only at ``starts``.

    The pattern is tried at each start in order, skipping those inside a match
    already taken, as ``finditer`` goes on from where its last match ended.
    """
    found: list[re.Match[str]] = []
    end = 0
    for start in sorted(starts):
        if start >= end:
            match = pattern.match(text, start)
            if match is not None and match.end() > start:
                found.append(match)
                end = match.end()
    return found


def space_before(text: str, pos: int, *, dash: bool = False) -> int:
    """Where the run of white space (and ``-``, with ``dash``) that ends at ``pos`` starts.

    ``pos`` itself if no such character stands right before it.

    Examples
    --------
    >>> space_before("7  months", 3), space_before("7-month", 2, dash=True), space_before("ab", 1)
    (1, 1, 1)
    """
    while pos > 0 and (text[pos - 1].isspace() or dash and text[pos - 1] == "-"):
        pos -= 1
    return pos


def finditer_before(pattern: re.Pattern[str], text: str, word: str | tuple[str, ...],
                    lead: int) -> list[re.Match[str]]:
    r"""Return ``pattern``'s matches as ``finditer`` would, trying only just before ``word``.

    For patterns whose every match is a short head (at most ``lead`` characters,
    ending in a letter or digit) followed by space or ``-`` (one or more) and
    ``word`` (or one of several words), such as a count before "months" ("the first 7 months",
    "bảy tháng"): the pattern is tried only at the ``lead`` positions before
    each such run of space.

    Examples
    --------
    >>> count = re.compile(r"(\d+|seven)\s+months")
    >>> [m.group(0) for m in finditer_before(count, "7 months, then seven  months", "months", 5)]
    ['7 months', 'seven  months']
    """
    starts: set[int] = set()
    for one in (word,) if isinstance(word, str) else word:
        for pos in occurrences(text, one):
            end = space_before(text, pos, dash=True)
            if end < pos:  # at least one space or "-" between the head and the word
                starts.update(range(max(0, end - lead), end))
    return match_at(pattern, text, starts)


def words_by_text(texts: Sequence[str], groups: Mapping[str, Sequence[str]]
                  ) -> list[frozenset[str]]:
    """For each text, the names of the groups of which it holds at least one word.

    The same as testing ``word in text`` for every word and text, but with one
    search per word through all the texts at once: most words occur in few texts
    or none. No word may hold a line break.

    Examples
    --------
    >>> found = words_by_text(["in July", "the first 7 months", "no period"],
    ...                       {"month": ("july", "months"), "digit": tuple("0123456789")})
    >>> [sorted(names) for names in found]  # "July" is not "july"
    [[], ['digit', 'month'], []]
    """
    joined, starts = _joined(texts)
    found: list[set[str]] = [set() for _ in texts]
    present: dict[str, bool] = {}  # whether the texts hold a non-ASCII character at all
    for word, names, odd in _word_table(groups):
        if odd:  # "tháng" cannot be in English text: one look for "á" tells
            if odd not in present:
                present[odd] = odd in joined
            if not present[odd]:
                continue
        pos = joined.find(word)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            found[i].update(names)
            # the rest of this text needs no more looking for this word
            pos = joined.find(word, starts[i + 1]) if i + 1 < len(starts) else -1
    return [frozenset(names) for names in found]


def _joined(texts: Sequence[str]) -> tuple[str, list[int]]:
    """The texts joined by line breaks, and where each starts (``bisect_right`` finds its own)."""
    return "\n".join(texts), list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))


_WORD_TABLES: dict[int, tuple[Mapping[str, Sequence[str]], list[tuple[str, list[str], str]]]] = {}


def _word_table(groups: Mapping[str, Sequence[str]]) -> list[tuple[str, list[str], str]]:
    """(word, its groups, its first non-ASCII character or "") for each word, made once."""
    cached = _WORD_TABLES.get(id(groups))
    if cached is not None and cached[0] is groups:
        return cached[1]
    names_of: dict[str, list[str]] = {}
    for name, words in groups.items():
        for word in words:
            names_of.setdefault(word, []).append(name)
    table = [(word, names, next((ch for ch in word if not ch.isascii()), ""))
             for word, names in names_of.items()]
    if len(_WORD_TABLES) > 32:  # callers that make their groups afresh each time
        _WORD_TABLES.clear()
    _WORD_TABLES[id(groups)] = (groups, table)
    return table


def capitals_by_text(texts: Sequence[str], groups: Mapping[str, tuple[str, ...]]
                     ) -> list[frozenset[str]]:
    """:func:`words_by_text` for words that start with a capital letter.

    Capitals are rare in text: each first capital is looked for once through all
    the texts (a one-character search is fast), and the words that start with it
    are tested only where it is.

    Examples
    --------
    >>> capitals_by_text(["In July 2025", "in Q3", "julY"], {"month": ("Jul",), "q": ("Q3",)})
    [frozenset({'month'}), frozenset({'q'}), frozenset()]
    """
    by_first = _capitals_by_first(tuple((k, tuple(v)) for k, v in groups.items()))
    joined, starts = _joined(texts)
    found: list[set[str]] = [set() for _ in texts]
    for first, words in by_first:
        pos = joined.find(first)
        while pos >= 0:
            for word, name in words:
                if joined.startswith(word, pos):
                    found[bisect_right(starts, pos) - 1].add(name)
            pos = joined.find(first, pos + 1)
    return [frozenset(names) for names in found]


@cache
def _capitals_by_first(groups: tuple[tuple[str, tuple[str, ...]], ...]
                       ) -> list[tuple[str, list[tuple[str, str]]]]:
    """(first capital, [(word, group), ...]) for the words of ``groups``."""
    by_first: dict[str, list[tuple[str, str]]] = {}
    for name, words in groups:
        for word in words:
            if not word[:1].isupper():
                raise ValueError(f"{word!r}: capitals_by_text needs a capital first")
            by_first.setdefault(word[0], []).append((word, name))
    return list(by_first.items())
