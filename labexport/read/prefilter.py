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
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]

Words = frozenset[str]


def needed_words(pattern: str) -> Words | None:
    """Literal strings one of which every match of ``pattern`` contains, or None."""
    return _sequence(sre.parse(pattern))


def _sequence(items: sre.SubPattern | list) -> Words | None:
    """The best needed words of a sequence: the set whose shortest word is longest."""
    candidates: list[Words] = []
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            candidates.append(frozenset({"".join(run)}))
            run = []
        found = _item(op, av)
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset({"".join(run)}))
    return max(candidates, key=lambda words: min(map(len, words)), default=None)


def _item(op: object, av: object) -> Words | None:
    """The needed words of one item of a sequence (a group, a branch, a repeat)."""
    if op is c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av  # type: ignore[misc]
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op is c.BRANCH:
        branches = [_sequence(branch) for branch in av[1]]  # type: ignore[index]
        return None if not all(branches) else frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:  # type: ignore[index]
        return _sequence(av[2])  # type: ignore[index]
    return None


class WordGate:
    """Find, in one pass, which needed words of many patterns a text holds.

    Every position of the text is tried (a lookahead), and a word found there
    also stands for the needed words inside it ("than" holds "th"), so a pattern
    is passed over only when the text truly lacks all its words.
    """

    def __init__(self, needs: list[Words | None]) -> None:
        words = sorted({w for each in needs if each for w in each}, key=len, reverse=True)
        self._pattern = re.compile("(?=(" + "|".join(map(re.escape, words)) + "))")
        self._inside = {w: frozenset(v for v in words if v in w) for w in words}

    def present(self, text: str) -> frozenset[str]:
        """The needed words the text holds."""
        found = {m.group(1) for m in self._pattern.finditer(text)}
        return frozenset().union(*(self._inside[w] for w in found))
