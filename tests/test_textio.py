import codecs

import pytest

from labexport.core.errors import BulletinError
from labexport.read.bulletin import parse_bulletin
from labexport.read.textio import decode_bytes, read_bulletin

VI = "Tháng 7/2025 cả nước có 11.090 lao động (3.374 lao động nữ)."


@pytest.mark.parametrize(
    "data",
    [
        VI.encode("utf-8"),
        codecs.BOM_UTF8 + VI.encode("utf-8"),
        VI.encode("utf-16"),
        __import__("unicodedata").normalize("NFD", VI).encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "nfd"],
)
def test_encodings_decode_to_the_same_nfc_text(data):
    assert decode_bytes(data) == VI


def test_windows_1258_is_read():
    from pathlib import Path

    raw = Path(__file__).parent / "fixtures/bulletins/13_vi_2021_10_bullets_cp1258.txt"
    text = read_bulletin(raw)
    assert "Đài Loan (Trung Quốc): 19.388 lao động" in text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_bad_files_are_refused_with_the_file_named(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(BulletinError, match=reason) as info:
        read_bulletin(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_and_directory(tmp_path):
    with pytest.raises(BulletinError, match="no such file"):
        read_bulletin(tmp_path / "nope.txt")
    with pytest.raises(BulletinError, match="is a directory"):
        read_bulletin(tmp_path)


def test_parse_text_directly():
    facts = parse_bulletin(VI)
    assert facts[["month_from", "sex", "value"]].values.tolist() == [
        [7, "total", 11090.0],
        [7, "female", 3374.0],
    ]
