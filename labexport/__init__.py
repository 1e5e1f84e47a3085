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
    Every headline indicator of one month (see ``labexport.indicators`` for the rest).
"""

from labexport.checks import run_checks
from labexport.dataset import build, load_facts
from labexport.indicators import summarize_period
from labexport.parse import parse_bulletin
from labexport.reshape import monthly_panel
from labexport.tables import read_table

__all__ = ["build", "load_facts", "monthly_panel", "parse_bulletin", "read_table", "run_checks",
           "summarize_period"]
__version__ = "0.1.0"
