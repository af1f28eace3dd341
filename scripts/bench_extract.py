"""Benchmark: characters per second of our quantity extractor beside two peers, in one run.

Peers (optional, `pip install -e '.[bench]'`): JioNLP's money extractor (money only) and
Microsoft Recognizers-Text's Chinese number recognizer (numbers only). Ours extracts every
quantity with unit, qualifier and rejections. All three read the same normalised text; each is
timed several times and the best time is kept (the least disturbed by other load). Ratios
within one run are what to compare: absolute speed depends on the machine.

Run: .venv/bin/python scripts/bench_extract.py [--repeat N] [--copies N]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import time
from collections.abc import Callable
from pathlib import Path

from policy_corpus import extract_quantities
from policy_corpus.text.normalize import normalize_text

SEEDS = Path(__file__).resolve().parents[1] / "data" / "raw"


def seed_texts() -> list[str]:
    return [normalize_text(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]


def recombined(texts: list[str], copies: int) -> list[str]:
    """A larger corpus: the seeds' lines shuffled into ``copies`` times as many documents."""
    lines = [line for text in texts for line in text.splitlines() if line.strip()]
    rng = random.Random(2020)
    documents = []
    for _ in range(copies * len(texts)):
        documents.append("\n".join(rng.sample(lines, k=min(len(lines), 40))))
    return documents


def best_time(run: Callable[[str], object], documents: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for document in documents:
            run(document)
        best = min(best, time.perf_counter() - started)
    return best


def extractors() -> dict[str, Callable[[str], object]]:
    found: dict[str, Callable[[str], object]] = {
        "policy_corpus.extract_quantities (everything)": extract_quantities
    }
    with contextlib.redirect_stdout(io.StringIO()):  # JioNLP prints a banner on import
        try:
            import jionlp

            found["JioNLP ner.extract_money (money only)"] = jionlp.ner.extract_money
        except ImportError:
            print("JioNLP not installed: pip install -e '.[bench]'")
    try:
        from recognizers_number import Culture, recognize_number

        found["Recognizers-Text recognize_number (numbers only)"] = lambda text: recognize_number(
            text, Culture.Chinese
        )
    except ImportError:
        print("Recognizers-Text not installed: pip install -e '.[bench]'")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    seeds = seed_texts()
    corpora = {"five seeds": seeds, f"recombined ×{args.copies}": recombined(seeds, args.copies)}
    found = extractors()
    ours = next(iter(found))
    print("| corpus | characters | extractor | k chars/s | ours ÷ it |")
    print("|---|---:|---|---:|---:|")
    for corpus_name, documents in corpora.items():
        n_chars = sum(len(d) for d in documents)
        for run in found.values():  # warm up: imports, compiled patterns, caches
            run(documents[0])
        speeds = {
            name: n_chars / best_time(run, documents, args.repeat) for name, run in found.items()
        }
        for name, speed in speeds.items():
            ratio = speeds[ours] / speed
            print(f"| {corpus_name} | {n_chars:,} | {name} | {speed / 1000:,.0f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
