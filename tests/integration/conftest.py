"""The chain run on the fixture corpus, shared by every integration test module (run once)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from policy_corpus.contract.paths import CONFIG_FILE
from policy_corpus.run.chain import RunConfig, run_chain


def hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file of a folder, by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="session")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Run the five notebooks on tests/fixtures/corpus into a temporary folder."""
    raw = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
    before = hashes(raw)
    out = tmp_path_factory.mktemp("chain")
    config = RunConfig(
        raw_dir=raw,
        processed_dir=out / "processed",
        reports_dir=out / "reports",
        params_file=CONFIG_FILE,
    )
    messages: list[str] = []
    written = run_chain(config, log=messages.append)
    return {
        "config": config,
        "written": written,
        "messages": messages,
        "raw_before": before,
        "raw": raw,
        "hashes": hashes,
    }
