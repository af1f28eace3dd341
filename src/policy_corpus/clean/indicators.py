"""Classify quantities into codebook indicators, with role, status, period and scope.

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

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import pandas as pd

from policy_corpus.codebook import OTHER_ID, Codebook, Indicator
from policy_corpus.contract.schema import QUANTITY_COLUMNS, TABLES, conform
from policy_corpus.text.quantities import YEARLY_LIMIT
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
#: People named right after a count of people (1名合格的乡村医生, 2名护士): the number's own noun.
COUNTED_PEOPLE = re.compile(r"[^，,;；。、]{0,6}?(?:医生|医师|村医|护士|护理人员|卫生人员|专家)")
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
        paragraph: the text of the paragraph before the sentence, from the last enumeration
            marker (一是, 二是, （三）) on: a dated topic (该区2019年…) frames the sentences
            after it until the paragraph or the enumerated item ends.
    """

    sentence: str
    start: int
    end: int
    section: str = ""
    doc_type: str = "other"
    published: str | None = None
    title: str = ""
    paragraph: str = ""

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

    @cached_property
    def without_payers(self) -> str:
        """The sentence with the schemes that paid (经基本医保、大病保险等报销后) blanked out.

        Same length as the sentence, so offsets hold: their names say who paid, not what the
        number is of, and must neither name nor veto an indicator.
        """
        return SCHEMES_THAT_PAID.sub(lambda m: "\u3000" * len(m[0]), self.sentence)

    @cached_property
    def undated_paragraph(self) -> str:
        """The paragraph without the dates of other numbers (see :func:`_without_other_dates`).

        Cached: the period and the status of a number both read it.
        """
        return _without_other_dates(self.paragraph)

    @cached_property
    def per_unit_span(self) -> tuple[int, int] | None:
        """Where the unit a number is set per (每个贫困区县至少新增1个) lies in the sentence.

        The unit is the scope of the number, not what it counts: its words do not classify it.
        Cached: every candidate indicator of the number asks for it.
        """
        before = self.sentence[self.clause_start : self.start]
        per = PER_UNIT.search(before)
        return (self.clause_start + per.start(), self.clause_start + per.end()) if per else None

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

    Candidates are the indicators that expect the unit (any indicator when the unit is unknown),
    that no ``exclude`` pattern vetoes and whose ``requires`` patterns (when given) occur in the
    sentence part up to the number's clause. A candidate's pattern must match in the clause, or
    in the :data:`MAX_REACH` characters before it (not after it: later words describe later
    numbers); after the number, a match must not lie beyond a 、 (the next list item). The best,
    in this order: a specific indicator matched in the clause; a generic one named right before
    the number (村医33人: the number's own noun, whatever the clause before was about); a
    specific one matched before the clause; any other generic one. Ties go to the match nearest
    the number, the longer match, and the codebook's order.

    An amount of money whose words name no purpose (累计投入资金38.46亿元, …) often states it in
    the next clause (…在贫困区县改扩建县级医院24所): a funding indicator matched there names it.

    >>> from policy_corpus.codebook import load_codebook
    >>> codebook = load_codebook()
    >>> context = QuantityContext.around("贫困人口签约率达98.80%", "98.80%")
    >>> classify_indicator(context, "percent", codebook).id
    'family_doctor_signing_rate'
    >>> classify_indicator(context, "yuan", codebook) is None
    True
    """
    # 经基本医保、大病保险、医疗救助等报销后: the schemes that paid, not the care a ratio is of.
    lead = context.without_payers[context.lead_start : context.clause_end]
    candidates = [
        (order, indicator)
        for order, indicator in enumerate(codebook.indicators)
        if (unit is None or unit in indicator.units)
        and not any(p.search(lead) for p in indicator.exclude)
        and all(p.search(lead) for p in indicator.requires)
    ]
    best: tuple[tuple[int, ...], Indicator] | None = None
    for order, indicator in candidates:
        rank = _match_rank(indicator, context)
        if rank is None:
            continue
        key = (_precedence(indicator, rank), *rank, order)
        if best is None or key < best[0]:
            best = (key, indicator)
    if (best is None or best[1].generic) and unit == "yuan":
        purpose = _purpose_after(context, [c for c in candidates if not c[1].generic])
        if purpose is not None:
            return purpose
    if best is not None and best[1].comparable and unit == "percent" and _is_growth_rate(context):
        # 会诊量同比增长35.4%: how fast a count grew is not a rate or a coverage to compare.
        return None
    if best is not None and unit == "percent" and _share_of_counted_group(context):
        # …的县（市、区）104个，约占全区县总数的94%: the counted group's share of the total,
        # not the ratio that defined the group.
        return None
    return best[1] if best else None


#: The schemes that paid, listed before what they paid (经基本医保、大病保险、医疗救助等报销后,
#: 通过基本医保、大病保险和医疗救助等报销): names of schemes, not the subject of the number.
_SCHEME = (
    r"(?:基本医保|基本医疗保险|城乡居民(?:基本)?医保|大病保险|医疗救助|补充(?:医疗)?保险"
    r"|商业(?:补充)?保险|特惠保|兜底保障?)"
)
SCHEMES_THAT_PAID = re.compile(
    _SCHEME + r"(?:[、和及与]" + _SCHEME + r")+[^,，;；。]{0,16}?(?:报销|补偿|保障|支付)后?"
)
#: A verb of growth right before a percentage (同比增长35.4%, 比2018年底减少30%以上).
GROWTH_VERB = re.compile(r"(?:增长|增加|下降|减少|降低|提高|提升|上升)了?(?:约|近|超过|逾)?$")


def _is_growth_rate(context: QuantityContext) -> bool:
    """A percentage of change of a count (会诊量同比增长35.4%), not of a ratio (报销比例提高5%).

    A ratio's change belongs to the ratio's indicators (an increment, or the cut of a rule:
    起付线降低50%); a count's change in percent is the count's growth rate.
    """
    before = context.sentence[context.clause_start : context.start]
    verb = GROWTH_VERB.search(before)
    if verb is None:
        return False
    subject = before[: verb.start()]
    return not RATIO_NOUN.search(subject) and not RULE_AMOUNT.search(subject)


#: A clause with no subject of its own that says what share of a total something is (约占全区
#: 县（市、区）总数的94%, 占比为30%).
SHARE_CLAUSE = re.compile(
    r"^(?:约|近|共|合计|分别)?占(?:[^,，;；。]{0,24}?的)?(?:比例|比重|比)?为?$"
)
#: A group counted by the words before it (…控制在10%以内的县（市、区）104个, …达标的村卫生室
#: 1200所): 的, the noun, the count.
GROUP_COUNT = (  # the noun may be left out (…水平的有49个, the hospitals named before)
    r"的(?P<noun>(?!共?有)[^的,，;；。\d]{1,12}?)?(?:共有|有|达到?|为|共计|计)?"
    r"(?P<count>\d+\s*(?:万|千)?\s*(?:个|家|所|座|间|人|名|户|项|种|支|次|例|人次))"
)
#: The end of a clause that counts a group its words define.
GROUP_COUNT_END = re.compile(GROUP_COUNT + "$")
#: A number that is the criterion of such a group, the group closing its clause (自付比例控制
#: 在10%以内的县（市、区）104个, 签约率达到95%以上的乡镇32个): it holds in that group only.
CRITERION_OF_GROUP = re.compile(
    r"(?:以内|以下|以上|及以上|及以下|左右)?" + GROUP_COUNT + r"\s*(?=[,，;；。]|$)"
)


def _share_of_counted_group(context: QuantityContext) -> re.Match[str] | None:
    """The counted group a percentage is the share of (its ``GROUP_COUNT_END`` match), if any.

    The clause starts with 占 and names no subject (约占全区县总数的94%), and the clause before
    it counts a group defined by its own words (自付比例控制在10%以内的县（市、区）104个): the
    percentage is the group's share of the total, not the ratio that defined the group. A
    clause with its own subject (签约人数占贫困人口总数的95%) is that subject's share, and a
    count of a kind (其中因病致贫1200人，占38.4%) keeps the kind's indicator.
    """
    if not SHARE_CLAUSE.match(context.sentence[context.clause_start : context.start]):
        return None
    return GROUP_COUNT_END.search(context.sentence[: context.clause_start].rstrip(" ，,"))


#: A rule's amount whose cut is said in percent (起付线降低50%, 标准降低一半).
RULE_AMOUNT = re.compile(r"起付|封顶|限额|标准|费用|价格|负担")


#: Indicators of money, whose purpose may follow the amount in the next clause.
FUNDING_CATEGORY = "funding"
#: A next clause that splits the amount (其中医疗救助资金2500万元) names a part, not its purpose.
PART_OF_AMOUNT = re.compile(r"其中|\d\s*[万亿]?元")


def _precedence(indicator: Indicator, rank: tuple[int, int, int]) -> int:
    """0 best: specific in the clause, generic named right before, specific earlier, generic.

    Money words (投入资金47.67亿元) name no purpose, so they never outrank a purpose named in an
    earlier clause (全区累计体检6904万人次,累计投入资金…).
    """
    level, distance, _ = rank
    if not indicator.generic:
        return 0 if level == 0 else 2
    names_the_number = indicator.category != FUNDING_CATEGORY
    return 1 if names_the_number and level == 0 and distance == 0 else 3


def _purpose_after(
    context: QuantityContext, candidates: list[tuple[int, Indicator]]
) -> Indicator | None:
    """The funding indicator named in the clause after an amount, within its sentence part."""
    match = SEGMENT_BREAK.search(context.sentence, context.end)
    segment_end = match.start() if match else len(context.sentence)
    if context.clause_end >= segment_end:
        return None
    low = context.clause_end + 1
    following = CLAUSE_BREAK.search(context.sentence, low, segment_end)
    high = following.start() if following else segment_end
    if PART_OF_AMOUNT.search(context.sentence, low, high):
        return None
    found = [
        (first.start(), order, indicator)
        for order, indicator in candidates
        if indicator.category == FUNDING_CATEGORY
        for pattern in indicator.patterns
        if (first := pattern.search(context.sentence, low, high))
    ]
    return min(found, key=lambda f: (f[0], f[1]))[2] if found else None


def _match_rank(indicator: Indicator, context: QuantityContext) -> tuple[int, int, int] | None:
    """(level, distance, -length) of the indicator's best match; level 0 is the clause.

    Before the clause is searched only when the number does not name whom it counts right
    after it (至少有1名合格的乡村医生): then the earlier clause speaks of other people.
    """
    reach = max(context.lead_start, context.clause_start - MAX_REACH)
    windows = [(context.clause_start, context.clause_end)]
    if not COUNTED_PEOPLE.match(context.sentence, context.end):
        windows.append((reach, context.clause_start))
    per_unit = context.per_unit_span
    for level, (low, high) in enumerate(windows):
        ranks = [
            (level, _distance(match, context), -(match.end() - match.start()))
            for pattern in indicator.patterns
            for match in pattern.finditer(context.without_payers, low, high)
            if "、" not in context.sentence[context.end : match.start()]
            and not (per_unit and per_unit[0] <= match.start() < per_unit[1])
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
#: A share followed by what it is a share of (50%以上的基层医疗卫生机构配备…): that noun is its
#: base, and a population named in an earlier clause is not. Not a rate's own name (按照80%的
#: 报销比例): that 的 links the value to its parameter.
SHARE_OF = re.compile(
    r"(?:以上|以下|以内|左右|多)?的(?![^,，;；。]{0,6}(?:比例|比重|比率|标准|水平|幅度|额度))"
)
PERCENT_SIGN = re.compile(r"[%％]")
#: A share set aside for a purpose, right after the number (一半用于大病保险).
ALLOCATED = re.compile(r"(?:用于|投向|投入到?)(?P<what>[^，,。；;、]{1,12})")
LABEL_MAX = 16
#: A noun after a count this short (区县, 乡镇) is extended by the verb phrase that follows it.
SHORT_NOUN = 3
SHARE_LABEL_MAX = 28
#: Where a clause ends: a counted group's defining words run back to it, numbers included.
CLAUSE_END = re.compile(r"[,，;；。:：]")


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
    >>> other_label(QuantityContext.around("50%以上的机构配备筛查设备", "50%"), "percent")
    '机构配备筛查设备'
    >>> other_label(QuantityContext.around("对村医每年给予2500元的养老保险补贴", "2500元"), "yuan")
    '养老保险补贴'
    >>> other_label(QuantityContext.around("指导20个区县开展医共体试点", "20个"), "county")
    '区县开展医共体试点'
    >>> other_label(QuantityContext.around("新增补助的一半用于大病保险", "一半"), "percent")
    '新增补助中用于大病保险的比例'
    >>> other_label(QuantityContext.around("达标的乡镇卫生院86个，占比为91%", "91%"), "percent")
    '达标的乡镇卫生院占比'
    """
    if group := _share_of_counted_group(context):
        # The group as its words define it, and 占比, not the 总数 it is a share of.
        defined_by = CLAUSE_END.split(context.sentence[: group.start()])[-1].strip()
        return f"{_tail(defined_by, LABEL_MAX)}的{group['noun'] or ''}占比"
    quote = context.sentence[context.start : context.end]
    share_of = SHARE_OF.match(context.sentence, context.end, context.clause_end)
    if PERCENT_SIGN.search(quote) and share_of:
        # A share of what follows, with what makes it so (50%以上的基层医疗卫生机构配备…设备).
        return _head(context.sentence[share_of.end() : context.clause_end], SHARE_LABEL_MAX)
    before = context.sentence[context.clause_start : context.start]
    before = LABEL_TAIL.sub("", LABEL_SPLIT.split(before)[-1].strip())
    allocated = ALLOCATED.match(context.sentence, context.end, context.clause_end)
    if allocated and before and unit in {"percent", None}:
        # A part set aside (新增部分的一半用于大病保险): the label says for what.
        return f"{_tail(before, LABEL_MAX)}中用于{allocated['what']}的比例"
    rest = LABEL_QUALIFIER.sub("", context.sentence[context.end : context.clause_end])
    # An amount followed by 的 and a noun (2500元的养老保险补贴) is named by that noun.
    named_after = rest.startswith("的")
    rest = rest.lstrip("的 ")
    after = LABEL_VERB.split(LABEL_SPLIT.split(rest)[0], maxsplit=1)[0]
    # A phrase before the number ends at the number, one after it starts there: keep those ends.
    # A cut phrase says so with … (…按居民人均可支配收入): a reader must not take it as whole.
    before, after = _tail(before, LABEL_MAX), _head(LABEL_TAIL.sub("", after.strip()), LABEL_MAX)
    if 0 < len(after) <= SHORT_NOUN and LABEL_VERB.match(rest, len(after)):
        # A bare noun (20个区县开展…试点) says little alone: keep what was done there.
        after = _head(rest, SHARE_LABEL_MAX)
    count = named_after or (unit is not None and unit not in NOUN_BEFORE_UNITS)
    label = (after or before) if count else (before or after)
    return label or "未分类数量"


def _head(phrase: str, limit: int) -> str:
    return phrase if len(phrase) <= limit else phrase[:limit] + "…"


def _tail(phrase: str, limit: int) -> str:
    return phrase if len(phrase) <= limit else "…" + phrase[-limit:]


# ── role ─────────────────────────────────────────────────────────────────────────────────────

#: 从/由 opening a change (从50%提高到60%, 由9种扩大至33种); not 由于, 自由, 由市财政 …, which no
#: change verb follows.
CHANGE_FROM = re.compile(r"[从由](?!于)")
#: 在A的基础上扩大到B: A is the value the change starts from, as in 从A扩大到B.
ON_THE_BASIS = re.compile(r"的?基础上")
#: The verb of a change towards its new value: 提高到, 扩大至, 调整为.
CHANGE_TO = re.compile(
    r"(?:提高|提升|扩大|扩展|增加|增长|上升|调整|下降|降低|下调|上调|减少|降|增|升)(?:到|至|为)"
)
#: A programme-start value: 最初的7类9种, 早期的9种 (an initial, not a pre-change, value).
INITIAL_MARK = re.compile(r"最初|早期|起初|最早|初期|开始时|启动时")
#: A verb of change right before an amount (增加了35元, 提高5个百分点); 新增 counts new things
#: (a level of its own), and 提高到 names the new level (excluded by the lookahead).
INCREMENT_VERB = re.compile(
    r"(?:(?<!新)增加|提高|提升|(?<!新)增长|上升|下降|降低|减少|减轻|(?<![新倍])增)了?"
    r"(?:约|近|超过|逾)?$"
)
#: A ratio whose change in percent is a change in points (报销比例提高了5%), unlike the growth
#: of an amount (诊疗量同比增长9.42%) or a cut of a level (起付线降低50%), which are levels.
RATIO_NOUN = re.compile(r"比例|比重|占比|率|水平")
#: The ceiling of a rule: 最高支付比例70%, 封顶线10万元, 年度支付上限.
CAP_MARK = re.compile(r"最高|封顶|上限|限额")
#: How far back (characters) a 从/由 may open the change a number starts.
CHANGE_REACH = 16
CHANGE_UNITS_AS_LEVELS = {"percent"}


def classify_role(context: QuantityContext, unit: str | None = None) -> str:
    """Return what the number is in its sentence: level, from_value, increment or cap.

    ``from_value`` is the A of 从A提高到B (a 从/由 before it and a change verb after it, in
    the same part of the sentence) or a value marked as the first one (最初的A); ``increment``
    an amount right after a verb of change (增加了35元), or any percentage-point figure;
    ``cap`` a figure of a ceiling (最高, 封顶, 上限) in its clause; anything else a ``level``.

    >>> classify_role(QuantityContext.around("报销比例从50%提高到60%", "50%"), "percent")
    'from_value'
    >>> classify_role(QuantityContext.around("人均筹资增加了35元", "35元"), "yuan")
    'increment'
    >>> classify_role(QuantityContext.around("统一执行最高支付比例70%", "70%"), "percent")
    'cap'
    """
    if _starts_a_change(context):
        return "from_value"
    if unit == "percentage_point" or _is_increment(context, unit):
        return "increment"
    if CAP_MARK.search(context.sentence, context.clause_start, context.start):
        return "cap"
    return "level"


def _starts_a_change(context: QuantityContext) -> bool:
    before = context.sentence[max(context.lead_start, context.start - CHANGE_REACH) : context.start]
    opener = [m.end() for m in CHANGE_FROM.finditer(before)]
    segment_end = SEGMENT_BREAK.search(context.sentence, context.end)
    after = context.sentence[context.end : segment_end.start() if segment_end else None]
    if opener and not CHANGE_TO.search(before, opener[-1]):
        return bool(CHANGE_TO.search(after[:CHANGE_REACH]))
    if "在" in before and (basis := ON_THE_BASIS.match(after)):
        return bool(CHANGE_TO.search(after, basis.end(), basis.end() + CHANGE_REACH))
    # 最初的A with no 从 still names the value the programme started from.
    return bool(INITIAL_MARK.search(before[-6:])) and not CHANGE_TO.search(before)


def _is_increment(context: QuantityContext, unit: str | None) -> bool:
    before = context.sentence[context.clause_start : context.start]
    verb = INCREMENT_VERB.search(before)
    if verb is None:
        return False
    if unit in CHANGE_UNITS_AS_LEVELS:
        return bool(RATIO_NOUN.search(before, 0, verb.start()))
    return True


# ── status ───────────────────────────────────────────────────────────────────────────────────

# 要 in 重要, 主要, 需要, 要求, 要点 is not a future; 将 is also the object marker (将…纳入), so
# only 将 before a verb of the future counts; 以…为目标, 目标人群 and 目标标准 name an aim or a
# group, not a goal still to reach; 争取 in a report means "secured"; 规划 before a verb of
# building is a plan (规划建设), a 规划 as a noun (专项规划) is not.
TARGET_CUE = re.compile(
    r"(?<![重主需纲摘必只概])要(?![求点素闻害])"
    r"|将(?:要|会|于|在20|实现|达到|完成|力争|新增|建成|覆盖|逐步)"
    r"|确保|力争|(?<!为)目标(?!人群|标准|[,，])|计划|预计|拟(?!定)|到20\d\d年|年底前"
    r"|规划(?=建设|新建|改扩建|建成|布局)"
)
ACHIEVED_CUE = re.compile(
    r"已|截至|截止|目前|累计(?!不超过|不得|最高)|先后|共计|完成了|实现了|连续|以来|同比"
)
#: The state a count describes, not a goal (未脱贫摘帽的五个贫困县, 尚有3户, 现有村医45人):
#: a plan states such facts as its baseline.
BASELINE_CUE = re.compile(r"未(?:脱贫|摘帽|出列|退出)|尚未|尚有|仍有|现有|剩余|还有")
# A rule reads: 按照80%的报销比例, 提高到90%, 起付线降低50%, 每人每年300元标准, 每年给予2500元.
RULE_CUE = re.compile(
    r"按照?|标准|提高到|提高至|提升到|调整为|调整到|降低|降至|降到|降为|下调|上调|扩大到|扩大至"
    r"|增加到|增加至|增至"
    r"|增加了?|执行|确定|设定|统一|最高|封顶|限额|不超过|不低于|控制在|每人每年|每[年月人]|给予"
    r"|的部分"  # 超过3000元的部分由兜底资金解决: a bracket of a rule
    r"|(?:由|从)\d"
)
#: The name of a rule's parameter stated with its values (报销比例为：…, 起付线分别为…).
RULE_STATEMENT = re.compile(r"(?:比例|标准|起付线|封顶线|限额|服务费)(?:均|统一|分别)?为")
# …but 报销比例达91.42% and 实际报销比例 report what happened under the rule.
OUTCOME_CUE = re.compile(r"实际|(?<!提高)达(?!标)|累计(?!不超过|不得|最高)|平均|共计?")
SECTION_TARGET = re.compile(
    r"下一步|工作要点|工作重点|工作目标|主要目标|目标任务|重点任务|主要任务|工作任务|工作安排"
    r"|工作思路|计划|打算|展望"
)
SECTION_ACHIEVED = re.compile(r"成效|成绩|进展|完成情况|开展情况|综述|回顾|主要做法")
#: A count of kinds of disease names the size of a list a rule sets (明确66个基层首诊病种, 4类慢性
#: 病患者); the noun follows its classifier, or the list is named just before (首诊病种28种).
LIST_AFTER = re.compile(r"^[^,，、;；。]{0,6}?(?:病种|疾病|大病|慢病|慢性病)")
LIST_BEFORE = re.compile(r"病种[^,，;；。]{0,14}$")
LIST_UNITS = {"disease", "disease_category", "item"}
#: A share of a named base that a rule allocates or sets (新增部分的一半用于大病保险, 按人均可支配
#: 收入的50%确定).
#: A per-person amount a rule sets (按每人每年200元标准, 每月给予300元), whatever it pays for.
PER_PERSON_UNITS = {"yuan_per_person", "yuan_per_person_year"}
STANDARD_CUE = re.compile(r"按照?|标准|给予")
SHARE_RULE = re.compile(r"(?:用于|确定|计算|提取|安排|核定)")


def classify_status(
    context: QuantityContext,
    indicator: Indicator | None,
    role: str = "level",
    unit: str | None = None,
) -> str:
    """Return achieved, target or policy_rule for a quantity.

    Steps: a cap is a rule; the size of a list that is set (not changed) is a rule, and a share
    a rule allocates; a rule-parameter indicator whose clause reads like a rule is a
    ``policy_rule`` (never an increment: 筹资增加了35元 reports what changed). Then the state a
    count describes (未摘帽的五个贫困县) is a fact; otherwise the last target or achieved cue in
    the sentence up to the end of the clause decides (目前已达65%, 到年底要达到80%), a year
    before the document's being a cue of a fact; otherwise the section heading; otherwise the
    genre: the body of a work plan or a priorities list is a target, anything else a fact.

    >>> classify_status(QuantityContext.around("确保签约率达到80%", "80%"), None)
    'target'
    >>> classify_status(QuantityContext.around("签约率达80%", "80%", doc_type="plan"), None)
    'target'
    >>> classify_status(QuantityContext.around("目前签约率已达80%", "80%", doc_type="plan"), None)
    'achieved'
    """
    rule = _rule_status(context, indicator, role, unit)
    if rule is not None:
        return rule
    if BASELINE_CUE.search(context.sentence, context.clause_start, context.clause_end):
        return "achieved"
    if _is_scope_count(context):  # 聚焦全市3个贫困县: the area a plan covers exists
        return "achieved"
    cue = _last_cue(context)
    if cue is not None:
        return cue
    if _dated_before_the_document(context):  # a plan's baseline paragraph (截至2017年底，…)
        return "achieved"
    if SECTION_TARGET.search(context.section):
        return "target"
    if SECTION_ACHIEVED.search(context.section):
        return "achieved"
    return "target" if context.doc_type in PLAN_TYPES else "achieved"


def _rule_status(
    context: QuantityContext, indicator: Indicator | None, role: str, unit: str | None
) -> str | None:
    """The policy_rule status of a rule parameter, else None (the cues decide)."""
    if role == "cap":
        return "policy_rule"
    if unit in LIST_UNITS and _is_list_size(context):
        # A list that grew (扩大到33种) is an achievement or a goal; one that is set, a rule.
        return None if role == "from_value" or _is_change_to(context) else "policy_rule"
    if unit == "percent" and _is_allocated_share(context):
        return "policy_rule"
    if unit in PER_PERSON_UNITS and role != "increment" and STANDARD_CUE.search(context.clause):
        return "policy_rule"
    rule_parameter = indicator is not None and indicator.rule_parameter
    if (
        rule_parameter
        and role != "increment"
        and (_reads_like_rule(context.clause) or _states_rule_values(context))
    ):
        return "policy_rule"
    return None


def _is_allocated_share(context: QuantityContext) -> bool:
    before_ends_with_of = context.sentence[: context.start].endswith("的")
    return before_ends_with_of and bool(SHARE_RULE.match(context.sentence, context.end))


def _is_list_size(context: QuantityContext) -> bool:
    before = context.sentence[context.clause_start : context.start]
    return bool(LIST_AFTER.match(context.sentence[context.end :]) or LIST_BEFORE.search(before))


def _is_change_to(context: QuantityContext) -> bool:
    before = context.sentence[context.clause_start : context.start]
    return bool(CHANGE_TO.search(before[-8:]))


def _reads_like_rule(clause: str) -> bool:
    return bool(RULE_CUE.search(clause)) and not OUTCOME_CUE.search(clause)


def _states_rule_values(context: QuantityContext) -> bool:
    """A rule's values listed after its name (起付线为：乡镇卫生院100元，县级医院300元)."""
    before = context.sentence[context.lead_start : context.start]
    statement = RULE_STATEMENT.search(before)
    return statement is not None and not OUTCOME_CUE.search(before)


def _without_other_dates(text: str) -> str:
    """The text without the dates of other numbers: a starting value's and a compared year."""
    return COMPARED_WITH.sub("", DATED_START.sub("", text))


def _last_cue(context: QuantityContext) -> str | None:
    text = _without_other_dates(context.lead)
    cues = [(m.start(), "target") for m in TARGET_CUE.finditer(text)]
    cues += [(m.start(), "achieved") for m in ACHIEVED_CUE.finditer(text)]
    # A year before the document's dates what is reported: a plan's baseline (2019年全市有…).
    year = _document_year(context)
    cues += [
        (m.start(), "achieved")
        for m in YEAR.finditer(text)
        if year is not None and (_resolve_year(m, _Date(year, None)) or year) < year
    ]
    return max(cues)[1] if cues else None


def _dated_before_the_document(context: QuantityContext) -> bool:
    """Whether the paragraph's dated topic (截至2017年底, 2017年) is before the document's year."""
    year = _document_year(context)
    if year is None or not context.paragraph:
        return False
    topic = _nearest_anchor(context.undated_paragraph, _Date(year, None), _calendar_anchor)
    topic_year = _first_year(topic)
    return topic_year is not None and topic_year < year


def _document_year(context: QuantityContext) -> int | None:
    """The year of the document: its publication date, else the one year in its title."""
    date = _Date.parse(context.published)
    if date.year is not None:
        return date.year
    title_year = _single_year(context.title)
    return int(title_year) if title_year else None


# ── period ───────────────────────────────────────────────────────────────────────────────────

# 上年 in 比上年 (同比) is the year compared with, never the date of what is reported.
_YEAR = r"(?:(20\d\d)年|(今年|本年|当年|(?<![比较])去年|(?<![比较])上年|明年))"
MONTH_RANGE = re.compile(_YEAR + r"?\s*(\d{1,2})\s*月?\s*(?:至|到|-|—|~)\s*(\d{1,2})\s*月")
HALF_YEAR = re.compile(_YEAR + r"?\s*(上|下)半年")
QUARTER = re.compile(_YEAR + r"?\s*第?([一二三四1-4])季度")
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
#: A deadline (到2020年, 至2020年底) dates a goal, not the facts reported after it.
DEADLINE_YEAR = re.compile(r"[到至]\s*$")
MONTH = re.compile(r"(?<![\d至到\-—~])(\d{1,2})\s*月(?!\s*\d)")
ANNUAL = re.compile(r"(?<!每人)每年|年均|每一年")
#: A dated starting value (从2017年的85.6%, 由2015年底的3128户): its date is not the level's.
DATED_START = re.compile(
    r"[从由]\s*(?:20\d\d\s*年|去年|上年)[底末]?的?[^,，;；。]*?"
    r"(?=提高|提升|增加|增长|扩大|降低|下降|减少|降至|升至)"
)
#: A year compared with (比2017年底减少50%, 较2015年下降): the base, not the date of the number.
COMPARED_WITH = re.compile(r"[比较]\s*20\d\d\s*年[底末]?(?:同期)?")
#: A deadline at the end of a year (到2018年底, 2020年末前): a state due at that date.
YEAR_END_DEADLINE = re.compile(r"(?:到|至|在)?\s*(20\d\d)\s*年(?:底|末)")
#: A five-year plan period: 十三五 is 2016-2020.
PLAN_PERIOD = re.compile(r"十([一二三四五])五")
#: A change on the same period of the year before (同比增长9.42%).
YEAR_ON_YEAR = re.compile(r"同比|[比较](?:上年|去年)(?:同期)?")
CUMULATIVE = re.compile(r"累计|共计|合计|先后")
#: The epidemic response of a document from 2020 happened in 2020.
EPIDEMIC = re.compile(r"新冠|疫情|抗疫")
EPIDEMIC_YEAR = 2020
#: Where an enumerated item of a paragraph starts (一是, （二）): a new topic, a new time frame.
ENUMERATION = re.compile(r"[一二三四五六七八九十]是|[(（][一二三四五六七八九十]+[)）]")
#: Numbers that count what was done over time (people trained, money spent), not a state;
#: with no date they add up to the document's date (cumulative), a state holds at that date.
FLOW_UNITS = {"person_time", "time", "copy", "yuan"}
FLOW_VERB = re.compile(
    r"培训|轮训|进修|培养|培育|救治|诊疗|惠及|带动|发放|印发|发送|投入|筹集|招聘|引进|资助|义诊|筛查|体检"
    r"|慰问|走访|新建|改扩建|建成|核销|报销|减免|拨付|支医|完成|增加|新增|评审|选拔|保障|兜底"
)
#: Units that never add up over time: shares, rates and the size of a list.
STOCK_UNITS = {"percent", "percentage_point", "person_per_10k_population", "disease"}
STOCK_UNITS |= {"disease_category"}
#: A count of poverty areas (18个贫困区县) names the area other figures cover: a state.
SCOPE_COUNT = re.compile(r"[^,，;；。]{0,4}?贫困(?:区县|县市区|县|乡镇|村)")
RELATIVE_YEAR = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "明年": 1}
#: The whole year in hand: a flow of that year, when nothing nearer dates it (a section's
#: 2019年工作回顾 does).
WHOLE_YEAR = re.compile(r"全年")
#: The end of the year in hand (年末, 全区…; not 2020年底, 今年年底 or a deadline 年底前).
YEAR_END = re.compile(r"(?<![\d年])(?:年末|年底)(?!前)")
#: The one year a review or bulletin is about, in its title (2019年…统计公报, …2019年度工作总结);
#: not a span or a starting point (2017年以来, 2016—2020年).
REVIEWED_YEAR = re.compile(r"(?<![-—~至到\d])(20\d\d)\s*年度?(?!\s*(?:以来|来|起|至|到|[-—~]))")
CHINESE_DIGIT = {
    "一": 1,
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


def normalise_period(
    context: QuantityContext, status: str = "achieved", role: str = "level", unit: str | None = None
) -> str:
    """Return the period a quantity refers to, in the shared vocabulary.

    Stated periods first, nearest first: the number's clause, then the clauses before it in
    its sentence (back to front), then the dated topic of its paragraph (calendar dates only:
    2019年, 今年1至6月, 截至9月底; not a deadline such as 到2020年), then its section heading.
    Forms: ``2019``; ``2018-2019`` (several years, 自2016年以来, 五年, 十三五); ``2020H1``,
    ``2020Q3``, ``2020-01/2020-09``; ``2020-09``; ``as-of-2020-09`` (截至9月底, 目前);
    ``cumulative-to-2020-09`` (累计 up to that date); ``annual`` (每年, in the clause only);
    ``2020-yoy`` (同比). Relative words (今年, 去年, 目前, 五年来) resolve against ``published``.

    A starting value (role ``from_value``) is ``initial`` (最初的, 早期的) or ``pre-YYYY``, the
    year of its change. With nothing stated: a rule's standard followed by the years it was
    applied in takes those years; a plan's number takes the plan's year (a fact in it, as of
    that year); a goal in a report is a standing requirement (``ongoing``); a fact is
    cumulative to the document's date when 累计 or its verb or unit says it adds up (people
    trained, money spent), else a stock as of that date. ``unspecified`` only when the
    document has no date either.

    >>> def period(sentence, quantity):
    ...     return normalise_period(QuantityContext.around(sentence, quantity, published="2020"))
    >>> period("今年1至6月,住院875人次", "875人次")
    '2020H1'
    >>> period("截至9月底,累计签约180万人", "180万人")
    'cumulative-to-2020-09'
    """
    date = _reference_date(context)
    if role == "from_value":
        return _from_period(context, date)
    cumulative = _is_cumulative(context, unit)
    stated = _stated_period(context, date)
    if stated is not None:
        if cumulative and stated.startswith("as-of-"):
            return "cumulative-to-" + stated.removeprefix("as-of-")
        return stated
    if status == "policy_rule" and (applied := _years_after(context)) is not None:
        return applied
    flow = not _is_scope_count(context) and _is_flow(context, unit)
    return _default_period(context, date, status, cumulative, flow)


def _reference_date(context: QuantityContext) -> _Date:
    """The date a document's present refers to: its publication date, or the end of its year.

    A bulletin or a summary of an earlier year is published months later (the 2019 bulletin in
    June 2020): its 年末, 全年 and undated stocks are of that year, not of the publication date.
    A document without a date takes the one year of its title.
    """
    date = _Date.parse(context.published)
    reviewed = REVIEWED_YEAR.findall(context.title or "")
    if date.year is None:
        year = _document_year(context)
        return _Date(year, None) if year is not None else date
    is_review = context.doc_type not in PLAN_TYPES and len(set(reviewed)) == 1
    if is_review and int(reviewed[0]) < date.year:
        return _Date(int(reviewed[0]), 12)
    return date


def _stated_period(context: QuantityContext, date: _Date) -> str | None:
    """The period the text states for the number, nearest first; None when it states none."""
    # 从2017年的85.6%提高到98.7%: 2017 dates the starting value, not the level reached.
    clause = _without_other_dates(context.clause)
    before = _without_other_dates(context.sentence[: context.clause_start])
    if YEAR_ON_YEAR.search(context.clause):
        # 比上年 names the year compared with; the change is of the year the text is about.
        year = (
            _first_year(_anchor(YEAR_ON_YEAR.sub("", clause), date, annual=False))
            or _first_year(_nearest_anchor(before, date, _anchor))
            or _first_year(_nearest_anchor(context.undated_paragraph, date, _calendar_anchor))
            or date.year
        )
        return f"{year}-yoy" if year else None
    return (
        _anchor(clause, date, annual=True)
        or _nearest_anchor(before, date, _anchor)
        or _nearest_anchor(context.undated_paragraph, date, _calendar_anchor)
        or _anchor(context.section, date, annual=False)
    )


def _nearest_anchor(
    text: str, date: _Date, anchor: Callable[[str, _Date, bool], str | None]
) -> str | None:
    """The period of the clause nearest the end of ``text`` that states one."""
    ends = [0, *(m.end() for m in CLAUSE_BREAK.finditer(text)), len(text)]
    for low, high in reversed(list(itertools.pairwise(ends))):
        period = anchor(text[low:high], date, False)
        if period is not None:
            return period
    return None


def _calendar_anchor(text: str, date: _Date, annual: bool = False) -> str | None:
    """A calendar date that frames the text after it (2019年, 今年1至6月), not a deadline."""
    for rule in (_month_range, _half_year, _quarter, _as_of, _year_range, _year_month):
        if (period := rule(text, date)) is not None:
            return period
    years = {
        _resolve_year(m, date)
        for m in YEAR.finditer(text)
        if not DEADLINE_YEAR.search(text, 0, m.start())
    }
    years.discard(None)
    return str(years.pop()) if len(years) == 1 else None


def _is_cumulative(context: QuantityContext, unit: str | None) -> bool:
    """累计 before the number in its clause, or earlier in its sentence part for a flow."""
    if CUMULATIVE.search(context.sentence, context.clause_start, context.start):
        return True
    if _is_scope_count(context):
        return False
    return bool(CUMULATIVE.search(context.lead)) and _is_flow(context, unit)


def _is_flow(context: QuantityContext, unit: str | None) -> bool:
    """Whether the number counts what was done (people trained), not a state.

    Its unit says so, or a verb of doing before it in its clause or as the clause's predicate
    (对3700名村医开展培训), not a verb inside a noun after it (确定164家定点救治医疗机构).
    """
    if unit in STOCK_UNITS:
        return False
    if unit in FLOW_UNITS:
        return True
    before = context.sentence[context.clause_start : context.start]
    # A verb in a relative clause (建成网络的县38个) describes the state of what is counted.
    verbs = [m.end() for m in FLOW_VERB.finditer(before)]
    done_before = bool(verbs) and "的" not in before[verbs[-1] :]
    return done_before or bool(FLOW_VERB.search(context.clause[-3:]))


def _is_scope_count(context: QuantityContext) -> bool:
    return bool(SCOPE_COUNT.match(context.sentence, context.end))


def _from_period(context: QuantityContext, date: _Date) -> str:
    """The period of a starting value: initial (最初的A), else pre-YYYY of its change."""
    before = context.sentence[max(context.lead_start, context.start - CHANGE_REACH) : context.start]
    if INITIAL_MARK.search(before):
        return "initial"
    year = _first_year(_stated_period(context, date)) or date.year
    return f"pre-{year}" if year else "unspecified"


def _years_after(context: QuantityContext) -> str | None:
    """The years a rule stated before them was applied in (按300元标准,2019年筹资…,2020年…)."""
    after = _without_other_dates(context.sentence[context.end :])  # not 从2017年的5万元
    years = sorted({int(y) for y in re.findall(r"(20\d\d)\s*年", after)})
    if not years:
        return None
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _default_period(
    context: QuantityContext, date: _Date, status: str, cumulative: bool, flow: bool
) -> str:
    """The period of a number whose text states none, from its status and the document."""
    stamp = date.stamp()
    if stamp is None:
        return "unspecified"
    if context.doc_type in PLAN_TYPES:
        return f"as-of-{date.year}" if status == "achieved" else str(date.year)
    if status == "target":
        return "ongoing"
    if status == "policy_rule":  # a rule in force at that date adds nothing up
        return f"as-of-{stamp}"
    if WHOLE_YEAR.search(context.lead):
        return str(date.year)
    if cumulative:
        return f"cumulative-to-{stamp}"
    if date.year == EPIDEMIC_YEAR and EPIDEMIC.search(context.sentence, 0, context.clause_end):
        return str(EPIDEMIC_YEAR)
    return f"cumulative-to-{stamp}" if flow else f"as-of-{stamp}"


def _first_year(period: str | None) -> int | None:
    match = re.search(r"20\d\d", period or "")
    return int(match[0]) if match else None


def _anchor(text: str, date: _Date, annual: bool) -> str | None:
    """The first period rule that matches the text, most specific rules first."""
    rules: tuple[Callable[[str, _Date], str | None], ...] = (
        _month_range,
        _half_year,
        _quarter,
        _as_of,
        _since,
        _year_range,
        _year_month,
        _plan_period,
        _annual,
        _year_end_deadline,
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


def _quarter(text: str, date: _Date) -> str | None:
    match = QUARTER.search(text)
    year = _resolve_year(match, date) if match else None
    if match is None or year is None:
        return None
    quarter = match[3] if match[3].isdigit() else CHINESE_DIGIT[match[3]]
    return f"{year}Q{quarter}"


def _as_of(text: str, date: _Date) -> str | None:
    if YEAR_END.search(text) and date.year is not None:
        return f"as-of-{date.year}-12"
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


def _plan_period(text: str, date: _Date) -> str | None:
    match = PLAN_PERIOD.search(text)
    if not match:
        return None
    start = 2006 + 5 * (CHINESE_DIGIT[match[1]] - 1)
    return f"{start}-{start + 4}"


def _annual(text: str, date: _Date) -> str | None:
    # A yearly limit (年度封顶线, 年度最高支付限额) holds every year, as 每年 does.
    return "annual" if ANNUAL.search(text) or YEARLY_LIMIT.search(text) else None


def _year_end_deadline(text: str, date: _Date) -> str | None:
    match = YEAR_END_DEADLINE.search(text)
    return f"as-of-{match[1]}-12" if match else None


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


#: A number set per unit (每个贫困区县至少新增1个, 全市每个区县都有1所): the unit, after 每 and
#: before the verb that leads to the number. Time (每年, 每月) and people (每人, 每万名) are
#: rates, read by the units, not scopes.
PER_UNIT = re.compile(
    r"(?P<unit>每(?:一)?[个所家座户]?(?![年月日天周次人万千百\d])[^\d,，、;；。每]{0,12}?)"
    r"(?:都|均|应|要|须|必须)*(?:(?:至少|最少|不少于)(?:新增|配备|配置|建有|建成|有)?"
    r"|新增|配备|配置|建有|建成|有)$"
)
#: A minimum per facility without 每 (确保乡镇卫生院至少有1名…): a kind of facility, not a count.
PER_FACILITY = re.compile(
    r"(?P<unit>(?:乡镇|社区)?卫生院|村?卫生室|(?:县级)?(?:公立)?医院|(?:基层)?医疗(?:卫生)?机构)"
    r"(?:都|均|应|要|须|必须)*$"
)
#: Whom an amount is given to (对在岗的村医每年给予2500元): they are its scope.
RECIPIENTS = re.compile(
    r"对(?P<who>[^，,、。；;\d]{2,12}?)(?:每人|每年|每月)*(?:给予|发放|补助|补贴|奖励|资助)"
)
#: 至少 (有) before the number, in the clause or at the start of the quantity (至少有1名).
MINIMUM = re.compile(r"(?:至少|最少|不少于)(?:有|配备|配置)?")
MINIMUM_AT_END = re.compile(MINIMUM.pattern + "$")


def find_scope(context: QuantityContext, codebook: Codebook) -> str | None:
    """Return the population or area a quantity covers, from the codebook's scope patterns.

    A number set per unit gets that unit (每个乡镇卫生院), see :func:`per_unit_scope`. Otherwise
    the nearest match before the number in its clause, else the first after it in the clause,
    else the nearest in the clauses before it; a list (特困人员、低保对象) is kept whole. A
    share followed by 的 and its noun takes no scope from earlier clauses.

    A number that is the criterion a counted group meets holds in that group only, and the
    group is its scope (控制在10%以内的县（市、区）104个: 104个县（市、区）).

    >>> from policy_corpus.codebook import load_codebook
    >>> context = QuantityContext.around("18个贫困区县全科医生3844人", "3844人")
    >>> find_scope(context, load_codebook())
    '18个贫困区县'
    """
    per_unit = per_unit_scope(context)
    if per_unit is not None:
        return per_unit
    group = CRITERION_OF_GROUP.match(context.sentence, context.end)
    if group is not None:  # the group that meets it, and whom or where its words name
        counted = f"{group['count']}{group['noun'] or ''}"
        named = stated_scope(context, codebook, wider=False)
        if named is None:
            return counted
        return named + counted if named.startswith("全") else counted + named
    return stated_scope(context, codebook)


def stated_scope(context: QuantityContext, codebook: Codebook, wider: bool = True) -> str | None:
    """The scope the words around a quantity name (see :func:`find_scope`).

    Without ``wider``, only those before it in its clause: not after it, nor in earlier clauses.
    """
    if row := TABLE_ROW_PLACE.match(context.sentence):
        return row["place"]  # 朗措县,家庭医生签约率(%):87.6: that county's figure
    if not codebook.scopes:
        return None
    scope = scope_list_pattern(codebook.scopes)
    sentence = context.sentence
    before = scope.findall(sentence, context.clause_start, context.start)
    if before:
        return str(before[-1])
    recipients = RECIPIENTS.search(sentence, context.clause_start, context.start)
    if recipients:
        return recipients["who"]
    if not wider:
        return None
    later = scope.search(sentence, context.end, context.clause_end)
    if later:
        return later[0]
    quote = sentence[context.start : context.end]
    if PERCENT_SIGN.search(quote) and SHARE_OF.match(sentence, context.end):
        return None
    earlier = scope.findall(sentence, context.lead_start, context.clause_start)
    return str(earlier[-1]) if earlier else None


#: A table row as ingest writes it, labelled with a place (朗措县,家庭医生签约率(%):87.6): its
#: figures are that place's; a total row (全地区, 合计) is the whole area's.
#: The last word of a place's name (朗措县, 瓦吉乡, 某某街道).
PLACE_SUFFIX = r"(?:县|区|市|州|盟|旗|乡|镇|村|街道)"
TABLE_ROW_PLACE = re.compile(
    r"(?P<place>(?!全|合计|总计|小计)[^,，:：;；。\d\s]{1,10}?"
    + PLACE_SUFFIX
    + r")[,，][^,，:：]{1,30}[:：]"
)


@lru_cache(maxsize=8)
def scope_list_pattern(scopes: tuple[re.Pattern[str], ...]) -> re.Pattern[str]:
    """One scope of the codebook, or a list of them (特困人员、低保对象), as one pattern.

    Made once per codebook: :func:`find_scope` runs for every quantity.
    """
    one = "(?:" + "|".join(p.pattern for p in scopes) + ")"
    return re.compile(f"{one}(?:[、和及与]{one})*")


def per_unit_scope(context: QuantityContext) -> str | None:
    """'每个<unit>' when the number is set per unit, not a total; else None.

    >>> per_unit_scope(QuantityContext.around("每个贫困区县至少新增1个中医特色专科", "1个"))
    '每个贫困区县'
    >>> per_unit_scope(QuantityContext.around("确保乡镇卫生院至少有1名医师", "至少有1名"))
    '每个乡镇卫生院'
    >>> per_unit_scope(QuantityContext.around("每人每年300元", "300元")) is None
    True
    """
    before = context.sentence[context.clause_start : context.start]
    per = PER_UNIT.search(before)
    if per:
        return per["unit"]
    minimum = MINIMUM.match(context.sentence, context.start) or MINIMUM_AT_END.search(before)
    if minimum and minimum.string is before:
        before = before[: minimum.start()]
    facility = PER_FACILITY.search(before)
    return "每个" + facility["unit"] if minimum and facility else None


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
    role (:func:`classify_role`), then its status (:func:`classify_status`, which reads the
    role), its period (:func:`normalise_period`, which reads both) and its scope from the words
    around it, its paragraph and its document; add the region from ``documents``.
    Values and units are passed through as the extractor gave them (canonical units).

    Args:
        quantities: the ``quantities`` table; rejected numerals are left out.
        documents: the ``documents`` table (doc_id, region_code, region_zh, doc_type, published,
            title, text are used).
        sentences: the ``sentences`` table (doc_id, start, end, text, section are used).
        codebook: from :func:`policy_corpus.codebook.load_codebook`.

    Returns:
        The table in contract column order: the quantity columns, then region_code, region_zh,
        indicator_id, indicator_zh, indicator_en, status, role, period, scope.

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
    before = ""
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
        paragraph=paragraph_before(str(doc.get("text") or ""), located.start - len(before)),
    )


def paragraph_before(text: str, start: int) -> str:
    r"""The text of the paragraph before offset ``start``, from its last enumerated item on.

    >>> text = "标题\n2019年,住院100人次。一是救治。住院50人次。"
    >>> paragraph_before(text, text.index("住院50"))
    '一是救治。'
    """
    low = text.rfind("\n", 0, max(start, 0)) + 1
    paragraph = text[low:start]
    items = [m.start() for m in ENUMERATION.finditer(paragraph)]
    return paragraph[items[-1] :] if items else paragraph


def _classify(
    quantity: dict[Any, Any], context: QuantityContext, doc: dict[Any, Any], codebook: Codebook
) -> dict[str, Any]:
    unit = None if pd.isna(quantity["unit"]) else str(quantity["unit"])
    indicator = classify_indicator(context, unit, codebook)
    role = classify_role(context, unit)
    status = classify_status(context, indicator, role, unit)
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
        "status": status,
        "role": role,
        "period": normalise_period(context, status, role, unit),
        "scope": find_scope(context, codebook),
    }
