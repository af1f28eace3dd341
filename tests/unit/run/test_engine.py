"""The engine: chunks of documents, run serially or in parallel, give the same tables."""

import io
import os
import re
import socket
import sys
from unittest.mock import patch

import pandas as pd
import pytest
from helpers import (
    document_chunks,
    extract_tables,
    indicators_by_document,
    ingest_corpus,
    ingest_to,
)

from policy_corpus.codebook import load_codebook, load_slogans
from policy_corpus.contract import storage
from policy_corpus.extract.stage import extract_chunks
from policy_corpus.run import engine as engine_module
from policy_corpus.run.chain import ProgressEcho, progress_lines
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


# ── progress ─────────────────────────────────────────────────────────────────────────────────


def test_progress_lines_say_chunks_done_of_the_total(monkeypatch):
    monkeypatch.setenv(engine_module.PROGRESS_ENV, "lines")
    monkeypatch.setattr(engine_module, "LINE_SECONDS", 0.0)  # a line per chunk
    out = io.StringIO()
    results = list(engine_module.progress(iter([1, 2, 3]), 3, "extract", stream=out))
    assert results == [1, 2, 3]
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert all(line.startswith("progress: extract") for line in lines)
    assert "3/3" in lines[-1] and "chunk/s" in lines[-1]


def test_progress_lines_are_few_on_a_fast_run(monkeypatch):
    monkeypatch.setenv(engine_module.PROGRESS_ENV, "lines")
    out = io.StringIO()
    list(engine_module.progress(iter(range(50)), 50, "clean", stream=out))
    assert out.getvalue().splitlines()[-1].startswith("progress: clean 50/50")
    assert len(out.getvalue().splitlines()) <= 2  # the end, and at most one on the way


def test_progress_bar_on_a_terminal_and_off_when_asked(monkeypatch):
    monkeypatch.delenv(engine_module.PROGRESS_ENV, raising=False)
    monkeypatch.setattr(engine_module.sys, "modules", {k: v for k, v in sys.modules.items()
                                                       if k != "ipykernel"})  # fmt: skip
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    assert engine_module.progress_mode(terminal) == "bar"
    assert list(engine_module.progress(iter([1, 2]), 2, "ingest", stream=terminal)) == [1, 2]
    assert "2/2" in terminal.getvalue() and "\r" in terminal.getvalue()
    assert engine_module.progress_mode(io.StringIO()) == "lines"
    monkeypatch.setenv(engine_module.PROGRESS_ENV, "off")
    quiet = io.StringIO()
    assert list(engine_module.progress(iter([1, 2]), 2, "ingest", stream=quiet)) == [1, 2]
    assert quiet.getvalue() == ""


def test_document_stages_report_progress(serial, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(engine_module.PROGRESS_ENV, "lines")
    processed = tmp_path / "processed"
    ingest_to(processed, serial["corpus"], engine=PARALLEL)
    storage.write_tables(processed, extract_chunks(processed, load_codebook(), PARALLEL))
    err = capsys.readouterr().err
    # Ingest counts the manifest's rows, extract the documents ingest kept.
    for stage in ("ingest", "extract"):
        assert re.search(rf"^progress: {stage} \(\d+ documents\) (\d+)/\1 chunks", err, re.M), err
    n = len(serial["ingested"].documents)
    chunks = -(-n // PARALLEL.chunk_size)
    assert f"extract ({n} documents) {chunks}/{chunks} chunks (100 %)" in err


def test_the_runner_passes_on_progress_lines_only():
    out = io.StringIO()
    echo = ProgressEcho(out)
    echo.write("a warning\nprogress: extract 2/4 [00:01<00:01]\nmore\n")
    echo.flush()
    assert out.getvalue() == "    extract 2/4 [00:01<00:01]\n"


def test_kernels_started_by_the_runner_write_lines_and_the_variable_is_restored(monkeypatch):
    monkeypatch.delenv(engine_module.PROGRESS_ENV, raising=False)
    with progress_lines():
        assert os.environ[engine_module.PROGRESS_ENV] == "lines"
    assert engine_module.PROGRESS_ENV not in os.environ
    monkeypatch.setenv(engine_module.PROGRESS_ENV, "off")
    with progress_lines():
        assert os.environ[engine_module.PROGRESS_ENV] == "off"


def test_an_unreachable_scheduler_is_a_clear_error():
    pytest.importorskip("dask.distributed")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    on_dask = Engine(kind="dask", scheduler=f"tcp://127.0.0.1:{port}")
    with (
        pytest.raises(EngineError, match=r"cannot reach the Dask scheduler .*dask scheduler"),
        patch.object(engine_module, "CONNECT_SECONDS", 1),
    ):
        list(on_dask.map(square_all, [[1]]))
