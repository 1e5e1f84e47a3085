"""Reading bulletins: text and tables in, facts out (the bottom layer of the package)."""

from __future__ import annotations

import os
from pathlib import Path

from labexport.core.errors import BulletinError
from labexport.core.fact import Fact
from labexport.read.reader import read_text
from labexport.read.reading import REASONS, NumberRead, Reading
from labexport.read.textio import check_text, read_bulletin


def read_file(path: str | os.PathLike[str], *, source: str | None = None) -> Reading:
    """Read a bulletin file (see :func:`labexport.read.textio.read_bulletin` for encodings).

    Raises
    ------
    BulletinError
        With a one-line message naming the file, when it cannot be read.
    """
    path = Path(path)
    return read_text(read_bulletin(path), source=source or path.name)


def parse_text(text: str, *, source: str = "<text>") -> list[Fact]:
    """Return the figures of one bulletin's text, each once, in text order.

    Raises
    ------
    BulletinError
        If the text is over the size limit or binary.
    """
    return read_text(check_text(text, name=source), source=source).facts


__all__ = ["REASONS", "BulletinError", "NumberRead", "Reading", "parse_text", "read_file",
           "read_text"]
