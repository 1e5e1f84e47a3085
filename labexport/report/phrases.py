"""The small pieces every report text is made of: numbers, qualifiers, markets, reasons.

The period summary (:class:`labexport.analysis.summary.PeriodSummary`) carries
numbers and reason codes only; this is where a reason gets its words
(:func:`reason`) and where the summary gets its JSON form with the English
reasons beside the codes (:func:`summary_record`). A value computed from a rounded
figure is shown with ``≈`` before it (:func:`shown`).
"""

from __future__ import annotations

from typing import Any

from labexport.analysis.shares import COMPARABLE_MARKETS
from labexport.analysis.summary_types import Missing, PeriodSummary
from labexport.core.markets import display_name
from labexport.report.wording import (
    format_change,
    format_number,
    format_pct,
    format_ytd,
    mark_approximate,
    reason_text,
    text,
)


def num(v: float | None, lang: str, digits: int = 0) -> str:
    """A count in ``lang`` (``–`` if missing)."""
    return format_number(v, lang, digits=digits)


def pct(v: float | None, lang: str, digits: int = 1) -> str:
    """A percentage (given in percent) in ``lang`` (``–`` if missing)."""
    return format_pct(v, lang, digits=digits)


def approx_pct(v: float | None, lang: str, approximate: bool, digits: int = 1) -> str:
    """A percentage, marked ``≈`` when it is computed from a rounded figure.

    >>> approx_pct(33.8, "vi", True), approx_pct(33.8, "en", False)
    ('≈ 33,8%', '33.8%')
    """
    return mark_approximate(format_pct(v, lang, digits=digits), approximate)


def approx_num(v: float | None, lang: str, approximate: bool, digits: int = 0) -> str:
    """A count or index, marked ``≈`` when it is computed from a rounded figure."""
    return mark_approximate(format_number(v, lang, digits=digits), approximate)


#: How :func:`shown` formats the summary's scalar values: a signed change, a count
#: (with its decimals) or a percentage.
_SHOWN = {"yoy_ytd_change_pct": "change", "hhi": 0, "required_monthly_rate": 1}


def shown(summary: PeriodSummary, name: str, lang: str) -> str:
    """The summary's value ``name`` as a report shows it, ``≈`` first if it is approximate.

    ``yoy_ytd_change_pct`` is a signed change (``≈ -4.7%``, with a minus sign), ``hhi`` and
    ``required_monthly_rate`` counts, every other value a percentage.
    """
    value, rough = getattr(summary, name), summary.is_approximate(name)
    how = _SHOWN.get(name)
    if how == "change":
        return format_change(value, lang, approximate=rough)
    if isinstance(how, int):
        return approx_num(value, lang, rough, digits=how)
    return approx_pct(value, lang, rough)


def not_comparable(s: PeriodSummary, lang: str) -> str:
    """Why the year to date's concentration does not compare with other years' (a sentence).

    Starts with a space, to follow the sentence it qualifies.
    """
    year, month = (int(v) for v in s.period.split("-"))
    span, n = format_ytd(year, month, lang), s.concentration_markets or 0
    if lang == "en":
        why = (f"{span} is a single month" if month == 1 else
               f"the figures for {span} name only {n} markets" if n < COMPARABLE_MARKETS else
               f"the figures for {span} do not name all of Japan, Taiwan and Korea")
        return f" As {why}, it is not comparable with the years marked comparable below."
    why = (f"{span} chỉ là một tháng" if month == 1 else
           f"số liệu {span} chỉ nêu {n} thị trường" if n < COMPARABLE_MARKETS else
           f"số liệu {span} không nêu đủ Nhật Bản, Đài Loan và Hàn Quốc")
    return f" Vì {why}, chỉ số này không so sánh được với các năm ghi là so sánh được dưới đây."


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
    ``approximate`` lists the values computed from a rounded figure; each of them
    that is a single number also gets ``<key>_shown``, as the report shows it, with
    ``≈`` (``"yoy_ytd_change_pct_shown": "≈ -4.7%"``, with a minus sign). The other keys
    keep their meaning.
    """
    out: dict[str, Any] = {}
    for key, value in summary.to_dict().items():
        out[key] = value
        if key.endswith("_why"):
            out[f"{key.removesuffix('_why')}_reason"] = reason_text(value, lang)
        if summary.is_approximate(key) and isinstance(value, int | float):
            out[f"{key}_shown"] = shown(summary, key, lang)
    return out
