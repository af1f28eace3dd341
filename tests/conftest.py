"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_corpus() -> Path:
    """A small corpus of hand-written documents (four good, one empty) with its manifest."""
    return FIXTURES / "corpus"
