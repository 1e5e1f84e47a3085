"""The package's layers import only downward (import-linter's contracts in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_contracts_are_kept():
    run = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:]
    assert "Contracts: 2 kept, 0 broken." in run.stdout


def test_every_error_a_user_sees_is_one_labexport_error():
    import labexport.core.errors as errors

    family = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, Exception)]
    assert all(issubclass(e, errors.LabexportError) for e in family)
    assert {e.__name__ for e in family} >= {
        "LabexportError", "BulletinError", "TableError", "BuildError", "ParameterError",
        "UnknownMarketError", "ReportError", "NotebookError", "NotBuiltError"}
    defined_elsewhere = []
    for path in (ROOT / "labexport").rglob("*.py"):
        if path.name != "errors.py":
            defined_elsewhere += [line for line in path.read_text(encoding="utf-8").splitlines()
                                  if line.startswith("class ") and "Error(" in line]
    assert defined_elsewhere == []


def test_the_command_line_shows_a_missing_dataset_as_one_line(tmp_path, capsys):
    from labexport.cli import main

    assert main(["check", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err == (f"labexport: error: {tmp_path / 'processed' / 'facts.csv'}: not built yet; "
                   "run `labexport build`\n")


def test_the_public_verbs_come_from_their_home_modules():
    import labexport
    from labexport import (  # noqa: F401 - importing them is the test
        build,
        load_facts,
        monthly_panel,
        parse_bulletin,
        read_table,
        run_checks,
        summarize_period,
    )

    assert sorted(labexport.__all__) == sorted(labexport._VERBS)
    for name, module in labexport._VERBS.items():
        assert getattr(labexport, name).__module__ == module, name


def test_docs_architecture_names_every_module_of_the_package():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(p.relative_to(ROOT / "labexport").as_posix()
                     for p in (ROOT / "labexport").rglob("*.py")
                     if p.name not in {"__init__.py", "__main__.py"})
    assert [m for m in modules if f"`{m}`" not in text] == []
