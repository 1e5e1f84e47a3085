"""Run the report notebooks: the request, the batch on warm kernels, publishing.

``build_reports`` is what ``labexport report`` and ``labexport monthly`` call:

1. every parameter is checked before any kernel starts
   (:func:`labexport.report.request.check_request`);
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

Each variant (language, briefing, scope) has its own folder below the period's
(:mod:`labexport.report.variants`); the kernels read one snapshot of the dataset
taken when the batch starts (:mod:`labexport.report.inputs`).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labexport.core.errors import LabexportError, NotebookError, ReportError
from labexport.report.changes import note_changes
from labexport.report.export import export_html, prepare_exporters, report_title
from labexport.report.index import write_index
from labexport.report.inputs import Dataset, build_failures, kernel_environment, read_dataset
from labexport.report.kernels import Pool, Worker, pool_size
from labexport.report.pdf import write_pdf
from labexport.report.publish import (
    check_reports_folder,
    claim,
    locked,
    recover,
    swap_in,
    tmp_prefix,
)
from labexport.report.registry import notebook_path
from labexport.report.request import Request, available_periods, check_request
from labexport.report.sidecar import input_hashes, is_current, write_sidecar
from labexport.report.stopping import stop_on_signals
from labexport.report.variants import variant_folder

if TYPE_CHECKING:  # pragma: no cover - nbformat is imported when a report runs
    from nbformat import NotebookNode

#: Also what callers import from here.
__all__ = ["Request", "Result", "available_periods", "build_reports", "check_request",
           "execute_report", "export_report", "results_json"]


@dataclass
class Result:
    """The outcome of one report: ``built``, ``skipped`` (unchanged) or ``failed``."""

    period: str
    report: str
    status: str
    html: Path
    seconds: float = 0.0
    error: str = ""



# -- one report ----------------------------------------------------------------------


def execute_report(worker: Worker, request: Request, period: str, name: str, work: Path
                   ) -> tuple[NotebookNode | None, str, float]:
    """Execute one report's notebook in ``worker``'s warm kernel.

    Returns the executed notebook (``None`` if it failed), the error and the seconds taken.
    """
    started = time.perf_counter()
    work = variant_folder(work, request.variant)
    try:
        nb = worker.execute(notebook_path(name), work / f"{name}.ipynb",
                            request.parameters(period))
    except NotebookError as exc:
        return None, str(exc), time.perf_counter() - started
    return nb, "", time.perf_counter() - started


def export_report(request: Request, period: str, name: str, work: Path, nb: NotebookNode | None,
                  error: str, execute_s: float) -> Result:
    """Export an executed report to HTML and write its sidecar, in ``work``'s variant folder.

    A failed report (``nb`` is ``None``) is exported from its partial notebook (or,
    if that was not written whole, from the notebook it ran).
    """
    started = time.perf_counter()
    work = variant_folder(work, request.variant)
    inputs = input_hashes(name, request.data_dir, request.dataset_sha256)
    changes = None
    if nb is None:
        nb = _partial_notebook(work / f"{name}.ipynb", name)
    else:
        from labexport.data.dataset import load_facts  # the snapshot, in this process too

        changes = note_changes(nb, facts=load_facts(request.data_dir), out_dir=request.out_dir,
                               variant=request.variant, work=work, name=name, period=period,
                               scope=request.scope, lang=request.lang)
    title = report_title(name, period, request.lang)
    page = export_html(nb, briefing=request.briefing, lang=request.lang, title=title)
    (work / f"{name}.html").write_text(page, encoding="utf-8")
    if request.pdf and not error:
        write_pdf(work / f"{name}.html", work / f"{name}.pdf", title=title, period=period,
                  lang=request.lang)
    export_s = time.perf_counter() - started
    write_sidecar(work, name=name, period=period, error=error, title=title,
                  parameters=request.recorded(period), briefing=request.briefing, nb=nb,
                  inputs=inputs, execute_s=execute_s, export_s=export_s, changes=changes)
    return Result(period, name, "failed" if error else "built",
                  request.folder(period) / f"{name}.html", round(execute_s + export_s, 3), error)


def _partial_notebook(executed: Path, name: str) -> NotebookNode:
    """What a failed run wrote of its notebook, else the notebook it ran (a torn file, say)."""
    import nbformat

    try:
        return nbformat.read(executed, as_version=4)
    except Exception:  # missing, cut short by a full disk, or not a notebook at all
        return nbformat.read(notebook_path(name), as_version=4)


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
    check_reports_folder(out, existing=request.out_existing)
    try:
        results = _build(request, say)
    except LabexportError:
        raise
    except OSError as exc:  # a full disk, a folder made read-only: the old reports stay
        hint = (" (give --out a folder you can write to)"
                if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else "")
        raise ReportError(f"cannot write reports in {out}: {exc.strerror or exc}{hint}"
                          ) from None
    order = {(p, n): i for i, (p, n) in enumerate(
        (p, n) for p in request.periods for n in request.reports)}
    return sorted(results, key=lambda r: order[(r.period, r.report)])


def _build(request: Request, say: Callable[[Result], None]) -> list[Result]:
    out = request.out_dir
    results: list[Result] = []
    with locked(out):
        claim(out)
        recover(out)
        dataset = read_dataset(request.data_dir)
        request = replace(request, dataset_sha256=dataset.sha256)
        jobs = []
        for period in request.periods:
            for name in request.reports:
                if needs_rebuild(request, period, name, dataset.sha256):
                    jobs.append((period, name))
                else:
                    results.append(Result(period, name, "skipped",
                                          request.folder(period) / f"{name}.html"))
                    say(results[-1])
        if jobs:
            results += _run_jobs(request, jobs, say, dataset)
        write_index(out, unread=[u.shown for u in build_failures(request.data_dir)])
    return results


def needs_rebuild(request: Request, period: str, name: str, dataset_sha256: str) -> bool:
    """True if report ``name`` of ``period`` must be built: forced, inputs changed, or no PDF.

    A report is current when its sidecar's inputs key matches the notebook, the
    templates, the package, the parameters and the dataset snapshot read now
    (``dataset_sha256``), and, with ``pdf``, its PDF exists.
    """
    folder = request.folder(period)
    return request.force or not is_current(
        folder, name, data_dir=request.data_dir, parameters=request.recorded(period),
        briefing=request.briefing, dataset_sha256=dataset_sha256) or (
        request.pdf and not (folder / f"{name}.pdf").is_file())


def _prepare_work(request: Request, jobs: list[tuple[str, str]], work_root: Path) -> None:
    """Make each period's work folder: a copy of the published one with every variant.

    Left out are only the files of the reports of this variant that are rebuilt.
    """
    for period in dict.fromkeys(p for p, _ in jobs):
        work = work_root / period
        final = request.out_dir / period
        target = variant_folder(final, request.variant)
        todo = {n for p, n in jobs if p == period}

        def rebuilt(folder: str, names: list[str], target: Path = target,
                    todo: set[str] = todo) -> set[str]:
            if Path(folder) != target:
                return set()
            return {n for n in names if Path(n).stem in todo and (target / n).is_file()}

        if final.is_dir():
            shutil.copytree(final, work, symlinks=True, ignore=rebuilt,
                            copy_function=_link_or_copy)
        variant_folder(work, request.variant).mkdir(parents=True, exist_ok=True)


def _link_or_copy(src: str, dst: str) -> None:
    """Carry a published file over: a hard link (no file carried over is written), else a copy."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _run_jobs(request: Request, jobs: list[tuple[str, str]], say: Callable[[Result], None],
              dataset: Dataset) -> list[Result]:
    out = request.out_dir
    work_root = Path(tempfile.mkdtemp(prefix=tmp_prefix(), dir=out))
    left = {period: sum(1 for p, _ in jobs if p == period) for period, _ in jobs}
    results = []
    try:
        snapshot = dataset.write(work_root)
        _prepare_work(request, jobs, work_root)

        def job(worker: Worker, item: tuple[str, str]) -> tuple[NotebookNode | None, str, float]:
            period, name = item
            return execute_report(worker, request, period, name, work_root / period)

        def then(item: tuple[str, str], ran: tuple[NotebookNode | None, str, float]) -> Result:
            period, name = item
            return export_report(request, period, name, work_root / period, *ran)

        with (stop_on_signals(), kernel_environment(snapshot, request.data_dir),
              Pool(pool_size(len(jobs))) as pool):
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
