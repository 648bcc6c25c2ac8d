"""Exports: each format read back by an independent parser gives the same graph."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from graphkit.store import EXPORT_FORMATS, build, export, graph_of, ledger_rows
from graphkit.store.export import LEDGER_COLUMNS

needs_rapper = pytest.mark.skipif(
    shutil.which("rapper") is None, reason="needs rapper (raptor2-utils)"
)


def rdflib_term(t):
    if isinstance(t, ox.NamedNode):
        return URIRef(t.value)
    if t.language:
        return Literal(t.value, lang=t.language)
    if t.datatype.value == str(XSD.string):
        return Literal(t.value)
    return Literal(t.value, datatype=URIRef(t.datatype.value))


def named_quads(path) -> list[ox.Quad]:
    """The document graphs' quads, read with pyoxigraph alone (not the default graph)."""
    store = ox.Store.read_only(str(path))
    return [q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)]


def store_dataset(path) -> Dataset:
    """The store's named graphs as an rdflib Dataset."""
    ds = Dataset()
    for q in named_quads(path):
        ds.add(
            (
                rdflib_term(q.subject),
                rdflib_term(q.predicate),
                rdflib_term(q.object),
                URIRef(q.graph_name.value),
            )
        )
    return ds


def union(ds: Dataset) -> Graph:
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def plain(g: Graph) -> Graph:
    """Literals typed ``xsd:string`` (as some parsers give them) written plain."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def rapper(data: bytes, syntax: str, out: str) -> bytes:
    proc = subprocess.run(
        ["rapper", "-q", "-i", syntax, "-o", out, "-", "https://example.org/base/"],
        input=data,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def test_every_format_is_offered():
    assert set(EXPORT_FORMATS) == {"ttl", "nt", "nq", "jsonld", "csv"}


@needs_rapper
@pytest.mark.parametrize(("fmt", "syntax"), [("ttl", "turtle"), ("nt", "ntriples")])
def test_triples_formats_read_back_by_rapper(fmt, syntax, sample_store):
    data = export(sample_store, fmt)
    again = Graph().parse(data=rapper(data, syntax, "ntriples"), format="nt")
    expected = union(store_dataset(sample_store))
    assert len(again) == len(expected) > 1000
    assert isomorphic(plain(again), plain(expected))


@needs_rapper
def test_nquads_read_back_by_rapper_graph_by_graph(sample_store):
    data = export(sample_store, "nq")
    again = Dataset()
    again.parse(data=rapper(data, "nquads", "nquads"), format="nquads")
    expected = store_dataset(sample_store)
    names = {g.identifier for g in expected.graphs() if len(g)}
    assert {g.identifier for g in again.graphs() if len(g)} == names
    assert len(names) == 4  # three documents and the ontology
    for name in names:
        assert isomorphic(plain(again.graph(name)), plain(expected.graph(name))), name


def test_jsonld_read_back_by_oxigraph(sample_store):
    data = export(sample_store, "jsonld")
    json.loads(data)  # well-formed JSON
    assert b'"@context"' in data  # compacted, not expanded
    got = set(ox.parse(data, format=ox.RdfFormat.JSON_LD))
    assert got == set(named_quads(sample_store))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # inside rdflib's JSON-LD parser
def test_jsonld_read_back_by_rdflib(sample_store):
    again = Dataset()
    again.parse(data=export(sample_store, "jsonld"), format="json-ld")
    expected = store_dataset(sample_store)
    for g in expected.graphs():
        if len(g):
            assert isomorphic(plain(again.graph(g.identifier)), plain(g))


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "jsonld", "csv"])
def test_exports_are_the_same_every_build(fmt, tmp_path, sample_extractions):
    build(tmp_path / "a", sample_extractions)
    build(tmp_path / "b", list(reversed(sample_extractions)))
    assert export(tmp_path / "a", fmt) == export(tmp_path / "b", fmt)


def test_export_of_an_rdflib_graph_matches_the_store(tmp_path, sample_extractions):
    build(tmp_path / "kg", sample_extractions, ontology=False)
    for fmt in EXPORT_FORMATS:
        assert export(graph_of(sample_extractions), fmt) == export(tmp_path / "kg", fmt), fmt


def test_ledger(sample_store, sample_extractions):
    text = export(sample_store, "csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0]) == LEDGER_COLUMNS
    measures = [m for x in sample_extractions for m in x.measures]
    titles = {d.id: d.title for x in sample_extractions for d in x.documents}
    assert len(rows) == len(measures)
    by_line = {(r["source"], int(r["line"])): r for r in rows}
    for m in measures:
        row = by_line[(m.source, m.line)]

        def names(role, m=m):
            out = []
            for a in m.assignments:
                label = a.agency or a.mention
                if a.role == role and label not in out:
                    out.append(label)
            return "、".join(out)

        assert row["document"] == titles[m.doc_id]
        assert row["measure_no"] == m.number and row["measure"] == m.text
        assert row["lead"] == names("lead")
        assert row["cooperating"] == names("cooperate")
        assert row["responsible"] == names("responsible")
        assert row["deadline"] == (m.deadline.text if m.deadline else "")
        assert row["due_date"] == (m.deadline.date if m.deadline else "")
        assert row["targets"] == "；".join(t.phrase for t in m.targets)
    assert [(r["source"], int(r["line"])) for r in rows] == sorted(by_line)


def test_ledger_rows_from_records(sample_records):
    rows = ledger_rows(sample_records)
    assert rows[0]["lead"] == "拉萨市市场监督管理局"
    assert rows[0]["cooperating"] == "拉萨市行政审批局、拉萨市公安局、国家税务总局拉萨市税务局"


def test_jsonld_bytes_do_not_depend_on_the_hash_seed(sample_store):
    import hashlib
    import os
    import subprocess
    import sys

    digests = set()
    for seed in ("0", "1", "123"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-m", "graphkit", "export", "--store",
                              str(sample_store), "--format", "jsonld"], env=env,
                             capture_output=True, check=True)
        digests.add(hashlib.sha256(out.stdout).hexdigest())
    assert len(digests) == 1
