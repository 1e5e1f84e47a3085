"""The briefing PDFs: ``labexport report --briefing --pdf`` prints each page in real Chromium.

Each PDF is read back with pypdf: tagged (a structure tree, marked content), with the
page's language, an outline from the headings, A4 pages, the running header and page
numbers, and the report's figures as selectable text, Vietnamese diacritics intact.
"""

import os
import unicodedata
from pathlib import Path

import pytest
from conftest import CHROMIUM, run_cli

from labexport.report.pdf import footer_template, header_template
from labexport.report.registry import REPORTS
from labexport.report.variants import variant_folder, variant_name

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

PERIOD = "2025-07"
TITLES = {"en": "Market trends, July 2025", "vi": "Xu hướng thị trường, tháng 7/2025"}
HEADINGS = {"en": ["Headline", "Monthly departures by market", "Markets so far this year"],
            "vi": ["Số liệu chính", "Số xuất cảnh hằng tháng theo thị trường"]}


def _needs_chromium() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("LABEXPORT_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium; `make test` does)")


@pytest.fixture(scope="module")
def pdfs(shipped_data, tmp_path_factory) -> dict[str, Path]:
    """The July 2025 briefings with their PDFs, English and Vietnamese, in one folder."""
    _needs_chromium()
    out = tmp_path_factory.mktemp("pdf_reports")
    for lang in ("en", "vi"):
        run = run_cli("report", "--period", PERIOD, "--lang", lang, "--briefing", "--pdf",
                      "--data-dir", str(shipped_data), "--out", str(out), "-q")
        assert run.returncode == 0, run.stderr
    return {lang: variant_folder(out / PERIOD, variant_name(lang=lang, briefing=True,
                                                            scope="national"))
            for lang in ("en", "vi")}


def _reader(path: Path):
    from pypdf import PdfReader

    return PdfReader(path)


def _structure(node, kinds: dict[str, int], alts: list[str]) -> None:
    """Count the structure elements below ``node`` by type; collect the figures' alt texts."""
    from pypdf.generic import ArrayObject, DictionaryObject

    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, DictionaryObject):
        kind = node.get("/S")
        if kind is not None:
            kinds[str(kind)] = kinds.get(str(kind), 0) + 1
            if kind == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
        if "/K" in node:
            _structure(node["/K"], kinds, alts)
    elif isinstance(node, ArrayObject):
        for child in node:
            _structure(child, kinds, alts)


def _titles(outline) -> list[str]:
    out = []
    for item in outline:
        out += _titles(item) if isinstance(item, list) else [item.title]
    return out


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_each_briefing_has_a_tagged_pdf_beside_it(pdfs, lang):
    folder = pdfs[lang]
    for name in REPORTS:
        reader = _reader(folder / f"{name}.pdf")
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog
        assert catalog["/MarkInfo"]["/Marked"].value is True  # a BooleanObject
        assert catalog["/Lang"] == lang
        kinds: dict[str, int] = {}
        alts: list[str] = []
        _structure(catalog["/StructTreeRoot"], kinds, alts)
        assert kinds["/H1"] == 1, kinds
        assert kinds["/H2"] >= 3, kinds
        assert kinds["/Table"] >= 1, kinds
        assert kinds["/TH"] >= 2, kinds
        assert alts  # each chart keeps its alt text
        assert all(len(a) > 20 for a in alts)
        assert _titles(reader.outline), name
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (596, 843)  # A4


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_market_trends_pdf_reads_as_text(pdfs, lang):
    reader = _reader(pdfs[lang] / "market_trends.pdf")
    pages = [unicodedata.normalize("NFC", p.extract_text()) for p in reader.pages]
    text = "\n".join(pages)
    total = len(pages)
    assert total >= 2
    for n, page in enumerate(pages, start=1):
        assert TITLES[lang] in page  # the running header, on every page
        assert PERIOD in page
        assert (f"Page {n} of {total}" if lang == "en" else f"Trang {n}/{total}") in page
    assert ("85,781" if lang == "en" else "85.781") in text
    assert ("39,558" if lang == "en" else "39.558") in text
    if lang == "vi":
        assert unicodedata.normalize("NFC", "Nhật Bản") in text
        assert "Số lao động xuất cảnh" in text
    assert "\ufb01" not in text  # "fi" and "fl" copy as letters, not ligatures
    assert "\ufb02" not in text
    titles = _titles(reader.outline)
    assert titles[0] == TITLES[lang]
    assert set(HEADINGS[lang]) <= set(titles)
    # The data table of each chart is printed open, with its values.
    assert ("Data of Figure 1" if lang == "en" else "Số liệu của Hình 1") in text


def test_a_missing_pdf_is_printed_again(pdfs, shipped_data):
    folder = pdfs["en"]
    (folder / "gender_share.pdf").unlink()
    run = run_cli("report", "--period", PERIOD, "--reports", "gender_share", "--briefing",
                  "--pdf", "--data-dir", str(shipped_data), "--out", str(folder.parents[1]),
                  "--json")
    assert run.returncode == 0, run.stderr
    assert '"status": "built"' in run.stdout
    assert _reader(folder / "gender_share.pdf").outline


def test_pdf_needs_briefing(shipped_data, tmp_path):
    run = run_cli("report", "--period", PERIOD, "--pdf", "--data-dir", str(shipped_data),
                  "--out", str(tmp_path / "reports"))
    assert run.returncode != 0
    assert run.stderr == ("labexport: error: --pdf needs --briefing: the PDF is printed from "
                          "the briefing page\n")
    assert not (tmp_path / "reports" / PERIOD).exists()


def test_header_and_footer_escape_and_number_pages():
    header = header_template('Xu hướng <b>"x"</b> & co', "2025-07")
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt; &amp; co" in header
    assert "<b>" not in header
    assert "2025-07" in header
    assert 'Page <span class="pageNumber"></span> of <span class="totalPages"></span>' in (
        footer_template("en"))
    assert 'Trang <span class="pageNumber"></span>/<span class="totalPages"></span>' in (
        footer_template("vi"))


def test_pages_printed_from_several_threads_share_one_browser(tmp_path):
    _needs_chromium()
    from concurrent.futures import ThreadPoolExecutor

    from labexport.core.errors import ExportError
    from labexport.report import pdf

    page = tmp_path / "p.html"
    page.write_text('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>t</title>'
                    '<style>body { font-family: "Noto Sans", "DejaVu Sans"; }</style>'
                    "</head><body><main><h1>Nhật Bản 39.558</h1><h2>Đài Loan</h2></main>"
                    "</body></html>", encoding="utf-8")
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            done = list(pool.map(lambda n: pdf.write_pdf(
                page, tmp_path / f"p{n}.pdf", title="Thử <1>", period=PERIOD, lang="vi"),
                range(3)))
        assert done == [tmp_path / f"p{n}.pdf" for n in range(3)]
        printer = pdf._PRINTER
        assert printer is not None
        for path in done:
            text = unicodedata.normalize("NFC", _reader(path).pages[0].extract_text())
            assert "Nhật Bản 39.558" in text
            assert "Thử <1>" in text  # the header's title, escaped in HTML, shown as written
            assert "Trang 1/1" in text
        assert not list(tmp_path.glob(".*.tmp"))
        target = tmp_path / "gone.pdf"
        with pytest.raises(ExportError) as caught:
            pdf.write_pdf(tmp_path / "gone.html", target, title="t", period=PERIOD, lang="en")
        assert str(caught.value).startswith(f"{target}: cannot print the PDF: ")
        assert "ERR_FILE_NOT_FOUND" in str(caught.value)
        assert "\n" not in str(caught.value)
        assert not target.exists()
        assert pdf._PRINTER is printer  # the same browser went on printing
    finally:
        pdf.close_printer()
    assert pdf._PRINTER is None
