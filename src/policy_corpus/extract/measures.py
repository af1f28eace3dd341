"""Find the codebook's policy measures (三个一批, 先诊疗后付费 …) in document text.

A measure is counted as a reader would count it: once per sentence, by the most specific words
that name it (慢病签约服务 is the chronic-disease measure, not also a 签约服务 of family doctors),
and as planned or done, from the sentence, its section and the document's genre.

>>> from policy_corpus.codebook import load_codebook
>>> [(m.measure_id, m.text) for m in find_measures("实行“先诊疗、后付费”", load_codebook())]
[('treat_first_pay_later', '先诊疗、后付费')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from policy_corpus.codebook import Codebook
from policy_corpus.contract.schema import conform
from policy_corpus.text.sentences import SentenceLocator

PLANNED, DONE = "planned", "done"
PLAN_TYPES = ("plan", "priorities")

# Words of the future or of intent. 要 in 重要, 主要, 需要, 要求, 要点 is not intent; 将 is also the
# object marker (将14个区县纳入试点, which reports what was done), so only 将 before a verb of the
# future counts.
PLANNED_CUE = re.compile(
    r"(?<![重主需纲摘必只概])要(?![求点素闻害])"
    r"|将(?:要|会|于|在|继续|进一步|全面|加快|持续|逐步|着力|力争|实现|推进|推动|建立|开展|扩大)"
    r"|力争|计划|拟|下一步|预计|到20\d\d年|年底前"
)
# Words that report what happened: 已 (已经, 已实现), 截至, 累计, 以来.
DONE_CUE = re.compile(r"已|截至|截止|累计|先后|共计|完成了|实现了|以来")
SECTION_PLANNED = re.compile(r"下一步|工作要点|工作重点|目标任务|重点任务|工作计划|工作安排|打算")
SECTION_DONE = re.compile(r"成效|成绩|进展|完成情况|主要做法|开展情况|综述|回顾")


@dataclass(frozen=True)
class MeasureMention:
    """One mention of a measure: offsets into the searched text (end exclusive)."""

    measure_id: str
    start: int
    end: int
    text: str


def find_measures(text: str, codebook: Codebook) -> list[MeasureMention]:
    """Return the mentions of codebook measures in a text, ordered by start.

    Where spellings overlap, of one measure or of several, the longest wins and the others are
    dropped: 慢病签约服务 is one mention of ``chronic_disease_signing``, not also one of
    ``family_doctor_signing`` (签约服务); at equal length the earlier one wins.

    >>> from policy_corpus.codebook import load_codebook
    >>> [m.measure_id for m in find_measures("做实慢病签约服务", load_codebook())]
    ['chronic_disease_signing']
    """
    spans = [
        (match.start(), match.end(), measure.id)
        for measure in codebook.measures
        for pattern in measure.patterns
        for match in pattern.finditer(text)
        if match.end() > match.start()
    ]
    kept = _longest_first(spans)
    return [MeasureMention(measure_id, s, e, text[s:e]) for s, e, measure_id in kept]


def _longest_first(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Keep the spans that overlap no longer (or equally long and earlier) kept span."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0], s[2])):
        if all(span[1] <= k[0] or k[1] <= span[0] for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: (s[0], s[2]))


def mention_status(sentence: str, offset: int, section: str = "", doc_type: str = "other") -> str:
    """Return ``planned`` or ``done`` for a measure mentioned at ``offset`` in ``sentence``.

    The last cue of intent (将继续, 要, 力争, 计划, 下一步) or of a fact (已, 截至, 累计) before
    the mention decides; else the first cue after it in the sentence; else the section heading
    (下一步工作, 工作要点 / 工作成效); else the genre: in a work plan or a list of priorities a
    measure is planned, in a report, summary or news item it is done.

    >>> mention_status("下一步,将继续推进远程医疗", 9)
    'planned'
    >>> mention_status("全市已实现一站式结算", 5, doc_type="plan")
    'done'
    >>> mention_status("推进家庭医生签约服务", 2, doc_type="priorities")
    'planned'
    """
    cues = [(m.start(), PLANNED) for m in PLANNED_CUE.finditer(sentence)]
    cues += [(m.start(), DONE) for m in DONE_CUE.finditer(sentence)]
    before = [cue for cue in cues if cue[0] < offset]
    if before:
        return max(before)[1]
    if cues:
        return min(cues)[1]
    if SECTION_PLANNED.search(section):
        return PLANNED
    if SECTION_DONE.search(section):
        return DONE
    return PLANNED if doc_type in PLAN_TYPES else DONE


def measure_mentions_table(
    documents: pd.DataFrame, sentences: pd.DataFrame, codebook: Codebook
) -> pd.DataFrame:
    """Build the ``measure_mentions`` table: one row per measure per sentence that mentions it.

    Steps: search each document's text with :func:`find_measures` (overlapping spellings
    resolved, the longest wins); attach the sentence (from ``sentences``) that contains the
    mention's start, keeping the first mention of a measure in each sentence; decide whether
    the measure is planned or done there (:func:`mention_status`). A mention outside every
    sentence (a heading the splitter left out) gets the line of the text it is on, so that no
    mention is dropped.

    Args:
        documents: the ``documents`` table (doc_id, text are used; doc_type when present).
        sentences: the ``sentences`` table (doc_id, start, end, text, section are used).
        codebook: from :func:`policy_corpus.codebook.load_codebook`.

    Returns:
        The table in contract column order (doc_id, measure_id, start, end, text, sentence,
        measure_status); offsets refer to ``documents.text``.
    """
    rows: list[dict[str, Any]] = []
    doc_types = documents["doc_type"] if "doc_type" in documents else ["other"] * len(documents)
    for doc_id, text, doc_type in zip(
        documents["doc_id"], documents["text"], doc_types, strict=True
    ):
        locate = SentenceLocator(sentences[sentences["doc_id"] == doc_id], text)
        rows += _document_rows(doc_id, text, str(doc_type or "other"), locate, codebook)
    return conform("measure_mentions", pd.DataFrame(rows))


def _document_rows(
    doc_id: str, text: str, doc_type: str, locate: SentenceLocator, codebook: Codebook
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    seen: set[tuple[int, str]] = set()
    for mention in find_measures(text, codebook):
        located = locate(mention.start)
        if (located.start, mention.measure_id) in seen:
            continue  # a measure named twice in one sentence is one mention
        seen.add((located.start, mention.measure_id))
        offset = mention.start - located.start
        rows.append(
            {
                "doc_id": doc_id,
                "measure_id": mention.measure_id,
                "start": mention.start,
                "end": mention.end,
                "text": mention.text,
                "sentence": located.text,
                "measure_status": mention_status(located.text, offset, located.section, doc_type),
            }
        )
    return rows
