"""Run the report notebooks: the request, the batch on warm kernels, publishing.

``build_reports`` is what ``labexport report`` and ``labexport monthly`` call:

1. every parameter is checked before any kernel starts (:func:`check_request`);
2. each report whose inputs (notebook, dataset, template, package version,
   parameters) hash the same as in its sidecar is skipped, unless ``force``
   (:mod:`labexport.report.sidecar`);
3. the others run through papermill's Python API with kernel ``python3`` and an
   execution timeout (:mod:`labexport.report.kernels`), into a temporary folder,
   and are exported to HTML (:mod:`labexport.report.export`); a failing notebook
   keeps its partial output and gets an HTML page that shows the error;
4. the period's folder is swapped in whole (:mod:`labexport.report.publish`), then
   ``index.html`` is rewritten (:mod:`labexport.report.index`), so an interrupted
   run never leaves a half-written report where a good one was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labexport.core.errors import BuildError, NotebookError, ParameterError
from labexport.core.provinces import NATIONAL
from labexport.data.paths import needs_build, processed_dir, reports_dir
from labexport.report.export import export_html, prepare_exporters, report_title
from labexport.report.index import write_index
from labexport.report.kernels import Pool, Worker, pool_size
from labexport.report.params import (
    CleanParameters,
    check_lang,
    check_reports,
    parse_period,
    periods_with_data,
    validate_parameters,
)
from labexport.report.publish import locked, recover, swap_in
from labexport.report.registry import REPORTS, notebook_path
from labexport.report.sidecar import input_hashes, is_current, write_sidecar

if TYPE_CHECKING:  # pragma: no cover - nbformat is imported when a report runs
    from nbformat import NotebookNode


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

    def parameters(self, period: str) -> dict[str, Any]:
        """The papermill parameters of one report of ``period``."""
        return {"period": period, "scope": self.scope, "lang": self.lang,
                "markets": self.markets, "lookback_months": self.lookback_months,
                "data_dir": self.data_dir}


@dataclass
class Result:
    """The outcome of one report: ``built``, ``skipped`` (unchanged) or ``failed``."""

    period: str
    report: str
    status: str
    html: Path
    seconds: float = 0.0
    error: str = ""


# -- parameters ----------------------------------------------------------------------


def check_request(*, period: str, reports: str | list[str] | None = None, lang: str = "en",
                  scope: str = NATIONAL, briefing: bool = False, markets: object = None,
                  lookback_months: int = 24, data_dir: str | os.PathLike[str] | None = None,
                  out_dir: str | os.PathLike[str] | None = None, force: bool = False) -> Request:
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

    Raises
    ------
    ParameterError
        The first wrong value, in one line.
    """
    names = check_reports(reports)
    check_lang(lang)
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
                   out_dir=reports_dir(out_dir), force=force)


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
    tmp = cache.with_name(f".periods.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(scopes, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, cache)
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


# -- one report ----------------------------------------------------------------------


def execute_report(worker: Worker, request: Request, period: str, name: str, work: Path
                   ) -> tuple[NotebookNode | None, str, float]:
    """Execute one report's notebook in ``worker``'s warm kernel.

    Returns the executed notebook (``None`` if it failed), the error and the seconds taken.
    """
    started = time.perf_counter()
    try:
        nb = worker.execute(notebook_path(name), work / f"{name}.ipynb",
                            request.parameters(period))
    except NotebookError as exc:
        return None, str(exc), time.perf_counter() - started
    return nb, "", time.perf_counter() - started


def export_report(request: Request, period: str, name: str, work: Path, nb: NotebookNode | None,
                  error: str, execute_s: float) -> Result:
    """Export an executed report to HTML and write its sidecar, in ``work``.

    A failed report (``nb`` is ``None``) is exported from its partial notebook.
    """
    import nbformat

    started = time.perf_counter()
    executed = work / f"{name}.ipynb"
    inputs = input_hashes(name, request.data_dir)
    if nb is None:
        nb = nbformat.read(executed if executed.exists() else notebook_path(name), as_version=4)
    title = report_title(name, period, request.lang)
    page = export_html(nb, briefing=request.briefing, lang=request.lang, title=title)
    (work / f"{name}.html").write_text(page, encoding="utf-8")
    export_s = time.perf_counter() - started
    write_sidecar(work, name=name, period=period, error=error, title=title,
                  parameters=request.parameters(period), briefing=request.briefing, nb=nb,
                  inputs=inputs, execute_s=execute_s, export_s=export_s)
    return Result(period, name, "failed" if error else "built",
                  request.out_dir / period / f"{name}.html",
                  round(execute_s + export_s, 3), error)


# -- the batch -----------------------------------------------------------------------


def build_reports(request: Request, *, progress: Callable[[Result], None] | None = None
                  ) -> list[Result]:
    """Build every requested report of every requested period; return their outcomes.

    Reports run in parallel on warm kernels (one per core at most). Each
    period's folder is built aside and swapped in whole once its reports are
    done; reports not requested this time are carried over from the old folder.

    ``progress`` is called with each report's :class:`Result` as soon as it is
    known: the unchanged ones first, then the others as they are built (or fail),
    so a bar of ``len(periods) * len(reports)`` steps ends full
    (:class:`labexport.report.progress.Progress`).
    """
    say = progress or (lambda _result: None)
    out = request.out_dir
    results: list[Result] = []
    with locked(out):
        recover(out)
        jobs = []
        for period in request.periods:
            for name in request.reports:
                if request.force or not is_current(
                        out / period, name, data_dir=request.data_dir,
                        parameters=request.parameters(period), briefing=request.briefing):
                    jobs.append((period, name))
                else:
                    results.append(Result(period, name, "skipped",
                                          out / period / f"{name}.html"))
                    say(results[-1])
        if jobs:
            results += _run_jobs(request, jobs, say)
        write_index(out)
    order = {(p, n): i for i, (p, n) in enumerate(
        (p, n) for p in request.periods for n in request.reports)}
    return sorted(results, key=lambda r: order[(r.period, r.report)])


def _prepare_work(request: Request, jobs: list[tuple[str, str]], work_root: Path) -> None:
    """Make each period's work folder, with the reports not rebuilt copied from the old one."""
    for period in dict.fromkeys(p for p, _ in jobs):
        work = work_root / period
        work.mkdir()
        final = request.out_dir / period
        todo = {n for p, n in jobs if p == period}
        if final.is_dir():
            for item in final.iterdir():
                if item.is_file() and item.stem not in todo:
                    shutil.copy2(item, work / item.name)


def _run_jobs(request: Request, jobs: list[tuple[str, str]], say: Callable[[Result], None]
              ) -> list[Result]:
    out = request.out_dir
    work_root = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=out))
    left = {period: sum(1 for p, _ in jobs if p == period) for period, _ in jobs}
    results = []
    try:
        _prepare_work(request, jobs, work_root)

        def job(worker: Worker, item: tuple[str, str]) -> tuple[NotebookNode | None, str, float]:
            period, name = item
            return execute_report(worker, request, period, name, work_root / period)

        def then(item: tuple[str, str], ran: tuple[NotebookNode | None, str, float]) -> Result:
            period, name = item
            return export_report(request, period, name, work_root / period, *ran)

        with Pool(pool_size(len(jobs))) as pool:
            prepare_exporters(request.briefing)
            # Pool.map types `then` as returning what `job` does; here it returns a Result.
            for result in pool.map(job, jobs, then):  # type: ignore[misc]
                results.append(result)
                say(result)
                left[result.period] -= 1
                if left[result.period] == 0:
                    swap_in(work_root / result.period, out / result.period)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    return results


def results_json(results: list[Result]) -> list[dict[str, Any]]:
    """The outcomes as JSON-ready dicts."""
    return [{**asdict(r), "html": str(r.html)} for r in results]
