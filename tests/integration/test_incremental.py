"""Incremental and reproducible runs of the real chain: two full runs, one no-op run."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from policy_corpus.contract.paths import CONFIG_FILE
from policy_corpus.run.chain import STAGES, RunConfig, run_chain
from policy_corpus.run.state import file_hash, folder_hash

pytestmark = pytest.mark.integration

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def without_run_date(html: str) -> str:
    """The report with its one run-dependent part, the generation date, blanked."""
    return re.sub(r"\d{4}-\d{2}-\d{2}", "DATE", html)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("incremental")
    raw_before = folder_hash(CORPUS)
    config = RunConfig(
        raw_dir=CORPUS,
        processed_dir=out / "processed",
        reports_dir=out / "reports",
        params_file=CONFIG_FILE,
        pdf=False,  # the PDF is tested in test_chain; here it only costs time
    )
    run_chain(config, log=lambda _: None)
    first = out / "first"
    shutil.copytree(config.processed_dir, first / "processed")
    shutil.copy(config.reports_dir / "report.html", first / "report.html")
    executed = {s: file_hash(config.reports_dir / "notebooks" / f"{s}.ipynb") for s in STAGES}

    noop: list[str] = []
    run_chain(config, log=noop.append)
    noop_record = json.loads((config.reports_dir / "run.json").read_text(encoding="utf-8"))
    executed_after_noop = {
        s: file_hash(config.reports_dir / "notebooks" / f"{s}.ipynb") for s in STAGES
    }

    run_chain(dataclasses.replace(config, force=True), log=lambda _: None)
    return {
        "config": config,
        "first": first,
        "noop": noop,
        "noop_record": noop_record,
        "executed": (executed, executed_after_noop),
        "raw_before": raw_before,
    }


def test_a_run_with_nothing_changed_skips_every_stage(runs):
    progress = [m for m in runs["noop"] if m.startswith("[")]
    assert len(progress) == len(STAGES)
    assert all("skipped: unchanged" in m for m in progress), progress
    assert "Skipped 5 unchanged stage(s)" in runs["noop"][-1]
    before, after = runs["executed"]
    assert before == after  # no notebook was executed again
    assert {s["outcome"] for s in runs["noop_record"]["stages"].values()} == {"skipped"}


def test_two_runs_write_the_same_tables(runs):
    processed = runs["config"].processed_dir
    first = sorted(p.name for p in (runs["first"] / "processed").glob("*.parquet"))
    assert first == sorted(p.name for p in processed.glob("*.parquet"))
    for name in first:
        pd.testing.assert_frame_equal(
            pd.read_parquet(runs["first"] / "processed" / name), pd.read_parquet(processed / name)
        )


def test_two_runs_write_the_same_report_apart_from_the_date(runs):
    before = (runs["first"] / "report.html").read_text(encoding="utf-8")
    after = (runs["config"].reports_dir / "report.html").read_text(encoding="utf-8")
    assert without_run_date(before) == without_run_date(after)


def test_the_run_manifest_describes_the_forced_run(runs):
    record = json.loads((runs["config"].reports_dir / "run.json").read_text(encoding="utf-8"))
    assert record["outcome"] == "ok"
    assert [record["stages"][s]["outcome"] for s in STAGES] == ["ran"] * len(STAGES)
    for stage in record["stages"].values():
        assert all(h != "missing" for h in stage["outputs"].values()), stage


def test_raw_data_is_unchanged(runs):
    assert folder_hash(CORPUS) == runs["raw_before"]
