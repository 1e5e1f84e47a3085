"""The reader's steps, each on the shapes it reads (see labexport/read/)."""

import ast
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labexport.read import read_text
from labexport.read.normalize import normalize
from labexport.read.periods import CASED_GATE, LOWER_GATE, RULES, find_cues
from labexport.read.segment import split_segments

READ = Path(__file__).parent.parent / "labexport" / "read"


def facts(text):
    return sorted((f.scope, f.year, f.month_from, f.month_to, f.measure, f.market, f.sex,
                   f.value, f.qualifier) for f in read_text(text).facts)


# -- the plain sentences a reader must get right ----------------------------------------


def test_a_comparison_with_last_year_keeps_both_years():
    text = "In July 2025, 11,090 workers went abroad, up from the same month last year (4,463)."
    assert facts(text) == [("national", 2024, 7, 7, "departures", "ALL", "total", 4463.0, "exact"),
                           ("national", 2025, 7, 7, "departures", "ALL", "total", 11090.0, "exact")]


def test_so_far_this_year_with_two_spaces_runs_to_the_page_month():
    text = ("Hanoi, August 5, 2025\nIn July alone 11,090 left. "
            "So  far this year, 85,781 workers have gone abroad.")
    assert ("national", 2025, 1, 7, "departures", "ALL", "total", 85781.0, "exact") in facts(text)


def test_as_of_a_month_gives_total_female_attainment_and_plan():
    text = ("As of July 2025, 85,781 workers had gone abroad, 28,991 of them women, reaching "
            "65.9% of the 130,000 plan.")
    assert facts(text) == [
        ("national", 2025, 1, 7, "attainment_pct", "ALL", "total", 65.9, "exact"),
        ("national", 2025, 1, 7, "departures", "ALL", "female", 28991.0, "exact"),
        ("national", 2025, 1, 7, "departures", "ALL", "total", 85781.0, "exact"),
        ("national", 2025, 1, 12, "target", "ALL", "total", 130000.0, "exact"),
    ]


def test_a_dateline_lede_and_the_figure_was():
    text = ("Hanoi, August 5, 2025 - Vietnam sent 85,781 workers abroad in the January-July "
            "period, of whom 28,991 were women. In July alone the figure was 11,090.")
    assert facts(text) == [
        ("national", 2025, 1, 7, "departures", "ALL", "female", 28991.0, "exact"),
        ("national", 2025, 1, 7, "departures", "ALL", "total", 85781.0, "exact"),
        ("national", 2025, 7, 7, "departures", "ALL", "total", 11090.0, "exact"),
    ]


@pytest.mark.parametrize(("text", "code"), [("Năm 2017, UAE: 45 lao động nam.", "AE"),
                                            ("In 2019, Singapore 713 male workers went.", "SG")])
def test_a_male_only_market_has_its_total(text, code):
    rows = facts(text)
    assert {(r[5], r[6]) for r in rows} == {(code, "male"), (code, "total")}
    assert len({r[7] for r in rows}) == 1


# -- numbers whole or not at all --------------------------------------------------------


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f", "\u2009"])
def test_a_space_as_thousands_separator_keeps_the_number_whole(space):
    text = f"In the first 5 months of 2025, 61{space}631 workers went abroad."
    assert facts(text) == [("national", 2025, 1, 5, "departures", "ALL", "total", 61631.0, "exact")]


def test_zero_width_characters_change_nothing():
    plain = "In 2024, Japan received 71,156 workers."
    assert facts(plain.replace("71,156", "71,\u200b156")) == facts(plain)
    assert facts(plain.replace("Japan", "Ja\u200bpan")) == facts(plain)
    assert facts(plain)[0][5] == "JP"


def test_a_name_the_registry_does_not_know_never_becomes_the_national_figure():
    rows = facts("Năm 2020, các thị trường: Narnia 500 lao động, Nhật Bản 200 lao động.")
    assert rows == [("national", 2020, 1, 12, "departures", "JP", "total", 200.0, "exact")]


# -- real-page shapes -------------------------------------------------------------------


def test_a_year_named_to_compare_moves_no_figure():
    text = ("Năm 2016, cả nước đưa 126.296 lao động đi làm việc ở nước ngoài, tăng 9% so với năm "
            "2015. Trong đó Đài Loan 68.244 lao động, Nhật Bản 39.938 lao động.")
    assert {r[1] for r in facts(text)} == {2016}


def test_a_province_named_only_in_the_headline_is_the_scope_of_every_figure():
    text = ("Thai Binh sends more workers abroad\n"
            "In the first 7 months of 2025, the province sent 6,000 workers abroad.")
    assert facts(text) == [("Thái Bình", 2025, 1, 7, "departures", "ALL", "total", 6000.0, "exact")]


def test_an_excess_over_the_plan_is_a_derived_attainment():
    text = "Năm 2016, cả nước đưa 126.289 lao động, vượt 26,29% so với kế hoạch."
    row = ("national", 2016, 1, 12, "attainment_pct", "ALL", "total", 126.29, "derived")
    assert row in facts(text)


def test_ratios_shares_and_salaries_are_not_figures():
    reading = read_text("Trong năm 2019, Nhật Bản 80.002 lao động (chiếm 54,28%), bằng 103,2% "
                        "so với năm 2018, gấp 2,5 lần; lương 1.200 USD/tháng.")
    reasons = {n.raw: n.reason for n in reading.numbers}
    assert reasons["54,28"] == "share"
    assert reasons["2,5"] == "ratio"
    assert reasons["103,2"] == "ratio_last_year"
    assert reasons["1.200"] == "money"
    assert [f.value for f in reading.facts] == [80002.0]


def test_read_more_boxes_and_comments_are_not_read():
    text = ("Labour export in May 2025\nIn May 2025, 12,000 workers left.\n"
            "Read more: 15,000 workers left in April\nComments (1)\n20,000 workers went, I think.")
    assert [f.value for f in read_text(text).facts] == [12000.0]


# -- the steps themselves ---------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_period_rule_reads_its_example(rule):
    text = rule.example if rule.cased else rule.example.lower()
    match = rule.pattern.search(text)
    assert match is not None
    assert rule.make(match) is not None
    cues = find_cues(rule.example)  # and no earlier rule takes the example from it
    assert len(cues) == 1
    assert cues[0].end - cues[0].start >= len(rule.example) - 4


def test_segments_label_a_news_page():
    page = ("Thứ Ba, 05/08/2025 14:32\nHơn 85.000 lao động xuất cảnh\nCả nước đưa 85.781 lao "
            "động. Nhật Bản dẫn đầu.\nẢnh minh họa: lao động tại sân bay\nXem thêm: tin khác")
    roles = [(s.role, s.text) for s in split_segments(page)]
    assert [r for r, _ in roles] == ["dateline", "headline", "body", "body", "caption", "skipped"]


@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.\u00a0\u2009\u200bNhậtJapan%")),
               max_size=60))
def test_normalize_is_stable_and_nfc(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert "\u200b" not in once
    assert "\u00a0" not in once


def _long_functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > 60:
                yield f"{path.name}:{node.name} is {length} lines"


def test_no_function_of_the_reader_is_longer_than_60_lines():
    assert [msg for path in sorted(READ.glob("*.py")) for msg in _long_functions(path)] == []


# -- the prefilter never hides a match ----------------------------------------------------

_PIECES = [r.example for r in RULES] + [
    "In", "the", "July", "tháng", "7", "2025", "năm", "of", "first", "months", "so với", "cùng",
    " ", ", ", "(", ")", "kỳ", "last year", "quý", "I", "Q", "3", "đến hết", "nay", "đầu", "-",
    "as of", "end", "September", "previous", "month", "half", "h1", "since", "2015", "trước",
]


def _gated_out(text):
    low = text.lower()
    present = {False: LOWER_GATE.present(low), True: CASED_GATE.present(text)}
    return [r.name for r in RULES if r.pattern.search(text if r.cased else low)
            and not r.may_match(present[r.cased])]


@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_needed_words_never_hide_a_match(text):
    assert _gated_out(text) == []


def test_the_needed_words_never_hide_a_match_in_the_corpus():
    texts = [p.read_text(encoding="utf-8", errors="replace")
             for p in (Path(__file__).parent / "fixtures" / "bulletins").glob("*.txt")]
    hidden = [(line, _gated_out(line)) for text in texts for line in text.splitlines()
              if _gated_out(line)]
    assert hidden == []


def test_the_province_and_markup_prefilters_hold_for_their_patterns():
    from labexport.core.text import fold
    from labexport.read.place_names import _pattern, _province_words
    from labexport.read.reader import _MARKUP, _MARKUP_WORDS

    for text in ["tinh nghe an", "thanh hoa province", "tp. ho chi minh", "da nang city"]:
        if _pattern().search(fold(text)):
            assert any(w in fold(text) for w in _province_words())
    for text in ["<b>x</b>", "&amp;", "see https://x.vn/a", "{{7*7}}", "${x}", "www.a.b"]:
        assert _MARKUP.search(text)
        assert any(w in text for w in _MARKUP_WORDS)


# -- the look-ahead that opens a pattern never changes its matches --------------------------

_LED = re.compile(r"^\(\?=\[(?:\\.|[^\]\\])*\]\)")


def _led_patterns():
    """Every pattern the reader opens with a look-ahead (:func:`prefilter.led`)."""
    from labexport.read import dates, figures, normalize, segment, words
    from labexport.read.market_names import _exact_pattern, _folded_pattern
    from labexport.read.place_names import _bare_pattern

    found = [r.pattern for r in RULES] + list(dates._DATES) + [
        figures._NUMBER, normalize._SPACED_THOUSANDS, segment._SENTENCE_END,
        _exact_pattern(), _folded_pattern(), _bare_pattern()]
    found += [v for v in vars(words).values() if isinstance(v, re.Pattern)]
    return [p for p in found if _LED.match(p.pattern)]


def _spans(pattern, text):
    return [m.span() for m in pattern.finditer(text)]


def _led_differences(texts):
    from labexport.core.text import fold

    pairs = [(p, re.compile(_LED.sub("", p.pattern), p.flags)) for p in _led_patterns()]
    return [(bare.pattern[:40], text[:60]) for text in texts
            for variant in {text, text.lower(), fold(text)} for led, bare in pairs
            if _spans(led, variant) != _spans(bare, variant)]


def test_most_patterns_of_the_reader_are_led():
    assert len(_led_patterns()) >= 40


def test_the_look_ahead_never_changes_a_match_in_the_corpus():
    texts = [line for p in (Path(__file__).parent / "fixtures" / "bulletins").glob("*.txt")
             for line in p.read_text(encoding="utf-8", errors="replace").splitlines()]
    assert _led_differences(texts) == []


@given(st.lists(st.sampled_from([*_PIECES, "x", "'", ".", "/", "\xa0", "61 631", "ngày 5/8"]),
                max_size=12).map("".join))
def test_the_look_ahead_never_changes_a_match(text):
    assert _led_differences([text]) == []


@pytest.mark.parametrize(("pattern", "chars"), [
    (r"(?<!\w)(?:tháng|quý)\s+\d", "qt"), (r"(?<![\d.])\d+", r"\d"),
    (r"(?:giai\s+đoạn\s+)?20\d\d", "2g"), (r"[-\]^a-c]x", r"\-\]\^abc"),
    (r"(?:the\s+)?\w+", None), (r"(?i:july)", None), (r"x?", None), (r"[^a]", None),
])
def test_first_chars_are_read_from_the_pattern(pattern, chars):
    from labexport.read.prefilter import first_chars

    assert first_chars(pattern) == chars
