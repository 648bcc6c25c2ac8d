"""Extraction and builds spread over processes and a Dask cluster give what one process gives."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.errors import ExecutorError
from graphkit.extraction.build import _safe_extract
from graphkit.extraction.executors import AHEAD, map_files, worker_peaks
from graphkit.store import build_files

distributed = pytest.importorskip("distributed")

CHANGED = "002_a353d1155dfef9ed.txt"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a cluster of two worker processes of one thread each, on loopback."""
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",
    ) as cluster:
        yield cluster.scheduler_address


@pytest.fixture
def collection(tmp_path, corpus_dir, test_data) -> Path:
    """The corpus, the small cases and one file that cannot be read."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in [*corpus_dir.glob("*.txt"), *(test_data / "cases").glob("*.txt")]:
        shutil.copy(p, folder / p.name)
    (folder / "zz_binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    return folder


class Counted(Sequence):
    """A list that tells how far it has been read."""

    def __init__(self, items: list) -> None:
        self.items = items
        self.read = 0

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __iter__(self):
        for x in self.items:
            self.read += 1
            yield x


def sorted_nquads(store: Path) -> list[str]:
    db = ox.Store.read_only(str(store))
    text = db.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return sorted(text.splitlines())


@pytest.mark.parametrize("executor,jobs", [("local", 1), ("local", 2), ("dask", 2)])
def test_results_keep_file_order_with_few_files_in_flight(executor, jobs, scheduler):
    files = Counted([f"file{n}" * (n % 7 + 1) for n in range(60)])
    results = map_files(
        len,
        files,
        executor=executor,
        jobs=jobs,
        scheduler=scheduler if executor == "dask" else None,
    )
    first = next(results)
    assert files.read <= AHEAD * jobs
    assert [first, *results] == [len(f) for f in files.items]


def test_extractions_on_the_cluster_are_those_of_one_process(collection, scheduler):
    files = sorted(collection.glob("*.txt"))
    work = _safe_extract
    here = [repr(r) for r in map(work, files)]
    there = [repr(r) for r in map_files(work, files, executor="dask", scheduler=scheduler)]
    assert there == here
    assert any("zz_binary.txt" in r for r in there)


def test_extract_command_on_the_cluster_writes_the_same_bytes(
    collection, scheduler, run_cli, tmp_path
):
    one, dask = tmp_path / "one.jsonl", tmp_path / "dask.jsonl"
    a = run_cli("extract", collection, "--format", "records", "-o", one, "--jobs", 1)
    b = run_cli(
        "extract", collection, "--format", "records", "-o", dask,
        "--executor", "dask", "--scheduler", scheduler,
    )  # fmt: skip
    assert a.exit_code == b.exit_code == 0
    assert one.stat().st_size > 0
    assert one.read_bytes() == dask.read_bytes()
    assert "zz_binary.txt" in b.stderr
    assert a.stderr.splitlines()[:-1] == b.stderr.splitlines()[:-1]  # all but the timing


def test_build_on_the_cluster_gives_the_same_quads(collection, scheduler, run_cli, tmp_path):
    one, dask = tmp_path / "one", tmp_path / "dask"
    assert run_cli("build", collection, "--store", one, "--jobs", 1).exit_code == 0
    r = run_cli(
        "build", collection, "--store", dask, "--executor", "dask", "--scheduler", scheduler
    )
    assert r.exit_code == 0, r.stderr
    quads = sorted_nquads(one)
    assert len(quads) > 10_000
    assert sorted_nquads(dask) == quads
    # and incrementally: one changed file is extracted on the cluster, the rest kept
    p = collection / CHANGED
    p.write_text(p.read_text(encoding="utf-8").replace("区工商局牵头", "区统计局牵头"), "utf-8")
    summary = build_files(dask, [collection], executor="dask", scheduler=scheduler)
    assert summary.extracted == [CHANGED]
    build_files(one, [collection], full=True)
    assert sorted_nquads(dask) == sorted_nquads(one) != quads


def test_a_cluster_started_for_the_run(collection, tmp_path):
    files = sorted(collection.glob("*.txt"))[:3]
    got = [repr(r) for r in map_files(_safe_extract, files, executor="dask", jobs=1)]
    assert got == [repr(_safe_extract(f)) for f in files]


def test_peak_memory_of_each_worker(scheduler):
    peaks = worker_peaks(scheduler)
    assert len(peaks) == 2
    assert all(20 * 2**20 < v < 8 * 2**30 for v in peaks.values())


def test_wrong_executor_settings_are_named(monkeypatch, run_cli, collection):
    with pytest.raises(ExecutorError, match="needs --executor dask"):
        list(map_files(len, ["a"], scheduler="tcp://127.0.0.1:8786"))
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    r = run_cli("extract", collection, "--executor", "dask")
    assert r.exit_code == 1
    assert r.stderr.strip() == (
        "Error: --executor dask needs the cluster extra: pip install 'graphkit[cluster]'"
    )
