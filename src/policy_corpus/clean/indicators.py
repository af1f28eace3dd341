"""Classify quantities into codebook indicators, with status, period and scope.

A number means nothing alone: 32种 is a count of diseases under special treatment only in a
sentence about 大病专项救治. Every rule here therefore reads the words around the number: first
the clause that contains it (between commas, semicolons, colons), then the clauses just before it
(never those after it, which belong to later numbers). Status and period look further back, to
the start of the sentence (and into the sentence it continues when the splitter cut at ；), then
to its section heading, and last to the document's genre, title and publication date.

>>> context = QuantityContext.around("大病专项救治病种扩大至32种,覆盖全区", "32种")
>>> context.clause
'大病专项救治病种扩大至32种'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from policy_corpus.codebook import OTHER_ID, Codebook, Indicator
from policy_corpus.contract.schema import QUANTITY_COLUMNS, TABLES, conform
from policy_corpus.text.sentences import SentenceLocator

# A comma between two digits is a thousands separator (1,100万), not a clause break.
CLAUSE_BREAK = re.compile(r"[;；。!！?？:：\n]|(?<!\d)[,，]|[,，](?!\d)")
SEGMENT_BREAK = re.compile(r"[;；。!！?？\n]")
#: A pattern match after the number counts as this many characters further away than one before
#: it: in Chinese the noun a number measures usually comes first (签约率达98.80%).
AFTER_PENALTY = 5
#: How far back before its clause (in characters, within the semicolon-delimited part of the
#: sentence) context can identify a number: a topic word fades after a clause or two, and words
#: after the clause belong to the numbers that follow them.
MAX_REACH = 40
PLAN_TYPES = ("plan", "priorities")


@dataclass(frozen=True)
class QuantityContext:
    """A quantity in its sentence: offsets into the sentence, and what is known of its document.

    Attributes:
        sentence: the sentence text.
        start: offset of the quantity in the sentence.
        end: end offset (exclusive) of the quantity in the sentence.
        section: heading path of the section the sentence is in ("" when unknown).
        doc_type: documents.doc_type (news, plan, summary, priorities, other).
        published: documents.published ('2020', '2020-04' or '2020-04-29'), or None.
        title: documents.title.
    """

    sentence: str
    start: int
    end: int
    section: str = ""
    doc_type: str = "other"
    published: str | None = None
    title: str = ""

    @classmethod
    def around(cls, sentence: str, quantity: str, **document: Any) -> QuantityContext:
        """Build the context of the first occurrence of ``quantity`` in ``sentence``.

        Raises:
            ValueError: ``quantity`` does not occur in ``sentence``.
        """
        start = sentence.index(quantity)
        return cls(sentence, start, start + len(quantity), **document)

    @property
    def clause_start(self) -> int:
        """Offset where the clause containing the quantity starts."""
        return _last_break_end(CLAUSE_BREAK, self.sentence, self.start)

    @property
    def clause_end(self) -> int:
        """Offset where the clause containing the quantity ends (exclusive)."""
        match = CLAUSE_BREAK.search(self.sentence, self.end)
        return match.start() if match else len(self.sentence)

    @property
    def lead_start(self) -> int:
        """Offset where the semicolon-delimited part of the sentence holding the quantity starts."""
        return _last_break_end(SEGMENT_BREAK, self.sentence, self.start)

    @property
    def clause(self) -> str:
        """The clause containing the quantity."""
        return self.sentence[self.clause_start : self.clause_end]

    @property
    def lead(self) -> str:
        """The sentence part from its last semicolon before the quantity to the clause end."""
        return self.sentence[self.lead_start : self.clause_end]


def _last_break_end(pattern: re.Pattern[str], text: str, before: int) -> int:
    ends = [m.end() for m in pattern.finditer(text, 0, before)]
    return ends[-1] if ends else 0


# ── indicator ────────────────────────────────────────────────────────────────────────────────


def classify_indicator(
    context: QuantityContext, unit: str | None, codebook: Codebook
) -> Indicator | None:
    """Return the codebook indicator a quantity measures, or None (→ ``other``).

    Candidates are the indicators that expect the unit (any indicator when the unit is unknown)
    and that no ``exclude`` pattern vetoes. A candidate's pattern must match in the clause, or
    in the :data:`MAX_REACH` characters before it (not after it: later words describe later
    numbers); after the number, a match must not lie beyond a 、 (the next list item). The best
    is a specific indicator before a generic one, a match in the clause before one before it,
    then the match nearest the number, the longer match, and the codebook's order.

    >>> from policy_corpus.codebook import load_codebook
    >>> codebook = load_codebook()
    >>> context = QuantityContext.around("贫困人口签约率达98.80%", "98.80%")
    >>> classify_indicator(context, "percent", codebook).id
    'family_doctor_signing_rate'
    >>> classify_indicator(context, "yuan", codebook) is None
    True
    """
    best: tuple[tuple[int, ...], Indicator] | None = None
    for order, indicator in enumerate(codebook.indicators):
        if unit is not None and unit not in indicator.units:
            continue
        if any(p.search(context.lead) for p in indicator.exclude):
            continue
        rank = _match_rank(indicator, context)
        if rank is None:
            continue
        key = (int(indicator.generic), *rank, order)
        if best is None or key < best[0]:
            best = (key, indicator)
    return best[1] if best else None


def _match_rank(indicator: Indicator, context: QuantityContext) -> tuple[int, int, int] | None:
    """(level, distance, -length) of the indicator's best match; level 0 is the clause."""
    reach = max(context.lead_start, context.clause_start - MAX_REACH)
    windows = ((context.clause_start, context.clause_end), (reach, context.clause_start))
    for level, (low, high) in enumerate(windows):
        ranks = [
            (level, _distance(match, context), -(match.end() - match.start()))
            for pattern in indicator.patterns
            for match in pattern.finditer(context.sentence, low, high)
            if "、" not in context.sentence[context.end : match.start()]
        ]
        if ranks:
            return min(ranks)
    return None


def _distance(match: re.Match[str], context: QuantityContext) -> int:
    if match.end() <= context.start:
        return context.start - match.end()
    if match.start() >= context.end:
        return match.start() - context.end + AFTER_PENALTY
    return 0


# Words between a noun phrase and its number (达, 提高到, 约 …) that do not belong in a label.
LABEL_TAIL = re.compile(
    r"(?:达到|达|为|是|有|共计|共|累计|约|近|超过|逾|至少|提高到|提升到|增加到|增加|扩大到|扩大至"
    r"|增至|降至|降低|下降|上升到|控制在|在|了|到|至|从|由|的|按照|按|已|均|对)+$"
)
# Where a phrase ends: list separators, quotes, brackets, another number with its classifier.
LABEL_SPLIT = re.compile(r"[、“”\"'《》()（）]|\d[\d.]*[^\d\s、]?")
# Verbs and adverbs that end the noun after a count (164家定点救治医疗机构, 1000余名专家来渝支医).
LABEL_VERB = re.compile(
    r"达到|实现|开展|完成|参加|享受|纳入|获得|入选|配备|做到|进行|接受|得到|来|的|了|已|均|都|全部"
)
# Qualifiers the extractor may leave after the number (2万场以上).
LABEL_QUALIFIER = re.compile(r"^(?:以上|以下|以内|左右|之多|多|余)+")
# Units whose noun comes before the number (报销比例达91.42%, 投入资金355万元).
NOUN_BEFORE_UNITS = {"percent", "percentage_point", "yuan", "yuan_per_person"}
NOUN_BEFORE_UNITS |= {"yuan_per_person_year", "m2", "person_per_10k_population"}
LABEL_MAX = 16


def other_label(context: QuantityContext, unit: str | None = None) -> str:
    """Return a Chinese label for an unclassified quantity: the noun phrase it measures.

    A count's noun usually follows its classifier (明确66个基层首诊病种); a percentage's or an
    amount's comes before it (核销总费用达1878.59万元), without the verbs and particles that
    link it to the number. Either side serves when the other is empty.

    >>> other_label(QuantityContext.around("明确66个基层首诊病种", "66个"), "item")
    '基层首诊病种'
    >>> other_label(QuantityContext.around("该区核销总费用达1878.59万元", "1878.59万元"), "yuan")
    '该区核销总费用'
    >>> other_label(QuantityContext.around("贫困人口住院875人次", "875人次"), "person_time")
    '贫困人口住院'
    """
    before = context.sentence[context.clause_start : context.start]
    before = LABEL_TAIL.sub("", LABEL_SPLIT.split(before)[-1].strip())
    after = LABEL_QUALIFIER.sub("", context.sentence[context.end : context.clause_end])
    after = LABEL_VERB.split(LABEL_SPLIT.split(after.lstrip("的 "))[0], maxsplit=1)[0]
    after = LABEL_TAIL.sub("", after.strip())
    # A phrase before the number ends at the number, one after it starts there: keep those ends.
    before, after = before[-LABEL_MAX:], after[:LABEL_MAX]
    count = unit is not None and unit not in NOUN_BEFORE_UNITS
    label = (after or before) if count else (before or after)
    return label or "未分类数量"


# ── status ───────────────────────────────────────────────────────────────────────────────────

# 要 in 重要, 主要, 需要, 要求, 要点 is not a future; 将 is also the object marker (将…纳入), so
# only 将 before a verb of the future counts; 以…为目标, 目标人群 and 目标标准 name an aim or a
# group, not a goal still to reach; 争取 in a report means "secured".
TARGET_CUE = re.compile(
    r"(?<![重主需纲摘必只概])要(?![求点素闻害])"
    r"|将(?:要|会|于|在20|实现|达到|完成|力争|新增|建成|覆盖|逐步)"
    r"|确保|力争|(?<!为)目标(?!人群|标准|[,，])|计划|预计|到20\d\d年|年底前"
)
ACHIEVED_CUE = re.compile(r"已|截至|截止|目前|累计|先后|共计|完成了|实现了|连续|以来|同比")
# A rule reads: 按照80%的报销比例, 提高到90%, 起付线降低50%, 每人每年300元标准.
RULE_CUE = re.compile(
    r"按照?|标准|提高到|提高至|提升到|调整为|调整到|降低|下调|上调|扩大到|扩大至|增加到|增加至|增至"
    r"|增加了?|执行|确定|设定|统一|最高|封顶|不超过|不低于|控制在|每人每年|(?:由|从)\d"
)
# …but 报销比例达91.42% and 实际报销比例 report what happened under the rule.
OUTCOME_CUE = re.compile(r"实际|(?<!提高)达(?!标)|累计|平均|共计?")
SECTION_TARGET = re.compile(r"下一步|工作要点|工作重点|目标任务|重点任务|计划")
SECTION_ACHIEVED = re.compile(r"成效|成绩|进展|完成情况|综述|回顾")


def classify_status(context: QuantityContext, indicator: Indicator | None) -> str:
    """Return achieved, target or policy_rule for a quantity.

    Steps: a rule-parameter indicator whose clause reads like a rule is a ``policy_rule``;
    otherwise the last target or achieved cue in the sentence up to the end of the clause
    decides (目前已达65%, 到年底要达到80%); otherwise the section heading; otherwise the genre:
    the body of a work plan or a priorities list is a target, anything else reports a fact.

    >>> classify_status(QuantityContext.around("确保签约率达到80%", "80%"), None)
    'target'
    >>> classify_status(QuantityContext.around("签约率达80%", "80%", doc_type="plan"), None)
    'target'
    >>> classify_status(QuantityContext.around("目前签约率已达80%", "80%", doc_type="plan"), None)
    'achieved'
    """
    if indicator is not None and indicator.rule_parameter and _reads_like_rule(context.clause):
        return "policy_rule"
    cue = _last_cue(context.lead)
    if cue is not None:
        return cue
    if SECTION_TARGET.search(context.section):
        return "target"
    if SECTION_ACHIEVED.search(context.section):
        return "achieved"
    return "target" if context.doc_type in PLAN_TYPES else "achieved"


def _reads_like_rule(clause: str) -> bool:
    return bool(RULE_CUE.search(clause)) and not OUTCOME_CUE.search(clause)


def _last_cue(text: str) -> str | None:
    cues = [(m.start(), "target") for m in TARGET_CUE.finditer(text)]
    cues += [(m.start(), "achieved") for m in ACHIEVED_CUE.finditer(text)]
    return max(cues)[1] if cues else None


# ── period ───────────────────────────────────────────────────────────────────────────────────

_YEAR = r"(?:(20\d\d)年|(今年|本年|当年|去年|上年|明年))"
MONTH_RANGE = re.compile(_YEAR + r"?\s*(\d{1,2})\s*月?\s*(?:至|到|-|—|~)\s*(\d{1,2})\s*月")
HALF_YEAR = re.compile(_YEAR + r"?\s*(上|下)半年")
AS_OF = re.compile(r"(?:截至|截止到?)\s*" + _YEAR + r"?\s*(?:(\d{1,2})\s*月)?")
AS_OF_NOW = re.compile(r"目前|当前|至今|现已")
SINCE_YEAR = re.compile(r"自?\s*(20\d\d)\s*年[^,，;；。]{0,20}?以来")
SINCE_LAST_YEAR = re.compile(r"去年以来")
YEARS_AGO = re.compile(
    r"(?:近|^\s*)([两二三四五六七八九十])年(?![级制])|([两二三四五六七八九十])年(?:来|间|以来)"
)
YEAR_RANGE = re.compile(r"(20\d\d)\s*年?\s*(?:[、,，和及]|至|到|-|—|~)\s*(20\d\d)\s*年")
YEAR_MONTH = re.compile(r"(20\d\d)年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")
YEAR = re.compile(_YEAR)
MONTH = re.compile(r"(?<![\d至到\-—~])(\d{1,2})\s*月(?!\s*\d)")
ANNUAL = re.compile(r"(?<!每人)每年|年均|每一年")
CUMULATIVE = re.compile(r"累计|共计|合计|先后")
RELATIVE_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "明年": 1}
CHINESE_DIGIT = {
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


@dataclass(frozen=True)
class _Date:
    """A publication date at year or month precision."""

    year: int | None
    month: int | None

    @classmethod
    def parse(cls, published: str | None) -> _Date:
        match = re.match(r"(\d{4})(?:-(\d{2}))?", published or "")
        if not match:
            return cls(None, None)
        return cls(int(match[1]), int(match[2]) if match[2] else None)

    def stamp(self) -> str | None:
        if self.year is None:
            return None
        return f"{self.year}-{self.month:02d}" if self.month else str(self.year)


def normalise_period(context: QuantityContext) -> str | None:
    """Return the normalised period a quantity refers to, or None when unknown.

    Forms: ``2019``; ``2018-2019`` (several years, or since a year: 自2016年以来 → 2016-2020);
    ``2020H1``, ``2020Q3``, ``2020-01/2020-09`` (months of a year); ``2020-09`` (one month);
    ``as-of-2020-09`` (截至9月底, 目前: a stock at a date); ``cumulative-to-2020-09`` (累计 up to
    that date); ``annual`` (每年). Relative words (今年, 去年, 目前, 五年来) are resolved against
    ``published``. Looked for in the clause, then the clauses before it (up to the last
    semicolon), then the whole sentence before it, then the section (每年 only in the clause);
    a work plan's numbers with no period of their own get the year in its title.

    >>> def period(sentence, quantity):
    ...     return normalise_period(QuantityContext.around(sentence, quantity, published="2020"))
    >>> period("今年1至6月,住院875人次", "875人次")
    '2020H1'
    >>> period("截至9月底,累计签约180万人", "180万人")
    'cumulative-to-2020-09'
    """
    date = _Date.parse(context.published)
    texts = (
        context.clause,
        context.sentence[context.lead_start : context.clause_start],
        context.sentence[: context.clause_start],
        context.section,
    )
    cumulative = bool(CUMULATIVE.search(context.lead))
    for level, text in enumerate(texts):
        anchor = _anchor(text, date, annual=level == 0)
        if anchor is not None:
            if cumulative and anchor.startswith("as-of-"):
                return "cumulative-to-" + anchor.removeprefix("as-of-")
            return anchor
    if cumulative and date.stamp():
        return f"cumulative-to-{date.stamp()}"
    if context.doc_type in PLAN_TYPES:
        return _single_year(context.title)
    return None


def _anchor(text: str, date: _Date, annual: bool) -> str | None:
    """The first period rule that matches the text, most specific rules first."""
    rules: tuple[Callable[[str, _Date], str | None], ...] = (
        _month_range,
        _half_year,
        _as_of,
        _since,
        _year_range,
        _year_month,
        _annual,
        _year,
        _month,
    )
    for rule in rules:
        # 每年 qualifies the verb of its own clause only (每年开展讲座2万场, not 素养水平19.79%).
        period = None if rule is _annual and not annual else rule(text, date)
        if period is not None:
            return period
    return None


def _resolve_year(match: re.Match[str], date: _Date, group: int = 1) -> int | None:
    if match[group]:
        return int(match[group])
    if match[group + 1] and date.year is not None:
        return date.year + RELATIVE_YEAR[match[group + 1]]
    return date.year


def _month_range(text: str, date: _Date) -> str | None:
    match = MONTH_RANGE.search(text)
    if not match:
        return None
    year, first, last = _resolve_year(match, date), int(match[3]), int(match[4])
    if year is None or not 1 <= first < last <= 12:
        return None
    named = {(1, 6): "H1", (7, 12): "H2", (1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4"}
    if (first, last) == (1, 12):
        return str(year)
    if (first, last) in named:
        return f"{year}{named[first, last]}"
    return f"{year}-{first:02d}/{year}-{last:02d}"


def _half_year(text: str, date: _Date) -> str | None:
    match = HALF_YEAR.search(text)
    year = _resolve_year(match, date) if match else None
    if match is None or year is None:
        return None
    return f"{year}H1" if match[3] == "上" else f"{year}H2"


def _as_of(text: str, date: _Date) -> str | None:
    match = AS_OF.search(text)
    if match and (match[1] or match[2] or match[3]):
        year = _resolve_year(match, date)
        if year is None:
            return None
        # 截至9月底 → that month; 截至2019年底 → that year.
        return f"as-of-{year}-{int(match[3]):02d}" if match[3] else f"as-of-{year}"
    if match or AS_OF_NOW.search(text):
        stamp = date.stamp()
        return f"as-of-{stamp}" if stamp else None
    return None


def _since(text: str, date: _Date) -> str | None:
    if date.year is None:
        return None
    if match := SINCE_YEAR.search(text):
        return f"{match[1]}-{date.year}"
    if SINCE_LAST_YEAR.search(text):
        return f"{date.year - 1}-{date.year}"
    if match := YEARS_AGO.search(text):
        years = CHINESE_DIGIT[match[1] or match[2]]
        return f"{date.year - years + 1}-{date.year}"
    return None


def _year_range(text: str, date: _Date) -> str | None:
    match = YEAR_RANGE.search(text)
    return f"{match[1]}-{match[2]}" if match else None


def _year_month(text: str, date: _Date) -> str | None:
    match = YEAR_MONTH.search(text)
    return f"{match[1]}-{int(match[2]):02d}" if match else None


def _annual(text: str, date: _Date) -> str | None:
    return "annual" if ANNUAL.search(text) else None


def _year(text: str, date: _Date) -> str | None:
    years = {_resolve_year(m, date) for m in YEAR.finditer(text)} - {None}
    # Two different years with no range word between them: no single period.
    return str(years.pop()) if len(years) == 1 else None


def _month(text: str, date: _Date) -> str | None:
    match = MONTH.search(text)
    if not match or date.year is None or not 1 <= int(match[1]) <= 12:
        return None
    return f"{date.year}-{int(match[1]):02d}"


def _single_year(text: str) -> str | None:
    years = set(re.findall(r"(20\d\d)\s*年", text))
    return years.pop() if len(years) == 1 else None


# ── scope ────────────────────────────────────────────────────────────────────────────────────


def find_scope(context: QuantityContext, codebook: Codebook) -> str | None:
    """Return the population or area a quantity covers, from the codebook's scope patterns.

    The nearest match before the number in its clause, else the first after it in the clause,
    else the nearest in the clauses before it; a list (特困人员、低保对象) is kept whole.

    >>> from policy_corpus.codebook import load_codebook
    >>> context = QuantityContext.around("18个贫困区县全科医生3844人", "3844人")
    >>> find_scope(context, load_codebook())
    '18个贫困区县'
    """
    if not codebook.scopes:
        return None
    one = "(?:" + "|".join(p.pattern for p in codebook.scopes) + ")"
    scope = re.compile(f"{one}(?:[、和及与]{one})*")
    sentence = context.sentence
    before = scope.findall(sentence, context.clause_start, context.start)
    if before:
        return str(before[-1])
    after = scope.search(sentence, context.end, context.clause_end)
    if after:
        return after[0]
    earlier = scope.findall(sentence, context.lead_start, context.clause_start)
    return str(earlier[-1]) if earlier else None


# ── the table ────────────────────────────────────────────────────────────────────────────────


def indicators_table(
    quantities: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    codebook: Codebook,
) -> pd.DataFrame:
    """Build the ``indicators`` table: one row per quantity fact (``is_quantity`` true).

    Steps, for each quantity: find its sentence (and section) in ``sentences`` from its start
    offset; classify it into a codebook indicator (:func:`classify_indicator`; ``other`` with
    its own label, :func:`other_label`, when none fits, so nothing disappears); decide its
    status, period and scope from the words around it; add the region from ``documents``.
    Values and units are passed through as the extractor gave them (canonical units).

    Args:
        quantities: the ``quantities`` table; rejected numerals are left out.
        documents: the ``documents`` table (doc_id, region_code, region_zh, doc_type, published,
            title, text are used).
        sentences: the ``sentences`` table (doc_id, start, end, text, section are used).
        codebook: from :func:`policy_corpus.codebook.load_codebook`.

    Returns:
        The table in contract column order: the quantity columns, then region_code, region_zh,
        indicator_id, indicator_zh, indicator_en, status, period, scope.

    Raises:
        ValueError: a quantity refers to a doc_id that is not in ``documents``.
    """
    facts = quantities[quantities["is_quantity"].astype(bool)]
    unknown = sorted(set(facts["doc_id"]) - set(documents["doc_id"]))
    if unknown:
        raise ValueError(f"quantities refer to documents that are not in documents: {unknown}")
    docs = {str(d["doc_id"]): d for d in documents.to_dict("records")}
    locators = {
        doc_id: SentenceLocator(sentences[sentences["doc_id"] == doc_id], str(doc["text"]))
        for doc_id, doc in docs.items()
    }
    rows: list[dict[Any, Any]] = []
    for quantity in facts.to_dict("records"):
        doc = docs[str(quantity["doc_id"])]
        context = _context(quantity, doc, locators[str(quantity["doc_id"])])
        rows.append(quantity | _classify(quantity, context, doc, codebook))
    if not rows:
        return conform("indicators", pd.DataFrame())
    return conform("indicators", pd.DataFrame(rows, columns=[*QUANTITY_COLUMNS, *ADDED_COLUMNS]))


ADDED_COLUMNS = TABLES["indicators"].columns[len(QUANTITY_COLUMNS) :]


def _context(
    quantity: dict[Any, Any], doc: dict[Any, Any], locate: SentenceLocator
) -> QuantityContext:
    """The quantity's context; its offset in the sentence from the sentences table if possible."""
    start, text, sentence = int(quantity["start"]), str(quantity["text"]), str(quantity["sentence"])
    located = locate(start)
    offset = start - located.start
    if located.text == sentence and sentence[offset : offset + len(text)] == text:
        # A sentence cut at ； continues the one before: keep that before it as context.
        before = locate.continued(start)
        sentence, offset = before + sentence, offset + len(before)
    else:
        # The sentences table disagrees with the quantity's own sentence: search for the text.
        offset = max(sentence.find(text), 0)
    published = doc.get("published")
    return QuantityContext(
        sentence=sentence,
        start=offset,
        end=min(offset + len(text), len(sentence)),
        section=located.section if located.text == str(quantity["sentence"]) else "",
        doc_type=str(doc.get("doc_type") or "other"),
        published=None if pd.isna(published) else str(published),
        title=str(doc.get("title") or ""),
    )


def _classify(
    quantity: dict[Any, Any], context: QuantityContext, doc: dict[Any, Any], codebook: Codebook
) -> dict[str, Any]:
    unit = None if pd.isna(quantity["unit"]) else str(quantity["unit"])
    indicator = classify_indicator(context, unit, codebook)
    if indicator is None:
        label = {"indicator_id": OTHER_ID, "indicator_zh": other_label(context, unit)}
        label["indicator_en"] = "other (not in the codebook)"
    else:
        label = {"indicator_id": indicator.id, "indicator_zh": indicator.zh}
        label["indicator_en"] = indicator.en
    return {
        "region_code": doc["region_code"],
        "region_zh": doc["region_zh"],
        **label,
        "status": classify_status(context, indicator),
        "period": normalise_period(context),
        "scope": find_scope(context, codebook),
    }
