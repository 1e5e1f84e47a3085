"""Province names in a sentence: named with a province word, or bare in a headline."""

from __future__ import annotations

import re
from functools import cache

from labexport.core.provinces import ALIASES, _by_fold
from labexport.read.prefilter import holds_any, led, needed_words


@cache
def _pattern() -> re.Pattern[str]:
    names = "|".join(
        re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_by_fold(), key=len, reverse=True)
    )
    return re.compile(
        rf"(?:\b(?:tinh|province of|thanh pho|tp\.?)\s+(?P<a>{names})\b"
        rf"|\b(?P<b>{names})\s+(?:province|provincial|city)\b)"
    )


def find_provinces(folded_text: str) -> list[str]:
    """Return the provinces named with a province word ("tỉnh X", "X Province") in folded text.

    >>> find_provinces("tinh nghe an va ha tinh province")
    ['Nghệ An', 'Hà Tĩnh']
    """
    if not holds_any(folded_text, _province_words()):
        return []  # the pattern needs one of its words (read from the pattern itself)
    return [_by_fold()[re.sub(r"\s+", " ", match.group("a") or match.group("b"))]
            for match in _pattern().finditer(folded_text)]


@cache
def _province_words() -> frozenset[str] | None:
    return needed_words(_pattern().pattern)


@cache
def _bare_pattern() -> re.Pattern[str]:
    names = sorted([*_by_fold(), *ALIASES], key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(led(rf"(?<![\w.])(?:{alternatives})(?![\w])"))


def find_province_names(folded_text: str) -> list[str]:
    """Return the provinces named in folded text, with or without a province word.

    Used on headlines, where a province is named bare ("Thai Binh sends more
    workers abroad").

    >>> find_province_names("thanh hoa: over 6,000 workers went abroad")
    ['Thanh Hóa']
    """
    found = []
    for match in _bare_pattern().finditer(folded_text):
        name = re.sub(r"\s+", " ", match.group(0))
        found.append(ALIASES.get(name) or _by_fold()[name])
    return found
