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


# --- headless Chromium with the network blocked ----------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--proxy-server=127.0.0.1:9",
    "--window-size=1400,900",
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Debian's chromium driven by selenium through chromedriver, no network.

    Console messages and network events are logged (``goog:loggingPrefs``) so
    tests can check that a page raised no error and sent no request.
    """
    import shutil

    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.skip("chromium and chromium-driver are not installed (tools/setup.sh)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``artifacts/`` (gitignored): screenshots and timings the tests leave behind."""
    path = ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path


# --- the corpus built into a store by the real command ------------------------------


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """The bundled corpus, built by ``graphkit build`` into a fresh store directory."""
    import subprocess
    import sys

    from graphkit.cli import cli

    if "build" not in cli.commands:
        pytest.skip("graphkit build is not available")
    path = tmp_path_factory.mktemp("corpus") / "store"
    done = subprocess.run(
        [sys.executable, "-m", "graphkit", "build", "--store", str(path)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return path
