"""The metadata header block of official documents (索引号, 文号, 发文单位, 发布日期 …).

Government portals print a header above a published document::

    索引号 : MB1513297/2020-06109 文       号 : 咸医保发〔2020〕20号
    主题分类: 扶贫 发文单位: 市医疗保障局
    名       称: 咸宁市2020年健康扶贫工作要点 发布日期: 2020年04月29日

Keys may be padded with spaces, separated from their values by full- or half-width colons, and
several pairs may share a line. :func:`parse_metadata_header` returns the values under English
keys; :func:`strip_metadata_header` removes the block from the body.
"""

from __future__ import annotations

import re

__all__ = ["HEADER_KEYS", "parse_date", "parse_metadata_header", "strip_metadata_header"]

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
