"""What the dataset was built from: the manifest ``processed/build.json``, and safe writing.

``labexport build`` writes, beside ``facts.csv``, a JSON object:

- ``format``: the manifest's format (:data:`FORMAT`);
- ``version``: the labexport version that built it;
- ``inputs``: the SHA-256 of every input file (:func:`labexport.data.paths.input_files`),
  by its name in the data folder (``bulletins/x.txt``, ``raw/t.csv``; the shipped
  tables as ``shipped/<name>``); an input that could not be read at all is ``""``;
- ``facts``: the SHA-256 and the number of rows of the ``facts.csv`` written;
- ``failed``: the input files the build left out, ``[{"file": name, "error": reason}]``.

The dataset is out of date (:func:`is_current` is false) when either file is
missing or damaged, when ``facts.csv`` is not the file the build wrote, when the
inputs are not the same set of (name, SHA-256) -- a file added, removed, changed
or restored from an older copy, whatever its modification time says -- or when
another version of labexport built it. The inputs are hashed every time, with no
cache keyed on modification times: a few megabytes take a few milliseconds.

Files are written to a temporary file in the same folder (``.<name>.<random>.tmp``,
created with mode 0666 so that the user's umask decides, 0644 under umask 022),
flushed to disk, then renamed into place; a failed write removes its temporary
file. A build holds an ``flock`` on ``processed/.build.lock``: one build at a time
per data folder, so the temporary files found when it starts are those of killed
runs, and are removed. This module needs no pandas, so the command line can check
freshness fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labexport.core import files
from labexport.core.errors import BuildError

#: The format of ``build.json`` this code writes and reads.
FORMAT = 1
FACTS_NAME = "facts.csv"
MANIFEST_NAME = "build.json"
LOCK_NAME = ".build.lock"
#: The names of the temporary files this module writes in ``processed/``.
TEMP_PREFIXES = (f".{FACTS_NAME}.", f".{MANIFEST_NAME}.")
TEMP_SUFFIX = ".tmp"
#: The name, in a manifest, of a shipped table (package data).
SHIPPED = "shipped"


@dataclass(frozen=True)
class Failure:
    """An input file a build left out: its name in the data folder and why, in one line."""

    file: str
    error: str

    def describe(self, data_dir: Path) -> str:
        """The failure as a line for the user: the file's path, then the reason."""
        where = self.file if self.file.startswith(f"{SHIPPED}/") else str(data_dir / self.file)
        return f"{where}: {self.error}"


@dataclass(frozen=True)
class Manifest:
    """What one build read and wrote (see the module's description)."""

    inputs: dict[str, str]
    version: str
    facts_sha256: str
    facts_rows: int
    failed: tuple[Failure, ...] = ()
    format: int = FORMAT

    def to_json(self) -> bytes:
        """The manifest as the bytes of ``build.json``."""
        record = {
            "format": self.format,
            "version": self.version,
            "inputs": dict(sorted(self.inputs.items())),
            "facts": {"file": FACTS_NAME, "sha256": self.facts_sha256, "rows": self.facts_rows},
            "failed": [{"file": f.file, "error": f.error} for f in self.failed],
        }
        return (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def package_version() -> str:
    """The labexport version, recorded by a build (another version rebuilds)."""
    from labexport import __version__

    return __version__


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of ``data`` in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """The SHA-256 of a file's content, or ``None`` if it cannot be read."""
    try:
        return files.sha256_file(path)
    except OSError:
        return None


def input_name(path: Path, data_dir: Path) -> str:
    """The name of an input in a manifest: its path in ``data_dir``, or ``shipped/<name>``."""
    try:
        return path.relative_to(data_dir).as_posix()
    except ValueError:
        return f"{SHIPPED}/{path.name}"


def hash_inputs(data_dir: Path) -> dict[str, str]:
    """Name -> SHA-256 of every input file of the data folder (``""`` if unreadable)."""
    from labexport.data.paths import input_files

    return {input_name(p, data_dir): sha256_file(p) or "" for p in input_files(data_dir)}


def read_manifest(data_dir: Path) -> Manifest | None:
    """The manifest of the last build in ``data_dir``, or ``None`` if missing or damaged."""
    return manifest_at(data_dir / "processed" / MANIFEST_NAME)


def manifest_at(path: Path) -> Manifest | None:
    """Read the manifest ``path``; ``None`` if it is missing, damaged or of another format."""
    try:
        record = json.loads(path.read_bytes().decode("utf-8"))
        return _from_record(record)
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _from_record(record: dict[str, Any]) -> Manifest | None:
    if record["format"] != FORMAT:
        return None
    inputs = {str(name): str(sha) for name, sha in record["inputs"].items()}
    facts = record["facts"]
    failed = tuple(Failure(str(f["file"]), str(f["error"])) for f in record["failed"])
    return Manifest(inputs=inputs, version=str(record["version"]),
                    facts_sha256=str(facts["sha256"]), facts_rows=int(facts["rows"]),
                    failed=failed)


def build_failures(data_dir: str | os.PathLike[str] | None = None) -> list[Failure]:
    """The input files the last build of ``data_dir`` left out (none if it has no manifest).

    Examples
    --------
    >>> build_failures("/nonexistent")
    []
    """
    from labexport.data.paths import data_dir as resolve

    manifest = read_manifest(resolve(data_dir))
    return list(manifest.failed) if manifest is not None else []


def is_current(data_dir: Path) -> bool:
    """Whether ``processed/facts.csv`` is what a build of the inputs as they are now writes."""
    manifest = read_manifest(data_dir)
    if manifest is None or manifest.version != package_version():
        return False
    if sha256_file(data_dir / "processed" / FACTS_NAME) != manifest.facts_sha256:
        return False
    return hash_inputs(data_dir) == manifest.inputs


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the build lock of ``folder`` (made if missing); remove temp files of dead runs.

    Raises
    ------
    BuildError
        If the folder cannot be made or written in (read-only, not a folder).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as exc:
        raise BuildError(f"{folder}: cannot write the dataset in this folder: "
                         f"{exc.strerror or exc}", path=str(folder)) from None
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - no flock on Windows: no lock
            pass
        else:
            fcntl.flock(fd, fcntl.LOCK_EX)
        remove_stale_temps(folder)
        yield
    finally:
        os.close(fd)


def remove_stale_temps(folder: Path) -> list[str]:
    """Remove this module's temporary files in ``folder``; return their names.

    Only call it holding :func:`build_lock`: then no live build is writing them.
    """
    removed = []
    with suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name.startswith(TEMP_PREFIXES) and entry.name.endswith(TEMP_SUFFIX):
                with suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(entry.name)
    return removed


def write_files(files: list[tuple[Path, bytes]]) -> None:
    """Write every ``(path, content)`` to a temporary file, then rename them all into place.

    Nothing is renamed until every file is complete on disk, so a failure (a
    full disk, a read-only folder) leaves all the previous files as they were
    and no temporary file behind.

    Raises
    ------
    BuildError
        If a file cannot be written: names it and the system's reason.
    """
    staged: list[tuple[Path, Path]] = []
    path = files[0][0] if files else Path()
    try:
        for path, content in files:
            tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            staged.append((tmp, path))
            with open(fd, "wb") as fh:
                _write_bytes(fh, content)
                fh.flush()
                os.fsync(fh.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
    except OSError as exc:
        raise BuildError(f"{path}: cannot write: {exc.strerror or exc}", path=str(path)) from None
    finally:
        for tmp, _path in staged:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)


def _write_bytes(fh: Any, content: bytes) -> None:
    fh.write(content)
