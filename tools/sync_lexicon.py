#!/usr/bin/env python3
"""Copy the curated lexicon tables from ``data/lexicon/`` into the package.

``data/lexicon/*.tsv`` is the source of truth (edited by hand, with sources
and a README); ``graphkit/data/lexicon/`` holds byte-identical copies so an
installed package has them. Run this after editing a table; ``--check`` only
reports tables that differ (exit status 1), which is what the tests assert.
Standard library only.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "lexicon"
TARGET = ROOT / "graphkit" / "data" / "lexicon"


def stale(source: Path = SOURCE, target: Path = TARGET) -> list[str]:
    """Names of tables missing from ``target``, differing there, or only there."""
    want = {p.name: p.read_bytes() for p in sorted(source.glob("*.tsv"))}
    have = {p.name: p.read_bytes() for p in sorted(target.glob("*.tsv"))}
    return sorted(n for n in want.keys() | have.keys() if want.get(n) != have.get(n))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report differences")
    args = ap.parse_args(argv)
    names = stale()
    if args.check:
        for n in names:
            print(f"out of date: graphkit/data/lexicon/{n}", file=sys.stderr)
        return 1 if names else 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for n in names:
        src, dst = SOURCE / n, TARGET / n
        if src.exists():
            shutil.copyfile(src, dst)
        else:
            dst.unlink()
        print(f"updated graphkit/data/lexicon/{n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
