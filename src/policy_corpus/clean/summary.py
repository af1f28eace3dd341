"""What 03_clean classified, for the notebook: indicators by region, every validation issue."""

from __future__ import annotations

from typing import Any

import pandas as pd

from policy_corpus.contract.vocabulary import format_quantity, label, period_label

#: The columns of indicators the summary reads (not the sentences).
INDICATOR_COLUMNS = [
    "region_code",
    "region_zh",
    "indicator_id",
    "indicator_zh",
    "indicator_en",
    "value",
    "value_max",
    "unit",
    "qualifier",
    "change_from",
    "status",
    "period",
]


def _optional(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def value_in_words(row: pd.Series) -> str:
    """One indicator value with its status and period: ``91.42% (achieved, 2019)``."""
    shown = format_quantity(
        _optional(row["value"]),
        row["unit"] if isinstance(row["unit"], str) else None,
        row["qualifier"] if isinstance(row["qualifier"], str) else None,
        _optional(row["value_max"]),
        _optional(row["change_from"]),
    )
    about = [label("status", str(row["status"]))]
    period = period_label(row["period"] if isinstance(row["period"], str) else None)
    if period:
        about.append(period)
    return f"{shown} ({', '.join(about)})"


def indicators_by_region(indicators: pd.DataFrame) -> pd.DataFrame:
    """Indicator × region: every value each region states, with its status and period.

    One row per indicator (indicator_id, indicator_zh, indicator_en), one column per region
    (its Chinese name, in region-code order); a cell lists the region's values one per line,
    in document order; empty where the region states none. Sorted by indicator_id.
    """
    keys = ["indicator_id", "indicator_zh", "indicator_en"]
    classified = indicators.loc[indicators["indicator_id"].notna()]
    order = classified.sort_values("region_code")["region_zh"].drop_duplicates().tolist()
    if classified.empty:
        return pd.DataFrame(columns=keys)
    cells = classified.assign(shown=classified.apply(value_in_words, axis=1))
    table = (
        cells.groupby([*keys, "region_zh"], sort=True)["shown"]
        .agg("\n".join)
        .unstack("region_zh", fill_value="")
        .reindex(columns=order, fill_value="")
    )
    return table.reset_index().rename_axis(columns=None)


def validation_issues_in_full(validation_issues: pd.DataFrame) -> pd.DataFrame:
    """Every validation issue with its message whole: errors first, then in document order."""
    frame = validation_issues[["severity", "check", "table", "doc_id", "start", "message"]]
    order = frame["severity"].map({"error": 0}).fillna(1)
    return (
        frame.assign(
            severity=[label("severity", str(c)) for c in frame["severity"]],
            check=[label("check", str(c)) for c in frame["check"]],
            _order=order,
        )
        .sort_values(["_order", "doc_id", "start"])
        .drop(columns="_order")
        .reset_index(drop=True)
    )
