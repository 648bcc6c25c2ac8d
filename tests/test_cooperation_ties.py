"""Cooperation ties written at build time equal the pairs the assignments give.

Each document graph carries a ``gk:CooperationTie`` per pair of agencies sharing
measures of it; the sums over graphs are what ``agency_pairs`` and
:func:`graphkit.analysis.tie_graph` read. Here the ties are checked against the
pairs recomputed from the records and from the assignments in the store, on a
full build and after incremental builds that change and remove a file.
"""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from itertools import combinations

import pytest
from rdflib import RDF, URIRef

from graphkit.analysis import bipartite_graph, collaboration_graph, cooperation_graph, tie_graph
from graphkit.analysis.sparql import select
from graphkit.namespace import GK, IRIs
from graphkit.store import build_files, cookbook_query, graph_of, query

CHANGED = "002_a353d1155dfef9ed.txt"
REMOVED = "traditional_plan.txt"
BIG = "001_041f23564040a89e.txt"

#: The pairs recomputed from the agencies' role properties (the query agency_pairs was).
FROM_ASSIGNMENTS = """\
SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?a a gk:Agency ; gk:leads|gk:cooperatesOn|gk:responsibleFor ?m .
  ?b a gk:Agency ; gk:leads|gk:cooperatesOn|gk:responsibleFor ?m .
  FILTER (STR(?a) < STR(?b))
} GROUP BY ?a ?b"""

#: The pairs summed from the materialised ties.
FROM_TIES = """\
SELECT ?a ?b (SUM(?w) AS ?n) WHERE {
  ?t a gk:CooperationTie ; gk:firstAgency ?a ; gk:secondAgency ?b ; gk:weight ?w .
} GROUP BY ?a ?b"""

#: Ties whose weight is not the number of their measure links.
BAD_WEIGHTS = """\
SELECT ?t WHERE {
  { SELECT ?t (COUNT(DISTINCT ?m) AS ?n) WHERE { ?t gk:sharedMeasure ?m } GROUP BY ?t }
  ?t gk:weight ?w .
  FILTER (?w != ?n)
}"""


def _pairs(store, sparql: str) -> dict[tuple[str, str], int]:
    return {(r["a"], r["b"]): r["n"] for r in select(store, sparql)}


def _expected_ties(records, iris: IRIs) -> dict[str, dict[tuple[str, str], tuple]]:
    """Per document graph: (first, second) -> (shared, first leads, second leads), from records."""
    out: dict[str, dict[tuple[str, str], tuple[set, set, set]]] = defaultdict(dict)
    for x in records:
        for m in x.measures:
            roles: dict[str, set[str]] = defaultdict(set)
            for a in m.assignments:
                if a.agency and not a.collective and a.role in ("lead", "cooperate", "responsible"):
                    roles[str(iris.agency(a.agency, a.scope))].add(a.role)
            g = str(iris.graph(m.doc_id))
            node = str(iris.measure(m.id))
            for first, second in combinations(sorted(roles), 2):
                shared, fl, sl = out[g].setdefault((first, second), (set(), set(), set()))
                shared.add(node)
                if "lead" in roles[first]:
                    fl.add(node)
                if "lead" in roles[second]:
                    sl.add(node)
    return out


def test_each_document_graph_holds_the_ties_of_its_own_measures(sample_extractions):
    iris = IRIs("https://example.org/kg/")
    ds = graph_of(sample_extractions, iris)
    got: dict[str, dict[tuple[str, str], tuple]] = defaultdict(dict)
    for g in ds.graphs():
        for t in g.subjects(RDF.type, GK.CooperationTie):
            (a,), (b,) = list(g.objects(t, GK.firstAgency)), list(g.objects(t, GK.secondAgency))
            (w,) = list(g.objects(t, GK.weight))
            shared = {str(m) for m in g.objects(t, GK.sharedMeasure)}
            assert w.toPython() == len(shared)
            got[str(g.identifier)][(str(a), str(b))] = (
                shared,
                {str(m) for m in g.objects(t, GK.firstLeads)},
                {str(m) for m in g.objects(t, GK.secondLeads)},
            )
    want = _expected_ties(sample_extractions, iris)
    assert dict(got) == dict(want)
    # the sample has pairs sharing several measures of one document, and ties both ways
    assert max(len(s) for ties in want.values() for s, _, _ in ties.values()) > 1
    assert any(fl and sl for ties in want.values() for _, fl, sl in ties.values())


def test_tie_iris_name_their_document():
    """Two documents' ties of the same pair are two nodes: the union adds their weights."""
    iris = IRIs("https://example.org/kg/")
    a, b = str(iris.agency("甲局")), str(iris.agency("乙局"))
    assert iris.cooperation_tie("f.txt/d1", a, b) != iris.cooperation_tie("f.txt/d2", a, b)
    assert isinstance(iris.cooperation_tie("f.txt/d1", a, b), URIRef)


@pytest.fixture
def collection(tmp_path, corpus_dir, test_data):
    """A copy of the corpus (but its largest file) and the small cases, to change at will."""
    folder = tmp_path / "in"
    folder.mkdir()
    for p in [*corpus_dir.glob("*.txt"), *(test_data / "cases").glob("*.txt")]:
        if p.name != BIG:
            shutil.copy(p, folder / p.name)
    return folder


def _check(store) -> dict[tuple[str, str], int]:
    ties = _pairs(store, FROM_TIES)
    assert ties == _pairs(store, FROM_ASSIGNMENTS)
    assert select(store, BAD_WEIGHTS) == []
    return ties


def test_tie_sums_equal_the_assignments_through_incremental_builds(collection, tmp_path):
    kg = tmp_path / "kg"
    build_files(kg, [collection])
    before = _check(kg)
    assert before and max(before.values()) > 1

    p = collection / CHANGED
    text = p.read_text(encoding="utf-8")
    assert "区工商局牵头" in text
    p.write_text(text.replace("区工商局牵头", "区统计局牵头"), encoding="utf-8")
    assert build_files(kg, [collection]).extracted == [CHANGED]
    changed = _check(kg)
    assert changed != before

    (collection / REMOVED).unlink()
    assert build_files(kg, [collection]).removed == [REMOVED]
    removed = _check(kg)
    assert removed != changed
    assert sum(removed.values()) < sum(changed.values())

    # and the incremental store's ties are those of a full build of the same files
    fresh = tmp_path / "fresh"
    build_files(fresh, [collection], full=True)
    assert _pairs(fresh, FROM_TIES) == removed


def test_agency_pairs_reads_the_ties(sample_store):
    text = cookbook_query("agency_pairs")
    assert "gk:weight" in text and "gk:leads" not in text
    df = query(sample_store, text)
    labels = {r["a"]: r["label"] for r in select(
        sample_store, "SELECT ?a ?label WHERE { ?a a gk:Agency ; skos:prefLabel ?label }")}
    want = Counter({
        frozenset((labels[a], labels[b])): n for (a, b), n in _pairs(sample_store, FROM_ASSIGNMENTS).items()
    })
    got = {frozenset((a, b)): n for a, b, n in zip(df["first"], df["second"], df["measures"], strict=True)}
    assert got == dict(want)


@pytest.mark.parametrize("region", [None, "拉萨市"])
def test_tie_graph_is_the_collaboration_and_cooperation_graph(sample_store, region):
    B = bipartite_graph(sample_store, region=region)
    iri = dict(B.nodes(data="iri"))

    def by_iri(G, key=lambda u, v: frozenset((u, v))):
        names = dict(G.nodes(data="iri"))
        return {key(names[u], names[v]): (d["weight"], d.get("measures")) for u, v, d in G.edges(data=True)}

    P = collaboration_graph(B, isolates=False)
    T = tie_graph(sample_store, region=region)
    assert {k: w for k, (w, _) in by_iri(T).items()} == {
        frozenset((iri[u], iri[v])): d["shared"] for u, v, d in P.edges(data=True)}
    C = cooperation_graph(B, isolates=False)
    D = tie_graph(sample_store, directed=True, region=region)
    assert D.is_directed() and D.number_of_edges() > 0
    assert by_iri(D, key=lambda u, v: (u, v)) == by_iri(C, key=lambda u, v: (u, v))
    for n, data in T.nodes(data=True):
        assert B.nodes[n]["iri"] == data["iri"]
