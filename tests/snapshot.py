"""What the package computes from fixed inputs, kept to show that a code change changes none.

``python tests/snapshot.py`` writes ``tests/fixtures/snapshots/``: every figure read
from the fixture bulletins and the seeds (``facts.csv``), and the key figures of
the reports of 2025-07 and 2024-09 (``key_figures.json``). ``test_behaviour.py``
computes the same again and compares. Rewrite the snapshot only for a change
meant to change what is computed, and say so in its commit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOTS = ROOT / "tests" / "fixtures" / "snapshots"
SEEDS = ROOT.parent / "shared" / "seeds"
PERIODS = ("2025-07", "2024-09")


def bulletin_paths() -> list[Path]:
    """The fixture bulletins, then the seeds when ``../shared`` is there."""
    paths = sorted((ROOT / "tests" / "fixtures" / "bulletins").glob("*.txt"))
    return paths + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])


def read_all(paths: list[Path]) -> pd.DataFrame:
    """Every figure read from ``paths``, one row each, in a stable order."""
    from labexport.read.bulletin import parse_bulletin

    frames = [parse_bulletin(p).assign(file=p.name) for p in paths]
    facts = pd.concat(frames, ignore_index=True).drop(columns=["source"])
    return facts.sort_values(list(facts.columns)).reset_index(drop=True)


def key_figures(out: Path) -> dict[str, dict]:
    """Build the reports of :data:`PERIODS` into ``out``; their key figures by period/report."""
    for period in PERIODS:
        subprocess.run([sys.executable, "-m", "labexport", "report", "--period", period,
                        "--out", str(out), "--force"], check=True, capture_output=True)
    return {f"{side.parent.name}/{side.stem}": json.loads(side.read_text())["key_figures"]
            for period in PERIODS for side in sorted((out / period).glob("*.json"))}


def main() -> int:
    import tempfile

    SNAPSHOTS.mkdir(parents=True, exist_ok=True)
    read_all(bulletin_paths()).to_csv(SNAPSHOTS / "facts.csv", index=False)
    with tempfile.TemporaryDirectory() as tmp:
        figures = key_figures(Path(tmp))
    (SNAPSHOTS / "key_figures.json").write_text(
        json.dumps(figures, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
