"""Market names in a sentence: where each stands and which market it names.

A name is looked for in folded text (see :func:`labexport.core.text.fold`), so
"Han Quoc", "Hàn Quốc" and "HÀN QUỐC" are one name; the short names that are
also ordinary words ("Lào", "Đức", "Ba Lan") only exactly as written.

Examples
--------
>>> find_markets("Nhật Bản 39.558, Đài Loan 32.471")
[(0, 8, 'JP'), (17, 25, 'TW')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from labexport.core.markets import EXACT_ALIASES, _alias_table
from labexport.core.text import _fold_with_offsets, fold
from labexport.read.prefilter import led


def alternatives(names: Iterable[str]) -> str:
    """A regular expression matching any of ``names``, the longest first."""
    return "(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + ")"


@cache
def _folded_pattern() -> re.Pattern[str]:
    exact = {fold(a) for a in EXACT_ALIASES}
    aliases = [a for a in _alias_table() if a not in exact]
    return re.compile(led(r"(?<![\w'])" + alternatives(aliases) + r"(?!\w)"))


@cache
def _exact_pattern() -> re.Pattern[str]:
    return re.compile(led(r"(?<![\w'])" + alternatives(EXACT_ALIASES) + r"(?!\w)"))


def find_markets(text: str) -> list[tuple[int, int, str]]:
    """Find market names in ``text``.

    Parameters
    ----------
    text : str
        NFC text.

    Returns
    -------
    list of (start, end, code)
        Non-overlapping matches, longest alias first, in text order.
    """
    folded, offsets = _fold_with_offsets(text)
    table = _alias_table()
    found = []
    for match in _folded_pattern().finditer(folded):
        start, end = offsets[match.start()], offsets[match.end() - 1] + 1
        found.append((start, end, table[" ".join(match.group(0).split())]))
    taken = [(s, e) for s, e, _ in found]
    written = [alias for alias in EXACT_ALIASES if alias in text]  # most sentences have none
    for match in _exact_pattern().finditer(text) if written else ():
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        found.append((match.start(), match.end(), EXACT_ALIASES[match.group(0)]))
    return sorted(found)
