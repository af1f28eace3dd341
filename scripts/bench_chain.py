"""Benchmark: the real five-notebook chain against a trivial five-notebook papermill chain.

The trivial chain is the floor of this architecture: five notebooks that only take parameters
and print, each executed by papermill in its own kernel and converted to an HTML page with its
font (as the runner does), and the last one printed to a PDF (as the report is). It is timed
twice: one papermill call after the other (the floor as issue #13 defines it), and through the
runner itself, which starts each later kernel ahead and writes the pages on a thread (the floor
of the runner as it now is). All run in the same process, one after the other, on the same
machine, so their ratios are meaningful even on a noisy shared machine.

Run: .venv/bin/python scripts/bench_chain.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import nbformat
import papermill
from nbformat.v4 import new_code_cell, new_notebook

from policy_corpus.contract.paths import CONFIG_FILE, RAW_DIR
from policy_corpus.run.chain import KERNEL_NAME, STAGES, RunConfig, run_chain
from policy_corpus.writeup.render import write_notebook_html, write_report


def trivial_notebooks(folder: Path) -> list[Path]:
    paths = []
    for stage in STAGES:
        notebook = new_notebook(
            cells=[
                new_code_cell('processed_dir: str = "."', metadata={"tags": ["parameters"]}),
                new_code_cell("print(processed_dir)"),
            ]
        )
        notebook.metadata["kernelspec"] = {
            "name": KERNEL_NAME,
            "display_name": KERNEL_NAME,
            "language": "python",
        }
        path = folder / f"{stage}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def time_trivial_chain(folder: Path) -> float:
    started = time.perf_counter()
    notebooks = trivial_notebooks(folder)
    for path in notebooks:
        executed = path.with_suffix(".out.ipynb")
        papermill.execute_notebook(
            str(path),
            str(executed),
            parameters={"processed_dir": str(folder)},
            kernel_name=KERNEL_NAME,
            progress_bar=False,
            extra_arguments=["--log-level=ERROR"],
        )
        if path != notebooks[-1]:  # the last page is written with the report, as the runner does
            write_notebook_html(executed, executed.with_suffix(".html"))
    write_report(executed, folder / "report", pdf=True, notebook_page=executed.with_suffix(".html"))
    return time.perf_counter() - started


def time_trivial_chain_in_runner(folder: Path) -> float:
    started = time.perf_counter()
    notebooks = folder / "notebooks"
    notebooks.mkdir()
    trivial_notebooks(notebooks)
    time_chain(folder, notebooks_dir=notebooks, params_file=None)
    return time.perf_counter() - started


def time_chain(folder: Path, **config: Any) -> float:
    """Seconds ``run_chain`` takes into ``folder`` with ``config`` (default: the real chain)."""
    config = {"raw_dir": RAW_DIR, "params_file": CONFIG_FILE, "pdf": True, **config}
    run = RunConfig(processed_dir=folder / "processed", reports_dir=folder / "reports", **config)
    started = time.perf_counter()
    run_chain(run, log=lambda _: None)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    trivial, in_runner, real = [], [], []
    for _ in range(args.repeat):
        for times, timer in (
            (trivial, time_trivial_chain),
            (in_runner, time_trivial_chain_in_runner),
            (real, time_chain),
        ):
            with tempfile.TemporaryDirectory() as tmp:
                times.append(timer(Path(tmp)))
    t, tr, r = (statistics.median(times) for times in (trivial, in_runner, real))
    print(f"runs: {args.repeat} (median)")
    print("| chain | seconds | real / this |")
    print("|---|---|---|")
    print(f"| trivial five-notebook chain, one papermill call after the other | {t:.1f} | "
          f"{r / t:.2f} |")  # fmt: skip
    print(f"| the same trivial chain through the runner (kernels ahead) | {tr:.1f} | "
          f"{r / tr:.2f} |")  # fmt: skip
    print(f"| real chain on the five seed documents (HTML + PDF) | {r:.1f} | |")


if __name__ == "__main__":
    main()
