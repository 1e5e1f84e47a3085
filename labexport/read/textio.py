"""Read bulletin files into clean NFC text, whatever encoding they came in.

Accepted: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1258 (the legacy
Vietnamese code page), decomposed (NFD) Vietnamese. The encoding is the one
whose decoding is valid text (:func:`decode_text`):

* UTF-8 when the bytes are valid UTF-8;
* UTF-8 still when only a few bytes are not (fewer than one in :data:`FEW` of
  the non-ASCII sequences): each such byte is read as U+FFFD and an
  :class:`~labexport.core.errors.InputWarning` names it and its line;
* Windows-1258 when the bytes are clearly that: (almost) no valid multi-byte
  UTF-8 sequence, and every byte a Windows-1258 character;
* else the file is refused: it mixes encodings.

Refused with a one-line :class:`BulletinError`: a missing path, a directory, a
FIFO or device (:func:`labexport.read.files.read_limited`), an empty file, a
binary file (NUL bytes outside UTF-16, or mostly control characters), files
over :data:`MAX_BYTES`, and a number beyond any plausible count
(:data:`labexport.read.numbers.MAX_DIGITS`), which is named with its line.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
import warnings
from pathlib import Path

from labexport.core.errors import BulletinError, InputError, InputWarning
from labexport.read.files import read_limited

#: Largest bulletin accepted, in bytes (and characters, for text given directly). Real
#: bulletins are a few kB; at this size the reader still finishes in a few seconds.
MAX_BYTES = 1024 * 1024
#: A file is UTF-8 with damaged bytes when fewer than 1 in ``FEW`` of its non-ASCII
#: sequences are invalid, and Windows-1258 when fewer than 1 in ``FEW`` are valid UTF-8.
FEW = 20
#: Control characters (Unicode category Cc) other than tab and line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: One well-formed multi-byte UTF-8 sequence (RFC 3629).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
#: Bytes that are not UTF-8, as ``surrogateescape`` decodes them (one each).
_ESCAPED = re.compile("[\udc80-\udcff]+")
#: Thirteen digits with nothing between them but marks, spaces and zero-width characters:
#: the cheap test before looking for a number beyond any count as the reader sees numbers.
_MAYBE_LONG = re.compile(
    r"(?:\d[.,\t \u00a0\u00ad\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]*){13}"
)


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
        If the bytes are empty, binary, in no encoding read (see the module's
        description), or hold a number beyond any plausible count.
    """
    if not data.strip():
        raise BulletinError(f"{name}: empty file")
    return normalize_text(decode_text(data, name=name), name=name)


def decode_text(data: bytes, *, name: str = "<text>", error: type[InputError] = BulletinError,
                what: str = "text bulletin") -> str:
    """Decode a text file's bytes by the encoding whose decoding is valid text.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file name, for messages.
    error : type
        The :class:`InputError` subclass raised.
    what : str
        What the file should be, for the message about NUL bytes.

    Returns
    -------
    str
        The text, without byte-order mark (line ends and normal form as they were).

    Raises
    ------
    InputError
        As ``error``: NUL bytes outside UTF-16, or no encoding read fits.

    Warns
    -----
    InputWarning
        Naming the bytes that are not UTF-8 and their lines, read as U+FFFD.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _utf8_or_cp1258(data[len(codecs.BOM_UTF8) :], name, error, declared=True)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff")
    if b"\x00" in data:
        raise error(f"{name}: binary file (NUL bytes), not a {what}", path=name)
    return _utf8_or_cp1258(data, name, error, declared=False)


def _utf8_or_cp1258(data: bytes, name: str, error: type[InputError], *, declared: bool) -> str:
    """UTF-8, UTF-8 with a few bytes replaced, or Windows-1258 (``declared``: a UTF-8 BOM)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    runs = list(_ESCAPED.finditer(text))
    bad = sum(len(run.group(0)) for run in runs)
    valid = len(_UTF8_SEQUENCE.findall(data))
    if declared or bad * FEW < bad + valid:
        warnings.warn(_not_utf8(name, text, runs, bad), InputWarning, stacklevel=2)
        return _ESCAPED.sub(lambda run: "\ufffd" * len(run.group(0)), text)
    if valid * FEW < bad + valid:
        try:
            return data.decode("cp1258")
        except UnicodeDecodeError as exc:
            line = _line_of(data[: exc.start].decode("latin-1"))
            raise error(f"{name}: line {line}: byte 0x{data[exc.start]:02X} is neither UTF-8 "
                        "nor Windows-1258", path=name, line=line) from None
    first = _where(text, runs[0])
    raise error(f"{name}: mixes encodings: {bad:,} bytes are not UTF-8 (the first {first}) "
                f"beside {valid:,} UTF-8 characters; save it as UTF-8", path=name)


def _line_of(before: str) -> int:
    """The line number (from 1) of the position that ``before`` leads up to."""
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _where(text: str, run: re.Match[str]) -> str:
    """``line 3: byte 0xFF`` for a run of bytes that are not UTF-8."""
    shown = " ".join(f"0x{ord(ch) - 0xDC00:02X}" for ch in run.group(0)[:8])
    more = " …" if len(run.group(0)) > 8 else ""
    word = "byte" if len(run.group(0)) == 1 else "bytes"
    return f"line {_line_of(text[: run.start()])}: {word} {shown}{more}"


def _not_utf8(name: str, text: str, runs: list[re.Match[str]], bad: int) -> str:
    """The warning for bytes read as U+FFFD, naming the first few with their lines."""
    if len(runs) == 1:
        verb = "is" if bad == 1 else "are"
        return f"{name}: {_where(text, runs[0])} {verb} not UTF-8; read as U+FFFD"
    shown = "; ".join(_where(text, run) for run in runs[:5])
    more = f"; and {len(runs) - 5} more" if len(runs) > 5 else ""
    return f"{name}: {bad:,} bytes are not UTF-8, each read as U+FFFD: {shown}{more}"


def normalize_text(text: str, *, name: str = "<text>") -> str:
    r"""Return ``text`` as NFC with plain spaces and ``\\n`` line ends.

    Raises
    ------
    BulletinError
        If the text is mostly control characters (a binary file), or holds a
        number beyond any plausible count.
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
    characters (a binary file), a number beyond any plausible count
    (:func:`check_numbers`).
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
    check_numbers(text, name=name)
    return text


def check_numbers(text: str, *, name: str = "<text>") -> None:
    """Refuse a bulletin holding a number the reader would read that is beyond any count.

    The numbers are those the reader converts: in the text as it reads it
    (:func:`labexport.read.normalize.normalize`), outside web addresses and
    markup, as :func:`labexport.read.figures.implausible_numbers` finds them.

    Raises
    ------
    BulletinError
        ``"{name}: line N: the number 1234…(309 digits) is beyond any plausible count"``.
    """
    if _MAYBE_LONG.search(text) is None:
        return  # no run of digits long enough: the common case, decided cheaply
    # The reader's own steps, imported here: only texts with long digit runs need them.
    from labexport.read.figures import implausible_numbers
    from labexport.read.normalize import drop_zero_width, normalize
    from labexport.read.reader import blank_markup

    flat = drop_zero_width(text.replace("\r\n", "\n").replace("\r", "\n"))
    first = flat[: len(flat) - len(flat.lstrip())].count("\n") + 1  # blank lines dropped
    for index, line in enumerate(normalize(text).split("\n")):
        if _MAYBE_LONG.search(line) is None:
            continue
        for raw, words in implausible_numbers(blank_markup(line)):
            raise BulletinError(f"{name}: line {first + index}: {words}", path=name,
                                line=first + index, figure=raw[:40])


def read_bulletin(path: str | os.PathLike[str]) -> str:
    """Read a bulletin file into NFC text.

    Raises
    ------
    BulletinError
        With a one-line message naming the file: missing, a broken symbolic
        link, a directory, not a regular file (a FIFO, a device), too large,
        empty, binary, unreadable, or holding a number beyond any count.

    Warns
    -----
    InputWarning
        When a few bytes are not UTF-8 (read as U+FFFD).
    """
    path = Path(path)
    data = read_limited(path, MAX_BYTES, error=BulletinError, what="bulletin file")
    return decode_bytes(data, name=str(path))
