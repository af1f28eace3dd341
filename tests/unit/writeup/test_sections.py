"""Data preparation of the report's sections (writeup/sections.py)."""

import pandas as pd
import pytest

from policy_corpus.writeup import sections
from tests.unit.writeup.test_report import small_tables


def fact_frame(language="en"):
    return sections.facts(small_tables()["indicators"], language, themes={})


def test_facts_show_values_in_the_readers_language_and_mark_trivia():
    en, zh = fact_frame("en"), fact_frame("zh")
    assert en["shown"].tolist()[:2] == ["90%", "85%"]
    assert zh["shown"].tolist()[2] == "3家"
    assert en["trivia"].tolist() == [False, False, True]  # an unmatched count of institutions


def test_shared_indicators_group_levels_by_status_and_say_where_they_agree():
    tables = small_tables()
    shared = sections.shared_indicators(
        fact_frame(), tables["region_indicators"], tables["documents"]
    )
    assert len(shared) == 1
    s = shared[0]
    assert s.n_regions == 2 and not s.agree
    assert [status for status, _ in s.by_status] == ["achieved", "target"]
    assert s.low["value"] == 85.0 and s.high["value"] == 90.0
    assert "admin_levels" in s.flags and "plan_vs_achievement" in s.flags


def test_a_ceiling_or_start_value_is_never_compared_as_a_level():
    tables = small_tables()
    facts = fact_frame().assign(role=["level", "cap", "level"])
    assert sections.shared_indicators(facts, tables["region_indicators"], tables["documents"]) == []
    compared = sections.comparison(tables["region_indicators"], facts)
    assert compared[0].verdict == "not"


def test_a_start_in_another_unit_is_not_a_second_start():
    # 7类9种 → 32种: the 7 categories are not a start of the number of diseases.
    tables = small_tables()
    facts = fact_frame().assign(role=["level", "from_value", "level"])
    region_indicators = tables["region_indicators"].copy()
    region_indicators.loc[region_indicators["start"] == 10, "unit"] = "disease_category"
    compared = sections.comparison(region_indicators, facts)
    assert [r["role"] for c in compared for r in c.rows] == ["level"]
    region_indicators.loc[region_indicators["start"] == 10, "unit"] = "percent"
    compared = sections.comparison(region_indicators, facts)
    assert sorted(r["role"] for c in compared for r in c.rows) == ["from_value", "level"]
    # An indicator given only as starts keeps them (its verdict says it is not comparable).
    only_starts = fact_frame().assign(role=["from_value", "from_value", "level"])
    compared = sections.comparison(tables["region_indicators"], only_starts)
    assert [c.verdict for c in compared] == ["not"] and len(compared[0].rows) == 2


def test_measure_spread_tells_done_from_planned():
    spread = {m.measure_id: m for m in sections.measure_spread(small_tables()["region_measures"])}
    assert spread["family_doctor"].done == ["110000"]
    assert spread["family_doctor"].planned == ["120101"]  # 乙县 names it in its plan only
    assert spread["telemedicine"].planned == [] and spread["telemedicine"].absent == ["120101"]


def test_achievements_are_achieved_levels_by_theme_without_trivia():
    by_theme = sections.achievements(fact_frame(), "110000")
    assert [(theme, [r["shown"] for r in rows]) for theme, rows in by_theme] == [("other", ["90%"])]
    assert sections.achievements(fact_frame(), "120101") == []  # a target and a trivium


def test_rule_changes_come_in_order_of_year():
    facts = fact_frame().assign(change_from=[80.0, 70.0, None])
    documents = small_tables()["documents"]
    changes = sections.rule_changes(facts, documents)
    assert [c["year"] for c in changes] == ["2019", "2020"]


def test_named_packages_are_explained_by_their_own_sentence():
    text = "全面落实“三保险”“两救助”“两基金”等政策。实施“985”政策,即住院只交起付线。"
    packages = sections.named_packages(text)
    assert [p["name"] for p in packages] == ["三保险两救助两基金", "985"]
    assert packages[1]["sentence"].startswith("实施“985”政策")


def test_distribution_and_dots_for_many_regions():
    rows = [
        {"value": v, "status": "achieved", "region_zh": f"{n}省", "shown": str(v)}
        for n, v in zip("甲乙丙", [1.0, 2.0, 4.0], strict=True)
    ]
    points = sections.dot_points(rows, 120.0)
    assert points[0]["x"] < points[1]["x"] < points[2]["x"]
    assert sections.distribution([1.0, 2.0, 4.0])["median"] == 2.0
    assert isinstance(pd.DataFrame(points), pd.DataFrame)


@pytest.mark.parametrize(
    ("sentence", "text", "unit", "indicator_id", "written"),
    [
        # The source's own noun says which part of a wide label the number counts.
        (
            "改扩建县级医院24所、村卫生室1048所",
            "1048所",
            "institution",
            "facilities_built",
            "村卫生室",
        ),
        ("开放床位170张", "170张", "bed", "facilities_built", "开放床位"),
        ("发送科普短信34亿条次", "34亿条次", "time", "health_education_activities", "发送科普短信"),
        # Words of time, place and spending alone say nothing the label does not.
        ("今年全区投资1700万元", "1700万元", "yuan", "funds_infrastructure", ""),
        ("累计投入资金38.46亿元", "38.46亿元", "yuan", "funds_invested", ""),
        # An unclassified number's label is already its phrase.
        ("设置10个基本功能分区", "10个", "item", "other", ""),
    ],
)
def test_as_written(sentence, text, unit, indicator_id, written):
    fact = {"sentence": sentence, "text": text, "unit": unit, "indicator_id": indicator_id}
    assert sections.as_written({**fact, "indicator_zh": "医疗卫生机构"}) == written


def test_as_written_without_its_sentence():
    assert sections.as_written({"text": "180所", "indicator_id": "facilities_built"}) == ""


def test_as_written_reads_the_facts_own_occurrence():
    # Two equal quantities in one sentence: each is named by its own clause.
    sentence = "确保乡镇卫生院至少有1名全科医师,村卫生室至少有1名合格的乡村医生"
    fact = {"sentence": sentence, "text": "至少有1名", "unit": "person", "indicator_zh": "医生"}
    first = sections.as_written({**fact, "indicator_id": "x", "occurrence": 0})
    second = sections.as_written({**fact, "indicator_id": "x", "occurrence": 1})
    assert first == "全科医师" and second.startswith("合格的乡村医生")


def test_facts_number_equal_quantities_of_a_sentence():
    sentence = "乡镇卫生院至少有1名医师,村卫生室至少有1名乡村医生"
    indicators = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "start": [40, 10],
            "text": ["至少有1名", "至少有1名"],
            "sentence": [sentence, sentence],
            "indicator_id": ["other", "other"],
            "unit": ["person", "person"],
            "value": [1.0, 1.0],
            "qualifier": ["at_least", "at_least"],
        }
    )
    frame = sections.facts(indicators, "en")
    assert list(frame["occurrence"]) == [1, 0]
