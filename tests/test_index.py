"""The reports index: a table of periods (newest first, by year) and reports, in a browser too.

The reports folder is made of real sidecars, written by ``write_sidecar`` from
notebooks that recorded key figures the way ``Report.record`` does, beside
their HTML pages; no kernel runs, so these tests take a second.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import open_offline

from labexport.report import sidecar as sidecar_module
from labexport.report.index import render_index, report_heading, write_index
from labexport.report.registry import REPORTS
from labexport.report.sidecar import FIGURES_MIME, write_sidecar

FIGURES = {
    "market_trends": {"month_total": 11090.0, "ytd_total": 85781.0,
                      "top_markets": [{"market": "JP", "ytd": 39558.0, "share": 46.1}]},
    "gender_share": {"female_share_ytd": 33.796, "ytd_female": 28991.0},
    "target_attainment": {"attainment_pct": 65.985, "attainment_pct_stated": 65.9,
                          "target": 130000.0},
}
PERIODS = ["2024-11", "2024-12", "2025-01", "2025-02"]
HOSTILE = '<script>document.title="pwned"</script> & "quotes"'


def _notebook(figures: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("report.record(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={FIGURES_MIME: figures,
                                                                 "text/plain": ""})]
    nb.cells.append(cell)
    return nb


def _publish(folder: Path, name: str, period: str, *, lang: str = "en", error: str = "",
             title: str | None = None, briefing: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.html").write_text(f"<!DOCTYPE html><title>{name}</title>",
                                         encoding="utf-8")
    params = {"period": period, "scope": "national", "lang": lang, "markets": None,
              "lookback_months": 24, "data_dir": None}
    write_sidecar(folder, name=name, period=period, error=error,
                  title=title or f"{report_heading(name, lang)}, {period}",
                  parameters=params, briefing=briefing, nb=_notebook(FIGURES[name]),
                  inputs={}, execute_s=1.0, export_s=0.5)


@pytest.fixture
def reports(tmp_path, monkeypatch) -> Path:
    """Four periods over two years; 2025-01 gender_share failed; 2025-02 also in Vietnamese."""
    monkeypatch.setattr(sidecar_module, "git_revision", lambda: None)
    out = tmp_path / "reports"
    for period in PERIODS:
        for name in REPORTS:
            error = "cell 5: RuntimeError: the female table is broken" if (
                period, name) == ("2025-01", "gender_share") else ""
            _publish(out / period, name, period, error=error)
    _publish(out / "2025-02" / "vi", "market_trends", "2025-02", lang="vi", briefing=True)
    (out / "review").mkdir()  # not a period: review pages live here
    (out / ".tmp-1-x" / "2030-01").mkdir(parents=True)  # a dead run's leftovers
    write_index(out)
    return out


class _Table(HTMLParser):
    """The index's table as data: its caption, heading cells and rows, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.caption = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.rows.append({"class": a.get("class", ""), "id": a.get("id"), "th": "",
                              "ths": [], "cells": [], "scope": None})
        elif tag == "th" and self.rows:
            self.rows[-1]["scope"] = a.get("scope")
            self.rows[-1]["ths"].append("")
            self._in = "th"
        elif tag == "td":
            self.rows[-1]["cells"].append({"class": a.get("class", ""), "links": [],
                                           "text": ""})
            self._in = "td"
        elif tag == "a" and self._in == "td":
            self.rows[-1]["cells"][-1]["links"].append((a["href"], a.get("hreflang")))
        elif tag == "caption":
            self._in = "caption"

    def handle_endtag(self, tag):
        if tag in ("th", "td", "caption"):
            self._in = None

    def handle_data(self, data):
        if self._in == "caption":
            self.caption += data
        elif self._in == "th" and self.rows:
            self.rows[-1]["th"] += data
            self.rows[-1]["ths"][-1] += data.strip()
        elif self._in == "td":
            self.rows[-1]["cells"][-1]["text"] += data


def _table(out: Path) -> _Table:
    parsed = _Table()
    parsed.feed((out / "index.html").read_text(encoding="utf-8"))
    return parsed


def test_one_row_per_period_newest_first_grouped_by_year(reports):
    table = _table(reports)
    assert table.caption.startswith("Reports by period, newest first")
    body = table.rows[1:]  # the first row is the column headings
    assert table.rows[0]["ths"] == ["Period", *(report_heading(n) for n in REPORTS)]
    assert report_heading("market_trends") == "Market trends"
    assert [(r["scope"], r["th"]) for r in body] == [
        ("rowgroup", "2025"), ("row", "February 2025"), ("row", "January 2025"),
        ("rowgroup", "2024"), ("row", "December 2024"), ("row", "November 2024")]
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert page.count("<tbody") == 2  # one row group per year
    assert "2030-01" not in page
    assert "review" not in page


def test_each_report_has_a_link_per_language_and_its_key_figures(reports):
    rows = {r["id"]: r for r in _table(reports).rows if r["id"]}
    assert list(rows) == [f"p{p}" for p in reversed(PERIODS)]
    for period in PERIODS:
        cells = rows[f"p{period}"]["cells"]
        assert len(cells) == len(REPORTS)
        for name, cell in zip(REPORTS, cells, strict=True):
            assert (f"{period}/{name}.html", "en") in cell["links"]
    latest = rows["p2025-02"]["cells"]
    assert latest[0]["links"] == [("2025-02/market_trends.html", "en"),
                                  ("2025-02/vi/market_trends.html", "vi")]
    assert "Tiếng Việt (briefing)" in " ".join(latest[0]["text"].split())
    text = " ".join(" ".join(c["text"].split()) for c in latest)
    for shown in ("Departures in the month: 11,090", "Departures, year to date: 85,781",
                  "Leading market: Japan 39,558", "Female share, year to date: 33.8%",
                  "% of plan, computed: 66.0%", "% of plan, stated: 65.9%",
                  "Annual plan: 130,000"):
        assert shown in text


def test_a_failed_report_is_marked_with_a_sign_and_words(reports):
    rows = {r["id"]: r for r in _table(reports).rows if r["id"]}
    failed = [(period, name) for period in PERIODS
              for name, cell in zip(REPORTS, rows[f"p{period}"]["cells"], strict=True)
              if "lx-cell-failed" in cell["class"]]
    assert failed == [("2025-01", "gender_share")]
    cell = rows["p2025-01"]["cells"][1]
    text = " ".join(cell["text"].split())
    assert "✗ FAILED: cell 5: RuntimeError: the female table is broken" in text
    assert cell["links"] == [("2025-01/gender_share.html", "en")]  # the error page, still linked
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert "1 failed" in page


def test_sidecar_text_is_escaped_and_the_page_is_self_contained(reports, monkeypatch):
    monkeypatch.setattr(sidecar_module, "git_revision", lambda: None)
    _publish(reports / "2025-03", "market_trends", "2025-03", error=HOSTILE, title=HOSTILE)
    page = render_index(reports)
    assert "<script" not in page
    assert "&lt;script&gt;document.title=&#34;pwned&#34;&lt;/script&gt; &amp;" in page
    assert '<html lang="en">' in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "<link" not in page
    assert "<th scope=\"col\"" in page


def test_a_language_folder_of_its_own_is_found_and_the_index_is_rewritten_only_on_change(
        reports, monkeypatch):
    monkeypatch.setattr(sidecar_module, "git_revision", lambda: None)
    before = (reports / "index.html").stat().st_mtime_ns
    write_index(reports)
    assert (reports / "index.html").stat().st_mtime_ns == before
    _publish(reports / "vi" / "2024-12", "gender_share", "2024-12", lang="vi")
    write_index(reports)
    rows = {r["id"]: r for r in _table(reports).rows if r["id"]}
    assert rows["p2024-12"]["cells"][1]["links"] == [("2024-12/gender_share.html", "en"),
                                                     ("vi/2024-12/gender_share.html", "vi")]


def test_a_report_not_built_for_a_period_says_so(reports):
    for path in (reports / "2024-11").glob("target_attainment.*"):
        path.unlink()
    write_index(reports)
    rows = {r["id"]: r for r in _table(reports).rows if r["id"]}
    assert "not built" in rows["p2024-11"]["cells"][2]["text"]
    assert rows["p2024-11"]["cells"][2]["links"] == []


def test_an_empty_folder_gets_a_page_saying_so(tmp_path):
    write_index(tmp_path)
    assert "No report built yet." in (tmp_path / "index.html").read_text(encoding="utf-8")


# -- in a browser, at a desktop's and a phone's width ----------------------------------------


@pytest.fixture
def many_reports(reports) -> Path:
    """120 periods (2015-01 to 2024-12) copied from one period's sidecars, plus the four above."""
    template = {name: json.loads((reports / "2024-11" / f"{name}.json").read_text("utf-8"))
                for name in REPORTS}
    for year in range(2015, 2025):
        for month in range(1, 13):
            period = f"{year}-{month:02d}"
            folder = reports / period
            if folder.exists():
                continue
            folder.mkdir()
            for name, side in template.items():
                (folder / f"{name}.html").write_text("<!DOCTYPE html>", encoding="utf-8")
                (folder / f"{name}.json").write_text(json.dumps({**side, "period": period}),
                                                     encoding="utf-8")
    write_index(reports)
    return reports


@pytest.mark.browser
@pytest.mark.parametrize("width", [1200, 400])
def test_index_is_readable_at_desktop_and_phone_widths(browser, many_reports, width):
    page, problems = open_offline(browser, many_reports / "index.html")
    page.set_viewport_size({"width": width, "height": 900})
    assert problems == []
    assert page.locator("html").get_attribute("lang") == "en"
    table = page.locator("table.lx-index")
    assert table.is_visible()
    assert page.locator("tr.lx-period").count() == 122  # 2015-01..2024-12 and 2025-01, 2025-02
    first = page.locator("tr.lx-period").first
    assert first.locator("th").inner_text() == "February 2025"
    assert first.is_visible()
    failed = page.locator("td.lx-cell-failed")
    assert failed.count() == 1
    assert "✗ FAILED: cell 5" in failed.inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width + 2, f"the page is {overflow} px wide at {width} px"
    box = first.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width + 1
    label = first.locator(".lx-cell-label").first
    heading = page.locator("thead th").first
    if width == 400:  # cards: each report labelled in its card, the heading row hidden
        assert label.is_visible()
        assert label.inner_text().startswith(report_heading(REPORTS[0]))
        assert page.locator("table.lx-index thead").bounding_box()["height"] <= 1
    else:  # a table: the column headings say which report, the cells need no label
        assert not label.is_visible()
        assert heading.is_visible()
        cells = first.locator("td")
        xs = [cells.nth(i).bounding_box()["x"] for i in range(len(REPORTS))]
        assert xs == sorted(xs)
        assert len(set(xs)) == len(REPORTS)  # side by side, one column per report
    page.click("nav.lx-years a[href='#y2020']")
    assert page.locator("#y2020").is_visible()
    page.close()
