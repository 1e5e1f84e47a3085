"""Every page labexport writes, checked by axe-core in real Chromium, and each chart's data table.

The reports of July 2025 in English and Vietnamese, with code and as briefings, the
reports folder's index and the review pages of the real seed bulletins are opened in
Debian's Chromium; axe-core (installed from npm by ``make test`` into ``node_modules/``)
runs on each, once as the page opens and once with every chart's data table opened.
Any ``serious`` or ``critical`` finding fails. The data tables are then read back and
compared, cell by cell, with the dataset the charts are drawn from.
"""

import os
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, run_cli

from labexport.analysis import indicators
from labexport.analysis.panel import cut_window, monthly_panel
from labexport.core.markets import display_name
from labexport.data.prefer import preferred
from labexport.report.registry import REPORTS
from labexport.report.variants import variant_folder, variant_name
from labexport.report.wording import format_number, format_pct, format_period, text

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PERIOD = "2025-07"
VARIANTS = [("en", False), ("vi", True), ("vi", False), ("en", True)]


def report_folder(out: Path, lang: str, briefing: bool) -> Path:
    return variant_folder(out / PERIOD, variant_name(lang=lang, briefing=briefing,
                                                     scope="national"))


@pytest.fixture(scope="module")
def axe() -> Path:
    if not AXE.is_file():
        if os.environ.get("LABEXPORT_REQUIRE_BROWSER"):
            pytest.fail(f"{AXE} is missing; `make test` installs it (npm install axe-core@4)")
        pytest.skip(f"{AXE} is absent (`make axe` or `npm install --prefix . axe-core@4`)")
    return AXE


@pytest.fixture(scope="module")
def other_variants(shipped_data, tmp_path_factory) -> Path:
    """Vietnamese with code and the English briefing of July 2025, in one reports folder."""
    out = tmp_path_factory.mktemp("a11y_reports")
    for extra in (["--lang", "vi"], ["--briefing"]):
        run = run_cli("report", "--period", PERIOD, *extra, "--data-dir", str(shipped_data),
                      "--out", str(out), "-q")
        assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def review_pages(tmp_path_factory) -> list[Path]:
    """The review page of every real seed bulletin."""
    if not SEEDS.is_dir():
        pytest.skip(f"the real seed bulletins are not here ({SEEDS} is absent; CI has them)")
    out = tmp_path_factory.mktemp("a11y_review")
    seeds = sorted(SEEDS.glob("*.txt"))
    run = run_cli("review", *map(str, seeds), "--out", str(out))
    assert run.returncode == 0, run.stderr
    pages = sorted(out.glob("*.review.html"))
    assert len(pages) == len(seeds) > 0
    return pages


def _folder_of(request, lang: str, briefing: bool) -> Path:
    if (lang, briefing) == ("en", False):
        out = request.getfixturevalue("built_en")[0]
    elif (lang, briefing) == ("vi", True):
        out = request.getfixturevalue("built_vi")
    else:
        out = request.getfixturevalue("other_variants")
    return report_folder(out, lang, briefing)


# -- axe ----------------------------------------------------------------------------------

OPEN_ALL = "() => document.querySelectorAll('details').forEach(d => { d.open = true; })"


def axe_findings(browser, page_path: Path, axe_js: Path) -> tuple[list[str], object]:
    """Serious and critical axe findings, as loaded and with every ``<details>`` opened."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("file:", "data:")) else r.abort())
    page.goto(page_path.resolve().as_uri(), wait_until="load")
    page.add_script_tag(path=str(axe_js))
    found = []
    for state in ("as loaded", "data tables open"):
        if state == "data tables open":
            page.evaluate(OPEN_ALL)
        result = page.evaluate("async () => await axe.run(document)")
        assert result["passes"], "axe ran no check"
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                targets = "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                found.append(f"{page_path.name} ({state}): {v['impact']} {v['id']}: "
                             f"{v['help']} [{len(v['nodes'])}] {targets}")
    return found, page


STRUCTURE = """() => ({
  lang: document.documentElement.lang,
  charts: Array.from(document.querySelectorAll('figure.lx-figure')).map(f => ({
    alt: (f.querySelector('img') || {}).alt || '',
    details: f.querySelectorAll('details.lx-data').length,
    summary: (f.querySelector('details.lx-data > summary') || {}).textContent || '',
    rows: f.querySelectorAll('details.lx-data tbody tr').length})),
  tables: Array.from(document.querySelectorAll('table')).map(t => ({
    caption: t.caption ? t.caption.textContent.trim() : '',
    th: t.querySelectorAll('th').length,
    unscoped: Array.from(t.querySelectorAll('th')).filter(h => !h.getAttribute('scope'))
      .length}))
})"""


@pytest.mark.parametrize(("lang", "briefing"), VARIANTS,
                         ids=[f"{lang}{'-briefing' if b else ''}" for lang, b in VARIANTS])
@pytest.mark.parametrize("name", REPORTS)
def test_report_pages_pass_axe(browser, axe, request, lang, briefing, name):
    path = _folder_of(request, lang, briefing) / f"{name}.html"
    found, page = axe_findings(browser, path, axe)
    shape = page.evaluate(STRUCTURE)
    page.close()
    print("\n".join(found))
    assert found == []
    assert shape["lang"] == lang
    assert shape["charts"], "a report without charts"
    for n, chart in enumerate(shape["charts"], start=1):
        assert chart["details"] == 1, chart
        assert chart["rows"] > 0, chart
        assert chart["summary"] == (f"Data of Figure {n}" if lang == "en"
                                    else f"Số liệu của Hình {n}")
        assert len(chart["alt"]) > 20
    for table in shape["tables"]:
        assert table["caption"], table
        assert table["th"] > 0, table
        assert table["unscoped"] == 0, table


def test_index_pages_pass_axe(browser, axe, built_en, other_variants):
    for out in (built_en[0], other_variants):
        found, page = axe_findings(browser, out / "index.html", axe)
        shape = page.evaluate(STRUCTURE)
        page.close()
        print("\n".join(found))
        assert found == []
        assert shape["lang"] == "en"
        assert all(t["caption"] and t["unscoped"] == 0 for t in shape["tables"])


def test_review_pages_pass_axe(browser, axe, review_pages):
    for path in review_pages:
        found, page = axe_findings(browser, path, axe)
        shape = page.evaluate(STRUCTURE)
        page.close()
        print("\n".join(found))
        assert found == []
        assert shape["lang"] in ("en", "vi")
        assert shape["tables"], path
        assert all(t["caption"] and t["unscoped"] == 0 for t in shape["tables"])


def test_axe_does_find_what_it_must(browser, axe, tmp_path):
    # The check itself: a page with no language, low contrast and an image without alt fails.
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>t</title></head><body><main><h1>t</h1>'
                   '<p style="color:#bbb">pale</p><img src="data:image/png;base64,iVBORw0KGgo='
                   '"></main></body></html>', encoding="utf-8")
    found, page = axe_findings(browser, bad, axe)
    page.close()
    assert {f.split(": ")[1].split()[-1] for f in found} >= {
        "html-has-lang", "color-contrast", "image-alt"}


# -- the data tables hold what the charts plot -----------------------------------------------


class _DataTables(HTMLParser):
    """The tables of each ``<details class="lx-data">``: rows of cell texts, header first."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[list[list[str]]] = []
        self._depth = 0  # inside a data <details>
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "details" and ("class", "lx-data") in attrs:
            self._depth = 1
            self.charts.append([])
        elif self._depth and tag == "tr":
            self.charts[-1].append([])
        elif self._depth and tag in ("th", "td"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "details":
            self._depth = 0
        elif self._depth and tag in ("th", "td") and self._cell is not None:
            self.charts[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def data_tables(page: Path) -> list[dict[str, dict[str, str]]]:
    """Each chart's data table as ``{row label: {column: cell}}``."""
    parser = _DataTables()
    parser.feed(page.read_text(encoding="utf-8"))
    out = []
    for rows in parser.charts:
        head, *body = rows
        out.append({r[0]: dict(zip(head[1:], r[1:], strict=True)) for r in body})
    return out


def published(facts, *, market="ALL", sex="total", year=2025, months=(1, 7),
              measure="departures") -> float:
    f = preferred(facts)
    rows = f[(f["measure"] == measure) & (f["scope"] == "national") & (f["market"] == market)
             & (f["sex"] == sex) & (f["year"] == year) & (f["month_from"] == months[0])
             & (f["month_to"] == months[1])]
    assert len(rows) == 1, (market, sex, year, months, measure)
    return float(rows["value"].iloc[0])


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_market_charts_tables_hold_the_plotted_values(built_en, built_vi, shipped_facts, lang):
    folder = report_folder(built_en[0] if lang == "en" else built_vi, lang, lang == "vi")
    monthly, ranking, concentration = data_tables(folder / "market_trends.html")
    japan = display_name("JP", lang=lang)
    assert unicodedata.is_normalized("NFC", japan)
    # Japan, year to date: the published figure, 39,558 (39.558 in Vietnamese).
    assert published(shipped_facts, market="JP") == 39558
    assert ranking[japan]["2025"] == ("39,558" if lang == "en" else "39.558")
    for code in ("JP", "TW", "KR"):
        name = display_name(code, lang=lang)
        assert ranking[name]["2025"] == format_number(published(shipped_facts, market=code), lang)
        assert ranking[name]["2024"] == "–"  # no market figure for January–July 2024
    # Japan in July 2025 alone, then every cell of the monthly chart against the panel.
    july = format_period(2025, 7, lang)
    assert published(shipped_facts, market="JP", months=(7, 7)) == 4318
    assert monthly[july][japan] == ("4,318" if lang == "en" else "4.318")
    window = cut_window(monthly_panel(shipped_facts), year=2025, month=7, months=24,
                        markets=["JP", "TW", "KR"])
    assert len(monthly) == 24
    derived = 0
    for row in window.itertuples(index=False):
        cell = monthly[format_period(row.year, row.month, lang)][display_name(row.market,
                                                                             lang=lang)]
        shown = format_number(row.departures, lang)
        if row.method == "derived":
            derived += 1
            shown += " (derived)" if lang == "en" else " (suy ra)"
        assert cell == shown, (row, cell)
    assert derived > 0
    # Concentration: the HHI and top-3 share of every year drawn.
    conc = indicators.concentration(shipped_facts, scope="national", as_of=(2025, 7))
    assert len(concentration) == len(conc) > 5
    for row in conc.itertuples(index=False):
        cells = list(concentration[str(row.year)].values())
        assert cells[:2] == [format_number(row.hhi, lang),
                             format_pct(row.top3_share * 100, lang)]
        if "comparable" in conc and not conc["comparable"].all():  # drawn apart, said apart
            assert cells[2] == text("conc_comparable" if row.comparable
                                    else "conc_not_comparable", lang)


def test_gender_and_plan_charts_tables_hold_the_plotted_values(built_en, shipped_facts):
    folder = report_folder(built_en[0], "en", False)
    trend, by_market = data_tables(folder / "gender_share.html")
    female, total = (published(shipped_facts, sex=s) for s in ("female", "total"))
    assert (female, total) == (28991, 85781)
    assert trend["January–July 2025"] == {"Figure": "year to date", "Female share (%)": "33.8%"}
    jp_female = published(shipped_facts, market="JP", sex="female")
    assert by_market["Japan"] == {"Female share (%)": format_pct(jp_female / 39558 * 100, "en"),
                                  "Female": format_number(jp_female, "en"), "Total": "39,558"}
    attainment, history = data_tables(folder / "target_attainment.html")
    assert attainment["July 2025"] == {"Year to date": "85,781"}
    assert published(shipped_facts, measure="target", months=(1, 12)) == 130000
    assert attainment["Plan 2025"] == {"Year to date": "130,000"}
    assert history["2020"] == {"Departures in the year": "78,641", "Plan": "–",
                               "Plan (range)": "–", "Original plan": "130,000",
                               "Adjusted plan": "70,000"}
    assert history["2023"]["Plan (range)"] == "110,000 – 120,000"
    assert history["2025"]["Departures in the year"] == "–"  # the year is not over
    for year in range(2015, 2025):
        actual = published(shipped_facts, year=year, months=(1, 12))
        assert history[str(year)]["Departures in the year"] == format_number(actual, "en")
