"""The intake commands: ``labexport add``, ``labexport fetch`` and ``labexport monthly --fetch``."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from labexport.cli.common import EXIT_ERROR, EXIT_OK, Parser, error
from labexport.cli.data_commands import write_reviews
from labexport.core.errors import IntakeError, LabexportError, ParameterError
from labexport.data.paths import reports_dir
from labexport.intake.web import TIMEOUT_S

if TYPE_CHECKING:  # pragma: no cover
    from labexport.intake.add import Added
    from labexport.intake.feeds import FetchRun
    from labexport.report.request import Request

_NO_FIGURES = "no figures found, not stored (--keep stores it anyway)"


def cmd_add(args: argparse.Namespace) -> int:
    """Add each source; a failing one is one error line and does not stop the others."""
    from labexport.intake.add import add_source
    from labexport.intake.web import Limits, check_address

    if args.origin is not None:
        if len(args.sources) > 1:
            raise ParameterError("--source names the source of one file: give one SOURCE")
        check_address(args.origin)
    limits = Limits.from_env(args.timeout)
    status = EXIT_OK
    for name in args.sources:
        try:
            added = add_source(name, data_dir=args.data_dir, keep=args.keep,
                               origin=args.origin, limits=limits)
        except IntakeError as exc:
            error(str(exc))
            status = EXIT_ERROR
            continue
        if added.status == "no figures":
            error(f"{name}: {_NO_FIGURES}")
            status = EXIT_ERROR
            continue
        if not show_added(name, added, table=True):
            status = EXIT_ERROR
        sys.stdout.flush()
    return status


def show_added(name: str, added: Added, *, table: bool) -> bool:
    """Print what became of a source (its figures if ``table``); False if its review failed."""
    from labexport.cli.data_commands import _table
    from labexport.read.bulletin import facts_frame

    if added.status == "already stored":
        print(f"{name}: already stored as {added.path}")
        return True
    if added.kind == "table":
        print(f"{name}: stored as {added.path} ({added.table_rows:,} figures); "
              "`labexport build` adds them to the dataset")
        return True
    if table:
        print(f"== {name}")
        print(_table(facts_frame(added.facts)) if added.facts else "(no figures)")
    print(f"stored {added.path} ({len(added.facts)} figures; source: {added.source})")
    return added.path is None or write_review_page(added.path)


def write_review_page(path: Path) -> bool:
    """Write the stored bulletin's review page and print where it is; False if it failed."""
    from labexport.read import read_file
    from labexport.report.review import write_review

    out_dir = reports_dir() / "review"
    try:
        page = write_review(read_file(path), out_dir)
    except (LabexportError, OSError) as exc:
        error(f"{path}: stored, but its review page cannot be written in {out_dir}: {exc}")
        return False
    print(f"review: {page}")
    return True


def run_fetch(args: argparse.Namespace, *, quiet: bool = False, summary: bool = True
              ) -> FetchRun:
    """Read the feeds (``args.feeds``, else ``[feeds] urls``), add new items, print them."""
    from labexport.intake.feeds import feed_settings, fetch_feeds
    from labexport.intake.web import Limits

    settings = feed_settings()
    urls = tuple(getattr(args, "feeds", None) or ()) or settings.urls
    if not urls:
        raise IntakeError("no feeds to read: list their addresses in [feeds] urls of "
                          "labexport.toml, or give them to `labexport fetch`")

    def tell(link: str, added: Added) -> None:
        if not quiet:
            show_added(link, added, table=False)
        elif added.path is not None and added.status == "stored":
            write_reviews([added.path], quiet=True)

    run = fetch_feeds(urls, settings.words, base=args.data_dir,
                      limits=Limits.from_env(getattr(args, "timeout", None)),
                      keep=getattr(args, "keep", False), tell=tell)
    for message in run.errors:
        error(message)
    if not quiet:
        for link in run.no_figures:
            print(f"{link}: no figures found, not stored")
        if summary:
            print(f"{len(run.added)} bulletin(s) added from {len(urls)} feed(s)")
    return run


def cmd_fetch(args: argparse.Namespace) -> int:
    """Add the new matching items of the feeds; exit 1 if any feed or item failed."""
    run = run_fetch(args, quiet=args.quiet)
    return EXIT_ERROR if run.errors else EXIT_OK


@dataclass
class MonthlyFetch:
    """The fetch that ``labexport monthly --fetch`` runs before building the reports."""

    run: FetchRun
    quiet: bool

    def nothing_new(self, request: Request) -> bool:
        """True (and ``no new bulletin yet`` said) if nothing was added and reports are current.

        Then the command stops and changes nothing.
        """
        if self.run.added or not reports_current(request):
            return False
        if not self.quiet:
            print("no new bulletin yet")
        return True

    @property
    def status(self) -> int:
        """The exit code the fetch asks for: 1 if a feed or an item failed."""
        return EXIT_ERROR if self.run.errors else EXIT_OK


def fetch_for_monthly(args: argparse.Namespace) -> MonthlyFetch:
    """Add the feeds' new bulletins before ``monthly`` builds (quietly with -q or --json)."""
    quiet = bool(args.quiet or args.json)
    return MonthlyFetch(run_fetch(args, quiet=quiet, summary=False), quiet=bool(args.quiet))


def reports_current(request: Request) -> bool:
    """True if every report of ``request`` is published from exactly the current inputs.

    The same test as the report run's (:func:`labexport.report.run.needs_rebuild`).
    """
    from labexport.report.inputs import read_dataset
    from labexport.report.run import needs_rebuild

    sha = read_dataset(request.data_dir).sha256
    return not any(needs_rebuild(request, period, name, sha)
                   for period in request.periods for name in request.reports)


def add_intake_commands(sub: argparse._SubParsersAction[Parser]) -> None:
    """Add ``labexport add`` and ``labexport fetch``."""
    a = sub.add_parser("add", help="add bulletins from web pages or files (PDF, Word, HTML, "
                       "text), or tables of figures")
    a.add_argument("sources", nargs="+", metavar="SOURCE",
                   help="an http(s) address or a file: .txt, .html, .htm, .pdf, .docx "
                   "(a .csv, .xlsx or .xlsm table is copied to data/raw/)")
    a.add_argument("--source", dest="origin", default=None, metavar="URL",
                   help="the address to record as the source of a file (one SOURCE only)")
    a.add_argument("--keep", action="store_true",
                   help="store a bulletin even if no figure is read from it")
    f = sub.add_parser("fetch", help="add the new bulletins of the news feeds listed in "
                       "labexport.toml [feeds]")
    f.add_argument("feeds", nargs="*", metavar="FEED",
                   help="feed addresses (default: [feeds] urls of labexport.toml)")
    f.add_argument("--keep", action="store_true",
                   help="store an item even if no figure is read from it")
    f.add_argument("-q", "--quiet", action="store_true", help="errors only (for cron)")
    for p, func in ((a, cmd_add), (f, cmd_fetch)):
        p.add_argument("--data-dir", default=None, help="data folder (default: the workspace's)")
        p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                       help=f"time limit per address (default {TIMEOUT_S:g}, or "
                       "$LABEXPORT_FETCH_TIMEOUT)")
        p.set_defaults(func=func)
