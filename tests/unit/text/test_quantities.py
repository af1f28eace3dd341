from __future__ import annotations

import dataclasses
import itertools
import math
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_corpus.contract.schema import BOUND_COLUMNS, QUALIFIERS, QUANTITY_COLUMNS, UNITS
from policy_corpus.text import quantities
from policy_corpus.text.quantities import Quantity, extract_quantities


def only(text: str) -> Quantity:
    """The single quantity in ``text``."""
    records = extract_quantities(text)
    assert len(records) == 1, records
    return records[0]


def check(record: Quantity, **expected: Any) -> None:
    for name, value in expected.items():
        got = getattr(record, name)
        if isinstance(value, float) and got is not None:
            assert math.isclose(got, value, rel_tol=1e-12), (name, got, value)
        else:
            assert got == value, (name, got, value)


# --- 1. values, units and kinds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "kind"),
    [
        ("核销总费用1878.59万元,报销", "1878.59万元", 18785900.0, "yuan", "money"),
        ("累计投入资金38.46亿元。", "38.46亿元", 3846000000.0, "yuan", "money"),
        ("统筹227万元用于体检", "227万元", 2270000.0, "yuan", "money"),
        ("共计壹仟玖佰圆整", "壹仟玖佰圆整", 1900.0, "yuan", "money"),
        ("开销123元1角1分", "123元1角1分", 123.11, "yuan", "money"),
        ("8亿元人民币", "8亿元人民币", 800000000.0, "yuan", "money"),
        ("报销比例达91.42%。", "91.42%", 91.42, "percent", "percent"),
        ("签约率达９８．８０％", "９８．８０％", 98.8, "percent", "percent"),
        ("覆盖率提高2.5个百分点", "2.5个百分点", 2.5, "percentage_point", "percent"),
        ("比例达到百分之八十", "百分之八十", 80.0, "percent", "percent"),
        ("补助的一半用于大病保险", "一半", 50.0, "percent", "percent"),
        ("九成群众知晓政策", "九成", 90.0, "percent", "percent"),
        ("误差不超过5‰", "不超过5‰", 0.5, "percent", "percent"),
        ("住院3208人次,", "3208人次", 3208.0, "person_time", "count"),
        ("培训人员5546名。", "5546名", 5546.0, "person", "count"),
        ("村医33人、", "33人", 33.0, "person", "count"),
        ("专家7位来访", "7位", 7.0, "person", "count"),
        ("改建户厕221.4万户,", "221.4万户", 2214000.0, "household", "count"),
        ("确定164家定点救治医疗机构", "164家", 164.0, "institution", "count"),
        ("改扩建县级医院24所、", "24所", 24.0, "institution", "count"),
        ("改扩建3个乡镇卫生院业务综合楼", "3个", 3.0, "institution", "count"),
        ("实现30个村卫生室达标", "30个", 30.0, "institution", "count"),
        ("示范机构270个,", "270个", 270.0, "institution", "count"),
        ("已覆盖全区96个县、市", "96个", 96.0, "county", "count"),
        ("在25个区县开展试点", "25个", 25.0, "county", "count"),
        ("18个深度贫困乡镇全部配备", "18个", 18.0, "township", "count"),
        ("帮扶12个贫困村,", "12个", 12.0, "village", "count"),
        ("救治病种扩大至32种疾病", "32种", 32.0, "disease", "count"),
        ("建立10类重点疾病双向转诊", "10类", 10.0, "disease_category", "count"),
        ("推广10项适宜技术", "10项", 10.0, "item", "count"),
        ("发放折页5万余份。", "5万余份", 50000.0, "copy", "count"),
        ("集中培训10余次,", "10余次", 10.0, "time", "count"),
        ("开展手术1.2万台次,", "1.2万台次", 12000.0, "time", "count"),
        ("开展讲座300场。", "300场", 300.0, "time", "count"),
        ("开放床位170张,", "170张", 170.0, "bed", "count"),
        ("印发宣传画3000张", "3000张", 3000.0, "item", "count"),
        ("综合楼5123平方米,", "5123平方米", 5123.0, "m2", "number"),
        ("服务期限为3年。", "3年", 3.0, "year", "duration"),
        ("过渡期为两年", "两年", 2.0, "year", "duration"),
        ("试用期6个月", "6个月", 6.0, "month", "duration"),
        ("为162.75万深度贫困人口投保", "162.75万", 1627500.0, "person", "count"),
        ("带动近7000人增收", "近7000人", 7000.0, "person", "count"),
        ("投入三千五百万元", "三千五百万元", 35000000.0, "yuan", "money"),
        ("惠及两万多人", "两万多人", 20000.0, "person", "count"),
        ("设立5年过渡期", "5年", 5.0, "year", "duration"),
        # 例 counts cases, like 人次; a family-doctor team is not a household (家庭医生).
        ("开展远程会诊1860例。", "1860例", 1860.0, "person_time", "count"),
        ("组建家庭医生团队85个,", "85个", 85.0, "item", "count"),
        ("帮扶贫困家庭120个", "120个", 120.0, "household", "count"),
    ],
)
def test_units_and_values(text: str, span: str, value: float, unit: str, kind: str) -> None:
    record = extract_quantities(text)[0]
    check(record, text=span, value=value, unit=unit, kind=kind)
    assert text[record.start : record.end] == span


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a table row as ingest writes it: each cell after its column, the unit in brackets
        (
            "雪城区，建档立卡贫困人口(人)：3126，家庭医生签约率(%)：96.8",
            [("3126", 3126.0, "person"), ("96.8", 96.8, "percent")],
        ),
        # the column's magnitude scales the cell
        ("甲镇，资金(万元)：1200", [("1200", 12_000_000.0, "yuan")]),
        ("签约人数（万人）：1.2", [("1.2", 12_000.0, "person")]),
        # a table typed as text: the label's unit for every figure of its row
        (
            "医疗卫生机构数（个）　18612　　18345",
            [("18612", 18612.0, "institution"), ("18345", 18345.0, "institution")],
        ),
        # a bracket that is not a unit gives none
        ("全区(含市辖区) 3个县", [("3个", 3.0, "county")]),
    ],
)
def test_table_cells_take_their_columns_unit(text, expected) -> None:
    assert [(r.text, r.value, r.unit) for r in extract_quantities(text)] == expected


def test_beds_named_a_clause_before_their_increase() -> None:
    records = extract_quantities("实有床位7.86万张，比上年增加2416张")
    assert [(r.text, r.unit) for r in records] == [("7.86万张", "bed"), ("2416张", "bed")]


@pytest.mark.parametrize(
    ("text", "unit", "kind"),
    [
        ("每万名居民有全科医生3.19名。", "person_per_10k_population", "rate"),
        ("按照每人每年300元标准筹资", "yuan_per_person_year", "money"),
        ("人均筹资增加了35元,", "yuan_per_person", "money"),
        ("补助标准为50元/人/年", "yuan_per_person_year", "money"),
        # A bare 元 amount given to a group is what each member gets …
        ("对返聘的退休医生每年给予3600元生活补助", "yuan_per_person_year", "money"),
        ("对签约的贫困患者发放200元", "yuan_per_person", "money"),
        # … a total for the group is written in 万元.
        ("对贫困人口给予医疗救助资金820万元", "yuan", "money"),
        # A yearly ceiling is what one person may be paid in a year; a year's total is not.
        ("医疗救助年度救助限额1万元", "yuan_per_person_year", "money"),
        ("年度最高支付限额30万元", "yuan_per_person_year", "money"),
        ("2019年度救助资金支出500万元", "yuan", "money"),
    ],
)
def test_rates_and_money_per_person(text: str, unit: str, kind: str) -> None:
    check(only(text), unit=unit, kind=kind)


# --- 2. words that merely contain a numeral are never candidates --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "统一执行政策",
        "推进乡村一体化管理",
        "进一步提高政治站位",
        "健康扶贫是关键举措之一",
        "保障村医队伍稳定",
        "解决一些问题",
        "万一发生意外",
        "千方百计解决困难",
        "一起研究部署",
        "奋战在一线",
        "唯一的办法",
        "南疆四地州",
        "一次性补助",
        "千万不能松劲",
        "每千人口床位数",
        "小明每天收拾房间",
    ],
)
def test_words_containing_numerals_are_not_candidates(text: str) -> None:
    assert extract_quantities(text, include_rejected=True) == []


# --- 3. qualifiers, ranges and changes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "qualifier", "value"),
    [
        ("发放约5万余份", "约5万余份", "approx", 50000.0),
        ("累计投入资金约47.67亿元", "约47.67亿元", "approx", 4767000000.0),
        # 余 and 多 inside the number mean "more than"; 几 is vague (about).
        ("享受政策180余万人次", "180余万人次", "at_least", 1800000.0),
        ("培训乡村医生两万多人", "两万多人", "at_least", 20000.0),
        ("集中培训10余次,", "10余次", "at_least", 10.0),
        ("组织义诊十几场", "十几场", "approx", 10.0),
        ("总投资四十几亿元", "四十几亿元", "approx", 4e9),
        ("惠及贫困患者近600名", "近600名", "approx", 600.0),
        ("约100人左右参加", "约100人左右", "approx", 100.0),
        ("覆盖率达到80%以上。", "80%以上", "at_least", 80.0),
        ("50万元(含)以上的项目", "50万元(含)以上", "at_least", 500000.0),
        ("每年开展2万场以上", "2万场以上", "at_least", 20000.0),
        ("总点击量超过25亿次", "超过25亿次", "at_least", 2500000000.0),
        ("至少有1名合格医师", "至少有1名", "at_least", 1.0),
        ("每个乡镇卫生院至少配备2名全科医生", "至少配备2名", "at_least", 2.0),
        # 约占…的: the hedge is on the share; the base it is a share of stays out of the span.
        ("约占全区县（市、区）总数的94%", "94%", "approx", 94.0),
        ("约占建档立卡贫困人口的79%", "79%", "approx", 79.0),
        ("占建档立卡贫困人口的79%", "79%", "exact", 79.0),
        # the part above a threshold: the threshold, stated exactly
        ("年度个人自付费用超过3000元的部分，由兜底资金解决", "超过3000元", "exact", 3000.0),
        ("不少于3次随访", "不少于3次", "at_least", 3.0),
        ("自付比例控制在10%以内,", "控制在10%以内", "at_most", 10.0),
        ("负担控制在5000元以内。", "控制在5000元以内", "at_most", 5000.0),
        ("起付线不超过1万元", "不超过1万元", "at_most", 10000.0),
        ("费用在1万元以下", "1万元以下", "at_most", 10000.0),
        ("报销比例达91.42%", "91.42%", "exact", 91.42),
        ("节约5万元", "5万元", "exact", 50000.0),
    ],
)
def test_qualifiers(text: str, span: str, qualifier: str, value: float) -> None:
    check(only(text), text=span, qualifier=qualifier, value=value)


@pytest.mark.parametrize(
    ("text", "span", "value", "value_max", "unit"),
    [
        ("服务期3至5年", "3至5年", 3.0, 5.0, "year"),
        ("服务期3-5年", "3-5年", 3.0, 5.0, "year"),
        ("配备3～5个", "3～5个", 3.0, 5.0, "item"),
        ("报账金额在1万(含)-5万元之间", "1万(含)-5万元", 10000.0, 50000.0, "yuan"),
        ("补助1万元--5万元", "1万元--5万元", 10000.0, 50000.0, "yuan"),
        ("补助两到三万元", "两到三万元", 20000.0, 30000.0, "yuan"),
        ("投资一百二十到一百五十万元", "一百二十到一百五十万元", 1.2e6, 1.5e6, "yuan"),
        ("自付比例5%至10%", "5%至10%", 5.0, 10.0, "percent"),
    ],
)
def test_ranges(text: str, span: str, value: float, value_max: float, unit: str) -> None:
    check(only(text), text=span, value=value, value_max=value_max, unit=unit, qualifier="range")


@pytest.mark.parametrize(
    ("text", "span", "value", "value_max", "bounds", "unit"),
    [
        # Ends carry their own qualifiers; unit and magnitude are shared across the range.
        ("补助5至10万元", "5至10万元", 5e4, 1e5, ("inclusive", "inclusive"), "yuan"),
        ("过渡期3至5年", "3至5年", 3.0, 5.0, ("inclusive", "inclusive"), "year"),
        ("在1万(含)-5万元之间", "1万(含)-5万元", 1e4, 5e4, ("inclusive", "inclusive"), "yuan"),
        ("报销比例80%—90%", "80%—90%", 80.0, 90.0, ("inclusive", "inclusive"), "percent"),
        # Two bounds written side by side (Xianning style plan, Chongqing style rule).
        (
            "不低于80%且不超过90%",
            "不低于80%且不超过90%",
            80.0,
            90.0,
            ("inclusive", "inclusive"),
            "percent",
        ),
        (
            "费用5000元以上1万元以下的",
            "5000元以上1万元以下",
            5e3,
            1e4,
            ("inclusive", "inclusive"),
            "yuan",
        ),
        (
            "超过1万元、不足3万元的部分",
            "超过1万元、不足3万元",
            1e4,
            3e4,
            ("exclusive", "exclusive"),
            "yuan",
        ),
        (
            "年龄在65岁以上80岁以下",
            "65岁以上80岁以下",
            65.0,
            80.0,
            ("inclusive", "inclusive"),
            None,
        ),
        (
            "签约率不高于95%、不低于85%",
            "不高于95%、不低于85%",
            85.0,
            95.0,
            ("inclusive", "inclusive"),
            "percent",
        ),
        ("床位数在20和30之间", "20和30之间", 20.0, 30.0, ("inclusive", "inclusive"), None),
        ("人数一千到一千五百", "一千到一千五百", 1000.0, 1500.0, ("inclusive", "inclusive"), None),
    ],
)
def test_ranges_with_bounds(
    text: str,
    span: str,
    value: float,
    value_max: float,
    bounds: tuple[str, str],
    unit: str | None,
) -> None:
    check(only(text), text=span, value=value, value_max=value_max, qualifier="range", unit=unit)
    assert (only(text).lower_bound, only(text).upper_bound) == bounds


@pytest.mark.parametrize(
    ("text", "span", "qualifier", "bounds"),
    [
        ("报销比例不低于80%", "不低于80%", "at_least", ("inclusive", None)),
        ("报销比例超过80%", "超过80%", "at_least", ("exclusive", None)),
        ("发放5万余份", "5万余份", "at_least", ("exclusive", None)),
        ("自付不超过10%", "不超过10%", "at_most", (None, "inclusive")),
        ("自付不足10%", "不足10%", "at_most", (None, "exclusive")),
        ("控制在5000元以内", "控制在5000元以内", "at_most", (None, "inclusive")),
        ("年龄大于或等于六十岁", "大于或等于六十岁", "at_least", ("inclusive", None)),
        ("比例≥90%", "≥90%", "at_least", ("inclusive", None)),
        ("报销比例80%左右", "80%左右", "approx", (None, None)),
        ("报销比例80%", "80%", "exact", (None, None)),
    ],
)
def test_open_bounds(text: str, span: str, qualifier: str, bounds: tuple[Any, Any]) -> None:
    record = only(text)
    check(record, text=span, qualifier=qualifier)
    assert (record.lower_bound, record.upper_bound) == bounds


@pytest.mark.parametrize(
    "text",
    [
        "60岁以上老人和15岁以下儿童",  # two groups, not a range: the lower end is above the upper
        "个人自付10%以下，报销比例80%以上",  # two rules about two things
        "2016-2020",  # a dash between bare numbers is not a range (years, section spans)
        "3和5",  # 和 without 之间 joins two numbers, not a range
    ],
)
def test_bounds_that_are_not_ranges(text: str) -> None:
    assert all(r.qualifier != "range" for r in extract_quantities(text, include_rejected=True))


@pytest.mark.parametrize(
    ("text", "change_from", "value"),
    [
        ("大病保险的报销比例从50%提高到60%。", 50.0, 60.0),
        ("救助支付比例由60%提高到65%。", 60.0, 65.0),
        ("病种从最初的7类9种大病,扩大至32种疾病", 9.0, 32.0),
        ("病种从早期的9种扩大到33种", 9.0, 33.0),
        ("起付线由1万元降低至5000元", 10000.0, 5000.0),
    ],
)
def test_changes(text: str, change_from: float, value: float) -> None:
    records = extract_quantities(text)
    last = records[-1]
    check(last, value=value, change_from=change_from)
    assert any(r.value == change_from and r.change_from is None for r in records[:-1])


def test_increase_without_origin_has_no_change_from() -> None:
    assert only("比重上升到25.7%").change_from is None


# --- 4. rejections ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("2019年,新疆降低起付线", "2019年", "date"),
        ("10月15日,自治区召开发布会", "10月15日", "date"),
        ("今年1至6月,该区贫困人口住院", "1至6月", "date"),
        ("发布日期:2020年04月29日", "2020年04月29日", "date"),
        ("2018、2019年连续获得表扬", "2018、2019年", "date"),
        ("截至9月底,累计签约", "9月底", "date"),
        ("二〇一八年七月四日书记员", "二〇一八年七月四日", "date"),
        ("文号:咸医保发〔2020〕20号", "咸医保发〔2020〕20号", "doc_number"),
        ("(鄂卫通[2019]16号)文件要求", "鄂卫通[2019]16号", "doc_number"),
        ("《通知》(国办发﹝2016﹞26号)", "国办发﹝2016﹞26号", "doc_number"),
        ("索引号:MB1513297/2020-06109", "MB1513297/2020-06109", "id"),
        ("京ICP备05070218号", "ICP备05070218号", "id"),
        ("统计代码65320102653202", "65320102653202", "id"),
        ("联系电话:0715-8126543", "电话:0715-8126543", "phone"),
        ("咨询13912345678", "13912345678", "phone"),
        ("一、坚持基本医疗有保障", "一、", "section_number"),
        ("（二）加强县乡一体", "（二）", "section_number"),
        ("(三)坚定信心", "(三)", "section_number"),
        ("1、“三个一批”行动", "1、", "section_number"),
        ("2. 推进乡村一体化", "2.", "section_number"),
        ("工作有成效。二是加强示范单位建设", "二是", "section_number"),
        ("落实主体责任。（4）加强村医队伍建设", "（4）", "section_number"),
        ("领导小组第一次全体会议", "第一", "ordinal"),
        ("排名第3的区县", "第3", "ordinal"),
        ("编制5个“十三五”专项规划", "十三五", "plan_period"),
        ("开展“5G+卫生健康扶贫”试点", "5G", "name"),
        ("都有1所二级甲等以上公立医院", "二级甲等", "name"),
        ("继续深化三级医院对口帮扶", "三级", "name"),
        ("10家市级三甲医院", "三甲", "name"),
        ("Ⅱ型糖尿病和2型糖尿病", "2型", "name"),
        ("按照“三个一批”行动要求", "三个", "slogan"),
        ("落实健康扶贫“985”政策", "985", "slogan"),
        ("组建“1+4+N”医共体模式", "1", "slogan"),
        ("开展保健康促脱贫五个一行动", "五个", "slogan"),
        ("不落下一户一人", "一户", "slogan"),
        ("启动两年行动计划", "两年", "slogan"),
        ("作为一项重大政治任务", "一项", "indefinite"),
    ],
)
def test_rejections(text: str, span: str, reason: str) -> None:
    records = extract_quantities(text, include_rejected=True)
    match = [r for r in records if r.text == span]
    assert match, records
    check(match[0], is_quantity=False, reject_reason=reason)
    assert all(r.text != span for r in extract_quantities(text))


# Genre rules of issue 14, in the styles of several regions' documents: web-page stamps
# (Hubei, Chongqing portals), party-building openings, titles of local measures, emphatic
# negations of summaries, framing durations of five-year reviews, slogans made of numbers.
@pytest.mark.parametrize(
    ("text", "span", "reason"),
    [
        ("发布时间：2021-03-05 09:30 来源：市卫健委", "09:30", "time"),
        ("2021年3月5日 9时30分,省卫健委召开", "9时30分", "time"),
        ("更新于 2020-11-02 16:45:08", "16:45:08", "time"),
        ("定于上午9点在县人民医院集中体检", "9点", "time"),
        ("下午三时半召开推进会", "三时半", "time"),
        ("截至24时,全省报告", "24时", "time"),
        ("党的十九大以来,全区健康扶贫", "党的十九大", "ordinal"),
        ("深入学习贯彻十八大精神", "十八大", "ordinal"),
        ("贯彻党的二十大报告部署", "党的二十大", "ordinal"),
        ("学习十九届四中全会精神", "十九届四中全会", "ordinal"),
        ("十三届全国人大三次会议提出", "十三届全国人大三次会议", "ordinal"),
        ("印发《某省健康扶贫20条措施》的通知", "20条", "policy_name"),
        ("落实《关于做好3类人员救治工作的通知》", "3类", "policy_name"),
        ("出台健康扶贫十条措施", "十条", "slogan"),
        ("确保不让一户因病致贫", "一户", "negation"),
        ("没有一户不享受政策", "一户", "negation"),
        ("健康扶贫不止一次被表扬", "一次", "negation"),
        ("在一年内完成全部筛查", "一年", "duration"),
        ("力争十年内基本消除", "十年", "duration"),
        ("发病五年内病死率达60%", "五年", "duration"),
        ("连续两年获得通报表扬", "两年", "duration"),
        ("实施降分政策,五年晋升高级职称841人", "五年", "duration"),
        ("近三年来,累计投入5亿元", "近三年", "duration"),
        ("用三年时间完成改造", "三年", "duration"),
        ("过去五年,全市投入12亿元", "五年", "duration"),
        ("实现两个确保、三个100%", "两个", "slogan"),
        ("实现两个确保、三个100%", "三个", "slogan"),
        ("实现两个确保、三个100%", "100%", "slogan"),
        ("实施“五个一百”工程", "五个", "slogan"),
        ("落实四个不摘要求", "四个", "slogan"),
        ("从五个方面细化内容", "五个", "structural"),
        ("分三个阶段推进", "三个", "structural"),
    ],
)
def test_genre_rejections(text: str, span: str, reason: str) -> None:
    records = extract_quantities(text, include_rejected=True)
    match = [r for r in records if r.text == span]
    assert match, records
    check(match[0], is_quantity=False, reject_reason=reason)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        # Measured durations stay: a term, a limit, a bound, a duration standing alone.
        ("设立5年过渡期", "5年", 5.0),
        ("驻村时间不少于6个月", "不少于6个月", 6.0),
        ("服务期限3年", "3年", 3.0),
        ("服务期限为3年", "3年", 3.0),
        ("服务期3至5年", "3至5年", 3.0),
        # Facts next to rejected clock times, congresses and framing durations survive.
        ("发布时间:2021-03-05 09:30,全区签约3.2万人", "3.2万人", 32000.0),
        ("十九大以来,累计救治1.2万人", "1.2万人", 12000.0),
        ("发病五年内病死率达60%", "60%", 60.0),
        ("五年为贫困区县招聘急需紧缺人才2200名", "2200名", 2200.0),
        # A ratio written with a colon is not a clock time.
        ("医护比按1:10配备", "10", 10.0),
        # Negated counts that report none are a zero, the negation in the span.
        ("全年未发生一例因病致贫返贫", "未发生一例", 0.0),
        ("贫困患者无一例因费用问题放弃治疗", "无一例", 0.0),
        ("没有一户因病返贫", "没有一户", 0.0),
        # A count of one that nothing negates is one.
        ("确诊一例", "一例", 1.0),
        ("救治患者1200例", "1200例", 1200.0),
    ],
)
def test_genre_quantities_kept(text: str, span: str, value: float) -> None:
    records = [r for r in extract_quantities(text) if r.text == span]
    assert records, extract_quantities(text, include_rejected=True)
    check(records[0], value=value)


@pytest.mark.parametrize(
    "text",
    [
        "“两不愁三保障”",
        "“三保险”“两救助”“两基金”",
        "“四定两加强”措施",
        "“一站式”结算",
        "“两升两降一取消”",
    ],
)
def test_slogans_yield_no_quantity(text: str) -> None:
    assert extract_quantities(text) == []


def test_quantities_next_to_rejections_survive() -> None:
    text = "2019年贫困人口住院3208人次,2020年1至6月住院875人次"
    assert [r.text for r in extract_quantities(text)] == ["3208人次", "875人次"]


def test_five_counts_outside_quotes_survive() -> None:
    texts = [r.text for r in extract_quantities("编制结核病防治等5个“十三五”专项规划")]
    assert texts == ["5个"]


# --- the record ---------------------------------------------------------------------------------


def test_record_fields_follow_the_contract() -> None:
    fields = [f.name for f in dataclasses.fields(Quantity)]
    assert set(fields) == set(QUANTITY_COLUMNS + BOUND_COLUMNS) - {"doc_id", "sentence"}
    assert set(only("投入1.9亿元").to_dict()) == set(fields)


SAMPLE = (
    "2019年,该区贫困人口住院3208人次,核销总费用1878.59万元,报销比例达91.42%。"
    "一、加强硬件建设。累计投入资金约38.46亿元,改扩建乡镇卫生院180所,"
    "每万名居民有全科医生3.19名,大病保险报销比例从50%提高到60%,"
    "新疆按照“三个一批”行动,为22个深度贫困县162.75万深度贫困人口投保;"
    "咸医保发〔2020〕20号,先后发放宣传折页5万余份,服务期3至5年。"
)


def test_vocabularies_on_a_sample() -> None:
    records = extract_quantities(SAMPLE, include_rejected=True)
    assert len(records) > 10
    for record in records:
        assert record.unit is None or record.unit in UNITS
        assert record.qualifier is None or record.qualifier in QUALIFIERS
        assert record.is_quantity == (record.reject_reason is None)
    starts = [r.start for r in records]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(records))


_ALPHABET = st.sampled_from(
    list("0123456789.,%万亿元人次名个户家所年月日至到-约余多以上下内第是、，。“”")
    + list("零一二两三四五六七八九十百千壹贰拾佰仟百分之")
    + list("健康扶贫医院卫生乡镇村县病种类项份张平方米 \n（）()〔〕号")
)


@given(st.text(_ALPHABET, max_size=80))
def test_every_span_is_its_slice(text: str) -> None:
    for record in extract_quantities(text, include_rejected=True):
        assert text[record.start : record.end] == record.text
        assert record.start < record.end


@given(st.sampled_from([SAMPLE]), st.integers(0, len(SAMPLE)), st.integers(0, len(SAMPLE)))
def test_every_span_is_its_slice_on_cut_documents(text: str, a: int, b: int) -> None:
    piece = text[min(a, b) : max(a, b)]
    for record in extract_quantities(piece, include_rejected=True):
        assert piece[record.start : record.end] == record.text


_GATE = re.compile(r"\[(?P<first>.*?)\]\(\?<=\(\?=\(\?P<_m>(?P<inner>.*)\)\)\[(?P=first)\]\)", re.S)
_GATED_SCANS = [*quantities._REJECTIONS, ("candidate", quantities._CANDIDATE_SCAN)]
_SCAN_ALPHABET = st.sampled_from(
    list("0123456789.%-万元人个年月日号第是级型甲乙Gg十一二三五〇零两百分之")
    + list("电话传真：（）()〔〕ICP备公网安备https:/ab，。、\n\u3000")
)


@pytest.mark.parametrize(("name", "gated"), _GATED_SCANS, ids=[n for n, _ in _GATED_SCANS])
@given(text=st.text(_SCAN_ALPHABET, max_size=60))
def test_gated_scans_find_what_finditer_finds(name: str, gated: re.Pattern[str], text: str) -> None:
    """A gate's first characters cover every match: the fast scan loses nothing."""
    parts = _GATE.fullmatch(gated.pattern)
    assert parts is not None, name
    plain = re.compile(parts["inner"], gated.flags)
    found = [m.span("_m") for m in quantities._scan(gated, text)]
    assert found == [m.span() for m in plain.finditer(text)]


def test_known_slogans_from_the_codebook_are_not_quantities():
    import re

    from policy_corpus.codebook import Slogan

    text = "全县实现十个到村。"
    assert [q.text for q in extract_quantities(text)] == ["十个"]  # by form: a count
    slogans = (
        Slogan("十个到村", "slogan", "ten things to every village", (re.compile("十个到村"),)),
    )
    rejected = extract_quantities(text, include_rejected=True, slogans=slogans)
    assert [(q.text, q.is_quantity, q.reject_reason) for q in rejected] == [
        ("十个", False, "slogan")
    ]


def test_digits_joined_by_several_dots_are_rejected_not_guessed():
    found = extract_quantities("投入10..1万元", include_rejected=True)
    assert [(q.text, q.is_quantity, q.reject_reason) for q in found] == [
        ("10..1万", False, "malformed")
    ]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit"),
    [
        ("增长率为-3.8%", "-3.8%", -3.8, "percent"),
        ("同比下降百分之负三点八", "百分之负三点八", -3.8, "percent"),
        ("变化为负2个百分点", "负2个百分点", -2.0, "percentage_point"),
        ("约-3%", "约-3%", -3.0, "percent"),
        ("3-5年", "3-5年", 3.0, "year"),  # a range's dash is not a sign
    ],
)
def test_signed_numbers_keep_their_sign(text, span, value, unit):
    (found,) = extract_quantities(text)
    assert (found.text, found.value, found.unit) == (span, value, unit)
