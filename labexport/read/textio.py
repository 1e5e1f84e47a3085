"""Read bulletin files into clean NFC text, whatever encoding they came in.

Accepted: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258 (the legacy
Vietnamese code page), decomposed (NFD) Vietnamese. Refused with a one-line
:class:`BulletinError`: a missing path, a directory, an empty file, a binary file
(NUL bytes outside UTF-16, or mostly control characters) and files over
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from pathlib import Path

from labexport.core.errors import BulletinError

#: Largest bulletin accepted, in bytes (and characters, for text given directly). Real
#: bulletins are a few kB; at this size the reader still finishes in a few seconds.
MAX_BYTES = 1024 * 1024
#: Control characters (Unicode category Cc) other than tab and line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def decode_bytes(data: bytes, *, name: str = "<text>") -> str:
    r"""Decode bulletin bytes to NFC text.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file name, for error messages.

    Returns
    -------
    str
        NFC text with ``\\n`` line ends and no byte-order mark.

    Raises
    ------
    BulletinError
        If the bytes are empty or binary.
    """
    if not data.strip():
        raise BulletinError(f"{name}: empty file")
    if data.startswith(codecs.BOM_UTF8):
        text = data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data:
        raise BulletinError(f"{name}: binary file (NUL bytes), not a text bulletin")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    return normalize_text(text, name=name)


def normalize_text(text: str, *, name: str = "<text>") -> str:
    r"""Return ``text`` as NFC with plain spaces and ``\\n`` line ends.

    Raises
    ------
    BulletinError
        If the text is mostly control characters (a binary file).
    """
    text = check_text(text, name=name).lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    if not text.strip():
        raise BulletinError(f"{name}: empty file")
    return text


def check_text(text: str, *, name: str = "<text>") -> str:
    """Return ``text`` if it can be a bulletin, else raise a one-line :class:`BulletinError`.

    Refused: over :data:`MAX_BYTES` characters, NUL characters, mostly control
    characters (a binary file).
    """
    if len(text) > MAX_BYTES:
        raise BulletinError(f"{name}: {len(text):,} characters is over the "
                            f"{MAX_BYTES:,}-character limit")
    if "\x00" in text:
        raise BulletinError(f"{name}: binary file (NUL characters), not a text bulletin")
    head = text[:4096]
    printable = head.replace("\n", "").replace("\r", "").isprintable()  # then no controls
    controls = 0 if printable else len(_CONTROL.findall(head.replace("\r", "")))
    if controls > 0.05 * len(head):
        raise BulletinError(f"{name}: binary file (control characters), not a text bulletin")
    return text


def read_bulletin(path: str | os.PathLike[str]) -> str:
    """Read a bulletin file into NFC text.

    Raises
    ------
    BulletinError
        With a one-line message naming the file: missing, a directory, too large,
        empty, binary or unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise BulletinError(f"{path}: no such file")
    if path.is_dir():
        raise BulletinError(f"{path}: is a directory, not a bulletin file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BulletinError(f"{path}: {size:,} bytes is over the {MAX_BYTES:,}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise BulletinError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    return decode_bytes(data, name=str(path))
