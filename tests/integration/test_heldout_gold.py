"""Stages 01-03 scored against hand annotations, on the seeds and on documents of other genres.

``tests/fixtures/heldout/`` holds eight documents the rules were not written on, in genres the
seeds lack: a provincial statistical bulletin and a county government work report (GB18030)
in ``a/``, a prefecture's policy Q&A page (GBK, with the site's furniture) and a county news
item reposted in Traditional characters in ``b/``, a prefecture's three-year plan as text
printed from a PDF (lines broken mid-sentence, page numbers) and a provincial press
conference in ``c/``, a Word notice with a table and a county portal page with a table in
``d/``. Every number in them is annotated as the
seeds' gold is (``../shared/gold/README.md``), and ``../shared/gold/score.py`` scores a run
against each set. The floors sit a little below today's scores (docs/extraction.md): a change
that reads unseen genres worse fails here, whatever it does for the seeds.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policy_corpus.clean import clean_chunks
from policy_corpus.codebook import load_codebook, load_slogans
from policy_corpus.contract import storage
from policy_corpus.extract import extract_chunks
from policy_corpus.ingest import ingest_chunks

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT.parent / "shared" / "gold"
HELDOUT = ROOT / "tests" / "fixtures" / "heldout"

#: (raw folder, facts, non-quantities, floors and ceilings of the scorer's metrics)
SETS = {
    "seeds": (
        ROOT / "data" / "raw",
        GOLD / "facts.csv",
        GOLD / "nonquantities.csv",
        {"recall": 0.99, "precision": 0.99, "qualifier": 0.97, "unit": 0.95, "status": 0.95}
        | {"period": 0.95, "role": 0.97, "consistent": 0.9, "nonq_fp": -0.01},
    ),
    **{
        f"heldout_{name}": (
            HELDOUT / name / "raw",
            HELDOUT / name / "gold" / "facts.csv",
            HELDOUT / name / "gold" / "nonquantities.csv",
            {"recall": 0.92, "precision": 0.9, "qualifier": 0.95, "unit": 0.85}
            | {"status": status, "period": period, "role": 0.95, "nonq_fp": -0.1},
        )
        # c (a plan printed from a PDF, a press conference) and d (a Word notice with a table,
        # a county page with a table) are the hardest for status and period. Some of d's misses
        # are the scorer's: a bare table figure (12) is looked for at its first occurrence.
        for name, status, period in (
            ("a", 0.85, 0.6),
            ("b", 0.85, 0.6),
            ("c", 0.8, 0.5),
            ("d", 0.75, 0.6),
        )
    },
}


def _run_stages(raw_dir: Path, processed: Path) -> None:
    codebook = load_codebook()
    storage.write_chunks(processed, ingest_chunks(raw_dir))
    storage.write_chunks(processed, extract_chunks(processed, codebook, slogans=load_slogans()))
    storage.write_chunks(processed, clean_chunks(processed, codebook))


@pytest.mark.parametrize("name", sorted(SETS))
def test_stages_read_the_numbers_as_the_annotators_did(name, tmp_path):
    scorer = GOLD / "score.py"
    if not scorer.is_file():
        pytest.skip(f"the scorer {scorer} is not beside the project (../shared)")
    raw_dir, facts, nonquantities, bounds = SETS[name]
    processed = tmp_path / "data" / "processed"
    processed.mkdir(parents=True)
    _run_stages(raw_dir, processed)
    # A negative bound is a ceiling (lower is better), a positive one a floor.
    limits = [
        f"--{'max' if bound < 0 else 'min'}={metric}={abs(bound)}"
        for metric, bound in bounds.items()
    ]
    report = tmp_path / "score.json"
    command = [sys.executable, str(scorer), str(tmp_path), str(facts), str(nonquantities)]
    result = subprocess.run(
        [*command, "--json", str(report), *limits], capture_output=True, text=True, check=False
    )
    scored = json.loads(report.read_text(encoding="utf-8"))
    assert scored["metrics"]["docs_matched"] == scored["metrics"]["docs_gold"], result.stdout
    assert result.returncode == 0, result.stdout + "\n" + result.stderr
