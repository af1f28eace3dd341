"""What 02_extract found, for the notebook: quantities by kind, unit and region; the rejections."""

from __future__ import annotations

import pandas as pd

from policy_corpus.contract.vocabulary import label

#: Example texts shown per rejection reason: enough to recognise the pattern.
EXAMPLES = 5
#: The columns of quantities the summaries read (not the sentences).
QUANTITY_COLUMNS = ["doc_id", "text", "is_quantity", "reject_reason", "kind", "unit"]


def _region_order(documents: pd.DataFrame) -> list[str]:
    """The regions' Chinese names in region-code order: the columns of a per-region table."""
    return documents.sort_values("region_code")["region_zh"].drop_duplicates().tolist()


def _per_region(frame: pd.DataFrame, keys: list[str], order: list[str]) -> pd.DataFrame:
    """Count ``frame``'s rows by ``keys`` (rows) and ``region`` (columns), with a total."""
    if frame.empty:
        table = pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=keys))
    else:
        table = frame.groupby([*keys, "region"]).size().unstack("region", fill_value=0)
    table = table.reindex(columns=order, fill_value=0).astype(int)
    table["total"] = table.sum(axis=1)
    return table.reset_index().rename_axis(columns=None)


def quantities_by_kind(quantities: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per kind and unit of quantity: how many each region's documents state.

    Only the candidates taken as quantities count. Columns: kind, unit (in words), one column
    per region (its Chinese name, in region-code order) and total; sorted by kind, then by total
    (most first).
    """
    regions = documents.drop_duplicates("doc_id").set_index("doc_id")
    found = quantities.loc[quantities["is_quantity"].astype(bool)]
    frame = pd.DataFrame(
        {
            "kind": found["kind"].fillna("").to_numpy(),
            "unit": [label("unit", str(c)) if isinstance(c, str) else "" for c in found["unit"]],
            "region": found["doc_id"].map(regions["region_zh"]).to_numpy(),
        }
    )
    table = _per_region(frame, ["kind", "unit"], _region_order(documents))
    return table.sort_values(["kind", "total"], ascending=[True, False]).reset_index(drop=True)


def measures_by_region(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """One row per codebook measure mentioned: how often in each region's documents.

    Columns: measure_id, one column per region (its Chinese name) and total; most mentioned
    first.
    """
    regions = documents.drop_duplicates("doc_id").set_index("doc_id")["region_zh"]
    frame = pd.DataFrame(
        {
            "measure_id": mentions["measure_id"].to_numpy(),
            "region": mentions["doc_id"].map(regions).to_numpy(),
        }
    )
    table = _per_region(frame, ["measure_id"], _region_order(documents))
    return table.sort_values(["total", "measure_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def rejections_by_reason(quantities: pd.DataFrame) -> pd.DataFrame:
    """One row per reason a numeral is not a quantity: how many, their share, a few examples.

    Columns: reject_reason (the code), reason (in words), n_candidates, share (of all
    rejected candidates, 0 to 1), examples (distinct texts, up to five); most frequent first.
    """
    rejected = quantities.loc[~quantities["is_quantity"].astype(bool)]
    grouped = rejected.groupby("reject_reason")["text"]
    table = pd.DataFrame(
        {
            "n_candidates": grouped.size(),
            "examples": grouped.agg(lambda texts: "、".join(texts.drop_duplicates()[:EXAMPLES])),
        }
    ).reset_index()
    table.insert(1, "reason", [label("reject_reason", str(c)) for c in table["reject_reason"]])
    table.insert(3, "share", table["n_candidates"] / max(len(rejected), 1))
    return table.sort_values(
        ["n_candidates", "reject_reason"], ascending=[False, True]
    ).reset_index(drop=True)
