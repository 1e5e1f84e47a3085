"""What changed since the previous report: new figures, revisions, headline changes."""

import html
import json
import re
import shutil
from pathlib import Path

from intake_support import make_workspace, run_in

from labexport.report.changes import changes_html, compare

REVISION = Path(__file__).parent / "fixtures" / "bulletins_revision"


def _report(folder: Path, period: str, lang: str = "en"):
    run = run_in(folder, "report", "--period", period, "--reports", "market_trends",
                 "--lang", lang, "--out", str(folder / "reports"), "-q")
    assert run.returncode == 0, run.stderr
    return run


def _section(page: str) -> str:
    """The text of the report's "What changed" section."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    text = re.sub(r"\s+", " ", text)
    start = text.index("What changed since the previous report")
    return text[start:text.index("Monthly departures", start)]


def test_july_after_june_lists_the_july_figures_as_new(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    shutil.rmtree(folder / "data" / "raw")
    shutil.copytree(Path(__file__).parents[1] / "labexport" / "data" / "shipped",
                    folder / "data" / "raw")
    _report(folder, "2025-06")
    june = json.loads((folder / "reports/2025-06/market_trends.json").read_text())
    assert june["changes"]["previous"] is None
    assert "This is the first report of its kind" in _section(
        (folder / "reports/2025-06/market_trends.html").read_text())
    _report(folder, "2025-07")
    side = json.loads((folder / "reports/2025-07/market_trends.json").read_text())
    changes = side["changes"]
    assert changes["previous"] == "2025-06"
    new = {(f["month_from"], f["month_to"], f["measure"], f["market"], f["sex"]): f["value"]
           for f in changes["new"]}
    assert new[(7, 7, "departures", "ALL", "total")] == 11090
    assert new[(7, 7, "departures", "JP", "total")] == 4318
    assert new[(1, 7, "departures", "ALL", "total")] == 85781
    assert new[(1, 7, "departures", "ALL", "female")] == 28991
    assert all(f["year"] == 2025 and f["month_to"] == 7 for f in changes["new"])
    assert changes["revised"] == []
    assert {"key": "ytd_total", "old": 74691, "new": 85781} in changes["headline"]
    section = _section((folder / "reports/2025-07/market_trends.html").read_text())
    assert "Compared with the previous report (June 2025)" in section
    assert "departures, July 2025: 11,090" in section
    assert "year to date: 74,691 → 85,781" in section


def test_a_revised_june_figure_is_listed_old_to_new_with_sources(tmp_path):
    folder = make_workspace(tmp_path / "ws")
    bulletins = folder / "data" / "bulletins"
    shutil.copy(REVISION / "2025-07-05-june.txt", bulletins)
    _report(folder, "2025-06", lang="vi")
    first = json.loads((folder / "reports/2025-06/vi/market_trends.json").read_text())
    assert first["changes"]["previous"] is None
    _report(folder, "2025-06", lang="vi")  # unchanged: nothing rebuilt
    shutil.copy(REVISION / "2025-07-20-june-update.txt", bulletins)
    _report(folder, "2025-06", lang="vi")
    side = json.loads((folder / "reports/2025-06/vi/market_trends.json").read_text())
    changes = side["changes"]
    assert changes["previous"] == "2025-06"
    assert changes["revised"] == [{
        "figure": {"year": 2025, "month_from": 1, "month_to": 6, "measure": "attainment_pct",
                   "market": "ALL", "sex": "total"},
        "old": 58.0, "new": 57.4,
        "old_source": "2025-07-05-june.txt", "new_source": "2025-07-20-june-update.txt"}]
    assert [(f["measure"], f["sex"], f["value"]) for f in changes["new"]] == [
        ("departures", "female", 25617.0)]
    page = (folder / "reports/2025-06/vi/market_trends.html").read_text()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "Những gì thay đổi so với báo cáo trước" in text
    assert ("tỷ lệ hoàn thành (%), 01–06/2025: 58 → 57,4 "
            "(2025-07-05-june.txt → 2025-07-20-june-update.txt)") in text


def test_nothing_changed_says_so_in_one_sentence():
    figure = {"year": 2025, "month_from": 7, "month_to": 7, "measure": "departures",
              "market": "ALL", "sex": "total", "value": 11090.0, "qualifier": "exact",
              "source": "a"}
    same = compare([figure], [figure], {"ytd_total": 85781}, {"ytd_total": 85781})
    assert same == {"new": [], "revised": [], "headline": []}
    assert changes_html(same, "July 2025", "en") == (
        "<h2>What changed since the previous report</h2>"
        '<p class="lx-text">Nothing changed since the previous report (July 2025).</p>')
    assert changes_html(same, "tháng 7/2025", "vi").endswith(
        "Không có gì thay đổi so với báo cáo trước (tháng 7/2025).</p>")


def test_the_section_escapes_what_it_quotes():
    figure = {"year": 2025, "month_from": 7, "month_to": 7, "measure": "departures",
              "market": "ALL", "sex": "total", "value": 11090.0, "qualifier": "exact",
              "source": "<script>x</script>"}
    old = {**figure, "value": 11000.0, "source": "a&b"}
    section = changes_html(compare([old], [figure], {}, {}), "June 2025", "en")
    assert "<script>" not in section
    assert ("<li>departures, July 2025: 11,000 → 11,090 (a&amp;b → &lt;script&gt;x&lt;/script&gt;)"
            "</li>") in section


def test_the_figures_table_marks_each_figure_with_its_status(shipped_facts):
    from labexport.report.captions import caption
    from labexport.report.tables_text import figures_table

    table, _sources = figures_table(shipped_facts, year=2025, month=10, scope="national",
                                    lang="en")
    rows = table[(table["Period"] == "January–October 2025") & (table["Market"] == "Total")
                 & (table["Sex"] == "total") & (table["Figure"] == "Workers departing")]
    assert list(rows["Workers"]) == ["121,190"]
    assert list(rows["Status"]) == ["C contested"]  # 128,044 in one later article
    assert "C contested: another source states a different exact value" in caption(
        "figures", year=2025, month=10, lang="en")
    vi, _ = figures_table(shipped_facts, year=2025, month=10, scope="national", lang="vi")
    assert "C có số khác" in set(vi["Tình trạng"])


def test_the_ranking_chart_marks_contested_figures_and_says_so(shipped_facts):
    import matplotlib.pyplot as plt

    from labexport.analysis import indicators
    from labexport.report import plots

    yoy = indicators.yoy_change(shipped_facts, year=2025, month=10)
    markets = yoy[yoy["market"] != "ALL"]
    assert dict(zip(markets["market"], markets["status"], strict=True))["JP"] == "C"
    ax = plots.plot_ytd_ranking(markets, year=2025, lang="en")
    labels = [t.get_text() for t in ax.texts]
    assert " 55,049 (C)" in labels  # Japan, January-October 2025
    assert " 2,507" in labels  # China, no other figure
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "(C) another source states another figure"
    plt.close(ax.figure)
