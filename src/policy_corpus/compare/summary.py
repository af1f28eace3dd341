"""The comparison for the notebook: each region's facts with their flags in words."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from policy_corpus.codebook import TOOL_TYPES
from policy_corpus.contract.vocabulary import label, period_label, worded

#: The columns of compare.tool_type_shares that hold shares (shown as percentages).
SHARE_COLUMNS = list(TOOL_TYPES)


def flags_in_words(codes: Iterable[str], language: str = "en") -> str:
    r"""Comparability flags (codes) as their wording in vocabulary.csv, one per line.

    >>> flags_in_words(["period_unknown", "admin_levels"])
    'period unknown\ndifferent administrative levels'
    """
    return worded("flag", codes, language, sep="\n")


def comparison_in_words(region_indicators: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """One row per region's fact: the value as written, status, period and flags in words.

    Columns: indicator_zh, indicator_en, region_zh, admin_level, display_value, status,
    period, comparable, flags; sorted by indicator and region code, as region_indicators is.
    """
    frame = region_indicators
    return pd.DataFrame(
        {
            "indicator_zh": frame["indicator_zh"],
            "indicator_en": frame["indicator_en"],
            "region_zh": frame["region_zh"],
            "admin_level": [label("admin_level", str(c), language) for c in frame["admin_level"]],
            "display_value": frame["display_value"],
            "status": [label("status", str(c), language) for c in frame["status"]],
            "period": [
                period_label(p if isinstance(p, str) else None, language) for p in frame["period"]
            ],
            "comparable": frame["comparable"].astype(bool),
            "flags": [flags_in_words(codes, language) for codes in frame["flags"]],
        }
    ).reset_index(drop=True)
