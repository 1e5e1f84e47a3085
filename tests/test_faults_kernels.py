"""Report runs whose kernels die, that are interrupted, or that were killed before."""

import fcntl
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT

from labexport.report.publish import LOCK, TMP_PREFIX
from labexport.report.registry import REPORTS

PERIODS = ("2025-05", "2025-06", "2025-07")
TMP = Path(tempfile.gettempdir())


class Run:
    """``labexport report`` in a subprocess, with its output in files and its kernels watched."""

    def __init__(self, tmp_path: Path, out: Path, data: Path, *args: str) -> None:
        self.out = out
        self.stdout = tmp_path / f"stdout-{time.monotonic_ns()}.txt"
        self.stderr = self.stdout.with_name(self.stdout.name.replace("stdout", "stderr"))
        with self.stdout.open("wb") as so, self.stderr.open("wb") as se:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "labexport.cli", "report", "--data-dir", str(data),
                 "--out", str(out), *args],
                cwd=ROOT, stdout=so, stderr=se, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.started = time.monotonic()
        self.kernels: set[int] = set()
        self.folders: set[Path] = set()

    def watch(self) -> list[int]:
        """The kernels running now (and note them, with their folders)."""
        now = []
        for pid in _children(self.proc.pid):
            cmd = _cmdline(pid)
            if b"ipykernel_launcher" in cmd:
                now.append(pid)
                self.kernels.add(pid)
                found = re.search(rb"(\S*labexport-kernel-[^/\s]+)/kernel\.json", cmd)
                if found:
                    self.folders.add(Path(os.fsdecode(found.group(1))))
        return now

    def wait_until(self, what, timeout: float = 120.0):
        deadline = time.monotonic() + timeout
        while True:
            self.watch()
            value = what()
            if value:
                return value
            assert self.proc.poll() is None, self.stderr.read_text()
            assert time.monotonic() < deadline, f"gave up waiting; {self.stderr.read_text()}"
            time.sleep(0.01)

    def finish(self, timeout: float) -> float:
        """Wait for the end; return the seconds it took."""
        since = time.monotonic()
        while self.proc.poll() is None:
            self.watch()
            if time.monotonic() - since > timeout:
                self.proc.kill()
                self.proc.wait()
                pytest.fail(f"the run did not end within {timeout} s")
            time.sleep(0.02)
        return time.monotonic() - since

    def lines(self) -> list[str]:
        return self.stdout.read_text(encoding="utf-8").splitlines()


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    for task in tasks:
        try:
            found += [int(x) for x in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime


def _lock_is_free(out: Path) -> bool:
    if not (out / LOCK).exists():  # stopped before it took the lock
        return True
    fd = os.open(out / LOCK, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _folders_owned_by(pid: int) -> list[Path]:
    found = []
    for home in TMP.glob("labexport-kernel-*"):
        try:
            if (home / "owner").read_text().strip() == str(pid):
                found.append(home)
        except OSError:
            continue
    return found


def _no_trace_left(run: Run) -> None:
    """No kernel of the run alive, none of its kernel folders left, the reports folder free."""
    assert _lock_is_free(run.out)
    deadline = time.monotonic() + 5  # a kernel killed by its parent may take a moment to go
    while any(_alive(pid) and b"ipykernel" in _cmdline(pid) for pid in run.kernels):
        assert time.monotonic() < deadline, "a kernel outlived its run"
        time.sleep(0.05)
    assert [p for p in run.folders if p.exists()] == []
    assert _folders_owned_by(run.proc.pid) == []
    assert [p.name for p in run.out.glob(TMP_PREFIX + "*")] == []


def _sidecars(out: Path, period: str) -> dict[str, dict]:
    found = {}
    for path in (out / period).rglob("*.json"):
        side = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(side, dict) and side.get("report") in REPORTS:
            assert (path.with_suffix(".html")).is_file()
            found[side["report"]] = side
    return found


def _busy_kernel(run: Run) -> int | None:
    """A kernel using the CPU right now (running a notebook), if any."""
    before = {pid: _cpu_ticks(pid) for pid in run.watch()}
    time.sleep(0.1)
    busy = [pid for pid, ticks in before.items() if _cpu_ticks(pid) > ticks >= 0]
    return busy[0] if busy else None


# -- a kernel killed while it runs a notebook -------------------------------------------


@pytest.mark.notebook
def test_a_kernel_killed_mid_report_fails_that_report_and_the_others_are_built(
        shipped_data, tmp_path):
    out = tmp_path / "reports"
    run = Run(tmp_path, out, shipped_data, "--period", "2025-05:2025-07", "--force")
    run.wait_until(lambda: any(" built " in line for line in run.lines()))
    victim = run.wait_until(lambda: _busy_kernel(run))
    os.kill(victim, signal.SIGKILL)
    run.finish(timeout=60)

    assert run.proc.returncode == 1
    errors = run.stderr.read_text(encoding="utf-8").splitlines()
    assert len(errors) == 1, errors
    failed = re.fullmatch(r"labexport: error: (\S+) (\w+) failed: (kernel died (?:while running "
                          r"cell \d+|before cell 1) \(killed by signal 9\)) \(see (.+\.html)\)",
                          errors[0])
    assert failed, errors
    period, name, why, page = failed.groups()
    assert why in Path(page).read_text(encoding="utf-8")  # the error page shows it
    statuses = {(p, n): side["status"] for p in PERIODS for n, side in _sidecars(out, p).items()}
    assert statuses == {(p, n): "failed" if (p, n) == (period, name) else "built"
                        for p in PERIODS for n in REPORTS}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED" in index
    assert index.count(why) == 1  # the failed report, marked with its error
    assert victim in run.kernels
    assert len(run.kernels) >= 3  # a fresh kernel took over
    _no_trace_left(run)


# -- SIGINT and SIGTERM ------------------------------------------------------------------


def _interrupted(run: Run, sig: int, timeout: float = 10) -> float:
    run.watch()
    run.proc.send_signal(sig)
    took = run.finish(timeout=timeout)
    assert run.proc.returncode == 128 + sig
    assert run.stderr.read_text(encoding="utf-8") == "labexport: error: interrupted\n"
    _no_trace_left(run)
    return took


@pytest.mark.notebook
@pytest.mark.parametrize("delay", [0.7, 0.775, 0.85, 0.925, 1.0])
def test_ctrl_c_soon_after_the_start_stops_cleanly(shipped_data, tmp_path, delay):
    run = Run(tmp_path, tmp_path / "reports", shipped_data, "--period", "2025-05:2025-07",
              "--force")
    while time.monotonic() - run.started < delay:
        run.watch()
        time.sleep(0.005)
    _interrupted(run, signal.SIGINT)


@pytest.mark.notebook
@pytest.mark.parametrize("after", [0.0, 0.3])
def test_ctrl_c_while_the_kernels_start_stops_cleanly(shipped_data, tmp_path, after):
    run = Run(tmp_path, tmp_path / "reports", shipped_data, "--period", "2025-05:2025-07",
              "--force")
    run.wait_until(run.watch)
    time.sleep(after)
    assert run.lines() == []  # no report done yet: the kernels are still warming up
    _interrupted(run, signal.SIGINT)


@pytest.mark.notebook
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_reports_run_stops_cleanly(shipped_data, tmp_path, sig):
    out = tmp_path / "reports"
    run = Run(tmp_path, out, shipped_data, "--period", "2025-05:2025-07", "--force")
    run.wait_until(lambda: any(" built " in line for line in run.lines()))
    run.wait_until(lambda: _busy_kernel(run))
    assert _interrupted(run, sig) < 10
    assert len(run.lines()) < len(PERIODS) * len(REPORTS)


# -- what killed runs leave --------------------------------------------------------------


def _dead_pid() -> int:
    gone = subprocess.Popen(["true"])
    gone.wait()
    return gone.pid


@pytest.mark.notebook
def test_kernel_folders_of_dead_runs_are_cleared_and_others_kept(shipped_data, tmp_path):
    dead = Path(tempfile.mkdtemp(prefix="labexport-kernel-"))
    (dead / "owner").write_text(f"{_dead_pid()}\n")
    (dead / "kernel.json").write_text("{}")
    # An orphan "kernel": a process started from the dead run's folder, as ipykernel is.
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)",
                               str(dead / "kernel.json")], start_new_session=True)
    live = Path(tempfile.mkdtemp(prefix="labexport-kernel-"))
    (live / "owner").write_text(f"{os.getpid()}\n")
    (live / "kernel.json").write_text("{}")
    try:
        run = Run(tmp_path, tmp_path / "reports", shipped_data, "--period", "2025-07",
                  "--reports", "gender_share")
        run.finish(timeout=120)
        assert run.proc.returncode == 0, run.stderr.read_text()
        assert not dead.exists()
        assert orphan.wait(timeout=5) == -signal.SIGKILL
        assert sorted(p.name for p in live.iterdir()) == ["kernel.json", "owner"]
        _no_trace_left(run)
    finally:
        orphan.kill()
        orphan.wait()
        for path in (live, dead):
            for item in path.glob("*"):
                item.unlink()
            if path.exists():
                path.rmdir()


@pytest.mark.notebook
def test_after_a_sigkill_the_lock_is_free_and_the_next_run_clears_what_was_left(
        shipped_data, tmp_path):
    out = tmp_path / "reports"
    killed = Run(tmp_path, out, shipped_data, "--period", "2025-05:2025-07", "--force")
    killed.wait_until(lambda: _busy_kernel(killed))
    killed.proc.send_signal(signal.SIGKILL)
    killed.finish(timeout=5)
    assert _lock_is_free(out)
    assert killed.folders
    deadline = time.monotonic() + 10  # orphaned kernels notice their parent is gone
    while any(_alive(pid) for pid in killed.kernels):
        assert time.monotonic() < deadline, "an orphaned kernel kept running"
        time.sleep(0.1)
    nxt = Run(tmp_path, out, shipped_data, "--period", "2025-07", "--reports", "gender_share")
    nxt.finish(timeout=120)
    assert nxt.proc.returncode == 0, nxt.stderr.read_text()
    assert [p for p in killed.folders if p.exists()] == []
    _no_trace_left(nxt)


# -- one worker: a cell that kills its kernel, a cell over its time ---------------------


def _notebook(path: Path, *sources: str) -> Path:
    import nbformat

    cells = [nbformat.v4.new_markdown_cell("A note first.")]
    cells += [nbformat.v4.new_code_cell(source) for source in sources]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


@pytest.mark.notebook
def test_a_cell_that_kills_its_kernel_or_overruns_fails_at_once(tmp_path, monkeypatch):
    import nbformat

    from labexport.core.errors import NotebookError
    from labexport.report import kernels

    dies = _notebook(tmp_path / "dies.ipynb", "x = 1",
                     "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "y = 2")
    worker = kernels.Worker()
    try:
        worker.ensure_ready()
        home = Path(worker.km.connection_file).parent
        assert (home / "kernel.pid").read_text().strip() == str(worker.km.provisioner.pid)
        started = time.monotonic()
        message = "kernel died while running cell 3 (killed by signal 9)"
        with pytest.raises(NotebookError, match=f"^{re.escape(message)}$"):
            worker.execute(dies, tmp_path / "dies-out.ipynb", {})
        assert time.monotonic() - started < 5
        assert worker.km is None  # shut down and its folder removed; the next run starts one
        assert not home.exists()
        partial = nbformat.read(tmp_path / "dies-out.ipynb", as_version=4)
        assert [o.evalue for o in partial.cells[3].outputs] == [message]

        monkeypatch.setattr(kernels, "CELL_TIMEOUT", 2)
        slow = _notebook(tmp_path / "slow.ipynb", "import time\ntime.sleep(60)")
        worker.ensure_ready()
        started = time.monotonic()
        with pytest.raises(NotebookError, match=r"^cell 2 did not finish within 2 s$"):
            worker.execute(slow, tmp_path / "slow-out.ipynb", {})
        assert time.monotonic() - started < 5
        assert worker.km is None
    finally:
        worker.shutdown()
