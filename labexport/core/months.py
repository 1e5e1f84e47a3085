"""Month arithmetic: a (year, month) as one running number, and back.

A month's index counts months from January of year 0, so consecutive months
have consecutive indices and a window of ``n`` months is a range of indices.
The functions take plain integers or pandas columns alike.

>>> month_index(2025, 1) - month_index(2024, 12)
1
>>> from_index(month_index(2025, 1) - 1)
(2024, 12)
>>> previous_month(2025, 1)
(2024, 12)
"""

from __future__ import annotations

from typing import Any


def month_index(year: Any, month: Any) -> Any:
    """The running number of a month (``year * 12 + month - 1``); columns give a column."""
    return year * 12 + month - 1


def from_index(index: int) -> tuple[int, int]:
    """The (year, month) of a month's running number."""
    return index // 12, index % 12 + 1


def previous_month(year: int, month: int) -> tuple[int, int]:
    """The month before ``month`` of ``year``."""
    return from_index(month_index(year, month) - 1)
