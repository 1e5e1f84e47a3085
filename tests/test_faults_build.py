"""The build under faults: stale inputs, bad files, damaged output, full disks, permissions."""

import csv
import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, ROOT, can_create_in

from labexport.cli import main
from labexport.data import manifest
from labexport.data.dataset import build, build_failures, load_facts
from labexport.data.export import restore
from labexport.data.paths import needs_build

MAY_2025 = "01_en_2025_05_with.txt"  # January-May 2025: 61,631 workers; May 13,750
OCT_2021 = "07_en_2021_10_same_month.txt"  # October 2021: 766 workers; Jan-Oct 43,584
#: A row of the shipped table (nld.com.vn, 29 October 2014), with a note and a quote of
#: our own that a spreadsheet would take for formulas.
FORMULA_TABLE = (
    "source,published,lang,scope,year,month_from,month_to,measure,market,sex,value,"
    "qualifier,note,quote\n"
    "https://nld.com.vn/cong-doan/91143-nguoi-di-lam-viec-o-nuoc-ngoai-20141029215409333.htm,"
    "2014-10-29,vi,national,2014,1,10,departures,ALL,total,91143,exact,"
    "=SUM(1;2),\"+ ten months: 91,143 workers\"\n"
)


@pytest.fixture
def ws(tmp_path) -> Path:
    """A workspace without the shipped figures (fast builds), its data folder empty."""
    root = tmp_path / "ws"
    (root / "data" / "raw").mkdir(parents=True)
    (root / "data" / "bulletins").mkdir()
    (root / "labexport.toml").write_text(
        '[labexport]\ndata_dir = "data"\nreports_dir = "reports"\nshipped_data = false\n',
        encoding="utf-8")
    return root


@pytest.fixture
def here(ws, monkeypatch) -> Path:
    """``ws`` in force in this process too; its data folder."""
    monkeypatch.setenv("LABEXPORT_WORKSPACE", str(ws))
    return ws / "data"


def cli(ws: Path, *args: str, umask: int = 0o022, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "labexport.cli", "--workspace", str(ws), *args],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          umask=umask, env={**os.environ, **env})


def add(ws: Path, *names: str) -> None:
    for name in names:
        shutil.copy(FIXTURES / "bulletins" / name, ws / "data" / "bulletins" / name)


def facts_of(ws: Path) -> pd.DataFrame:
    return pd.read_csv(ws / "data" / "processed" / "facts.csv", keep_default_na=False)


def totals(facts: pd.DataFrame) -> dict[tuple[int, int, int], float]:
    """National departures to all markets, total: (year, from, to) -> value."""
    rows = facts[(facts["scope"] == "national") & (facts["measure"] == "departures")
                 & (facts["market"] == "ALL") & (facts["sex"] == "total")]
    return {(r.year, r.month_from, r.month_to): r.value for r in rows.itertuples()}


def processed_files(ws: Path) -> dict[str, bytes]:
    folder = ws / "data" / "processed"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def one_line(err: str) -> str:
    assert err.startswith("labexport: error: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


# -- freshness by content ---------------------------------------------------------------


def test_deleting_a_bulletin_takes_its_figures_out(ws, here):
    add(ws, MAY_2025, OCT_2021)
    build(here)
    assert not needs_build(here)
    assert totals(load_facts(here))[(2021, 10, 10)] == 766
    (here / "bulletins" / OCT_2021).unlink()  # no file is newer than facts.csv now
    assert needs_build(here)
    run = cli(ws, "build", "-q")
    assert run.returncode == 0, run.stderr
    assert not needs_build(here)
    figures = totals(facts_of(ws))
    assert figures[(2025, 1, 5)] == 61631
    assert not any(year == 2021 for year, _a, _b in figures)
    recorded = json.loads((here / "processed" / "build.json").read_text(encoding="utf-8"))
    assert sorted(recorded["inputs"]) == [f"bulletins/{MAY_2025}"]


def test_restoring_an_older_copy_with_cp_p_rebuilds(ws, here, tmp_path):
    older = tmp_path / "older.txt"
    shutil.copy(FIXTURES / "bulletins" / OCT_2021, older)
    os.utime(older, (1_600_000_000, 1_600_000_000))  # 2020: older than any build
    stored = here / "bulletins" / "latest.txt"
    shutil.copy(FIXTURES / "bulletins" / MAY_2025, stored)  # the wrong text, then built
    assert cli(ws, "build", "-q").returncode == 0
    assert (2025, 1, 5) in totals(facts_of(ws))
    subprocess.run(["cp", "-p", str(older), str(stored)], check=True)
    assert stored.stat().st_mtime < (here / "processed" / "facts.csv").stat().st_mtime
    assert needs_build(here)
    assert cli(ws, "build", "-q").returncode == 0
    figures = totals(facts_of(ws))
    assert (figures[(2021, 10, 10)], figures[(2021, 1, 10)]) == (766, 43584)
    assert (2025, 1, 5) not in figures


def test_a_change_of_the_same_size_with_the_time_put_back_rebuilds(ws, here):
    add(ws, OCT_2021)
    stored = here / "bulletins" / OCT_2021
    build(here)
    stat = stored.stat()
    text = stored.read_text(encoding="utf-8")
    stored.write_text(text.replace("Only 766", "ONLY 766"), encoding="utf-8")
    os.utime(stored, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert (stored.stat().st_size, stored.stat().st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    assert needs_build(here)
    build(here)
    quotes = load_facts(here)["quote"]
    assert quotes.str.contains("ONLY 766").any()
    assert not quotes.str.contains("Only 766").any()


def test_another_version_or_a_damaged_manifest_rebuilds(ws, here):
    add(ws, MAY_2025)
    build(here)
    path = here / "processed" / "build.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**record, "version": "0.0.1"}), encoding="utf-8")
    assert needs_build(here)
    build(here)
    assert not needs_build(here)
    path.write_text('{"format": 1, "inputs": ', encoding="utf-8")
    assert needs_build(here)


# -- partial builds -----------------------------------------------------------------------


def test_one_bad_bulletin_is_named_and_the_good_ones_are_built(ws, here):
    add(ws, MAY_2025)
    (here / "bulletins" / "broken.txt").write_bytes(b"")
    os.symlink("nowhere", here / "bulletins" / ".#latest.txt")  # an editor's lock file
    run = cli(ws, "build", "-q")
    assert run.returncode == 1
    assert run.stderr == (
        f"labexport: error: {here / 'bulletins' / 'broken.txt'}: empty file\n"
        "labexport: error: 1 of 2 input files could not be read; the dataset was built "
        "from the others\n")
    assert totals(facts_of(ws))[(2025, 1, 5)] == 61631
    assert build_failures(here) == [manifest.Failure("bulletins/broken.txt", "empty file")]
    recorded = json.loads((here / "processed" / "build.json").read_text(encoding="utf-8"))
    assert recorded["failed"] == [{"file": "bulletins/broken.txt", "error": "empty file"}]
    assert not needs_build(here)  # nothing changed since: a rebuild would fail the same way


def test_two_bad_files_are_both_named(ws, here):
    add(ws, MAY_2025, OCT_2021)
    (here / "bulletins" / "binary.txt").write_bytes(b"\x00\x01labour\x00")
    (here / "bulletins" / "notice.txt").write_text(
        "The department will publish the figures of the month next week.\n", encoding="utf-8")
    run = cli(ws, "build", "-q")
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"labexport: error: {here / 'bulletins' / 'binary.txt'}: "
                               "binary file")
    assert lines[1:] == [
        f"labexport: error: {here / 'bulletins' / 'notice.txt'}: no figures found in this "
        "bulletin",
        "labexport: error: 2 of 4 input files could not be read; the dataset was built from "
        "the others",
    ]
    figures = totals(facts_of(ws))
    assert (figures[(2025, 1, 5)], figures[(2021, 10, 10)]) == (61631, 766)
    assert [f.file for f in build_failures(here)] == ["bulletins/binary.txt",
                                                      "bulletins/notice.txt"]


def test_a_bad_table_and_a_bad_sidecar_are_left_out(ws, here):
    add(ws, MAY_2025, OCT_2021)
    (here / "raw" / "own.xlsx").write_bytes(b"not a workbook")
    (here / "bulletins" / "07_en_2021_10_same_month.json").write_text("{", encoding="utf-8")
    (here / "bulletins" / "01_en_2025_05_with.json").write_text(json.dumps(
        {"source": "https://example.org/labour/2025-05", "published": "2025-06-09"}),
        encoding="utf-8")
    run = cli(ws, "build", "-q")
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines[0].startswith(f"labexport: error: {here / 'raw' / 'own.xlsx'}: ")  # the reason
    reason = lines[0].removeprefix(f"labexport: error: {here / 'raw' / 'own.xlsx'}: ")
    assert "own.xlsx" not in reason  # the file is named once, before its reason
    assert lines[1].startswith(
        f"labexport: error: {here / 'bulletins' / '07_en_2021_10_same_month.json'}: "
        "unreadable sidecar")
    assert lines[2:] == ["labexport: error: 2 of 3 input files could not be read; the "
                         "dataset was built from the others"]
    facts = facts_of(ws)
    assert set(facts["source"]) == {"https://example.org/labour/2025-05"}
    assert set(facts["published"]) == {"2025-06-09"}
    assert set(facts["origin"]) == {f"bulletins/{MAY_2025}"}


def test_a_table_failing_validation_is_left_out_and_named(ws, here):
    add(ws, MAY_2025)
    # A real figure (nld.com.vn, 29 October 2014) with its date written day first.
    (here / "raw" / "dated.csv").write_text(FORMULA_TABLE.replace("2014-10-29", "29/10/2014"),
                                            encoding="utf-8")
    built = build(here)
    assert set(built["origin"]) == {f"bulletins/{MAY_2025}"}
    [failure] = build_failures(here)
    assert failure.file == "raw/dated.csv"
    assert failure.error.startswith("invalid figure (https://nld.com.vn/")
    assert "29/10/2014" in failure.error


def test_strict_keeps_the_previous_dataset_byte_for_byte(ws, here):
    add(ws, MAY_2025)
    assert cli(ws, "build", "-q").returncode == 0
    before = processed_files(ws)
    add(ws, OCT_2021)
    (here / "bulletins" / "broken.txt").write_bytes(b"")
    run = cli(ws, "build", "-q", "--strict")
    assert run.returncode == 1
    assert one_line(run.stderr) == (
        f"labexport: error: {here / 'bulletins' / 'broken.txt'}: empty file "
        "(previous dataset left unchanged)\n")
    assert processed_files(ws) == before


def test_nothing_readable_is_one_error_and_no_dataset(ws, here):
    (here / "bulletins" / "broken.txt").write_bytes(b"")
    run = cli(ws, "build")
    assert run.returncode == 1
    assert one_line(run.stderr) == (
        f"labexport: error: {here}: none of the input files could be read: "
        f"{here / 'bulletins' / 'broken.txt'}: empty file (previous dataset left unchanged)\n")
    assert not (here / "processed" / "facts.csv").exists()


# -- errors writing -------------------------------------------------------------------------


@pytest.mark.parametrize("failing", [1, 2], ids=["facts.csv", "build.json"])
def test_a_full_disk_leaves_the_previous_dataset(ws, here, monkeypatch, capsys, failing):
    add(ws, MAY_2025)
    build(here)
    before = processed_files(ws)
    add(ws, OCT_2021)
    calls = []
    write = manifest._write_bytes

    def disk_full(fh, content):
        calls.append(1)
        if len(calls) == failing:
            fh.write(content[:100])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write(fh, content)

    monkeypatch.setattr(manifest, "_write_bytes", disk_full)
    assert main(["build", "-q"]) == 1
    target = here / "processed" / ("facts.csv" if failing == 1 else "build.json")
    assert one_line(capsys.readouterr().err) == (
        f"labexport: error: {target}: cannot write: No space left on device "
        "(previous dataset left unchanged)\n")
    assert processed_files(ws) == before
    assert not [p for p in (here / "processed").iterdir() if p.name.endswith(".tmp")]


def test_a_read_only_processed_folder_is_one_line(ws, here):
    add(ws, MAY_2025)
    processed = here / "processed"
    if os.geteuid() == 0:  # root writes in any folder it may chmod: use read-only /sys
        if not Path("/sys/kernel").is_dir() or can_create_in(Path("/sys/kernel")):
            pytest.skip("running as root with no read-only folder (/sys/kernel) to point at")
        processed.symlink_to("/sys/kernel")
        before: dict[str, bytes] = {}
    else:
        build(here)
        before = processed_files(ws)
        processed.chmod(0o555)
    try:
        run = cli(ws, "build", "-q")
    finally:
        if not processed.is_symlink():
            processed.chmod(0o755)
    assert run.returncode == 1
    err = one_line(run.stderr)
    assert err.startswith(f"labexport: error: {processed}")
    assert ("Permission denied" in err or "Read-only" in err
            or "Operation not permitted" in err), err
    assert err.endswith("(previous dataset left unchanged)\n")
    if before:
        assert processed_files(ws) == before
        assert not [p for p in processed.iterdir() if p.name.endswith(".tmp")]


# -- a damaged dataset ----------------------------------------------------------------------


def _damage(path: Path, how: str) -> None:
    whole = path.read_bytes()
    if how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff garbage\n")
    elif how == "text":
        path.write_text("hello,world\n1,2\n", encoding="utf-8")
    elif how == "truncated":
        path.write_bytes(whole[: len(whole) // 2])
    elif how == "lines":  # cut at a line's end: only the build's row count tells
        path.write_bytes(b"".join(whole.splitlines(keepends=True)[:5]))


REASONS = {
    "empty": "empty file",
    "garbage": "not a CSV table of the dataset: 'utf-8' codec can't decode byte 0x89 in "
               "position 0: invalid start byte",
    "text": "no column source, published, lang, scope, year, month_from, month_to, measure, "
            "market, sex, value, qualifier, quote, note, origin, preferred, obs_status, "
            "first_value in its header",
    "truncated": "truncated: its last line is incomplete",
    "lines": "4 rows where the build wrote 18",
}


@pytest.mark.parametrize("how", list(REASONS))
def test_a_damaged_dataset_is_one_line_for_every_command(ws, here, how):
    add(ws, MAY_2025)
    build(here)
    facts = here / "processed" / "facts.csv"
    _damage(facts, how)
    expected = f"labexport: error: {facts}: damaged ({REASONS[how]}); run `labexport build`\n"
    for args in (["indicators", "--period", "2025-05"], ["check"]):
        run = cli(ws, *args)
        assert run.returncode == 1, args
        assert one_line(run.stderr) == expected, args
    # A snapshot named by LABEXPORT_FACTS_FILE is used as it is: export refuses it...
    snapshot = ws / "snapshot" / "facts.csv"
    snapshot.parent.mkdir()
    shutil.copy(here / "processed" / "build.json", snapshot.parent)
    shutil.copy(facts, snapshot)
    run = cli(ws, "export", "--out", str(ws / "out.csv"), LABEXPORT_FACTS_FILE=str(snapshot))
    assert run.returncode == 1
    assert one_line(run.stderr) == expected.replace(str(facts), str(snapshot))
    assert not (ws / "out.csv").exists()
    # ...while the data folder's own dataset, out of date, is built again first.
    run = cli(ws, "export", "--out", str(ws / "out.csv"))
    assert run.returncode == 0, run.stderr
    assert totals(pd.read_csv(ws / "out.csv"))[(2025, 1, 5)] == 61631
    assert totals(load_facts(here))[(2025, 5, 5)] == 13750


def test_facts_file_variable_points_at_an_exact_copy(ws, here, monkeypatch):
    add(ws, MAY_2025, OCT_2021)
    build(here)
    snapshot = ws / "batch" / "facts.snapshot.csv"
    snapshot.parent.mkdir()
    shutil.copy(here / "processed" / "facts.csv", snapshot)
    (here / "bulletins" / OCT_2021).unlink()
    build(here)
    assert (2021, 10, 10) not in totals(load_facts(here))
    monkeypatch.setenv("LABEXPORT_FACTS_FILE", str(snapshot))
    assert totals(load_facts(here))[(2021, 10, 10)] == 766
    monkeypatch.setenv("LABEXPORT_FACTS_FILE", str(ws / "batch" / "missing.csv"))
    with pytest.raises(FileNotFoundError, match=r"missing\.csv \(named by LABEXPORT_FACTS_FILE\)"):
        load_facts(here)


# -- files a second user can read -------------------------------------------------------------


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_files_are_written_as_the_umask_says(ws, here, umask, mode):
    add(ws, MAY_2025)
    assert cli(ws, "build", "-q", umask=umask).returncode == 0
    for name in ("facts.csv", "build.json"):
        assert (here / "processed" / name).stat().st_mode & 0o777 == mode, name
    run = cli(ws, "export", "--out", str(ws / "out.csv"), umask=umask)
    assert run.returncode == 0, run.stderr
    assert (ws / "out.csv").stat().st_mode & 0o777 == mode
    assert (ws / "out.dictionary.csv").stat().st_mode & 0o777 == mode


def test_temp_files_of_dead_runs_are_removed_and_no_others(ws, here):
    add(ws, MAY_2025)
    processed = here / "processed"
    processed.mkdir()
    leftovers = [".facts.csv.123.tmp", ".build.json.4f2a.tmp"]
    others = [".periods.77.tmp", "notes.tmp", ".facts.csv.bak"]
    for name in leftovers + others:
        (processed / name).write_text("left by a run that died\n", encoding="utf-8")
    assert cli(ws, "build", "-q").returncode == 0
    names = {p.name for p in processed.iterdir()}
    assert not names & set(leftovers)
    assert set(others) <= names
    assert {"facts.csv", "build.json"} <= names


# -- cells a spreadsheet would compute --------------------------------------------------------


def test_exports_neutralise_formulas_while_the_dataset_keeps_the_text(ws, here):
    (here / "raw" / "own.csv").write_text(FORMULA_TABLE, encoding="utf-8")
    built = build(here)
    loaded = load_facts(here)
    pd.testing.assert_frame_equal(loaded, built)
    assert (loaded["note"].iloc[0], loaded["quote"].iloc[0]) == (
        "=SUM(1;2)", "+ ten months: 91,143 workers")
    assert cli(ws, "export", "--out", str(ws / "out.csv")).returncode == 0
    with open(ws / "out.csv", encoding="utf-8", newline="") as fh:
        row = next(iter(csv.DictReader(fh)))
    assert (row["note"], row["quote"], row["value"]) == (
        "'=SUM(1;2)", "'+ ten months: 91,143 workers", "91143.0")
    assert (restore(row["note"]), restore(row["quote"])) == ("=SUM(1;2)",
                                                            "+ ten months: 91,143 workers")
    assert row["source"].startswith("https://nld.com.vn/")
    dictionary = pd.read_csv(ws / "out.dictionary.csv", keep_default_na=False)
    meaning = dictionary.set_index("column")["meaning"]
    assert "is written with a ' before it" in meaning["note"]
    assert "' before it" not in meaning["value"]
    assert cli(ws, "export", "--out", str(ws / "out.xlsx")).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(ws / "out.xlsx")["facts"]
    header = [c.value for c in sheet[1]]
    note = sheet.cell(row=2, column=header.index("note") + 1)
    source = sheet.cell(row=2, column=header.index("source") + 1)
    assert (note.value, note.data_type, note.quotePrefix) == ("=SUM(1;2)", "s", True)
    assert not source.quotePrefix


@pytest.mark.parametrize("text", ["=1+1", "+84", "-5", "@home", "\tx", "\rx", "'=x", "''-y",
                                  "it's", "'", "", "Japan", "Hà Nội", "1-2"])
def test_neutralised_text_never_starts_a_formula_and_restores_exactly(text):
    from labexport.data.export import FORMULA_STARTS, neutralise

    safe = neutralise(text)
    assert not safe.startswith(FORMULA_STARTS)
    assert restore(safe) == text
    assert safe == text or safe == f"'{text}"
