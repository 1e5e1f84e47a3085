"""Reader speed: bulletins per second on the fixture corpus (and the seeds, if present).

Run: ``.venv/bin/python benchmarks/bench_parse.py``. Reads every bulletin once
to warm up, then parses the decoded texts in a loop on one core and prints the
median rate of several rounds. Target (issue 2): at least 1,000 seed-sized
bulletins per second.
"""

import statistics
import sys
import time
from pathlib import Path

from labexport.parse import parse_text
from labexport.textio import read_bulletin

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "tests" / "fixtures" / "bulletins").glob("*.txt"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        paths += sorted(seeds.glob("*.txt"))
    return [(p.name, read_bulletin(p)) for p in paths]


def main() -> int:
    texts = corpus()
    for name, text in texts:
        parse_text(text, source=name)
    sizes = [len(t) for _, t in texts]
    rates = []
    for _ in range(5):
        start = time.perf_counter()
        n = 0
        while time.perf_counter() - start < 1.0:
            for name, text in texts:
                parse_text(text, source=name)
                n += 1
        rates.append(n / (time.perf_counter() - start))
    seed_sizes = [len(t) for n, t in texts if n[:3] in {"000", "004"}]
    print(f"corpus: {len(texts)} bulletins, median {statistics.median(sizes):,.0f} chars "
          f"(seeds: {', '.join(f'{s:,}' for s in seed_sizes) or 'absent'})")
    print(f"rounds (bulletins/s): {', '.join(f'{r:,.0f}' for r in rates)}")
    print(f"median: {statistics.median(rates):,.0f} bulletins/s on one core (target >= 1,000)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
