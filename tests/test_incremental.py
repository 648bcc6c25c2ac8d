"""``graphkit build`` over a collection: incremental, parallel, interrupted, strict."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.errors import InputError
from graphkit.namespace import IRIs
from graphkit.store import build_files, counts, query
from graphkit.store.incremental import SOURCES_FILE

ROOT = Path(__file__).resolve().parent.parent
CHANGED = "002_a353d1155dfef9ed.txt"


BIG = "001_041f23564040a89e.txt"


@pytest.fixture
def collection(tmp_path, corpus_dir, test_data):
    """A copy of the corpus (but its largest file) and the small cases, to change at will."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in [*corpus_dir.glob("*.txt"), *(test_data / "cases").glob("*.txt")]:
        if p.name != BIG:
            shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture
def built(collection, tmp_path):
    """The collection built once; returns the store path."""
    kg = tmp_path / "kg"
    build_files(kg, [collection])
    return kg


def graphs(store: Path) -> dict[str, set]:
    """Every graph of a store as a set of (s, p, o); the default graph under ''."""
    db = ox.Store.read_only(str(store))
    out: dict[str, set] = defaultdict(set)
    for q in db:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
        out[name].add((q.subject, q.predicate, q.object))
    return dict(out)


def of_source(gs: dict[str, set], source: str) -> dict[str, set]:
    return {g: t for g, t in gs.items() if f"/graph/{source}/" in g}


def union_of_named(gs: dict[str, set]) -> set:
    return set().union(*(t for g, t in gs.items() if g))


def change_one_clause(folder: Path) -> None:
    p = folder / CHANGED
    text = p.read_text(encoding="utf-8")
    assert text.count("区工商局牵头") >= 1
    p.write_text(text.replace("区工商局牵头", "区统计局牵头"), encoding="utf-8")


def test_second_build_extracts_nothing_and_changes_nothing(collection, built):
    before = graphs(built)
    again = build_files(built, [collection])
    assert again.extracted == [] and again.removed == []
    assert len(again.unchanged) == 6
    assert graphs(built) == before


def test_a_changed_file_replaces_exactly_its_own_graphs(collection, built):
    before = graphs(built)
    change_one_clause(collection)
    summary = build_files(built, [collection])
    assert summary.extracted == [CHANGED]
    assert len(summary.unchanged) == 5
    after = graphs(built)
    # every other document graph and the ontology are untouched
    others = {g for g in before if g and CHANGED not in g}
    assert others and all(after[g] == before[g] for g in others)
    # the changed file's graphs are new: the lead of its first task moved
    changed_before, changed_after = of_source(before, CHANGED), of_source(after, CHANGED)
    assert changed_before.keys() == changed_after.keys()
    assert changed_before != changed_after
    leads = query(
        built,
        "SELECT ?label WHERE { ?a gk:leads ?m ; skos:prefLabel ?label . "
        f'?m gk:sourceFile "{CHANGED}" }}',
    )["label"].tolist()
    assert any("统计局" in x for x in leads) and not any("工商" in x for x in leads)
    # the union default graph is again exactly the union of the named graphs
    assert after[""] == union_of_named(after)
    # the list of sources holds the file's new checksum
    sums = json.loads((built / SOURCES_FILE).read_text(encoding="utf-8"))["sources"]
    assert sums[CHANGED] == hashlib.sha256((collection / CHANGED).read_bytes()).hexdigest()


def test_incremental_store_equals_a_full_build(collection, built, tmp_path):
    change_one_clause(collection)
    (collection / "traditional_plan.txt").unlink()
    build_files(built, [collection])
    fresh = tmp_path / "fresh"
    build_files(fresh, [collection], full=True)
    assert graphs(built) == graphs(fresh)


def test_a_removed_file_takes_its_graphs_and_only_its_triples(collection, built):
    before = graphs(built)
    (collection / "traditional_plan.txt").unlink()
    summary = build_files(built, [collection])
    assert summary.removed == ["traditional_plan.txt"] and summary.extracted == []
    after = graphs(built)
    assert not of_source(after, "traditional_plan.txt")
    assert after[""] == union_of_named(after)
    gone = union_of_named(of_source(before, "traditional_plan.txt")) - union_of_named(after)
    assert gone and not (gone & after[""])
    assert counts(built).measures == counts(built).measures  # still opens and counts


def test_a_file_that_became_unreadable_keeps_its_last_graphs(collection, built):
    before = graphs(built)
    (collection / CHANGED).write_bytes(b"\x00\x01binary now" * 100)
    summary = build_files(built, [collection])
    assert len(summary.skipped) == 1 and CHANGED in summary.skipped[0]
    assert graphs(built) == before  # kept, and its old checksum with it
    assert build_files(built, [collection]).skipped  # tried again next time


def test_jobs_give_the_same_store(collection, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    build_files(one, [collection], jobs=1)
    summary = build_files(two, [collection], jobs=2)
    assert len(summary.extracted) == 6
    assert graphs(one) == graphs(two)


def test_another_base_means_a_full_build(collection, built):
    summary = build_files(built, [collection], iris=IRIs("https://example.org/kg/"))
    assert len(summary.extracted) == 6 and not summary.incremental
    docs = query(built, "SELECT ?d WHERE { ?d a gk:Document }")["d"].tolist()
    assert docs and all(str(d).startswith("https://example.org/kg/") for d in docs)


def test_same_file_name_twice_is_skipped(collection, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(collection / CHANGED, other / CHANGED)
    summary = build_files(tmp_path / "kg", [collection, other])
    assert len(summary.skipped) == 1
    assert "same file name as" in summary.skipped[0] and str(other) in summary.skipped[0]


@pytest.mark.parametrize("strict", [False, True])
def test_nothing_readable_or_strict_leaves_the_store(collection, built, tmp_path, strict):
    before = graphs(built)
    if strict:
        (collection / "zz_empty.txt").write_bytes(b"")
        match = "--strict: 1 file"
        paths = [collection]
    else:
        bad = tmp_path / "bad"
        bad.mkdir()
        (bad / "empty.txt").write_bytes(b"")
        match = "nothing to build"
        paths = [bad]
    with pytest.raises(InputError, match=match):
        build_files(built, paths, strict=strict, full=True)
    assert graphs(built) == before
    assert not list(built.parent.glob(".kg.build-*"))


# --- the command --------------------------------------------------------------


def graphkit(*args: object, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def test_build_command_reports_files_and_strict(collection, tmp_path, run_cli):
    kg = tmp_path / "kg"
    (collection / "zz_empty.txt").write_bytes(b"")
    first = run_cli("build", collection, "--store", kg, "--jobs", "2")
    assert first.exit_code == 0, first.stderr
    assert "files: 6 extracted, 0 unchanged, 0 removed, 1 skipped" in first.stderr
    assert "skipped 1 of 7 files:" in first.stderr and "zz_empty.txt: empty file" in first.stderr
    change_one_clause(collection)
    strict = run_cli("build", collection, "--store", kg, "--strict")
    assert strict.exit_code == 1 and "--strict" in strict.stderr
    again = run_cli("build", collection, "--store", kg)
    assert "files: 1 extracted, 5 unchanged, 0 removed, 1 skipped" in again.stderr
    full = run_cli("build", collection, "--store", kg, "--full")
    assert "files: 6 extracted, 0 unchanged" in full.stderr


def test_killed_build_leaves_the_previous_store_usable(collection, tmp_path, corpus_dir):
    kg = tmp_path / "kg"
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(collection / CHANGED, small / CHANGED)
    assert graphkit("build", small, "--store", kg).wait(timeout=120) == 0
    before = graphs(kg)
    measures = counts(kg).measures
    # a bigger build, killed once it has started writing its new store
    big = tmp_path / "big"
    big.mkdir()
    for i in range(2):
        for p in corpus_dir.glob("*.txt"):
            shutil.copy(p, big / f"{i}_{p.name}")
    proc = graphkit("build", big, "--store", kg, "--full")
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".kg.build-*/CURRENT")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert proc.poll() is None, "the build ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert list(tmp_path.glob(".kg.build-*")), "the killed build had started beside the store"
    # the previous store is intact and answers queries
    assert graphs(kg) == before
    assert counts(kg).measures == measures
    # the next build cleans up after the killed one and succeeds (incrementally)
    again = graphkit("build", small, "--store", kg)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()
    assert b"0 extracted, 1 unchanged" in err
    assert not list(tmp_path.glob(".kg.build-*"))
    done = graphkit("build", big, "--store", kg, "--jobs", "2")
    _, err = done.communicate(timeout=300)
    assert done.returncode == 0, err.decode()
    assert counts(kg).measures > 2 * 1300


def test_same_quads_as_the_library_build(collection, tmp_path):
    """The streamed N-Quads path loads exactly what ``graphkit.store.build`` does."""
    from graphkit.extraction import extract_paths
    from graphkit.store import build

    build_files(tmp_path / "files", [collection])
    build(tmp_path / "records", extract_paths([collection]))
    assert graphs(tmp_path / "files") == graphs(tmp_path / "records")


def test_a_store_written_otherwise_is_built_in_full(collection, built):
    from graphkit.extraction import extract_paths
    from graphkit.store import update

    update(built, extract_paths([collection / CHANGED]))  # a copy without the list of sources
    assert not (built / SOURCES_FILE).exists()
    summary = build_files(built, [collection])
    assert len(summary.extracted) == 6 and not summary.incremental
    assert (built / SOURCES_FILE).exists()
