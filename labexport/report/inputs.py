"""The dataset a batch of reports reads: one snapshot of ``facts.csv``, and the build's notes.

``facts.csv`` is read once per batch; those bytes are hashed (the sidecars'
dataset hash) and written into the batch's work folder, and the kernels read
that copy (``$LABEXPORT_FACTS_FILE``). A ``labexport build`` that replaces
``facts.csv`` while reports run therefore changes nothing in them: each
report's sidecar names exactly the data it was computed from, and the next run
sees the new dataset and rebuilds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from labexport.core.errors import NotBuiltError, ReportError
from labexport.data import paths

#: The environment variable naming the dataset file the kernels load.
FACTS_ENV = "LABEXPORT_FACTS_FILE"


@dataclass(frozen=True)
class Dataset:
    """The bytes of ``facts.csv`` as one batch read them, and their SHA-256."""

    source: Path
    data: bytes
    sha256: str

    def write(self, folder: Path) -> Path:
        """Write the snapshot as ``folder/facts.csv``; return its path."""
        path = folder / "facts.csv"
        path.write_bytes(self.data)
        return path


def read_dataset(data_dir: str | None) -> Dataset:
    """Read the built ``facts.csv`` of ``data_dir`` once.

    Raises
    ------
    NotBuiltError
        If it has not been built.
    ReportError
        If it cannot be read.
    """
    path = paths.processed_dir(data_dir) / "facts.csv"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotBuiltError(f"{path}: not built yet; run `labexport build`",
                            path=str(path)) from None
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    return Dataset(path, data, hashlib.sha256(data).hexdigest())


def data_name(data_dir: str | None) -> str:
    """The data folder's name as reports show it (``data``), never its absolute path."""
    return paths.data_dir(data_dir).name


@contextlib.contextmanager
def kernel_environment(snapshot: Path, data_dir: str | None) -> Iterator[None]:
    """Give kernels started inside this block the snapshot and the data folder.

    Kernels inherit this process's environment: ``$LABEXPORT_FACTS_FILE`` names
    the snapshot, ``$LABEXPORT_DATA_DIR`` the data folder (so the notebooks
    receive ``data_dir=None`` and no path appears in a report). Both are
    restored when the block ends.
    """
    values = {FACTS_ENV: str(snapshot), "LABEXPORT_DATA_DIR": str(paths.data_dir(data_dir))}
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(frozen=True)
class Unread:
    """An input file the last build could not read (and left out of the dataset)."""

    #: Its name as the build recorded it: in the data folder (``raw/x.xlsx``) or ``shipped/...``.
    file: str
    error: str
    #: The data folder.
    data: Path

    @property
    def path(self) -> Path:
        """The file itself, for a message on the terminal."""
        if Path(self.file).is_absolute() or self.file.startswith("shipped/"):
            return Path(self.file)  # a shipped table is named by its package name
        return self.data / self.file

    @property
    def shown(self) -> str:
        """Its name as a page shows it: from the data folder's name (``data/raw/x.xlsx``)."""
        path = Path(self.file)
        if path.is_absolute():
            with contextlib.suppress(ValueError):
                return str(path.relative_to(self.data.parent))
            return path.name
        return self.file if self.file.startswith("shipped/") else f"{self.data.name}/{self.file}"


def build_failures(data_dir: str | None) -> list[Unread]:
    """The input files the last build could not read, from ``processed/build.json``.

    A missing or damaged ``build.json`` (or one without ``failed``) means none.

    Parameters
    ----------
    data_dir : str or None
        The data folder.

    Returns
    -------
    list of Unread
        Each file and its error, in the build's order.
    """
    try:
        record = json.loads((paths.processed_dir(data_dir) / "build.json")
                            .read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    failed = record.get("failed") if isinstance(record, dict) else None
    if not isinstance(failed, list):
        return []
    data = paths.data_dir(data_dir)
    return [Unread(item["file"], " ".join(str(item.get("error") or "unreadable").split()), data)
            for item in failed
            if isinstance(item, dict) and isinstance(item.get("file"), str) and item["file"]]
