"""What papermill runs a report with: the kernel manager, its client, the engine, the translator.

* The kernel manager hands out one client that stays connected from notebook to
  notebook (:func:`manager_class`). Every wait of that client on the kernel's
  sockets is cut into polls of :data:`POLL` seconds, and between two polls it calls
  the client's ``watch`` (set by :class:`labexport.report.kernels.Worker`), which
  raises when the kernel process died, the cell ran out of time or the run is
  stopping. Without that, nbclient's wait for a cell's output has no time limit:
  with a blocking client it never lets nbclient's own "kernel died" check run.
* The engine writes the notebook less often than papermill's own (:func:`engine`).
* The translator writes non-ASCII parameters as they are (:func:`use_readable_parameters`).
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from queue import Empty
from typing import Any

from labexport.core.errors import NotebookError

#: Seconds of one poll of a kernel socket; a dead kernel or a stop is seen within it.
POLL = 0.2
#: The tag of the first cell of every run, which clears the namespace; the HTML export removes it.
RESET_TAG = "labexport-reset"
#: Cells whose tags keep them (or their outputs) off a report page in some mode.
_OFF_PAGE = {RESET_TAG, "notes", "parameters", "injected-parameters"}


def source_number(cells: list[Any], index: int) -> int:
    """The 1-based position of executed cell ``index`` in the report's own notebook.

    The reset cell is 0; papermill's injected cell has the number of the
    parameters cell it follows.
    """
    added = {RESET_TAG, "injected-parameters"}
    return sum(1 for cell in cells[:index + 1]
               if not added & set(cell.get("metadata", {}).get("tags", [])))


def _shown_cell(cells: list[Any], index: int) -> Any:
    """The first code cell from ``index`` on that a report page shows (for an error)."""
    for cell in cells[index:]:
        if cell.cell_type == "code" and not _OFF_PAGE & set(cell.metadata.get("tags", [])):
            return cell
    return cells[index]


def _watched_channel_class() -> Any:
    from jupyter_client.channels import ZMQSocketChannel

    class WatchedChannel(ZMQSocketChannel):
        watch: Callable[[], None] | None = None

        def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
            end = None if timeout is None else time.monotonic() + timeout
            while True:
                if self.watch is not None:
                    self.watch()
                left = POLL if end is None else min(POLL, end - time.monotonic())
                try:
                    msg: dict[str, Any] = super().get_msg(timeout=max(left, 0.0))
                except Empty:
                    if end is not None and time.monotonic() >= end:
                        raise
                    continue
                return msg

    return WatchedChannel


@functools.cache
def manager_class() -> type:
    """A kernel manager whose one client stays connected and watches the kernel while it waits.

    Each papermill run asks the manager for a client and waits until it is
    ready; a new client misses the kernel's first broadcast and waits 0.2 s
    more. Handing out the same connected client saves that on every report.
    The manager's ``on_cell`` (if set) is called with each cell's
    :func:`source_number` as it starts, and with ``None`` when it is done (see
    :func:`engine`).
    """
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import KernelManager
    from traitlets import Type

    channel = _watched_channel_class()

    class StayingClient(BlockingKernelClient):
        shell_channel_class = Type(channel)
        iopub_channel_class = Type(channel)
        _ready = False
        watch: Callable[[], None] | None = None

        def _watched(self, ch: Any) -> Any:
            ch.watch = self.watch
            return ch

        @property
        def shell_channel(self) -> Any:  # the base class's, watched
            return self._watched(super().shell_channel)

        @property
        def iopub_channel(self) -> Any:  # the base class's, watched
            return self._watched(super().iopub_channel)

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
        on_cell: Callable[[int | None], None] | None = None

        def client(self, **kwargs: Any) -> BlockingKernelClient:  # passed on as given
            if self._shared is None:
                self.client_factory = StayingClient
                self._shared = super().client(**kwargs)
            return self._shared

    return ReusingKernelManager


@functools.cache
def _client_class() -> type:
    """Papermill's notebook client without nbclient's own "kernel died" task.

    That task checks the kernel every second, but a blocking client's waits
    never let it run; it is left pending when a cell fails and logs a stray
    "Kernel died" line later. The watched channels do its work.
    """
    from papermill.clientwrap import PapermillNotebookClient

    class WatchedNotebookClient(PapermillNotebookClient):
        async def _async_poll_kernel_alive(self) -> None:
            return

    return WatchedNotebookClient


@functools.cache
def _execution_manager_class() -> type:
    """Papermill's execution manager, saving less often and telling which cell runs."""
    from papermill.engines import NotebookExecutionManager

    class QuietManager(NotebookExecutionManager):
        _final = False
        on_cell: Callable[[int | None], None] | None = None
        last_index: int | None = None

        def show_failure(self, message: str) -> None:
            """Add ``message`` as an error of the cell that was running (or the next shown)."""
            if self.last_index is None:
                return
            from nbformat.v4 import new_output

            self.cell_exception(self.nb.cells[self.last_index], cell_index=self.last_index)
            cell = _shown_cell(self.nb.cells, self.last_index)
            if cell.cell_type == "code":
                cell.outputs.append(new_output("error", ename=NotebookError.__name__,
                                               evalue=message, traceback=[message]))

        def save(self, **kwargs: object) -> None:
            if self._final or (self.now() - self.last_save_time).total_seconds() >= (
                    self.autosave_cell_every):
                super().save(**kwargs)

        def cell_start(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
            super().cell_start(cell, cell_index, **kwargs)
            self.last_index = cell_index
            if self.on_cell is not None and cell_index is not None:
                self.on_cell(source_number(self.nb.cells, cell_index))

        def cell_complete(self, cell: Any, cell_index: int | None = None, **kwargs: Any) -> None:
            if self.on_cell is not None:
                self.on_cell(None)
            super().cell_complete(cell, cell_index, **kwargs)

        def notebook_complete(self, **kwargs: object) -> None:
            self._final = True
            super().notebook_complete(**kwargs)

    return QuietManager


@functools.cache
def _engine_class() -> type:
    from papermill.engines import NBClientEngine
    from papermill.log import logger

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str,
                                     log_output: bool = False, start_timeout: int = 60,
                                     execution_timeout: int | None = None,
                                     **kwargs: Any) -> object:
            for unused in ("input_path", "timeout", "startup_timeout"):
                kwargs.pop(unused, None)
            return _client_class()(nb_man, timeout=execution_timeout,
                                   startup_timeout=start_timeout, kernel_name=kernel_name,
                                   log=logger, log_output=log_output, **kwargs).execute()

        @classmethod
        def execute_notebook(cls, nb: object, kernel_name: str, output_path: object = None,
                             progress_bar: bool = False, log_output: bool = False,
                             autosave_cell_every: int = 30, **kwargs: Any) -> object:
            nb_man = _execution_manager_class()(
                nb, output_path=output_path, progress_bar=progress_bar,
                log_output=log_output, autosave_cell_every=autosave_cell_every)
            nb_man.on_cell = getattr(kwargs.get("km"), "on_cell", None)
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output,
                                             **kwargs)
            except NotebookError as exc:  # shown in the partial notebook, so on its page
                nb_man.show_failure(str(exc))
                raise
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

    return Engine


_ENGINE = "labexport"
_ENGINE_LOCK = threading.Lock()


def engine() -> str:
    """Register (once) and name papermill's nbclient engine with fewer intermediate saves.

    Papermill writes the whole notebook before and after every cell so that a
    long run can be watched; a report's cells take milliseconds, and the
    notebook holds its figures, so those writes cost more than the cells. This
    engine writes when the run ends (completed or failed) and at most every
    ``autosave_cell_every`` seconds before that. It tells the kernel manager's
    ``on_cell`` which cell runs, and a failure it raised (a dead kernel, a cell
    over its time) is added to the partial notebook as the cell's error.
    """
    from papermill.engines import papermill_engines

    with _ENGINE_LOCK:
        if _ENGINE not in papermill_engines._engines:
            papermill_engines.register(_ENGINE, _engine_class())
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

    Every notebook labexport runs goes through
    :meth:`labexport.report.kernels.Worker.execute`, which calls this before
    papermill injects the parameters; papermill picks a translator by kernel
    name, then by language, and ``python3`` kernels fall to ``python``.
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
