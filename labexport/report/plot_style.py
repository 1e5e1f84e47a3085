"""The charts' house style: colours, markers, margins, number formats.

Every chart of :mod:`labexport.report.plots` draws on axes from :func:`new_axes`
and takes its colours and line styles from here, so a market looks the same in
every chart.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from labexport.report.wording import format_number

#: The Okabe–Ito colours, told apart with every common colour-vision deficiency (their
#: yellow, too light on white, left out). Charts never rely on colour alone: lines also
#: differ in marker and dash, bars are labelled directly or hatched.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7"}
GREY = "#666666"  # 5.7:1 on white: plan paces and notes stay readable
#: One colour per market across every chart; others cycle through the rest.
MARKET_COLOURS = {
    "ALL": OKABE_ITO["black"], "JP": OKABE_ITO["vermillion"], "TW": OKABE_ITO["blue"],
    "KR": OKABE_ITO["green"], "CN": OKABE_ITO["orange"], "RO": OKABE_ITO["purple"],
    "HU": OKABE_ITO["sky"], "DE": GREY, "OTHER": "#999999",
}
_EXTRA = [c for name, c in OKABE_ITO.items() if name != "black"]
#: Marker and dash of a market's line, in the order the markets are drawn.
LINE_STYLES = (("o", "-"), ("s", "--"), ("^", "-."), ("D", ":"), ("v", "-"), ("P", "--"),
               ("X", "-."))
FIGSIZE = (8.0, 3.6)
#: Set (to the layout's name) on a figure whose margins are fixed here, so that
#: :meth:`labexport.report.page.Report.figure` saves it without a tight bounding box.
LAYOUT_ATTR = "labexport_layout"


def market_colour(code: str) -> str:
    """Return the house colour of a market."""
    if code in MARKET_COLOURS:
        return MARKET_COLOURS[code]
    return _EXTRA[sum(map(ord, code)) % len(_EXTRA)]


def market_style(i: int) -> tuple[str, str]:
    """Return the marker and dash of the ``i``-th market of a line chart."""
    return LINE_STYLES[i % len(LINE_STYLES)]


def set_style() -> None:
    """Apply the house style (seaborn ``whitegrid``, DejaVu Sans for Vietnamese)."""
    sns.set_theme(style="whitegrid", context="notebook", font="DejaVu Sans",
                  rc={"figure.dpi": 90, "savefig.dpi": 90, "axes.titlesize": 11,
                      "axes.labelsize": 10, "legend.fontsize": 8.5, "axes.titleweight": "bold"})


#: Margins (left, right, bottom, top as fractions of the figure) for each kind of chart.
#: Fixed margins save a second rendering pass per figure (``bbox_inches="tight"``).
MARGINS = {
    "lines": (0.12, 0.97, 0.15, 0.96),
    "legend_right": (0.12, 0.73, 0.17, 0.96),
    "legend_below": (0.12, 0.97, 0.27, 0.96),
    "bars": (0.28, 0.95, 0.15, 0.96),
}


def new_axes(ax: Axes | None, layout: str = "lines") -> Axes:
    """``ax``, or new axes in the house style with the margins of ``layout``."""
    if ax is None:
        set_style()
        fig, ax = plt.subplots(figsize=FIGSIZE)
        left, right, bottom, top = MARGINS[layout]
        fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)
        setattr(fig, LAYOUT_ATTR, layout)  # laid out here: no tight bounding box needed
    return ax


def thousands(lang: str) -> FuncFormatter:
    """An axis formatter of counts in the language's grouping."""
    return FuncFormatter(lambda v, _pos: format_number(v, lang))


def month_dates(frame: pd.DataFrame) -> pd.Series:
    """The first day of each row's ``year`` and ``month``."""
    return pd.to_datetime(dict(year=frame["year"], month=frame["month"], day=1))
