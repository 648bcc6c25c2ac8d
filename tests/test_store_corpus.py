"""The whole corpus through the store: zero SHACL violations, deterministic
builds, records back unchanged, and the cookbook's answers checked against the
extraction's records."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

from graphkit.namespace import IRIs
from graphkit.records import agency_key
from graphkit.store import (
    build,
    cookbook,
    cookbook_query,
    export,
    graph_of,
    iter_records,
    query,
    validate,
)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
IRI = IRIs()


@pytest.fixture(scope="module")
def extractions():
    extraction = pytest.importorskip("graphkit.extraction")
    return list(extraction.extract_paths([CORPUS]))


@pytest.fixture(scope="module")
def memory_graph(extractions):
    return graph_of(extractions)


@pytest.fixture(scope="module")
def records(extractions):
    docs = {d.id: d for x in extractions for d in x.documents}
    measures = [m for x in extractions for m in x.measures]
    agencies = {}
    regions = {}
    for x in extractions:
        agencies.update(x.agencies)
        regions.update(x.regions)
    return docs, measures, agencies, regions


def test_every_file_is_extracted(extractions):
    assert all(hasattr(x, "documents") for x in extractions), [
        str(x) for x in extractions if not hasattr(x, "documents")
    ]
    assert len(extractions) == len(list(CORPUS.glob("*.txt")))


def test_summary_counts_match_the_records(tmp_path, extractions, records):
    docs, measures, agencies, _ = records
    s = build(tmp_path / "kg", extractions)
    assert s.documents == len(docs)
    assert s.measures == len(measures)
    issuers = {i for d in docs.values() for i in d.issuers}
    named = set(agencies) | issuers
    # and the bodies that took over from them in a reform (org:resultingOrganization)
    successors = set(query(tmp_path / "kg", """SELECT DISTINCT ?name WHERE {
        ?e org:resultingOrganization/skos:prefLabel ?name }""")["name"])
    assert s.agencies == len(named | successors)
    assert s.triples > 50_000 and s.quads >= s.triples


def test_corpus_graph_has_no_violations(corpus_store):
    report = validate(corpus_store)
    assert report.violations == [], report.summary()


def test_builds_are_byte_identical(tmp_path, extractions, corpus_store):
    build(tmp_path / "again", list(reversed(extractions)))
    for fmt in ("nq", "nt"):
        assert export(tmp_path / "again", fmt) == export(corpus_store, fmt)
    build(tmp_path / "bare", extractions, ontology=False)
    assert export(tmp_path / "bare", "nq") == export(graph_of(extractions), "nq")


def test_records_come_back(corpus_store, records, normalise):
    docs, measures, _, _ = records
    assert list(iter_records(corpus_store)) == normalise([*docs.values(), *measures])


@pytest.mark.parametrize("name", sorted(cookbook()))
def test_cookbook_agrees_with_rdflib_memory(name, corpus_store, memory_graph):
    memory = memory_graph
    on_disk = query(corpus_store, cookbook_query(name))
    in_memory = query(memory, cookbook_query(name))
    assert len(on_disk) > 0, name
    pd.testing.assert_frame_equal(on_disk, in_memory, check_dtype=False)


def test_lead_agencies(corpus_store, records):
    _, measures, _, _ = records
    led = defaultdict(set)
    for m in measures:
        for a in m.assignments:
            if a.role == "lead" and not a.collective:
                led[a.agency].add(m.id)
    want = sorted(((n, len(ms)) for n, ms in led.items()), key=lambda t: (-t[1], t[0]))
    df = query(corpus_store, cookbook_query("lead_agencies"))
    assert list(zip(df["name"], df["measures"], strict=True)) == want


def test_agency_pairs(corpus_store, records):
    _, measures, _, _ = records
    pairs = Counter()
    for m in measures:
        named = sorted(
            {a.agency for a in m.assignments if not a.collective}, key=lambda n: str(IRI.agency(n))
        )
        pairs.update(combinations(named, 2))
    want = sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))[:100]
    df = query(corpus_store, cookbook_query("agency_pairs"))
    assert (
        list(zip(zip(df["first"], df["second"], strict=True), df["measures"], strict=True)) == want
    )


@pytest.mark.parametrize("region", ["拉萨市", "西藏自治区", "陕西省", "甘肃省"])
def test_region_measures(region, corpus_store, records):
    docs, measures, _, regions = records
    by_name = {r.name: r for r in regions.values()}

    def within(name):
        r = by_name.get(name)
        while r is not None:
            if r.name == region:
                return True
            r = regions.get(r.parent)
        return False

    want = {(m.source, m.line) for m in measures if within(docs[m.doc_id].region)}
    df = query(corpus_store, cookbook_query("region_measures"), params={"region": region})
    assert set(zip(df["source"], df["line"], strict=True)) == want
    assert want


def test_targets_by_unit(corpus_store, records):
    docs, measures, _, _ = records
    groups = defaultdict(list)
    for m in measures:
        for t in m.targets:
            groups[(t.unit, docs[m.doc_id].region)].append(float(t.value))
    df = query(corpus_store, cookbook_query("targets_by_unit"))
    got = {
        (u, p): (n, lo, hi)
        for u, p, n, lo, hi in zip(
            df["unit"], df["place"], df["targets"], df["smallest"], df["largest"], strict=True
        )
    }
    assert got == {k: (len(v), min(v), max(v)) for k, v in groups.items()}


def test_business_start_days(corpus_store, records):
    _, measures, _, _ = records
    want = set()
    for m in measures:
        for t in m.targets:
            before = m.text.split(t.phrase)[0] if t.phrase in m.text else ""
            clause = re.split("[。；，]", before)[-1]
            if any(u in t.unit for u in ("日", "天", "小时")) and "开办" in clause + t.phrase:
                want.add((float(t.value), t.unit, t.phrase, m.source, m.line))
    df = query(corpus_store, cookbook_query("business_start_days"))
    got = set(zip(df["value"], df["unit"], df["phrase"], df["source"], df["line"], strict=True))
    assert got == want and len(want) >= 5


def test_lead_functions_by_province(corpus_store, records):
    docs, measures, agencies, regions = records
    by_name = {r.name: r for r in regions.values()}
    counts = defaultdict(lambda: (set(), set()))
    for m in measures:
        r, provinces = by_name.get(docs[m.doc_id].region), []
        while r is not None:
            if r.level == "province":
                provinces.append(r.name)
            r = regions.get(r.parent)
        for a in m.assignments:
            # an agency kept to its document (no place given) is keyed with that document
            key = agency_key(a.agency, a.scope)
            agency = agencies.get(key)
            if a.role == "lead" and not a.collective and agency and agency.function:
                for p in provinces:
                    counts[(p, agency.function)][0].add(m.id)
                    counts[(p, agency.function)][1].add(key)
    df = query(corpus_store, cookbook_query("lead_functions_by_province"))
    got = {
        (p, f): (n, k)
        for p, f, n, k in zip(
            df["province"], df["function"], df["measures"], df["agencies"], strict=True
        )
    }
    assert got == {k: (len(ms), len(ags)) for k, (ms, ags) in counts.items()}


def test_citing_documents(corpus_store, records):
    docs, _, _, _ = records
    national = re.compile(r"^(国|中)(办)?(发|函)|^国务院令")
    want = {
        (c.number, d.source, d.line)
        for d in docs.values()
        for c in d.cites
        if national.search(c.number) or re.match(r"^(国务院|中共中央|全国人民代表大会)", c.title)
    }
    df = query(corpus_store, cookbook_query("citing_documents"))
    assert set(zip(df["citedNumber"], df["source"], df["line"], strict=True)) == want
    number = "国办发〔2022〕35号"
    one = query(corpus_store, cookbook_query("citing_documents"), params={"cited": number})
    assert len(one) == len({w for w in want if w[0] == number}) >= 2


def test_killed_cli_build_leaves_the_old_store(tmp_path, extractions):
    path = tmp_path / "kg"
    build(path, extractions[:1])
    before = query(path, "SELECT (COUNT(DISTINCT ?m) AS ?n) { ?m a gk:Measure }")["n"][0]
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphkit", "build", "--store", str(path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".kg.build-*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert query(path, "SELECT (COUNT(DISTINCT ?m) AS ?n) { ?m a gk:Measure }")["n"][0] == before


def readme_block(command: str) -> list[str]:
    """The output lines the README shows under ``$ <command>``."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text.split(f"$ {command}\n", 1)[1].splitlines()
    out = []
    for line in lines:
        if line.startswith(("$ ", "```")):
            break
        out.append(line)
    return out


@pytest.mark.parametrize(
    ("command", "args", "cut"),
    [
        (
            "graphkit query -f lead_agencies --format csv | cut -d, -f2- | head -6",
            ["-f", "lead_agencies", "--format", "csv"],
            slice(1, None),
        ),
        (
            "graphkit query -f business_start_days --format csv | cut -d, -f1-5 | head -8",
            ["-f", "business_start_days", "--format", "csv"],
            slice(0, 5),
        ),
    ],
)
def test_readme_shows_real_output(command, args, cut, corpus_store):
    shown = readme_block(command)
    proc = subprocess.run(
        [sys.executable, "-m", "graphkit", "query", *args, "--store", str(corpus_store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = proc.stdout.splitlines()[: len(shown)]
    assert [",".join(line.split(",")[cut]) for line in lines] == shown
