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


def test_every_code_of_every_vocabulary_is_worded_once_in_both_languages():
    from policy_corpus.contract import schema, vocabulary

    declared = {
        "status": schema.STATUSES,
        "admin_level": schema.ADMIN_LEVELS,
        "doc_type": schema.DOC_TYPES,
        "unit": schema.UNITS,
        "severity": schema.SEVERITIES,
    }
    for name, codes in declared.items():
        assert set(codes) == set(vocabulary.TERMS[name]), name
    for term in (t for words in vocabulary.TERMS.values() for t in words.values()):
        assert term.en and term.zh and term.meaning_en and term.meaning_zh, term


def test_codes_the_stages_write_are_declared_by_their_wording():
    from policy_corpus.codebook import TOOL_TYPES
    from policy_corpus.contract import schema, vocabulary

    assert set(TOOL_TYPES) == set(vocabulary.TERMS["tool_type"])
    for column in ("reject_reason", "check", "tool_type", "flags"):
        vocabulary_name = {"reject_reason": "reject_reason", "flags": "flag"}.get(column, column)
        assert set(schema.FIELDS[column].isin or ()) == set(vocabulary.TERMS[vocabulary_name])


def test_flags_are_stored_as_lists_of_known_codes(tmp_path):
    import pandas as pd

    from policy_corpus.contract import storage
    from policy_corpus.contract.schema import FLAG_CODES, _codes_check

    schema = storage._arrow_schema("region_indicators")
    assert str(schema.field("flags").type) == "list<item: string>"
    check = _codes_check(FLAG_CODES)
    values = pd.Series([["period_unknown"], [], ["period unknown"], "period_unknown"])
    assert check(values).check_output.tolist() == [True, True, False, False]
    # An empty table keeps the list type on disk, so chunks and whole tables agree.
    storage.write_tables(tmp_path, region_indicators=pd.DataFrame())
    read = pd.read_parquet(tmp_path / "region_indicators.parquet")
    assert read.empty and "flags" in read
