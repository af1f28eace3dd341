"""settle_parameters: a notebook's first cell, as strict as the runner and fed like it."""

import re
from pathlib import Path

import pytest
import yaml

from policy_corpus.contract.paths import PROJECT_DIR
from policy_corpus.run import chain, engine
from policy_corpus.run.chain import ParameterError, check_value
from policy_corpus.run.parameters import (
    FROM_CELL,
    FROM_CONFIG,
    FROM_FOLDERS,
    FROM_PAPERMILL,
    injected_names,
    settle_parameters,
)
from policy_corpus.writeup.report import SECTION_TEMPLATES

CELL_05 = """
processed_dir: str = "../data/processed"
reports_dir: str = "../reports"
language: str = "en"
"""
CELL_02 = """
processed_dir: str = "../data/processed"
codebook_dir: str = ""
n_jobs: int = 0
engine: str = "local"
scheduler: str = ""
"""


def notebook_namespace(parameters_cell: str, injected: str | None = None) -> dict:
    """The globals of a kernel that ran the parameters cell (and papermill's cell, if given)."""
    namespace: dict = {"In": ["", parameters_cell]}
    exec(parameters_cell, namespace)
    if injected is not None:
        namespace["In"].append(injected)
        exec(injected, namespace)
    namespace["In"].append("settle_parameters(...)")
    return namespace


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_without_papermill_the_values_of_params_yaml_replace_the_defaults(tmp_path):
    namespace = notebook_namespace(CELL_05)
    settled = settle_parameters(
        "05_writeup", namespace, write(tmp_path, "05_writeup:\n  language: zh\n")
    )
    assert namespace["language"] == "zh"
    assert settled.sources["language"] == FROM_CONFIG


def test_without_papermill_the_folders_are_the_runners_not_relative_to_notebooks(tmp_path):
    namespace = notebook_namespace(CELL_05)
    settled = settle_parameters("05_writeup", namespace, write(tmp_path, "{}\n"))
    assert namespace["processed_dir"] == str(PROJECT_DIR / "data" / "processed")
    assert settled.sources["processed_dir"] == FROM_FOLDERS


def test_a_parameter_params_yaml_does_not_give_keeps_its_default(tmp_path):
    namespace = notebook_namespace(CELL_05)
    settled = settle_parameters("05_writeup", namespace, write(tmp_path, "{}\n"))
    assert (namespace["language"], settled.sources["language"]) == ("en", FROM_CELL)


def test_with_papermill_params_yaml_is_not_read(tmp_path):
    namespace = notebook_namespace(CELL_05, '# Parameters\nlanguage = "en"\n')
    settled = settle_parameters(
        "05_writeup", namespace, write(tmp_path, "05_writeup:\n  language: zh\n")
    )
    assert namespace["language"] == "en"
    assert settled.sources["language"] == FROM_PAPERMILL
    assert settled.sources["reports_dir"] == FROM_CELL


def test_a_misspelt_papermill_parameter_stops_with_the_runners_message():
    namespace = notebook_namespace(CELL_02, '# Parameters\ncodebok_dir = "x"\n')
    with pytest.raises(
        ParameterError,
        match=r"^02_extract: unknown parameter 'codebok_dir'; the notebook declares codebook_dir, ",
    ):
        settle_parameters("02_extract", namespace)


@pytest.mark.parametrize(
    ("injected", "message"),
    [
        ('n_jobs = "two"', "parameter 'n_jobs' must be int, got 'two' (str)"),
        ("n_jobs = 1.5", "parameter 'n_jobs' must be int, got 1.5 (float)"),
        ("n_jobs = True", "parameter 'n_jobs' must be int, got True (bool)"),
        ("n_jobs = -1", "parameter 'n_jobs' must be at least 0, got -1"),
        ('engine = "lokal"', "parameter 'engine' must be one of local, dask, got 'lokal'"),
        ("codebook_dir = None", "parameter 'codebook_dir' must be str, got None"),
    ],
)
def test_a_wrong_papermill_value_stops_with_the_runners_message(injected, message):
    namespace = notebook_namespace(CELL_02, f"# Parameters\n{injected}\n")
    with pytest.raises(ParameterError, match="^" + re.escape(f"02_extract: {message}")):
        settle_parameters("02_extract", namespace)


def test_a_wrong_value_in_params_yaml_stops_the_notebook_as_it_stops_the_runner(tmp_path):
    namespace = notebook_namespace(CELL_05)
    with pytest.raises(ParameterError, match="'language' must be one of en, zh, got 'fr'"):
        settle_parameters("05_writeup", namespace, write(tmp_path, "05_writeup:\n  language: fr\n"))


def test_the_error_shows_in_ipython_as_one_line():
    error = ParameterError("02_extract: parameter 'n_jobs' must be int, got 'two' (str)")
    assert error._render_traceback_() == [f"ParameterError: {error}"]


def test_papermills_own_path_names_are_not_unknown_parameters():
    namespace = notebook_namespace(CELL_05, '# Parameters\nPM_INPUT_PATH = "a.ipynb"\n')
    assert settle_parameters("05_writeup", namespace).sources["language"] == FROM_CELL


def test_settling_before_the_parameters_cell_ran_is_refused():
    with pytest.raises(ParameterError, match="run the parameters cell first"):
        settle_parameters("05_writeup", {"In": []})


def test_the_notebook_shows_each_value_with_its_source(tmp_path):
    settled = settle_parameters("05_writeup", notebook_namespace(CELL_05), write(tmp_path, "{}\n"))
    assert re.search(r"\n  language\s+= 'en'  \(parameters cell \(default\)\)", str(settled))
    assert (
        "<td><code>language</code></td><td><code>&#x27;en&#x27;</code></td>"
        in settled._repr_html_()
    )


@pytest.mark.parametrize(
    ("history", "names"),
    [
        (["", "a: int = 1"], None),
        (["", "a: int = 1", "# Parameters\na = 2\nb = 'x'\n", "settle"], ["a", "b"]),
        (["# Parameters\na = 1\n", "# Parameters\nc = 3\n"], ["c"]),
    ],
)
def test_injected_names_reads_the_cell_papermill_ran(history, names):
    assert injected_names(history) == names


def test_choices_are_those_the_engine_and_the_writeup_accept():
    assert chain.CHOICES["engine"] == engine.ENGINES
    catalogue = yaml.safe_load((SECTION_TEMPLATES / "words.yaml").read_text(encoding="utf-8"))
    assert all(set(chain.CHOICES["language"]) == set(w) for w in catalogue.values())


def test_values_within_range_pass():
    check_value("02_extract", "n_jobs", 0)
    check_value("02_extract", "engine", "dask")
    check_value("02_extract", "scheduler", "tcp://host:8786")
