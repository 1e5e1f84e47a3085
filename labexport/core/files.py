"""Files: written so that readers see the old content or the new, never half; their hashes."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def write_text_atomically(path: Path, text: str, *, prefix: str | None = None) -> None:
    """Write ``text`` (UTF-8, Unix line ends) to a temporary file beside ``path``, then rename.

    The file gets the mode the user's umask gives a new file (0644 under 022),
    so another user or a web server can read it.

    Parameters
    ----------
    path : pathlib.Path
        The file to replace.
    text : str
        Its new content.
    prefix : str, optional
        The temporary file's name prefix (default ``.<name>.``), for clean-up code
        that recognises its own temporary files.

    Raises
    ------
    OSError
        If the file cannot be written; the previous file is left as it was.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix or f".{path.name}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (read by setting it and putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's content, in hexadecimal.

    Raises
    ------
    OSError
        If the file cannot be read.
    """
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
