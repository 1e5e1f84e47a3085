"""The ``labexport`` command: its parser and entry point.

Every user error ends in one line on stderr naming the file (and row), and a
non-zero exit code; never a traceback.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

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
from labexport.cli.report_commands import add_report_commands
from labexport.core.errors import LabexportError


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
    add_report_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = make_parser().parse_args(argv)
    if args.workspace is not None:
        os.environ["LABEXPORT_WORKSPACE"] = str(Path(args.workspace).resolve())
    try:
        return args.func(args)
    except LabexportError as exc:
        error(f"{exc}{exc.after}")
        return exc.exit_code
    except KeyboardInterrupt:
        error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK
