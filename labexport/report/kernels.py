"""Warm ``python3`` kernels, reused from report to report, and the papermill call that uses them.

Starting a kernel and importing pandas, matplotlib and labexport in it costs
more than a report's own work. A :class:`Worker` starts one kernel (over IPC
sockets, so parallel kernels never collide on TCP ports), imports the report
modules once, and runs notebook after notebook in it through papermill's Python
API. Between notebooks the kernel's namespace is cleared (``%reset -f``), so
every notebook starts from empty variables as under a fresh kernel; only the
imported modules stay loaded. A kernel that died is replaced before the next
notebook.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from labexport.core.errors import NotebookError

if TYPE_CHECKING:  # pragma: no cover - nbformat is imported when a notebook runs
    from nbformat import NotebookNode

KERNEL = "python3"
#: Seconds a single notebook cell may run before the report is marked failed.
CELL_TIMEOUT = 300
#: Seconds a kernel may take to start.
START_TIMEOUT = 120
#: Imported once per kernel, before the first notebook.
WARM_UP = ("import matplotlib.pyplot, pandas, seaborn\n"
           "import labexport.report.page, labexport.report.narrative, labexport.report.plots, "
           "labexport.analysis.indicators, labexport.analysis.panel")

#: First cell of every run: an empty namespace, as under a fresh kernel (modules stay loaded).
RESET = "get_ipython().run_line_magic('reset', '-f')"
#: Its tag; the HTML export removes it.
RESET_TAG = "labexport-reset"


T = TypeVar("T")
R = TypeVar("R")


class Worker:
    """One warm kernel and the papermill runs made in it (one thread at a time)."""

    def __init__(self) -> None:
        self.km = None
        self._home: Path | None = None

    def _start(self) -> None:
        # A private folder per kernel: its IPC sockets, connection file and stderr log.
        self._home = Path(tempfile.mkdtemp(prefix="labexport-kernel-"))
        km = _manager_class()(kernel_name=KERNEL, transport="ipc",
                              connection_file=str(self._home / "kernel.json"))
        log = (self._home / "stderr.log").open("wb")
        try:
            km.start_kernel(cwd=str(self._home), env=_kernel_env(), stdout=subprocess.DEVNULL,
                            stderr=log, extra_arguments=["--HistoryManager.enabled=False"])
        finally:
            log.close()
        self.km = km
        client = km.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=START_TIMEOUT)
            reply = client.execute_interactive(WARM_UP, timeout=START_TIMEOUT, store_history=False,
                                               output_hook=lambda _msg: None)
            if reply["content"]["status"] != "ok":  # pragma: no cover - a broken install
                raise NotebookError(f"kernel warm-up failed: {reply['content'].get('evalue')}")
        except RuntimeError as exc:
            raise NotebookError(f"kernel did not start: {exc} {self.last_log_line()}") from None

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
        """Start the kernel if there is none or it died."""
        if self.km is not None and not self.km.is_alive():
            self.shutdown()
        if self.km is None:
            self._start()

    def execute(self, source: Path, output: Path, parameters: dict[str, Any]) -> NotebookNode:
        """Run ``source`` with ``parameters`` in the warm kernel; write the result to ``output``.

        Returns the executed notebook.

        Raises
        ------
        NotebookError
            With ``cell N: Error: message`` for a failing cell, or the reason the
            kernel could not run it. The partial notebook is written either way.
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
                                       engine_name=_engine(),
                                       kernel_name=KERNEL, km=self.km,
                                       execution_timeout=CELL_TIMEOUT,
                                       start_timeout=START_TIMEOUT, progress_bar=False,
                                       log_output=False, report_mode=False)
        except PapermillExecutionError as exc:
            raise NotebookError(f"cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
        except Exception as exc:
            first = str(exc).splitlines()[0] if str(exc) else ""
            why = f"{type(exc).__name__}: {first}".rstrip(": ")
            log = self.last_log_line()
            self.shutdown()  # a kernel in an unknown state is not reused
            raise NotebookError(f"{why} ({log})" if log else why) from None

    def shutdown(self) -> None:
        """Stop the kernel (if any) and remove its folder."""
        if self.km is not None:
            try:
                self.km.client().stop_channels()
                self.km.shutdown_kernel(now=True)
            except Exception:  # it is going away either way
                pass
            self.km = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None


def _manager_class() -> type:
    """A kernel manager whose one client stays connected from notebook to notebook.

    Each papermill run asks the manager for a client and waits until it is
    ready; a new client misses the kernel's first broadcast and waits 0.2 s
    more. Handing out the same connected client saves that on every report.
    """
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import KernelManager

    class StayingClient(BlockingKernelClient):
        _ready = False

        def start_channels(self, *args: Any, **kwargs: Any) -> None:  # passed on as given
            if not self.channels_running:
                super().start_channels(*args, **kwargs)

        def wait_for_ready(self, timeout: float | None = None) -> None:
            if self._ready and self.is_alive():
                return
            super().wait_for_ready(timeout=timeout)
            self._ready = True

    class ReusingKernelManager(KernelManager):
        _shared: BlockingKernelClient | None = None

        def client(self, **kwargs: Any) -> BlockingKernelClient:  # passed on as given
            if self._shared is None:
                self.client_factory = StayingClient
                self._shared = super().client(**kwargs)
            return self._shared

    return ReusingKernelManager


_ENGINE = "labexport"
_ENGINE_LOCK = threading.Lock()


def _engine() -> str:
    """Register (once) and name papermill's nbclient engine with fewer intermediate saves.

    Papermill writes the whole notebook before and after every cell so that a
    long run can be watched; a report's cells take milliseconds, and the
    notebook holds its figures, so those writes cost more than the cells. This
    engine writes when the run ends (completed or failed) and at most every
    ``autosave_cell_every`` seconds before that.
    """
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    with _ENGINE_LOCK:
        if _ENGINE in papermill_engines._engines:
            return _ENGINE

        class QuietManager(NotebookExecutionManager):
            _final = False

            def save(self, **kwargs: object) -> None:
                if self._final or (self.now() - self.last_save_time).total_seconds() >= (
                        self.autosave_cell_every):
                    super().save(**kwargs)

            def notebook_complete(self, **kwargs: object) -> None:
                self._final = True
                super().notebook_complete(**kwargs)

        class Engine(NBClientEngine):
            @classmethod
            def execute_notebook(cls, nb: object, kernel_name: str, output_path: object = None,
                                 progress_bar: bool = False, log_output: bool = False,
                                 autosave_cell_every: int = 30, **kwargs: object) -> object:
                nb_man = QuietManager(nb, output_path=output_path, progress_bar=progress_bar,
                                      log_output=log_output,
                                      autosave_cell_every=autosave_cell_every)
                nb_man.notebook_start()
                try:
                    cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output,
                                                 **kwargs)
                finally:
                    nb_man.cleanup_pbar()
                    nb_man.notebook_complete()
                return nb_man.nb

        papermill_engines.register(_ENGINE, Engine)
    return _ENGINE


_TRANSLATOR_LOCK = threading.Lock()


def python_literal(value: str) -> str:
    r"""A double-quoted Python literal of ``value`` that keeps printable non-ASCII as written.

    Papermill's own translator escapes every non-ASCII character, so the injected
    cell of a Thanh Hóa report would read ``scope = "Thanh H\xf3a"``. Here only
    the quote, the backslash and characters that do not print are escaped.

    >>> print(python_literal("Thanh Hóa"), python_literal('say "hi"\n'))
    "Thanh Hóa" "say \"hi\"\n"
    """
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch.isprintable():
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return '"' + "".join(out) + '"'


def use_readable_parameters() -> None:
    """Make papermill write ``python`` parameters with :func:`python_literal` (once).

    Every notebook labexport runs goes through :meth:`Worker.execute`, which calls
    this before papermill injects the parameters; papermill picks a translator by
    kernel name, then by language, and ``python3`` kernels fall to ``python``.
    """
    from papermill.translators import PythonTranslator, papermill_translators

    with _TRANSLATOR_LOCK:
        current = papermill_translators._translators.get("python")
        if current is not None and getattr(current, "labexport", False):
            return

        class ReadableTranslator(PythonTranslator):
            labexport = True

            @classmethod
            def translate_str(cls, val: str) -> str:
                return python_literal(val)

        papermill_translators.register("python", ReadableTranslator)


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


class Pool:
    """Up to ``size`` warm kernels; :meth:`map` runs jobs on them in parallel threads."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._workers = [Worker() for _ in range(self.size)]
        for worker in self._workers:
            self._idle.put(worker)
        # Start the kernels now, in the background, while the caller does its own work.
        self._warming = [threading.Thread(target=_warm, args=(w,), daemon=True)
                         for w in self._workers]
        for thread in self._warming:
            thread.start()

    def map(self, job: Callable[[Worker, T], R], items: Iterable[T],
            then: Callable[[T, R], R] | None = None) -> Iterator[R]:
        """Run ``job(worker, item)`` for every item, then ``then(item, result)`` off the kernel.

        The kernel goes back to the pool as soon as ``job`` returns, so the next
        notebook starts while ``then`` (an export, say) runs. Results come in
        the items' order.
        """
        def run(item: T) -> R:
            worker = self._idle.get()
            try:
                result = job(worker, item)
            finally:
                self._idle.put(worker)
            return then(item, result) if then is not None else result

        for thread in self._warming:
            thread.join()
        # Twice as many threads as kernels: a thread exporting a finished report must not
        # keep the next notebook from starting on the kernel it just gave back.
        with ThreadPoolExecutor(max_workers=2 * self.size) as executor:
            futures = [executor.submit(run, item) for item in items]
            for future in futures:
                yield future.result()

    def close(self) -> None:
        """Stop every kernel (in parallel: each waits for its process to exit).

        A kernel still starting is waited for first: stopping its client while the
        warming thread uses it hangs in ZeroMQ (an error before :meth:`map` ran, say).
        """
        for thread in self._warming:
            thread.join()
        threads = [threading.Thread(target=w.shutdown) for w in self._workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _warm(worker: Worker) -> None:
    try:
        worker.ensure_ready()
    except Exception:  # the first job will try again and report the error
        worker.shutdown()


def pool_size(jobs: int) -> int:
    """Kernels to start for ``jobs`` notebooks: at most the number of cores."""
    return max(1, min(jobs, os.cpu_count() or 1))
