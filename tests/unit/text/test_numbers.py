from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_corpus.text.numbers import normalize_numeral, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Arabic
        ("0", 0),
        ("42", 42),
        ("1,100", 1100),
        ("12,345,678", 12345678),
        ("1878.59", 1878.59),
        (".5", 0.5),
        ("１２３", 123),
        ("３．５", 3.5),
        ("１，２００", 1200),
        # Chinese
        ("〇", 0),
        ("零", 0),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零一", 101),
        ("一千零十", 1010),
        ("三千五百万", 35000000),
        ("一万零一十二", 10012),
        ("两万", 20000),
        ("两千六", 2600),
        ("三万五", 35000),
        ("一亿五千万零六千三百五十五", 150006355),
        ("四万万", 400000000),
        ("二〇二〇", 2020),
        ("十二点五", 12.5),
        ("零点零五", 0.05),
        ("廿二", 22),
        # financial and traditional
        ("壹贰叁", 123),
        ("壹仟玖佰", 1900),
        ("肆佰叁拾萬", 4300000),
        ("玖拾陆", 96),
        ("兩千", 2000),
        # mixed
        ("1.2万", 12000),
        ("3千", 3000),
        ("1,100万", 11000000),
        ("38.46亿", 3846000000),
        ("3.5万亿", 3.5e12),
        ("一万亿零一亿", 1000100000000),
        ("萬九", 19000),  # colloquial: 一万九千
        ("25万6千", 256000),
        ("1万600", 10600),
        ("2千零30万", 20300000),
        # approximate markers are dropped (the extractor keeps the qualifier)
        ("180余万", 1800000),
        ("5万余", 50000),
        ("两万多", 20000),
        ("十多万", 100000),
        ("约5万", 50000),
        ("100余", 100),
        # ratios in percent units
        ("百分之八十", 80),
        ("百分之十二点五", 12.5),
        ("百分之百", 100),
        ("91.42%", 91.42),
        ("９８．８０％", 98.8),
        ("千分之五", 0.5),
        ("万分之三", 0.03),
        ("5‰", 0.5),
        ("一半", 50),
        ("九成", 90),
        ("三成半", 35),
        ("2.4个百分点", 2.4),
        ("负百分之六十", -60),
        # fractions that are not percentages keep their value
        ("四分之三", 0.75),
        ("3/4", 0.75),
        ("一百分之二", 0.02),
        # signs
        ("负十一", -11),
        ("-10.1万", -101000),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    value = parse_number(text)
    assert value is not None
    assert math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "统一",
        "一体化",
        "进一步",
        "之一",
        "队伍",
        "一些",
        "千方百计",
        "万",
        "万万",
        "负",
        "零点",
        "点零",
        "零点点",
        "10..1万",
        "10.1万零100",
        "二三十",  # an approximate range (二三十个), not 23
        "两两",
        "百分之",
        "元整",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def test_normalize_numeral() -> None:
    assert normalize_numeral("１ ２３４ 億") == "1234亿"


# --- property: parse_number inverts a formatter of Chinese numerals ---------------------------

_DIGITS = "零一二三四五六七八九"
_SMALL = ["", "十", "百", "千"]


def _section(n: int) -> str:
    """Format 0 < n < 10000 the textbook way (一千零一十, 十二 for 12 at the front)."""
    out = []
    zero = False
    for power in range(3, -1, -1):
        digit = n // 10**power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[digit] + _SMALL[power])
    return "".join(out)


def to_chinese(n: int) -> str:
    """Format a non-negative integer below 10**16 as a Chinese numeral."""
    if n == 0:
        return "零"
    parts = []
    groups = [(n // 10**12) % 10**4, (n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    magnitudes = ["万亿", "亿", "万", ""]
    started = False
    pending_zero = False
    for group, magnitude in zip(groups, magnitudes, strict=True):
        if group == 0:
            pending_zero = started
            continue
        if started and (pending_zero or group < 1000):
            parts.append("零")
        parts.append(_section(group) + magnitude)
        started = True
        pending_zero = False
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


@pytest.mark.parametrize(
    ("n", "text"),
    [(10, "十"), (12, "十二"), (101, "一百零一"), (10012, "一万零一十二"), (100000, "十万")],
)
def test_formatter(n: int, text: str) -> None:
    assert to_chinese(n) == text


@given(st.integers(min_value=0, max_value=10**15))
def test_parse_number_inverts_chinese_formatter(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**8), st.integers(min_value=0, max_value=999))
def test_parse_number_reads_chinese_decimals(whole: int, fraction: int) -> None:
    digits = str(fraction)
    text = to_chinese(whole) + "点" + "".join(_DIGITS[int(d)] for d in digits)
    value = parse_number(text)
    assert value is not None
    assert math.isclose(value, float(f"{whole}.{digits}"), rel_tol=1e-12)


@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_parse_number_reads_arabic_with_separators(number: object) -> None:
    text = f"{number:,.2f}"
    assert parse_number(text) == pytest.approx(float(str(number)))


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "亿"]))
def test_parse_number_applies_magnitudes(n: int, magnitude: str) -> None:
    factor = {"万": 10**4, "亿": 10**8}[magnitude]
    assert parse_number(f"{n}{magnitude}") == n * factor
    assert parse_number(to_chinese(n) + magnitude) == n * factor
