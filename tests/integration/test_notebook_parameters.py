"""Each notebook run by papermill on its own: as strict as the runner, and fed like it.

A papermill batch in CI must fail on a misspelt or mistyped parameter (papermill itself only
warns about an unknown name), and a notebook run without parameters from notebooks/, as
JupyterLab runs it, must use config/params.yaml as ``policy-corpus run`` does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from policy_corpus.contract.paths import NOTEBOOKS_DIR
from policy_corpus.run.chain import STAGES, RunConfig, stage_parameters
from policy_corpus.run.parameters import FROM_CONFIG, FROM_FOLDERS

#: stage → (a misspelt parameter, a mistyped one, the one-line message for the latter).
WRONG = {
    "01_ingest": (
        ("procesed_dir", "x"),
        ("n_jobs", "two"),
        "01_ingest: parameter 'n_jobs' must be int, got 'two' (str)",
    ),
    "02_extract": (
        ("codebok_dir", "x"),
        ("n_jobs", "1.5"),
        "02_extract: parameter 'n_jobs' must be int, got 1.5 (float)",
    ),
    "03_clean": (
        ("codebok_dir", "x"),
        ("engine", "lokal"),
        "03_clean: parameter 'engine' must be one of local, dask, got 'lokal'",
    ),
    "04_compare_regions": (
        ("min_region", "3"),
        ("min_regions", "two"),
        "04_compare_regions: parameter 'min_regions' must be int, got 'two' (str)",
    ),
    "05_writeup": (
        ("languge", "zh"),
        ("language", "fr"),
        "05_writeup: parameter 'language' must be one of en, zh, got 'fr'",
    ),
}


def papermill(
    notebook: Path, output: Path, *args: str, cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run papermill's command line, as a CI batch would."""
    command = [sys.executable, "-m", "papermill", str(notebook), str(output), *args]
    command += ["--kernel", "policy-corpus", "--no-progress-bar"]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("kind", ["misspelt", "mistyped"])
def test_papermill_stops_on_a_wrong_parameter_with_one_line(stage, kind, tmp_path):
    misspelt, mistyped, type_message = WRONG[stage]
    name, value = misspelt if kind == "misspelt" else mistyped
    result = papermill(
        NOTEBOOKS_DIR / f"{stage}.ipynb", tmp_path / "out.ipynb", "-p", name, value, cwd=tmp_path
    )
    assert result.returncode != 0
    expected = (
        f"{stage}: unknown parameter {name!r}; the notebook declares "
        if kind == "misspelt"
        else type_message
    )
    assert f"ParameterError: {expected}" in result.stderr
    # IPython showed the message instead of a traceback: the cell's error is that one line.
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert len(errors) == 1
    assert len(errors[0].traceback) == 1 and expected in errors[0].traceback[0]


def first_cells(stage: str, target: Path) -> Path:
    """The notebook up to its settle cell: what a researcher runs first in JupyterLab."""
    notebook = nbformat.read(NOTEBOOKS_DIR / f"{stage}.ipynb", as_version=4)
    settle = next(i for i, c in enumerate(notebook.cells) if "settle_parameters(" in c.source)
    notebook.cells = notebook.cells[: settle + 1]
    # Show the settled values where the test can read them (05 keeps them out of the report).
    notebook.cells.append(nbformat.v4.new_code_cell(f'settle_parameters("{stage}", globals())'))
    nbformat.write(notebook, target)
    return target


@pytest.mark.parametrize("stage", STAGES)
def test_a_notebook_run_from_notebooks_without_parameters_uses_params_yaml(stage, tmp_path):
    notebook = first_cells(stage, tmp_path / f"{stage}.ipynb")
    result = papermill(notebook, tmp_path / "out.ipynb", cwd=NOTEBOOKS_DIR)
    assert result.returncode == 0, result.stderr
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    shown = executed.cells[-1].outputs[0].data["text/plain"]
    runner = stage_parameters(stage, RunConfig())
    for name, value in runner.items():
        source = FROM_FOLDERS if name.endswith("_dir") and name != "codebook_dir" else FROM_CONFIG
        assert f"= {value!r}  ({source})" in shown, (name, shown)
    # Not "../data/processed": the same folders as the runner, so the report's table agrees.
    assert "'../" not in shown
