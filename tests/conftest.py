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


# --- analysis: a small store written after the graph contract -------------------------


@pytest.fixture(scope="session")
def contract_records():
    """The records behind :func:`contract_store` (see ``tests/contract_graph.py``)."""
    from contract_graph import fixture

    return fixture()


@pytest.fixture(scope="session")
def contract_store(tmp_path_factory, contract_records) -> Path:
    """An on-disk Oxigraph store directory holding the contract graph."""
    from contract_graph import add_to_dataset
    from rdflib import Dataset

    path = tmp_path_factory.mktemp("contract") / "store"
    path.mkdir()
    ds = Dataset(store="Oxigraph")
    ds.open(str(path))
    add_to_dataset(ds, contract_records)
    ds.close()
    return path


@pytest.fixture(scope="session")
def contract_dataset(contract_records):
    """The same graph in rdflib's in-memory Dataset (union default graph)."""
    from contract_graph import add_to_dataset
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    add_to_dataset(ds, contract_records)
    return ds


@pytest.fixture(scope="session")
def contract_bipartite(contract_store):
    """The agency–measure graph of the contract store."""
    from graphkit.analysis import bipartite_graph

    return bipartite_graph(contract_store)
