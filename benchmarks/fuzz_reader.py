"""Fuzz the bulletin reader: mutate real-style bulletins and feed them all to it.

Run: ``make fuzz`` (or ``.venv/bin/python benchmarks/fuzz_reader.py --n 10000 --seed 1``).
Mutations (deleted, inserted and swapped characters, duplicated spans, shuffled
digits and separators; ``tests/mutations.py``) of the fixture bulletins. A crash
is any exception other than the documented ``BulletinError``. Prints the number
of inputs, crashes (with a reproducer), and the median and maximum time per input.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from mutations import corpus, mutate  # noqa: E402

from labexport.read.bulletin import parse_text  # noqa: E402
from labexport.read.textio import BulletinError  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    texts = corpus()
    rng = random.Random(args.seed)
    times, crashes, refused = [], [], 0
    slowest = (0.0, "")
    for i in range(args.n):
        text = mutate(rng.choice(texts), rng, rng.randint(1, 30))
        start = time.perf_counter()
        try:
            parse_text(text, source=f"fuzz-{i}")
        except BulletinError:
            refused += 1
        except Exception:  # a crash: that is what we are looking for
            crashes.append((i, text, traceback.format_exc(limit=3)))
        elapsed = time.perf_counter() - start
        times.append(elapsed)
        if elapsed > slowest[0]:
            slowest = (elapsed, text)
    print(f"inputs: {args.n:,} (seed {args.seed}); refused with BulletinError: {refused:,}; "
          f"crashes: {len(crashes)}")
    print(f"time per input: median {statistics.median(times) * 1000:.1f} ms, "
          f"max {max(times) * 1000:.1f} ms ({len(slowest[1]):,} characters)")
    for i, text, trace in crashes[:5]:
        print(f"--- crash on input {i}: {text[:200]!r}\n{trace}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
