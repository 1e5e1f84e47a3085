"""The committed report notebooks: what the generator writes, and readable by a researcher.

``tools/make_notebooks.py`` is the notebooks' source
(see ``labexport/report/notebooks/README.md``); these
tests need no kernel. Running the notebooks is ``tests/test_reports.py``'s job.
"""

import re
import sys

import nbformat
import pytest
from conftest import ROOT

from labexport.report.registry import REPORTS
from labexport.report.wording import TEXTS

NOTEBOOKS = ROOT / "labexport" / "report" / "notebooks"
HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*$")


@pytest.fixture(scope="module")
def generator():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_notebooks
    finally:
        sys.path.pop(0)
    return make_notebooks


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def _headings(cell: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """The markdown headings of a cell as (level, text), fenced code left out."""
    found, fenced = [], False
    for line in cell.source.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced and (m := HEADING.match(line)):
            found.append((len(m.group(1)), m.group(2)))
    return found


def test_the_notebooks_are_the_reports():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(REPORTS)


@pytest.mark.parametrize("name", REPORTS)
def test_committed_notebook_is_what_the_generator_writes(generator, name):
    made = generator.make_notebook(name)
    assert _read(name) == made, (
        f"labexport/report/notebooks/{name}.ipynb differs from tools/make_notebooks.py: "
        "run `make notebooks`")
    # Byte for byte too, so a diff of the .ipynb shows only what the generator changed.
    written = (NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")
    assert written == nbformat.writes(made) + "\n"  # what nbformat.write puts in the file


@pytest.mark.parametrize("name", REPORTS)
def test_papermill_contract(name):
    nb = _read(name)
    nbformat.validate(nb)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert tagged[0].cell_type == "code"
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z]+-[a-z0-9-]+", i) for i in ids), ids  # named, not random


@pytest.mark.parametrize("name", REPORTS)
def test_notebook_has_a_title_and_sections(name):
    nb = _read(name)
    headings = [h for c in nb.cells if c.cell_type == "markdown" for h in _headings(c)]
    assert nb.cells[0].cell_type == "markdown"
    assert _headings(nb.cells[0])[:1] == [(1, nb.metadata["title"])]
    assert [level for level, _ in headings].count(1) == 1
    assert [level for level, _ in headings].count(2) >= 3
    assert all(level <= 2 for level, _ in headings)


@pytest.mark.parametrize("name", REPORTS)
def test_every_section_has_a_heading_and_a_line_before_its_code(name):
    nb = _read(name)
    sections = 0
    for i, cell in enumerate(nb.cells):
        found = re.match(r'report\.heading\("(h_\w+)"\)', cell.source)
        if cell.cell_type != "code" or not found:
            continue
        sections += 1
        before = nb.cells[i - 1]
        assert before.cell_type == "markdown", f"{cell.id}: no markdown cell before it"
        # The page's English heading, so the notebook's contents read like the page's.
        assert _headings(before) == [(2, TEXTS[found.group(1)]["en"])]
        line = before.source.split("\n\n", 1)[1]
        assert len(line) > 40, f"{before.id}: say what the step shows"
    assert sections >= 3


@pytest.mark.parametrize("name", REPORTS)
def test_markdown_cells_stay_off_the_page(name):
    # The page prints its own headings (report.heading, in the report's language); the
    # notebook's markdown is tagged "notes", which the HTML export removes, so no heading
    # shows twice on the page.
    from labexport.report.export import export_html

    nb = _read(name)
    assert all("notes" in c.metadata.get("tags", []) for c in nb.cells
               if c.cell_type == "markdown")
    page = export_html(nb, briefing=False, lang="en", title=name)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for _, text in _headings(cell):
                assert f">{text}<" not in page
