import pandas as pd
import pytest

from labexport.core.errors import TableError
from labexport.read.tables import read_table


def test_vietnamese_wide_csv(tmp_path):
    path = tmp_path / "bang.csv"
    path.write_text(
        "Năm,Từ tháng,Đến tháng,Thị trường,Tổng số,Nữ,Nguồn\n"
        "2024,1,3,Nhật Bản,23.364,8.248,lamgiau.laodongthudo.vn\n"
        "2024,1,3,Đài Loan (Trung Quốc),9.781,3.011,lamgiau.laodongthudo.vn\n"
        "2024,1,3,Hàn Quốc,707,,lamgiau.laodongthudo.vn\n",
        encoding="utf-8",
    )
    facts = read_table(path)
    got = facts[["market", "sex", "value", "month_from", "month_to"]].values.tolist()
    assert got == [
        ["JP", "total", 23364.0, 1, 3],
        ["JP", "female", 8248.0, 1, 3],
        ["TW", "total", 9781.0, 1, 3],
        ["TW", "female", 3011.0, 1, 3],
        ["KR", "total", 707.0, 1, 3],
    ]
    assert set(facts["source"]) == {"lamgiau.laodongthudo.vn"}


def test_english_xlsx(tmp_path):
    path = tmp_path / "table.xlsx"
    pd.DataFrame(
        {
            "Year": [2025, 2025],
            "Month": [5, 5],
            "Market": ["Japan", "Taiwan (China)"],
            "Total": [5544, 6595],
            "Source": ["vov.vn", "vov.vn"],
        }
    ).to_excel(path, index=False)
    facts = read_table(path)
    assert facts[["market", "value", "month_from"]].values.tolist() == [
        ["JP", 5544.0, 5],
        ["TW", 6595.0, 5],
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2024,13,Japan,100", "row 3: months 13-13 are not a period within a year"),
        ("2024,3,Atlantis,100", "row 3: unknown market 'Atlantis'"),
        ("2024,3,Japan,lots", "row 3: value 'lots' is not a number"),
        ("twenty,3,Japan,100", "row 3: year 'twenty' is not a whole number"),
    ],
)
def test_malformed_row_names_file_and_row(tmp_path, row, message):
    path = tmp_path / "t.csv"
    path.write_text(f"year,month,market,total\n2024,3,Korea,10\n{row}\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_table(path)
    assert str(info.value) == f"{path}, {message}"
