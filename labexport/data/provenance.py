"""Where a stored bulletin came from: the sidecar ``<name>.json`` beside ``<name>.txt``.

``labexport add`` writes the sidecar when it stores a page or a file; the build
uses its ``source`` (the page's address) as each figure's source and its
``published`` date as the figures' publication date. A bulletin without a
sidecar is named by its file name, as before.

Sidecar keys: ``source``, ``retrieved``, ``title``, ``published`` (``YYYY-MM-DD``
or ``""``), ``sha256`` (of the stored text), ``extractor`` (tool and version).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from labexport.core.errors import BulletinError


@dataclass(frozen=True)
class Origin:
    """A stored bulletin's source address (or file) and publication date."""

    source: str
    published: str = ""


def sidecar_path(bulletin: Path) -> Path:
    """The sidecar of ``bulletin``: the same name with ``.json``."""
    return bulletin.with_suffix(".json")


def bulletin_origin(bulletin: Path) -> Origin | None:
    """Read the sidecar of ``bulletin``, or return ``None`` if it has none.

    Raises
    ------
    BulletinError
        If the sidecar exists but is not a JSON object with a text ``source``.
    """
    path = sidecar_path(bulletin)
    if not path.is_file():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BulletinError(f"{path}: unreadable sidecar ({exc})") from None
    source = record.get("source") if isinstance(record, dict) else None
    if not isinstance(source, str) or not source.strip():
        raise BulletinError(f"{path}: sidecar has no \"source\"")
    published = record.get("published") or ""
    return Origin(source=source.strip(), published=str(published)[:10])
