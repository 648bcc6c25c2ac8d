"""Benchmark: builds under hostile conditions (kills, mass removal, one huge file).

Prints, each part bounded in count and time:

* kill trials survived: a ``--jobs 2`` build killed with ``kill -9`` while its
  workers run, then whether any worker outlived it, whether the previous store
  still answers with its old counts, and whether the next build runs (not
  refused by a lock held by orphans); ``--kills`` trials, each under a minute;
* removal: an incremental build that removes ``--remove`` files from a store,
  against a fresh build of what stays and a fresh build of everything, in the
  same process (the ratio is what matters: removal should cost no more than a
  build); once with most files removed (the graphs that stay are copied), once
  with most staying (the graphs that go are deleted);
* memory: peak RSS of the building process (or any of its workers) for the
  whole build (extraction, conversion, the store's load, its optimisation) of
  one file of 10 MB and one of ``--big`` MB (``--max-file-size`` raised to
  fit), each in a fresh process, and the ratios of peak, CPU and wall time.

    python bench/hostile.py [--kills 10] [--remove 1000] [--big 100] [--only kill,removal,memory]

About 30 minutes on a two-core machine (the 100 MB file takes most; `--big 30` is
quicker); it prints figures, it is not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
AGENCIES = ["市公安局", "市税务局", "市财政局", "市商务局", "市人社局", "市住建局", "市教育局"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


def say(text: str = "") -> None:
    print(text, flush=True)


def plan(i: int) -> str:
    """A small plan of three measures; agencies shared with the other plans."""
    a = [AGENCIES[(i + k) % len(AGENCIES)] for k in range(3)]
    return (
        f"拉萨市人民政府关于印发第{i}号工作方案的通知\n拉政发〔2021〕{i}号\n一、重点任务\n"
        f"1.加强监管。（{a[0]}牵头，{a[1]}配合）\n2.优化服务。（{a[1]}负责）\n"
        f"3.完善制度，2021年底前完成。（{a[2]}牵头）\n"
    )


def graphkit(*args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


# --- kill -9 of a parallel build ---------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if ppid == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def kill_trials(work: Path, trials: int) -> None:
    from graphkit.store import counts

    small, big, kg = work / "small", work / "big", work / "kg"
    small.mkdir()
    big.mkdir()
    (small / "a.txt").write_text(plan(0), encoding="utf-8")
    for i in range(3):
        for p in sorted(CORPUS.glob("*.txt")):
            shutil.copy(p, big / f"{i}_{p.name}")
    if graphkit("build", small, "--store", kg).wait(timeout=120):
        raise SystemExit("the first build failed")
    before = counts(kg).measures
    survived = orphans = refused = killed = 0
    for n in range(trials):
        proc = graphkit("build", big, "--store", kg, "--jobs", "2", "--full")
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
            workers = _children(proc.pid)
        time.sleep(0.2 + 0.3 * (n % 4))  # kill at different stages
        if proc.poll() is not None:
            continue
        killed += 1
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.02)
        left = [w for w in workers if _alive(w)]
        for w in left:
            os.kill(w, signal.SIGKILL)
        intact = counts(kg).measures == before
        again = graphkit("build", small, "--store", kg)
        again.communicate(timeout=120)
        ok = again.returncode == 0
        orphans += bool(left)
        refused += not ok
        survived += intact and ok and not left
    say(f"kill -9 of `build --jobs 2`: {survived} of {killed} trials survived "
        f"({orphans} left workers running, {refused} next builds refused)")


# --- removal ------------------------------------------------------------------------


def _timed_build(store: Path, folder: Path, **options) -> tuple[float, object]:
    from graphkit.store import build_files

    t = time.perf_counter()
    s = build_files(store, [folder], **options)
    return time.perf_counter() - t, s


def removal(work: Path, n: int, keep: int) -> None:
    every, rest = work / "every", work / "rest"
    every.mkdir()
    rest.mkdir()
    for i in range(n + keep):
        (every / f"p{i:05d}.txt").write_text(plan(i), encoding="utf-8")
        if i >= n:
            (rest / f"p{i:05d}.txt").write_text(plan(i), encoding="utf-8")
    t_all, _ = _timed_build(work / "kg-all", every)
    t_rest, _ = _timed_build(work / "kg-rest", rest)
    _timed_build(work / "kg", every)
    for p in sorted(every.glob("*.txt"))[:n]:
        p.unlink()
    t_remove, s = _timed_build(work / "kg", every)
    assert len(s.removed) == n, (len(s.removed), n)
    say(f"removing {n:,} of {n + keep:,} files (incremental): {t_remove:.2f} s; "
        f"fresh build of the {keep} left: {t_rest:.2f} s; of all {n + keep:,}: {t_all:.2f} s "
        f"(removal / full build = {t_remove / t_all:.2f})")


# --- memory of one large file ---------------------------------------------------------

CHILD = r"""
import json, resource, sys
from graphkit.store import build_files
a = json.loads(sys.argv[1])
s = build_files(a["store"], [a["file"]], max_bytes=a["max_bytes"], jobs=1)
me, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"measures": s.measures, "quads": s.quads, "skipped": len(s.skipped),
    "load_s": s.seconds_load,
    "peak_mb": max(me.ru_maxrss, kids.ru_maxrss) / 1024,  # of the process or any worker
    "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}))
"""


def _big_file(path: Path, mb: int) -> None:
    """A file of about ``mb`` MB: corpus texts one after another."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as fh:
        size, i = 0, 0
        while size < mb * 2**20:
            t = texts[i % len(texts)] + "\n"
            fh.write(t)
            size += len(t.encode("utf-8"))
            i += 1


def memory(work: Path, big: int) -> None:
    rows = {}
    for mb in (10, big):
        f = work / f"big{mb}.txt"
        _big_file(f, mb)
        args = {"store": str(work / f"kg{mb}"), "file": str(f), "max_bytes": (mb + 10) * 2**20}
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], env=ENV,
                              capture_output=True, text=True, timeout=1800, check=False)
        if proc.returncode:
            raise SystemExit(f"the {mb} MB build failed:\n{proc.stderr[-2000:]}")
        rows[mb] = json.loads(proc.stdout.splitlines()[-1])
        rows[mb]["seconds"] = time.perf_counter() - t
        f.unlink()
        shutil.rmtree(work / f"kg{mb}", ignore_errors=True)
        r = rows[mb]
        say(f"one {mb} MB file, end to end: peak {r['peak_mb']:.0f} MB, {r['measures']:,} "
            f"measures, {r['quads']:,} quads in {r['seconds']:.1f} s ({r['cpu_s']:.1f} s CPU, "
            f"{r['load_s']:.1f} s loading the store)")
    a, b = rows[10], rows[big]
    say(f"{big} MB / 10 MB: peak memory {b['peak_mb'] / a['peak_mb']:.2f}, "
        f"CPU time {b['cpu_s'] / a['cpu_s']:.2f}, wall time {b['seconds'] / a['seconds']:.2f} "
        f"(for {big / 10:.0f}x the text; wall time is the CPU's on a machine not shared)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=10, help="kill -9 trials (each under a minute)")
    ap.add_argument("--remove", type=int, default=1000, help="files removed incrementally")
    ap.add_argument("--keep", type=int, default=20, help="files that stay")
    ap.add_argument("--big", type=int, default=100, help="size in MB of the one large file")
    ap.add_argument("--only", default="kill,removal,memory")
    args = ap.parse_args()
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="gk-hostile-") as tmp:
        work = Path(tmp)
        if "kill" in parts:
            (work / "kill").mkdir()
            kill_trials(work / "kill", min(args.kills, 50))
        if "removal" in parts:
            (work / "removal").mkdir()
            removal(work / "removal", args.remove, args.keep)  # most go: the rest is copied
            shutil.rmtree(work / "removal")
            (work / "removal").mkdir()
            removal(work / "removal", args.remove, args.remove * 3 // 2)  # most stay
        if "memory" in parts:
            (work / "memory").mkdir()
            memory(work / "memory", args.big)


if __name__ == "__main__":
    main()
