"""The runner: execute the five notebooks in order with papermill, then render the reports.

Everything runs in one Python process through papermill's API; each notebook gets its own
kernel, a fixed kernel name and a timeout per cell. A failing cell stops the run with one short
message naming the notebook, the cell, the exception and the executed notebook to look at.
Each stage's kernel, and the later stages', start ahead and load what their notebooks import
(:mod:`policy_corpus.run.kernels`), and the finished notebook's HTML page is written on a
thread: neither waits on the run's critical path.

Runs are incremental: :data:`CHAIN` declares, in one place, what each stage reads and writes;
a stage whose notebook, parameters, inputs, codebook, code and library versions hash as they did
when it last ran, and whose outputs are still the files it wrote then, is skipped. Every run
records this provenance in ``reports_dir/run.json`` (see :mod:`policy_corpus.run.state`).
"""

from __future__ import annotations

import ast
import datetime as dt
import logging
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import yaml

from policy_corpus.contract.paths import (
    CODEBOOK_DIR,
    CONFIG_FILE,
    NOTEBOOKS_DIR,
    PROJECT_DIR,
    table_path,
)
from policy_corpus.contract.storage import remove_stale_temporaries
from policy_corpus.run import state
from policy_corpus.run.engine import PROGRESS_ENV, PROGRESS_PREFIX
from policy_corpus.run.kernels import KernelLauncher


@dataclass(frozen=True)
class Stage:
    """One notebook of the chain and everything it reads and writes.

    Attributes:
        name: The notebook's file name without ``.ipynb``.
        reads: Contract tables of earlier stages it reads from ``processed_dir``.
        writes: Contract tables it writes to ``processed_dir``.
        reads_raw: Whether it reads ``raw_dir`` (the documents and the manifest).
        uses_codebook: Whether it reads the codebook (its ``codebook_dir`` parameter).
        reads_reports: Glob patterns of files in ``reports_dir`` that earlier stages wrote.
        reads_run_record: Whether it reads the run record (``reports_dir/run.json``) for the
            parameters every stage ran with; it then re-runs when any of them changes.
        writes_reports: Files and folders (ending in ``/``) it writes in ``reports_dir``.
        report: Whether its executed notebook is rendered as report.html (and report.pdf).
    """

    name: str
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()
    reads_raw: bool = False
    uses_codebook: bool = False
    reads_reports: tuple[str, ...] = ()
    reads_run_record: bool = False
    writes_reports: tuple[str, ...] = ()
    report: bool = False


#: The chain, in order: the single declaration of each stage's inputs and outputs.
CHAIN = (
    Stage("01_ingest", writes=("documents", "sentences", "ingest_issues"), reads_raw=True),
    Stage(
        "02_extract",
        reads=("documents", "sentences"),
        writes=("quantities", "measure_mentions"),
        uses_codebook=True,
    ),
    Stage(
        "03_clean",
        reads=("documents", "sentences", "quantities"),
        writes=("indicators", "validation_issues"),
        uses_codebook=True,
    ),
    Stage(
        "04_compare_regions",
        reads=("documents", "indicators", "measure_mentions"),
        writes=("region_indicators", "region_measures", "region_terms", "document_similarity"),
        uses_codebook=True,
        writes_reports=("figures/",),
    ),
    Stage(
        "05_writeup",
        reads=(
            "documents",
            "indicators",
            "region_indicators",
            "region_measures",
            "ingest_issues",
            "validation_issues",
            "measure_mentions",
            "region_terms",
            "document_similarity",
            "quantities",
        ),
        reads_reports=("figures/*.png",),
        reads_run_record=True,
        writes_reports=("report.html", "report.pdf", "tables/", "regions/"),
        report=True,
    ),
)
STAGES = tuple(stage.name for stage in CHAIN)
STAGE_BY_NAME = {stage.name: stage for stage in CHAIN}
KERNEL_NAME = "policy-corpus"
# Keeps the kernel's start-up chatter (a warning about local TCP transport on every start) out
# of the run's progress output; errors still show.
KERNEL_ARGUMENTS = ("--log-level=ERROR",)
PATH_PARAMETERS = ("raw_dir", "processed_dir", "reports_dir")
EXECUTION_PARAMETERS = state.EXECUTION_PARAMETERS


class ChainError(RuntimeError):
    """A stage of the chain failed; the message says where and what to look at."""


class ConfigError(ValueError):
    """The parameters file is unreadable or names a parameter a notebook does not declare."""


class ParameterError(ConfigError):
    """A parameter is unknown, of the wrong type or out of range; one line says which."""

    def _render_traceback_(self) -> list[str]:
        # IPython shows this instead of a traceback: a papermill run that stops on a typo
        # ends with the same one line as `policy-corpus run`, not a page of frames.
        return [f"{type(self).__name__}: {self}"]


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
    force: bool = False
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


def parameter_defaults(notebook: Path) -> dict[str, Any]:
    """The default values in a notebook's ``parameters`` cell (as written, if not a literal)."""
    import papermill

    defaults: dict[str, Any] = {}
    for name, spec in papermill.inspect_notebook(str(notebook)).items():
        try:
            defaults[name] = ast.literal_eval(str(spec.get("default")))
        except (ValueError, SyntaxError):
            defaults[name] = spec.get("default")
    return defaults


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
            raise ParameterError(unknown_parameter(stage, name, declared))
        check_type(stage, name, value, declared[name])
        check_value(stage, name, value)
        params[name] = value
    return params


def unknown_parameter(stage: str, name: str, declared: Mapping[str, str]) -> str:
    """The message for a parameter the notebook does not declare."""
    return (
        f"{stage}: unknown parameter {name!r}; the notebook declares {', '.join(sorted(declared))}"
    )


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "bool": (bool,),
    "int": (int,),
    "float": (int, float),
}


#: Values a parameter may take where its type alone allows wrong ones, by parameter name (the
#: same name means the same thing in every notebook). engine.ENGINES and the write-up's
#: languages are kept equal to these by a test.
CHOICES: dict[str, tuple[str, ...]] = {"engine": ("local", "dask"), "language": ("en", "zh")}
#: The smallest value of a numeric parameter.
MINIMUM: dict[str, float] = {
    "n_jobs": 0,
    "max_document_mb": 0,
    "min_regions": 1,
    "top_terms": 1,
    "min_term_count": 1,
}


def check_type(stage: str, name: str, value: Any, type_name: str) -> None:
    """Refuse a parameter whose value does not have the type the notebook declares.

    Raises:
        ParameterError: the value is not of the declared type (a bool is not an int).
    """
    expected = _TYPES.get(type_name)
    if expected is None:
        return
    wrong_bool = isinstance(value, bool) and bool not in expected
    if wrong_bool or not isinstance(value, expected):
        raise ParameterError(
            f"{stage}: parameter {name!r} must be {type_name}, got {value!r} "
            f"({type(value).__name__})"
        )


def check_value(stage: str, name: str, value: Any) -> None:
    """Refuse a value of the right type that the notebook cannot use (an unknown engine).

    Raises:
        ParameterError: the value is not one of the parameter's choices, or below its minimum.
    """
    choices = CHOICES.get(name)
    if choices is not None and value not in choices:
        raise ParameterError(
            f"{stage}: parameter {name!r} must be one of {', '.join(choices)}, got {value!r}"
        )
    minimum = MINIMUM.get(name)
    if minimum is not None and isinstance(value, int | float) and value < minimum:
        raise ParameterError(
            f"{stage}: parameter {name!r} must be at least {minimum:g}, got {value!r}"
        )


class ProgressEcho:
    """A file for papermill's kernel stderr that passes on the progress lines and nothing else.

    The kernels write a progress line every few seconds (see
    :func:`policy_corpus.run.engine.progress`); the runner's user sees them as they come,
    while warnings and other output stay in the executed notebook only.
    """

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> None:
        """Pass on the progress lines of ``text``."""
        for line in text.splitlines(keepends=True):
            if line.startswith(PROGRESS_PREFIX):
                self.stream.write("    " + line.removeprefix(PROGRESS_PREFIX))

    def flush(self) -> None:
        """Flush the stream written to."""
        self.stream.flush()


@contextmanager
def progress_lines() -> Iterator[None]:
    """Have the kernels started meanwhile write progress as lines (they inherit the variable).

    A kernel's output is not a terminal but a notebook, which would keep every redraw of a bar.
    A value the user set is kept.
    """
    before = os.environ.get(PROGRESS_ENV)
    os.environ[PROGRESS_ENV] = before or "lines"
    try:
        yield
    finally:
        if before is None:
            del os.environ[PROGRESS_ENV]


def execute_stage(
    stage: str,
    config: RunConfig,
    params: Mapping[str, Any] | None = None,
    kernel: Any | None = None,
) -> Path:
    """Execute one notebook with papermill into ``reports/notebooks/``; return its path.

    ``kernel``: a started kernel manager to run it in (see :mod:`policy_corpus.run.kernels`);
    without one papermill starts a kernel.

    Raises:
        ChainError: a cell raised; the message names the cell and the executed notebook.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = config.notebooks_dir / f"{stage}.ipynb"
    target = config.reports_dir / "notebooks" / f"{stage}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    if params is None:
        params = stage_parameters(stage, config)
    started_ahead = {} if kernel is None else {"km": kernel}
    with progress_lines():
        try:
            papermill.execute_notebook(
                str(source),
                str(target),
                parameters=dict(params),
                kernel_name=config.kernel_name,
                execution_timeout=config.cell_timeout,
                progress_bar=False,
                cwd=str(config.notebooks_dir),
                extra_arguments=list(KERNEL_ARGUMENTS),
                stderr_file=ProgressEcho(sys.stderr),
                **started_ahead,
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


# --- incremental runs --------------------------------------------------------------------------


def codebook_folder(params: Mapping[str, Any], config: RunConfig) -> Path:
    """The codebook a stage reads: its ``codebook_dir``, or the packaged one.

    A relative ``codebook_dir`` is relative to the notebooks folder, where the kernel runs.
    """
    given = str(params.get("codebook_dir") or "")
    return (config.notebooks_dir / given).resolve() if given else CODEBOOK_DIR


def stage_inputs(
    stage: Stage,
    config: RunConfig,
    params: Mapping[str, Any],
    shared: Mapping[str, str],
    records: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Content hashes of everything a stage's outputs depend on.

    ``shared`` holds the hashes common to all stages (the code, the library versions), computed
    once per run; ``records`` the run record's stages, whose parameters a stage that reads the
    run record depends on.
    """
    content_params = {k: v for k, v in params.items() if k not in EXECUTION_PARAMETERS}
    inputs = {
        "notebook": state.file_hash(config.notebooks_dir / f"{stage.name}.ipynb"),
        "parameters": state.digest(content_params),
        **shared,
    }
    for table in stage.reads:
        inputs[f"table:{table}"] = state.file_hash(table_path(config.processed_dir, table))
    if stage.reads_raw:
        inputs["raw"] = state.folder_hash(config.raw_dir)
    if stage.uses_codebook:
        inputs["codebook"] = state.folder_hash(codebook_folder(params, config))
    for pattern in stage.reads_reports:
        inputs[f"reports:{pattern}"] = state.folder_hash(config.reports_dir, [pattern])
    if stage.reads_run_record:
        others = {k: v for k, v in (records or {}).items() if k != stage.name}
        inputs["run_parameters"] = state.digest(state.recorded_parameters(others))
    if stage.report:
        inputs["pdf"] = str(config.pdf)
    return inputs


def stage_outputs(stage: Stage, config: RunConfig) -> dict[str, str]:
    """Content hashes of what a stage wrote, keyed by absolute path (a folder ends in ``/``)."""
    paths = [table_path(config.processed_dir, table) for table in stage.writes]
    paths.append(config.reports_dir / "notebooks" / f"{stage.name}.ipynb")
    outputs = {str(path.resolve()): state.file_hash(path) for path in paths}
    for name in stage.writes_reports:
        if name == "report.pdf" and not config.pdf:
            continue
        path = config.reports_dir / name
        if name.endswith("/"):
            outputs[f"{path.resolve()}/"] = state.folder_hash(path)
        else:
            outputs[str(path.resolve())] = state.file_hash(path)
    return outputs


def can_skip(previous: Mapping[str, Any] | None, key: str) -> bool:
    """Whether a stage's last good run had the same fingerprint and its outputs are intact."""
    if not previous or previous.get("outcome") not in {"ran", "skipped"}:
        return False
    if previous.get("key") != key:
        return False
    return state.outputs_unchanged(previous.get("outputs", {}))


def prepare_folders(config: RunConfig) -> None:
    """Create the output folders, refuse read-only ones, and clear a killed run's temporaries.

    Raises:
        ConfigError: an output folder cannot be created or written to (nothing has run).
    """
    for folder in (config.processed_dir, config.reports_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ConfigError(
                f"{folder}: cannot create the output folder: {err.strerror}"
            ) from None
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ConfigError(
                f"{folder}: the output folder is not writable; nothing was run and the "
                "previous tables and report are left as they are"
            )
        remove_stale_temporaries(folder)


class PageWriter:
    """Writes executed notebooks' HTML pages on a thread of their own, while the next stage runs.

    A page (nbconvert, then the font cut to its characters) takes about a second whatever the
    corpus, and the next stage's kernel does not need it; written meanwhile, it leaves the run's
    critical path. :meth:`finish` waits for the pages and says which could not be written.
    """

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebook-pages")
        self._pending: list[tuple[str, Path, Future[Path]]] = []

    def write(self, stage: str, executed: Path, page: Path) -> Path:
        """Start writing ``executed``'s page to ``page``; return the page's path."""
        from policy_corpus.writeup.render import write_notebook_html

        future = self._executor.submit(write_notebook_html, executed, page)
        self._pending.append((stage, page, future))
        return page

    def finish(self) -> dict[str, str]:
        """Wait for every page; return, by stage, why its page could not be written."""
        failed = {}
        for stage, page, future in self._pending:
            try:
                future.result()
            except Exception as err:  # reported by the caller, which fails the run
                failed[stage] = f"{stage}: its page {page} could not be written: {err}"
        self._pending.clear()
        self._executor.shutdown()
        return failed


def run_stage(
    stage: Stage,
    config: RunConfig,
    params: Mapping[str, Any],
    launcher: KernelLauncher,
    pages: PageWriter,
) -> list[Path]:
    """Execute one stage, render its notebook (and the report); return the files written.

    The stage runs in the kernel ``launcher`` started ahead for it, if any; its notebook's page
    is written by ``pages``, on a thread, except the write-up's, which goes with the report.
    """
    from policy_corpus.writeup.render import write_report

    stage_began = time.time()
    with launcher.taken(stage.name) as kernel:
        executed = execute_stage(stage.name, config, params, kernel)
    page = executed.with_suffix(".html")
    written = [executed]
    if stage.report:  # the notebook's page and the report share one font subset
        written += write_report(executed, config.reports_dir, pdf=config.pdf, notebook_page=page)
    else:
        written.append(pages.write(stage.name, executed, page))
    written += files_written_since(config.reports_dir, ("figures", "tables"), stage_began)
    return written


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class _Run:
    """One run of the chain in progress: its configuration, its record, what it wrote."""

    config: RunConfig
    log: Callable[[str], object]
    manifest: dict[str, Any]
    previous: dict[str, Any]
    shared: dict[str, str]
    launcher: KernelLauncher
    pages: PageWriter
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def stage(self, stage: Stage, prefix: str, params: dict[str, Any], defaults: Any) -> None:
        """Run one stage, or skip it if unchanged, and record what happened.

        Raises:
            ChainError: the stage failed (recorded as failed).
        """
        inputs = stage_inputs(stage, self.config, params, self.shared, self.manifest["stages"])
        record: dict[str, Any] = {
            "key": state.digest(inputs),
            "inputs": inputs,
            # Every value the notebook ran with: its defaults, then what was passed.
            "parameters": {**defaults, **params},
        }
        last = self.previous.get(stage.name)
        if last is not None and not self.config.force and can_skip(last, record["key"]):
            self.log(f"{prefix} skipped: unchanged since its run of {last.get('started')}")
            self.manifest["stages"][stage.name] = {**last, "outcome": "skipped"}
            self.skipped.append(stage.name)
            return
        self.log(f"{prefix} …")
        record["started"] = _now()
        if stage.reads_run_record:
            # The stage reads every stage's parameters from the record: give it this run's.
            self.manifest["stages"][stage.name] = record | {"outcome": "running"}
            state.save_manifest(self.config.reports_dir / state.RUN_MANIFEST, self.manifest)
        started = time.perf_counter()
        self.start_kernels_from(stage)
        try:
            self.written += run_stage(stage, self.config, params, self.launcher, self.pages)
        except ChainError as err:
            self.manifest["stages"][stage.name] = record | {"outcome": "failed", "error": str(err)}
            raise
        seconds = time.perf_counter() - started
        record |= {"seconds": round(seconds, 2), "outcome": "ran"}
        self.manifest["stages"][stage.name] = record | {
            "outputs": stage_outputs(stage, self.config)
        }
        self.log(f"{prefix} done in {seconds:.1f} s")

    def finish(self) -> list[str]:
        """Shut down the kernels started and not used, wait for the pages being written.

        Returns why pages could not be written; their stages are recorded as failed, so that
        the next run runs them again.
        """
        self.launcher.close()
        failed = self.pages.finish()
        for name, error in failed.items():
            self.manifest["stages"][name] |= {"outcome": "failed", "error": error}
        return list(failed.values())

    def start_kernels_from(self, stage: Stage) -> None:
        """Start ``stage``'s kernel, unless started already, then those of the later stages.

        They start in order, as many at once as there are cores, so the stage's own kernel is
        never one of several starting on a core (the first stage's kernel, started by papermill
        beside two started ahead, took 4-6 s instead of about 3). A stage that runs changes
        what every later stage reads, so they will usually run too; a kernel started for a
        stage that turns out unchanged and is skipped (a forced re-run that wrote the same
        tables) is shut down unused when the run ends.
        """
        stages = list(self.config.stages)
        for name in stages[stages.index(stage.name) :]:
            self.launcher.start(name, self.config.notebooks_dir / f"{name}.ipynb")


def run_chain(config: RunConfig, log: Callable[[str], object] = print) -> list[Path]:
    """Run the chosen stages in order, skipping unchanged ones; return every file written.

    The run manifest ``reports_dir/run.json`` is written at the end, also when a stage fails.

    Raises:
        ChainError: a stage failed (the stages before it keep their outputs).
        ConfigError: the parameters are wrong or an output folder is not writable (nothing
            has run).
    """
    logging.getLogger("papermill").setLevel(logging.WARNING)
    unknown = [s for s in config.stages if s not in STAGES]
    if unknown:
        raise ConfigError(f"unknown stage(s) {', '.join(unknown)}; stages are {', '.join(STAGES)}")
    # Every stage's parameters are checked before anything runs or is written.
    params = {name: stage_parameters(name, config) for name in config.stages}
    prepare_folders(config)
    manifest_path = config.reports_dir / state.RUN_MANIFEST
    previous: dict[str, Any] = state.load_manifest(manifest_path).get("stages", {})
    versions = state.package_versions()
    shared = {"code": state.code_hash(), "versions": state.digest(versions)}
    manifest: dict[str, Any] = {
        "format": state.FORMAT_VERSION,
        "started": _now(),
        "outcome": "running",
        "versions": versions,
        "code_sha256": shared["code"],
        "stages": dict(previous),
    }
    launcher = KernelLauncher(
        config.kernel_name,
        cwd=config.notebooks_dir,
        env={PROGRESS_ENV: os.environ.get(PROGRESS_ENV) or "lines"},
        extra_arguments=KERNEL_ARGUMENTS,
    )
    run = _Run(config, log, manifest, previous, shared, launcher, PageWriter())
    try:
        for position, name in enumerate(config.stages, start=1):
            defaults = parameter_defaults(config.notebooks_dir / f"{name}.ipynb")
            prefix = f"[{position}/{len(config.stages)}] {name}"
            run.stage(STAGE_BY_NAME[name], prefix, params[name], defaults)
        manifest["outcome"] = "ok"
    except BaseException:
        manifest["outcome"] = "failed"
        raise
    finally:
        page_errors = run.finish()
        if page_errors:
            manifest["outcome"] = "failed"
        manifest["finished"] = _now()
        run.written.append(state.save_manifest(manifest_path, manifest))
    if page_errors:
        raise ChainError("\n".join(page_errors))
    if run.skipped:
        log(f"Skipped {len(run.skipped)} unchanged stage(s): {', '.join(run.skipped)} "
            "(--force re-runs them)")  # fmt: skip
    return run.written
