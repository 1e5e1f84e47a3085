"""Errors shown to users as one line (no traceback), and the facts' columns: no heavy imports."""

#: The columns of a facts table, in order (GUIDE §2).
FACT_COLUMNS = [
    "source", "published", "lang", "scope", "year", "month_from", "month_to", "measure",
    "market", "sex", "value", "qualifier", "quote",
]


class BuildError(ValueError):
    """The dataset cannot be built; the message names the file (and row or figure)."""
