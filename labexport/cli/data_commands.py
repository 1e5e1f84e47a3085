"""Commands on bulletins and the dataset: parse, review, build, check, indicators, init."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from labexport.cli.common import EXIT_ERROR, EXIT_OK, Parser, error
from labexport.core.errors import LabexportError
from labexport.core.fact import FACT_COLUMNS
from labexport.data.paths import processed_dir, reports_dir
from labexport.report.params import check_scope, parse_period

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from labexport.analysis.summary_types import PeriodSummary

# Each command imports what it needs when it runs, so `labexport report` on
# unchanged inputs answers without loading pandas or matplotlib.


def cmd_parse(args: argparse.Namespace) -> int:
    """Read bulletins and print their figures (JSON lines or a table)."""
    from labexport.read.bulletin import parse_bulletin

    status = EXIT_OK
    for name in args.files:
        try:
            facts = parse_bulletin(Path(name), source=name)
        except LabexportError as exc:
            error(str(exc))
            status = EXIT_ERROR
            continue
        if facts.empty:
            error(f"{name}: no figures found")
            status = EXIT_ERROR
            continue
        if args.json:
            for record in facts[FACT_COLUMNS].to_dict("records"):
                record["value"] = _number(record["value"])
                print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"== {name}")
            print(_table(facts))
        sys.stdout.flush()
    return status


def cmd_review(args: argparse.Namespace) -> int:
    """Read bulletins and write each one's review page (text, marks and figures)."""
    from labexport.read import read_file
    from labexport.report.review import write_review

    out_dir = Path(args.out) if args.out else reports_dir() / "review"
    status = EXIT_OK
    for name in args.files:
        try:
            reading = read_file(Path(name))
            path = write_review(reading, out_dir)
        except LabexportError as exc:
            error(str(exc))
            status = EXIT_ERROR
            continue
        except OSError as exc:
            error(f"{name}: cannot write its review page in {out_dir}: "
                   f"{exc.strerror or exc}")
            status = EXIT_ERROR
            continue
        skipped = sum(not n.taken for n in reading.numbers)
        print(f"{name}: {len(reading.facts)} figures, {skipped} numbers not taken -> {path}")
        sys.stdout.flush()
    return status


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _table(facts: pd.DataFrame) -> str:
    view = facts.assign(
        period=[
            f"{y}-{a:02d}" if a == b else f"{y} {a:02d}-{b:02d}"
            for y, a, b in zip(facts["year"], facts["month_from"], facts["month_to"], strict=True)
        ],
        value=[f"{_number(v):,}" for v in facts["value"]],
    )
    return view[["scope", "period", "measure", "market", "sex", "value", "qualifier"]].to_string(
        index=False
    )


def cmd_build(args: argparse.Namespace) -> int:
    """Build the dataset and print its summary (nothing with ``--quiet``).

    Input files that cannot be read are left out and named on stderr, one line
    each, with a summary line; the exit code is then 1 (cron mails it).
    ``--strict`` stops at the first one instead, leaving the previous dataset.
    """
    from labexport.data.dataset import build_dataset
    from labexport.data.paths import data_dir
    from labexport.report.progress import build_progress

    with build_progress(quiet=args.quiet) as progress:
        built = build_dataset(args.data_dir, progress=progress.source_reader(),
                              strict=args.strict)
    path = processed_dir(args.data_dir) / "facts.csv"
    if not args.quiet:
        print(f"built {path} ({len(built.facts):,} figures)")
        print(summarize(built.facts))
    write_reviews(sorted(built.bulletins), quiet=args.quiet)
    sys.stdout.flush()
    for failure in built.failures:
        error(failure.describe(data_dir(args.data_dir)))
    if built.failures:
        error(f"{len(built.failures)} of {built.sources} input files could not be read; "
              "the dataset was built from the others")
        return EXIT_ERROR
    return EXIT_OK


def write_reviews(paths: list[Path], *, quiet: bool = False) -> None:
    """Write the review page of each bulletin built, printing where it is (unless ``quiet``)."""
    from labexport.read import read_file
    from labexport.report.review import write_review

    out_dir = reports_dir() / "review"
    for path in paths:
        try:
            page = write_review(read_file(path), out_dir)
        except (LabexportError, OSError):
            continue  # the build has already read it; a page it cannot write is no failure
        if not quiet:
            print(f"review {path.name}: {page}")


def summarize(facts: pd.DataFrame) -> str:
    """Return a short text summary of a built dataset."""
    from labexport.core.markets import display_name
    from labexport.data.prefer import preferred

    pref = preferred(facts)
    lines = [
        f"figures: {len(facts):,} from {facts['source'].nunique():,} sources; "
        f"{len(pref):,} distinct figures after resolving duplicates",
        f"years: {facts['year'].min()}-{facts['year'].max()}; scopes: "
        + ", ".join(sorted(facts["scope"].unique())),
    ]
    nat = pref[(pref["scope"] == "national") & (pref["market"] == "ALL") & (pref["sex"] == "total")]
    dep = nat[(nat["measure"] == "departures") & (nat["month_from"] == 1)
              & (nat["qualifier"] == "exact")]
    latest = dep.sort_values(["year", "month_to"]).iloc[-1] if not dep.empty else None
    if latest is not None:
        year, month = int(latest["year"]), int(latest["month_to"])
        ytd = dep[(dep["year"] == year) & (dep["month_from"] == 1) & (dep["month_to"] == month)]
        lines.append(f"latest national period: {year}-{month:02d}")
        if not ytd.empty:
            lines.append(f"  Jan-{month:02d} {year}: {ytd['value'].iloc[0]:,.0f} workers "
                         f"({ytd['qualifier'].iloc[0]})")
        markets = pref[(pref["scope"] == "national") & (pref["measure"] == "departures")
                       & (pref["year"] == year) & (pref["month_from"] == 1)
                       & (pref["month_to"] == month) & (pref["sex"] == "total")
                       & (pref["market"] != "ALL")].nlargest(3, "value")
        for _, m in markets.iterrows():
            lines.append(f"  {display_name(m['market'])}: {m['value']:,.0f}")
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    """Report identity violations in the built dataset."""
    from labexport.analysis.checks import run_checks
    from labexport.data.dataset import load_facts

    facts = load_facts(args.data_dir)
    findings = run_checks(facts)
    if args.json:
        for record in findings.to_dict("records"):
            print(json.dumps(record, ensure_ascii=False))
    else:
        if findings.empty:
            print("all identities hold")
        for check, group in findings.groupby("check", sort=False):
            print(f"== {check}: {len(group)} violation(s)")
            for _, f in group.iterrows():
                print(f"  {f['scope']} {f['year']} {f['months']} {f['market']}: {f['detail']}")
                print(f"      sources: {f['sources']}")
        print(f"{len(findings)} violation(s) in {len(facts):,} figures")
    return EXIT_ERROR if args.strict and not findings.empty else EXIT_OK


def cmd_indicators(args: argparse.Namespace) -> int:
    """Print the headline indicators of one period (JSON or a readable summary)."""
    from labexport.analysis.summary import summarize_period
    from labexport.data.dataset import load_facts
    from labexport.report.phrases import summary_record

    year, month = parse_period(args.period)
    scope = check_scope(args.scope)
    facts = load_facts(args.data_dir)
    summary = summarize_period(facts, year=year, month=month, scope=scope)
    if args.json:
        print(json.dumps(summary_record(summary), ensure_ascii=False))
    else:
        print(describe_summary(summary))
    has_data = summary.month_total is not None or summary.ytd_total is not None
    if not has_data:
        error(f"no {scope} figures for {args.period}")
    return EXIT_OK if has_data else EXIT_ERROR


def describe_summary(s: PeriodSummary) -> str:
    """Return the indicators of :func:`~labexport.analysis.summary.summarize_period` as text."""
    from labexport.core.markets import display_name
    from labexport.report.phrases import reason
    from labexport.report.wording import format_change, format_number, format_pct, format_ytd

    year, month = parse_period(s.period)

    def line(label: str, key: str, text: str) -> str:
        if getattr(s, key) is None:
            text = f"– ({reason(s.why(key), 'en')})"
        return f"  {label:<26}{text}"

    proj = s.projection_year_end
    yoy = format_change(s.yoy_ytd_change_pct,
                        approximate=s.is_approximate("yoy_ytd_change_pct"))
    low, mid, high = (proj.low, proj.mid, proj.high) if proj else (None, None, None)
    lines = [
        f"{s.scope} {s.period}",
        line("month", "month_total", f"{format_number(s.month_total)} "
             f"({s.month_total_method}), {format_number(s.month_female)} female"),
        line(format_ytd(year, month), "ytd_total",
             f"{format_number(s.ytd_total)}, {format_number(s.ytd_female)} female "
             f"({format_pct(s.female_share_ytd)})"),
        line("plan", "target", f"{format_number(s.target)} ({s.target_kind})"),
        line("attainment (computed)", "attainment_pct", format_pct(s.attainment_pct, digits=2)),
        line("attainment (stated)", "attainment_pct_stated",
             f"{format_pct(s.attainment_pct_stated)} ({s.attainment_verdict})"),
        line("calendar pace", "calendar_pace_pct", format_pct(s.calendar_pace_pct)),
        line("seasonal pace", "seasonal_pace_pct",
             f"{format_pct(s.seasonal_pace_pct)} (median of "
             f"{', '.join(map(str, s.seasonal_years))})"),
        line("year-end projection", "projection_year_end",
             f"{format_number(mid)} ({format_number(low)}–{format_number(high)})"),
        line("needed per month", "required_monthly_rate",
             format_number(s.required_monthly_rate, digits=1)),
        line("top markets", "top_markets", ", ".join(
            f"{display_name(m.market)} {format_number(m.ytd)} ({format_pct(m.share)})"
            for m in s.top_markets or ())),
        line("concentration (HHI)", "hhi", f"{format_number(s.hhi)}, top 3 "
             f"{format_pct(s.top3_share)}"),
        line("vs same months last year", "yoy_ytd_change_pct",
             f"{yoy} ({s.yoy_qualifier})"),
    ]
    return "\n".join(lines)


def cmd_init(args: argparse.Namespace) -> int:
    """Make a workspace: settings, data and reports folders, and a README."""
    from labexport.data.workspace import init_workspace

    config = init_workspace(Path(args.folder))
    print(f"workspace ready: {config.parent} (settings: {config.name}); "
          f"next: cd {config.parent} && labexport build && labexport monthly")
    return EXIT_OK


def add_init_command(sub: argparse._SubParsersAction[Parser]) -> None:
    """Add ``labexport init [DIR]``."""
    w = sub.add_parser("init", help="make a workspace: labexport.toml, data/, reports/")
    w.add_argument("folder", nargs="?", default=".", metavar="DIR",
                   help="the folder to make a workspace of (default: the current folder)")
    w.set_defaults(func=cmd_init)


