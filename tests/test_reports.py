"""The report notebooks, run for real: papermill, a python3 kernel, nbconvert, sidecars, index."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import ROOT, run_cli

from labexport.report.registry import REPORTS

pytestmark = pytest.mark.notebook
NOTEBOOKS = ROOT / "labexport" / "report" / "notebooks"


def _text(html_path: Path) -> str:
    """The visible text of a report, tags stripped (good enough for figures and words)."""
    page = html_path.read_text(encoding="utf-8")
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    page = re.sub(r'src="data:[^"]+"', "", page)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# -- the committed notebooks -----------------------------------------------------------


@pytest.mark.parametrize("name", REPORTS)
def test_notebook_parameters(name):
    # The papermill contract (one parameters cell, python3, no outputs) is test_notebooks.py's.
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    params = pm.inspect_notebook(str(NOTEBOOKS / f"{name}.ipynb"))
    assert {k: v["default"] for k, v in params.items()} == {
        "period": '"2025-07"', "scope": '"national"', "lang": '"en"', "markets": "None",
        "lookback_months": "24", "data_dir": "None"}
    # The first code cell after the parameters validates them through the package.
    after = nb.cells[nb.cells.index(tagged[0]) + 1]
    assert f'Report.start("{name}"' in after.source


# -- labexport report --------------------------------------------------------------------


def test_reports_show_the_published_figures(built_en):
    out, run = built_en
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(r["report"], r["status"]) for r in results] == [(n, "built") for n in REPORTS]
    folder = out / "2025-07"
    for name in REPORTS:
        for ext in ("html", "ipynb", "json"):
            assert (folder / f"{name}.{ext}").is_file()
    market = _text(folder / "market_trends.html")
    gender = _text(folder / "gender_share.html")
    target = _text(folder / "target_attainment.html")
    assert "11,090" in market
    assert "85,781" in market
    assert "Japan 39,558 (46.1%)" in market
    assert "28,991 of them women (33.8%)" in gender
    assert "the bulletin states 65.9%" in target
    assert "That is 66.0% of the 130,000 plan" in target
    assert "truncated, so consistent" in target


def test_sidecars_hold_key_figures_hashes_and_versions(built_en, shipped_data):
    out, _run = built_en
    market = json.loads((out / "2025-07" / "market_trends.json").read_text(encoding="utf-8"))
    assert market["status"] == "built"
    assert market["error"] == ""
    figs = market["key_figures"]
    assert (figs["month_total"], figs["ytd_total"]) == (11090.0, 85781.0)
    assert figs["top_markets"][0] == {"market": "JP", "ytd": 39558.0, "share": 46.1}
    assert market["parameters"] == {"period": "2025-07", "scope": "national", "lang": "en",
                                    "markets": None, "lookback_months": 24,
                                    "data_dir": shipped_data.name}  # a name, not a path
    assert "labexport/report/notebooks/market_trends.ipynb" in market["inputs"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in market["inputs"].values())
    assert {"python", "labexport", "pandas", "papermill", "nbconvert"} <= set(market["versions"])
    assert market["timings"]["total_s"] > 0
    assert "git_revision" in market
    target = json.loads((out / "2025-07" / "target_attainment.json").read_text(encoding="utf-8"))
    tf = target["key_figures"]
    assert (tf["attainment_pct"], tf["attainment_pct_stated"], tf["attainment_verdict"]) == (
        65.99, 65.9, "truncated")
    assert tf["required_monthly_rate"] == round((130000 - 85781) / 5, 1)
    gender = json.loads((out / "2025-07" / "gender_share.json").read_text(encoding="utf-8"))
    assert gender["key_figures"]["female_share_ytd"] == 33.8


def test_html_is_offline_small_and_captioned(built_en):
    out, _run = built_en
    for name in REPORTS:
        page = (out / "2025-07" / f"{name}.html").read_text(encoding="utf-8")
        assert len(page.encode()) <= 400_000
        assert '<meta charset="utf-8"' in page
        assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', page)
        assert "require.js" not in page
        assert "MathJax" not in page
        assert "No description has been provided" not in page
        imgs = re.findall(r"<img [^>]*>", page)
        assert imgs
        assert all(re.search(r'alt="[^"]{20,}"', i) for i in imgs)
        assert len(re.findall(r"<b>Figure \d+\.</b>", page)) == len(imgs)
        for table in re.findall(r'<figure class="lx-table">.*?</figure>', page, flags=re.S):
            assert re.search(r"<b>Table \d+\.</b>", table)
            assert 'class="lx-source"' in table


def test_vietnamese_briefing_hides_code(built_vi):
    folder = built_vi / "2025-07" / "vi-briefing"  # the variant's own folder
    market = (folder / "market_trends.html").read_text(encoding="utf-8")
    text = _text(folder / "market_trends.html")
    assert "Nhật Bản" in text
    assert "85.781" in text
    assert "11.090" in text
    assert "66,0%" in _text(folder / "target_attainment.html")
    assert "33,8%" in _text(folder / "gender_share.html")
    for name in REPORTS:
        page = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert "jp-InputArea-editor" not in page.split("</style>")[-1]
        assert "report.heading" not in page
        assert "lookback_months = 24" not in page
        assert "Tham số: period=2025-07" in page  # the one-line "parameters used" note
    assert '<html lang="vi">' in market


def test_a_second_run_changes_nothing(built_en, shipped_data):
    out, _run = built_en
    def state() -> dict:  # every report, sidecar and the index (not the run's own lock)
        return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.rglob("*")
                if p.is_file() and p.name != ".labexport-lock"}

    before = state()
    again = run_cli("report", "--period", "2025-07", "--data-dir", str(shipped_data),
                    "--out", str(out), "--json")
    assert again.returncode == 0, again.stderr
    assert {json.loads(x)["status"] for x in again.stdout.splitlines()} == {"skipped"}
    assert state() == before


def test_monthly_builds_the_latest_period_and_index(shipped_data, tmp_path):
    run = run_cli("monthly", "--data-dir", str(shipped_data), "--out", str(tmp_path), "--json")
    assert run.returncode == 0, run.stderr
    periods = {json.loads(x)["period"] for x in run.stdout.splitlines()}
    assert periods == {"2025-12"}  # the latest period with a national figure (over 144,000)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "2025-12/market_trends.html" in index
    second = run_cli("monthly", "--data-dir", str(shipped_data), "--out", str(tmp_path), "--json")
    assert {json.loads(x)["status"] for x in second.stdout.splitlines()} == {"skipped"}


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2025-7"], "period must be YYYY-MM (e.g. 2025-07), got '2025-7'"),
    (["--period", "2013-05"], "period 2013-05 has no national figures (latest is 2025-12)"),
    (["--period", "2025-07", "--lang", "fr"], "lang must be 'en' or 'vi', got 'fr'"),
    (["--period", "2025-07", "--reports", "summary"],
     "unknown report 'summary' (one of market_trends, gender_share, target_attainment)"),
    (["--period", "2025-07", "--markets", "JP,Atlantis"], "unknown market 'Atlantis'"),
    (["--period", "2025-07", "--lookback-months", "0"],
     "lookback_months must be a whole number 1-240, got 0"),
])
def test_bad_parameters_are_refused_before_any_kernel(shipped_data, tmp_path, args, message):
    run = run_cli("report", *args, "--data-dir", str(shipped_data), "--out", str(tmp_path))
    assert run.returncode == 1
    assert run.stderr == f"labexport: error: {message}\n"
    assert list(tmp_path.iterdir()) == []  # nothing ran, nothing was written


def test_papermill_directly_with_a_string_period(shipped_data, tmp_path):
    out = tmp_path / "out.ipynb"
    run = subprocess.run(
        [sys.executable, "-m", "papermill", str(NOTEBOOKS / "market_trends.ipynb"), str(out),
         "-p", "period", "2024-09", "-p", "data_dir", str(shipped_data), "-k", "python3"],
        capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    shown = " ".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                     for o in c.get("outputs", []))
    assert "In September 2024, 12,369 workers left" in shown  # the September 2024 bulletin


def test_papermill_directly_with_a_wrong_value_stops_at_validation(shipped_data, tmp_path):
    out = tmp_path / "out.ipynb"
    run = subprocess.run(
        [sys.executable, "-m", "papermill", str(NOTEBOOKS / "gender_share.ipynb"), str(out),
         "-p", "period", "2025-07", "-p", "lang", "fr", "-p", "data_dir", str(shipped_data),
         "-k", "python3"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode != 0
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [(e.ename, e.evalue) for e in errors] == [
        ("ParameterError", "lang must be 'en' or 'vi', got 'fr'")]
    validation = next(c for c in nb.cells if "Report.start" in c.source)
    assert validation.outputs[0].output_type == "error"  # stopped at the validation cell


def test_a_failing_notebook_is_kept_shown_and_flagged(shipped_data, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in REPORTS:
        nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        if name == "gender_share":
            nb.cells.insert(4, nbformat.v4.new_code_cell(
                'raise RuntimeError("the female table is broken")'))
        nbformat.write(nb, notebooks / f"{name}.ipynb")
    out = tmp_path / "reports"
    env = {**os.environ, "LABEXPORT_NOTEBOOKS_DIR": str(notebooks)}
    run = subprocess.run([sys.executable, "-m", "labexport.cli", "report", "--period", "2025-07",
                          "--data-dir", str(shipped_data), "--out", str(out)],
                         capture_output=True, text=True, env=env, cwd=ROOT)
    assert run.returncode == 1
    assert run.stderr.startswith("labexport: error: 2025-07 gender_share failed: ")
    assert "RuntimeError: the female table is broken" in run.stderr
    assert len(run.stderr.splitlines()) == 1
    folder = out / "2025-07"
    side = json.loads((folder / "gender_share.json").read_text(encoding="utf-8"))
    assert side["status"] == "failed"
    assert "the female table is broken" in side["error"]
    assert "the female table is broken" in (folder / "gender_share.html").read_text("utf-8")
    assert json.loads((folder / "market_trends.json").read_text("utf-8"))["status"] == "built"
    assert json.loads((folder / "target_attainment.json").read_text("utf-8"))["status"] == "built"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<td class="lx-cell lx-cell-failed" data-report="gender_share">.*?'
                     r"✗</span> FAILED</strong>: cell \d+: RuntimeError: the female table",
                     index, flags=re.S)


def test_an_early_period_shows_no_later_data(shipped_data, tmp_path):
    # October 2014: the first female counts in the data are from 2015, so none may appear.
    run = run_cli("report", "--period", "2014-10", "--reports", "gender_share,market_trends",
                  "--data-dir", str(shipped_data), "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    gender = _text(tmp_path / "2014-10" / "gender_share.html")
    assert "No female counts are published for these years." in gender
    assert "In October 2014, 7,774 workers left for jobs abroad." in gender
    market = _text(tmp_path / "2014-10" / "market_trends.html")
    assert not re.search(r"\b20(1[5-9]|2\d)\b", market.split("Parameters used")[1])
