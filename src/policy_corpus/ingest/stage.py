"""The ingest stage: raw files + manifest → the documents and sentences tables.

One row of ``documents`` per document that could be read; every file that could not is
reported in ``ingest_issues`` with its name and the reason, and the others go on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from policy_corpus.contract.schema import conform
from policy_corpus.ingest.manifest import RowProblem, check_manifest, read_manifest
from policy_corpus.ingest.readers import IngestError, read_document
from policy_corpus.run.engine import SERIAL, Engine, chunks_of
from policy_corpus.text.boilerplate import strip_boilerplate
from policy_corpus.text.header import (
    guess_title,
    parse_metadata_header,
    parse_page_lines,
    strip_metadata_header,
)
from policy_corpus.text.layout import unwrap_printed_lines
from policy_corpus.text.normalize import normalize_text, simplified, to_simplified
from policy_corpus.text.sentences import split_sentences

#: A body shorter than this (in characters) is too short to identify a document by itself.
MIN_BODY_FOR_FINGERPRINT = 50

#: Manifest columns that the document's own metadata header may fill when left empty.
HEADER_FILLS = ("issuer", "doc_number", "title", "published")


@dataclass
class IngestReport:
    """What an ingest run reports besides its tables: counts and problems.

    The tables themselves are written as they come; only this summary (and the problems, a
    few rows) stays in memory.
    """

    n_documents: int = 0
    n_sentences: int = 0
    issues: list[RowProblem] = field(default_factory=list)

    @property
    def issues_table(self) -> pd.DataFrame:
        """The problems as the ``ingest_issues`` table."""
        return conform("ingest_issues", pd.DataFrame([vars(p) for p in self.issues]))

    def summary(self) -> str:
        """One paragraph for the notebook and the log: how many succeeded, which did not."""
        failed = [p for p in self.issues if p.severity == "error"]
        lines = [f"Ingested {self.n_documents} document(s); {len(failed)} not ingested."]
        lines += [f"  - {p.source_file or p.doc_id}: {p.problem}" for p in self.issues]
        return "\n".join(lines)


def sha256_of(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def clean_text(raw_text: str, simplify: bool) -> tuple[str, dict[str, str], bool]:
    """Turn a document's raw text into the normalised text all offsets refer to.

    Steps: NFKC and whitespace normalisation, the page's date and source line read
    (:func:`policy_corpus.text.header.parse_page_lines`, before boilerplate removal takes it),
    the printed page undone (page numbers, lines broken mid-sentence:
    :func:`policy_corpus.text.layout.unwrap_printed_lines`), web boilerplate removal, the
    official metadata header parsed and removed, and optionally Traditional → Simplified.

    Returns:
        The clean text, the metadata fields (the official header's where both speak), and
        whether Traditional was converted.
    """
    normalized = normalize_text(raw_text)
    text = strip_boilerplate(unwrap_printed_lines(normalized))
    header = parse_metadata_header(text)
    page_lines = parse_page_lines(normalized)
    if header:
        text = strip_metadata_header(text)
    converted = False
    if simplify:
        text, converted = to_simplified(text)
    return text.strip(), page_lines | header, converted


def document_row(row: pd.Series, raw_dir: Path, simplify: bool) -> dict[str, object]:
    """Read, clean and describe one document (one ``documents`` row).

    Raises:
        IngestError: the file cannot be read or decoded, or holds no text.
    """
    path = raw_dir / row["source_file"]
    raw = read_document(path)
    text, header, converted = clean_text(raw.text, simplify)
    if not text:
        raise IngestError(row["source_file"], "no text left after removing web-page boilerplate")
    record: dict[str, object] = {
        column: row[column] or None for column in ("issuer", "doc_number", "title")
    }
    record |= {
        column: row[column]
        for column in ("doc_id", "source_file", "region_zh", "region_en", "region_code")
    }
    record |= {
        "admin_level": row["admin_level"],
        "doc_type": row["doc_type"],
        "published": row["published"],
        "sha256": sha256_of(path),
        "encoding": raw.encoding,
        "text": text,
        "n_chars": len(text),
        "converted_to_simplified": converted,
    }
    # The manifest wins where both speak; the document's header (or its page's date and source
    # line), then what an HTML page shows (its heading, its CMS tags), fill what it leaves empty.
    for column in HEADER_FILLS:
        record[column] = record.get(column) or header.get(column) or raw.metadata.get(column)
    record["title"] = record["title"] or guess_title(text)
    if converted:  # a Traditional document's title reads as its text does (the report's script)
        for column in ("title", "issuer"):
            value = record[column]
            if isinstance(value, str):
                record[column] = simplified(value)
    return record


def sentences_rows(doc_id: str, text: str) -> list[dict[str, object]]:
    """The ``sentences`` rows of one document."""
    return [
        {
            "doc_id": doc_id,
            "sentence_id": i,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "section": s.section,
        }
        for i, s in enumerate(split_sentences(text))
    ]


def _fingerprint(text: str) -> str:
    return hashlib.sha256("".join(text.split()).encode()).hexdigest()


def content_keys(record: dict[str, object]) -> list[str]:
    """Fingerprints of a document: its raw bytes, its clean text, and its text without title.

    Text fingerprints ignore white space, so the same article saved twice (as a web page and
    as text copied from the browser, with other line breaks, with or without its title line)
    is recognised as one.
    """
    text = str(record["text"])
    keys = [str(record["sha256"]), _fingerprint(text)]
    _title, _, body = text.partition("\n")
    if len("".join(body.split())) >= MIN_BODY_FOR_FINGERPRINT:
        keys.append(_fingerprint(body))
    return keys


def duplicate_problem(record: dict[str, object], seen: dict[str, str]) -> RowProblem | None:
    """Report a document whose raw bytes or clean text repeat an earlier one's."""
    for key in content_keys(record):
        if key in seen:
            return RowProblem(
                str(record["source_file"]),
                str(record["doc_id"]),
                "error",
                f"duplicate of {seen[key]} (same content); not ingested twice",
            )
    return None


#: Larger files are refused: no policy document is this long, and one would hold up the run.
MAX_DOCUMENT_MB = 10.0


def _ingest_one(
    row: dict[str, str], raw_dir: Path, simplify: bool, max_bytes: int
) -> tuple[dict[str, object], list[dict[str, object]]] | RowProblem:
    """Ingest one manifest row: its documents row and sentences, or the problem with it."""
    source = row["source_file"]
    try:
        size = (raw_dir / source).stat().st_size
        if size > max_bytes:
            raise IngestError(
                source,
                f"file is {size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.0f} MB limit "
                "for one document (parameter max_document_mb); split it or raise the limit",
            )
        record = document_row(pd.Series(row), raw_dir, simplify)
    except IngestError as err:
        return RowProblem(source, row["doc_id"], "error", err.message)
    except OSError as err:
        return RowProblem(source, row["doc_id"], "error", f"cannot read file: {err.strerror}")
    except Exception as err:  # a reader's bug must not stop the other documents
        return RowProblem(
            source, row["doc_id"], "error", f"unexpected {type(err).__name__} while reading: {err}"
        )
    return record, sentences_rows(str(record["doc_id"]), str(record["text"]))


def _ingest_chunk(
    rows: list[dict[str, str]], raw_dir: Path, simplify: bool, max_bytes: int
) -> list[tuple[dict[str, object], list[dict[str, object]]] | RowProblem]:
    return [_ingest_one(row, raw_dir, simplify, max_bytes) for row in rows]


Ingested = tuple[list[dict[str, object]], list[dict[str, object]]]


def _ingest_by_chunk(
    raw_dir: Path,
    issues: list[RowProblem],
    simplify: bool,
    progress: Callable[[str], object] | None,
    max_document_mb: float,
    engine: Engine | None,
) -> Iterator[Ingested]:
    """Ingest the manifest's documents chunk by chunk: each chunk's documents and sentences rows.

    Problems are appended to ``issues`` as they are met (the manifest's first, then each
    document's in manifest order). Duplicates are found in manifest order, against the
    fingerprints of every document kept so far (a few hashes per document, all that is held).
    """
    rows, manifest_issues = check_manifest(read_manifest(raw_dir), raw_dir)
    issues.extend(manifest_issues)
    listed = [{str(k): str(v) for k, v in row.items()} for row in rows.to_dict("records")]
    engine = engine or SERIAL
    work = partial(
        _ingest_chunk, raw_dir=raw_dir, simplify=simplify, max_bytes=int(max_document_mb * 1e6)
    )
    parts = list(chunks_of(listed, engine.chunk_length(len(listed))))
    seen: dict[str, str] = {}
    position = 0
    label = f"ingest ({len(listed):,} documents)"
    done = engine.map(work, parts, total=len(parts), label=label)
    for part, results in zip(parts, done, strict=True):
        records: list[dict[str, object]] = []
        sentences: list[dict[str, object]] = []
        for row, result in zip(part, results, strict=True):
            position += 1
            if isinstance(result, RowProblem):
                issues.append(result)
                continue
            record, record_sentences = result
            duplicate = duplicate_problem(record, seen)
            if duplicate:
                issues.append(duplicate)
                continue
            seen.update(dict.fromkeys(content_keys(record), str(record["source_file"])))
            records.append(record)
            sentences.extend(record_sentences)
            if progress:
                progress(
                    f"[{position}/{len(listed)}] {row['source_file']}: "
                    f"{record['n_chars']} characters"
                )
        yield records, sentences
    if not seen:
        details = "; ".join(f"{p.source_file or p.doc_id}: {p.problem}" for p in issues)
        raise IngestError(
            str(raw_dir), f"no document could be ingested ({details or 'empty manifest'})"
        )


def ingest_chunks(
    raw_dir: str | Path,
    engine: Engine | None = None,
    *,
    simplify: bool = True,
    max_document_mb: float = MAX_DOCUMENT_MB,
    report: IngestReport | None = None,
    progress: Callable[[str], object] | None = None,
) -> Iterator[dict[str, pd.DataFrame]]:
    """The documents, sentences and ingest_issues tables, chunk by chunk of documents.

    One ``documents`` row is a document that was read, decoded, cleaned and normalised; its
    ``text`` is what all offsets downstream refer to. The raw files are only read. Documents
    are read in chunks, in parallel if ``engine`` says so; duplicates are found in manifest
    order, so the tables are the same however they were read. Pass the result to
    :func:`policy_corpus.contract.storage.write_chunks`, which writes the tables as the chunks
    come (validated, all or nothing), so memory stays flat however large the corpus.

    Args:
        raw_dir: folder with the documents and ``manifest.csv``.
        engine: where to run the work (None: in this process).
        simplify: convert Traditional Chinese documents to Simplified.
        max_document_mb: a larger file is refused with a message, not read.
        report: filled with the counts and problems as the chunks go (for the summary).
        progress: called with a short message after each document (e.g. ``print``).

    Raises:
        ManifestError: the manifest is missing or unusable as a whole.
        IngestError: not a single document could be ingested (the chain cannot go on).
    """
    report = report if report is not None else IngestReport()
    for records, sentences in _ingest_by_chunk(
        Path(raw_dir), report.issues, simplify, progress, max_document_mb, engine
    ):
        report.n_documents += len(records)
        report.n_sentences += len(sentences)
        yield {
            "documents": conform("documents", pd.DataFrame(records)),
            "sentences": conform("sentences", pd.DataFrame(sentences)),
        }
    yield {"ingest_issues": report.issues_table}
