"""Stage 03 (notebooks/03_clean.ipynb): indicators with status, period and scope; domain checks."""

from policy_corpus.clean.stage import clean_chunks

__all__ = ["clean_chunks"]
