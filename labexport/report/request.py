"""The request: what ``labexport report`` and ``labexport monthly`` are asked to build.

:func:`check_request` checks every parameter, the reports folder and the periods
with data before anything runs (without pandas, from a small cache of the
periods), and returns a :class:`Request`: checked parameters, one variant
(language, briefing, scope) and the reports folder.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labexport.core.errors import BuildError, ParameterError
from labexport.core.files import write_text_atomically
from labexport.core.provinces import NATIONAL
from labexport.data.paths import needs_build, processed_dir, reports_dir
from labexport.data.workspace import find_root
from labexport.report.inputs import data_name
from labexport.report.params import (
    CleanParameters,
    check_lang,
    check_reports,
    nfc,
    parse_period,
    periods_with_data,
    validate_parameters,
)
from labexport.report.pdf import check_pdf_request
from labexport.report.publish import check_reports_folder
from labexport.report.registry import REPORTS
from labexport.report.variants import variant_folder, variant_name


@dataclass
class Request:
    """What to build: checked parameters for one or more periods."""

    periods: list[str]
    reports: list[str]
    lang: str = "en"
    scope: str = NATIONAL
    briefing: bool = False
    markets: list[str] | None = None
    lookback_months: int = 24
    data_dir: str | None = None
    out_dir: Path = field(default_factory=reports_dir)
    force: bool = False
    #: Write into a non-empty folder that is not a labexport reports folder.
    out_existing: bool = False
    #: The SHA-256 of the dataset snapshot the batch reads (set when the batch starts).
    dataset_sha256: str | None = None
    #: Also print each briefing page to a tagged PDF beside it (:mod:`labexport.report.pdf`).
    pdf: bool = False

    @property
    def variant(self) -> str:
        """The variant's folder name below a period's folder (``""``: national English)."""
        return variant_name(lang=self.lang, briefing=self.briefing, scope=self.scope)

    def folder(self, period: str) -> Path:
        """The published folder of this variant of ``period``'s reports."""
        return variant_folder(self.out_dir / period, self.variant)

    def parameters(self, period: str) -> dict[str, Any]:
        """The papermill parameters of one report of ``period``.

        ``data_dir`` is ``None``: the kernels get the data folder from the
        environment (:func:`labexport.report.inputs.kernel_environment`), so no
        path is written into a notebook or a page.
        """
        return {"period": period, "scope": self.scope, "lang": self.lang,
                "markets": self.markets, "lookback_months": self.lookback_months,
                "data_dir": None}

    def recorded(self, period: str) -> dict[str, Any]:
        """The parameters as the sidecar records them: the data folder by its name."""
        return {**self.parameters(period), "data_dir": data_name(self.data_dir)}


# -- parameters ----------------------------------------------------------------------


def check_request(*, period: str, reports: str | list[str] | None = None, lang: str = "en",
                  scope: str = NATIONAL, briefing: bool = False, markets: object = None,
                  lookback_months: int = 24, data_dir: str | os.PathLike[str] | None = None,
                  out_dir: str | os.PathLike[str] | None = None, force: bool = False,
                  out_existing: bool = False, pdf: bool = False) -> Request:
    """Check every parameter against the dataset before anything runs.

    Parameters
    ----------
    period : str
        ``YYYY-MM``, ``YYYY-MM:YYYY-MM`` (every period with data in the range),
        ``all`` (every period with data) or ``latest``.
    reports : str or list of str, optional
        Report names (comma-separated); default all three.
    lang, scope, markets, lookback_months : optional
        The notebooks' parameters (see ``notebooks/*.ipynb``).
    briefing : bool
        Hide all code and the parameter cells.
    data_dir, out_dir : path-like, optional
        The data folder (default the shipped one) and the reports folder.
    force : bool
        Rebuild reports whose inputs have not changed.
    out_existing : bool
        Accept an ``out_dir`` that is not empty and not a labexport reports folder
        (the workspace's own reports folder is always accepted).
    pdf : bool
        Also print each page to ``<report>.pdf`` (needs ``briefing``; :mod:`~.pdf`).

    Raises
    ------
    ParameterError
        The first wrong value, in one line.
    ReportError
        A reports folder that cannot or may not be used.
    ExportError
        ``pdf`` without Playwright or Chromium.
    """
    if pdf:
        check_pdf_request(briefing=briefing)
    names = check_reports(reports)
    check_lang(lang)
    if isinstance(scope, str):
        scope = str(nfc(scope))
    out = reports_dir(out_dir)
    out_existing = out_existing or _configured(out)
    check_reports_folder(out, existing=out_existing)
    data_dir = _data_folder(data_dir)
    available = _built_periods(data_dir, scope)
    periods = _select_periods(period, available, scope)
    clean: CleanParameters | None = None
    for p in periods:
        clean = validate_parameters(name=names[0] if names else REPORTS[0], period=p,
                                    scope=scope, lang=lang, markets=markets,
                                    lookback_months=lookback_months, available=available)
    return Request(periods=periods, reports=names, lang=lang,
                   scope=clean["scope"] if clean is not None else scope,
                   briefing=briefing, markets=clean["markets"] if clean is not None else None,
                   lookback_months=lookback_months, data_dir=data_dir,
                   out_dir=out, force=force, out_existing=out_existing, pdf=pdf)


def _configured(out: Path) -> bool:
    """True if ``out`` is the reports folder the workspace (or ``$LABEXPORT_REPORTS_DIR``) names."""
    if not os.environ.get("LABEXPORT_REPORTS_DIR") and find_root() is None:
        return False  # no workspace: ./reports is only a default, checked like any --out
    return out == reports_dir(None)


def _data_folder(data_dir: str | os.PathLike[str] | None) -> str | None:
    if data_dir is None:
        return None
    data_dir = str(Path(data_dir).resolve())
    if not Path(data_dir).is_dir():
        raise ParameterError(f"data folder {data_dir} does not exist")
    return data_dir


def _built_periods(data_dir: str | None, scope: object) -> list[str]:
    """The periods with data, after building the dataset if it is out of date."""
    try:
        if needs_build(data_dir):
            from labexport.data.dataset import build

            build(data_dir)
        return available_periods(data_dir, scope=scope if isinstance(scope, str)
                                 else NATIONAL)
    except (FileNotFoundError, BuildError, ValueError) as exc:
        raise ParameterError(str(exc).splitlines()[0]) from None


def available_periods(data_dir: str | os.PathLike[str] | None = None, *,
                      scope: str = NATIONAL) -> list[str]:
    """Periods with data in the built dataset, from a small cache beside ``facts.csv``.

    ``processed/periods.json`` is rewritten whenever ``facts.csv`` is newer, so the
    command line can check a period without loading pandas.
    """
    facts_csv = processed_dir(data_dir) / "facts.csv"
    cache = facts_csv.with_name("periods.json")
    try:
        if cache.stat().st_mtime_ns >= facts_csv.stat().st_mtime_ns:
            return json.loads(cache.read_text(encoding="utf-8")).get(scope, [])
    except (OSError, ValueError):
        pass
    from labexport.data.dataset import load_facts

    facts = load_facts(data_dir, preferred_only=True)
    scopes = {str(s): periods_with_data(facts, scope=str(s)) for s in set(facts["scope"])}
    write_text_atomically(cache, json.dumps(scopes, ensure_ascii=False, sort_keys=True))
    return scopes.get(scope, [])


def _select_periods(period: str, available: list[str], scope: str) -> list[str]:
    if not available:
        raise ParameterError(f"the dataset has no {scope} figures")
    if period == "latest":
        return [available[-1]]
    if period == "all":
        return list(available)
    if isinstance(period, str) and ":" in period:
        start, end = period.split(":", 1)
        parse_period(start)
        parse_period(end)
        chosen = [p for p in available if start <= p <= end]
        if not chosen:
            raise ParameterError(f"no period with {scope} figures between {start} and {end}")
        return chosen
    return [period]  # checked with the other parameters by validate_parameters
