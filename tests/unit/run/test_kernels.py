"""What a kernel started ahead loads: the notebook's own imports, and nothing in its namespace."""

from __future__ import annotations

import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from policy_corpus.run.kernels import imported_modules, warm_imports, warm_up_code


def write_notebook(path, *sources, markdown=""):
    cells = [new_markdown_cell(markdown)] if markdown else []
    cells += [new_code_cell(source) for source in sources]
    nbformat.write(new_notebook(cells=cells), path)
    return path


def test_imported_modules_are_the_top_level_imports_of_the_code_cells(tmp_path):
    notebook = write_notebook(
        tmp_path / "n.ipynb",
        'processed_dir: str = "."',
        "import json\nimport os.path as osp, csv",
        "from policy_corpus.compare import plots, summary\nfrom . import sibling",
        "%matplotlib inline\nimport never_seen",  # a magic: the cell is not Python
        "def later():\n    import inside_a_function\n",
        "import json",
        markdown="import not_code",
    )
    assert imported_modules(notebook) == [
        "json",
        "os.path",
        "csv",
        "policy_corpus.compare",
        "policy_corpus.compare.plots",
        "policy_corpus.compare.summary",
    ]


def test_warm_imports_loads_modules_and_returns_the_names_that_are_not(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    left = warm_imports(["colorsys", "json.decoder", "json.loads", "no_such_module_here"])
    assert "colorsys" in sys.modules and "json.decoder" in sys.modules
    assert left == ["json.loads", "no_such_module_here"]


def test_warm_up_code_binds_no_name_in_the_notebooks_namespace(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    namespace: dict[str, object] = {}
    exec(warm_up_code(["colorsys"]), namespace)
    assert set(namespace) == {"__builtins__"}
    assert "colorsys" in sys.modules


@pytest.mark.parametrize("notebook", ["01_ingest", "04_compare_regions", "05_writeup"])
def test_the_chains_notebooks_import_only_modules_that_exist(notebook):
    # A kernel started ahead loads these; a name that is neither a module nor an attribute of
    # one would mean the parsing went wrong (the notebooks' own cells would fail as well).
    from policy_corpus.contract.paths import NOTEBOOKS_DIR

    modules = imported_modules(NOTEBOOKS_DIR / f"{notebook}.ipynb")
    assert "policy_corpus.run.parameters" in modules
    for name in warm_imports(modules):
        parent, _, attribute = name.rpartition(".")
        assert hasattr(sys.modules[parent], attribute), name
