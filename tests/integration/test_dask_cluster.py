"""The document stages on a Dask cluster in other processes, started as a user would start it.

``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1 (TCP, no shared memory with
this process); 02_extract and 03_clean run through the chain with ``engine: dask`` and that
scheduler's address, and must write the same tables, byte for byte, as the local run.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from policy_corpus.run.chain import ChainError, RunConfig, run_chain
from policy_corpus.run.engine import connect

pytestmark = pytest.mark.integration
DASK = Path(sys.executable).with_name("dask")
STAGES = ("02_extract", "03_clean")
TABLES = ("quantities", "measure_mentions", "indicators", "validation_issues")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a scheduler with two single-threaded workers, each its own process."""
    if not DASK.exists():
        pytest.fail(f"{DASK} is missing: distributed is a dependency of the project")
    address = f"tcp://127.0.0.1:{free_port()}"
    logs = tmp_path_factory.mktemp("dask")
    common = ["--no-dashboard"]
    processes = [
        subprocess.Popen(
            [
                str(DASK),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                address.rsplit(":")[-1],
                *common,
            ],
            stdout=subprocess.DEVNULL,
            stderr=(logs / "scheduler.log").open("w"),
        ),
        subprocess.Popen(
            [
                str(DASK),
                "worker",
                address,
                "--nworkers",
                "2",
                "--nthreads",
                "1",
                "--local-directory",
                str(logs),
                *common,
            ],
            stdout=subprocess.DEVNULL,
            stderr=(logs / "worker.log").open("w"),
        ),
    ]
    try:
        client = connect(address, timeout=60)  # waits for the scheduler and a worker
        client.wait_for_workers(2, timeout=60)
        client.close()
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def dask_config(run: dict[str, Any], folder: Path, address: str) -> RunConfig:
    """A copy of the local run's tables, and stages 02 and 03 set to run on ``address``."""
    local: RunConfig = run["config"]
    shutil.copytree(local.processed_dir, folder / "processed")
    on_dask = {"engine": "dask", "scheduler": address, "n_jobs": 2}
    return RunConfig(
        raw_dir=local.raw_dir,
        processed_dir=folder / "processed",
        reports_dir=folder / "reports",
        params_file=local.params_file,
        stages=STAGES,
        force=True,
        overrides={stage: on_dask for stage in STAGES},
    )


def test_extract_and_clean_on_a_scheduler_in_other_processes(run, scheduler, tmp_path):
    config = dask_config(run, tmp_path, scheduler)
    run_chain(config, log=lambda _: None)
    client = connect(scheduler)
    ran = client.run_on_scheduler(lambda dask_scheduler: sorted(dask_scheduler.task_prefixes))
    client.close()
    # The work ran there (task names lose their leading "_": _extract_chunk → extract_chunk).
    assert {"extract_chunk", "indicators_chunk"} <= set(ran)
    for table in TABLES:
        on_dask = (config.processed_dir / f"{table}.parquet").read_bytes()
        local = (run["config"].processed_dir / f"{table}.parquet").read_bytes()
        assert on_dask == local, table


def test_a_scheduler_that_cannot_be_reached_stops_the_stage_with_a_clear_message(run, tmp_path):
    config = dask_config(run, tmp_path, f"tcp://127.0.0.1:{free_port()}")
    config.stages = ("02_extract",)
    with pytest.raises(ChainError, match=r"cannot reach the Dask scheduler at 'tcp://127\.0\.0\.1"):
        run_chain(config, log=lambda _: None)
