"""`labexport fetch` and `labexport monthly --fetch`: a fixture RSS feed on a local server.

The feed lists two bulletins (August and October 2025, real figures) and one unrelated
item (weather), whose address answers 404: fetching it would be an error line.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata

import pytest
from intake_support import make_workspace, run_in, serve

from labexport.core.errors import WorkspaceError
from labexport.intake.feeds import DEFAULT_WORDS, Item, feed_settings, matches

AUG = "2025-09-08-labour-export-nears-100-000-after-eight-months"
OCT = "2025-11-05-muoi-thang-hon-121-000-lao-dong-di-lam-viec-o-nuoc-ngoai"
BULLETINS = [f"{AUG}.json", f"{AUG}.txt", f"{OCT}.json", f"{OCT}.txt"]


@pytest.fixture(scope="module")
def site():
    with serve() as server:
        yield server


def test_an_item_matches_after_nfc_and_case_folding():
    nfd = unicodedata.normalize("NFD", "XUẤT KHẨU LAO ĐỘNG tháng 10")
    assert matches(Item("k", "https://x", nfd, ""), ("lao động",))
    assert matches(Item("k", "https://x", "Jobs", "<p>More WORKERS ABROAD</p>"), DEFAULT_WORDS)
    assert not matches(Item("k", "https://x", "Cool mornings return to Hanoi", ""),
                       DEFAULT_WORDS)


def test_the_feeds_settings_come_from_labexport_toml(tmp_path):
    ws = make_workspace(tmp_path / "ws", feeds=("https://example.org/a.rss",))
    settings = feed_settings(ws)
    assert settings.urls == ("https://example.org/a.rss",)
    assert settings.words == DEFAULT_WORDS  # the template writes the defaults
    config = ws / "labexport.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'urls = ["https://example.org/a.rss"]', 'urls = "https://example.org/a.rss"'),
        encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"labexport.toml: \[feeds\] urls must be a list"):
        feed_settings(ws)


def test_the_feed_adds_its_two_bulletins_once(site, tmp_path):
    feeds = (f"{site.base}/missing-feed.xml", f"{site.base}/feed.xml")
    ws = make_workspace(tmp_path / "ws", feeds=feeds)
    site.asked.clear()
    first = run_in(ws, "fetch")
    assert first.returncode == 1  # the missing feed, which does not stop the other one
    assert first.stderr == f"labexport: error: {feeds[0]}: HTTP 404 Not Found\n"
    assert sorted(p.name for p in (ws / "data" / "bulletins").iterdir()) == BULLETINS
    assert sorted(site.asked) == sorted(["/missing-feed.xml", "/feed.xml",
                                         "/news/2025-08.html", "/vi/2025-10.html"])
    assert first.stdout.splitlines()[-1] == "2 bulletin(s) added from 2 feed(s)"
    side = json.loads((ws / "data" / "bulletins" / f"{OCT}.json").read_text(encoding="utf-8"))
    assert side["source"] == f"{site.base}/vi/2025-10.html"
    state = json.loads((ws / "data" / "feeds-seen.json").read_text(encoding="utf-8"))
    assert sorted(state["feeds"][feeds[1]]) == [f"{site.base}/news/2025-08.html",
                                                 f"{site.base}/vi/2025-10.html"]

    site.asked.clear()
    second = run_in(ws, "fetch")
    assert second.stdout.splitlines() == ["0 bulletin(s) added from 2 feed(s)"]
    assert site.asked == ["/missing-feed.xml", "/feed.xml"]
    assert sorted(p.name for p in (ws / "data" / "bulletins").iterdir()) == BULLETINS


def test_fetch_without_feeds_says_where_to_list_them(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    run = run_in(ws, "fetch")
    assert (run.returncode, run.stderr) == (
        1, "labexport: error: no feeds to read: list their addresses in [feeds] urls of "
           "labexport.toml, or give them to `labexport fetch`\n")


def _snapshot(folder):
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.notebook
def test_monthly_fetch_builds_the_new_month_then_says_there_is_nothing_new(site, tmp_path):
    ws = make_workspace(tmp_path / "ws", feeds=(f"{site.base}/feed.xml",),
                        reports=("market_trends",))
    env = {k: v for k, v in os.environ.items()
           if k not in {"LABEXPORT_REPORTS_DIR", "LABEXPORT_DATA_DIR", "LABEXPORT_WORKSPACE"}}
    first = run_in(ws, "monthly", "--fetch", env=env)
    assert first.returncode == 0, first.stderr
    page = (ws / "reports" / "2025-10" / "market_trends.html").read_text(encoding="utf-8")
    assert "121,190" in page
    assert f'href="{site.base}/vi/2025-10.html"' in page
    assert (ws / "reports" / "review" / f"{OCT}.review.html").is_file()
    before = _snapshot(ws)

    second = run_in(ws, "monthly", "--fetch", env=env)
    assert (second.returncode, second.stdout, second.stderr) == (0, "no new bulletin yet\n", "")
    quiet = run_in(ws, "monthly", "--fetch", "-q", env=env)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert _snapshot(ws) == before
