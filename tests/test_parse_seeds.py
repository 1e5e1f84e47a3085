"""The two real seed bulletins must parse exactly: every figure, nothing spurious."""

from labexport.read.bulletin import parse_bulletin

COLS = ["scope", "year", "month_from", "month_to", "measure", "market", "sex", "value", "qualifier"]


def rows(df):
    return sorted(tuple(r) for r in df[COLS].itertuples(index=False))


def test_national_seed_july_2025(seeds_dir):
    facts = parse_bulletin(seeds_dir / "004_0d109b71213d8387.txt")
    n = "national"
    assert rows(facts) == sorted(
        [
            (n, 2025, 7, 7, "departures", "ALL", "total", 11090.0, "exact"),
            (n, 2025, 7, 7, "departures", "ALL", "female", 3374.0, "exact"),
            (n, 2025, 1, 7, "departures", "ALL", "total", 85781.0, "exact"),
            (n, 2025, 1, 7, "departures", "ALL", "female", 28991.0, "exact"),
            (n, 2025, 1, 7, "attainment_pct", "ALL", "total", 65.9, "exact"),
            (n, 2025, 1, 12, "target", "ALL", "total", 130000.0, "exact"),
            (n, 2025, 1, 7, "departures", "JP", "total", 39558.0, "exact"),
            (n, 2025, 1, 7, "departures", "TW", "total", 32471.0, "exact"),
            (n, 2025, 1, 7, "departures", "KR", "total", 7340.0, "exact"),
        ]
    )
    assert set(facts["lang"]) == {"en"}
    jp = facts[facts["market"] == "JP"].iloc[0]
    assert "Japan received 39,558 workers" in jp["quote"]


def test_provincial_seed_khanh_hoa(seeds_dir):
    facts = parse_bulletin(seeds_dir / "000_44b2489ea59fefd6.txt")
    k = "Khánh Hòa"
    assert rows(facts) == sorted(
        [
            (k, 2025, 1, 7, "departures", "ALL", "total", 280.0, "nearly"),
            (k, 2025, 7, 7, "demand", "ALL", "total", 500.0, "approx"),
            (k, 2025, 1, 12, "quota", "ALL", "total", 200.0, "approx"),
        ]
    )
    assert set(facts["published"]) == {"2025-07-23"}
    # Salaries (VND20 to more than VND35 million) are not counts of workers.
    assert not (facts["value"].isin([20, 35, 35_000_000])).any()
