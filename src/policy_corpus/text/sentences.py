"""Split a normalised document into sentences with exact offsets and their section path.

Every :class:`Sentence` satisfies ``text[s.start:s.end] == s.text``: sentences are found, never
edited, so a quantity found in a sentence can be located in the document.

Section headings are recognised by their enumerators, which Chinese official documents use in a
fixed nesting (一、 > （一） > 1. > （1）), though not every document uses every level, and news
reports often number with 一是/二是 or 1、. Levels are therefore ranked by marker type in the
order the types first appear in the document, not by a fixed table.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["SECTION_SEPARATOR", "Sentence", "heading_marker", "split_sentences"]

SECTION_SEPARATOR = " > "

_CN_DIGITS = "一二三四五六七八九十"
_CN_NUMBER = rf"[{_CN_DIGITS}百零〇]{{1,4}}"
# (marker type, pattern at the start of a sentence). Order matters: 第…章 before 一、.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("第章", re.compile(rf"第\s*(?:{_CN_NUMBER}|\d{{1,2}})\s*章")),
    ("第部分", re.compile(rf"第\s*(?:{_CN_NUMBER}|\d{{1,2}})\s*部分")),
    ("第节", re.compile(rf"第\s*(?:{_CN_NUMBER}|\d{{1,2}})\s*节")),
    ("一、", re.compile(rf"{_CN_NUMBER}\s*、")),
    ("(一)", re.compile(rf"[（(]\s*{_CN_NUMBER}\s*[）)]")),
    ("1、", re.compile(r"\d{1,2}\s*、")),
    ("1.", re.compile(r"\d{1,2}\s*[.．](?!\d)")),
    ("(1)", re.compile(r"[（(]\s*\d{1,2}\s*[）)]")),
    ("一是", re.compile(rf"[{_CN_DIGITS}]{{1,2}}是")),
)
# A sentence ends with its punctuation and any closing quotes or brackets that follow it.
_SENTENCE_END = re.compile(r"[。！？；!?;]+[”’」』）)\]】〕》\"]*")
# An enumerator after a colon or a space starts a new list item within a line.
_INLINE_ITEM = re.compile(rf"(?<=[:：\s])[（(]\s*(?:{_CN_NUMBER}|\d{{1,2}})\s*[）)]")
_LINE = re.compile(r"[^\n]+")
_LABEL_TRIM = "。！？；!?;:：,， "
_MAX_LABEL = 40


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``start``/``end`` are offsets into the normalised text, end exclusive.

    ``section`` is the path of headings the sentence sits under, joined by `` > ``, e.g.
    ``二、强化医疗保障 > (一)提高报销比例``; empty before the first heading.
    """

    start: int
    end: int
    text: str
    section: str


def heading_marker(sentence: str) -> str | None:
    """Return the marker type of a sentence that starts with a heading enumerator, else None.

    >>> heading_marker("（二）提高报销比例")
    '(一)'
    >>> heading_marker("三是加强人才培养。")
    '一是'
    >>> heading_marker("1.5万人次接受义诊。") is None
    True
    """
    for marker, pattern in _MARKERS:
        if pattern.match(sentence):
            return marker
    return None


def _label(sentence: str) -> str:
    """Return a heading's label: the sentence without end punctuation, cut at a clause if long."""
    label = sentence.rstrip(_LABEL_TRIM)
    if len(label) <= _MAX_LABEL:
        return label
    clause = re.split(r"[,，:：]", label, maxsplit=1)[0]
    return clause if len(clause) <= _MAX_LABEL else label[:_MAX_LABEL] + "…"


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Move the offsets inwards past whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of every non-empty sentence, in order."""
    spans = []
    for line in _LINE.finditer(text):
        cuts = {m.end() for m in _SENTENCE_END.finditer(text, line.start(), line.end())}
        cuts |= {m.start() for m in _INLINE_ITEM.finditer(text, line.start(), line.end())}
        bounds = [line.start(), *sorted(cuts - {line.start(), line.end()}), line.end()]
        for start, end in itertools.pairwise(bounds):
            start, end = _strip_span(text, start, end)
            if start < end:
                spans.append((start, end))
    return spans


class _SectionTracker:
    """Keep the current heading path; marker types rank in order of first appearance."""

    def __init__(self) -> None:
        self._ranks: dict[str, int] = {}
        self._path: list[tuple[int, str]] = []

    def update(self, sentence: str) -> str:
        """Enter a new section if the sentence is a heading; return the current section path."""
        marker = heading_marker(sentence)
        if marker is not None:
            rank = self._ranks.setdefault(marker, len(self._ranks))
            self._path = [(r, label) for r, label in self._path if r < rank]
            self._path.append((rank, _label(sentence)))
        return SECTION_SEPARATOR.join(label for _, label in self._path)


def split_sentences(text: str) -> list[Sentence]:
    r"""Split text into sentences, each with exact offsets and its section path.

    Sentences end at 。！？； (and ASCII ! ? ; as NFKC leaves them), at line breaks, and before
    an enumerator that follows a colon or space. Closing quotes and brackets stay with the
    sentence they close; whitespace around a sentence is left out by moving its offsets.
    A heading is a sentence too, and its section path ends with itself.

    Args:
        text: Normalised document text.

    Returns:
        The sentences in document order.

    >>> doc = "二、强化医疗保障\n(一)提高报销比例。住院报销比例达到90%。"
    >>> [(s.start, s.end, s.section) for s in split_sentences(doc)]  # doctest: +ELLIPSIS
    [(0, 8, '二、强化医疗保障'), (9, 19, '二、强化医疗保障 > (一)提高报销比例'), (19, 31, '...')]
    """
    tracker = _SectionTracker()
    sentences = []
    for start, end in _spans(text):
        piece = text[start:end]
        sentences.append(Sentence(start, end, piece, tracker.update(piece)))
    return sentences


@dataclass(frozen=True)
class Located:
    """The sentence an offset is in: its text, its start offset and its section."""

    text: str
    start: int
    section: str


class SentenceLocator:
    """Find the sentence of one document that contains an offset.

    >>> sentences = pd.DataFrame(
    ...     {"start": [0, 4], "end": [4, 8], "text": ["一二三。", "四五六。"], "section": ["", ""]}
    ... )
    >>> SentenceLocator(sentences, "一二三。四五六。")(5).text
    '四五六。'
    """

    def __init__(self, sentences: pd.DataFrame, text: str) -> None:
        ordered = sentences.sort_values("start")
        self._starts = [int(s) for s in ordered["start"]]
        self._ends = [int(e) for e in ordered["end"]]
        self._texts = [str(t) for t in ordered["text"]]
        sections = ordered["section"] if "section" in ordered else [""] * len(ordered)
        self._sections = ["" if pd.isna(s) else str(s) for s in sections]
        self._text = text

    def __call__(self, offset: int) -> Located:
        """Return the sentence containing ``offset``, or the line around it if none does."""
        i = self._index(offset)
        if i is not None:
            return Located(self._texts[i], self._starts[i], self._sections[i])
        line_start = self._text.rfind("\n", 0, offset) + 1
        line_end = self._text.find("\n", offset)
        line_end = len(self._text) if line_end == -1 else line_end
        return Located(self._text[line_start:line_end], line_start, "")

    def continued(self, offset: int, limit: int = 3) -> str:
        """Return the sentences before the one at ``offset`` that end with a semicolon.

        A sentence splitter cuts at ；, but what follows it continues the same sentence (今年1至6月,
        住院875人次；办理慢性病1488人): its time and subject still apply. Up to ``limit``
        sentences are joined, in document order; "" when the previous one ends otherwise.

        >>> sentences = pd.DataFrame(
        ...     {"start": [0, 5, 9], "end": [5, 9, 12], "text": ["今年住院;", "门诊核销", "三。"]}
        ... )
        >>> SentenceLocator(sentences, "今年住院;门诊核销三。").continued(6)
        '今年住院;'
        """
        i = self._index(offset)
        parts: list[str] = []
        while i is not None and i > 0 and len(parts) < limit:
            i -= 1
            if not self._texts[i].rstrip().endswith((";", "；")):
                break
            parts.insert(0, self._texts[i])
        return "".join(parts)

    def _index(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i if i >= 0 and offset < self._ends[i] else None
