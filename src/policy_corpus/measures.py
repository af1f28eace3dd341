"""Find the codebook's policy measures (三个一批, 先诊疗后付费 …) in document text.

>>> from policy_corpus.codebook import load_codebook
>>> [(m.measure_id, m.text) for m in find_measures("实行“先诊疗、后付费”", load_codebook())]
[('treat_first_pay_later', '先诊疗、后付费')]
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import pandas as pd

from policy_corpus.codebook import Codebook, Measure, non_overlapping
from policy_corpus.schema import conform


@dataclass(frozen=True)
class MeasureMention:
    """One mention of a measure: offsets into the searched text (end exclusive)."""

    measure_id: str
    start: int
    end: int
    text: str


def find_measures(text: str, codebook: Codebook) -> list[MeasureMention]:
    """Return every mention of every codebook measure in a text, ordered by start.

    Mentions of one measure never overlap (where two spellings overlap, the one starting first
    wins, then the longer); mentions of different measures may overlap.
    """
    mentions = [
        MeasureMention(measure.id, start, end, text[start:end])
        for measure in codebook.measures
        for start, end, _ in _measure_spans(text, measure)
    ]
    return sorted(mentions, key=lambda m: (m.start, m.measure_id))


def _measure_spans(text: str, measure: Measure) -> list[tuple[int, int, None]]:
    spans = [
        (match.start(), match.end(), None)
        for pattern in measure.patterns
        for match in pattern.finditer(text)
    ]
    return non_overlapping(spans)


def measure_mentions_table(
    documents: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    """Build the ``measure_mentions`` table: one row per mention of a codebook measure.

    Steps: search each document's text with :func:`find_measures`; attach the text of the
    sentence (from ``sentences``) that contains the mention's start. A mention outside every
    sentence (a heading the splitter left out) gets the line of the text it is on, so that no
    mention is dropped.

    Args:
        documents: the ``documents`` table (doc_id, text are used).
        sentences: the ``sentences`` table (doc_id, start, end, text are used).
        codebook: from :func:`policy_corpus.codebook.load_codebook`.

    Returns:
        The table in contract column order (doc_id, measure_id, start, end, text, sentence);
        offsets refer to ``documents.text``.
    """
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        locate = SentenceLocator(sentences[sentences["doc_id"] == doc_id], text)
        for mention in find_measures(text, codebook):
            rows.append(
                {
                    "doc_id": doc_id,
                    "measure_id": mention.measure_id,
                    "start": mention.start,
                    "end": mention.end,
                    "text": mention.text,
                    "sentence": locate(mention.start).text,
                }
            )
    return conform("measure_mentions", pd.DataFrame(rows))


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
