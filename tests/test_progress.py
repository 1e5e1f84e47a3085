"""Progress of long work: a tqdm bar on a terminal, plain lines in a log, silence with -q.

The commands run for real, in a pseudo-terminal (stdout and stderr a tty, of unknown
size as under `script` or CI) or with their output to pipes (a log, cron).
"""

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import FIXTURES, ROOT, run_cli

from labexport.report.progress import Progress
from labexport.report.registry import REPORTS, notebook_path
from labexport.report.run import Result

BACKFILL = ["report", "--period", "2025-06:2025-07"]
PERIODS = ["2025-06", "2025-07"]


def run_in_terminal(*args: str, timeout: float = 600) -> tuple[int, str]:
    """Run ``labexport ARGS`` with a pseudo-terminal as stdout and stderr; return code, output."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "labexport.cli", *args], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary)
    os.close(secondary)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    data = os.read(primary, 65536)
                except OSError:  # EIO: every writer has closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(1, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(primary)
    return code, b"".join(chunks).decode("utf-8", "replace")


# -- the module, in-process ------------------------------------------------------------


def test_lines_name_each_report_and_its_outcome(capsys):
    with Progress(3, desc="reports", unit="report", mode="lines") as progress:
        progress.report(Result("2025-07", "market_trends", "built", Path("x.html"), 1.94))
        progress.report(Result("2025-07", "gender_share", "skipped", Path("y.html")))
        progress.report(Result("2025-07", "target_attainment", "failed", Path("z.html"), 0.5,
                               "boom"))
    assert capsys.readouterr().out.splitlines() == [
        "2025-07 market_trends built (1.9 s)",
        "2025-07 gender_share unchanged",
        "2025-07 target_attainment failed (0.5 s)",
    ]


def test_quiet_progress_prints_nothing(capsys):
    with Progress(None, desc="sources", unit="source", quiet=True) as progress:
        read = progress.source_reader()
        read("raw/a.csv", 2)
        read("bulletins/b.txt", 2)
    assert capsys.readouterr() == ("", "")


def test_a_bar_on_a_terminal_lines_in_a_log(monkeypatch):
    from labexport.report.progress import choose_mode

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert choose_mode() == "bar"
    assert choose_mode(quiet=True) == "quiet"
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert choose_mode() == "lines"
    assert choose_mode(lines=False) == "quiet"  # --json: its lines say it all


# -- reports: a backfill ---------------------------------------------------------------


@pytest.fixture(scope="module")
def backfill(shipped_data, tmp_path_factory):
    """Six reports (two periods) built by `labexport report` in a pseudo-terminal."""
    out = tmp_path_factory.mktemp("progress") / "reports"
    code, shown = run_in_terminal(*BACKFILL, "--data-dir", str(shipped_data), "--out", str(out))
    return out, code, shown


@pytest.mark.notebook
def test_a_backfill_on_a_terminal_shows_a_tqdm_bar(backfill):
    out, code, shown = backfill
    assert code == 0, shown[-2000:]
    assert "reports:" in shown
    assert "%|" in shown
    assert "0/6" in shown
    assert "100%|" in shown
    assert "6/6" in shown
    assert "Traceback" not in shown
    assert f"6 built, 0 unchanged, 0 failed; index: {out / 'index.html'}" in shown
    assert not re.search(r"built \(\d", shown)  # the bar, not the log's lines
    assert (out / "index.html").is_file()


@pytest.mark.notebook
def test_a_backfill_in_a_log_prints_a_line_per_report(backfill, shipped_data):
    out, code, _ = backfill
    assert code == 0
    run = run_cli(*BACKFILL, "--data-dir", str(shipped_data), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # no bar, no escape codes
    assert run.stdout.splitlines() == [
        *(f"{period} {name} unchanged" for period in PERIODS for name in REPORTS),
        f"0 built, 6 unchanged, 0 failed; index: {out / 'index.html'}",
    ]


@pytest.mark.notebook
def test_reports_built_in_a_log_say_how_long_they_took(backfill, shipped_data):
    out, code, _ = backfill
    assert code == 0
    run = run_cli(*BACKFILL, "--reports", "gender_share", "--force",
                  "--data-dir", str(shipped_data), "--out", str(out))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 3, run.stdout
    for period, line in zip(PERIODS, lines, strict=False):
        assert re.fullmatch(rf"{period} gender_share built \(\d+\.\d s\)", line), line
    assert lines[-1] == f"2 built, 0 unchanged, 0 failed; index: {out / 'index.html'}"


@pytest.mark.notebook
def test_json_lines_replace_the_progress_lines(backfill, shipped_data):
    out, _, _ = backfill
    run = run_cli(*BACKFILL, "--json", "--data-dir", str(shipped_data), "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert all(line.startswith("{") for line in run.stdout.splitlines())
    assert len(run.stdout.splitlines()) == 6


# -- monthly and --quiet (cron) --------------------------------------------------------


@pytest.mark.notebook
def test_monthly_quiet_prints_nothing_on_success(shipped_data, tmp_path):
    run = run_cli("monthly", "-q", "--data-dir", str(shipped_data), "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    assert (run.stdout, run.stderr) == ("", "")
    assert (tmp_path / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.glob("*/*.html")) == sorted(
        f"{name}.html" for name in REPORTS)


def test_monthly_quiet_still_says_what_failed(tmp_path):
    missing = tmp_path / "no-such-data"
    run = run_cli("monthly", "--quiet", "--data-dir", str(missing), "--out", str(tmp_path))
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith("labexport: error: data folder ")
    assert len(run.stderr.splitlines()) == 1


@pytest.mark.notebook
def test_a_failing_report_under_quiet_is_one_error_line(shipped_data, tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb = nbformat.read(notebook_path("gender_share"), as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell('raise RuntimeError("broken on purpose")'))
    nbformat.write(nb, notebooks / "gender_share.ipynb")
    run = subprocess.run(
        [sys.executable, "-m", "labexport.cli", "report", "-q", "--period", "2025-07",
         "--reports", "gender_share", "--data-dir", str(shipped_data),
         "--out", str(tmp_path / "reports")],
        capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, "LABEXPORT_NOTEBOOKS_DIR": str(notebooks)})
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith("labexport: error: 2025-07 gender_share failed: ")
    assert "broken on purpose" in run.stderr
    assert len(run.stderr.splitlines()) == 1


def test_quiet_and_json_do_not_go_together():
    run = run_cli("report", "--period", "2025-07", "--json", "-q")
    assert run.returncode == 2
    assert run.stderr.startswith("labexport: error: argument -q/--quiet: not allowed with "
                                 "argument --json")
    assert len(run.stderr.splitlines()) == 1


# -- build -----------------------------------------------------------------------------


@pytest.fixture
def with_bulletin(data_copy: Path) -> Path:
    shutil.copy(FIXTURES / "bulletins" / "03_en_2024_02_parentheses.txt",
                data_copy / "bulletins")
    return data_copy


def test_build_in_a_log_prints_a_line_per_source(with_bulletin):
    run = run_cli("build", "--data-dir", str(with_bulletin))
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    read = [line for line in run.stdout.splitlines() if " read (" in line]
    assert re.fullmatch(r"bulletins/03_en_2024_02_parentheses\.txt read \(\d+\.\d s\)", read[-1])
    assert len(read) >= 2  # the table(s), then the bulletin
    assert any(line.startswith("built ") for line in run.stdout.splitlines())


def test_build_on_a_terminal_shows_a_bar(with_bulletin):
    code, shown = run_in_terminal("build", "--data-dir", str(with_bulletin), timeout=300)
    assert code == 0, shown[-2000:]
    assert "sources:" in shown
    assert "%|" in shown
    assert "100%|" in shown
    assert " read (" not in shown


def test_build_quiet_prints_nothing(with_bulletin):
    run = run_cli("build", "-q", "--data-dir", str(with_bulletin))
    assert run.returncode == 0, run.stderr
    assert (run.stdout, run.stderr) == ("", "")
    assert (with_bulletin / "processed" / "facts.csv").is_file()


def test_build_quiet_still_says_what_failed(with_bulletin):
    (with_bulletin / "bulletins" / "empty.txt").write_text("")
    run = run_cli("build", "-q", "--data-dir", str(with_bulletin))
    assert run.returncode != 0
    assert run.stdout == ""
    assert run.stderr.startswith("labexport: error: ")
    assert len(run.stderr.splitlines()) == 2  # the file, then the summary line
    assert "1 of " in run.stderr.splitlines()[1]
