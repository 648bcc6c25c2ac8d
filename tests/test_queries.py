"""The SPARQL cookbook: each query answers its question on the sample, the same
way on the Oxigraph store and on rdflib's in-memory store."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations

import pandas as pd
import pytest

from graphkit.errors import QueryError
from graphkit.store import cookbook, cookbook_query, graph_of, query, run
from graphkit.store.sparql import with_values


@pytest.fixture(scope="module")
def memory_graph(sample_extractions):
    return graph_of(sample_extractions)


@pytest.fixture(scope="module")
def facts(sample_extractions):
    """Plain-Python views of the sample, to check the queries against."""
    agencies = next(iter(sample_extractions)).agencies
    regions = next(iter(sample_extractions)).regions
    by_name = {r.name: r for r in regions.values()}
    docs = {d.id: d for x in sample_extractions for d in x.documents}
    measures = [m for x in sample_extractions for m in x.measures]

    def ancestors(name):
        r = by_name.get(name)
        while r is not None:
            yield r.name
            r = regions.get(r.parent)

    return agencies, by_name, docs, measures, ancestors


def cookbook_names():
    return sorted(cookbook())


def test_the_cookbook_has_the_research_questions():
    assert set(cookbook_names()) >= {
        "lead_agencies",
        "agency_pairs",
        "region_measures",
        "targets_by_unit",
        "business_start_days",
        "lead_functions_by_province",
        "citing_documents",
    }
    for name, text in cookbook().items():
        assert text.startswith("# "), f"{name}.rq should open with a comment saying what it answers"


@pytest.mark.parametrize("name", cookbook_names())
def test_oxigraph_and_rdflib_memory_agree(name, sample_store, memory_graph):
    on_disk = query(sample_store, cookbook_query(name))
    in_memory = query(memory_graph, cookbook_query(name))
    assert len(on_disk) > 0
    pd.testing.assert_frame_equal(on_disk, in_memory, check_dtype=False)


def test_lead_agencies(sample_store, facts):
    agencies, _, _, measures, _ = facts
    led = defaultdict(set)
    for m in measures:
        for a in m.assignments:
            if a.role == "lead" and not a.collective:
                led[a.agency].add(m.id)
    want = sorted(((n, len(ms)) for n, ms in led.items()), key=lambda t: (-t[1], t[0]))
    df = query(sample_store, cookbook_query("lead_agencies"))
    assert list(zip(df["name"], df["measures"], strict=True)) == want
    assert list(df["region"]) == [agencies[n].region for n, _ in want]


def test_agency_pairs(sample_store, facts):
    measures = facts[3]
    pairs = Counter()
    for m in measures:
        named = {a.agency for a in m.assignments if not a.collective}
        pairs.update(frozenset(p) for p in combinations(sorted(named), 2))
    df = query(sample_store, cookbook_query("agency_pairs"))
    got = {
        frozenset((a, b)): n
        for a, b, n in zip(df["first"], df["second"], df["measures"], strict=True)
    }
    assert got == dict(pairs)
    assert list(df["measures"]) == sorted(df["measures"], reverse=True)
    assert max(pairs.values()) == 3


@pytest.mark.parametrize("region", [None, "拉萨市", "西藏自治区", "陕西省", "西安市", "城关区"])
def test_region_measures(region, sample_store, facts):
    _, _, docs, measures, ancestors = facts
    want = {
        (m.source, m.line)
        for m in measures
        if region is None or region in set(ancestors(docs[m.doc_id].region))
    }
    params = {"region": region} if region else None
    df = query(sample_store, cookbook_query("region_measures"), params=params)
    assert set(zip(df["source"], df["line"], strict=True)) == want
    if want:
        row = df[(df["source"] == "lhasa.txt") & (df["line"] == 5)]
        if len(row):
            assert row.iloc[0]["deadline"] == "8月底" and row.iloc[0]["due"] == pd.Timestamp("2021-08-31")
        dated = df.dropna(subset=["due"])
        for _, group in dated.groupby("place"):
            assert list(group["due"]) == sorted(group["due"])


def test_targets_by_unit(sample_store, facts):
    _, _, docs, measures, _ = facts
    groups = defaultdict(list)
    for m in measures:
        for t in m.targets:
            groups[(t.unit, docs[m.doc_id].region)].append(float(t.value))
    df = query(sample_store, cookbook_query("targets_by_unit"))
    got = {
        (u, p): (n, lo, hi)
        for u, p, n, lo, hi in zip(
            df["unit"], df["place"], df["targets"], df["smallest"], df["largest"], strict=True
        )
    }
    assert got == {k: (len(v), min(v), max(v)) for k, v in groups.items()}


def test_business_start_days(sample_store, facts):
    _, _, docs, measures, _ = facts
    want = []
    for m in measures:
        for t in m.targets:
            before = m.text.split(t.phrase)[0] if t.phrase in m.text else ""
            clause = re.split("[。；，]", before)[-1]
            if any(u in t.unit for u in ("日", "天", "小时")) and "开办" in clause + t.phrase:
                want.append((float(t.value), docs[m.doc_id].region, m.line))
    df = query(sample_store, cookbook_query("business_start_days"))
    assert list(zip(df["value"], df["place"], df["line"], strict=True)) == sorted(want)
    # 4个工作日办结 stands in a clause of its own; the 20-day target is about 注销
    assert [v for v, *_ in sorted(want)] == [0.5, 1.0]


def test_lead_functions_by_province(sample_store, facts):
    agencies, by_name, docs, measures, ancestors = facts
    counts = defaultdict(lambda: (set(), set()))
    for m in measures:
        provinces = [n for n in ancestors(docs[m.doc_id].region) if by_name[n].level == "province"]
        for a in m.assignments:
            if a.role == "lead" and not a.collective and agencies[a.agency].function:
                for p in provinces:
                    ms, ags = counts[(p, agencies[a.agency].function)]
                    ms.add(m.id)
                    ags.add(a.agency)
    df = query(sample_store, cookbook_query("lead_functions_by_province"))
    got = {
        (p, f): (n, k)
        for p, f, n, k in zip(
            df["province"], df["function"], df["measures"], df["agencies"], strict=True
        )
    }
    assert got == {k: (len(ms), len(ags)) for k, (ms, ags) in counts.items()}


@pytest.mark.parametrize(
    ("cited", "documents"),
    [
        ("国办发〔2022〕30号", {"shaanxi.txt/d1", "shaanxi.txt/d2"}),
        ("优化营商环境条例", {"lhasa.txt/d1", "shaanxi.txt/d1"}),
        ("国务院办公厅关于进一步优化营商环境", {"shaanxi.txt/d1", "shaanxi.txt/d2"}),
        ("不存在的文件", set()),
        (None, {"lhasa.txt/d1", "shaanxi.txt/d1", "shaanxi.txt/d2"}),
    ],
)
def test_citing_documents(cited, documents, sample_store, facts):
    docs = facts[2]
    params = {"cited": cited} if cited else None
    df = query(sample_store, cookbook_query("citing_documents"), params=params)
    by_place = {(d.source, d.line): d.id for d in docs.values()}
    assert {by_place[(s, n)] for s, n in zip(df["source"], df["line"], strict=True)} == documents
    if cited is None:
        assert set(df["citedNumber"]) == {"国办发〔2022〕30号", "国务院令第722号"}


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT ?x WHERE { ?x ?p ?o }", 'SELECT ?x WHERE { VALUES ?v { "值" } ?x ?p ?o }'),
        ("select * { ?x ?p ?o }", 'select * { VALUES ?v { "值" } ?x ?p ?o }'),
        (
            'PREFIX ex: <http://ex/a#> SELECT (CONCAT("{", ?o) AS ?c) # {x}\nWHERE { ?x ex:p ?o }',
            'PREFIX ex: <http://ex/a#> SELECT (CONCAT("{", ?o) AS ?c) # {x}\n'
            'WHERE { VALUES ?v { "值" } ?x ex:p ?o }',
        ),
        (
            "CONSTRUCT { ?x ?p ?o . } WHERE { ?x ?p ?o }",
            'CONSTRUCT { ?x ?p ?o . } WHERE { VALUES ?v { "值" } ?x ?p ?o }',
        ),
    ],
)
def test_parameters_go_first_in_the_where_group(sparql, expected):
    assert with_values(sparql, {"v": "值"}) == expected


def test_bad_parameters(sample_store):
    with pytest.raises(QueryError, match="variable name"):
        run(sample_store, "SELECT * { ?s ?p ?o }", params={"a b": "x"})
    with pytest.raises(QueryError, match=r"no variable [?]a to bind"):
        run(sample_store, "DESCRIBE <http://ex/a>", params={"a": "x"})


@pytest.mark.parametrize("where", ["store", "memory"])
def test_construct_with_parameters(where, sample_store, memory_graph):
    target = sample_store if where == "store" else memory_graph
    df = query(
        target,
        "CONSTRUCT { ?a gk:leads ?m } WHERE { ?a gk:leads ?m ; skos:prefLabel ?n ."
        " FILTER(STR(?n) = ?who) }",
        params={"who": "拉萨市市场监督管理局"},
    )
    assert len(df) == 2
