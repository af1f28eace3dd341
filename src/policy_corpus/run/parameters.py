"""The first cell of every notebook: settle its parameters exactly as the runner would.

A notebook has three ways to get its parameters: the defaults of its ``parameters`` cell,
``config/params.yaml`` (what ``policy-corpus run`` passes), and ``papermill -p`` (papermill runs
a cell tagged ``injected-parameters`` after the parameters cell; the runner is papermill with
every value given). Opened in JupyterLab, a notebook would otherwise run on its cell's defaults
while the runner used the file; and papermill only warns about a misspelt name and passes any
type. :func:`settle_parameters` makes the two agree:

- not given parameters by papermill, the notebook takes those the runner would pass
  (:func:`policy_corpus.run.chain.stage_parameters` with the default folders and params.yaml);
- given parameters, it refuses a name its parameters cell does not declare;
- either way every value is checked with the runner's own checks, and a wrong one stops the
  notebook with the runner's one-line message (so a papermill batch exits non-zero).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from policy_corpus.contract.paths import CONFIG_FILE
from policy_corpus.run.chain import (
    PATH_PARAMETERS,
    ParameterError,
    RunConfig,
    check_type,
    check_value,
    load_params,
    stage_parameters,
    unknown_parameter,
)

#: The first line of the cell papermill injects (its Python translator's comment).
INJECTED_MARKER = "# Parameters"
#: Names papermill itself may inject (``--inject-paths``); they are not the notebook's.
PAPERMILL_NAMES = frozenset({"PM_INPUT_PATH", "PM_OUTPUT_PATH"})

#: Where a value came from, as the notebook shows it.
FROM_CELL = "parameters cell (default)"
FROM_CONFIG = "config/params.yaml"
FROM_FOLDERS = "project folders (as policy-corpus run)"
FROM_PAPERMILL = "papermill / policy-corpus run"


@dataclass(frozen=True)
class Parameters:
    """The values a notebook runs with and where each came from.

    Attributes:
        stage: The notebook's name, e.g. ``02_extract``.
        values: Parameter name → value, in the order of the parameters cell.
        sources: Parameter name → one of the ``FROM_*`` labels.
    """

    stage: str
    values: dict[str, Any]
    sources: dict[str, str]

    def rows(self) -> list[tuple[str, str, str]]:
        """(name, value as written in Python, source) for each parameter."""
        return [(name, repr(value), self.sources[name]) for name, value in self.values.items()]

    def __str__(self) -> str:
        width = max((len(name) for name in self.values), default=0)
        lines = [f"{self.stage} runs with:"]
        lines += [f"  {name:<{width}} = {value}  ({source})" for name, value, source in self.rows()]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))  # IPython's plain-text display (and papermill's log)

    def _repr_html_(self) -> str:
        body = "".join(
            f"<tr><td><code>{escape(name)}</code></td><td><code>{escape(value)}</code></td>"
            f"<td>{escape(source)}</td></tr>"
            for name, value, source in self.rows()
        )
        return (
            f"<table><caption>{escape(self.stage)} runs with</caption><thead><tr>"
            "<th>parameter</th><th>value</th><th>from</th></tr></thead>"
            f"<tbody>{body}</tbody></table>"
        )


def declared_in(namespace: Mapping[str, Any]) -> dict[str, str]:
    """Names and type names the parameters cell declared (its ``name: type = default`` lines).

    Annotated assignments in a notebook's top level land in ``__annotations__``: the same
    declarations ``papermill --help-notebook`` and the runner read from the notebook file.
    """
    annotations = namespace.get("__annotations__", {})
    return {name: getattr(kind, "__name__", str(kind)) for name, kind in annotations.items()}


def injected_names(history: Sequence[str]) -> list[str] | None:
    r"""Names papermill assigned in the cell it injected; None when it injected none.

    ``history`` is IPython's ``In``: the source of every cell run so far, in order.

    >>> injected_names(["", "n_jobs: int = 0", "# Parameters\nn_jobs = 2\n"])
    ['n_jobs']
    >>> injected_names(["", "n_jobs: int = 0"]) is None
    True
    """
    for source in reversed(history):
        if source.startswith(INJECTED_MARKER):
            tree = ast.parse(source)
            return [
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign)
                for target in node.targets
                if isinstance(target, ast.Name)
            ]
    return None


def configured(stage: str, params_file: Path | None) -> tuple[dict[str, Any], dict[str, str]]:
    """The values ``policy-corpus run`` (default folders) passes to a stage, with their source.

    Raises:
        ConfigError: params.yaml is unreadable, or gives a wrong or unknown parameter.
    """
    values = stage_parameters(stage, RunConfig(params_file=params_file))
    block = load_params(params_file).get(stage, {})
    sources = {
        name: FROM_CONFIG if name in block else FROM_FOLDERS
        for name in values
        if name in block or name in PATH_PARAMETERS
    }
    return values, sources


def settle_parameters(
    stage: str, namespace: MutableMapping[str, Any], params_file: Path | None = CONFIG_FILE
) -> Parameters:
    """Settle, check and return a notebook's parameters; call it right after the parameters cell.

    Without parameters from papermill, the values of ``params_file`` (and the project's folders)
    replace the cell's defaults in ``namespace``, so the names of the parameters cell hold what
    the notebook runs with, as under ``policy-corpus run``.

    Args:
        stage: The notebook's name (its file name without ``.ipynb``).
        namespace: The notebook's ``globals()``.
        params_file: The parameters file the runner reads by default.

    Raises:
        ParameterError: an unknown name, a wrong type or a value out of range (one line).
        ConfigError: ``params_file`` cannot be read.
    """
    declared = declared_in(namespace)
    if not declared:
        raise ParameterError(f"{stage}: run the parameters cell first")
    values = {name: namespace[name] for name in declared}
    sources = dict.fromkeys(declared, FROM_CELL)
    injected = injected_names(namespace.get("In", []))
    if injected is None:
        given, given_sources = configured(stage, params_file)
    else:
        for name in injected:
            if name not in declared and name not in PAPERMILL_NAMES:
                raise ParameterError(unknown_parameter(stage, name, declared))
        given = {name: namespace[name] for name in injected if name in declared}
        given_sources = dict.fromkeys(given, FROM_PAPERMILL)
    values.update(given)
    sources.update(given_sources)
    for name, value in values.items():
        check_type(stage, name, value, declared[name])
        check_value(stage, name, value)
    namespace.update(given)
    return Parameters(stage, values, sources)
