"""Mutations of real-style bulletins, for the fuzz test and ``benchmarks/fuzz_reader.py``.

Each mutation takes the text and a ``random.Random`` and returns a new text:
characters deleted, inserted or swapped, spans duplicated, and the digits and
separators of a number shuffled.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from labexport.read.textio import read_bulletin

FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Characters worth inserting: digits, separators, Vietnamese letters, brackets, odd spaces.
ALPHABET = ("0123456789.,;:%()[]-–—/ \n\t'\"$€₫ạảấầẩẫậắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự"
            "ThángnămlaođộngnữJapanTaiwanKorea\u00a0\u202f\u200b\ufeff\u0301\u0323<>&#*_`")
_NUMBER = re.compile(r"\d[\d.,\s]*\d")


def corpus() -> list[str]:
    """The fixture bulletins (and the hostile one), decoded."""
    paths = [*sorted((FIXTURES / "bulletins").glob("*.txt")),
             FIXTURES / "hostile" / "hostile_2025_07.txt"]
    return [read_bulletin(p) for p in paths]


def delete(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + text[i + rng.randint(1, 12):]


def insert(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text) + 1)
    return text[:i] + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 8))) + text[i:]


def swap(text: str, rng: random.Random) -> str:
    if len(text) < 2:
        return text
    i = rng.randrange(len(text) - 1)
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]


def duplicate(text: str, rng: random.Random) -> str:
    i = rng.randrange(len(text) + 1)
    j = min(len(text), i + rng.randint(1, 400))
    return text[:j] + text[i:j] * rng.randint(1, 4) + text[j:]


def shuffle_number(text: str, rng: random.Random) -> str:
    numbers = list(_NUMBER.finditer(text))
    if not numbers:
        return insert(text, rng)
    m = rng.choice(numbers)
    chars = list(m.group(0)) + [rng.choice(".,") for _ in range(rng.randint(0, 3))]
    rng.shuffle(chars)
    return text[:m.start()] + "".join(chars) + text[m.end():]


MUTATIONS = [delete, insert, swap, duplicate, shuffle_number]


def mutate(text: str, rng: random.Random, steps: int) -> str:
    """Apply ``steps`` random mutations to ``text``."""
    for _ in range(steps):
        text = rng.choice(MUTATIONS)(text, rng)
    return text
