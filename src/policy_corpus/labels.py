"""Reader-facing labels for the vocabularies, in Chinese and English, and value formatting."""

from __future__ import annotations

import math

UNIT_ZH: dict[str, str] = {
    "yuan": "元",
    "yuan_per_person": "元/人",
    "yuan_per_person_year": "元/人·年",
    "percent": "%",
    "percentage_point": "个百分点",
    "person": "人",
    "person_time": "人次",
    "person_per_10k_population": "人/万人口",
    "household": "户",
    "institution": "家",
    "county": "个县",
    "township": "个乡镇",
    "village": "个村",
    "disease": "种",
    "disease_category": "类",
    "item": "项",
    "time": "次",
    "copy": "份",
    "bed": "张",
    "m2": "平方米",
    "year": "年",
    "month": "个月",
}

STATUS_ZH = {"achieved": "已实现", "target": "目标", "policy_rule": "政策规定"}
STATUS_EN = {"achieved": "achieved", "target": "target", "policy_rule": "policy rule"}

ADMIN_LEVEL_ZH = {"province": "省级", "prefecture": "地市级", "county": "县级", "district": "区级"}

QUALIFIER_SIGN = {"approx": "≈", "at_least": "≥", "at_most": "≤"}


def format_number(value: float) -> str:
    """Format a number without spurious decimals.

    >>> format_number(91.42), format_number(32.0), format_number(1234567.0)
    ('91.42', '32', '1,234,567')
    """
    if math.isclose(value, round(value)):
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_amount(value: float, unit: str | None) -> str:
    """Format a value in its canonical unit the way Chinese documents write it.

    >>> format_amount(18785900.0, "yuan"), format_amount(3.846e9, "yuan")
    ('1,878.59万元', '38.46亿元')
    >>> format_amount(91.42, "percent"), format_amount(32.0, "disease")
    ('91.42%', '32种')
    """
    unit_zh = UNIT_ZH.get(unit or "", "")
    if unit == "yuan" and abs(value) >= 1e8:
        return f"{format_number(value / 1e8)}亿元"
    if unit == "yuan" and abs(value) >= 1e4:
        return f"{format_number(value / 1e4)}万元"
    return f"{format_number(value)}{unit_zh}"


def format_quantity(
    value: float | None,
    unit: str | None,
    qualifier: str | None = "exact",
    value_max: float | None = None,
    change_from: float | None = None,
) -> str:
    """Format a quantity with its qualifier (≈, ≥, ≤), range or change, for readers.

    >>> format_quantity(50000.0, "copy", "approx")
    '≈5万份'
    >>> format_quantity(3.0, "year", "range", value_max=5.0)
    '3–5年'
    >>> format_quantity(33.0, "disease", change_from=9.0)
    '9种 → 33种'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "copy" or unit == "person":
        shown = _format_count(value, UNIT_ZH[unit])
    else:
        shown = format_amount(value, unit)
    if qualifier == "range" and value_max is not None and not math.isnan(value_max):
        shown = f"{format_number(value)}–{format_amount(value_max, unit)}"
    shown = QUALIFIER_SIGN.get(qualifier or "", "") + shown
    if change_from is not None and not math.isnan(change_from):
        shown = f"{format_amount(change_from, unit)} → {shown}"
    return shown


def _format_count(value: float, unit_zh: str) -> str:
    """Large head counts read better in 万 (10,000s), as the documents write them."""
    if abs(value) >= 1e4 and math.isclose(value / 1e4, round(value / 1e4, 2)):
        return f"{format_number(value / 1e4)}万{unit_zh}"
    return f"{format_number(value)}{unit_zh}"
