import json

from conftest import FIXTURES, run_cli

F = FIXTURES / "bulletins"


def test_parse_json_interface(seeds_dir):
    res = run_cli("parse", "--json", str(seeds_dir / "004_0d109b71213d8387.txt"))
    assert res.returncode == 0, res.stderr
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(records) == 9
    keys = {
        "source",
        "scope",
        "year",
        "month_from",
        "month_to",
        "measure",
        "market",
        "sex",
        "value",
        "qualifier",
    }
    assert all(keys <= r.keys() for r in records)
    month = [r for r in records if r["month_from"] == 7 and r["sex"] == "total"]
    assert month == [{**month[0], "value": 11090, "market": "ALL", "year": 2025}]
    assert {r["value"] for r in records if r["measure"] == "attainment_pct"} == {65.9}


def test_parse_prints_a_readable_table():
    res = run_cli("parse", str(F / "04_vi_2024_q1_nghin.txt"))
    assert res.returncode == 0
    assert "2024 01-03" in res.stdout
    assert "23,364" in res.stdout


def test_bad_inputs_give_one_line_errors_and_good_files_still_print(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01\x02\xff" * 50)
    nothing = tmp_path / "prose.txt"
    nothing.write_text("The department held a meeting on training and language skills.\n")
    missing = tmp_path / "missing.txt"
    good = F / "07_en_2021_10_same_month.txt"
    res = run_cli(
        "parse",
        "--json",
        str(empty),
        str(binary),
        str(good),
        str(missing),
        str(tmp_path),
        str(nothing),
    )
    assert res.returncode == 1
    errors = res.stderr.splitlines()
    assert errors == [
        f"labexport: error: {empty}: empty file",
        f"labexport: error: {binary}: binary file (NUL bytes), not a text bulletin",
        f"labexport: error: {missing}: no such file",
        f"labexport: error: {tmp_path}: is a directory, not a bulletin file",
        f"labexport: error: {nothing}: no figures found",
    ]
    assert "Traceback" not in res.stderr
    values = [json.loads(line)["value"] for line in res.stdout.splitlines()]
    assert 766 in values
    assert 43584 in values


def test_indicators_json_of_a_gap_month_keeps_every_key_and_reason(shipped_data):
    # September 2025: the month was published, but no January-September total.
    res = run_cli("indicators", "--period", "2025-09", "--json", "--data-dir", str(shipped_data))
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)
    gaps = ["month_female", "ytd_total", "ytd_qualifier", "ytd_female", "female_share_ytd",
            "female_share_month"]
    plan = ["attainment_pct", "attainment_pct_stated", "attainment_verdict"]
    later = ["projection_year_end", "required_monthly_rate", "top_markets", "top3_share", "hhi",
             "yoy_ytd_change_pct"]

    def with_reasons(keys):
        return [k for key in keys for k in (key, f"{key}_why", f"{key}_reason")]

    assert list(s) == [
        "period", "scope", "month_total", "month_total_method", "month_qualifier",
        *with_reasons(gaps), "target", "target_kind", *with_reasons(plan), "calendar_pace_pct",
        "seasonal_pace_pct", "seasonal_years", *with_reasons(later), "sources"]
    assert s["ytd_total_why"] == {"code": "no_ytd", "month": 9, "year": 2025}
    assert s["ytd_total_reason"] == "no January-09/2025 total published"
    assert s["month_total"] == 11487.0


def test_usage_errors_are_one_line_with_exit_code_2():
    run = run_cli("report", "--perio", "2025-07")
    assert run.returncode == 2
    assert run.stderr == ("labexport: error: the following arguments are required: --period "
                          "(see `labexport report --help`)\n")
    run = run_cli("indicators", "--period", "2025-07", "--bogus")
    assert run.returncode == 2
    assert run.stderr == ("labexport: error: unrecognized arguments: --bogus "
                          "(see `labexport --help`)\n")
