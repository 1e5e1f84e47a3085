"""Fuzzing the reader with mutated bulletins: the documented error or figures, nothing else.

The long run (10,000 inputs, with timings) is ``benchmarks/fuzz_reader.py``.
"""

import math
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import corpus, mutate

from labexport.core.errors import BulletinError
from labexport.core.fact import MEASURES, QUALIFIERS, SEXES
from labexport.read.bulletin import parse_text
from labexport.read.textio import decode_bytes

TEXTS = corpus()


def _check_refusal(exc: BulletinError, *, named: bool = True) -> None:
    """A refusal is one line, naming the source when there is one."""
    assert "\n" not in str(exc)
    if named:
        assert str(exc).startswith("fuzz: ")


def _check(text: str) -> None:
    try:
        facts = parse_text(text, source="fuzz")
    except BulletinError as exc:
        _check_refusal(exc)
        return
    for f in facts:  # whatever is read is a well-formed figure
        assert f.measure in MEASURES
        assert f.sex in SEXES
        assert f.qualifier in QUALIFIERS
        assert 1 <= f.month_from <= f.month_to <= 12
        assert math.isfinite(f.value)
        assert f.value >= 0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(TEXTS) - 1), st.integers(0, 2**32 - 1), st.integers(1, 25))
def test_mutated_bulletins_never_crash_the_reader(which, seed, steps):
    _check(mutate(TEXTS[which], random.Random(seed), steps))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_are_read_or_refused(data):
    try:
        text = decode_bytes(data, name="fuzz")
    except BulletinError as exc:
        _check_refusal(exc, named=False)
        return
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_random_text_never_crashes_the_reader(text):
    _check(text)
