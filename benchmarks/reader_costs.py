"""Where the reader's time goes: machine instructions per part, on the two seed bulletins.

Run: ``make reader-costs`` (or ``.venv/bin/python benchmarks/reader_costs.py``); needs
``valgrind`` (Debian package) and ``../shared/seeds``; takes about two minutes.

Timings on a shared machine swing by a third from one minute to the next; the
count of instructions does not. Each part is measured by replacing it alone
with a stored answer (the function returns what it returned for the same
arguments the first time; the step that reads each sentence's figures is left
out instead) and counting what one pass over both seeds costs
then: the difference is what the part costs. Looking the stored answers up
costs a little itself, so a part called for every sentence comes out somewhat
too cheap, and a cheap one can come out at zero or below.

Instructions are counted with ``valgrind --tool=cachegrind`` over a run of 0
and of 10 passes, so that start-up (Python, imports) drops out.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
PASSES = 10

#: The parts, each a function and the modules that call it by name.
PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "deciding words (triggered_kinds)": ("triggered_kinds", ("labexport.periods",
                                                             "labexport.parse")),
    "date, language, scope (_doc_context)": ("_doc_context", ("labexport.parse",)),
    "blanking dates and markup (_mask_non_figures)": ("_mask_non_figures", ("labexport.parse",)),
    "period cues (find_cues)": ("find_cues", ("labexport.periods", "labexport.parse")),
    "sentence splitting (split_sentences)": ("split_sentences", ("labexport.parse",)),
    "normalizing (normalize_text)": ("normalize_text", ("labexport.textio", "labexport.parse")),
    "reading the figures (_read_sentence)": ("_read_sentence", ("labexport.parse",)),
    "  of which market names (find_markets)": ("find_markets", ("labexport.markets",
                                                                "labexport.parse")),
}


def _key(value: object) -> object:
    """A hashable stand-in for an argument: lists and records become tuples, mappings their id."""
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return id(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, *map(_key, vars(value).values()))
    return value


_MISSING = object()


def _stored(function: Callable) -> Callable:
    """``function``, answering each call it has seen before from what it answered then.

    Looking an answer up costs about half a microsecond, more where an argument
    must first be made hashable: a part called many times a pass comes out that
    much too cheap.
    """
    answers: dict = {}

    def replay(*args: object, **kwargs: object) -> object:
        key: object = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        try:
            hash(key)
        except TypeError:  # a list or a record among the arguments
            key = (tuple(_key(a) for a in args),
                   tuple(sorted((k, _key(v)) for k, v in kwargs.items())))
        answer = answers.get(key, _MISSING)
        if answer is _MISSING:
            answer = answers[key] = function(*args, **kwargs)
        return answer

    return replay


def _read_nothing(sentence: str, low: str, has: frozenset, cues: list, quote: str, doc: object,
                  carried: object, scope: str) -> tuple[list, object, str]:
    """The reader's sentence step, reading nothing: what is carried on stays as it was."""
    return [], carried, scope


def run_passes(passes: int, part: str | None) -> None:
    """Read both seeds ``passes`` times (after two passes that fill the stored answers)."""
    from labexport.parse import parse_text
    from labexport.textio import read_bulletin

    if part is not None:
        name, modules = PARTS[part]
        function = getattr(importlib.import_module(modules[0]), name)
        # Storing the answers of the sentence step would cost more than the step
        # (its arguments are records and lists): it is left out instead.
        replacement = _read_nothing if name == "_read_sentence" else _stored(function)
        for module in modules:
            setattr(importlib.import_module(module), name, replacement)
    texts = [read_bulletin(path) for path in sorted(SEEDS.glob("*.txt"))]
    for _ in range(2 + passes):
        for text in texts:
            parse_text(text)


def count_instructions(passes: int, part: str | None) -> int:
    """Instructions of a child process that reads the seeds ``passes`` times."""
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no",
               "--cachegrind-out-file=/dev/null", sys.executable, __file__,
               "--child", str(passes)]
    if part is not None:
        command += ["--part", part]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_pass(part: str | None) -> float:
    """Instructions per pass over both seeds, start-up left out."""
    return (count_instructions(PASSES, part) - count_instructions(0, part)) / PASSES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--part", choices=sorted(PARTS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        run_passes(args.child, args.part)
        return 0
    if shutil.which("valgrind") is None:
        print("reader_costs: valgrind is not installed (Debian: apt-get install valgrind)",
              file=sys.stderr)
        return 1
    if not SEEDS.is_dir():
        print(f"reader_costs: no seed bulletins at {SEEDS}", file=sys.stderr)
        return 1
    parts = [None, *PARTS]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        counts = dict(zip(parts, pool.map(per_pass, parts), strict=True))
    whole = counts[None]
    print(f"one pass over both seeds: {whole / 1e6:.2f} million instructions")
    for part in PARTS:
        cost = whole - counts[part]
        print(f"  {part:48s} {cost / 1e6:6.2f} million  {cost / whole:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
