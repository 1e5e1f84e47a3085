"""The reports folder's ``index.html``: every period and report built, with key figures.

The page is made from the sidecars alone (no notebook is opened), lists the
periods newest first and the reports in registry order, and flags failed ones.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any

from labexport.report.export import templates_dir
from labexport.report.registry import SPECS, ReportSpec
from labexport.report.sidecar import read_sidecar


def _figure_text(key: str, value: Any, lang: str) -> str:
    """One key figure as the index shows it; ``value`` is as the sidecar's JSON holds it."""
    from labexport.core.markets import display_name
    from labexport.report.wording import format_number, format_pct, text

    label = text(f"figure_{key}", lang)
    if value is None:
        return f"{label}: –"
    if key == "top_markets":
        first = value[0]
        return (f"{label}: {display_name(first['market'], lang=lang)} "
                f"{format_number(first['ytd'], lang)}")
    if "pct" in key or key.startswith("female_share"):
        digits = 1
        return f"{label}: {format_pct(float(value), lang, digits=digits)}"
    return f"{label}: {format_number(float(value), lang)}"


def _item(folder: Path, report: ReportSpec) -> str | None:
    """One report's line of the index, or ``None`` if ``folder`` has no sidecar for it."""
    name = report.name
    sidecar = read_sidecar(folder / f"{name}.json")
    if sidecar is None:
        return None
    lang = sidecar.get("parameters", {}).get("lang", "en")
    figs = sidecar.get("key_figures", {})
    shown = "; ".join(_figure_text(k, figs.get(k), lang)
                      for k in report.index_figures if k in figs)
    status = sidecar.get("status", "failed")
    flag = ("" if status == "built" else
            f' <span class="lx-status-failed">FAILED: '
            f'{html.escape(sidecar.get("error", ""))}</span>')
    briefing = " (briefing)" if sidecar.get("briefing") else ""
    return (f'<li><a href="{html.escape(folder.name)}/{name}.html">'
            f"{html.escape(sidecar.get('title', name))}</a>{briefing}{flag}"
            f"<br><small>{html.escape(shown)}</small></li>")


def _page(out_dir: Path) -> str:
    rows = []
    for folder in sorted((p for p in out_dir.iterdir() if p.is_dir() and not
                          p.name.startswith(".")), reverse=True):
        items = [item for report in SPECS if (item := _item(folder, report)) is not None]
        if items:
            rows.append(f"<h2>{html.escape(folder.name)}</h2><ul class=\"lx-index\">"
                        + "".join(items) + "</ul>")
    css = (templates_dir() / "labexport" / "report.css").read_text(encoding="utf-8")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>labexport reports</title>"
            f"<style>{css}</style></head><body class=\"lx-report\"><main>"
            "<h1>labexport reports</h1>"
            "<p class=\"lx-scope\">Vietnam's overseas contract labour: monthly reports, newest "
            "first.</p>" + ("".join(rows) or "<p>No report built yet.</p>")
            + "</main></body></html>\n")


def write_index(out_dir: Path) -> Path:
    """Write ``index.html``: every period and report built, newest first, with key figures.

    The page is rewritten only when its content changes.
    """
    page = _page(out_dir)
    path = out_dir / "index.html"
    if path.exists() and path.read_text(encoding="utf-8") == page:
        return path
    fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".tmp", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(page)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path
