"""Numbers for readers: Chinese number forms in the Chinese report, plain English in the English.

The Chinese report writes a number the way the documents do (38.46亿元, 180余万人次, 约47.67亿元):
when the source's own words for it carry digits, they are shown as written, less the verb around
them (控制在10%以内 → 10%以内); otherwise the value is written with 万 and 亿. The English report
writes 3.846 billion yuan, more than 1.8 million person-times.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from policy_corpus.contract.vocabulary import UNIT_ZH, format_number, labels

UNIT_EN = labels("unit", "en")
#: Units counted in people, visits or things: large values read better in 万/亿 (million).
COUNT_UNITS = frozenset(
    {"person", "person_time", "time", "copy", "household", "item", "institution"}
)
#: Words around a number in its source that are not part of the number.
# Verbs the quote may start with; 至少 stays (至少有1名 → 至少1名), it is the number's bound.
_VERBS = re.compile(r"^(?:控制在|达到|达|有|共|累计)|(?<=^至少)有")
_DIGIT = re.compile(r"\d")
PER_PERSON_ZH = {"yuan_per_person": "/人", "yuan_per_person_year": "/人·年"}
_EN_QUALIFIER = {"approx": "about ", "at_least": "at least ", "at_most": "at most "}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def significant(value: float, digits: int = 4) -> str:
    """A value with at most ``digits`` significant digits and no spurious zeros.

    Halves round up, as a reader rounds the written number (162.75万 is 1.628 million; binary
    floating point would give 1.627).

    >>> significant(3.846), significant(1.8), significant(71600.0), significant(0.5)
    ('3.846', '1.8', '71,600', '0.5')
    >>> significant(1.6275)
    '1.628'
    """
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    step = Decimal(1).scaleb(-decimals)
    rounded = float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))
    if decimals <= 2:
        return format_number(rounded)
    return f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")


def zh_magnitude(value: float, unit: str | None) -> str:
    """A value in 亿 or 万 when it is large (money and counts), with its Chinese unit.

    >>> zh_magnitude(3.846e9, "yuan"), zh_magnitude(1.8e6, "person_time")
    ('38.46亿元', '180万人次')
    >>> zh_magnitude(3.4e9, "time"), zh_magnitude(5546.0, "person"), zh_magnitude(91.42, "percent")
    ('34亿次', '5546人', '91.42%')
    """
    unit = unit if isinstance(unit, str) else None  # a missing unit is NaN in a frame
    unit_zh = UNIT_ZH.get(unit or "", "")
    large = unit == "yuan" or unit in COUNT_UNITS
    if large and abs(value) >= 1e8:
        return f"{significant(value / 1e8, 6).replace(',', '')}亿{unit_zh}"
    if large and abs(value) >= 1e4:
        return f"{significant(value / 1e4, 6).replace(',', '')}万{unit_zh}"
    return f"{format_number(value).replace(',', '')}{unit_zh}"


def zh_value(
    value: float | None,
    unit: str | None,
    qualifier: str | None = "exact",
    text: str | None = None,
    change_from: float | None = None,
) -> str:
    """A number in the Chinese report, as the source wrote it when it can.

    >>> zh_value(1.8e6, "person_time", "at_least", "180余万人次")
    '180余万人次'
    >>> zh_value(10.0, "percent", "at_most", "控制在10%以内")
    '10%以内'
    >>> zh_value(1.0, "person", "at_least", "至少有1名")
    '至少1名'
    >>> zh_value(300.0, "yuan_per_person_year", "exact", "300元")
    '300元/人·年'
    >>> zh_value(3.4e9, "time", "exact", "34亿条次"), zh_value(5.0, "county", "exact", "五个")
    ('34亿条次', '5个县')
    >>> zh_value(4.767e9, "yuan", "approx", None), zh_value(33.0, "disease", change_from=9.0)
    ('约47.67亿元', '9种→33种')
    """
    if _missing(value):
        return ""
    assert value is not None
    if text and _DIGIT.search(text):
        shown = _VERBS.sub("", text.strip())
        if unit in PER_PERSON_ZH and "每" not in shown:
            # The quote (300元) leaves out the 每人每年 the sentence put before it.
            shown += PER_PERSON_ZH[unit]
    else:
        shown = zh_magnitude(value, unit)
        if qualifier == "approx":
            shown = "约" + shown
        elif qualifier == "at_least":
            shown += "以上"
        elif qualifier == "at_most":
            shown += "以内"
    if not _missing(change_from):
        assert change_from is not None
        shown = f"{zh_magnitude(change_from, unit)}→{shown}"
    return shown


def en_magnitude(value: float, unit: str | None) -> str:
    """A value in English with its unit: millions and billions for large amounts.

    >>> en_magnitude(3.846e9, "yuan"), en_magnitude(71600.0, "person"), en_magnitude(1.0, "person")
    ('3.846 billion yuan', '71,600 persons', '1 person')
    >>> en_magnitude(1.8e6, "person_time"), en_magnitude(91.42, "percent")
    ('1.8 million person-times', '91.42%')
    >>> en_magnitude(3.0, float("nan")), zh_magnitude(3.0, float("nan"))
    ('3', '3')
    """
    if unit == "percent":
        return f"{format_number(value)}%"
    unit = unit if isinstance(unit, str) else None  # a missing unit is NaN in a frame
    name = UNIT_EN.get(unit or "", unit or "")
    if value == 1 and name.endswith("s") and " " not in name:
        name = name[:-1]
    if abs(value) >= 1e9:
        number = f"{significant(value / 1e9)} billion"
    elif abs(value) >= 1e6:
        number = f"{significant(value / 1e6)} million"
    else:
        number = format_number(value)
    return f"{number} {name}".strip()


def en_value(
    value: float | None,
    unit: str | None,
    qualifier: str | None = "exact",
    value_max: float | None = None,
    change_from: float | None = None,
) -> str:
    """A number in the English report.

    >>> en_value(1.8e6, "person_time", "at_least"), en_value(10.0, "percent", "at_most")
    ('at least 1.8 million person-times', 'at most 10%')
    >>> en_value(60.0, "percent", change_from=50.0), en_value(3.0, "year", "range", 5.0)
    ('50% → 60%', '3–5 years')
    """
    if _missing(value):
        return ""
    assert value is not None
    if qualifier == "range" and not _missing(value_max):
        assert value_max is not None
        shown = f"{format_number(value)}–{en_magnitude(value_max, unit)}"
    else:
        shown = _EN_QUALIFIER.get(qualifier or "", "") + en_magnitude(value, unit)
    if not _missing(change_from):
        assert change_from is not None
        shown = f"{en_magnitude(change_from, unit)} → {shown}"
    return shown


def shown_value(row: object, language: str) -> str:
    """A fact's value for readers of ``language`` (a row of indicators or region_indicators)."""
    value = getattr(row, "value", None)
    unit = getattr(row, "unit", None)
    qualifier = getattr(row, "qualifier", None)
    change = getattr(row, "change_from", None)
    if language == "zh":
        return zh_value(value, unit, qualifier, getattr(row, "text", None), change)
    return en_value(value, unit, qualifier, getattr(row, "value_max", None), change)


def date_label(date: object, language: str = "en") -> str:
    """A date as its reader writes it: 2020-04-29 → 2020年4月29日 in Chinese, as given in English.

    >>> date_label("2020-04-29", "zh"), date_label("2019-10", "zh"), date_label("2020", "zh")
    ('2020年4月29日', '2019年10月', '2020年')
    >>> date_label("2020-04-29", "en"), date_label(None, "zh")
    ('2020-04-29', '')
    """
    if not isinstance(date, str) or not date:
        return ""
    if language != "zh":
        return date
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", date.strip())
    if not match:
        return date
    year, month, day = match.groups()
    return year + "年" + (f"{int(month)}月" if month else "") + (f"{int(day)}日" if day else "")
