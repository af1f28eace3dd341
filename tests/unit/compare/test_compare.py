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


def flags_of(*rows: dict[str, object], comparable: bool = True) -> list[list[str]]:
    return compare.comparison_flags(pd.DataFrame(rows), comparable)


def test_same_level_status_period_and_scope_carry_no_flag():
    assert flags_of(fact("1", "province"), fact("2", "province")) == [[], []]


@pytest.mark.parametrize(
    ("other", "flag"),
    [
        ({"admin_level": "district"}, "admin_levels"),
        ({"status": "target"}, "plan_vs_achievement"),
        ({"status": "policy_rule"}, "rule_vs_achievement"),
        ({"period": "2020"}, "different_periods"),
        ({"period": "2020H1"}, "different_periods"),
        ({"scope": "全区"}, "different_populations"),
        ({"scope": "18个贫困区县"}, "different_populations"),
        ({"scope": None}, "population_partial"),
    ],
)
def test_each_difference_is_flagged_on_every_row(other, flag):
    changed = fact("2", "province") | other
    flags = flags_of(fact("1", "province"), changed)
    assert all(flag in f for f in flags), flags


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"scope": "贫困人口"}, {"scope": "建档立卡贫困人口"}),  # one population, worded apart
        ({"scope": "贫困患者"}, {"scope": "农村贫困人口"}),
        ({"scope": "全区"}, {"scope": "全省"}),  # both all residents of their region
        ({"period": "2019"}, {"period": None, "published": "2019-10-15"}),  # same year
    ],
)
def test_same_population_or_year_in_other_words_is_not_flagged(first, second):
    flags = flags_of(fact("1", "province", **first), fact("2", "province", **second))
    assert not any(code.startswith("different") for f in flags for code in f), flags


def test_unknown_periods_are_dated_by_their_documents():
    flags = flags_of(
        fact("1", "province", period=None, published="2019-10"),
        fact("2", "province", period=None, published="2020"),
    )
    assert all("different_years" in f for f in flags)
    assert all("period_unknown" in f for f in flags)


def test_target_and_policy_rule_is_plan_vs_rule():
    flags = flags_of(
        fact("1", "province", status="target"), fact("2", "province", status="policy_rule")
    )
    assert all("plan_vs_rule" in f for f in flags)
    assert not any("achievement" in code for f in flags for code in f)


@pytest.mark.parametrize(
    ("changes", "flag"),
    [
        ({"change_from": 80.0}, "change_not_level"),
        ({"unit": "percentage_point", "value": 5.0}, "change_not_level"),
        ({"qualifier": "approx"}, "approx_value"),
        ({"qualifier": "at_least"}, "at_least_value"),
        ({"period": None}, "period_unknown"),
        ({"period": "unspecified"}, "period_unknown"),
        ({"scope": None}, "population_unknown"),
        ({"role": "cap"}, "role_cap"),
        ({"role": "increment"}, "role_increment"),
        ({"role": "from_value"}, "role_from_value"),
    ],
)
def test_row_level_flags_only_on_their_row(changes, flag):
    flags = flags_of(fact("1", "province"), fact("2", "province", **changes))
    assert flag in flags[1]
    assert flag not in flags[0]


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        ("建档立卡贫困人口", "贫困人口 registered poor"),
        ("贫困对象", "贫困人口 registered poor"),
        ("18个贫困区县", "贫困地区 poor areas"),
        ("南疆四地州", "贫困地区 poor areas"),
        ("全区", "全体居民 all residents"),
        ("城乡居民", "全体居民 all residents"),
        ("农村居民", "农村居民 rural residents"),
        ("低保对象", "特困低保 low-income groups"),
        ("退役军人", "退役军人"),  # unknown scopes stay themselves
        (None, None),
        (float("nan"), None),
    ],
)
def test_population_class(scope, expected):
    assert compare.population_class(scope) == expected


def test_cap_is_not_set_beside_a_level():
    # 辽宁's 最高支付比例70% beside 新疆's 60%: in its own group, so the levels stay unflagged.
    rows = [fact("1", "province", role="level"), fact("2", "province", role="level")]
    rows.append(fact("3", "province", role="cap", value=70.0, period="2020"))
    documents = pd.DataFrame(
        {
            "doc_id": [f"doc_{r}" for r in "123"],
            "region_en": list("ABC"),
            "admin_level": ["province"] * 3,
            "published": ["2019"] * 3,
        }
    )
    table = compare.region_indicators_table(
        pd.DataFrame(rows).drop(columns="admin_level"), documents, {"inpatient_reimbursement": True}
    )
    levels = table[table["region_code"] != "3"]
    assert list(levels["flags"]) == [[], []]
    assert "role_cap" in table.loc[table["region_code"] == "3", "flags"].iat[0]


def test_not_comparable_indicator_is_flagged():
    assert "not_comparable" in flags_of(fact("1", "province"), comparable=False)[0]


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
    mentions = pd.DataFrame(
        {"doc_id": ["a", "a"], "measure_id": ["m1", "m1"], "measure_status": ["planned", "done"]}
    )
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
    # One of the two mentions reports the measure as done; the other only plans it.
    done = table.set_index(["region_code", "measure_id"])["n_done"].to_dict()
    assert done == {
        ("110000", "m1"): 1,
        ("110000", "m2"): 0,
        ("120000", "m1"): 0,
        ("120000", "m2"): 0,
    }


def test_shared_indicators_need_enough_regions():
    facts = pd.DataFrame([fact("1", "province"), fact("2", "province"), fact("2", "province")])
    facts["comparable"] = True
    assert [i for i, _ in compare.shared_indicators(facts, 2)] == ["inpatient_reimbursement"]
    assert compare.shared_indicators(facts, 3) == []


def documents_frame(codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"doc_{c}" for c in codes],
            "region_code": codes,
            "region_zh": [f"地区{c}" for c in codes],
            "region_en": [f"Region {c}" for c in codes],
            "admin_level": ["province"] * len(codes),
            "published": ["2020"] * len(codes),
        }
    )


def test_region_indicators_table_uses_document_years_and_keeps_its_columns():
    documents = documents_frame(["110000", "120000"]).assign(published=["2019-05", "2020"])
    indicators = pd.DataFrame(
        [fact("110000", "province", period=None), fact("120000", "province", period=None)]
    ).drop(columns="admin_level")
    indicators["doc_id"] = ["doc_110000", "doc_120000"]
    indicators["sentence"] = "句子"
    table = compare.region_indicators_table(
        indicators, documents, {"inpatient_reimbursement": True}
    )
    assert "published" not in table.columns
    assert all("different_years" in f for f in table["flags"])
    assert table["display_value"].tolist() == ["90%", "90%"]


def test_tool_type_shares_cover_every_region_and_sum_to_one():
    rows = [
        ("110000", "m1", "supply", 3),
        ("110000", "m2", "demand", 1),
        ("110000", "m3", "supply", 0),
        ("120000", "m1", "supply", 0),
        ("120000", "m2", "demand", 0),
        ("120000", "m3", "supply", 0),
    ]
    region_measures = pd.DataFrame(
        rows, columns=["region_code", "measure_id", "tool_type", "n_mentions"]
    ).assign(region_zh=lambda f: "地区" + f["region_code"], region_en="x")
    shares = compare.tool_type_shares(region_measures).set_index("region_code")
    assert shares.loc["110000", ["supply", "demand", "environment"]].tolist() == [0.5, 0.5, 0.0]
    assert shares.loc["110000", "n_measures"] == 2
    # A region that mentions no measure is still listed, with zero shares.
    zero = shares.loc["120000", ["supply", "demand", "environment", "n_measures"]].tolist()
    assert zero == [0, 0, 0, 0]


def test_changes_over_time_keeps_only_stated_changes():
    facts = pd.DataFrame(
        [
            fact("1", "province", change_from=50.0, value=60.0),
            fact("2", "province"),
            fact("1", "province", indicator_id="diseases", unit="disease", change_from=9.0),
        ]
    )
    changes = compare.changes_over_time(facts)
    assert changes["change_from"].tolist() == [9.0, 50.0]
