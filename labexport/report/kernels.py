"""Warm ``python3`` kernels, reused from report to report, and the papermill call that uses them.

Starting a kernel and importing pandas, matplotlib and labexport in it costs
more than a report's own work. A :class:`Worker` starts one kernel (over IPC
sockets, so parallel kernels never collide on TCP ports), imports the report
modules once, and runs notebook after notebook in it through papermill's Python
API. Between notebooks the kernel's namespace is cleared (``%reset -f``), so
every notebook starts from empty variables as under a fresh kernel; only the
imported modules stay loaded.

Every wait on a kernel is watched (:mod:`labexport.report.notebook_engine`): a
kernel that dies (the OOM killer, say) fails its report at once with ``kernel
died while running cell N (killed by signal 9)`` and is replaced for the next
one; a cell over :data:`CELL_TIMEOUT` seconds fails its report; a stop (SIGINT,
SIGTERM: :mod:`labexport.report.stopping`) makes each thread shut its kernel
down, and :meth:`Pool.close` waits for the threads before it touches the kernels
left, so no kernel socket is used by two threads at once. What killed runs left
is cleared when a pool starts (:mod:`labexport.report.kernel_folders`).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures import wait as wait_for
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from labexport.core.errors import NotebookError, ReportError, RunInterruptedError
from labexport.report import stopping
from labexport.report.kernel_folders import clear_dead, kill_group, new_folder, record_kernel
from labexport.report.notebook_engine import (
    POLL,
    RESET_TAG,
    engine,
    manager_class,
    python_literal,
    use_readable_parameters,
)

if TYPE_CHECKING:  # pragma: no cover - nbformat is imported when a notebook runs
    from nbformat import NotebookNode

KERNEL = "python3"
#: Seconds a single notebook cell may run before the report is marked failed.
CELL_TIMEOUT = 300
#: Seconds a kernel may take to start.
START_TIMEOUT = 120
#: Seconds :meth:`Pool.close` waits for its threads before it kills the kernels they hold.
GRACE = 5.0
#: Imported once per kernel, before the first notebook.
WARM_UP = ("import matplotlib.pyplot, pandas, seaborn\n"
           "import labexport.report.page, labexport.report.narrative, labexport.report.plots, "
           "labexport.analysis.indicators, labexport.analysis.panel")

#: First cell of every run (tagged RESET_TAG): an empty namespace, as under a fresh kernel.
RESET = "get_ipython().run_line_magic('reset', '-f')"

__all__ = ["RESET_TAG", "Pool", "Worker", "pool_size", "python_literal", "use_readable_parameters"]

T = TypeVar("T")
R = TypeVar("R")


def _how(code: int) -> str:
    return f"killed by signal {-code}" if code < 0 else f"exit code {code}"


def _first_line(exc: BaseException) -> str:
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {first}".rstrip(": ")


class Worker:
    """One warm kernel and the papermill runs made in it (one thread at a time).

    Setting ``closing`` (an event the pool shares) stops its waits as a signal does.
    """

    def __init__(self, closing: threading.Event | None = None) -> None:
        self.km: Any = None
        self.closing = closing if closing is not None else threading.Event()
        self._home: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._cell: int | None = None
        self._last_cell = 0
        self._deadline: float | None = None
        self._starting = False

    def _cell_started(self, number: int | None) -> None:
        """Note the cell now running (``None``: none); its time starts."""
        self._cell = number
        if number is not None:
            self._last_cell = number
        self._deadline = None if number is None else time.monotonic() + CELL_TIMEOUT

    def _doing(self) -> str:
        if self._starting:
            return "while starting"
        if self._cell is None:
            return "between cells"
        return "before cell 1" if self._cell == 0 else f"while running cell {self._cell}"

    def _check(self) -> None:
        """Called between two polls of the kernel's sockets: give up if the wait is hopeless."""
        if stopping.requested() or self.closing.is_set():
            raise RunInterruptedError("interrupted")
        code = self._proc.poll() if self._proc is not None else None
        if code is not None:
            raise NotebookError(f"kernel died {self._doing()} ({_how(code)})")
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise NotebookError(f"cell {self._cell} did not finish within {CELL_TIMEOUT} s")

    def _launch(self) -> None:
        # A private folder per kernel: its IPC sockets, connection file and stderr log.
        self._home = new_folder()
        km = manager_class()(kernel_name=KERNEL, transport="ipc",
                             connection_file=str(self._home / "kernel.json"))
        with (self._home / "stderr.log").open("wb") as log:
            km.start_kernel(cwd=str(self._home), env=_kernel_env(), stdout=subprocess.DEVNULL,
                            stderr=log, extra_arguments=["--HistoryManager.enabled=False"])
        self.km = km
        self._proc = km.provisioner.process
        record_kernel(self._home, km.provisioner.process.pid)
        km.on_cell = self._cell_started

    def _connect(self) -> None:
        client = self.km.client()
        client.watch = self._check
        # No heartbeat thread: the process is watched instead, and stopping that thread
        # just after it started makes it open sockets in a loop (jupyter_client's race).
        client.start_channels(hb=False)
        client.wait_for_ready(timeout=START_TIMEOUT)
        msg_id = client.execute(WARM_UP, silent=True, store_history=False)
        end = time.monotonic() + START_TIMEOUT
        while True:
            try:
                reply = client.shell_channel.get_msg(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                raise NotebookError(f"no answer within {START_TIMEOUT} s") from None
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        if reply["content"]["status"] != "ok":  # pragma: no cover - a broken install
            raise NotebookError(f"warm-up failed: {reply['content'].get('evalue')}")

    def last_log_line(self) -> str:
        """The kernel's last line on stderr (for an error message), or ``""``."""
        home = self._home
        if home is None:  # no kernel, or it was shut down
            return ""
        try:
            lines = (home / "stderr.log").read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1][:200] if lines else ""

    def ensure_ready(self) -> None:
        """Start the kernel if there is none or it died.

        Raises
        ------
        NotebookError
            ``kernel did not start: ...`` (its folder is removed again).
        RunInterruptedError
            The run is stopping.
        """
        if self.km is not None and (self._proc is None or self._proc.poll() is not None):
            self.shutdown()
        if self.km is not None:
            return
        self._starting = True
        try:
            self._launch()
            self._connect()
        except RunInterruptedError:
            self.shutdown()
            raise
        except Exception as exc:
            why = str(exc) if isinstance(exc, NotebookError) else _first_line(exc)
            log = self.last_log_line()
            self.shutdown()
            raise NotebookError(f"kernel did not start: {why}" + (f" ({log})" if log else "")
                                ) from None
        finally:
            self._starting = False

    def execute(self, source: Path, output: Path, parameters: dict[str, Any]) -> NotebookNode:
        """Run ``source`` with ``parameters`` in the warm kernel; write the result to ``output``.

        Returns the executed notebook. Cells are numbered by their place in the
        report's own notebook (``notebooks/<name>.ipynb``), from 1.

        Raises
        ------
        NotebookError
            With ``cell N: Error: message`` for a failing cell, ``kernel died while
            running cell N (killed by signal 9)``, or the reason the kernel could not
            run it. The partial notebook is written either way.
        RunInterruptedError
            The run is stopping (the kernel is shut down).
        """
        import nbformat
        import papermill as pm
        from papermill.exceptions import PapermillExecutionError

        self.ensure_ready()
        use_readable_parameters()
        nb = nbformat.read(source, as_version=4)
        reset = nbformat.v4.new_code_cell(RESET)
        reset.metadata["tags"] = [RESET_TAG]
        nb.cells.insert(0, reset)
        try:
            return pm.execute_notebook(nb, str(output), parameters=parameters,
                                       engine_name=engine(),
                                       kernel_name=KERNEL, km=self.km,
                                       execution_timeout=CELL_TIMEOUT,
                                       start_timeout=START_TIMEOUT, progress_bar=False,
                                       log_output=False, report_mode=False)
        except PapermillExecutionError as exc:
            raise NotebookError(f"cell {self._last_cell}: {exc.ename}: {exc.evalue}") from None
        except ReportError:  # a dead kernel, a cell over its time, a stop
            self.shutdown()  # a kernel in an unknown state is not reused
            raise
        except Exception as exc:
            why, log = _first_line(exc), self.last_log_line()
            self.shutdown()
            raise NotebookError(f"{why} ({log})" if log else why) from None
        finally:
            self._cell_started(None)

    def shutdown(self) -> None:
        """Stop the kernel (if any) and remove its folder."""
        if self.km is not None:
            try:
                self.km.client().stop_channels()
                self.km.shutdown_kernel(now=True)
            except Exception:  # it is going away either way
                self.kill()
            self.km = None
        self._proc = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    def kill(self) -> None:
        """Kill the kernel and remove its folder without touching its sockets.

        For a worker whose thread did not end: that thread may still hold its client.
        """
        proc = self._proc
        if proc is not None and proc.returncode is None:  # not reaped: its pid is still its own
            kill_group(proc.pid)
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


class Pool:
    """Up to ``size`` warm kernels; :meth:`map` runs jobs on them in parallel threads.

    Kernel folders of dead runs are cleared first; the kernels start at once, in
    the background, while the caller does its own work.
    """

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        with contextlib.suppress(OSError):
            clear_dead()
        self._closing = threading.Event()
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._workers = [Worker(self._closing) for _ in range(self.size)]
        self._threads: list[threading.Thread] = []
        for worker in self._workers:
            self._spawn(self._warm, worker)

    def _spawn(self, target: Callable[..., None], *args: Any) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self._threads.append(thread)

    def _warm(self, worker: Worker) -> None:
        try:
            worker.ensure_ready()
        except Exception:  # the first job will try again and report the error
            worker.shutdown()
        finally:
            self._idle.put(worker)

    def _check(self) -> None:
        if stopping.requested() or self._closing.is_set():
            raise RunInterruptedError("interrupted")

    def _take(self) -> Worker:
        while True:
            self._check()
            try:
                return self._idle.get(timeout=POLL)
            except queue.Empty:
                continue

    def _serve(self, job: Callable[[Worker, T], R], then: Callable[[T, R], R] | None,
               todo: queue.Queue[tuple[T, Future[R]]]) -> None:
        while not self._closing.is_set():
            try:
                item, future = todo.get_nowait()
            except queue.Empty:
                return
            if not future.set_running_or_notify_cancel():
                continue
            try:
                worker = self._take()
                try:
                    result = job(worker, item)
                finally:
                    self._idle.put(worker)
                self._check()  # no export once the run stops
                future.set_result(then(item, result) if then is not None else result)
            except BaseException as exc:  # handed to the caller of map
                future.set_exception(exc)

    def _wait(self, future: Future[R]) -> R:
        while not wait_for([future], timeout=POLL).done:
            self._check()
        return future.result()

    def map(self, job: Callable[[Worker, T], R], items: Iterable[T],
            then: Callable[[T, R], R] | None = None) -> Iterator[R]:
        """Run ``job(worker, item)`` for every item, then ``then(item, result)`` off the kernel.

        The kernel goes back to the pool as soon as ``job`` returns, so the next
        notebook starts while ``then`` (an export, say) runs. Results come in
        the items' order.

        Raises
        ------
        RunInterruptedError
            A signal asked the run to stop (:mod:`labexport.report.stopping`).
        """
        todo: queue.Queue[tuple[T, Future[R]]] = queue.Queue()
        futures: list[Future[R]] = []
        for item in items:
            futures.append(Future())
            todo.put((item, futures[-1]))
        # Twice as many threads as kernels: a thread exporting a finished report must not
        # keep the next notebook from starting on the kernel it just gave back.
        for _ in range(min(2 * self.size, len(futures))):
            self._spawn(self._serve, job, then, todo)
        for future in futures:
            yield self._wait(future)

    def close(self) -> None:
        """Stop every kernel and remove its folder (in parallel: each waits for its process).

        The pool's threads stop first (a running notebook gives up at its next
        poll); a kernel is shut down only once no thread uses it, as closing its
        client under another thread's wait breaks ZeroMQ. A thread that does not
        end within :data:`GRACE` seconds has its kernel killed instead.
        """
        self._closing.set()
        end = time.monotonic() + GRACE
        for thread in self._threads:
            thread.join(max(0.0, end - time.monotonic()))
        free = []
        with contextlib.suppress(queue.Empty):
            while True:
                free.append(self._idle.get_nowait())
        for worker in self._workers:
            if worker not in free:
                worker.kill()
        threads = [threading.Thread(target=w.shutdown) for w in free]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def pool_size(jobs: int) -> int:
    """Kernels to start for ``jobs`` notebooks: at most the number of cores."""
    return max(1, min(jobs, os.cpu_count() or 1))
