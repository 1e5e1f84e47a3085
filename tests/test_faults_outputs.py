"""The reports folder: what labexport may write and delete there, variants, the dataset read.

Real ``labexport report`` runs (subprocesses, real kernels), one report each where one is
enough. The folder a run is refused leaves untouched; variants (language, briefing, scope)
each have their own folder; a report's sidecar names the very dataset its kernel read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import nbformat
import pytest
from conftest import FIXTURES, ROOT, run_cli

from labexport.report.registry import notebook_path

pytestmark = pytest.mark.notebook

PERIOD = "2025-07"
#: A province with figures for July 2025 in the shipped dataset.
PROVINCE = "Khánh Hòa"
#: A bulletin that adds six preferred figures to the shipped dataset (November 2020, men).
NEW_INPUT = FIXTURES / "bulletins" / "21_vi_2020_11_male_only.txt"


def _report(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return run_cli("report", "--period", PERIOD, "--reports", "market_trends",
                   "--data-dir", str(data), "--out", str(out), *extra)


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry below ``folder``: a file's bytes, ``None`` for a folder."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def english(shipped_data, tmp_path_factory) -> Path:
    """The national English market trends of July 2025, built once into a reports folder."""
    out = tmp_path_factory.mktemp("english") / "reports"
    run = _report(shipped_data, out)
    assert run.returncode == 0, run.stderr
    return out


# -- what may be written, and what is deleted ---------------------------------------------


def test_a_folder_not_made_by_labexport_is_refused_then_used_only_when_asked(
        shipped_data, tmp_path):
    out = tmp_path / "h"
    for name in (".old-thesis", "thesis", ".tmp-dl"):
        (out / name).mkdir(parents=True)
        (out / name / "chapter.txt").write_text(f"my own {name}", encoding="utf-8")
    before = _tree(out)
    run = _report(shipped_data, out)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == (
        f"labexport: error: {out} is not empty and is not a labexport reports folder; give "
        "--out a new or empty folder, or add --out-existing to add the reports to it "
        "(everything already there is left as it is)\n")
    assert _tree(out) == before  # not even a lock file

    run = _report(shipped_data, out, "--out-existing")
    assert run.returncode == 0, run.stderr
    after = _tree(out)
    assert {k: v for k, v in after.items() if k in before} == before  # all three, as they were
    assert (out / PERIOD / "market_trends.html").is_file()
    assert json.loads((out / ".labexport-reports").read_text(encoding="utf-8"))["format"] == 1
    assert {k for k in after if not k.startswith((PERIOD, *before))} == {
        ".labexport-reports", ".labexport-lock", "index.html"}

    again = _report(shipped_data, out, "--json")  # now labexport's folder: no flag needed
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "skipped"
    assert {k: v for k, v in _tree(out).items() if k in before} == before


def test_a_reports_folder_of_an_older_version_is_adopted_and_its_odd_names_kept(
        shipped_data, english, tmp_path):
    out = tmp_path / "old"
    shutil.copytree(english / PERIOD, out / PERIOD)
    shutil.copy(english / "index.html", out / "index.html")
    (out / ".labexport-reports").unlink(missing_ok=True)
    for name in (".tmp-123-x", ".old-2025-06"):  # the names older versions used: not ours now
        (out / name).mkdir()
    run = _report(shipped_data, out, "--json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] in ("skipped", "built")  # built if the code changed
    assert (out / PERIOD / "market_trends.html").is_file()
    assert (out / ".tmp-123-x").is_dir()
    assert (out / ".old-2025-06").is_dir()
    assert not (out / "2025-06").exists()
    assert (out / ".labexport-reports").is_file()


def test_folders_that_cannot_hold_reports_are_refused_in_one_line(shipped_data, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    if os.geteuid() == 0:  # root writes anywhere a mode allows: use a folder the kernel refuses
        locked_out = Path("/sys/labexport-reports-test")
        reason = "Operation not permitted (give --out a folder you can write to)"
    else:
        locked_out = tmp_path / "read-only"
        locked_out.mkdir(mode=0o555)
        reason = "Permission denied (give --out a folder you can write to)"
    cases = [
        (Path("/"), "refusing to write reports in / (the filesystem root); give --out a folder "
                    "of its own, e.g. --out reports"),
        (a_file, f"cannot write reports in {a_file}: it is a file, not a folder "
                 "(give --out a folder)"),
        (locked_out, f"cannot write reports in {locked_out}: {reason}"),
    ]
    for out, message in cases:
        run = _report(shipped_data, out)
        assert (run.returncode, run.stdout, run.stderr) == (1, "", f"labexport: error: {message}\n")
    assert a_file.read_text(encoding="utf-8") == "mine"


#: ``labexport`` with every report page's write failing as on a full disk.
FULL_DISK = """
import errno, os, sys
from pathlib import Path
real_write = Path.write_text
def full_disk(self, data, *args, **kwargs):
    if self.suffix == ".html" and self.parent.name == sys.argv[1]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(self))
    return real_write(self, data, *args, **kwargs)
Path.write_text = full_disk
from labexport.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def test_a_full_disk_is_one_line_and_the_published_reports_stay(shipped_data, english, tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(english, out)
    before = _tree(out)
    run = subprocess.run(
        [sys.executable, "-c", FULL_DISK, PERIOD, "report", "--period", PERIOD, "--reports",
         "market_trends", "--force", "-q", "--data-dir", str(shipped_data), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (1, "")
    assert run.stderr == (
        f"labexport: error: cannot write reports in {out}: No space left on device\n")
    assert _tree(out) == before  # the published reports, the index, nothing left behind


# -- variants -------------------------------------------------------------------------------


def test_each_variant_has_its_own_folder_and_the_index_links_all(shipped_data, english,
                                                                   tmp_path):
    out = tmp_path / "reports"
    shutil.copytree(english, out)
    national = (out / PERIOD / "market_trends.html").read_bytes()
    nfd = unicodedata.normalize("NFD", PROVINCE)
    assert nfd != PROVINCE
    for extra in (["--lang", "vi"], ["--briefing"], ["--scope", nfd]):
        run = _report(shipped_data, out, "--json", *extra)
        assert run.returncode == 0, run.stderr
        assert json.loads(run.stdout)["status"] == "built"
    assert (out / PERIOD / "market_trends.html").read_bytes() == national  # left as it was
    pages = {variant: out / PERIOD / variant / "market_trends.html"
             for variant in ("vi", "briefing", "khanh-hoa")}
    for variant, page in pages.items():
        side = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
        assert side["status"] == "built", variant
    assert '<html lang="vi">' in pages["vi"].read_text(encoding="utf-8")
    assert "report.heading" not in pages["briefing"].read_text(encoding="utf-8")
    province = json.loads(pages["khanh-hoa"].with_suffix(".json").read_text(encoding="utf-8"))
    assert province["parameters"]["scope"] == PROVINCE  # NFC, as in the dataset
    assert PROVINCE in pages["khanh-hoa"].read_text(encoding="utf-8")

    # The NFC spelling is the same report: unchanged.
    run = _report(shipped_data, out, "--json", "--scope", PROVINCE)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["status"] == "skipped"

    index = (out / "index.html").read_text(encoding="utf-8")
    cell = re.search(r'<td class="lx-cell" data-report="market_trends">(.*?)</td>', index,
                     flags=re.S)
    assert cell is not None
    links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)">', cell.group(1))
    assert links == [(f"{PERIOD}/market_trends.html", "en"),
                     (f"{PERIOD}/briefing/market_trends.html", "en"),
                     (f"{PERIOD}/vi/market_trends.html", "vi"),
                     (f"{PERIOD}/khanh-hoa/market_trends.html", "en")]
    text = " ".join(re.sub(r"<[^>]+>", " ", cell.group(1)).split())
    assert "English (briefing)" in text
    assert f"English ({PROVINCE})" in text

    # No report shows where the data folder is: only its name.
    for page in [out / PERIOD / "market_trends.html", *pages.values()]:
        html = page.read_text(encoding="utf-8")
        assert str(shipped_data) not in html
        assert str(tmp_path) not in html
        assert "data_dir=data" in html
    assert str(shipped_data) not in index
    assert province["parameters"]["data_dir"] == "data"


# -- the dataset a report read ----------------------------------------------------------------


def _waiting_notebooks(folder: Path, ready: Path, go: Path) -> Path:
    """The shipped market trends notebook with a first cell that waits for ``go``.

    It runs before the report loads the dataset, so a build can replace ``facts.csv``
    after the batch started and before the kernel reads it.
    """
    folder.mkdir()
    nb = nbformat.read(notebook_path("market_trends"), as_version=4)
    start = next(i for i, c in enumerate(nb.cells) if "Report.start(" in c.source)
    nb.cells.insert(start, nbformat.v4.new_code_cell(
        "import pathlib, time\n"
        f"pathlib.Path({str(ready)!r}).touch()\n"
        "deadline = time.monotonic() + 120\n"
        f"while not pathlib.Path({str(go)!r}).exists() and time.monotonic() < deadline:\n"
        "    time.sleep(0.05)"))
    nbformat.write(nb, folder / "market_trends.ipynb")
    return folder


def _preferred_count(data: Path) -> int:
    from labexport.data.dataset import load_facts

    return len(load_facts(data, preferred_only=True))


def test_the_sidecar_names_the_dataset_the_kernel_read_while_a_build_replaced_it(
        data_copy, tmp_path):
    assert run_cli("build", "--data-dir", str(data_copy), "-q").returncode == 0
    facts = data_copy / "processed" / "facts.csv"
    old_sha, old_count = _sha(facts), _preferred_count(data_copy)
    ready, go = tmp_path / "ready", tmp_path / "go"
    env = {**os.environ, "LABEXPORT_NOTEBOOKS_DIR": str(
        _waiting_notebooks(tmp_path / "notebooks", ready, go))}
    out = tmp_path / "reports"
    command = [sys.executable, "-m", "labexport.cli", "report", "--period", PERIOD,
               "--reports", "market_trends", "--data-dir", str(data_copy), "--out", str(out),
               "--json"]
    running = subprocess.Popen(command, env=env, cwd=ROOT, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert running.poll() is None, running.communicate()[1]
            assert time.monotonic() < deadline
            time.sleep(0.05)
        shutil.copy(NEW_INPUT, data_copy / "bulletins")
        assert run_cli("build", "--data-dir", str(data_copy), "-q").returncode == 0
    finally:
        go.touch()
        stdout, stderr = running.communicate(timeout=300)
    assert running.returncode == 0, stderr
    assert json.loads(stdout)["status"] == "built"
    new_sha, new_count = _sha(facts), _preferred_count(data_copy)
    assert (new_sha != old_sha, new_count) == (True, old_count + 6)

    side = json.loads((out / PERIOD / "market_trends.json").read_text(encoding="utf-8"))
    assert side["inputs"]["data/processed/facts.csv"] == old_sha  # the snapshot the batch took
    page = (out / PERIOD / "market_trends.html").read_text(encoding="utf-8")
    assert f"from {old_count:,} published figures." in page  # what the kernel read: that one
    assert f"{new_count:,} published figures" not in page

    again = subprocess.run(command, env=env, cwd=ROOT, text=True, capture_output=True)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["status"] == "built"  # the new dataset: not "unchanged"
    side = json.loads((out / PERIOD / "market_trends.json").read_text(encoding="utf-8"))
    assert side["inputs"]["data/processed/facts.csv"] == new_sha
    assert f"from {new_count:,} published figures." in (
        out / PERIOD / "market_trends.html").read_text(encoding="utf-8")
    assert not list(out.glob(".labexport-tmp-*"))  # the snapshot went with its work folder


def test_inputs_a_partial_build_left_out_are_named_in_the_index_and_fail_the_run(
        data_copy, tmp_path):
    broken = data_copy / "raw" / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook at all")
    run_cli("build", "--data-dir", str(data_copy), "-q")  # partial: the shipped table is read
    record = json.loads((data_copy / "processed" / "build.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in record["failed"]] == ["raw/broken.xlsx"]
    out = tmp_path / "reports"
    run = _report(data_copy, out)
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"labexport: error: {broken}: left out of the dataset, it could "
                               "not be read: ")
    assert lines[0].endswith("; the reports use the other inputs")
    assert (out / PERIOD / "market_trends.html").is_file()  # built from the others
    index = (out / "index.html").read_text(encoding="utf-8")
    notice = re.search(r'<p class="lx-notice"[^>]*>(.*?)</p>', index, flags=re.S)
    assert notice is not None
    assert " ".join(re.sub(r"<[^>]+>", " ", notice.group(1)).split()) == (
        "⚠ 1 input file could not be read: data/raw/broken.xlsx; the reports use the others.")

    broken.unlink()  # the next build reads every input: no notice, nothing fails
    again = _report(data_copy, out)
    assert again.returncode == 0, again.stderr
    assert 'class="lx-notice"' not in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("record", [None, "{not json", "[]", '{"failed": "all"}',
                                    '{"failed": [{"error": "no file named"}, 3]}'])
def test_a_missing_or_damaged_build_record_means_no_input_was_left_out(tmp_path, record):
    from labexport.report.inputs import build_failures

    (tmp_path / "processed").mkdir()
    if record is not None:
        (tmp_path / "processed" / "build.json").write_text(record, encoding="utf-8")
    assert build_failures(str(tmp_path)) == []


def test_the_index_and_review_pages_follow_the_umask(tmp_path):
    import os

    from labexport.core.files import write_text_atomically

    old = os.umask(0o027)
    try:
        write_text_atomically(tmp_path / "index.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert (tmp_path / "index.html").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<p>x</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]
