"""Region comparison tables: indicator facts with comparability flags, and measure presence.

A comparison is only as good as its weakest pair of numbers, so every fact carries the reasons
its comparison with other regions is shaky, instead of a bare ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from policy_corpus.codebook import Codebook
from policy_corpus.labels import ADMIN_LEVEL_ZH, format_quantity

REGION_COLUMNS = ["region_code", "region_zh", "region_en", "admin_level"]


def regions_table(documents: pd.DataFrame) -> pd.DataFrame:
    """One row per region in the corpus, sorted by region code."""
    return (
        documents[REGION_COLUMNS]
        .drop_duplicates("region_code")
        .sort_values("region_code")
        .reset_index(drop=True)
    )


def comparison_flags(group: pd.DataFrame, comparable: bool) -> list[str]:
    """Return, for each fact of one indicator, why comparing it across regions is shaky.

    Args:
        group: the rows of one indicator in one unit, with admin_level, status, period, scope,
            qualifier and change_from.
        comparable: whether the codebook marks the indicator comparable across regions.
    """
    shared: list[str] = []
    if not comparable:
        shared.append("indicator not comparable across regions")
    if group["admin_level"].nunique() > 1:
        levels = "/".join(ADMIN_LEVEL_ZH.get(x, x) for x in sorted(group["admin_level"].unique()))
        shared.append(f"different administrative levels ({levels})")
    if group["status"].nunique() > 1:
        shared.append("plan vs achievement")
    if group["period"].fillna("unknown").nunique() > 1:
        shared.append("different periods")
    if group["scope"].fillna("unknown").nunique() > 1:
        shared.append("different populations or areas")
    flags = []
    for is_change, qualifier, has_period in zip(
        group["change_from"].notna().tolist(),
        group["qualifier"].fillna("exact").tolist(),
        group["period"].notna().tolist(),
        strict=True,
    ):
        own = list(shared)
        if is_change:
            own.append("a change over time, not a level")
        if qualifier != "exact":
            own.append(f"{qualifier} value")
        if not has_period:
            own.append("period unknown")
        flags.append("; ".join(own))
    return flags


def _optional(value: Any) -> float | None:
    return None if pd.isna(value) else float(str(value))


def display_values(facts: pd.DataFrame) -> list[str]:
    """Each fact's value as readers see it: unit, qualifier sign, range, change."""
    columns = ["value", "unit", "qualifier", "value_max", "change_from"]
    return [
        format_quantity(
            _optional(value),
            None if pd.isna(unit) else str(unit),
            None if pd.isna(qualifier) else str(qualifier),
            _optional(value_max),
            _optional(change_from),
        )
        for value, unit, qualifier, value_max, change_from in facts[columns].itertuples(index=False)
    ]


def region_indicators_table(
    indicators: pd.DataFrame,
    documents: pd.DataFrame,
    comparable: Mapping[str, bool],
) -> pd.DataFrame:
    """Build region_indicators: one row per indicator fact of a codebook indicator, by region.

    Facts classified as ``other`` are left out (the report lists them separately). Each row
    keeps its document and offset, so the reader can go back to the sentence.

    Args:
        indicators: the indicators table.
        documents: the documents table (for region names and administrative level).
        comparable: indicator_id → whether the codebook marks it comparable.
    """
    facts = indicators.loc[indicators["indicator_id"] != "other"].merge(
        documents[["doc_id", "region_en", "admin_level"]], on="doc_id", how="left"
    )
    if facts.empty:
        return facts.assign(display_value="", comparable=False, flags="")
    facts["display_value"] = display_values(facts)
    facts["comparable"] = facts["indicator_id"].map(lambda i: bool(comparable.get(i, False)))
    facts["flags"] = ""
    for _, group in facts.groupby(["indicator_id", "unit"], dropna=False):
        facts.loc[group.index, "flags"] = comparison_flags(group, bool(group["comparable"].iat[0]))
    return facts.sort_values(["indicator_id", "region_code", "doc_id", "start"]).reset_index(
        drop=True
    )


def region_measures_table(
    mentions: pd.DataFrame, documents: pd.DataFrame, measures: Sequence[Mapping[str, str]]
) -> pd.DataFrame:
    """Build region_measures: every region × every codebook measure, with mention counts.

    Absent measures get 0 mentions rather than no row, so a heatmap shows what a region does
    not mention as clearly as what it does.

    Args:
        mentions: the measure_mentions table.
        documents: the documents table.
        measures: codebook measures as mappings with measure_id, measure_zh, measure_en,
            framework_group and tool_type.
    """
    regions = regions_table(documents)[["region_code", "region_zh", "region_en"]]
    catalogue = pd.DataFrame(list(measures))
    grid = regions.merge(catalogue, how="cross")
    located = mentions.merge(documents[["doc_id", "region_code"]], on="doc_id", how="left")
    counts = (
        located.groupby(["region_code", "measure_id"])
        .agg(n_mentions=("doc_id", "size"), n_documents=("doc_id", "nunique"))
        .reset_index()
    )
    table = grid.merge(counts, on=["region_code", "measure_id"], how="left")
    table[["n_mentions", "n_documents"]] = (
        table[["n_mentions", "n_documents"]].fillna(0).astype("int64")
    )
    return table.sort_values(["region_code", "measure_id"]).reset_index(drop=True)


def tool_type_shares(region_measures: pd.DataFrame) -> pd.DataFrame:
    """Share of supply / demand / environment measures among each region's mentioned measures."""
    present = region_measures.loc[region_measures["n_mentions"] > 0]
    counts = present.groupby(["region_zh", "tool_type"]).size().unstack(fill_value=0)
    return counts.div(counts.sum(axis=1), axis=0).round(3)


def shared_indicators(
    region_indicators: pd.DataFrame, min_regions: int
) -> list[tuple[str, pd.DataFrame]]:
    """Comparable indicators (in one unit) that at least ``min_regions`` regions report.

    Returns (indicator_id, rows) pairs, the most widely reported first; a chart of them is a
    side-by-side view, with the flags on every row saying how far it can be trusted.
    """
    facts = region_indicators.loc[region_indicators["comparable"]]
    groups = [
        (str(key[0]), rows.reset_index(drop=True))
        for key, rows in facts.groupby(["indicator_id", "unit"])
        if rows["region_code"].nunique() >= min_regions
    ]
    return sorted(groups, key=lambda pair: -pair[1]["region_code"].nunique())


def comparability(codebook: Codebook) -> dict[str, bool]:
    """indicator_id → whether the codebook marks the indicator comparable across regions."""
    return {indicator.id: indicator.comparable for indicator in codebook.indicators}


def measure_catalogue(codebook: Codebook) -> list[dict[str, str]]:
    """The codebook's measures as rows of the region_measures columns they fill."""
    return [
        {
            "measure_id": m.id,
            "measure_zh": m.zh,
            "measure_en": m.en,
            "framework_group": m.group,
            "tool_type": m.tool_type,
        }
        for m in codebook.measures
    ]
