r"""Case-insensitive matching done fast: lower-case the text once, match plain patterns.

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


def lower(text: str) -> str:
    """Return ``text`` lower-cased character by character, keeping its length.

    ``str.lower`` turns the one character whose lower case is two characters
    (``"İ"``, U+0130) into two; here it becomes ``"i"``, as in ``re.IGNORECASE``.
    """
    low = text.lower()
    if len(low) != len(text):
        low = text.replace("\u0130", "i").lower()
    return low


def compile_lower(pattern: str, flags: int = 0) -> re.Pattern[str]:
    r"""Compile ``pattern`` for matching lower-cased text (from :func:`lower`).

    Literal letters are lower-cased; escapes (``\S``, ``\W``, ``\D``, ``\B``)
    and named groups (``(?P<name>``) keep their meaning. ``flags`` must not include
    ``re.IGNORECASE``.
    """
    if flags & re.IGNORECASE:
        raise ValueError("compile_lower patterns match lower-cased text; drop IGNORECASE")
    out = []
    escaped = False
    for i, ch in enumerate(pattern):
        keep = escaped or (ch == "P" and pattern[i - 2 : i] == "(?")
        out.append(ch if keep else ch.lower())
        escaped = not escaped and ch == "\\"
    return re.compile("".join(out), flags)
