"""The reports folder's ``index.html``: one table row per period, one column per report.

The page is made from the sidecars alone (no notebook is opened). Periods are
listed newest first, grouped by year; reports are in registry order, each cell
holding a link per variant built (language, briefing mode, scope), the report's
key figures, and a FAILED mark (a sign and the word, not colour alone) with the
error when its build failed.

A sidecar records its report's variant in ``parameters.lang``,
``parameters.scope`` and ``briefing``; the national English report is published
as ``<period>/<name>.html`` beside its ``<name>.json``, the other variants one
folder below (``<period>/vi-briefing/<name>.json``,
:mod:`labexport.report.variants`). Older layouts are found too: wherever a
period's sidecar is, in the period's folder, one folder below it, or in a
language's own reports folder (``vi/<period>/<name>.json``).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from labexport.core.files import write_text_atomically
from labexport.core.provinces import NATIONAL
from labexport.report.export import templates_dir
from labexport.report.publish import TMP_PREFIX
from labexport.report.registry import SPECS, ReportSpec, spec
from labexport.report.sidecar import read_sidecar
from labexport.report.wording import LANGS, TEXTS, format_period

if TYPE_CHECKING:  # pragma: no cover - jinja2 is imported when the page is written
    from jinja2 import Template

_PERIOD = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
#: Each report language's name, in itself (the link text of its version).
LANG_NAMES = {"en": "English", "vi": "Tiếng Việt"}


@dataclass(frozen=True)
class Version:
    """One variant's build of one report of one period, as its sidecar tells it."""

    lang: str
    href: str
    title: str
    failed: bool
    error: str
    briefing: bool
    scope: str = NATIONAL

    @property
    def lang_name(self) -> str:
        """The language's name in itself (``Tiếng Việt``), or its code if unknown."""
        return LANG_NAMES.get(self.lang, self.lang)

    @property
    def notes(self) -> list[str]:
        """What sets the variant apart besides its language: its province, briefing mode."""
        return ([self.scope] if self.scope != NATIONAL else []) + (
            ["briefing"] if self.briefing else [])

    @property
    def key(self) -> tuple[bool, str, tuple[int, str], bool]:
        """Its place among a report's versions: national first, then by language, briefing."""
        return (self.scope != NATIONAL, self.scope, _lang_order(self.lang), self.briefing)


@dataclass
class Cell:
    """One report of one period: its versions (national first, by language) and key figures."""

    report: ReportSpec
    versions: list[Version] = field(default_factory=list)
    #: Its key figures, (label, value), worded in :attr:`figures_lang`.
    figures: list[tuple[str, str]] = field(default_factory=list)
    #: The language the figures are worded in (the first national version that has them).
    figures_lang: str = "en"

    @property
    def failed(self) -> bool:
        """True if any version failed."""
        return any(v.failed for v in self.versions)


@dataclass
class Row:
    """One period: a cell per report of the registry (empty if not built)."""

    period: str
    label: str
    cells: list[Cell]

    @property
    def failed(self) -> int:
        """How many of its reports failed (in any language)."""
        return sum(c.failed for c in self.cells)


@dataclass
class YearGroup:
    """The rows of one year, newest first."""

    year: str
    rows: list[Row]


def _figure(key: str, value: Any, lang: str) -> tuple[str, str]:
    """One key figure as the index shows it: its label and its value, worded in ``lang``.

    ``value`` is as the sidecar's JSON holds it.

    >>> _figure("top_markets", [{"market": "JP", "ytd": 39558.0}], "vi")
    ('Thị trường dẫn đầu', 'Nhật Bản 39.558')
    """
    from labexport.core.markets import display_name
    from labexport.report.wording import format_number, format_pct, text

    label = text(f"figure_{key}", lang)
    if value is None or value == []:
        return label, "–"
    if key == "top_markets":
        first = value[0]
        market = display_name(first["market"], lang=lang)
        return label, f"{market} {format_number(first['ytd'], lang)}"
    if "pct" in key or key.startswith("female_share"):
        return label, format_pct(float(value), lang, digits=1)
    return label, format_number(float(value), lang)


def _figures(report: ReportSpec, sidecar: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The report's index figures that its sidecar recorded, in registry order."""
    figs = sidecar.get("key_figures")
    if not isinstance(figs, dict):
        return []
    shown = []
    for key in report.index_figures:
        if key in figs:
            try:
                shown.append(_figure(key, figs[key], lang))
            except (KeyError, IndexError, TypeError, ValueError):
                shown.append((key, "?"))  # a hand-edited or foreign sidecar: say so, go on
    return shown


def _short(error: object, limit: int = 160) -> str:
    """An error message on one line, cut at ``limit`` characters (the report page has it all)."""
    line = " ".join(str(error or "").split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def _href(out_dir: Path, html: Path) -> str:
    """The link from ``index.html`` to ``html``, every path segment percent-encoded."""
    return "/".join(quote(part) for part in html.relative_to(out_dir).parts)


def _lang_order(lang: str) -> tuple[int, str]:
    return (LANGS.index(lang) if lang in LANGS else len(LANGS), lang)


def _sidecar_dirs(out_dir: Path, period: str) -> Iterator[Path]:
    """Where a period's sidecars may be, the period's own folder first."""
    own = out_dir / period
    if own.is_dir():
        yield own
        yield from sorted(p for p in own.iterdir() if p.is_dir() and not p.name.startswith("."))
    for lang in LANGS:
        if (out_dir / lang / period).is_dir():
            yield out_dir / lang / period


_Found = dict[str, dict[tuple[str, bool, str], tuple[Version, dict[str, Any]]]]


def _version(out_dir: Path, path: Path, sidecar: dict[str, Any]) -> Version:
    """The version a report's sidecar describes (its variant from its parameters)."""
    params = sidecar.get("parameters")
    params = params if isinstance(params, dict) else {}
    scope = params.get("scope")
    return Version(
        lang=str(params.get("lang", "en")), href=_href(out_dir, path.with_suffix(".html")),
        title=str(sidecar.get("title") or path.stem),
        failed=sidecar.get("status") != "built", error=_short(sidecar.get("error")),
        briefing=bool(sidecar.get("briefing")),
        scope=scope if isinstance(scope, str) and scope else NATIONAL)


def _versions(out_dir: Path, period: str) -> _Found:
    """Every report version of ``period``: name -> (lang, briefing, scope) -> (version, sidecar)."""
    found: _Found = {}
    names = {s.name for s in SPECS}
    for folder in _sidecar_dirs(out_dir, period):
        for path in sorted(folder.glob("*.json")):
            sidecar = read_sidecar(path)
            if not isinstance(sidecar, dict):
                continue
            name = str(sidecar.get("report", path.stem))
            if name not in names or path.stem != name:
                continue  # not a report's sidecar
            version = _version(out_dir, path, sidecar)
            variant = (version.lang, version.briefing, version.scope)
            if variant not in found.get(name, {}):  # else that variant was found nearer
                found.setdefault(name, {})[variant] = (version, sidecar)
    return found


def _cell(report: ReportSpec, versions: dict[tuple[str, bool, str],
                                             tuple[Version, dict[str, Any]]]) -> Cell:
    cell = Cell(report)
    for version, sidecar in sorted(versions.values(), key=lambda found: found[0].key):
        cell.versions.append(version)
        if not cell.figures and version.scope == NATIONAL:
            lang = version.lang
            cell.figures = _figures(report, sidecar, lang if lang in LANGS else "en")
            cell.figures_lang = lang
    return cell


def periods(out_dir: Path) -> list[str]:
    """The periods with a folder in ``out_dir`` (or a language's folder), newest first.

    Parameters
    ----------
    out_dir : Path
        The reports folder.

    Returns
    -------
    list of str
        ``YYYY-MM`` names; other folders (``review``, a run's ``.labexport-tmp-*``) are
        left out.
    """
    found: set[str] = set()
    for base in (out_dir, *(out_dir / lang for lang in LANGS)):
        if base.is_dir():
            found.update(p.name for p in base.iterdir()
                         if p.is_dir() and _PERIOD.fullmatch(p.name))
    return sorted(found, reverse=True)


def rows(out_dir: Path) -> list[YearGroup]:
    """The index's rows: a row per period that has a report, grouped by year, newest first.

    Parameters
    ----------
    out_dir : Path
        The reports folder.

    Returns
    -------
    list of YearGroup
        Newest year first; in each, its periods newest first, a cell per report of
        :data:`~labexport.report.registry.SPECS` (an empty cell if it was not built).
    """
    groups: list[YearGroup] = []
    for period in periods(out_dir):
        versions = _versions(out_dir, period)
        if not versions:
            continue
        year, month = period.split("-")
        row = Row(period, format_period(int(year), int(month), "en"),
                  [_cell(report, versions.get(report.name, {})) for report in SPECS])
        if not groups or groups[-1].year != year:
            groups.append(YearGroup(year, []))
        groups[-1].rows.append(row)
    return groups


def report_heading(name: str, lang: str = "en") -> str:
    """A report's name as a column heading: its title without the period (``Market trends``).

    >>> report_heading("gender_share")
    'Women among departing workers'
    """
    title = TEXTS[spec(name).title_key][lang]
    return title.replace("{period}", "").strip(" ,:–-")


@functools.cache
def _template() -> Template:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(templates_dir() / "labexport"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    return env.get_template("reports_index.html.j2")


def render_index(out_dir: Path, *, unread: Sequence[str] = ()) -> str:
    """The page ``index.html`` of ``out_dir``, as text.

    Parameters
    ----------
    out_dir : Path
        The reports folder.
    unread : sequence of str
        Input files the last build could not read (as a page names them, not by
        absolute path): the page names them in a one-line notice.

    Returns
    -------
    str
        A self-contained page (stylesheet inlined, no script): every value taken from a
        sidecar is HTML-escaped by the template's autoescape.
    """
    groups = rows(out_dir)
    all_rows = [row for group in groups for row in group.rows]
    css = "\n".join((templates_dir() / "labexport" / name).read_text(encoding="utf-8")
                    for name in ("report.css", "index.css"))
    return _template().render(
        css=css, groups=groups, reports=[(s.name, report_heading(s.name)) for s in SPECS],
        n_periods=len(all_rows),
        failed=[(row.period, row.label, report_heading(cell.report.name))
                for row in all_rows for cell in row.cells if cell.failed],
        langs=sorted({v.lang for row in all_rows for c in row.cells for v in c.versions},
                     key=_lang_order),
        lang_names=LANG_NAMES, unread=list(unread))


def write_index(out_dir: Path, *, unread: Sequence[str] = ()) -> Path:
    """Write ``index.html``: every period and report built, newest first, with key figures.

    The page is rewritten (atomically) only when its content changes.

    Parameters
    ----------
    out_dir : Path
        The reports folder.
    unread : sequence of str
        Input files the last build could not read (see :func:`render_index`).

    Returns
    -------
    Path
        ``out_dir / "index.html"``.
    """
    page = render_index(out_dir, unread=unread)
    path = out_dir / "index.html"
    if path.exists() and path.read_text(encoding="utf-8") == page:
        return path
    write_text_atomically(path, page, prefix=f"{TMP_PREFIX}{os.getpid()}-index-")
    return path
