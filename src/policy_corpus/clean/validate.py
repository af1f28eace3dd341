"""Domain checks on the indicators table: each problem becomes a row of ``validation_issues``.

The contract (:mod:`policy_corpus.contract.schema`) checks types and vocabularies; these checks ask
whether the numbers make sense for health poverty alleviation (a percentage above 100, a ratio
in yuan, one region reporting two values for the same thing). Nothing is dropped: a reader sees
the issue next to the number and decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pandas as pd

from policy_corpus.clean.indicators import QuantityContext
from policy_corpus.codebook import OTHER_ID, Codebook, Indicator
from policy_corpus.contract.schema import conform

MONEY_UNITS = frozenset({"yuan", "yuan_per_person", "yuan_per_person_year"})
RATIO_UNITS = frozenset({"percent", "percentage_point"})
# A percentage above 100 is possible only as a change: 同比增长120%, 提高了150%.
CHANGE_WORDS = re.compile(
    r"增长|增加|提高|提升|上升|下降|降低|减少|增幅|降幅|翻|同比|环比|较上年|比上年"
)
TABLE = "indicators"
ISSUE_COLUMNS = ("table", "doc_id", "start", "check", "severity", "message")


def domain_issues(indicators: pd.DataFrame, codebook: Codebook) -> pd.DataFrame:
    """Build the ``validation_issues`` table for an ``indicators`` table.

    One row is one problem with one indicator row (table 'indicators', its doc_id and start).
    Checks, by name:

    - ``percent_over_100`` (error): a percentage above 100 that is not a change.
    - ``ratio_in_money`` (error): an indicator that expects only ratios has a money unit.
    - ``unit_not_expected`` (warning): the unit is not one the indicator expects, or is missing.
    - ``negative_amount`` (error): a negative value.
    - ``unknown_indicator`` (error): an indicator id that is neither in the codebook nor 'other'.
    - ``conflicting_values`` (warning): one region gives the same comparable indicator two
      different achieved values, in the same unit, for the same period. Counts and money are
      not checked: several of them in one period are usually parts of a whole (24所 county
      hospitals, 14所 maternal and child health centres), not rival figures.

    Args:
        indicators: the ``indicators`` table.
        codebook: the codebook that classified it.

    Returns:
        The table in contract column order; empty when nothing is wrong.
    """
    issues = [issue for row in indicators.to_dict("records") for issue in row_issues(row, codebook)]
    comparable = {ind.id for ind in codebook.indicators if ind.comparable}
    issues += list(conflicting_values(indicators[indicators["indicator_id"].isin(comparable)]))
    return conform("validation_issues", pd.DataFrame(issues, columns=list(ISSUE_COLUMNS)))


def _issue(row: dict[Any, Any], check: str, severity: str, message: str) -> dict[str, Any]:
    return {
        "table": TABLE,
        "doc_id": row["doc_id"],
        "start": int(row["start"]),
        "check": check,
        "severity": severity,
        "message": f"{row['text']!r} ({row['indicator_id']}): {message}",
    }


def row_issues(row: dict[Any, Any], codebook: Codebook) -> list[dict[str, Any]]:
    """The checks that need only one indicator row (percent over 100, units, signs)."""
    unit = None if pd.isna(row["unit"]) else str(row["unit"])
    issues = []
    if unit == "percent" and _above_100(row) and not _is_change(row):
        issues.append(_issue(row, "percent_over_100", "error", "a percentage above 100"))
    if _negative(row):
        issues.append(_issue(row, "negative_amount", "error", "a negative value"))
    indicator_id = str(row["indicator_id"])
    if indicator_id == OTHER_ID:
        return issues
    try:
        indicator = codebook.indicator(indicator_id)
    except KeyError:
        message = "this indicator is not in the codebook"
        return [*issues, _issue(row, "unknown_indicator", "error", message)]
    issue = _unit_issue(row, unit, indicator)
    return [*issues, issue] if issue else issues


def _unit_issue(
    row: dict[Any, Any], unit: str | None, indicator: Indicator
) -> dict[str, Any] | None:
    expected = ", ".join(indicator.units)
    if unit is None:
        return _issue(row, "unit_not_expected", "warning", f"no unit; expected {expected}")
    if unit in MONEY_UNITS and set(indicator.units) <= RATIO_UNITS:
        return _issue(row, "ratio_in_money", "error", f"a ratio given in {unit}")
    if unit not in indicator.units:
        message = f"unit {unit} is not one this indicator expects ({expected})"
        return _issue(row, "unit_not_expected", "warning", message)
    return None


def _above_100(row: dict[Any, Any]) -> bool:
    return any(
        not pd.isna(row[column]) and float(row[column]) > 100 for column in ("value", "value_max")
    )


def _negative(row: dict[Any, Any]) -> bool:
    return any(
        not pd.isna(row[column]) and float(row[column]) < 0 for column in ("value", "value_max")
    )


def _is_change(row: dict[Any, Any]) -> bool:
    """Whether the percentage is a change: it has a change_from, or its clause says 增长."""
    if not pd.isna(row["change_from"]):
        return True
    sentence, text = str(row["sentence"]), str(row["text"])
    if text not in sentence:
        return bool(CHANGE_WORDS.search(sentence))
    context = QuantityContext.around(sentence, text)
    return bool(CHANGE_WORDS.search(context.sentence[context.clause_start : context.start]))


def conflicting_values(indicators: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Rows whose region, indicator, period and unit repeat with a different achieved value.

    Only levels with a stated period are compared: a starting value, an increment or a cap
    is not another value of the same thing.
    """
    facts = indicators[
        (indicators["status"] == "achieved")
        & (indicators["indicator_id"] != OTHER_ID)
        & indicators["period"].notna()
        & (indicators["period"] != "unspecified")
        & (indicators["role"] == "level" if "role" in indicators else True)
    ]
    keys = ["region_code", "indicator_id", "period", "unit"]
    for (region, indicator_id, period, unit), group in facts.groupby(keys, dropna=False):
        values = group[["value", "value_max"]].drop_duplicates()
        if len(values) < 2:
            continue
        for row in group.to_dict("records"):
            others = sorted({str(v) for v in group["text"] if v != row["text"]})
            scope = "unknown" if pd.isna(row["scope"]) else row["scope"]
            message = (
                f"region {region} also reports {indicator_id} for {period} ({unit}) as "
                f"{', '.join(others)}; check the scope ({scope}) and the sentence"
            )
            yield _issue(row, "conflicting_values", "warning", message)
