"""Find every numeral candidate in a text and read it as a quantity, or say why it is not one.

One :class:`Quantity` is one numeral candidate: its span (``text[start:end] == record.text``,
covering qualifier words, the number and its unit, e.g. ``'约5万余份'``), its value in the
canonical unit with magnitudes applied (1878.59万元 → 18785900 yuan, percentages in percent
units), the unit as written and canonical (schema.UNITS), the kind (money, percent, count,
rate, duration or number), the qualifier (exact, approx, at_least, at_most, range) and, for
``从A提高到B``, the earlier value ``change_from``.

How candidates are found, in three passes over the text, each a compiled regex:

1. Forms that are never quantities are found first and rejected with a reason: identifiers,
   phone numbers, document numbers (咸医保发〔2020〕20号), dates (2019年, 10月15日, 1至6月),
   clock times (09:30, 9时30分, 上午9点), plan periods (十三五), section numbers (一、 （二） 1、
   一是), ordinals (第一; congresses and plenums: 十九大, 十九届四中全会), and names (三级医院,
   二级甲等, 三甲, 5G). Their spans are blocked for the next pass.
2. Every other numeral run (Arabic, Chinese, financial or mixed) is read with its qualifier
   words, magnitude, unit or classifier, and a range (3至5年) when one follows. A Chinese
   numeral counts only when its form is numeric: it is followed by a unit or classifier, is a
   ratio (百分之八十), or has both a digit and a magnitude (三千五百万). This is why words that
   merely contain a numeral character (统一, 一体化, 进一步, 之一, 队伍, 千方百计, 万一) are
   never candidates.
3. Candidates are then judged in context: numerals inside short quotations (“三个一批”,
   “985”), compound slogans (五个一, 一村一名: a numeral, a classifier or short word, then
   another numeral) and numerals naming a policy (两年行动, 985政策) are rejected as slogan; a
   Chinese 一 with an article-like classifier (一个, 一项) as indefinite; numerals inside 《》
   titles as policy_name; counts of the text's parts (五个方面) as structural; a negated count
   of one as a zero (未发生一例) or, when it does not report none (不让一户), as negation. Then
   two adjacent bounds become one range (5000元以上1万元以下), durations that frame their clause
   (五年内, 连续两年) are rejected as duration, and ``从A提高到B`` links B to A.

Units without a classifier are taken from the noun that follows (162.75万贫困人口 → person);
rates per 10 000 population and money per person come from the words before the number.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from policy_corpus.codebook import Slogan, find_slogans, load_slogans
from policy_corpus.text.numbers import DIGITS, parse_number

# --- fast scanning ----------------------------------------------------------------------------


def _gated(first: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile ``pattern`` so that ``re`` skips in C to the places where a match can begin.

    Why: ``re`` jumps over the text in C only when a pattern begins with a plain character or
    character class. A pattern that begins with an alternation, an optional group or a
    lookbehind is tried at every position instead, and those scans (10–20 M chars/s) were most
    of the extractor's time. ``first`` is a character class body holding every character a
    match of ``pattern`` can begin with. The gated pattern consumes one such character, steps
    back over it and runs ``pattern`` there as a lookahead whose span is group ``_m``; the
    lookahead keeps the first match ``pattern`` finds, as ``finditer`` does. Scan with
    :func:`_scan`; other groups of ``pattern`` keep their names.
    """
    return re.compile(rf"[{first}](?<=(?=(?P<_m>{pattern}))[{first}])", flags)


def _scan(gated: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches ``finditer`` finds with the ungated pattern (its span is group ``_m``).

    Searching again from the end of each match, as ``finditer`` does, gives the same leftmost,
    non-overlapping matches; no gated pattern matches the empty string.
    """
    position = 0
    search = gated.search
    while (hit := search(text, position)) is not None:
        yield hit
        position = hit.end("_m")


# --- building blocks ------------------------------------------------------------------------

_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖兩貳參陸"
_CN_MAGNITUDES = "十百千万亿拾佰仟萬億"  # 兆 is left out: in running text it means mega (兆瓦)
_CN = _CN_DIGITS + _CN_MAGNITUDES
_ARABIC = r"(?:\d{1,3}(?:[,，]\d{3}(?!\d))++(?:[.．]\d++)?+|\d++(?:[.．]\d++)?+)"
_ATOM = rf"(?:{_ARABIC}|[{_CN}]|[点點](?=[{_CN_DIGITS}\d]))"
#: One numeral run; possessive so that a failed match never backtracks into it.
CORE = rf"(?:(?:{_ARABIC}|[{_CN}]){_ATOM}*+)"

_CANDIDATE_FORM = rf"(?:(?P<den>{CORE})分之(?P<neg>负)?)?(?P<core>{CORE})"
#: A minus sign written before a number (-3.8%, 负2个百分点), not the dash of a range (3-5).
_SIGN_BEFORE = re.compile(rf"(?<![\d{_CN}\-−~～至到])[-−负]\Z")
_CANDIDATE = re.compile(_CANDIDATE_FORM)
#: Every candidate begins with a digit or a Chinese numeral.
_CANDIDATE_SCAN = _gated(rf"\d{_CN}", _CANDIDATE_FORM)
#: 余 and 多 inside a number (5万余份, 两万多) mean "more than": at_least; 几 (十几) is approx.
_AFTER_CORE = re.compile(
    r"(?P<more>[余多])?(?P<approx>几)?(?P<mag>\s?(?:万亿|[万亿萬億]))?(?P<more2>[余多])?"
)
_UNIT = re.compile(
    r"(?P<unit>个百分点|百分点|[%％‰]"
    r"|(?:元|圆)/人(?:[·/]?年)?|(?:元|圆)(?:人民币)?|块钱|块(?!状)|人民币|個(?!人)"
    r"|人次|例次|例(?![如外行会])|台次|条次|架次|人口|平方米|平米|㎡|个月"
    r"|个|名|人(?!民)|位(?![于置])|户(?![籍口])|家(?![庭属])|所(?![以有在属需得])"
    r"|种(?![类植子养])|类(?![型似])|项(?!目)|次(?!性)|场(?![所景地])|份(?!额)"
    r"|张|床|年(?!度)|天|倍|岁|件|条(?![件例款线])|台(?![账帐阶湾])|辆|套"
    r"|期(?![间限末初待望])|成(?![员立为本果效绩熟长功就都不]))"
)
_MONEY_TAIL = re.compile(
    rf"(?:(?P<jiao>[{_CN_DIGITS}\d])[角毛])?"
    rf"(?:[零〇]?(?P<fen>[{_CN_DIGITS}\d]{{1,2}})分(?!之))?(?P<zheng>整|正|钱)?"
)
_RANGE_SEP = re.compile(
    r"(?:\(含\)|（含）)?\s*(?:(?P<dash>至|到|~|～|--|-|－|——|—|–)|(?P<between>和|与|跟))\s*"
)
#: What closes ``A和B之间``: a range written with 和/与 needs it, one written with 至 may have it.
_BETWEEN = re.compile(r"\s*(?:之间|间)")
_SUFFIX = re.compile(
    r"(?:\(含\)|（含）)?\s*(?P<q>(?:及|或者?)以上|(?:及|或者?)以下|或者?更多|以上|以下|以内|之内"
    r"|之上|之下|左右|上下)"
)
# Comparison words before a number, each with the qualifier it gives and whether the bound it
# sets includes the number (不低于80%: 80 included; 超过80%: not). Chinese legal usage counts
# 以上, 以下 and 以内 as including the number itself (本数).
# (Spaced and 或/或者 forms such as 大于 或 等于 are squeezed to these by _prefix_word.)
_AT_LEAST_IN = ("至少", "最少", "不少于", "不低于", "不小于", "大于等于")
_AT_LEAST_EX = ("超过", "超", "逾", "高于", "多于", "大于")
_AT_MOST_IN = ("不超过", "不高于", "不大于", "小于等于", "控制在", "最多", "最高")
_AT_MOST_EX = ("不足", "不到", "低于", "少于", "小于")
_SIGNS = {
    "≥": "大于等于",
    ">=": "大于等于",
    "≤": "小于等于",
    "<=": "小于等于",
    ">": "大于",
    "<": "小于",
}
_SIGNS |= {"＞": "大于", "＜": "小于", "⩾": "大于等于", "⩽": "小于等于"}
_PREFIX = re.compile(
    r"(?P<q>大约|(?<![节签制预契合公条])约|将近|接近|(?<!最)近"
    r"|至少|最少|不少于|不低于|不小于|不超过|不高于|不大于|(?:大于|小于)\s*(?:或者?\s*)?等于"
    r"|超过|超|逾|高于|多于|大于|不足|不到|低于|少于|小于|控制在|最多|最高"
    r"|[≥≤⩾⩽＞＜<>]\s*=?)\s*(?:有|是|为|达|了|配备|配置|提供|安排)?\s*\Z"
)
#: The part above a threshold (超过3000元的部分): the number is the threshold, not a bound.
_THRESHOLD_PART = re.compile(r"\s*的部分")
#: 约占…的94%: the hedge is on the share, written before the base it is a share of.
_APPROX_SHARE = re.compile(
    r"(?:大约|(?<![节签制预契合公条])约|将近|接近|(?<!最)近)占[^，,。；;\d]{0,16}\Z"
)
_PREFIX_QUALIFIER: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(("大约", "约", "将近", "接近", "近"), ("approx", None)),
    **dict.fromkeys(_AT_LEAST_IN, ("at_least", "inclusive")),
    **dict.fromkeys(_AT_LEAST_EX, ("at_least", "exclusive")),
    **dict.fromkeys(_AT_MOST_IN, ("at_most", "inclusive")),
    **dict.fromkeys(_AT_MOST_EX, ("at_most", "exclusive")),
}
_SUFFIX_QUALIFIER: dict[str, tuple[str, str | None]] = {
    **dict.fromkeys(
        ("及以上", "或以上", "或者以上", "以上", "或更多", "或者更多"), ("at_least", "inclusive")
    ),
    **dict.fromkeys(
        ("及以下", "或以下", "或者以下", "以下", "以内", "之内"), ("at_most", "inclusive")
    ),
    "之上": ("at_least", "exclusive"),
    "之下": ("at_most", "exclusive"),
    **dict.fromkeys(("左右", "上下"), ("approx", None)),
}
#: The characters a prefix can end with: most numbers have none of them before them, and
#: testing one character is much cheaper than searching the window for a prefix.
_PREFIX_ENDS = frozenset(
    {w[-1] for w in _PREFIX_QUALIFIER} | set(_SIGNS) | set("有是为达了备置供排=≥≤⩾⩽ \t\u3000")
)
_THAN_ENDS = frozenset("比 \t\u3000")
_SUFFIX_STARTS = frozenset("(（及或以之左上 \t\u3000")
#: 比X大 (more than X), 比X低 (less than X): a comparison written around the number.
_THAN_BEFORE = re.compile(r"(?<![占对同环相无好])比\s*\Z")
_THAN_AFTER = re.compile(r"\s*(?:(?P<more>大|高|多)|(?P<less>小|低|少))(?:一些|一点|些)?")

# Head nouns after 个 (and after a bare number), most specific first; see _classifier_unit.
_GE_NOUN = re.compile(
    r"(?P<institution>医疗卫生机构|医疗机构|机构|医院|卫生院|卫生室|卫生所|保健院|中心|站|诊所)"
    r"|(?P<village>行政村|贫困村|村)|(?P<township>乡镇|街道|乡|镇)"
    r"|(?P<county>县市区|区县|县区|县市|市县|县(?![级域]))"
    r"|(?P<disease>病种|疾病)|(?P<household>家庭(?!医生)|贫困户|农户)"
    r"|(?P<person>人口|患者|群众|居民|农民|村民|医生|医师|村医|专家|人员|人才|学生|儿童|妇女"
    r"|老人|孕产妇|职工|干部|病人|护士|对象)"
)
_PLACE_NOUNS = ("institution", "village", "township", "county", "disease", "household")
_NOUN_STOP = re.compile(r"[，,。；;、：:！？!?\n“”\"()（）《》\d]")
_PER_10K = re.compile(r"每万(?:名|个)?(?:常住)?(?:居民|人口|人)")
_PER_PERSON = re.compile(r"人均|每人|每名|每位|/人")
_PER_YEAR = re.compile(r"每年|/年|年人均|年均")
#: A yearly ceiling of what one person is paid or pays (年度最高支付限额, 年度封顶线); not a
#: year's total (2019年度, 本年度).
YEARLY_LIMIT = re.compile(
    r"(?<![\d本上当去今该])年度[^，,；;。\d]{0,8}?(?:限额|封顶线?|上限|自付费用)"
)
#: A bare amount in 元 given to a group of people (对在岗的村医每年给予2500元) is what each gets:
#: a total for a group is written in 万元 or 亿元.
_GIVEN_TO_EACH = re.compile(
    r"对[^，,。；;]{0,12}?(?:医生|村医|医师|人员|患者|对象|人口|群众|老人|儿童|妇女|学生|贫困户)"
    r"[^，,。；;]{0,6}?(?:给予|发放|补助|补贴|奖励|资助)了?$"
)
_CLAUSE_STOP = re.compile(r"[，,。；;！？!?\n]")
_QUOTE = re.compile(r"“[^“”\n]{1,20}”|「[^「」\n]{1,20}」|『[^『』\n]{1,20}』|\"[^\"\n]{1,20}\"")
_TITLE = re.compile(r"《[^《》\n]{1,80}》")
_CN_DIGIT_CHARS = set("一二两三四五六七八九十")
# A count that names a package of measures (健康扶贫十条措施, 20条意见) names it, as 两年行动 does.
_POLICY_WORD = re.compile(
    r"[\u4e00-\u9fff]{0,4}?(?:政策|行动|模式|工程|机制|制度|战略|计划|活动|措施|举措|意见)"
)
_PLUS_SLOGAN = re.compile(r"\+[\dA-Za-z]")
_CHANGE_VERB = re.compile(
    r"(?:提高|提升|增加|增长|扩大|扩展|上升|上调|下降|降低|减少|下调|调整|缩小|压缩)了?(?:到|至|为)\Z"
)
_CHANGE_FROM = re.compile(r"[从由]")
_SENTENCE_STOP = re.compile(r"[。；;！？!?\n]")

_UNITS: dict[str, tuple[str | None, str]] = {
    "个百分点": ("percentage_point", "percent"),
    "百分点": ("percentage_point", "percent"),
    "%": ("percent", "percent"),
    "％": ("percent", "percent"),
    "‰": ("percent", "percent"),
    "百分之": ("percent", "percent"),
    "成": ("percent", "percent"),
    "半": ("percent", "percent"),
    "人次": ("person_time", "count"),
    "例次": ("person_time", "count"),
    # 例 counts cases (会诊1860例, 手术500例): a patient served once, like 人次.
    "例": ("person_time", "count"),
    "人口": ("person", "count"),
    "名": ("person", "count"),
    "人": ("person", "count"),
    "位": ("person", "count"),
    "户": ("household", "count"),
    "家": ("institution", "count"),
    "所": ("institution", "count"),
    "种": ("item", "count"),
    "类": ("item", "count"),
    "项": ("item", "count"),
    "个": ("item", "count"),
    "個": ("item", "count"),
    "件": ("item", "count"),
    "条": ("item", "count"),
    "台": ("item", "count"),
    "辆": ("item", "count"),
    "套": ("item", "count"),
    "期": ("item", "count"),
    "次": ("time", "count"),
    "场": ("time", "count"),
    "台次": ("time", "count"),
    "条次": ("time", "count"),
    "架次": ("time", "count"),
    "份": ("copy", "count"),
    "张": ("item", "count"),
    "床": ("bed", "count"),
    "平方米": ("m2", "number"),
    "平米": ("m2", "number"),
    "㎡": ("m2", "number"),
    "年": ("year", "duration"),
    "个月": ("month", "duration"),
    "天": (None, "duration"),
    "倍": (None, "number"),
    "岁": (None, "number"),
}
_INDEFINITE_CLASSIFIERS = {"个", "项", "种", "件", "条", "张", "类", "套"}

# --- rejections found before the general pass ------------------------------------------------

_CN_SMALL = "一二三四五六七八九十"
_HOUR = rf"(?:[01]?\d|2[0-4]|[{_CN_SMALL}]{{1,3}}|[零〇][一二三四五六七八九])"
_MINUTE = rf"(?:[0-5]?\d|[{_CN_SMALL}零〇]{{1,3}})"
# A lookbehind (all two characters) so that the scan is gated on digits only: 上 中 下 are
# too common in running text to start a match attempt at each of them.
_DAYPART = r"(?<=凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜间|夜里)"
_CLOCK = (
    # 09:30 and 09:30:15; 1:10 after 比 or 按, or before 比例, is a ratio, not a time.
    r"(?<![\d.:：比按为])(?:[01]?\d|2[0-4])\s*[:：]\s*[0-5]\d(?:\s*[:：]\s*[0-5]\d)?"
    r"(?![\d.%]|的?(?:比例|配比|比))"
    # 上午9点, 下午三时半: a part of the day makes any 点 or 时 a clock time.
    rf"|{_DAYPART}{_HOUR}\s*[时点](?:\s*{_MINUTE}\s*分(?:\s*{_MINUTE}\s*秒)?|半|整|钟)?"
    # 9时30分, 九点十五分: hours with minutes.
    rf"|(?<![\d.小]){_HOUR}\s*[时点]\s*{_MINUTE}\s*分(?!之)(?:\s*{_MINUTE}\s*秒)?"
    # 18时, 24时整: an Arabic hour with 时 (not 时间, 时期; 24小时 is a duration).
    r"|(?<![\d.])(?:[01]?\d|2[0-4])\s*时(?![间代期刻候效限段])整?"
)
_SESSION = rf"(?:[{_CN_SMALL}]中全会|[{_CN_SMALL}]次(?:全体)?(?:会议|全会))"
_BODY = (
    r"(?:全国人大(?:常委会)?|全国政协|中共中央|中央(?:委员会)?|[省市县区州]委"
    r"|[省市县区州]?人大(?:常委会)?|[省市县区州]?政协)"
)
_CONGRESS = (
    r"(?:党的)?(?:十[二三四五六七八九]|二十[一二]?)大"
    r"(?=以来|精神|报告|召开|代表|胜利|期间|之后|后|前|上|和|及|、|提出|强调|作出|部署|明确|要求"
    r"|[^\u4e00-\u9fff]|$)"
    rf"|(?:十[{_CN_SMALL}]?|二十[一二]?)届{_BODY}?{_SESSION}?"
    rf"|[一二三四五六七八九]届(?:{_BODY}{_SESSION}?|{_SESSION})"
    rf"|(?<![{_CN_SMALL}届])[一二三四五六七八九]中全会"
)
# Each pattern is gated (see _gated) by the characters its matches can begin with.
_REJECTIONS: list[tuple[str, re.Pattern[str]]] = [
    (
        "phone",
        _gated(
            r"电传手热联(（\d",
            r"(?:电话|传真|手机|热线|联系方式)[:：]?\s*[\d\-－()（）\s]{7,}\d"
            r"|(?<!\d)(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}[-－])\d{7,8}(?!\d)"
            r"|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{3,4}-\d{7,8}(?!\d)",
        ),
    ),
    (
        "id",
        _gated(
            r"A-Za-z公\d",
            r"https?://[^\s“”\"'<>，。]+|[A-Za-z]+\d[A-Za-z0-9/\-.]*|ICP[备証证]?\s*\d+号?(?:-\d+)?|公网安备\s*\d+号?"
            r"|(?<![\d.])\d{11,}(?![\d.])",
        ),
    ),
    (
        "doc_number",
        _gated(
            r"〔\[［【(（﹝",
            r"[〔\[［【(（﹝]\s*(?:19|20)\d{2}\s*[〕\]］】)）﹞]\s*第?\s*\d+\s*号",
        ),
    ),
    (
        "date",
        _gated(
            rf"\d〇零{_CN_SMALL}",
            r"(?:19|20)\d{2}(?:\s*[、,，和及与至到\-—~～]\s*(?:19|20)\d{2})*\s*年"
            r"(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?)?(?:度|底|初|末|上半年|下半年)?"
            r"|(?<![\d.])(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?![\d.])"
            r"|(?<![\d.])\d{1,2}\s*(?:[至到\-~～—]\s*\d{1,2}\s*)?月(?:份|底|初|末|[上中下]旬)?"
            r"(?:\s*\d{1,2}\s*[日号])?"
            r"|(?<![\d.])\d{1,2}\s*日"
            r"|[〇零一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,2}月"
            r"(?:[一二三四五六七八九十廿卅]{1,3}[日号])?)?"
            rf"|(?<![个第{_CN_SMALL}])[一二三四五六七八九十]{{1,2}}月(?:份|底|初|末)?"
            r"(?:[一二三四五六七八九十廿卅]{1,3}[日号])?",
        ),
    ),
    ("plan_period", _gated("十", r"十[一二三四五]五(?:规划|期间|时期)?")),
    # Clock times, alone or after a date (发布时间：2021-03-05 09:30, 上午9点, 9时30分).
    ("time", _gated(rf"\d{_CN_SMALL}零〇", _CLOCK)),
    # Party congresses and plenums are ordinals written without 第 (十九大, 十九届四中全会).
    ("ordinal", _gated(rf"党{_CN_SMALL}", _CONGRESS)),
    (
        "section_number",
        _gated(
            rf" \t\u3000（(\d{_CN_SMALL}",
            r"^[ \t\u3000]*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]"
            r"|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}(?:[.．]\d{1,2})*[、.．](?!\d)"
            r"|\d{1,2}[)）])"
            r"|(?:^|(?<=[\n。；;，,：:\s]))[一二三四五六七八九十]是(?=[\u4e00-\u9fff])"
            # A heading run into the text after a sentence (…工作。（3）推进…), as web pages do.
            r"|(?<=[。；;！？!?])[ \t\u3000]*[（(][一二三四五六七八九十\d]{1,3}[)）]",
            re.MULTILINE,
        ),
    ),
    ("ordinal", _gated("第", rf"第\s*{CORE}")),
    # Digits joined by two or more dots (10..1万) are a typing slip, not a number to guess at.
    ("malformed", _gated(r"\d", r"\d+(?:\.{2,}\d+)+[十百千万亿]*")),
    (
        "name",
        _gated(
            rf"\d{_CN}",
            rf"{CORE}\s*[级型](?:甲等|乙等|丙等)?"
            r"|[二三][甲乙](?=医院|[”\"，,、。；;）)]|$)|\d+[Gg](?![A-Za-z])",
        ),
    ),
]
_DOC_PREFIX_STOP = set("据照按于的和与及、，,。；;：:《》“”() （）\n")


@dataclass(frozen=True)
class Quantity:
    """One numeral candidate: a quantity, or a rejected numeral with its reason.

    Attributes:
        start: offset of the first character of the span in the text (inclusive).
        end: offset after the last character (exclusive); ``text[start:end] == self.text``.
        text: the span: qualifier words, number, magnitude, unit (``'约5万余份'``).
        value: value in the canonical unit, magnitudes applied; percent units for ratios.
        value_max: upper bound of a range (3至5年 → value 3, value_max 5).
        unit: canonical unit from ``schema.UNITS``, or None.
        unit_text: the unit or classifier as written (``'元'``, ``'个'``, ``'%'``).
        kind: money, percent, count, rate, duration or number.
        qualifier: exact, approx, at_least, at_most or range.
        change_from: the earlier value when the text says 从A提高到B (on B's record).
        is_quantity: False for a rejected candidate.
        reject_reason: why it was rejected (date, doc_number, id, phone, section_number,
            ordinal, plan_period, name, slogan, indefinite), else None.
        lower_bound: how the lower end bounds the value: inclusive (不低于80%, 以上, 3至5年),
            exclusive (超过80%, 5万余份) or None when there is no lower end (at_most, exact).
        upper_bound: the same for the upper end (不超过 inclusive, 不足 exclusive).
    """

    start: int
    end: int
    text: str
    value: float | None
    value_max: float | None = None
    unit: str | None = None
    unit_text: str | None = None
    kind: str | None = None
    qualifier: str | None = None
    change_from: float | None = None
    is_quantity: bool = True
    reject_reason: str | None = None
    lower_bound: str | None = None
    upper_bound: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the record as a plain dict (one row of a DataFrame)."""
        return dataclasses.asdict(self)


def extract_quantities(
    text: str, include_rejected: bool = False, slogans: tuple[Slogan, ...] | None = None
) -> list[Quantity]:
    """Find every numeral candidate in ``text`` and read it as a quantity.

    Args:
        text: any string; offsets refer to it unchanged (it is not normalised here).
        include_rejected: also return the rejected candidates (dates, document numbers,
            slogans …), each with ``is_quantity=False`` and a ``reject_reason``.
        slogans: the codebook's known numeral slogans and programme names; None for the
            packaged codebook's list. Numerals inside them are never quantities.

    Returns:
        Records sorted by start offset, spans not overlapping.

    Examples:
        >>> [(q.text, q.value, q.unit) for q in extract_quantities("核销总费用1878.59万元")]
        [('1878.59万元', 18785900.0, 'yuan')]
        >>> q = extract_quantities("先后发放宣传折页约5万余份")[0]
        >>> q.text, q.value, q.unit, q.qualifier
        ('约5万余份', 50000.0, 'copy', 'approx')
        >>> q = extract_quantities("报销比例从50%提高到60%")[-1]
        >>> q.value, q.change_from
        (60.0, 50.0)
        >>> extract_quantities("进一步统一一体化管理")
        []
        >>> [(q.text, q.reject_reason) for q in extract_quantities("2019年", include_rejected=True)]
        [('2019年', 'date')]
    """
    blocked = _find_rejections(text)
    records = list(blocked)
    starts = [r.start for r in blocked]
    ends = [r.end for r in blocked]
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    titles = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    position = 0
    for match in _scan(_CANDIDATE_SCAN, text):
        match_start, match_end = match.span("_m")
        if match_start < position or _overlaps(starts, ends, match_start, match_end):
            continue
        record = _read_candidate(text, match)
        if record is None or _overlaps(starts, ends, record.start, record.end):
            continue
        records.append(_judge(text, record, quotes, titles))
        position = record.end
    records.sort(key=lambda r: r.start)
    records = _join_open_ends(text, records)
    records = _reject_counted_numbers(records)
    records = _reject_slogan_pairs(text, records)
    records = _reject_known_slogans(
        text, records, packaged_slogans() if slogans is None else slogans
    )
    records = _reject_framing_durations(text, records)
    records = _link_changes(text, records)
    if include_rejected:
        return records
    return [r for r in records if r.is_quantity]


# --- pass 1: rejections ----------------------------------------------------------------------


def _find_rejections(text: str) -> list[Quantity]:
    """Find the never-a-quantity forms; earlier patterns win over later overlapping ones."""
    found: list[tuple[int, int, int, str]] = []
    for priority, (reason, pattern) in enumerate(_REJECTIONS):
        for match in _scan(pattern, text):
            start, end = match.span("_m")
            while start < end and text[start].isspace():
                start += 1
            if reason == "doc_number":
                start = _doc_number_start(text, start)
            found.append((start, -(end - start), priority, reason))
    found.sort()
    records: list[Quantity] = []
    last_end = -1
    for start, negative_length, _, reason in found:
        end = start - negative_length
        if start < last_end or start == end:
            continue
        span = text[start:end]
        records.append(
            Quantity(start, end, span, _first_value(span), is_quantity=False, reject_reason=reason)
        )
        last_end = end
    return records


def _doc_number_start(text: str, bracket: int) -> int:
    """Extend a document number left over its issuer abbreviation (咸医保发〔2020〕20号)."""
    start = bracket
    while start > 0 and bracket - start < 8:
        char = text[start - 1]
        if char in _DOC_PREFIX_STOP or not "\u4e00" <= char <= "\u9fff":
            break
        start -= 1
    return start


_FIRST_NUMBER = re.compile(CORE)


def _first_value(span: str) -> float | None:
    """Value of the first numeral in a rejected span (the year of a date, an ordinal's rank)."""
    match = _FIRST_NUMBER.search(span)
    return None if match is None else parse_number(match.group())


def _overlaps(starts: list[int], ends: list[int], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint blocked spans."""
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and ends[index] > start:
        return True
    return index + 1 < len(starts) and starts[index + 1] < end


# --- pass 2: read one candidate ----------------------------------------------------------------


@dataclass
class _Number:
    """A number with its magnitude, 余/多 marker and unit, before context is applied."""

    start: int
    end: int
    value: float
    numeral: str
    unit_text: str | None
    approx: bool  # 几 inside the number: 十几 is about, not more than
    more: bool  # 余 多 inside the number: 5万余份 is more than 50 000
    chinese_only: bool
    numeric_form: bool
    money_extra: float = 0.0


def _read_number(text: str, core_start: int, core_end: int, den: str | None) -> _Number | None:
    """Read the number at [core_start, core_end) with what follows it (余, 万, unit)."""
    # A greedy run can swallow a magnitude that starts the next word (百分之七十百分位).
    for stop in range(core_end, max(core_start, core_end - 3), -1):
        core = text[core_start:stop]
        after = _AFTER_CORE.match(text, stop)
        assert after is not None  # every group is optional
        numeral = core + (after["mag"] or "").strip()
        value = parse_number(numeral)
        if value is not None:
            break
    else:
        return None
    end = after.end()
    unit_text: str | None = None
    money_extra = 0.0
    if den is not None:
        value = parse_number(f"{den}分之{numeral}")
        if value is None:
            return None
        unit_text = "百分之" if den in {"百", "千", "万", "萬"} else None
    elif core == "一" and text.startswith("半", end):
        unit_text, value, end = "半", 50.0, end + 1
    elif unit := _UNIT.match(text, end):
        unit_text, end = unit["unit"], unit.end()
        value = _apply_unit_scale(unit_text, value)
        if unit_text in {"元", "圆", "块", "块钱"} or unit_text.startswith(("元", "圆")):
            money_extra, end = _money_tail(text, end)
    chinese_only, numeric_form = _numeral_form(core, numeral)
    return _Number(
        start=core_start,
        end=end,
        value=value,
        numeral=numeral,
        unit_text=unit_text,
        approx=bool(after["approx"]),
        more=bool(after["more"] or after["more2"]),
        chinese_only=chinese_only,
        numeric_form=numeric_form,
        money_extra=money_extra,
    )


# Cached because a document repeats its numerals, and these character loops cost more per
# candidate than the regexes do.
@lru_cache(maxsize=4096)
def _numeral_form(core: str, numeral: str) -> tuple[bool, bool]:
    """(chinese_only, numeric_form): no Arabic digit; a digit and a magnitude (1.2万)."""
    chinese_only = not any(c.isdigit() for c in core)
    has_digit = any(c in DIGITS or c.isdigit() for c in core)
    has_magnitude = any(c in _CN_MAGNITUDES for c in numeral)
    return chinese_only, has_digit and has_magnitude and len(numeral) >= 2


#: A table cell written under its column (ingest writes a row as 区县，签约人数(人)：3126) or a
#: row of a table typed as text (医疗卫生机构数（个）　18612　　18345): the unit in the label's
#: brackets, with its magnitude (资金(万元)：1200 is 12 million yuan).
_HEADER_UNIT = re.compile(
    r"[(（]\s*(?P<mag>[万亿千百]?)(?P<unit>[^()（）:：,，\d]{1,3}?)\s*[)）]"
    r"(?:\s*[:：]|[ \t\u3000]+(?:[\d.]+[ \t\u3000]+)*)\s*\Z"
)


def _header_unit(text: str, start: int) -> tuple[str, float] | None:
    """The unit (and its scale) a column header gives a bare number right after it, or None."""
    match = _HEADER_UNIT.search(text, max(0, start - 40), start)
    if match is None:
        return None
    unit = match["unit"]
    if unit not in _UNITS and not _is_money(unit):
        return None
    return unit, (parse_number("一" + match["mag"]) or 1.0) if match["mag"] else 1.0


def _apply_unit_scale(unit_text: str, value: float) -> float:
    """Scale values whose unit implies a factor: ‰ (per mille) and 成 (tenths) to percent."""
    if unit_text == "‰":
        return value / 10
    if unit_text == "成":
        return value * 10
    return value


def _money_tail(text: str, end: int) -> tuple[float, int]:
    """Read 角 and 分 after 元 (123元1角1分) and 整; return the extra yuan and the new end."""
    match = _MONEY_TAIL.match(text, end)
    if match is None or match.end() == end:
        return 0.0, end
    extra = 0.0
    if match["jiao"]:
        extra += (parse_number(match["jiao"]) or 0.0) / 10
    if match["fen"]:
        extra += (parse_number(match["fen"]) or 0.0) / 100
    return extra, match.end()


def _read_candidate(text: str, match: re.Match[str]) -> Quantity | None:
    """Read one candidate: the number, a range to a second number, qualifiers and unit."""
    first = _read_number(text, match.start("core"), match.end("core"), match["den"])
    if first is None:
        return None
    start = match.start()
    sign_before = _SIGN_BEFORE.search(text, max(0, start - 2), start) is not None
    negative = sign_before or match["neg"] is not None
    start -= sign_before
    second = _read_range_end(text, first)
    last = second or first
    bounds = _qualify(text, start, last.end, first, ranged=second is not None)
    has_ratio = match["den"] is not None
    compared = bounds.qualifier in {"at_least", "at_most"}
    if not (compared or _is_numeric_form(text, last, has_ratio, start)):
        return None
    unit_text = last.unit_text or first.unit_text
    value = first.value + first.money_extra
    value_max = None if second is None else second.value + second.money_extra
    if second is not None and first.unit_text is None and second.unit_text is not None:
        value = _scale_like(first, second, value)
    if unit_text is None and (header := _header_unit(text, start)) is not None:
        unit_text, scale = header
        value *= scale
        value_max = None if value_max is None else value_max * scale
    if negative:
        value = -value
    unit, kind = _canonical_unit(text, first.start, bounds.end, unit_text)
    return Quantity(
        start=bounds.start,
        end=bounds.end,
        text=text[bounds.start : bounds.end],
        value=value,
        value_max=value_max,
        unit=unit,
        unit_text=unit_text,
        kind=kind,
        qualifier=bounds.qualifier,
        lower_bound=bounds.lower,
        upper_bound=bounds.upper,
    )


@dataclass(frozen=True)
class _Bounds:
    """The qualifier of a number, how its ends are bounded, and its span with the words."""

    qualifier: str
    lower: str | None
    upper: str | None
    start: int
    end: int


def _qualify(text: str, start: int, end: int, number: _Number, ranged: bool) -> _Bounds:
    """Read the qualifier words around the number at [start, end) (约, 以上, 不低于, 比…大).

    A range keeps its qualifier whatever words surround it; otherwise a word after the number
    wins over 余/多 (more than) or 几 (about) inside it, and a word before wins over both unless
    the word after bounds it.
    """
    bound: str | None
    if ranged:
        qualifier, bound = "range", "inclusive"
    else:
        qualifier, bound = _inner_qualifier(number)
    from_suffix = False
    if text[end : end + 1] in _SUFFIX_STARTS and (suffix := _SUFFIX.match(text, end)):
        if not ranged:
            qualifier, bound = _SUFFIX_QUALIFIER[suffix["q"]]
            from_suffix = qualifier != "approx"
        end = suffix.end()
    elif (
        text[start - 1 : start] in _THAN_ENDS
        and (before := _THAN_BEFORE.search(text, max(0, start - 3), start))
        and (than := _THAN_AFTER.match(text, end))
    ):
        qualifier = "at_least" if than["more"] else "at_most"
        bound, start, end = "exclusive", before.start(), than.end()
    if text[start - 1 : start] in _PREFIX_ENDS and (
        prefix := _PREFIX.search(text, max(0, start - 10), start)
    ):
        if not (ranged or from_suffix):
            qualifier, bound = _PREFIX_QUALIFIER[_prefix_word(prefix["q"])]
        start = prefix.start()
    elif qualifier == "exact" and _APPROX_SHARE.search(text, max(0, start - 20), start):
        qualifier = "approx"  # the words stay out of the quantity: they name its base
    if qualifier == "at_least" and _THRESHOLD_PART.match(text, end):
        # 超过3000元的部分由兜底资金解决: 3000元 is where a bracket starts, stated exactly.
        qualifier, bound = "exact", None
    if ranged:
        return _Bounds(qualifier, bound, bound, start, end)
    lower = bound if qualifier == "at_least" else None
    upper = bound if qualifier == "at_most" else None
    return _Bounds(qualifier, lower, upper, start, end)


def _inner_qualifier(number: _Number) -> tuple[str, str | None]:
    """The qualifier the numeral itself carries, with its bound.

    5万余 is more than 50,000 (an exclusive bound), 十几 is about (no bound), 32 is exact.
    """
    if number.more:
        return "at_least", "exclusive"
    return ("approx", None) if number.approx else ("exact", None)


def _prefix_word(word: str) -> str:
    """The comparison word of a prefix in the form the tables use (大于 或 等于, ≥ → 大于等于)."""
    word = "".join(word.split())
    return _SIGNS.get(word, word.replace("或者", "").replace("或", ""))


def _is_numeric_form(text: str, number: _Number, has_ratio: bool, start: int) -> bool:
    """Whether a numeral run is a number by its form (rule 2 of the module docstring)."""
    if not number.chinese_only or has_ratio:
        return True
    core = number.numeral
    if core[0] in "万亿萬億":
        return False  # 万一, 亿万: a magnitude needs a coefficient
    if not any(c in DIGITS for c in core):
        # Bare magnitudes: 十项 and 百万人 are numbers, 千方百计 and 每千人口 are not.
        return (
            number.unit_text is not None
            and core[0] in "十百拾佰"
            and not text.endswith("每", 0, start)
        )
    return number.unit_text is not None or number.numeric_form


def _read_range_end(text: str, first: _Number) -> _Number | None:
    """Read the upper end of a range (3至5年, 1万(含)-5万元, 20和30之间), or None.

    A dash joins two numbers only when one has a unit (2016-2020 and 1-2 are not ranges here);
    至 and 到 join bare numbers too (一千到一千五百); 和 and 与 only with 之间 after.
    """
    separator = _RANGE_SEP.match(text, first.end)
    if separator is None:
        return None
    core = _CANDIDATE.match(text, separator.end())
    if core is None or core["den"] is not None:
        return None
    second = _read_number(text, core.start("core"), core.end("core"), None)
    if second is None:
        return None
    if separator["between"]:
        between = _BETWEEN.match(text, second.end)
        if between is None:
            return None
        second = dataclasses.replace(second, end=between.end())
    elif first.unit_text is None and second.unit_text is None and separator["dash"] not in "至到":
        return None
    if (
        first.unit_text
        and second.unit_text
        and _UNITS.get(first.unit_text) != _UNITS.get(second.unit_text)
        and not (_is_money(first.unit_text) and _is_money(second.unit_text))
    ):
        return None
    return second


def _is_money(unit_text: str | None) -> bool:
    return unit_text is not None and (unit_text[0] in "元圆块" or unit_text == "人民币")


_TRAILING_MAGNITUDE = re.compile(r"[十百千万亿拾佰仟萬億]+$")


def _scale_like(first: _Number, second: _Number, value: float) -> float:
    """Give the lower end of a range the magnitude written only on the upper end.

    两到三万 → 20000–30000, 一百二十到一百五十万 → 1.2–1.5 million, 八百到九百亿: 亿 only.
    """
    trailing = _TRAILING_MAGNITUDE.search(second.numeral)
    if trailing is None:
        return value
    run = trailing.group()
    while run and any(c in first.numeral for c in run):
        run = run[1:]
    factor = parse_number("一" + run) if run else None
    return value * factor if factor else value


def _canonical_unit(
    text: str,
    number_start: int,
    end: int,
    unit_text: str | None,
) -> tuple[str | None, str]:
    """Map the unit as written to (canonical unit, kind), reading the context when needed."""
    unit: str | None
    if _is_money(unit_text):
        assert unit_text is not None
        before = _clause_before(text, number_start)
        per_person = "/人" in unit_text or _PER_PERSON.search(before) is not None
        per_person = per_person or (unit_text == "元" and _GIVEN_TO_EACH.search(before) is not None)
        per_year = unit_text.endswith("年") or _PER_YEAR.search(before) is not None
        if YEARLY_LIMIT.search(before):  # 年度封顶线, 年度救助限额: what one person may get
            per_person = per_year = True
        if per_person:
            return ("yuan_per_person_year" if per_year else "yuan_per_person"), "money"
        return "yuan", "money"
    if unit_text is None:
        unit = _noun_unit(text, end, bare=True)
    elif unit_text in {"个", "個"}:
        unit = _noun_unit(text, end, bare=False) or _noun_before(text, number_start) or "item"
    elif unit_text in {"种", "类"}:
        window = text[max(0, number_start - 30) : end + 10]
        disease = "病" in window
        unit = ("disease" if unit_text == "种" else "disease_category") if disease else "item"
    elif unit_text == "张":
        # 实有床位7.86万张，比上年增加2416张: the beds may be named a clause before.
        unit = "bed" if "床" in text[max(0, number_start - 24) : end + 4] else "item"
    else:
        unit = _UNITS.get(unit_text, (None, "number"))[0]
    # The clause before is read only here and for money: most candidates never need it.
    if unit in {"person", None} and _PER_10K.search(_clause_before(text, number_start)):
        return "person_per_10k_population", "rate"
    kind = _UNITS[unit_text][1] if unit_text in _UNITS else ("count" if unit else "number")
    if unit_text in {"个", "個"} or unit_text is None:
        kind = "count" if unit else "number"
    return unit, kind


def _clause_before(text: str, start: int) -> str:
    """The text of the clause before ``start`` (at most 20 characters)."""
    window = text[max(0, start - 20) : start]
    cut = max((m.end() for m in _CLAUSE_STOP.finditer(window)), default=0)
    return window[cut:]


def _noun_unit(text: str, end: int, bare: bool) -> str | None:
    """Unit from the head noun after a number or 个 (4个乡镇卫生院 → institution).

    After 个 only places, institutions, diseases and households count (people take 名 人 位);
    after a bare number only people and households do (162.75万贫困人口 → person).
    """
    window = text[end : end + (20 if bare else 12)]
    stop = _NOUN_STOP.search(window)
    if stop is not None:
        window = window[: stop.start()]
    wanted = {"person", "household"} if bare else set(_PLACE_NOUNS)
    match = next((m for m in _GE_NOUN.finditer(window) if m.lastgroup in wanted), None)
    if match is None:
        return None
    # A compound noun takes the unit of its last part: 乡镇 + 卫生院 → institution.
    while (following := _GE_NOUN.match(window, match.end())) and following.lastgroup == (
        "institution"
    ):
        match = following
    return match.lastgroup


def _noun_before(text: str, start: int) -> str | None:
    """Unit from the last noun of the clause before ``X个`` (示范机构270个 → institution)."""
    clause = _clause_before(text, start)
    matches = [m for m in _GE_NOUN.finditer(clause)]
    # 全县组建…团队132个: 全县 (本县, 该县) is where, not what is counted.
    matches = [
        m
        for m in matches
        if m.lastgroup in _PLACE_NOUNS and clause[max(0, m.start() - 1) : m.start()] not in _WHERE
    ]
    return matches[-1].lastgroup if matches else None


#: Before a place noun, the words that make it the scope (全县, 本市, 该区), not a counted noun.
_WHERE = {"全", "本", "该", "我"}


# --- pass 3: context ---------------------------------------------------------------------------


def _judge(
    text: str, record: Quantity, quotes: list[tuple[int, int]], titles: list[tuple[int, int]]
) -> Quantity:
    """Reject slogans, titles, structural counts and indefinite articles; read negated counts.

    ``quotes`` and ``titles`` are the sorted spans of short quotations and of 《》 titles.
    """
    reason = None
    if titles and _inside(titles, record.start, record.end):
        reason = "policy_name"  # 《某省健康扶贫20条措施》, 《“十三五”卫生规划》
    elif _inside(quotes, record.start, record.end) or _PLUS_SLOGAN.match(text, record.end):
        reason = "slogan"
    elif negated := _negated(text, record):
        return negated
    elif record.qualifier in _BOUNDED:
        pass  # a compared number (大于二十小于三十) is not a slogan's count
    elif _is_compound_slogan(text, record) or _POLICY_WORD.match(text, record.end):
        reason = "slogan" if record.unit not in {"yuan", "percent", "m2"} else None
    elif _is_number_slogan(text, record):
        reason = "slogan"
    elif record.unit_text in {"个", None} and _STRUCTURAL.match(text, record.end):
        reason = "structural"
    elif _is_indefinite(record):
        reason = "indefinite"
    if reason is None:
        return record
    return dataclasses.replace(record, is_quantity=False, reject_reason=reason)


#: Nouns that count the parts of the text itself (从五个方面, 分三个阶段), not anything counted.
_STRUCTURAL = re.compile(r"方面|环节|层面|维度|板块|步骤|阶段|层次|部分")
#: What a slogan counts when it counts verbs (两个确保, 四个不摘, 五个全覆盖).
_SLOGAN_HEAD = re.compile(r"确保|坚持|不摘|不变|优先|转变|全覆盖|清零|聚焦|到位")


def _is_number_slogan(text: str, record: Quantity) -> bool:
    """A count of numbers or of verbs is a slogan: 三个100%, 五个一百, 两个确保.

    The count is ``N个`` directly followed by another numeral or by a verb of the slogans'
    kind; the numeral that follows it is rejected by _reject_counted_numbers.
    """
    if record.unit_text != "个" or record.end >= len(text):
        return False
    following = text[record.end]
    if following.isdigit() or following in _CN_DIGIT_CHARS:
        return True
    return not any(c.isdigit() for c in record.text) and bool(_SLOGAN_HEAD.match(text, record.end))


def _reject_counted_numbers(records: list[Quantity]) -> list[Quantity]:
    """Reject the number right after a slogan's count (the 100% of 三个100%)."""
    judged = list(records)
    for index in range(1, len(records)):
        left, right = records[index - 1], records[index]
        if left.reject_reason == "slogan" and left.unit_text == "个" and right.start == left.end:
            judged[index] = dataclasses.replace(right, is_quantity=False, reject_reason="slogan")
    return judged


# Negated counts. 未发生一例, 无一户, 没有一人 report none: a zero, with the negation in the span.
# 不让一户, 不落下一人, 不止一次, and a double negation (没有一户不…: every household) are not
# counts at all.
_NONE_BEFORE = re.compile(r"(?:无|未(?:发生|出现|有|见)?|没有?(?:发生|出现)?)\s*\Z")
_NOT_BEFORE = re.compile(r"(?:不|决不|绝不|不能|不得)(?:让|使|落下|漏|丢下|止|只|是)?\s*\Z")
_NOT_AFTER = re.compile(r"[^，,。；;！？!?\n]*?[不没未]")
_NONE_UNITS = {"例", "户", "人", "名", "个", "家", "位", "所", "件", "次", "人次", "例次", "项"}


def _negated(text: str, record: Quantity) -> Quantity | None:
    """A negated count of one: a zero when the text says none, else a rejected numeral."""
    if record.value != 1 or record.qualifier != "exact" or record.unit_text not in _NONE_UNITS:
        return None
    window_start = max(0, record.start - 4)
    if none := _NONE_BEFORE.search(text, window_start, record.start):
        if not _NOT_AFTER.match(text, record.end):
            start = none.start()
            return dataclasses.replace(
                record, start=start, text=text[start : record.end], value=0.0
            )
    elif _NOT_BEFORE.search(text, window_start, record.start) is None:
        return None
    return dataclasses.replace(record, is_quantity=False, reject_reason="negation")


# Framing durations. 在一年内, 五年来, 连续两年, 用三年时间, and a clause that opens with a span
# of time before its facts (五年晋升职称841人) say when the facts happened, not what was
# measured; the period belongs to the facts. A duration is itself the measured value when it
# is bounded (不少于6个月), named as a term or limit (5年过渡期, 服务期限3年), or stands alone.
_FRAME_AFTER = re.compile(r"之?内|来|以来|间|里|之中|中|期间|之?后|之?前|时间")
_FRAME_BEFORE = re.compile(r"(?:连续|过去|最近|这|今后|未来|此后|此前|前|头|用|经过|历时)\s*\Z")
_MEASURED_BEFORE = re.compile(r"(?:期限|年限|为期|期为|满|长达|达到?|延长|缩短|为|是)[至到]?\s*\Z")
_MEASURED_AFTER = re.compile(r"(?:的)?(?:过渡期|期限|服务期|周期|试用期|有效期)")
_CLAUSE_OPEN = re.compile(r"(?:^|[，,。；;：:！？!?\n])\s*(?:这|近|过去|全|最近)?\s*\Z")


def _reject_framing_durations(text: str, records: list[Quantity]) -> list[Quantity]:
    """Reject durations that frame a statement rather than measure anything (see above)."""
    judged = list(records)
    for index, record in enumerate(records):
        if record.is_quantity and record.kind == "duration":
            following = next((r for r in records[index + 1 :] if r.is_quantity), None)
            if _is_framing(text, record, following):
                judged[index] = dataclasses.replace(
                    record, is_quantity=False, reject_reason="duration"
                )
    return judged


def _is_framing(text: str, record: Quantity, following: Quantity | None) -> bool:
    """Whether a duration frames its clause (the rules above)."""
    if record.qualifier in {"at_least", "range"} or record.text.endswith("以内"):
        return False
    before = text[max(0, record.start - 4) : record.start]
    if _MEASURED_BEFORE.search(before) or _MEASURED_AFTER.match(text, record.end):
        return False
    if record.text.endswith("之内") or record.text.startswith("近"):
        return True
    if _FRAME_AFTER.match(text, record.end) or _FRAME_BEFORE.search(before):
        return True
    # A clause that opens with the duration and goes on to a fact of its own.
    if following is None or not _CLAUSE_OPEN.search(text, max(0, record.start - 4), record.start):
        return False
    return _CLAUSE_STOP.search(text, record.end, following.start) is None


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(spans, (start, len(spans) + 10**12)) - 1
    return index >= 0 and spans[index][0] <= start and end <= spans[index][1]


#: reject_reason for a numeral inside a known slogan, by the slogan's kind in the codebook.
_SLOGAN_REASON = {
    "slogan": "slogan",
    "programme": "slogan",
    "policy_name": "policy_name",
    "term": "name",
}


@lru_cache(maxsize=1)
def packaged_slogans() -> tuple[Slogan, ...]:
    """The packaged codebook's known slogans, read once."""
    return load_slogans()


def _reject_known_slogans(
    text: str, records: list[Quantity], slogans: tuple[Slogan, ...]
) -> list[Quantity]:
    """Reject quantities inside a slogan the codebook knows (三个一批, 两不愁三保障 …).

    The rules by form catch most slogans; the codebook's list catches the ones whose form is
    that of a real count, and lets researchers add what a new document shows.
    """
    spans = find_slogans(text, slogans)
    if not spans:
        return records
    starts = [start for start, _, _ in spans]
    ends = [end for _, end, _ in spans]
    kept = []
    for record in records:
        index = bisect.bisect_right(starts, record.start) - 1
        if record.is_quantity and index >= 0 and ends[index] > record.start:
            reason = _SLOGAN_REASON.get(spans[index][2].kind, "slogan")
            record = dataclasses.replace(record, is_quantity=False, reject_reason=reason)
        kept.append(record)
    return kept


def _is_compound_slogan(text: str, record: Quantity) -> bool:
    """A Chinese numeral followed within three characters by another: 五个一, 三个一批."""
    if any(c.isdigit() for c in record.text):
        return False
    for char in text[record.end : record.end + 3]:
        if char in _CN_DIGIT_CHARS:
            return True
        if not "\u4e00" <= char <= "\u9fff":
            break
    return False


#: Reasons a slogan pair overrides: 不落下一户一人 is one slogan whatever negates it.
_PAIRABLE = {None, "slogan", "indefinite", "negation"}
#: Qualifiers that make a number a bound or a range: compared numbers are never slogans.
_BOUNDED = {"at_least", "at_most", "range"}


def _reject_slogan_pairs(text: str, records: list[Quantity]) -> list[Quantity]:
    """Two Chinese counts at most three characters apart are one slogan: 一村一名, 一户一人."""
    judged = list(records)
    for index in range(1, len(records)):
        left, right = records[index - 1], records[index]
        gap = text[left.end : right.start]
        if (
            len(gap) <= 3
            and all("\u4e00" <= c <= "\u9fff" for c in gap)
            and not any(c.isdigit() for c in left.text + right.text)
            and left.reject_reason in _PAIRABLE
            and right.reject_reason in _PAIRABLE
            and not {left.qualifier, right.qualifier} & _BOUNDED
        ):
            for position, record in ((index - 1, left), (index, right)):
                judged[position] = dataclasses.replace(
                    record, is_quantity=False, reject_reason="slogan"
                )
    return judged


_OPEN_ENDED = {"at_least", "at_most"}
#: What may stand between the two ends of a range written in words (不低于80%且不超过90%).
_BOUND_JOINER = re.compile(r"\s*[,，、]?\s*(?:的同时|同时|并且|而且|并|且|而|但)?\s*")


def _join_open_ends(text: str, records: list[Quantity]) -> list[Quantity]:
    """Join a lower and an upper bound written side by side into one range.

    5000元以上1万元以下, 不低于80%且不超过90%, 最多100最少20个: two adjacent bounded
    quantities with at most a conjunction between them, the same unit (or one bare), and the
    lower end not above the upper. 60岁以上、15岁以下 (two groups) stays two records.
    """
    joined: list[Quantity] = []
    index = 0
    while index < len(records):
        record = records[index]
        both = None
        if record.qualifier in _OPEN_ENDED and index + 1 < len(records):
            both = _join_bounds(text, record, records[index + 1])
        joined.append(both or record)
        index += 2 if both else 1
    return joined


def _join_bounds(text: str, left: Quantity, right: Quantity) -> Quantity | None:
    """The range that ``left`` and ``right`` bound together, or None."""
    if not (left.is_quantity and right.is_quantity):
        return None
    if {left.qualifier, right.qualifier} != {"at_least", "at_most"}:
        return None
    if _BOUND_JOINER.fullmatch(text, left.end, right.start) is None:
        return None
    if left.unit and right.unit and left.unit != right.unit:
        return None
    low, high = (left, right) if left.qualifier == "at_least" else (right, left)
    if low.value is None or high.value is None or low.value > high.value:
        return None
    unit_from = right if right.unit_text or not left.unit_text else left
    return dataclasses.replace(
        unit_from,
        start=left.start,
        end=right.end,
        text=text[left.start : right.end],
        value=low.value,
        value_max=high.value,
        qualifier="range",
        lower_bound=low.lower_bound,
        upper_bound=high.upper_bound,
        change_from=None,
    )


def _is_indefinite(record: Quantity) -> bool:
    """一个, 一项: the Chinese indefinite article, not a count (unless qualified: 至少一个)."""
    return (
        record.text[:1] == "一"
        and record.qualifier == "exact"
        and record.unit_text in _INDEFINITE_CLASSIFIERS
        and record.text == "一" + record.unit_text
    )


def _link_changes(text: str, records: list[Quantity]) -> list[Quantity]:
    """Set change_from on B in 从A提高到B / 由A扩大至B (A keeps its own record)."""
    linked = list(records)
    for index, record in enumerate(records):
        if not record.is_quantity:
            continue
        verb = _CHANGE_VERB.search(text, max(0, record.start - 6), record.start)
        if verb is None:
            continue
        window_start = max(0, verb.start() - 40)
        window = text[window_start : verb.start()]
        cut = max((m.end() for m in _SENTENCE_STOP.finditer(window)), default=0)
        marker = max((m.start() for m in _CHANGE_FROM.finditer(window, cut)), default=-1)
        if marker < 0:
            continue
        lower = window_start + marker
        earlier = [
            r
            for r in records[:index]
            if r.is_quantity and r.start >= lower and r.end <= verb.start()
        ]
        if not earlier:
            continue
        same_unit = [r for r in earlier if r.unit == record.unit]
        source = same_unit[0] if same_unit else earlier[0]
        linked[index] = dataclasses.replace(record, change_from=source.value)
    return linked
