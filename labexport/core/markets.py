"""Market registry: ISO 3166-1 codes, English and Vietnamese names, and aliases.

Countries and territories carry their ISO 3166-1 alpha-2 code (looked up in
:mod:`pycountry`). Regional aggregates that bulletins use in place of countries
(Europe, Middle East, Northeast Asia...) carry codes from the ISO user-assigned
range ``XA``-``XZ``, so they can never be mistaken for a country.

Examples
--------
>>> to_code("Đài Loan (Trung Quốc)")
'TW'
>>> to_code("China's Taiwan")
'TW'
>>> to_code("Nam Hàn")
'KR'
>>> display_name("TW", lang="vi")
'Đài Loan (Trung Quốc)'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

from labexport.core.errors import UnknownMarketError
from labexport.core.text import fold

ALL = "ALL"

#: European countries among the registry's markets (and the Europe aggregate), for the
#: "Europe and emerging markets" section of the reports.
EUROPE = frozenset({"BG", "BY", "CY", "CZ", "DE", "FR", "GB", "GR", "HR", "HU", "IT", "LT",
                    "MT", "PL", "RO", "RS", "RU", "SI", "SK", "XE"})
#: The three markets that take most workers every year; the rest are "other".
TRADITIONAL = ("JP", "TW", "KR")

#: Regional aggregates: user-assigned codes, English and Vietnamese names, aliases.
REGIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "XE": ("Europe", "Châu Âu", ("Europe", "European markets", "châu Âu", "thị trường châu Âu")),
    "XM": ("Middle East", "Trung Đông", ("Middle East", "Trung Đông")),
    "XD": (
        "Middle East and Africa",
        "Trung Đông và châu Phi",
        ("Middle East and Africa", "Trung Đông và châu Phi", "Trung Đông - châu Phi"),
    ),
    "XN": ("North Africa", "Bắc Phi", ("North Africa", "Bắc Phi")),
    "XA": ("Northeast Asia", "Đông Bắc Á", ("Northeast Asia", "North-East Asia", "Đông Bắc Á")),
    "XS": ("Southeast Asia", "Đông Nam Á", ("Southeast Asia", "South-East Asia", "Đông Nam Á")),
}

#: Countries and territories: code -> (English name, Vietnamese name, aliases).
#: The first two names are display names; every name is also an alias.
COUNTRIES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "JP": ("Japan", "Nhật Bản", ("Nhật", "Nhat Ban")),
    "TW": (
        "Taiwan",
        "Đài Loan (Trung Quốc)",
        (
            "Taiwan (China)", "China's Taiwan", "Chinese Taipei", "Chinese Taiwan",
            "Taiwan, China", "Đài Loan", "Đài Loan, Trung Quốc", "Đài Loan - Trung Quốc",
            "Dai Loan", "Dai Loan (Trung Quoc)",
        ),
    ),
    "KR": (
        "South Korea",
        "Hàn Quốc",
        (
            "Korea", "Republic of Korea", "Republic of Korea (RoK)", "the RoK", "RoK", "ROK",
            "Korea (RoK)", "Nam Hàn", "Han Quoc", "Südkorea",
        ),
    ),
    "CN": ("China", "Trung Quốc", ("mainland China", "Trung Quoc")),
    "HK": (
        "Hong Kong",
        "Hồng Kông (Trung Quốc)",
        ("Hong Kong (China)", "Hồng Công", "Hồng Kông", "Hong Kong, China"),
    ),
    "MO": (
        "Macao",
        "Ma Cao (Trung Quốc)",
        ("Macau", "Macau (China)", "Macao (China)", "Macao (Trung Quốc)", "Ma Cao", "Ma-cao"),
    ),
    "SA": (
        "Saudi Arabia",
        "Ả Rập Xê Út",
        (
            "Arab Saudi", "Arab Saudi Arabia", "Ả rập - Xê út", "Ả rập – Xê út", "Ả-rập Xê-út",
            "Ả Rập Saudi", "Ả rập xê út", "A-rap Xe-ut", "Saudi",
        ),
    ),
    "RO": ("Romania", "Rumani", ("Rumania", "Ru-ma-ni", "Rô-ma-ni", "Rumänien")),
    "HU": ("Hungary", "Hungary", ("Hungari", "Hunggary", "Hung-ga-ri", "Ungarn")),
    "MY": ("Malaysia", "Malaysia", ("Ma-lai-xi-a", "Mã Lai Á", "Mã Lai")),
    "SG": ("Singapore", "Singapore", ("Tân Gia Ba", "Xin-ga-po")),
    "PL": ("Poland", "Ba Lan", ()),
    "RU": (
        "Russia",
        "Liên bang Nga",
        ("Russian Federation", "the Russian Federation", "LB Nga", "Nga"),
    ),
    "DZ": ("Algeria", "Algeria", ("Algieria", "An-giê-ri")),
    "AE": (
        "United Arab Emirates",
        "Các Tiểu vương quốc Ả Rập Thống nhất",
        ("UAE", "Các Tiểu Vương quốc Ả Rập thống nhất (UAE)", "Các Tiểu vương quốc Ả Rập"),
    ),
    "QA": ("Qatar", "Qatar", ("Quatar", "Ca-ta")),
    "KW": ("Kuwait", "Kuwait", ("Cô-oét",)),
    "TH": ("Thailand", "Thái Lan", ()),
    "PH": ("Philippines", "Philippines", ("Phi Luật Tân",)),
    "GR": ("Greece", "Hy Lạp", ()),
    "TR": ("Turkey", "Thổ Nhĩ Kỳ", ("Türkiye", "Turkiye")),
    "DE": ("Germany", "Đức", ("CHLB Đức", "Cộng hòa Liên bang Đức")),
    "RS": ("Serbia", "Serbia", ("Séc-bi-a",)),
    "UZ": ("Uzbekistan", "Uzbekistan", ()),
    "BY": ("Belarus", "Belarus", ()),
    "CY": ("Cyprus", "Síp", ("Cộng hòa Cyprus", "Cyprus Republic", "Republic of Cyprus")),
    "KH": ("Cambodia", "Campuchia", ("Cam Bốt",)),
    "BG": ("Bulgaria", "Bulgaria", ("Bun-ga-ri",)),
    "IL": ("Israel", "Israel", ()),
    "CA": ("Canada", "Canada", ()),
    "AU": ("Australia", "Úc", ("Australia", "Ô-xtrây-li-a")),
    "NZ": ("New Zealand", "New Zealand", ()),
    "LA": ("Laos", "Lào", ()),
    "OM": ("Oman", "Oman", ()),
    "LY": ("Libya", "Libya", ()),
    "AO": ("Angola", "Angola", ()),
    "MZ": ("Mozambique", "Mozambique", ()),
    "CZ": ("Czechia", "Séc", ("Czech Republic", "Cộng hòa Séc")),
    "SK": ("Slovakia", "Slovakia", ()),
    "HR": ("Croatia", "Croatia", ()),
    "MT": ("Malta", "Malta", ()),
    "LT": ("Lithuania", "Litva", ("Lithuania",)),
    "SI": ("Slovenia", "Slovenia", ()),
    "IT": ("Italy", "Ý", ("Italia",)),
    "FR": ("France", "Pháp", ()),
    "GB": ("United Kingdom", "Vương quốc Anh", ("UK", "Anh")),
    "US": ("United States", "Hoa Kỳ", ("USA", "Mỹ")),
    "BN": ("Brunei", "Brunei", ()),
}


@dataclass(frozen=True)
class Market:
    """One market of the registry."""

    code: str
    name_en: str
    name_vi: str
    is_region: bool


def _check_iso(code: str) -> None:
    if pycountry.countries.get(alpha_2=code) is None:  # pragma: no cover - table error
        raise AssertionError(f"{code} is not an ISO 3166-1 alpha-2 code")


@cache
def registry() -> dict[str, Market]:
    """Return every known market by code (countries, territories and regions)."""
    markets: dict[str, Market] = {}
    for code, (en, vi, _aliases) in COUNTRIES.items():
        _check_iso(code)
        markets[code] = Market(code, en, vi, False)
    for code, (en, vi, _aliases) in REGIONS.items():
        markets[code] = Market(code, en, vi, True)
    return markets


@cache
def _alias_table() -> dict[str, str]:
    """Folded alias -> code. Diacritic-less spellings come for free from folding."""
    table: dict[str, str] = {}
    for source in (COUNTRIES, REGIONS):
        for code, (en, vi, aliases) in source.items():
            names = {en, vi, *aliases}
            if source is COUNTRIES:
                country = pycountry.countries.get(alpha_2=code)
                names.update(
                    getattr(country, attr)
                    for attr in ("name", "common_name", "official_name")
                    if hasattr(country, attr)
                )
            for name in names:
                table[fold(name)] = code
    for alias, code in EXACT_ALIASES.items():
        table[fold(alias)] = code
    for alias, code in FRENCH_ALIASES.items():
        table[fold(alias)] = code
    return table


#: Short names that are also ordinary words once diacritics or capitals are
#: dropped ("Lào" and "lao động", "Ba Lan" and "ba lần", "Đức" and "đạo đức").
#: They are matched only exactly as written, capital and diacritics included.
EXACT_ALIASES: dict[str, str] = {
    "Nhật": "JP", "Đức": "DE", "Lào": "LA", "Úc": "AU", "Séc": "CZ", "Síp": "CY",
    "Ba Lan": "PL", "Nam Hàn": "KR", "Mã Lai": "MY", "Pháp": "FR", "Anh": "GB",
    "Mỹ": "US", "Ý": "IT", "UK": "GB", "USA": "US", "RoK": "KR", "ROK": "KR",
    "Saudi": "SA", "LB Nga": "RU", "Nga": "RU", "Thái Lan": "TH", "Hy Lạp": "GR",
}


#: Names in French, as some foreign-press pages print them.
FRENCH_ALIASES: dict[str, str] = {
    "Japon": "JP", "Taïwan": "TW", "Corée du Sud": "KR", "Chine": "CN", "Hongrie": "HU",
    "Roumanie": "RO", "Singapour": "SG", "Malaisie": "MY", "Pologne": "PL", "Allemagne": "DE",
    "Arabie saoudite": "SA", "Émirats arabes unis": "AE", "Algérie": "DZ", "Russie": "RU",
    "Thaïlande": "TH", "Grèce": "GR", "Bulgarie": "BG", "Serbie": "RS",
}


def to_code(name: str) -> str:
    """Return the market code for a market name in English or Vietnamese.

    Parameters
    ----------
    name : str
        A market name as printed (any variant in the alias table), an ISO
        alpha-2 code, or ``"ALL"``.

    Returns
    -------
    str
        ``"ALL"``, an ISO 3166-1 alpha-2 code, or a regional code (``X?``).

    Raises
    ------
    UnknownMarketError
        If the name is not in the registry.
    """
    stripped = name.strip()
    if stripped.upper() in {"ALL", "TOTAL", "TỔNG", "TỔNG SỐ"}:
        return ALL
    if stripped.upper() in registry():
        return stripped.upper()
    code = _alias_table().get(fold(stripped))
    if code is None:
        raise UnknownMarketError(f"unknown market {name!r}")
    return code


def is_country(code: str) -> bool:
    """Whether a market code names one country or territory (not ``ALL``, not a region).

    >>> is_country("TW"), is_country("ALL"), is_country("XE")
    (True, False, False)
    """
    return code != ALL and not code.startswith("X")


def display_name(code: str, *, lang: str = "en") -> str:
    """Return the display name of a market code in English (``en``) or Vietnamese (``vi``)."""
    if code == ALL:
        return "All markets" if lang == "en" else "Tất cả thị trường"
    market = registry()[code]
    return market.name_vi if lang == "vi" else market.name_en


