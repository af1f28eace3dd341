"""Faults and bad input: each names the file and the problem, the other documents go on, and
the previous good tables, the report and the raw data are left as they were.

Fast cases call ingest_corpus, the manifest checks, io and the pipeline's checks directly; the
cases that need a kernel (a broken codebook, a notebook failing half way) share one good run of
the first two stages.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from helpers import ingest_corpus

from policy_corpus.codebook import CodebookError, load_codebook
from policy_corpus.contract import storage
from policy_corpus.contract.paths import NOTEBOOKS_DIR
from policy_corpus.ingest.manifest import ManifestError
from policy_corpus.run import chain, cli
from policy_corpus.run.chain import RunConfig, run_chain
from policy_corpus.run.state import folder_hash

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = (FIXTURES / "corpus" / "a_county_summary.txt").read_bytes()
HEADER = "doc_id,source_file,region_zh,region_en,region_code,admin_level,doc_type,published"


def run_args(raw: Path, processed: Path, reports: Path, *more: str) -> list[str]:
    """Arguments of ``policy-corpus run`` on these folders."""
    folders = ["--raw-dir", str(raw), "--processed-dir", str(processed)]
    return ["run", *folders, "--reports-dir", str(reports), *more]


def row(doc_id: str, source: str, code: str = "130102", published: str = "2020") -> str:
    return f"{doc_id},{source},示例县,Example,{code},county,summary,{published}"


def make_raw(tmp_path: Path, files: dict[str, bytes], rows: list[str]) -> Path:
    """A raw folder with a good document, the given files, and a manifest of the given rows."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "good.txt").write_bytes(GOOD)
    for name, data in files.items():
        (raw / name).write_bytes(data)
    manifest = "\n".join([HEADER, row("good", "good.txt"), *rows]) + "\n"
    (raw / "manifest.csv").write_text(manifest, encoding="utf-8")
    return raw


# --- documents that cannot be read: reported by name, the others ingested -----------------------

HTML_WITHOUT_ARTICLE = b"<html><body><div class='nav'>\xe9\xa6\x96\xe9\xa1\xb5</div></body></html>"
DOCUMENT_FAULTS = [
    ("empty", "empty.txt", b"", "empty file"),
    ("binary", "data.bin", bytes(range(256)) * 40, "cannot decode"),
    ("no encoding fits", "odd.txt", bytes([0x80, 0xFF, 0x41]) * 40, "cannot decode: tried"),
    ("html without article", "index.html", HTML_WITHOUT_ARTICLE, "no article text"),
]


@pytest.mark.parametrize(
    ("source", "data", "message"),
    [case[1:] for case in DOCUMENT_FAULTS],
    ids=[case[0] for case in DOCUMENT_FAULTS],
)
def test_unreadable_document_is_reported_and_the_others_ingested(tmp_path, source, data, message):
    raw = make_raw(tmp_path, {source: data}, [row("bad", source)])
    before = folder_hash(raw)
    result = ingest_corpus(raw)
    assert result.documents["doc_id"].tolist() == ["good"]
    [issue] = result.issues
    assert (issue.source_file, issue.severity) == (source, "error")
    assert message in issue.problem
    assert folder_hash(raw) == before


def test_a_20_mb_document_is_refused_quickly_with_the_limit_named(tmp_path):
    raw = make_raw(tmp_path, {}, [row("big", "big.txt")])
    with (raw / "big.txt").open("wb") as handle:  # 20 MB of real Chinese text
        for _ in range(20_000_000 // len(GOOD) + 1):
            handle.write(GOOD)
    started = time.perf_counter()
    result = ingest_corpus(raw)
    assert time.perf_counter() - started < 30  # a guard against a hang, not a benchmark
    [issue] = result.issues
    assert issue.source_file == "big.txt"
    assert "MB limit" in issue.problem and "max_document_mb" in issue.problem
    assert result.documents["doc_id"].tolist() == ["good"]


# --- manifest faults --------------------------------------------------------------------------

MANIFEST_FAULTS = [
    ("unknown region code", {}, [row("x", "x.txt", code="990101")], "x.txt", "province code"),
    ("not six digits", {}, [row("x", "x.txt", code="13010")], "x.txt", "6-digit"),
    ("bad date", {}, [row("x", "x.txt", published="2020-13-01")], "x.txt", "not a date"),
    ("row without file", {}, [row("x", "missing.txt")], "missing.txt", "not found"),
    ("duplicate id", {}, [row("good", "x.txt")], "x.txt", "duplicate doc_id 'good'"),
    ("file without row", {"stray.txt": GOOD}, [], "stray.txt", "no manifest row"),
]


@pytest.mark.parametrize(
    ("files", "rows", "source", "message"),
    [case[1:] for case in MANIFEST_FAULTS],
    ids=[case[0] for case in MANIFEST_FAULTS],
)
def test_bad_manifest_row_is_reported_and_the_others_ingested(
    tmp_path, files, rows, source, message
):
    files = {"x.txt": GOOD.replace("某某县".encode(), "另一县".encode()), **files}
    raw = make_raw(tmp_path, files, rows)
    before = folder_hash(raw)
    result = ingest_corpus(raw)
    assert "good" in result.documents["doc_id"].tolist()
    problems = [p for p in result.issues if p.source_file == source]
    assert problems and message in problems[0].problem, result.issues
    assert folder_hash(raw) == before


def test_manifest_without_a_required_column_stops_with_its_name(tmp_path):
    raw = make_raw(tmp_path, {}, [])
    manifest = raw / "manifest.csv"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    manifest.write_text(
        "\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8"
    )
    with pytest.raises(ManifestError, match=r"manifest\.csv: missing column\(s\) published"):
        ingest_corpus(raw)


# --- parameters and codebooks ---------------------------------------------------------------

PARAMETER_FAULTS = [
    ("wrong type", "02_extract:\n  n_jobs: two\n", r"n_jobs.*must be int"),
    ("unknown", "03_clean:\n  n_job: 2\n", r"unknown parameter 'n_job'"),
    ("wrong type of float", "01_ingest:\n  max_document_mb: big\n", r"must be float"),
]


@pytest.mark.parametrize(
    ("text", "message"),
    [case[1:] for case in PARAMETER_FAULTS],
    ids=[case[0] for case in PARAMETER_FAULTS],
)
def test_bad_parameter_stops_the_run_before_anything_is_written(tmp_path, capsys, text, message):
    params = tmp_path / "params.yaml"
    params.write_text(text, encoding="utf-8")
    processed = tmp_path / "processed"
    args = run_args(FIXTURES / "corpus", processed, tmp_path / "reports", "--params", str(params))
    assert cli.main(args) == 1
    assert not processed.exists()  # checked before any folder is made or stage is run
    err = capsys.readouterr().err
    assert re.search(message, err), err


def codebook_with(tmp_path: Path, broken: str) -> Path:
    """The minimal codebook with one file replaced by a broken fixture."""
    folder = tmp_path / f"codebook_{broken}"
    shutil.copytree(FIXTURES / "codebooks" / "minimal", folder)
    for path in (FIXTURES / "codebooks" / broken).iterdir():
        shutil.copy(path, folder / path.name)
    return folder


@pytest.mark.parametrize(
    ("broken", "message"),
    [("yaml_syntax", "YAML syntax error at line"), ("bad_regex", "does not compile")],
)
def test_broken_codebook_names_the_file_and_the_problem(tmp_path, broken, message):
    folder = codebook_with(tmp_path, broken)
    with pytest.raises(CodebookError) as err:
        load_codebook(folder)
    assert str(folder / "indicators.yaml") in str(err.value) and message in str(err.value)


# --- writing tables: killed, full disk, read-only ----------------------------------------------


def documents_table() -> pd.DataFrame:
    return ingest_corpus(FIXTURES / "corpus").documents


def test_a_process_killed_while_writing_leaves_the_previous_table(tmp_path):
    previous = documents_table()
    storage.write_table("documents", previous, tmp_path)
    before = folder_hash(tmp_path)
    script = textwrap.dedent(
        f"""
        import time
        import pandas as pd
        from policy_corpus.contract import storage

        def half_then_hang(self, path, **kwargs):
            open(path, "wb").write(b"PAR1 half a table")
            time.sleep(60)

        pd.DataFrame.to_parquet = half_then_hang
        frame = pd.read_parquet({str(tmp_path / "documents.parquet")!r})
        storage.write_table("documents", frame.head(1), {str(tmp_path)!r})
        """
    )
    child = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not any(p.stat().st_size for p in tmp_path.glob(".*.tmp")):
            assert time.monotonic() < deadline and child.poll() is None
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    # The half-written file is hidden and is not a table; the previous table is whole.
    assert [p.name for p in tmp_path.glob("*.parquet")] == ["documents.parquet"]
    pd.testing.assert_frame_equal(storage.read_table("documents", tmp_path), previous)
    assert folder_hash(tmp_path) == before  # folder_hash ignores scratch files
    # The next run clears what the killed one left.
    assert len(storage.remove_stale_temporaries(tmp_path)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["documents.parquet"]


def test_a_full_disk_leaves_every_previous_table(tmp_path, monkeypatch):
    ingested = ingest_corpus(FIXTURES / "corpus")
    storage.write_tables(tmp_path, documents=ingested.documents, sentences=ingested.sentences)
    before = folder_hash(tmp_path)
    real = pd.DataFrame.to_parquet
    calls = []

    def second_write_fills_the_disk(self, path, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, path, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", second_write_fills_the_disk)
    with pytest.raises(storage.WriteError) as err:
        storage.write_tables(
            tmp_path,
            documents=ingested.documents.head(2),
            sentences=ingested.sentences.head(2),
        )
    assert "sentences.parquet" in str(err.value) and "No space left" in str(err.value)
    assert err.value.errno == errno.ENOSPC
    assert folder_hash(tmp_path) == before  # documents was not replaced either
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.parquet", "sentences.parquet"]


def test_a_read_only_output_folder_stops_the_run_before_it_starts(tmp_path, capsys, monkeypatch):
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "documents.parquet").write_bytes(b"previous")
    processed.chmod(0o555)
    try:
        if os.access(processed, os.W_OK):  # root writes anywhere: pretend it cannot
            real_access = os.access
            monkeypatch.setattr(
                chain.os,
                "access",
                lambda path, mode: Path(path) != processed and real_access(path, mode),
            )
        code = cli.main(run_args(FIXTURES / "corpus", processed, tmp_path / "reports"))
    finally:
        processed.chmod(0o755)
    assert code == 1
    assert f"{processed}: the output folder is not writable" in capsys.readouterr().err
    assert (processed / "documents.parquet").read_bytes() == b"previous"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_writing_into_a_read_only_folder_names_the_table(tmp_path):
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(storage.WriteError, match=r"documents\.parquet: cannot write"):
            storage.write_table("documents", documents_table(), tmp_path)
    finally:
        tmp_path.chmod(0o755)


# --- a stage that fails in its kernel ---------------------------------------------------------


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    """Stages 01 and 02 run once on the fixture corpus, and a report from an earlier run."""
    out = tmp_path_factory.mktemp("faults")
    config = RunConfig(
        raw_dir=FIXTURES / "corpus",
        processed_dir=out / "processed",
        reports_dir=out / "reports",
        params_file=None,
        stages=["01_ingest", "02_extract"],
    )
    run_chain(config, log=lambda _: None)
    (config.reports_dir / "report.html").write_text("<p>the previous report</p>")
    return config


def failing_notebooks(tmp_path: Path) -> Path:
    """A copy of the notebooks whose 02_extract raises after extracting, before writing."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    path = notebooks / "02_extract.ipynb"
    notebook = nbformat.read(path, as_version=4)
    at = next(i for i, c in enumerate(notebook.cells) if "storage.write_chunks" in c.source)
    cell = notebook.cells[at]
    lines = cell.source.splitlines()
    # Before the line that writes, whatever that line assigns the result to.
    write = next(i for i, line in enumerate(lines) if "storage.write_chunks" in line)
    lines.insert(write, 'raise RuntimeError("simulated failure half way")')
    cell.source = "\n".join(lines)
    nbformat.write(notebook, path)
    return notebooks


@pytest.mark.integration
@pytest.mark.parametrize("fault", ["notebook fails half way", "yaml_syntax", "bad_regex"])
def test_a_failing_stage_exits_1_and_leaves_the_previous_outputs(good_run, tmp_path, capsys, fault):
    processed, reports = good_run.processed_dir, good_run.reports_dir
    tables_before = folder_hash(processed)
    raw_before = folder_hash(good_run.raw_dir)
    args = run_args(good_run.raw_dir, processed, reports, "--stages", "02_extract", "--force")
    if fault == "notebook fails half way":
        args += ["--notebooks-dir", str(failing_notebooks(tmp_path))]
        expected = "RuntimeError: simulated failure half way"
    else:
        params = tmp_path / "params.yaml"
        params.write_text(f"02_extract:\n  codebook_dir: {codebook_with(tmp_path, fault)}\n")
        args += ["--params", str(params)]
        expected = f"CodebookError: {tmp_path / f'codebook_{fault}' / 'indicators.yaml'}"
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "02_extract failed in cell" in err and expected in err, err
    assert folder_hash(processed) == tables_before
    assert not list(processed.glob(".*.tmp"))
    assert (reports / "report.html").read_text() == "<p>the previous report</p>"
    assert folder_hash(good_run.raw_dir) == raw_before
    record = chain.state.load_manifest(reports / "run.json")
    assert record["outcome"] == "failed"
    assert record["stages"]["02_extract"]["outcome"] == "failed"
