"""HTML, PDF, Word and text into a bulletin's text, title and publication date.

HTML: the declared charset is honoured (HTTP header, byte-order mark, ``<meta
charset>``; else UTF-8, else Windows-1258). The page is cleaned with lxml
(:func:`clean_tree`), then trafilatura takes the main text, title and date
(without comments, with tables, favouring precision). trafilatura alone drops
menus, bylines, ``<figcaption>`` captions and comment sections outside the article,
but keeps a caption laid out as a table row and the teaser paragraph of a "Read
more" box placed inside the article; the cleaning removes those (boxes led by a
"Read more" / "Tin liên quan" / "Comments" heading, elements whose class or id
says caption, related or comment, image tables, ``nav``, ``aside``).

PDF: pypdf's text of each page; lines wrapped by the layout are joined again.
Word: python-docx's paragraphs and table cells in document order.

The text is stored as the reader reads it: the date (``YYYY-MM-DD``) on the first
line when known, the title, then the body, NFC.
"""

from __future__ import annotations

import codecs
import io
import re
import statistics
import unicodedata
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from labexport.core.errors import BulletinError, IntakeError
from labexport.intake.web import need
from labexport.read.textio import decode_bytes, normalize_text

if TYPE_CHECKING:  # pragma: no cover
    from lxml.html import HtmlElement


@dataclass(frozen=True)
class Extracted:
    """A bulletin's text as stored, its title and publication date (``""`` if unknown)."""

    text: str
    title: str
    published: str
    extractor: str


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: A heading that opens a box of other articles or the comments.
_BOX_HEADING = re.compile(
    r"^\W*(?:read\s+more|see\s+also|related(?:\s+(?:articles?|news|stories))?|more\s+news"
    r"|xem\s+thêm|đọc\s+thêm|tin\s+liên\s+quan|bài\s+liên\s+quan|tin\s+cùng\s+chuyên\s+mục"
    r"|comments?|bình\s+luận|ý\s+kiến(?:\s+bạn\s+đọc)?)\W*(?:\(\d+\))?\W*$", re.I)
#: A line that points to another article ("Read more: ...", ">> ...").
_LINK_LINE = re.compile(r"^\W*(?:read\s+more|see\s+also|xem\s+thêm|đọc\s+thêm|tin\s+liên\s+"
                        r"quan)\s*[:>»]|^\s*(?:>>|»)", re.I)
#: Class or id words of captions, related boxes and comments.
_BOX_CLASS = re.compile(r"caption|comment|related|read-?more|tin-?lien-?quan|binh-?luan"
                        r"|xem-?them|breadcrumb", re.I)
#: Typographic ligatures (ﬁ, ﬂ, ﬃ...) that PDF text keeps.
_LIGATURE = re.compile("[\ufb00-\ufb06]")
_DROP_TAGS = ("nav", "aside", "figcaption", "script", "style", "noscript", "form", "iframe")
_BOX_TAGS = {"div", "section", "ul", "ol", "li", "table", "tbody", "td", "dl"}
#: A box is at most this long (characters); a longer parent is the article itself.
_BOX_MAX = 1500


def decode_html(body: bytes, declared: str | None = None) -> str:
    r"""Decode a page: the declared charset, else its BOM, ``<meta charset>``, UTF-8, cp1258.

    Examples
    --------
    >>> decode_html("<p>Nhật Bản</p>".encode("utf-16"), "utf-16")
    '<p>Nhật Bản</p>'
    >>> decode_html(b'<meta charset="windows-1258"><p>Nh\xe2t</p>')[-11:]
    '<p>Nhât</p>'
    """
    for name in (declared, _bom(body), _meta_charset(body)):
        codec = _codec(name)
        if codec is not None:
            return body.decode(codec, errors="replace").lstrip("\ufeff")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1258", errors="replace")


def _codec(name: str | None) -> str | None:
    """A codec Python knows for a charset label (Latin-1 read as Windows-1252)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return "cp1252" if codec in {"latin-1", "iso8859-1", "ascii"} else codec


def _bom(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:8192])
    return match.group(1).decode("ascii") if match else None


def clean_tree(tree: HtmlElement) -> HtmlElement:
    """Remove captions, related-article boxes, comments and menus from a parsed page."""
    for element in list(tree.iter(*_DROP_TAGS)):
        _drop(element)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag not in {"html", "body", "article", "main"} and _BOX_CLASS.search(marks):
            _drop(element)
        elif element.tag == "table" and element.find(".//img") is not None \
                and len(element.text_content()) < _BOX_MAX:
            _drop(element)  # a picture laid out as a table: the image and its caption
    for element in list(tree.iter("h2", "h3", "h4", "h5", "h6", "strong", "b", "p", "span",
                                  "div", "li", "header")):
        if element.getparent() is not None:
            _drop_box(element)
    return tree


def _drop_box(element: HtmlElement) -> None:
    """Drop a box led by ``element`` if it is a related-articles or comments heading."""
    text = element.text_content().strip()
    if _LINK_LINE.match(text) and len(text) < 300:
        _drop(element)
        return
    if not _BOX_HEADING.match(text):
        return
    parent = element.getparent()
    if parent is not None and parent.tag in _BOX_TAGS and len(parent.text_content()) < _BOX_MAX:
        _drop(parent)
        return
    following = element.getnext()
    if following is not None and following.tag in _BOX_TAGS | {"p"}:
        _drop(following)
    _drop(element)


def _drop(element: HtmlElement) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


def from_html(body: bytes, *, charset: str | None = None, name: str) -> Extracted:
    """Extract a page's main text, title and publication date.

    Raises
    ------
    IntakeError
        If the page has no article text.
    """
    need("lxml.html")
    trafilatura = need("trafilatura")
    from lxml import etree
    from lxml.html import document_fromstring

    html = _XML_DECLARATION.sub("", decode_html(body, charset), count=1)
    try:
        tree = clean_tree(document_fromstring(html))
    except (etree.ParserError, ValueError):
        raise IntakeError(f"{name}: no article text found", path=name) from None
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=True, date_extraction_params={
            "extensive_search": False, "original_date": True,
            "max_date": date.today().isoformat()})
    text = str(getattr(doc, "text", "") or "") if doc is not None else ""
    if not text.strip():
        raise IntakeError(f"{name}: no article text found", path=name)
    title = _clean_line(str(getattr(doc, "title", "") or ""))
    published = str(getattr(doc, "date", "") or "")[:10]
    body_lines = [_table_row(line) for line in text.split("\n")]
    return Extracted(_compose(body_lines, title, published, name), title, published,
                     f"trafilatura {version('trafilatura')}")


def _table_row(line: str) -> str:
    """A table row as trafilatura writes it (``| a | b |``) as ``a | b``."""
    if not line.lstrip().startswith("|"):
        return line
    return " | ".join(cell.strip() for cell in line.strip().strip("|").split("|")
                      if cell.strip())


def _clean_line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _compose(lines: list[str], title: str, published: str, name: str) -> str:
    """The stored text: date line, title (unless the body starts with it), body."""
    body = [line.strip() for line in lines if line.strip()]
    head = [published] if published else []
    if title and (not body or _clean_line(body[0]) != title):
        head.append(title)
    try:
        return normalize_text("\n".join([*head, *body]) + "\n", name=name)
    except BulletinError as exc:
        raise IntakeError(str(exc), path=name) from None


def from_text(data: bytes, *, charset: str | None = None, name: str) -> Extracted:
    """A plain-text bulletin (UTF-8, UTF-16 with BOM, Windows-1258, or ``charset``)."""
    try:
        text = (normalize_text(data.decode(codec, errors="replace"), name=name)
                if (codec := _codec(charset)) else decode_bytes(data, name=name))
    except BulletinError as exc:
        raise IntakeError(str(exc), path=name) from None
    return Extracted(text.strip() + "\n", first_title(text), "", "labexport text")


def first_title(text: str) -> str:
    """The first line of ``text`` with three words or more (not a date line)."""
    for line in text.split("\n"):
        if len(re.findall(r"[^\W\d_]{2,}", line)) >= 3:
            return _clean_line(line)[:200]
    return ""


def from_pdf(data: bytes, *, name: str) -> Extracted:
    """The text of a PDF, page by page, with lines wrapped by the layout joined again.

    Raises
    ------
    IntakeError
        One line naming the file if it is damaged, encrypted or has no text.
    """
    pypdf = need("pypdf")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise IntakeError(f"{name}: encrypted PDF, cannot read its text", path=name)
        pages = [page.extract_text() or "" for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or ""
    except IntakeError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file
        raise IntakeError(f"{name}: damaged or unreadable PDF ({type(exc).__name__}: "
                          f"{str(exc)[:120]})", path=name) from None
    lines = [line for page in pages for line in unwrap(_LIGATURE.sub(
        lambda m: unicodedata.normalize("NFKC", m.group()), page).split("\n"))]
    if not any(line.strip() for line in lines):
        raise IntakeError(f"{name}: no text in this PDF (a scan?)", path=name)
    text = _compose(lines, "", "", name)
    return Extracted(text, _clean_line(str(meta_title)) or first_title(text), "",
                     f"pypdf {version('pypdf')}")


def unwrap(lines: list[str]) -> list[str]:
    """Join lines that the page layout wrapped.

    A line nearly as long as the longest lines, not ending a sentence, runs on into the
    next (a word cut by a hyphen is joined whole); a short line ends its paragraph.

    Examples
    --------
    >>> unwrap(["Title", "a long line that was wrapped by the", "layout here.", "Next."])
    ['Title', 'a long line that was wrapped by the layout here.', 'Next.']
    """
    lines = [" ".join(line.split()) for line in lines]
    lengths = [len(line) for line in lines if line]
    if not lengths:
        return []
    full = (statistics.quantiles(lengths, n=10, method="inclusive")[-1] if len(lengths) > 2
            else max(lengths))
    out: list[str] = []
    joining = False
    for line in lines:
        if not line:
            joining = False
            continue
        if joining and out:
            out[-1] = f"{out[-1][:-1]}{line}" if out[-1].endswith("-") and \
                out[-1][-2:-1].isalpha() and line[:1].islower() else f"{out[-1]} {line}"
        else:
            out.append(line)
        joining = len(line) >= 0.8 * full and not line.endswith((".", "!", "?", ":", "…"))
    return out


def from_docx(data: bytes, *, name: str) -> Extracted:
    """The paragraphs and table cells of a Word file, in document order.

    Raises
    ------
    IntakeError
        One line naming the file if it is damaged or not a Word file.
    """
    docx = need("docx")
    try:
        document = docx.Document(io.BytesIO(data))
        lines = [line for block in document.iter_inner_content() for line in _block_lines(block)]
        meta_title = document.core_properties.title or ""
    except Exception as exc:  # python-docx raises zip, XML and key errors on a damaged file
        raise IntakeError(f"{name}: damaged or not a Word file ({type(exc).__name__}: "
                          f"{str(exc)[:120]})", path=name) from None
    if not any(line.strip() for line in lines):
        raise IntakeError(f"{name}: no text in this Word file", path=name)
    text = _compose(lines, "", "", name)
    return Extracted(text, _clean_line(meta_title) or first_title(text), "",
                     f"python-docx {version('python-docx')}")


def _block_lines(block: Any) -> list[str]:
    """A paragraph's text, or a table's rows as ``cell | cell`` (merged cells once)."""
    if hasattr(block, "rows"):
        rows = []
        for row in block.rows:
            cells: list[Any] = []
            for cell in row.cells:
                if not cells or cell._tc is not cells[-1]._tc:
                    cells.append(cell)
            rows.append(" | ".join(" ".join(c.text.split()) for c in cells if c.text.strip()))
        return rows
    return [str(block.text)]
