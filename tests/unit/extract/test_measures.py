"""Tests of measure finding: each measure in sentences written for the test, and near misses."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from policy_corpus.codebook import load_codebook
from policy_corpus.contract.schema import conform, validate_table
from policy_corpus.extract.measures import (
    SentenceLocator,
    find_measures,
    measure_mentions_table,
)


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def _found(text, codebook):
    return {(m.measure_id, m.text) for m in find_measures(text, codebook)}


@pytest.mark.parametrize(
    ("text", "measure_id", "mention"),
    [
        ("我县扎实推进“三个一批”行动。", "three_batches", "三个一批"),
        ("坚持大病集中救治一批、慢病签约服务一批。", "three_batches", "大病集中救治一批"),
        ("全面开展农村贫困人口大病集中救治工作。", "serious_illness_treatment", "大病集中救治"),
        ("做实慢性病签约服务,提高管理质量。", "chronic_disease_signing", "慢性病签约服务"),
        ("对重病患者实行重病兜底保障。", "severe_illness_safety_net", "重病兜底"),
        (
            "大病保险对建档立卡贫困人口实行政策倾斜。",
            "critical_illness_insurance_tilt",
            "大病保险对建档立卡贫困人口实行政策倾斜",
        ),
        ("为贫困群众购买商业补充保险。", "supplementary_insurance", "商业补充保险"),
        ("加大医疗救助力度。", "medical_assistance", "医疗救助"),
        ("落实资助参保政策,做到应保尽保。", "insurance_premium_subsidy", "资助参保"),
        ("稳妥纠正过度保障问题。", "overprotection_governance", "过度保障"),
        ("县域内住院实行“先诊疗、后付费”。", "treat_first_pay_later", "先诊疗、后付费"),
        ("推行先诊疗后付费服务。", "treat_first_pay_later", "先诊疗后付费"),
        ("推进“一站式”即时结算。", "one_stop_settlement", "一站式”即时结算"),
        ("医保报销实现一单结算。", "one_stop_settlement", "一单结算"),
        ("发展“互联网+医疗健康”。", "internet_plus_healthcare", "互联网+医疗"),
        ("建设5G智慧医院。", "internet_plus_healthcare", "5G"),
        ("推进家庭医生签约服务。", "family_doctor_signing", "家庭医生签约"),
        ("乡镇卫生院开展远程会诊。", "telemedicine", "远程会诊"),
        ("组建紧密型县域医共体。", "county_medical_community", "医共体"),
        ("推行县聘县管乡用。", "county_hire_township_use", "县聘县管乡用"),
        ("试行乡聘村用。", "county_hire_township_use", "乡聘村用"),
        ("实施农村订单定向医学生免费培养。", "grassroots_talent", "订单定向"),
        ("推进村卫生室标准化建设。", "village_clinic_standardisation", "村卫生室标准化"),
        ("提高村医待遇。", "village_doctor_pay", "村医待遇"),
        ("推广中医药适宜技术。", "tcm", "中医药"),
        ("完善分级诊疗制度。", "hierarchical_care", "分级诊疗"),
        ("三级医院对口帮扶县级医院。", "counterpart_support", "对口帮扶"),
        ("深化东西部扶贫协作。", "counterpart_support", "东西部扶贫协作"),
        ("开展农村妇女“两癌”筛查。", "two_cancers_screening", "两癌”筛查"),
        ("实施新生儿疾病筛查项目。", "newborn_screening", "新生儿疾病筛查"),
        ("为贫困人口开展健康体检。", "health_checks", "健康体检"),
        ("做好大骨节病防治工作。", "endemic_disease_control", "大骨节病"),
        ("加强艾滋病等重大疾病防控。", "infectious_disease_control", "艾滋病"),
        ("开展健康教育进乡村活动。", "health_promotion", "健康教育"),
        ("深入推进农村厕所革命。", "living_environment", "厕所革命"),
        ("做好新冠肺炎疫情防控。", "epidemic_control", "疫情防控"),
        ("建立因病返贫监测预警机制。", "return_to_poverty_monitoring", "因病返贫监测"),
    ],
)
def test_measure_found(codebook, text, measure_id, mention):
    assert (measure_id, mention) in _found(text, codebook)


@pytest.mark.parametrize(
    ("text", "measure_id"),
    [
        ("开展远程教育培训。", "telemedicine"),
        ("建成一站式政务服务大厅。", "one_stop_settlement"),
        ("提供法律援助。", "medical_assistance"),
        ("县中医院门诊楼投入使用。", "tcm"),
        ("帮扶干部入户走访。", "counterpart_support"),
        ("组建城市医疗集团和医联体。", "county_medical_community"),
        ("落实“三个一百”工程。", "three_batches"),
        ("与企业签约投资项目。", "family_doctor_signing"),
        ("新生儿死亡率持续下降。", "newborn_screening"),
        ("医院环境整治成效明显。", "living_environment"),
        ("培养良好卫生习惯。", "grassroots_talent"),
        ("村医队伍保持稳定。", "village_doctor_pay"),
        ("疫情期间坚持开诊。", "epidemic_control"),
        ("大病保险覆盖全体参保人。", "critical_illness_insurance_tilt"),
        ("型号A5G2设备到位。", "internet_plus_healthcare"),
    ],
)
def test_measure_near_miss(codebook, text, measure_id):
    assert measure_id not in {measure_id for measure_id, _ in _found(text, codebook)}


def test_offsets_are_exact_and_mentions_do_not_overlap_per_measure(codebook):
    text = "落实“三个一批”,推进大病集中救治、慢病签约服务和重病兜底保障,实行“先诊疗、后付费”。" * 2
    mentions = find_measures(text, codebook)
    assert mentions
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    by_measure: dict[str, list[tuple[int, int]]] = {}
    for mention in mentions:
        by_measure.setdefault(mention.measure_id, []).append((mention.start, mention.end))
    for spans in by_measure.values():
        for (_, end), (start, _) in itertools.pairwise(spans):
            assert end <= start


def test_overlapping_spellings_keep_the_longest(codebook):
    # 县乡一体 and 乡村一体 overlap in 县乡村一体化; one mention of the measure, the longest.
    mentions = find_measures("推进县乡村一体化管理", codebook)
    assert [(m.measure_id, m.text) for m in mentions] == [
        ("county_medical_community", "县乡村一体化")
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # The longest spelling names the measure; the words inside it are not a second measure.
        ("做实慢病签约服务", {("chronic_disease_signing", "慢病签约服务")}),
        ("坚持大病集中救治一批", {("three_batches", "大病集中救治一批")}),
        ("推进家庭医生签约服务", {("family_doctor_signing", "家庭医生签约")}),
        # Side by side, both are mentioned.
        (
            "落实大病集中救治和家庭医生签约服务",
            {
                ("serious_illness_treatment", "大病集中救治"),
                ("family_doctor_signing", "家庭医生签约"),
            },
        ),
    ],
)
def test_overlapping_measures_keep_the_longest(codebook, text, found):
    assert _found(text, codebook) == found


# ── the table ─────────────────────────────────────────────────────────────────────────────────


def _corpus():
    text = "健康扶贫成效\n全面落实医疗救助政策。推行远程医疗,实现全覆盖。"
    documents = pd.DataFrame({"doc_id": ["d1"], "text": [text]})
    starts = [text.index("全面"), text.index("推行")]
    ends = [text.index("推行"), len(text)]
    sentences = pd.DataFrame(
        {
            "doc_id": ["d1", "d1"],
            "sentence_id": [0, 1],
            "start": starts,
            "end": ends,
            "text": [text[s:e] for s, e in zip(starts, ends, strict=True)],
            "section": ["健康扶贫成效", "健康扶贫成效"],
        }
    )
    return documents, sentences


def test_measure_mentions_table(codebook):
    documents, sentences = _corpus()
    table = measure_mentions_table(documents, sentences, codebook)
    validate_table("measure_mentions", conform("measure_mentions", table))
    rows = {row.measure_id: row for row in table.itertuples()}
    assert rows["medical_assistance"].sentence == "全面落实医疗救助政策。"
    assert rows["telemedicine"].sentence == "推行远程医疗,实现全覆盖。"
    text = documents.loc[0, "text"]
    for row in table.itertuples():
        assert text[row.start : row.end] == row.text


def _table_of(text, doc_type="news", section=""):
    """measure_mentions of one document whose sentences end at 。."""
    documents = pd.DataFrame({"doc_id": ["d1"], "text": [text], "doc_type": [doc_type]})
    ends = [i + 1 for i, ch in enumerate(text) if ch == "。"]
    starts = [0, *ends[:-1]]
    sentences = pd.DataFrame(
        {
            "doc_id": "d1",
            "sentence_id": range(len(ends)),
            "start": starts,
            "end": ends,
            "text": [text[s:e] for s, e in zip(starts, ends, strict=True)],
            "section": section,
        }
    )
    table = measure_mentions_table(documents, sentences, load_codebook())
    return validate_table("measure_mentions", table)


def test_a_measure_counts_once_per_sentence():
    table = _table_of("推行远程医疗,远程会诊覆盖所有乡镇。远程医疗服务持续开展。")
    assert list(table["measure_id"]) == ["telemedicine", "telemedicine"]
    assert list(table["text"]) == ["远程医疗", "远程医疗"]
    assert table["sentence"].nunique() == 2


@pytest.mark.parametrize(
    ("text", "doc_type", "section", "status"),
    [
        ("全县已实现一站式结算。", "news", "", "done"),
        ("全面推行一站式结算。", "summary", "", "done"),
        # A plan's measures are planned, unless the sentence reports them as done.
        ("全面推行一站式结算。", "plan", "", "planned"),
        ("全面推行一站式结算。", "priorities", "", "planned"),
        ("2019年全市已实现一站式结算。", "plan", "", "done"),
        # Words of intent make a report's measure planned.
        ("下一步,将继续推行一站式结算。", "news", "", "planned"),
        ("力争年底前实现一站式结算全覆盖。", "summary", "", "planned"),
        ("各县要全面落实一站式结算。", "news", "", "planned"),
        ("明年计划推行一站式结算。", "news", "", "planned"),
        # 将 as the object marker reports what was done; 重要 and 主要 are not intent.
        ("将一站式结算纳入考核。", "news", "", "done"),
        ("一站式结算是重要的便民举措。", "news", "", "done"),
        # With no word in the sentence, its section decides before the genre.
        ("推行一站式结算。", "news", "四、下一步工作打算", "planned"),
        ("推行一站式结算。", "plan", "一、2019年工作成效", "done"),
    ],
)
def test_planned_or_done(text, doc_type, section, status):
    table = _table_of(text, doc_type, section)
    assert list(table["measure_status"]) == [status]


def test_measure_outside_every_sentence_keeps_its_line(codebook):
    documents, sentences = _corpus()
    documents.loc[0, "text"] = "健康促进行动\n" + documents.loc[0, "text"]
    sentences["start"] += len("健康促进行动\n")
    sentences["end"] += len("健康促进行动\n")
    table = measure_mentions_table(documents, sentences, codebook)
    heading = table[table["measure_id"] == "health_promotion"]
    assert list(heading["sentence"]) == ["健康促进行动"]


def test_empty_corpus(codebook):
    documents = pd.DataFrame({"doc_id": ["d1"], "text": ["没有措施。"]})
    sentences = pd.DataFrame(
        {"doc_id": ["d1"], "sentence_id": [0], "start": [0], "end": [5], "text": ["没有措施。"]}
    )
    table = measure_mentions_table(documents, sentences, codebook)
    assert table.empty
    validate_table("measure_mentions", table)


def test_sentence_locator_falls_back_to_the_line():
    sentences = pd.DataFrame({"start": [3], "end": [6], "text": ["第二句"], "section": [None]})
    locate = SentenceLocator(sentences, "标题\n第二句")
    assert locate(4).text == "第二句"
    assert locate(4).section == ""
    assert locate(0).text == "标题"


def test_every_codebook_measure_has_a_case(codebook):
    """A researcher who adds a measure to the codebook also adds a sentence for it above."""
    cases = test_measure_found.pytestmark[0].args[1]
    assert {m.id for m in codebook.measures} <= {case[1] for case in cases}
