"""The values a chart plots, kept with the chart and shown as a table a reader can open.

Each plotting function of :mod:`labexport.report.plots` builds a small frame of the
exact values it draws, formatted in the report's language, and keeps it on its figure
(:func:`attach`). :meth:`labexport.report.page.Report.figure` then shows it under the
chart as ``<details><summary>…</summary><table>…</table></details>``
(:func:`details_html`): a reader who cannot see the chart, or who wants the numbers,
opens it. The first column of a frame labels its rows (``<th scope="row">``).

Examples
--------
>>> frame = pd.DataFrame({"Market": ["Japan"], "2025": ["39,558"]})
>>> page = details_html([frame], "en", label="Figure 2.")
>>> '<th scope="row">Japan</th><td class="lx-num">39,558</td>' in page
True
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure

from labexport.core.markets import display_name
from labexport.report.wording import format_number, format_pct, format_period, format_ytd, text

#: The attribute of a figure that holds the frames of what its charts plot.
DATA_ATTR = "labexport_data"

_WORDS = {
    "summary": {"en": "Data of {label}", "vi": "Số liệu của {label}"},
    "caption": {"en": "The values {label} plots.", "vi": "Các giá trị mà {label} thể hiện."},
    "derived": {"en": "derived", "vi": "suy ra"},
}


def word(key: str, lang: str, **values: object) -> str:
    """A label of the data tables in ``lang`` (``en`` or ``vi``)."""
    return _WORDS[key]["vi" if lang == "vi" else "en"].format(**values)


def attach(ax: Axes, frame: pd.DataFrame) -> None:
    """Keep ``frame`` (strings, first column the row labels) as what ``ax`` plots."""
    fig = ax.get_figure()
    if fig is None:
        return
    while isinstance(fig, SubFigure):
        fig = fig.get_figure()
    frames = getattr(fig, DATA_ATTR, None)
    if frames is None:
        frames = []
        setattr(fig, DATA_ATTR, frames)
    frames.append(frame)


def plotted(fig: Figure) -> list[pd.DataFrame]:
    """The frames of what the charts of ``fig`` plot (empty if none was kept)."""
    return list(getattr(fig, DATA_ATTR, None) or [])


def count(value: Any, lang: str) -> str:
    """A plotted count as the table shows it: ``39,558`` / ``39.558``; ``–`` if missing."""
    return format_number(None if value is None or pd.isna(value) else float(value), lang)


def percent(value: Any, lang: str) -> str:
    """A plotted percentage (in percent) with one decimal: ``33.8%`` / ``33,8%``."""
    return format_pct(None if value is None or pd.isna(value) else float(value), lang, digits=1)


def details_html(frames: list[pd.DataFrame], lang: str, *, label: str) -> str:
    """The frames as tables in one ``<details>`` element ("" without a frame).

    Parameters
    ----------
    frames : list of pandas.DataFrame
        What :func:`plotted` returns: cells as text, the first column the row labels.
    lang : {"en", "vi"}
        Language of the summary and caption.
    label : str
        The figure's number as shown (``Figure 2.``), named by the summary and caption.

    Returns
    -------
    str
        HTML, every cell escaped; numbers right-aligned (class ``lx-num``).
    """
    if not frames:
        return ""
    name = label.rstrip(".")
    tables = []
    for frame in frames:
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
        body = []
        for row in frame.itertuples(index=False):
            first, *rest = (html.escape(str(v)) for v in row)
            body.append(f'<tr><th scope="row">{first}</th>'
                        + "".join(f'<td class="lx-num">{v}</td>' for v in rest) + "</tr>")
        tables.append(f"<table><caption>{html.escape(word('caption', lang, label=name))}"
                      f"</caption><thead><tr>{head}</tr></thead>"
                      f"<tbody>{''.join(body)}</tbody></table>")
    summary = html.escape(word("summary", lang, label=name))
    return (f'<details class="lx-data"><summary>{summary}</summary>'
            f"{''.join(tables)}</details>")


# -- the frames of each chart (what :mod:`labexport.report.plots` draws) ------------------


def monthly_frame(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Month by market: each drawn point, a derived one marked; ``–`` for a gap."""
    months = frame[["year", "month"]].drop_duplicates().sort_values(["year", "month"])
    keys = list(zip(months["year"].astype(int), months["month"].astype(int), strict=True))
    out = {text("month", lang): [format_period(y, m, lang) for y, m in keys]}
    for market, group in frame.groupby("market", sort=False):
        points = {(y, m): (v, how) for y, m, v, how in zip(
            group["year"].astype(int), group["month"].astype(int), group["departures"],
            group["method"], strict=True)}
        cells = []
        for key in keys:
            value, method = points.get(key, (None, "missing"))
            shown = count(value, lang)
            if method == "derived" and shown != "–":
                shown += f" ({word('derived', lang)})"
            cells.append(shown)
        out[display_name(str(market), lang=lang)] = cells
    return pd.DataFrame(out)


def ranking_frame(rows: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Market, the year to date and the same months a year before."""
    return pd.DataFrame({
        text("market", lang): [display_name(m, lang=lang) for m in rows["market"]],
        str(year): [count(v, lang) for v in rows["ytd"]],
        str(year - 1): [count(v, lang) for v in rows["ytd_last"]]})


def concentration_frame(conc: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Year, HHI and the top-3 share; whether the year is comparable, if the chart says."""
    frame = pd.DataFrame({
        text("year", lang): [str(int(y)) for y in conc["year"]],
        text("hhi", lang): [count(v, lang) for v in conc["hhi"]],
        text("top3_share", lang): [percent(v * 100, lang) for v in conc["top3_share"]]})
    if "comparable" in conc and not conc["comparable"].astype(bool).all():
        frame[text("col_basis", lang)] = [
            text("conc_comparable" if ok else "conc_not_comparable", lang)
            for ok in conc["comparable"].astype(bool)]
    return frame


def female_share_frame(points: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Period, kind (single month, year to date, whole year) and the female share."""
    rows = points.sort_values(["date", "span"])
    periods = []
    for year, month, span in zip(rows["year"].astype(int), rows["month_to"].astype(int),
                                 rows["span"], strict=True):
        periods.append(format_period(year, month, lang) if span == "month"
                       else format_ytd(year, month, lang) if span == "ytd" else str(year))
    return pd.DataFrame({
        text("col_period", lang): periods,
        text("col_item", lang): [text(f"female_share_{s}", lang) for s in rows["span"]],
        text("female_share", lang): [percent(v * 100, lang) for v in rows["share"]]})


def female_market_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Market, female share, women and all workers."""
    return pd.DataFrame({
        text("market", lang): [display_name(m, lang=lang) for m in rows["market"]],
        text("female_share", lang): [percent(v * 100, lang) for v in rows["share"]],
        text("col_female", lang): [count(v, lang) for v in rows["female"]],
        text("col_total", lang): [count(v, lang) for v in rows["total"]]})


def attainment_frame(points: pd.DataFrame, *, target: float | None, projection: dict | None,
                     year: int, lang: str) -> pd.DataFrame:
    """Each month's year to date, then the plan and the projection if drawn."""
    labels = [format_period(year, int(m), lang) for m in points["month"]]
    values = [count(v, lang) for v in points["ytd"]]
    if target:
        labels.append(f"{text('plan', lang)} {year}")
        values.append(count(target, lang))
    if projection:
        labels.append(f"{text('projection', lang)}, {format_period(year, 12, lang)}")
        values.append(f"{count(projection['mid'], lang)} ({count(projection['low'], lang)} – "
                      f"{count(projection['high'], lang)})")
    return pd.DataFrame({text("col_period", lang): labels, text("ytd", lang): values})


def history_frame(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Year, its total and its plan as drawn: single, range, or original and adjusted."""
    rows = history[history["actual"].notna() | history["plan"].notna()].sort_values("year")
    kind = rows["kind"]
    columns = {
        text("year", lang): [str(int(y)) for y in rows["year"]],
        text("actual", lang): [count(v, lang) for v in rows["actual"]],
        text("plan", lang): [count(v, lang) if k == "single" else "–"
                             for v, k in zip(rows["plan"], kind, strict=True)],
        text("plan_range", lang): [f"{count(lo, lang)} – {count(hi, lang)}" if k == "range"
                                   else "–" for lo, hi, k in zip(rows["low"], rows["high"],
                                                                 kind, strict=True)],
        text("plan_original", lang): [count(v, lang) if k == "adjusted" else "–"
                                      for v, k in zip(rows["original"], kind, strict=True)],
        text("plan_adjusted", lang): [count(v, lang) if k == "adjusted" else "–"
                                      for v, k in zip(rows["adjusted"], kind, strict=True)]}
    first = next(iter(columns))
    return pd.DataFrame({k: v for k, v in columns.items()
                         if k == first or any(c != "–" for c in v)})
