"""Removing web-page furniture from plain text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_corpus.text.boilerplate import is_body_line, is_furniture_line, strip_boilerplate

TITLE = "某县2020年健康扶贫工作要点"
BODY = (
    "2020年是健康扶贫的决胜之年，全县要确保贫困人口基本医疗有保障。\n"
    "\n"
    "一、做好贫困人口医疗救治\n"
    "(一)落实大病专项救治。救治病种扩大到30种，救治率达到95%以上。"
)

PAGE_HEAD = "今天是:\n您当前的位置 : 首页\xa0>>政务公开>>正文\n\n"
PAGE_HEAD_DATED = "今天是2020年4月29日 星期三\n您现在的位置：首页 > 信息公开 > 通知公告\n"
TOOLBAR = "字号：大 中 小\n【打印本页】【关闭窗口】\n分享到：微信 微博 QQ空间\n"
META_LINE = "发布时间：2020-04-29 来源：县卫健局 浏览次数：1024\n"
PORTAL_FOOTER = (
    "\n 某县人民政府\n某县人民政府\n\n 今日要闻\n今日要闻 政务要闻\n政务要闻 图片新闻\n"
    "图片新闻 视频新闻\n视频新闻 政策解读\n政策解读 领导信箱\n领导信箱 \n \n 42030002000001\n"
)
FOOTER_WITH_ICP = "\n主办单位：某县人民政府办公室\n鄂ICP备05001234号 鄂公网安备 42030002000001号\n"
MENU_ONLY = "\n网站首页\n政务公开\n新闻中心\n办事服务\n互动交流\n专题专栏\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PAGE_HEAD + TITLE + "\n\n" + BODY, TITLE + "\n\n" + BODY),
        (PAGE_HEAD_DATED + TITLE + "\n" + BODY, TITLE + "\n" + BODY),
        (TITLE + "\n" + META_LINE + TOOLBAR + BODY, TITLE + "\n" + BODY),
        (TITLE + "\n" + BODY + PORTAL_FOOTER, TITLE + "\n" + BODY),
        (TITLE + "\n" + BODY + FOOTER_WITH_ICP, TITLE + "\n" + BODY),
        (TITLE + "\n" + BODY + MENU_ONLY, TITLE + "\n" + BODY),
        (TITLE + "\n" + BODY + "\n\n\xa0\n\n相关文档:健康扶贫要点有哪些?\n", TITLE + "\n" + BODY),
        (TITLE + "\n" + BODY + "\n相关链接\n上一篇：关于做好义诊工作的通知\n", TITLE + "\n" + BODY),
        # 来源 / 责任编辑 lines at the head and tail
        ("来源：某县融媒体\n" + TITLE + "\n" + BODY + "\n（责任编辑：王某）", TITLE + "\n" + BODY),
        (TITLE + "\n" + BODY + "\n来源: 县卫健局\n编辑: 李某\n审核: 张某", TITLE + "\n" + BODY),
        ("制图:某日报视觉中心 王某\n" + TITLE + "\n" + BODY, TITLE + "\n" + BODY),
        # everything at once
        (
            PAGE_HEAD + TITLE + "\n" + META_LINE + BODY + "\n" + TOOLBAR + PORTAL_FOOTER
            + FOOTER_WITH_ICP,
            TITLE + "\n" + BODY,
        ),
    ],
)  # fmt: skip
def test_strip_boilerplate(text: str, expected: str) -> None:
    assert strip_boilerplate(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        BODY,
        # body paragraphs that mention furniture words stay
        "全年健康扶贫专栏浏览次数超过10万次，政策知晓率达到95%。",
        "来源于省级财政的资金共计1200万元，全部用于贫困人口大病保险。\n" + BODY,
        BODY + "\n网站按照ICP备案要求公开了健康扶贫政策问答，群众可随时查询。",
        "分享到朋友圈的健康知识文章阅读量达到5万次，群众反映良好。",
        # a signature and a short list of annexes are not navigation
        BODY + "\n\n某县卫生健康局\n2020年4月29日",
        BODY + "\n附件：1.健康扶贫政策一览表\n2.贫困人口慢病签约名单",
        # a title and subtitle at the head are not furniture
        "守护健康奔小康\n——某区健康扶贫工作综述\n记者 王某\n" + BODY,
        "",
    ],
)
def test_strip_boilerplate_keeps_articles(text: str) -> None:
    assert strip_boilerplate(text) == text


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("您当前的位置：首页 >> 政务公开 >> 正文", True),
        ("当前位置: 首页 > 新闻", True),
        ("【打印】 【关闭】", True),
        ("[打印本页] [关闭窗口]", True),
        ("字号: 大 中 小", True),
        ("【字体：大 中 小】", True),
        ("分享到：", True),
        ("浏览次数：35", True),
        ("发布日期:2020-04-29 阅读量:120", True),
        ("Copyright © 2020 某县人民政府 版权所有", True),
        ("鄂公网安备 42030002000001号", True),
        ("电话：0719-8888888 传真：0719-8888889", True),
        ("相关文档:今年我市健康扶贫工作要点有哪些?", True),
        ("全年健康扶贫专栏浏览次数超过10万次，政策知晓率达到95%。", False),
        ("来源：县卫健局", False),  # only near the edges: see strip_boilerplate
        ("一、做好贫困人口医疗救治", False),
        ("", False),
    ],
)
def test_is_furniture_line(line: str, furniture: bool) -> None:
    assert is_furniture_line(line) is furniture


@pytest.mark.parametrize(
    ("line", "body"),
    [
        ("救治病种扩大到30种，救治率达到95%以上。", True),
        ("全县贫困人口家庭医生签约率达到100%;", True),
        ("政务要闻 图片新闻", False),
        ("某县2020年健康扶贫工作要点", False),
    ],
)
def test_is_body_line(line: str, body: bool) -> None:
    assert is_body_line(line) is body


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_BODY_LINES = st.builds(
    lambda words, end: words + end,
    st.text(alphabet=_HAN, min_size=10, max_size=40),
    st.sampled_from(["。", "！", "？", "；"]),
)
_FURNITURE_LINES = st.sampled_from(
    ["今天是:", "【打印】【关闭】", "分享到:", "浏览次数:12", "政务要闻 图片新闻", "首页", "", " "]
)


@given(st.lists(st.one_of(_BODY_LINES, _FURNITURE_LINES), max_size=30))
def test_body_lines_always_kept_in_order(lines: list[str]) -> None:
    result = strip_boilerplate("\n".join(lines))
    kept = result.split("\n") if result else []
    body = [line for line in lines if is_body_line(line)]
    assert [line for line in kept if is_body_line(line)] == body
    # kept lines are input lines, in order
    remaining = iter(lines)
    assert all(any(line == candidate for candidate in remaining) for line in kept)


@given(st.lists(st.one_of(_BODY_LINES, _FURNITURE_LINES), max_size=30))
def test_strip_boilerplate_is_idempotent(lines: list[str]) -> None:
    once = strip_boilerplate("\n".join(lines))
    assert strip_boilerplate(once) == once
