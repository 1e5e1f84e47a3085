"""The fast matching helpers give exactly what the plain ``re`` calls they replace give."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from labexport.matching import (
    Gated,
    capitals_by_text,
    compile_lower,
    finditer_at,
    finditer_before,
    lower,
    matches_at,
    trie_pattern,
    words_by_text,
)

# Texts drawn from the letters, spaces and marks that matter here, Vietnamese and odd
# characters included ("İ" lower-cases to two characters, "Đ" to one).
ALPHABET = "abcdehilmnostuyáăđếộ ĐNTHİ-,.()\n\t0123456789"
texts = st.text(alphabet=ALPHABET, max_size=120)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_lower_keeps_the_length_and_matches_like_ignorecase(text):
    low = lower(text)
    assert len(low) == len(text)
    for source in (r"tháng\s+\d+", r"\bnam\b(?!\s+định)", r"(?:Đ|d)ồ?ng|hà\s+nội",
                   r"[^;.]{0,5}?\bin\b"):
        ours = [m.span() for m in compile_lower(source).finditer(low)]
        theirs = [m.span() for m in re.compile(source, re.IGNORECASE).finditer(text)]
        assert ours == theirs


def test_compile_lower_keeps_escapes_and_group_names():
    pattern = compile_lower(r"(?P<Month>THÁNG)\S\W\D\B")
    assert pattern.pattern == r"(?P<Month>tháng)\S\W\D\B"
    assert pattern.groupindex == {"Month": 1}


WORDS = ["nam", "nam hàn", "hàn quốc", "hà nội", "hà", "an", "an giang", "ba lan", "ba", "lan"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, unique=True),
       st.text(alphabet="namhàquốcnộigiblt  ", max_size=60))
def test_trie_matches_what_the_longest_first_alternation_matches(words, text):
    plain = re.compile(r"(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+")
                                         for w in sorted(words, key=len, reverse=True))
                       + r")(?!\w)")
    trie = re.compile(trie_pattern(words) + r"(?!\w)")
    for pos in range(len(text) + 1):
        a, b = plain.match(text, pos), trie.match(text, pos)
        assert (a and a.group(0)) == (b and b.group(0))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_finditer_at_finds_what_finditer_finds(text):
    pattern = re.compile(r"(?:the\s+|nam\s+)(?:\w+)")  # every match starts with an anchor
    ours = [m.span() for m in finditer_at(pattern, text, ("the", "nam"))]
    assert ours == [m.span() for m in pattern.finditer(text)]
    assert matches_at(pattern, text, ("the", "nam")) == (pattern.search(text) is not None)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="7 12seven-monthsáy tháng,", max_size=80))
def test_finditer_before_finds_what_finditer_finds(text):
    pattern = re.compile(r"(?:\d{1,2}|seven|bảy)(?:[-\s]month|\s+months|\s+tháng)")
    ours = [m.span() for m in finditer_before(pattern, text, ("month", "tháng"), 5)]
    assert ours == [m.span() for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=6))
def test_words_by_text_is_the_word_in_text_test(sentences):
    groups = {"month": ("tháng", "month"), "digit": tuple("0123456789"), "nam": ("nam", "hà nội")}
    expected = [frozenset(name for name, words in groups.items() if any(w in s for w in words))
                for s in sentences]
    assert words_by_text(sentences, groups) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="JanulQ13 Dec.x", max_size=40), max_size=6))
def test_capitals_by_text_is_the_word_in_text_test(sentences):
    groups = {"month_en": ("Jan", "Jun", "Jul", "Dec"), "q": ("Q1", "Q3")}
    expected = [frozenset(name for name, words in groups.items() if any(w in s for w in words))
                for s in sentences]
    assert capitals_by_text(sentences, groups) == expected


@settings(max_examples=300, deadline=None)
@given(texts)
def test_gated_pattern_finds_what_the_pattern_finds(text):
    pattern = compile_lower(r"\b(?:kế\s+hoạch|plans?|targets?)\b")
    gated = Gated(pattern, ("kế", "plan", "target"))
    low = lower(text + " plan")[: len(text) + (len(text) % 6)]  # sometimes with a word
    ours, theirs = gated.search(low), pattern.search(low)
    assert (ours and ours.span()) == (theirs and theirs.span())
