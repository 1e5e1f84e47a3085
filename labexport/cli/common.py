"""What every command shares: exit codes, one-line errors, the argument parser."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def error(message: str) -> None:
    """Print ``message`` as one line on stderr (line breaks in it, e.g. a file's name, escaped)."""
    one_line = message.replace("\r", "\\r").replace("\n", "\\n")
    print(f"labexport: error: {one_line}", file=sys.stderr)


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (``labexport: error: ...``), exit code 2.

    Options must be spelled out: ``--perio`` is an error, not ``--period``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # ArgumentParser's, passed on
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print the error in one line and exit with the usage exit code."""
        error(f"{message} (see `{self.prog} --help`)")
        raise SystemExit(EXIT_USAGE)


