"""Errors shown to users as one line (no traceback): no heavy imports."""


class BuildError(ValueError):
    """The dataset cannot be built; the message names the file (and row or figure)."""
