"""Progress of long work: a bar on a terminal, one plain line a step in a log, or silence.

``labexport build`` (one step per table or bulletin read) and ``labexport report``
and ``monthly`` (one step per report built or skipped) show their progress here:

* on a terminal (stderr is a tty): a `tqdm <https://tqdm.github.io>`_ bar on stderr;
* otherwise (cron, a log file, a pipe): one plain line per step on stdout, such as
  ``2025-07 market_trends built (1.9 s)`` or ``2025-07 gender_share unchanged``;
* nothing with ``-q/--quiet``, nor in place of ``--json`` (whose lines say the same).

Errors are not progress: the commands print them on stderr, one line each, in every mode.

Examples
--------
>>> with Progress(2, desc="reports", unit="report", mode="lines") as progress:
...     progress.step("2025-07 market_trends", "built", 1.94)
...     progress.step("2025-07 gender_share", "unchanged")
2025-07 market_trends built (1.9 s)
2025-07 gender_share unchanged
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover
    from labexport.report.run import Request, Result

Mode = Literal["bar", "lines", "quiet"]

#: How a report's status reads in a progress line.
STATUS_WORDS = {"built": "built", "skipped": "unchanged", "failed": "failed"}


def choose_mode(*, quiet: bool = False, lines: bool = True) -> Mode:
    """How to show progress here: ``bar`` on a terminal, else ``lines`` (or ``quiet``).

    Parameters
    ----------
    quiet : bool
        Show nothing (``-q/--quiet``).
    lines : bool
        Print plain lines when stderr is not a terminal; ``False`` where stdout
        carries something else (``--json``).
    """
    if quiet:
        return "quiet"
    if _isatty(sys.stderr):
        return "bar"
    return "lines" if lines else "quiet"


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False


def _columns(stream: Any) -> int:
    """The terminal's width, 0 where it is not known (a pseudo-terminal without a size)."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0


class Progress:
    """Steps of long work, shown as :func:`choose_mode` says.

    Parameters
    ----------
    total : int or None
        Steps in all; ``None`` if not known yet (set :attr:`total` before the
        first step, or pass it to :meth:`step`).
    desc, unit : str
        The bar's label and the name of one step (``reports``, ``report``).
    mode : {'bar', 'lines', 'quiet'}, optional
        Default :func:`choose_mode` with ``quiet`` and ``lines``.
    quiet, lines : bool
        Passed to :func:`choose_mode`.
    """

    def __init__(self, total: int | None, *, desc: str, unit: str, mode: Mode | None = None,
                 quiet: bool = False, lines: bool = True) -> None:
        self.total = total
        self.desc = desc
        self.unit = unit
        self.mode: Mode = mode or choose_mode(quiet=quiet, lines=lines)
        self._bar: Any = None
        if total is not None:
            self._open()

    def _open(self) -> None:
        if self.mode == "bar" and self._bar is None:
            from tqdm import tqdm  # type: ignore[import-untyped]  # no stubs shipped

            # A terminal of unknown size (a pseudo-terminal, 0 x 0) would get an empty bar.
            sized = _columns(sys.stderr) > 0
            self._bar = tqdm(total=self.total, desc=self.desc, unit=self.unit, file=sys.stderr,
                             dynamic_ncols=sized, ncols=None if sized else 80,
                             nrows=None if sized else 24, leave=True)

    def step(self, label: str, status: str, seconds: float | None = None, *,
             total: int | None = None) -> None:
        """One step done: advance the bar, or print ``label status (seconds)``.

        Parameters
        ----------
        label, status : str
            What the step was (``2025-07 market_trends``) and how it ended (``built``).
        seconds : float, optional
            How long it took, if worth saying.
        total : int, optional
            The number of steps, if it was not known when the progress began.
        """
        if total is not None and self.total is None:
            self.total = total
        self._open()
        if self._bar is not None:
            self._bar.set_postfix_str(f"{label} {status}", refresh=False)
            self._bar.update(1)
        elif self.mode == "lines":
            took = "" if seconds is None else f" ({seconds:.1f} s)"
            print(f"{label} {status}{took}", flush=True)

    def report(self, result: Result) -> None:
        """One report done (a :class:`~labexport.report.run.Result`): built, skipped or failed."""
        skipped = result.status == "skipped"
        self.step(f"{result.period} {result.report}",
                  STATUS_WORDS.get(result.status, result.status),
                  None if skipped else result.seconds)

    def source_reader(self) -> Callable[[str, int], None]:
        """A callback for :func:`labexport.data.dataset.build`: one step per source read."""
        last = [time.perf_counter()]

        def read(origin: str, total: int) -> None:
            now = time.perf_counter()
            self.step(origin, "read", now - last[0], total=total)
            last[0] = now

        return read

    def close(self) -> None:
        """Finish the bar (it stays on the terminal); lines and silence need nothing."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def report_progress(request: Request, *, quiet: bool = False, lines: bool = True) -> Progress:
    """The progress of a batch of reports: one step per report of every period requested."""
    return Progress(len(request.periods) * len(request.reports), desc="reports", unit="report",
                    quiet=quiet, lines=lines)


def build_progress(*, quiet: bool = False) -> Progress:
    """The progress of a dataset build: one step per raw table or bulletin read."""
    return Progress(None, desc="sources", unit="source", quiet=quiet)
