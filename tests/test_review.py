"""The review page: hand-made readings (unit), `labexport review` (CLI) and real Chromium."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, open_offline, run_cli

from labexport import cli
from labexport.core.fact import Fact
from labexport.read.reading import REASONS, NumberRead, Reading
from labexport.report.review import (
    fact_label,
    format_period,
    render_review,
    review_path,
    source_order,
    write_review,
)

GOOD = FIXTURES / "bulletins" / "07_en_2021_10_same_month.txt"


def fact(measure="departures", year=2025, months=(7, 7), market="ALL", sex="total",
         value=11090.0, qualifier="exact", quote="", lang="en", scope="national"):
    return Fact("t.txt", "2025-08-05", lang, scope, year, months[0], months[1], measure,
                market, sex, value, qualifier, quote)


def reading_of(text: str, spans: list[tuple[str, object]], *, nth: dict | None = None,
               source: str = "t.txt") -> Reading:
    """A Reading of ``text``: each (raw, facts-or-reason) at the first place ``raw`` occurs."""
    numbers, facts, at = [], [], {}
    for raw, what in spans:
        start = text.index(raw, at.get(raw, 0))
        at[raw] = start + 1
        if isinstance(what, str):
            numbers.append(NumberRead(start, start + len(raw), raw, reason=what))
        else:
            numbers.append(NumberRead(start, start + len(raw), raw, tuple(what)))
            facts += what
    return Reading(source, text, facts, numbers)


class Page(HTMLParser):
    """The parts of a review page the tests look at."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text = ""  # the bulletin's text as shown, labels left out
        self.marks: list[tuple[str, dict]] = []  # (shown text, attributes)
        self.skips: list[tuple[str, dict]] = []
        self.tags_shown: list[str] = []
        self.cells: list[str] = []
        self.feed(html)

    def _inside(self, cls: str) -> bool:
        return any(cls in (a.get("class") or "").split() for _, a in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in ("meta", "br"):
            self.stack.append((tag, attrs))
        if tag == "mark" and self._inside("text"):  # not the legend's samples
            self.marks.append(("", attrs))
        if tag == "span" and "skip" in (attrs.get("class") or "").split() and \
                self._inside("text"):
            self.skips.append(("", attrs))
        if tag == "span" and "tag" in (attrs.get("class") or "").split():
            self.tags_shown.append("")
        if tag in ("td", "th"):
            self.cells.append("")

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        top = self.stack[-1] if self.stack else ("", {})
        if self._inside("text") and not self._inside("tag"):
            self.text += data
        if self._inside("tag") and not self._inside("vh"):  # leave out the hidden brackets
            self.tags_shown[-1] += data
        if top[0] == "mark" and self._inside("text"):
            self.marks[-1] = (self.marks[-1][0] + data, self.marks[-1][1])
        if "skip" in (top[1].get("class") or "").split() and self._inside("text"):
            self.skips[-1] = (self.skips[-1][0] + data, self.skips[-1][1])
        if self._inside("scroll") and any(t in ("td", "th") for t, _ in self.stack):
            self.cells[-1] += data


SEED_004 = (
    "In July 2025, the whole country had 11,090 workers going abroad, including 3,374 female "
    "workers.\nIn the first 7 months of 2025, the whole country sent 85,781 workers, reaching "
    "65.9% of the yearly plan (the annual target is 130,000 workers).\nJapan received 39,558 "
    "workers; South Korea: 7,340 workers, earning VND35 million a month."
)


def seed_like() -> Reading:
    ytd = (1, 7)
    return reading_of(SEED_004, [
        ("2025", "date"),
        ("11,090", [fact(value=11090.0, quote="the whole country had 11,090 workers")]),
        ("3,374", [fact(sex="female", value=3374.0)]),
        ("85,781", [fact(months=ytd, value=85781.0)]),
        ("65.9", [fact("attainment_pct", months=ytd, value=65.9)]),
        ("130,000", [fact("target", months=(1, 12), value=130000.0)]),
        ("39,558", [fact(months=ytd, market="JP", value=39558.0)]),
        ("7,340", [fact(months=ytd, market="KR", value=7340.0)]),
        ("35", "money"),
    ])


# --- labels -------------------------------------------------------------------------------

def test_periods_are_a_month_a_range_or_a_year():
    assert format_period(fact(months=(7, 7))) == "2025-07"
    assert format_period(fact(months=(1, 7))) == "2025 Jan-Jul"
    assert format_period(fact(months=(4, 6))) == "2025 Apr-Jun"
    assert format_period(fact(months=(1, 12))) == "2025"


def test_labels_name_measure_period_market_sex_qualifier_and_value():
    assert fact_label(fact()) == "departures · 2025-07 · all markets · total · exact · 11,090"
    assert fact_label(fact(months=(1, 7), market="KR", value=7340.0)) == (
        "departures · 2025 Jan-Jul · South Korea (KR) · total · exact · 7,340")
    assert fact_label(fact("attainment_pct", months=(1, 7), value=65.9)) == (
        "attainment_pct · 2025 Jan-Jul · all markets · total · exact · 65.9%")
    assert fact_label(fact("quota", months=(1, 12), value=200.0, qualifier="approx")) == (
        "quota · 2025 · all markets · total · approx · 200")
    assert fact_label(fact(sex="female", value=1234.5, qualifier="nearly")).endswith(
        "female · nearly · 1,234.5")


def test_every_number_taken_is_marked_with_its_label_in_title_and_tag():
    reading = seed_like()
    page = Page(render_review(reading))
    taken = [n for n in reading.numbers if n.taken]
    assert [m[0] for m in page.marks] == [n.raw for n in taken]
    for (_shown, attrs), number in zip(page.marks, taken, strict=True):
        label = fact_label(number.facts[0])
        assert attrs["title"] == label
        assert attrs["class"] == "fig"
        assert (int(attrs["data-start"]), int(attrs["data-end"])) == (number.start, number.end)
        assert label in page.tags_shown
    assert "departures · 2025 Jan-Jul · Japan (JP) · total · exact · 39,558" in page.tags_shown


def test_a_number_read_as_two_figures_carries_both_labels():
    text = "Japan and Korea each received 500 workers in July 2025."
    two = [fact(market="JP", value=500.0), fact(market="KR", value=500.0)]
    page = Page(render_review(reading_of(text, [("500", two)])))
    assert page.marks[0][1]["title"] == "; ".join(fact_label(f) for f in two)


# --- numbers not taken ---------------------------------------------------------------------

def test_numbers_not_taken_are_muted_with_their_reason():
    page = Page(render_review(seed_like()))
    skips = {shown: attrs["title"] for shown, attrs in page.skips}
    assert skips["35"] == f"not taken: {REASONS['money']}"
    assert f"not taken: {REASONS['money']}" in page.tags_shown
    assert "35" not in [m[0] for m in page.marks]


def test_unknown_or_missing_reason_codes_are_shown_not_dropped():
    text = "In 2025 about 12 things, and 7 more."
    reading = reading_of(text, [("2025", "no_such_code"), ("12", ""), ("7", "year")])
    page = Page(render_review(reading))
    titles = [a["title"] for _, a in page.skips]
    assert titles == ["not taken: no_such_code", "not taken: no reason given",
                      f"not taken: {REASONS['year']}"]


def test_the_table_of_numbers_not_taken_lists_each_with_its_reason():
    html = render_review(seed_like())
    page = Page(html)
    assert "Numbers not taken</h2>" in html
    assert "<caption>The 2 numbers not taken, with why, in the order of the text</caption>" in html
    cells = page.cells[page.cells.index("Number"):]
    assert cells[:3] == ["Number", "Why not taken", "In the text"]
    assert cells[3:5] == ["2025", REASONS["date"]]
    assert cells[6:8] == ["35", REASONS["money"]]
    assert "VND35 million" in cells[8]
    assert "earning VND<strong>35</strong> million a month." in html


# --- the text ------------------------------------------------------------------------------

def test_the_text_is_shown_as_given_line_breaks_kept():
    reading = seed_like()
    page = Page(render_review(reading))
    assert page.text == reading.text
    assert "\n" in page.text


def test_numbers_off_the_text_or_overlapping_are_not_marked_but_do_no_harm():
    text = "Sent 1,234 workers."
    f = fact(value=1234.0)
    reading = Reading("t.txt", text, [f], [NumberRead(5, 10, "1,234", (f,)),
                                           NumberRead(7, 10, "234", reason="year"),
                                           NumberRead(50, 60, "9", reason="date")])
    page = Page(render_review(reading))
    assert page.text == text
    assert [m[0] for m in page.marks] == ["1,234"]
    assert page.skips == []


# --- escaping ------------------------------------------------------------------------------

HOSTILE = ('<script>alert("x")</script> In July 2025, 11,090 workers '
           '<img src=x onerror=alert(1)> left; & <iframe src="javascript:alert(3)"></iframe> '
           'fees of 35 "million" <b>bold</b>\n')


def hostile_reading() -> Reading:
    quote = '<script>document.title="pwned"</script> 11,090 <img src=x onerror=alert(2)>'
    return reading_of(HOSTILE, [("11,090", [fact(quote=quote)]), ("35", "money")],
                      source='<img src=x onerror=alert("src")>.txt')


def test_hostile_text_quotes_and_source_stay_inert():
    html = render_review(hostile_reading())
    page = Page(html)
    assert {t for t, _ in page.tags} <= {"html", "head", "meta", "title", "style", "body",
                                         "main", "header", "h1", "h2", "p", "strong", "ul",
                                         "li", "mark", "span", "div", "section", "table",
                                         "caption", "thead", "tbody", "tr", "th", "td"}
    assert not any(k.startswith("on") or k in ("src", "href", "style")
                   for _, attrs in page.tags for k in attrs)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;document.title=&quot;pwned&quot;&lt;/script&gt;" in html  # the quote
    assert "<title>Review: &lt;img src=x onerror=alert(&quot;src&quot;)&gt;.txt</title>" in html
    assert page.text == HOSTILE
    assert any('<script>document.title="pwned"</script>' in c for c in page.cells)


def test_the_page_is_self_contained():
    html = render_review(seed_like())
    page = Page(html)
    assert not {"script", "link", "img", "iframe", "object", "embed", "base"} & {
        t for t, _ in page.tags}
    assert "url(" not in html
    assert "@import" not in html
    assert "http" not in html
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in html


# --- header, legend, tables, language --------------------------------------------------------

def test_header_counts_and_legend():
    html = render_review(seed_like())
    assert "<h1>Review: t.txt</h1>" in html
    assert "<strong>7</strong> figures read, <strong>2</strong> numbers not taken" in html
    assert '<h2 id="legend">Key</h2>' in html
    assert "a number taken as a figure, highlighted" in html
    assert "a number not taken, muted" in html


def test_figures_table_in_source_order_with_header_cells_and_caption():
    reading = seed_like()
    reading.facts.reverse()  # the table follows the text, not the list
    html = render_review(reading)
    page = Page(html)
    assert "<caption>The 7 figures read, in the order of the text</caption>" in html
    header = ["Period", "Scope", "Measure", "Market", "Sex", "Value", "Qualifier", "Quote"]
    assert all(f'<th scope="col">{h}</th>' in html for h in header)
    cells = page.cells[len(header):page.cells.index("Number")]
    rows = [cells[i:i + 8] for i in range(0, len(cells), 8)]
    assert [r[5] for r in rows] == ["11,090", "3,374", "85,781", "65.9%", "130,000", "39,558",
                                    "7,340"]
    assert rows[0] == ["2025-07", "national", "departures", "all markets", "total", "11,090",
                       "exact", "the whole country had 11,090 workers"]
    assert rows[4][:4] == ["2025", "national", "target", "all markets"]
    assert rows[6][3] == "South Korea (KR)"


def test_source_order_puts_facts_no_number_carries_last():
    reading = seed_like()
    loose = fact(value=1.0)
    reading.facts.insert(0, loose)
    assert source_order(reading)[-1] is loose


def test_counts_of_one_are_singular():
    html = render_review(hostile_reading())
    assert "<strong>1</strong> figure read, <strong>1</strong> number not taken" in html
    assert "(of 2 numbers in the text)" in html
    assert "<caption>The 1 figure read, in the order of the text</caption>" in html


def test_empty_reading_says_so():
    html = render_review(Reading("e.txt", "Nothing here.", [], []))
    assert "No figures were read." in html
    assert "Every number was taken." in html
    assert "<strong>0</strong> figures read" in html


def test_language_follows_the_figures():
    text = "Tháng 7/2025 có 11.090 lao động."
    vi = reading_of(text, [("11.090", [fact(lang="vi")])])
    html = render_review(vi)
    assert html.startswith('<!DOCTYPE html>\n<html lang="vi">')
    assert '<header lang="en">' in html  # the page's own words stay marked English
    assert '<html lang="en">' in render_review(Reading("e.txt", text, [], []))
    mixed = reading_of("5 and 6", [("5", [fact(lang="vi")]), ("6", [fact(lang="en")])])
    assert '<html lang="en">' in render_review(mixed)


# --- writing -------------------------------------------------------------------------------

def test_write_review_writes_stem_review_html_atomically(tmp_path):
    reading = seed_like()
    out = tmp_path / "new" / "dir"
    path = write_review(reading, out)
    assert path == out / "t.review.html"
    assert path.read_text(encoding="utf-8") == render_review(reading)
    assert [p.name for p in out.iterdir()] == ["t.review.html"]  # no temporary left behind
    reading.facts.clear()
    assert write_review(reading, out) == path  # overwritten in place
    assert "No figures were read." in path.read_text(encoding="utf-8")


def test_review_path_is_safe_for_any_source(tmp_path):
    assert review_path(Reading("<text>", ""), tmp_path) == tmp_path / "text.review.html"
    assert review_path(Reading("../a/b c.txt", ""), tmp_path) == tmp_path / "b_c.review.html"
    assert review_path(Reading("...", ""), tmp_path) == tmp_path / "bulletin.review.html"
    assert review_path(Reading("Bản tin.txt", ""), tmp_path).name == "Bản_tin.review.html"


def test_write_review_leaves_no_temporary_when_it_fails(tmp_path, monkeypatch):
    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="No space left on device"):
        write_review(seed_like(), tmp_path)
    assert list(tmp_path.iterdir()) == []


# --- CLI: the plumbing, with a stand-in reader (runs without the real one) ------------------

def test_cli_review_with_a_stand_in_reader(tmp_path, monkeypatch, capsys):
    import labexport.read
    from labexport.core.errors import BulletinError

    def fake_read_file(path):
        if not Path(path).exists():
            raise BulletinError(f"{path}: no such file")
        return seed_like()

    monkeypatch.setattr(labexport.read, "read_file", fake_read_file, raising=False)
    monkeypatch.setenv("LABEXPORT_REPORTS_DIR", str(tmp_path / "reports"))
    missing = tmp_path / "missing.txt"
    status = cli.main(["review", str(missing), str(GOOD)])
    out, err = capsys.readouterr()
    page = (tmp_path / "reports" / "review" / "t.review.html").resolve()
    assert status == 1
    assert err == f"labexport: error: {missing}: no such file\n"
    assert out == f"{GOOD}: 7 figures, 2 numbers not taken -> {page}\n"
    assert page.is_file()


# --- CLI with the real reader (waits for labexport.read.read_file) ---------------------------

def test_cli_review_good_and_missing_file(tmp_path):
    missing = tmp_path / "missing.txt"
    out = tmp_path / "pages"
    run = run_cli("review", str(GOOD), str(missing), "--out", str(out))
    assert run.returncode == 1
    assert run.stderr == f"labexport: error: {missing}: no such file\n"
    assert "Traceback" not in run.stderr
    page = out / f"{GOOD.stem}.review.html"
    lines = run.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{GOOD}: ")
    assert lines[0].endswith(f" -> {page}")
    assert " figures, " in lines[0]
    assert " numbers not taken -> " in lines[0]
    html = page.read_text(encoding="utf-8")
    assert '<mark class="fig"' in html
    assert "Figures read" in html


def test_cli_review_every_file_readable_exits_0(tmp_path):
    other = FIXTURES / "bulletins" / "02_vi_2017_07_dolab.txt"
    run = run_cli("review", str(GOOD), str(other), "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert len(run.stdout.splitlines()) == 2
    vi = (tmp_path / f"{other.stem}.review.html").read_text(encoding="utf-8")
    assert vi.startswith('<!DOCTYPE html>\n<html lang="vi">')


def test_cli_review_needs_a_file():
    run = run_cli("review")
    assert run.returncode == 2
    assert run.stderr.startswith("labexport: error: the following arguments are required: FILE")


# --- in real Chromium ------------------------------------------------------------------------



ALL_JAN_JUL = "2025 Jan-Jul · all markets"
#: Per seed: (the number as written, its label) for every figure it states.
SEED_FIGURES = {
    "004_0d109b71213d8387": [
        ("11,090", "departures · 2025-07 · all markets · total · exact · 11,090"),
        ("3,374", "departures · 2025-07 · all markets · female · exact · 3,374"),
        ("85,781", f"departures · {ALL_JAN_JUL} · total · exact · 85,781"),
        ("28,991", f"departures · {ALL_JAN_JUL} · female · exact · 28,991"),
        ("65.9", f"attainment_pct · {ALL_JAN_JUL} · total · exact · 65.9%"),
        ("130,000", "target · 2025 · all markets · total · exact · 130,000"),
        ("39,558", "departures · 2025 Jan-Jul · Japan (JP) · total · exact · 39,558"),
        ("32,471", "departures · 2025 Jan-Jul · Taiwan (TW) · total · exact · 32,471"),
        ("7,340", "departures · 2025 Jan-Jul · South Korea (KR) · total · exact · 7,340"),
    ],
    "000_44b2489ea59fefd6": [
        ("280", f"departures · {ALL_JAN_JUL} · total · nearly · 280"),
        ("500", "demand · 2025-07 · all markets · total · approx · 500"),
        ("200", "quota · 2025 · all markets · total · approx · 200"),
    ],
}
#: Per seed: numbers that must be shown not taken, by the words around them (a pattern: the
#: reader may space "VND35" apart).
SEED_NOT_TAKEN = {"000_44b2489ea59fefd6": [("35", r"VND ?35 million"),
                                           ("65", r"65 communities")]}


@pytest.mark.browser
@pytest.mark.parametrize("stem", sorted(SEED_FIGURES))
def test_seed_review_pages_in_chromium(browser, seeds_dir, tmp_path, stem):
    from labexport.read import read_file

    reading = read_file(seeds_dir / f"{stem}.txt")
    page, problems = open_offline(browser, write_review(reading, tmp_path))
    assert problems == []
    for raw, label in SEED_FIGURES[stem]:
        mark = page.locator(f'.text mark.fig[title="{label}"]')
        assert mark.count() >= 1, label
        assert mark.first.is_visible(), label
        assert raw in mark.first.inner_text(), label
        tag = mark.first.locator("xpath=following-sibling::span[1]")
        assert label in tag.inner_text(), label
        assert tag.is_visible(), label
    for raw, words in SEED_NOT_TAKEN.get(stem, []):
        found = re.search(words, reading.text)
        assert found, f"{words!r} is not in the text read"
        at = found.start() + found.group().index(raw)
        skip = page.locator(".text .skip").filter(has_text=raw)
        spans = [(int(s.get_attribute("data-start")), int(s.get_attribute("data-end")), s)
                 for s in skip.all()]
        covering = [s for start, end, s in spans if start <= at and at + len(raw) <= end]
        assert covering, f"{raw!r} in {words!r} is not shown as not taken"
        assert covering[0].is_visible()
        assert covering[0].get_attribute("title").startswith("not taken: ")
        marks = [(int(m.get_attribute("data-start")), int(m.get_attribute("data-end")))
                 for m in page.locator(".text mark.fig").all()]
        assert not [m for m in marks if m[0] <= at < m[1]], f"{raw!r} in {words!r} is marked"
    page.close()


@pytest.mark.browser
def test_hostile_review_page_stays_inert_in_chromium(browser, tmp_path):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
        ("file:", "data:")) else r.abort())
    page.goto(write_review(hostile_reading(), tmp_path).resolve().as_uri(), wait_until="load")
    assert dialogs == []
    assert page.title().startswith("Review: <img")
    assert page.locator("script, iframe, img, [onerror]").count() == 0
    assert page.get_by_text('<script>alert("x")</script>', exact=False).first.is_visible()
    page.close()


def test_build_prints_the_review_page_of_each_bulletin(data_copy, tmp_path, monkeypatch):
    import shutil

    shutil.copy(FIXTURES / "bulletins" / "03_en_2024_02_parentheses.txt", data_copy / "bulletins")
    monkeypatch.setenv("LABEXPORT_REPORTS_DIR", str(tmp_path / "reports"))
    run = run_cli("build", "--data-dir", str(data_copy))
    assert run.returncode == 0, run.stderr
    page = tmp_path / "reports" / "review" / "03_en_2024_02_parentheses.review.html"
    assert f"review 03_en_2024_02_parentheses.txt: {page}" in run.stdout.splitlines()
    assert "10,553" in page.read_text(encoding="utf-8")
