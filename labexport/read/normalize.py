"""Step 1 of reading: clean the text the way a careful person retypes it.

Real pages arrive with layout damage: zero-width characters inside numbers and
names, no-break and thin spaces used as thousands separators, full-width or
other-script digits, words glued by the page's layout ("10,020labourers",
"năm 2020Theo", "lao độngNhật Bản") and runs of spaces. :func:`normalize` repairs
these without moving a figure: the result is what the rest of the reader reads
and what the review page shows.

Examples
--------
>>> normalize("61\u202f631 lao\u200b động")
'61,631 lao động'
>>> normalize("sent 10,020labourers in 2020Theo")
'sent 10,020 labourers in 2020 Theo'
>>> normalize("lao độngNhật Bản  ２０２５")
'lao động Nhật Bản 2025'
"""

from __future__ import annotations

import re
import unicodedata

from labexport.read.prefilter import led

#: Characters that take no room: dropped wherever they are.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_ZERO_WIDTH_RE = re.compile("[" + "".join(map(chr, _ZERO_WIDTH)) + "]")
#: Space characters other than the plain space and the line break.
_SPACES = re.compile(r"[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
#: A digit group, a space-like separator, then exactly three digits: one number.
#: (:func:`~labexport.read.prefilter.led` opens a pattern that starts with a
#: look-behind with a look-ahead for its first characters, so that the engine
#: scans for them instead of trying the look-behind at every position.)
_SPACED_THOUSANDS = re.compile(
    led(r"(?<![\d.,])(\d{1,3})(?:[ \u00a0\u2009\u202f](\d{3}))+(?![\d])")
)
#: A number glued to the word after it ("10,020labourers", "2020Theo", "65,9%của").
_GLUED_NUMBER = re.compile(r"(\d%?)(?=[^\W\d_]{2,})")
#: Lower-case letters of Vietnamese, English and French, and their capitals.
_LOWER = "a-zàáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹçëïüöäœ"
_UPPER = "A-Z" + _LOWER[3:].upper()
#: A lower-case letter glued to a capitalised word ("độngNhật").
_GLUED_WORD = re.compile(f"(?=[{_UPPER}][{_LOWER}])(?<=[{_LOWER}])")
#: An upper-case run of three letters or more glued to digits ("NDO05", "VND35").
_GLUED_CODE = re.compile(r"\b([A-ZĐ]{3,})(?=\d)")
#: Words after which a number is a month, quarter or day, not a thousands group.
_PERIOD_WORD = re.compile(r"(?:tháng|quý|ngày|month|months|quarter|top|Q)\s*$", re.IGNORECASE)
_SPACE_RUN = re.compile(r" {2,}")


def drop_zero_width(text: str) -> str:
    """Remove zero-width characters and soft hyphens."""
    return text.translate(_ZERO_WIDTH) if _ZERO_WIDTH_RE.search(text) else text


#: Every decimal digit outside ASCII (full-width, Arabic-Indic, ...), as its ASCII digit.
_DIGITS = {cp: str(unicodedata.digit(chr(cp))) for cp in range(128, 0x110000)
           if chr(cp).isdecimal()}
_OTHER_DIGIT = re.compile(r"[^\x00-\x7f](?<=\d)")


def ascii_digits(text: str) -> str:
    """Write every decimal digit (full-width, Arabic-Indic, ...) as an ASCII digit.

    >>> ascii_digits("٧ tháng, ３ months")
    '7 tháng, 3 months'
    """
    if text.isascii() or _OTHER_DIGIT.search(text) is None:
        return text
    return text.translate(_DIGITS)


def join_spaced_thousands(text: str) -> str:
    """Write "61 631" (plain, no-break, narrow or thin space) as "61,631"."""

    def join(match: re.Match[str]) -> str:
        if " " in match.group(0) and _PERIOD_WORD.search(text, 0, match.start()):
            return match.group(0)  # "tháng 7 100 lao động": a month, then a count
        return ",".join(re.split(r"[ \u00a0\u2009\u202f]", match.group(0)))

    return _SPACED_THOUSANDS.sub(join, text)


def unglue(text: str) -> str:
    """Put a space where the page's layout glued a number or word to the next word."""
    text = _GLUED_NUMBER.sub(r"\1 ", text)
    text = _GLUED_WORD.sub(" ", text)
    return _GLUED_CODE.sub(r"\1 ", text)


def tidy_spaces(text: str) -> str:
    """Make every space a plain one, runs of spaces one space, and lines unpadded."""
    text = _SPACES.sub(" ", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return "\n".join(line.strip(" ") for line in text.split("\n")).strip()


def normalize(text: str) -> str:
    r"""Return the text as the reader reads it (NFC, one kind of space, digits whole).

    The steps run in this order: NFC; line ends as ``\\n``; zero-width characters
    dropped; digits in ASCII; spaces tidied; spaced thousands joined; glued words
    parted.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = tidy_spaces(ascii_digits(drop_zero_width(text)))
    return unglue(join_spaced_thousands(text))
