"""The wheel works anywhere: installed outside the checkout, used in a workspace of its own.

The wheel is built from the checkout and installed (without dependencies) into a
new virtual environment in a temporary folder. Its dependencies are those of the
test environment, made visible to it by a ``.pth`` line and ``JUPYTER_PATH`` (so no
200 MB download);
``labexport`` itself comes from the wheel only, which the test checks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    run = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                         text=True, encoding="utf-8", timeout=600)
    assert run.returncode == 0, f"{args}: {run.stderr[-2000:]}"
    return run


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv outside the checkout with the wheel installed; its bin folder and env."""
    base = tmp_path_factory.mktemp("package")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEXPORT_")}
    env["XDG_CACHE_HOME"] = str(base / "cache")
    # The borrowed dependencies' data files (nbconvert's base templates) stay in their prefix.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", base / "dist", ROOT, cwd=base, env=env)
    wheel = next((base / "dist").glob("labexport-*.whl"))
    _run(sys.executable, "-m", "venv", base / "venv", cwd=base, env=env)
    bin_dir = base / "venv" / "bin"
    site = Path(subprocess.run([bin_dir / "python", "-c", "import sysconfig; print("
                                "sysconfig.get_paths()['purelib'])"], capture_output=True,
                               text=True, check=True).stdout.strip())
    (site / "_labexport_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(bin_dir / "python", "-m", "pip", "install", "--no-deps", "-q", wheel, cwd=base, env=env)
    return wheel, bin_dir, site, env, base


def test_the_wheel_holds_the_shipped_data_notebooks_and_templates(installed):
    wheel = installed[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "labexport/data/shipped/dolab_figures.csv" in names
    assert {f"labexport/report/notebooks/{n}.ipynb"
            for n in ("market_trends", "gender_share", "target_attainment")} <= names
    assert "labexport/report/templates/labexport/index.html.j2" in names
    assert "labexport/py.typed" in names


@pytest.mark.notebook
def test_a_workspace_of_its_own_builds_and_reports_outside_the_checkout(installed, shipped_facts):
    _wheel, bin_dir, site, env, base = installed
    package = site / "labexport"
    before = sorted(p.relative_to(package) for p in package.rglob("*") if "__pycache__" not in
                    p.parts)
    _run(bin_dir / "labexport", "init", "ws", cwd=base, env=env)
    ws = base / "ws"
    where = _run(bin_dir / "python", "-c", "import labexport; print(labexport.__file__)",
                 cwd=ws, env=env).stdout.strip()
    assert Path(where).is_relative_to(site)  # the wheel's copy, not the checkout
    _run(bin_dir / "labexport", "build", cwd=ws, env=env)
    _run(bin_dir / "labexport", "monthly", cwd=ws, env=env)
    count = _run(bin_dir / "python", "-c", "import labexport; print(len(labexport.load_facts()))",
                 cwd=ws, env=env).stdout.strip()
    assert int(count) == len(shipped_facts)  # the shipped figures, as in the checkout
    assert (ws / "data" / "processed" / "facts.csv").is_file()
    assert (ws / "reports" / "index.html").is_file()
    assert len(list((ws / "reports").glob("*/market_trends.html"))) == 1
    after = sorted(p.relative_to(package) for p in package.rglob("*") if "__pycache__" not in
                   p.parts)
    assert after == before  # nothing written into site-packages
    theirs = json.loads(_run(bin_dir / "labexport", "indicators", "--period", "2025-07",
                             "--json", cwd=ws, env=env).stdout)
    ours = json.loads(_run(sys.executable, "-m", "labexport", "indicators", "--period",
                           "2025-07", "--json", cwd=ROOT, env=env).stdout)
    assert theirs == ours
    assert (theirs["ytd_total"], theirs["ytd_female"], theirs["month_total"]) == (
        85781.0, 28991.0, 11090.0)


@pytest.mark.notebook
def test_any_folder_without_a_workspace_reports_from_the_shipped_data(installed):
    _wheel, bin_dir, _site, env, base = installed
    folder = base / "elsewhere"
    folder.mkdir()
    _run(bin_dir / "labexport", "report", "--period", "2025-07", "--reports", "gender_share",
         "--out", folder / "out", cwd=folder, env=env)
    assert (folder / "out" / "2025-07" / "gender_share.html").is_file()
    assert not (folder / "data").exists()  # the dataset went to the cache folder
    assert (base / "cache" / "labexport").is_dir()


def test_monthly_builds_the_reports_and_language_its_workspace_names(tmp_path):
    from labexport.data.workspace import init_workspace, monthly_choice

    config = init_workspace(tmp_path / "ws")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('languages = ["en"]', 'languages = ["vi"]').replace(
        'reports = ["market_trends", "gender_share", "target_attainment"]',
        'reports = ["gender_share"]'), encoding="utf-8")
    old = os.environ.get("LABEXPORT_WORKSPACE")
    os.environ["LABEXPORT_WORKSPACE"] = str(config.parent)
    try:
        assert monthly_choice(None, None) == ("vi", "gender_share")
        assert monthly_choice("en", "market_trends") == ("en", "market_trends")
    finally:
        if old is None:
            os.environ.pop("LABEXPORT_WORKSPACE")
        else:
            os.environ["LABEXPORT_WORKSPACE"] = old


def test_a_broken_settings_file_is_one_line_naming_it(tmp_path):
    (tmp_path / "labexport.toml").write_text("[labexport]\nshipped_data = 'yes'\n")
    run = subprocess.run([sys.executable, "-m", "labexport", "--workspace", str(tmp_path),
                          "build"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert run.stderr == (f"labexport: error: {tmp_path / 'labexport.toml'}: shipped_data must "
                          "be true or false, got 'yes'\n")
