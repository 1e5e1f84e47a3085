"""The report commands: ``labexport report`` and ``labexport monthly``."""

from __future__ import annotations

import argparse
import json

from labexport.cli.common import EXIT_ERROR, EXIT_OK, Parser, error
from labexport.cli.intake_commands import fetch_for_monthly
from labexport.report.registry import REPORTS


def cmd_report(args: argparse.Namespace) -> int:
    """Build reports for one period, a range, ``all`` or ``latest``, showing progress."""
    from labexport.data.workspace import monthly_choice
    from labexport.report.inputs import build_failures
    from labexport.report.progress import report_progress
    from labexport.report.run import build_reports, check_request, results_json

    lang, reports = (monthly_choice(args.lang, args.reports) if args.command == "monthly"
                     else (args.lang or "en", args.reports))
    fetched = fetch_for_monthly(args) if getattr(args, "fetch", False) else None
    request = check_request(period=args.period, reports=reports, lang=lang,
                            scope=args.scope, briefing=args.briefing, markets=args.markets,
                            lookback_months=args.lookback_months, data_dir=args.data_dir,
                            out_dir=args.out, force=args.force,
                            out_existing=args.out_existing, pdf=args.pdf)
    if fetched is not None and fetched.nothing_new(request):
        return fetched.status
    with report_progress(request, quiet=args.quiet, lines=not args.json) as progress:
        results = build_reports(request, progress=progress.report)
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        error(f"{r.period} {r.report} failed: {r.error} (see {r.html})")
    unread = build_failures(request.data_dir)
    for u in unread:
        error(f"{u.path}: left out of the dataset, it could not be read: {u.error}; "
              "the reports use the other inputs")
    if args.json:
        for record in results_json(results):
            print(json.dumps(record, ensure_ascii=False))
    elif not args.quiet:
        built = sum(r.status == "built" for r in results)
        skipped = sum(r.status == "skipped" for r in results)
        print(f"{built} built, {skipped} unchanged, {len(failed)} failed; "
              f"index: {request.out_dir / 'index.html'}")
    return EXIT_ERROR if failed or unread or (fetched and fetched.status) else EXIT_OK


def add_report_commands(sub: argparse._SubParsersAction[Parser]) -> None:
    """Add ``labexport report`` and ``labexport monthly``."""
    for name, helptext in (("report", "build report(s) for a period: HTML, notebook, sidecar"),
                           ("monthly", "build the latest period's reports (for cron)")):
        r = sub.add_parser(name, help=helptext)
        if name == "report":
            r.add_argument("--period", required=True,
                           help="YYYY-MM, a range YYYY-MM:YYYY-MM, 'all' or 'latest'")
            r.add_argument("--reports", default=None,
                           help="comma-separated: " + ",".join(REPORTS))
        if name == "monthly":
            r.add_argument("--fetch", action="store_true",
                           help="first add the new bulletins of the feeds in labexport.toml "
                           "(labexport fetch); with none new and the reports current, say so "
                           "and change nothing")
        r.add_argument("--lang", default=None, help="en (default) or vi")
        r.add_argument("--scope", default="national")
        r.add_argument("--markets", default=None, help="comma-separated market codes or names")
        r.add_argument("--lookback-months", type=int, default=24)
        r.add_argument("--briefing", action="store_true",
                       help="hide all code and the parameter cells")
        r.add_argument("--pdf", action="store_true",
                       help="with --briefing: also print each report to a tagged PDF beside "
                       "its page (needs Chromium)")
        r.add_argument("--data-dir", default=None)
        r.add_argument("--out", default=None, metavar="DIR",
                       help="the reports folder (default: the workspace's reports/); a new or "
                       "empty folder, or one labexport made")
        r.add_argument("--out-existing", action="store_true",
                       help="also write into a --out folder that is not empty and that "
                       "labexport did not make; labexport adds index.html, its YYYY-MM "
                       "folders and .labexport-* entries there and leaves all else alone")
        r.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
        shown = r.add_mutually_exclusive_group()
        shown.add_argument("--json", action="store_true", help="one JSON line per report")
        shown.add_argument("-q", "--quiet", action="store_true", help="errors only (for cron)")
        r.set_defaults(func=cmd_report, period="latest", reports=None)
