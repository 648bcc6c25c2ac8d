"""Benchmark: what a build costs over its floor, extraction plus a bulk load.

In one process, for the corpus and perturbed copies of it (``bench/scale.py``'s
collection, 30x unless told), it measures the CPU time (all threads) of

* extraction of every file (what a build cannot do without);
* the records turned into N-Quads (``nquad_chunks``, what a build writes);
* the baseline: ``pyoxigraph`` bulk-loading the prepared N-Quads of the named
  quads into a fresh store;
* the whole ``graphkit build`` (``build_files``, one process, from the files);
* the library ``graphkit.store.build()`` of the extractions already made;

and prints ``build / (extraction + bulk load)`` (the aim is at most 1.5) and
``library build / CLI build``.

    python bench/build.py [--sizes 1,30] [--repeat 1]

About 20 s at 1x and 6 minutes at 30x on a quiet two-core machine; it prints
figures, it is not a test.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def cpu(fn):
    """(CPU seconds of this process, all threads; wall seconds; result) of ``fn()``."""
    c0, w0 = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c0, time.perf_counter() - w0, out


def measure(folder: Path, work: Path) -> dict:
    import pyoxigraph as ox

    from graphkit.extraction.build import _safe_extract
    from graphkit.namespace import IRIs
    from graphkit.store import build, build_files
    from graphkit.store.convert import nquad_chunks

    files = sorted(p for p in folder.iterdir() if p.is_file())
    row: dict = {"files": len(files)}
    row["extract"], row["extract_wall"], extractions = cpu(
        lambda: [_safe_extract(f, max_bytes=2**30) for f in files]
    )
    extractions = [x for x in extractions if hasattr(x, "documents")]

    def convert() -> bytes:
        iris = IRIs()
        return b"".join(named for x in extractions for named, _, _ in nquad_chunks(x, iris))

    row["convert"], _, named = cpu(convert)
    row["quads"] = named.count(b"\n")
    nq = work / "named.nq"
    nq.write_bytes(named)
    del named

    def bulk_load() -> None:
        db = ox.Store(str(work / "baseline"))
        db.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        db.flush()

    row["load"], row["load_wall"], _ = cpu(bulk_load)
    row["cli"], row["cli_wall"], _ = cpu(lambda: build_files(work / "cli", [folder], full=True))
    row["library"], row["library_wall"], _ = cpu(lambda: build(work / "library", extractions))
    for name in ("baseline", "cli", "library"):
        shutil.rmtree(work / name, ignore_errors=True)
    nq.unlink()
    return row


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,30", help="corpus multiples, comma-separated")
    args = ap.parse_args(argv)

    from scale import sized_corpora

    with tempfile.TemporaryDirectory(prefix="graphkit-bench-build-") as tmp:
        for k, folder in sized_corpora(args.sizes, Path(tmp)):
            work = Path(tmp, f"work{k}")
            work.mkdir()
            r = measure(folder, work)
            floor = r["extract"] + r["load"]
            print(f"{k}x: {r['files']} files, {r['quads']:,} named quads (CPU seconds)")
            print(f"  extraction            {r['extract']:7.2f}")
            print(f"  records -> N-Quads    {r['convert']:7.2f}  "
                  f"({r['convert'] / r['extract']:.2f}x extraction)")
            print(f"  bulk_load (baseline)  {r['load']:7.2f}")
            print(f"  graphkit build        {r['cli']:7.2f}  (wall {r['cli_wall']:.2f})")
            print(f"  library build()       {r['library']:7.2f}  (wall {r['library_wall']:.2f})")
            print(f"  build / (extraction + bulk_load) = {r['cli'] / floor:.2f}  (aim <= 1.5)")
            print(f"  library build / graphkit build   = {r['library'] / r['cli']:.2f}")
            sys.stdout.flush()
            if k != 1:
                shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
