import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"the real seed bulletins are not here ({SEEDS} is absent; CI has them)")
    return SEEDS


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the shipped raw data, so tests never touch data/processed."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "raw", target / "raw")
    (target / "bulletins").mkdir()
    return target


def can_create_in(folder: Path) -> bool:
    """True if a file can be made in ``folder`` (root ignores modes, so tests ask)."""
    probe = folder / f".labexport-probe-{os.getpid()}"
    try:
        probe.touch()
    except OSError:
        return False
    probe.unlink()
    return True


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "labexport.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
    )


@pytest.fixture(scope="session")
def shipped_data(tmp_path_factory) -> Path:
    """The shipped raw figures built once into a private data folder."""
    from labexport.data.dataset import build

    target = tmp_path_factory.mktemp("shipped") / "data"
    shutil.copytree(ROOT / "data" / "raw", target / "raw")
    (target / "bulletins").mkdir()
    build(target)
    return target


@pytest.fixture(scope="session")
def shipped_facts(shipped_data):
    from labexport.data.dataset import load_facts

    return load_facts(shipped_data)


@pytest.fixture(scope="session")
def built_en(shipped_data, tmp_path_factory):
    """The three reports for July 2025 in English, built once by ``labexport report``."""
    out = tmp_path_factory.mktemp("reports_en")
    run = run_cli("report", "--period", "2025-07", "--data-dir", str(shipped_data),
                  "--out", str(out), "--json")
    assert run.returncode == 0, run.stderr
    return out, run


@pytest.fixture(scope="session")
def built_vi(shipped_data, tmp_path_factory):
    """The same reports in Vietnamese, briefing mode."""
    out = tmp_path_factory.mktemp("reports_vi")
    run = run_cli("report", "--period", "2025-07", "--lang", "vi", "--briefing",
                  "--data-dir", str(shipped_data), "--out", str(out))
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="session")
def built_hostile(tmp_path_factory):
    """The shipped figures plus a hostile bulletin, built and reported for July 2025."""
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(ROOT / "data" / "raw", data / "raw")
    (data / "bulletins").mkdir()
    shutil.copy(FIXTURES / "hostile" / "hostile_2025_07.txt", data / "bulletins")
    out = base / "reports"
    run = run_cli("report", "--period", "2025-07", "--data-dir", str(data), "--out", str(out))
    assert run.returncode == 0, run.stderr
    return out, data


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("LABEXPORT_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; `make test` installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium; `make test` does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chrome = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        yield chrome
        chrome.close()


def open_offline(browser, path: Path):
    """Open a page offline; return the page and what went wrong while loading it."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url[:120]}")
            if not r.url.startswith("data:") else None)

    def route(r):
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            problems.append(f"network request: {r.request.url[:120]}")
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page, problems


@pytest.fixture(scope="session", autouse=True)
def reports_elsewhere(tmp_path_factory):
    """Pages written without --out go to a temp folder; the no-workspace cache too."""
    names = ("LABEXPORT_REPORTS_DIR", "XDG_CACHE_HOME")
    old = {name: os.environ.get(name) for name in names}
    os.environ["LABEXPORT_REPORTS_DIR"] = str(tmp_path_factory.mktemp("default-reports"))
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    for name, value in old.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
