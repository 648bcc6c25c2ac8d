#!/usr/bin/env python3
"""Time loading the region and lexicon tables and scanning the corpus for regions.

Run from the repository root: ``python bench/lexicon_load.py``. Each figure is
the best of several runs in a fresh interpreter, so loading is measured cold.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "load_regions (first call)": (
        "from graphkit.extraction import regions",
        "regions.load_regions()",
    ),
    "lexicon tables (first calls)": (
        "from graphkit.extraction import lexicon",
        "lexicon.expand_short_forms('市场监管局'); lexicon.functional_type('市发改委');"
        "lexicon.is_collective('各县区政府'); lexicon.vertical_label('人行拉萨中心支行')",
    ),
    "regions_in over the whole corpus": (
        "from graphkit.extraction import regions; regions.regions_in('');"
        "texts = [p.read_text(encoding='utf-8') for p in sorted(__import__('pathlib')"
        ".Path('data/corpus').glob('*.txt'))]",
        "[regions.regions_in(t) for t in texts]",
    ),
}


def run(setup: str, stmt: str, repeat: int = 5) -> float:
    code = f"import time\n{setup}\nt = time.perf_counter()\n{stmt}\nprint(time.perf_counter() - t)"
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout))
    return min(times)


def main() -> int:
    for name, (setup, stmt) in CASES.items():
        print(f"{name:36s} {run(setup, stmt) * 1000:8.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
