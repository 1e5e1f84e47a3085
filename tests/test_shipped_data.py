"""The shipped figures: their transcription from the shared table, and the choice among sources."""

import csv
import importlib.util
import json

import pandas as pd
import pytest
from conftest import ROOT, run_cli

from labexport.analysis.checks import run_checks
from labexport.core.errors import BuildError, TableError
from labexport.data.prefer import KEY, conflicts, mark_preferred, resolve

SHIPPED = ROOT / "labexport" / "data" / "shipped" / "dolab_figures.csv"
SHARED = ROOT.parent / "shared" / "data" / "dolab_figures.csv"
NLD = ("https://nld.com.vn/bat-ngo-so-tien-gan-7-ti-usd-nam-ma-lao-dong-viet-nam-gui-ve-que-"
       "nha-196251124102902531.htm")


def shipped_rows():
    with SHIPPED.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def tool():
    path = ROOT / "tools" / "transcribe_shared.py"
    spec = importlib.util.spec_from_file_location("transcribe_shared", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def figure(facts, year, month_from, month_to, measure="departures", market="ALL", sex="total"):
    return facts[(facts["scope"] == "national") & (facts["year"] == year)
                 & (facts["month_from"] == month_from) & (facts["month_to"] == month_to)
                 & (facts["measure"] == measure) & (facts["market"] == market)
                 & (facts["sex"] == sex)]


# The shipped file and its transcription.


def test_the_shipped_file_has_2508_rows_each_with_a_source():
    rows = shipped_rows()
    assert len(rows) == 2508
    assert all(r["source"].startswith("http") for r in rows)


def test_every_shared_row_has_its_transcription_in_order():
    if not SHARED.is_file():
        pytest.skip(f"{SHARED} is absent: the shipped file cannot be compared with it")
    with SHARED.open(encoding="utf-8", newline="") as fh:
        shared = list(csv.DictReader(fh))
    assert len(shared) == 2508
    assert tool().transcribe(SHARED) == shipped_rows()


def test_the_transcription_maps_names_windows_and_qualifiers():
    t = tool()
    row = {"source_url": "https://news.baokhanhhoa.vn/x", "lang": "en", "published": "2025-07-23",
           "year": "2025", "month_from": "1", "month_to": "7", "window": "ytd",
           "scope": "Khanh Hoa", "market": "ALL", "sex": "total", "value": "280",
           "qualifier": "nearly", "note": "seed"}
    out = t.transcribe_row(row)
    assert (out["scope"], out["measure"], out["qualifier"]) == ("Khánh Hòa", "departures", "nearly")
    out = t.transcribe_row({**row, "window": "target", "scope": "national", "market": "South Korea",
                            "value": "4200", "qualifier": "about"})
    assert (out["scope"], out["measure"], out["market"], out["qualifier"]) == (
        "national", "target", "KR", "approx")
    assert t.transcribe_row({**row, "window": "quarter", "month_from": "10",
                             "month_to": "12"})["measure"] == "departures"


def test_a_row_the_table_cannot_represent_stops_the_run_with_its_line(tmp_path):
    t = tool()
    src = tmp_path / "dolab_figures.csv"
    header = ",".join(t.SOURCE_COLUMNS)
    src.write_text(f"{header}\nhttps://a.vn/x,vi,,2025,1,7,week,national,ALL,total,1,exact,\n",
                   encoding="utf-8")
    with pytest.raises(TableError, match="line 2: unknown window 'week'"):
        t.transcribe(src)
    src.write_text(f"{header}\nhttps://a.vn/x,vi,,2025,1,7,ytd,national,Atlantis,total,1,exact,\n",
                   encoding="utf-8")
    with pytest.raises(TableError, match="line 2: unknown market 'Atlantis'"):
        t.transcribe(src)


# What the shipped data gives.


def test_indicators_for_october_2025_give_the_agreed_dolab_total(shipped_data):
    res = run_cli("indicators", "--period", "2025-10", "--data-dir", str(shipped_data), "--json")
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)
    assert (s["ytd_total"], s["ytd_qualifier"], s["attainment_pct_stated"]) == (
        121190.0, "exact", 93.2)
    assert (s["target"], s["attainment_verdict"]) == (130000.0, "rounded")
    top = s["top_markets"][0]
    assert (top["market"], top["ytd"], top["share"]) == ("JP", 55049.0, 45.4)


def test_indicators_for_july_2025_are_those_of_the_national_report(shipped_data):
    res = run_cli("indicators", "--period", "2025-07", "--data-dir", str(shipped_data), "--json")
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)
    assert (s["ytd_total"], s["ytd_female"], s["month_total"]) == (85781.0, 28991.0, 11090.0)
    assert (s["attainment_pct_stated"], s["target"]) == (65.9, 130000.0)
    top = s["top_markets"][0]
    assert (top["market"], top["ytd"], top["share"]) == ("JP", 39558.0, 46.1)


def test_the_later_128044_is_kept_not_preferred_and_listed_as_a_conflict(shipped_facts):
    rows = figure(shipped_facts, 2025, 1, 10)
    assert rows.loc[rows["value"] == 128044, ["source", "preferred"]].values.tolist() == [
        [NLD, False]]
    assert rows.loc[rows["preferred"], "value"].tolist() == [121190.0]
    found = run_checks(shipped_facts)
    [f] = found[(found["check"] == "sources agree") & (found["year"] == 2025)
                & (found["months"] == "1-10") & (found["market"] == "ALL")
                & found["detail"].str.startswith("departures")].to_dict("records")
    assert f["detail"] == ("departures (total): 128,044 (3 publishers) against the preferred "
                           "121,190 (7 publishers)")
    assert NLD in f["sources"].split(" | ")


def test_check_lists_the_conflict_on_the_command_line(shipped_data):
    res = run_cli("check", "--data-dir", str(shipped_data))
    assert res.returncode == 0, res.stderr
    assert ("national 2025 1-10 ALL: departures (total): 128,044 (3 publishers) against the "
            "preferred 121,190 (7 publishers)") in res.stdout
    assert "== sources agree: 29 violation(s)" in res.stdout


def test_the_more_precise_attainment_is_preferred(shipped_facts):
    rows = figure(shipped_facts, 2024, 1, 9, measure="attainment_pct")
    assert sorted(rows["value"]) == [91.1, 91.11]
    assert rows.loc[rows["preferred"], "value"].tolist() == [91.11]


def test_the_2018_total_is_the_final_count_and_the_december_figure_is_kept(shipped_facts):
    rows = figure(shipped_facts, 2018, 1, 12)
    assert rows.loc[rows["preferred"], "value"].tolist() == [142860.0]
    early = rows[rows["value"] == 140000]
    assert sorted(early["qualifier"]) == ["exact"] + ["over"] * 6
    assert "https://e.vnexpress.net/news/news/vietnam-sends-record-140-000-guest-workers-" \
           "abroad-in-2018-3859714.html" in set(early["source"])
    assert not early["preferred"].any()


# The rule, clause by clause, on small frames of real figures.

OCT_2025 = {"scope": "national", "year": 2025, "month_from": 1, "month_to": 10,
            "measure": "departures", "market": "ALL", "sex": "total"}


def frame(*rows, **key):
    return pd.DataFrame([{**OCT_2025, **key, "value": float(v), "qualifier": q,
                          "published": p, "source": s} for v, q, p, s in rows])


def chosen(facts):
    out = mark_preferred(facts)
    return out.loc[out["preferred"], ["value", "source"]].values.tolist()


def test_one_row_is_preferred_per_figure():
    facts = pd.concat([frame((121190, "exact", "", "https://a.vn/1")),
                       frame((55049, "exact", "", "https://a.vn/1"), market="JP")])
    out = mark_preferred(facts)
    assert out["preferred"].tolist() == [True, True]
    assert not out[out["preferred"]].duplicated(KEY).any()


def test_exact_beats_rounded_even_when_the_rounded_is_later():
    facts = frame((121000, "over", "2025-11-24", "https://hkbav.org/a"),
                  (121190, "exact", "", "https://www.viet-jo.com/b"))
    assert chosen(facts) == [[121190.0, "https://www.viet-jo.com/b"]]


def test_a_more_precise_statement_beats_its_rounding():
    pct = frame((91.1, "exact", "2024-10-24", "https://viet-jo.com/m/a"),
                (91.11, "exact", "", "http://www.yes8877.cc/b"),
                year=2024, month_to=9, measure="attainment_pct")
    assert chosen(pct) == [[91.11, "http://www.yes8877.cc/b"]]
    # 2023 Korea: "11,000" and "11,600" (both printed without a qualifier) round 11,626.
    korea = frame((11000, "exact", "2024-04-11", "https://en.baochinhphu.vn/a"),
                  (11600, "exact", "", "https://e.vnexpress.net/b"),
                  (11626, "exact", "2024-01-23", "https://sendinginstnavi.asia/c"),
                  year=2023, month_to=12, market="KR")
    assert chosen(korea) == [[11626.0, "https://sendinginstnavi.asia/c"]]
    # Two different exact counts are not roundings of each other.
    assert chosen(frame((126296, "exact", "2017-01-16", "https://viet-jo.com/a"),
                        (126289, "exact", "2020-01-06", "https://y-and-h.com/b"),
                        year=2016, month_to=12)) == [[126289.0, "https://y-and-h.com/b"]]


def test_independent_agreement_beats_a_lone_later_outlier():
    facts = frame((121190, "exact", "", "http://en-connectviet.moit.gov.vn/a"),
                  (121190, "exact", "2025-11-05", "https://vneconomy.vn/b"),
                  (121190, "exact", "2025-10-31", "https://www.viet-jo.com/c"),
                  (128044, "exact", "2025-11-24", NLD))
    assert chosen(facts) == [[121190.0, "https://vneconomy.vn/b"]]


def test_rounded_statements_confirm_the_exact_values_they_round():
    # One exact statement each: "over 121,000" confirms 121,190, not the later 128,044.
    facts = frame((121190, "exact", "", "https://www.viet-jo.com/a"),
                  (128044, "exact", "2025-11-24", NLD),
                  (121000, "over", "", "https://hkbav.org/b"),
                  (121000, "over", "2025-10-30", "https://vnexpress.net/c"))
    assert chosen(facts) == [[121190.0, "https://www.viet-jo.com/a"]]
    assert chosen(facts.iloc[:2]) == [[128044.0, NLD]]  # without them: the later one
    # "nearly 72,300" confirms 72,294 (the first half of 2023).
    h1 = frame((72294, "exact", "", "https://vamas.com.vn/a"),
               (72300, "nearly", "", "https://en.vietnamplus.vn/b"),
               year=2023, month_to=6)
    assert resolve(h1)["support"].tolist()[0] == 2


def test_the_same_publisher_later_revises():
    # Taiwan 2018: VnExpress's December 65,000, then (as if) its own final 60,369; another
    # paper repeats 65,000 in between. The withdrawn statement no longer counts.
    facts = frame((65000, "exact", "2018-12-25", "https://e.vnexpress.net/a"),
                  (65000, "exact", "2019-01-01", "http://www.insidevina.com/b"),
                  (60369, "exact", "2019-01-05", "https://e.vnexpress.net/c"),
                  year=2018, month_to=12, market="TW")
    assert chosen(facts) == [[60369.0, "https://e.vnexpress.net/c"]]
    assert resolve(facts)["withdrawn"].tolist() == [True, False, False]
    # A rounding restated later is not a revision: VietJo's 126,000 of April 2017.
    same = frame((126296, "exact", "2017-01-16", "http://www.viet-jo.com/a"),
                 (126000, "exact", "2017-04-12", "https://www.viet-jo.com/b"),
                 year=2016, month_to=12)
    assert resolve(same)["withdrawn"].tolist() == [False, False]
    assert chosen(same) == [[126296.0, "http://www.viet-jo.com/a"]]


def test_a_publisher_confirms_through_its_most_precise_statement():
    facts = frame((121190, "exact", "2025-11-05", "https://vneconomy.vn/a"),
                  (120000, "over", "2025-10-31", "https://vneconomy.vn/b"),
                  (128044, "exact", "2025-11-24", NLD))
    assert resolve(facts)["support"].tolist()[::2] == [1.0, 1.0]


def test_with_equal_support_the_latest_publication_wins_and_undated_rows_rank_last():
    female = frame((14982, "exact", "2021-10-13", "https://m.tapchilaodongxahoi.vn/a"),
                   (10489, "exact", "2021-10-12", "https://viet-jo.com/b"),
                   year=2021, month_to=9, sex="female")
    assert chosen(female) == [[14982.0, "https://m.tapchilaodongxahoi.vn/a"]]
    assert chosen(female.assign(published=["", "2021-10-12"])) == [
        [10489.0, "https://viet-jo.com/b"]]


def test_a_full_tie_keeps_the_row_that_comes_first():
    jul = frame((81429, "exact", "", "https://vietnamnet.vn/a"),
                (56863, "exact", "", "https://chuongtrinhmtqg.baodantoc.vn/b"),
                year=2022, month_to=7)
    assert chosen(jul) == [[81429.0, "https://vietnamnet.vn/a"]]
    assert chosen(jul.iloc[::-1]) == [[56863.0, "https://chuongtrinhmtqg.baodantoc.vn/b"]]
    # Resolving a built dataset again keeps its choice.
    built = mark_preferred(jul).iloc[::-1]
    assert chosen(built) == [[81429.0, "https://vietnamnet.vn/a"]]


def test_conflicts_list_contradictions_not_roundings_or_revisions():
    facts = frame((121190, "exact", "2025-11-05", "https://vneconomy.vn/a"),
                  (121190, "exact", "2025-10-31", "https://www.viet-jo.com/b"),
                  (128044, "exact", "2025-11-24", NLD),
                  (121000, "over", "", "https://hkbav.org/c"))
    [c] = conflicts(facts).to_dict("records")
    assert (c["value"], c["sources"], c["preferred_value"]) == (128044.0, NLD, 121190.0)
    assert c["preferred_sources"] == "https://vneconomy.vn/a | https://www.viet-jo.com/b"
    assert (c["support"], c["preferred_support"]) == (1.0, 3.0)
    pct = frame((91.1, "exact", "2024-10-24", "https://viet-jo.com/m/a"),
                (91.11, "exact", "", "http://www.yes8877.cc/b"),
                year=2024, month_to=9, measure="attainment_pct")
    assert conflicts(pct).empty
    revised = frame((65000, "exact", "2018-12-25", "https://e.vnexpress.net/a"),
                    (60369, "exact", "2019-01-05", "https://e.vnexpress.net/c"),
                    year=2018, month_to=12, market="TW")
    assert conflicts(revised).empty


# Observation status (after SDMX's OBS_STATUS) and the first-published value.


def statuses(facts):
    r = resolve(facts)
    return r["obs_status"].tolist(), r["first_value"].tolist()


def test_status_of_a_revision_its_first_value_and_an_independent_repeat():
    facts = frame((65000, "exact", "2018-12-25", "https://e.vnexpress.net/a"),
                  (65000, "exact", "2019-01-01", "http://www.insidevina.com/b"),
                  (60369, "exact", "2019-01-05", "https://e.vnexpress.net/c"),
                  year=2018, month_to=12, market="TW")
    # The independent 65,000 still contradicts the revision: C before R.
    assert statuses(facts) == (["F", "C", "C"], [65000.0] * 3)
    alone = facts.iloc[[0, 2]]
    assert statuses(alone) == (["F", "R"], [65000.0] * 2)


def test_status_as_published_rounded_derived_and_conflicting():
    facts = frame((121190, "exact", "2025-10-31", "https://www.viet-jo.com/a"),
                  (121000, "over", "2025-10-30", "https://vnexpress.net/b"),
                  (128044, "exact", "2025-11-24", NLD))
    assert statuses(facts) == (["C", "E", "C"], [121000.0] * 3)
    assert statuses(facts.iloc[:2]) == (["A", "E"], [121000.0] * 2)
    derived = frame((126.29, "derived", "", "b.txt"), year=2022, month_to=12,
                    measure="attainment_pct")
    assert statuses(derived) == (["D"], [126.29])
    # A rounding of the preferred value is not a conflict.
    pct = frame((91.1, "exact", "2024-10-24", "https://viet-jo.com/m/a"),
                (91.11, "exact", "", "http://www.yes8877.cc/b"),
                year=2024, month_to=9, measure="attainment_pct")
    assert statuses(pct) == (["A", "A"], [91.1, 91.1])


def test_statuses_of_the_shipped_october_2025_total(shipped_facts):
    rows = figure(shipped_facts, 2025, 1, 10)
    r = resolve(rows)
    by_value = r.groupby(["value", "qualifier"])["obs_status"].agg(set).to_dict()
    assert by_value == {(120000.0, "over"): {"E"}, (121000.0, "over"): {"E"},
                        (121190.0, "exact"): {"C"}, (128044.0, "exact"): {"C"}}
    assert set(r["first_value"]) == {121000.0}  # "over 121,000", 30 October 2025


def test_the_schema_accepts_the_status_columns_and_checks_their_codes(shipped_facts):
    from labexport.data.dataset import validate

    facts = shipped_facts.drop(columns=["preferred"])
    r = resolve(facts)
    with_status = facts.assign(obs_status=r["obs_status"].to_numpy(),
                               first_value=r["first_value"].to_numpy())
    assert len(validate(with_status)) == 2508
    with_status.loc[with_status.index[0], "obs_status"] = "X"
    with pytest.raises(BuildError, match="obs_status"):
        validate(with_status)
