"""Publish into the reports folder safely: its lock, whole-folder swaps, and recovery.

One run at a time holds the folder's lock; each period's folder is built aside
and swapped in whole, so a reader (or a kill) sees the old reports or the new
ones, never half of each.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from labexport.core.errors import ReportError


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
    old one removed after; elsewhere the old folder is renamed aside first, and
    :func:`recover` puts it back if a run dies between the two renames.
    """
    if final.exists() and _exchange(work, final):
        shutil.rmtree(work)  # now holds the old reports
        return
    old = final.with_name(f".old-{final.name}")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(work, final)
    if old.exists():
        shutil.rmtree(old)


def recover(out_dir: Path) -> None:
    """Finish or undo a swap that a killed run left half done, and drop its temporary files."""
    if not out_dir.is_dir():
        return
    for old in out_dir.glob(".old-*"):
        final = out_dir / old.name.removeprefix(".old-")
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, final)
    # Called under the lock: every temporary folder or file left here is a dead run's.
    for tmp in out_dir.glob(".tmp-*"):
        if not tmp.name.startswith(f".tmp-{os.getpid()}-"):
            shutil.rmtree(tmp, ignore_errors=True)
    for tmp in out_dir.glob(".index.*.tmp"):
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
    """Hold the reports folder's lock (``out_dir/.lock``, holding our pid) while building.

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
    fd = os.open(out_dir / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
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
