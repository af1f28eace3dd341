import pandas as pd
import pytest

from policy_corpus import compare


def fact(region: str, level: str, **changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "doc_id": f"doc_{region}",
        "start": 0,
        "region_code": region,
        "region_zh": f"地区{region}",
        "admin_level": level,
        "indicator_id": "inpatient_reimbursement",
        "indicator_zh": "住院实际报销比例",
        "indicator_en": "Inpatient reimbursement ratio",
        "value": 90.0,
        "value_max": None,
        "unit": "percent",
        "qualifier": "exact",
        "change_from": None,
        "status": "achieved",
        "period": "2019",
        "scope": "贫困人口",
    }
    row.update(changes)
    return row


def flags_of(*rows: dict[str, object], comparable: bool = True) -> list[str]:
    return compare.comparison_flags(pd.DataFrame(rows), comparable)


def test_same_level_status_period_and_scope_carry_no_flag():
    assert flags_of(fact("1", "province"), fact("2", "province")) == ["", ""]


@pytest.mark.parametrize(
    ("other", "flag"),
    [
        ({"admin_level": "district"}, "different administrative levels"),
        ({"status": "target"}, "plan vs achievement"),
        ({"period": "2020"}, "different periods"),
        ({"scope": "全体居民"}, "different populations"),
    ],
)
def test_each_difference_is_flagged_on_every_row(other, flag):
    changed = fact("2", "province") | other
    flags = flags_of(fact("1", "province"), changed)
    assert all(flag in f for f in flags)


def test_row_level_flags():
    flags = flags_of(
        fact("1", "province", change_from=80.0),
        fact("2", "province", qualifier="approx", period=None),
    )
    assert "a change over time" in flags[0]
    assert "approx value" in flags[1] and "period unknown" in flags[1]


def test_not_comparable_indicator_is_flagged():
    assert "not comparable" in flags_of(fact("1", "province"), comparable=False)[0]


def test_region_measures_lists_absent_measures_with_zero():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "region_code": ["110000", "120000"],
            "region_zh": ["甲", "乙"],
            "region_en": ["A", "B"],
            "admin_level": ["province", "province"],
        }
    )
    mentions = pd.DataFrame({"doc_id": ["a", "a"], "measure_id": ["m1", "m1"]})
    catalogue = [
        {
            "measure_id": m,
            "measure_zh": m,
            "measure_en": m,
            "framework_group": "g",
            "tool_type": "supply",
        }
        for m in ("m1", "m2")
    ]
    table = compare.region_measures_table(mentions, documents, catalogue)
    counts = table.set_index(["region_code", "measure_id"])["n_mentions"].to_dict()
    assert counts == {
        ("110000", "m1"): 2,
        ("110000", "m2"): 0,
        ("120000", "m1"): 0,
        ("120000", "m2"): 0,
    }


def test_shared_indicators_need_enough_regions():
    facts = pd.DataFrame([fact("1", "province"), fact("2", "province"), fact("2", "province")])
    facts["comparable"] = True
    assert [i for i, _ in compare.shared_indicators(facts, 2)] == ["inpatient_reimbursement"]
    assert compare.shared_indicators(facts, 3) == []
