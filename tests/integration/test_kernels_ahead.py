"""The runner starts every notebook's kernel ahead, loaded, and leaves no kernel behind.

Five notebooks named as the chain's stages, each reporting whether a module it imports was
already loaded when its first cell ran, are run by ``run_chain`` in real kernels.
"""

from __future__ import annotations

import json

import nbformat
import psutil
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from policy_corpus.run import state
from policy_corpus.run.chain import KERNEL_NAME, STAGES, ChainError, RunConfig, run_chain
from policy_corpus.run.kernels import KernelLauncher

# A standard-library module neither IPython nor ipykernel imports when a kernel starts.
PROBE = "tabnanny"


def probe_notebook(fail: bool = False) -> nbformat.NotebookNode:
    cells = [
        new_code_cell(
            'raw_dir: str = ""\nprocessed_dir: str = ""\nreports_dir: str = ""',
            metadata={"tags": ["parameters"]},
        ),
        new_code_cell(f"import sys\nprint('loaded before:', {PROBE!r} in sys.modules)"),
        new_code_cell(f"import {PROBE}"),
    ]
    if fail:
        cells.append(new_code_cell("raise RuntimeError('boom')"))
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": KERNEL_NAME,
        "display_name": KERNEL_NAME,
        "language": "python",
    }
    return notebook


@pytest.fixture
def probe_chain(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for stage in STAGES:
        nbformat.write(probe_notebook(), notebooks / f"{stage}.ipynb")
    return RunConfig(
        raw_dir=tmp_path / "raw",
        processed_dir=tmp_path / "processed",
        reports_dir=tmp_path / "reports",
        notebooks_dir=notebooks,
        params_file=None,
        pdf=False,
    )


def kernels_alive() -> list[psutil.Process]:
    children = psutil.Process().children(recursive=True)
    return [p for p in children if "ipykernel" in " ".join(p.cmdline())]


def first_output(config: RunConfig, stage: str) -> str:
    executed = nbformat.read(config.reports_dir / "notebooks" / f"{stage}.ipynb", as_version=4)
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert code[0].execution_count == 1  # the warm-up ran silently: it took no count
    probe = next(cell for cell in code if cell.source.startswith("import sys"))
    return "".join(output.get("text", "") for output in probe.outputs).strip()


def test_notebooks_run_in_kernels_that_loaded_their_imports_ahead(probe_chain):
    run_chain(probe_chain, log=lambda _: None)
    seen = {stage: first_output(probe_chain, stage) for stage in STAGES}
    # The first notebook's kernel too: started first, it is ready before the others.
    assert seen == dict.fromkeys(STAGES, "loaded before: True")
    pages = sorted(p.name for p in (probe_chain.reports_dir / "notebooks").glob("*.html"))
    assert pages == [f"{stage}.html" for stage in STAGES]
    assert kernels_alive() == []


def test_a_failing_stage_leaves_no_kernel_started_ahead_running(probe_chain):
    nbformat.write(probe_notebook(fail=True), probe_chain.notebooks_dir / "02_extract.ipynb")
    with pytest.raises(ChainError, match="02_extract failed in cell"):
        run_chain(probe_chain, log=lambda _: None)
    assert kernels_alive() == []
    record = json.loads((probe_chain.reports_dir / state.RUN_MANIFEST).read_text("utf-8"))
    assert record["stages"]["02_extract"]["outcome"] == "failed"


def test_a_page_that_cannot_be_written_fails_the_run_and_its_stage(probe_chain, monkeypatch):
    from policy_corpus.writeup import render

    def broken(executed, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render, "write_notebook_html", broken)
    config = probe_chain
    config.stages = STAGES[:2]
    with pytest.raises(ChainError, match=r"01_ingest: its page .*01_ingest.html could not be"):
        run_chain(config, log=lambda _: None)
    record = json.loads((config.reports_dir / state.RUN_MANIFEST).read_text("utf-8"))
    assert record["outcome"] == "failed"
    assert [record["stages"][s]["outcome"] for s in STAGES[:2]] == ["failed", "failed"]
    assert kernels_alive() == []


def test_closing_the_launcher_shuts_down_kernels_started_and_not_taken(tmp_path):
    notebook = tmp_path / "n.ipynb"
    nbformat.write(probe_notebook(), notebook)
    launcher = KernelLauncher(KERNEL_NAME, cwd=tmp_path)
    for key in ("a", "b", "c"):
        launcher.start(key, notebook)
    taken = launcher.take("a")
    assert taken is not None and len(kernels_alive()) >= 1
    launcher.shut_down(taken)
    launcher.close()
    launcher.close()  # a second close does nothing
    assert kernels_alive() == []
    assert launcher.take("b") is None  # nothing is left to take
