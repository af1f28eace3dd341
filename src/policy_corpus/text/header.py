"""The metadata header block of official documents (索引号, 文号, 发文单位, 发布日期 …).

Government portals print a header above a published document::

    索引号 : MB1513297/2020-06109 文       号 : 咸医保发〔2020〕20号
    主题分类: 扶贫 发文单位: 市医疗保障局
    名       称: 咸宁市2020年健康扶贫工作要点 发布日期: 2020年04月29日

Keys may be padded with spaces, separated from their values by full- or half-width colons, and
several pairs may share a line. :func:`parse_metadata_header` returns the values under English
keys; :func:`strip_metadata_header` removes the block from the body.

A news page has a lighter header: a title, then a line such as
``发布时间：2020-11-18 09:32 来源：州卫生健康委 浏览量：2381 【字号：大 中 小】``, around them a
breadcrumb (``首页 > 政务动态 > 正文``) and the site's name in ``<title>``. :func:`parse_page_lines`
reads the date and the source from such lines, :func:`guess_title` finds the line a reader
takes for the title, and :func:`clean_page_title` removes the site's name from ``<title>``.
"""

from __future__ import annotations

import re

__all__ = [
    "HEADER_KEYS",
    "clean_page_title",
    "guess_title",
    "is_title_like",
    "parse_date",
    "parse_metadata_header",
    "parse_page_lines",
    "strip_metadata_header",
]

#: Chinese header keys and the English key each is returned under. Several Chinese keys can map
#: to one English key; the first in this order that the header has wins.
HEADER_KEYS: dict[str, str] = {
    "索引号": "index_number",
    "文号": "doc_number",
    "发文字号": "doc_number",
    "主题分类": "topic",
    "发文单位": "issuer",
    "发文机关": "issuer",
    "发布机构": "issuer",
    "名称": "title",
    "标题": "title",
    "发布日期": "published",
    "发文日期": "published",
    "成文日期": "published",
    "有效性": "validity",
}


def _key_pattern(key: str) -> str:
    """Allow padding spaces between the characters of a key: 文号 matches ``文       号``."""
    return r"\s*".join(map(re.escape, key))


_KEY_ALTERNATIVES = "|".join(
    _key_pattern(key) for key in sorted(HEADER_KEYS, key=len, reverse=True)
)
# A key starts a line or follows whitespace, so a key word inside a value does not split it.
_PAIR_KEY = re.compile(rf"(?:^|(?<=\s))(?P<key>{_KEY_ALTERNATIVES})\s*[:：]")
_LINE_START_KEY = re.compile(rf"^\s*(?:{_KEY_ALTERNATIVES})\s*[:：]")
_SPACES = re.compile(r"\s+")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[年./-]\s*(?P<m>\d{1,2})\s*(?:[月./-]\s*(?P<d>\d{1,2}))?)?"
)
_HEAD_LINES = 40  # the header sits near the top; never look further


def parse_date(value: str) -> str | None:
    """Normalise a date to ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None if there is no year.

    >>> parse_date("2020年4月29日")
    '2020-04-29'
    >>> parse_date("2019.10")
    '2019-10'
    >>> parse_date("无")
    """
    match = _DATE.search(value)
    if not match:
        return None
    parts = [match["y"]] + [f"{int(p):02d}" for p in (match["m"], match["d"]) if p]
    return "-".join(parts)


def _header_line_indices(lines: list[str]) -> list[int]:
    """Return the indices of the header block: lines near the top that start with a key."""
    indices = [i for i, line in enumerate(lines[:_HEAD_LINES]) if _LINE_START_KEY.match(line)]
    if not indices:
        return []
    # Keep the first contiguous block (blank lines between header lines are allowed).
    block = [indices[0]]
    for i in indices[1:]:
        if any(lines[j].strip() for j in range(block[-1] + 1, i)):
            break
        block.append(i)
    return block


def _pairs(line: str) -> list[tuple[str, str]]:
    """Split one header line into (Chinese key, value) pairs."""
    matches = list(_PAIR_KEY.finditer(line))
    pairs = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(line)
        key = _SPACES.sub("", match["key"])
        pairs.append((key, line[match.end() : end].strip()))
    return pairs


def parse_metadata_header(text: str) -> dict[str, str]:
    r"""Read the metadata header block at the top of a document.

    Args:
        text: Document text, raw or normalised.

    Returns:
        Values under the English keys index_number, doc_number, topic, issuer, title, published
        (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; left out if it holds no date) and validity.
        Keys whose value is empty are left out; an empty dict if there is no header.

    >>> parse_metadata_header("文   号：鄂卫发〔2019〕8号  发布日期：2019年03月05日\n正文。")
    {'doc_number': '鄂卫发〔2019〕8号', 'published': '2019-03-05'}
    """
    lines = text.split("\n")
    found: dict[str, str] = {}
    for i in _header_line_indices(lines):
        for key, value in _pairs(lines[i]):
            found.setdefault(key, value)
    result: dict[str, str] = {}
    for key, english in HEADER_KEYS.items():
        value = found.get(key, "")
        if english == "published":
            value = parse_date(value) or ""
        if value and english not in result:
            result[english] = value
    return result


def strip_metadata_header(text: str) -> str:
    r"""Remove the metadata header block (and the blank lines around it) from a document.

    >>> strip_metadata_header("工作要点\n\n索引号：001\n有效性：有效\n\n一、总体要求")
    '工作要点\n\n一、总体要求'
    """
    lines = text.split("\n")
    block = _header_line_indices(lines)
    if not block:
        return text
    start, end = block[0], block[-1] + 1
    while end < len(lines) and not lines[end].strip():  # blank lines after the block
        end += 1
    return "\n".join(lines[:start] + lines[end:])


# ── news pages: the date and source line, the title ──────────────────────────────────────────

#: Labels of a news page's date and source line, and the English key each fills.
PAGE_KEYS: dict[str, str] = {
    "发布时间": "published",
    "发布日期": "published",
    "发文日期": "published",
    "成文日期": "published",
    "日期": "published",
    "时间": "published",
    "信息来源": "issuer",
    "文章来源": "issuer",
    "来源": "issuer",
    "稿源": "issuer",
    "发布机构": "issuer",
    "发布单位": "issuer",
    "发文机关": "issuer",
    "标题": "title",
    "题目": "title",
    "名称": "title",
    "书名": "title",
}
# Any short label with a colon ends the value before it (作者：, 浏览量：, 字号：); so do 【 and |.
_PAGE_LABEL = re.compile(
    r"(?P<label>" + "|".join(sorted(PAGE_KEYS, key=len, reverse=True)) + r")\s*[:：]\s*"
)
_VALUE_END = re.compile(r"\s*(?:[\u4e00-\u9fff]{2,5}\s*[:：]|[【\[|｜]|\s{2,}|$)")
_MAX_ISSUER = 30
_NOT_ISSUER = re.compile(r"^(?:本站|本网|原创|网络|未知|无)$")
_PAGE_HEAD_LINES = 15
_BREADCRUMB = re.compile(
    r"(?:[>＞»›]|&gt;).*(?:[>＞»›]|&gt;)|^(?:首页|网站首页|当前位置|您的位置|您当前的位置|您现在的位置|所在位置)"
)
_MIN_TITLE_HAN = 4
_MAX_TITLE_CHARS = 60
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|(?<!-)-(?!-)|—(?!—)(?<!——))\s*")
# The last words of a site or section name (…人民政府, …卫生健康委员会, …网, 政务动态).
_SITE_NAME = re.compile(
    r"(?:政府|委员会|卫健委|卫生健康委|局|厅|办公室|中心|网|网站|门户|官网|动态|要闻|新闻|公开|公告)$"
)


def parse_page_lines(text: str) -> dict[str, str]:
    r"""Read the date, source and labelled title from the lines at the top of a page.

    Values stop at the next label (作者：, 浏览量：), at 【 or |, or at a wide gap; a date must
    parse (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``); a source that is a placeholder (本站, 原创)
    or longer than a name is left out.

    >>> parse_page_lines("发布时间：2020-11-18 09:32 来源：州卫健委 作者：李明 【字号：大】")
    {'published': '2020-11-18', 'issuer': '州卫健委'}
    >>> parse_page_lines("书名：某县健康扶贫工作汇编")
    {'title': '某县健康扶贫工作汇编'}
    """
    found: dict[str, str] = {}
    for line in text.split("\n")[:_PAGE_HEAD_LINES]:
        for match in _PAGE_LABEL.finditer(line):
            key = PAGE_KEYS[match["label"]]
            end = _VALUE_END.search(line, match.end())
            value = line[match.end() : end.start() if end else len(line)].strip()
            value = _page_value(key, value)
            if value and key not in found:
                found[key] = value
    return found


def _page_value(key: str, value: str) -> str:
    if key == "published":
        return parse_date(value) or ""
    if key == "issuer":
        return "" if len(value) > _MAX_ISSUER or _NOT_ISSUER.match(value) else value
    return value if is_title_like(value) else ""


def is_title_like(line: str) -> bool:
    """Whether a line can be a document's title: not a breadcrumb, label or paragraph.

    >>> [is_title_like(x) for x in ["彩云州健康扶贫成效显著", "首页 > 政务动态 > 正文",
    ...  "来源：州卫健委", "全州参保率达100%，累计救治2.3万人，就诊率达到92.6%。"]]
    [True, False, False, False]
    """
    stripped = line.strip()
    if len(re.findall(r"[\u4e00-\u9fff]", stripped)) < _MIN_TITLE_HAN:
        return False
    if len(stripped) > _MAX_TITLE_CHARS or stripped.endswith(("。", "；", ";")):
        return False
    if _BREADCRUMB.search(stripped) or _PAGE_LABEL.match(stripped) or _PAIR_KEY.match(stripped):
        return False
    # A title has at most one pause (a subtitle); a paragraph has clauses.
    return len(re.findall(r"[，,；;]", stripped)) <= 1


def guess_title(text: str) -> str:
    r"""Return the line a reader takes for the title of a text, with a clear fallback.

    The value of a title label (标题：, 书名：) if the top lines have one; else the first line
    that looks like a title (:func:`is_title_like`: not a breadcrumb, a field label or a
    paragraph); else the first clause of the first line, at most 60 characters.

    >>> guess_title("首页 > 政务动态 > 正文\n某县健康扶贫工作总结\n一、基本情况")
    '某县健康扶贫工作总结'
    >>> guess_title("今年以来，全县持续推进健康扶贫，成效明显。")
    '今年以来'
    """
    labelled = parse_page_lines(text).get("title")
    if labelled:
        return labelled
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    for line in lines[:_PAGE_HEAD_LINES]:
        if is_title_like(line):
            return line
    first = lines[0] if lines else ""
    return re.split(r"[，,。；;！？!?]", first)[0][:_MAX_TITLE_CHARS]


def clean_page_title(title: str) -> str:
    """Remove the site's and section's names from a page's ``<title>``.

    The parts joined by ``_``, ``|`` or a single dash are kept up to the first that names a
    site or section; "" when nothing left looks like a title.

    >>> clean_page_title("太行县持续推进健康扶贫工作_部门动态_太行县人民政府")
    '太行县持续推进健康扶贫工作'
    >>> clean_page_title("彩云州健康扶贫成效显著-云岭省卫生健康委员会")
    '彩云州健康扶贫成效显著'
    >>> clean_page_title("守护健康奔小康——茅箭区健康扶贫工作综述")
    '守护健康奔小康——茅箭区健康扶贫工作综述'
    """
    parts = [part for part in _TITLE_SPLIT.split(title.strip()) if part]
    kept = [part for part in parts[1:] if not _SITE_NAME.search(part)]
    candidate = " ".join([parts[0], *kept]) if parts else ""
    return candidate if is_title_like(candidate) else ""
