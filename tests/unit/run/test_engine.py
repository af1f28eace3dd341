"""The engine: chunks of documents, run serially or in parallel, give the same tables."""

import pandas as pd
import pytest
from helpers import document_chunks, extract_tables, indicators_by_document, ingest_corpus

from policy_corpus.codebook import load_codebook, load_slogans
from policy_corpus.run.engine import Engine, EngineError, chunks_of

PARALLEL = Engine(n_jobs=2, chunk_size=2)


def square_all(chunk):
    return [x * x for x in chunk]


@pytest.mark.parametrize("engine", [Engine(), Engine(n_jobs=2), Engine(n_jobs=0, chunk_size=3)])
def test_results_come_back_in_order(engine):
    chunks = chunks_of(list(range(40)), 3)
    assert [y for part in engine.map(square_all, chunks) for y in part] == [
        x * x for x in range(40)
    ]


def test_no_chunks_no_results():
    assert list(PARALLEL.map(square_all, [])) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "spark"}, "engine must be one of"),
        ({"n_jobs": -1}, "n_jobs"),
        ({"chunk_size": -2}, "chunk"),
    ],
)
def test_wrong_engine_parameters_are_refused(kwargs, message):
    with pytest.raises(EngineError, match=message):
        Engine(**kwargs)


def test_automatic_chunks_keep_every_worker_busy():
    engine = Engine(n_jobs=2)
    assert engine.chunk_length(10) == 2
    assert engine.chunk_length(10_000) == 64
    assert Engine(n_jobs=2, chunk_size=5).chunk_length(10_000) == 5


def test_document_chunks_carry_their_rows_in_order():
    documents = pd.DataFrame({"doc_id": ["b", "a", "c"]})
    sentences = pd.DataFrame({"doc_id": ["a", "b", "a", "c"], "n": [1, 2, 3, 4]})
    chunks = list(document_chunks(documents, 2, sentences=sentences))
    assert [c["documents"]["doc_id"].tolist() for c in chunks] == [["b", "a"], ["c"]]
    assert chunks[0]["sentences"]["n"].tolist() == [2, 1, 3]
    assert chunks[1]["sentences"]["n"].tolist() == [4]


@pytest.fixture(scope="module")
def serial(request):
    from pathlib import Path

    corpus = Path(request.config.rootpath) / "tests" / "fixtures" / "corpus"
    ingested = ingest_corpus(corpus)
    documents, sentences = ingested.documents, ingested.sentences
    codebook, slogans = load_codebook(), load_slogans()
    quantities, mentions = extract_tables(documents, sentences, codebook, slogans)
    return {
        "corpus": corpus,
        "ingested": ingested,
        "quantities": quantities,
        "mentions": mentions,
        "indicators": indicators_by_document(quantities, documents, sentences, codebook),
    }


def test_parallel_ingest_equals_serial(serial):
    parallel = ingest_corpus(serial["corpus"], engine=PARALLEL)
    pd.testing.assert_frame_equal(parallel.documents, serial["ingested"].documents)
    pd.testing.assert_frame_equal(parallel.sentences, serial["ingested"].sentences)
    assert parallel.issues == serial["ingested"].issues


def test_parallel_extract_and_clean_equal_serial(serial):
    documents, sentences = serial["ingested"].documents, serial["ingested"].sentences
    codebook = load_codebook()
    quantities, mentions = extract_tables(documents, sentences, codebook, load_slogans(), PARALLEL)
    pd.testing.assert_frame_equal(quantities, serial["quantities"])
    pd.testing.assert_frame_equal(mentions, serial["mentions"])
    indicators = indicators_by_document(quantities, documents, sentences, codebook, PARALLEL)
    pd.testing.assert_frame_equal(indicators, serial["indicators"])


def test_clean_refuses_quantities_of_unknown_documents(serial):
    quantities = serial["quantities"].assign(doc_id="nowhere")
    documents, sentences = serial["ingested"].documents, serial["ingested"].sentences
    with pytest.raises(ValueError, match="nowhere"):
        indicators_by_document(quantities, documents, sentences, load_codebook())


@pytest.fixture(scope="module")
def dask_scheduler():
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_writes_the_same_tables_as_the_local_one(serial, dask_scheduler):
    on_dask = Engine(kind="dask", scheduler=dask_scheduler, chunk_size=2)
    ingested = ingest_corpus(serial["corpus"], engine=on_dask)
    pd.testing.assert_frame_equal(ingested.documents, serial["ingested"].documents)
    pd.testing.assert_frame_equal(ingested.sentences, serial["ingested"].sentences)
    assert ingested.issues == serial["ingested"].issues
    documents, sentences, codebook = ingested.documents, ingested.sentences, load_codebook()
    quantities, mentions = extract_tables(documents, sentences, codebook, load_slogans(), on_dask)
    pd.testing.assert_frame_equal(quantities, serial["quantities"])
    pd.testing.assert_frame_equal(mentions, serial["mentions"])
    indicators = indicators_by_document(quantities, documents, sentences, codebook, on_dask)
    pd.testing.assert_frame_equal(indicators, serial["indicators"])
