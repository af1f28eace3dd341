"""Memory of one notebook's code, cell by cell, in this process (no kernel, no profiler).

The notebook's code cells run in order with its parameters set to the given folders (as
scripts/profile_stage.py runs them, matplotlib's Agg backend, ``display`` a no-op); after each
cell the process's resident memory now and its peak so far (``ru_maxrss``) are printed with
the cell's first line and its seconds, so the cell that makes the peak is plain to see.

Run: .venv/bin/python scripts/probe_cells.py 04_compare_regions PROCESSED REPORTS
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import matplotlib
import nbformat
import psutil

from policy_corpus.contract.paths import NOTEBOOKS_DIR
from policy_corpus.run.parameters import INJECTED_MARKER

matplotlib.use("Agg")

STAGES = ("01_ingest", "02_extract", "03_clean", "04_compare_regions", "05_writeup")


def code_cells(stage: str, processed: Path, reports: Path) -> list[str]:
    """The notebook's code cells, the parameters cell followed by the given folders.

    The folders come as papermill gives them, in a cell of their own (``In`` holds it, as
    IPython's history would), so that ``settle_parameters`` keeps them.
    """
    notebook = nbformat.read(str(NOTEBOOKS_DIR / f"{stage}.ipynb"), as_version=4)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    folders = {"processed_dir": processed, "reports_dir": reports}
    if stage == "01_ingest":
        folders["raw_dir"] = processed.parent / "raw"
    injected = INJECTED_MARKER + "\n" + "".join(f"{k} = {str(v)!r}\n" for k, v in folders.items())
    return [cells[0], injected, *cells[1:]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("processed", type=Path)
    parser.add_argument("reports", type=Path)
    args = parser.parse_args()
    cells = code_cells(args.stage, args.processed, args.reports)
    namespace: dict[str, object] = {
        "display": lambda *_: None,
        "__name__": "__probed__",
        "In": ["", *cells[:2]],
    }
    process = psutil.Process()
    print(f"{'rss MB':>7} {'peak MB':>8} {'s':>6}  cell")
    for cell in cells:
        started = time.perf_counter()
        exec(compile(cell, args.stage, "exec"), namespace)
        seconds = time.perf_counter() - started
        rss = process.memory_info().rss / 2**20
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        first = next((line for line in cell.splitlines() if line and line[0] != "#"), "")
        print(f"{rss:7.0f} {peak:8.0f} {seconds:6.1f}  {first[:70]}", flush=True)


if __name__ == "__main__":
    main()
