"""The private folders of kernels, and clearing those that dead runs left behind.

Each kernel gets a folder ``labexport-kernel-*`` in the temporary folder, with
its connection file, its IPC sockets and its stderr log. The folder's ``owner``
file holds the pid of the labexport process that started the kernel,
``kernel.pid`` the kernel's own. A run that is killed (SIGKILL, the OOM killer)
cannot remove its folders; its kernels notice within a second that their parent
is gone and exit (ipykernel's parent poller). The next run clears what is left
(:func:`clear_dead`): a folder of this user whose owner is no longer running is
removed, after killing any process still started from it (one whose command line
names the folder's connection file, and nothing else).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import tempfile
import time
from pathlib import Path

PREFIX = "labexport-kernel-"
OWNER = "owner"
KERNEL_PID = "kernel.pid"
#: A folder without an owner file (made by an older labexport) is left alone this many seconds.
UNOWNED_AGE = 60.0


def new_folder() -> Path:
    """Make a kernel folder owned by this process."""
    home = Path(tempfile.mkdtemp(prefix=PREFIX))
    (home / OWNER).write_text(f"{os.getpid()}\n", encoding="ascii")
    return home


def record_kernel(home: Path, pid: int) -> None:
    """Note the kernel's pid in its folder."""
    (home / KERNEL_PID).write_text(f"{pid}\n", encoding="ascii")


def is_running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _pid_in(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _command_lines() -> dict[int, bytes]:
    """The command lines of this user's processes (empty where there is no ``/proc``)."""
    found = {}
    uid = os.getuid()
    with contextlib.suppress(OSError):
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                if os.stat(f"/proc/{entry}").st_uid != uid:
                    continue
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    found[int(entry)] = f.read()
            except OSError:
                continue
    return found


def _users(home: Path, commands: dict[int, bytes]) -> list[int]:
    needle = os.fsencode(home) + b"/"
    return [pid for pid, cmd in commands.items() if needle in cmd and pid != os.getpid()]


def kill_group(pid: int) -> None:
    """SIGKILL process ``pid`` and, if it leads one, its process group (kernels do)."""
    with contextlib.suppress(OSError):
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)


def _candidates() -> list[tuple[Path, int | None, float]]:
    """The kernel folders of this user, each with its owner's pid (if written) and its age."""
    out = []
    uid, now = os.getuid(), time.time()
    for home in Path(tempfile.gettempdir()).glob(PREFIX + "*"):
        try:
            st = home.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode) and st.st_uid == uid:
            out.append((home, _pid_in(home / OWNER), now - st.st_mtime))
    return out


def clear_dead() -> list[Path]:
    """Remove the kernel folders of runs that are no longer running; kill their kernels.

    Only this user's folders are looked at; one whose owner still runs, or
    without an owner file and younger than :data:`UNOWNED_AGE` seconds or still
    in use, is left alone. Returns the folders removed.
    """
    commands: dict[int, bytes] | None = None
    removed = []
    for home, owner, age in _candidates():
        if owner is not None and (owner == os.getpid() or is_running(owner)):
            continue
        if owner is None and age < UNOWNED_AGE:
            continue
        if commands is None:
            commands = _command_lines()
        users = _users(home, commands)
        if owner is None and users:
            continue  # an older labexport's kernel, still running
        for pid in users:
            kill_group(pid)
        shutil.rmtree(home, ignore_errors=True)
        removed.append(home)
    return removed
