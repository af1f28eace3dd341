"""The clean stage's work over documents: indicators classified chunk by chunk.

:func:`policy_corpus.indicators.indicators_table` classifies each quantity from its own sentence
and document, so chunks of documents can be classified apart (and in parallel) and put back
together in document order: the table is the same as one call over the whole corpus.
"""

from __future__ import annotations

from functools import partial

import pandas as pd

from policy_corpus.codebook import Codebook
from policy_corpus.engine import Engine, concat_tables, run_by_document
from policy_corpus.indicators import indicators_table
from policy_corpus.schema import conform


def _indicators_chunk(chunk: dict[str, pd.DataFrame], codebook: Codebook) -> pd.DataFrame:
    return indicators_table(chunk["quantities"], chunk["documents"], chunk["sentences"], codebook)


def indicators_by_document(
    quantities: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    codebook: Codebook,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """Build the ``indicators`` table chunk by chunk of documents (see ``indicators_table``).

    Raises:
        ValueError: a quantity refers to a doc_id that is not in ``documents``.
    """
    unknown = sorted(set(quantities["doc_id"]) - set(documents["doc_id"]))
    if unknown:
        raise ValueError(f"quantities refer to documents that are not in documents: {unknown}")
    work = partial(_indicators_chunk, codebook=codebook)
    parts = run_by_document(work, documents, engine, quantities=quantities, sentences=sentences)
    return conform("indicators", concat_tables(parts, pd.DataFrame()))
