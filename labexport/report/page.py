"""What the report notebooks call: validate parameters, load data, show numbered figures and tables.

A notebook starts with :meth:`Report.start`, which checks every parameter
through :mod:`labexport.report.params` (stopping the notebook with a one-line message
if one is wrong), loads the dataset and shows the title. Everything shown goes
through this module as HTML built here, with every piece of text from the
data escaped, so a bulletin's text can never run as markup or script, and every
figure carries a real ``alt`` text and a numbered caption.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import io
import json
from dataclasses import dataclass, field
from urllib.parse import urlparse

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from labexport import __version__
from labexport.analysis.summary import summarize_period
from labexport.analysis.summary_types import MarketShare, PeriodSummary
from labexport.core.errors import LabexportError, ParameterError
from labexport.core.markets import is_country
from labexport.core.months import month_index
from labexport.core.provinces import NATIONAL
from labexport.data.dataset import ensure_built, load_facts
from labexport.data.prefer import preferred
from labexport.report.chart_data import details_html, plotted
from labexport.report.params import check_period_has_data, parse_period, validate_parameters
from labexport.report.phrases import summary_record
from labexport.report.plot_style import LAYOUT_ATTR, set_style
from labexport.report.sidecar import FIGURES_MIME
from labexport.report.wording import (
    format_number,
    format_pct,
    format_period,
    plural_text,
    text,
)

#: Figures are embedded as PNG at this resolution (keeps a report well under 400 KB).
DPI = 90


def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def source_link(source: str) -> str:
    """Return HTML for one source: a link with the site's name for a URL, else the file name."""
    parsed = urlparse(source)
    if parsed.scheme in ("http", "https") and parsed.netloc:
        host = parsed.netloc.removeprefix("www.")
        return f'<a href="{html.escape(source, quote=True)}">{html.escape(host)}</a>'
    return f"<code>{html.escape(source)}</code>"


def source_links(sources: list[str]) -> str:
    """Links to several sources, a site named twice or more numbered ``site (2)``."""
    seen: dict[str, int] = {}
    out = []
    for source in sources:
        link = source_link(source)
        host = urlparse(source).netloc.removeprefix("www.")
        if host:
            seen[host] = seen.get(host, 0) + 1
            if seen[host] > 1:
                link = link.replace(f">{html.escape(host)}</a>",
                                    f">{html.escape(host)} ({seen[host]})</a>")
        out.append(link)
    return ", ".join(out)


@dataclass
class Report:
    """One report being built in a notebook: its parameters, data and numbering."""

    name: str
    period: str
    scope: str
    lang: str
    markets: list[str] | None
    lookback_months: int
    facts: pd.DataFrame
    summary: PeriodSummary
    figures: int = 0
    tables: int = 0
    key_figures: dict = field(default_factory=dict)

    @property
    def preferred(self) -> pd.DataFrame:
        """The preferred row of every figure (``facts`` keeps every source's row)."""
        return preferred(self.facts)

    @property
    def year(self) -> int:
        """The report's year."""
        return parse_period(self.period)[0]

    @property
    def month(self) -> int:
        """The report's month (1-12)."""
        return parse_period(self.period)[1]

    @classmethod
    def start(cls, name: str, *, period: object = "2025-07", scope: object = NATIONAL,
              lang: object = "en", markets: object = None, lookback_months: object = 24,
              data_dir: object = None, show: bool = True) -> Report:
        """Validate the parameters, load the dataset, show the title; return the report.

        Raises
        ------
        ParameterError
            A wrong parameter, or no data for it, before anything is computed.
        """
        try:
            clean = validate_parameters(name=name, period=period, scope=scope, lang=lang,
                                        markets=markets, lookback_months=lookback_months,
                                        available=None)
            if data_dir is not None and not isinstance(data_dir, str):
                raise ParameterError(f"data_dir must be a folder path or None, got {data_dir!r}")
            ensure_built(data_dir)
            facts = load_facts(data_dir)
            check_period_has_data(clean["period"], facts, scope=clean["scope"])
        except LabexportError as exc:
            raise ParameterError(str(exc)) from None
        year, month = parse_period(clean["period"])
        summary = _summary(facts, data_dir, year, month, clean["scope"])
        report = cls(name=name, facts=facts, summary=summary, **clean)
        set_style()
        if show:
            report.show_title(data_dir=data_dir)
        return report

    # -- formatting ------------------------------------------------------------------

    def n(self, value: float | None, digits: int = 0) -> str:
        """Format a count in the report's language."""
        return format_number(value, self.lang, digits=digits)

    def pct(self, value: float | None, digits: int = 1) -> str:
        """Format a percentage (given in percent) in the report's language."""
        return format_pct(value, self.lang, digits=digits)

    def t(self, key: str, **values: object) -> str:
        """A label or sentence in the report's language."""
        return text(key, self.lang, **values)

    # -- output ----------------------------------------------------------------------

    def show_title(self, *, data_dir: object = None) -> None:
        """Show the title, the scope and the one-line "parameters used" note."""
        title = self.t(f"title_{self.name}", period=format_period(self.year, self.month,
                                                                  self.lang))
        where = (self.t("scope_national") if self.scope == NATIONAL
                 else self.t("scope_province", scope=self.scope))
        params = (f"period={self.period}, scope={self.scope}, lang={self.lang}, "
                  f"markets={','.join(self.markets) if self.markets else 'top'}, "
                  f"lookback_months={self.lookback_months}, "
                  f"data_dir={_folder_name(data_dir)}")
        _display_html(
            f'<header class="lx-title"><h1>{html.escape(title)}</h1>'
            f'<p class="lx-scope">{html.escape(where)}</p>'
            f'<p class="lx-params">{html.escape(self.t("params_used", params=params))}</p>'
            "</header>")

    def heading(self, key: str) -> None:
        """Show a section heading (an :data:`labexport.report.wording.TEXTS` key)."""
        _display_html(f"<h2>{html.escape(self.t(key))}</h2>")

    def say(self, *sentences: str) -> None:
        """Show a paragraph of generated sentences (escaped)."""
        body = " ".join(s for s in sentences if s)
        if body:
            _display_html(f'<p class="lx-text">{html.escape(body)}</p>')

    def figure(self, ax: Axes | Figure, *, caption: str, alt: str) -> None:
        """Show a chart as an embedded PNG with a numbered caption and alt text; close it.

        The values the chart plots follow it as a table a reader can open
        (:mod:`labexport.report.chart_data`).
        """
        fig = ax if isinstance(ax, Figure) else ax.get_figure()
        assert isinstance(fig, Figure), "a chart is drawn on a figure of its own"
        frames = plotted(fig)
        buffer = io.BytesIO()
        laid_out = getattr(fig, LAYOUT_ATTR, None) is not None
        fig.savefig(buffer, format="png", dpi=DPI, bbox_inches=None if laid_out else "tight")
        plt.close(fig)
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        self.figures += 1
        label = self.t("figure", n=self.figures)
        _display_html(
            f'<figure class="lx-figure"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt, quote=True)}" />'
            f"<figcaption><b>{html.escape(label)}</b> {html.escape(caption)}</figcaption>"
            f"{details_html(frames, self.lang, label=label)}</figure>")

    def table(self, frame: pd.DataFrame, *, caption: str, sources: list[str] | None = None,
              align_right: tuple[str, ...] = ()) -> None:
        """Show a table (cells escaped) with a numbered caption and its source note."""
        self.tables += 1
        label = self.t("table", n=self.tables)
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
        body = []
        for row in frame.itertuples(index=False):
            cells = []
            for col, value in zip(frame.columns, row, strict=True):
                cls = ' class="lx-num"' if col in align_right else ""
                cells.append(f"<td{cls}>{_cell(value)}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        unique = sorted({s for src in (sources or []) for s in str(src).split(" | ") if s})
        note = (html.escape(self.t("source_note", links="")) + source_links(unique)
                if unique else html.escape(self.t("source_none")))
        _display_html(
            f'<figure class="lx-table"><table><caption><b>{html.escape(label)}</b> '
            f"{html.escape(caption)}</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f'<p class="lx-source">{note}</p></figure>')

    def caption(self, key: str) -> str:
        """The generated caption of figure or table ``key`` for this report's period."""
        from labexport.report.captions import caption

        return caption(key, year=self.year, month=self.month, lang=self.lang)

    def leading_markets(self, panel: pd.DataFrame, count: int = 3) -> list[str]:
        """The markets to chart when none are chosen: the period's leading ones.

        The top markets of the year to date; without market figures for the
        period, the markets with the most departures in the lookback window.
        """
        top = self.summary.top_markets or ()
        if top:
            return [m.market for m in top[:count]]
        end = month_index(self.year, self.month)
        t = month_index(panel["year"], panel["month"])
        recent = panel[(panel["scope"] == self.scope) & (panel["sex"] == "total")
                       & (t > end - self.lookback_months) & (t <= end)
                       & panel["market"].map(is_country)]
        sums = recent.groupby("market")["departures"].sum().sort_values(ascending=False)
        return list(sums.index[:count]) or ["ALL"]

    def ytd_series(self) -> pd.DataFrame:
        """Published all-markets year-to-date totals of the report's year up to its month."""
        f = self.preferred
        f = f[(f["measure"] == "departures") & (f["scope"] == self.scope)
              & (f["market"] == "ALL") & (f["sex"] == "total") & (f["year"] == self.year)
              & (f["month_from"] == 1) & (f["month_to"] <= self.month)]
        return f.rename(columns={"month_to": "month", "value": "ytd"})[["month", "ytd"]]

    def sources_of(self, *, year: int | None = None, years: list[int] | None = None,
                   month_from: int | None = None, month_to: int | list[int] | None = None,
                   sex: str | None = None, measure: str | list[str] = "departures"
                   ) -> list[str]:
        """Sources of the preferred figures matching the filters (for a table's source note)."""
        f = self.preferred[self.preferred["scope"] == self.scope]
        f = f[f["measure"].isin([measure] if isinstance(measure, str) else measure)]
        if year is not None:
            f = f[f["year"] == year]
        if years is not None:
            f = f[f["year"].isin(years)]
        if month_from is not None:
            f = f[f["month_from"] == month_from]
        if month_to is not None:
            f = f[f["month_to"].isin([month_to] if isinstance(month_to, int) else month_to)]
        if sex is not None:
            f = f[f["sex"] == sex]
        return sorted(set(f["source"]))

    def record(self, **figures: object) -> None:
        """Record key figures; :mod:`~labexport.report.run` copies them to the sidecar and index.

        A figure may be a value of the period summary (a ``MarketShare``, a
        ``Projection``, the summary itself): it is recorded in its JSON form.
        """
        from IPython.display import display

        self.key_figures.update(figures)
        display({FIGURES_MIME: json.loads(json.dumps(self.key_figures, default=_jsonable)),
                 "text/plain": ""}, raw=True)

    def finish(self) -> None:
        """Show the closing note (package version, figures used) and record the headline."""
        figures = plural_text("n_published_figures", len(self.preferred), self.lang)
        self.say(self.t("built_by", version=__version__, figures=figures))
        self.record(summary=summary_record(self.summary), figures_shown=self.figures,
                    tables_shown=self.tables)


def _jsonable(value: object) -> object:
    """The JSON form of what :func:`json.dumps` cannot write itself (records, else text)."""
    if isinstance(value, PeriodSummary):
        return summary_record(value)
    if isinstance(value, MarketShare):  # as in the summary's own JSON form
        return value.as_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


_SUMMARIES: dict[tuple[object, ...], PeriodSummary] = {}


def _summary(facts: pd.DataFrame, data_dir: str | None, year: int, month: int, scope: str
             ) -> PeriodSummary:
    """The period's summary, computed once per kernel for the same dataset file (frozen)."""
    from labexport.data.load import facts_path

    path = facts_path(data_dir)  # the file load_facts read (a report run's snapshot, say)
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, year, month, scope)
    if key not in _SUMMARIES:
        if len(_SUMMARIES) > 64:
            _SUMMARIES.clear()
        _SUMMARIES[key] = summarize_period(facts, year=year, month=month, scope=scope)
    return _SUMMARIES[key]


def _folder_name(data_dir: object) -> str:
    """The data folder as a report shows it: its name (``data``), never its absolute path."""
    from labexport.data.paths import data_dir as data_folder

    return data_folder(data_dir if isinstance(data_dir, str) else None).name


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return html.escape(str(value))
