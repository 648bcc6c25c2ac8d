"""Benchmark: the ledger page (``graphkit view ledger``) at 1x and 100x the corpus.

The 100x ledger is a synthetic equivalent of bench/scale.py's collection: the
corpus' agency–measure graph copied 100 times, each copy with its own measures,
documents and agencies (names suffixed by the copy). At each size it prints the
time to write the page, its size, and in headless Chromium (network blocked)
the time until the table shows, and the time of a search, a Traditional-script
search, a region filter, an agency filter and a sort, each against the 1x page.

    python bench/ledger_page.py [--copies 100]

About two minutes on a two-core machine; it prints figures, it is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def corpus_graph(work: Path) -> nx.Graph:
    from graphkit.analysis import bipartite_graph

    store = work / "store"
    subprocess.run([sys.executable, "-m", "graphkit", "build", "--store", str(store),
                    str(ROOT / "data" / "corpus")], check=True, capture_output=True)
    return bipartite_graph(store, unassigned=True)


def copies(B: nx.Graph, n: int) -> nx.Graph:
    """``n`` copies of ``B``: measures, documents and agencies of each copy apart."""
    out = nx.Graph()
    for k in range(n):
        tag = "" if k == 0 else f"#{k}"
        mapping = {v: f"{v}{tag}" for v in B}
        H = nx.relabel_nodes(B, mapping, copy=True)
        for v, d in H.nodes(data=True):
            if tag and d.get("kind") == "measure":
                d["document_title"] = f"{d.get('document_title', '')}{tag}"
            elif tag:
                d["name"] = f"{d.get('name', v)}{tag}"
        out.update(H)
    return out


def browser():
    from conftest import CHROMIUM_FLAGS
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(300)
    return driver


ACTIONS = {
    "search 企业开办": "return graphkit.filter({q: '企业开办'})",
    "search 營業執照 (Traditional)": "return graphkit.filter({q: '營業執照'})",
    "two words 拉萨 税务": "return graphkit.filter({q: '拉萨 税务'})",
    "region 西藏自治区": "return graphkit.filter({q: '', region: '西藏自治区'})",
    "agency as lead": "return graphkit.filter({region: '', role: 'lead', agency: '拉萨市市场监督管理局'})",
    "deadline month": "return graphkit.filter({role: '', agency: '', month: '2021-06'})",
    "clear filters": "return graphkit.filter({month: ''})",
}


def measure(driver, path: Path) -> dict[str, float]:
    from graphkit.viz import write_ledger  # noqa: F401  (imported for the timing below)

    figures: dict[str, float] = {}
    start = time.perf_counter()
    driver.get(path.as_uri())
    while driver.execute_script("return document.body && document.body.dataset.ready") != "1":
        time.sleep(0.02)
    figures["open to table (s)"] = time.perf_counter() - start
    for name, js in ACTIONS.items():
        t = time.perf_counter()
        driver.execute_script(js)
        figures[f"{name} (s)"] = time.perf_counter() - t
    t = time.perf_counter()
    driver.find_element("css selector", "th[data-col=text]").click()
    driver.execute_script("return graphkit.visibleRows().length")
    figures["sort by text (s)"] = time.perf_counter() - t
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100)
    args = parser.parse_args()
    from graphkit.viz import write_ledger

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        B = corpus_graph(work)
        driver = browser()
        rows = {}
        try:
            for n in (1, args.copies):
                G = copies(B, n)
                path = work / f"ledger-{n}.html"
                t = time.perf_counter()
                write_ledger(G, path)
                written = time.perf_counter() - t
                measures = sum(1 for _, k in G.nodes(data="kind") if k == "measure")
                figures = {"measures": measures, "write (s)": written,
                           "page (MB)": path.stat().st_size / 1e6, **measure(driver, path)}
                rows[n] = figures
        finally:
            driver.quit()
    small, big = rows[1], rows[args.copies]
    print(f"{'':32s} {'1x':>10s} {f'{args.copies}x':>10s} {'ratio':>8s}")
    for k in small:
        ratio = big[k] / small[k] if small[k] else float("nan")
        print(f"{k:32s} {small[k]:10.3f} {big[k]:10.3f} {ratio:8.1f}")


if __name__ == "__main__":
    main()
