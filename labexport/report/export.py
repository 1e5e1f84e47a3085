"""Export executed report notebooks to HTML (nbconvert) with the offline template.

The template (``templates/labexport``) inlines its CSS, so a page needs nothing
but itself. Building an exporter and compiling its template is slow, so there
is one exporter per mode (full or briefing), built once and shared under a lock.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labexport.report.changes import CHANGES_TAG
from labexport.report.kernels import RESET_TAG
from labexport.report.params import parse_period
from labexport.report.registry import spec

if TYPE_CHECKING:  # pragma: no cover - nbconvert is imported when a page is exported
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

_EXPORTERS: dict[bool, HTMLExporter] = {}
_EXPORT_LOCK = threading.Lock()


def templates_dir() -> Path:
    """The nbconvert templates shipped in the package."""
    return Path(__file__).resolve().parent / "templates"


def report_title(name: str, period: str, lang: str) -> str:
    """The title of report ``name`` of ``period`` in ``lang``."""
    from labexport.report.wording import format_period, text

    year, month = parse_period(period)
    return text(spec(name).title_key, lang, period=format_period(year, month, lang))


def prepare_exporters(briefing: bool) -> None:
    """Build the exporter and compile its template (slow) while the kernels start."""
    import nbformat

    with _EXPORT_LOCK:
        _exporter(briefing).from_notebook_node(nbformat.v4.new_notebook())


def _exporter(briefing: bool) -> HTMLExporter:
    """One HTML exporter per mode, built once (loading templates is slow); hold the lock."""
    cache = _EXPORTERS
    if briefing not in cache:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        config = Config()
        remove = {"notes", RESET_TAG}
        if briefing:
            remove |= {"parameters", "injected-parameters"}
        config.TagRemovePreprocessor.remove_cell_tags = remove
        config.TagRemovePreprocessor.remove_input_tags = {CHANGES_TAG}
        config.TagRemovePreprocessor.enabled = True
        exporter = HTMLExporter(config=config, template_name="labexport",
                                extra_template_basedirs=[str(templates_dir())])
        exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
        exporter.exclude_input = briefing
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        cache[briefing] = exporter
    return cache[briefing]


def export_html(nb: dict[str, Any], *, briefing: bool, lang: str, title: str) -> str:
    """Export an executed notebook with the offline template; hide code in briefing mode.

    ``nb`` is a notebook as a :class:`~nbformat.NotebookNode` or a plain dict.
    """
    import nbformat

    node: NotebookNode = nbformat.from_dict(nb)
    node.metadata["title"] = title
    with _EXPORT_LOCK:  # the exporter is shared; exports are short and CPU-bound anyway
        exporter = _exporter(briefing)
        exporter.language_code = lang
        body, _resources = exporter.from_notebook_node(node)
    return body
