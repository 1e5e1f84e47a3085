"""Which files in a data folder are inputs, decided in one place.

The build, the rebuild check and the intake all ask :func:`input_kind`, so a
file is either read and hashed by all of them or ignored by all of them.
Extensions are compared case-insensitively. Hidden files and editors' leftovers
(``.name``, ``.#name``, ``#name#``, ``name~``, ``~$name``) are never inputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

InputKind = Literal["bulletin", "table", "sidecar"]

#: Bulletin texts, by extension (lower case).
BULLETIN_SUFFIXES = (".txt",)
#: Hand-kept tables of published figures.
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
#: Where a stored bulletin came from (written beside it by ``labexport add``).
SIDECAR_SUFFIXES = (".json",)


def is_ignored(path: Path) -> bool:
    """True for hidden files and editors' lock, backup and temporary files."""
    name = path.name
    return (name.startswith((".", "~$", "#")) or name.endswith(("~", "#"))
            or name.lower().endswith((".tmp", ".swp", ".bak")))


def input_kind(path: Path) -> InputKind | None:
    """What ``path`` is as an input of the dataset, or ``None`` if it is not one.

    Parameters
    ----------
    path : pathlib.Path
        A file name (the file itself is not opened).

    Returns
    -------
    {"bulletin", "table", "sidecar"} or None
        By the extension, case-insensitively; ``None`` for ignored files
        (:func:`is_ignored`) and other extensions.

    Examples
    --------
    >>> input_kind(Path("July.TXT")), input_kind(Path(".#July.txt")), input_kind(Path("a.xlsm"))
    ('bulletin', None, 'table')
    """
    if is_ignored(path):
        return None
    suffix = path.suffix.lower()
    if suffix in BULLETIN_SUFFIXES:
        return "bulletin"
    if suffix in TABLE_SUFFIXES:
        return "table"
    if suffix in SIDECAR_SUFFIXES:
        return "sidecar"
    return None
