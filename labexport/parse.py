"""Read bulletin text into facts: one row per published figure, with its quote.

The reader works sentence by sentence. In each sentence it finds period cues
(:mod:`labexport.periods`), market names (:mod:`labexport.markets`) and numbers,
then decides for each number what it counts (departures, the plan, the % of plan,
demand, a quota, a stock of workers abroad, or nothing it should keep: a salary,
a duration, a ratio to last year), for which market, sex and period, with which
qualifier. A period named in one sentence carries to the next until another is
named; a comparison ("same month last year (4,463)") applies only to its own
clause and attributes its figure to the earlier period.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from labexport.fact import FACT_COLUMNS, Fact
from labexport.markets import ALL, find_markets, fold
from labexport.matching import (
    Gated,
    compile_lower,
    few_non_ascii,
    finditer_at,
    finditer_before,
    lower,
    matches_at,
    words_by_text,
)
from labexport.numbers import find_qualifier, month_number, parse_number
from labexport.periods import Cue, find_cues, triggered_kinds
from labexport.provinces import NATIONAL, find_provinces
from labexport.textio import BulletinError, normalize_text, read_bulletin

if TYPE_CHECKING:
    import pandas as pd

#: Sentences longer than this are cut before reading: no real sentence comes near.
MAX_SENTENCE = 2_000


@dataclass
class _Period:
    year: int | None
    month_from: int
    month_to: int


# -- regular expressions ---------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+")
#: Markup left in text copied from web pages or e-mails: never a figure.
_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>|&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
#: Dates and times, which are never figures. A match starts at a digit that starts a
#: word, at a capitalised month name or at "ngày": :func:`find_dates` tries the
#: pattern of each only where its match can start.
_DATE_DIGITS = re.compile(
    r"(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>(?:19|20)\d\d)\b"
    r"|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d)\b"
    rf"|(?P<d4>[0-3]?\d)\s+(?P<mn4>{'|'.join(_MONTH_NAMES)})\s+(?P<y4>(?:19|20)\d\d)\b"
    r"|(?P<h>[0-2]?\d):[0-5]\d\b"
)
_DATE_MONTH = re.compile(
    rf"\b(?P<mn>{'|'.join(_MONTH_NAMES)})\s+(?P<d3>[0-3]?\d),\s*(?P<y3>(?:19|20)\d\d)\b"
)
_DATE_NGAY = re.compile(
    r"\bngày\s+(?P<d5>[0-3]?\d)\s+tháng\s+(?P<m5>[01]?\d)\s+năm\s+(?P<y5>(?:19|20)\d\d)\b"
)
#: A number: digits, with thousands groups or a decimal part, not glued to a word, a
#: separator or a slash before it. The first digit comes first in the pattern (and the
#: test of what stands before it right after), so the engine can skip to digits.
_NUMBER = re.compile(
    r"(\d(?<![\w.,/]\d)(?:\d{0,2}(?:[.,]\d{3})+(?:[.,]\d{1,3})?|\d*(?:[.,]\d+)?))(?![\d/])"
)
#: A sentence ends at [.!?…] followed by space and a capital or a digit, or at line breaks.
#: The pattern starts with the end mark itself, so the engine can skip to the next one.
_SENTENCE_MARKS = (".", "!", "?", "…", "\n")
_SENTENCE_END = re.compile(r"[.!?…\n](?:(?<=\n)\n*|(?<=[.!?…])\s+(?=[\"“(]?[A-ZÀ-Ỹ0-9Đ]))")

_PERCENT = compile_lower(r"^\s*(?:%+|phần\s+trăm|percent|per\s+cent|pct)")
_MULTIPLIER = compile_lower(r"^\s*(nghìn|ngàn|thousand|triệu|million)\b")
_TIMES = compile_lower(r"^\s*(?:lần|times|-fold|fold)\b")
_MONEY_BEFORE = compile_lower(r"(?:VND|VNĐ|USD|US\$|\$|€|¥|đồng|yen|won)\s*$")
_MONEY_AFTER = compile_lower(
    r"^\s*(?:(?:nghìn|ngàn|thousand|triệu|million|tỷ|tỉ|billion)\s+)?"
    r"(?:VND|VNĐ|đồng|đ\b|USD|US\$|dollars?|yen|won|euros?|\$)")
_UNIT_AFTER = compile_lower(
    r"^[\s-]*(?:(?:nghìn|ngàn|thousand)\s+)?(?:months?|years?|days?|hours?|weeks?|tháng|năm|ngày"
    r"|giờ|tuần|communes?|communities|xã|phường|wards?|villages?|enterprises?|compan(?:y|ies)"
    r"|businesses|firms?|agenc(?:y|ies)|doanh\s+nghiệp|countries|country|quốc\s+gia|nước"
    r"|territories|vùng\s+lãnh\s+thổ|markets?|thị\s+trường|provinces?|tỉnh|districts?|huyện"
    r"|job\s+fairs?|phiên|sessions?|occupations|ngành\s+nghề|ngành|programs?|programmes?"
    r"|agreements?|hiệp\s+định|classes|lớp|km|hectares?|tuổi|centres?|centers?|trung\s+tâm"
    r"|schools?|trường|delegations?|đoàn|cases?|vụ|trường\s+hợp|thousand\s+VND)\b")
_WORKER_AFTER = compile_lower(
    r"^\s*(?:(?:Vietnamese|Việt\s+Nam)\s+)?(?:(?:contract|guest|overseas|migrant)\s+)?"
    r"(?:workers?|labou?rers?|labou?rs?|people|persons|individuals|trainees|interns|employees"
    r"|citizens|nationals|females?|women|males?|men|lao\s+động|lao\s+đông|LĐ|người|nữ|nam"
    r"|công\s+nhân|thực\s+tập\s+sinh|TTS|nhân\s+lực|học\s+viên|ứng\s+viên)\b")
_FEMALE_AFTER = compile_lower(
    r"^\s*(?:(?:Vietnamese\s+)?(?:female|females|women)\b|(?:lao\s+động|lao\s+đông|LĐ|người)\s+nữ\b"
    r"|nữ\b|(?:(?:workers?|labou?rers?|people|lao\s+động)\s+)?(?:were|are|là)\s+"
    r"(?:women|female|nữ|lao\s+động\s+nữ)\b)")
_MALE_AFTER = re.compile(
    r"^\s*(?:(?:Vietnamese\s+)?(?:male|males|men)\b|(?:lao\s+động|lao\s+đông|LĐ|người)\s+nam\b"
    r"|nam\b(?!\s+(?:định|hàn|bộ|phi|mỹ))|(?:(?:workers?|labou?rers?)\s+)?(?:were|are)\s+"
    r"(?:men|male)\b)",
)
_ALL_MALE = compile_lower(r"^[^;(]{0,30}\(?\s*(?:all\s+male|toàn\s+bộ\s+là\s+nam)")
_PLAN = Gated(compile_lower(
    r"\b(?:plan|plans|target|targets|targeted|goal|quota\s+set|kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu"
    r"|aims?\s+to|aiming\s+to|strives?\s+to|striving\s+to|expects?\s+to\s+send|phấn\s+đấu"
    r"|dự\s+kiến\s+đưa)\b"),
    ("plan", "target", "goal", "quota", "kế", "chỉ", "mục", "aim", "striv", "expect", "phấn", "dự"))
_PLAN_ADJ = compile_lower(r"(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu|plan|target)\s*$")
_PLAN_AFTER = compile_lower(
    r"^\s*(?:workers?\s+|labou?rers?\s+|lao\s+động\s+)?(?:-worker\s+)?(?:plan|target|kế\s+hoạch|"
    r"chỉ\s+tiêu)\b")
_ATTAIN_BEFORE = compile_lower(
    r"(?:đạt|đạt\s+được|hoàn\s+thành|bằng|reaching|reached|reach|achieving|achieved|fulfilling"
    r"|fulfilled|meeting|meets|met|equal(?:ling|ing|s)?\s+to|equivalent\s+to|or|hitting|hit"
    r"|completing|completed|accounting\s+for|representing)\s+(?:just\s+|only\s+|chỉ\s+)?(?:about\s+|nearly\s+|over\s+|"
    r"more\s+than\s+|gần\s+|hơn\s+|khoảng\s+|xấp\s+xỉ\s+|almost\s+|around\s+)?$")
_ATTAIN_AFTER = compile_lower(
    r"^\s*(?:%+|phần\s+trăm|percent|per\s+cent)\s*(?:of\s+(?:the\s+|its\s+|this\s+year's\s+)?"
    r"(?:(?:year|yearly|annual|whole[-\s]year|full[-\s]year|\d{4}|assigned|set)\s+)*"
    r"(?:plan|target|goal)|(?:so\s+với\s+)?(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu))")
_EXCESS = compile_lower(
    r"(?:vượt|exceed|exceeding|exceeded|surpass|surpassing|surpassed|by)\s*$")
_COMPARE_BEFORE = compile_lower(
    r"(?:so\s+với|compared\s+(?:with|to)|up\s+from|down\s+from|against|versus|vs\.?"
    r"|tăng|giảm|increase\s+of|decrease\s+of|rise\s+of|drop\s+of|up\s+by|down\s+by"
    r"|increased\s+by|decreased\s+by|nhiều\s+hơn|ít\s+hơn)\s+(?:\S+\s+){0,2}$")
_DEMAND = compile_lower(r"\b(?:demand|needs?|nhu\s+cầu|cần\s+tuyển)\b")
_QUOTA = compile_lower(r"\b(?:allocat\w*|quotas?|phân\s+bổ|phân\s+bố|chỉ\s+tiêu\s+phân)\b")
_PER_MONTH = compile_lower(r"^[^;.]{0,25}?(?:/\s*(?:month|tháng)|a\s+month|per\s+month|mỗi\s+tháng|"
                        r"each\s+month|hàng\s+tháng)")
_PER_YEAR = compile_lower(r"^[^;.]{0,25}?(?:/\s*(?:year|năm)|a\s+year|per\s+year|mỗi\s+năm|"
                       r"each\s+year|every\s+year|hàng\s+năm|annually)")
_STOCK = compile_lower(
    r"\b(?:(?:are|were|is)\s+(?:currently\s+|now\s+)?(?:working|living|employed)|currently\s+"
    r"(?:working|employed)|đang\s+(?:làm\s+việc|sinh\s+sống|lao\s+động)|hiện\s+(?:có|đang))\b")
_DEPART_BEFORE = compile_lower(
    r"(?:sent|dispatched|deployed|đưa|đưa\s+được|xuất\s+cảnh|tiếp\s+nhận|received|welcomed|took"
    r"|had|totall?ed|reached|amounted\s+to|numbered|stood\s+at|đạt|là|with|với|of|:|\(|to"
    r"|hosted|accepted|admitted|recorded|saw|has|have|led|leads)\s*$")
_DEPART_AFTER = compile_lower(
    r"^[^;.]{0,40}?\b(?:(?:have|has|had)\s+been\s+sent|were\s+sent|was\s+sent|went|left"
    r"|departed|have\s+gone|xuất\s+cảnh|đi\s+làm\s+việc|sang\s+làm\s+việc|đã\s+được\s+đưa)\b")
_DEPART_VERB = compile_lower(
    r"\b(?:sent|went|left|departed|dispatched|đưa|xuất\s+cảnh|đi\s+làm\s+việc)\b")
_QUAL_WORDS = r"(?:nearly|almost|over|more\s+than|about|around|some|gần|hơn|trên|khoảng|xấp\s+xỉ)"
_TOTAL_BEFORE = Gated(compile_lower(
    rf"(?:total|tổng\s+số|tổng\s+cộng)\b[^.;]{{0,60}}?\b(?:to|at|of|là|lên|đạt)\s+"
    rf"(?:{_QUAL_WORDS}\s+)?$"), ("total", "tổng"))
_SAME_PAREN = Gated(compile_lower(
    r"(?:same\s+(?:month|period)\s+(?:of\s+)?(?:last\s+year|the\s+previous\s+year|\d{4})"
    r"|cùng\s+(?:kỳ|kì|tháng)[^(]{0,15})\s*\(\s*$"), ("same", "cùng"))
_FORWARD_MARKET = compile_lower(r"(?:\bto|\bsang|\bđến|\btới|\bin|\bat|\bfor)\s+(?:the\s+)?$")
_EACH_BEFORE = compile_lower(r"(?:mỗi\s+(?:nước|thị\s+trường|quốc\s+gia)|each)\s*:?\s*$")
_EACH_AFTER = compile_lower(r"^[^;(]{0,25}?\beach\b")
_RESPECTIVELY = compile_lower(r"\brespectively\b|lần\s+lượt")
_LAST_YEAR_AFTER = compile_lower(r"^[^;),]{0,40}?(?:cùng\s+kỳ|same\s+period|last\s+year)")
_CLAUSE_END = re.compile(r"[);,]")
_PAREN_END = re.compile(r"[);]")
_RANGE_JOIN = re.compile(r"\s*(?:to|-|–|đến|tới)\s*")
_LIST_JOIN = compile_lower(r"\s*(?:,|and|và|or|hoặc|/)\s*(?:and\s+|và\s+)?(?:the\s+)?")
_RUN_JOIN = compile_lower(r"\s*(?:,|and|và|&)\s*(?:,|and|và)?\s*(?:the\s+)?")
#: Words that make a figure a demand, a quota or a stock of workers abroad, or that
#: say workers departed: looked for once per sentence, each pattern only where one of
#: the words every match holds is there.
_MEASURE_WORDS = {
    "demand": Gated(_DEMAND, ("demand", "need", "nhu", "cần")),
    "quota": Gated(_QUOTA, ("allocat", "quota", "phân")),
    "stock": Gated(_STOCK, ("working", "living", "employed", "đang", "hiện")),
    "depart": Gated(_DEPART_VERB, ("sent", "went", "left", "depart", "dispatch", "đưa", "xuất",
                                   "đi")),
}
#: Words that say a sentence speaks of the whole country (matched on lower-cased text).
_NATIONAL_CUE = re.compile(
    r"cả\s+nước|toàn\s+quốc|whole\s+country|nationwide|việt\s+nam\s+(?:đã\s+)?đưa"
    r"|vietnam\s+(?:has\s+)?sent|cục\s+quản\s+lý\s+lao\s+động"
)
#: The same for the phrases that start with "the", tried only just before their noun.
_NATIONAL_THE = re.compile(r"the\s+(?:country|department\s+of\s+overseas)")
#: The usual spellings of those phrases: if one is there, the patterns need not run.
_NATIONAL_PHRASES = ("cả nước", "toàn quốc", "whole country", "nationwide", "the country",
                     "the department of overseas")
#: Words without which none of the national patterns can match.
_NATIONAL_WORDS = ("cả", "toàn", "country", "nationwide", "việt", "vietnam", "department", "cục")
#: The words a match of :data:`_NATIONAL_CUE` can start with.
_NATIONAL_STARTS = ("cả", "toàn", "whole", "nationwide", "việt", "vietnam", "cục")
_BIND_BLOCK = compile_lower(
    r"the\s+(?:whole\s+)?country|cả\s+nước|Vietnam\b|Việt\s+Nam|in\s+total|tổng\s+(?:số|cộng)"
    r"|nationwide|toàn\s+quốc|overall|altogether")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_LANG_VI = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


# -- document context ----------------------------------------------------------------


def detect_lang(text: str, low: str | None = None) -> str:
    """Return ``"vi"`` if the text is Vietnamese (diacritics), else ``"en"``.

    The text is Vietnamese when over 3% of the letters of its first 20,000
    characters carry Vietnamese marks. ``low`` is the text lower-cased, if at hand.
    """
    head = text[:20_000]
    if head.isascii():
        return "en"
    low_head = lower(head) if low is None else low[:20_000]
    odd = few_non_ascii(low_head, 64)  # English with a few quotes or dashes
    marked = len(_LANG_VI.findall(low_head if odd is None else "".join(low_head[i] for i in odd)))
    if marked == 0:
        return "en"
    if marked > 0.03 * len(head):  # letters <= characters: clearly over the line
        return "vi"
    letters = len(_LETTER.findall(head)) or 1
    return "vi" if marked / letters > 0.03 else "en"


def find_published(text: str) -> date | None:
    """Return the date line's date: the first full date in the first lines of the text."""
    lines = text[:4096].splitlines()
    if len(lines) <= 12:  # the twelfth line may go on past the first 4,096 characters
        lines = text.splitlines()
    head = "\n".join(line for line in lines[:12] if len(line) < 120)
    for match in find_dates(head):
        g = match.groupdict()
        try:
            if g.get("y"):
                return date(int(g["y"]), int(g["m"]), int(g["d"]))
            if g.get("y2"):
                return date(int(g["y2"]), int(g["m2"]), int(g["d2"]))
            if g.get("y3"):
                return date(int(g["y3"]), month_number(g["mn"]) or 0, int(g["d3"]))
            if g.get("y4"):
                return date(int(g["y4"]), month_number(g["mn4"]) or 0, int(g["d4"]))
            if g.get("y5"):
                return date(int(g["y5"]), int(g["m5"]), int(g["d5"]))
        except ValueError:
            continue
    return None


_PROVINCE_WORDS = ("tỉnh", "tinh", "provinc", "city", "thành phố", "thanh pho", "tp")
#: Words that decide which of the reader's tests a sentence needs, looked for in all
#: the lower-cased sentences of a bulletin at once (:func:`words_by_text`).
_DECIDING_WORDS = {
    "digit": tuple("0123456789"), "province": _PROVINCE_WORDS,
    "national_phrase": _NATIONAL_PHRASES, "national": _NATIONAL_WORDS,
}


#: The groups of :data:`_DECIDING_WORDS` that can make a sentence change the scope.
_SENTENCE_CHANGES = frozenset({"province", "national_phrase", "national"})


def _has_digit(text: str, has: frozenset[str]) -> bool:
    """Whether ``text`` has a digit, in any script (as ``_DIGIT`` reads digits)."""
    return "digit" in has or (not text.isascii() and _DIGIT.search(text) is not None)


def _is_national(low: str, has: frozenset[str]) -> bool:
    """Whether lower-cased text says it speaks of the whole country."""
    if "national_phrase" in has:
        return True  # the common spelling, found without the pattern
    return "national" in has and bool(
        matches_at(_NATIONAL_CUE, low, _NATIONAL_STARTS)
        or finditer_before(_NATIONAL_THE, low, "country", 3)
        or finditer_before(_NATIONAL_THE, low, "department", 3))


def find_dates(text: str) -> list[re.Match[str]]:
    """Return the dates and times in ``text``, in order, without overlaps.

    Each kind of date is tried only where one can start: at a run of digits that
    starts a word, at a month name, at "ngày".
    """
    found: list[re.Match[str]] = []
    for digit in "0123456789":
        pos = text.find(digit)
        while pos >= 0:
            if pos == 0 or not _is_word_char(text[pos - 1]):
                match = _DATE_DIGITS.match(text, pos)
                if match is not None:
                    found.append(match)
            pos = text.find(digit, pos + 1)
    found.extend(finditer_at(_DATE_MONTH, text, _MONTH_NAMES))
    if "ngày" in text:
        found.extend(_DATE_NGAY.finditer(text))
    found.sort(key=lambda m: m.start())
    kept: list[re.Match[str]] = []
    end = 0
    for match in found:  # the leftmost of overlapping dates, as one pattern would take
        if match.start() >= end:
            kept.append(match)
            end = match.end()
    return kept


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span of ``text`` by as many spaces."""
    if not spans:
        return text
    out = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(" " * (end - start))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def mask_non_figures(text: str) -> str:
    """Blank out markup, web addresses and dates, which hold digits but no figures."""
    return _mask_non_figures(text)[0]


def _mask_non_figures(text: str) -> tuple[str, list[tuple[int, int]]]:
    """:func:`mask_non_figures`, and the spans it blanked out."""
    blanked: list[tuple[int, int]] = []
    if "<" in text or "&" in text:
        spans = [m.span() for m in _TAG.finditer(text)]
        text = _mask_spans(text, spans)
        blanked += spans
    if "://" in text or "www." in text:
        spans = [m.span() for m in finditer_at(_URL, text, ("http", "www."))]
        text = _mask_spans(text, spans)
        blanked += spans
    spans = [m.span() for m in find_dates(text)]
    return _mask_spans(text, spans), blanked + spans


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Split text into (offset, sentence) pairs on sentence ends and line breaks."""
    out = []
    pos = 0
    for match in finditer_at(_SENTENCE_END, text, _SENTENCE_MARKS):
        # the end mark [.!?…] stays with its sentence; a line break does not
        end = match.start() if text[match.start()] == "\n" else match.start() + 1
        piece = text[pos:end]
        if piece.strip():
            out.append((pos, piece))
        pos = match.end()
    if text[pos:].strip():
        out.append((pos, text[pos:]))
    return out


@dataclass
class _Doc:
    source: str
    published: str
    lang: str
    scope: str
    year: int | None
    month: int | None


def _doc_context(text: str, source: str, cues: list[Cue], has: frozenset[str]) -> _Doc:
    """The bulletin's date, language, scope, year and month.

    ``has`` names the groups of :data:`_DECIDING_WORDS` whose words the text has.
    """
    published = find_published(text)
    low = lower(text)
    lang = detect_lang(text, low)
    provinces = find_provinces(fold(text)) if "province" in has else []
    scope = NATIONAL
    if provinces and not _is_national(low, has):
        counts = Counter(provinces)  # the most named province; on a tie, the first named
        scope = max(counts, key=counts.__getitem__)
    year = published.year if published else None
    month = published.month if published else None
    years = [c.year for c in cues if c.year and c.kind != "same"]
    if years:
        year = max(sorted(set(years), reverse=True), key=years.count)
    months = [c.month_to for c in cues if c.month_to and c.kind not in {"same", "year"}]
    if month is None and months:
        month = max(months)
    return _Doc(source, published.isoformat() if published else "", lang, scope, year, month)


# -- the reader ------------------------------------------------------------------------


def parse_text(text: str, *, source: str = "<text>") -> list[Fact]:
    """Read the figures of one bulletin's text.

    Parameters
    ----------
    text : str
        The bulletin (any Unicode normal form).
    source : str
        Where the text came from, kept on every figure.

    Returns
    -------
    list of Fact
        Figures in text order, each once (a figure repeated, e.g. in the headline
        and the body, is kept at its first mention).
    """
    text = normalize_text(text, name=source)
    masked, blanked = _mask_non_figures(text)
    whole = split_sentences(masked)
    sentences = [(o, s[:MAX_SENTENCE]) for o, s in whole]
    # One search per word through all the sentences: the period rules' triggers and
    # the reader's own tests (digits, provinces, national scope).
    lows = [lower(s) for _, s in sentences]
    words = triggered_kinds([s for _, s in sentences], lows=lows, extra=_DECIDING_WORDS)
    sentence_cues = [find_cues(s, has, low)
                     for (_, s), has, low in zip(sentences, words, lows, strict=True)]
    # The whole text has the sentences' words, and those of what the sentences leave
    # out: blanked web addresses, tags and dates, and the ends of over-long sentences.
    left_out = [text[a:b] for a, b in blanked] + [s[MAX_SENTENCE:] for _, s in whole
                                                   if len(s) > MAX_SENTENCE]
    doc_words = frozenset().union(*words, *words_by_text([lower("\n".join(left_out))],
                                                         _DECIDING_WORDS))
    doc = _doc_context(text, source, [c for cues in sentence_cues for c in cues], doc_words)
    facts: list[Fact] = []
    seen: set[tuple] = set()
    carried: _Period | None = None
    scope = doc.scope
    for (offset, sentence), low, has, cues in zip(sentences, lows, words, sentence_cues,
                                                  strict=True):
        if not cues and has.isdisjoint(_SENTENCE_CHANGES) and not _has_digit(sentence, has):
            continue  # no period, scope or figure: the sentence changes nothing
        original = text[offset : offset + len(sentence)]
        new, carried, scope = _read_sentence(sentence, low, has, cues, original.strip(), doc,
                                             carried, scope)
        for fact in new:
            key = (fact.scope, fact.year, fact.month_from, fact.month_to, fact.measure,
                   fact.market, fact.sex, fact.value, fact.qualifier)
            if key not in seen:
                seen.add(key)
                facts.append(fact)
    return facts


def _resolve(cue: Cue, doc: _Doc, current: _Period | None, year_hint: int | None = None
             ) -> _Period | None:
    """Turn a cue into a period.

    A cue without a year takes the year of an earlier cue of the same sentence
    (``year_hint``), else the document's year; "last year" counts back from it.
    """
    base_year = year_hint or doc.year
    if cue.kind == "same":
        if current is None:
            return None
        year = cue.year or ((current.year or base_year or 0) - 1)
        if cue.same == "month":
            return _Period(year, current.month_to, current.month_to)
        return _Period(year, current.month_from, current.month_to)
    year = cue.year if cue.year else base_year
    if cue.prev_year and year and not cue.year:
        year -= 1
    if cue.kind == "open":
        month = doc.month or (current.month_to if current else None)
        return None if month is None else _Period(year, 1, month)
    return _Period(year, cue.month_from or 1, cue.month_to or 12)


@dataclass
class _Num:
    start: int
    end: int
    raw: str


def _read_sentence(  # noqa: C901 - the reader's one long decision, kept in one place
    s: str, low: str, has: frozenset[str], cues: list[Cue], quote: str, doc: _Doc,
    carried: _Period | None, scope: str
) -> tuple[list[Fact], _Period | None, str]:
    """Read one sentence: ``low`` is it lower-cased, ``has`` its words (:func:`words_by_text`)."""
    provinces = find_provinces(fold(s)) if "province" in has else []
    if provinces:
        scope = provinces[0]
    elif _is_national(low, has):
        scope = NATIONAL
    if not _has_digit(s, has):  # no figure to read: only the period and the scope carry on
        return [], _carry(low, cues, doc, carried), scope
    spans = [(c.start, c.end) for c in cues]
    numbers = [
        _Num(m.start(), m.end(), m.group(1))
        for m in _NUMBER.finditer(s)
        if not any(a <= m.start() < b for a, b in spans)
    ]

    # The period in force at each cue: base cues change it; comparisons and cues in
    # parentheses hold only until the clause closes.
    period_cues = _period_cues(low, cues)

    def period_at(pos: int) -> _Period | None:
        current = carried
        temporary: _Period | None = None
        temp_end = -1
        hint = None
        for cue, in_paren in period_cues:
            if cue.start >= pos:
                break
            period = _resolve(cue, doc, current, hint)
            if cue.year and not in_paren and cue.kind != "same":
                hint = cue.year
            if period is None:
                continue
            if cue.kind == "same" or in_paren:
                temporary = period
                close = _CLAUSE_END if cue.kind == "same" and not in_paren else _PAREN_END
                hit = close.search(s, cue.end)
                temp_end = hit.start() if hit else len(s)
            else:
                current, temporary = period, None
        if temporary is not None and pos < temp_end:
            return temporary
        # A cue right after the figure ("85,781 in the first 7 months") names its period.
        return current

    def period_for(num: _Num, next_start: int) -> _Period | None:
        before = [c for c, _ in period_cues if c.end <= num.start]
        after = [c for c, _ in period_cues if c.start >= num.end]
        if after:
            first = after[0]
            gap = s[num.end : first.start]
            near = (first.start < next_start and len(gap) <= 30
                    and ";" not in gap and "(" not in gap)
            if not before or near or (first.kind == "same" and first.start < next_start):
                base = period_at(first.start)
                hint = next((c.year for c in reversed(before) if c.year), None)
                return _resolve(first, doc, base if first.kind == "same" else (base or carried),
                                hint)
        return period_at(num.start)

    next_carried = _carry(low, cues, doc, carried, period_cues)

    # Market names are looked for once a figure that could be bound to one turns up.
    markets: list[tuple[int, int, str]] = []
    respectively: dict[int, list[str]] | None = None
    said: dict[str, bool] = {}

    def says(what: str) -> bool:
        """Whether the sentence has words of demand, quota, a stock or departing (once each)."""
        if what not in said:
            said[what] = _MEASURE_WORDS[what].search(low) is not None
        return said[what]

    facts: list[Fact] = []
    prev_count: tuple[_Num, list[str]] | None = None
    prev_target: _Num | None = None
    consumed: set[int] = set()
    prev_end = 0
    for i, num in enumerate(numbers):
        next_start = numbers[i + 1].start if i + 1 < len(numbers) else len(s)
        before = low[max(prev_end, num.start - 60) : num.start]
        gap_start = max(prev_end, s.rfind(";", 0, num.start) + 1)
        gap = low[gap_start : num.start]
        after = low[num.end : num.end + 80]
        prev_end = num.end
        percent = bool(_PERCENT.match(after))
        mult = _MULTIPLIER.match(after)
        if _TIMES.match(after) or _MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after):
            continue
        if _UNIT_AFTER.match(after) and not _WORKER_AFTER.match(after):
            continue
        plain = num.raw.isdigit()
        if plain and len(num.raw) == 4 and 1980 <= int(num.raw) <= 2049 and not percent:
            if not _WORKER_AFTER.match(after):
                continue
        try:
            multiplier = mult.group(1) if mult else None
            value = parse_number(num.raw, percent=percent, multiplier=multiplier)
        except ValueError:
            continue
        qualifier = find_qualifier(before)
        period = period_for(num, next_start)

        if percent:
            if _EXCESS.search(before) or not _ATTAIN_AFTER.match(after):
                continue
            if not _ATTAIN_BEFORE.search(before) and not before.rstrip().endswith(("(", ",")):
                continue
            if _LAST_YEAR_AFTER.match(after):
                continue
            if period is None or period.year is None:
                continue
            facts.append(_fact(doc, scope, period, "attainment_pct", ALL, "total", value,
                               qualifier, quote))
            continue

        sex = "total"
        rest = num.end + (mult.end() if mult else 0)
        after_num = low[rest:]
        if _FEMALE_AFTER.match(after_num):
            sex = "female"
        elif _MALE_AFTER.match(s[rest:]) or _ALL_MALE.match(after_num):
            sex = "male"

        worker = bool(_WORKER_AFTER.match(after_num)) or sex != "total"
        # Market binding.
        if respectively is None:
            markets = [m for m in find_markets(s) if not any(a <= m[0] < b for a, b in spans)]
            respectively = _respectively(low, markets, numbers)
        bound = respectively.get(i)
        gap_markets = [
            m for m in markets if gap_start <= m[0] and m[1] <= num.start and m[0] not in consumed
        ]
        if bound is None and gap_markets:
            last = gap_markets[-1]
            between = low[last[1] : num.start]
            if len(between) <= 45 and not _BIND_BLOCK.search(between):
                if _EACH_BEFORE.search(between) or _EACH_AFTER.match(after_num):
                    run = _market_run(low, gap_markets)
                    bound = run
                else:
                    bound = [last[2]]
        if bound is None:
            fwd = [m for m in markets if num.end <= m[0] < next_start]
            if fwd:
                between = low[num.end : fwd[0][0]]
                if (len(between) <= 40 and not any(mark in between for mark in ",;(")
                        and _FORWARD_MARKET.search(between)
                        and not _is_list(low, fwd[0], markets)):
                    bound = [fwd[0][2]]
                    consumed.add(fwd[0][0])
        if bound is None and sex != "total" and prev_count is not None:
            between = low[prev_count[0].end : num.start]
            if ";" not in between and len(between) <= 60:
                bound = prev_count[1]

        plan_gap = _PLAN.search(gap) or _PLAN_AFTER.match(after_num)
        if prev_target is not None and _RANGE_JOIN.fullmatch(s, gap_start, num.start):
            plan_gap = True  # "a plan of 110,000 to 120,000"
        measure = "departures"
        if plan_gap and not (gap_markets and not _PLAN.search(low[gap_start : gap_markets[0][0]])):
            measure = "target"
        elif says("demand") and _PER_MONTH.match(after_num):
            measure = "demand"
        elif says("quota") and _PER_YEAR.match(after_num):
            measure = "quota"
        elif says("stock") and not _DEPART_AFTER.match(after_num) and not says("depart"):
            measure = "stock"

        is_count = (
            worker
            or bound is not None
            or measure != "departures"
            or _DEPART_AFTER.match(after_num) is not None
            or _TOTAL_BEFORE.search(before) is not None
            or _SAME_PAREN.search(before) is not None
        )
        if not is_count and not (_DEPART_BEFORE.search(before) and _WORKER_AFTER.match(after_num)):
            continue
        if _COMPARE_BEFORE.search(before) and not (
            period and any(c.kind == "same" for c in cues if c.start > num.end - 80)
        ):
            if not any(c.kind == "same" and c.end <= num.start for c in cues):
                continue

        if measure == "target":
            year = (period.year if period else None) or doc.year
            if year is None:
                continue
            period = _Period(year, 1, 12)
        elif measure == "quota":
            year = (period.year if period else None) or doc.year
            if year is None:
                continue
            period = _Period(year, 1, 12)
        elif measure in {"demand", "stock"}:
            month = period.month_to if period else doc.month
            year = (period.year if period else None) or doc.year
            if year is None or month is None:
                continue
            period = _Period(year, month, month)
        if period is None or period.year is None:
            continue
        for market in bound or [ALL]:
            facts.append(_fact(doc, scope, period, measure, market, sex, value, qualifier, quote))
        if sex == "total" and measure == "departures":
            prev_count = (num, bound or [ALL])
        prev_target = num if measure == "target" else None
    return facts, next_carried, scope


def _plan_year_cue(s: str, cue: Cue) -> bool:
    """Whether a year cue names a plan's year ("kế hoạch năm 2025"), not the period."""
    return cue.kind == "year" and bool(_PLAN_ADJ.search(s[max(0, cue.start - 20) : cue.start]))


def _period_cues(s: str, cues: list[Cue]) -> list[tuple[Cue, bool]]:
    """The cues that name periods (not a plan's year), each with whether it is in parentheses."""
    return [(cue, s.count("(", 0, cue.start) > s.count(")", 0, cue.start))
            for cue in cues if not _plan_year_cue(s, cue)]


def _carry(s: str, cues: list[Cue], doc: _Doc, carried: _Period | None,
           period_cues: list[tuple[Cue, bool]] | None = None) -> _Period | None:
    """The period in force after a sentence: its last base cue, else the one carried in."""
    last_period = None
    hint = None
    for cue, in_paren in _period_cues(s, cues) if period_cues is None else period_cues:
        if cue.kind == "same" or in_paren:
            continue
        resolved = _resolve(cue, doc, last_period or carried, hint)
        if resolved is not None:
            last_period = resolved
        if cue.year:
            hint = cue.year
    return last_period or carried


def _is_list(s: str, market: tuple[int, int, str], markets: list[tuple[int, int, str]]) -> bool:
    """Whether a market name is one of a list ("Japan, South Korea and Germany")."""
    nxt = [m for m in markets if m[0] >= market[1]]
    return bool(nxt) and _LIST_JOIN.fullmatch(s, market[1], nxt[0][0]) is not None


def _market_run(s: str, markets: list[tuple[int, int, str]]) -> list[str]:
    """The run of market names joined by commas/"and" that ends with the last one."""
    run = [markets[-1]]
    for m in reversed(markets[:-1]):
        if _RUN_JOIN.fullmatch(s, m[1], run[0][0]):
            run.insert(0, m)
        else:
            break
    return [m[2] for m in run]


def _respectively(
    s: str, markets: list[tuple[int, int, str]], numbers: list[_Num]
) -> dict[int, list[str]]:
    """Bind "A, B and C ... x, y and z respectively" (or "lần lượt") in order."""
    hit = ("respectively" in s or "lượt" in s) and _RESPECTIVELY.search(s)
    if not hit or len(markets) < 2:
        return {}
    first_number = next((n for n in numbers if n.start > markets[0][1]), None)
    if first_number is None:
        return {}
    listed = [m for m in markets if m[1] <= first_number.start]
    run = _market_run(s, listed)
    counts = [
        i for i, n in enumerate(numbers)
        if n.start >= first_number.start and not _FEMALE_AFTER.match(s[n.end :])
        and not _PERCENT.match(s[n.end :])
    ][: len(run)]
    if len(counts) != len(run):
        return {}
    return {i: [code] for i, code in zip(counts, run, strict=True)}


def _fact(doc: _Doc, scope: str, period: _Period, measure: str, market: str, sex: str,
          value: float, qualifier: str, quote: str) -> Fact:
    return Fact(
        source=doc.source, published=doc.published, lang=doc.lang, scope=scope,
        year=int(period.year or 0), month_from=period.month_from, month_to=period.month_to,
        measure=measure, market=market, sex=sex, value=value, qualifier=qualifier,
        quote=quote[:400],
    )


def facts_frame(facts: list[Fact]) -> pd.DataFrame:
    """Return facts as a DataFrame with the columns of :data:`FACT_COLUMNS`."""
    import pandas as pd  # here, so that reading text needs no pandas

    frame = pd.DataFrame([asdict(f) for f in facts], columns=FACT_COLUMNS)
    return frame.astype({"year": "int64", "month_from": "int64", "month_to": "int64",
                         "value": "float64"})


def parse_bulletin(text_or_path: str | os.PathLike[str], *, source: str | None = None
                   ) -> pd.DataFrame:
    """Read one bulletin, from its text or from a file, into a frame of facts.

    Parameters
    ----------
    text_or_path : str or path-like
        The bulletin's text, or the path of a bulletin file (UTF-8, UTF-16 with
        BOM or Windows-1258).
    source : str, optional
        The source to record; defaults to the file name, or ``"<text>"``.

    Returns
    -------
    pandas.DataFrame
        One row per figure, columns :data:`FACT_COLUMNS`.

    Raises
    ------
    BulletinError
        If the file cannot be read (missing, a directory, empty, binary).

    Examples
    --------
    >>> facts = parse_bulletin("In July 2025, 11,090 workers went abroad, "
    ...                        "including 3,374 female workers.")
    >>> facts[["year", "month_from", "month_to", "sex", "value"]].values.tolist()
    [[2025, 7, 7, 'total', 11090.0], [2025, 7, 7, 'female', 3374.0]]
    """
    is_path = isinstance(text_or_path, os.PathLike) or (
        isinstance(text_or_path, str) and "\n" not in text_or_path and len(text_or_path) < 1024
        and Path(text_or_path).suffix.lower() in {".txt", ".md", ".text"}
    )
    if is_path:
        path = Path(text_or_path)
        text = read_bulletin(path)
        return facts_frame(parse_text(text, source=source or path.name))
    return facts_frame(parse_text(str(text_or_path), source=source or "<text>"))


__all__ = ["BulletinError", "FACT_COLUMNS", "Fact", "parse_bulletin", "parse_text"]
