"""Read bulletins into frames of facts (the reader itself is :mod:`labexport.read`)."""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from labexport.core.errors import BulletinError
from labexport.core.fact import FACT_COLUMNS, Fact
from labexport.read import parse_text
from labexport.read.textio import read_bulletin

if TYPE_CHECKING:
    import pandas as pd


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """Return facts as a DataFrame with the columns of :data:`FACT_COLUMNS`."""
    import pandas as pd  # here, so that reading text needs no pandas

    frame = pd.DataFrame([asdict(f) for f in facts], columns=FACT_COLUMNS)
    return frame.astype({"year": "int64", "month_from": "int64", "month_to": "int64",
                         "value": "float64"})


def parse_bulletin(text_or_path: str | os.PathLike[str], *, source: str | None = None
                   ) -> pd.DataFrame:
    """Read one bulletin, from its text or from a file, into a frame of facts.

    Parameters
    ----------
    text_or_path : str or path-like
        The bulletin's text, or the path of a bulletin file (UTF-8, UTF-16 with
        BOM or Windows-1258).
    source : str, optional
        The source to record; defaults to the file name, or ``"<text>"``.

    Returns
    -------
    pandas.DataFrame
        One row per figure, columns :data:`FACT_COLUMNS`.

    Raises
    ------
    BulletinError
        If the file cannot be read (missing, a directory, empty, binary).

    Examples
    --------
    >>> facts = parse_bulletin("In July 2025, 11,090 workers went abroad, "
    ...                        "including 3,374 female workers.")
    >>> facts[["year", "month_from", "month_to", "sex", "value"]].values.tolist()
    [[2025, 7, 7, 'total', 11090.0], [2025, 7, 7, 'female', 3374.0]]
    """
    is_path = isinstance(text_or_path, os.PathLike) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 1024
        and Path(text_or_path).suffix.lower() in {".txt", ".md", ".text"}
    )
    if is_path:
        path = Path(text_or_path)
        text = read_bulletin(path)
        return facts_frame(parse_text(text, source=source or path.name))
    return facts_frame(parse_text(str(text_or_path), source=source or "<text>"))


__all__ = ["FACT_COLUMNS", "BulletinError", "Fact", "parse_bulletin", "parse_text"]
