"""In-memory runs of the document stages, for tests that compare them with the streamed files.

The package has one entry point per stage, ``<stage>_chunks``, which yields tables chunk by
chunk for :func:`policy_corpus.contract.storage.write_chunks`. Tests often want the tables
themselves, held in memory: these helpers collect the chunks (or feed frames through a
temporary folder) so that every test exercises the same code the notebooks run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from policy_corpus.clean.stage import clean_chunks
from policy_corpus.codebook import Codebook, Slogan
from policy_corpus.contract import storage
from policy_corpus.extract.stage import extract_chunks
from policy_corpus.ingest.stage import IngestReport, ingest_chunks
from policy_corpus.run.engine import Engine


def collect(chunks: Iterable[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """The whole tables of a stage's chunks, as the notebook stores them (written, read back)."""
    with tempfile.TemporaryDirectory() as folder:
        written = storage.write_chunks(folder, chunks)
        return {path.stem: storage.read_table(path.stem, folder) for path in written}


@dataclass
class IngestResult(IngestReport):
    """An ingest run held in memory: the report, and the two tables themselves."""

    documents: pd.DataFrame = field(default_factory=pd.DataFrame)
    sentences: pd.DataFrame = field(default_factory=pd.DataFrame)


def ingest_corpus(raw_dir: str | Path, **options: object) -> IngestResult:
    """Ingest a raw folder into memory (options as for ``ingest_chunks``)."""
    report = IngestReport()
    tables = collect(ingest_chunks(raw_dir, report=report, **options))  # type: ignore[arg-type]
    return IngestResult(
        n_documents=report.n_documents,
        n_sentences=report.n_sentences,
        issues=report.issues,
        documents=tables["documents"],
        sentences=tables["sentences"],
    )


def _through_folder(
    tables: dict[str, pd.DataFrame],
    run: callable,  # type: ignore[valid-type]
) -> dict[str, pd.DataFrame]:
    with tempfile.TemporaryDirectory() as folder:
        storage.write_tables(folder, **tables)
        return collect(run(folder))


def extract_tables(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    codebook: Codebook,
    slogans: tuple[Slogan, ...] | None = None,
    engine: Engine | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quantities and measure_mentions tables of some documents, in memory."""
    tables = _through_folder(
        {"documents": documents, "sentences": sentences},
        lambda folder: extract_chunks(folder, codebook, engine, slogans=slogans),
    )
    return tables["quantities"], tables["measure_mentions"]


def indicators_by_document(
    quantities: pd.DataFrame,
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    codebook: Codebook,
    engine: Engine | None = None,
) -> pd.DataFrame:
    """The indicators table of some quantities, in memory."""
    tables = _through_folder(
        {"documents": documents, "sentences": sentences, "quantities": quantities},
        lambda folder: clean_chunks(folder, codebook, engine),
    )
    return tables["indicators"]


def document_chunks(
    documents: pd.DataFrame, size: int, **tables: pd.DataFrame
) -> Iterator[dict[str, pd.DataFrame]]:
    """Split in-memory ``documents`` into chunks of ``size`` rows, each with its tables' rows."""
    positions = {
        name: table.groupby("doc_id", sort=False).indices for name, table in tables.items()
    }
    none = np.array([], dtype=np.intp)
    for start in range(0, len(documents), size):
        docs = documents.iloc[start : start + size]
        chunk = {"documents": docs}
        for name, table in tables.items():
            rows = [positions[name].get(doc_id, none) for doc_id in docs["doc_id"]]
            chunk[name] = table.iloc[np.concatenate(rows) if rows else none]
        yield chunk


def ingest_to(processed_dir: str | Path, raw_dir: str | Path, **options: object) -> IngestReport:
    """Ingest a raw folder and write the tables as 01_ingest does; return the report."""
    report = IngestReport()
    storage.write_chunks(processed_dir, ingest_chunks(raw_dir, report=report, **options))  # type: ignore[arg-type]
    return report


def embedded_pdf_fonts(path: str | Path) -> dict[str, int]:
    """Each font a PDF uses, by name (``/ABCDEF+Noto-Sans-SC``), with its embedded program's
    size in bytes (0 when the font is not embedded)."""
    from pypdf import PdfReader

    sizes = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            for descendant in font.get_object().get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                programs = [
                    descriptor.get(key) for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ]
                sizes[str(descriptor["/FontName"])] = sum(
                    len(program.get_object().get_data()) for program in programs if program
                )
    return sizes


def record_calls(monkeypatch: Any, owner: object, name: str) -> list[tuple[Any, ...]]:
    """Replace ``owner.name`` with a wrapper that records each call's arguments and still
    calls the original; return the list the calls go to."""
    original = getattr(owner, name)
    calls: list[tuple[Any, ...]] = []

    def recorded(*args: Any) -> Any:
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(owner, name, recorded)
    return calls
