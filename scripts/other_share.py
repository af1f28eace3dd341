"""Measure how much of what documents report the codebook covers: the share of `other`.

Runs stages 01-03 (ingest, extract, clean) in this process on a raw folder (a manifest and its
documents) and prints, per document and in all, the quantity facts and the share of them that
no codebook indicator claims (indicator_id `other`: never compared, never shown by theme).
The goal (issue 11) is at most 20 % on the seeds and on documents of other regions and genres.

Run: .venv/bin/python scripts/other_share.py [RAW_DIR ...] [--show] [--max 0.2]
     (default: data/raw and tests/fixtures/genres); exit 1 when a folder's share is above --max.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pandas as pd

from policy_corpus.clean import clean_chunks
from policy_corpus.codebook import OTHER_ID, load_codebook, load_slogans
from policy_corpus.contract import storage
from policy_corpus.extract import extract_chunks
from policy_corpus.ingest import ingest_chunks

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIRS = (ROOT / "data" / "raw", ROOT / "tests" / "fixtures" / "genres")


def indicators_of(raw_dir: Path) -> pd.DataFrame:
    """The indicators table of the documents in a raw folder (stages 01-03, in memory)."""
    codebook = load_codebook()
    with tempfile.TemporaryDirectory() as folder:
        storage.write_chunks(folder, ingest_chunks(raw_dir))
        storage.write_chunks(folder, extract_chunks(folder, codebook, slogans=load_slogans()))
        storage.write_chunks(folder, clean_chunks(folder, codebook))
        return storage.read_table("indicators", folder)


def other_share(indicators: pd.DataFrame) -> float:
    """The share of quantity facts whose indicator is `other` (0 when there are none)."""
    if indicators.empty:
        return 0.0
    return float((indicators["indicator_id"] == OTHER_ID).mean())


def report(raw_dir: Path, show: bool) -> float:
    """Print the share of `other` per document and in all; return the share in all."""
    indicators = indicators_of(raw_dir)
    print(f"{raw_dir}:")
    for doc_id, facts in indicators.groupby("doc_id", sort=True):
        print(f"  {doc_id:<32} {len(facts):>4} facts  other {other_share(facts):6.1%}")
        if show:
            for row in facts[facts["indicator_id"] == OTHER_ID].itertuples():
                print(f"      {row.text:<12} {row.unit!s:<14} {row.indicator_zh}")
    share = other_share(indicators)
    print(f"  {'all':<32} {len(indicators):>4} facts  other {share:6.1%}")
    return share


def main() -> int:
    """Entry point; the exit code is 1 when a folder's share is above --max."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw_dirs", nargs="*", type=Path, default=list(DEFAULT_DIRS))
    parser.add_argument("--show", action="store_true", help="list the facts left in `other`")
    parser.add_argument("--max", type=float, default=1.0, help="fail above this share")
    args = parser.parse_args()
    shares = [report(raw_dir, args.show) for raw_dir in args.raw_dirs]
    return int(any(share > args.max for share in shares))


if __name__ == "__main__":
    raise SystemExit(main())
