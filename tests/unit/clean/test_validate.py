"""Tests of the domain checks on the indicators table."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_corpus.clean.validate import domain_issues
from policy_corpus.codebook import load_codebook
from policy_corpus.contract.schema import conform, validate_table


@pytest.fixture(scope="module")
def codebook():
    return load_codebook()


def _row(text, value, unit, indicator_id, sentence=None, start=0, **overrides):
    row = {
        "doc_id": "d1",
        "start": start,
        "end": start + len(text),
        "text": text,
        "is_quantity": True,
        "reject_reason": None,
        "value": value,
        "value_max": None,
        "unit": unit,
        "unit_text": None,
        "kind": None,
        "qualifier": "exact",
        "change_from": None,
        "sentence": sentence or text,
        "region_code": "420000",
        "region_zh": "某省",
        "indicator_id": indicator_id,
        "indicator_zh": indicator_id,
        "indicator_en": indicator_id,
        "status": "achieved",
        "role": "level",
        "period": "2019",
        "scope": None,
    }
    return row | overrides


def _checks(rows, codebook):
    frame = conform("indicators", pd.DataFrame(rows))
    validate_table("indicators", frame)
    issues = domain_issues(frame, codebook)
    validate_table("validation_issues", issues)
    return sorted(zip(issues["check"], issues["severity"], strict=True))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            _row("120%", 120.0, "percent", "family_doctor_signing_rate", "签约率达120%"),
            [("percent_over_100", "error")],
        ),
        (_row("120%", 120.0, "percent", "other", "基层诊疗量同比增长120%"), []),
        (_row("150%", 150.0, "percent", "other", "资金提高了150%"), []),
        (_row("150%", 150.0, "percent", "other", "比例从50%到150%", change_from=50.0), []),
        (_row("90%", 90.0, "percent", "inpatient_reimbursement_ratio"), []),
        (
            _row("90元", 90.0, "yuan", "inpatient_reimbursement_ratio"),
            [("ratio_in_money", "error")],
        ),
        (_row("90元", 90.0, "yuan", "staff_trained"), [("unit_not_expected", "warning")]),
        (_row("90", 90.0, None, "staff_trained"), [("unit_not_expected", "warning")]),
        (_row("-5人", -5.0, "person", "staff_trained"), [("negative_amount", "error")]),
        (_row("5人", 5.0, "person", "no_such_indicator"), [("unknown_indicator", "error")]),
        (_row("5人", 5.0, "person", "other"), []),
    ],
)
def test_row_checks(codebook, row, expected):
    assert _checks([row], codebook) == expected


def test_two_values_for_one_region_and_period(codebook):
    rows = [
        _row("91%", 91.0, "percent", "inpatient_reimbursement_ratio", start=0),
        _row("93%", 93.0, "percent", "inpatient_reimbursement_ratio", start=10),
    ]
    assert _checks(rows, codebook) == [("conflicting_values", "warning")] * 2


@pytest.mark.parametrize(
    "second",
    [
        {"value": 91.0},  # the same value twice is a repetition, not a conflict
        {"period": "2020"},
        {"period": "unspecified"},
        {"region_code": "500000"},
        {"status": "target"},
        {"unit": "percentage_point"},
        # a starting value, an increment or a cap is not another value of the same thing
        {"role": "from_value"},
        {"role": "increment"},
        {"role": "cap"},
    ],
)
def test_no_conflict(codebook, second):
    rows = [
        _row("91%", 91.0, "percent", "inpatient_reimbursement_ratio", start=0),
        _row("93%", 93.0, "percent", "inpatient_reimbursement_ratio", start=10) | second,
    ]
    assert ("conflicting_values", "warning") not in _checks(rows, codebook)


def test_counts_are_parts_not_conflicts(codebook):
    # 24所 county hospitals and 14所 health centres built: parts of a whole, not rival figures.
    rows = [
        _row("24所", 24.0, "institution", "facilities_built", start=0),
        _row("14所", 14.0, "institution", "facilities_built", start=10),
    ]
    assert _checks(rows, codebook) == []


def test_no_indicators(codebook):
    issues = domain_issues(conform("indicators", pd.DataFrame()), codebook)
    assert issues.empty
    validate_table("validation_issues", issues)


def test_message_names_the_number(codebook):
    rows = [_row("-5人", -5.0, "person", "staff_trained")]
    issues = domain_issues(conform("indicators", pd.DataFrame(rows)), codebook)
    assert issues.loc[0, "table"] == "indicators"
    assert "-5人" in issues.loc[0, "message"]
    assert "staff_trained" in issues.loc[0, "message"]
