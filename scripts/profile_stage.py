"""Profile one notebook's code in this process (cProfile), on tables a chain run has written.

The notebook's code cells run in order with its parameters set to the given folders (figures
and displays are made as in the kernel, with matplotlib's Agg backend); for 05_writeup the
report's HTML and PDF rendering (what the runner does after the notebook) runs too, on the
executed notebook the chain left in reports/notebooks. Prints the top lines by cumulative time
and the process's peak memory.

Run: .venv/bin/python scripts/profile_stage.py 04_compare_regions PROCESSED REPORTS [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import resource
from pathlib import Path

import matplotlib
import nbformat

from policy_corpus.contract.paths import NOTEBOOKS_DIR

matplotlib.use("Agg")


def notebook_code(stage: str, processed: Path, reports: Path) -> str:
    """The notebook's code cells as one script, its parameters set to the given folders."""
    notebook = nbformat.read(str(NOTEBOOKS_DIR / f"{stage}.ipynb"), as_version=4)
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    setup = f"processed_dir = {str(processed)!r}\nreports_dir = {str(reports)!r}\n"
    return "\n".join([cells[0], setup, *cells[1:]])


def run(stage: str, processed: Path, reports: Path) -> None:
    """Execute the notebook's code (and, for the write-up, the rendering)."""
    namespace = {"display": lambda *_: None, "__name__": "__profiled__"}
    exec(compile(notebook_code(stage, processed, reports), stage, "exec"), namespace)
    if stage == "05_writeup":
        from policy_corpus.writeup.render import write_report

        write_report(reports / "notebooks" / f"{stage}.ipynb", reports)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=["04_compare_regions", "05_writeup"])
    parser.add_argument("processed", type=Path)
    parser.add_argument("reports", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    profile = cProfile.Profile()
    profile.runcall(run, args.stage, args.processed, args.reports)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
