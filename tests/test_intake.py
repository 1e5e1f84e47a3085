"""`labexport add`: pages from a local web server, PDF, Word and text files, tables.

The fixture pages (tests/fixtures/pages/) are written around real published figures:
August 2025 (news page, English) and October 2025 (Vietnamese, Windows-1258), with a
menu, a byline, photo captions, a related-articles box and comments that hold other
real figures, which must not become figures of the page.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import json
import os
import re
import subprocess
import sys

import pytest
from conftest import run_cli
from intake_support import PAGES, closed_port, make_workspace, run_in, serve

from labexport.cli import main

AUG = "2025-09-08-labour-export-nears-100-000-after-eight-months"
OCT = "2025-11-05-muoi-thang-hon-121-000-lao-dong-di-lam-viec-o-nuoc-ngoai"
KEYS = ("scope", "year", "month_from", "month_to", "measure", "market", "sex", "value",
        "qualifier")
YTD_AUG, M_AUG = (2025, 1, 8), (2025, 8, 8)
EXPECTED_AUG = [
    ("national", *YTD_AUG, "departures", "ALL", "total", 97963, "exact"),
    ("national", *YTD_AUG, "departures", "ALL", "female", 32849, "exact"),
    ("national", *YTD_AUG, "attainment_pct", "ALL", "total", 75.3, "exact"),
    ("national", 2025, 1, 12, "target", "ALL", "total", 130000, "exact"),
    *[("national", *YTD_AUG, "departures", m, "total", v, "exact")
      for m, v in (("JP", 43905), ("TW", 37906), ("KR", 8923), ("HU", 581), ("RO", 458))],
    ("national", *M_AUG, "departures", "ALL", "total", 12182, "exact"),
    *[("national", *M_AUG, "departures", m, "total", v, "exact")
      for m, v in (("TW", 5435), ("JP", 4347), ("KR", 1583), ("CN", 264), ("SG", 149),
                   ("RO", 30))],
]
YTD_OCT, M_OCT = (2025, 1, 10), (2025, 10, 10)
EXPECTED_OCT = [
    ("national", *M_OCT, "departures", "ALL", "total", 11740, "exact"),
    ("national", *M_OCT, "departures", "ALL", "female", 4058, "exact"),
    ("national", *YTD_OCT, "departures", "ALL", "total", 121190, "exact"),
    ("national", *YTD_OCT, "departures", "ALL", "female", 40938, "exact"),
    ("national", *YTD_OCT, "attainment_pct", "ALL", "total", 93.2, "exact"),
    ("national", 2025, 1, 12, "target", "ALL", "total", 130000, "exact"),
    *[("national", *YTD_OCT, "departures", m, "total", v, "exact")
      for m, v in (("JP", 55049), ("TW", 47135), ("KR", 9996), ("CN", 2507), ("SG", 1823),
                   ("GR", 728))],
    *[("national", *M_OCT, "departures", m, "total", v, "exact")
      for m, v in (("JP", 5799), ("TW", 4184), ("KR", 775), ("CN", 243), ("SG", 194),
                   ("GR", 134))],
]
#: Real figures of other articles on the same pages: caption, related box, comments.
NOT_THE_ARTICLES = ("29,902", "11,090", "3,374", "37,027", "14,000", "5.045", "11.487",
                    "5.345")
SIDECAR_KEYS = {"source", "retrieved", "title", "published", "sha256", "extractor"}


@pytest.fixture(scope="module")
def site():
    with serve() as server:
        yield server


def figures(path):
    """What `labexport parse --json` prints for a stored bulletin (run in this process)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["parse", "--json", str(path)]) == 0
    return [tuple(json.loads(line)[k] for k in KEYS) for line in out.getvalue().splitlines()]


def stored(data):
    folder = data / "bulletins"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def sidecar(path):
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_a_news_page_gives_the_articles_figures_and_nothing_around_them(site, tmp_path):
    data, url = tmp_path / "data", f"{site.base}/news/2025-08.html"
    run = run_cli("add", url, "--data-dir", str(data))
    assert run.returncode == 0, run.stderr
    assert stored(data) == [f"{AUG}.json", f"{AUG}.txt"]
    path = data / "bulletins" / f"{AUG}.txt"
    assert figures(path) == EXPECTED_AUG
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[:2] == ["2025-09-08",
                                     "Labour export nears 100,000 after eight months"]
    assert [n for n in NOT_THE_ARTICLES if n in text] == []
    for other in ("Home", "Sport", "Staff reporter", "Read more", "Trainees", "Minh", "Comments"):
        assert other not in text
    side = sidecar(path)
    assert set(side) == SIDECAR_KEYS
    assert side["source"] == url
    assert side["published"] == "2025-09-08"
    assert side["title"] == "Labour export nears 100,000 after eight months"
    assert side["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert re.fullmatch(r"trafilatura \d+\.\d+\.\d+", side["extractor"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", side["retrieved"])
    assert "national 2025 01-08     departures     JP  total  43,905     exact" in run.stdout
    assert f"stored {path} (16 figures; source: {url})" in run.stdout
    review = run.stdout.splitlines()[-1].removeprefix("review: ")
    assert review.endswith(f"{AUG}.review.html")
    assert os.path.isfile(review)

    again = run_cli("add", url, "--data-dir", str(data))
    assert (again.returncode, again.stdout, again.stderr) == (
        0, f"{url}: already stored as {path}\n", "")
    assert stored(data) == [f"{AUG}.json", f"{AUG}.txt"]


def test_a_page_in_windows_1258_and_the_same_in_utf16_are_one_bulletin(site, tmp_path):
    data = tmp_path / "data"
    url, url16 = f"{site.base}/vi/2025-10.html", f"{site.base}/vi/2025-10-utf16.html"
    run = run_cli("add", url, url16, "--data-dir", str(data))
    assert run.returncode == 0, run.stderr
    path = data / "bulletins" / f"{OCT}.txt"
    assert f"{url16}: already stored as {path}" in run.stdout
    assert stored(data) == [f"{OCT}.json", f"{OCT}.txt"]
    assert figures(path) == EXPECTED_OCT
    text = path.read_text(encoding="utf-8")
    assert "Đài Loan (Trung Quốc) 47.135 lao động" in text
    assert [n for n in NOT_THE_ARTICLES if n in text] == []
    assert "Tin liên quan" not in text
    assert "sân bay" not in text
    assert sidecar(path)["source"] == url
    assert sidecar(path)["published"] == "2025-11-05"


def test_each_failing_address_is_one_line_and_the_others_are_still_added(site, tmp_path):
    data, b, dead = tmp_path / "data", site.base, closed_port()
    bad = {
        f"{b}/missing": "HTTP 404 Not Found",
        f"{b}/broken": "HTTP 500 Internal Server Error",
        f"{b}/loop-a": f"redirect loop (back to {b}/loop-a)",
        f"{b}/slow": "timed out (time limit 1 s)",
        f"{b}/trickle": "timed out (time limit 1 s)",
        f"{b}/big": "larger than the 5,242,880-byte limit",
        f"{b}/image.png": "not a page (image/png)",
        f"{b}/feed.xml": "not a page (application/rss+xml; a feed: list it in [feeds] urls)",
        f"{b}/empty.html": "no article text found",
        f"http://127.0.0.1:{dead}/x": "connection refused",
        "ftp://127.0.0.1/x": "only http and https addresses are fetched",
        f"{b}/to-ftp": "redirected to ftp://127.0.0.1/x, which is not an http or https address",
    }
    good = f"{b}/news/2025-08.html"
    env = {**os.environ, "LABEXPORT_FETCH_TIMEOUT": "1"}
    run = subprocess.run([sys.executable, "-m", "labexport.cli", "add", *list(bad)[:6], good,
                          *list(bad)[6:], "--data-dir", str(data)],
                         capture_output=True, text=True, encoding="utf-8", env=env)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [f"labexport: error: {u}: {why}" for u, why in bad.items()]
    assert stored(data) == [f"{AUG}.json", f"{AUG}.txt"]
    assert sidecar(data / "bulletins" / f"{AUG}.txt")["source"] == good


def test_a_redirect_is_followed_and_the_final_address_recorded(site, tmp_path):
    data = tmp_path / "data"
    run = run_cli("add", f"{site.base}/moved", "--data-dir", str(data), "--timeout", "5")
    assert run.returncode == 0, run.stderr
    assert sidecar(data / "bulletins" / f"{AUG}.txt")["source"] == f"{site.base}/news/2025-08.html"


def test_a_page_without_figures_is_stored_only_with_keep(site, tmp_path):
    data, url = tmp_path / "data", f"{site.base}/no-figures.html"
    run = run_cli("add", url, "--data-dir", str(data))
    assert (run.returncode, run.stderr) == (
        1, f"labexport: error: {url}: no figures found, not stored (--keep stores it anyway)\n")
    assert stored(data) == []
    kept = run_cli("add", url, "--data-dir", str(data), "--keep")
    assert kept.returncode == 0, kept.stderr
    name = "2025-09-10-companies-told-to-check-contracts-before-sending-workers"
    assert stored(data) == [f"{name}.json", f"{name}.txt"]


def _printable_html(text):
    lines = [line for line in text.splitlines() if line.strip()]
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(lines[1])}"
            f"</title></head><body style='font: 11pt DejaVu Sans'>{body}</body></html>")


def _word_file(text, path):
    import docx

    lines = [line for line in text.splitlines() if line.strip()]
    document = docx.Document()
    for line in lines:
        if line.startswith("Japan remained"):  # this paragraph in a table cell, in its place
            document.add_table(rows=1, cols=1).cell(0, 0).text = line
        else:
            document.add_paragraph(line)
    document.save(path)


def test_a_pdf_and_a_word_file_give_the_same_figures_as_the_text(site, tmp_path, browser):
    data = tmp_path / "data"
    assert run_cli("add", f"{site.base}/news/2025-08.html", "--data-dir", str(data)).returncode == 0
    text = (data / "bulletins" / f"{AUG}.txt").read_text(encoding="utf-8")
    pdf, word = tmp_path / "bulletin.pdf", tmp_path / "bulletin.docx"
    page = browser.new_page()
    page.set_content(_printable_html(text))
    page.pdf(path=str(pdf), format="A4")
    page.close()
    _word_file(text, word)
    site.extra["/bulletin.pdf"] = (pdf.read_bytes(), "application/pdf")
    by_address = f"{site.base}/bulletin.pdf"
    for source, extractor, origin in ((pdf, "pypdf ", "https://example.org/b.pdf"),
                                      (word, "python-docx ", None), (by_address, "pypdf ", None)):
        folder = tmp_path / f"data-{extractor.strip()}-{origin is None}-{source == by_address}"
        extra = ["--source", origin] if origin else []
        run = run_cli("add", str(source), "--data-dir", str(folder), *extra)
        assert run.returncode == 0, run.stderr
        assert stored(folder) == [f"{AUG}.json", f"{AUG}.txt"]
        path = folder / "bulletins" / f"{AUG}.txt"
        assert figures(path) == EXPECTED_AUG
        assert sidecar(path)["extractor"].startswith(extractor)
        assert sidecar(path)["source"] == (
            origin or (source if source == by_address else source.name))
        assert sidecar(path)["title"] == "Labour export nears 100,000 after eight months"


def test_a_damaged_pdf_or_word_file_is_one_line_naming_it(tmp_path):
    pdf, word, other = tmp_path / "x.pdf", tmp_path / "y.docx", tmp_path / "z.png"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    word.write_bytes(b"PK\x03\x04 not really a zip")
    other.write_bytes(b"\x89PNG")
    run = run_cli("add", str(pdf), str(word), str(other), str(tmp_path / "absent.txt"),
                  "--data-dir", str(tmp_path / "data"))
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith(f"labexport: error: {pdf}: damaged or unreadable PDF (")
    assert lines[1].startswith(f"labexport: error: {word}: damaged or not a Word file (")
    assert lines[2] == (f"labexport: error: {other}: not a page, PDF, Word, text file or table "
                        "(by its extension)")
    assert lines[3] == f"labexport: error: {tmp_path / 'absent.txt'}: no such file"
    assert stored(tmp_path / "data") == []


def test_a_text_file_is_stored_with_its_name_as_source_and_a_table_goes_to_raw(tmp_path):
    data = tmp_path / "data"
    bulletin = tmp_path / "august.txt"
    bulletin.write_text("2025-09-08\nLabour export after eight months\nIn August 2025, 12,182 "
                        "workers went abroad.\n", encoding="utf-8")
    table = tmp_path / "own.csv"
    table.write_text("source_url,lang,published,year,month_from,month_to,window,scope,market,"
                     "sex,value,qualifier,note\nhttps://vneconomy.vn/xuat-khau-lao-dong-cham-"
                     "moc-gan-100000-nguoi-sau-8-thang.htm,vi,2025-09-08,2025,8,8,month,"
                     "national,ALL,total,12182,exact,\n", encoding="utf-8")
    run = run_cli("add", str(bulletin), str(table), "--data-dir", str(data))
    assert run.returncode == 0, run.stderr
    path = data / "bulletins" / "2025-09-08-labour-export-after-eight-months.txt"
    assert sidecar(path)["source"] == "august.txt"
    assert sidecar(path)["extractor"] == "labexport text"
    assert (data / "raw" / "own.csv").read_bytes() == table.read_bytes()
    assert f"{table}: stored as {data / 'raw' / 'own.csv'} (1 figures)" in run.stdout
    again = run_cli("add", str(table), str(bulletin), "--data-dir", str(data))
    assert again.stdout.splitlines() == [f"{table}: already stored as {data / 'raw' / 'own.csv'}",
                                         f"{bulletin}: already stored as {path}"]


def test_without_the_intake_extra_the_command_says_how_to_install_it(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes((PAGES / "news_2025_08.html").read_bytes())
    code = ("import sys; sys.modules['trafilatura'] = None; from labexport.cli import main; "
            f"sys.exit(main(['add', {str(page)!r}, '--data-dir', {str(tmp_path / 'd')!r}]))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (run.returncode, run.stderr) == (
        1, 'labexport: error: labexport add needs the intake extra: pip install '
           '"labexport[intake]"\n')


@pytest.mark.notebook
def test_an_added_page_reaches_the_months_report_with_its_address(site, tmp_path):
    ws = make_workspace(tmp_path / "ws")
    url = f"{site.base}/news/2025-08.html"
    data = str(ws / "data")
    assert run_in(ws, "add", url, "--data-dir", data).returncode == 0
    built = run_in(ws, "build", "--data-dir", data, "-q")
    assert built.returncode == 0, built.stderr
    facts = (ws / "data" / "processed" / "facts.csv").read_text(encoding="utf-8").splitlines()
    assert len(facts) == 1 + len(EXPECTED_AUG)
    assert all(row.startswith(f"{url},2025-09-08,en,") for row in facts[1:])
    run = run_in(ws, "report", "--period", "2025-08", "--reports", "market_trends",
                 "--data-dir", data, "--out", str(ws / "reports"))
    assert run.returncode == 0, run.stderr
    page = (ws / "reports" / "2025-08" / "market_trends.html").read_text(encoding="utf-8")
    assert "<td>43,905</td>" in page
    assert "<td>12,182</td>" in page
    assert f'<p class="lx-source">Source: <a href="{url}">' in page
