"""What changed since the previous report: new figures, revised figures, headline changes.

Each built report keeps beside its sidecar the list of figures it could use
(``<name>.figures.jsonl``, one JSON object a line: the preferred figure of every
period of its scope in the report's year and the year before, up to its month).
The next report of the same name and variant in the same reports folder compares
its own list with the previous one:

* the *previous report* is the same period's earlier build if there is one (a
  rebuild after a bulletin was added or corrected), else the latest earlier
  period's report;
* a figure is *new* when the previous list had no figure of that key;
* a figure is *revised* when the previous list had another value for it (old →
  new, with both sources);
* the *headline* changes compare the key figures the two reports recorded.

The result is a section of the report (a cell whose output is shown, not its
input) and the ``changes`` record of its sidecar.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labexport.core.files import write_text_atomically
from labexport.core.markets import display_name
from labexport.report.wording import format_number, format_period

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: The fields that identify a figure in a figures list.
FIGURE_KEY = ("year", "month_from", "month_to", "measure", "market", "sex")
#: Headline key figures worth comparing, in the order they are listed.
HEADLINE = ("ytd_total", "month_total", "ytd_female", "female_share_ytd", "target",
            "attainment_pct", "attainment_pct_stated")
_LABELS = {
    "en": {"ytd_total": "year to date", "month_total": "the month", "ytd_female":
           "women, year to date", "female_share_ytd": "women's share (%)", "target": "plan",
           "attainment_pct": "attainment (%)", "attainment_pct_stated": "stated attainment (%)"},
    "vi": {"ytd_total": "lũy kế từ đầu năm", "month_total": "trong tháng", "ytd_female":
           "lao động nữ, lũy kế", "female_share_ytd": "tỷ lệ nữ (%)", "target": "kế hoạch",
           "attainment_pct": "mức hoàn thành (%)",
           "attainment_pct_stated": "mức hoàn thành công bố (%)"},
}
_WORDS = {
    "en": {"heading": "What changed since the previous report",
           "first": "This is the first report of its kind in this folder, so there is "
                    "nothing to compare it with.",
           "nothing": "Nothing changed since the previous report ({previous}).",
           "since": "Compared with the previous report ({previous}):",
           "new": "New figures ({n}):", "revised": "Revised figures ({n}):",
           "headline": "Headline figures:", "more": "… and {n} more."},
    "vi": {"heading": "Những gì thay đổi so với báo cáo trước",
           "first": "Đây là báo cáo đầu tiên thuộc loại này trong thư mục, nên chưa có gì "
                    "để so sánh.",
           "nothing": "Không có gì thay đổi so với báo cáo trước ({previous}).",
           "since": "So với báo cáo trước ({previous}):",
           "new": "Số liệu mới ({n}):", "revised": "Số liệu được điều chỉnh ({n}):",
           "headline": "Số liệu chính:", "more": "… và {n} số liệu khác."},
}
_MEASURES = {
    "en": {"departures": "departures", "target": "plan", "attainment_pct": "attainment (%)",
           "stock": "workers abroad", "demand": "demand", "quota": "quota"},
    "vi": {"departures": "lao động xuất cảnh", "target": "kế hoạch",
           "attainment_pct": "tỷ lệ hoàn thành (%)", "stock": "lao động đang ở nước ngoài",
           "demand": "nhu cầu", "quota": "chỉ tiêu"},
}
#: The tag of the section's cell: the page shows its output, never its input.
CHANGES_TAG = "labexport-changes"
#: Figures listed by name in the section; the sidecar keeps them all.
SHOWN = 12


def figure_list(facts: pd.DataFrame, *, scope: str, year: int, month: int
                ) -> list[dict[str, Any]]:
    """The preferred figures a report of ``scope`` for ``year``-``month`` can use.

    Parameters
    ----------
    facts : pandas.DataFrame
        The built dataset (every source's row, with ``preferred``).
    scope : str
        ``"national"`` or a province.
    year, month : int
        The report's period; figures of ``year - 1`` and of ``year`` up to ``month``.

    Returns
    -------
    list of dict
        One dict per figure: the :data:`FIGURE_KEY` fields, ``value``,
        ``qualifier`` and ``source``, sorted by key.
    """
    rows = facts[facts["preferred"] & (facts["scope"] == scope)
                 & (facts["year"] >= year - 1)
                 & ((facts["year"] < year) | (facts["month_to"] <= month))]
    columns = [*FIGURE_KEY, "value", "qualifier", "source"]
    out = [dict(zip(columns, values, strict=True))
           for values in rows[columns].itertuples(index=False, name=None)]
    for figure in out:
        for k in ("year", "month_from", "month_to"):
            figure[k] = int(figure[k])
        figure["value"] = float(figure["value"])
    return sorted(out, key=_key)


def _key(figure: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(figure[k] for k in FIGURE_KEY)


def compare(previous: list[dict[str, Any]], current: list[dict[str, Any]],
            previous_headline: dict[str, Any], current_headline: dict[str, Any]
            ) -> dict[str, Any]:
    """Compare two figure lists and two sets of key figures.

    Returns
    -------
    dict
        ``new`` (figures), ``revised`` (``{"figure", "old", "new", "old_source",
        "new_source"}``) and ``headline`` (``{"key", "old", "new"}`` for each
        key figure of :data:`HEADLINE` that differs).
    """
    before = {_key(f): f for f in previous}
    new, revised = [], []
    for figure in current:
        old = before.get(_key(figure))
        if old is None:
            new.append(figure)
        elif float(old["value"]) != float(figure["value"]):
            revised.append({"figure": {k: figure[k] for k in FIGURE_KEY},
                            "old": old["value"], "new": figure["value"],
                            "old_source": old["source"], "new_source": figure["source"]})
    headline = [{"key": k, "old": previous_headline.get(k), "new": current_headline.get(k)}
                for k in HEADLINE
                if previous_headline.get(k) != current_headline.get(k)
                and (k in previous_headline or k in current_headline)]
    return {"new": new, "revised": revised, "headline": headline}


def describe_figure(figure: dict[str, Any], lang: str) -> str:
    """One figure's name, e.g. ``departures, Japan, women, Jan–Jul 2025``."""
    year, first, last = int(figure["year"]), int(figure["month_from"]), int(figure["month_to"])
    period = format_period(year, last, lang)
    if first != last:
        period = (f"{first:02d}–{last:02d}/{year}" if lang == "vi"
                  else f"{format_period(year, first, lang).split()[0]}–{period}")
    parts = [_MEASURES[lang].get(str(figure["measure"]), str(figure["measure"]))]
    if figure["market"] != "ALL":
        parts.append(display_name(str(figure["market"]), lang=lang))
    if figure["sex"] == "female":
        parts.append("nữ" if lang == "vi" else "women")
    return ", ".join(parts) + f", {period}"


def changes_html(changes: dict[str, Any] | None, previous: str | None, lang: str) -> str:
    """The report section, as HTML, for :func:`compare`'s result (``None``: no previous)."""
    words = _WORDS[lang]
    parts = [f"<h2>{escape(words['heading'])}</h2>"]
    if changes is None or previous is None:
        return "".join([*parts, _p(words["first"])])
    if not (changes["new"] or changes["revised"] or changes["headline"]):
        return "".join([*parts, _p(words["nothing"].format(previous=previous))])
    parts.append(_p(words["since"].format(previous=previous)))
    if changes["new"]:
        parts.append(_p(words["new"].format(n=len(changes["new"]))))
        parts.append(_ul([f"{describe_figure(f, lang)}: {_shown(f['value'], lang)}"
                          for f in changes["new"][:SHOWN]], len(changes["new"]), words))
    if changes["revised"]:
        parts.append(_p(words["revised"].format(n=len(changes["revised"]))))
        parts.append(_ul([f"{describe_figure(r['figure'], lang)}: {_shown(r['old'], lang)} "
                          f"→ {_shown(r['new'], lang)} ({r['old_source']} → {r['new_source']})"
                          for r in changes["revised"][:SHOWN]], len(changes["revised"]), words))
    if changes["headline"]:
        parts.append(_p(words["headline"]))
        parts.append(_ul([f"{_LABELS[lang][h['key']]}: {_shown(h['old'], lang)} → "
                          f"{_shown(h['new'], lang)}" for h in changes["headline"]],
                         len(changes["headline"]), words))
    return "".join(parts)


def _p(sentence: str) -> str:
    return f'<p class="lx-text">{escape(sentence)}</p>'


def _ul(items: list[str], count: int, words: dict[str, str]) -> str:
    """A list of ``items`` (escaped), with a last item saying how many more there are."""
    if count > len(items):
        items = [*items, words["more"].format(n=count - len(items))]
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = next(d for d in (0, 1, 2, 3) if d == 3 or round(float(value), d) == value)
        return format_number(value, lang, digits=digits)
    return "–" if value is None else str(value)


def figures_path(folder: Path, name: str) -> Path:
    """Where report ``name`` in ``folder`` keeps its figures list."""
    return folder / f"{name}.figures.jsonl"


def read_figures(path: Path) -> list[dict[str, Any]] | None:
    """A figures list written by :func:`write_figures`, or ``None`` if absent or damaged."""
    try:
        data = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    except (OSError, ValueError):
        return None
    return data if all(isinstance(f, dict) for f in data) else None


def write_figures(path: Path, figures: list[dict[str, Any]]) -> None:
    """Write a figures list (JSON Lines), via a temporary file and a rename."""
    write_text_atomically(path, "".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                                        + "\n" for f in figures))


def previous_report(out_dir: Path, variant: str, period: str, name: str
                    ) -> tuple[str, Path] | None:
    """The report ``name`` (of ``variant``) to compare a new build of ``period`` with.

    Returns
    -------
    tuple or None
        ``(period, folder)`` of the same period's published build if there is
        one, else of the latest earlier period's; ``None`` if neither exists.
    """
    from labexport.report.variants import variant_folder

    if not out_dir.is_dir():
        return None
    earlier = sorted((p.name for p in out_dir.iterdir()
                      if p.is_dir() and _is_period(p.name) and p.name <= period), reverse=True)
    for candidate in earlier:
        folder = variant_folder(out_dir / candidate, variant)
        if figures_path(folder, name).is_file():
            return candidate, folder
    return None


def _is_period(name: str) -> bool:
    return len(name) == 7 and name[4] == "-" and name[:4].isdigit() and name[5:].isdigit()


def note_changes(nb: Any, *, facts: pd.DataFrame, out_dir: Path, variant: str, work: Path,
                 name: str, period: str, scope: str, lang: str) -> dict[str, Any]:
    """Add the "What changed" section to an executed report; return its sidecar record.

    The section is a Markdown cell placed after the headline; the figures list
    of this build is written to ``work`` for the next report to compare with.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (changed in place).
    facts : pandas.DataFrame
        The dataset snapshot the report read.
    out_dir, variant : Path, str
        The reports folder and the report's variant, where the previous report is found.
    work : Path
        The folder the report is being written to.
    name, period, scope, lang : str
        The report.
    """
    import nbformat

    from labexport.report.sidecar import key_figures, read_sidecar

    year, month = int(period[:4]), int(period[5:])
    current = figure_list(facts, scope=scope, year=year, month=month)
    found = previous_report(out_dir, variant, period, name)
    record: dict[str, Any] = {"previous": None, "new": [], "revised": [], "headline": []}
    changes, shown = None, None
    if found is not None:
        before_period, folder = found
        before = read_figures(figures_path(folder, name)) or []
        sidecar = read_sidecar(folder / f"{name}.json") or {}
        changes = compare(before, current, sidecar.get("key_figures") or {}, key_figures(nb))
        shown = format_period(int(before_period[:4]), int(before_period[5:]), lang)
        record = {"previous": before_period, **changes}
    section = changes_html(changes, shown, lang)
    cell = nbformat.v4.new_code_cell("# What changed since the previous report (added by "
                                     "labexport report)", outputs=[nbformat.v4.new_output(
                                         "display_data", data={"text/html": section})])
    cell.metadata["tags"] = [CHANGES_TAG]
    nb.cells.insert(_after_headline(nb), cell)
    write_figures(figures_path(work, name), current)
    return record


def _after_headline(nb: Any) -> int:
    """The index after the cell that shows the headline (after the parameters if none)."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and 'report.heading("h_headline")' in cell.source:
            return i + 1
    tagged = [i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])]
    return tagged[0] + 2 if tagged else len(nb.cells)
