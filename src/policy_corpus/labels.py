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

DOC_TYPE_ZH = {
    "news": "新闻报道",
    "plan": "工作方案",
    "summary": "工作总结",
    "priorities": "工作要点",
    "other": "其他",
}

TOOL_TYPE_ZH = {"supply": "供给型", "demand": "需求型", "environment": "环境型"}

SEVERITY_ZH = {"error": "错误", "warning": "警告"}

#: Names of the domain checks (policy_corpus.validate) for the Chinese report.
CHECK_ZH = {
    "percent_over_100": "百分比超过100",
    "negative_amount": "数值为负",
    "unknown_indicator": "编码本中无此指标",
    "unit_not_expected": "单位与指标不符",
    "ratio_in_money": "比例以金额表示",
    "conflicting_values": "同一指标数值冲突",
}

#: Why a numeral is not a quantity (quantities.reject_reason), for the Chinese report.
REJECT_REASON_ZH = {
    "date": "日期",
    "doc_number": "文号",
    "section_number": "章节编号",
    "policy_name": "政策名称",
    "phone": "电话号码",
    "id": "编号",
    "ordinal": "序数",
    "slogan": "口号",
    "name": "名称",
    "indefinite": "不定数",
    "plan_period": "规划期",
    "time": "时刻",
    "duration": "时间状语",
    "negation": "否定表述",
    "structural": "结构计数",
    "malformed": "格式错误",
}

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


def period_label(period: str | None, language: str = "en") -> str:
    """A normalised period (indicators.period) for readers; in Chinese when ``language`` is zh.

    >>> period_label("cumulative-to-2020-09", "zh"), period_label("2020H1", "zh")
    ('累计至2020-09', '2020年上半年')
    >>> period_label("as-of-2020", "en"), period_label(None, "zh")
    ('as of 2020', '')
    """
    if period is None or (isinstance(period, float) and math.isnan(period)):
        return ""
    text = str(period)
    if language != "zh":
        return text.replace("as-of-", "as of ").replace("cumulative-to-", "cumulative to ")
    text = text.replace("as-of-", "截至").replace("cumulative-to-", "累计至")
    text = text.replace("H1", "年上半年").replace("H2", "年下半年").replace("annual", "每年")
    for quarter in "1234":
        text = text.replace(f"Q{quarter}", f"年第{quarter}季度")
    return text


def _format_count(value: float, unit_zh: str) -> str:
    """Large head counts read better in 万 (10,000s), as the documents write them."""
    if abs(value) >= 1e4 and math.isclose(value / 1e4, round(value / 1e4, 2)):
        return f"{format_number(value / 1e4)}万{unit_zh}"
    return f"{format_number(value)}{unit_zh}"
