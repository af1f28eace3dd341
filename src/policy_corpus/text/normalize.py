"""Normalise document text: one form for digits, punctuation, spaces and line breaks.

The normalised text is the text stored in ``documents.text``, and every character offset in
the later tables (sentences, quantities, measure mentions) refers to it. Normalise once, before
splitting sentences, and never edit the text afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

__all__ = ["is_traditional", "normalize_text", "to_simplified"]

# Zero-width characters, the BOM and the soft hyphen: invisible, and they break word matching.
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Control characters other than the line break; \t and \f become spaces/line breaks first.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_LINE_BREAK = re.compile(r"\r\n?|[\x0c\u2028\u2029\x85]")
_TRAILING_SPACE = re.compile(r"[ ]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")  # 3 or more blank lines
_HAN = re.compile(r"[\u3400-\u9fff]")

#: Share of Han characters that OpenCC t2s changes above which a text counts as Traditional.
#: Traditional texts score 0.2–0.5; Simplified ones stay near 0 (a few characters such as 乾
#: or 著 change in some contexts).
TRADITIONAL_THRESHOLD = 0.1
#: Fewer changed characters than this never make a text Traditional.
TRADITIONAL_MIN_CHANGED = 2


def normalize_text(text: str) -> str:
    r"""Return the canonical form of a document's text; all offsets refer to this form.

    Steps: Unicode NFKC (full-width digits, letters and ％ become ASCII; full-width ，：；（）！？
    become their ASCII forms too, while 。、“”《》【】 stay), invisible characters removed, odd
    spaces (ideographic space, no-break space, tabs) folded to an ASCII space, all line breaks
    turned into ``\n``, trailing spaces stripped per line, runs of three or more blank lines
    collapsed to one, blank lines at the start and the end removed. The function is idempotent.

    Args:
        text: Raw document text.

    Returns:
        The normalised text.

    >>> normalize_text("报销比例达到９０％，\u3000\r\n")
    '报销比例达到90%,'
    >>> normalize_text("第一段。\n\n\n\n\n第二段（一）")
    '第一段。\n\n第二段(一)'
    """
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = _LINE_BREAK.sub("\n", text)
    text = _ODD_SPACE.sub(" ", text)
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


@cache
def _t2s() -> Any:
    """Load the OpenCC converter once (it reads its dictionaries on creation)."""
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` in Simplified characters, whatever its share of Traditional ones.

    Also for the title and issuer of a document whose text was converted: too short for
    :func:`is_traditional` to judge, they follow their document.

    >>> simplified("湖南清溪縣健康扶貧成效顯著")
    '湖南清溪县健康扶贫成效显著'
    """
    result: str = _t2s().convert(text)
    return result


def _changed_share(text: str, converted: str) -> tuple[int, float]:
    """Count the Han characters that t2s changed, and their share of all Han characters."""
    han = len(_HAN.findall(text))
    if not han:
        return 0, 0.0
    if len(converted) == len(text):
        changed = sum(a != b for a, b in zip(text, converted, strict=True) if _HAN.match(a))
    else:  # a phrase mapped to a different length: fall back to counting characters
        changed = sum(simplified(ch) != ch for ch in _HAN.findall(text))
    return changed, changed / han


def is_traditional(text: str) -> bool:
    """Return True if the text is written in Traditional Chinese.

    >>> is_traditional("建檔立卡貧困人口住院費用實際報銷比例達到90%。")
    True
    >>> is_traditional("显著提高贫困人口住院费用报销比例。")
    False
    """
    changed, share = _changed_share(text, simplified(text))
    return changed >= TRADITIONAL_MIN_CHANGED and share >= TRADITIONAL_THRESHOLD


def to_simplified(text: str) -> tuple[str, bool]:
    """Convert Traditional Chinese text to Simplified with OpenCC ``t2s``.

    A text is converted only if it is Traditional by :func:`is_traditional`, so a Simplified
    text with a couple of characters that OpenCC would change is returned untouched.

    Args:
        text: Document text.

    Returns:
        The (possibly converted) text, and whether it was converted.

    >>> to_simplified("推動家庭醫生簽約服務。")
    ('推动家庭医生签约服务。', True)
    >>> to_simplified("推动家庭医生签约服务。")
    ('推动家庭医生签约服务。', False)
    """
    converted = simplified(text)
    changed, share = _changed_share(text, converted)
    if changed >= TRADITIONAL_MIN_CHANGED and share >= TRADITIONAL_THRESHOLD:
        return converted, True
    return text, False
