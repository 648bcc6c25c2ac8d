"""Benchmark: growth from the corpus to a hundred times its size.

Makes a synthetic collection by replicating the bundled corpus and perturbing
each copy (its cities renamed to other real cities, agency names permuted,
the numbered measures of each list shuffled and renumbered), at each multiple
of ``--sizes`` (1x and 10x unless told), in a temporary folder. At each size
it reports

* extraction: characters per second (``extract_paths``, one process) and peak memory;
* build (``build_files``, the ``graphkit build`` path): quads per second over
  the whole build and over its load phase, peak memory of the building
  process and of its workers, and the store's size on disk;

then whether time grows linearly (time per character at the largest size over
the smallest) and how memory grows; every cookbook query
(graphkit/data/queries/*.rq) on every store, through graphkit's query path and
through pyoxigraph alone on the same store (their ratio at each size), and how
each query's time grows from the size before the largest to the largest
against the data; and the speed-up of ``--jobs 2`` over one process. Each
measurement runs in a fresh process, so peak memory is its own.

Past one machine, at ``--cluster-size`` (10x unless told; 0 skips it):

* the build on a Dask cluster (``--executor dask``) of ``--jobs`` worker
  processes of one thread, started here: quads, characters and files per
  second, peak memory of each worker, and whether its N-Quads equal those of
  the local build (an order-free digest of every line);
* the bulk load into a Virtuoso started here (``graphkit push --virtuoso``,
  when ``virtuoso-t`` is installed): writing the files, the loader and the
  checkpoint, triples and source files per second, and the server's peak memory.

    python bench/scale.py [--sizes 1,10] [--jobs 2] [--cluster-size 10] [--keep DIR]
    python bench/scale.py --hundred [--jobs 2] [--keep DIR]       # the 100x run

``--hundred`` builds 10x here and 100x on the Dask cluster, runs the cookbook
on both stores (graphkit against pyoxigraph alone at each, and the growth from
10x to 100x) and bulk-loads the 100x store into Virtuoso; it leaves out the
local build of 100x, extraction alone and the ``--jobs`` comparison, which
the default run measures at 10x.

The first (``make bench-scale``) takes about 10 minutes on a busy two-core
machine; the second (``make bench-scale-100``) took 47 minutes there. It prints
figures, it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"

# cities of the corpus, and the real prefecture-level cities the copies move them to
CITIES = ["拉萨", "银川", "陇南", "克拉玛依", "金昌", "白银", "铜川", "延安", "咸阳", "西安"]
OTHER_CITIES = [
    "日喀则", "石嘴山", "天水", "吐鲁番", "武威", "定西", "宝鸡", "汉中", "榆林", "渭南",
    "昌都", "吴忠", "酒泉", "哈密", "张掖", "商洛", "安康", "固原", "中卫", "林芝",
]
# agency names permuted between copies (each keeps its suffix, so it still reads as an agency)
AGENCIES = [
    "市场监管局", "税务局", "公安局", "自然资源局", "住建局", "发展改革委", "财政局",
    "商务局", "人社局", "生态环境局", "交通运输局", "农业农村局",
]
ITEM = re.compile(r"^(\s*)(\d{1,3})(\s*[.．、])", re.MULTILINE)


# --- the synthetic collection ------------------------------------------------------


def perturb(text: str, copy: int) -> str:
    """Copy ``copy`` of a corpus text: cities renamed, agencies permuted, measures shuffled."""
    if copy == 0:
        return text
    rng = random.Random(copy)
    cities = dict(zip(CITIES, rng.sample(OTHER_CITIES, len(CITIES)), strict=True))
    text = re.sub("|".join(CITIES), lambda m: cities[m.group(0)], text)
    shifted = AGENCIES[copy % len(AGENCIES) :] + AGENCIES[: copy % len(AGENCIES)]
    names = dict(zip(AGENCIES, shifted, strict=True))
    text = re.sub("|".join(AGENCIES), lambda m: names[m.group(0)], text)
    return shuffle_measures(text, rng)


def shuffle_measures(text: str, rng: random.Random) -> str:
    """Shuffle each run of numbered items (1. 2. 3. …) and number them anew, in place."""
    lines = text.split("\n")
    out: list[str] = []
    run: list[list[str]] = []

    def flush() -> None:
        first = int(ITEM.match(run[0][0]).group(2))  # numbering may run on across headings
        rng.shuffle(run)
        for n, block in enumerate(run, first):
            block[0] = ITEM.sub(rf"\g<1>{n}\g<3>", block[0], count=1)
            out.extend(block)
        run.clear()

    for line in lines:
        m = ITEM.match(line)
        if m:
            if m.group(2) == "1" and run:
                flush()
            run.append([line])
        elif run and not re.match(r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第.{1,3}[章条])", line):
            run[-1].append(line)
        else:
            if run:
                flush()
            out.append(line)
    if run:
        flush()
    return "\n".join(out)


def make_collection(folder: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` perturbed copies of the corpus; (files, characters)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(CORPUS.glob("*.txt"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in sources}
    chars = 0
    for i in range(copies):
        for name, text in texts.items():
            t = perturb(text, i)
            chars += len(t)
            (folder / f"c{i:03d}_{name}").write_text(t, encoding="utf-8")
    return copies * len(sources), chars



def sized_corpora(sizes: str, tmp: Path):
    """``(k, folder)`` for each multiple in ``sizes`` ("1,30"): the corpus itself for 1,
    else ``k`` perturbed copies of it written under ``tmp``."""
    for k in (int(s) for s in sizes.split(",")):
        folder = CORPUS if k == 1 else Path(tmp, f"x{k}")
        if k != 1:
            make_collection(folder, k)
        yield k, folder

# --- measurements, each in a child process -------------------------------------------

CHILD = r"""
import json, resource, sys, time
args = json.loads(sys.argv[1])
out = {}
t0 = time.perf_counter()

def burn(n):
    s = 0
    for i in range(n):
        s += i * i
    return s

if args["what"] == "cpu":
    from concurrent.futures import ProcessPoolExecutor
    n = 10_000_000
    with ProcessPoolExecutor(args["jobs"]) as pool:
        list(pool.map(burn, [1000] * args["jobs"]))  # start the workers
        t = time.perf_counter()
        for _ in range(args["jobs"]):
            burn(n)
        serial = time.perf_counter() - t
        t = time.perf_counter()
        list(pool.map(burn, [n] * args["jobs"]))
        out["speedup"] = serial / (time.perf_counter() - t)
elif args["what"] == "extract":
    from graphkit.extraction import extract_paths
    n = m = 0
    for r in extract_paths([args["folder"]], jobs=args["jobs"]):
        n += 1
        m += len(getattr(r, "measures", ()))
    out.update(files=n, measures=m)
elif args["what"] == "build":
    from graphkit.store import build_files
    s = build_files(args["store"], [args["folder"]], jobs=args["jobs"], full=True)
    out.update(quads=s.quads, triples=s.triples, measures=s.measures, load=s.seconds_load,
               skipped=len(s.skipped))
elif args["what"] == "build-dask":
    import distributed
    from graphkit.extraction.executors import worker_peaks
    from graphkit.store import build_files
    c0 = time.perf_counter()
    with distributed.LocalCluster(n_workers=args["jobs"], threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=":0") as cluster:
        out["cluster_start"] = time.perf_counter() - c0
        b0 = time.perf_counter()
        s = build_files(args["store"], [args["folder"]], full=True, executor="dask",
                        scheduler=cluster.scheduler_address)
        out["build"] = time.perf_counter() - b0
        out["per_worker_mb"] = sorted(v / 2**20 for v in worker_peaks(cluster.scheduler_address).values())
    out.update(quads=s.quads, triples=s.triples, load=s.seconds_load, skipped=len(s.skipped))
elif args["what"] == "virtuoso":
    from dataclasses import asdict
    from graphkit.virtuoso import push_virtuoso
    r = push_virtuoso(args["store"], isql=args["isql"], load_dir=args["load_dir"], loaders=args["jobs"])
    out.update(asdict(r))
elif args["what"] == "queries":
    import re
    import pyoxigraph as ox
    from graphkit.store import cookbook, open_store, run
    from graphkit.store.params import label_terms, with_values
    from graphkit.store.prefixes import PREFIXES

    def bare(db, text):  # pyoxigraph alone: the query, its answer read value by value
        answer = db.query(text, prefixes=PREFIXES)
        if isinstance(answer, ox.QueryBoolean):
            return 1
        names, rows = answer.variables, 0
        for solution in answer:
            for v in names:
                solution[v]
            rows += 1
        return rows

    def best(fn, repeat):  # best of up to ``repeat`` runs while a run stays under a second
        low, rows, runs = float("inf"), 0, 0
        while runs < repeat and (runs == 0 or low < 1.0):
            q0 = time.perf_counter()
            rows = fn()
            low = min(low, time.perf_counter() - q0)
            runs += 1
        return low, rows

    dbs = {k: open_store(path) for k, path in args["stores"].items()}
    out["queries"] = {}
    for name, text in sorted(cookbook().items()):
        params = dict(re.findall(r"--param (\w+)=(\S+)", text)[:1])
        # the same question put to pyoxigraph directly: the value as a plain literal
        # (a label's term where the query joins on it, as graphkit's run finds it)
        terms = {k: label_terms(next(iter(dbs.values())), v, native=True)[-1] for k, v in params.items()}
        plain = with_values(text, terms) if params else text
        per = {}
        for k, db in dbs.items():
            g, g_rows = best(lambda: len(run(db, text, params=params).rows), args["repeat"])
            b, b_rows = best(lambda: bare(db, plain), args["repeat"])
            per[k] = {"s": g, "bare": b, "rows": g_rows, "bare_rows": b_rows}
        out["queries"][name] = {"params": params, "sizes": per}
out["seconds"] = time.perf_counter() - t0
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
out["workers_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps(out))
"""


def child(**args) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode:
        raise SystemExit(f"{args['what']} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.splitlines()[-1])


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- report ---------------------------------------------------------------------------


def say(text: str = "") -> None:
    print(text, flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10", help="corpus multiples (default 1,10)")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the parallel runs")
    ap.add_argument(
        "--repeat", type=int, default=3, help="runs of each query under a second (best kept)"
    )
    ap.add_argument(
        "--cluster-size", type=int, default=10,
        help="corpus multiple for the Dask build and the Virtuoso load (default 10; 0: none)",
    )  # fmt: skip
    ap.add_argument(
        "--hundred", action="store_true",
        help="the 100x run: 10x built here, 100x on the Dask cluster; both stores queried, "
             "the 100x one loaded into Virtuoso",
    )  # fmt: skip
    ap.add_argument("--keep", type=Path, help="make the collections and stores here, and keep them")
    args = ap.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="graphkit-scale-"))
    started = time.perf_counter()
    rows = []
    try:
        say(f"graphkit scaling benchmark: sizes {sizes}, --jobs {args.jobs}, {os.cpu_count()} cores")
        say(f"work folder {work}\n")
        if args.hundred:
            hundred(work, args)
        else:
            for k in sizes:
                rows.append(measure_size(work, k, args))
            growth(rows)
            cookbook_times(rows, args)
            speedups(work, rows, args)
            if args.cluster_size:
                past_one_machine(work, rows, args)
        say(f"\ntotal {time.perf_counter() - started:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def measure_size(work: Path, k: int, args: argparse.Namespace, extract: bool = True) -> dict:
    """Make the k-times collection; extract it (unless not ``extract``), build its store."""
    folder = work / f"x{k}"
    shutil.rmtree(folder, ignore_errors=True)
    files, chars = make_collection(folder, k)
    size_mb = du(folder) / 2**20
    say(f"== {k}x: {files} files, {chars / 1e6:.1f} M characters ({size_mb:.1f} MB)")
    ex = child(what="extract", folder=str(folder), jobs=1) if extract else {}
    if ex:
        say(
            f"  extract (1 process)   {ex['seconds']:7.1f} s  "
            f"{chars / ex['seconds'] / 1e3:6.0f} k chars/s   peak {ex['peak_mb']:.0f} MB  "
            f"({ex['measures']} measures)"
        )
    store = work / f"kg{k}"
    shutil.rmtree(store, ignore_errors=True)
    bd = child(what="build", folder=str(folder), store=str(store), jobs=args.jobs)
    written = bd["quads"] + bd["triples"]
    say(
        f"  build (--jobs {args.jobs})      {bd['seconds']:7.1f} s  {chars / bd['seconds'] / 1e3:6.0f} k chars/s"
        f"   {bd['quads'] / bd['seconds'] / 1e3:.1f} k quads/s overall"
    )
    say(
        f"  load phase            {bd['load']:7.1f} s  {written / bd['load'] / 1e3:6.1f} k triples/s"
        f" ({bd['quads']} quads in document graphs + {bd['triples']} union triples)"
    )
    say(
        f"  memory                build {bd['peak_mb']:.0f} MB (main process), "
        f"{bd['workers_peak_mb']:.0f} MB (largest worker)"
    )
    store_mb = du(store) / 2**20
    say(f"  store                 {store_mb:7.0f} MB on disk")
    say()
    return {"k": k, "files": files, "chars": chars, "extract": ex, "build": bd,
            "store_mb": store_mb, "store": store, "folder": folder}


def growth(rows: list[dict]) -> None:
    """Time per character and peak memory, largest size over smallest."""
    small, big = rows[0], rows[-1]
    times = big["chars"] / small["chars"]
    say(f"== growth, {small['k']}x to {big['k']}x ({times:.0f} times the characters)")
    for what in ("extract", "build"):
        per_small = small[what]["seconds"] / small["chars"]
        per_big = big[what]["seconds"] / big["chars"]
        ratio = per_big / per_small
        verdict = "linear" if ratio < 1.3 else ("near linear" if ratio < 1.6 else "NOT linear")
        say(
            f"  {what:8s} time per character {per_big * 1e6:5.2f} us vs {per_small * 1e6:5.2f} us:"
            f" ratio {ratio:.2f} ({verdict}: {times:.0f}x the data took "
            f"{big[what]['seconds'] / small[what]['seconds']:.0f}x the time)"
        )
    for what in ("extract", "build"):
        mem = big[what]["peak_mb"] / small[what]["peak_mb"]
        say(
            f"  {what:8s} peak memory {big[what]['peak_mb']:5.0f} MB vs {small[what]['peak_mb']:.0f} MB:"
            f" ratio {mem:.2f} for {times:.0f}x the data"
        )
    say(f"  store    {big['store_mb']:.0f} MB vs {small['store_mb']:.0f} MB on disk: ratio "
        f"{big['store_mb'] / small['store_mb']:.0f}")


def cookbook_times(rows: list[dict], args: argparse.Namespace) -> None:
    """Every cookbook query at every size, through graphkit and through pyoxigraph alone.

    One process opens every store and runs each query on each in turn, so the
    ratios (graphkit over pyoxigraph, the largest size over the one before it)
    come from moments close together on a shared machine.
    """
    stores = {str(r["k"]): str(r["store"]) for r in rows}
    qs = child(what="queries", stores=stores, repeat=args.repeat)["queries"]
    sizes = [r["k"] for r in rows]
    say(f"\n== cookbook queries, best of up to {args.repeat} runs under a second: graphkit's "
        "query path (graphkit.store.run, its terms read) and pyoxigraph alone (Store.query on "
        "the same store, the parameter as a VALUES literal, every value read)")
    head = "".join(f" {f'{k}x graphkit':>12s} {'bare':>8s} {'ratio':>5s}" for k in sizes)
    say(f"  {'query':26s}{head} {'rows':>7s}")
    worst = 0.0
    for name, q in qs.items():
        line = ""
        for k in sizes:
            t = q["sizes"][str(k)]
            ratio = t["s"] / t["bare"]
            line += f" {t['s'] * 1000:9.0f} ms {t['bare'] * 1000:5.0f} ms {ratio:5.2f}"
            same = "" if t["rows"] == t["bare_rows"] else f" (bare: {t['bare_rows']} rows)"
        worst = max(worst, q["sizes"][str(sizes[-1])]["s"] / q["sizes"][str(sizes[-1])]["bare"])
        say(f"  {name:26s}{line} {t['rows']:7d}{same}")
    say(f"  worst graphkit/pyoxigraph ratio at {sizes[-1]}x: {worst:.2f}")
    if len(rows) < 2:
        return
    small, big = rows[-2], rows[-1]
    data = big["chars"] / small["chars"]
    built = big["build"]["quads"] / small["build"]["quads"]
    say(f"\n== query growth, {small['k']}x to {big['k']}x: {data:.1f} times the characters, "
        f"{built:.1f} times the quads")
    fastest = []
    for name, q in qs.items():
        a, b = q["sizes"][str(small["k"])], q["sizes"][str(big["k"])]
        g, r = b["s"] / a["s"], b["bare"] / a["bare"]
        fastest.append((g / data, name))
        verdict = "grows with the data" if g <= data * 1.15 else "FASTER than the data"
        say(f"  {name:26s} graphkit {g:6.1f}x  pyoxigraph alone {r:6.1f}x  rows "
            f"{b['rows'] / max(a['rows'], 1):6.1f}x  ({verdict})")
    top = max(fastest)
    say(f"  largest growth over the data's: {top[0]:.2f} ({top[1]})")


def speedups(work: Path, rows: list[dict], args: argparse.Namespace) -> None:
    """--jobs N against one process, at 10x (or the largest size below it)."""
    row = next((r for r in rows if r["k"] == 10), rows[min(1, len(rows) - 1)])
    cpu = child(what="cpu", jobs=args.jobs)["speedup"]
    ex = child(what="extract", folder=str(row["folder"]), jobs=args.jobs)
    store = work / f"kg{row['k']}-jobs1"
    bd1 = child(what="build", folder=str(row["folder"]), store=str(store), jobs=1)
    shutil.rmtree(store, ignore_errors=True)
    say(f"\n== --jobs {args.jobs} against one process, at {row['k']}x")
    say(
        f"  extract  {ex['seconds']:6.1f} s vs {row['extract']['seconds']:6.1f} s: "
        f"speed-up {row['extract']['seconds'] / ex['seconds']:.2f}"
    )
    say(
        f"  build    {row['build']['seconds']:6.1f} s vs {bd1['seconds']:6.1f} s: "
        f"speed-up {bd1['seconds'] / row['build']['seconds']:.2f}"
    )
    say(
        f"  (a pure CPU task got a speed-up of {cpu:.2f} from {args.jobs} processes on this "
        "machine just now: other work shares its cores)"
    )


# --- past one machine: a Dask cluster, a Virtuoso bulk load ----------------------------


def hundred(work: Path, args: argparse.Namespace, low: int = 10, high: int = 100) -> None:
    """The 100x run, cut to what fits an hour on a busy two-core machine.

    10x is built here (``--jobs``), 100x on a Dask cluster of ``--jobs`` workers;
    the cookbook runs on both stores (graphkit against pyoxigraph alone, and the
    growth from 10x to 100x), and the 100x store is bulk-loaded into Virtuoso.
    The local 100x build, extraction alone and the ``--jobs`` comparison are the
    default run's (that the Dask build gives the local build's N-Quads is checked
    there, at 10x, and by the tests).
    """
    small = measure_size(work, low, args, extract=False)
    folder = work / f"x{high}"
    shutil.rmtree(folder, ignore_errors=True)
    files, chars = make_collection(folder, high)
    say(f"== {high}x: {files} files, {chars / 1e6:.1f} M characters ({du(folder) / 2**20:.0f} MB)")
    store = work / f"kg{high}-dask"
    shutil.rmtree(store, ignore_errors=True)
    dk = child(what="build-dask", folder=str(folder), store=str(store), jobs=args.jobs)
    say(
        f"  build, Dask ({args.jobs} workers)  {dk['build']:6.1f} s  "
        f"{dk['quads'] / dk['build'] / 1e3:6.1f} k quads/s  {chars / dk['build'] / 1e3:5.0f} k "
        f"chars/s  {files / dk['build']:5.2f} files/s  (cluster started in "
        f"{dk['cluster_start']:.1f} s; load phase {dk['load']:.1f} s)"
    )
    local = small["build"]
    say(
        f"  against {low}x built here (--jobs {args.jobs}): {local['quads'] / local['seconds'] / 1e3:.1f}"
        f" k quads/s, so Dask at {high}x ran at {dk['quads'] / dk['build'] / (local['quads'] / local['seconds']):.2f}"
        " times its rate"
    )
    peaks = ", ".join(f"{v:.0f}" for v in dk["per_worker_mb"])
    say(f"  memory                peak per worker {peaks} MB; client (the store's writer) "
        f"{dk['peak_mb']:.0f} MB")
    store_mb = du(store) / 2**20
    say(f"  store                 {store_mb:7.0f} MB on disk, {dk['quads']} quads in document "
        f"graphs + {dk['triples']} union triples")
    big = {"k": high, "files": files, "chars": chars, "store": store, "folder": folder,
           "build": {**dk, "seconds": dk["build"]}}
    cookbook_times([small, big], args)
    say(f"\n== Virtuoso, at {high}x ({files} files)")
    virtuoso_load(work, store, files, args)



def nquads_digest(store: Path) -> tuple[int, int]:
    """(lines, digest) of a store's N-Quads, the same for the same set of lines in any order.

    The dump goes to a file and is read back line by line, so a store of millions
    of quads is compared without holding them all (sorted N-Quads would).
    """
    import hashlib

    import pyoxigraph as ox

    dump = store.with_name(store.name + ".nq")
    ox.Store.read_only(str(store)).dump(str(dump), format=ox.RdfFormat.N_QUADS)
    lines = total = 0
    try:
        with open(dump, "rb") as f:
            for line in f:
                lines += 1
                total += int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")
    finally:
        dump.unlink()
    return lines, total % 2**128


def past_one_machine(work: Path, rows: list[dict], args: argparse.Namespace) -> None:
    """The Dask build and the Virtuoso bulk load at ``--cluster-size``."""
    k = args.cluster_size
    row = next((r for r in rows if r["k"] == k), None)
    if row is None:
        folder = work / f"x{k}"
        shutil.rmtree(folder, ignore_errors=True)
        files, chars = make_collection(folder, k)
        store = work / f"kg{k}"
        shutil.rmtree(store, ignore_errors=True)
        bd = child(what="build", folder=str(folder), store=str(store), jobs=args.jobs)
        row = {"k": k, "files": files, "chars": chars, "build": bd, "folder": folder}
    folder, store = row["folder"], work / f"kg{k}"
    say(f"\n== past one machine, at {k}x ({row['files']} files, {row['chars'] / 1e6:.1f} M characters)")
    try:
        import distributed  # noqa: F401
    except ImportError:
        say("  Dask: not installed (pip install 'graphkit[cluster]'), skipped")
    else:
        dstore = work / f"kg{k}-dask"
        shutil.rmtree(dstore, ignore_errors=True)
        dk = child(what="build-dask", folder=str(folder), store=str(dstore), jobs=args.jobs)
        local = row["build"]
        same = nquads_digest(dstore) == nquads_digest(store)
        shutil.rmtree(dstore, ignore_errors=True)
        say(
            f"  build, Dask ({args.jobs} workers)  {dk['build']:6.1f} s  "
            f"{dk['quads'] / dk['build'] / 1e3:6.1f} k quads/s  "
            f"{row['chars'] / dk['build'] / 1e3:5.0f} k chars/s  "
            f"{row['files'] / dk['build']:5.2f} files/s  "
            f"(cluster started in {dk['cluster_start']:.1f} s)"
        )
        say(
            f"  build, --jobs {args.jobs}          {local['seconds']:6.1f} s  "
            f"{local['quads'] / local['seconds'] / 1e3:6.1f} k quads/s  "
            f"{row['chars'] / local['seconds'] / 1e3:5.0f} k chars/s  "
            f"{row['files'] / local['seconds']:5.2f} files/s: Dask/local time "
            f"{dk['build'] / local['seconds']:.2f}; same N-Quads: {'yes' if same else 'NO'}"
        )
        peaks = ", ".join(f"{v:.0f}" for v in dk["per_worker_mb"])
        say(f"  memory                peak per worker {peaks} MB; client {dk['peak_mb']:.0f} MB")
    virtuoso_load(work, store, row['files'], args)


def virtuoso_load(work: Path, store: Path, files: int, args: argparse.Namespace) -> None:
    """Start a Virtuoso on loopback, bulk-load ``store`` (built from ``files`` files) into
    it, stop it."""
    import socket

    if shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None:
        say("  Virtuoso: not installed (Debian: virtuoso-opensource), skipped")
        return
    root = work / "virtuoso"
    shutil.rmtree(root, ignore_errors=True)
    (root / "db").mkdir(parents=True)
    (root / "load").mkdir()
    ports = []
    for _ in range(2):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    ini = root / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(root=root, sql=ports[0], http=ports[1]), encoding="utf-8")
    log = open(root / "server.log", "wb")
    proc = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(ini)], cwd=root, stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    isql = f"127.0.0.1:{ports[0]}"
    try:
        deadline = time.monotonic() + 120
        while True:
            probe = subprocess.run(
                ["isql-vt", isql, "dba", "dba", "VERBOSE=OFF", "BANNER=OFF"],
                input="SELECT 1;\n", capture_output=True, text=True, check=False,
            )  # fmt: skip
            if probe.returncode == 0 and "Error" not in probe.stdout:
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                say("  Virtuoso: the server did not start, skipped")
                return
            time.sleep(0.5)
        v = child(what="virtuoso", store=str(store), isql=isql, load_dir=str(root / "load"),
                  jobs=args.jobs)  # fmt: skip
        hwm = 0
        for line in Path(f"/proc/{proc.pid}/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                hwm = int(line.split()[1]) // 1024
        say(
            f"  Virtuoso bulk load    {v['seconds']:6.1f} s for {v['triples']} triples in "
            f"{v['graphs']} graphs: files {v['seconds_write']:.1f} s "
            f"({v['bytes'] / 2**20:.0f} MB, {v['files']} files), loader {v['seconds_load']:.1f} s "
            f"({args.jobs} sessions), checkpoint {v['seconds_checkpoint']:.1f} s"
        )
        say(
            f"                        {v['triples'] / (v['seconds_load'] + v['seconds_checkpoint']) / 1e3:.1f}"
            f" k triples/s loaded, {v['triples'] / v['seconds'] / 1e3:.1f} k triples/s and "
            f"{files / v['seconds']:.2f} source files/s end to end; "
            f"peak memory: server {hwm} MB, graphkit {v['peak_mb']:.0f} MB; "
            f"counts checked: {'yes' if v['verified'] else 'no'}"
        )
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        shutil.rmtree(root, ignore_errors=True)


# buffers for about 2 GB of pages: Virtuoso's advice is 2/3 of free memory for large loads
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {root}/db/virtuoso.db
ErrorLogFile = {root}/db/virtuoso.log
LockFile = {root}/db/virtuoso.lck
TransactionFile = {root}/db/virtuoso.trx
xa_persistent_file = {root}/db/virtuoso.pxa
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {root}/db/virtuoso-temp.db
TransactionFile = {root}/db/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = {root}/load
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
Charset = UTF-8
"""


if __name__ == "__main__":
    main()
