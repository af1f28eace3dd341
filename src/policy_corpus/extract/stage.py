"""The extract stage: every numeral candidate and every codebook measure of every document.

The work is done on chunks of documents (see :mod:`policy_corpus.run.engine`), in this process or
in parallel; the tables are the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from functools import partial
from pathlib import Path

import pandas as pd

from policy_corpus.codebook import Codebook, Slogan
from policy_corpus.contract.schema import conform, empty_table
from policy_corpus.extract.measures import measure_mentions_table
from policy_corpus.run.engine import Engine, run_by_document_from
from policy_corpus.text.quantities import extract_quantities
from policy_corpus.text.sentences import SentenceLocator


def _quantities_rows(
    documents: pd.DataFrame, sentences: pd.DataFrame, slogans: tuple[Slogan, ...] | None
) -> pd.DataFrame:
    """The quantities rows of some documents (``sentences`` holds only theirs)."""
    by_doc = dict(tuple(sentences.groupby("doc_id", sort=False)))
    rows: list[dict[str, object]] = []
    for doc_id, text in zip(documents["doc_id"], documents["text"], strict=True):
        locate = SentenceLocator(by_doc.get(doc_id, sentences.iloc[0:0]), text)
        for quantity in extract_quantities(text, include_rejected=True, slogans=slogans):
            record = asdict(quantity)
            record["doc_id"] = doc_id
            record["sentence"] = locate(quantity.start).text
            rows.append(record)
    return conform("quantities", pd.DataFrame(rows))


def _extract_chunk(
    chunk: dict[str, pd.DataFrame], slogans: tuple[Slogan, ...] | None, codebook: Codebook
) -> tuple[pd.DataFrame, pd.DataFrame]:
    documents, sentences = chunk["documents"], chunk["sentences"]
    return (
        _quantities_rows(documents, sentences, slogans),
        measure_mentions_table(documents, sentences, codebook),
    )


def extract_chunks(
    processed_dir: str | Path,
    codebook: Codebook,
    engine: Engine | None = None,
    *,
    slogans: tuple[Slogan, ...] | None = None,
) -> Iterator[dict[str, pd.DataFrame]]:
    """The quantities and measure_mentions tables, chunk by chunk of documents, for writing.

    Reads ``documents`` and ``sentences`` from ``processed_dir`` a chunk at a time: one
    quantities row per numeral candidate (offsets into ``documents.text``, with the sentence
    holding it) and the measure mentions of
    :func:`policy_corpus.extract.measures.measure_mentions_table`, in document order. Pass the
    result to :func:`policy_corpus.contract.storage.write_tables`, which writes the tables as
    the chunks come.
    """
    # A first, empty chunk declares both tables, so they are written even without documents.
    yield {
        "quantities": empty_table("quantities"),
        "measure_mentions": empty_table("measure_mentions"),
    }
    work = partial(_extract_chunk, slogans=slogans, codebook=codebook)
    for found, mentioned in run_by_document_from(
        work, processed_dir, engine, "sentences", label="extract"
    ):
        yield {"quantities": found, "measure_mentions": mentioned}
