"""Reader-facing wording of every code the tables store (English, Chinese); value formatting.

The wording lives in one table, ``vocabulary.csv`` beside this module: one row per code of each
vocabulary (flag, status, unit, admin_level, doc_type, tool_type, severity, check,
reject_reason) with its English and Chinese label and what it means in each language. The
report, the figures and the methods section all read it from here, so a code is worded once.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.csv")


@dataclass(frozen=True)
class Term:
    """One code of a vocabulary and its wording."""

    vocabulary: str
    code: str
    en: str
    zh: str
    meaning_en: str
    meaning_zh: str

    def label(self, language: str = "en") -> str:
        """The short label in ``language`` (zh or en)."""
        return self.zh if language == "zh" else self.en

    def meaning(self, language: str = "en") -> str:
        """What the code means, one sentence in ``language`` (zh or en)."""
        return self.meaning_zh if language == "zh" else self.meaning_en


def _load(path: Path) -> dict[str, dict[str, Term]]:
    terms: dict[str, dict[str, Term]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            term = Term(**row)
            terms.setdefault(term.vocabulary, {})[term.code] = term
    return terms


#: vocabulary → code → its wording.
TERMS: dict[str, dict[str, Term]] = _load(VOCABULARY_FILE)


def terms(vocabulary: str) -> list[Term]:
    """The terms of one vocabulary, in the table's order."""
    return list(TERMS[vocabulary].values())


def labels(vocabulary: str, language: str = "en") -> dict[str, str]:
    """Code → label of one vocabulary in ``language``."""
    return {code: term.label(language) for code, term in TERMS[vocabulary].items()}


def label(vocabulary: str, code: str, language: str = "en") -> str:
    """The label of one code; the code itself when the table has no wording for it.

    >>> label("flag", "period_unknown", "zh"), label("status", "policy_rule")
    ('时期不详', 'policy rule')
    """
    term = TERMS.get(vocabulary, {}).get(code)
    return term.label(language) if term else code


def worded(vocabulary: str, codes: Iterable[object], language: str = "en", sep: str = "") -> str:
    """A list of codes in words, joined by ``sep`` (by default "；" in Chinese, "; " otherwise).

    >>> worded("flag", ["period_unknown", "approx_value"], "zh")
    '时期不详；约数'
    """
    joiner = sep or ("；" if language == "zh" else "; ")
    return joiner.join(label(vocabulary, str(code), language) for code in codes)


UNIT_ZH = labels("unit", "zh")
STATUS_ZH = labels("status", "zh")
STATUS_EN = labels("status", "en")
ADMIN_LEVEL_ZH = labels("admin_level", "zh")
DOC_TYPE_ZH = labels("doc_type", "zh")
TOOL_TYPE_ZH = labels("tool_type", "zh")
SEVERITY_ZH = labels("severity", "zh")
CHECK_ZH = labels("check", "zh")
REJECT_REASON_ZH = labels("reject_reason", "zh")

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
    ('累计至2020年9月', '2020年上半年')
    >>> [period_label(p, "zh") for p in ("2018-2019", "as-of-2020", "2019")]
    ['2018—2019年', '截至2020年', '2019年']
    >>> period_label("as-of-2020", "en"), period_label(None, "zh")
    ('as of 2020', '')
    >>> [period_label(p, "zh") for p in ("pre-2019", "2020-yoy", "initial")]
    ['2019年调整前', '2020年同比', '初始值']
    """
    if period is None or (isinstance(period, float) and math.isnan(period)):
        return ""
    text = str(period)
    if text == "unspecified":
        return ""
    if language != "zh":
        text = text.replace("as-of-", "as of ").replace("cumulative-to-", "cumulative to ")
        return re.sub(r"^pre-(\d{4})$", r"before the change of \1", text).replace("-yoy", " y/y")
    text = text.replace("as-of-", "截至").replace("cumulative-to-", "累计至")
    text = re.sub(r"^pre-(\d{4})$", r"\1年调整前", text).replace("-yoy", "年同比")
    text = text.replace("initial", "初始值").replace("ongoing", "长期要求")
    text = text.replace("H1", "年上半年").replace("H2", "年下半年").replace("annual", "每年")
    for quarter in "1234":
        text = text.replace(f"Q{quarter}", f"年第{quarter}季度")
    # Dates as Chinese readers write them: 2019年10月, 2018—2019年, 截至2020年.
    text = re.sub(r"(\d{4})-(\d{1,2})(?!\d)", lambda m: f"{m[1]}年{int(m[2])}月", text)
    text = re.sub(r"(\d{4})-(\d{4})", r"\1—\2年", text)
    return re.sub(r"(\d{4})(?![\d年—])", r"\1年", text)


def _format_count(value: float, unit_zh: str) -> str:
    """Large head counts read better in 万 (10,000s), as the documents write them."""
    if abs(value) >= 1e4 and math.isclose(value / 1e4, round(value / 1e4, 2)):
        return f"{format_number(value / 1e4)}万{unit_zh}"
    return f"{format_number(value)}{unit_zh}"
