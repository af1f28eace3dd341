"""Quotations as the source wrote them: normalised offsets mapped back to the raw text.

``documents.text`` is the NFKC-normalised text (text/normalize.py: full-width punctuation and
digits become ASCII, odd spaces fold, line breaks unify), and every offset refers to it. To quote
a sentence as its source wrote it, the raw text is normalised again one character at a time,
spaces dropped, keeping for each normalised character the raw position it came from; the
sentence is found in that stream and its span cut from the raw text. When the raw file cannot be
read or the sentence is not found, the normalised sentence is quoted instead.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Quote:
    """A sentence split around the number it is quoted for: before, the number, after."""

    before: str
    number: str
    after: str
    verbatim: bool


def _stream(raw: str) -> tuple[str, list[int]]:
    chars: list[str] = []
    index: list[int] = []
    for position, char in enumerate(raw):
        for normal in unicodedata.normalize("NFKC", char):
            if not normal.isspace():
                chars.append(normal)
                index.append(position)
    return "".join(chars), index


def _squeeze(text: str) -> str:
    return "".join(c for c in text if not c.isspace())


def split_sentence(sentence: str, number: str, at: int | None = None) -> tuple[str, str, str]:
    """The sentence around the number (its occurrence at ``at`` when given, else the first).

    >>> split_sentence("从9种扩大到32种", "32种")
    ('从9种扩大到', '32种', '')
    """
    position = at if at is not None and sentence[at : at + len(number)] == number else None
    if position is None:
        position = sentence.find(number)
    if position < 0:
        return sentence, "", ""
    return sentence[:position], number, sentence[position + len(number) :]


def quote(raw: str | None, sentence: str, number: str, at: int | None = None) -> Quote:
    """The sentence as the raw text writes it, split around ``number``.

    >>> q = quote("报销比例达到９０％，共　３人。", "报销比例达到90%,共 3人。", "90%")
    >>> (q.before, q.number, q.after, q.verbatim)
    ('报销比例达到', '９０％', '，共　３人。', True)
    >>> quote(None, "达到90%", "90%").verbatim
    False
    """
    before, found, after = split_sentence(sentence, number, at)
    if raw:
        stream, index = _stream(raw)
        target = _squeeze(sentence)
        start = stream.find(target) if target else -1
        if start >= 0:
            cut = [start, start + len(_squeeze(before)), start + len(_squeeze(before + found))]
            end = start + len(target)
            raw_at = [index[i] if i < len(index) else len(raw) for i in cut]
            raw_end = index[end - 1] + 1
            if found:
                # A number's own characters end where the next normalised character begins.
                number_end = index[cut[2]] if cut[2] < end else raw_end
                return Quote(
                    raw[raw_at[0] : raw_at[1]].strip(),
                    raw[raw_at[1] : number_end],
                    raw[number_end:raw_end],
                    True,
                )
            return Quote(raw[raw_at[0] : raw_end], "", "", True)
    return Quote(before, found, after, False)


def paragraph_number(text: str, start: int) -> int:
    r"""The paragraph (non-empty line, from 1) of the normalised text an offset falls in.

    >>> paragraph_number("标题\n\n第一段。\n第二段。", 10)
    3
    """
    return sum(1 for line in text[:start].split("\n")[:-1] if line.strip()) + 1


#: Raw files kept decoded at once. The appendices quote document by document, so a few are
#: enough; every raw text kept took over 100 MB at 10,000 documents.
RAW_TEXTS_KEPT = 64


@lru_cache(maxsize=RAW_TEXTS_KEPT)
def raw_text(path: str) -> str | None:
    """The decoded article text of a raw file, or None when it cannot be read."""
    from policy_corpus.ingest.readers import read_document

    try:
        return read_document(Path(path)).text
    except Exception:
        return None
