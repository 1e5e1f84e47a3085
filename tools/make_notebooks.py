"""Write the three report notebooks (``labexport/report/notebooks/*.ipynb``) without outputs.

This file is the notebooks' source: edit it, not the ``.ipynb`` files, then run
``make notebooks`` (``python tools/make_notebooks.py``) and commit both;
``tests/test_notebooks.py`` fails while they differ. See ``labexport/report/notebooks/README.md``.

The notebooks are thin: a title, the parameters and a validation cell, then one
section per part of the report page: a markdown cell (a ``##`` heading, the
page's English one, and a line saying what the step shows and which variables
hold its frames), then a code cell that computes those frames into named
variables and shows them through ``report``. The markdown cells are tagged
``notes``, which the HTML export leaves out: the page prints its own headings,
in the report's language, from ``report.heading``. Cell ids are named after
their role (``market-ranking``), so adding a section renumbers nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from labexport.report.wording import TEXTS

ROOT = Path(__file__).resolve().parents[1]

PARAMETERS = '''\
period = "2025-07"  # YYYY-MM: the month the report is about
scope = "national"  # "national" or a province's name, e.g. "Khánh Hòa"
lang = "en"  # "en" or "vi"
markets = None  # None: the leading markets; or a list such as ["JP", "TW", "RO"]
lookback_months = 24  # months shown in the monthly charts
data_dir = None  # None: the shipped data/; or the path of another data folder
'''

START = '''\
# Checks every parameter (stops here with a one-line message if one is wrong) and loads the data.
from labexport.analysis import indicators
{extra}from labexport.report import narrative, plots
from labexport.report.page import Report

report = Report.start("{name}", period=period, scope=scope, lang=lang, markets=markets,
                      lookback_months=lookback_months, data_dir=data_dir)
s = report.summary
'''

NOTE = """\
Run all cells; change the parameters in the first code cell. Each `##` section below is one \
part of the report page: the line under its heading names the variables that hold its \
frames, so a new cell with just a name (e.g. `figures_table`) shows one. After a run, each \
section's output starts with the page's own heading, in the report's language.

`labexport report` runs this notebook through papermill and exports it to HTML; the markdown \
cells (tagged `notes`) are not on the page. The notebook is generated: edit \
`tools/make_notebooks.py`, not this file (see `labexport/report/notebooks/README.md`)."""

#: The first section of every notebook: the parameters cell and the validation cell.
SETUP = """\
## Parameters and data

The first cell holds the parameters: `labexport report` passes its own values through \
papermill, and you can edit them here to look at another month, province or language. The \
next cell checks them (stopping with a one-line message if one is wrong) and loads the data: \
`report.facts` has every figure read from the bulletins, one row per figure and source; \
`report.preferred` the row each figure is taken from; `s` (`report.summary`) the period's \
headline indicators, from which the sentences are written."""

#: The last cell of every report: the period's figures as printed, with their sources.
FIGURES = '''\
report.heading("h_figures")
figures_table, sources = narrative.figures_table(report.facts, year=report.year,
                                                 month=report.month, scope=scope, lang=lang)
report.table(figures_table, caption=report.caption("figures"), sources=sources)
report.finish()
'''

MARKET_TRENDS = [
    '''\
report.heading("h_headline")
report.say(narrative.month_sentence(s, lang), narrative.ytd_sentence(s, lang),
           narrative.top_markets_sentence(s, lang), narrative.yoy_sentence(s, lang))
report.record(month_total=s.month_total, ytd_total=s.ytd_total,
              top_markets=s.top_markets, yoy_ytd_change_pct=s.yoy_ytd_change_pct)
''',
    '''\
report.heading("h_monthly")
panel = monthly_panel(report.facts)
shown = report.markets or report.leading_markets(panel)
window = cut_window(panel, year=report.year, month=report.month, months=lookback_months,
                    markets=shown, scope=scope)
if window["departures"].notna().any():
    ax = plots.plot_monthly_by_market(window, lang=lang)
    report.figure(ax, caption=narrative.monthly_caption(window, lang),
                  alt=narrative.monthly_alt(window, lang))
else:
    report.say(narrative.monthly_alt(window, lang))
''',
    '''\
report.heading("h_ranking")
yoy = indicators.yoy_change(report.facts, year=report.year, month=report.month, scope=scope)
by_market = yoy[yoy["market"] != "ALL"]
if by_market.empty:
    report.say(narrative.top_markets_sentence(s, lang))
else:
    ax = plots.plot_ytd_ranking(by_market, year=report.year, lang=lang)
    report.figure(ax, caption=report.caption("ranking"),
                  alt=narrative.ranking_alt(by_market, report.year, lang))
    ranking_table = narrative.ranking_table(yoy, lang)
    report.table(ranking_table, caption=report.caption("ranking"),
                 sources=[*yoy["source"], *yoy["source_last"]])
''',
    '''\
report.heading("h_concentration")
report.say(narrative.concentration_sentence(s, lang))
conc = indicators.concentration(report.facts, scope=scope, as_of=(report.year, report.month))
if len(conc):
    ax = plots.plot_concentration(conc, lang=lang)
    report.figure(ax, caption=report.caption("concentration"),
                  alt=narrative.concentration_alt(conc, lang))
    concentration_table = narrative.concentration_table(conc, lang)
    report.table(concentration_table, caption=report.caption("concentration"),
                 sources=list(conc["source"]))
report.record(top3_share=s.top3_share, hhi=s.hhi)
''',
    '''\
report.heading("h_emerging")
others = indicators.other_markets(report.facts, year=report.year, month=report.month,
                                  scope=scope)
report.say(narrative.others_sentence(others, report.year, report.month, lang))
if len(others):
    others_table = narrative.others_table(others, report.year, lang)
    report.table(others_table, caption=report.caption("others"),
                 sources=list(others["source"]))
''',
    FIGURES,
]

GENDER_SHARE = [
    '''\
report.heading("h_headline")
report.say(narrative.month_sentence(s, lang), narrative.ytd_sentence(s, lang))
report.record(female_share_ytd=s.female_share_ytd, ytd_female=s.ytd_female,
              female_share_month=s.female_share_month)
''',
    '''\
report.heading("h_female_trend")
shares = indicators.female_share(report.facts, scope=scope, as_of=(report.year, report.month),
                                 years=lookback_months // 12 + 2)
if len(shares):
    ax = plots.plot_female_share(shares, lang=lang)
    report.figure(ax, caption=report.caption("female_trend"),
                  alt=narrative.female_trend_alt(shares, lang))
else:
    report.say(narrative.no_female_sentence(lang))
''',
    '''\
report.heading("h_female_market")
by_market = indicators.female_share(report.facts, scope=scope, market=None)
by_market = by_market[(by_market["year"] == report.year) & (by_market["month_from"] == 1)
                      & (by_market["month_to"] == report.month)]
named = by_market[by_market["market"] != "ALL"]
if len(named):
    ax = plots.plot_female_share_by_market(named, lang=lang)
    report.figure(ax, caption=report.caption("female_market"),
                  alt=narrative.female_market_alt(named, lang))
    female_market_table = narrative.female_market_table(by_market, lang)
    report.table(female_market_table, caption=report.caption("female_market"),
                 sources=report.sources_of(year=report.year, month_from=1,
                                           month_to=report.month, sex="female"))
else:
    report.say(narrative.no_female_market_sentence(s, lang))
''',
    '''\
report.heading("h_month_vs_ytd")
report.say(narrative.female_month_vs_ytd_sentence(s, lang))
''',
    '''\
report.heading("h_missing")
gaps = narrative.missing_table(s, lang, ("month_total", "month_female", "ytd_total",
                                         "ytd_female", "top_markets"))
if len(gaps):
    report.table(gaps, caption=report.caption("missing"), sources=[])
else:
    report.say(narrative.nothing_missing_sentence(lang))
''',
    FIGURES,
]

TARGET_ATTAINMENT = [
    '''\
report.heading("h_headline")
report.say(narrative.ytd_sentence(s, lang), narrative.attainment_sentence(s, lang))
report.record(ytd_total=s.ytd_total, target=s.target, attainment_pct=s.attainment_pct,
              attainment_pct_stated=s.attainment_pct_stated,
              attainment_verdict=s.attainment_verdict)
''',
    '''\
report.heading("h_attainment")
ytd = report.ytd_series()
if len(ytd):
    proj = s.projection_year_end
    ax = plots.plot_attainment(ytd, target=s.target, projection=proj and proj.as_dict(),
                               year=report.year, lang=lang)
    report.figure(ax, caption=narrative.attainment_caption(s, lang),
                  alt=narrative.attainment_alt(s, lang))
report.say(narrative.attainment_chart_note(s, lang, charted=len(ytd) > 0))
implied_plan = indicators.implied_target(s)  # None unless a stated % has no known plan
if implied_plan is not None:
    implied_table = narrative.implied_plan_table(s, implied_plan, lang)
    report.table(implied_table, caption=report.caption("implied_plan"),
                 sources=report.sources_of(year=report.year, month_from=1,
                                           month_to=report.month,
                                           measure=["departures", "attainment_pct"]))
    report.record(implied_plan=implied_plan)
''',
    '''\
report.heading("h_pace")
report.say(*narrative.pace_sentences(s, lang))
pace = indicators.seasonal_pace(report.facts, month=report.month, before=report.year,
                                scope=scope)
if len(pace) and report.month < 12:  # by December every past year has reached 100%
    seasonal_table = narrative.seasonal_table(pace, report.month, lang)
    report.table(seasonal_table, caption=report.caption("seasonal"),
                 sources=report.sources_of(years=list(pace["year"]), month_from=1,
                                           month_to=[report.month, 12]))
report.record(calendar_pace_pct=s.calendar_pace_pct, seasonal_pace_pct=s.seasonal_pace_pct,
              projection_year_end=s.projection_year_end,
              required_monthly_rate=s.required_monthly_rate)
''',
    '''\
report.heading("h_history")
history = indicators.target_history(report.facts, scope=scope,
                                   as_of=(report.year, report.month))
report.say(narrative.history_sentence(history, report.year, lang))
planned, derived = history["plan"].notna().any(), history["implied_plan"].notna().any()
if planned:
    ax = plots.plot_target_history(history, lang=lang)
    report.figure(ax, caption=report.caption("history"), alt=narrative.history_alt(history, lang))
if planned or derived:
    history_table = narrative.history_table(history, lang)
    measures = ["departures", "target"] + (["attainment_pct"] if derived else [])
    report.table(history_table, caption=narrative.history_caption(history, report.year, lang),
                 sources=report.sources_of(years=list(history["year"]), month_from=1,
                                           month_to=[12], measure=measures))
''',
    FIGURES,
]

NOTEBOOKS = {
    "market_trends": ("Market trends", MARKET_TRENDS),
    "gender_share": ("Gender share", GENDER_SHARE),
    "target_attainment": ("Target attainment", TARGET_ATTAINMENT),
}

#: What each report is about: the line under the notebook's ``#`` title.
ABOUT = {
    "market_trends": "Where Vietnam's contract workers went: the month's and the year's "
                     "departures, this year's markets against last year's, how much depends "
                     "on a few markets, and the smaller markets.",
    "gender_share": "Women among departing workers: their share in the month and the year to "
                    "date, over time and by market, and what is not published.",
    "target_attainment": "The year's departures against the annual plan: attainment so far, "
                         "pace and a year-end projection, and past years against their plans.",
}

#: The line under the heading of the figures section, the same in every notebook.
FIGURES_NOTE = ("Every figure published for the period (the month and the year to date), with "
                "the words the bulletin printed it in: `figures_table` is the table as shown, "
                "`sources` the bulletin of each row. `report.finish()` adds the closing note.")

#: The line under each section's heading, by notebook and heading key: what the step shows
#: and which variables hold its frames. A table's variable is set only when the page shows it.
STEPS = {
    "market_trends": {
        "h_headline": "The month's and the year's totals and the leading markets, in sentences "
                      "written from the summary `s`; `report.record` keeps the key figures for "
                      "the report's sidecar and the index.",
        "h_monthly": "Departures month by month to the charted markets over the last "
                     "`lookback_months` months: `panel` has a figure for every month, market "
                     "and sex (reported, or derived from year-to-date totals), `shown` lists "
                     "the charted markets and `window` is the part of `panel` in the chart.",
        "h_ranking": "This year's markets against the same months of last year: `yoy` has one "
                     "row per market (and `ALL`), `by_market` the named markets charted, and "
                     "`ranking_table` is the table as shown.",
        "h_concentration": "How much of the total goes to the three largest markets, year by "
                           "year: `conc` has the top-3 share and the Herfindahl-Hirschman index "
                           "of each year with its basis (`markets` named, `month_to`, "
                           "`comparable` and `why_not`; `conc[conc[\"comparable\"]]` keeps the "
                           "comparable years), `concentration_table` is the table as shown.",
        "h_emerging": "Markets other than Japan, Taiwan and Korea, European ones first: "
                      "`others` has each one's latest figure this year, `others_table` is the "
                      "table as shown.",
        "h_figures": FIGURES_NOTE,
    },
    "gender_share": {
        "h_headline": "The month's and the year's totals and how many were women, in sentences "
                      "written from the summary `s`; `report.record` keeps the female shares "
                      "for the report's sidecar and the index.",
        "h_female_trend": "The female share of every period with both a total and a female "
                          "count, over the last years: `shares` has one row per period "
                          "(`share` is a fraction).",
        "h_female_market": "The female share by market from January to the report's month: "
                           "`by_market` has every market (and `ALL`), `named` the markets "
                           "charted, and `female_market_table` is the table as shown.",
        "h_month_vs_ytd": "The month's female share against the year to date's, from the "
                          "summary `s`.",
        "h_missing": "The headline figures with no published value for the period, and why: "
                     "`gaps` (empty when nothing is missing).",
        "h_figures": FIGURES_NOTE,
    },
    "target_attainment": {
        "h_headline": "The year to date against the annual plan, in sentences written from the "
                      "summary `s`; `report.record` keeps the attainment figures for the "
                      "report's sidecar and the index.",
        "h_attainment": "The published year-to-date totals month by month, charted against the "
                        "plan and the year-end projection: `ytd` has one row per month. With "
                        "no published plan but a stated percentage of it, `implied_plan` is "
                        "the plan that percentage implies (derived, not published) and "
                        "`implied_table` the table as shown.",
        "h_pace": "Whether the year is on pace: the calendar and seasonal pace and the year-end "
                  "projection from `s`; `pace` has the share of the annual total that past "
                  "complete years had reached by this month, `seasonal_table` is the table as "
                  "shown (not in December).",
        "h_history": "Past years' totals against their plans: `history` has one row per year "
                     "(the plan in force, the total and the attainment, the stated percentage "
                     "and, for a year with no plan, the plan it implies), `history_table` is "
                     "the table as shown.",
        "h_figures": FIGURES_NOTE,
    },
}


def _notes(source: str, cell_id: str) -> nbformat.NotebookNode:
    """A markdown cell tagged ``notes``: shown in the notebook, left out of the HTML page."""
    cell = new_markdown_cell(source)
    cell.metadata["tags"] = ["notes"]
    cell["id"] = cell_id
    return cell


def _code(source: str, cell_id: str, tags: list[str] | None = None) -> nbformat.NotebookNode:
    cell = new_code_cell(source.rstrip("\n"))
    if tags:
        cell.metadata["tags"] = tags
    cell["id"] = cell_id
    return cell


def _section(name: str, source: str) -> tuple[str, list[nbformat.NotebookNode]]:
    """A report section's heading key and its two cells: the markdown notes, then the code."""
    found = re.match(r'report\.heading\("(h_\w+)"\)', source)
    if found is None:
        raise ValueError(f"{name}: a section's code must start with report.heading(...)")
    key = found.group(1)
    if key not in STEPS[name]:
        raise KeyError(f"{name}: no STEPS[{name!r}][{key!r}] line for section {key}")
    cell_id = f"{name[:6]}-{key.removeprefix('h_').replace('_', '-')}"
    heading = TEXTS[key]["en"]
    return key, [_notes(f"## {heading}\n\n{STEPS[name][key]}", f"{cell_id}-md"),
                 _code(source, cell_id)]


def make_notebook(name: str) -> nbformat.NotebookNode:
    """Return the notebook ``name`` as a NotebookNode (no outputs)."""
    title, cells = NOTEBOOKS[name]
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "title": f"labexport: {title}",
    }
    prefix = name[:6]
    extra = ("from labexport.analysis.panel import cut_window, monthly_panel\n"
             if name == "market_trends" else "")
    # The validation cell must follow the parameters cell directly (tests/test_reports.py).
    nb.cells = [_notes(f"# labexport: {title}\n\n{ABOUT[name]}\n\n{NOTE}", f"{prefix}-title"),
                _notes(SETUP, f"{prefix}-setup-md"),
                _code(PARAMETERS, f"{prefix}-params", tags=["parameters"]),
                _code(START.format(name=name, extra=extra), f"{prefix}-start")]
    keys = []
    for source in cells:
        key, section = _section(name, source)
        keys.append(key)
        nb.cells += section
    if unused := set(STEPS[name]) - set(keys):
        raise KeyError(f"{name}: STEPS lines for sections it does not have: {sorted(unused)}")
    return nb


def main() -> None:
    """Write every notebook under ``labexport/report/notebooks/``."""
    for name in NOTEBOOKS:
        path = ROOT / "labexport" / "report" / "notebooks" / f"{name}.ipynb"
        nbformat.write(make_notebook(name), path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
