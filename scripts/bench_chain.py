"""Benchmark: the real five-notebook chain against a trivial five-notebook papermill chain.

The trivial chain is the floor of this architecture: five notebooks that only take parameters
and print, each executed by papermill in its own kernel and converted to an HTML page with its
font (as the runner does), and the last one printed to a PDF (as the report is). Both run in
the same process, one after the other, on the same machine, so their ratio is meaningful even
on a noisy shared machine.

Run: .venv/bin/python scripts/bench_chain.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

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


def time_real_chain(folder: Path, pdf: bool) -> float:
    config = RunConfig(
        raw_dir=RAW_DIR,
        processed_dir=folder / "processed",
        reports_dir=folder / "reports",
        params_file=CONFIG_FILE,
        pdf=pdf,
    )
    started = time.perf_counter()
    run_chain(config, log=lambda _: None)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    trivial, real = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            trivial.append(time_trivial_chain(Path(tmp)))
        with tempfile.TemporaryDirectory() as tmp:
            real.append(time_real_chain(Path(tmp), pdf=True))
    t, r = statistics.median(trivial), statistics.median(real)
    print(f"runs: {args.repeat} (median)")
    print("| chain | seconds |")
    print("|---|---|")
    print(f"| trivial five-notebook chain (papermill, HTML pages, PDF) | {t:.1f} |")
    print(f"| real chain on the five seed documents (HTML + PDF) | {r:.1f} |")
    print(f"| ratio real / trivial | {r / t:.1f} |")


if __name__ == "__main__":
    main()
