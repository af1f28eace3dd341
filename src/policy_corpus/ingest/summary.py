"""What 01_ingest took in, for the notebook: the corpus by region, genre and year, the refusals."""

from __future__ import annotations

import pandas as pd

from policy_corpus.contract.vocabulary import label

#: The columns of documents the summary reads (not the texts, which may be large).
CORPUS_COLUMNS = [
    "doc_id",
    "region_code",
    "region_zh",
    "region_en",
    "admin_level",
    "doc_type",
    "published",
    "n_chars",
]


def corpus_by_region(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per region, genre (doc_type) and year: how many documents and characters.

    Levels and genres are in words; the year is the first four characters of ``published``.
    Sorted by region code, genre and year.
    """
    keys = ["region_code", "region_zh", "region_en", "admin_level", "doc_type", "year"]
    frame = documents.assign(
        year=documents["published"].astype("string").str[:4],
        admin_level=[label("admin_level", str(c)) for c in documents["admin_level"]],
        doc_type=[label("doc_type", str(c)) for c in documents["doc_type"]],
    )
    return (
        frame.groupby(keys, dropna=False, as_index=False)
        .agg(n_documents=("doc_id", "size"), n_chars=("n_chars", "sum"))
        .sort_values(["region_code", "doc_type", "year"])
        .reset_index(drop=True)
    )


def refused_files(ingest_issues: pd.DataFrame) -> pd.DataFrame:
    """Every file or manifest row ingest refused or warned about, with the reason in full.

    Errors (the file was not taken in) come before warnings; then by file name.
    """
    frame = ingest_issues[["severity", "source_file", "doc_id", "problem"]].copy()
    order = frame["severity"].map({"error": 0}).fillna(1)
    frame["severity"] = [label("severity", str(c)) for c in frame["severity"]]
    return (
        frame.assign(_order=order)
        .sort_values(["_order", "source_file"])
        .drop(columns="_order")
        .reset_index(drop=True)
    )
