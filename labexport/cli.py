"""The ``labexport`` command: ``parse``, ``build``, ``check``, ``summary``.

Every user error ends in one line on stderr naming the file (and row), and a
non-zero exit code; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from labexport.checks import run_checks
from labexport.dataset import BuildError, build, load_facts
from labexport.markets import display_name
from labexport.parse import FACT_COLUMNS, parse_bulletin
from labexport.paths import processed_dir
from labexport.textio import BulletinError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _error(message: str) -> None:
    print(f"labexport: error: {message}", file=sys.stderr)


def cmd_parse(args: argparse.Namespace) -> int:
    """Read bulletins and print their figures (JSON lines or a table)."""
    status = EXIT_OK
    for name in args.files:
        try:
            facts = parse_bulletin(Path(name), source=name)
        except BulletinError as exc:
            _error(str(exc))
            status = EXIT_ERROR
            continue
        if facts.empty:
            _error(f"{name}: no figures found")
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
    """Build the dataset and print its summary."""
    try:
        facts = build(args.data_dir)
    except BuildError as exc:
        _error(f"{exc} (previous dataset left unchanged)")
        return EXIT_ERROR
    path = processed_dir(args.data_dir) / "facts.csv"
    print(f"built {path} ({len(facts):,} figures)")
    print(summarize(facts))
    return EXIT_OK


def summarize(facts: pd.DataFrame) -> str:
    """Return a short text summary of a built dataset."""
    pref = facts[facts["preferred"]]
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
    try:
        facts = load_facts(args.data_dir)
    except FileNotFoundError as exc:
        _error(str(exc))
        return EXIT_ERROR
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


def make_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``labexport`` command."""
    parser = argparse.ArgumentParser(
        prog="labexport",
        description="Read Vietnam's overseas labour bulletins into a tidy, validated dataset.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="read bulletin files and print their figures")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true", help="one JSON object per line per figure")
    p.set_defaults(func=cmd_parse)
    b = sub.add_parser("build", help="build data/processed/facts.csv from raw tables and bulletins")
    b.add_argument("--data-dir", default=None, help="data folder (default: the shipped data/)")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="report identity violations in the built dataset")
    c.add_argument("--data-dir", default=None)
    c.add_argument("--json", action="store_true")
    c.add_argument("--strict", action="store_true", help="exit 1 if any identity fails")
    c.set_defaults(func=cmd_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
