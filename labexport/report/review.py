"""The review page of one bulletin: its text with every number's fate, and its figures.

:func:`render_review` draws a :class:`~labexport.read.reading.Reading` as one
self-contained HTML page (inline CSS, no script, no external resource): each number
taken is highlighted with a label naming the figure it became, each number left out
is muted with the reason, and two tables list the figures and the numbers not taken.
Every piece of the bulletin is HTML-escaped. :func:`write_review` writes the page.

Examples
--------
>>> from labexport.read.reading import NumberRead, Reading
>>> page = render_review(Reading("a.txt", "In 2025, <b>", [], [NumberRead(3, 7, "2025",
...                                                                        reason="year")]))
>>> '<span class="skip"' in page and "&lt;b&gt;" in page and "<b>" not in page
True
"""

from __future__ import annotations

import os
import re
from collections import Counter
from html import escape
from pathlib import Path

from labexport.core.fact import Fact
from labexport.core.files import write_text_atomically
from labexport.read.reading import REASONS, NumberRead, Reading

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Characters kept in the page's file name; any other becomes ``_``.
_UNSAFE_NAME = re.compile(r"[^\w.-]+")
#: Characters of text shown either side of a number not taken, in its table.
_CONTEXT = 40
_SPACES = re.compile(r"\s+")

_CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1a1a1a; line-height: 1.55;
  font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; }
main { max-width: 68rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
header, .text { max-width: 46rem; }
h1 { font-size: 1.5rem; margin: 0 0 .5rem; overflow-wrap: break-word; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #bbb; }
.counts { margin: .25rem 0 1rem; font-size: 1.05rem; }
.legend { list-style: none; padding: .5rem .75rem; margin: 0; border: 1px solid #bbb;
  background: #f6f6f6; }
.legend li { margin: .25rem 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.05rem; line-height: 1.8;
  border-left: 3px solid #ddd; padding-left: 1rem; }
mark.fig { background: #ffe066; color: #1a1a1a; padding: 0 .15em; border-radius: 2px;
  font-weight: bold; outline: 1px solid #b38f00; }
.skip { color: #595959; text-decoration: line-through dotted #595959; }
.tag { font-size: .72rem; margin: 0 .2em; padding: .05em .35em; border-radius: 3px;
  vertical-align: .15em; white-space: normal; -webkit-box-decoration-break: clone;
  box-decoration-break: clone;
  font-weight: normal; font-style: normal; text-decoration: none; }
.tag.fig-tag { background: #1d3f6e; color: #fff; }
.tag.skip-tag { background: #fff; color: #4a4a4a; border: 1px dashed #767676; }
.scroll { overflow-x: auto; }
.scroll:focus { outline: 2px solid #1d3f6e; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left;
  vertical-align: top; white-space: nowrap; }
td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 16rem; }
th { background: #eef1f5; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.none { font-style: italic; color: #4a4a4a; }
.vh { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }
"""


def format_period(fact: Fact) -> str:
    """Name a figure's period: ``2025-07``, ``2025 Jan-Jul`` or ``2025`` (a whole year).

    >>> from labexport.core.fact import Fact
    >>> f = Fact("s", "", "en", "national", 2025, 1, 7, "departures", "ALL", "total",
    ...          85781.0, "exact", "")
    >>> format_period(f)
    '2025 Jan-Jul'
    """
    first, last = fact.month_from, fact.month_to
    if first == last:
        return f"{fact.year}-{first:02d}"
    if (first, last) == (1, 12):
        return str(fact.year)
    return f"{fact.year} {_month(first)}-{_month(last)}"


def _month(month: int) -> str:
    return _MONTHS[month - 1] if 1 <= month <= 12 else f"{month:02d}"


def format_value(fact: Fact) -> str:
    """Write a figure's value with thousands separators; a % of plan with ``%``.

    >>> from labexport.core.fact import Fact
    >>> format_value(Fact("s", "", "en", "national", 2025, 1, 7, "attainment_pct", "ALL",
    ...                   "total", 65.9, "exact", ""))
    '65.9%'
    """
    value = float(fact.value)
    text = f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    return text + "%" if fact.measure.endswith("_pct") else text


def format_market(code: str) -> str:
    """Name a market: ``all markets``, or its English name and code (``South Korea (KR)``)."""
    from labexport.core.markets import ALL, display_name

    if code == ALL:
        return "all markets"
    try:
        return f"{display_name(code)} ({code})"
    except KeyError:
        return code


def fact_label(fact: Fact) -> str:
    """Label a figure: measure, period, market, sex, qualifier and value.

    >>> from labexport.core.fact import Fact
    >>> fact_label(Fact("s", "", "en", "national", 2025, 1, 7, "departures", "KR", "total",
    ...                 7340.0, "exact", ""))
    'departures · 2025 Jan-Jul · South Korea (KR) · total · exact · 7,340'
    """
    parts = (fact.measure, format_period(fact), format_market(fact.market), fact.sex,
             fact.qualifier, format_value(fact))
    return " · ".join(parts)


def number_label(number: NumberRead) -> str:
    """Label a number: its figures' labels (``; ``-joined), or why it was not taken."""
    if number.taken:
        return "; ".join(fact_label(f) for f in number.facts)
    return f"not taken: {reason_text(number.reason)}"


def reason_text(code: str) -> str:
    """Return the English wording of a reason code (the code itself if unknown)."""
    if not code:
        return "no reason given"
    return REASONS.get(code, code)


def page_lang(reading: Reading) -> str:
    """Return the page's language: ``vi`` when most figures are Vietnamese, else ``en``."""
    langs = Counter(f.lang for f in reading.facts)
    return "vi" if langs and langs["vi"] * 2 > sum(langs.values()) else "en"


def render_review(reading: Reading) -> str:
    """Return the review page of a reading: one self-contained HTML document.

    Parameters
    ----------
    reading : Reading
        What the reader made of one bulletin.

    Returns
    -------
    str
        The page: header with counts and a legend, the text with each number marked,
        the table of figures and the table of numbers not taken.
    """
    lang = page_lang(reading)
    ui = ' lang="en"' if lang != "en" else ""  # the page's own words are English
    source = escape(reading.source)
    return "".join([
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title{ui}>Review: {source}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n",
        "<main>\n", _header(reading, ui), f'<h2{ui} id="text">The text</h2>\n',
        f'<div class="text">{mark_text(reading)}</div>\n',
        _section(ui, "figures", "Figures read", _figures_table(reading)),
        _section(ui, "skipped", "Numbers not taken", _skipped_table(reading)),
        "</main>\n</body>\n</html>\n",
    ])


def _header(reading: Reading, ui: str) -> str:
    """Return the page's heading, counts and the legend of the marks."""
    skipped = sum(not n.taken for n in reading.numbers)
    sample_fig = '<mark class="fig">1,234</mark><span class="tag fig-tag">label</span>'
    sample_skip = '<span class="skip">56</span><span class="tag skip-tag">not taken: why</span>'
    return (
        f"<header{ui}>\n<h1>Review: {escape(reading.source)}</h1>\n"
        f'<p class="counts">{_count(len(reading.facts), "figure", bold=True)} read, '
        f'{_count(skipped, "number", bold=True)} not taken '
        f'(of {_count(len(reading.numbers), "number")} in the text)</p>\n'
        '<h2 id="legend">Key</h2>\n<ul class="legend">\n'
        f"<li>{sample_fig} a number taken as a figure, highlighted; its label gives the "
        "measure, period, market, sex, qualifier and value</li>\n"
        f"<li>{sample_skip} a number not taken, muted and struck through; its label says "
        "why</li>\n</ul>\n</header>\n"
    )


def _count(n: int, noun: str, *, bold: bool = False) -> str:
    """Write ``n noun(s)``, the number in ``<strong>`` if ``bold``: ``1 figure``, ``9 figures``."""
    number = f"<strong>{n:,}</strong>" if bold else f"{n:,}"
    return f"{number} {noun}{'' if n == 1 else 's'}"


def _section(ui: str, anchor: str, title: str, body: str) -> str:
    """Return a titled section of the page."""
    head = f'<section{ui} aria-labelledby="{anchor}">\n<h2 id="{anchor}">{title}</h2>\n'
    return f"{head}{body}</section>\n"


def mark_text(reading: Reading) -> str:
    """Return the reading's text, escaped, with each number wrapped in its mark.

    Numbers outside the text or overlapping an earlier one are left unmarked (they
    are still in the tables).
    """
    text, pieces, at = reading.text, [], 0
    for number in sorted(reading.numbers, key=lambda n: (n.start, n.end)):
        if number.start < at or not 0 <= number.start < number.end <= len(text):
            continue
        pieces.append(escape(text[at:number.start]))
        pieces.append(_mark(number, text[number.start:number.end]))
        at = number.end
    pieces.append(escape(text[at:]))
    return "".join(pieces)


def _mark(number: NumberRead, shown: str) -> str:
    """Return one number of the text: highlighted with its label, or muted with why."""
    label = escape(number_label(number))
    where = f'data-start="{number.start}" data-end="{number.end}"'
    tag = f'<span class="vh"> [</span>{label}<span class="vh">]</span></span>'
    if number.taken:
        return (f'<mark class="fig" {where} title="{label}">{escape(shown)}</mark>'
                f'<span class="tag fig-tag" lang="en">{tag}')
    return (f'<span class="skip" {where} title="{label}">{escape(shown)}</span>'
            f'<span class="tag skip-tag" lang="en">{tag}')


_FIGURE_COLUMNS = ("Period", "Scope", "Measure", "Market", "Sex", "Value", "Qualifier", "Quote")
#: Classes of the figures table's cells, by column: the value right-aligned, the quote wrapped.
_CELL_CLASS = {5: ' class="num"', 7: ' class="wrap"'}


def _figures_table(reading: Reading) -> str:
    """Return the table of the figures, in the order of the text."""
    if not reading.facts:
        return '<p class="none">No figures were read.</p>\n'
    rows = []
    for fact in source_order(reading):
        cells = (format_period(fact), fact.scope, fact.measure, format_market(fact.market),
                 fact.sex, format_value(fact), fact.qualifier, fact.quote or "")
        rows.append("<tr>" + "".join(
            f"<td{_CELL_CLASS.get(i, '')}>{escape(c)}</td>" for i, c in enumerate(cells))
            + "</tr>\n")
    caption = f"The {_count(len(reading.facts), 'figure')} read, in the order of the text"
    return _table(caption, _FIGURE_COLUMNS, rows)


def _skipped_table(reading: Reading) -> str:
    """Return the table of the numbers not taken, with their reasons and context."""
    skipped = [n for n in reading.numbers if not n.taken]
    if not skipped:
        return '<p class="none">Every number was taken.</p>\n'
    rows = []
    for number in sorted(skipped, key=lambda n: (n.start, n.end)):
        rows.append(f"<tr><td>{escape(number.raw)}</td>"
                    f'<td class="wrap">{escape(reason_text(number.reason))}</td>'
                    f'<td class="wrap">{_context(reading.text, number)}</td></tr>\n')
    caption = f"The {_count(len(skipped), 'number')} not taken, with why, in the order of the text"
    return _table(caption, ("Number", "Why not taken", "In the text"), rows)


def _table(caption: str, columns: tuple[str, ...], rows: list[str]) -> str:
    head = "".join(f'<th scope="col">{c}</th>' for c in columns)
    return (f'<div class="scroll" role="region" tabindex="0" aria-label="{caption}">\n'
            f"<table>\n<caption>{caption}</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{''.join(rows)}</tbody>\n</table>\n</div>\n")


def _context(text: str, number: NumberRead) -> str:
    """Return the text around a number as HTML: escaped, on one line, the number in bold.

    ``…`` stands where the text is cut; a number off the text gets no context.
    """
    if not 0 <= number.start < number.end <= len(text):
        return ""
    start, end = max(0, number.start - _CONTEXT), min(len(text), number.end + _CONTEXT)
    before, after = (_SPACES.sub(" ", part) for part in (text[start:number.start],
                                                          text[number.end:end]))
    return (("…" if start > 0 else "") + escape(before)
            + f"<strong>{escape(text[number.start:number.end])}</strong>"
            + escape(after) + ("…" if end < len(text) else ""))


def source_order(reading: Reading) -> list[Fact]:
    """Return the reading's facts ordered by where their number stands in the text.

    Facts no number carries keep their order, after the others.
    """
    position: dict[int, int] = {}
    for number in reading.numbers:
        for fact in number.facts:
            position.setdefault(id(fact), number.start)
    starts = [position.get(id(f), _first_start(reading.numbers, f)) for f in reading.facts]
    order = sorted(range(len(reading.facts)), key=lambda i: starts[i])
    return [reading.facts[i] for i in order]


def _first_start(numbers: list[NumberRead], fact: Fact) -> float:
    """Return the start of the first number carrying a fact equal to ``fact``, else inf."""
    return next((n.start for n in numbers if fact in n.facts), float("inf"))


def review_path(reading: Reading, out_dir: str | os.PathLike[str]) -> Path:
    """Return where the page of a reading goes: ``<out_dir>/<source stem>.review.html``."""
    stem = _UNSAFE_NAME.sub("_", Path(reading.source).stem).strip("._") or "bulletin"
    return Path(out_dir) / f"{stem}.review.html"


def write_review(reading: Reading, out_dir: str | os.PathLike[str]) -> Path:
    """Write the review page of a reading, atomically (a temporary file, then a rename).

    Parameters
    ----------
    reading : Reading
        What the reader made of one bulletin.
    out_dir : path-like
        The folder of the page, made if missing.

    Returns
    -------
    Path
        ``<out_dir>/<source stem>.review.html``.
    """
    path = review_path(reading, out_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    page = render_review(reading)
    write_text_atomically(path, page)
    return path
