"""Step 2 of reading: cut the text into the pieces a page is made of.

A news page is a headline, a date line, paragraphs of body text, and around
them photo captions, bylines, "Read more" boxes, source lines and comments.
:func:`split_segments` labels each line with its role and cuts body lines into
sentences. The reader reads headlines and captions on their own (their period
and scope do not carry into the body), reads body sentences in order, and does
not read related-article lines, source lines or anything after the comments
heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from labexport.read.dates import find_dates
from labexport.read.prefilter import led

#: A line that opens a box of links to other articles.
_RELATED = re.compile(
    r"^\W*(?:read\s+more|see\s+also|related|more\s+news|xem\s+thêm|đọc\s+thêm|tin\s+liên\s+quan"
    r"|bài\s+liên\s+quan|tin\s+cùng\s+chuyên\s+mục|>>)\b",
    re.IGNORECASE,
)
#: The heading of the comments under an article: nothing after it is read.
_COMMENTS = re.compile(
    r"^\W*(?:comments?|bình\s+luận|ý\s+kiến(?:\s+bạn\s+đọc)?|phản\s+hồi)\s*(?:\(\d+\))?\W*$",
    re.IGNORECASE,
)
#: A source, copyright or tag line.
_SOURCE = re.compile(r"^\W*(?:source|nguồn|theo|tags?|từ\s+khóa|©)\s*:", re.IGNORECASE)
#: Words that make a line a photo caption.
_CAPTION = re.compile(
    r"(?<!\w)(?:illustration\s+photo|illustrative\s+(?:photo|image)|file\s+photo|photo\s*:|\(photo"
    r"|ảnh\s+minh\s+họa|ảnh\s*:|\(ảnh|nguồn\s+ảnh|photo\s+courtesy)",
    re.IGNORECASE,
)
#: Where a body line is cut into sentences: an end mark, space, then a capital or digit.
_SENTENCE_END = re.compile(led(r"(?<=[.!?…])\s+(?=[\"“‘(]?[A-ZÀ-ỸĐ0-9])"))
#: Words after which a full stop ends no sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|No|St|Co|Ltd|Inc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
    r"|TP|Tp|ThS|TS|PGS|GS|e\.g|i\.e|U\.S|vs)|\b[A-ZĐ])\.$"
)


@dataclass(frozen=True)
class Segment:
    """A piece of the text: ``role`` is headline, dateline, caption, body or skipped.

    ``start`` and ``end`` are offsets in the text; ``line`` numbers the line it
    is on (body sentences of one line share it).
    """

    start: int
    end: int
    text: str
    role: str
    line: int


def is_dateline(line: str) -> bool:
    """Whether a line is a date line: a date or time and a few words at most.

    >>> is_dateline("Thứ Ba, 05/08/2025 14:32 (GMT+7)"), is_dateline("In July 2025, 11,090 left")
    (True, False)
    """
    if len(line) > 90:
        return False
    dates = find_dates(line)
    if not dates:
        return False
    rest = line
    for start, end in reversed(dates):
        rest = rest[:start] + rest[end:]
    return len(re.findall(r"[^\W\d_]+", rest)) <= 5 and not re.search(r"\d{3}", rest)


def line_role(line: str, index: int, headline_seen: bool) -> str:
    """The role of one line of the page (see :class:`Segment`)."""
    if _RELATED.search(line) or _SOURCE.search(line):
        return "skipped"
    if is_dateline(line):
        return "dateline"
    if _CAPTION.search(line):
        return "caption"
    if not headline_seen and index <= 3 and len(line) <= 250 and not line.endswith((".", ":")):
        return "headline"
    return "body"


def caption_end(line: str) -> int:
    """Where a caption ends when the layout glued the next paragraph to it.

    "Lao động tại sân bay - Ảnh minh họa Chỉ tính riêng tháng 3/2022, ..." is a
    caption, then body text: the caption ends after its marker.
    """
    marker = _CAPTION.search(line)
    rest = line[marker.end() :] if marker else ""
    if marker and marker.start() > 0 and len(rest.strip()) >= 40 and rest.strip()[0].isupper():
        return marker.end()
    return len(line)


def in_related_box(line: str, inside: bool) -> bool:
    """Whether a line belongs to a box of related articles.

    The box opens with a heading alone on its line ("Xem thêm:", "Read more") and
    goes on over the bulleted or short title lines under it.
    """
    heading = _RELATED.search(line)
    if heading:
        return not line[heading.end() :].strip(" :>-–")
    short_title = len(line) < 150 and not line.rstrip().endswith(".")
    return inside and (line.lstrip().startswith(("-", "•", "*", "+", "–", ">")) or short_title)


def split_sentences(line: str) -> list[tuple[int, str]]:
    """Cut a body line into (offset, sentence) pairs.

    >>> [s for _, s in split_sentences("Japan led. Korea 7,340 (Dr. Lee said). Done")]
    ['Japan led.', 'Korea 7,340 (Dr. Lee said).', 'Done']
    """
    out: list[tuple[int, str]] = []
    pos = 0
    for match in _SENTENCE_END.finditer(line):
        if _ABBREVIATION.search(line, pos, match.start()):
            continue
        out.append((pos, line[pos : match.start()]))
        pos = match.end()
    out.append((pos, line[pos:]))
    return [(o, s) for o, s in out if s.strip()]


def split_segments(text: str) -> list[Segment]:
    """Label every line of ``text`` and cut body lines into sentences."""
    segments: list[Segment] = []
    offset = 0
    headline_seen = False
    after_comments = related = False
    for index, line in enumerate(text.split("\n")):
        start, offset = offset, offset + len(line) + 1
        if not line.strip():
            continue
        after_comments = after_comments or bool(_COMMENTS.match(line))
        related = in_related_box(line, related)
        role = "skipped" if after_comments or related else line_role(
            line, len(segments), headline_seen)
        headline_seen = headline_seen or role in {"headline", "body"}
        cut = caption_end(line) if role == "caption" else len(line)
        if role != "body":
            segments.append(Segment(start, start + cut, line[:cut], role, index))
            if cut == len(line):
                continue
            start, line = start + cut, line[cut:]
        for at, sentence in split_sentences(line):
            end = start + at + len(sentence)
            segments.append(Segment(start + at, end, sentence, "body", index))
    return segments
