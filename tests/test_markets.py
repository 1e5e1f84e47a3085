import pytest

from labexport.core.errors import UnknownMarketError
from labexport.core.markets import display_name, registry, to_code
from labexport.read.market_names import find_markets


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Taiwan (China)", "TW"),
        ("China's Taiwan", "TW"),
        ("Chinese Taipei", "TW"),
        ("Đài Loan, Trung Quốc", "TW"),
        ("Đài Loan (Trung Quốc)", "TW"),
        ("Dai Loan", "TW"),
        ("Hàn Quốc", "KR"),
        ("RoK", "KR"),
        ("Nam Hàn", "KR"),
        ("Republic of Korea (RoK)", "KR"),
        ("Rumani", "RO"),
        ("Rumania", "RO"),
        ("Ru-ma-ni", "RO"),
        ("Ả-rập Xê-út", "SA"),
        ("Arab Saudi", "SA"),
        ("Ả rập – Xê út", "SA"),
        ("Ma Cao", "MO"),
        ("Macao (Trung Quốc)", "MO"),
        ("Hồng Công", "HK"),
        ("Hungari", "HU"),
        ("Hunggary", "HU"),
        ("LB Nga", "RU"),
        ("Liên bang Nga", "RU"),
        ("Nhật Bản", "JP"),
        ("Trung Quốc", "CN"),
        ("Algieria", "DZ"),
        ("Quatar", "QA"),
        ("UAE", "AE"),
        ("Ba Lan", "PL"),
        ("Cam Bốt", "KH"),
        ("ALL", "ALL"),
    ],
)
def test_alias_resolves_to_iso_code(name, code):
    assert to_code(name) == code


def test_regions_have_codes_of_their_own_never_a_country():
    import pycountry

    for name in [
        "Europe",
        "Middle East",
        "Northeast Asia",
        "Đông Bắc Á",
        "Southeast Asia",
        "North Africa",
        "Middle East and Africa",
    ]:
        code = to_code(name)
        assert code.startswith("X"), name
        assert pycountry.countries.get(alpha_2=code) is None
        assert registry()[code].is_region


def test_unknown_market_is_an_error():
    with pytest.raises(UnknownMarketError, match="Atlantis"):
        to_code("Atlantis")


def test_display_names_in_both_languages():
    assert display_name("JP", lang="vi") == "Nhật Bản"
    assert display_name("TW", lang="en") == "Taiwan"


def test_short_vietnamese_names_do_not_match_ordinary_words():
    text = "lao động sang Ba Lan gấp ba lần, đạo đức nghề nghiệp; Korean Employment Permit System"
    assert [c for _, _, c in find_markets(text)] == ["PL"]


def test_taiwan_china_is_one_market_not_two():
    text = "Taiwan (China): 32,471 workers; China: 643"
    assert [c for _, _, c in find_markets(text)] == ["TW", "CN"]
