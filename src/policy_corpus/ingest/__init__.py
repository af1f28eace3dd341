"""Stage 01 (notebooks/01_ingest.ipynb): raw files and manifest → documents and sentences."""

from policy_corpus.ingest.stage import IngestReport, ingest_chunks

__all__ = ["IngestReport", "ingest_chunks"]
