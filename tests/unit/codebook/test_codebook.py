"""Tests of the codebook loader: the packaged codebook, another folder, and broken files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_corpus.codebook import (
    OTHER_ID,
    TOOL_TYPES,
    CodebookError,
    find_slogans,
    load_codebook,
    load_slogans,
)
from policy_corpus.contract.schema import UNITS

FIXTURES = Path(__file__).parents[2] / "fixtures" / "codebooks"

# The indicators and measures the project promises to cover (the brief's list).
REQUIRED_INDICATORS = [
    "special_treatment_diseases",
    "designated_hospitals",
    "inpatient_reimbursement_ratio",
    "out_of_pocket_share",
    "outpatient_chronic_reimbursement_ratio",
    "critical_illness_deductible_cut",
    "critical_illness_payment_ratio",
    "medical_assistance_ratio",
    "supplementary_insurance_premium",
    "family_doctor_signing_rate",
    "family_doctor_signed_people",
    "chronic_patients_managed",
    "telemedicine_coverage",
    "medical_community_counties",
    "tight_medical_community_counties",
    "mutual_recognition",
    "inpatient_visits",
    "settlement_services",
    "health_checks",
    "staff_trained",
    "doctors_recruited",
    "gp_per_10k",
    "funds_invested",
    "facilities_built",
    "health_literacy",
    "sanitary_toilet_rate",
    "counterpart_support",
]
REQUIRED_MEASURES = [
    "three_batches",
    "serious_illness_treatment",
    "chronic_disease_signing",
    "severe_illness_safety_net",
    "treat_first_pay_later",
    "one_stop_settlement",
    "family_doctor_signing",
    "telemedicine",
    "county_medical_community",
    "county_hire_township_use",
    "counterpart_support",
    "critical_illness_insurance_tilt",
    "supplementary_insurance",
    "medical_assistance",
    "tcm",
    "two_cancers_screening",
    "newborn_screening",
    "endemic_disease_control",
    "infectious_disease_control",
    "health_promotion",
    "living_environment",
    "return_to_poverty_monitoring",
    "overprotection_governance",
    "epidemic_control",
    "internet_plus_healthcare",
    "grassroots_talent",
    "village_clinic_standardisation",
    "village_doctor_pay",
]


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def test_packaged_codebook_covers_the_required_indicators(codebook):
    ids = [indicator.id for indicator in codebook.indicators]
    assert set(REQUIRED_INDICATORS) <= set(ids)
    assert len(ids) == len(set(ids))
    assert OTHER_ID not in ids


def test_packaged_codebook_covers_the_required_measures(codebook):
    ids = [measure.id for measure in codebook.measures]
    assert set(REQUIRED_MEASURES) <= set(ids)
    assert len(ids) == len(set(ids))


def test_packaged_vocabularies(codebook):
    for indicator in codebook.indicators:
        assert indicator.units and set(indicator.units) <= set(UNITS), indicator.id
        assert indicator.zh and indicator.en and indicator.patterns, indicator.id
    for measure in codebook.measures:
        assert measure.tool_type in TOOL_TYPES, measure.id
        assert measure.group in codebook.groups, measure.id
    assert {"看得上病", "看得起病", "看得好病", "少生病", "方便看病", "兜底保障"} <= set(
        codebook.groups
    )
    assert codebook.indicators_version and codebook.measures_version


@pytest.mark.parametrize("path", [None, ""])
def test_none_and_empty_mean_the_packaged_codebook(path):
    assert load_codebook(path).indicator("health_literacy").zh == "居民健康素养水平"


def test_another_folder():
    codebook = load_codebook(FIXTURES / "minimal")
    assert [indicator.id for indicator in codebook.indicators] == ["signing_rate", "money"]
    assert codebook.indicator("money").generic
    assert codebook.measure("assistance").tool_type == "demand"
    assert [slogan.text for slogan in load_slogans(FIXTURES / "minimal")] == ["三个一批"]


def test_unknown_ids_raise_key_error(codebook):
    with pytest.raises(KeyError):
        codebook.indicator("no_such_indicator")
    with pytest.raises(KeyError):
        codebook.measure("no_such_measure")


@pytest.mark.parametrize(
    ("fixture", "file", "problem"),
    [
        ("yaml_syntax", "indicators.yaml", "YAML syntax error at line"),
        ("missing_key", "indicators.yaml", "missing key 'units'"),
        ("duplicate_id", "indicators.yaml", "duplicate indicator id 'signing_rate'"),
        ("bad_regex", "indicators.yaml", "does not compile"),
        ("empty_regex", "indicators.yaml", "matches the empty string"),
        ("bad_unit", "indicators.yaml", "'percentage' is not one of"),
        ("misspelt_key", "indicators.yaml", "unknown key(s) ['exlude']"),
        ("reserved_other", "indicators.yaml", "'other' is reserved"),
        ("missing_version", "measures.yaml", "missing key 'version'"),
        ("duplicate_measure", "measures.yaml", "duplicate measure id 'assistance'"),
        ("bad_group", "measures.yaml", "'看得好病' is not one of"),
        ("bad_tool_type", "measures.yaml", "'subsidy' is not one of"),
    ],
)
def test_broken_codebook_names_file_and_problem(tmp_path, fixture, file, problem):
    folder = _broken(tmp_path, fixture)
    with pytest.raises(CodebookError) as err:
        load_codebook(folder)
    assert file in str(err.value)
    assert problem in str(err.value)


def test_broken_slogans_name_file_and_problem(tmp_path):
    folder = _broken(tmp_path, "bad_slogan_regex")
    load_codebook(folder)  # the indicator and measure files are fine
    with pytest.raises(CodebookError, match=r"slogans\.yaml: slogan #1.*does not compile"):
        load_slogans(folder)


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(CodebookError, match="codebook folder not found"):
        load_codebook(tmp_path / "nowhere")
    with pytest.raises(CodebookError, match=r"indicators\.yaml: file not found"):
        load_codebook(tmp_path)


def _broken(tmp_path: Path, fixture: str) -> Path:
    """A copy of the minimal codebook with the fixture's broken file laid over it."""
    folder = tmp_path / fixture
    shutil.copytree(FIXTURES / "minimal", folder)
    for broken in (FIXTURES / fixture).iterdir():
        shutil.copy(broken, folder / broken.name)
    return folder


# ── slogans ───────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("坚持实施“三个一批”行动", ["三个一批"]),
        ("实现“两不愁三保障”", ["两不愁三保障"]),
        ("聚焦两不愁、三保障目标", ["两不愁、三保障"]),
        ("建立“三保险”“两救助”“两基金”体系", ["三保险”“两救助”“两基金"]),
        ("严格执行“四定两加强”措施", ["四定两加强"]),
        ("全面落实健康扶贫“985”政策", ["985"]),
        ("组建“1+4+N”医共体模式", ["1+4+N"]),
        ("每年实施“五个一百”培训工程", ["五个一百"]),
        ("开展保健康促脱贫“五个一”行动", ["五个一"]),
        ("享受一站式便捷结算服务", ["一站式"]),
        ("每个区县都有1所二级甲等以上医院", ["二级甲等"]),
    ],
)
def test_slogans_found(text, found):
    spans = find_slogans(text, load_slogans())
    assert [text[start:end] for start, end, _ in spans] == found


@pytest.mark.parametrize(
    "text",
    [
        "全区共有985所村卫生室",  # a count, not Hubei's 985 policy
        "培训乡村医生三百人",
        "新增一个服务项目",
    ],
)
def test_slogans_near_misses(text):
    assert find_slogans(text, load_slogans()) == []
