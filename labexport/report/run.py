"""Run the report notebooks (papermill), export them (nbconvert), write sidecars and the index.

``build_reports`` is what ``labexport report`` and ``labexport monthly`` call:

1. every parameter is checked before any kernel starts (:func:`check_request`);
2. each report whose inputs (notebook, dataset, template, package version,
   parameters) hash the same as in its sidecar is skipped, unless ``force``;
3. the others run through papermill's Python API with kernel ``python3`` and an
   execution timeout, into a temporary folder; a failing notebook keeps its partial
   output and gets an HTML page that shows the error;
4. the period's folder is swapped in whole, then ``index.html`` is rewritten, so an
   interrupted run never leaves a half-written report where a good one was.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from labexport import __version__
from labexport.core.errors import BuildError, NotebookError, ParameterError, ReportError
from labexport.core.provinces import NATIONAL
from labexport.data.paths import (
    PROJECT_ROOT,
    needs_build,
    notebooks_dir,
    processed_dir,
    reports_dir,
)
from labexport.report.kernels import RESET_TAG, Pool, Worker, pool_size
from labexport.report.params import (
    FIGURES_MIME,
    LANGS,
    REPORTS,
    available_periods,
    parse_period,
    validate_parameters,
)

SIDECAR_VERSION = 1
_VERSIONS = ("pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "nbformat",
             "ipykernel", "pandera", "babel")


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

    def parameters(self, period: str) -> dict:
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
    names = reports.split(",") if isinstance(reports, str) else list(reports or REPORTS)
    names = [n.strip() for n in names if n.strip()]
    for name in names:
        if name not in REPORTS:
            raise ParameterError(f"unknown report {name!r} (one of {', '.join(REPORTS)})")
    for name in names:
        if not (notebooks_dir() / f"{name}.ipynb").is_file():
            raise ParameterError(f"{notebooks_dir() / (name + '.ipynb')}: notebook not found")
    if lang not in LANGS:
        raise ParameterError(f"lang must be 'en' or 'vi', got {lang!r}")
    if data_dir is not None:
        data_dir = str(Path(data_dir).resolve())
        if not Path(data_dir).is_dir():
            raise ParameterError(f"data folder {data_dir} does not exist")
    try:
        if needs_build(data_dir):
            from labexport.data.dataset import build

            build(data_dir)
        available = available_periods(data_dir, scope=scope if isinstance(scope, str)
                                      else NATIONAL)
    except (FileNotFoundError, BuildError, ValueError) as exc:
        raise ParameterError(str(exc).splitlines()[0]) from None
    periods = _select_periods(period, available, scope)
    clean = {}
    for p in periods:
        clean = validate_parameters(name=names[0] if names else REPORTS[0], period=p,
                                    scope=scope, lang=lang, markets=markets,
                                    lookback_months=lookback_months, available=available)
    return Request(periods=periods, reports=names, lang=lang, scope=clean.get("scope", scope),
                   briefing=briefing, markets=clean.get("markets"),
                   lookback_months=lookback_months, data_dir=data_dir,
                   out_dir=reports_dir(out_dir), force=force)


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



def templates_dir() -> Path:
    """The nbconvert templates shipped in the package."""
    return Path(__file__).resolve().parent / "templates"


# -- hashing and sidecars ------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _rel(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return str(path.resolve().relative_to(PROJECT_ROOT))
    return str(path.resolve())


def input_hashes(name: str, data_dir: str | None) -> dict[str, str]:
    """SHA-256 of every file a report depends on: notebook, dataset, templates, package."""
    files = [notebooks_dir() / f"{name}.ipynb", processed_dir(data_dir) / "facts.csv"]
    files += sorted(p for p in (templates_dir() / "labexport").iterdir() if p.is_file())
    package = Path(__file__).resolve().parents[1]
    files += sorted(package.rglob("*.py"))
    return {_rel(p): sha256_file(p) for p in files}


def _key(inputs: dict[str, str], parameters: dict, briefing: bool) -> str:
    blob = json.dumps({"inputs": inputs, "parameters": parameters, "briefing": briefing,
                       "version": __version__, "sidecar": SIDECAR_VERSION}, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version(), "labexport": __version__}
    for name in _VERSIONS:
        try:
            found[name] = version(name)
        except PackageNotFoundError:  # pragma: no cover - all are dependencies
            found[name] = "absent"
    return found


@functools.cache
def git_revision() -> str | None:
    """The project's git commit (with ``-dirty`` if it has changes), or ``None``; asked once."""
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, text=True,
                             capture_output=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=PROJECT_ROOT, text=True, capture_output=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return rev + ("-dirty" if dirty else "")


def read_sidecar(path: Path) -> dict | None:
    """Return a report's sidecar, or ``None`` if absent or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def key_figures(nb: dict) -> dict:
    """Merge the key figures a notebook recorded (``Report.record``), in cell order."""
    figures: dict = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FIGURES_MIME in data:
                figures.update(data[FIGURES_MIME])
    return figures


# -- execution and export ------------------------------------------------------------


_EXPORTERS: dict[bool, object] = {}
_EXPORT_LOCK = threading.Lock()


def _prepare_exporters(briefing: bool) -> None:
    """Build the exporter and compile its template (slow) while the kernels start."""
    import nbformat

    with _EXPORT_LOCK:
        _exporter(briefing).from_notebook_node(nbformat.v4.new_notebook())


def _exporter(briefing: bool) -> object:
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
        config.TagRemovePreprocessor.enabled = True
        exporter = HTMLExporter(config=config, template_name="labexport",
                                extra_template_basedirs=[str(templates_dir())])
        exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
        exporter.exclude_input = briefing
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
        cache[briefing] = exporter
    return cache[briefing]


def export_html(nb: dict, *, briefing: bool, lang: str, title: str) -> str:
    """Export an executed notebook with the offline template; hide code in briefing mode."""
    import nbformat

    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = title
    with _EXPORT_LOCK:  # the exporter is shared; exports are short and CPU-bound anyway
        exporter = _exporter(briefing)
        exporter.language_code = lang
        body, _resources = exporter.from_notebook_node(nb)
    return body


def _title(name: str, period: str, lang: str) -> str:
    from labexport.report.wording import format_period, text

    year, month = parse_period(period)
    return text(f"title_{name}", lang, period=format_period(year, month, lang))


def execute_report(worker: Worker, request: Request, period: str, name: str, work: Path
                   ) -> tuple[object, str, float]:
    """Execute one report's notebook in ``worker``'s warm kernel.

    Returns the executed notebook (``None`` if it failed), the error and the seconds taken.
    """
    started = time.perf_counter()
    try:
        nb = worker.execute(notebooks_dir() / f"{name}.ipynb", work / f"{name}.ipynb",
                            request.parameters(period))
    except NotebookError as exc:
        return None, str(exc), time.perf_counter() - started
    return nb, "", time.perf_counter() - started


def export_report(request: Request, period: str, name: str, work: Path, nb: object,
                  error: str, execute_s: float) -> Result:
    """Export an executed report to HTML and write its sidecar, in ``work``.

    A failed report (``nb`` is ``None``) is exported from its partial notebook.
    """
    import nbformat

    started = time.perf_counter()
    parameters = request.parameters(period)
    source = notebooks_dir() / f"{name}.ipynb"
    executed = work / f"{name}.ipynb"
    inputs = input_hashes(name, request.data_dir)
    status = "failed" if error else "built"
    if nb is None:
        nb = (nbformat.read(executed, as_version=4) if executed.exists()
              else nbformat.read(source, as_version=4))
    page = export_html(nb, briefing=request.briefing, lang=request.lang,
                       title=_title(name, period, request.lang))
    (work / f"{name}.html").write_text(page, encoding="utf-8")
    export_s = time.perf_counter() - started
    sidecar = {
        "sidecar_version": SIDECAR_VERSION,
        "report": name, "period": period, "status": status, "error": error,
        "title": _title(name, period, request.lang),
        "parameters": parameters, "briefing": request.briefing,
        "key_figures": key_figures(nb),
        "inputs": inputs, "inputs_key": _key(inputs, parameters, request.briefing),
        "git_revision": git_revision(), "versions": _versions(),
        "timings": {"execute_s": round(execute_s, 3), "export_s": round(export_s, 3),
                    "total_s": round(execute_s + export_s, 3)},
        "html_sha256": sha256_file(work / f"{name}.html"),
    }
    (work / f"{name}.json").write_text(json.dumps(sidecar, ensure_ascii=False, indent=1),
                                       encoding="utf-8")
    return Result(period, name, status, request.out_dir / period / f"{name}.html",
                  round(execute_s + export_s, 3), error)


def is_current(request: Request, period: str, name: str) -> bool:
    """True if the published report was built from exactly the same inputs."""
    folder = request.out_dir / period
    sidecar = read_sidecar(folder / f"{name}.json")
    if not sidecar or sidecar.get("status") != "built" or not (folder / f"{name}.html").exists():
        return False
    inputs = input_hashes(name, request.data_dir)
    return sidecar.get("inputs_key") == _key(inputs, request.parameters(period), request.briefing)


# -- publishing ----------------------------------------------------------------------


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False if not."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _swap_in(work: Path, final: Path) -> None:
    """Replace folder ``final`` by ``work`` so that a reader (or a kill) sees one or the other.

    Where the system can exchange two folders atomically, that is done and the
    old one removed after; elsewhere the old folder is renamed aside first, and
    :func:`recover` puts it back if a run dies between the two renames.
    """
    if final.exists() and _exchange(work, final):
        shutil.rmtree(work)  # now holds the old reports
        return
    old = final.with_name(f".old-{final.name}")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        os.replace(final, old)
    os.replace(work, final)
    if old.exists():
        shutil.rmtree(old)


def recover(out_dir: Path) -> None:
    """Finish or undo a swap that a killed run left half done, and drop its temporary files."""
    if not out_dir.is_dir():
        return
    for old in out_dir.glob(".old-*"):
        final = out_dir / old.name.removeprefix(".old-")
        if final.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, final)
    # Called under the lock: every temporary folder or file left here is a dead run's.
    for tmp in out_dir.glob(".tmp-*"):
        if not tmp.name.startswith(f".tmp-{os.getpid()}-"):
            shutil.rmtree(tmp, ignore_errors=True)
    for tmp in out_dir.glob(".index.*.tmp"):
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def locked(out_dir: Path, *, wait: float = 0.0) -> Iterator[None]:
    """Hold the reports folder's lock (``out_dir/.lock``, holding our pid) while building.

    The lock is an ``flock`` on that file: the system releases it when its
    holder exits, however it ends (a SIGKILL included), so a lock left by a dead
    run is stale by construction and the next run simply takes it.

    Raises
    ------
    ReportError
        ``"<dir> is locked by running process <pid> ..."`` if another live run holds
        it after ``wait`` seconds.
    """
    import fcntl

    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                raise ReportError(f"{out_dir} is locked by running process {holder} "
                                  "(another labexport run; try again when it ends)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def build_reports(request: Request, *, progress: Callable[[str], None] | None = None
                  ) -> list[Result]:
    """Build every requested report of every requested period; return their outcomes.

    Reports run in parallel on warm kernels (one per core at most). Each
    period's folder is built aside and swapped in whole once its reports are
    done; reports not requested this time are carried over from the old folder.
    """
    say = progress or (lambda _msg: None)
    out = request.out_dir
    results: list[Result] = []
    with locked(out):
        recover(out)
        jobs = []
        for period in request.periods:
            for name in request.reports:
                if request.force or not is_current(request, period, name):
                    jobs.append((period, name))
                else:
                    results.append(Result(period, name, "skipped",
                                          out / period / f"{name}.html"))
                    say(f"{period} {name}: unchanged, skipped")
        if jobs:
            results += _run_jobs(request, jobs, say)
        write_index(out)
    order = {(p, n): i for i, (p, n) in enumerate(
        (p, n) for p in request.periods for n in request.reports)}
    return sorted(results, key=lambda r: order[(r.period, r.report)])


def _run_jobs(request: Request, jobs: list[tuple[str, str]], say: Callable[[str], None]
              ) -> list[Result]:
    out = request.out_dir
    work_root = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-", dir=out))
    left = {period: sum(1 for p, _ in jobs if p == period) for period, _ in jobs}
    results = []
    try:
        for period in left:
            work = work_root / period
            work.mkdir()
            final = out / period
            todo = {n for p, n in jobs if p == period}
            if final.is_dir():
                for item in final.iterdir():
                    if item.is_file() and item.stem not in todo:
                        shutil.copy2(item, work / item.name)

        def job(worker: Worker, item: tuple[str, str]) -> tuple[object, str, float]:
            period, name = item
            say(f"{period} {name}: running")
            return execute_report(worker, request, period, name, work_root / period)

        def then(item: tuple[str, str], ran: tuple[object, str, float]) -> Result:
            period, name = item
            return export_report(request, period, name, work_root / period, *ran)

        with Pool(pool_size(len(jobs))) as pool:
            _prepare_exporters(request.briefing)
            for i, result in enumerate(pool.map(job, jobs, then), 1):
                results.append(result)
                say(f"[{i}/{len(jobs)}] {result.period} {result.report}: {result.status} in "
                    f"{result.seconds:.1f} s" + (f" ({result.error})" if result.error else ""))
                left[result.period] -= 1
                if left[result.period] == 0:
                    _swap_in(work_root / result.period, out / result.period)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    return results


# -- index ---------------------------------------------------------------------------


_INDEX_FIGURES = {
    "market_trends": ("month_total", "ytd_total", "top_markets"),
    "gender_share": ("female_share_ytd", "ytd_female"),
    "target_attainment": ("attainment_pct", "attainment_pct_stated", "target"),
}


def _figure_text(key: str, value: object, lang: str) -> str:
    from labexport.core.markets import display_name
    from labexport.report.wording import format_number, format_pct, text

    label = text(f"figure_{key}", lang)
    if value is None:
        return f"{label}: –"
    if key == "top_markets":
        first = value[0]
        return (f"{label}: {display_name(first['market'], lang=lang)} "
                f"{format_number(first['ytd'], lang)}")
    if "pct" in key or key.startswith("female_share"):
        digits = 1
        return f"{label}: {format_pct(float(value), lang, digits=digits)}"
    return f"{label}: {format_number(float(value), lang)}"


def write_index(out_dir: Path) -> Path:
    """Write ``index.html``: every period and report built, newest first, with key figures.

    The page is rewritten only when its content changes.
    """
    rows = []
    for folder in sorted((p for p in out_dir.iterdir() if p.is_dir() and not
                          p.name.startswith(".")), reverse=True):
        items = []
        for name in REPORTS:
            sidecar = read_sidecar(folder / f"{name}.json")
            if sidecar is None:
                continue
            lang = sidecar.get("parameters", {}).get("lang", "en")
            figs = sidecar.get("key_figures", {})
            shown = "; ".join(_figure_text(k, figs.get(k), lang)
                              for k in _INDEX_FIGURES[name] if k in figs)
            status = sidecar.get("status", "failed")
            flag = ("" if status == "built" else
                    f' <span class="lx-status-failed">FAILED: '
                    f'{html.escape(sidecar.get("error", ""))}</span>')
            briefing = " (briefing)" if sidecar.get("briefing") else ""
            items.append(
                f'<li><a href="{html.escape(folder.name)}/{name}.html">'
                f"{html.escape(sidecar.get('title', name))}</a>{briefing}{flag}"
                f"<br><small>{html.escape(shown)}</small></li>")
        if items:
            rows.append(f"<h2>{html.escape(folder.name)}</h2><ul class=\"lx-index\">"
                        + "".join(items) + "</ul>")
    css = (templates_dir() / "labexport" / "report.css").read_text(encoding="utf-8")
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            "<title>labexport reports</title>"
            f"<style>{css}</style></head><body class=\"lx-report\"><main>"
            "<h1>labexport reports</h1>"
            "<p class=\"lx-scope\">Vietnam's overseas contract labour: monthly reports, newest "
            "first.</p>" + ("".join(rows) or "<p>No report built yet.</p>")
            + "</main></body></html>\n")
    path = out_dir / "index.html"
    if path.exists() and path.read_text(encoding="utf-8") == page:
        return path
    fd, tmp = tempfile.mkstemp(prefix=".index.", suffix=".tmp", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(page)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


def results_json(results: list[Result]) -> list[dict]:
    """The outcomes as JSON-ready dicts."""
    return [{**asdict(r), "html": str(r.html)} for r in results]


def progress_printer() -> Callable[[str], None] | None:
    """Print progress on a terminal; stay quiet when output goes to a log (cron)."""
    if sys.stderr.isatty():
        return lambda msg: print(f"labexport: {msg}", file=sys.stderr, flush=True)
    return None
