"""What is computed from fixed inputs is what the snapshot holds (see ``tests/snapshot.py``)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from snapshot import SEEDS, SNAPSHOTS, bulletin_paths, key_figures, read_all


def test_every_figure_read_from_the_fixtures_and_seeds_is_unchanged():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent: the seeds' figures cannot be compared")
    kept = pd.read_csv(SNAPSHOTS / "facts.csv", keep_default_na=False, dtype=str)
    now = read_all(bulletin_paths()).astype(str)
    now["published"] = now["published"].replace({"None": "", "nan": "", "NaT": ""})
    kept["value"] = kept["value"].astype(float).astype(str)
    assert now.to_dict("records") == kept.to_dict("records")


@pytest.mark.notebook
def test_the_key_figures_of_the_2025_07_and_2024_09_reports_are_unchanged(tmp_path):
    kept = json.loads((SNAPSHOTS / "key_figures.json").read_text(encoding="utf-8"))
    assert key_figures(tmp_path) == kept
