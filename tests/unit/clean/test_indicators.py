"""Tests of quantity → indicator classification, status, period, scope and the indicators table.

Every sentence here was written for the test in the style of the genre it stands for (a news
report, a work plan, an achievements summary); none is copied from the seed documents.
"""

from __future__ import annotations

import pandas as pd
import pytest

from policy_corpus.clean.indicators import (
    QuantityContext,
    classify_indicator,
    classify_role,
    classify_status,
    find_scope,
    indicators_table,
    normalise_period,
    other_label,
)
from policy_corpus.codebook import load_codebook
from policy_corpus.contract.schema import conform, validate_table


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def _indicator_id(sentence, quantity, unit, codebook):
    indicator = classify_indicator(QuantityContext.around(sentence, quantity), unit, codebook)
    return indicator.id if indicator else None


# ── indicator ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "expected"),
    [
        (
            "农村贫困人口大病专项救治病种已扩大到28种",
            "28种",
            "disease",
            "special_treatment_diseases",
        ),
        ("专项救治病种由5类扩大至30种疾病", "30种", "disease", "special_treatment_diseases"),
        ("全省确定定点救治医院120家", "120家", "institution", "designated_hospitals"),
        ("累计集中救治大病患者3.2万人", "3.2万人", "person", "serious_illness_patients_treated"),
        ("重病兜底保障覆盖1.5万人", "1.5万人", "person", "safety_net_beneficiaries"),
        (
            "贫困人口住院费用实际报销比例达89.6%",
            "89.6%",
            "percent",
            "inpatient_reimbursement_ratio",
        ),
        (
            "经基本医保、大病保险报销后的个人自付费用，按不低于70%的比例给予医疗救助",
            "70%",
            "percent",
            "medical_assistance_ratio",
        ),
        ("门诊慢性病费用报销比例达75%", "75%", "percent", "outpatient_chronic_reimbursement_ratio"),
        ("贫困患者住院自付比例降至8.5%", "8.5%", "percent", "out_of_pocket_share"),
        ("慢病门诊费用自付比例为15%", "15%", "percent", "outpatient_chronic_out_of_pocket_share"),
        ("个人年度自付费用不超过3000元", "3000元", "yuan", "out_of_pocket_cap"),
        ("大病保险起付线为8000元", "8000元", "yuan", "critical_illness_deductible"),
        # the deductible of basic insurance is another rule than the critical-illness one
        ("基本医保起付线为：乡镇卫生院100元", "100元", "yuan", "inpatient_deductible"),
        ("住院起付线县级医院300元", "300元", "yuan", "inpatient_deductible"),
        # the outpatient care may be named clauses before the ratio
        (
            "患有45种门诊慢特病的，不设起付线，报销比例为80%",
            "80%",
            "percent",
            "outpatient_chronic_reimbursement_ratio",
        ),
        (
            "城乡居民医保人均财政补助标准从490元提高到520元",
            "520元",
            "yuan_per_person",
            "insurance_fiscal_subsidy",
        ),
        (
            "家庭医生签约服务费为每人每年30元",
            "30元",
            "yuan_per_person_year",
            "family_doctor_service_fee",
        ),
        ("贫困人口大病保险起付线降低50%", "50%", "percent", "critical_illness_deductible_cut"),
        (
            "大病保险起付线在普通参保人员5000元的基础上降低50%",
            "50%",
            "percent",
            "critical_illness_deductible_cut",
        ),
        # …but what it came down to is the deductible itself
        (
            "大病保险起付线在普通参保人员5000元的基础上降低50%，即降至2500元",
            "2500元",
            "yuan",
            "critical_illness_deductible",
        ),
        # the schemes that paid are not the care the ratio is of
        (
            "经基本医保、大病保险、医疗救助等报销后，贫困人口住院费用实际报销比例为91.27%",
            "91.27%",
            "percent",
            "inpatient_reimbursement_ratio",
        ),
        ("大病保险支付比例统一提高到70%", "70%", "percent", "critical_illness_payment_ratio"),
        ("大病保险人均筹资提高到45元", "45元", "yuan_per_person", "critical_illness_financing"),
        ("医疗救助比例不低于70%", "70%", "percent", "medical_assistance_ratio"),
        (
            "补充医疗保险保费每人每年150元",
            "150元",
            "yuan_per_person_year",
            "supplementary_insurance_premium",
        ),
        ("为贫困人口办理门诊慢性病卡2100人", "2100人", "person", "outpatient_chronic_patients"),
        ("全年核销医疗费用320万元", "320万元", "yuan", "reimbursed_expenses"),
        ("贫困人口住院1.2万人次", "1.2万人次", "person_time", "inpatient_visits"),
        ("享受“先诊疗、后付费”服务8000余人次", "8000余人次", "person_time", "settlement_services"),
        ("县域内就诊率达到90.5%", "90.5%", "percent", "county_visit_rate"),
        ("贫困人口家庭医生签约率为100%", "100%", "percent", "family_doctor_signing_rate"),
        ("与家庭医生签约5.6万人", "5.6万人", "person", "family_doctor_signed_people"),
        ("高血压患者规范管理2300人", "2300人", "person", "chronic_patients_managed"),
        ("为老年人免费体检4500人次", "4500人次", "person_time", "health_checks"),
        ("乡镇卫生院远程诊疗覆盖率达85%", "85%", "percent", "telemedicine_coverage"),
        ("远程医疗覆盖全部42个乡镇卫生院", "42个", "institution", "telemedicine_coverage"),
        ("已有12个县开展县域医共体建设", "12个", "county", "medical_community_counties"),
        ("建成紧密型县域医共体的县达到8个", "8个", "county", "tight_medical_community_counties"),
        ("15家医院实现检查结果互认", "15家", "institution", "mutual_recognition"),
        ("全年培训乡村医生800人次", "800人次", "person_time", "staff_trained"),
        ("公开招聘乡镇卫生院医生160名", "160名", "person", "doctors_recruited"),
        ("全县注册全科医生96人", "96人", "person", "general_practitioners"),
        ("每万名居民拥有全科医生2.8名", "2.8名", "person_per_10k_population", "gp_per_10k"),
        ("投入2400万元新建乡镇卫生院业务用房", "2400万元", "yuan", "funds_infrastructure"),
        ("安排体检经费86万元", "86万元", "yuan", "funds_health_checks"),
        ("财政资助参保资金560万元", "560万元", "yuan", "funds_insurance"),
        ("到位东西部协作帮扶资金900万元", "900万元", "yuan", "funds_counterpart_support"),
        ("各级财政投入健康扶贫资金1.2亿元", "1.2亿元", "yuan", "funds_invested"),
        ("乡村医生每人每月补助600元", "600元", "yuan_per_person", "village_doctor_subsidy"),
        ("改扩建村卫生室56所", "56所", "institution", "facilities_built"),
        ("居民健康素养水平提高到18.5%", "18.5%", "percent", "health_literacy"),
        ("农村卫生厕所普及率达到85.3%", "85.3%", "percent", "sanitary_toilet_rate"),
        ("完成农村户厕改造3.4万户", "3.4万户", "household", "toilets_built"),
        ("省级医院对口支援贫困县医院32家", "32家", "institution", "counterpart_support"),
        # Added in codebook version 2: what regional documents report beyond the first list.
        ("全镇现有建档立卡贫困户836户", "836户", "household", "registered_poor_population"),
        ("其中因病致贫返贫户215户", "215户", "household", "illness_induced_poor"),
        (
            "因病致贫返贫户占贫困户的比重为27.3%",
            "27.3%",
            "percent",
            "illness_induced_poverty_share",
        ),
        ("全县共有深度贫困村42个", "42个", "village", "poverty_areas"),
        ("农村贫困人口基本医保参保率达到99.6%", "99.6%", "percent", "insurance_enrolment_rate"),
        ("全区贫困人口参加基本医疗保险8.3万人", "8.3万人", "person", "insurance_enrolled_people"),
        ("全年资助1.2万名特困人员参保", "1.2万名", "person", "premium_subsidy_people"),
        ("对低保对象每人资助180元", "180元", "yuan_per_person", "premium_subsidy_per_person"),
        ("医疗救助年度封顶线提高到10万元", "10万元", "yuan", "payment_cap"),
        (
            "政策范围内报销比例再提高10个百分点",
            "10个百分点",
            "percentage_point",
            "reimbursement_ratio_change",
        ),
        ("贫困患者住院医疗总费用达2.6亿元", "2.6亿元", "yuan", "inpatient_expenses_total"),
        ("全年建档立卡贫困人口医疗总费用3.2亿元", "3.2亿元", "yuan", "medical_expenses_total"),
        ("全年门诊慢病结算6.4万人次", "6.4万人次", "person_time", "outpatient_visits"),
        ("各项政策共惠及贫困群众12万人次", "12万人次", "person_time", "policy_beneficiaries"),
        ("在县级医院开设综合服务窗口24个", "24个", "item", "one_stop_windows"),
        ("贫困大病患者救治率达到99.2%", "99.2%", "percent", "treatment_rate"),
        ("通过筛查确诊白内障患者540人", "540人", "person", "patients_identified"),
        ("完成适龄妇女宫颈癌筛查1.8万人", "1.8万人", "person", "disease_screened_people"),
        ("孕产妇艾滋病筛查率保持在98%以上", "98%", "percent", "screening_rate"),
        ("肺结核患者治疗成功率达到92%", "92%", "percent", "disease_control_rates"),
        ("糖尿病患者规范管理率为68.4%", "68.4%", "percent", "chronic_disease_management_rate"),
        ("将6类慢性病患者纳入签约服务", "6类", "disease_category", "chronic_disease_categories"),
        ("门诊特殊病种扩大到32种", "32种", "disease", "outpatient_chronic_disease_list"),
        ("为慢病患者办理慢病证1800个", "1800个", "item", "chronic_disease_cards"),
        ("确定基层首诊病种50个", "50个", "disease", "tiered_care_diseases"),
        ("基层医疗卫生机构诊疗人次增长6.5%", "6.5%", "percent", "primary_care_visits"),
        ("全市组建家庭医生团队430个", "430个", "item", "family_doctor_teams"),
        ("签约服务履约率达到92%", "92%", "percent", "family_doctor_fulfilment_rate"),
        ("通过远程会诊系统会诊2600例", "2600例", "person_time", "telemedicine_services"),
        ("全县在岗乡村医生318人", "318人", "person", "village_doctors"),
        ("乡村医生中执业医师占比提高到31%", "31%", "percent", "village_doctor_qualification_share"),
        ("县级医院向乡镇卫生院派驻医生45名", "45名", "person", "staff_sent"),
        ("基层卫生人员晋升中级职称126人", "126人", "person", "staff_promoted"),
        ("举办村医培训班16期", "16期", "item", "training_sessions"),
        ("全县共有村卫生室205个", "205个", "institution", "health_facilities"),
        ("推广中医适宜技术15项", "15项", "item", "new_techniques"),
        ("建成县级临床重点专科12个", "12个", "item", "key_specialties"),
        ("下达医疗救助资金3400万元", "3400万元", "yuan", "funds_medical_assistance"),
        ("拨付村医补助资金760万元", "760万元", "yuan", "funds_subsidy"),
        ("印发健康扶贫政策明白卡12万份", "12万份", "copy", "health_education_materials"),
        ("开展健康教育讲座460场", "460场", "time", "health_education_activities"),
        ("成功创建省级卫生乡镇6个", "6个", "township", "healthy_settings"),
        # The clause before the number's own clause identifies it when its own says nothing.
        ("大病专项救治病种由9种,扩大到33种", "33种", "disease", "special_treatment_diseases"),
        ("累计体检80万人次,投入资金1.1亿元", "1.1亿元", "yuan", "funds_health_checks"),
        # Serious-illness treatment is a subset of inpatient care, with its own base.
        (
            "全县贫困人口大病住院286人次,政策范围内费用报销比例达92.3%",
            "92.3%",
            "percent",
            "serious_illness_reimbursement_ratio",
        ),
        ("大病集中救治贫困患者住院510人次", "510人次", "person_time", "serious_illness_admissions"),
        ("全州贫困人口大病住院费用报销1340万元", "1340万元", "yuan", "serious_illness_reimbursed"),
        ("全县门诊慢特病患者2300人,报销费用186万元", "186万元", "yuan", "outpatient_reimbursed"),
        ("全县乡镇卫生院新增执业(助理)医师85名", "85名", "person", "licensed_physicians"),
        (
            "贫困患者住院1.2万人次,发生总费用8600万元",
            "8600万元",
            "yuan",
            "inpatient_expenses_total",
        ),
        ("全市村卫生室标准化建设达标率达到98%", "98%", "percent", "facilities_standard_rate"),
        (
            "为全州贫困人口4.6万人投保大额补充医疗保险",
            "4.6万人",
            "person",
            "supplementary_insurance_people",
        ),
        (
            "重特大疾病医疗救助比例由65%提高到70%",
            "70%",
            "percent",
            "major_illness_assistance_ratio",
        ),
        ("“光明行动”白内障复明项目惠及贫困患者1200名", "1200名", "person", "project_beneficiaries"),
        ("民政部门兜底支付贫困患者住院费用92万元", "92万元", "yuan", "safety_net_paid"),
        ("普通门诊费用个人自付比例降至45%", "45%", "percent", "outpatient_out_of_pocket_share"),
        ("健康扶贫公众号文章阅读量突破120万次", "120万次", "time", "online_views"),
        ("组织驻村工作队员开展健康扶贫政策培训36场", "36场", "time", "policy_training_sessions"),
        ("帮扶村开办中药材种植合作社,年产值达120万元", "120万元", "yuan", "economic_output"),
        # A generic noun right before the number names it, whatever the clause before was about.
        ("完成乡村医生定向培养任务,全县在岗村医412人", "412人", "person", "village_doctors"),
        # Money whose own words name no purpose takes the purpose stated in the next clause.
        (
            "累计投入专项资金2.3亿元,新建和改扩建乡镇卫生院46所",
            "2.3亿元",
            "yuan",
            "funds_infrastructure",
        ),
        ("投入4500万元,实施闽宁协作医疗项目31个", "4500万元", "yuan", "funds_counterpart_support"),
    ],
)
def test_indicator(codebook, sentence, quantity, unit, expected):
    assert _indicator_id(sentence, quantity, unit, codebook) == expected


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "not_expected"),
    [
        # 28种 counts diseases only in a sentence about 大病专项救治.
        ("全县明确基层首诊病种28种", "28种", "disease", "special_treatment_diseases"),
        # The context fits but the unit does not.
        ("大病专项救治资金达到28万元", "28万元", "yuan", "special_treatment_diseases"),
        ("门诊慢性病费用报销比例达75%", "75%", "percent", "inpatient_reimbursement_ratio"),
        ("大病保险报销比例提高到60%", "60%", "percent", "inpatient_reimbursement_ratio"),
        ("贫困人口门诊就诊1.2万人次", "1.2万人次", "person_time", "inpatient_visits"),
        ("全省共有二级以上医院120家", "120家", "institution", "designated_hospitals"),
        ("贫困户满意度达98%", "98%", "percent", "family_doctor_signing_rate"),
        (
            "家庭医生签约服务费每人每年120元",
            "120元",
            "yuan_per_person_year",
            "family_doctor_signing_rate",
        ),
        ("开展远程教育覆盖率达60%", "60%", "percent", "telemedicine_coverage"),
        ("居民健康知识知晓率达到70%", "70%", "percent", "health_literacy"),
        # Words after the number's clause belong to the numbers that follow them.
        ("晋升高级职称300人,其中全科医生120人", "300人", "person", "general_practitioners"),
        # A number followed by whom it counts (1名合格的乡村医生) is not described by the
        # clause before it.
        (
            "乡镇卫生院至少有2名全科医师,村卫生室至少有1名合格的乡村医生",
            "1名",
            "person",
            "general_practitioners",
        ),
        ("县医院有全科医生,每个村配备1名护士", "1名", "person", "general_practitioners"),
        (
            "在12个县开展紧密型医共体试点,基层就诊量同比增长9.4%",
            "9.4%",
            "percent",
            "tight_medical_community_counties",
        ),
        # The ratio of serious-illness treatment is not the general inpatient ratio.
        (
            "全县贫困人口大病住院120人次,政策范围内费用报销比例达95.6%",
            "95.6%",
            "percent",
            "inpatient_reimbursement_ratio",
        ),
        # Pre-pregnancy check-ups are a maternal-health programme, not health checks.
        ("免费孕前优生健康检查覆盖率达到85%", "85%", "percent", "health_checks"),
        # After the number, the next list item (past 、) is another number's context.
        ("目前在岗村医45人、招聘村医12人", "45人", "person", "doctors_recruited"),
        # A stock is the fallback: training village doctors counts training, not village doctors.
        ("全年培训乡村医生420人", "420人", "person", "village_doctors"),
        (
            "为建档立卡贫困人口开展健康体检2.4万人",
            "2.4万人",
            "person",
            "registered_poor_population",
        ),
        # A reimbursement ratio after an enrolment rate in the same sentence part is not one.
        ("参保率达100%,住院费用实际报销比例达到88%", "88%", "percent", "insurance_enrolment_rate"),
        # 例 counts cases; 例如 is not a classifier.
        ("远程医疗覆盖乡镇卫生院20个,会诊300例", "300例", "person_time", "telemedicine_coverage"),
        ("享受门诊报销优惠政策9万人次", "9万人次", "person_time", "outpatient_visits"),
        # Outpatient visits before an inpatient amount do not make it outpatient money.
        ("全年门诊就诊5万人次,住院报销费用3000万元", "3000万元", "yuan", "outpatient_reimbursed"),
        # Output value is money earned, not money invested.
        ("带动贫困户发展中药材产业,实现产值2600万元", "2600万元", "yuan", "funds_invested"),
        # A part of the amount after it (其中…) is not its purpose.
        (
            "安排健康扶贫专项资金5000万元,其中医疗救助资金1800万元",
            "5000万元",
            "yuan",
            "funds_medical_assistance",
        ),
        # Clicks count an audience, not activities held.
        (
            "发布健康科普短视频40条,点击量达300万次",
            "300万次",
            "time",
            "health_education_activities",
        ),
        # Policy training of cadres is not training of health workers.
        ("组织乡村干部和贫困户开展政策培训18次", "18次", "time", "training_sessions"),
        # A purpose stated earlier is not overruled by a money word next to the amount.
        ("全县累计体检5.2万人次,投入资金1300万元", "1300万元", "yuan", "funds_invested"),
        # The unit a number is set per (每个贫困县) is its scope, not what it counts.
        ("每个贫困县至少新增1个中医特色专科", "1个", "item", "poverty_areas"),
    ],
)
def test_indicator_near_miss(codebook, sentence, quantity, unit, not_expected):
    assert _indicator_id(sentence, quantity, unit, codebook) != not_expected


def test_unknown_unit_still_classified_by_context(codebook):
    assert _indicator_id("贫困人口签约率98%", "98%", None, codebook) == "family_doctor_signing_rate"


def test_specific_indicator_beats_generic_one(codebook):
    # 投入资金 alone is generic money; 改扩建 in the clause makes it money for facilities.
    sentence = "投入资金300万元改扩建乡镇卫生院"
    assert _indicator_id(sentence, "300万元", "yuan", codebook) == "funds_infrastructure"


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "label"),
    [
        ("明确首诊病种66个", "66个", "item", "明确首诊病种"),
        ("建立15个双向转诊专科联盟", "15个", "item", "双向转诊专科联盟"),
        ("全县村医中执业医师比重上升到30%", "30%", "percent", "全县村医中执业医师比重"),
        ("每年开展义诊活动200场以上", "200场", "time", "每年开展义诊活动"),
        ("200余名专家来县支医", "200余名", "person", "专家来县支医"),
        ("全县30%以上的村卫生室开展了中医药服务", "30%", "percent", "村卫生室开展了中医药服务"),
        # A counted group's share is the group's, not the 总数 it is a share of.
        (
            "贫困人口住院个人自付比例控制在10%以内的县（市、区）104个，约占全区县（市、区）总数的94%",
            "94%",
            "percent",
            "…住院个人自付比例控制在10%以内的县（市、区）占比",
        ),
        (
            "远程医疗服务覆盖的贫困乡镇卫生院共有86个，占比为91%",
            "91%",
            "percent",
            "远程医疗服务覆盖的贫困乡镇卫生院占比",
        ),
        (
            "县级医院中，达到二级甲等以上水平的有49个，占90.7%",
            "90.7%",
            "percent",
            "达到二级甲等以上水平的占比",
        ),
    ],
)
def test_other_label(sentence, quantity, unit, label):
    assert other_label(QuantityContext.around(sentence, quantity), unit) == label


# ── status ────────────────────────────────────────────────────────────────────────────────────

NEWS, PLAN, SUMMARY = "news", "plan", "summary"


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "doc_type", "status"),
    [
        # news report
        ("截至目前,全区贫困人口签约率达97%", "97%", "percent", NEWS, "achieved"),
        ("发布会介绍,全区县域内就诊率已达到88%", "88%", "percent", NEWS, "achieved"),
        ("到2020年底,县域内就诊率要达到90%", "90%", "percent", NEWS, "target"),
        ("下一步将实现远程医疗覆盖率达到100%", "100%", "percent", NEWS, "target"),
        # work plan: its body is a target unless the sentence reports a baseline
        ("全市贫困人口家庭医生签约率达到95%以上", "95%", "percent", PLAN, "target"),
        ("力争县域内就诊率达到90%", "90%", "percent", PLAN, "target"),
        ("目前全市签约率为88%,年底要达到95%", "88%", "percent", PLAN, "achieved"),
        ("目前全市签约率为88%,年底要达到95%", "95%", "percent", PLAN, "target"),
        ("确保目标人群覆盖率达到80%以上", "80%", "percent", PLAN, "target"),
        # achievements summary
        ("贫困人口县域内就诊率达到92.3%", "92.3%", "percent", SUMMARY, "achieved"),
        ("以提升服务能力为目标,新建村卫生室20所", "20所", "institution", SUMMARY, "achieved"),
        ("计划明年再新建村卫生室20所", "20所", "institution", SUMMARY, "target"),
        ("积极争取国债资金300万元", "300万元", "yuan", SUMMARY, "achieved"),
        # policy rules: a parameter of a rule, whatever the genre
        ("贫困人口住院费用按照90%的比例报销", "90%", "percent", SUMMARY, "policy_rule"),
        ("住院报销比例从80%提高到90%", "90%", "percent", NEWS, "policy_rule"),
        ("贫困人口大病保险起付线降低50%", "50%", "percent", PLAN, "policy_rule"),
        (
            "补充保险按每人每年200元标准筹资",
            "200元",
            "yuan_per_person_year",
            SUMMARY,
            "policy_rule",
        ),
        # the size of a list that grew is an achievement or a goal, not a rule parameter
        ("大病专项救治病种扩大到30种", "30种", "disease", PLAN, "target"),
        ("大病专项救治病种扩大到30种", "30种", "disease", SUMMARY, "achieved"),
        ("统一执行大病保险最高支付比例75%", "75%", "percent", PLAN, "policy_rule"),
        # …but an outcome under a rule is a fact or a target, not the rule
        ("贫困人口住院实际报销比例达91%", "91%", "percent", SUMMARY, "achieved"),
        ("住院费用报销比例达到90%", "90%", "percent", PLAN, "target"),
        # a count is never a rule parameter
        ("按照标准化要求新建村卫生室12所", "12所", "institution", SUMMARY, "achieved"),
    ],
)
def test_status(codebook, sentence, quantity, unit, doc_type, status):
    context = QuantityContext.around(sentence, quantity, doc_type=doc_type)
    indicator = classify_indicator(context, unit, codebook)
    role = classify_role(context, unit)
    assert classify_status(context, indicator, role, unit) == status


@pytest.mark.parametrize(
    ("section", "doc_type", "status"),
    [
        ("三、下一步工作重点", NEWS, "target"),
        ("一、主要成效", PLAN, "achieved"),
        ("", PLAN, "target"),
        ("", SUMMARY, "achieved"),
    ],
)
def test_status_from_section_then_genre(section, doc_type, status):
    context = QuantityContext.around("新建村卫生室20所", "20所", section=section, doc_type=doc_type)
    assert classify_status(context, None) == status


@pytest.mark.parametrize(
    ("sentence", "quantity", "paragraph", "status"),
    [
        # a plan's baseline: the paragraph is dated before the plan, the facts are facts
        (
            "贫困人口年住院近1.3万人次",
            "1.3万人次",
            "截至2017年底，全市有贫困人口7.42万人。",
            "achieved",
        ),
        ("贫困人口年住院近1.3万人次", "1.3万人次", "", "target"),
        # the area a plan covers exists
        ("聚焦全市3个贫困县和213个贫困村", "3个", "", "achieved"),
        # a starting value's year or a compared year is not a past date of the goal
        ("实际报销比例从2017年的82.4%提高到90%左右", "90%", "", "target"),
        ("因病致贫返贫户数比2017年底减少50%以上", "50%", "", "target"),
    ],
)
def test_status_in_a_plan(sentence, quantity, paragraph, status):
    context = QuantityContext.around(
        sentence, quantity, paragraph=paragraph, doc_type=PLAN, published="2018-09"
    )
    assert classify_status(context, None) == status


# ── period ────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("sentence", "quantity", "published", "period"),
    [
        ("2019年全县贫困人口住院3208人次", "3208人次", "2020", "2019"),
        ("今年1至6月,贫困人口住院875人次", "875人次", "2020", "2020H1"),
        ("今年上半年,贫困人口住院1100人次", "1100人次", "2020-08", "2020H1"),
        ("2020年1-9月,核销医疗费用500万元", "500万元", "2020-10", "2020-01/2020-09"),
        ("一季度,新增签约3000人", "3000人", "2020", "2020Q1"),
        ("去年贫困人口住院1200人次", "1200人次", "2020-04", "2019"),
        ("截至目前,签约率达98%", "98%", "2020-09-15", "as-of-2020-09"),
        ("截至目前,签约率达98%", "98%", "2020", "as-of-2020"),
        ("目前,全区签约率达98%", "98%", "2019-10-15", "as-of-2019-10"),
        ("截至6月底,累计救治7000人", "7000人", "2020", "cumulative-to-2020-06"),
        ("截至2019年底,累计救治7000人", "7000人", "2020", "cumulative-to-2019"),
        ("累计培训村医2.5万人次", "2.5万人次", "2020-11", "cumulative-to-2020-11"),
        ("2018年、2019年共培训医务人员5000名", "5000名", "2019", "2018-2019"),
        ("2017至2019年累计投入资金3亿元", "3亿元", "2020", "2017-2019"),
        ("自2016年实施健康扶贫以来,累计投入资金40亿元", "40亿元", "2020", "2016-2020"),
        ("五年来,累计招聘医生2000名", "2000名", "2020", "2016-2020"),
        ("去年以来,全区投入资金400万元", "400万元", "2020", "2019-2020"),
        ("每年开展健康讲座1万场", "1万场", "2020", "annual"),
        ("9月,全区新增签约1万人", "1万人", "2019-10-15", "2019-09"),
        # nothing stated: a state holds as of the document's date
        ("贫困人口住院报销比例为90%", "90%", "2019", "as-of-2019"),
        # several parts of one sentence
        ("2019年,住院1000人次;今年1至6月,住院500人次", "1000人次", "2020", "2019"),
        ("2019年,住院1000人次;今年1至6月,住院500人次", "500人次", "2020", "2020H1"),
        ("今年1至6月,住院500人次;办理慢性病卡300人", "300人", "2020", "2020H1"),
        # 每年 belongs to its own clause; a later year to the numbers after it
        ("每年开展讲座2万场,居民健康素养水平提升到20%", "20%", "2020", "as-of-2020"),
        # relative words need a publication date; without one nothing can be said
        ("今年贫困人口住院900人次", "900人次", None, "unspecified"),
        # 比上年 names the year compared with: the change is of the year in hand
        ("签约率比上年提高3.8个百分点", "3.8个百分点", "2018-11", "2018-yoy"),
        ("2018年,落实资金1.42亿元,比上年增加2360万元", "2360万元", "2019-04", "2018-yoy"),
        ("签约率达到96.8%,比去年提高3个百分点", "3个百分点", "2020-09", "2020-yoy"),
        ("2019年住院费用比上年下降2.1%", "2.1%", "2020-03", "2019-yoy"),
        # the year of a starting value does not date the level reached
        ("签约率从2017年的85.6%提高到98.7%", "98.7%", "2018-11", "as-of-2018-11"),
        ("因病致贫户由2015年底的3128户减少到412户", "412户", "2019", "as-of-2019"),
        # 全年 is the year in hand, 年末 its end; a deadline 年底前 is not a date of the fact
        ("全年救治贫困患者4.37万人", "4.37万人", "2019", "2019"),
        ("年末,全区参保率100%", "100%", "2019", "as-of-2019-12"),
        # a yearly limit is annual; a year's total (2019年度) is that year's
        ("医疗救助年度封顶线提高到10万元", "10万元", "2020", "annual"),
        ("年度最高支付限额30万元", "30万元", "2020", "annual"),
        ("2019年度救助资金支出500万元", "500万元", "2020", "2019"),
        # a deadline at a year's end is a state due then; a year compared with dates nothing
        ("到2018年底，签约服务率达到95%以上", "95%", "2018-09", "as-of-2018-12"),
        ("到2020年，因病致贫户数比2017年底减少50%以上", "50%", "2018-09", "2020"),
    ],
)
def test_period(sentence, quantity, published, period):
    context = QuantityContext.around(sentence, quantity, published=published)
    unit = "percent" if quantity.endswith("%") else None
    assert normalise_period(context, unit=unit) == period


@pytest.mark.parametrize(
    ("title", "published", "sentence", "quantity", "period"),
    [
        # a bulletin or a summary of an earlier year: its present is the end of that year
        ("2019年某省卫生健康统计公报", "2020-06", "年末,参保率100%", "100%", "as-of-2019-12"),
        ("2019年某省卫生健康统计公报", "2020-06", "全年住院186.4万人次", "186.4万人次", "2019"),
        ("某县2019年度健康扶贫工作总结", "2020-01", "签约率达99.2%", "99.2%", "as-of-2019-12"),
        ("2019年某省统计公报", "2020-06", "签约率比上年提高3.6个百分点", "3.6个百分点", "2019-yoy"),
        # a starting point or a span in the title is not the year reviewed
        ("某市2017年以来健康扶贫成效综述", "2020-06", "签约率达99.2%", "99.2%", "as-of-2020-06"),
        ("某县2016—2019年健康扶贫工作总结", "2020-01", "签约率达99.2%", "99.2%", "as-of-2020-01"),
        # published in the year of its title: the publication date
        ("某县2020年健康扶贫工作总结", "2020-12", "签约率达99.2%", "99.2%", "as-of-2020-12"),
    ],
)
def test_period_of_a_review_of_an_earlier_year(title, published, sentence, quantity, period):
    context = QuantityContext.around(
        sentence, quantity, title=title, published=published, doc_type="summary"
    )
    unit = "percent" if quantity.endswith("%") else None
    assert normalise_period(context, unit=unit) == period


@pytest.mark.parametrize(
    ("paragraph", "sentence", "quantity", "period"),
    [
        # 比上年 earlier in the paragraph dates nothing after it
        (
            "实际报销比例达85.3%，比上年提高3.8个百分点。",
            "救治病种扩大到21种",
            "21种",
            "as-of-2018-11",
        ),
        # nor does the year of a starting value
        ("签约率从2017年的85.6%提高到98.7%。", "救治病种扩大到21种", "21种", "as-of-2018-11"),
        # a dated topic still frames what follows it
        ("2017年，全县启动大病专项救治。", "救治贫困患者2136人", "2136人", "2017"),
    ],
)
def test_period_from_the_paragraph(paragraph, sentence, quantity, period):
    context = QuantityContext.around(sentence, quantity, paragraph=paragraph, published="2018-11")
    unit = "disease" if quantity.endswith("种") else "person"
    assert normalise_period(context, unit=unit) == period


def test_the_whole_year_is_the_sections_year_before_the_documents():
    sentence = "全年贫困人口住院1.87万人次"
    context = QuantityContext.around(sentence, "1.87万人次", published="2020-01")
    assert normalise_period(context) == "2020"
    reviewed = QuantityContext.around(
        sentence, "1.87万人次", published="2020-01", section="一、2019年工作回顾"
    )
    assert normalise_period(reviewed) == "2019"


def test_a_rule_amount_adds_nothing_up():
    context = QuantityContext.around("起付线为：县级医院300元", "300元", published="2020-06")
    assert normalise_period(context, status="policy_rule", unit="yuan") == "as-of-2020-06"


def test_period_from_section():
    context = QuantityContext.around("住院1000人次", "1000人次", section="一、2019年工作成效")
    assert normalise_period(context) == "2019"


@pytest.mark.parametrize(
    ("title", "doc_type", "period"),
    [
        ("某市2020年健康扶贫工作要点", "plan", "2020"),
        ("某省健康扶贫2019年工作重点", "priorities", "2019"),
        # a goal in a report is a standing requirement
        ("某市2020年健康扶贫工作要点", "news", "ongoing"),
    ],
)
def test_period_of_a_plan_from_its_title(title, doc_type, period):
    context = QuantityContext.around(
        "大病专项救治病种增加到30种", "30种", doc_type=doc_type, title=title, published=None
    )
    assert normalise_period(context, status="target") == period


# ── scope ─────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("sentence", "quantity", "scope"),
    [
        ("建档立卡贫困人口住院费用报销比例达90%", "90%", "建档立卡贫困人口"),
        ("全市乡镇卫生院标准化建设达标率100%", "100%", "全市"),
        ("特困人员、低保对象大病保险起付线降低50%", "50%", "特困人员、低保对象"),
        ("18个贫困区县居民健康素养水平提升到19%", "19%", "18个贫困区县"),
        ("在深度贫困地区新建村卫生室40所", "40所", "深度贫困地区"),
        ("3000名贫困患者享受先诊疗后付费", "3000名", "贫困患者"),
        ("全区签约服务全覆盖,签约率100%", "100%", "全区"),
        ("县域内就诊率达到90%", "90%", None),
        # 城乡居民 naming an insurance scheme is not the population covered.
        ("对低保对象、贫困人口城乡居民大病保险起付线降低50%", "50%", "低保对象、贫困人口"),
        ("城乡居民基本医疗保险财政补助标准提高到520元", "520元", None),
        ("城乡居民医保参保率稳定在95%以上", "95%", None),
        ("城乡居民健康素养水平达到20%", "20%", "城乡居民"),
        # A number set per unit is not a total: its scope is the unit.
        ("每个贫困县至少建成1所二级甲等医院", "1所", "每个贫困县"),
        ("全市每个行政村都有1个标准化村卫生室", "1个", "每个行政村"),
        ("确保村卫生室至少有1名合格乡村医生", "至少有1名", "每个村卫生室"),
        ("贫困县乡镇卫生院至少配备2名全科医生", "2名", "每个乡镇卫生院"),
        ("按贫困人口每人每年280元标准资助参保", "280元", "贫困人口"),
        ("18个贫困县每万名居民拥有全科医生2.1名", "2.1名", "18个贫困县"),
        ("组织乡镇干部、驻村干部和贫困户集中培训12次", "12次", "乡镇干部、驻村干部和贫困户"),
        # Whom an amount is given to is its scope.
        ("全县村医共96人,对在岗的乡村医生每年给予3600元补助", "3600元", "在岗的乡村医生"),
        # A share of the noun after it takes no scope from an earlier clause …
        ("全县乡镇卫生院完成改造,60%以上的卫生院配备了DR设备", "60%", None),
        # … unless 的 links the value to its rate (按照80%的比例).
        ("贫困人口门诊慢性病费用,按照80%的比例报销", "80%", "贫困人口"),
        # A table row labelled with a place is that place's figure; a total row is not a place.
        ("朗措县,建档立卡贫困人口(人):9210,家庭医生签约率(%):87.6", "87.6", "朗措县"),
        ("全地区,建档立卡贫困人口(人):31700,家庭医生签约率(%):91.2", "91.2", "建档立卡贫困人口"),
        # The criterion a counted group meets holds in that group only (bulletins, summaries).
        (
            "贫困人口住院个人自付比例控制在10%以内的县（市、区）104个，约占全区县（市、区）总数的94%",
            "10%",
            "104个县（市、区）贫困人口",
        ),
        ("家庭医生签约服务覆盖率达到95%以上的乡镇共有32个", "95%", "32个乡镇"),
        ("全州标准化建设达标率100%的村卫生室1200所，其余正在建设", "100%", "全州1200所村卫生室"),
        # … not a group's own count, nor a criterion whose noun is not counted
        ("自付比例控制在10%以内的县（市、区）104个，约占总数的94%", "104个", None),
        ("贫困人口住院自付比例控制在10%以内的目标如期实现", "10%", "贫困人口"),
    ],
)
def test_scope(codebook, sentence, quantity, scope):
    assert find_scope(QuantityContext.around(sentence, quantity), codebook) == scope


# ── the table ─────────────────────────────────────────────────────────────────────────────────

DOC_TEXT = (
    "一、主要成效\n"
    "贫困人口大病专项救治病种扩大至32种,签约率达96.5%。"
    "今年1至6月,贫困人口住院900人次,核销费用120万元。"
)


def _frames():
    documents = pd.DataFrame(
        {
            "doc_id": ["d1"],
            "region_code": ["420000"],
            "region_zh": ["某省"],
            "doc_type": ["summary"],
            "published": ["2020-07"],
            "title": ["某省健康扶贫工作综述"],
            "text": [DOC_TEXT],
        }
    )
    bounds = [(7, DOC_TEXT.index("今年")), (DOC_TEXT.index("今年"), len(DOC_TEXT))]
    sentences = pd.DataFrame(
        {
            "doc_id": ["d1", "d1"],
            "sentence_id": [0, 1],
            "start": [b[0] for b in bounds],
            "end": [b[1] for b in bounds],
            "text": [DOC_TEXT[s:e] for s, e in bounds],
            "section": ["一、主要成效", "一、主要成效"],
        }
    )
    rows = [
        ("32种", 32.0, "disease", "count", sentences.text[0]),
        ("96.5%", 96.5, "percent", "percent", sentences.text[0]),
        ("900人次", 900.0, "person_time", "count", sentences.text[1]),
        ("120万元", 1_200_000.0, "yuan", "money", sentences.text[1]),
        ("1至6月", None, None, None, sentences.text[1]),
    ]
    quantities = pd.DataFrame(
        [
            {
                "doc_id": "d1",
                "start": DOC_TEXT.index(text),
                "end": DOC_TEXT.index(text) + len(text),
                "text": text,
                "is_quantity": unit is not None,
                "reject_reason": None if unit else "date",
                "value": value,
                "value_max": None,
                "unit": unit,
                "unit_text": None,
                "kind": kind,
                "qualifier": "exact" if unit else None,
                "change_from": None,
                "sentence": sentence,
            }
            for text, value, unit, kind, sentence in rows
        ]
    )
    return quantities, documents, sentences


def test_indicators_table(codebook):
    quantities, documents, sentences = _frames()
    table = indicators_table(quantities, documents, sentences, codebook)
    validate_table("indicators", conform("indicators", table))
    assert list(table["text"]) == ["32种", "96.5%", "900人次", "120万元"]  # rejected left out
    assert list(table["indicator_id"]) == [
        "special_treatment_diseases",
        "family_doctor_signing_rate",
        "inpatient_visits",
        "reimbursed_expenses",
    ]
    assert list(table["status"]) == ["achieved", "achieved", "achieved", "achieved"]
    assert list(table["role"]) == ["level"] * 4
    assert list(table["period"]) == ["as-of-2020-07", "as-of-2020-07", "2020H1", "2020H1"]
    assert list(table["scope"]) == ["贫困人口", "贫困人口", "贫困人口", "贫困人口"]
    assert set(table["region_code"]) == {"420000"}


def test_unclassified_quantity_is_kept_as_other(codebook):
    quantities, documents, sentences = _frames()
    quantities.loc[1, "unit"] = "yuan"  # 96.5 yuan matches no indicator in that clause
    table = indicators_table(quantities, documents, sentences, codebook)
    row = table[table["text"] == "96.5%"].iloc[0]
    assert row["indicator_id"] == "other"
    assert row["indicator_zh"] == "签约率"
    validate_table("indicators", table)


def test_offsets_survive_a_missing_sentence_row(codebook):
    quantities, documents, sentences = _frames()
    table = indicators_table(quantities, documents, sentences.iloc[:0], codebook)
    assert list(table["indicator_id"])[:2] == [
        "special_treatment_diseases",
        "family_doctor_signing_rate",
    ]


def test_no_quantities(codebook):
    quantities, documents, sentences = _frames()
    table = indicators_table(quantities.iloc[:0], documents, sentences, codebook)
    assert table.empty
    validate_table("indicators", table)


def test_unknown_document(codebook):
    quantities, documents, sentences = _frames()
    quantities.loc[0, "doc_id"] = "missing"
    with pytest.raises(ValueError, match="missing"):
        indicators_table(quantities, documents, sentences, codebook)


def test_sentence_cut_at_a_semicolon_keeps_the_time_before_it(codebook):
    # The splitter cuts at ；, but 今年1至6月 still applies to what follows it.
    text = "今年1至6月,贫困人口住院500人次;办理门诊慢性病卡300人。"
    cut = text.index(";") + 1
    documents = pd.DataFrame(
        {
            "doc_id": ["d1"],
            "region_code": ["420000"],
            "region_zh": ["某省"],
            "doc_type": ["news"],
            "published": ["2020-08"],
            "title": ["某地新闻"],
            "text": [text],
        }
    )
    sentences = pd.DataFrame(
        {
            "doc_id": ["d1", "d1"],
            "sentence_id": [0, 1],
            "start": [0, cut],
            "end": [cut, len(text)],
            "text": [text[:cut], text[cut:]],
            "section": ["", ""],
        }
    )
    start = text.index("300人")
    quantities = pd.DataFrame(
        [
            {
                "doc_id": "d1",
                "start": start,
                "end": start + 4,
                "text": "300人",
                "is_quantity": True,
                "reject_reason": None,
                "value": 300.0,
                "value_max": None,
                "unit": "person",
                "unit_text": "人",
                "kind": "count",
                "qualifier": "exact",
                "change_from": None,
                "sentence": text[cut:],
            }
        ]
    )
    row = indicators_table(quantities, documents, sentences, codebook).iloc[0]
    assert row["period"] == "2020H1"
    assert row["indicator_id"] == "outpatient_chronic_patients"  # 住院 is in the other part
    assert row["sentence"] == text[cut:]  # the contract's sentence is left as it was


@pytest.mark.parametrize(
    ("sentence", "quantity", "expected"),
    [
        # how fast a count grew is not a coverage or a rate to compare
        ("全省开展远程会诊11.3万例，同比增长35.4%", "35.4%", None),
        ("因病致贫返贫户数比2018年底减少30%以上", "30%", None),
        # …a count's own growth indicator keeps it, and a ratio's change stays the ratio's
        ("基层医疗卫生机构诊疗人次增长6.5%", "6.5%", "primary_care_visits"),
        ("远程医疗覆盖率达到95%", "95%", "telemedicine_coverage"),
    ],
)
def test_a_growth_rate_is_not_a_level(codebook, sentence, quantity, expected):
    found = classify_indicator(QuantityContext.around(sentence, quantity), "percent", codebook)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(
    ("sentence", "quantity", "expected"),
    [
        # the share of a group counted just before, defined by a ratio it meets (a bulletin)
        (
            "贫困人口住院个人自付比例控制在10%以内的县（市、区）104个，约占全区县（市、区）总数的94%",
            "94%",
            None,
        ),
        ("远程医疗服务覆盖的贫困乡镇卫生院86个，占比为91%", "91%", None),
        # …while the ratio that defines the group keeps its indicator
        (
            "贫困人口住院个人自付比例控制在10%以内的县（市、区）104个，约占全区县（市、区）总数的94%",
            "10%",
            "out_of_pocket_share",
        ),
        # a counted kind keeps the kind's share, and a clause with its own subject is its own
        (
            "全县建档立卡贫困人口3126人，其中因病致贫1200人，占38.4%",
            "38.4%",
            "illness_induced_poverty_share",
        ),
        (
            "贫困人口住院费用实际报销比例达90%，比上年提高5个百分点",
            "90%",
            "inpatient_reimbursement_ratio",
        ),
    ],
)
def test_the_share_of_a_counted_group_is_not_the_ratio_that_defines_it(
    codebook, sentence, quantity, expected
):
    found = classify_indicator(QuantityContext.around(sentence, quantity), "percent", codebook)
    assert (found.id if found else None) == expected


def test_every_codebook_indicator_has_a_case(codebook):
    """A researcher who adds an indicator to the codebook also adds a sentence for it above."""
    cases = test_indicator.pytestmark[0].args[1]
    assert {i.id for i in codebook.indicators} <= {case[3] for case in cases}


# ── the meaning of a number: role, status and period together ────────────────────────────────
# Cases written for these tests in the styles of other regions and genres (a Guizhou summary,
# a Gansu county plan, a Yunnan news item, a Sichuan priorities list); one case per rule at
# least. Each reads a number as the gold annotation does (../shared/gold/README.md).

NEWS_DATE, SUMMARY_DATE = "2019-11-20", "2020-12"


def _meaning(codebook, sentence, quantity, unit, doc_type=SUMMARY, published=SUMMARY_DATE, **doc):
    context = QuantityContext.around(
        sentence, quantity, doc_type=doc_type, published=published, **doc
    )
    role = classify_role(context, unit)
    status = classify_status(context, classify_indicator(context, unit, codebook), role, unit)
    return role, status, normalise_period(context, status, role, unit)


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "role"),
    [
        # from_value: the A of 从A到B / 由A扩大至B, and 最初的A
        ("全省大病专项救治病种由最初的9种扩大到30种", "9种", "disease", "from_value"),
        ("全省大病专项救治病种由最初的9种扩大到30种", "30种", "disease", "level"),
        ("城乡居民大病保险报销比例由50%提高到60%", "50%", "percent", "from_value"),
        ("从最初的5类7种大病,扩大至25种", "5类", "disease_category", "from_value"),
        ("救治病种在2018年25种的基础上扩大到30种", "25种", "disease", "from_value"),
        ("救治病种在2018年25种的基础上扩大到30种", "30种", "disease", "level"),
        ("试点初期的6个县", "6个", "county", "from_value"),
        # 由 naming who pays is not the start of a change
        ("由县财政按每人每年50元标准补助", "50元", "yuan_per_person_year", "level"),
        # increment: an amount right after a verb of change
        ("今年医保人均财政补助标准增加了30元", "30元", "yuan_per_person", "increment"),
        ("住院报销比例较上年提高了3个百分点", "3个百分点", "percentage_point", "increment"),
        ("政策范围内报销比例较去年提高5%", "5%", "percent", "increment"),
        # …but a growth rate of an amount, a cut of a level and a count of new things are levels
        ("试点县基层诊疗量同比增长12.5%", "12.5%", "percent", "level"),
        ("贫困人口大病保险起付线降低50%", "50%", "percent", "level"),
        ("新增家庭医生签约服务团队120个", "120个", "item", "level"),
        # cap: the ceiling of a rule
        ("大病保险年度最高支付限额为30万元", "30万元", "yuan", "cap"),
        ("医疗救助封顶线提高到8万元", "8万元", "yuan", "cap"),
        ("个人自付费用控制在3000元以内", "3000元", "yuan", "level"),
        ("医疗救助年度救助限额1万元", "1万元", "yuan_per_person_year", "cap"),
    ],
)
def test_role(sentence, quantity, unit, role):
    assert classify_role(QuantityContext.around(sentence, quantity), unit) == role


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "doc_type", "status"),
    [
        # a plan states facts: the state a count describes, and counts of a past year
        ("全县现有建档立卡贫困人口1.2万人", "1.2万人", "person", PLAN, "achieved"),
        ("集中力量攻克尚未摘帽的3个贫困县", "3个", "county", PLAN, "achieved"),
        ("2019年全县因病致贫户1350户", "1350户", "household", PLAN, "achieved"),
        ("2019年全县因病致贫户1350户,今年要减少到500户", "500户", "household", PLAN, "target"),
        # a report states plans: 规划建设 before a count
        ("规划建设乡镇中心卫生院12个", "12个", "institution", SUMMARY, "target"),
        ("编制“十三五”专项规划3个", "3个", "item", SUMMARY, "achieved"),
        # the size of a list that is set is a rule, in any genre
        ("明确50个县域内首诊病种", "50个", "disease", SUMMARY, "policy_rule"),
        (
            "对高血压、糖尿病等4类慢性病患者做到应签尽签",
            "4类",
            "disease_category",
            PLAN,
            "policy_rule",
        ),
        ("救治病种从最初的9种扩大到30种", "9种", "disease", SUMMARY, "achieved"),
        # a count of kinds of patients, not of a list
        ("在3个县12个尘肺病患者较多的乡镇建设康复站", "12个", "township", SUMMARY, "achieved"),
        # an increment reports a change, a cap is a rule
        ("大病保险人均筹资增加了30元", "30元", "yuan_per_person", NEWS, "achieved"),
        ("城乡居民大病保险最高支付比例70%", "70%", "percent", SUMMARY, "policy_rule"),
        # a share a rule allocates, and a benefit a rule grants
        ("将新增财政补助的一半用于提高大病保险待遇", "一半", "percent", NEWS, "policy_rule"),
        ("对在岗村医每月给予300元补助", "300元", "yuan", NEWS, "policy_rule"),
        # a rule's values listed after its name (a policy Q&A), unlike the ratio reached
        ("基本医保起付线为：乡镇卫生院100元，县级医院300元", "300元", "yuan", NEWS, "policy_rule"),
        ("住院报销比例分别为：乡镇卫生院90%，县级医院80%", "80%", "percent", NEWS, "policy_rule"),
        ("贫困人口住院实际报销比例为：县级医院88.6%", "88.6%", "percent", NEWS, "achieved"),
        ("年度救助限额1万元", "1万元", "yuan_per_person_year", NEWS, "policy_rule"),
        # what a rule's amount came down to is the rule (即降至2500元), as 提高到 is
        ("大病保险起付线降低50%，即降至2500元", "2500元", "yuan", NEWS, "policy_rule"),
        # a bracket of a rule (超过3000元的部分由…解决) is a rule
        (
            "年度个人自付费用超过3000元的部分由兜底资金解决",
            "3000元",
            "yuan_per_person_year",
            NEWS,
            "policy_rule",
        ),
        # 累计 in a limit on a total (累计不超过) is not a report of what was done
        ("个人年度自付费用累计不超过5000元", "5000元", "yuan_per_person_year", PLAN, "policy_rule"),
    ],
)
def test_status_in_context(codebook, sentence, quantity, unit, doc_type, status):
    assert _meaning(codebook, sentence, quantity, unit, doc_type)[1] == status


@pytest.mark.parametrize(
    ("section", "doc_type", "status"),
    [
        ("二、2021年工作打算", NEWS, "target"),
        ("三、主要任务", SUMMARY, "target"),
        ("一、工作开展情况", PLAN, "achieved"),
        ("二、主要做法", PLAN, "achieved"),
    ],
)
def test_status_from_more_section_headings(section, doc_type, status):
    context = QuantityContext.around("新建村卫生室20所", "20所", section=section, doc_type=doc_type)
    assert classify_status(context, None) == status


@pytest.mark.parametrize(
    ("sentence", "quantity", "unit", "doc", "period"),
    [
        # a starting value: initial, or in force before the change of its year
        ("救治病种从最初的9种扩大到30种", "9种", "disease", {}, "initial"),
        ("2019年,大病保险报销比例由50%提高到60%", "50%", "percent", {}, "pre-2019"),
        ("大病保险报销比例由50%提高到60%", "50%", "percent", {"published": "2021-03"}, "pre-2021"),
        # the nearest stated date before the number wins
        (
            "2019年统筹资金200万元,今年投资1500万元新建卫生院2所,设置床位80张",
            "80张",
            "bed",
            {},
            "2020",
        ),
        ("五年招聘乡村医生300名,其中本科生40名", "40名", "person", {}, "2016-2020"),
        ("编制“十三五”健康扶贫专项规划3个", "3个", "item", {}, "2016-2020"),
        ("县域内住院人次同比增长8.6%", "8.6%", "percent", {}, "2020-yoy"),
        # a dated topic frames the paragraph's later sentences; a deadline does not
        (
            "贫困人口办理慢性病卡1200人",
            "1200人",
            "person",
            {"paragraph": "在医疗保障方面,2019年全县贫困人口住院5000人次。"},
            "2019",
        ),
        (
            "全州远程会诊覆盖率达75%",
            "75%",
            "percent",
            {"paragraph": "到2020年要实现全覆盖。", "doc_type": NEWS, "published": NEWS_DATE},
            "as-of-2019-11",
        ),
        # nothing stated: a state as of the document's date, what was done cumulative to it
        ("全省建成远程医疗网络的县38个", "38个", "county", {}, "as-of-2020-12"),
        ("对1200名乡村医生开展轮训", "1200名", "person", {}, "cumulative-to-2020-12"),
        ("确定86家定点救治医院", "86家", "institution", {}, "as-of-2020-12"),
        ("累计投入资金3亿元,与12个贫困县结对帮扶", "12个", "county", {}, "as-of-2020-12"),
        ("累计投入资金3亿元,完成帮扶项目45个", "45个", "item", {}, "cumulative-to-2020-12"),
        ("发放疫情防控宣传折页3万份", "3万份", "copy", {"published": "2020"}, "2020"),
        # a goal in a report is a standing requirement; a plan's numbers are of its year
        (
            "确保每个村卫生室至少有1名合格村医",
            "1名",
            "person",
            {"doc_type": NEWS, "published": NEWS_DATE},
            "ongoing",
        ),
        (
            "全县现有贫困人口1.2万人",
            "1.2万人",
            "person",
            {"doc_type": PLAN, "published": "2020-03-02"},
            "as-of-2020",
        ),
        (
            "签约率要达到95%",
            "95%",
            "percent",
            {"doc_type": PLAN, "published": None, "title": "某县2021年健康扶贫工作要点"},
            "2021",
        ),
        # a rule's standard takes the years it was applied in
        (
            "按每人每年200元标准,2019年筹资100万元,2020年筹资120万元",
            "200元",
            "yuan_per_person_year",
            {},
            "2019-2020",
        ),
    ],
)
def test_period_in_context(codebook, sentence, quantity, unit, doc, period):
    assert _meaning(codebook, sentence, quantity, unit, **doc)[2] == period


def test_scope_count_before_a_figure_is_not_that_figure(codebook):
    # 18个贫困区县 says which areas 3844人 covers; it is not a count of general practitioners.
    sentence = "18个贫困区县全科医生注册人数达3844人"
    assert _indicator_id(sentence, "18个", "county", codebook) != "general_practitioners"
    assert find_scope(QuantityContext.around(sentence, "3844人"), codebook) == "18个贫困区县"
