"""News feeds (RSS or Atom): their items about overseas labour, each added once.

The feeds and the words are the ``[feeds]`` table of ``labexport.toml``
(``urls``, ``words``; see :data:`labexport.data.workspace.CONFIG_TEXT`). An item
is taken when its title or summary contains one of the words, compared after
NFC and case folding. What was taken, or read without figures, is remembered in
``data/feeds-seen.json`` (written to a temporary file, then renamed), so a later
run fetches only new items; an item that failed is tried again next time.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from labexport.core.errors import IntakeError, WorkspaceError
from labexport.core.files import write_text_atomically
from labexport.data import workspace
from labexport.data.paths import data_dir
from labexport.intake.add import Added, add_source, now
from labexport.intake.web import FEED_TYPES, Limits, fetch, need

#: The words an item must contain when ``labexport.toml`` names none.
DEFAULT_WORDS = ("lao động", "đi làm việc ở nước ngoài", "xuất khẩu lao động",
                 "workers abroad", "labour export", "labor export", "overseas workers")
#: The state file, in the data folder.
STATE_NAME = "feeds-seen.json"


@dataclass(frozen=True)
class FeedSettings:
    """The feeds to read and the words an item must contain."""

    urls: tuple[str, ...] = ()
    words: tuple[str, ...] = DEFAULT_WORDS


def feed_settings(root: Path | None = None) -> FeedSettings:
    """The ``[feeds]`` table of the workspace in force (none: no feeds, default words).

    Raises
    ------
    WorkspaceError
        If ``labexport.toml`` cannot be read or ``urls``/``words`` are not lists of text.
    """
    root = root or workspace.find_root()
    if root is None:
        return FeedSettings()
    path = root / workspace.CONFIG
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("feeds", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkspaceError(f"{path}: cannot read the settings: {exc}", path=str(path)) from None
    values: dict[str, tuple[str, ...]] = {}
    for key in ("urls", "words"):
        value = table.get(key, list(getattr(FeedSettings, key)))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise WorkspaceError(f"{path}: [feeds] {key} must be a list of text, got {value!r}",
                                 path=str(path))
        values[key] = tuple(v.strip() for v in value if v.strip())
    return FeedSettings(**values)


@dataclass(frozen=True)
class Item:
    """One item of a feed: its key (id, else link), address, title and summary."""

    key: str
    link: str
    title: str
    summary: str


def read_feed(url: str, *, limits: Limits | None = None) -> list[Item]:
    """Fetch a feed (same limits as a page) and return its items that have a link.

    Raises
    ------
    IntakeError
        If the feed cannot be fetched or is not a feed.
    """
    got = fetch(url, accept=FEED_TYPES, limits=limits, verb="fetch")
    feedparser = need("feedparser", "fetch")
    headers = {"content-location": got.url,
               "content-type": got.content_type + (f"; charset={got.charset}"
                                                   if got.charset else "")}
    parsed = feedparser.parse(got.body, response_headers=headers)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed, "bozo_exception", None) or "no items"
        raise IntakeError(f"{url}: not a feed ({reason})", path=url)
    items = []
    for entry in parsed.entries:
        link = str(entry.get("link") or "").strip()
        if link:
            link = urljoin(got.url, link)
            items.append(Item(str(entry.get("id") or link), link, str(entry.get("title") or ""),
                              str(entry.get("summary") or "")))
    return items


def _folded(text: str) -> str:
    """Text compared with the words: NFC, case-folded, tags dropped, one space."""
    text = re.sub(r"<[^>]*>", " ", unicodedata.normalize("NFC", text))
    return " ".join(unicodedata.normalize("NFC", text.casefold()).split())


def matches(item: Item, words: tuple[str, ...]) -> bool:
    """True if the item's title or summary contains one of ``words``.

    Examples
    --------
    >>> matches(Item("k", "https://x", "LAO ĐỘNG đi Nhật", ""), ("lao động",))
    True
    """
    text = f"{_folded(item.title)} \n {_folded(item.summary)}"
    return any(_folded(word) in text for word in words if word.strip())


class Seen:
    """The items already taken from each feed, kept in ``data/feeds-seen.json``."""

    def __init__(self, path: Path) -> None:
        self.path, self.changed = path, False
        self.feeds: dict[str, dict[str, Any]] = {}
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise IntakeError(f"{path}: unreadable ({exc}); remove it to start afresh",
                              path=str(path)) from None
        if isinstance(record, dict) and isinstance(record.get("feeds"), dict):
            self.feeds = record["feeds"]

    def has(self, feed: str, key: str) -> bool:
        """True if ``key`` of ``feed`` was taken before."""
        return key in self.feeds.get(feed, {})

    def mark(self, feed: str, key: str, status: str, path: Path | None) -> None:
        """Remember ``key`` of ``feed`` with what became of it."""
        self.feeds.setdefault(feed, {})[key] = {"status": status, "when": now(),
                                                "file": path.name if path else ""}
        self.changed = True

    def save(self) -> None:
        """Write the state if it changed (temporary file, then rename)."""
        if not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(self.path, json.dumps({"version": 1, "feeds": self.feeds},
                                               ensure_ascii=False, indent=1) + "\n")
        self.changed = False


@dataclass
class FetchRun:
    """What a run of the feeds did: bulletins added, items without figures, errors."""

    added: list[Added] = field(default_factory=list)
    no_figures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def fetch_feeds(urls: tuple[str, ...], words: tuple[str, ...], *,
                base: str | os.PathLike[str] | None = None, limits: Limits | None = None,
                keep: bool = False, tell: Callable[[str, Added], None] | None = None
                ) -> FetchRun:
    """Read each feed and add its new matching items; a failing feed does not stop the others.

    ``tell`` is called with the item's address and the outcome of each item added
    (stored, or already stored).
    """
    run, seen = FetchRun(), Seen(data_dir(base) / STATE_NAME)
    for url in urls:
        try:
            items = read_feed(url, limits=limits)
        except IntakeError as exc:
            run.errors.append(str(exc))
            continue
        for item in items:
            if seen.has(url, item.key) or not matches(item, words):
                continue
            try:
                added = add_source(item.link, data_dir=base, keep=keep, limits=limits,
                                   verb="fetch")
            except IntakeError as exc:
                run.errors.append(str(exc))
                continue
            seen.mark(url, item.key, added.status, added.path)
            if added.status == "no figures":
                run.no_figures.append(item.link)
            elif added.status == "stored":
                run.added.append(added)
            if tell is not None and added.status != "no figures":
                tell(item.link, added)
        seen.save()
    return run
