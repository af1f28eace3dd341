"""Undo the page layout of text taken from a PDF: page numbers and lines broken mid-sentence.

A PDF's text layer (and text copied from one) keeps the printed page: a line ends wherever the
page was full, often in the middle of a sentence or of a number and its unit (1200万 / 元), and
a page number (— 3 —, 第3页, 3/12) stands between two halves of a sentence. Sentences, clauses
and the paragraph a number belongs to are read from the text, so such a document must be put
back into paragraphs first. No library does this for Chinese text (pdfminer's layout analysis
works on the PDF, not on text already extracted or saved as .txt), hence this module.

Only a document that looks printed is rejoined: many lines of about the same width that end
without closing their sentence. A document with a paragraph per line (web pages, Word files,
most text files) is returned unchanged, apart from page-number lines.
"""

from __future__ import annotations

import re

#: A line holding only a page number: — 3 —, - 3 -, 第3页, 第 3 页 共 12 页, 3/12.
PAGE_LABEL = re.compile(
    r"[-—–－―]+\s*\d{1,4}\s*[-—–－―]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
)
#: Characters that close a sentence or a line of its own (a salutation ends with ：).
CLOSING = frozenset("。！？!?；;：:」”』》)）")
#: A line that opens a unit of its own: an indented paragraph, a heading (一、 （二） 3. 第四条).
OPENS = re.compile(
    r"\s|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d)"
    r"|第[一二三四五六七八九十]+[章条节]"
)
#: A line this close to the document's width was broken by the page, not by the author.
FULL = 0.75
#: Share of lines that must be full and open (not closing a sentence) to call the text printed.
PRINTED_SHARE = 0.3
MIN_LINES = 8


def unwrap_printed_lines(text: str) -> str:
    r"""Drop page-number lines and, in printed text, join lines the page broke.

    >>> printed = "\n".join(["　　截至2017年底，全市有建档立卡贫困人口1.93万户7.42万",
    ...                      "人，其中因病致贫、因病返贫4571户。"] * 5)
    >>> unwrap_printed_lines(printed).split("\n")[0]
    '　　截至2017年底，全市有建档立卡贫困人口1.93万户7.42万人，其中因病致贫、因病返贫4571户。'
    >>> unwrap_printed_lines("第一段。\n\n— 2 —\n\n第二段。")
    '第一段。\n\n第二段。'
    """
    lines = _without_page_labels(text.split("\n"))
    width = _width(lines)  # None: not printed, no line is joined
    joined: list[str] = []
    page_break = False  # only blank lines and a page number since the last line of text
    for line in lines:
        if line is None:
            page_break = True
            continue
        if not line.strip():
            if not page_break:
                joined.append(line)
            continue
        last = _last_text(joined)
        # Joined across nothing, or across the blank lines around a page number only.
        adjacent = last is not None and (page_break or last == len(joined) - 1)
        if last is not None and adjacent and width and _continues(joined[last], line, width):
            del joined[last + 1 :]  # the blank lines around a page number
            joined[last] = _join(joined[last], line)
        else:
            joined.append(line)
        page_break = False
    return "\n".join(joined)


def _last_text(lines: list[str]) -> int | None:
    """The index of the last line with text, or None."""
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip():
            return index
    return None


def _without_page_labels(lines: list[str]) -> list[str | None]:
    """The lines, each page-number line replaced by None."""
    return [None if PAGE_LABEL.fullmatch(line.strip()) else line for line in lines]


def _width(lines: list[str | None]) -> int | None:
    """The printed line width, or None when the text does not look printed."""
    filled = sorted(len(line.strip()) for line in lines if line and line.strip())
    if len(filled) < MIN_LINES:
        return None
    width = filled[int(0.9 * (len(filled) - 1))]
    open_full = sum(
        1
        for line in lines
        if line and len(line.strip()) >= FULL * width and line.rstrip()[-1] not in CLOSING
    )
    return width if open_full >= PRINTED_SHARE * len(filled) else None


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether ``line`` goes on with the sentence ``previous`` left open at the page's edge."""
    last = previous.rstrip()
    full = len(previous.strip()) >= FULL * width
    return full and last[-1] not in CLOSING and not OPENS.match(line)


def _join(previous: str, line: str) -> str:
    """Join two halves of a line: with a space between Latin words, else directly."""
    left, right = previous.rstrip(), line.strip()
    spaced = left[-1].isascii() and left[-1].isalpha() and right[0].isascii() and right[0].isalpha()
    return f"{left} {right}" if spaced else left + right
