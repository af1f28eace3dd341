import dataclasses
import json
import os
import shutil

import pytest

from policy_corpus.contract.paths import CODEBOOK_DIR, NOTEBOOKS_DIR, table_path
from policy_corpus.run import chain, cli, state
from policy_corpus.run.chain import (
    CHAIN,
    EXECUTION_PARAMETERS,
    STAGES,
    ChainError,
    ConfigError,
    RunConfig,
    load_params,
    run_chain,
    stage_parameters,
)


def params_file(tmp_path, text: str):
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_params_fit_every_notebook():
    config = RunConfig()
    for stage in STAGES:
        params = stage_parameters(stage, config)
        assert "processed_dir" in params


def test_paths_are_passed_absolute(tmp_path):
    config = RunConfig(processed_dir=tmp_path / "p", params_file=None)
    assert stage_parameters("02_extract", config)["processed_dir"] == str(tmp_path / "p")


def test_unknown_parameter_is_refused_by_name(tmp_path):
    config = RunConfig(params_file=params_file(tmp_path, "01_ingest:\n  simplfy: true\n"))
    with pytest.raises(ConfigError, match="unknown parameter 'simplfy'"):
        stage_parameters("01_ingest", config)


def test_parameter_of_wrong_type_is_refused(tmp_path):
    config = RunConfig(
        params_file=params_file(tmp_path, "04_compare_regions:\n  min_regions: two\n")
    )
    with pytest.raises(ConfigError, match=r"min_regions.*must be int"):
        stage_parameters("04_compare_regions", config)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01_ingest: [unclosed\n", "cannot read"),
        ("- a\n- b\n", "block of parameters"),
        ("06_extra:\n  x: 1\n", "unknown block"),
    ],
)
def test_broken_params_file(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_params(params_file(tmp_path, text))


def test_unknown_stage_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="unknown stage"):
        run_chain(RunConfig(stages=["06_publish"]), log=lambda _: None)


# --- the chain's declaration and incremental runs ---------------------------------------------
# A fake stage stands in for the notebooks: it writes every declared output, with content that
# depends only on its declared inputs, as a deterministic notebook would.


def test_every_table_read_is_written_by_an_earlier_stage():
    written: set[str] = set()
    for stage in CHAIN:
        assert set(stage.reads) <= written, stage.name
        written |= set(stage.writes)


def test_every_contract_table_is_declared_as_one_stage_output():
    from policy_corpus.contract.schema import TABLES

    writes = [table for stage in CHAIN for table in stage.writes]
    assert sorted(writes) == sorted(TABLES)  # a new table needs its stage in chain.CHAIN


class NoKernels:
    """A kernel launcher that starts nothing (the fake stages run no notebook)."""

    def __init__(self, *args, **kwargs):
        pass

    def start(self, key, notebook):
        pass

    def close(self):
        pass


@pytest.fixture
def fake_chain(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "manifest.csv").write_text("doc_id,source_file\n", encoding="utf-8")
    (raw / "a.txt").write_text("健康扶贫", encoding="utf-8")
    notebooks = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    calls: list[str] = []

    def fake_run_stage(stage, config, params, launcher, pages):
        calls.append(stage.name)
        if stage.name in fail_in:
            raise ChainError(f"{stage.name} failed in cell 3: RuntimeError: boom")
        seed = state.folder_hash(config.raw_dir) if stage.reads_raw else ""
        seed += "".join(table_path(config.processed_dir, t).read_text() for t in stage.reads)
        seed += json.dumps({k: v for k, v in params.items() if k not in EXECUTION_PARAMETERS})
        for table in stage.writes:
            table_path(config.processed_dir, table).write_text(table + state.digest(seed))
        executed = config.reports_dir / "notebooks" / f"{stage.name}.ipynb"
        executed.parent.mkdir(exist_ok=True)
        executed.write_text(seed)
        for name in stage.writes_reports:
            path = config.reports_dir / name
            if name.endswith("/"):
                path.mkdir(exist_ok=True)
                (path / "f.png").write_text(seed)
            else:
                path.write_text(seed)
        return [executed]

    fail_in: set[str] = set()
    monkeypatch.setattr(chain, "run_stage", fake_run_stage)
    monkeypatch.setattr(chain, "KernelLauncher", NoKernels)  # the fake stages start none
    config = RunConfig(
        raw_dir=raw,
        processed_dir=tmp_path / "processed",
        reports_dir=tmp_path / "reports",
        notebooks_dir=notebooks,
        params_file=None,
    )
    return config, calls, fail_in


def run_quietly(config, **changes):
    messages: list[str] = []
    run_chain(dataclasses.replace(config, **changes), log=messages.append)
    return messages


def run_record(config):
    return json.loads((config.reports_dir / "run.json").read_text(encoding="utf-8"))


def test_second_run_skips_every_unchanged_stage(fake_chain):
    config, calls, _ = fake_chain
    run_quietly(config)
    assert calls == list(STAGES)
    calls.clear()
    messages = run_quietly(config)
    assert calls == []
    assert all(any(f"{s} skipped" in m for m in messages) for s in STAGES)
    assert "Skipped 5 unchanged stage(s)" in messages[-1]
    record = run_record(config)
    assert record["outcome"] == "ok"
    assert {s["outcome"] for s in record["stages"].values()} == {"skipped"}


def test_run_manifest_records_the_provenance(fake_chain):
    config, _, _ = fake_chain
    run_quietly(config)
    record = run_record(config)
    assert record["versions"]["pandas"] and record["code_sha256"]
    ingest = record["stages"]["01_ingest"]
    assert ingest["outcome"] == "ran" and ingest["seconds"] >= 0 and ingest["started"]
    assert {"notebook", "parameters", "code", "versions", "raw"} <= set(ingest["inputs"])
    assert ingest["parameters"]["simplify"] is True
    documents = str(table_path(config.processed_dir, "documents").resolve())
    assert ingest["outputs"][documents] == state.file_hash(documents)
    assert "table:quantities" in record["stages"]["03_clean"]["inputs"]
    assert "codebook" in record["stages"]["02_extract"]["inputs"]


def test_a_changed_raw_file_reruns_the_chain(fake_chain):
    config, calls, _ = fake_chain
    run_quietly(config)
    calls.clear()
    os.utime(config.raw_dir / "a.txt", (1, 1))  # a new timestamp alone changes nothing
    run_quietly(config)
    assert calls == []
    (config.raw_dir / "a.txt").write_text("健康扶贫 2020", encoding="utf-8")
    run_quietly(config)
    assert calls == list(STAGES)


def test_an_edited_notebook_reruns_it_and_unchanged_outputs_stop_there(fake_chain):
    config, calls, _ = fake_chain
    run_quietly(config)
    calls.clear()
    notebook = config.notebooks_dir / "03_clean.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    run_quietly(config)
    assert calls == ["03_clean"]  # its tables came out the same: 04 and 05 stay skipped


def test_a_changed_parameter_reruns_only_its_stage(fake_chain):
    config, calls, _ = fake_chain
    run_quietly(config)
    calls.clear()
    run_quietly(config, overrides={"05_writeup": {"language": "zh"}})
    assert calls == ["05_writeup"]


def test_a_changed_codebook_reruns_the_stages_that_read_it(fake_chain, tmp_path):
    config, calls, _ = fake_chain
    codebook = tmp_path / "codebook"
    shutil.copytree(CODEBOOK_DIR, codebook)
    given = {"codebook_dir": str(codebook)}
    overrides = {s: dict(given) for s in ("02_extract", "03_clean", "04_compare_regions")}
    run_quietly(config, overrides=overrides)
    calls.clear()
    with (codebook / "measures.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# a comment is a change too\n")
    run_quietly(config, overrides=overrides)
    assert calls == ["02_extract", "03_clean", "04_compare_regions"]


def test_force_reruns_and_a_deleted_output_is_rewritten(fake_chain):
    config, calls, _ = fake_chain
    run_quietly(config)
    calls.clear()
    run_quietly(config, force=True)
    assert calls == list(STAGES)
    calls.clear()
    table_path(config.processed_dir, "indicators").unlink()
    (config.reports_dir / "report.html").write_text("edited by hand")
    run_quietly(config)
    assert calls == ["03_clean", "05_writeup"]


def test_a_failed_stage_is_recorded_and_runs_again_next_time(fake_chain):
    config, calls, fail_in = fake_chain
    fail_in.add("02_extract")
    with pytest.raises(ChainError):
        run_quietly(config)
    record = run_record(config)
    assert record["outcome"] == "failed"
    assert record["stages"]["01_ingest"]["outcome"] == "ran"
    assert record["stages"]["02_extract"]["outcome"] == "failed"
    assert "boom" in record["stages"]["02_extract"]["error"]
    assert "03_clean" not in record["stages"]
    fail_in.clear()
    calls.clear()
    run_quietly(config)
    assert calls == ["02_extract", "03_clean", "04_compare_regions", "05_writeup"]


def test_cli_from_reruns_that_stage_and_the_later_ones(fake_chain, capsys, monkeypatch):
    config, calls, _ = fake_chain
    monkeypatch.setattr(cli, "corpus_status", lambda _: "")  # the fake tables are not parquet
    args = ["run", "--raw-dir", str(config.raw_dir), "--processed-dir", str(config.processed_dir)]
    args += ["--reports-dir", str(config.reports_dir), "--notebooks-dir", str(config.notebooks_dir)]
    assert cli.main(args) == 0
    calls.clear()
    assert cli.main([*args, "--from", "04_compare_regions"]) == 0
    assert calls == ["04_compare_regions", "05_writeup"]
    calls.clear()
    assert cli.main(args) == 0
    assert calls == []
    assert "Skipped 5 unchanged stage(s)" in capsys.readouterr().out
    assert cli.main([*args, "--force"]) == 0
    assert calls == list(STAGES)


def test_where_the_work_runs_never_reruns_a_stage(fake_chain):
    config, calls, _ = fake_chain
    run_quietly(config)
    calls.clear()
    # The four stages whose work grows with the documents take n_jobs, engine and scheduler.
    moved = {"n_jobs": 1, "engine": "local", "scheduler": ""}
    overrides = {stage: dict(moved) for stage in STAGES[:4]}
    run_quietly(config, overrides=overrides)
    assert calls == []
