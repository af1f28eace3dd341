"""Stage 05 (notebooks/05_writeup.ipynb): the report for readers, as HTML and PDF."""

from policy_corpus.writeup.report import Writeup

__all__ = ["Writeup"]
