"""Reading input files never hangs, never exhausts memory and never mis-decodes.

FIFOs and devices, workbooks that unpack to gigabytes, numbers of hundreds of digits,
stray bytes in UTF-8, extensions in capitals, editors' lock files and formula-like cells:
each is read, or refused in one line naming the file, through the real command line.
"""

from __future__ import annotations

import io
import math
import os
import stat
import subprocess
import sys
import time
import unicodedata
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import FIXTURES, ROOT

from labexport.core.errors import BulletinError, InputError, InputWarning, TableError
from labexport.data.paths import input_files
from labexport.read.bulletin import parse_bulletin, parse_text
from labexport.read.files import read_limited
from labexport.read.tables import read_table
from labexport.read.textio import decode_bytes, read_bulletin

#: Vietnamese, UTF-8: Jan-Jul 2017, 68,949 workers (26,048 women).
DOLAB = FIXTURES / "bulletins" / "02_vi_2017_07_dolab.txt"
CP1258 = FIXTURES / "bulletins" / "13_vi_2021_10_bullets_cp1258.txt"
#: Real figures of February 2024 (baochinhphu.vn, 2024-03-04; ../shared/data/dolab_figures.csv).
FEB_2024 = ("https://en.baochinhphu.vn/"
            "viet-nam-sends-over-23000-workers-overseas-in-jan-feb-111240304130639806.htm")
MIB = 1024 * 1024


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The command line in a real process; a hang fails the test at ``timeout`` seconds."""
    return subprocess.run([sys.executable, "-m", "labexport.cli", *args], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=timeout)


def _ytd_2017(facts: pd.DataFrame) -> float:
    row = facts[(facts["year"] == 2017) & (facts["month_from"] == 1) & (facts["month_to"] == 7)
                & (facts["market"] == "ALL") & (facts["sex"] == "total")
                & (facts["measure"] == "departures")]
    return float(row["value"].iloc[0])


# -- files that are not regular files ---------------------------------------------------


def test_a_fifo_given_to_parse_is_refused_at_once(tmp_path):
    fifo = tmp_path / "bulletin.txt"
    os.mkfifo(fifo)
    run = cli("parse", str(fifo), timeout=10)  # no writer ever opens it: reading would block
    assert run.returncode == 1
    assert run.stderr == f"labexport: error: {fifo}: not a regular file (a FIFO)\n"
    table = tmp_path / "table.csv"
    os.mkfifo(table)
    code = ("import sys\nfrom labexport.read.tables import read_table\n"
            "try:\n    read_table(sys.argv[1])\nexcept Exception as exc:\n    print(exc)\n")
    read = subprocess.run([sys.executable, "-c", code, str(table)], capture_output=True,
                          text=True, cwd=ROOT, timeout=10)
    assert read.stdout == f"{table}: not a regular file (a FIFO)\n"


def test_a_link_to_dev_zero_is_refused_not_read(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    run = cli("parse", str(link), timeout=10)  # reading it would never end
    assert run.returncode == 1
    assert run.stderr == f"labexport: error: {link}: not a regular file (a device)\n"
    table = tmp_path / "zero.xlsx"
    table.symlink_to("/dev/zero")
    with pytest.raises(TableError) as info:
        read_table(table)
    assert str(info.value) == f"{table}: not a regular file (a device)"


def test_the_size_limit_counts_the_bytes_actually_read():
    # /proc/self/status is a regular file whose size, as stat tells it, is 0.
    status = Path("/proc/self/status")
    info = os.stat(status)
    assert stat.S_ISREG(info.st_mode)
    assert info.st_size == 0
    assert read_limited(status, 1_000_000).startswith(b"Name:")
    with pytest.raises(InputError) as caught:
        read_limited(status, 100)
    assert str(caught.value) == f"{status}: more than 100 bytes, over the 100-byte limit"


def test_broken_links_and_folders_are_named_for_what_they_are(tmp_path):
    broken = tmp_path / "gone.txt"
    broken.symlink_to(tmp_path / "nowhere.txt")
    with pytest.raises(BulletinError) as info:
        read_bulletin(broken)
    assert str(info.value) == f"{broken}: broken symbolic link"
    run = cli("parse", str(broken), str(tmp_path), timeout=30)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"labexport: error: {broken}: broken symbolic link",
        f"labexport: error: {tmp_path}: is a directory, not a bulletin file",
    ]


# -- which files are inputs -------------------------------------------------------------


def _table(rows: list[list[object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["Year", "Month", "Market", "Total", "Female", "Source"])


def _rezip(data: bytes, edits: dict[str, tuple[bytes, bytes]]) -> bytes:
    """The zip ``data`` with ``old`` replaced by ``new`` in each named member."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            content = old.read(info)
            if info.filename in edits:
                before, after = edits[info.filename]
                assert before in content, info.filename
                content = content.replace(before, after)
            new.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _xlsm(frame: pd.DataFrame) -> bytes:
    """A workbook declared macro-enabled, as Excel saves an ``.xlsm``."""
    plain = io.BytesIO()
    frame.to_excel(plain, index=False)
    return _rezip(plain.getvalue(), {"[Content_Types].xml": (
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")})


@pytest.fixture
def awkward_folder(tmp_path):
    """A data folder with inputs in capitals and sub-folders, and what is no input."""
    data = tmp_path / "data"
    bulletins, raw = data / "bulletins", data / "raw"
    (bulletins / "2017").mkdir(parents=True)
    (bulletins / ".drafts").mkdir()
    raw.mkdir()
    (bulletins / "July.TXT").write_bytes(DOLAB.read_bytes())
    (bulletins / "2017" / "july-cp1258.txt").write_bytes(CP1258.read_bytes())
    (bulletins / ".drafts" / "draft.txt").write_text("In July 2025, 11,090 workers left.\n")
    (bulletins / ".#July.TXT").symlink_to("user@host.4242:1754000000")  # an editor's lock
    (bulletins / "July.TXT~").write_bytes(DOLAB.read_bytes())  # an editor's backup
    (bulletins / "notes.md").write_text("not an input\n")
    os.mkfifo(bulletins / "pipe.txt")
    (bulletins / "zero.txt").symlink_to("/dev/zero")
    (raw / "feb.CSV").write_text(
        "Year,Month,Market,Total,Female,Source\n"
        f"2024,2,Japan,8212,2217,{FEB_2024}\n", encoding="utf-8")
    _table([[2024, 2, "Taiwan", 1443, None, FEB_2024]]).to_excel(raw / "feb.XLSX", index=False)
    (raw / "feb.xlsm").write_bytes(_xlsm(_table([[2024, 2, "ALL", 10553, 2789, FEB_2024]])))
    (raw / "~$feb.XLSX").write_bytes(b"\x00" * 162)  # Excel's lock file while it is open
    return data


def test_input_files_lists_the_regular_input_files_only(awkward_folder):
    data = awkward_folder
    with pytest.warns(InputWarning) as caught:
        files = [p for p in input_files(data) if data in p.parents]
    assert files == [data / "bulletins" / "2017" / "july-cp1258.txt",
                     data / "bulletins" / "July.TXT",
                     data / "raw" / "feb.CSV", data / "raw" / "feb.XLSX", data / "raw" / "feb.xlsm"]
    assert sorted(str(w.message) for w in caught) == [
        f"{data / 'bulletins' / 'pipe.txt'}: not a regular file (a FIFO); left out",
        f"{data / 'bulletins' / 'zero.txt'}: not a regular file (a device); left out",
    ]


def test_the_build_reads_exactly_the_listed_files_and_names_the_others(awkward_folder):
    data = awkward_folder
    start = time.monotonic()
    run = cli("build", "--quiet", "--data-dir", str(data), timeout=120)
    took = time.monotonic() - start
    assert run.returncode == 1, run.stderr  # the FIFO and the device are failures of the build
    assert run.stderr.splitlines() == [
        f"labexport: error: {data / 'bulletins' / 'pipe.txt'}: not a regular file (a FIFO)",
        f"labexport: error: {data / 'bulletins' / 'zero.txt'}: not a regular file (a device)",
        "labexport: error: 2 of 8 input files could not be read; the dataset was built from "
        "the others",
    ]  # the lock file, the backup, the hidden folder and notes.md are not inputs at all
    assert took < 60
    from labexport.data.dataset import load_facts

    facts = load_facts(data)
    mine = facts[~facts["origin"].str.startswith("shipped/")]
    assert sorted(set(mine["origin"])) == ["bulletins/2017/july-cp1258.txt", "bulletins/July.TXT",
                                           "raw/feb.CSV", "raw/feb.XLSX", "raw/feb.xlsm"]
    assert _ytd_2017(mine[mine["origin"] == "bulletins/July.TXT"]) == 68949.0
    got = {(o, m, s): v for o, m, s, v in mine[mine["origin"].str.startswith("raw/")][
        ["origin", "market", "sex", "value"]].itertuples(index=False)}
    assert got == {("raw/feb.CSV", "JP", "total"): 8212.0, ("raw/feb.CSV", "JP", "female"): 2217.0,
                   ("raw/feb.XLSX", "TW", "total"): 1443.0,
                   ("raw/feb.xlsm", "ALL", "total"): 10553.0,
                   ("raw/feb.xlsm", "ALL", "female"): 2789.0}


def test_parse_reads_a_bulletin_named_in_capitals(tmp_path):
    path = tmp_path / "JULY.TXT"
    path.write_bytes(DOLAB.read_bytes())
    run = cli("parse", str(path), timeout=60)
    assert run.returncode == 0, run.stderr
    assert "68,949" in run.stdout
    assert _ytd_2017(parse_bulletin(str(path))) == 68949.0


# -- encodings --------------------------------------------------------------------------


def test_one_stray_byte_in_utf8_keeps_the_figures_and_is_named(tmp_path):
    lines = DOLAB.read_bytes().split(b"\n")
    lines[2] += b" \xff"  # after the Jan-Jul sentence, on line 3
    path = tmp_path / "stray.txt"
    path.write_bytes(b"\n".join(lines))
    with pytest.warns(InputWarning) as caught:
        facts = parse_bulletin(path)
    message = f"{path}: line 3: byte 0xFF is not UTF-8; read as U+FFFD"
    assert [str(w.message) for w in caught] == [message]
    assert _ytd_2017(facts) == 68949.0
    columns = ["year", "month_from", "month_to", "measure", "market", "sex", "value"]
    assert facts[columns].equals(parse_bulletin(DOLAB)[columns])
    run = cli("parse", str(path), timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stderr == f"labexport: warning: {message}\n"
    assert "68,949" in run.stdout


def test_windows_1258_is_still_read_and_a_mix_is_refused(tmp_path):
    text = read_bulletin(CP1258)  # no warning (warnings are errors here)
    assert "Đài Loan (Trung Quốc): 19.388 lao động" in text
    mixed = DOLAB.read_bytes() + b"\n" + CP1258.read_bytes()
    with pytest.raises(BulletinError, match=(
            r"^mixed\.txt: mixes encodings: [\d,]+ bytes are not UTF-8 \(the first line \d+: "
            r"bytes? (0x[8-9A-F][0-9A-F] ?)+\) beside [\d,]+ UTF-8 characters; save it as UTF-8$")):
        decode_bytes(mixed, name="mixed.txt")
    legacy = CP1258.read_bytes().split(b"\n")[0]  # a line of Windows-1258
    with pytest.raises(BulletinError) as info:
        decode_bytes(legacy + b"\n\x81\n", name="odd.txt")
    assert str(info.value) == "odd.txt: line 2: byte 0x81 is neither UTF-8 nor Windows-1258"


# -- numbers beyond any count -----------------------------------------------------------


@pytest.mark.parametrize(("number", "shown"), [
    ("9" * 309, "999999999999…(309 digits)"),
    ("9" * 308, "999999999999…(308 digits)"),
    ("1" + "0" * 12, "1000000000000 (13 digits)"),
    ("1 234 567 890 123", "1,234,567,890,123 (13 digits)"),  # spaced groups read as one number
])
def test_a_number_beyond_any_count_is_refused_in_one_line(tmp_path, number, shown):
    path = tmp_path / "huge.txt"
    path.write_text(f"Overseas labour in July\n\nIn July 2025, {number} workers went abroad.\n",
                    encoding="utf-8")
    run = cli("parse", str(path), timeout=60)
    assert run.returncode == 1
    assert run.stderr == (f"labexport: error: {path}: line 3: the number {shown} is beyond any "
                          "plausible count\n")
    with pytest.raises(BulletinError, match=r"^<text>: line 1: the number .* plausible count$"):
        parse_text(f"Departures reached {number}% of the plan.")


def test_long_digits_in_a_web_address_are_no_number(tmp_path):
    text = ("In July 2025, 11,090 workers went abroad.\n"
            "Source: https://baochinhphu.vn/xuat-khau-lao-dong-102250805112349071.htm\n")
    assert [f.value for f in parse_text(text)] == [11090.0]


def test_a_table_number_beyond_any_count_never_becomes_infinity(tmp_path):
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    (data / "bulletins").mkdir()
    huge = data / "raw" / "huge.csv"
    huge.write_text("Year,Month,Market,Total,Source\n"
                    f"2024,2,Japan,8212,{FEB_2024}\n"
                    f"2024,2,Taiwan,{'9' * 308},{FEB_2024}\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_table(huge)
    assert str(info.value) == (f"{huge}, row 3: the number 999999999999…(308 digits) is beyond "
                               "any plausible count")
    book = data / "raw" / "float.xlsx"  # a number cell of 1e308, the largest a workbook holds
    _table([[2024, 2, "Japan", 1e308, None, FEB_2024]]).to_excel(book, index=False)
    with pytest.raises(TableError, match=r", row 2: the number 100000000000…\(309 digits\) is"):
        read_table(book)
    run = cli("build", "--quiet", "--data-dir", str(data), timeout=120)
    assert run.returncode == 1
    assert "raw/huge.csv: row 3: the number 999999999999…(308 digits)" in run.stderr
    assert len(run.stderr.splitlines()) == 3  # two files, then the summary line
    values = pd.read_csv(data / "processed" / "facts.csv", keep_default_na=False)["value"]
    assert values.map(math.isfinite).all()
    assert values.max() < 1e12
    shown = cli("indicators", "--period", "2024-02", "--data-dir", str(data), "--json",
                timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert "Infinity" not in shown.stdout
    assert "NaN" not in shown.stdout.replace("null", "")


# -- workbooks --------------------------------------------------------------------------


def _bomb(path: Path, unpacked: int) -> int:
    """Write a real XLSX whose sheet unpacks to about ``unpacked`` bytes; return its size.

    The sheet is one row repeated. Each MiB of it deflates, after a full flush, to the
    same bytes, so the archive is written block by block: never held whole, never
    compressed whole. The CRC is computed over every byte, so the archive is valid.
    """
    plain = io.BytesIO()
    _table([[2024, 2, "Japan", 8212, 2217, FEB_2024]]).to_excel(plain, index=False)
    with zipfile.ZipFile(plain) as small:
        members = [(info, small.read(info)) for info in small.infolist()]
    # Rows of one text cell of 32,718 zeros (Excel holds up to 32,767 characters in a cell).
    start, end = b'<row><c t="inlineStr"><is><t>', b"</t></is></c></row>"
    chunk = (start + b"0" * (32 * 1024 - len(start) - len(end)) + end) * 32
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as book:
        for info, content in members:
            if info.filename != "xl/worksheets/sheet1.xml":
                book.writestr(info.filename, content)
                continue
            head, tail = content.split(b"</sheetData>")
            tail = b"</sheetData>" + tail
            count = max(2, -(-(unpacked - len(head) - len(tail)) // len(chunk)))
            deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
            first = deflate.compress(head) + deflate.flush(zlib.Z_FULL_FLUSH)
            block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
            assert deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH) == block
            last = deflate.compress(tail) + deflate.flush()
            crc = zlib.crc32(head)
            for _ in range(count):
                crc = zlib.crc32(chunk, crc)
            sheet = zipfile.ZipInfo(info.filename, date_time=(2025, 8, 1, 0, 0, 0))
            sheet.compress_type = zipfile.ZIP_DEFLATED
            sheet.CRC = zlib.crc32(tail, crc)
            sheet.file_size = len(head) + count * len(chunk) + len(tail)
            sheet.compress_size = len(first) + count * len(block) + len(last)
            sheet.header_offset = book.fp.tell()
            book.fp.write(sheet.FileHeader(zip64=True))
            book.fp.write(first)
            for _ in range(count):
                book.fp.write(block)
            book.fp.write(last)
            book.filelist.append(sheet)
            book.NameToInfo[sheet.filename] = sheet
            book.start_dir = book.fp.tell()
    return sum(i.file_size for i in zipfile.ZipFile(path).infolist())


def test_the_workbook_maker_writes_a_valid_archive(tmp_path):
    path = tmp_path / "twenty.xlsx"
    size = _bomb(path, 20 * MIB)
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None  # every member unpacks, CRC and all
        sheet = book.read("xl/worksheets/sheet1.xml")
    assert len(sheet) == book.getinfo("xl/worksheets/sheet1.xml").file_size > 20 * MIB - MIB
    assert sheet.startswith(b"<worksheet")
    assert sheet.endswith(b"</worksheet>")
    assert size < 50_000_000
    with pytest.raises(TableError) as info:  # under the size limit, over the ratio limit
        read_table(path)
    assert str(info.value).startswith(f"{path}: 'xl/worksheets/sheet1.xml' unpacks ")
    assert str(info.value).endswith("-fold, over the 100-fold limit")


def test_an_xlsx_of_3_mb_that_unpacks_to_3_gib_is_refused_in_little_memory(tmp_path):
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    (data / "bulletins").mkdir()
    bomb = data / "raw" / "bomb.xlsx"
    unpacked = _bomb(bomb, 3 * 1024 * MIB)
    assert unpacked >= 3 * 1024 * MIB
    assert bomb.stat().st_size < 10 * MIB
    with zipfile.ZipFile(bomb) as book, book.open("xl/worksheets/sheet1.xml") as sheet:
        assert sheet.read(MIB).startswith(b"<worksheet")  # a real sheet, as far as one reads
    with pytest.raises(TableError) as info:
        read_table(bomb)
    refusal = (f"{bomb}: unpacks to {unpacked:,} bytes, over the 50,000,000-byte limit for a "
               "table")
    assert str(info.value) == refusal
    # The build refusing it, measured: the peak memory of the build's process.
    measure = ("import resource, subprocess, sys\n"
               "run = subprocess.run(sys.argv[1:])\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.exit(run.returncode)\n")
    run = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "labexport.cli",
                          "build", "--strict", "--data-dir", str(data)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 1
    assert run.stderr == f"labexport: error: {refusal} (previous dataset left unchanged)\n"
    peak_kib = int(run.stdout.split()[-1])
    assert peak_kib < 200 * 1024, f"{peak_kib / 1024:.0f} MiB"


def test_formula_text_stays_text_and_formulas_give_their_stored_value(tmp_path):
    link = '=HYPERLINK("https://dolab.gov.vn/","DOLAB")'
    table = tmp_path / "feb.csv"
    table.write_text("Year,Month,Market,Total,Source,Note\n"
                     f'2024,2,Japan,8212,{FEB_2024},"{link.replace(chr(34), chr(34) * 2)}"\n'
                     f"2024,2,Taiwan,1443,@SUM(1),-1+2\n", encoding="utf-8")
    facts = read_table(table)
    assert facts["note"].tolist() == [link, "-1+2"]
    assert facts["source"].tolist() == [FEB_2024, "@SUM(1)"]
    assert facts["value"].tolist() == [8212.0, 1443.0]
    table.write_text("Year,Month,Market,Total\n2024,2,Japan,=8000+212\n", encoding="utf-8")
    with pytest.raises(TableError) as info:
        read_table(table)
    assert str(info.value) == f"{table}, row 2: value '=8000+212' is not a number"

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Year", "Month", "Market", "Total", "Note"])
    sheet.append([2024, 2, "Taiwan", "=SUM(1400,43)", None])
    sheet["E2"].value = link
    sheet["E2"].data_type = "s"  # text that looks like a formula
    written = io.BytesIO()
    book.save(written)
    never_opened = tmp_path / "computed.xlsx"
    never_opened.write_bytes(written.getvalue())
    with pytest.raises(TableError) as info:
        read_table(never_opened)
    assert str(info.value) == (f"{never_opened}, row 2: cell D2 is a formula without a stored "
                               "value (open and save the file in a spreadsheet, or type the "
                               "value)")
    saved = tmp_path / "saved.xlsx"  # as a spreadsheet saves it: the formula and its value
    saved.write_bytes(_rezip(written.getvalue(), {"xl/worksheets/sheet1.xml": (
        b"<f>SUM(1400,43)</f><v></v>", b"<f>SUM(1400,43)</f><v>1443</v>")}))
    facts = read_table(saved)
    assert facts[["market", "value", "note"]].values.tolist() == [["TW", 1443.0, link]]


# -- messages stay one line ------------------------------------------------------------


def test_odd_file_names_keep_every_message_on_one_line(tmp_path):
    name = unicodedata.normalize("NFD", "tin\nmới")
    stray = tmp_path / f"{name}.txt"
    lines = DOLAB.read_bytes().split(b"\n")
    lines[0] += b"\xfe"
    stray.write_bytes(b"\n".join(lines))
    huge = tmp_path / f"{name} 2.txt"
    huge.write_text(f"In July 2025, {'9' * 309} workers went abroad.\n", encoding="utf-8")
    run = cli("parse", str(stray), str(huge), timeout=60)
    assert run.returncode == 1
    shown = str(tmp_path / name).replace("\n", "\\n")
    assert run.stderr.splitlines() == [
        f"labexport: warning: {shown}.txt: line 1: byte 0xFE is not UTF-8; read as U+FFFD",
        f"labexport: error: {shown} 2.txt: line 1: the number 999999999999…(309 digits) is "
        "beyond any plausible count",
    ]
