"""Benchmark: ``graphkit export --format jsonld`` against the rdflib path it replaced.

Builds the corpus once, then times, in this process, the previous JSON-LD export
(named quads to N-Quads, parsed by rdflib, serialized by rdflib's JSON-LD
plugin with the prefixes as context; kept here as ``rdflib_jsonld``) and the
current one (:func:`graphkit.store.export`, Oxigraph's serializer and a
compaction pass), best of ``--repeat`` runs each, and prints the ratio. It also
checks that both describe the same quads and that the new bytes do not change
with ``PYTHONHASHSEED``.

    python bench/export_jsonld.py [--repeat 3] [--store DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent


def rdflib_jsonld(store: ox.Store) -> bytes:
    """The JSON-LD export as graphkit wrote it before (rdflib's serializer)."""
    from rdflib import Dataset

    from graphkit.store.sparql import PREFIXES

    quads = [q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)]
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    lines = sorted(set(nquads.splitlines()))
    ds = Dataset()
    ds.parse(data=b"".join(x + b"\n" for x in lines if x.strip()), format="nquads")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        text = ds.serialize(format="json-ld", context=dict(PREFIXES), indent=1,
                            ensure_ascii=False)
    return text.encode("utf-8") if isinstance(text, str) else text


def best(f, repeat: int) -> tuple[float, bytes]:
    times, out = [], b""
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def seed_digest(store: Path, seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    out = subprocess.run([sys.executable, "-m", "graphkit", "export", "--store", str(store),
                          "--format", "jsonld"], env=env, capture_output=True, check=True)
    return hashlib.sha256(out.stdout).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", type=Path, help="A built store [default: build the corpus].")
    args = parser.parse_args()
    from graphkit.store import export

    with tempfile.TemporaryDirectory() as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "store"
            subprocess.run([sys.executable, "-m", "graphkit", "build", "--store", str(path),
                            str(ROOT / "data" / "corpus")], check=True, capture_output=True)
        store = ox.Store.read_only(str(path))
        old_s, old = best(lambda: rdflib_jsonld(store), args.repeat)
        new_s, new = best(lambda: export(store, "jsonld"), args.repeat)
        same = (set(ox.parse(old, format=ox.RdfFormat.JSON_LD))
                == set(ox.parse(new, format=ox.RdfFormat.JSON_LD)))
        digests = {seed_digest(path, s) for s in (0, 1, 2)}
    print(f"rdflib JSON-LD (before)   {old_s:7.2f} s  {len(old) / 1e6:6.1f} MB")
    print(f"Oxigraph JSON-LD (now)    {new_s:7.2f} s  {len(new) / 1e6:6.1f} MB")
    print(f"speed-up                  {old_s / new_s:7.1f}x")
    print(f"same quads                {same}")
    print(f"bytes under 3 hash seeds  {'identical' if len(digests) == 1 else 'DIFFER'}")


if __name__ == "__main__":
    main()
