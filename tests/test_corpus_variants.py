"""The variant generator of ``tests/corpus.py``: its variants keep every expected figure.

All but the last test check the generator, not the reader. The last one runs the
reader on five variants of each fixture and holds it to the corpus's bar.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest
from corpus import (
    FIELDS,
    MARKET_NAMES,
    NOISE,
    TRANSFORMS,
    Fixture,
    load_corpus,
    make_variant,
    numbers_in,
    parse_variant_name,
    sample_variants,
    swap_decimal_mark,
    swap_thousands_mark,
    variants,
)

from labexport.core.markets import to_code
from labexport.core.text import fold
from labexport.read.bulletin import parse_text
from labexport.read.market_names import find_markets
from labexport.read.numbers import parse_number
from labexport.read.place_names import find_provinces

HERE = Path(__file__).parent / "fixtures" / "bulletins"
CORPUS = load_corpus(HERE)
SEEDS = (0, 1, 2)
SEPARATORS = {
    "thousands_space": " ",
    "thousands_nbsp": "\u00a0",
    "thousands_narrow_nbsp": "\u202f",
    "thousands_thin_space": "\u2009",
}
_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
_PERCENT_AFTER = re.compile(r"\s*(?:%|phần\s+trăm|percent|per\s+cent)", re.IGNORECASE)
_GROUP_SPACE = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009](?=\d{3}(?!\d))")


def all_variants(transform: str) -> list[tuple[Fixture, object]]:
    pairs = []
    for fixture in CORPUS:
        for seed in SEEDS:
            variant = make_variant(fixture, transform, seed)
            if variant is not None:
                pairs.append((fixture, variant))
    return pairs


def canonical(text: str) -> str:
    """The text with what the transforms add to spacing and encoding taken out again."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\u200b", "")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"(?<!\d) {2,}| {2,}(?!\d)", " ", text)  # spaces between digits stay
    text = re.sub(r" (?=%)", "", text)
    return _GROUP_SPACE.sub("", text)


def values(text: str) -> list[float | str]:
    """Every number of the text, in order, read as the reader would read its digits."""
    out: list[float | str] = []
    for match in _NUMBER.finditer(text):
        percent = bool(_PERCENT_AFTER.match(text, match.end()))
        try:
            out.append(parse_number(match.group(0), percent=percent))
        except ValueError:
            out.append(match.group(0))
    return out


def split_noise(original: str, text: str) -> tuple[list[str], list[str]]:
    """The variant's lines that the original has (blank ones dropped), and the others."""
    known = set(original.split("\n"))
    lines = text.split("\n")
    kept = [line for line in lines if line in known and line.strip()]
    return kept, [line for line in lines if line not in known]


def expected_values(fixture: Fixture) -> set[float]:
    return {row[FIELDS.index("value")] for row in fixture.expected}


# -- the corpus ------------------------------------------------------------------------------


def test_corpus_reads_every_fixture_with_its_rows():
    names = sorted(p.name for p in HERE.glob("*.txt"))
    assert [f.name for f in CORPUS] == names
    assert sum(len(f.expected) for f in CORPUS) >= 200
    for fixture in CORPUS:
        assert fixture.lang in ("en", "vi")
        assert unicodedata.is_normalized("NFC", fixture.text)
        assert isinstance(fixture.shapes, frozenset)
        for row in fixture.expected:
            assert len(row) == len(FIELDS)
            assert isinstance(row[1], int)
            assert isinstance(row[7], float)


def test_every_transform_applies_somewhere_and_has_a_docstring():
    for name, transform in TRANSFORMS.items():
        assert transform.__doc__, name
        assert all_variants(name), f"{name} never applies"


def test_variants_keep_expected_rows_and_add_their_tag():
    for fixture in CORPUS:
        for variant in variants(fixture, seed=0):
            assert variant.expected == fixture.expected
            assert variant.shapes == fixture.shapes | {variant.transform}
            assert variant.text != fixture.text
            assert parse_variant_name(variant.name) == (fixture.name, variant.transform, 0)


def test_variants_are_deterministic_for_a_seed():
    for fixture in CORPUS:
        assert variants(fixture, seed=7) == variants(fixture, seed=7)
        assert sample_variants(fixture, 20, seed=3) == sample_variants(fixture, 20, seed=3)
    texts = {seed: [v.text for f in CORPUS for v in variants(f, seed=seed)] for seed in (1, 2)}
    assert texts[1] != texts[2]


def test_a_sample_has_distinct_variants():
    for fixture in CORPUS:
        sample = sample_variants(fixture, 20, seed=1)
        assert len(sample) >= 10
        assert len({v.text for v in sample}) == len(sample)


# -- numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("transform", sorted(set(TRANSFORMS) - NOISE))
def test_transform_keeps_every_number_value(transform):
    for fixture, variant in all_variants(transform):
        assert values(canonical(variant.text)) == values(canonical(fixture.text)), variant.name


@pytest.mark.parametrize("transform", sorted(SEPARATORS))
def test_thousands_are_grouped_with_the_separator(transform):
    sep = SEPARATORS[transform]
    for _fixture, variant in all_variants(transform):
        assert re.search(rf"\d{re.escape(sep)}\d{{3}}(?!\d)", variant.text), variant.name


def test_number_rewrites_leave_dates_years_and_decimals_alone():
    rng = random.Random(0)
    assert swap_thousands_mark("Ngày 10.12.2019, năm 2019: 1.500 nghìn, 91.111%", "vi", rng) is None
    assert swap_thousands_mark("Hà Nội, 19/10/2023 08:15, gấp 1.550 lần", "vi", rng) is None
    assert swap_decimal_mark("đạt 91.111% kế hoạch, 1.55 times", "vi", rng) is None
    assert swap_thousands_mark("có 1.234 lao động", "vi", rng) == "có 1,234 lao động"
    assert swap_decimal_mark("đạt 18,56 % kế hoạch", "vi", rng) == "đạt 18.56 % kế hoạch"


def test_zero_width_space_lands_inside_digits_or_names():
    for _fixture, variant in all_variants("zero_width_in_number"):
        assert re.search(r"\d\u200b\d", variant.text), variant.name
    for _fixture, variant in all_variants("zero_width_in_market"):
        assert re.search(r"\w\u200b\w", variant.text), variant.name


# -- unicode and market names ---------------------------------------------------------------------


def test_nfd_variant_normalises_back_to_the_fixture():
    for fixture, variant in all_variants("nfd"):
        assert variant.text == unicodedata.normalize("NFD", fixture.text)
        assert unicodedata.normalize("NFC", variant.text) == fixture.text


def test_market_names_of_the_table_are_aliases_of_their_code():
    for table in MARKET_NAMES.values():
        for code, names in table.items():
            assert len(names) >= 2
            for name in names:
                assert to_code(name.removeprefix("the ")) == code, name


def test_market_swaps_use_aliases_of_the_same_market():
    swapped = 0
    for fixture, variant in all_variants("market_alias"):
        before, after = find_markets(fixture.text), find_markets(variant.text)
        assert [c for *_, c in before] == [c for *_, c in after], variant.name
        for (s0, e0, code), (s1, e1, _) in zip(before, after, strict=True):
            old, new = fixture.text[s0:e0], variant.text[s1:e1]
            assert to_code(old) == to_code(new) == code
            swapped += old != new
        assert canonical(variant.text) != canonical(fixture.text)
    assert swapped >= len(CORPUS)


# -- layout noise ----------------------------------------------------------------------------------


@pytest.mark.parametrize("transform", sorted(NOISE))
def test_noise_lines_carry_no_expected_figure(transform):
    for fixture, variant in all_variants(transform):
        kept, noise = split_noise(fixture.text, variant.text)
        assert kept == [line for line in fixture.text.split("\n") if line.strip()]
        assert [line for line in noise if line.strip()], variant.name
        forbidden = expected_values(fixture) | numbers_in(fixture.text)
        for line in noise:
            numbers = values(line)
            if transform == "comments_block" and re.match(r"(Comments|Bình luận) \(\d\)$", line):
                assert numbers == [len(noise) - 1]
                continue
            assert not forbidden & set(numbers), (variant.name, line)
            if transform in ("photo_caption", "byline"):
                assert not numbers, (variant.name, line)
                assert not find_markets(line), (variant.name, line)
            assert not find_provinces(fold(line)), (variant.name, line)


def test_noise_lines_stand_between_paragraphs():
    for transform in ("photo_caption", "byline", "read_more_box"):
        for fixture, variant in all_variants(transform):
            lines = variant.text.split("\n")
            _kept, noise = split_noise(fixture.text, variant.text)
            at = lines.index(noise[0])
            assert at >= 2
            assert lines[at - 1] != noise[0]
            assert not lines[at - 1].strip() or lines[at - 1] in fixture.text.split("\n")


# -- the reader ------------------------------------------------------------------------------------


def test_reader_keeps_recall_and_precision_on_variants():
    hits = wanted = found = 0
    for fixture in CORPUS:
        for variant in sample_variants(fixture, 5, seed=0):
            got = {(f.scope, f.year, f.month_from, f.month_to, f.measure, f.market, f.sex,
                    float(f.value), f.qualifier)
                   for f in parse_text(variant.text, source=variant.name)}
            hits += len(got & variant.expected)
            wanted += len(variant.expected)
            found += len(got)
    assert hits / wanted >= 0.95, f"recall {hits / wanted:.3f}"
    assert hits / max(found, 1) >= 0.98, f"precision {hits / max(found, 1):.3f}"
