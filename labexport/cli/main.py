"""The ``labexport`` command: its parser and entry point.

Every user error ends in one line on stderr naming the file (and row), and a
non-zero exit code; never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from labexport.analysis.export import add_export_command
from labexport.cli.common import EXIT_OK, Parser, error
from labexport.cli.data_commands import (
    add_init_command,
    cmd_build,
    cmd_check,
    cmd_indicators,
    cmd_parse,
    cmd_review,
)
from labexport.cli.intake_commands import add_intake_commands
from labexport.cli.report_commands import add_report_commands
from labexport.core.errors import InputWarning, LabexportError
from labexport.report.stopping import exit_code as interrupt_exit_code
from labexport.report.stopping import terminate_as_interrupt


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``labexport`` command."""
    parser = Parser(
        prog="labexport",
        description="Read Vietnam's overseas labour bulletins into a tidy, validated dataset.",
    )
    parser.add_argument("--workspace", default=None, metavar="DIR",
                        help="the workspace folder (default: $LABEXPORT_WORKSPACE, else the "
                        "nearest folder upward holding labexport.toml)")
    sub = parser.add_subparsers(dest="command", required=True)
    add_init_command(sub)
    add_export_command(sub)
    p = sub.add_parser("parse", help="read bulletin files and print their figures")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per line per figure")
    p.set_defaults(func=cmd_parse)
    v = sub.add_parser("review", help="write a review page per bulletin: its text with every "
                       "number marked taken or not, and its figures")
    v.add_argument("files", nargs="+", metavar="FILE")
    v.add_argument("--out", default=None, metavar="DIR",
                   help="output folder (default: reports/review/)")
    v.set_defaults(func=cmd_review)
    b = sub.add_parser("build", help="build data/processed/facts.csv from raw tables and bulletins")
    b.add_argument("--data-dir", default=None, help="data folder (default: the shipped data/)")
    b.add_argument("-q", "--quiet", action="store_true", help="errors only (for cron)")
    b.add_argument("--strict", action="store_true",
                   help="all or nothing: stop at the first input file that cannot be read, "
                   "leaving the previous dataset (default: build from the others, exit 1)")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="report identity violations in the built dataset")
    c.add_argument("--data-dir", default=None)
    c.add_argument("--json", action="store_true")
    c.add_argument("--strict", action="store_true", help="exit 1 if any identity fails")
    c.set_defaults(func=cmd_check)
    i = sub.add_parser("indicators", help="headline indicators of one month")
    i.add_argument("--period", required=True, metavar="YYYY-MM")
    i.add_argument("--scope", default="national", help="'national' (default) or a province")
    i.add_argument("--data-dir", default=None)
    i.add_argument("--json", action="store_true", help="one JSON object")
    i.set_defaults(func=cmd_indicators)
    add_intake_commands(sub)
    add_report_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = make_parser().parse_args(argv)
    if args.workspace is not None:
        os.environ["LABEXPORT_WORKSPACE"] = str(Path(args.workspace).resolve())
    try:
        with terminate_as_interrupt(), warnings.catch_warnings():
            warnings.showwarning = _show_warning(warnings.showwarning)
            return args.func(args)
    except LabexportError as exc:
        error(f"{exc}{exc.after}")
        return exc.exit_code
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM: 130 or 143
        error("interrupted")
        return interrupt_exit_code()
    except BrokenPipeError:
        return EXIT_OK


def _show_warning(shown: Callable[..., None]) -> Callable[..., None]:
    """``warnings.showwarning`` that shows an :class:`InputWarning` as one line.

    ``labexport: warning: <message>`` on stderr, line breaks in it escaped as
    :func:`~labexport.cli.common.error` does, each message once (a build lists
    its input files more than once); other warnings as ``shown`` does.
    """
    seen: set[str] = set()

    def show(message: Warning | str, category: type[Warning], filename: str, lineno: int,
             file: TextIO | None = None, line: str | None = None) -> None:
        if not issubclass(category, InputWarning):
            shown(message, category, filename, lineno, file, line)
            return
        one_line = str(message).replace("\r", "\\r").replace("\n", "\\n")
        if one_line not in seen:
            seen.add(one_line)
            print(f"labexport: warning: {one_line}", file=file or sys.stderr)

    return show
