"""The metadata header block of official documents."""

from __future__ import annotations

import pytest

from policy_corpus.text.header import (
    clean_page_title,
    guess_title,
    parse_date,
    parse_metadata_header,
    parse_page_lines,
    strip_metadata_header,
)

HEADER = (
    "索引号 : 011043115/2019-00321 文       号 : 某卫健发〔2019〕12号\n"
    "\n"
    "主题分类: 卫生、体育 发文单位: 县卫生健康局 县医疗保障局\n"
    "\n"
    "名       称: 某县2019年健康扶贫实施方案 发布日期: 2019年05月08日\n"
    "\n"
    "有效性: 有效 发文日期: 2019年05月06日\n"
)
TITLE = "某县2019年健康扶贫实施方案\n\n"
BODY = "一、总体目标\n到2019年底，贫困人口县域内就诊率达到90%以上。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            TITLE + HEADER + "\n" + BODY,
            {
                "index_number": "011043115/2019-00321",
                "doc_number": "某卫健发〔2019〕12号",
                "topic": "卫生、体育",
                "issuer": "县卫生健康局 县医疗保障局",
                "title": "某县2019年健康扶贫实施方案",
                "published": "2019-05-08",
                "validity": "有效",
            },
        ),
        # full-width colons, one pair a line, 发文日期 when there is no 发布日期
        (
            "索引号：A01\n文号：某政办发〔2020〕3号\n发文日期：2020年3月\n\n正文。",
            {"index_number": "A01", "doc_number": "某政办发〔2020〕3号", "published": "2020-03"},
        ),
        # synonyms, and a key word inside a value does not split it
        (
            "发文机关：某县人民政府\n标题：关于规范发文号管理的通知\n成文日期：2020\n",
            {"issuer": "某县人民政府", "title": "关于规范发文号管理的通知", "published": "2020"},
        ),
        # empty values are left out; a date that is not a date is left out
        ("文号:\n发布日期: 不详\n有效性: 有效\n", {"validity": "有效"}),
        # no header at all
        (BODY, {}),
        ("", {}),
        # a header key far down the body is not a header
        ("正文。\n" * 50 + "文号：某卫发〔2020〕1号", {}),
    ],
)
def test_parse_metadata_header(text: str, expected: dict[str, str]) -> None:
    assert parse_metadata_header(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020年04月29日", "2020-04-29"),
        ("2020年4月9日", "2020-04-09"),
        ("2020-4-29", "2020-04-29"),
        ("2020/04/29 10:30", "2020-04-29"),
        ("2020.4", "2020-04"),
        ("2020 年 4 月", "2020-04"),
        ("2019年", "2019"),
        ("2019", "2019"),
        ("", None),
        ("有效", None),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TITLE + HEADER + "\n" + BODY, TITLE + BODY),
        (HEADER + BODY, BODY),
        (BODY, BODY),
        ("", ""),
    ],
)
def test_strip_metadata_header(text: str, expected: str) -> None:
    assert strip_metadata_header(text) == expected


# ── news pages ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "发布时间：2020-11-18 09:32  来源：州卫生健康委员会  作者：李明  浏览量：2381",
            {"published": "2020-11-18", "issuer": "州卫生健康委员会"},
        ),
        (
            "信息来源：县卫生健康局 发布日期：2019年12月06日 点击数：516",
            {"issuer": "县卫生健康局", "published": "2019-12-06"},
        ),
        ("来源：县医保局|时间：2021-03-02", {"issuer": "县医保局", "published": "2021-03-02"}),
        # A placeholder source and a time with no date say nothing.
        ("来源：本站 发布时间：上午", {}),
        ("书名：黔山县健康扶贫政策汇编", {"title": "黔山县健康扶贫政策汇编"}),
    ],
)
def test_parse_page_lines(text, expected):
    assert parse_page_lines(text) == expected


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("某县健康扶贫工作总结\n一、基本情况\n全县共有贫困人口3万人。", "某县健康扶贫工作总结"),
        # Breadcrumbs and labelled lines are skipped.
        ("网站首页 > 新闻中心 > 正文\n某县健康扶贫工作总结\n正文。", "某县健康扶贫工作总结"),
        (
            "当前位置：首页>>政务公开\n发布时间：2020-01-02\n某州健康扶贫要点\n正文。",
            "某州健康扶贫要点",
        ),
        ("标题：某市健康扶贫实施方案\n正文。", "某市健康扶贫实施方案"),
        # A subtitle after a dash is part of the title.
        ("守护健康奔小康——某区健康扶贫工作综述\n正文。", "守护健康奔小康——某区健康扶贫工作综述"),
        # No title line: the first clause of the first line, not the whole paragraph.
        ("今年以来，全县持续推进健康扶贫，贫困人口县域内就诊率达到92%。", "今年以来"),
    ],
)
def test_guess_title(text, title):
    assert guess_title(text) == title


@pytest.mark.parametrize(
    ("title", "cleaned"),
    [
        ("太行县持续推进健康扶贫工作_太行县人民政府", "太行县持续推进健康扶贫工作"),
        (
            "某州健康扶贫成效显著 群众负担减轻-某省卫生健康委员会",
            "某州健康扶贫成效显著 群众负担减轻",
        ),
        ("某县健康扶贫工作取得实效 | 工作动态 | 某县人民政府网", "某县健康扶贫工作取得实效"),
        ("首页_某县人民政府", ""),
    ],
)
def test_clean_page_title(title, cleaned):
    assert clean_page_title(title) == cleaned
