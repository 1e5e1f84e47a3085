r"""Words a pattern cannot match without, read from the pattern itself.

A regular expression that opens with optional words or a long alternation is
tried at every position of a text, which makes it slow on sentences it can never
match. :func:`needed_words` reads the pattern's parse tree and returns literal
strings of which every match must contain at least one ("tháng" for "7 tháng
đầu năm"; "month" for "the 10-month period"). The reader skips a rule on a
sentence that has none of them. Nothing is kept by hand beside the pattern, and
a property test checks that the words never hide a match.

Examples
--------
>>> sorted(needed_words(r"(?:the\s+)?first\s+half|h1"))
['first', 'h1']
>>> needed_words(r"\d+")
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

Words = frozenset[str]

#: An item of a parsed pattern: an opcode and its argument, whose shape the opcode
#: tells (a code point, a (min, max, items) repeat, a group, branches...).
Item = tuple[object, Any]


def needed_words(pattern: str) -> Words | None:
    """Literal strings one of which every match of ``pattern`` contains, or None.

    Of all such sets the pattern has, the most selective (:func:`_best`).
    """
    return _best(list(needed_sets(pattern)))


def needed_sets(pattern: str) -> tuple[Words, ...]:
    """Sets of literal strings such that every match holds a word of each set."""
    return tuple(_sequence(sre.parse(pattern)))


def _sequence(items: Iterable[Item]) -> list[Words]:
    """The needed word sets of a sequence of items (each set needed)."""
    candidates: list[Words] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        candidates += _item(op, av)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return candidates


def _best(sets: list[Words]) -> Words | None:
    """The most selective set: no one-letter word, then the fewest words, then the longest."""
    return max(sets, key=lambda words: (min(map(len, words)) > 1, -len(words),
                                        min(map(len, words))), default=None)


def _item(op: object, av: Any) -> list[Words]:
    """The needed word sets of one item of a sequence (a group, a branch, a repeat)."""
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return [] if add_flags & re.IGNORECASE else _sequence(body)
    if op is c.BRANCH:
        branches = [_best(_sequence(branch)) for branch in av[1]]
        known = [words for words in branches if words]
        return [Words().union(*known)] if len(known) == len(branches) else []
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _sequence(av[2])
    return []


class WordGate:
    """Tell which needed words of many patterns a text holds.

    A word is looked for with ``in``, so a text is said to lack a word only when
    it truly does: a pattern is passed over only when its match could not be there.
    """

    def __init__(self, needs: list[tuple[Words, ...]]) -> None:
        self._words = tuple(sorted({w for sets in needs for each in sets for w in each}))

    def present(self, text: str, among: frozenset[str] | None = None) -> frozenset[str]:
        """The needed words the text holds (of those ``among``, when a larger text's are known)."""
        return frozenset(w for w in (self._words if among is None else among) if w in text)


def holds_any(text: str, words: Words | None) -> bool:
    """Whether ``text`` holds one of ``words`` (always, when the words are unknown)."""
    return words is None or any(word in text for word in words)


def first_chars(pattern: str) -> str | None:
    r"""The characters every match of ``pattern`` starts with, as a class, or None.

    A pattern that opens with a look-behind or an optional part is tried at every
    position; opened with a look-ahead for these characters (:func:`led`), it is
    tried only where one of them stands.

    >>> first_chars(r"(?<!\w)(?:tháng|quý)")
    'qt'
    >>> first_chars(r"(?<![\d.])\d+")
    '\\d'
    >>> first_chars(r"(?:the\s+)?\w+") is None
    True
    """
    parsed = sre.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _first(list(parsed))
    return "".join(sorted(found)) if found else None


def led(pattern: str) -> str:
    """``pattern`` opened with a look-ahead for its first characters, when they are known."""
    chars = first_chars(pattern)
    return pattern if chars is None else f"(?=[{chars}]){pattern}"


#: Character classes a first character may be given by, as written in a class.
_CATEGORIES = {c.CATEGORY_DIGIT: r"\d", c.CATEGORY_SPACE: r"\s"}


def _first(items: Iterable[Item]) -> set[str] | None:
    """The first characters of a sequence of items, skipping zero-width and optional ones."""
    found: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # takes no character
        optional = op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0
        first = _first(list(av[2])) if optional else _first_of(op, av)
        if first is None:
            return None
        found |= first
        if not optional:
            return found
    return None  # every item may be absent: a match may start anywhere


def _first_of(op: object, av: Any) -> set[str] | None:
    """The first characters of one item that takes at least one character."""
    if op is c.LITERAL:
        return {_in_class(chr(av))}
    if op is c.IN:
        return _class_members(av)
    if op is c.BRANCH:
        found = [_first(list(branch)) for branch in av[1]]
        known = [chars for chars in found if chars is not None]
        return set[str]().union(*known) if len(known) == len(found) else None
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _first(list(body))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return _first(list(av[2]))
    return None


def _class_members(items: Iterable[Item]) -> set[str] | None:
    """The members of a class ``[...]``, None for a negated class or a wide one."""
    found: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            found.add(_in_class(chr(av)))
        elif op is c.RANGE and av[1] - av[0] < 256:
            found.update(_in_class(chr(code)) for code in range(av[0], av[1] + 1))
        elif op is c.CATEGORY and av in _CATEGORIES:
            found.add(_CATEGORIES[av])
        else:
            return None
    return found


def _in_class(char: str) -> str:
    """A character as written inside a class."""
    return "\\" + char if char in "\\]^-[" else char
