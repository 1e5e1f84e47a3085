"""Charts in one house style, seaborn-fashion: ``plot_x(df, *, ax=None) -> Axes``.

Functions take tidy frames from :mod:`labexport.analysis.panel` and
:mod:`labexport.analysis.indicators`, draw on ``ax`` (a new figure if ``None``) and
return it; they never show or save. Labels follow ``lang`` (``en``/``vi``).
"""

from __future__ import annotations

import math
from typing import cast

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from labexport.core.markets import display_name
from labexport.report import chart_data
from labexport.report.plot_style import (
    GREY,
    OKABE_ITO,
    market_colour,
    market_style,
    month_dates,
    new_axes,
    thousands,
)
from labexport.report.tables_text import basis_reason
from labexport.report.wording import format_number, month_abbr, text


def plot_monthly_by_market(panel: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None
                           ) -> Axes:
    """Monthly departures per market: reported months filled, derived hollow, gaps left open.

    Parameters
    ----------
    panel : pandas.DataFrame
        Rows of :func:`labexport.analysis.panel.monthly_panel` for one scope and sex
        (``year, month, market, departures, method``), already cut to the window.
    lang : {"en", "vi"}
        Language of the labels and number formats.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure in the house style if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, "legend_right")
    frame = panel.assign(date=month_dates(panel)).sort_values("date")
    handles: list[Line2D] = []
    for i, (key, group) in enumerate(frame.groupby("market", sort=False)):
        market = cast(str, key)  # a market code
        colour, (marker, dash) = market_colour(market), market_style(i)
        ax.plot(group["date"], group["departures"], color=colour, lw=1.6, ls=dash)
        for method, face in (("reported", colour), ("derived", "white")):
            pts = group[group["method"] == method]
            ax.scatter(pts["date"], pts["departures"], s=24, zorder=3, facecolor=face,
                       edgecolor=colour, linewidth=1.2, marker=marker)
        handles.append(Line2D([], [], color=colour, ls=dash, marker=marker, lw=1.6,
                              label=display_name(market, lang=lang)))
    chart_data.attach(ax, chart_data.monthly_frame(frame, lang))
    ax.set_ylabel(text("departures_month", lang))
    ax.set_xlabel("")
    ax.yaxis.set_major_formatter(thousands(lang))
    span_months = frame["date"].dt.to_period("M").nunique()
    ticks = (1, 7) if span_months <= 36 else (1,)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=ticks))
    ax.xaxis.set_minor_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(FuncFormatter(
        lambda v, _pos: f"{month_abbr(mdates.num2date(v).month, lang)}\n{mdates.num2date(v).year}"))
    ax.tick_params(axis="x", which="minor", length=2)
    ax.set_ylim(bottom=0)
    handles += [
        Line2D([], [], ls="", marker="o", color=GREY, label=text("reported", lang)),
        Line2D([], [], ls="", marker="o", mfc="white", color=GREY,
               label=text("derived", lang)),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax


def plot_ytd_ranking(table: pd.DataFrame, *, year: int, lang: str = "en", ax: Axes | None = None
                     ) -> Axes:
    """Year-to-date departures per market against the same months a year before.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`labexport.analysis.indicators.yoy_change` output (``market, ytd, ytd_last``),
        without the ``ALL`` row, largest first.
    year : int
        The current year (for the legend).
    lang : {"en", "vi"}
        Language of the labels and number formats.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure in the house style if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, "bars")
    rows = table.reset_index(drop=True)
    names = [display_name(m, lang=lang) for m in rows["market"]]
    y = range(len(rows))
    ax.barh([i - 0.2 for i in y], rows["ytd"], height=0.4, color=OKABE_ITO["blue"],
            label=str(year))
    ax.barh([i + 0.2 for i in y], rows["ytd_last"].fillna(0), height=0.4, color="#d9d9d9",
            edgecolor=GREY, hatch="///", linewidth=0.6, label=str(year - 1))
    chart_data.attach(ax, chart_data.ranking_frame(rows, year, lang))
    ax.set_yticks(list(y), names)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(thousands(lang))
    ax.set_xlabel(text("departures", lang))
    status = rows["status"] if "status" in rows else pd.Series("", index=rows.index)
    for i, (now, last, code) in enumerate(zip(rows["ytd"], rows["ytd_last"], status,
                                              strict=True)):
        mark = " (C)" if code == "C" else ""
        ax.text(now, i - 0.2, " " + format_number(now, lang) + mark, va="center", fontsize=8)
        if isinstance(last, float) and math.isnan(last):
            ax.text(0, i + 0.2, " " + text("missing", lang), va="center", fontsize=7.5,
                    color=GREY)
    handles, labels = ax.get_legend_handles_labels()
    if (status == "C").any():
        handles.append(Line2D([], [], linestyle="none"))
        labels.append(text("contested_mark", lang))
    ax.legend(handles, labels, loc="lower right", frameon=False)
    return ax


def plot_concentration(conc: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None) -> Axes:
    """HHI of market concentration per year, each point labelled with its top-3 share.

    Comparable years are joined by a line; the others are hollow diamonds, labelled with why.

    Parameters
    ----------
    conc : pandas.DataFrame
        :func:`labexport.analysis.indicators.concentration` output.
    lang : {"en", "vi"}
        Language of the labels and number formats.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure in the house style if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax)
    ok = conc["comparable"].astype(bool) if "comparable" in conc else conc["hhi"].notna()
    ax.plot(conc["year"], conc["hhi"].where(ok), marker="o", color=OKABE_ITO["blue"],
            label=text("conc_comparable", lang))
    for i, (_, row) in enumerate(conc[~ok].iterrows()):
        ax.plot(row["year"], row["hhi"], linestyle="none", marker="D", markersize=7,
                markerfacecolor="white", markeredgecolor=OKABE_ITO["vermillion"],
                label=None if i else text("conc_not_comparable", lang))
        ax.annotate(basis_reason(row["why_not"], int(row["markets"]), int(row["month_to"]), lang),
                    (row["year"], row["hhi"]), textcoords="offset points", xytext=(0, -10),
                    ha="center", va="top", fontsize=7, color=GREY)
        ax.legend(loc="lower right", frameon=False, fontsize=8)
    chart_data.attach(ax, chart_data.concentration_frame(conc, lang))
    for _, row in conc.iterrows():
        ax.annotate(format_number(row["top3_share"] * 100, lang, digits=0) + "%",
                    (row["year"], row["hhi"]), textcoords="offset points", xytext=(0, 6),
                    ha="center", fontsize=7.5, color=GREY)
    ax.set_ylabel(text("hhi", lang))
    ax.set_xlabel(text("year", lang))
    ax.yaxis.set_major_formatter(thousands(lang))
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_ylim(0, 10000)
    return ax


def plot_female_share(shares: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None) -> Axes:
    """Female share of departures over time, single months and year-to-date totals apart.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`labexport.analysis.indicators.female_share` output for one market.
    lang : {"en", "vi"}
        Language of the labels and number formats.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure in the house style if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax)
    frame = shares[shares["span"].isin(["month", "ytd", "year"])].copy()
    frame["date"] = pd.to_datetime(dict(year=frame["year"], month=frame["month_to"], day=1))
    styles = {"month": ("o", OKABE_ITO["purple"]), "ytd": ("s", OKABE_ITO["blue"]),
              "year": ("D", OKABE_ITO["black"])}
    chart_data.attach(ax, chart_data.female_share_frame(frame, lang))
    for span, (marker, colour) in styles.items():
        part = frame[frame["span"] == span].sort_values("date")
        # A year-to-date series restarts every January: one line per year, never across years.
        groups = part.groupby("year") if span == "ytd" else [(None, part)]
        for i, (_year, group) in enumerate(groups):
            if group.empty:
                continue
            ax.plot(group["date"], group["share"] * 100, ls="" if span == "month" else "-",
                    marker=marker, ms=4.5, lw=1, color=colour,
                    label=text(f"female_share_{span}", lang) if i == 0 else None)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel(text("female_share", lang))
    ax.set_ylim(0, max(60.0, float(frame["share"].max() * 100 + 5) if len(frame) else 60.0))
    ax.legend(loc="lower left", frameon=False, ncols=3)
    return ax


def plot_female_share_by_market(shares: pd.DataFrame, *, lang: str = "en",
                                ax: Axes | None = None) -> Axes:
    """Female share per market for one period, as horizontal bars.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`labexport.analysis.indicators.female_share` rows of one period
        (``market, share, female, total``).
    lang : {"en", "vi"}
        Language of the labels and number formats.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure in the house style if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, "bars")
    rows = shares.sort_values("share", ascending=False).reset_index(drop=True)
    names = [display_name(m, lang=lang) for m in rows["market"]]
    colours = [market_colour(m) for m in rows["market"]]
    ax.barh(names, rows["share"] * 100, color=colours)
    chart_data.attach(ax, chart_data.female_market_frame(rows, lang))
    ax.invert_yaxis()
    for i, (_, row) in enumerate(rows.iterrows()):  # the index is 0..n-1, the bars' positions
        ax.text(row["share"] * 100, i, " " + format_number(row["share"] * 100, lang, digits=1)
                + f"% ({format_number(row['female'], lang)}/{format_number(row['total'], lang)})",
                va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(text("female_share", lang))
    return ax


def plot_attainment(ytd: pd.DataFrame, *, target: float | None, projection: dict | None = None,
                    year: int, lang: str = "en", ax: Axes | None = None) -> Axes:
    """Year-to-date departures by month against the plan and the calendar pace.

    Parameters
    ----------
    ytd : pandas.DataFrame
        ``month, ytd`` of the year (published year-to-date totals).
    target : float or None
        The plan in force.
    projection : dict, optional
        ``{"low", "mid", "high"}`` year-end projection, drawn at December.
    year : int
        The year shown.
    lang : {"en", "vi"}
        Language of the labels and number formats.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure in the house style if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, "legend_below")
    points = ytd.sort_values("month")
    ax.plot(points["month"], points["ytd"], marker="o", color=OKABE_ITO["blue"], label=str(year))
    chart_data.attach(ax, chart_data.attainment_frame(points, target=target,
                                                      projection=projection, year=year,
                                                      lang=lang))
    if target:
        ax.axhline(target, color=OKABE_ITO["vermillion"], lw=1.2, ls="--",
                   label=text("plan", lang))
        ax.plot([0, 12], [0, target], color=GREY, lw=1, ls=":",
                label=text("calendar_pace", lang))
    if projection:
        ax.errorbar([12], [projection["mid"]],
                    yerr=[[projection["mid"] - projection["low"]],
                          [projection["high"] - projection["mid"]]],
                    fmt="D", color=OKABE_ITO["purple"], capsize=4,
                    label=text("projection", lang))
    ax.set_xlim(0, 12.5)
    ax.set_xticks(range(1, 13), [month_abbr(m, lang) for m in range(1, 13)])
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(thousands(lang))
    ax.set_ylabel(text("ytd", lang))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False, fontsize=8,
              ncols=4)
    return ax


def plot_target_history(history: pd.DataFrame, *, lang: str = "en", ax: Axes | None = None
                        ) -> Axes:
    """Annual totals against their plans; ranges drawn as spans, adjusted plans beside originals.

    Parameters
    ----------
    history : pandas.DataFrame
        :func:`labexport.analysis.indicators.target_history` output.
    lang : {"en", "vi"}
        Language of the labels and number formats.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure in the house style if ``None``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = new_axes(ax, "legend_below")
    rows = history.dropna(subset=["actual"]).sort_values("year")
    ax.bar(rows["year"], rows["actual"], color="#a6d4f2", edgecolor=OKABE_ITO["blue"],
           linewidth=0.8, label=text("actual", lang))
    chart_data.attach(ax, chart_data.history_frame(history, lang))
    plans = history.dropna(subset=["plan"])
    single = plans[plans["kind"] == "single"]
    ax.scatter(single["year"], single["plan"], marker="_", s=400, lw=2.5,
               color=OKABE_ITO["vermillion"],
               zorder=3, label=text("plan", lang))
    for _, row in plans[plans["kind"] == "range"].iterrows():
        ax.vlines(row["year"], row["low"], row["high"], lw=6, color=OKABE_ITO["orange"], zorder=3,
                  label=text("plan_range", lang))
    adjusted = plans[plans["kind"] == "adjusted"]
    ax.scatter(adjusted["year"], adjusted["original"], marker="x", s=40, lw=1.5,
               color=GREY, zorder=3, label=text("plan_original", lang))
    ax.scatter(adjusted["year"], adjusted["adjusted"], marker="v", s=40,
               color=OKABE_ITO["vermillion"],
               zorder=3, label=text("plan_adjusted", lang))
    ax.yaxis.set_major_formatter(thousands(lang))
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_ylabel(text("departures", lang))
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    ax.legend(unique.values(), unique.keys(), loc="upper center", bbox_to_anchor=(0.5, -0.1),
              frameon=False, fontsize=8, ncols=3)
    return ax
