"""Folding text for matching names: lower case, no diacritics, ``đ`` as ``d``, one kind of space.

Examples
--------
>>> fold("Đài Loan (Trung Quốc)")
'dai loan (trung quoc)'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics and with ``đ`` as ``d``.

    Examples
    --------
    >>> fold("Đài Loan (Trung Quốc)")
    'dai loan (trung quoc)'
    """
    folded = _fold_chars(text)  # every space character is now " "
    if "  " in folded:
        folded = _SPACE_RUN.sub(" ", folded)
    return folded.strip(" ")


#: Two spaces or more (written so that the engine can look for the two spaces directly).
_SPACE_RUN = re.compile("   *")


def _fold_slow(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", text).lower()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch.isspace():
        return " "
    if ch in "’‘":
        return "'"
    return _fold_slow(ch)


class _FoldTable(dict[int, str]):
    """``str.translate`` table that folds each character once and remembers it."""

    def __missing__(self, key: int) -> str:
        ch = chr(key)
        value = ch.lower() if ch.isascii() and not ch.isspace() else _fold_char(ch)
        self[key] = value
        return value


_FOLD_TABLE = _FoldTable()


#: The fold of the ASCII characters, for ``str.translate``'s fast path on ASCII text.
_ASCII_FOLD = {i: " " if chr(i).isspace() else chr(i).lower() for i in range(128)}


def _fold_chars(text: str) -> str:
    """Fold each character of ``text`` (see :data:`_FOLD_TABLE`)."""
    if text.isascii():
        return text.translate(_ASCII_FOLD)
    return text.translate(_FOLD_TABLE)


def _fold_with_offsets(text: str) -> tuple[str, range | list[int]]:
    """Fold ``text`` character by character, keeping a map back to ``text``."""
    folded = _fold_chars(text)
    if len(folded) == len(text):  # every character folded to one: offsets are the identity
        return folded, range(len(text))
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch.lower())
            offsets.append(i)
            continue
        for piece in _fold_char(ch):
            out.append(piece)
            offsets.append(i)
    return "".join(out), offsets
