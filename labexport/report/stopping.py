"""Stopping a report run on SIGINT or SIGTERM: within seconds, with its kernels shut down.

While a batch runs (:func:`stop_on_signals`), SIGINT and SIGTERM do not raise in
the middle of whatever the main thread is doing; they set a flag
(:func:`requested`). Every wait on a kernel looks at the flag between two short
polls (:mod:`labexport.report.notebook_engine`) and gives up with
:class:`~labexport.core.errors.RunInterruptedError`; each thread shuts down the kernel
it used, the pool waits for its threads, and only then does the batch end, with
:class:`KeyboardInterrupt`. No kernel socket is ever closed while another thread
waits on it, and the ``finally`` clauses above (temporary folders, the reports
folder's lock) run as for any error.

Outside a batch, SIGTERM is turned into :class:`KeyboardInterrupt`
(:func:`terminate_as_interrupt`) so that it takes the same path as Ctrl-C. The
command line shows either as ``labexport: error: interrupted``, with exit code
128 + the signal's number (:func:`exit_code`): 130 for SIGINT, 143 for SIGTERM.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

_STOP = threading.Event()
_LAST = [int(signal.SIGINT)]  # the last stopping signal received


def requested() -> bool:
    """Whether a signal asked the running batch to stop."""
    return _STOP.is_set()


def exit_code() -> int:
    """The exit code for the last interrupt: 128 + its signal (130 SIGINT, 143 SIGTERM)."""
    return 128 + _LAST[0]


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _note(signum: int, _frame: FrameType | None) -> None:
    _LAST[0] = signum
    _STOP.set()


def _interrupt(signum: int, _frame: FrameType | None) -> None:
    _LAST[0] = signum
    raise KeyboardInterrupt


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within: SIGTERM raises :class:`KeyboardInterrupt` (in the main thread, if not handled).

    A program that set its own SIGTERM handler keeps it.
    """
    _LAST[0] = int(signal.SIGINT)
    if not _in_main_thread() or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return
    old = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within: SIGINT and SIGTERM ask the batch to stop; on the way out, raise KeyboardInterrupt.

    Signals reach only the main thread; elsewhere this does nothing.

    Raises
    ------
    KeyboardInterrupt
        When a signal came, after the block has ended (whatever it raised
        because of the stop is replaced).
    """
    if not _in_main_thread():
        yield
        return
    _STOP.clear()
    old = {sig: signal.signal(sig, _note) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            yield
        except Exception:
            if not _STOP.is_set():
                raise
        stopped = _STOP.is_set()
    finally:
        for sig, handler in old.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)
    if stopped:
        _STOP.clear()
        raise KeyboardInterrupt
