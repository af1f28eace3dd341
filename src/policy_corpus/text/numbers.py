"""Parse one numeral expression, Chinese, Arabic or mixed, to a float.

:func:`parse_number` reads the numerals the 健康扶贫 documents write: Arabic with thousands
separators and decimals, full-width digits, Chinese numerals (三千五百万, 一万零一十二, 两万),
financial numerals (壹贰叁…拾佰仟), mixed forms (1.2万, 1,100万, 3千), approximate forms
(180余万, 5万余, 两万多), and ratios. Percentages are in percent units, as the data contract
says: 百分之八十 → 80, 91.42% → 91.42, 千分之五 → 0.5, 一半 → 50, 九成 → 90. A fraction that is
not a percentage keeps its value (三分之一 → 0.333…).

Why not cn2an: it reads the pure-Chinese core well, but it raises on the mixed and approximate
forms this genre is full of (180余万, 5万余, 两万多, 1,100万, 百分之八十 in ``cn2an.cn2an``), and
its strict mode refuses 两万. Wrapping it would leave most of the work here anyway, so the parser
is written out below: a short recursive reader over the big magnitudes 兆 亿 万 and a section
reader for 十 百 千. Arithmetic is done in :class:`~decimal.Decimal` so that 1878.59万 is exactly
18785900.

兆 is read as 10¹² (万亿), as in Taiwan and in Recognizers-Text; mainland technical usage (兆瓦,
兆字节) means 10⁶, which is why the quantity extractor never treats 兆 as a magnitude.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

#: Chinese digit characters (common, financial and variant forms) and their values.
DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "幺": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
#: Multipliers inside a section of four digits.
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
#: Contracted tens (廿 = 二十 …), found in dates and older texts.
TENS: dict[str, int] = {"廿": 20, "卅": 30, "卌": 40}
#: Magnitudes that close a section, largest first.
BIG_UNITS: dict[str, int] = {"兆": 10**12, "亿": 10**8, "万": 10**4}

ZEROS = "零〇"

# Traditional and variant characters that NFKC leaves alone. Digits and punctuation are not
# listed: NFKC already maps full-width forms to ASCII.
_VARIANTS = str.maketrans(
    {
        "萬": "万",
        "億": "亿",
        "兩": "两",
        "倆": "两",
        "貳": "贰",
        "參": "叁",
        "陸": "陆",
        "點": "点",
        "負": "负",
        "個": "个",
        "幾": "几",
        "餘": "余",
        "−": "-",
        "–": "-",
    }
)

_WHITESPACE = re.compile(r"\s+")
_SIGN = re.compile(r"^(?:负的?|-)")
_QUALIFIER_PREFIX = re.compile(r"^(?:大约|约|将近|近|超过|逾|至少|不少于|不低于|不超过)")
_QUALIFIER_SUFFIX = re.compile(r"(?:左右|上下|以上|以下|以内)$")
_APPROX_INFIX = re.compile(r"(?<=[\d零〇一二两三四五六七八九十百千万亿拾佰仟])[余多几]")
_PERCENT_POINT = re.compile(r"^(?P<num>.+?)个?百分点$")
_PERCENT_SIGN = re.compile(r"^(?P<num>.+?)(?P<sign>[%‰‱])$")
_FRACTION = re.compile(r"^(?P<den>.*?)分之(?P<num>.+)$")
_SLASH = re.compile(r"^(?P<num>[^/]+)/(?P<den>[^/]+)$")
_TENTHS = re.compile(r"^(?P<num>.+?)成(?P<half>半)?$")
_ALLOWED = re.compile(
    r"[\d.,点零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟幺廿卅卌]+"
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_ARABIC = re.compile(r"\d*\.?\d+")
_DIGIT_STRING = re.compile(r"[零〇一二三四五六七八九壹贰叁肆伍陆柒捌玖幺0-9]{2,}")
_DECIMALS = re.compile(
    r"(?P<digits>[零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖\d]+)(?P<mag>[万亿]*)"
)
_TOKEN = re.compile(r"\d+(?:\.\d+)?|.")
_MAGNITUDES_ONLY = re.compile(r"[十百千万亿拾佰仟]+")

_PERCENT_SIGNS = {"%": Decimal(1), "‰": Decimal("0.1"), "‱": Decimal("0.01")}


def normalize_numeral(text: str) -> str:
    """Return ``text`` in the form the parser reads: NFKC, variant characters, no spaces.

    >>> normalize_numeral("１，２３４ 萬")
    '1,234万'
    """
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text).translate(_VARIANTS))


def parse_number(text: str) -> float | None:
    """Parse one numeral expression to a float, or return None when it is not a number.

    Percentages are returned in percent units; approximate markers (余 多 几 约 左右) are
    dropped, the caller keeps the qualifier.

    Args:
        text: one numeral expression, e.g. ``'三千五百万'``, ``'1,100万'``, ``'百分之八十'``.

    Returns:
        The value as a float, or None.

    Examples:
        >>> parse_number("三千五百万")
        35000000.0
        >>> parse_number("一万零一十二")
        10012.0
        >>> parse_number("1878.59万")
        18785900.0
        >>> parse_number("180余万")
        1800000.0
        >>> parse_number("两万多")
        20000.0
        >>> parse_number("十二点五")
        12.5
        >>> parse_number("百分之八十")
        80.0
        >>> parse_number("千分之五")
        0.5
        >>> parse_number("壹仟玖佰")
        1900.0
        >>> parse_number("统一") is None
        True
    """
    return _parse_cached(text)


@lru_cache(maxsize=8192)
def _parse_cached(text: str) -> float | None:
    """parse_number, cached: a document repeats the same numerals (2019, 100%, 一是)."""
    s = normalize_numeral(text)
    s = _QUALIFIER_SUFFIX.sub("", _QUALIFIER_PREFIX.sub("", s))
    value = _parse_signed(s)
    return None if value is None else float(value)


def _parse_signed(s: str) -> Decimal | None:
    """Parse an expression that may start with 负 or a minus sign."""
    match = _SIGN.match(s)
    if match is None:
        return _parse_ratio(s)
    value = _parse_ratio(s[match.end() :])
    return None if value is None else -value


def _parse_ratio(s: str) -> Decimal | None:
    """Parse percentages, fractions and 成, falling back to a plain number."""
    if s == "百分百":
        return Decimal(100)
    if s == "一半":
        return Decimal(50)
    if match := _PERCENT_POINT.match(s):
        return _parse_plain(match["num"])
    if match := _PERCENT_SIGN.match(s):
        value = _parse_plain(match["num"])
        return None if value is None else value * _PERCENT_SIGNS[match["sign"]]
    if match := _FRACTION.match(s):
        return _parse_fraction(match["den"], match["num"])
    if match := _SLASH.match(s):
        return _divide(_parse_signed(match["num"]), _parse_signed(match["den"]))
    if match := _TENTHS.match(s):
        value = _parse_plain(match["num"])
        if value is None or value > 10:
            return None
        return value * 10 + (5 if match["half"] else 0)
    return _parse_plain(s)


def _parse_fraction(den: str, num: str) -> Decimal | None:
    """Read ``den分之num``: a bare magnitude denominator (百 千 万) is a percentage.

    >>> _parse_fraction("百", "八十"), _parse_fraction("千", "五"), _parse_fraction("四", "三")
    (Decimal('80'), Decimal('0.5'), Decimal('0.75'))
    """
    numerator = _parse_signed(num)
    is_percent = bool(_MAGNITUDES_ONLY.fullmatch(den)) and not den.startswith(("十", "拾"))
    denominator = _parse_plain("一" + den if is_percent else den)
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator * 100 / denominator if is_percent else numerator / denominator


def _divide(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def _parse_plain(s: str) -> Decimal | None:
    """Parse a number without ratio words: Arabic, Chinese or mixed, with 点 decimals."""
    s = _APPROX_INFIX.sub("", s)
    if not _ALLOWED.fullmatch(s):
        return None
    s = _THOUSANDS.sub("", s)
    if "," in s:
        return None
    if _ARABIC.fullmatch(s):
        return Decimal(s)
    integer_part, point, decimal_part = s.partition("点")
    integer = _parse_integer(integer_part)
    if integer is None:
        return None
    if not point:
        return integer
    match = _DECIMALS.fullmatch(decimal_part)
    if match is None:
        return None
    digits = "".join(str(DIGITS.get(c, c)) for c in match["digits"])
    value = integer + Decimal("0." + digits)
    for magnitude in match["mag"]:
        value *= BIG_UNITS[magnitude]
    return value


def _parse_integer(s: str) -> Decimal | None:
    """Parse the part before the decimal point, splitting at the largest magnitude.

    >>> _parse_integer("四万万"), _parse_integer("三万五"), _parse_integer("10.1万")
    (Decimal('400000000'), Decimal('35000'), Decimal('101000.0'))
    """
    if not s:
        return None
    if _DIGIT_STRING.fullmatch(s):
        # Digit by digit, as years and codes are read: 二〇〇二 → 2002, 一二三 → 123.
        return Decimal("".join(str(DIGITS.get(c, c)) for c in s))
    s = s.replace("万亿", "兆")  # 一万亿零一亿: 万亿 is one magnitude, not 万 then 亿
    for unit, unit_value in BIG_UNITS.items():
        index = s.rfind(unit)
        if index < 0:
            continue
        left, right = s[:index], s[index + 1 :]
        if "." in left and right:
            return None  # 10.1万零100: a decimal coefficient cannot take more digits
        left_value = _parse_integer(left) if left else (Decimal(1) if right else None)
        right_value = _parse_tail(right, unit_value)
        if left_value is None or right_value is None:
            return None
        return left_value * unit_value + right_value
    return _parse_section(s)


def _parse_tail(s: str, unit_value: int) -> Decimal | None:
    """Parse what follows a magnitude: 零一 → 1, a lone digit scales (三万五 → 5000)."""
    if not s:
        return Decimal(0)
    if s[0] in ZEROS:
        rest = s.lstrip(ZEROS)
        value = _parse_integer(rest) if rest else Decimal(0)
    elif len(s) == 1 and s in DIGITS:
        value = Decimal(DIGITS[s] * unit_value) / 10
    else:
        value = _parse_integer(s)
    if value is None or value >= unit_value:
        return None
    return value


def _parse_section(s: str) -> Decimal | None:
    """Parse a number below 万 built from digits and 十 百 千 (两千六 → 2600, 十五 → 15).

    >>> _parse_section("两千三百五"), _parse_section("一百零一"), _parse_section("1百01")
    (Decimal('2350'), Decimal('101'), Decimal('101'))
    """
    total = Decimal(0)
    digit: Decimal | None = None
    single_chinese = False
    last_unit: int | None = None
    after_zero = False
    for token in _TOKEN.findall(s):
        if token[0].isdigit():
            if digit is not None:
                return None
            digit, single_chinese = Decimal(token), False
        elif token in ZEROS:
            if digit is not None:
                return None
            after_zero = True
        elif token in DIGITS:
            if digit is not None:
                return None
            digit, single_chinese = Decimal(DIGITS[token]), True
        elif token in SMALL_UNITS or token in TENS:
            unit = SMALL_UNITS.get(token, 10)
            if last_unit is not None and unit >= last_unit:
                return None
            if token in TENS:
                if digit is not None:
                    return None
                total += TENS[token]
            else:
                total += (digit if digit is not None else 1) * unit
            digit, last_unit, after_zero = None, unit, False
        else:
            return None
    if digit is not None:
        elided = single_chinese and not after_zero and last_unit is not None and last_unit >= 100
        total += digit * last_unit // 10 if elided and last_unit else digit
    return total
