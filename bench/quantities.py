"""Time deadline and target finding over the bundled corpus.

    python bench/quantities.py [PATHS...]

Each file is cut at blank lines into paragraphs (a stand-in for measures) and
every paragraph goes through ``find_targets`` and ``find_deadline``. Prints
characters, paragraphs, what was found and the time taken (best of 3).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from graphkit.extraction.quantities import find_deadline, find_targets

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or sorted((ROOT / "data" / "corpus").glob("*.txt"))
    paragraphs = [
        p for path in paths for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()
    ]
    chars = sum(len(p) for p in paragraphs)
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        targets = sum(len(find_targets(p)) for p in paragraphs)
        deadlines = sum(find_deadline(p, year=2023) is not None for p in paragraphs)
        best = min(best, time.perf_counter() - start)
    print(
        f"{chars} characters in {len(paragraphs)} paragraphs: {targets} targets, "
        f"{deadlines} deadlines in {best:.3f} s ({chars / best / 1e6:.2f} M chars/s)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
