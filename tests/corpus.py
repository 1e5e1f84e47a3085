"""The fixture bulletins with their expected figures, and variants that keep those figures.

:func:`load_corpus` reads every ``NN_<lang>_<slug>.txt`` of a folder with the rows
of all its ``expected*.csv`` and the tags of all its ``shapes*.csv``.
:func:`variants` re-writes a fixture in ways that change how it is printed but not
what it says: other number styles, other spacing, zero-width spaces, NFD, other
names of the same market, and captions, bylines, "Read more" boxes and comments
that are no part of the article. Every variant keeps the fixture's expected set.

A transform takes ``(text, lang, rng)`` and returns the new text, or ``None`` when
the text has nothing it may safely change. Each is deterministic for a given
``random.Random(seed)``. Where a change might alter what the text says (a number
in a date, a year, a percentage with three decimals, a market name that is also
part of a province's name), the transform leaves it alone.

Examples
--------
>>> swap_decimal_mark("đạt 65,9% kế hoạch", "vi", random.Random(1))
'đạt 65.9% kế hoạch'
>>> group_with_space("gồm 85.781 lao động", "vi", random.Random(1))
'gồm 85 781 lao động'
"""

from __future__ import annotations

import csv
import os
import random
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from labexport.read.market_names import find_markets
from labexport.read.numbers import parse_number
from labexport.read.textio import read_bulletin

#: The columns of one expected figure, in the order of its tuple.
FIELDS = ("scope", "year", "month_from", "month_to", "measure", "market", "sex", "value",
          "qualifier")
Row = tuple[str, int, int, int, str, str, str, float, str]
Transform = Callable[[str, str, random.Random], "str | None"]

_FIXTURE_NAME = re.compile(r"^\d+_(?P<lang>en|vi)_.+\.txt$")


@dataclass(frozen=True)
class Fixture:
    """One fixture bulletin: its decoded NFC text and what the reader must find in it."""

    name: str
    text: str
    lang: str
    expected: frozenset[Row]
    shapes: frozenset[str]


@dataclass(frozen=True)
class Variant:
    """A fixture re-written by one transform; ``shapes`` holds the transform's tag too."""

    name: str
    text: str
    expected: frozenset[Row]
    shapes: frozenset[str]
    fixture: str
    transform: str
    lang: str


# -- loading -------------------------------------------------------------------------------


def load_corpus(folder: str | os.PathLike[str]) -> list[Fixture]:
    """Read every fixture bulletin of ``folder`` with its expected figures and shapes.

    Parameters
    ----------
    folder : str or path-like
        A folder of ``NN_<lang>_<slug>.txt`` files with ``expected*.csv`` and
        ``shapes*.csv`` beside them.

    Returns
    -------
    list of Fixture
        In file-name order. A file with no shapes row has an empty set of shapes; a
        file with no expected row has an empty expected set.

    Raises
    ------
    ValueError
        If a row of an ``expected*.csv`` is not a figure (names the file and line).
    """
    folder = Path(folder)
    expected = read_expected(folder)
    shapes = read_shapes(folder)
    return [
        Fixture(path.name, read_bulletin(path), lang_of(path.name),
                frozenset(expected.get(path.name, ())), frozenset(shapes.get(path.name, ())))
        for path in sorted(folder.glob("*.txt"))
        if _FIXTURE_NAME.match(path.name)
    ]


def lang_of(name: str) -> str:
    """Return the language (``en`` or ``vi``) that a fixture's file name declares."""
    match = _FIXTURE_NAME.match(name)
    if match is None:
        raise ValueError(f"{name}: not a fixture name (NN_<lang>_<slug>.txt)")
    return match.group("lang")


def read_expected(folder: Path) -> dict[str, set[Row]]:
    """Collect the rows of every ``expected*.csv`` in ``folder``, by file name."""
    out: dict[str, set[Row]] = {}
    for path in sorted(folder.glob("expected*.csv")):
        for line, record in _records(path):
            try:
                out.setdefault(record["file"].strip(), set()).add(to_row(record))
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"{path.name}:{line}: not a figure row ({exc})") from exc
    return out


def read_shapes(folder: Path) -> dict[str, set[str]]:
    """Collect the shape tags of every ``shapes*.csv`` in ``folder``, by file name."""
    out: dict[str, set[str]] = {}
    for path in sorted(folder.glob("shapes*.csv")):
        for _line, record in _records(path):
            tags = (record.get("shapes") or "").split()
            out.setdefault((record.get("file") or "").strip(), set()).update(tags)
    return out


def _records(path: Path) -> Iterable[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for record in reader:
            if any((v or "").strip() for v in record.values()):
                yield reader.line_num, record


def to_row(record: dict[str, str]) -> Row:
    """Turn one CSV record into the tuple of a figure (``FIELDS`` order, typed)."""
    r = {k: (record[k] or "").strip() for k in FIELDS}
    return (r["scope"], int(r["year"]), int(r["month_from"]), int(r["month_to"]), r["measure"],
            r["market"], r["sex"], float(r["value"]), r["qualifier"])


# -- shared helpers ------------------------------------------------------------------------

#: A count printed with thousands groups ("85.781", "130,640"), not glued to a word, a date
#: mark or another number.
_COUNT = re.compile(
    r"(?<![\w.,/:\-\u200b])\d{1,3}(?P<mark>[.,])\d{3}(?:(?P=mark)\d{3})*(?![\w/:\-\u200b]|[.,]\d)"
)
#: What may follow a grouped number that is then not a count: its mark may be a decimal one.
_NOT_COUNT_AFTER = re.compile(
    r"\s*(?:%|phần\s+trăm|percent|per\s+cent|pct|lần|times|-?fold|nghìn|ngàn|thousand|triệu"
    r"|million|tỷ|tỉ|billion|k\b)", re.IGNORECASE)
#: A percentage with a one- or two-digit decimal part ("65,9%", "18.56 percent").
_PERCENT = re.compile(
    r"(?<![\w.,/:\-\u200b])(?P<int>\d{1,3})(?P<mark>[.,])(?P<frac>\d{1,2})"
    r"(?=\s*(?:%|phần\s+trăm|percent|per\s+cent))", re.IGNORECASE)
_ANY_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")


def find_counts(text: str) -> list[re.Match[str]]:
    """Return the counts >= 1,000 printed with thousands groups (not dates, %, multiples)."""
    return [m for m in _COUNT.finditer(text) if not _NOT_COUNT_AFTER.match(text, m.end())]


def find_percentages(text: str) -> list[re.Match[str]]:
    """Return the percentages with a decimal part of one or two digits."""
    return list(_PERCENT.finditer(text))


def _stands_alone(text: str, match: re.Match[str]) -> bool:
    """Tell whether no digit stands next to ``match`` across spaces (so spacing cannot merge)."""
    before = text[: match.start()].rstrip(" \t\u00a0\u202f\u2009")
    after = text[match.end():].lstrip(" \t\u00a0\u202f\u2009")
    return not (before[-1:].isdigit() or after[:1].isdigit())


def pick(sites: list, rng: random.Random, share: float = 0.7) -> list:
    """Choose each site with probability ``share``, and at least one."""
    chosen = [s for s in sites if rng.random() < share]
    return chosen or [rng.choice(sites)]


def splice(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """Replace the non-overlapping spans ``(start, end, new)`` of ``text``."""
    out, pos = [], 0
    for start, end, new in sorted(edits):
        out += [text[pos:start], new]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def numbers_in(text: str) -> set[float]:
    """Return the values of every number printed in ``text`` (as counts and as %)."""
    values: set[float] = set()
    for match in _ANY_NUMBER.finditer(text):
        for percent in (False, True):
            try:
                values.add(parse_number(match.group(0), percent=percent))
            except ValueError:
                continue
    return values


# -- number styles -------------------------------------------------------------------------


def _regroup(text: str, rng: random.Random, sep: str | None) -> str | None:
    """Re-write the thousands groups of some counts with ``sep`` (``None``: the other mark)."""
    sites = [m for m in find_counts(text) if sep is None or _stands_alone(text, m)]
    if not sites:
        return None
    edits = []
    for m in pick(sites, rng):
        new = sep if sep is not None else ("," if m.group("mark") == "." else ".")
        edits.append((m.start(), m.end(), m.group(0).replace(m.group("mark"), new)))
    return splice(text, edits)


def swap_thousands_mark(text: str, lang: str, rng: random.Random) -> str | None:
    """Group thousands with the other language's mark: ``85,781`` <-> ``85.781``."""
    return _regroup(text, rng, None)


def group_with_space(text: str, lang: str, rng: random.Random) -> str | None:
    """Group thousands with a plain space: ``85 781``."""
    return _regroup(text, rng, " ")


def group_with_nbsp(text: str, lang: str, rng: random.Random) -> str | None:
    """Group thousands with a no-break space (U+00A0)."""
    return _regroup(text, rng, "\u00a0")


def group_with_narrow_nbsp(text: str, lang: str, rng: random.Random) -> str | None:
    """Group thousands with a narrow no-break space (U+202F)."""
    return _regroup(text, rng, "\u202f")


def group_with_thin_space(text: str, lang: str, rng: random.Random) -> str | None:
    """Group thousands with a thin space (U+2009)."""
    return _regroup(text, rng, "\u2009")


def swap_decimal_mark(text: str, lang: str, rng: random.Random) -> str | None:
    """Write the decimal mark of percentages the other way: ``65,9%`` <-> ``65.9%``.

    Only one- or two-digit decimal parts: ``91.111%`` would read as thousands.
    """
    sites = find_percentages(text)
    if not sites:
        return None
    edits = [(m.start(), m.end(),
              m.group("int") + ("," if m.group("mark") == "." else ".") + m.group("frac"))
             for m in pick(sites, rng)]
    return splice(text, edits)


# -- spacing -------------------------------------------------------------------------------


def double_spaces(text: str, lang: str, rng: random.Random) -> str | None:
    """Double some of the single spaces between words (not those grouping digits)."""
    sites = [m for m in re.finditer(r"(?<=\S) (?=\S)", text)
             if not (text[m.start() - 1].isdigit() and text[m.end()].isdigit())]
    if not sites:
        return None
    return splice(text, ((m.start(), m.end(), "  ") for m in pick(sites, rng, 0.5)))


def space_percent_signs(text: str, lang: str, rng: random.Random) -> str | None:
    """Put a space between a number and its ``%`` sign: ``65,9 %``."""
    sites = list(re.finditer(r"(?<=\d)%", text))
    if not sites:
        return None
    return splice(text, ((m.start(), m.end(), " %") for m in pick(sites, rng)))


def use_crlf(text: str, lang: str, rng: random.Random) -> str | None:
    r"""End every line with ``\r\n``."""
    return text.replace("\n", "\r\n") if "\n" in text else None


def add_trailing_spaces(text: str, lang: str, rng: random.Random) -> str | None:
    """Leave one to three spaces at the end of some lines."""
    lines = text.split("\n")
    sites = [i for i, line in enumerate(lines) if line.strip()]
    if not sites:
        return None
    for i in pick(sites, rng, 0.6):
        lines[i] += " " * rng.randint(1, 3)
    return "\n".join(lines)


# -- zero-width spaces and Unicode forms ---------------------------------------------------


def split_number_zero_width(text: str, lang: str, rng: random.Random) -> str | None:
    """Insert a zero-width space (U+200B) between two digits of one to three figures."""
    numbers = find_counts(text) + find_percentages(text)
    gaps = [[i for i in range(m.start() + 1, m.end()) if text[i - 1].isdigit()
             and text[i].isdigit()] for m in numbers]
    gaps = [g for g in gaps if g]
    if not gaps:
        return None
    chosen = rng.sample(gaps, min(len(gaps), rng.randint(1, 3)))
    return splice(text, ((at, at, "\u200b") for at in (rng.choice(g) for g in chosen)))


def split_market_zero_width(text: str, lang: str, rng: random.Random) -> str | None:
    """Insert a zero-width space (U+200B) between two letters of one to three market names."""
    gaps = [[i for i in range(start + 1, end) if text[i - 1].isalpha() and text[i].isalpha()]
            for start, end, _member, _code in find_market_names(text, lang)]
    gaps = [g for g in gaps if g]
    if not gaps:
        return None
    chosen = rng.sample(gaps, min(len(gaps), rng.randint(1, 3)))
    return splice(text, ((at, at, "\u200b") for at in (rng.choice(g) for g in chosen)))


def decompose_nfd(text: str, lang: str, rng: random.Random) -> str | None:
    """Write the whole text in Unicode NFD (decomposed letters and tone marks)."""
    nfd = unicodedata.normalize("NFD", text)
    return nfd if nfd != text else None


# -- market names --------------------------------------------------------------------------

#: Names that may stand for one another, by language and market. Only names that read
#: the same in every sentence: no bare "Korea" (North Korea), no "Taiwan, China" (a list),
#: no "Lào" (Lào Cai). An article belongs to the name it is written with.
MARKET_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "TW": ("Taiwan (China)", "China's Taiwan", "Chinese Taipei", "Taiwan"),
        "KR": ("South Korea", "the Republic of Korea", "the Republic of Korea (RoK)", "the RoK"),
        "RU": ("Russia", "the Russian Federation"),
        "AE": ("the United Arab Emirates", "the UAE"),
        "HK": ("Hong Kong", "Hong Kong (China)"),
        "MO": ("Macao", "Macau", "Macao (China)"),
        "CZ": ("Czechia", "the Czech Republic"),
        "XS": ("Southeast Asia", "South-East Asia"),
        "XA": ("Northeast Asia", "North-East Asia"),
    },
    "vi": {
        "TW": ("Đài Loan (Trung Quốc)", "Đài Loan"),
        "KR": ("Hàn Quốc", "Nam Hàn"),
        "JP": ("Nhật Bản", "Nhật"),
        "RO": ("Rumani", "Romania", "Ru-ma-ni"),
        "SA": ("Ả-rập Xê-út", "Ả Rập Xê Út", "Ả Rập Saudi"),
        "RU": ("Liên bang Nga", "Liên Bang Nga", "LB Nga", "Nga"),
        "AE": ("Các Tiểu Vương quốc Ả Rập thống nhất (UAE)",
               "Các Tiểu vương quốc Ả Rập Thống nhất", "UAE"),
        "HU": ("Hungary", "Hungari"),
        "MY": ("Malaysia", "Ma-lai-xi-a"),
        "QA": ("Qatar", "Quatar"),
        "HK": ("Hồng Kông", "Hồng Kông (Trung Quốc)"),
        "MO": ("Ma Cao", "Ma Cao (Trung Quốc)"),
        "DZ": ("Algeria", "An-giê-ri"),
        "SG": ("Singapore", "Xin-ga-po"),
    },
}


def _member(names: tuple[str, ...], written: str) -> str | None:
    """Return the name of ``names`` that ``written`` is (a capital "The" allowed)."""
    if written in names:
        return written
    if written.startswith("The ") and "t" + written[1:] in names:
        return "t" + written[1:]
    return None


def find_market_names(text: str, lang: str) -> list[tuple[int, int, str, str]]:
    """Find the whole-word market names of :data:`MARKET_NAMES` in ``text``.

    Returns
    -------
    list of (start, end, name, code)
        ``name`` is the table's spelling of what stands at ``text[start:end]``
        (with its article, if the table's name has one). Possessives are left out.
    """
    table = MARKET_NAMES.get(lang, {})
    found = []
    for start, end, code in find_markets(text):
        names = table.get(code, ())
        if not names or text[end:end + 1] in ("'", "’"):
            continue
        if text[max(0, start - 4):start].lower() == "the ":
            name, start = _member(names, text[start - 4:end]), start - 4
        else:
            name = _member(names, text[start:end])
        if name is not None:
            found.append((start, end, name, code))
    return found


def _starts_sentence(text: str, at: int) -> bool:
    """Tell whether ``text[at]`` starts a line or follows a sentence's end mark."""
    before = text[:at].rstrip(" ")
    return not before or before[-1] in ".!?\n"


def _codes(text: str) -> list[str]:
    return [code for _s, _e, code in find_markets(text)]


def swap_market_alias(text: str, lang: str, rng: random.Random) -> str | None:
    """Write one to three market names as another name of the same market, same language.

    A swap is kept only if the text's markets, read again, are the same codes in
    the same order (so no new name forms with the words around it).
    """
    sites = find_market_names(text, lang)
    if not sites:
        return None
    codes = _codes(text)
    chosen = sorted(rng.sample(sites, min(len(sites), rng.randint(1, 3))), reverse=True)
    out = text
    for start, end, name, code in chosen:  # right to left: earlier offsets stay valid
        new = rng.choice([n for n in MARKET_NAMES[lang][code] if n != name])
        if new[0].islower() and (text.startswith("The ", start) or _starts_sentence(text, start)):
            new = new[0].upper() + new[1:]
        trial = out[:start] + new + out[end:]
        if _codes(trial) == codes:
            out = trial
    return out if out != text else None


# -- layout noise --------------------------------------------------------------------------

#: Photo captions: no digits, no market, no province, no period.
CAPTIONS = {
    "en": (
        "Workers complete departure procedures at Noi Bai International Airport. Photo: VNA",
        "Trainees attend a language class before leaving for work abroad. (Illustrative photo)",
        "Job seekers look for overseas vacancies at a recruitment session. Photo courtesy of "
        "the organisers",
    ),
    "vi": (
        "Lao động làm thủ tục xuất cảnh tại sân bay quốc tế Nội Bài. (Ảnh: TTXVN)",
        "Học viên học ngoại ngữ trước khi đi làm việc ở nước ngoài. Ảnh minh họa",
        "Người lao động tìm hiểu thông tin tuyển dụng tại sàn giao dịch việc làm. "
        "(Ảnh: Báo Lao Động)",
    ),
}
#: Bylines: no digits, no market (no "Anh", which names the United Kingdom).
BYLINES = {
    "en": ("By Thu Hang", "Lan Phuong | VNA", "Reporting by Hoang Lan"),
    "vi": ("Thu Hằng", "Lan Phương (TTXVN)", "Bài và ảnh: Hoàng Lân"),
}
#: Related articles' headlines; ``{n}`` is a count the reader must not read.
READ_MORE = {
    "en": (
        "Read more: Over {n} workers return home early from Japan",
        "Read more: {n} candidates pass the Korean language test",
        "Read more: Nearly {n} trainees to leave for Taiwan (China) next quarter",
    ),
    "vi": (
        "Xem thêm: Hơn {n} lao động về nước trước hạn từ Nhật Bản",
        "Xem thêm: {n} thí sinh đỗ kỳ thi tiếng Hàn",
        "Xem thêm: Gần {n} thực tập sinh chuẩn bị sang Đài Loan (Trung Quốc)",
    ),
}
COMMENTS_HEADER = {"en": "Comments ({k})", "vi": "Bình luận ({k})"}
COMMENTERS = {
    "en": ("Hoang Minh", "Tran Thi Mai", "Le Van Tuan", "Pham Thu Ha"),
    "vi": ("Hoàng Minh", "Trần Thị Mai", "Lê Văn Tuấn", "Phạm Thu Hà"),
}
COMMENTS = {
    "en": (
        "My cousin says over {n} people from our district have gone to Japan.",
        "The agency told us {n} workers will leave for Korea this year.",
        "I paid {n} USD in fees and I am still waiting for my flight.",
    ),
    "vi": (
        "Nghe nói có hơn {n} người ở xã em đã sang Nhật Bản.",
        "Công ty hứa tháng sau đưa {n} lao động sang Hàn Quốc.",
        "Em đóng {n} USD phí mà vẫn chưa được bay.",
    ),
}


def noise_count(text: str, lang: str, rng: random.Random) -> str:
    """Return a count for a noise line: 1,201-9,999, not a round hundred, not in ``text``."""
    taken = numbers_in(text)
    while True:
        n = rng.randint(1201, 9999)
        if n % 100 and float(n) not in taken:
            return f"{n:,}" if lang == "en" else f"{n:,}".replace(",", ".")


_COMMENTS_HEADER = re.compile(r"^\s*(?:comments|bình\s+luận)\s*\(\d+\)", re.IGNORECASE)


def paragraph_gaps(text: str) -> list[int]:
    """Return the line indexes a line may be inserted before: between two paragraphs.

    Paragraphs are lines, or blocks of lines between blank lines. Never within the
    first two lines (a date line and a headline, or a headline and the lead that
    names the page's province), and never inside a comments block.
    """
    lines = text.split("\n")
    end = next((i for i, line in enumerate(lines) if _COMMENTS_HEADER.match(line)), len(lines))
    gaps = []
    for i in range(2, end):
        after = lines[i].strip() or (i + 1 < end and lines[i + 1].strip())
        if lines[i - 1].strip() and after:
            gaps.append(i)
    return gaps


def _insert_line(text: str, line: str, rng: random.Random) -> str | None:
    """Insert ``line`` as a paragraph of its own at one of :func:`paragraph_gaps`."""
    gaps = paragraph_gaps(text)
    if not gaps:
        return None
    lines = text.split("\n")
    at = rng.choice(gaps)
    lines[at:at] = [line] if lines[at].strip() else ["", line]  # keep the blank-line style
    return "\n".join(lines)


def insert_photo_caption(text: str, lang: str, rng: random.Random) -> str | None:
    """Insert a photo caption (no digits) between two paragraphs."""
    return _insert_line(text, rng.choice(CAPTIONS[lang]), rng)


def insert_byline(text: str, lang: str, rng: random.Random) -> str | None:
    """Insert a byline between two paragraphs."""
    return _insert_line(text, rng.choice(BYLINES[lang]), rng)


def insert_read_more(text: str, lang: str, rng: random.Random) -> str | None:
    """Insert a "Read more" / "Xem thêm" line: another article's headline with a count."""
    line = rng.choice(READ_MORE[lang]).format(n=noise_count(text, lang, rng))
    return _insert_line(text, line, rng)


def append_comments(text: str, lang: str, rng: random.Random) -> str | None:
    """Append a comments block: "Comments (k)" / "Bình luận (k)", then k readers' comments.

    Each comment holds one count that is not in the text. Pages that have comments
    already are left alone.
    """
    if any(_COMMENTS_HEADER.match(line) for line in text.split("\n")):
        return None  # the page has its comments already: a second block would not be one
    k = rng.randint(2, 3)
    names = rng.sample(COMMENTERS[lang], k)
    lines = [COMMENTS_HEADER[lang].format(k=k)]
    for name, comment in zip(names, rng.sample(COMMENTS[lang], k), strict=True):
        lines.append(f"{name}: {comment.format(n=noise_count(text, lang, rng))}")
    head = text if text.endswith("\n") else text + "\n"
    return head + "\n".join(lines) + "\n"


# -- variants ------------------------------------------------------------------------------

#: Every transform, by the tag its variants carry.
TRANSFORMS: dict[str, Transform] = {
    "thousands_other_mark": swap_thousands_mark,
    "thousands_space": group_with_space,
    "thousands_nbsp": group_with_nbsp,
    "thousands_narrow_nbsp": group_with_narrow_nbsp,
    "thousands_thin_space": group_with_thin_space,
    "percent_other_mark": swap_decimal_mark,
    "double_spaces": double_spaces,
    "space_before_percent": space_percent_signs,
    "crlf": use_crlf,
    "trailing_spaces": add_trailing_spaces,
    "zero_width_in_number": split_number_zero_width,
    "zero_width_in_market": split_market_zero_width,
    "nfd": decompose_nfd,
    "market_alias": swap_market_alias,
    "photo_caption": insert_photo_caption,
    "byline": insert_byline,
    "read_more_box": insert_read_more,
    "comments_block": append_comments,
}
#: The transforms that add lines (all the others keep the text's lines in place).
NOISE = frozenset({"photo_caption", "byline", "read_more_box", "comments_block"})


def variant_name(fixture: str, transform: str, seed: int) -> str:
    """Return the name of a variant, ``<fixture>~<transform>~<seed>``."""
    return f"{fixture}~{transform}~{seed}"


def parse_variant_name(name: str) -> tuple[str, str, int] | None:
    """Split a variant's name into fixture, transform and seed (``None``: not a variant)."""
    parts = name.split("~")
    if len(parts) != 3 or parts[1] not in TRANSFORMS or not parts[2].lstrip("-").isdigit():
        return None
    return parts[0], parts[1], int(parts[2])


def make_variant(fixture: Fixture, transform: str, seed: int) -> Variant | None:
    """Apply one transform to a fixture with ``random.Random(seed)``.

    Returns
    -------
    Variant or None
        ``None`` if the transform finds nothing it may change in this fixture.
    """
    text = TRANSFORMS[transform](fixture.text, fixture.lang, random.Random(seed))
    if text is None or text == fixture.text:
        return None
    return Variant(variant_name(fixture.name, transform, seed), text, fixture.expected,
                   fixture.shapes | {transform}, fixture.name, transform, fixture.lang)


def variants(fixture: Fixture, *, seed: int) -> list[Variant]:
    """Return one variant of ``fixture`` per transform that applies to it.

    Parameters
    ----------
    fixture : Fixture
        The bulletin to re-write.
    seed : int
        Each transform runs with its own ``random.Random(seed)``.

    Returns
    -------
    list of Variant
        In the order of :data:`TRANSFORMS`; each keeps ``fixture.expected``.
    """
    out = []
    for transform in TRANSFORMS:
        variant = make_variant(fixture, transform, seed)
        if variant is not None:
            out.append(variant)
    return out


def sample_variants(fixture: Fixture, count: int, *, seed: int) -> list[Variant]:
    """Return ``count`` distinct variants of ``fixture``, cycling through the transforms.

    Round ``r`` takes the variants of seed ``seed + r`` in an order shuffled by that
    seed, skipping texts already taken, until ``count`` are taken or rounds stop
    bringing new texts (then fewer are returned).
    """
    out: list[Variant] = []
    seen = {fixture.text}
    stale = 0
    round_ = 0
    while len(out) < count and stale < 3:
        batch = variants(fixture, seed=seed + round_)
        random.Random(seed + round_).shuffle(batch)
        fresh = [v for v in batch if v.text not in seen]
        for variant in fresh[: count - len(out)]:
            seen.add(variant.text)
            out.append(variant)
        stale = 0 if fresh else stale + 1
        round_ += 1
    return out
