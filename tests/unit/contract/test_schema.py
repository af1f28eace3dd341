import pandas as pd
import pytest

from policy_corpus.contract.schema import (
    FIELDS,
    TABLES,
    ContractError,
    conform,
    empty_table,
    validate_table,
)


def sentence_rows(**changes: object) -> pd.DataFrame:
    row = {"doc_id": "d", "sentence_id": 0, "start": 0, "end": 3, "text": "abc", "section": ""}
    row.update(changes)
    return pd.DataFrame([row])


def test_every_table_column_is_declared_once():
    for table in TABLES.values():
        assert len(set(table.columns)) == len(table.columns)
        assert all(column in FIELDS for column in table.columns)
        assert all(column in table.columns for column in table.key)


@pytest.mark.parametrize("table", sorted(TABLES))
def test_empty_tables_satisfy_their_contract(table):
    validate_table(table, empty_table(table))


def test_valid_frame_passes():
    assert len(validate_table("sentences", sentence_rows())) == 1


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (sentence_rows(start="x"), "start"),
        (sentence_rows().drop(columns="section"), "section"),
        (sentence_rows(extra=1), "extra"),
        (pd.concat([sentence_rows(), sentence_rows()]), "uniqueness"),
    ],
)
def test_contract_errors_name_the_column(frame, message):
    with pytest.raises(ContractError, match=message) as err:
        validate_table("sentences", frame.reset_index(drop=True))
    assert "sentences" in str(err.value)


def test_vocabulary_is_checked():
    frame = empty_table("validation_issues")
    frame.loc[0] = ["indicators", "d", 3, "unit", "fatal", "x"]
    with pytest.raises(ContractError, match="severity"):
        validate_table("validation_issues", conform("validation_issues", frame))


def test_conform_orders_columns_and_casts_all_null_floats():
    row = {c: None for c in TABLES["quantities"].columns}
    row |= {"doc_id": "d", "start": 0, "end": 1, "text": "5", "is_quantity": False}
    row |= {"sentence": "5", "reject_reason": "id"}
    frame = conform("quantities", pd.DataFrame([row]).iloc[:, ::-1])
    assert list(frame.columns) == list(TABLES["quantities"].columns)
    validate_table("quantities", frame)
