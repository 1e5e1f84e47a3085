"""Validate the parameters of the indicators and the reports before anything runs.

Every check raises :class:`ParameterError` with a one-line message; the command
line prints it and exits non-zero, and the notebooks call the same functions in
their first cell, so a bad value never reaches a kernel's computations.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, TypedDict, cast

from labexport.core.errors import ParameterError, UnknownMarketError
from labexport.core.markets import ALL, to_code
from labexport.core.provinces import NATIONAL, PROVINCES
from labexport.report.registry import REPORTS, notebook_path
from labexport.report.wording import LANGS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_PERIOD = re.compile(r"(\d{4})-(\d{2})")


def nfc(value: object) -> object:
    """A text in NFC (Vietnamese names typed or pasted in NFD included); other values as given.

    >>> nfc("Kha\u0301nh Ho\u0300a") == "Khánh Hòa"
    True
    """
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def parse_period(value: object) -> tuple[int, int]:
    """Return ``(year, month)`` from ``"YYYY-MM"``.

    Examples
    --------
    >>> parse_period("2025-07")
    (2025, 7)
    >>> parse_period("2025-7")
    Traceback (most recent call last):
    ...
    labexport.core.errors.ParameterError: period must be YYYY-MM (e.g. 2025-07), got '2025-7'
    """
    text = value if isinstance(value, str) else None
    match = _PERIOD.fullmatch(text) if text is not None else None
    if match is None:
        raise ParameterError(f"period must be YYYY-MM (e.g. 2025-07), got {value!r}")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise ParameterError(f"period must be YYYY-MM with a month 01-12, got {value!r}")
    return year, month


def check_scope(value: object) -> str:
    """Return the scope (``"national"`` or a province's NFC name, from any normal form) or raise."""
    value = nfc(value)
    if value == NATIONAL:
        return NATIONAL
    if isinstance(value, str) and value in PROVINCES:
        return value
    raise ParameterError(f"scope must be 'national' or a province name, got {value!r}")


def check_report(value: object) -> str:
    """Return a report name of the registry or raise."""
    if value not in REPORTS:
        raise ParameterError(f"unknown report {value!r} (one of {', '.join(REPORTS)})")
    return str(value)


def check_reports(value: str | list[str] | None) -> list[str]:
    """Return report names from a list or comma-separated names (all for ``None``) or raise.

    Each name must be in the registry and its notebook present.
    """
    names = value.split(",") if isinstance(value, str) else list(value or REPORTS)
    names = [check_report(n.strip()) for n in names if n.strip()]
    for name in names:
        if not notebook_path(name).is_file():
            raise ParameterError(f"{notebook_path(name)}: notebook not found")
    return names


def check_lang(value: object) -> str:
    """Return ``"en"`` or ``"vi"`` (one of the wording's :data:`LANGS`) or raise."""
    if value not in LANGS:
        raise ParameterError(f"lang must be 'en' or 'vi', got {value!r}")
    return str(value)


def check_markets(value: object) -> list[str] | None:
    """Return market codes from a list or comma-separated names/codes, ``None`` for the top ones."""
    if value is None:
        return None
    value = nfc(value)
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        raise ParameterError(f"markets must be a list of market codes or names, got {value!r}")
    codes = []
    for item in items:
        if not isinstance(item, str):
            raise ParameterError(f"unknown market {item!r}")
        try:
            code = to_code(str(nfc(item)))
        except UnknownMarketError:
            code = None
        if code is None or code == ALL:
            raise ParameterError(f"unknown market {item!r}")
        codes.append(code)
    return codes


def check_lookback(value: object) -> int:
    """Return the lookback in months (1-240) or raise."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 240:
        raise ParameterError(f"lookback_months must be a whole number 1-240, got {value!r}")
    return value


def periods_with_data(facts: pd.DataFrame, *, scope: str = NATIONAL) -> list[str]:
    """Return every ``YYYY-MM`` with an all-markets departures figure, oldest first.

    A period has data when the month itself or January to that month is published.
    """
    f = facts[(facts["measure"] == "departures") & (facts["scope"] == scope)
              & (facts["market"] == ALL) & (facts["sex"] == "total")]
    f = f[(f["month_from"] == f["month_to"]) | (f["month_from"] == 1)]
    found = {(int(y), int(m)) for y, m in zip(f["year"], f["month_to"], strict=True)}
    return [f"{y:04d}-{m:02d}" for y, m in sorted(found)]


def check_period_has_data(period: str, facts: pd.DataFrame | list[str], *,
                          scope: str = NATIONAL) -> str:
    """Return ``period`` if the dataset (or a list of periods) has it, else raise."""
    parse_period(period)
    available = facts if isinstance(facts, list) else periods_with_data(facts, scope=scope)
    if period in available:
        return period
    hint = f"latest is {available[-1]}" if available else "the dataset has none"
    raise ParameterError(f"period {period} has no {scope} figures ({hint})")


class CleanParameters(TypedDict):
    """A report's parameters once :func:`validate_parameters` has checked them."""

    period: str
    scope: str
    lang: str
    markets: list[str] | None
    lookback_months: int


def validate_parameters(*, name: str, period: object, scope: object, lang: object,
                        markets: object, lookback_months: object,
                        available: pd.DataFrame | list[str] | None) -> CleanParameters:
    """Check a report's parameters; return them cleaned.

    Parameters
    ----------
    name : str
        The report (one of :data:`REPORTS`).
    period, scope, lang, markets, lookback_months : object
        The notebook parameters, as given.
    available : DataFrame or list of str or None
        The facts, or the periods with data; ``None`` skips that check.

    Raises
    ------
    ParameterError
        The first wrong value, in one line.
    """
    check_report(name)
    parse_period(period)
    clean: CleanParameters = {
        "period": cast(str, period),  # parse_period accepted it: a str
        "scope": check_scope(scope), "lang": check_lang(lang),
        "markets": check_markets(markets), "lookback_months": check_lookback(lookback_months),
    }
    if available is not None:
        check_period_has_data(str(period), available, scope=clean["scope"])
    return clean

