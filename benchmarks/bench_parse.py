"""Reader speed: seed-sized bulletins per second, on one core.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/bench_parse.py``).

The floor is 200 seed-sized bulletins a second through ``parse_text``. The two
seed bulletins in ``../shared/seeds`` (3,481 and 4,900 characters) are the
measure: each is read over and over for several rounds, and the script prints
the best and the median round, in wall-clock time and in CPU time (steadier on
a shared machine). The fixture corpus (short bulletins, dense with figures) is
measured too, in bulletins and in characters a second. Texts are decoded once
beforehand: this is the reader's speed, not the disk's.

The machine is shared and noisy: compare medians of several runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from labexport.read.bulletin import parse_text
from labexport.read.textio import read_bulletin

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
FLOOR = 200


def corpus() -> list[tuple[str, str]]:
    """The fixture bulletins, then the seeds if ``../shared`` is there, decoded."""
    paths = sorted((ROOT / "tests" / "fixtures" / "bulletins").glob("*.txt"))
    if SEEDS.is_dir():
        paths += sorted(SEEDS.glob("*.txt"))
    return [(p.name, read_bulletin(p)) for p in paths]


def rounds(texts: list[str], *, n_rounds: int = 15, seconds: float = 0.2
           ) -> list[tuple[float, float]]:
    """(wall, CPU) seconds per pass over ``texts``, for ``n_rounds`` rounds of ``seconds``."""
    for text in texts:
        parse_text(text)
    out = []
    for _ in range(n_rounds):
        passes = 0
        start, cpu = time.perf_counter(), time.process_time()
        while time.perf_counter() - start < seconds:
            for text in texts:
                parse_text(text)
            passes += 1
        out.append(((time.perf_counter() - start) / passes, (time.process_time() - cpu) / passes))
    return out


def main() -> int:
    texts = corpus()
    seeds = [(name, text) for name, text in texts if SEEDS.is_dir() and (SEEDS / name).exists()]
    fixtures = [(name, text) for name, text in texts if (name, text) not in seeds]
    rates = []
    for name, text in seeds:
        wall, cpu = zip(*rounds([text]), strict=True)
        best, median = 1 / min(wall), 1 / statistics.median(wall)
        rates.append(1 / statistics.median(cpu))
        print(f"seed {name} ({len(text):,} characters): {median:,.0f} bulletins/s median, "
              f"{best:,.0f} best ({statistics.median(wall) * 1e3:.2f} ms each); "
              f"CPU time {statistics.median(cpu) * 1e3:.2f} ms each")
    per = [w for w, _ in rounds([t for _, t in fixtures], n_rounds=7)]
    chars = sum(len(t) for _, t in fixtures)
    print(f"fixture corpus ({len(fixtures)} bulletins, {chars:,} characters): "
          f"{len(fixtures) / statistics.median(per):,.0f} bulletins/s, "
          f"{chars / statistics.median(per):,.0f} characters/s (median)")
    if rates:
        print(f"seed-sized bulletins: {min(rates):,.0f}-{max(rates):,.0f}/s of CPU time on one "
              f"core (floor {FLOOR:,})")
    else:
        print("seeds absent (../shared/seeds): only the fixture corpus was measured")
    return 0


if __name__ == "__main__":
    sys.exit(main())
