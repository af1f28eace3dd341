"""The chain's declaration is the truth: each stage reads what CHAIN says, and the report
states the parameters its tables were made with."""

from __future__ import annotations

import ctypes
import dataclasses
import fnmatch
import os
import struct
import sys
from pathlib import Path

import pytest

from policy_corpus.contract.paths import CONFIG_FILE, table_path
from policy_corpus.run.chain import (
    CHAIN,
    RunConfig,
    Stage,
    execute_stage,
    run_chain,
    stage_parameters,
)
from policy_corpus.run.state import RUN_MANIFEST

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's"),
]

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

# inotify(7): a file closed without being written is a file that was read.
IN_CLOSE_NOWRITE = 0x10
IN_ISDIR = 0x40000000


class FilesRead:
    """The files read in some folders while it is open (inotify: any process, any library)."""

    def __init__(self, folders: list[Path]) -> None:
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._fd = self._libc.inotify_init1(os.O_NONBLOCK)
        assert self._fd >= 0, "inotify is not available"
        self._folders = {}
        for folder in folders:
            wd = self._libc.inotify_add_watch(self._fd, str(folder).encode(), IN_CLOSE_NOWRITE)
            assert wd >= 0, folder
            self._folders[wd] = folder

    def collect(self) -> set[Path]:
        """The files read since the last call; closes the watch."""
        read: set[Path] = set()
        try:
            while True:
                try:
                    buffer = os.read(self._fd, 1 << 16)
                except BlockingIOError:
                    break
                at = 0
                while at < len(buffer):
                    wd, mask, _, length = struct.unpack_from("iIII", buffer, at)
                    name = buffer[at + 16 : at + 16 + length].rstrip(b"\0").decode()
                    at += 16 + length
                    if name and not mask & IN_ISDIR:
                        read.add(self._folders[wd] / name)
        finally:
            os.close(self._fd)
        return read


def allowed_reads(stage: Stage, config: RunConfig) -> set[Path]:
    """Everything under processed_dir and reports_dir that CHAIN lets a stage read."""
    tables = {table_path(config.processed_dir, t) for t in (*stage.reads, *stage.writes)}
    reports = config.reports_dir
    files = {p for p in reports.rglob("*") if p.is_file()}
    patterns = [*stage.reads_reports, *(f"{w}*" for w in stage.writes_reports)]
    allowed = {
        p
        for p in files
        if any(fnmatch.fnmatch(str(p.relative_to(reports)), pat) for pat in patterns)
    }
    allowed.add(reports / "notebooks" / f"{stage.name}.ipynb")
    if stage.reads_run_record:
        allowed.add(reports / RUN_MANIFEST)
    return tables | allowed


def fresh_run(tmp_path_factory: pytest.TempPathFactory) -> RunConfig:
    out = tmp_path_factory.mktemp("provenance")
    config = RunConfig(
        raw_dir=CORPUS,
        processed_dir=out / "processed",
        reports_dir=out / "reports",
        params_file=CONFIG_FILE,
        pdf=False,
    )
    run_chain(config, log=lambda _: None)
    return config


@pytest.fixture(scope="module")
def chain_run(tmp_path_factory):
    return fresh_run(tmp_path_factory)


@pytest.mark.parametrize("stage", CHAIN, ids=lambda s: s.name)
def test_each_stage_reads_exactly_what_chain_declares(chain_run, stage):
    config = chain_run
    folders = [config.processed_dir, config.reports_dir]
    folders += [p for p in config.reports_dir.iterdir() if p.is_dir()]
    watch = FilesRead(folders)
    execute_stage(stage.name, config, stage_parameters(stage.name, config))
    read = watch.collect()
    undeclared = read - allowed_reads(stage, config)
    assert not undeclared, f"{stage.name} reads files CHAIN does not declare: {sorted(undeclared)}"
    # A notebook shows what it wrote, so it reads its own tables too.
    tables_read = {p.stem for p in read if p.parent == config.processed_dir} - set(stage.writes)
    assert tables_read == set(stage.reads), f"{stage.name} declares tables it never reads"


def test_report_states_a_changed_parameter_of_an_earlier_stage(tmp_path_factory):
    """The bug of step 7: a new max_document_mb re-ran 01 only; the report kept printing 10."""
    first = fresh_run(tmp_path_factory)
    config = dataclasses.replace(first, overrides={"01_ingest": {"max_document_mb": 20.0}})
    messages: list[str] = []
    run_chain(config, log=messages.append)
    outcome = {m.split()[1]: m for m in messages if m.startswith("[")}
    assert "skipped" in outcome["02_extract"] and "skipped" in outcome["04_compare_regions"]
    assert "skipped" not in outcome["05_writeup"]
    html = (config.reports_dir / "report.html").read_text(encoding="utf-8")
    assert "max_document_mb = 20" in html and "max_document_mb = 10" not in html
