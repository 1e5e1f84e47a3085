"""`labexport export`: the dataset or the monthly panel, with its data dictionary beside it."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, can_create_in

from labexport.analysis.export import PANEL_MEANINGS, panel_dictionary
from labexport.analysis.panel import METHODS, PANEL_COLUMNS
from labexport.cli import main
from labexport.core.fact import MEASURES, QUALIFIERS, SEXES
from labexport.core.markets import registry
from labexport.core.provinces import PROVINCES
from labexport.data.dataset import COLUMNS
from labexport.data.export import (
    EMPTY,
    FACT_MEANINGS,
    SEPARATOR,
    Entry,
    dictionary_table,
    facts_dictionary,
    write_export,
)

HAS_PYARROW = importlib.util.find_spec("pyarrow") is not None


def export(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "labexport", "export", *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd)


def one_line_error(run: subprocess.CompletedProcess | str) -> str:
    err = run if isinstance(run, str) else run.stderr
    assert err.startswith("labexport: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def allowed(dictionary: pd.DataFrame, column: str) -> list[str]:
    return dictionary.set_index("column").loc[column, "allowed_values"].split(SEPARATOR)


def published(facts: pd.DataFrame) -> dict[tuple[int, int, str], float]:
    """National departures to all markets of 2025, preferred rows: (from, to, sex) -> value."""
    rows = facts[facts["preferred"].astype(str).eq("True") & (facts["scope"] == "national")
                 & (facts["measure"] == "departures") & (facts["market"] == "ALL")
                 & (facts["year"] == 2025)]
    return {(int(r.month_from), int(r.month_to), r.sex): float(r.value)
            for r in rows.itertuples()}


@pytest.fixture(scope="module")
def csv_export(shipped_data, tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "facts.csv"
    run = export("--format", "csv", "--out", str(out), "--data-dir", str(shipped_data))
    assert run.returncode == 0, run.stderr
    return out, run


def test_csv_export_holds_the_published_figures(csv_export):
    out, run = csv_export
    assert str(out) in run.stdout
    facts = pd.read_csv(out, keep_default_na=False)
    assert list(facts.columns) == COLUMNS
    figures = published(facts)
    # The July 2025 bulletin: January-July 85,781 departures, 28,991 of them women; July 11,090.
    assert figures[(1, 7, "total")] == 85781
    assert figures[(1, 7, "female")] == 28991
    assert figures[(7, 7, "total")] == 11090
    assert facts["source"].str.len().gt(0).all()


def test_the_dictionary_lists_every_column_its_type_and_allowed_values(csv_export):
    out, _run = csv_export
    dictionary = pd.read_csv(out.with_name("facts.dictionary.csv"), keep_default_na=False)
    assert list(dictionary.columns) == ["column", "type", "meaning", "allowed_values"]
    assert list(dictionary["column"]) == list(pd.read_csv(out, nrows=1).columns)
    assert dictionary["meaning"].str.len().gt(20).all()
    types = dict(zip(dictionary["column"], dictionary["type"], strict=True))
    assert (types["year"], types["value"], types["preferred"], types["market"]) == (
        "integer", "number", "boolean", "text")
    assert allowed(dictionary, "measure") == list(MEASURES)
    assert allowed(dictionary, "sex") == list(SEXES)
    assert allowed(dictionary, "qualifier") == list(QUALIFIERS)
    assert allowed(dictionary, "scope") == ["national", *PROVINCES]
    markets = [value.split(" (")[0] for value in allowed(dictionary, "market")]
    assert markets == ["ALL", *sorted(registry())]
    assert "JP (Japan)" in allowed(dictionary, "market")


def test_every_column_has_a_dictionary_entry_written_once_in_code():
    assert list(FACT_MEANINGS) == COLUMNS
    assert list(facts_dictionary()) == COLUMNS
    assert list(PANEL_MEANINGS) == PANEL_COLUMNS
    assert list(panel_dictionary()) == PANEL_COLUMNS
    for value in (*MEASURES, *QUALIFIERS):
        assert value in FACT_MEANINGS["measure"] + FACT_MEANINGS["qualifier"], value
    for method in METHODS:
        assert method in PANEL_MEANINGS["method"], method
    with pytest.raises(ValueError, match=r"no data dictionary entry for column\(s\) extra"):
        dictionary_table(pd.DataFrame({"year": [2025], "extra": [1]}), facts_dictionary())


def test_panel_export_with_its_dictionary(shipped_data, tmp_path):
    run = export("--panel", "--out", str(tmp_path / "panel.csv"), "--data-dir", str(shipped_data))
    assert run.returncode == 0, run.stderr
    panel = pd.read_csv(tmp_path / "panel.csv")
    assert list(panel.columns) == PANEL_COLUMNS
    assert set(panel["method"]) <= set(METHODS)
    july = panel[(panel["scope"] == "national") & (panel["market"] == "ALL")
                 & (panel["sex"] == "total") & (panel["year"] == 2025) & (panel["month"] == 7)]
    assert list(zip(july["departures"], july["method"], july["ytd"], strict=True)) == [
        (11090, "reported", 85781)]
    dictionary = pd.read_csv(tmp_path / "panel.dictionary.csv", keep_default_na=False)
    assert list(dictionary["column"]) == PANEL_COLUMNS
    assert allowed(dictionary, "method") == METHODS
    assert allowed(dictionary, "qualifier") == [*QUALIFIERS, EMPTY]
    assert allowed(dictionary, "sex") == list(SEXES)


def test_xlsx_export_reads_back_with_pandas(shipped_data, csv_export, tmp_path):
    run = export("--format", "xlsx", "--out", str(tmp_path / "facts.xlsx"),
                 "--data-dir", str(shipped_data))
    assert run.returncode == 0, run.stderr
    sheet = pd.read_excel(tmp_path / "facts.xlsx", sheet_name="facts", engine="openpyxl")
    assert list(sheet.columns) == COLUMNS
    assert len(sheet) == len(pd.read_csv(csv_export[0]))
    figures = published(sheet)
    assert (figures[(1, 7, "total")], figures[(1, 7, "female")], figures[(7, 7, "total")]) == (
        85781, 28991, 11090)
    assert (tmp_path / "facts.dictionary.csv").is_file()


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(tmp_path):
    frame = pd.DataFrame({"note": ["=1+1", ""], "value": [1.0, float("nan")], "n": [1, 2]})
    entries = {"note": Entry("a note", "any text"), "value": Entry("a value", "any number"),
               "n": Entry("a count", "1 or more")}
    write_export(frame, entries, tmp_path / "t.xlsx", "xlsx")
    back = pd.read_excel(tmp_path / "t.xlsx")
    assert back["note"].iloc[0] == "=1+1"
    from openpyxl import load_workbook

    cell = load_workbook(tmp_path / "t.xlsx")["data"]["A2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    assert back[["note", "value"]].isna().iloc[1].all()


def test_parquet_reads_back_or_says_to_install_the_extra(shipped_data, tmp_path):
    out = tmp_path / "facts.parquet"
    run = export("--format", "parquet", "--out", str(out), "--data-dir", str(shipped_data))
    if HAS_PYARROW:
        assert run.returncode == 0, run.stderr
        table = pd.read_parquet(out)
        assert list(table.columns) == COLUMNS
        assert published(table)[(1, 7, "total")] == 85781
        assert (tmp_path / "facts.dictionary.csv").is_file()
    else:
        assert run.returncode == 1
        assert "labexport[parquet]" in one_line_error(run)
        assert list(tmp_path.iterdir()) == []


def test_parquet_without_pyarrow_fails_in_one_line(shipped_data, tmp_path, monkeypatch, capsys):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pyarrow" else real(name, *a))
    status = main(["export", "--format", "parquet", "--out", str(tmp_path / "f.parquet"),
                   "--data-dir", str(shipped_data)])
    assert status == 1
    err = one_line_error(capsys.readouterr().err)
    assert "install labexport[parquet]" in err
    assert list(tmp_path.iterdir()) == []


def test_default_name_in_the_current_folder_and_a_folder_as_out(shipped_data, tmp_path):
    run = export("--data-dir", str(shipped_data), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv", "facts.dictionary.csv"]
    folder = tmp_path / "out"
    folder.mkdir()
    run = export("--panel", "--format", "xlsx", "--out", str(folder),
                 "--data-dir", str(shipped_data))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["panel.dictionary.csv", "panel.xlsx"]


def test_a_suffix_that_is_another_format_is_refused(shipped_data, tmp_path):
    run = export("--format", "csv", "--out", str(tmp_path / "facts.xlsx"),
                 "--data-dir", str(shipped_data))
    assert run.returncode == 1
    assert "--format xlsx" in one_line_error(run)
    assert list(tmp_path.iterdir()) == []


def test_out_into_a_missing_folder_is_one_line_and_writes_nothing(shipped_data, tmp_path):
    run = export("--out", str(tmp_path / "missing" / "facts.csv"),
                 "--data-dir", str(shipped_data))
    assert run.returncode == 1
    assert "no such folder" in one_line_error(run)
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def unwritable(tmp_path) -> Path:
    """A folder this process cannot create files in (as root: /sys, read-only)."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)
        return
    folder = Path("/sys")
    if not folder.is_dir() or can_create_in(folder):
        pytest.skip("no unwritable folder on this machine")
    yield folder


def test_out_into_an_unwritable_folder_is_one_line_and_writes_nothing(shipped_data, unwritable):
    before = sorted(p.name for p in unwritable.iterdir())
    run = export("--out", str(unwritable / "facts.csv"), "--data-dir", str(shipped_data))
    assert run.returncode == 1
    assert "cannot write the export" in one_line_error(run)
    assert sorted(p.name for p in unwritable.iterdir()) == before


def test_a_write_failing_midway_leaves_no_half_file(shipped_data, tmp_path, monkeypatch,
                                                    capsys):
    out = tmp_path / "facts.csv"
    out.write_text("the previous export\n")
    (tmp_path / "facts.dictionary.csv").write_text("its dictionary\n")
    to_csv = pd.DataFrame.to_csv

    def disk_full(self, buf=None, *args, **kwargs):
        if "value" not in self.columns:  # the dictionary: written as usual
            return to_csv(self, buf, *args, **kwargs)
        buf.write("source,published\nhalf a ro")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", disk_full)
    status = main(["export", "--out", str(out), "--data-dir", str(shipped_data)])
    assert status == 1
    assert "No space left on device" in one_line_error(capsys.readouterr().err)
    assert out.read_text() == "the previous export\n"
    assert (tmp_path / "facts.dictionary.csv").read_text() == "its dictionary\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv", "facts.dictionary.csv"]
