"""Numbers, qualifiers and month names as bulletins print them.

Bulletins mix number styles: Vietnamese ``85.781`` and ``65,9%``, English
``85,781`` and ``65.9%``, and leaks of either style into the other language
("41.039 females" in English, "54.13%" in Vietnamese). :func:`parse_number`
decides which mark groups thousands from the shape of the number itself and then
lets Babel read it with the matching locale.

Examples
--------
>>> parse_number("85.781")
85781.0
>>> parse_number("65,9", percent=True)
65.9
>>> parse_number("41.039")
41039.0
>>> parse_number("29.5", multiplier="thousand")
29500.0

A number with more than :data:`MAX_DIGITS` digits before its decimal mark is
beyond any count a bulletin or table states; :func:`parse_number` refuses it
rather than return a value that overflows (``inf``) in later sums.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from labexport.core.fact import Qualifier

#: Qualifier words, longest first, as they stand right before a figure.
QUALIFIERS: dict[str, Qualifier] = {
    "xấp xỉ": "nearly",
    "gần như": "nearly",
    "gần": "nearly",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "just under": "nearly",
    "more than": "over",
    "over": "over",
    "upwards of": "over",
    "in excess of": "over",
    "topped": "over",
    "tops": "over",
    "topping": "over",
    "hơn": "over",
    "trên": "over",
    "vượt": "over",
    "about": "approx",
    "around": "approx",
    "some": "approx",
    "roughly": "approx",
    "approximately": "approx",
    "an estimated": "approx",
    "estimated": "approx",
    "khoảng": "approx",
    "chừng": "approx",
    "ước": "approx",
    "ước tính": "approx",
    "ước đạt": "approx",
}

#: A qualifier word at the end of the text before a figure (matched on lower-cased text).
_QUALIFIER_RE = re.compile(
    r"(?:^|[\s(,:;])(?P<q>"
    + "|".join(re.escape(q).replace(r"\ ", r"\s+") for q in sorted(QUALIFIERS, key=len,
                                                                     reverse=True))
    + r")\s*$"
)

MULTIPLIERS: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "thousand": 1_000,
    "k": 1_000,
    "triệu": 1_000_000,
    "million": 1_000_000,
}

MONTHS_EN = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}

#: Vietnamese month words after "tháng" ("tháng Bảy", "tháng giêng").
MONTHS_VI = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}

#: Small numbers written as words ("first seven months", "bảy tháng đầu năm").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

#: The most digits before the decimal mark of a number that is read (under 10^12).
MAX_DIGITS = 12
#: What a number may be made of: digits, then digits and marks.
_SHAPE = re.compile(r"\d[\d.,]*")


def whole_digits(raw: str, *, percent: bool = False, multiplier: str | None = None) -> int:
    """How many digits stand before the decimal mark of a printed number.

    Examples
    --------
    >>> whole_digits("85.781"), whole_digits("65,9", percent=True), whole_digits("1,234.5")
    (5, 2, 4)
    """
    try:
        decimal = decimal_mark(raw, percent=percent, multiplier=multiplier)
    except ValueError:  # not a number's marks: every digit counts
        return sum(ch.isdigit() for ch in raw)
    whole = raw.rsplit(decimal, 1)[0] if decimal in raw else raw
    return sum(ch.isdigit() for ch in whole)


def beyond_any_count(raw: str, digits: int) -> str:
    """The words refusing a number of ``digits`` whole digits, ``raw`` shortened if long.

    >>> beyond_any_count("9" * 309, 309)
    'the number 999999999999…(309 digits) is beyond any plausible count'
    >>> beyond_any_count("1,234,567,890,123", 13)
    'the number 1,234,567,890,123 (13 digits) is beyond any plausible count'
    """
    shown = f"{raw[:12]}…" if len(raw) > 24 else f"{raw} "
    return f"the number {shown}({digits} digits) is beyond any plausible count"


def _short(raw: str) -> str:
    return f"{raw[:24]}…" if len(raw) > 40 else raw


def check_plausible(raw: str, *, percent: bool = False, multiplier: str | None = None) -> None:
    """Refuse a number with more than :data:`MAX_DIGITS` whole digits.

    Text that is not a number's digits and marks passes (:func:`parse_number`
    refuses it as not a number).

    Raises
    ------
    ValueError
        With the words of :func:`beyond_any_count`.
    """
    if len(raw) <= MAX_DIGITS:
        return  # the common case: too short to hold that many digits
    raw = raw.replace("\u00a0", "").replace(" ", "")
    if not _SHAPE.fullmatch(raw):
        return
    digits = len(raw) if raw.isdecimal() else whole_digits(raw, percent=percent,
                                                           multiplier=multiplier)
    if digits > MAX_DIGITS:
        raise ValueError(beyond_any_count(raw, digits))


def decimal_mark(raw: str, *, percent: bool = False, multiplier: str | None = None) -> str:
    """Return the mark (``"."`` or ``","``) that is the decimal mark of a printed number.

    The other mark, if any, groups thousands. See :func:`parse_number` for the rule.

    Examples
    --------
    >>> decimal_mark("85.781"), decimal_mark("65,9", percent=True), decimal_mark("1,234.5")
    (',', ',', '.')

    Raises
    ------
    ValueError
        If the marks cannot be those of a number ("1.2.34").
    """
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        # Both marks: the last one is the decimal mark.
        return "." if raw.rfind(".") > raw.rfind(",") else ","
    if dots or commas:
        mark = "." if dots else ","
        groups = raw.split(mark)
        grouped = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
        if len(groups) > 2 and not grouped:
            raise ValueError(f"not a number: {_short(raw)!r}")
        if grouped and (len(groups) > 2 or not (percent or multiplier)):
            return "," if mark == "." else "."  # the mark groups thousands
        return mark
    return "."


def parse_number(
    raw: str, *, percent: bool = False, multiplier: str | None = None
) -> float:
    """Read a number as printed in a bulletin, in either language's style.

    A mark followed by groups of exactly three digits groups thousands (in
    either language), unless the figure is a percentage or carries a word
    multiplier ("29.5 thousand", "1.55 times"), where it is a decimal mark.

    Parameters
    ----------
    raw : str
        The digits and separators, e.g. ``"85.781"``, ``"65,9"``, ``"05"``.
    percent : bool
        The number is followed by a percent sign or word.
    multiplier : str, optional
        A word multiplier that follows the number (``"nghìn"``, ``"thousand"``).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``raw`` is not a number, or has more than :data:`MAX_DIGITS` digits
        before its decimal mark (:func:`check_plausible`).
    """
    if raw.isdecimal():  # the commonest shape: no marks, no spaces
        check_plausible(raw)
        return float(int(raw) * MULTIPLIERS.get((multiplier or "").lower(), 1))
    raw = raw.strip()
    if "\u00a0" in raw or " " in raw:
        raw = raw.replace("\u00a0", "").replace(" ", "")
    if not _SHAPE.fullmatch(raw):
        raise ValueError(f"not a number: {_short(raw)!r}")
    decimal = decimal_mark(raw, percent=percent, multiplier=multiplier)
    check_plausible(raw, percent=percent, multiplier=multiplier)
    factor = MULTIPLIERS.get((multiplier or "").lower(), 1)
    group = "," if decimal == "." else "."
    if decimal not in raw:
        # No decimal mark: the grouping marks drop out and the digits are the integer.
        digits = raw.replace(group, "")
        if digits.isdigit():
            return float(int(digits) * factor)
    elif raw.count(decimal) == 1 and not raw.endswith(decimal):
        # One decimal mark between digits: what Babel would read, read directly.
        number = raw.replace(group, "").replace(decimal, ".")
        if number.replace(".", "", 1).isdigit():
            return float(Decimal(number) * factor)
    try:
        value: Decimal = parse_decimal(raw, locale="en" if decimal == "." else "vi", strict=False)
    except NumberFormatError as exc:  # pragma: no cover - guarded by the shape checks
        raise ValueError(f"not a number: {_short(raw)!r}") from exc
    return float(value * factor)


def find_qualifier(before: str) -> Qualifier:
    """Return the qualifier whose word ends the text right before a figure.

    Examples
    --------
    >>> find_qualifier("the country sent nearly ")
    'nearly'
    >>> find_qualifier("tổng số là ")
    'exact'
    """
    match = _QUALIFIER_RE.search(before[-40:].lower())
    if match is None:
        return "exact"
    return QUALIFIERS[" ".join(match.group("q").split())]


def month_number(word: str) -> int | None:
    """Return 1-12 for an English month name or abbreviation, a Vietnamese month word or digits."""
    word = word.strip().lower().rstrip(".")
    if word.isdigit():
        number = int(word)
        return number if 1 <= number <= 12 else None
    return MONTHS_EN.get(word) or MONTHS_VI.get(word)


def count_word(word: str) -> int | None:
    """Return the value of a small count written in digits or words ("7", "seven", "bảy")."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)
