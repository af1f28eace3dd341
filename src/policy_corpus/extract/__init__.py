"""Stage 02 (notebooks/02_extract.ipynb): numeral candidates and codebook measures."""

from policy_corpus.extract.stage import extract_chunks

__all__ = ["extract_chunks"]
