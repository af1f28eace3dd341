"""Read one source file (text, HTML, .docx, PDF) into its article text.

The researchers' documents come as saved web pages, text copied from them, Word files and PDFs,
in UTF-8, GB18030 (declared as GBK or GB2312), Big5 or UTF-16. :func:`read_document` returns the
article text before normalisation, with the encoding it used; a file it cannot read with
confidence raises an :class:`IngestError` naming the file, never a silent guess.

The text of plain-text files is returned as decoded: page furniture is removed later
by :func:`policy_corpus.text.boilerplate.strip_boilerplate`. HTML pages lose their furniture
here, where the markup still shows what is navigation.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import charset_normalizer
from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import Declaration, Doctype, NavigableString, ProcessingInstruction
from charset_normalizer.models import CharsetMatch

from policy_corpus.text.boilerplate import is_furniture_line
from policy_corpus.text.header import clean_page_title, is_title_like, parse_date, parse_page_lines

if TYPE_CHECKING:
    from docx.table import Table

__all__ = [
    "DecodeError",
    "EmptyDocumentError",
    "IngestError",
    "NoArticleError",
    "NoTextLayerError",
    "RawDocument",
    "UnsupportedFormatError",
    "decode_bytes",
    "html_to_text",
    "page_metadata",
    "read_document",
]


class IngestError(Exception):
    """A source file that cannot be read; ``str(err)`` reads ``"<file>: <what went wrong>"``."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(source, message)
        self.source = source
        self.message = message

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class DecodeError(IngestError):
    """No encoding decodes the bytes with confidence."""


class EmptyDocumentError(IngestError):
    """The file is empty or holds only whitespace."""


class UnsupportedFormatError(IngestError):
    """The file is of a kind the project does not read."""


class NoArticleError(IngestError):
    """An HTML page without article text (an index page, an error page, a frame set)."""


class NoTextLayerError(IngestError):
    """A PDF whose pages yield no text: a scan that needs OCR first."""


@dataclass(frozen=True)
class RawDocument:
    """The article text of one source file, before normalisation.

    Attributes:
        text: The article text.
        encoding: The Python codec that decoded it ('utf-8', 'utf-8-sig', 'gb18030', 'big5',
            'utf-16'), or 'docx' / 'pdf' for those formats.
        format: 'text', 'html', 'docx' or 'pdf'.
        metadata: what the page itself says of the document (title, issuer, published), for
            HTML pages (:func:`page_metadata`); empty for other formats.
    """

    text: str
    encoding: str
    format: str
    metadata: dict[str, str] = field(default_factory=dict)


_SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
_TRIED = "tried utf-8, utf-8-sig, utf-16 (BOM), gb18030, big5"
# GB2312 and GBK are subsets of GB18030: a page declaring them may use characters (镕, 㵘)
# that only the superset has.
_CODEC_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5hkscs": "big5"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAX_BAD_SHARE = 0.02  # control, private-use or unassigned characters in a plausible text
_MIN_DETECT_BYTES = 40  # about 20 Chinese characters; shorter texts fit GB18030 and Big5 alike
_CLEAR_MARGIN = 0.05  # in charset-normalizer's chaos and coherence (0..1)
_DAMAGED_UTF8_SHARE = 0.9  # share of valid multibyte characters in damaged UTF-8
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


# --- decoding ----------------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    """Return the Python codec name for a declared charset, GB2312/GBK mapped to GB18030."""
    if not name:
        return None
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _CODEC_ALIASES.get(canonical, canonical)


def _bad_share(text: str) -> float:
    """Return the share of characters no real document contains (controls, private use)."""
    if not text:
        return 0.0
    bad = sum(
        unicodedata.category(ch) in {"Cc", "Co", "Cn", "Cs"} and ch not in "\t\n\r\f" for ch in text
    )
    return bad / len(text)


def _damaged_utf8_offset(data: bytes) -> int | None:
    """Return the byte offset of the first bad sequence if the data is UTF-8 with a few bad bytes.

    Text in GB18030 or Big5 is almost never valid UTF-8, while UTF-8 with a truncated or
    damaged character is valid everywhere else; decoding it as GB18030 would yield garbage.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(ord(ch) > 0x7F for ch in text) - bad
    if good / (good + bad) < _DAMAGED_UTF8_SHARE:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start
    return None


def _detect_cjk(data: bytes, source: str, hint: str | None) -> tuple[str, str]:
    """Choose between GB18030 and Big5 with charset-normalizer; raise if it cannot tell.

    Most GB18030 byte pairs are valid Big5 and the reverse, so on a short text both decode to
    plausible-looking characters. A declared charset (``hint``) decides between candidates that
    fit; without one, the winner must be clearly better and the text long enough to judge.
    """
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=["gb18030", "big5"]))
    candidates = [m.encoding for m in matches]
    if not candidates:
        raise DecodeError(source, f"cannot decode: {_TRIED}; no candidate fits")
    if hint in candidates:
        encoding = hint
    elif len(matches) == 1 or _clear_winner(data, matches[0], matches[1]):
        encoding = matches[0].encoding
    else:
        raise DecodeError(
            source,
            f"cannot decode: {_TRIED}; both {' and '.join(candidates)} fit "
            "and the text is too short to tell",
        )
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as err:  # pragma: no cover - charset-normalizer decoded it
        raise DecodeError(source, f"cannot decode: {_TRIED}; {encoding} fails: {err}") from err


def _clear_winner(data: bytes, best: CharsetMatch, second: CharsetMatch) -> bool:
    """Return True if charset-normalizer's first match is clearly better than its second."""
    if len(data) < _MIN_DETECT_BYTES:
        return False
    return (
        best.coherence - second.coherence >= _CLEAR_MARGIN
        or second.chaos - best.chaos >= _CLEAR_MARGIN
    )


def decode_bytes(data: bytes, source: str, hint: str | None = None) -> tuple[str, str]:
    """Decode a file's bytes, returning the text and the Python codec that decoded it.

    Order: a byte-order mark decides; else strict UTF-8; else, unless the bytes look like UTF-8
    with a damaged character, GB18030 or Big5 as charset-normalizer finds. ``hint`` (an HTML
    page's declared charset; GB2312 and GBK are read as GB18030) only chooses between
    GB18030 and Big5 when both fit, which happens on short texts; without it such a text is
    refused rather than guessed.

    Raises:
        EmptyDocumentError: no bytes, or only whitespace.
        DecodeError: binary data, damaged UTF-8, or no candidate decodes to plausible text.

    >>> decode_bytes("健康扶贫".encode("gb18030"), "a.html", hint="gb2312")
    ('健康扶贫', 'gb18030')
    """
    if not data.strip():
        raise EmptyDocumentError(source, "empty file")
    text, encoding = _decode(data, source, _codec(hint))
    if _bad_share(text) > _MAX_BAD_SHARE:
        raise DecodeError(
            source, f"cannot decode: {_TRIED}; {encoding} yields control or unassigned characters"
        )
    if not text.strip():
        raise EmptyDocumentError(source, "only whitespace")
    return text, encoding


def _decode(data: bytes, source: str, hint: str | None) -> tuple[str, str]:
    """Decode by BOM, UTF-8, then GB18030/Big5 (see :func:`decode_bytes`)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise DecodeError(source, f"cannot decode: {encoding} BOM but {err}") from err
    if b"\x00" in data:
        raise DecodeError(source, f"cannot decode: {_TRIED}; NUL bytes: binary data")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    offset = _damaged_utf8_offset(data)
    if offset is not None:
        raise DecodeError(
            source,
            f"cannot decode: {_TRIED}; UTF-8 with an invalid or truncated sequence "
            f"at byte {offset}",
        )
    return _detect_cjk(data, source, hint if hint in {"gb18030", "big5"} else None)


# --- HTML --------------------------------------------------------------------------------------

# Elements that are never article text.
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "nav", "header", "footer",
              "aside", "form", "select", "button", "svg", "object", "embed", "head")  # fmt: skip
# class/id words of page furniture on Chinese portals (bdshare is Baidu's share widget, weizhi
# 位置 the breadcrumb, xgwz 相关文章). Distinctive words match anywhere in a class name, common
# English words only as whole words (so "top" does not match "topic").
_FURNITURE_ATTR = re.compile(
    r"nav|menu|crumb|share|footer|copyright|weizhi|sidebar|toolbar|qrcode|xgwz|xgxx|"
    r"(?<![a-z])(?:top|side|foot|print|related|pager|comment|search|login|position|location"
    r"|banner|ewm|tool|links?)(?![a-z])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    ("address", "article", "blockquote", "center", "dd", "div", "dl", "dt", "figcaption",
     "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre",
     "section", "table", "tbody", "td", "th", "thead", "tr", "ul")
)  # fmt: skip
_HAN = re.compile(r"[\u3400-\u9fff]")
_PUNCT = re.compile(r"[。，；！？、,;]")
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")
_HAN_WRAP = re.compile(r"(?<=[\u3400-\u9fff，。、；：])[ \t]*[\r\n]+[ \t]*(?=[\u3400-\u9fff])")
_MIN_ARTICLE_HAN = 20
_MIN_PARAGRAPH_HAN = 8
_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)


def _is_furniture_element(tag: Tag) -> bool:
    """Return True for an element whose class or id names page furniture."""
    classes: list[str] = tag.get_attribute_list("class")
    words = " ".join([*filter(None, classes), str(tag.get("id") or "")])
    return bool(words.strip()) and bool(_FURNITURE_ATTR.search(words))


def _remove_furniture(soup: BeautifulSoup) -> None:
    """Remove comments, non-content elements, furniture by class/id and furniture lines."""
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(_DROP_TAGS):
        # An article's own <header> holds its title.
        if not tag.decomposed and not (tag.name == "header" and tag.find("h1")):
            tag.decompose()
    for tag in soup.find_all(True):
        # Never drop <body>/<html> because a site put "top" in their class.
        if not tag.decomposed and tag.name not in {"html", "body"} and _is_furniture_element(tag):
            tag.decompose()
    for tag in soup.find_all(["p", "div", "span", "td", "li", "a", "em", "strong"]):
        if not tag.decomposed and is_furniture_line(tag.get_text(" ", strip=True)):
            tag.decompose()


def _paragraph_score(element: Tag, text: str) -> int:
    """Score a paragraph by its Chinese characters and clause punctuation, like readability.

    Lists of links (related articles, menus) score nothing, however much Chinese they hold.
    """
    han = len(_HAN.findall(text))
    links = sum(len(_HAN.findall(a.get_text())) for a in element.find_all("a"))
    if han < _MIN_PARAGRAPH_HAN or links > han / 2:
        return 0
    return han + 10 * len(_PUNCT.findall(text))


def _best_container(soup: BeautifulSoup) -> Tag | None:
    """Return the element holding the most Chinese text in paragraphs.

    A readability-style score written here rather than readability-lxml or trafilatura: Chinese
    government pages are simple (one content <div> of <p>, or one <div> of lines split by
    <br>), the rule is a few lines, and it keeps the dependencies to bs4 and lxml. A <p> scores
    its parent fully and its grandparent half, so the container of all paragraphs beats the
    container of one; a <div>/<td> holding text directly scores itself and half its parent.
    """
    scores: dict[int, float] = {}
    tags: dict[int, Tag] = {}
    for element in soup.find_all(["p", "td", "div", "li"]):
        if element.name == "p" or element.find(_BLOCK_TAGS) is None:
            text = element.get_text()
        else:  # only the text directly inside; its block children score on their own
            text = "".join(element.find_all(string=True, recursive=False))
        score = _paragraph_score(element, text)
        if not score:
            continue
        first = element.parent if element.name == "p" else element
        second = first.parent if first else None
        for weight, ancestor in ((1.0, first), (0.5, second)):
            if isinstance(ancestor, Tag):
                scores[id(ancestor)] = scores.get(id(ancestor), 0.0) + weight * score
                tags[id(ancestor)] = ancestor
    if not scores:
        return None
    return tags[max(scores, key=lambda key: scores[key])]


# --- tables ------------------------------------------------------------------------------------

#: A cell longer than this holds paragraphs: the table lays out a page, it does not hold data.
_MAX_DATA_CELL = 60
_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")


def table_lines(rows: list[list[str]]) -> list[str]:
    """Write a table as lines: each row one sentence, its label with its numbers.

    Statistics tables in Word files and web pages put the label in the first column and the
    figures in the next (慢病签约服务人数 | 1.2万人); read cell by cell, a number loses the words
    that say what it is. The first row with two or more cells and no figure (a year such as
    2020年 is a column name, not a figure) is the header: it is
    written as it stands and names the cells below it, so 区县 | 签约人数 over 茅箭区 | 1.2万人
    gives ``茅箭区，签约人数：1.2万人``. A row with one cell (a caption, a spanning group
    title) is a line of its own. ``rows`` is a grid: a merged cell is "" where it repeats.

    >>> table_lines([["区县", "签约人数"], ["茅箭区", "1.2万人"], ["张湾区", "0.9万人"]])
    ['区县，签约人数', '茅箭区，签约人数：1.2万人', '张湾区，签约人数：0.9万人']
    >>> table_lines([["慢病签约服务人数", "1.2万人"]])
    ['慢病签约服务人数，1.2万人']
    """
    lines: list[str] = []
    header: list[str] | None = None
    seen_data = False
    for cells in rows:
        filled = [cell for cell in cells if cell]
        if len(filled) < 2:
            lines.extend(filled)
            continue
        if header is None and not seen_data and not any(_holds_figure(c) for c in filled):
            header = cells
            lines.append("，".join(filled))
            continue
        seen_data = True
        lines.append(_row_sentence(cells, header or []))
    return lines


def _holds_figure(cell: str) -> bool:
    """Whether a cell holds a figure; a year (2020年) names a column, as a word does."""
    return _DIGIT.search(_YEAR.sub("", cell)) is not None


def _row_sentence(cells: list[str], header: list[str]) -> str:
    """One row as a sentence: the label, then each cell named by its column's header."""
    parts = [cells[0]] if cells[0] else []
    for column, cell in enumerate(cells[1:], start=1):
        name = header[column] if column < len(header) else ""
        if cell:
            parts.append(f"{name}：{cell}" if name and name != cell else cell)
    return "，".join(parts)


def _is_data_table(rows: list[list[str]]) -> bool:
    """A table of short cells in two or more columns, not a page laid out in cells."""
    return any(len(row) > 1 for row in rows) and all(
        len(cell) <= _MAX_DATA_CELL for row in rows for cell in row
    )


def _html_table_rows(table: Tag) -> list[list[str]]:
    """The grid of an HTML table's cell texts, colspan and rowspan filled with ""."""
    grid: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows a rowspan still covers
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue  # a row of a nested table
        row: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            while pending.get(len(row), 0) > 0:
                pending[len(row)] -= 1
                row.append("")
            text = _SPACE_RUN.sub(" ", cell.get_text(" ", strip=True))
            span = _span(cell, "rowspan")
            for _ in range(_span(cell, "colspan")):
                if span > 1:
                    pending[len(row)] = span - 1
                row.append(text)
                text = ""
        grid.append(row)
    return grid


def _span(cell: Tag, name: str) -> int:
    """A cell's rowspan or colspan (1 when missing or malformed, at most 50)."""
    value = str(cell.get(name) or "1").strip()
    return min(int(value), 50) if value.isdigit() and int(value) > 0 else 1


def _text_with_breaks(node: Tag) -> str:
    """Return the text of an element with a line break around each block element and <br>."""
    parts: list[str] = []

    def walk(element: Tag) -> None:
        for child in element.children:
            if isinstance(child, NavigableString) and not isinstance(child, _NOT_TEXT):
                # A source line break inside a paragraph is a space, as a browser shows it,
                # except between Chinese characters, where it only wrapped the source line.
                string = _HAN_WRAP.sub("", str(child))
                parts.append(_SPACE_RUN.sub(" ", string))
            elif isinstance(child, Tag):
                if child.name == "br":
                    parts.append("\n")
                    continue
                if child.name == "table" and child.find("table") is None:
                    rows = _html_table_rows(child)
                    if _is_data_table(rows):
                        parts.append("\n" + "\n".join(table_lines(rows)) + "\n")
                        continue
                block = child.name in _BLOCK_TAGS
                parts.append("\n" if block else "")
                walk(child)
                parts.append("\n" if block else "")

    walk(node)
    lines = (line.strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _title(soup: BeautifulSoup, article: Tag) -> str | None:
    """Return the first <h1>/<h2> outside the article, which is usually the document's title."""
    for heading in soup.find_all(["h1", "h2"]):
        if article not in heading.parents and heading is not article:
            text = heading.get_text(" ", strip=True)
            if is_title_like(text):
                return text
    return None


# Where portals put an article's title and its date and source: CMS meta tags (TRS, the most
# common on gov.cn sites, writes ArticleTitle, PubDate and ContentSource), then the page itself.
_META_KEYS = {
    "title": ("ArticleTitle", "articletitle", "title"),
    "published": ("PubDate", "pubdate", "publishdate", "firstpublishedtime"),
    "issuer": ("ContentSource", "contentsource", "source"),
}
_TITLE_ATTR = re.compile(r"title|biaoti|(?<![a-z])(?:bt|tit)(?![a-z])", re.IGNORECASE)


def page_metadata(soup: BeautifulSoup) -> dict[str, str]:
    """Read a page's title, issuer and date as a reader would, before furniture is removed.

    Title: the CMS's ArticleTitle meta tag; else the first <h1>, title-classed element or
    <h2>/<h3> outside the page furniture that looks like a title (not a breadcrumb, a field
    label or a paragraph); else the value of a 标题： label; else ``<title>`` without the site's
    name. Issuer and date: the meta tags, else the page's 发布时间 / 来源 line. Keys without a
    value are left out.
    """
    found = {key: _meta(soup, names) for key, names in _META_KEYS.items()}
    found["published"] = parse_date(found["published"]) or ""
    found["title"] = found["title"] if is_title_like(found["title"]) else ""
    body = soup.body or soup
    lines = parse_page_lines(_text_with_breaks(body)) if isinstance(body, Tag) else {}
    found["title"] = found["title"] or _heading(soup) or lines.get("title") or _page_title(soup)
    for key, value in lines.items():
        found[key] = found[key] or value
    return {key: value for key, value in found.items() if value}


def _meta(soup: BeautifulSoup, names: tuple[str, ...]) -> str:
    for name in names:
        tag = soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag) and tag.get("content"):
            return str(tag["content"]).strip()
    return ""


def _heading(soup: BeautifulSoup) -> str:
    """The first visible heading or title-classed element outside furniture that reads as one."""
    titled = [t for t in soup.find_all(["div", "td", "p", "span"]) if _has_title_attr(t)]
    candidates = [*soup.find_all("h1"), *titled, *soup.find_all(["h2", "h3"])]
    for tag in candidates:
        if _in_furniture(tag):
            continue
        text = tag.get_text(" ", strip=True)
        if is_title_like(text):
            return text
    return ""


def _has_title_attr(tag: Tag) -> bool:
    words = " ".join([*tag.get_attribute_list("class"), str(tag.get("id") or "")])
    return bool(_TITLE_ATTR.search(words)) and tag.find(_BLOCK_TAGS) is None


def _in_furniture(tag: Tag) -> bool:
    return any(
        isinstance(t, Tag) and (t.name in _DROP_TAGS or _is_furniture_element(t))
        for t in (tag, *tag.parents)
        if t.name not in {"html", "body", "[document]"}
    )


def _page_title(soup: BeautifulSoup) -> str:
    title = soup.find("title")
    return clean_page_title(title.get_text(" ", strip=True)) if isinstance(title, Tag) else ""


def html_to_text(html: str, source: str = "<html>") -> str:
    r"""Extract the article text from an HTML page, one paragraph a line.

    Entities are decoded once by the parser, so an article that writes ``&lt;script&gt;``
    keeps the characters ``<script>`` as text.

    Raises:
        NoArticleError: the page has no element with enough Chinese text.

    >>> html_to_text("<div class='nav'>首页</div><div><p>全县贫困人口县域内就诊率达到90%，"
    ...              "群众看病更方便。</p><p>家庭医生签约服务全覆盖。</p></div>")
    '全县贫困人口县域内就诊率达到90%，群众看病更方便。\n家庭医生签约服务全覆盖。'
    """
    return _article_text(BeautifulSoup(_XML_DECLARATION.sub("", html), "lxml"), source)


def _article_text(soup: BeautifulSoup, source: str) -> str:
    """The article text of a parsed page (see :func:`html_to_text`); removes the furniture."""
    _remove_furniture(soup)
    article = _best_container(soup)
    if article is None:
        raise NoArticleError(source, "no article text found")
    text = _text_with_breaks(article)
    if len(_HAN.findall(text)) < _MIN_ARTICLE_HAN:
        raise NoArticleError(source, "no article text found")
    title = _title(soup, article)
    return f"{title}\n{text}" if title and not text.startswith(title) else text


# --- other formats -----------------------------------------------------------------------------


def _read_docx(data: bytes, source: str) -> str:
    """Return a Word document's paragraphs and tables, one a line, in document order.

    A table of short cells is read row by row (see :func:`table_lines`); a table that lays out
    paragraphs gives each cell's paragraphs a line each.
    """
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several kinds for a broken package
        raise IngestError(source, f"cannot open .docx: {err}") from err
    lines: list[str] = []
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(block.text)
            continue
        rows = _docx_table_rows(block)
        if _is_data_table(rows):
            lines.extend(table_lines(rows))
        else:
            lines.extend(line for row in rows for line in row if line)
    return "\n".join(lines)


def _docx_table_rows(table: Table) -> list[list[str]]:
    """The grid of a Word table's cell texts; a cell merged across columns is "" where repeated.

    python-docx returns a merged cell once per grid column; a cell merged down keeps its text
    in every row, which is what a row's label needs.
    """
    grid: list[list[str]] = []
    for row in table.rows:
        seen: list[object] = []
        cells: list[str] = []
        for cell in row.cells:
            if cell._tc in seen:
                cells.append("")
                continue
            seen.append(cell._tc)
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        grid.append(cells)
    return grid


def _read_pdf(data: bytes, source: str) -> str:
    """Return the text layer of a PDF, pages separated by a blank line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError) as err:
        raise IngestError(source, f"cannot read PDF: {err}") from err
    text = "\n\n".join(page.strip() for page in pages)
    if not text.strip():
        raise NoTextLayerError(source, "scanned PDF without a text layer (needs OCR)")
    return text


def _sniff(data: bytes, source: str) -> str:
    """Guess the format of a file with an unknown suffix from its first bytes."""
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile as err:
            raise UnsupportedFormatError(source, f"a damaged zip archive: {err}") from err
        raise UnsupportedFormatError(source, "a zip archive that is not a .docx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(source, "legacy Word/Excel file: save it as .docx first")
    lowered = head.lower()
    if any(mark in lowered for mark in (b"<html", b"<!doctype html", b"<body", b"<p>")):
        return "html"
    try:
        decode_bytes(data, source)
    except IngestError as err:
        raise UnsupportedFormatError(source, f"unknown format ({err.message})") from err
    return "text"


def read_document(path: Path) -> RawDocument:
    """Read a source file into its article text, choosing the reader by suffix.

    ``.txt``/``.text``/``.md`` are text, ``.html``/``.htm`` HTML, ``.docx`` Word, ``.pdf`` PDF;
    any other suffix is sniffed from the content.

    Args:
        path: The file.

    Returns:
        The article text before normalisation, the encoding used and the format.

    Raises:
        IngestError: (or a subclass) the file cannot be read with confidence; the message
            names the file and the reason.
    """
    path = Path(path)
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(source, f"cannot read file: {err.strerror}") from err
    if not data.strip():
        raise EmptyDocumentError(source, "empty file")
    kind = _SUFFIX_FORMATS.get(path.suffix.lower()) or _sniff(data, source)
    if kind == "docx":
        return RawDocument(_non_empty(_read_docx(data, source), source), "docx", "docx")
    if kind == "pdf":
        return RawDocument(_read_pdf(data, source), "pdf", "pdf")
    match = _META_CHARSET.search(data[:4096]) if kind == "html" else None
    text, encoding = decode_bytes(data, source, match[1].decode("ascii") if match else None)
    if kind == "html":
        soup = BeautifulSoup(_XML_DECLARATION.sub("", text), "lxml")
        metadata = page_metadata(soup)  # before the furniture holding the date line goes
        return RawDocument(_article_text(soup, source), encoding, kind, metadata)
    return RawDocument(text, encoding, kind)


def _non_empty(text: str, source: str) -> str:
    """Return the text, or raise EmptyDocumentError if it is only whitespace."""
    if not text.strip():
        raise EmptyDocumentError(source, "no text in the document")
    return text
