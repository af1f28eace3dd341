"""Remove web-page furniture (breadcrumbs, share buttons, counters, menus, footers) from text.

Documents copied from government portals keep the page around the article: a date line at the
top (``今天是…``), a breadcrumb (``您当前的位置 : 首页 >> … >> 正文``), print and close buttons,
view counters, "related documents" links, and at the bottom the portal's menu and footer (site
names repeated, ``ICP备`` and ``公网安备`` numbers, copyright).

The rules describe the genre rather than one site:

* a *furniture line* starts with a label of page furniture (``分享到``, ``浏览次数``, ``相关链接``,
  ``责任编辑`` …) or carries a footer mark (``ICP备``, ``公网安备``, ``版权所有``); it is short;
* a *navigation block* is a run of short lines at the tail with no sentence punctuation, made of
  menu words, names repeated from line to line, or long runs of digits (registration numbers);
* a *body line* (Chinese text with sentence punctuation) is never dropped by the generic rules.

The functions work on raw or normalised text (full- and half-width colons both match).
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["is_body_line", "is_furniture_line", "strip_boilerplate"]

_HAN = re.compile(r"[\u3400-\u9fff]")
_SENTENCE_PUNCT = re.compile(r"[。！？；!?;]")
_CLAUSE_PUNCT = re.compile(r"[。！？；!?;，,]")
_COLON = r"\s*[:：]"

# Labels that only ever start a line of page furniture; such a line is dropped anywhere.
_FURNITURE_LABEL = re.compile(
    r"^\s*[【\[（(]?\s*(?:"
    r"今天是|今日是|您当前的位置|您现在的位置|您的位置|当前位置|所在位置|"
    r"分享到|分享至|浏览次数|浏览量|阅读量|阅读次数|访问量|点击数|点击量|点击率|"
    r"相关文档|相关链接|相关阅读|相关新闻|相关文章|相关附件|延伸阅读|"
    r"上一篇|下一篇|扫一扫|打印本页|关闭窗口|打印|关闭|字号|字体|"
    r"网站标识码|网站地图|主办单位|承办单位|技术支持|联系我们"
    r")"
)
# Labels that also appear at the start of real sentences (来源: 国家统计局数据显示…), so they are
# dropped only when the line is short and sits in the head or tail zone of the document.
_EDGE_LABEL = re.compile(
    r"^\s*[【\[（(]?\s*(?:"
    r"来源|稿源|信息来源|文章来源|责任编辑|编辑|审核|校对|作者|发布时间|发布者|时间|"
    r"制图|摄影|图片来源"
    r")" + _COLON
)
# Marks of a portal footer wherever they sit in a short line.
_FOOTER_MARK = re.compile(
    r"ICP\s*[备证]|公网安备|版权所有|Copyright|©|\(c\)\s*\d{4}|"
    r"电话" + _COLON + r"|传真" + _COLON + r"|邮编" + _COLON + r"|E-?mail" + _COLON,
    re.IGNORECASE,
)
# Widgets that share a line with other furniture: 发布时间:… 来源:… 浏览次数: 120 | 字号: 大 中 小
_WIDGET = re.compile(
    r"(?:浏览次数|浏览量|阅读量|阅读次数|访问量|点击数|点击量|点击率)\s*[:：]|"
    r"字号\s*[:：]?\s*[【\[]?\s*大|【\s*(?:打印|关闭)"
)
_LABEL_COLON = re.compile(r"\s*[:：]")
_DIGIT_RUN = re.compile(r"\d{8,}")
_BUTTONS = re.compile(r"^\s*(?:[【\[]\s*[^】\]]{1,6}\s*[】\]]\s*)+$")
_TOKEN_SPLIT = re.compile(r"[\s|｜>»›/\\·•、]+")

# Frequent words of portal menus; a tail block made mostly of such tokens is navigation.
_MENU_WORDS = (
    "首页",
    "要闻",
    "新闻",
    "动态",
    "公开",
    "公告",
    "通知",
    "解读",
    "信箱",
    "留言",
    "服务",
    "办事",
    "互动",
    "专题",
    "专栏",
    "领导",
    "机构",
    "职能",
    "概况",
    "区划",
    "统计",
    "数据",
    "视频",
    "图片",
    "地图",
    "链接",
    "下载",
    "搜索",
    "登录",
    "注册",
    "网",
)

_MAX_FURNITURE_LEN = 80  # a label line longer than this is a paragraph that happens to start so
_MAX_EDGE_LEN = 40
_EDGE_ZONE = 6  # head/tail zone, in non-blank lines
_MAX_NAV_LINE_LEN = 30
_MIN_NAV_LINES = 4


def is_body_line(line: str) -> bool:
    """Return True for a line of article text: Chinese words with sentence punctuation.

    >>> is_body_line("全市贫困人口家庭医生签约率达到100%。")
    True
    >>> is_body_line("政务要闻 图片新闻")
    False
    """
    return len(_HAN.findall(line)) >= 8 and bool(_SENTENCE_PUNCT.search(line))


def is_furniture_line(line: str) -> bool:
    """Return True for a line that is page furniture wherever it appears.

    >>> is_furniture_line("您当前的位置：首页 >> 政务公开 >> 正文")
    True
    >>> is_furniture_line("【打印本页】【关闭窗口】")
    True
    >>> is_furniture_line("据统计，健康扶贫专栏浏览次数超过10万次。")
    False
    """
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_FURNITURE_LEN:
        return False
    if _BUTTONS.match(stripped):
        return True
    label = _FURNITURE_LABEL.match(stripped)
    # "相关文档：<title>?" is furniture, "分享到朋友圈的文章…。" a sentence.
    if label and (_LABEL_COLON.match(stripped, label.end()) or not is_body_line(stripped)):
        return True
    marked = _FOOTER_MARK.search(stripped) or _WIDGET.search(stripped)
    return bool(marked) and not is_body_line(stripped)


def _is_edge_line(line: str) -> bool:
    """Return True for a short 来源/责任编辑/发布时间 line (dropped only near the edges)."""
    stripped = line.strip()
    return (
        len(stripped) <= _MAX_EDGE_LEN
        and bool(_EDGE_LABEL.match(stripped))
        and not stripped.endswith("。")
    )


def _is_nav_candidate(line: str) -> bool:
    """Return True for a line that could belong to a navigation block (short, no sentences)."""
    stripped = line.strip()
    if not stripped or is_furniture_line(stripped):
        return True
    # Menus have no clauses: any sentence or clause punctuation marks body text.
    return len(stripped) <= _MAX_NAV_LINE_LEN and not _CLAUSE_PUNCT.search(stripped)


def _looks_like_navigation(lines: list[str]) -> bool:
    """Decide whether a tail run of short lines is a portal's menu and footer."""
    filled = [line.strip() for line in lines if line.strip()]
    # A footer (ICP/公网安备 numbers, copyright) means the article has ended.
    if any(_FOOTER_MARK.search(line) or _DIGIT_RUN.search(line) for line in filled):
        return True
    filled = [line for line in filled if not is_furniture_line(line)]
    if len(filled) < _MIN_NAV_LINES:
        return False
    tokens = [tok for line in filled for tok in _TOKEN_SPLIT.split(line) if tok]
    counts = Counter(tokens)
    repeated = sum(n for n in counts.values() if n > 1) / len(tokens)
    menu = sum(any(word in tok for word in _MENU_WORDS) for tok in tokens) / len(tokens)
    return repeated >= 0.3 or menu >= 0.5


def _tail_block_start(lines: list[str]) -> int:
    """Return the index where the trailing run of navigation-like lines begins."""
    start = len(lines)
    while start > 0 and _is_nav_candidate(lines[start - 1]):
        start -= 1
    return start


def _edge_indices(lines: list[str]) -> set[int]:
    """Return the indices of the first and last few non-blank lines."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:_EDGE_ZONE]) | set(filled[-_EDGE_ZONE:])


def strip_boilerplate(text: str) -> str:
    r"""Remove web-page furniture lines and a trailing navigation block; keep every body line.

    Lines are removed whole; the lines kept are unchanged, and leading and trailing blank lines
    of the result are dropped.

    Args:
        text: A document as copied from a web page, raw or normalised.

    Returns:
        The text without furniture.

    >>> page = "今天是:\n您当前的位置 : 首页 >> 正文\n\n全县参保率达100%。\n【打印】【关闭】"
    >>> strip_boilerplate(page)
    '全县参保率达100%。'
    """
    lines = text.split("\n")
    edges = _edge_indices(lines)
    tail = _tail_block_start(lines)
    if not _looks_like_navigation(lines[tail:]):
        tail = len(lines)
    kept = [
        line
        for i, line in enumerate(lines[:tail])
        if not is_furniture_line(line) and not (i in edges and _is_edge_line(line))
    ]
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept)
