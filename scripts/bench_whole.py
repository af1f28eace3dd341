"""Benchmark: the whole chain (five notebooks, HTML and PDF) on synthetic corpora.

Corpora are made as in scripts/bench_scale.py (the seeds' sentences recombined, 31 regions by
default). For each size, ``policy-corpus run`` runs in a fresh process into empty folders while
a sampler follows its process tree (the runner, the papermill kernels and their workers) with
psutil, so the peak resident memory of every process is seen, not only the runner's. Per-stage
times come from the run record (reports/run.json); the report's pages, its size and the
figures' count and weight are read from the files.

Run: .venv/bin/python scripts/bench_whole.py [--documents 5 124 1000] [--with-10000]
     [--regions 31] [--keep DIR] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from bench_scale import make_corpus
from pypdf import PdfReader

from policy_corpus.contract.paths import RAW_DIR
from policy_corpus.run.chain import STAGES
from policy_corpus.run.kernels import KERNEL_FOR_ENV

SAMPLE_SECONDS = 0.2


#: The 31 provincial-level regions of the mainland (GB/T 2260 code, Chinese and English name).
PROVINCES = [
    tuple(entry.strip().split(","))
    for entry in re.findall(
        r"[^;]+",
        """110000,北京市,Beijing;120000,天津市,Tianjin;
    130000,河北省,Hebei;140000,山西省,Shanxi;150000,内蒙古自治区,Inner Mongolia;
    210000,辽宁省,Liaoning;220000,吉林省,Jilin;230000,黑龙江省,Heilongjiang;
    310000,上海市,Shanghai;320000,江苏省,Jiangsu;330000,浙江省,Zhejiang;340000,安徽省,Anhui;
    350000,福建省,Fujian;360000,江西省,Jiangxi;370000,山东省,Shandong;410000,河南省,Henan;
    420000,湖北省,Hubei;430000,湖南省,Hunan;440000,广东省,Guangdong;
    450000,广西壮族自治区,Guangxi;460000,海南省,Hainan;500000,重庆市,Chongqing;
    510000,四川省,Sichuan;520000,贵州省,Guizhou;530000,云南省,Yunnan;540000,西藏自治区,Tibet;
    610000,陕西省,Shaanxi;620000,甘肃省,Gansu;630000,青海省,Qinghai;
    640000,宁夏回族自治区,Ningxia;650000,新疆维吾尔自治区,Xinjiang""",
    )
]


def spread_regions(raw: Path, n_regions: int) -> None:
    """Give the synthetic documents ``n_regions`` provincial-level regions, in turn.

    The seeds name five regions; a corpus at the scale of the country has 31.
    """
    path = raw / "manifest.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for i, row in enumerate(rows):
        code, zh, en = PROVINCES[i % n_regions]
        row |= {"region_code": code, "region_zh": zh, "region_en": en, "admin_level": "province"}
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


class TreePeaks:
    """Peak resident memory of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        #: pid → (parent pid, start time), to attribute each process to its stage.
        self.origins: dict[int, tuple[int, float]] = {}
        self.names: dict[int, str] = {}
        self.stages: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.NoSuchProcess:
                return
            for proc in processes:
                try:
                    rss = proc.memory_info().rss
                    if proc.pid not in self.origins:
                        self.origins[proc.pid] = (proc.ppid(), proc.create_time())
                        self.names[proc.pid] = " ".join(proc.cmdline())
                        self.stages[proc.pid] = proc.environ().get(KERNEL_FOR_ENV, "")
                    name = " ".join(proc.cmdline()[:3])[-60:]
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                if rss > self.peaks.get(proc.pid, ("", 0))[1]:
                    self.peaks[proc.pid] = (name, rss)
            time.sleep(SAMPLE_SECONDS)

    def by_stage(self) -> dict[str, int]:
        """Peak RSS in bytes per stage: its kernel or any of the kernel's workers; the runner.

        A kernel started ahead says its stage in its environment; the others (papermill's own)
        are given the stages left, in the order they started.
        """
        # The runner's children (a worker forked by a kernel has the kernel's command line).
        kernels = sorted(
            (
                pid
                for pid, cmd in self.names.items()
                if "ipykernel" in cmd and self.origins[pid][0] == self.root.pid
            ),
            key=lambda pid: self.origins[pid][1],
        )
        stage_of = {pid: self.stages[pid] for pid in kernels if self.stages.get(pid) in STAGES}
        unlabelled = [s for s in STAGES if s not in stage_of.values()]
        stage_of |= dict(zip([p for p in kernels if p not in stage_of], unlabelled, strict=False))
        out = {"runner": self.peaks.get(self.root.pid, ("", 0))[1]}
        for kernel, stage in sorted(stage_of.items(), key=lambda item: STAGES.index(item[1])):
            family = [kernel, *(p for p, (ppid, _) in self.origins.items() if ppid == kernel)]
            out[stage] = max(self.peaks.get(p, ("", 0))[1] for p in family)
        return out

    def stop(self) -> tuple[str, int]:
        """Stop sampling; return the largest process's command and peak RSS in bytes."""
        self._stop.set()
        self._thread.join()
        return max(self.peaks.values(), key=lambda p: p[1], default=("", 0))


def run_once(corpus: Path, code: Path | None = None) -> dict[str, object]:
    """Run the whole chain on ``corpus/raw``; return times, peak memory and report facts.

    ``code``: another checkout (its src/ and notebooks/) to run instead of this one, e.g. the
    code before a change, for a before/after comparison in the same environment.
    """
    reports = corpus / "reports"
    env = dict(os.environ)
    if code is not None:  # PYTHONPATH comes before the editable install, in the kernels too
        env["PYTHONPATH"] = str(code / "src")
    command = [
        str(Path(sys.executable).parent / "policy-corpus"), "run", "--force",
        "--raw-dir", str(corpus / "raw"), "--processed-dir", str(corpus / "processed"),
        "--reports-dir", str(reports), "--cell-timeout", "3600",
        *(["--notebooks-dir", str(code / "notebooks")] if code else []),
    ]  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    peaks = TreePeaks(proc.pid)
    output, _ = proc.communicate()
    total = time.perf_counter() - started
    biggest, peak = peaks.stop()
    stage_peaks = {s: round(b / 2**20) for s, b in peaks.by_stage().items()}
    if proc.returncode:
        sys.exit(f"the chain failed on {corpus}:\n{output}")
    record = json.loads((reports / "run.json").read_text(encoding="utf-8"))["stages"]
    figures = [p for p in (reports / "figures").glob("*") if p.suffix in (".png", ".svg")]
    pdf = reports / "report.pdf"
    return {
        "seconds": {s: record[s]["seconds"] for s in STAGES},
        "total": round(total, 1),
        "peak_mb": round(peak / 2**20),
        "peak_process": biggest,
        "peak_mb_by_stage": stage_peaks,
        "pdf_pages": len(PdfReader(pdf).pages),
        "pdf_mb": round(pdf.stat().st_size / 1e6, 2),
        "html_mb": round((reports / "report.html").stat().st_size / 1e6, 2),
        "figures": len([p for p in figures if p.suffix == ".png"]),
        "figures_mb": round(sum(p.stat().st_size for p in figures) / 1e6, 1),
    }


def table(results: list[dict[str, object]]) -> str:
    """The results as a markdown table."""
    head = ["documents", *[s[:2] + " s" for s in STAGES], "total s", "peak MB (process)",
            "PDF pages", "PDF MB", "HTML MB", "figures (MB)"]  # fmt: skip
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        seconds: dict[str, float] = r["seconds"]  # type: ignore[assignment]
        cells = [f"{r['documents']:,}", *[str(seconds[s]) for s in STAGES], str(r["total"]),
                 f"{r['peak_mb']} ({r['peak_process']})", str(r["pdf_pages"]), str(r["pdf_mb"]),
                 str(r["html_mb"]), f"{r['figures']} ({r['figures_mb']})"]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def growth(results: list[dict[str, object]]) -> str:
    """How each stage's time grows between consecutive sizes (ratio of time / ratio of size)."""
    lines = []
    for small, large in itertools.pairwise(results):
        size = int(large["documents"]) / int(small["documents"])  # type: ignore[call-overload]
        ratios = ", ".join(
            f"{s[:2]} ×{large['seconds'][s] / max(small['seconds'][s], 0.01):.1f}"  # type: ignore[index]
            for s in STAGES
        )
        lines.append(
            f"- {small['documents']} → {large['documents']} documents (×{size:g}): {ratios}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[5, 124, 1000])
    parser.add_argument("--with-10000", action="store_true", help="also 10,000 documents")
    parser.add_argument("--regions", type=int, default=31)
    parser.add_argument("--keep", type=Path, help="folder to keep the corpora and reports in")
    parser.add_argument("--code", type=Path, help="run this checkout's src/ and notebooks/")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    sizes = args.documents + ([10_000] if args.with_10000 else [])
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_whole_"))
    results = []
    for n_docs in sizes:
        corpus = work / f"docs_{n_docs}"
        shutil.rmtree(corpus, ignore_errors=True)
        if n_docs == 5:  # the seeds themselves
            shutil.copytree(RAW_DIR, corpus / "raw")
        else:
            make_corpus(corpus / "raw", n_docs)
            spread_regions(corpus / "raw", args.regions)
        results.append({"documents": n_docs, **run_once(corpus, args.code)})
        print(json.dumps(results[-1]), flush=True)
        if not args.keep:
            shutil.rmtree(corpus)
    text = table(results) + "\n\n" + growth(results)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
