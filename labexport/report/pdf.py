"""Briefing pages printed to tagged, accessible PDF by headless Chromium (Playwright).

``labexport report --briefing --pdf`` writes ``<report>.pdf`` beside each HTML page:
Debian's Chromium (``/usr/bin/chromium``, driven through Playwright's Python package,
without Playwright's own browser download) opens the page offline and prints it on A4
with the report's title and period in the header and page numbers in the footer. The
PDF is tagged (a structure tree: headings, paragraphs, tables, figures with their alt
text; ``--export-tagged-pdf`` and ``tagged=True``), has an outline from the headings,
keeps the page's language, and its text is selectable. The print stylesheet
(``report.css``) chooses a font with every Vietnamese diacritic, keeps figures and tables
whole and opens each chart's data table.

Playwright's synchronous API is bound to the thread that started it, while reports are
exported on several threads at once; so one thread of this module owns the browser and
prints every PDF of a run in turn: one browser per batch, started at the first PDF and
closed when the process ends (or by :func:`close_printer`).
"""

from __future__ import annotations

import atexit
import html as html_text
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labexport.core.errors import ExportError, ParameterError

#: The browser that prints (Debian's package; ``make browser`` installs it).
CHROMIUM = Path("/usr/bin/chromium")
_ARGS = ["--no-sandbox", "--disable-gpu", "--export-tagged-pdf", "--disable-extensions",
         "--disable-background-networking", "--disable-component-update", "--no-first-run"]
MARGIN = {"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
#: Seconds a page may take to open and print.
TIMEOUT_S = 60
_FONT = "font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 8pt; color: #3d4752;"
_WORDS = {"page": {"en": "Page {n} of {total}", "vi": "Trang {n}/{total}"}}
#: A table of more rows than this may run over a page break (``lx-long``); shorter ones
#: are kept whole (``break-inside: avoid`` in ``report.css``).
LONG_TABLE_ROWS = 25
#: Before printing: open every chart's data table, mark the long tables, wait for fonts.
_BEFORE_PRINT = """(rows) => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  document.querySelectorAll('table').forEach(t => {
    if (t.rows.length > rows) t.classList.add('lx-long'); });
  return document.fonts.ready.then(() => true);
}"""


def header_template(title: str, period: str) -> str:
    """The running header: the report's title (escaped) left, its period right."""
    return (f'<div style="{_FONT} width: 100%; margin: 0 16mm; display: flex; '
            'justify-content: space-between; gap: 8mm;">'
            f"<span>{html_text.escape(title)}</span><span>{html_text.escape(period)}</span></div>")


def footer_template(lang: str) -> str:
    """The running footer: ``Page 2 of 5`` / ``Trang 2/5``."""
    words = _WORDS["page"]["vi" if lang == "vi" else "en"]
    number = words.format(n='<span class="pageNumber"></span>',
                          total='<span class="totalPages"></span>')
    return f'<div style="{_FONT} width: 100%; margin: 0 16mm; text-align: right;">{number}</div>'


def check_printer() -> None:
    """Check that a PDF can be printed here: Playwright's package and the browser.

    Raises
    ------
    ExportError
        What is missing, in one line.
    """
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise ExportError("--pdf needs Playwright's Python package: "
                          "pip install 'labexport[pdf]'") from None
    if not CHROMIUM.exists():
        raise ExportError(f"--pdf needs Chromium at {CHROMIUM} "
                          "(apt-get install chromium; `make browser` does)")


def check_pdf_request(*, briefing: bool) -> None:
    """Check a request for PDFs before anything runs: briefing mode, Playwright, Chromium.

    Raises
    ------
    ParameterError
        ``briefing`` is false: the PDF is printed from the briefing page.
    ExportError
        Playwright's package or Chromium is missing.
    """
    if not briefing:
        raise ParameterError("--pdf needs --briefing: the PDF is printed from the briefing page")
    check_printer()


@dataclass(frozen=True)
class _Job:
    html: Path
    pdf: Path
    title: str
    period: str
    lang: str


class _Printer:
    """A thread that owns one browser and prints the PDFs it is sent, one at a time."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[_Job, Future[Path]] | None] = queue.Queue()
        self._failed: BaseException | None = None  # Playwright itself could not start
        self._thread = threading.Thread(target=self._run, name="labexport-pdf", daemon=True)
        self._thread.start()

    def submit(self, job: _Job) -> Future[Path]:
        done: Future[Path] = Future()
        if self._failed is not None or not self._thread.is_alive():
            done.set_exception(self._failed or ExportError("the PDF printer has stopped"))
        else:
            self._jobs.put((job, done))
        return done

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        try:
            self._serve()
        except Exception as exc:  # no driver, say: every job waiting gets the error
            self._failed = exc
            while True:
                try:
                    item = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[1].set_exception(exc)

    def _serve(self) -> None:
        from playwright.sync_api import sync_playwright

        browser = None
        with sync_playwright() as pw:
            while (item := self._jobs.get()) is not None:
                job, done = item
                try:
                    if browser is None or not browser.is_connected():
                        browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                                     headless=True, args=_ARGS)
                    done.set_result(_print(browser, job))
                except Exception as exc:  # handed to the caller, who words it in one line
                    done.set_exception(exc)
            if browser is not None:
                browser.close()


def _print(browser: Any, job: _Job) -> Path:
    """Open ``job.html`` offline, open its data tables, print it to ``job.pdf``."""
    page = browser.new_page()
    try:
        page.set_default_timeout(TIMEOUT_S * 1000)
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
            ("file:", "data:")) else route.abort())
        page.goto(job.html.resolve().as_uri(), wait_until="load")
        page.evaluate(_BEFORE_PRINT, LONG_TABLE_ROWS)
        tmp = job.pdf.with_name(f".{job.pdf.name}.tmp")
        page.pdf(path=str(tmp), format="A4", margin=MARGIN, print_background=True,
                 display_header_footer=True,
                 header_template=header_template(job.title, job.period),
                 footer_template=footer_template(job.lang), tagged=True, outline=True)
        tmp.replace(job.pdf)
    finally:
        page.close()
    return job.pdf


_PRINTER: _Printer | None = None
_PRINTER_LOCK = threading.Lock()


def _printer() -> _Printer:
    global _PRINTER
    with _PRINTER_LOCK:
        if _PRINTER is None:
            _PRINTER = _Printer()
        return _PRINTER


def close_printer() -> None:
    """Close the browser that prints (the next PDF starts another)."""
    global _PRINTER
    with _PRINTER_LOCK:
        printer, _PRINTER = _PRINTER, None
    if printer is not None:
        printer.stop()


atexit.register(close_printer)


def write_pdf(html: Path, pdf: Path, *, title: str, period: str, lang: str) -> Path:
    """Print a briefing page to a tagged PDF beside it.

    Parameters
    ----------
    html : Path
        The briefing page (self-contained; nothing is fetched from the network).
    pdf : Path
        Where the PDF goes (written to a temporary name first, then renamed).
    title : str
        The report's title, for the running header (escaped there).
    period : str
        The report's period (``2025-07``), shown in the header.
    lang : {"en", "vi"}
        The language of the page numbers.

    Returns
    -------
    Path
        ``pdf``.

    Raises
    ------
    ExportError
        No Playwright, no browser, or the page could not be printed; in one line.
    """
    check_printer()
    job = _Job(Path(html), Path(pdf), title, period, lang)
    try:
        return _printer().submit(job).result(timeout=TIMEOUT_S * 2)
    except ExportError:
        raise
    except TimeoutError:
        raise ExportError(f"{pdf}: cannot print the PDF: no answer from Chromium in "
                          f"{TIMEOUT_S * 2} s") from None
    except Exception as exc:  # Playwright's errors, as one line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ExportError(f"{pdf}: cannot print the PDF: {first}") from None
