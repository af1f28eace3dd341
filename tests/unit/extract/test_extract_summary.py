import pandas as pd
import pytest

from policy_corpus.extract.summary import (
    measures_by_region,
    quantities_by_kind,
    rejections_by_reason,
)

DOCUMENTS = pd.DataFrame(
    {"doc_id": ["x", "l"], "region_code": ["650000", "210000"], "region_zh": ["新疆", "辽宁"]}
)
QUANTITIES = pd.DataFrame(
    {
        "doc_id": ["x", "x", "l", "l", "l", "x"],
        "text": ["3万人", "91.42%", "5万人", "1、", "2、", "2019年"],
        "is_quantity": [True, True, True, False, False, False],
        "reject_reason": [None, None, None, "section_number", "section_number", "date"],
        "kind": ["count", "percent", "count", None, None, None],
        "unit": ["person", "percent", "person", None, None, None],
    }
)


def test_quantities_are_counted_by_kind_and_unit_per_region_in_code_order():
    table = quantities_by_kind(QUANTITIES, DOCUMENTS)
    assert list(table.columns) == ["kind", "unit", "辽宁", "新疆", "total"]
    assert table.values.tolist() == [
        ["count", "persons", 1, 1, 2],
        ["percent", "percent", 0, 1, 1],
    ]


def test_rejections_are_counted_by_reason_with_their_share_and_examples():
    table = rejections_by_reason(QUANTITIES)
    assert table["reject_reason"].tolist() == ["section_number", "date"]
    assert table["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert table["examples"].iat[0] == "1、、2、"
    assert table["reason"].iat[1] == "date"


def test_measures_are_counted_per_region_most_mentioned_first():
    mentions = pd.DataFrame({"doc_id": ["x", "l", "l"], "measure_id": ["b", "a", "a"]})
    table = measures_by_region(mentions, DOCUMENTS)
    assert table.values.tolist() == [["a", 2, 0, 2], ["b", 0, 1, 1]]


def test_no_quantity_gives_an_empty_table_with_the_region_columns():
    table = quantities_by_kind(QUANTITIES.iloc[:0], DOCUMENTS)
    assert table.empty and list(table.columns) == ["kind", "unit", "辽宁", "新疆", "total"]
