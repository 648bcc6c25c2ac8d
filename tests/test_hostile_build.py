"""Broken folders and killed builds: every entry not read is named, and no build loses data."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit.extraction.sources import scan_sources
from graphkit.store import counts
from graphkit.store.incremental import SOURCES_FILE

ROOT = Path(__file__).resolve().parent.parent


def plan(name: str, agency: str = "市公安局") -> str:
    """A small plan with one measure, whose title carries ``name``."""
    return f"拉萨市人民政府关于印发{name}方案的通知\n一、任务\n1.加强监管。（{agency}牵头）\n"


def write_plans(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        (folder / f"{n}.txt").write_text(plan(n), encoding="utf-8")


def graphkit(*args: object, user: list[str] | None = None, **kwargs) -> subprocess.Popen:
    """``python -m graphkit ARGS`` in a child process (``user``: a command prefix)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [*(user or []), sys.executable, "-m", "graphkit", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def run(*args: object, user: list[str] | None = None, timeout: float = 180) -> tuple[int, str]:
    proc = graphkit(*args, user=user)
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err.decode("utf-8", "replace")


def sources_of(store: Path) -> set[str]:
    return set(json.loads((store / SOURCES_FILE).read_text(encoding="utf-8"))["sources"])


# --- folders: unreadable, loops, dangling links, FIFOs, names ------------------


#: Run as root, a build is stopped by no permission: drop the capabilities that let it pass.
NO_DAC = "-dac_override,-dac_read_search"


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv (util-linux): permissions cannot bite")
    return ["setpriv", f"--inh-caps={NO_DAC}", f"--bounding-set={NO_DAC}", "--"]


def test_an_unreadable_folder_is_named_and_its_graphs_are_kept(tmp_path):
    src = tmp_path / "in"
    write_plans(src, ["a1"])
    write_plans(src / "sub", ["b1", "b2"])
    kg = tmp_path / "kg"
    user = _unprivileged()
    code, err = run("build", src, "--store", kg, user=user)
    assert code == 0, err
    assert sources_of(kg) == {"a1.txt", "b1.txt", "b2.txt"}
    measures = counts(kg).measures
    (src / "sub").chmod(0)
    code, err = run("build", src, "--store", kg, user=user)
    assert code == 0, err
    assert f"{src / 'sub'}: folder cannot be read" in err
    assert "0 removed" in err and "the graphs of 2 file(s) under them are kept" in err
    assert sources_of(kg) == {"a1.txt", "b1.txt", "b2.txt"}
    assert counts(kg).measures == measures
    # a file changed beside it is still rebuilt, and the kept ones stay
    (src / "a1.txt").write_text(plan("a1", "市税务局"), encoding="utf-8")
    code, err = run("build", src, "--store", kg, user=user)
    assert code == 0 and "1 extracted" in err and "0 removed" in err, err
    assert sources_of(kg) == {"a1.txt", "b1.txt", "b2.txt"}
    code, err = run("build", src, "--store", kg, "--strict", user=user)
    assert code == 1 and "--strict" in err and "folder cannot be read" in err
    # readable again: nothing was lost, nothing to do
    (src / "sub").chmod(0o755)
    code, err = run("build", src, "--store", kg, user=user)
    assert code == 0 and "0 extracted, 3 unchanged, 0 removed" in err, err


def test_loops_dangling_links_and_fifos_are_named_and_never_opened(tmp_path, run_cli):
    src = tmp_path / "in"
    write_plans(src, ["a1", "a2"])
    (src / "self.txt").symlink_to("self.txt")
    (src / "loopdir").symlink_to(src)  # a folder above: walked once
    (src / "gone.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(src / "pipe.txt")  # opening it would block
    (src / "linked.txt").symlink_to(src / "a1.txt")
    found = scan_sources([src])
    assert [f.name for f in found.files] == ["a1.txt", "a2.txt", "linked.txt"]  # links are read
    text = "\n".join(found.problems)
    assert f"{src / 'self.txt'}: symlink loop" in text
    assert f"{src / 'loopdir'}: symlink to a folder already read" in text
    assert f"{src / 'gone.txt'}: dangling symlink" in text
    assert f"{src / 'pipe.txt'}: a FIFO, not a file" in text
    (src / "linked.txt").unlink()
    # the command names them all, builds the rest, and does not hang on the FIFO
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = run_cli("build", src, loop, "--store", tmp_path / "kg")
    assert result.exit_code == 0, result.stderr
    assert f"{loop}: symlink loop" in result.stderr and "pipe.txt: a FIFO" in result.stderr
    assert sources_of(tmp_path / "kg") == {"a1.txt", "a2.txt"}
    strict = run_cli("build", src, "--store", tmp_path / "kg", "--strict")
    assert strict.exit_code == 1
    extract = run_cli("extract", src, loop)
    assert extract.exit_code == 0 and f"{loop}: symlink loop" in extract.stderr
    assert len(extract.stdout.splitlines()) == 2


def test_a_file_name_that_is_not_utf8_is_named_and_the_rest_built(tmp_path):
    src = tmp_path / "in"
    write_plans(src, ["a1"])
    bad = os.fsdecode(os.fsencode(src) + b"/\xb9\xab\xb0\xb2.txt")  # GBK bytes
    with open(bad, "w", encoding="utf-8") as fh:
        fh.write(plan("b1"))
    kg = tmp_path / "kg"
    code, err = run("build", src, "--store", kg, "--jobs", "2")
    assert code == 0, err
    assert "UnicodeEncodeError" not in err and "Traceback" not in err
    assert "\\xb9\\xab\\xb0\\xb2.txt: file name is not valid UTF-8" in err
    assert sources_of(kg) == {"a1.txt"}
    code, err = run("extract", src)
    assert code == 0 and "not valid UTF-8" in err and "Traceback" not in err
    # given by name, and in a folder whose own name is not UTF-8
    code, err = run("build", bad, src / "a1.txt", "--store", kg)
    assert code == 0 and "not valid UTF-8" in err, err
    folder = os.fsdecode(os.fsencode(tmp_path) + b"/d\xff")
    write_plans(Path(folder), ["c1"])
    code, err = run("build", folder, src / "a1.txt", "--store", kg)
    assert code == 0 and "d\\xff/c1.txt: file name is not valid UTF-8" in err, err


def test_extract_refuses_the_same_file_name_as_build_does(tmp_path, run_cli):
    write_plans(tmp_path / "x", ["same"])
    write_plans(tmp_path / "y", ["same"])
    (tmp_path / "y" / "same.txt").write_text(plan("same", "市税务局"), encoding="utf-8")
    ex = run_cli("extract", tmp_path / "x", tmp_path / "y")
    rows = [json.loads(line) for line in ex.stdout.splitlines()]
    assert len(rows) == 1 and len({r["id"] for r in rows}) == 1
    message = f"{tmp_path / 'y' / 'same.txt'}: same file name as {tmp_path / 'x' / 'same.txt'}"
    assert message in ex.stderr
    built = run_cli("build", tmp_path / "x", tmp_path / "y", "--store", tmp_path / "kg")
    assert message in built.stderr
    for jobs in ("1", "2"):
        again = run_cli("extract", tmp_path / "x", tmp_path / "y", "--jobs", jobs)
        assert again.stdout == ex.stdout


# --- killed builds and the lock ------------------------------------------------


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_workers_die_with_a_killed_build_and_the_next_build_runs(tmp_path, corpus_dir):
    big = tmp_path / "big"
    big.mkdir()
    for i in range(3):
        for p in corpus_dir.glob("*.txt"):
            shutil.copy(p, big / f"{i}_{p.name}")
    kg = tmp_path / "kg"
    proc = graphkit("build", big, "--store", kg, "--jobs", "2")
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        workers = _children(proc.pid)
    assert proc.poll() is None and len(workers) >= 2, "the build ended before it was killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [w for w in workers if _alive(w)]
    for w in survivors:  # leave nothing running, whatever the outcome
        os.kill(w, signal.SIGKILL)
    assert not survivors, "workers outlived their build"
    small = tmp_path / "small"
    write_plans(small, ["a1"])
    code, err = run("build", small, "--store", kg)
    assert code == 0, err


def test_a_lock_held_for_a_dead_build_is_taken_over(tmp_path):
    src = tmp_path / "in"
    write_plans(src, ["a1"])
    kg = tmp_path / "kg"
    lock = tmp_path / ".kg.lock"
    # a lock held by a process that is not the build that wrote its pid (as an orphaned
    # worker would hold it): a sleeping child inherits the lock file, its parent dies
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import fcntl, os, subprocess, sys\n"
            f"fh = open({str(lock)!r}, 'a+')\n"
            "fcntl.flock(fh, fcntl.LOCK_EX)\n"
            "fh.write(str(os.getpid())); fh.flush()\n"
            "child = subprocess.Popen(['sleep', '60'], pass_fds=[fh.fileno()])\n"
            "print(child.pid, flush=True)\n"
            "os._exit(0)\n"
        )],
        stdout=subprocess.PIPE,
    )
    orphan = int(holder.stdout.readline())
    holder.wait(timeout=30)
    try:
        code, err = run("build", src, "--store", kg)
        assert code == 0, err
        assert lock.read_text().strip().isdigit()
        # a live holder is still respected, and named
        live = subprocess.Popen(
            [sys.executable, "-c", (
                "import fcntl, os, time\n"
                f"fh = open({str(lock)!r}, 'a+')\n"
                "fcntl.flock(fh, fcntl.LOCK_EX)\n"
                "fh.seek(0); fh.truncate(); fh.write(str(os.getpid())); fh.flush()\n"
                "print('ok', flush=True)\n"
                "time.sleep(60)\n"
            )],
            stdout=subprocess.PIPE,
        )
        try:
            assert live.stdout.readline().strip() == b"ok"
            code, err = run("build", src, "--store", kg, "--full")
            assert code == 1 and f"another build (pid {live.pid}) is writing" in err
        finally:
            live.kill()
            live.wait()
    finally:
        os.kill(orphan, signal.SIGKILL)


def test_a_store_that_is_a_symlink_is_rebuilt_in_place(tmp_path, run_cli):
    src = tmp_path / "in"
    write_plans(src, ["a1"])
    real = tmp_path / "data" / "kg"
    link = tmp_path / "kg"
    link.symlink_to(real)
    first = run_cli("build", src, "--store", link)
    assert first.exit_code == 0, first.stderr
    write_plans(src, ["a2"])
    second = run_cli("build", src, "--store", link)
    assert second.exit_code == 0 and "1 extracted, 1 unchanged" in second.stderr
    assert link.is_symlink() and real.is_dir()
    assert sources_of(real) == {"a1.txt", "a2.txt"}
    assert (real.parent / ".kg.lock").exists() and not (tmp_path / ".kg.lock").exists()
    assert counts(link).measures == 2


# --- removal: linear, and the same store as a fresh build -------------------------


def _graphs(store: Path) -> dict[str, set]:
    import pyoxigraph as ox

    out: dict[str, set] = {}
    for q in ox.Store.read_only(str(store)):
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        out.setdefault(name, set()).add((q.subject, q.predicate, q.object))
    return out


@pytest.mark.parametrize("remove", [24, 3], ids=["most-go", "few-go"])
def test_removing_many_files_gives_the_store_of_a_fresh_build(tmp_path, remove):
    from graphkit.store import build_files

    src = tmp_path / "in"
    write_plans(src, [f"p{i:02d}" for i in range(30)])
    kg = tmp_path / "kg"
    build_files(kg, [src])
    for i in range(remove):
        (src / f"p{i:02d}.txt").unlink()
    for i in range(remove, remove + 3):  # and a few changed in the same build
        (src / f"p{i:02d}.txt").write_text(plan(f"p{i:02d}", "市教育局"), encoding="utf-8")
    summary = build_files(kg, [src])
    assert len(summary.removed) == remove and len(summary.extracted) == 3
    build_files(tmp_path / "fresh", [src])
    assert _graphs(kg) == _graphs(tmp_path / "fresh")


# --- clear messages: full disks, damaged stores, folders not writable ------------------

ONE = ROOT / "data" / "corpus" / "002_a353d1155dfef9ed.txt"
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture
def small_device(tmp_path):
    """A folder on a 4 MB file system (a tmpfs, as root), or None where none can be mounted."""
    mnt = tmp_path / "dev"
    mnt.mkdir()
    if os.geteuid() == 0 and shutil.which("mount"):
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                              capture_output=True, check=False)
        if done.returncode == 0:
            try:
                yield mnt
            finally:
                subprocess.run(["umount", "-l", str(mnt)], check=False)
            return
    yield None


def test_a_full_disk_is_a_message_and_the_store_is_kept(tmp_path, small_device):
    import resource

    where = small_device or tmp_path
    limit = None
    if small_device is None:  # no mount: the same error (EFBIG) from a file size limit
        def limit():
            resource.setrlimit(resource.RLIMIT_FSIZE, (3 * 2**20, 3 * 2**20))
    kg = where / "kg"

    def build(*paths):
        proc = subprocess.Popen(
            [sys.executable, "-m", "graphkit", "build", *map(str, paths), "--store", str(kg)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit,
        )
        _, err = proc.communicate(timeout=300)
        return proc.returncode, err.decode()

    code, err = build(ONE)
    assert code == 0, err
    before = counts(kg).measures
    code, err = build(CORPUS)
    assert code == 1 and "Traceback" not in err, err
    assert f"no space left on the device holding {kg}" in err
    assert "the store is left as it was" in err
    assert counts(kg).measures == before
    assert not list(where.glob(".kg.build-*"))


def test_writing_to_a_full_device_is_a_message(run_cli):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    result = run_cli("extract", ONE, "-o", "/dev/full")
    assert result.exit_code == 1 and "cannot write /dev/full: No space left on device" in (
        result.stderr)


def _damage(store: Path, how: str) -> None:
    if how == "truncated-sst":
        sst = max(store.glob("*.sst"), key=lambda p: p.stat().st_size)
        os.truncate(sst, 100)
    elif how == "truncated-manifest":
        os.truncate(next(store.glob("MANIFEST-*")), 50)
    else:  # a flipped block: its checksum no longer matches
        for sst in store.glob("*.sst"):
            if sst.stat().st_size > 20_000:
                data = bytearray(sst.read_bytes())
                for i in range(1000, 1100):
                    data[i] ^= 0xFF
                sst.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["truncated-sst", "truncated-manifest", "bad-checksum"])
def test_a_damaged_store_is_named_and_build_full_repairs_it(tmp_path, how):
    kg = tmp_path / "kg"
    code, err = run("build", ONE, "--store", kg)
    assert code == 0, err
    _damage(kg, how)
    code, err = run("build", ONE, CORPUS / "004_abf73070d00dbf85.txt", "--store", kg)
    assert code == 1 and "Traceback" not in err, err
    assert f"the store at {kg} is damaged" in err and "graphkit build --full" in err
    code, err = run("build", ONE, "--store", kg, "--full")
    assert code == 0, err
    assert counts(kg).measures > 0


def test_a_folder_that_is_not_writable_is_a_message(tmp_path):
    user = _unprivileged()
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        for store in (parent / "kg", parent / "sub" / "kg"):
            code, err = run("build", ONE, "--store", store, user=user)
            assert code == 1 and "Traceback" not in err, err
            assert f"cannot build the store at {store}" in err and "must be writable" in err
            assert "Permission denied" in err
    finally:
        parent.chmod(0o755)


# --- one large file: loaded in slices -------------------------------------------------


def test_a_file_larger_than_the_spool_is_loaded_in_slices_to_the_same_store(
    tmp_path, monkeypatch
):
    from graphkit.store import build_files, incremental

    src = tmp_path / "in"
    write_plans(src, ["a1", "a2"])
    big = "".join(plan(f"b{i}", "市教育局") for i in range(40))
    (src / "big.txt").write_text(big, encoding="utf-8")
    build_files(tmp_path / "whole", [src])
    loads = []
    real_load = incremental._Spool._load

    def counted(self):
        loads.append(self.size)
        real_load(self)

    monkeypatch.setattr(incremental, "SPOOL_BYTES", 4096)
    monkeypatch.setattr(incremental._Spool, "_load", counted)
    build_files(tmp_path / "sliced", [src])
    assert len(loads) > 10 and max(loads) < 2 * 4096 + 2048  # at most two slices and a line
    assert _graphs(tmp_path / "sliced") == _graphs(tmp_path / "whole")
    # and a change of the large file replaces its graphs across slices
    (src / "big.txt").write_text(big.replace("市教育局", "市财政局"), encoding="utf-8")
    build_files(tmp_path / "sliced", [src])
    build_files(tmp_path / "fresh", [src])
    assert _graphs(tmp_path / "sliced") == _graphs(tmp_path / "fresh")
