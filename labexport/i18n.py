"""Numbers, labels and sentences in English and Vietnamese.

Numbers go through Babel, so ``format_number(85781, "vi")`` is ``"85.781"`` and
``format_pct(65.9, "vi")`` is ``"65,9%"``.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal

from labexport.params import check_lang

_LOCALES = {"en": "en_US", "vi": "vi_VN"}


def format_number(value: float | None, lang: str = "en", *, digits: int = 0) -> str:
    """Format a count with the language's grouping (``85,781`` / ``85.781``); ``–`` if missing.

    >>> format_number(85781, "vi")
    '85.781'
    >>> format_number(8843.8, "en", digits=1)
    '8,843.8'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=pattern,
                          locale=_LOCALES[check_lang(lang)])


def format_pct(value: float | None, lang: str = "en", *, digits: int = 1) -> str:
    """Format a percentage given in percent (``65.9%`` / ``65,9%``); ``–`` if missing.

    >>> format_pct(65.985, "vi")
    '66,0%'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(value, lang, digits=digits) + "%"


def format_period(year: int, month: int, lang: str = "en") -> str:
    """Name a month: ``July 2025`` / ``tháng 7/2025``.

    >>> format_period(2025, 7, "vi")
    'tháng 7/2025'
    """
    if check_lang(lang) == "vi":
        return f"tháng {month}/{year}"
    return f"{_MONTHS_EN[month - 1]} {year}"


def format_ytd(year: int, month: int, lang: str = "en") -> str:
    """Name January to ``month``: ``January–July 2025`` / ``7 tháng đầu năm 2025``.

    >>> format_ytd(2025, 7)
    'January–July 2025'
    """
    if check_lang(lang) == "vi":
        return f"tháng 1/{year}" if month == 1 else f"{month} tháng đầu năm {year}"
    if month == 1:
        return f"January {year}"
    return f"January–{_MONTHS_EN[month - 1]} {year}"


_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
