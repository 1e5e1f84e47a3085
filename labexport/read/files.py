"""Which files in a data folder are inputs, decided in one place, and reading one safely.

The build, the rebuild check and the intake all ask :func:`input_kind`, so a
file is either read and hashed by all of them or ignored by all of them.
Extensions are compared case-insensitively. Hidden files and editors' leftovers
(``.name``, ``.#name``, ``#name#``, ``name~``, ``~$name``) are never inputs, and
hidden folders are not looked into (:func:`find_inputs`).

Every input is read by :func:`read_limited`: only a regular file (never a FIFO,
which would block, or a device, which never ends), and never more than a limit
counted on the bytes actually read.
"""

from __future__ import annotations

import os
import stat
import warnings
from pathlib import Path
from typing import Literal

from labexport.core.errors import InputError, InputWarning

InputKind = Literal["bulletin", "table", "sidecar"]

#: Bulletin texts, by extension (lower case).
BULLETIN_SUFFIXES = (".txt",)
#: Hand-kept tables of published figures.
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")
#: Where a stored bulletin came from (written beside it by ``labexport add``).
SIDECAR_SUFFIXES = (".json",)

#: Opened without blocking (a FIFO without a writer), without becoming a terminal's owner.
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_CLOEXEC", 0))
_CHUNK = 1 << 20


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


def not_regular(mode: int) -> str | None:
    """What a file of this ``st_mode`` is if it is not a regular file ("a FIFO"), else ``None``.

    >>> not_regular(stat.S_IFIFO | 0o644), not_regular(stat.S_IFREG | 0o644)
    ('a FIFO', None)
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"  # pragma: no cover - no other kinds on Linux


def find_inputs(folder: Path) -> list[Path]:
    """The input files under ``folder``: regular files :func:`input_kind` names, sorted.

    Hidden and ignored folders are not entered, and links to folders not
    followed. An entry with an input's name that is not a regular file (a FIFO,
    a device, a broken symbolic link) is left out with an :class:`InputWarning`
    (:func:`scan_inputs` returns them instead).

    Parameters
    ----------
    folder : pathlib.Path
        A data folder's ``raw/`` or ``bulletins/``; none if it does not exist.

    Returns
    -------
    list of pathlib.Path
    """
    found, unreadable = scan_inputs(folder)
    for path, reason in unreadable:
        warnings.warn(f"{path}: {reason}; left out", InputWarning, stacklevel=2)
    return found


def scan_inputs(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The input files under ``folder``, and the entries named as inputs that cannot be read.

    Returns
    -------
    tuple
        The regular input files, sorted; and ``(path, reason)`` for each entry with
        an input's name that is not a regular file (``"not a regular file (a FIFO)"``).
    """
    found: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not is_ignored(Path(d)))
        for name in sorted(names):
            path = Path(top, name)
            if input_kind(path) is None:
                continue
            reason = _why_not_regular(path)
            if reason is None:
                found.append(path)
            else:
                unreadable.append((path, reason))
    return sorted(found), sorted(unreadable)


def _why_not_regular(path: Path) -> str | None:
    """Why ``path`` cannot be read as an input file, or ``None`` if it is a regular file."""
    try:
        kind = not_regular(os.stat(path).st_mode)
    except FileNotFoundError:
        return "broken symbolic link" if os.path.lexists(path) else "no such file"
    except OSError as exc:
        return f"cannot read ({exc.strerror or exc})"
    return None if kind is None else f"not a regular file ({kind})"


def read_limited(path: str | os.PathLike[str], limit: int, *,
                 error: type[InputError] = InputError, what: str = "file") -> bytes:
    """The content of a regular file of at most ``limit`` bytes.

    The file is opened without blocking and checked on the open descriptor, so
    a FIFO or a device (even behind a symbolic link) is refused, never read;
    at most ``limit + 1`` bytes are read, so a file that grows is refused too.

    Parameters
    ----------
    path : path-like
        The file.
    limit : int
        The largest size accepted, in bytes.
    error : type
        The :class:`InputError` subclass raised (``BulletinError``, ``TableError``).
    what : str
        What the file should be, for the message about a directory ("a bulletin file").

    Returns
    -------
    bytes

    Raises
    ------
    InputError
        As ``error``, one line naming the file: no such file, a broken symbolic
        link, a directory, not a regular file (a FIFO, a device, a socket),
        over the limit, or unreadable.
    """
    shown = str(path)

    def refuse(reason: str) -> InputError:
        return error(f"{shown}: {reason}", path=shown)

    reason = _why_not_regular(Path(path))
    if reason is not None:
        raise refuse(f"is a directory, not a {what}" if reason.endswith("(a directory)")
                     else reason)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise refuse(f"cannot read ({exc.strerror or exc})") from exc
    try:
        info = os.fstat(fd)
        kind = not_regular(info.st_mode)
        if kind is not None:  # replaced since it was looked at
            raise refuse(f"not a regular file ({kind})")
        if info.st_size > limit:
            raise refuse(f"{info.st_size:,} bytes is over the {limit:,}-byte limit")
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise refuse(f"cannot read ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    if len(data) > limit:
        raise refuse(f"more than {limit:,} bytes, over the {limit:,}-byte limit")
    return data


def _read_at_most(fd: int, most: int) -> bytes:
    """Read from ``fd`` until its end or ``most`` bytes, whichever comes first."""
    chunks: list[bytes] = []
    left = most
    while left > 0:
        chunk = os.read(fd, min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
