"""Hostile and broken input, parameter injection, concurrent and killed runs."""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import FIXTURES, ROOT, run_cli

from labexport.core.errors import BulletinError
from labexport.read.bulletin import parse_text
from labexport.read.textio import MAX_BYTES, read_bulletin
from labexport.report.publish import LOCK
from labexport.report.registry import REPORTS

NOTEBOOKS = ROOT / "labexport" / "report" / "notebooks"

HOSTILE = FIXTURES / "hostile" / "hostile_2025_07.txt"


# -- encodings and sizes ---------------------------------------------------------------


def test_a_file_of_several_megabytes_is_refused_in_one_line(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"In July 2025, 11,090 workers left. " * 150_000)  # 5.25 MB
    with pytest.raises(BulletinError) as info:
        read_bulletin(big)
    assert str(info.value) == f"{big}: 5,250,000 bytes is over the {MAX_BYTES:,}-byte limit"
    run = run_cli("parse", str(big))
    assert run.returncode == 1
    assert len(run.stderr.splitlines()) == 1


def test_text_over_the_limit_is_refused_too():
    with pytest.raises(BulletinError, match="characters is over the 1,048,576-character limit"):
        parse_text("1." * 600_000, source="long")


def test_a_line_of_400000_digits_and_dots_reads_without_figures(tmp_path):
    path = tmp_path / "digits.txt"
    path.write_text("Departures: " + ("1234567890." * 40_000)[:400_000] + " workers.\n",
                    encoding="utf-8")
    facts = parse_text(read_bulletin(path), source=str(path))
    assert facts == []  # no sensible number in it, and no exception
    run = run_cli("parse", str(path))
    assert run.returncode == 1
    assert run.stderr == f"labexport: error: {path}: no figures found\n"


def test_a_file_of_almost_the_limit_is_read(tmp_path):
    # The largest accepted input: real bulletins repeated to just under 1 MiB.
    seed = (FIXTURES / "bulletins" / "01_en_2025_05_with.txt").read_text(encoding="utf-8")
    text = (seed + "\n\n") * (MAX_BYTES // (len(seed.encode()) + 2))
    path = tmp_path / "near_limit.txt"
    path.write_text(text, encoding="utf-8")
    facts = parse_text(read_bulletin(path), source="near_limit")
    assert {f.value for f in facts} >= {61631.0, 29902.0}


@pytest.mark.parametrize(("payload", "reason"), [
    (b"In July 2025\x00 11,090 workers left.", r"binary file \(NUL bytes\)"),
    (b"\xff\xfe" + "Tháng 7/2025 có 11.090 lao động.".encode("utf-16-le"), None),
])
def test_encodings_are_read_or_refused(tmp_path, payload, reason):
    # (Windows-1258, NFD and BOM variants: tests/test_textio.py and the fixture corpus.)
    path = tmp_path / "b.txt"
    path.write_bytes(payload)
    if reason is None:
        assert [f.value for f in parse_text(read_bulletin(path))] == [11090.0]
    else:
        with pytest.raises(BulletinError, match=reason):
            read_bulletin(path)


# -- hostile text ----------------------------------------------------------------------


def test_hostile_bulletin_reads_only_its_figures():
    facts = parse_text(read_bulletin(HOSTILE), source="hostile")
    got = sorted((f.month_from, f.month_to, f.measure, f.market, f.sex, f.value) for f in facts)
    assert got == [
        (1, 7, "attainment_pct", "ALL", "total", 65.9),
        (1, 7, "departures", "ALL", "female", 28991.0),
        (1, 7, "departures", "ALL", "total", 85781.0),
        (1, 7, "departures", "JP", "total", 39558.0),
        (1, 12, "target", "ALL", "total", 130000.0),
        (7, 7, "departures", "ALL", "female", 3374.0),
        (7, 7, "departures", "ALL", "total", 11090.0),
    ]  # nothing from alert(2), {{7*7}} or US$1,200


def test_hostile_text_is_inert_in_reports(built_hostile):
    out, _data = built_hostile
    for name in REPORTS:
        page = (out / "2025-07" / f"{name}.html").read_text(encoding="utf-8")
        body = page.split("</style>")[-1]
        assert not re.search(r"<\s*(script|iframe)", body, flags=re.I)
        assert not re.search(r"<[^>]*\bon[a-z]+\s*=", body, flags=re.I)  # no event handlers
        assert 'href="javascript:' not in body
    table = (out / "2025-07" / "market_trends.html").read_text(encoding="utf-8")
    # The bulletin's own words are shown, escaped, as the provenance of its figures.
    assert re.search(r"&lt;script&gt;document\.title=(\"|&quot;)pwned(\"|&quot;)&lt;/script&gt;",
                     table)
    assert "$x^2 + y^2$ must stay plain text" in table
    assert "hostile_2025_07.txt" in table


def test_hostile_figures_reach_the_dataset_with_their_source(built_hostile):
    _out, data = built_hostile
    from labexport.data.dataset import load_facts

    facts = load_facts(data)
    mine = facts[facts["origin"] == "bulletins/hostile_2025_07.txt"]
    assert len(mine) == 7
    # Dated 15 August 2025: its July figures are the latest publication, so preferred; the
    # plan of 130,000 was restated later (November), which stays preferred for it.
    assert mine.loc[mine["measure"] != "target", "preferred"].all()
    assert mine["quote"].str.contains("<script>", regex=False).any()


# -- parameter injection ---------------------------------------------------------------


def _injection(marker: Path) -> str:
    return f'2025-07"; import os; os.system("touch {marker}") #'


def test_report_refuses_code_in_a_period_before_any_kernel(shipped_data, tmp_path):
    marker = tmp_path / "pwned"
    run = run_cli("report", "--period", _injection(marker), "--data-dir", str(shipped_data),
                  "--out", str(tmp_path / "out"))
    assert run.returncode == 1
    assert run.stderr.startswith("labexport: error: period must be YYYY-MM (e.g. 2025-07), got")
    assert not marker.exists()
    assert not (tmp_path / "out").exists()
    run = run_cli("report", "--period", "2025-07", "--markets", f"JP,__import__('os').system"
                  f"('touch {marker}')", "--data-dir", str(shipped_data),
                  "--out", str(tmp_path / "out"))
    assert run.returncode == 1
    assert "unknown market" in run.stderr
    assert not marker.exists()


@pytest.mark.notebook
@pytest.mark.parametrize("param", ["period", "scope", "lang", "markets"])
def test_notebook_validation_stops_injected_code(shipped_data, tmp_path, param):
    marker = tmp_path / "pwned"
    out = tmp_path / "out.ipynb"
    value = _injection(marker) if param == "period" else (
        f'x"; import os; os.system("touch {marker}") #')
    run = subprocess.run(
        [sys.executable, "-m", "papermill", str(NOTEBOOKS / "gender_share.ipynb"),
         str(out), "-p", param, value, "-p", "data_dir", str(shipped_data), "-k", "python3"],
        capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode != 0
    nb = nbformat.read(out, as_version=4)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ParameterError"]
    assert not marker.exists()


# -- concurrent and killed runs --------------------------------------------------------


def _report(out: Path, data: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "labexport.cli", "report", "--period", "2025-07",
         "--data-dir", str(data), "--out", str(out), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def _consistent(folder: Path) -> dict[str, str]:
    """Each report: its HTML is the one its sidecar describes, and its notebook is there."""
    states = {}
    for name in REPORTS:
        side = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        html = (folder / f"{name}.html").read_bytes()
        assert hashlib.sha256(html).hexdigest() == side["html_sha256"], name
        assert (folder / f"{name}.ipynb").is_file()
        states[name] = side["html_sha256"]
    return states


@pytest.mark.notebook
def test_a_second_run_into_the_same_folder_is_told_it_is_locked(shipped_data, tmp_path):
    out = tmp_path / "reports"
    first = _report(out, shipped_data)
    try:
        deadline = time.monotonic() + 30
        while not (out / LOCK).exists() or not (out / LOCK).read_text():
            assert time.monotonic() < deadline
            assert first.poll() is None
            time.sleep(0.02)
        second = run_cli("report", "--period", "2025-07", "--data-dir", str(shipped_data),
                         "--out", str(out))
    finally:
        first.communicate(timeout=300)
    assert first.returncode == 0
    assert second.returncode == 1
    assert second.stderr == (f"labexport: error: {out} is locked by running process {first.pid} "
                             "(another labexport run; try again when it ends)\n")
    _consistent(out / "2025-07")


@pytest.mark.notebook
def test_killed_runs_leave_old_or_new_reports_and_the_next_run_completes(shipped_data, tmp_path):
    out = tmp_path / "reports"
    for extra in ([], ["--briefing"]):  # two variants: the period's folder holds both
        assert run_cli("report", "--period", "2025-07", "--data-dir", str(shipped_data),
                       "--out", str(out), *extra).returncode == 0
    old = _consistent(out / "2025-07")
    old_briefing = _consistent(out / "2025-07" / "briefing")
    for delay in (0.2, 0.8, 1.6, 2.4, 3.2, 4.0):
        run = _report(out, shipped_data, "--force", "--briefing")
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.communicate()
        assert _consistent(out / "2025-07") == old  # the other variant, kept as it was
        now = _consistent(out / "2025-07" / "briefing")  # every report complete, old or new
        assert set(now) == set(old_briefing)
        assert not list((out / "2025-07").rglob("*.tmp"))
    final = run_cli("report", "--period", "2025-07", "--data-dir", str(shipped_data),
                    "--out", str(out), "--briefing", "--json")
    assert final.returncode == 0, final.stderr
    assert {json.loads(x)["status"] for x in final.stdout.splitlines()} <= {"built", "skipped"}
    _consistent(out / "2025-07" / "briefing")
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [
        LOCK, ".labexport-reports"]  # no run's temporary folder is left
    deadline = time.monotonic() + 20  # orphaned kernels notice their parent is gone and exit
    while True:
        left = subprocess.run(["pgrep", "-f", "labexport-kernel-"], capture_output=True,
                              text=True).stdout.strip()
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert left == ""


def test_killed_builds_leave_the_old_or_the_new_dataset(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    (data / "bulletins").mkdir()
    assert run_cli("build", "--data-dir", str(data)).returncode == 0
    facts = data / "processed" / "facts.csv"
    old = facts.read_bytes()
    shutil.copy(HOSTILE, data / "bulletins")
    assert run_cli("build", "--data-dir", str(data)).returncode == 0
    new = facts.read_bytes()
    assert new != old
    facts.write_bytes(old)
    for delay in (0.1, 0.4, 0.8, 1.2, 1.6):
        run = subprocess.Popen([sys.executable, "-m", "labexport.cli", "build", "--data-dir",
                                str(data)], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait()
        assert facts.read_bytes() in (old, new)
        facts.write_bytes(old)
    leftovers = [p.name for p in facts.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) <= 2  # the last killed build's files; the others were removed
    assert run_cli("build", "--data-dir", str(data)).returncode == 0
    assert facts.read_bytes() == new
    assert not [p.name for p in facts.parent.iterdir() if p.name.endswith(".tmp")]


def test_stale_lock_file_does_not_block(shipped_data, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    (out / LOCK).write_text("999999")  # left by a run that died; nobody holds the flock
    run = run_cli("report", "--period", "2025-07", "--reports", "gender_share",
                  "--data-dir", str(shipped_data), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert os.path.getsize(out / LOCK) == 0  # released
