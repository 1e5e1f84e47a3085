"""labexport: Vietnam's overseas contract labour bulletins as a tidy, validated dataset.

Public verbs
------------
parse_bulletin
    Read one bulletin (text or file) into facts.
read_table
    Read a hand-kept CSV/XLSX table into facts.
build
    Build ``data/processed/facts.csv`` from raw tables and bulletins.
load_facts
    Load the built dataset.
run_checks
    Report the identities the figures break.
monthly_panel
    Monthly departures, reported or derived from year-to-date totals.
summarize_period
    Every headline indicator of one month (see ``labexport.analysis.indicators`` for the rest).

The verbs are imported on first use, so ``import labexport`` (and the command
line) stays fast and a report kernel loads only what its notebook needs.
"""

from importlib import import_module

__version__ = "0.1.0"

_VERBS = {
    "build": "labexport.data.dataset",
    "load_facts": "labexport.data.dataset",
    "monthly_panel": "labexport.analysis.panel",
    "parse_bulletin": "labexport.read.bulletin",
    "read_table": "labexport.read.tables",
    "run_checks": "labexport.analysis.checks",
    "summarize_period": "labexport.analysis.summary",
}
__all__ = sorted(_VERBS)


def __getattr__(name: str) -> object:
    if name in _VERBS:
        return getattr(import_module(_VERBS[name]), name)
    raise AttributeError(f"module 'labexport' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_VERBS])
