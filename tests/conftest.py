"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled corpus."""
    return CORPUS


@pytest.fixture(scope="session")
def test_data() -> Path:
    """``tests/data``."""
    return DATA
