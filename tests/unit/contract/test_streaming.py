"""Streaming stages: tables written and read chunk by chunk equal the tables built whole."""

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from helpers import extract_tables, indicators_by_document, ingest_corpus, ingest_to

from policy_corpus.clean.stage import clean_chunks
from policy_corpus.clean.validate import domain_issues
from policy_corpus.codebook import load_codebook, load_slogans
from policy_corpus.contract import storage
from policy_corpus.contract.schema import TABLES, ContractError
from policy_corpus.extract.stage import extract_chunks
from policy_corpus.run.engine import Engine

PARALLEL = Engine(n_jobs=2, chunk_size=2)
CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"


def sentences(doc_id: str, n: int, text: str = "句") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": doc_id,
            "sentence_id": range(n),
            "start": range(n),
            "end": range(1, n + 1),
            "text": text,
            "section": "",
        }
    )


def documents(*doc_ids: str) -> pd.DataFrame:
    row = {
        "source_file": "a.txt",
        "sha256": "0" * 64,
        "encoding": "utf-8",
        "region_zh": "辽宁省",
        "region_en": "Liaoning",
        "region_code": "210000",
        "admin_level": "province",
        "doc_type": "news",
        "published": "2020",
        "issuer": None,
        "doc_number": None,
        "title": "标题",
        "text": "正文",
        "n_chars": 2,
        "converted_to_simplified": False,
    }
    return pd.DataFrame([{"doc_id": doc_id, **row} for doc_id in doc_ids])


def only_files(folder):
    return sorted(p.name for p in folder.iterdir())


# --- the writer --------------------------------------------------------------------------------


def test_row_groups_read_back_equal_to_the_chunks(tmp_path):
    chunks = [sentences("a", 2), sentences("b", 2), sentences("c", 2)]
    with storage.TableWriter("sentences", tmp_path, rows_per_group=2) as writer:
        for chunk in chunks:
            writer.write(chunk)
    file = pq.ParquetFile(tmp_path / "sentences.parquet")
    assert file.metadata.num_row_groups == 3
    for group, chunk in enumerate(chunks):
        pd.testing.assert_frame_equal(file.read_row_group(group).to_pandas(), chunk)
    whole = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(storage.read_table("sentences", tmp_path), whole)
    assert only_files(tmp_path) == ["sentences.parquet"]


def test_row_groups_do_not_depend_on_the_chunking(tmp_path):
    # The same rows in other chunks make the same bytes: n_jobs never changes a table's hash.
    def write(folder, chunks):
        with storage.TableWriter("sentences", folder, rows_per_group=3) as writer:
            for chunk in chunks:
                writer.write(chunk)
        return (folder / "sentences.parquet").read_bytes()

    rows = [sentences(doc, 2) for doc in "abcde"]
    one = write(tmp_path / "one", [pd.concat(rows, ignore_index=True)])
    many = write(tmp_path / "many", rows)
    assert one == many == write(tmp_path / "again", rows)


def test_a_chunk_that_breaks_the_contract_leaves_the_previous_table(tmp_path):
    storage.write_table("sentences", sentences("old", 1, "old"), tmp_path)
    before = (tmp_path / "sentences.parquet").read_bytes()
    with pytest.raises(ContractError), storage.TableWriter("sentences", tmp_path) as writer:
        writer.write(sentences("a", 2))
        writer.write(sentences("b", 2).assign(start="not a number"))
    assert (tmp_path / "sentences.parquet").read_bytes() == before
    assert only_files(tmp_path) == ["sentences.parquet"]  # no temporary file


def test_a_document_repeated_in_a_later_chunk_is_refused(tmp_path):
    with (
        pytest.raises(ContractError, match="earlier chunk"),
        storage.TableWriter("sentences", tmp_path) as writer,
    ):
        writer.write(sentences("a", 2))
        writer.write(sentences("a", 1))
    assert only_files(tmp_path) == []


def test_an_empty_stage_writes_an_empty_table_with_the_contract_columns(tmp_path):
    with storage.TableWriter("indicators", tmp_path):
        pass
    table = storage.read_table("indicators", tmp_path)
    assert table.empty and tuple(table.columns) == TABLES["indicators"].columns


def test_a_stage_writes_all_of_its_tables_or_none(tmp_path):
    storage.write_tables(tmp_path, documents=documents("old"), sentences=sentences("old", 1))
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def stream():
        yield {"documents": documents("a"), "sentences": sentences("a", 2)}
        raise RuntimeError("the stage fails half way")

    with pytest.raises(RuntimeError, match="half way"):
        storage.write_tables(tmp_path, stream())
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_write_tables_takes_whole_tables_or_a_stream_not_both(tmp_path):
    with pytest.raises(TypeError):
        storage.write_tables(tmp_path, [], documents=documents("a"))


# --- the readers -------------------------------------------------------------------------------


def test_iter_table_reads_parts_of_the_asked_size(tmp_path):
    whole = pd.concat([sentences(doc, 3) for doc in "abc"], ignore_index=True)
    with storage.TableWriter("sentences", tmp_path, rows_per_group=4) as writer:
        writer.write(whole)
    parts = list(storage.iter_table("sentences", tmp_path, 5))
    assert [len(part) for part in parts] == [5, 4]
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole)
    pd.testing.assert_frame_equal(storage.read_preview("sentences", tmp_path, 2), whole.head(2))
    assert storage.count_rows("sentences", tmp_path) == 9


def test_chunks_of_documents_carry_their_rows_in_order(tmp_path):
    storage.write_tables(
        tmp_path,
        documents=documents("a", "b", "c", "d"),
        # "c" has no sentences; the others' rows span parts of the reader's buffer.
        sentences=pd.concat([sentences("a", 3), sentences("b", 1), sentences("d", 2)]),
    )
    chunks = list(storage.read_by_document(tmp_path, 2, "sentences", rows=2))
    assert [c["documents"]["doc_id"].tolist() for c in chunks] == [["a", "b"], ["c", "d"]]
    assert [c["sentences"]["doc_id"].tolist() for c in chunks] == [
        ["a", "a", "a", "b"],
        ["d", "d"],
    ]
    assert chunks[1]["sentences"].index.tolist() == [0, 1]


def test_rows_of_unknown_documents_are_refused(tmp_path):
    storage.write_tables(
        tmp_path,
        documents=documents("a"),
        sentences=pd.concat([sentences("a", 1), sentences("nowhere", 1)]),
    )
    with pytest.raises(ValueError, match="nowhere"):
        list(storage.read_by_document(tmp_path, 1, "sentences"))


# --- the stages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """The tables built whole in memory and written at once, as before streaming."""
    ingested = ingest_corpus(CORPUS)
    codebook = load_codebook()
    documents, sentences = ingested.documents, ingested.sentences
    quantities, mentions = extract_tables(documents, sentences, codebook, load_slogans())
    indicators = indicators_by_document(quantities, documents, sentences, codebook)
    folder = tmp_path_factory.mktemp("whole")
    storage.write_tables(
        folder,
        documents=documents,
        sentences=sentences,
        ingest_issues=ingested.issues_table,
        quantities=quantities,
        measure_mentions=mentions,
        indicators=indicators,
        validation_issues=domain_issues(indicators, codebook),
    )
    return {"summary": ingested.summary(), "folder": folder}


def test_streaming_stages_write_the_tables_built_whole(whole, tmp_path):
    report = ingest_to(tmp_path, CORPUS, engine=PARALLEL)
    assert report.summary() == whole["summary"]
    codebook = load_codebook()
    storage.write_tables(
        tmp_path, extract_chunks(tmp_path, codebook, PARALLEL, slogans=load_slogans())
    )
    storage.write_tables(tmp_path, clean_chunks(tmp_path, codebook, PARALLEL))
    written = sorted(p.stem for p in whole["folder"].iterdir())
    assert sorted(p.stem for p in tmp_path.iterdir()) == written
    for table in written:
        expected = storage.read_table(table, whole["folder"])
        pd.testing.assert_frame_equal(storage.read_table(table, tmp_path), expected)


def test_clean_refuses_quantities_of_unknown_documents(whole, tmp_path):
    quantities = storage.read_table("quantities", whole["folder"])
    first = quantities["doc_id"] == quantities["doc_id"].iloc[0]
    quantities.loc[first, "doc_id"] = "nowhere"
    storage.write_tables(
        tmp_path,
        documents=storage.read_table("documents", whole["folder"]),
        sentences=storage.read_table("sentences", whole["folder"]),
        quantities=quantities,
    )
    with pytest.raises(ValueError, match="nowhere"):
        storage.write_tables(tmp_path, clean_chunks(tmp_path, load_codebook()))
    assert not (tmp_path / "indicators.parquet").exists()


def test_iter_table_reads_only_the_asked_columns(tmp_path):
    whole = pd.concat([sentences(doc, 3) for doc in "abc"], ignore_index=True)
    with storage.TableWriter("sentences", tmp_path, rows_per_group=4) as writer:
        writer.write(whole)
    parts = list(storage.iter_table("sentences", tmp_path, 5, columns=["doc_id", "text"]))
    assert [list(part.columns) for part in parts] == [["doc_id", "text"]] * 2
    pd.testing.assert_frame_equal(pd.concat(parts, ignore_index=True), whole[["doc_id", "text"]])


def test_a_csv_written_in_parts_is_the_csv_of_the_whole(tmp_path):
    whole = pd.DataFrame(
        {
            "地区": ["辽宁省", "重庆市", None, "新疆"],
            "value": [1.5, None, 3.0, 4.25],
            "n": [1, 2, 3, 4],
        }
    )
    one = storage.write_csv_for_excel(whole, tmp_path / "whole.csv")
    parts = storage.write_csv_in_parts([whole.iloc[:3], whole.iloc[3:]], tmp_path / "parts.csv")
    assert parts.read_bytes() == one.read_bytes()
    assert parts.read_bytes().count(b"\xef\xbb\xbf") == 1
