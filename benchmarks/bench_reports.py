"""Report batch speed: the floor, the naive CLI chain, and ``labexport report``.

Run: ``make bench-reports`` (or ``.venv/bin/python benchmarks/bench_reports.py``).
Everything runs on a private copy of the shipped data, into temporary folders,
on this machine, in one go; each timing is the median of ``--runs`` runs (3):

(a) floor: the three notebooks' code as plain Python scripts (parameters injected
    by papermill, converted by nbconvert's script exporter, matplotlib's Agg
    backend), one after another;
(b) naive: ``papermill`` CLI then ``jupyter nbconvert --to html`` CLI, per report;
(c) ``labexport report --period 2025-07 --force`` (all three reports);
(d) a backfill: ``labexport report --period FIRST:LAST --force`` over the last
    N and 2N periods that have data (linear scaling means twice the periods
    take twice the time), with the CPU time of all processes against wall time;
(e) ``labexport report --period 2025-07`` again with nothing changed.

It prints the times, the ratios c/a and b/c, and the backfill's reports per minute.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from labexport.report.registry import REPORTS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "labexport" / "report" / "notebooks"
BIN = Path(sys.executable).parent
PERIOD = "2025-07"


def _run(cmd: list[str], **kw) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)


def _timed(fn, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def make_scripts(work: Path, data: Path) -> list[Path]:
    """Parameterize each notebook (papermill) and convert it to a plain script (nbconvert)."""
    from nbconvert import PythonExporter
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    scripts = []
    for name in REPORTS:
        nb = load_notebook_node(str(NOTEBOOKS / f"{name}.ipynb"))
        nb = parameterize_notebook(nb, {"period": PERIOD, "data_dir": str(data)})
        source, _ = PythonExporter().from_notebook_node(nb)
        path = work / f"{name}.py"
        path.write_text(source, encoding="utf-8")
        scripts.append(path)
    return scripts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backfill", type=int, default=6,
                        help="periods in the smaller backfill (the larger has twice as many)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        data = work / "data"
        (data / "raw").mkdir(parents=True)
        (data / "bulletins").mkdir()
        _run([str(BIN / "labexport"), "build", "--data-dir", str(data)])
        env = {**os.environ, "MPLBACKEND": "Agg"}
        scripts = make_scripts(work, data)

        def floor() -> None:
            for script in scripts:
                _run([sys.executable, str(script)], cwd=work, env=env)

        def naive() -> None:
            out = work / "naive"
            out.mkdir(exist_ok=True)
            for name in REPORTS:
                executed = out / f"{name}.ipynb"
                _run([str(BIN / "papermill"), str(NOTEBOOKS / f"{name}.ipynb"),
                      str(executed), "-p", "period", PERIOD, "-p", "data_dir", str(data),
                      "-k", "python3"], cwd=out)
                _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], cwd=out)

        out = work / "reports"
        report = [str(BIN / "labexport"), "report", "--data-dir", str(data), "--out", str(out)]

        def batch() -> None:
            _run([*report, "--period", PERIOD, "--force"])

        def unchanged() -> None:
            _run([*report, "--period", PERIOD])

        results = {}
        results["a"] = _timed(floor, args.runs)
        results["b"] = _timed(naive, args.runs)
        results["c"] = _timed(batch, args.runs)
        _run([*report, "--period", PERIOD])
        results["e"] = _timed(unchanged, max(args.runs, 5))

        sys.path.insert(0, str(ROOT))
        from labexport.data.dataset import load_facts
        from labexport.report.params import periods_with_data

        periods = periods_with_data(load_facts(data, preferred_only=True))
        backfill = {}
        for n in (args.backfill, 2 * args.backfill):
            chosen = periods[-n:]
            span = f"{chosen[0]}:{chosen[-1]}"
            cpu0 = _children_cpu()
            median, times = _timed(lambda span=span: _run([*report, "--period", span,
                                                            "--force"]), args.runs)
            cpu = (_children_cpu() - cpu0) / args.runs
            backfill[n] = (span, median, cpu)

        print(f"machine: {os.cpu_count()} cores; median of {args.runs} runs "
              f"({max(args.runs, 5)} for e)")
        labels = {"a": "(a) floor: 3 notebooks as plain scripts",
                  "b": "(b) naive: papermill CLI + jupyter nbconvert CLI, x3",
                  "c": f"(c) labexport report --period {PERIOD} --force",
                  "e": f"(e) labexport report --period {PERIOD}, nothing changed"}
        for key, label in labels.items():
            median, times = results[key]
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(f"{label:<58} {median:7.2f} s   ({runs})")
        a, b, c = results["a"][0], results["b"][0], results["c"][0]
        print(f"c/a = {c / a:.2f} (target <= 1.0)   b/c = {b / c:.2f} (target >= 4)   "
              f"e = {results['e'][0]:.2f} s (target < 1)")
        for n, (span, median, cpu) in backfill.items():
            reports = 3 * n
            print(f"(d) backfill {span}: {n} periods, {reports} reports in {median:.1f} s = "
                  f"{reports / median * 60:.0f} reports/min; CPU {cpu:.1f} s over {median:.1f} s "
                  f"wall = {cpu / median:.2f} cores busy")
        (n1, (_, t1, _)), (n2, (_, t2, _)) = backfill.items()
        print(f"(d) scaling: {n2} periods take {t2 / t1:.2f}x the time of {n1} "
              f"(linear: {n2 / n1:.1f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
