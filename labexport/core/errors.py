"""The errors labexport shows a user: one family, each shown as one line without a traceback.

Every error is a :class:`LabexportError`; the command line catches that one
class and prints ``labexport: error: <message>``. The message names what it
concerns (a file, with its line or figure, or a parameter); the same is kept in
:attr:`~LabexportError.path`, :attr:`~LabexportError.line` and
:attr:`~LabexportError.figure` for programs. Where a standard exception was
raised before, the subclass is also that exception (``ValueError``,
``FileNotFoundError``), so existing ``except`` clauses keep working.

>>> err = TableError("data/raw/x.csv: row 3: no value", path="data/raw/x.csv", line=3)
>>> isinstance(err, LabexportError), str(err), err.line
(True, 'data/raw/x.csv: row 3: no value', 3)
"""

from __future__ import annotations


class LabexportError(Exception):
    """An error shown to the user as one line.

    Parameters
    ----------
    message : str
        The line shown, naming what the error concerns.
    path : str, optional
        The file or address concerned.
    line : int, optional
        The line (or table row) of ``path`` concerned.
    figure : str, optional
        The figure concerned, as written.
    """

    #: The command line's exit code for this error.
    exit_code = 1
    #: What the command line adds to the message (what was left as it was).
    after = ""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 figure: str | None = None) -> None:
        super().__init__(message)
        self.path, self.line, self.figure = path, line, figure

    def _render_traceback_(self) -> list[str]:
        """In Jupyter, the error as one line, without a traceback."""
        return [f"{type(self).__name__}: {self}"]


class InputError(LabexportError, ValueError):
    """An input that cannot be read or used: a bulletin, a table, the dataset being built."""


class InputWarning(LabexportError, UserWarning):  # noqa: N818 - a warning, named as one
    """An input read with a repair the user should know of, or left out; the message says which.

    Issued with :func:`warnings.warn`; the command line shows it as one line
    ``labexport: warning: <message>``. Turned into an error by a warnings filter,
    it is a :class:`LabexportError` like the others.
    """


class BulletinError(InputError):
    """A bulletin that cannot be read; the message names the file and the reason."""


class TableError(InputError):
    """A table that cannot be read; the message names the file and the row."""


class IntakeError(InputError):
    """A page, file or feed that cannot be fetched, read or stored; names the address or file."""


class BuildError(InputError):
    """The dataset cannot be built; the message names the file (and row or figure)."""

    after = " (previous dataset left unchanged)"


class NotBuiltError(LabexportError, FileNotFoundError):
    """The dataset a command needs has not been built yet."""


class ParameterError(LabexportError, ValueError):
    """A parameter value that cannot be used; the message says which and why."""


class UnknownMarketError(ParameterError):
    """A market name that the registry does not know."""


class WorkspaceError(LabexportError):
    """A workspace that cannot be used or made (a bad settings file, a folder in the way)."""


class ExportError(LabexportError, OSError):
    """An export that cannot be written (no such folder, no permission); nothing is left half."""


class ReportError(LabexportError, RuntimeError):
    """A report run that cannot start (no data, a locked folder)."""


class NotebookError(ReportError):
    """A report notebook that failed: a dead kernel, a failed cell, a time limit."""


class RunInterruptedError(ReportError):
    """A report run told to stop (SIGINT, SIGTERM) while it waited on a kernel.

    The batch ends with :class:`KeyboardInterrupt` once its kernels are shut down.
    """

    exit_code = 130
