"""Command line: ``policy-corpus run`` executes the chain and writes ``reports/``.

Stages whose inputs have not changed since their last run are skipped (``--force`` and
``--from STAGE`` re-run them); the exit code is 1 when the run cannot go on.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from policy_corpus.ingest.manifest import ManifestError
from policy_corpus.run.chain import (
    STAGES,
    ChainError,
    ConfigError,
    RunConfig,
    corpus_status,
    run_chain,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``policy-corpus``."""
    defaults = RunConfig()
    parser = argparse.ArgumentParser(
        prog="policy-corpus",
        description="Compare how Chinese regions carried out 健康扶贫, from their documents.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute the notebooks and write the reports")
    run.add_argument(
        "--raw-dir",
        type=Path,
        default=defaults.raw_dir,
        help="documents and manifest.csv, only read (default: %(default)s)",
    )
    run.add_argument(
        "--processed-dir",
        type=Path,
        default=defaults.processed_dir,
        help="where the contract tables are written (default: %(default)s)",
    )
    run.add_argument(
        "--reports-dir",
        type=Path,
        default=defaults.reports_dir,
        help="executed notebooks, report, tables, figures, run.json (default: %(default)s)",
    )
    run.add_argument(
        "--notebooks-dir",
        type=Path,
        default=defaults.notebooks_dir,
        help="the five notebooks to run (default: %(default)s)",
    )
    run.add_argument(
        "--params",
        type=Path,
        default=defaults.params_file,
        help="parameters YAML, a block per notebook (default: %(default)s)",
    )
    which = run.add_mutually_exclusive_group()
    which.add_argument(
        "--stages",
        nargs="+",
        choices=STAGES,
        default=list(STAGES),
        metavar="STAGE",
        help=f"run only these stages, in chain order ({', '.join(STAGES)}; default: all)",
    )
    which.add_argument(
        "--from",
        dest="from_stage",
        choices=STAGES,
        metavar="STAGE",
        help="re-run this stage and every later one, changed or not",
    )
    run.add_argument(
        "--force", action="store_true", help="re-run the stages even if nothing changed"
    )
    run.add_argument(
        "--kernel",
        default=defaults.kernel_name,
        help="Jupyter kernel that runs the notebooks (default: %(default)s)",
    )
    run.add_argument(
        "--cell-timeout",
        type=int,
        default=defaults.cell_timeout,
        metavar="SECONDS",
        help="stop a cell that runs longer than this (default: %(default)s)",
    )
    run.add_argument("--no-pdf", action="store_true", help="write report.html but not report.pdf")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    config = RunConfig(
        raw_dir=args.raw_dir,
        processed_dir=args.processed_dir,
        reports_dir=args.reports_dir,
        notebooks_dir=args.notebooks_dir,
        params_file=args.params,
        kernel_name=args.kernel,
        cell_timeout=args.cell_timeout,
        pdf=not args.no_pdf,
        stages=STAGES[STAGES.index(args.from_stage) :] if args.from_stage else args.stages,
        force=args.force or bool(args.from_stage),
    )
    started = time.perf_counter()
    try:
        written = run_chain(config)
    except (ChainError, ConfigError, ManifestError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    status = corpus_status(config.processed_dir)
    if status:
        print(status)
    print(f"Done in {time.perf_counter() - started:.0f} s. Wrote:")
    for path in written:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
