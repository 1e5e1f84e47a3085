"""Publish into the reports folder safely: its marker, lock, whole-folder swaps and recovery.

A reports folder is labexport's when it holds the marker file ``.labexport-reports``
(its format version). labexport only ever deletes or renames what it made
there, and names all of that unmistakably: a run's temporary entries are
``.labexport-tmp-<pid>-*``, a folder set aside during a swap is
``.labexport-old-<name>``, the lock is ``.labexport-lock``. Everything else in
the folder (a user's files, a ``.tmp-*`` or ``.old-*`` of anyone's) is left
alone.

One run at a time holds the folder's lock; each period's folder is built aside
and swapped in whole, so a reader (or a kill) sees the old reports or the new
ones, never half of each.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from labexport.core.errors import ReportError
from labexport.core.files import write_text_atomically

#: The marker file that makes a folder a labexport reports folder, and its format.
MARKER = ".labexport-reports"
FORMAT = 1
#: The lock file (an ``flock``; it holds the pid of the run holding it).
LOCK = ".labexport-lock"
#: The first part of every temporary entry a run makes (then ``<pid>-``).
TMP_PREFIX = ".labexport-tmp-"
#: The name of a folder set aside while its replacement is renamed in (then its name).
OLD_PREFIX = ".labexport-old-"
#: The option that lets labexport use a non-empty folder it did not make.
EXISTING_FLAG = "--out-existing"

_PERIOD = re.compile(r"\d{4}-\d{2}")


def tmp_prefix() -> str:
    """The prefix of this run's temporary entries: ``.labexport-tmp-<pid>-``."""
    return f"{TMP_PREFIX}{os.getpid()}-"


def _marker_format(out_dir: Path) -> int | None:
    """The format recorded in ``out_dir``'s marker, ``0`` if unreadable, ``None`` if none."""
    path = out_dir / MARKER
    if not path.is_file():
        return None
    try:
        found = json.loads(path.read_text(encoding="utf-8")).get("format")
    except (OSError, ValueError, AttributeError):
        return 0
    return found if isinstance(found, int) else 0


def _made_by_older_version(out_dir: Path) -> bool:
    """True for a reports folder an older labexport made: ``index.html`` and a period's sidecar."""
    if not (out_dir / "index.html").is_file():
        return False
    for period in out_dir.iterdir():
        if period.is_dir() and _PERIOD.fullmatch(period.name):
            for side in period.glob("*.json"):
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    if "sidecar_version" in json.loads(side.read_text(encoding="utf-8")):
                        return True
    return False


def _only_labexport_entries(out_dir: Path) -> bool:
    """True if every entry is one labexport writes by itself (review pages, its lock)."""
    return all(p.name in ("review", ".lock", LOCK) or p.name.startswith(TMP_PREFIX)
               for p in out_dir.iterdir())


def check_reports_folder(out_dir: Path, *, existing: bool = False) -> None:
    """Check that reports may be written in ``out_dir``; raise a one-line error if not.

    Accepted: a folder that does not exist yet (it is made), an empty folder, a
    folder with labexport's marker, a reports folder an older labexport made
    (``index.html`` and period folders with sidecars), and, if ``existing``, any
    other folder (labexport then adds its own entries and leaves the rest alone).

    Parameters
    ----------
    out_dir : Path
        The reports folder, absolute.
    existing : bool
        Use a non-empty folder that labexport did not make (``--out-existing``).

    Raises
    ------
    ReportError
        The filesystem root, a file, a folder that cannot be written, a folder
        made by a newer labexport, or a non-empty folder that is not a reports
        folder; the message names the folder and what to do.
    """
    if out_dir.parent == out_dir:
        raise ReportError(f"refusing to write reports in {out_dir} (the filesystem root); "
                          "give --out a folder of its own, e.g. --out reports")
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"cannot write reports in {out_dir}: it is a file, not a folder "
                          "(give --out a folder)")
    found = _marker_format(out_dir) if out_dir.is_dir() else None
    if found is not None and found > FORMAT:
        raise ReportError(f"{out_dir} holds reports of a newer labexport (folder format {found}, "
                          f"this one writes {FORMAT}); use that version or another --out")
    if (found is None and out_dir.is_dir() and any(out_dir.iterdir()) and not existing
            and not _only_labexport_entries(out_dir) and not _made_by_older_version(out_dir)):
        raise ReportError(f"{out_dir} is not empty and is not a labexport reports folder; "
                          f"give --out a new or empty folder, or add {EXISTING_FLAG} to add "
                          "the reports to it (everything already there is left as it is)")
    _check_writable(out_dir)


def _check_writable(out_dir: Path) -> None:
    """Raise if ``out_dir`` (or the folder it would be made in) cannot be written."""
    probe = out_dir
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        raise ReportError(f"cannot write reports in {out_dir}: {probe} is a file, not a folder "
                          "(give --out a folder)")
    if not os.access(probe, os.W_OK | os.X_OK):
        raise ReportError(f"cannot write reports in {out_dir}: Permission denied "
                          "(give --out a folder you can write to)")


def claim(out_dir: Path) -> None:
    """Mark ``out_dir`` as a labexport reports folder (if it is not yet); call under the lock."""
    path = out_dir / MARKER
    if _marker_format(out_dir) == FORMAT:
        return
    write_text_atomically(path, json.dumps({"format": FORMAT, "made_by": "labexport"}) + "\n",
                          prefix=f"{tmp_prefix()}marker-")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False if not."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def swap_in(work: Path, final: Path) -> None:
    """Replace folder ``final`` by ``work`` so that a reader (or a kill) sees one or the other.

    Where the system can exchange two folders atomically, that is done and the
    old one removed after; elsewhere the old folder is renamed aside first (to
    ``.labexport-old-<name>``), and :func:`recover` puts it back if a run dies
    between the two renames.
    """
    if final.exists() and _exchange(work, final):
        shutil.rmtree(work)  # now holds the old reports
        return
    old = final.with_name(f"{OLD_PREFIX}{final.name}")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(work, final)
    if old.exists():
        shutil.rmtree(old)


def recover(out_dir: Path) -> None:
    """Finish or undo a swap that a killed run left half done, and drop its temporary entries.

    Only labexport's own names are touched (``.labexport-old-*``, ``.labexport-tmp-*``);
    called under the lock, so every one of them is a dead run's.
    """
    if not out_dir.is_dir():
        return
    for old in out_dir.glob(f"{OLD_PREFIX}*"):
        final = out_dir / old.name.removeprefix(OLD_PREFIX)
        if not final.name:
            continue
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, final)
    for tmp in out_dir.glob(f"{TMP_PREFIX}*"):
        if tmp.is_dir() and not tmp.is_symlink():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)


def _take_lock(fd: int, out_dir: Path, wait: float) -> None:
    """``flock`` the open lock file ``fd``, retrying for ``wait`` seconds, or raise."""
    import fcntl

    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() < deadline:
                time.sleep(0.2)
                continue
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise ReportError(f"{out_dir} is locked by running process {holder} "
                              "(another labexport run; try again when it ends)") from None


@contextlib.contextmanager
def locked(out_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the reports folder's lock (``out_dir/.labexport-lock``, holding our pid).

    The lock is an ``flock`` on that file: the system releases it when its
    holder exits, however it ends (a SIGKILL included), so a lock left by a dead
    run is stale by construction and the next run simply takes it.

    Raises
    ------
    ReportError
        ``"<dir> is locked by running process <pid> ..."`` if another live run holds
        it after ``wait`` seconds.
    """
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / LOCK, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        _take_lock(fd, out_dir, wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
