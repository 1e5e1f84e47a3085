"""Vietnam's provinces and centrally run cities, for the scope of provincial bulletins."""

from __future__ import annotations

from functools import cache

from labexport.core.text import fold

#: The 63 provinces and cities (before the 2025 mergers; the merged provinces kept
#: one of these names), in NFC Vietnamese.
PROVINCES: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hồ Chí Minh", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lạng Sơn", "Lào Cai", "Lâm Đồng", "Long An", "Nam Định", "Nghệ An",
    "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
    "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long",
    "Vĩnh Phúc", "Yên Bái",
)

NATIONAL = "national"


@cache
def _by_fold() -> dict[str, str]:
    return {fold(name): name for name in PROVINCES}


def to_province(name: str) -> str:
    """Return the NFC Vietnamese name of a province written in any spelling.

    Examples
    --------
    >>> to_province("Khanh Hoa")
    'Khánh Hòa'

    Raises
    ------
    KeyError
        If the name is not a province.
    """
    key = fold(name)
    if key == NATIONAL:
        return NATIONAL
    return _by_fold()[key]


#: Other spellings of a few provinces and cities, folded.
ALIASES: dict[str, str] = {
    "hanoi": "Hà Nội", "ha noi city": "Hà Nội", "ho chi minh city": "Hồ Chí Minh",
    "hcm city": "Hồ Chí Minh", "tp.hcm": "Hồ Chí Minh", "tphcm": "Hồ Chí Minh",
    "tp hcm": "Hồ Chí Minh", "hcmc": "Hồ Chí Minh", "thua thien - hue": "Thừa Thiên Huế",
    "hue": "Thừa Thiên Huế", "danang": "Đà Nẵng", "haiphong": "Hải Phòng", "ba ria-vung tau":
    "Bà Rịa - Vũng Tàu", "ba ria vung tau": "Bà Rịa - Vũng Tàu", "dak lak": "Đắk Lắk",
    "daklak": "Đắk Lắk", "dak nong": "Đắk Nông",
}


