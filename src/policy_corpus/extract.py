"""The extract stage: every numeral candidate of every document, as the quantities table."""

from __future__ import annotations

import bisect
from dataclasses import asdict

import pandas as pd

from policy_corpus.quantities import extract_quantities
from policy_corpus.schema import conform


class SentenceLookup:
    """Find the sentence that contains an offset of one document, by binary search."""

    def __init__(self, sentences: pd.DataFrame) -> None:
        """Index one document's sentences (columns start, end, text) by start offset."""
        ordered = sentences.sort_values("start")
        self.starts = ordered["start"].tolist()
        self.ends = ordered["end"].tolist()
        self.texts = ordered["text"].tolist()

    def sentence_at(self, offset: int, text: str) -> str:
        """The sentence containing ``offset``; the surrounding line when none does."""
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            return str(self.texts[i])
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        return text[line_start : line_end if line_end >= 0 else len(text)].strip()


def quantities_table(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Build the quantities table: one row per numeral candidate, quantity or rejected.

    Offsets are into ``documents.text``; ``sentence`` is the text of the sentence (from the
    sentences table) that contains the candidate's start.
    """
    by_doc = dict(tuple(sentences.groupby("doc_id")))
    rows: list[dict[str, object]] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        lookup = SentenceLookup(by_doc.get(doc_id, sentences.iloc[0:0]))
        for quantity in extract_quantities(text, include_rejected=True):
            record = asdict(quantity)
            record["doc_id"] = doc_id
            record["sentence"] = lookup.sentence_at(quantity.start, text)
            rows.append(record)
    return conform("quantities", pd.DataFrame(rows))
