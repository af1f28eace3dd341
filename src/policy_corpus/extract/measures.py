"""Find the codebook's policy measures (三个一批, 先诊疗后付费 …) in document text.

>>> from policy_corpus.codebook import load_codebook
>>> [(m.measure_id, m.text) for m in find_measures("实行“先诊疗、后付费”", load_codebook())]
[('treat_first_pay_later', '先诊疗、后付费')]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from policy_corpus.codebook import Codebook, Measure, non_overlapping
from policy_corpus.contract.schema import conform
from policy_corpus.text.sentences import SentenceLocator


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
