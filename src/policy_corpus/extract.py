"""The extract stage: every numeral candidate of every document, as the quantities table."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from policy_corpus.codebook import Slogan
from policy_corpus.quantities import extract_quantities
from policy_corpus.schema import conform
from policy_corpus.sentences import SentenceLocator


def quantities_table(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    slogans: tuple[Slogan, ...] | None = None,
) -> pd.DataFrame:
    """Build the quantities table: one row per numeral candidate, quantity or rejected.

    Offsets are into ``documents.text``; ``sentence`` is the text of the sentence (from the
    sentences table) that contains the candidate's start. ``slogans`` are the codebook's known
    numeral slogans (None: the packaged codebook's).
    """
    by_doc = dict(tuple(sentences.groupby("doc_id")))
    rows: list[dict[str, object]] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        locate = SentenceLocator(by_doc.get(doc_id, sentences.iloc[0:0]), text)
        for quantity in extract_quantities(text, include_rejected=True, slogans=slogans):
            record = asdict(quantity)
            record["doc_id"] = doc_id
            record["sentence"] = locate(quantity.start).text
            rows.append(record)
    return conform("quantities", pd.DataFrame(rows))
