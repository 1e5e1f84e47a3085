"""Store a bulletin's text in ``data/bulletins/`` beside its sidecar, once.

Name: ``YYYY-MM-DD-<slug>.txt``, the publication date (else the retrieval date)
and a short ASCII slug of the title; ``-2``, ``-3``... if the name is taken. The
sidecar ``<same>.json`` holds the keys :mod:`labexport.data.provenance` reads.
Text that is already stored (the same SHA-256 in a sidecar, or the same text in
a bulletin file) is not stored again. Both files are written to a temporary file
and renamed, the sidecar first, so a bulletin never appears without its origin.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from labexport.core.errors import BulletinError, IntakeError
from labexport.core.files import write_text_atomically
from labexport.core.text import fold
from labexport.data.provenance import sidecar_path
from labexport.read.textio import read_bulletin

#: Longest slug, in characters.
SLUG_MAX = 60


def slug(title: str, *, limit: int = SLUG_MAX) -> str:
    """A short ASCII name from a title: lower case, words joined by ``-``.

    Examples
    --------
    >>> slug("Mười tháng, hơn 121.000 lao động đi làm việc ở nước ngoài")
    'muoi-thang-hon-121-000-lao-dong-di-lam-viec-o-nuoc-ngoai'
    >>> slug("")
    'bulletin'
    """
    words = re.findall(r"[a-z0-9]+", fold(title).encode("ascii", "ignore").decode())
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    return out or (words[0][:limit] if words else "bulletin")


def digest(text: str) -> str:
    """SHA-256 of ``text`` as stored (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def already_stored(folder: Path, text: str) -> Path | None:
    """The bulletin in ``folder`` with the same text (by sidecar hash, then by text)."""
    if not folder.is_dir():
        return None
    wanted = digest(text)
    for side in sorted(folder.glob("*.json")):
        try:
            record = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        if isinstance(record, dict) and record.get("sha256") == wanted \
                and side.with_suffix(".txt").is_file():
            return side.with_suffix(".txt")
    for path in sorted(folder.glob("*.txt")):
        try:
            if read_bulletin(path).strip() == text.strip():
                return path
        except BulletinError:
            continue
    return None


def free_name(folder: Path, stem: str) -> Path:
    """``folder/<stem>.txt``, or with ``-2``, ``-3``... if that name or its sidecar exists."""
    path, n = folder / f"{stem}.txt", 1
    while path.exists() or sidecar_path(path).exists():
        n += 1
        path = folder / f"{stem}-{n}.txt"
    return path


def store_bulletin(folder: Path, text: str, *, source: str, title: str, published: str,
                   extractor: str, retrieved: str) -> Path:
    """Write ``text`` and its sidecar into ``folder``; return the text's path.

    Parameters
    ----------
    folder : pathlib.Path
        The bulletins folder (made if missing).
    text : str
        The bulletin's text, NFC.
    source : str
        The page's address, or the file's name.
    title, published, extractor, retrieved : str
        The sidecar's other keys (``published`` as ``YYYY-MM-DD`` or ``""``;
        ``retrieved`` an ISO date and time).

    Raises
    ------
    IntakeError
        If the folder cannot be written.
    """
    day = published or retrieved[:10] or date.today().isoformat()
    record = {"source": source, "retrieved": retrieved, "title": title,
              "published": published, "sha256": digest(text), "extractor": extractor}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = free_name(folder, f"{day}-{slug(title)}")
        write_text_atomically(sidecar_path(path),
                         json.dumps(record, ensure_ascii=False, indent=1) + "\n")
        write_text_atomically(path, text)
    except OSError as exc:
        raise IntakeError(f"{folder}: cannot store the bulletin: {exc.strerror or exc}",
                          path=str(folder)) from None
    return path


def store_table(folder: Path, table: Path) -> tuple[Path, bool]:
    """Copy a table into ``folder`` (the raw tables); return its path and whether it is new.

    Raises
    ------
    IntakeError
        If a different file of the same name is there already, or the copy fails.
    """
    target = folder / table.name
    if target.exists():
        if target.read_bytes() == table.read_bytes():
            return target, False
        raise IntakeError(f"{table}: {target} exists with other content; rename the file "
                          "to add it", path=str(table))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{table.name}.", suffix=".tmp", dir=folder)
        os.close(fd)
        shutil.copyfile(table, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise IntakeError(f"{folder}: cannot store the table: {exc.strerror or exc}",
                          path=str(folder)) from None
    return target, True


