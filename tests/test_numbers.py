import pytest
from babel.numbers import NumberFormatError, parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from labexport.read.numbers import MULTIPLIERS, decimal_mark, find_qualifier, parse_number


@pytest.mark.parametrize(
    ("raw", "kwargs", "value"),
    [
        ("85.781", {}, 85781),
        ("85,781", {}, 85781),
        ("130.000", {}, 130000),
        ("65,9", {"percent": True}, 65.9),
        ("65.9", {"percent": True}, 65.9),
        ("41.039", {}, 41039),  # Vietnamese dot leaking into English
        ("14,800", {}, 14800),  # English comma leaking into Vietnamese
        ("54.13", {"percent": True}, 54.13),
        ("158,64", {"percent": True}, 158.64),
        ("05", {}, 5),
        ("01", {}, 1),
        ("1.9", {}, 1.9),
        ("29.5", {"multiplier": "thousand"}, 29500),
        ("36", {"multiplier": "nghìn"}, 36000),
        ("132", {"multiplier": "ngàn"}, 132000),
        ("1,234,567", {}, 1234567),
        ("1.234,5", {}, 1234.5),
    ],
)
def test_parse_number(raw, kwargs, value):
    assert parse_number(raw, **kwargs) == pytest.approx(value)


def test_malformed_number_is_refused():
    with pytest.raises(ValueError, match="not a number"):
        parse_number("1.2.3")


@pytest.mark.parametrize(
    ("before", "qualifier"),
    [
        ("sent nearly ", "nearly"),
        ("gần ", "nearly"),
        ("xấp xỉ ", "nearly"),
        ("more than ", "over"),
        ("hơn ", "over"),
        ("trên ", "over"),
        ("Over ", "over"),
        ("about ", "approx"),
        ("khoảng ", "approx"),
        ("Around ", "approx"),
        ("some ", "approx"),
        ("the total was ", "exact"),
        ("ở nước ngoài là ", "exact"),
    ],
)
def test_qualifier_belongs_to_the_following_figure(before, qualifier):
    assert find_qualifier(before) == qualifier


@settings(max_examples=400, deadline=None)
@given(
    raw=st.from_regex(r"[0-9]{1,4}(?:[.,][0-9]{1,4}){0,3}", fullmatch=True),
    percent=st.booleans(),
    multiplier=st.sampled_from([None, "thousand", "nghìn"]),
)
def test_direct_reading_agrees_with_babel(raw, percent, multiplier):
    # parse_number reads the common shapes itself, for speed; Babel, given the
    # decimal mark that parse_number chose, must read the same value.
    try:
        mark = decimal_mark(raw, percent=percent, multiplier=multiplier)
    except ValueError:
        with pytest.raises(ValueError, match=r"^not a number: "):
            parse_number(raw, percent=percent, multiplier=multiplier)
        return
    factor = MULTIPLIERS.get(multiplier or "", 1)
    try:
        expected = float(parse_decimal(raw, locale="en" if mark == "." else "vi", strict=False)
                         * factor)
    except NumberFormatError:
        with pytest.raises(ValueError, match=r"^not a number: "):
            parse_number(raw, percent=percent, multiplier=multiplier)
        return
    assert parse_number(raw, percent=percent, multiplier=multiplier) == expected
