"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_corpus() -> Path:
    """A small corpus: seven readable documents (UTF-8, BOM, GB18030, Big5 Traditional, HTML,
    .docx) and three that cannot be read (empty, binary, a web page without an article)."""
    return FIXTURES / "corpus"
