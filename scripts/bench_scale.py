"""Benchmark: ingest, extract and clean on synthetic corpora (10,000 documents by default).

The corpus is made by recombining the sentences of the five seed documents in data/raw (a
seeded random choice, so every run makes the same corpus): each synthetic document takes a
seed's title, region and date and 20-40 sentences drawn from all five seeds. It is written to a
temporary raw folder with a manifest, then each configuration (serial, then both cores) runs in
a fresh process, so that its peak memory (ru_maxrss of the process and of its workers) is its
own. The stages stream (each table is read and written a chunk of documents at a time), so
the main process's peak memory should not grow with the corpus: give several sizes to see it.
The tables of every configuration of one size are checked to be byte-identical.

Run: .venv/bin/python scripts/bench_scale.py [--documents 5000 10000 20000] [--jobs 1 2]
     [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from policy_corpus.clean.stage import clean_chunks
from policy_corpus.codebook import load_codebook, load_slogans
from policy_corpus.contract import storage
from policy_corpus.contract.paths import RAW_DIR
from policy_corpus.extract.stage import extract_chunks
from policy_corpus.ingest import ingest_chunks
from policy_corpus.run.engine import Engine
from policy_corpus.run.state import file_hash

SENTENCE = re.compile(r"[^。！？\n]+[。！？]")
TABLES = ("documents", "sentences", "quantities", "measure_mentions", "indicators")


def make_corpus(raw: Path, n_docs: int, seed: int = 2020) -> int:
    """Write ``n_docs`` synthetic documents and their manifest into ``raw``; return bytes."""
    with (RAW_DIR / "manifest.csv").open(encoding="utf-8-sig") as handle:
        seeds = list(csv.DictReader(handle))
    sentences = [
        s.strip()
        for row in seeds
        for s in SENTENCE.findall((RAW_DIR / row["source_file"]).read_text(encoding="utf-8"))
        if len(s.strip()) > 8
    ]
    rng = random.Random(seed)
    raw.mkdir(parents=True, exist_ok=True)
    total = 0
    rows = []
    for i in range(n_docs):
        base = seeds[i % len(seeds)]
        name = f"doc_{i:05d}.txt"
        body = "".join(rng.sample(sentences, rng.randint(20, 40)))
        text = f"{base['title']}（第{i + 1}号）\n{body}\n"
        total += (raw / name).write_bytes(text.encode("utf-8"))
        rows.append({**base, "doc_id": f"syn_{i:05d}", "source_file": name, "title": ""})
    with (raw / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(seeds[0]))
        writer.writeheader()
        writer.writerows(rows)
    return total


def measure(raw: Path, processed: Path, n_jobs: int) -> dict[str, object]:
    """Run the three stages with ``n_jobs`` workers; return times, memory and table hashes."""
    engine = Engine(n_jobs=n_jobs)
    codebook, slogans = load_codebook(), load_slogans()
    times = {}
    started = time.perf_counter()
    storage.write_chunks(processed, ingest_chunks(raw, engine))
    times["ingest"] = time.perf_counter() - started

    started = time.perf_counter()
    storage.write_tables(processed, extract_chunks(processed, codebook, engine, slogans=slogans))
    times["extract"] = time.perf_counter() - started

    started = time.perf_counter()
    storage.write_tables(processed, clean_chunks(processed, codebook, engine))
    times["clean"] = time.perf_counter() - started

    kib = 1024  # ru_maxrss is in KiB on Linux
    return {
        "n_jobs": n_jobs,
        "seconds": {k: round(v, 1) for k, v in times.items()},
        "total": round(sum(times.values()), 1),
        "peak_mb_main": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib),
        "peak_mb_worker": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib),
        "rows": {t: storage.count_rows(t, processed) for t in TABLES},
        "hashes": {t: file_hash(processed / f"{t}.parquet") for t in TABLES},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", "--docs", type=int, nargs="+", default=[10_000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--keep", type=Path, help="folder to keep the corpora and tables in")
    parser.add_argument("--measure", nargs=3, metavar=("RAW", "PROCESSED", "N_JOBS"))
    args = parser.parse_args()
    if args.measure:  # a child process: one configuration
        raw, processed, n_jobs = args.measure
        print(json.dumps(measure(Path(raw), Path(processed), int(n_jobs))))
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_scale_"))
    results = []
    same = True
    for n_docs in args.documents:
        corpus = work / f"docs_{n_docs}"
        started = time.perf_counter()
        size = make_corpus(corpus / "raw", n_docs)
        print(f"corpus: {n_docs} documents, {size / 1e6:.1f} MB, made in "
              f"{time.perf_counter() - started:.1f} s in {corpus}")  # fmt: skip
        first = len(results)
        for n_jobs in args.jobs:
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(corpus / "raw"),
                 str(corpus / f"processed_{n_jobs}"), str(n_jobs)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            results.append({"documents": n_docs, "mb": round(size / 1e6, 1)})
            results[-1] |= json.loads(out.splitlines()[-1])
            print(json.dumps({k: v for k, v in results[-1].items() if k != "hashes"}))
        same &= all(r["hashes"] == results[first]["hashes"] for r in results[first:])
        if not args.keep:
            shutil.rmtree(corpus)
    print(f"tables identical across configurations: {same}")
    print("\n| documents | MB text | n_jobs | ingest s | extract s | clean s | total s "
          "| peak MB main | peak MB worker |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        s = r["seconds"]
        peaks = f"{r['peak_mb_main']} | {r['peak_mb_worker']}"
        print(f"| {r['documents']:,} | {r['mb']} | {r['n_jobs']} | {s['ingest']} | {s['extract']} "
              f"| {s['clean']} | {r['total']} | {peaks} |")  # fmt: skip
    if not args.keep:
        shutil.rmtree(work)
    if not same:
        sys.exit("the tables differ between configurations")


if __name__ == "__main__":
    main()
