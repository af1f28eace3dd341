"""The runner: execute the five notebooks in order with papermill, then render the reports.

Everything runs in one Python process through papermill's API; each notebook gets its own
kernel, a fixed kernel name and a timeout per cell. A failing cell stops the run with one short
message naming the notebook, the cell, the exception and the executed notebook to look at.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policy_corpus.paths import CONFIG_FILE, NOTEBOOKS_DIR, PROJECT_DIR
from policy_corpus.render import write_notebook_html, write_report

STAGES = ("01_ingest", "02_extract", "03_clean", "04_compare_regions", "05_writeup")
KERNEL_NAME = "policy-corpus"
PATH_PARAMETERS = ("raw_dir", "processed_dir", "reports_dir")


class ChainError(RuntimeError):
    """A stage of the chain failed; the message says where and what to look at."""


class ConfigError(ValueError):
    """The parameters file is unreadable or names a parameter a notebook does not declare."""


@dataclass
class RunConfig:
    """Where the chain reads and writes, and how it runs."""

    raw_dir: Path = PROJECT_DIR / "data" / "raw"
    processed_dir: Path = PROJECT_DIR / "data" / "processed"
    reports_dir: Path = PROJECT_DIR / "reports"
    notebooks_dir: Path = NOTEBOOKS_DIR
    params_file: Path | None = CONFIG_FILE
    kernel_name: str = KERNEL_NAME
    cell_timeout: int = 600
    pdf: bool = True
    stages: Sequence[str] = STAGES
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_params(params_file: Path | None) -> dict[str, dict[str, Any]]:
    """Read the parameters file: a ``common`` block and one block per notebook.

    Raises:
        ConfigError: the file cannot be parsed or is not a mapping of mappings.
    """
    if params_file is None:
        return {}
    try:
        data = yaml.safe_load(Path(params_file).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise ConfigError(f"{params_file}: cannot read parameters: {err}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ConfigError(f"{params_file}: expected a block of parameters per notebook")
    unknown = set(data) - {"common", *STAGES}
    if unknown:
        raise ConfigError(f"{params_file}: unknown block(s) {', '.join(sorted(unknown))}")
    return data


def declared_parameters(notebook: Path) -> dict[str, str]:
    """Names and declared types of a notebook's parameters (from its ``parameters`` cell)."""
    import papermill

    return {
        name: str(spec.get("inferred_type_name", ""))
        for name, spec in papermill.inspect_notebook(str(notebook)).items()
    }


def stage_parameters(stage: str, config: RunConfig) -> dict[str, Any]:
    """The parameters passed to one notebook: paths, its config block, then overrides.

    Raises:
        ConfigError: a parameter the notebook does not declare, or one of the wrong type.
    """
    notebook = config.notebooks_dir / f"{stage}.ipynb"
    declared = declared_parameters(notebook)
    blocks = load_params(config.params_file)
    paths = {
        "raw_dir": config.raw_dir,
        "processed_dir": config.processed_dir,
        "reports_dir": config.reports_dir,
    }
    params: dict[str, Any] = {k: str(Path(v).resolve()) for k, v in paths.items() if k in declared}
    given = {**blocks.get(stage, {}), **config.overrides.get(stage, {})}
    for name, value in given.items():
        if name not in declared:
            raise ConfigError(
                f"{stage}: unknown parameter {name!r}; the notebook declares "
                f"{', '.join(sorted(declared))}"
            )
        check_type(stage, name, value, declared[name])
        params[name] = value
    return params


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "bool": (bool,),
    "int": (int,),
    "float": (int, float),
}


def check_type(stage: str, name: str, value: Any, type_name: str) -> None:
    """Refuse a parameter whose value does not have the type the notebook declares."""
    expected = _TYPES.get(type_name)
    if expected is None:
        return
    wrong_bool = isinstance(value, bool) and bool not in expected
    if wrong_bool or not isinstance(value, expected):
        raise ConfigError(
            f"{stage}: parameter {name!r} must be {type_name}, got {value!r} "
            f"({type(value).__name__})"
        )


def execute_stage(stage: str, config: RunConfig) -> Path:
    """Execute one notebook with papermill into ``reports/notebooks/``; return its path.

    Raises:
        ChainError: a cell raised; the message names the cell and the executed notebook.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = config.notebooks_dir / f"{stage}.ipynb"
    target = config.reports_dir / "notebooks" / f"{stage}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    params = stage_parameters(stage, config)
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=params,
            kernel_name=config.kernel_name,
            execution_timeout=config.cell_timeout,
            progress_bar=False,
            cwd=str(config.notebooks_dir),
            # Keeps the kernel's start-up chatter (a warning about local TCP transport on
            # every start) out of the run's progress output; errors still show.
            extra_arguments=["--log-level=ERROR"],
        )
    except PapermillExecutionError as err:
        raise ChainError(
            f"{stage} failed in cell {err.exec_count}: {err.ename}: {err.evalue}\n"
            f"  the executed notebook shows it: {target}"
        ) from None
    return target


def files_written_since(root: Path, folders: Sequence[str], since: float) -> list[Path]:
    """Files a notebook wrote into ``root``'s sub-folders (figures, tables) during its run."""
    return sorted(
        path
        for folder in folders
        for path in (root / folder).glob("*")
        if path.is_file() and path.stat().st_mtime >= since
    )


def corpus_status(processed_dir: Path) -> str:
    """How many documents the last ingest took in, and which it could not, with the reason."""
    import pandas as pd

    documents = processed_dir / "documents.parquet"
    issues_file = processed_dir / "ingest_issues.parquet"
    if not documents.exists() or not issues_file.exists():
        return ""
    n_documents = len(pd.read_parquet(documents, columns=["doc_id"]))
    issues = pd.read_parquet(issues_file)
    lines = [f"Corpus: {n_documents} document(s) ingested, {len(issues)} problem(s)."]
    for source, doc_id, severity, problem in issues[
        ["source_file", "doc_id", "severity", "problem"]
    ].itertuples(index=False):
        lines.append(f"  - {source if isinstance(source, str) else doc_id} ({severity}): {problem}")
    return "\n".join(lines)


def run_chain(config: RunConfig, log: Callable[[str], object] = print) -> list[Path]:
    """Run the chosen stages in order and render the reports; return every file written.

    Raises:
        ChainError: a stage failed (the stages before it keep their outputs).
        ConfigError: the parameters are wrong.
    """
    logging.getLogger("papermill").setLevel(logging.WARNING)
    unknown = [s for s in config.stages if s not in STAGES]
    if unknown:
        raise ConfigError(f"unknown stage(s) {', '.join(unknown)}; stages are {', '.join(STAGES)}")
    written: list[Path] = []
    total = len(config.stages)
    for position, stage in enumerate(config.stages, start=1):
        log(f"[{position}/{total}] {stage} …")
        started = time.perf_counter()
        stage_began = time.time()
        executed = execute_stage(stage, config)
        written += [executed, write_notebook_html(executed, executed.with_suffix(".html"))]
        written += files_written_since(config.reports_dir, ("figures", "tables"), stage_began)
        if stage == "05_writeup":
            log("      rendering report.html" + (" and report.pdf" if config.pdf else ""))
            written += write_report(executed, config.reports_dir, pdf=config.pdf)
        log(f"[{position}/{total}] {stage} done in {time.perf_counter() - started:.1f} s")
    return written
