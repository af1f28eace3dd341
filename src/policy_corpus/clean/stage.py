"""The clean stage's work over documents: indicators classified chunk by chunk.

:func:`policy_corpus.clean.indicators.indicators_table` classifies each quantity from its own
sentence and document, so chunks of documents can be classified apart (and in parallel) and put back
together in document order: the table is the same as one call over the whole corpus.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pandas as pd

from policy_corpus.clean.indicators import indicators_table

# validate.py checks a whole indicators table; streaming needs its two halves apart: the checks
# of one row, which run chunk by chunk, and the conflicts between rows, which run at the end.
from policy_corpus.clean.validate import ISSUE_COLUMNS, conflicting_values, row_issues
from policy_corpus.codebook import OTHER_ID, Codebook
from policy_corpus.contract.schema import conform, empty_table
from policy_corpus.run.engine import Engine, concat_tables, run_by_document_from

#: The columns the conflict check and its messages read (not the long sentence).
CONFLICT_COLUMNS = [
    "doc_id",
    "start",
    "text",
    "region_code",
    "indicator_id",
    "status",
    "role",
    "period",
    "unit",
    "value",
    "value_max",
    "scope",
]


def _indicators_chunk(chunk: dict[str, pd.DataFrame], codebook: Codebook) -> pd.DataFrame:
    return indicators_table(chunk["quantities"], chunk["documents"], chunk["sentences"], codebook)


def clean_chunks(
    processed_dir: str | Path, codebook: Codebook, engine: Engine | None = None
) -> Iterator[dict[str, pd.DataFrame]]:
    """The indicators and validation_issues tables, chunk by chunk of documents, for writing.

    Reads ``quantities``, ``documents`` and ``sentences`` from ``processed_dir`` a chunk at a
    time. The rows equal :func:`policy_corpus.clean.indicators.indicators_table` and
    :func:`policy_corpus.clean.validate.domain_issues` over the whole corpus: each row's checks come
    with its chunk; the conflicts between rows (one region, two values) need every region's
    facts, so the few rows that can conflict are kept, without their sentences, and checked
    at the end. Pass the result to :func:`policy_corpus.contract.storage.write_tables`.

    Raises:
        ValueError: a quantity refers to a doc_id that is not in documents.
    """
    # A first, empty chunk declares both tables, so they are written even without documents.
    yield {
        "indicators": empty_table("indicators"),
        "validation_issues": empty_table("validation_issues"),
    }
    comparable = [ind.id for ind in codebook.indicators if ind.comparable]
    may_conflict: list[pd.DataFrame] = []
    work = partial(_indicators_chunk, codebook=codebook)
    for indicators in run_by_document_from(
        work, processed_dir, engine, "quantities", "sentences", label="clean"
    ):
        issues = [
            issue for row in indicators.to_dict("records") for issue in row_issues(row, codebook)
        ]
        yield {"indicators": indicators, "validation_issues": _issues_frame(issues)}
        # validate.conflicting_values applies the same filter first: this only narrows what
        # is kept in memory until the end.
        kept = indicators["indicator_id"].isin(comparable) & (indicators["status"] == "achieved")
        kept &= (indicators["indicator_id"] != OTHER_ID) & indicators["period"].notna()
        kept &= (indicators["period"] != "unspecified") & (indicators["role"] == "level")
        may_conflict.append(indicators.loc[kept, CONFLICT_COLUMNS])
    facts = concat_tables(may_conflict, empty_table("indicators")[CONFLICT_COLUMNS])
    yield {"validation_issues": _issues_frame(list(conflicting_values(facts)))}


def _issues_frame(issues: list[dict[str, object]]) -> pd.DataFrame:
    return conform("validation_issues", pd.DataFrame(issues, columns=list(ISSUE_COLUMNS)))
