"""The small pieces every report text is made of: numbers, qualifiers, markets, reasons.

The period summary (:class:`labexport.analysis.summary.PeriodSummary`) carries
numbers and reason codes only; this is where a reason gets its words
(:func:`reason`) and where the summary gets its JSON form with the English
reasons beside the codes (:func:`summary_record`).
"""

from __future__ import annotations

from typing import Any

from labexport.analysis.summary_types import Missing, PeriodSummary
from labexport.core.markets import display_name
from labexport.report.wording import format_number, format_pct, reason_text, text


def num(v: float | None, lang: str, digits: int = 0) -> str:
    """A count in ``lang`` (``–`` if missing)."""
    return format_number(v, lang, digits=digits)


def pct(v: float | None, lang: str, digits: int = 1) -> str:
    """A percentage (given in percent) in ``lang`` (``–`` if missing)."""
    return format_pct(v, lang, digits=digits)


def pct_as_printed(v: float | None, lang: str) -> str:
    """A stated percentage with the decimals the bulletin printed (up to 3), in ``lang``.

    >>> pct_as_printed(200.4, "en"), pct_as_printed(120.68, "vi"), pct_as_printed(125.0, "en")
    ('200.4%', '120,68%', '125%')
    """
    if v is None or v != v:  # NaN
        return format_pct(None, lang)
    from decimal import Decimal

    exponent = Decimal(repr(float(v))).normalize().as_tuple().exponent
    digits = min(max(-int(exponent), 0), 3) if isinstance(exponent, int) else 1
    return format_pct(v, lang, digits=digits)


_QUAL_WORDS = {"approx": ("about ", "khoảng "), "nearly": ("nearly ", "gần "),
               "over": ("more than ", "hơn ")}


def about(qualifier: str | None, lang: str) -> str:
    """The word a bulletin puts before a rounded figure ("nearly ", "hơn "), or nothing.

    >>> about("nearly", "vi"), about("exact", "en")
    ('gần ', '')
    """
    words = _QUAL_WORDS.get(qualifier or "exact")
    return "" if words is None else words[0 if lang == "en" else 1]


def market(code: str, lang: str) -> str:
    """A market's name in ``lang``; ``OTHER`` is "other markets"."""
    return text("other_markets", lang) if code == "OTHER" else display_name(code, lang=lang)


def reason(why: Missing, lang: str) -> str:
    """Say why a value is missing, from its reason code, in ``lang``.

    >>> reason(Missing("no_ytd", {"month": 9, "year": 2025}), "vi")
    'chưa công bố số lũy kế tháng 1-09/2025'
    """
    return reason_text(why.as_dict(), lang)


def summary_record(summary: PeriodSummary, lang: str = "en") -> dict[str, Any]:
    """The summary as a JSON-ready dict, each missing value with ``<key>_why`` and ``_reason``.

    ``<key>_why`` is the reason code and its values, ``<key>_reason`` the reason worded
    in ``lang``; this is what ``labexport indicators --json`` prints and the reports record.
    """
    out: dict[str, Any] = {}
    for key, value in summary.to_dict().items():
        out[key] = value
        if key.endswith("_why"):
            out[f"{key.removesuffix('_why')}_reason"] = reason_text(value, lang)
    return out
