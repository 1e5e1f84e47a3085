"""The reports as a reader sees them: no empty section, stated figures as printed, counts in words.

The notebook tests build real reports (papermill, a python3 kernel, nbconvert) for a
province with little data (Thanh Hóa, September 2023: a year-to-date total, three
markets and "200.4% of the plan", but no plan) and for the first national month.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from conftest import run_cli

from labexport.analysis import indicators
from labexport.report import narrative
from labexport.report.kernels import python_literal, use_readable_parameters
from labexport.report.registry import REPORTS
from labexport.report.wording import PLURALS, plural_category, plural_text

# -- reading a page ----------------------------------------------------------------------


class _Sections(HTMLParser):
    """Each ``<h2>`` of a page with the text, images and tables that follow it."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[list[str]] = []  # [heading, what follows...]
        self._in_h2 = False
        self._skip = 0  # inside <style> or <script>

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "h2":
            self._in_h2 = True
            self.sections.append([""])
        elif self.sections and tag in ("img", "table"):
            self.sections[-1].append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._skip or not data.strip() or not self.sections:
            return
        if self._in_h2:
            self.sections[-1][0] += data.strip()
        else:
            self.sections[-1].append(data.strip())


def sections(page: Path) -> dict[str, str]:
    """The page's sections: heading -> what follows it, as one string."""
    parser = _Sections()
    parser.feed(page.read_text(encoding="utf-8"))
    return {s[0]: " ".join(s[1:]) for s in parser.sections}


def _empty(page: Path) -> list[str]:
    return [heading for heading, body in sections(page).items() if not body.strip()]


# -- the reports, built for real --------------------------------------------------------


def _build(out: Path, data: Path, *args: str) -> Path:
    run = run_cli("report", *args, "--data-dir", str(data), "--out", str(out), "--force")
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def thanh_hoa(shipped_data, tmp_path_factory):
    """The three Thanh Hóa reports of September 2023, in English."""
    out = tmp_path_factory.mktemp("thanh_hoa")
    built = _build(out, shipped_data, "--period", "2023-09", "--scope", "Thanh Hóa")
    return built / "2023-09" / "thanh-hoa"


@pytest.mark.notebook
def test_thanh_hoa_has_no_empty_section(thanh_hoa):
    for name in REPORTS:
        page = thanh_hoa / f"{name}.html"
        assert len(sections(page)) >= 4, name
        assert _empty(page) == [], name


@pytest.mark.notebook
def test_thanh_hoa_attainment_is_reported_as_stated(thanh_hoa):
    found = sections(thanh_hoa / "target_attainment.html")
    headline = found["Headline"]
    assert "cannot be computed" not in headline
    assert ("No plan for 2023 is published, but the bulletin states 200.4% of the plan, which "
            "implies a plan of about 4,990 (derived:") in headline
    # The table under the chart marks both: the stated % and the derived plan.
    chart = found["Year to date against the plan"]
    assert "<img>" in chart
    assert "<table>" in chart
    assert "more than 10,000 200.4% (stated) about 4,990 (derived)" in chart
    assert "A plan marked derived is not published" in chart
    # The annual section says what is missing, then shows 2015 with its derived plan.
    history = found["Annual totals against their plans"]
    assert history.startswith("No annual plan has been published for any year up to 2023")
    assert "2015 about 10,005 (derived) 9,925 99.2% (stated)" in history


@pytest.mark.notebook
def test_injected_parameters_keep_the_province_as_written(thanh_hoa):
    nb = nbformat.read(thanh_hoa / "target_attainment.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'scope = "Thanh Hóa"' in injected[0].source
    assert "\\xf3" not in injected[0].source
    # The page shows the cell as written too (code is shown outside briefing mode).
    page = (thanh_hoa / "target_attainment.html").read_text(encoding="utf-8")
    assert "Thanh H\\xf3a" not in page


@pytest.mark.notebook
def test_vietnamese_and_early_national_reports_have_no_empty_section(shipped_data,
                                                                     tmp_path_factory):
    out = tmp_path_factory.mktemp("reader_vi")
    _build(out, shipped_data, "--period", "2023-09", "--scope", "Thanh Hóa", "--lang", "vi")
    _build(out / "national", shipped_data, "--period", "2014-10", "--lang", "vi")
    pages = sorted(out.glob("**/*.html"))
    pages = [p for p in pages if p.name != "index.html"]
    assert len(pages) == 2 * len(REPORTS)
    for page in pages:
        assert _empty(page) == [], page
    history = sections(out / "national" / "2014-10" / "vi" / "target_attainment.html")
    assert history["Kết quả các năm so với kế hoạch"].startswith(
        "Chưa có kế hoạch năm nào được công bố đến năm 2014, nên không so sánh được")
    page = out / "2023-09" / "thanh-hoa-vi" / "target_attainment.html"
    headline = sections(page)["Số liệu chính"]
    assert "bản tin nêu đạt 200,4% kế hoạch, tức kế hoạch khoảng 4.990 người (suy ra" in headline


# -- the implied plan, computed in analysis --------------------------------------------------


def test_implied_plan_only_without_a_known_plan(shipped_facts):
    th = indicators.summarize_period(shipped_facts, year=2023, month=9, scope="Thanh Hóa")
    assert (th.target, th.ytd_total, th.attainment_pct_stated) == (None, 10000.0, 200.4)
    assert indicators.implied_target(th) == 4990
    july = indicators.summarize_period(shipped_facts, year=2025, month=7)
    assert indicators.implied_target(july) is None  # the plan is known: 130,000
    assert "implied" not in str(july.to_dict())  # the summary's JSON form is unchanged
    assert indicators.implied_plan(100, 0) is None


def test_plan_history_derives_plans_only_where_none_is_published(shipped_facts):
    hist = indicators.target_history(shipped_facts, scope="Thanh Hóa",
                                     as_of=(2023, 9)).set_index("year")
    assert round(hist.loc[2015, "implied_plan"]) == round(9925 / 99.2 * 100)
    national = indicators.target_history(shipped_facts, as_of=(2023, 9)).set_index("year")
    assert national["implied_plan"].dropna().index.tolist() == [2014]
    # The year of the report: neither its December total nor its stated % is known yet.
    assert national.loc[2023, ["actual", "stated_pct"]].isna().all()
    table = narrative.history_table(national.reset_index(), "en")
    assert table.iloc[-1].tolist() == ["2014", "about 88,532 (derived)", "106,840",
                                       "120.68% (stated)"]


# -- parameters as written ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["Thanh Hóa", "Đồng Tháp", 'say "hi"', "a\\b", "tab\there",
                                   "line\nbreak", "\x00", "\u200b", "😀"])
def test_python_literal_reads_back_and_keeps_letters(value):
    literal = python_literal(value)
    assert ast.literal_eval(literal) == value
    assert literal.startswith('"')
    assert literal.endswith('"')
    letters = [ch for ch in value if ch.isprintable() and ch not in '"\\']
    assert all(ch in literal for ch in letters)


def test_papermill_injects_readable_parameters():
    from papermill.translators import papermill_translators

    use_readable_parameters()
    use_readable_parameters()  # once is enough; twice changes nothing
    # How papermill picks the translator of a python3 kernel, then writes the cell.
    translator = papermill_translators.find_translator("python3", "python")
    cell = translator.codify({"scope": "Thanh Hóa", "markets": ["JP", "Hà Lan"], "n": 24,
                              "data_dir": None})
    assert 'scope = "Thanh Hóa"' in cell
    assert 'markets = ["JP", "Hà Lan"]' in cell
    assert "n = 24" in cell
    assert "data_dir = None" in cell
    assert "\\x" not in cell


# -- plural and singular ---------------------------------------------------------------------


def test_plural_helper_follows_the_number_shown():
    assert plural_text("n_workers", 1) == "1 worker"
    assert plural_text("n_workers", 2) == "2 workers"
    assert plural_text("n_workers", 0) == "0 workers"
    assert plural_text("n_workers", 10000) == "10,000 workers"
    assert plural_text("n_workers", 1, "vi") == "1 lao động"
    assert plural_text("n_workers", 10000, "vi") == "10.000 lao động"
    # The form follows the number as printed: 1.0 and 0.96 shown as 1.0 are not "one".
    assert plural_text("n_points", 1, digits=1) == "1.0 points"
    assert plural_text("n_departures", 0.6) == "1 departure"
    assert plural_category(1.4) == "one"  # shown as 1
    assert plural_text("n_gap_months", 0) == "every market-month shown has a figure"
    assert plural_text("n_gap_months", 1) == "1 market-month has no figure and is left as a gap"
    assert plural_text("n_of_years", 1, met=1) == "1 of 1 year"
    assert plural_text("n_of_years", 1, "vi", met=0) == "0 trên 1 năm"


def test_every_plural_phrase_has_both_languages_and_an_other_form():
    for key, langs in PLURALS.items():
        assert set(langs) == {"en", "vi"}, key
        for lang, forms in langs.items():
            assert "other" in forms, (key, lang)
            assert set(forms) <= {"=0", "one", "other"}, (key, lang)
        # English names the singular; Vietnamese nouns have no plural.
        assert "one" in langs["en"], key
        assert set(langs["vi"]) <= {"=0", "other"}, key


def test_european_markets_counted_in_words(shipped_facts):
    one = indicators.other_markets(shipped_facts, year=2017, month=12)
    assert int(one["europe"].sum()) == 1
    assert narrative.others_sentence(one, 2017, 12, "en").startswith(
        "1 European market appears in the 2017 figures.")
    assert narrative.others_sentence(one, 2017, 12, "vi").startswith(
        "Có 1 thị trường châu Âu trong số liệu năm 2017.")
    two = indicators.other_markets(shipped_facts, year=2019, month=5)
    assert int(two["europe"].sum()) == 2
    assert narrative.others_sentence(two, 2019, 5, "en").startswith(
        "2 European markets appear in the 2019 figures.")
    assert "market(s)" not in narrative.others_sentence(two, 2019, 5, "en")


def test_one_year_of_plans_and_one_month_in_words(shipped_facts):
    hist = indicators.target_history(shipped_facts, as_of=(2015, 12))
    assert narrative.history_alt(hist, "en").endswith("the plan was met in 1 of 1 year.")
    early = indicators.target_history(shipped_facts, as_of=(2015, 1))
    assert narrative.history_alt(early, "en") == (
        "Bar chart of the annual plans; no year shown has both a plan and a full-year total "
        "yet.")
    # January has one month to compare with last year's.
    jan = indicators.summarize_period(shipped_facts, year=2015, month=1)
    assert "the same month of last year" in narrative.yoy_sentence(jan, "en")
    assert narrative.caption("ranking", year=2015, month=1, lang="en") == (
        "Departures by market, January 2015, against the same month of 2014.")
    assert narrative.caption("figures", year=2015, month=1, lang="en").startswith(
        "Every published figure for January 2015, as printed. Status: A as published;")


def test_no_sentence_hedges_a_plural():
    """No ``market(s)`` in any text the reports show: every count picks its form."""
    import inspect

    from labexport.report import captions, page, tables_text, wording

    for module in (narrative, captions, tables_text, wording, page):
        tree = ast.parse(inspect.getsource(module))
        texts = [n.value for n in ast.walk(tree)
                 if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        hedged = [t for t in texts if re.search(r"[a-z]\(s\)", t)]
        assert hedged == [], module.__name__
