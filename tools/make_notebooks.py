"""Write the three report notebooks (``notebooks/*.ipynb``) without outputs.

The notebooks are thin: parameters, a validation cell, then calls into
``labexport`` that compute, plot and narrate. Editing them here keeps the three
consistent; run ``python tools/make_notebooks.py`` after a change and commit
the result. ``tests/test_notebooks.py`` checks what is committed.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

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

NOTE = ("Run all cells; change the parameters in the first code cell. `labexport report` "
        "runs this notebook through papermill and exports it to HTML.")

#: The last cell of every report: the period's figures as printed, with their sources.
FIGURES = '''\
report.heading("h_figures")
table, sources = narrative.figures_table(report.facts, year=report.year, month=report.month,
                                         scope=scope, lang=lang)
report.table(table, caption=report.caption("figures"), sources=sources)
report.finish()
'''

MARKET_TRENDS = [
    '''\
report.heading("h_headline")
report.say(narrative.month_sentence(s, lang), narrative.ytd_sentence(s, lang),
           narrative.top_markets_sentence(s, lang), narrative.yoy_sentence(s, lang))
report.record(month_total=s["month_total"], ytd_total=s["ytd_total"],
              top_markets=s["top_markets"], yoy_ytd_change_pct=s["yoy_ytd_change_pct"])
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
    report.table(narrative.ranking_table(yoy, lang), caption=report.caption("ranking"),
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
    report.table(narrative.concentration_table(conc, lang),
                 caption=report.caption("concentration"), sources=list(conc["source"]))
report.record(top3_share=s["top3_share"], hhi=s["hhi"])
''',
    '''\
report.heading("h_emerging")
others = indicators.other_markets(report.facts, year=report.year, month=report.month,
                                  scope=scope)
report.say(narrative.others_sentence(others, report.year, report.month, lang))
if len(others):
    report.table(narrative.others_table(others, report.year, lang),
                 caption=report.caption("others"), sources=list(others["source"]))
''',
    FIGURES,
]

GENDER_SHARE = [
    '''\
report.heading("h_headline")
report.say(narrative.month_sentence(s, lang), narrative.ytd_sentence(s, lang))
report.record(female_share_ytd=s["female_share_ytd"], ytd_female=s["ytd_female"],
              female_share_month=s["female_share_month"])
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
    report.table(narrative.female_market_table(by_market, lang),
                 caption=report.caption("female_market"),
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
report.record(ytd_total=s["ytd_total"], target=s["target"], attainment_pct=s["attainment_pct"],
              attainment_pct_stated=s["attainment_pct_stated"],
              attainment_verdict=s["attainment_verdict"])
''',
    '''\
report.heading("h_attainment")
ytd = report.ytd_series()
if len(ytd):
    ax = plots.plot_attainment(ytd, target=s["target"], projection=s["projection_year_end"],
                               year=report.year, lang=lang)
    report.figure(ax, caption=report.caption("attainment"),
                  alt=narrative.attainment_alt(s, lang))
''',
    '''\
report.heading("h_pace")
report.say(*narrative.pace_sentences(s, lang))
pace = indicators.seasonal_pace(report.facts, month=report.month, before=report.year,
                                scope=scope)
if len(pace) and report.month < 12:  # by December every past year has reached 100%
    report.table(narrative.seasonal_table(pace, report.month, lang),
                 caption=report.caption("seasonal"),
                 sources=report.sources_of(years=list(pace["year"]), month_from=1,
                                           month_to=[report.month, 12]))
report.record(calendar_pace_pct=s["calendar_pace_pct"], seasonal_pace_pct=s["seasonal_pace_pct"],
              projection_year_end=s["projection_year_end"],
              required_monthly_rate=s["required_monthly_rate"])
''',
    '''\
report.heading("h_history")
history = indicators.target_history(report.facts, scope=scope,
                                   as_of=(report.year, report.month))
if history["plan"].notna().any():
    ax = plots.plot_target_history(history, lang=lang)
    report.figure(ax, caption=report.caption("history"), alt=narrative.history_alt(history, lang))
    report.table(narrative.history_table(history, lang), caption=report.caption("history"),
                 sources=report.sources_of(years=list(history["year"]), month_from=1,
                                           month_to=[12], measure=["departures", "target"]))
''',
    FIGURES,
]

NOTEBOOKS = {
    "market_trends": ("Market trends", MARKET_TRENDS),
    "gender_share": ("Gender share", GENDER_SHARE),
    "target_attainment": ("Target attainment", TARGET_ATTAINMENT),
}


def make_notebook(name: str) -> nbformat.NotebookNode:
    """Return the notebook ``name`` as a NotebookNode (no outputs)."""
    title, cells = NOTEBOOKS[name]
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "title": f"labexport: {title}",
    }
    intro = new_markdown_cell(f"# labexport: {title}\n\n{NOTE}")
    intro.metadata["tags"] = ["notes"]
    params = new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    extra = ("from labexport.analysis.panel import cut_window, monthly_panel\n"
             if name == "market_trends" else "")
    nb.cells = [intro, params, new_code_cell(START.format(name=name, extra=extra))]
    nb.cells += [new_code_cell(src.rstrip("\n")) for src in cells]
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:6]}-{i:02d}"
        if cell.cell_type == "code":
            cell.source = cell.source.rstrip("\n")
    return nb


def main() -> None:
    """Write every notebook under ``notebooks/``."""
    for name in NOTEBOOKS:
        path = ROOT / "notebooks" / f"{name}.ipynb"
        nbformat.write(make_notebook(name), path)
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
