"""How the analyses read the store: the agency–measure graph read from the role
edges and pyoxigraph's terms is the graph the former reading (assignment nodes,
rdflib's terms; ``tests/former_reading.py``) gave, node for node, edge for edge,
attribute for attribute and in the same order."""

from __future__ import annotations

import networkx as nx
import pyoxigraph as ox
import pytest
from former_reading import former_bipartite_graph, former_select

from graphkit.analysis import bipartite_graph
from graphkit.analysis.sparql import _XSD, select, select_rows
from graphkit.store import open_store

OPTIONS = [
    {},
    {"groups": True, "unassigned": True},
    {"units": "roll-up"},
    {"follow_reforms": True},
    {"role": "lead"},
    {"role": ["cooperate", "responsible"], "groups": True, "examples": 1},
    {"topics": "TOPIC"},  # the sample's first topic
    {"year": 2021},
    {"unassigned": True, "details": False},
]
#: What ``details=False`` leaves out.
DETAILS = {"number", "text", "section", "deadline", "due_date", "targets", "source", "line",
           "topics"}


def assert_same_graph(G: nx.Graph, H: nx.Graph) -> None:
    """The same nodes and edges, in the same order, with the same attributes."""
    assert G.graph == H.graph
    assert list(G.nodes) == list(H.nodes)
    for n in G:
        assert list(G.nodes[n].items()) == list(H.nodes[n].items()), n
    assert list(G.edges) == list(H.edges)
    for u, v in G.edges:
        assert G.edges[u, v] == H.edges[u, v], (u, v)
    for n in G:
        assert list(G[n]) == list(H[n]), n


def without_details(G: nx.Graph) -> nx.Graph:
    """``G`` with what ``details=False`` leaves out taken out (in place: a copy would
    change the order of the neighbours)."""
    for _, data in G.nodes(data=True):
        for k in DETAILS:
            data.pop(k, None)
        if "examples" in data:
            data["examples"] = ()
    return G


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "default")
def test_the_sample_graph_is_read_as_before(sample_store, options):
    if options.get("topics") == "TOPIC":
        topic = min(r["n"] for r in select(sample_store, "SELECT ?n WHERE { ?m gk:topic ?t . "
                                           "?t skos:notation ?n }"))
        options = {**options, "topics": topic}
    full = {k: v for k, v in options.items() if k != "details"}
    G = former_bipartite_graph(sample_store, **full)
    if options.get("details") is False:
        G = without_details(G)
    assert G.number_of_edges() > 0
    assert_same_graph(G, bipartite_graph(sample_store, **options))


@pytest.mark.parametrize("options", [{}, {"groups": True, "unassigned": True},
                                     {"follow_reforms": True, "units": "roll-up"}],
                         ids=["default", "groups", "reforms"])
def test_the_contract_graph_is_read_as_before(contract_store, contract_dataset, options):
    G = former_bipartite_graph(contract_store, **options)
    assert_same_graph(G, bipartite_graph(contract_store, **options))
    # an rdflib Dataset goes through rdflib's terms, and still gives the same graph
    assert_same_graph(G, bipartite_graph(contract_dataset, **options))


def test_a_region_filter_reads_as_before(sample_store):
    region = next(r["name"] for r in select(sample_store, "SELECT ?name WHERE { "
                                            "?d a gk:Document ; dct:spatial/skos:prefLabel ?name }"))
    G = former_bipartite_graph(sample_store, region=region)
    assert_same_graph(G, bipartite_graph(sample_store, region=region))


@pytest.mark.slow
@pytest.mark.parametrize("options", [{}, {"groups": True, "follow_reforms": True},
                                     {"region": "甘肃省", "units": "roll-up"}],
                         ids=["default", "groups-reforms", "region-units"])
def test_the_corpus_graph_is_read_as_before(corpus_store, options):
    G = former_bipartite_graph(corpus_store, **options)
    assert G.number_of_edges() > 100
    assert_same_graph(G, bipartite_graph(corpus_store, **options))
    assert_same_graph(without_details(G), bipartite_graph(corpus_store, details=False,
                                                          **options))


def test_values_read_from_pyoxigraph_are_those_read_through_rdflib(sample_store):
    """Every term of the store, and literals whose forms rdflib rewrites."""
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    store = open_store(sample_store)
    variables, rows = select_rows(store, query)
    former = former_select(store, query)
    assert len(rows) == len(former) > 1000
    assert [dict(zip(variables, r, strict=True)) for r in rows] == former
    odd = ox.Store()
    forms = [("01", "integer"), ("+5", "integer"), ("x", "integer"), ("1", "double"),
             ("2.50", "decimal"), ("1E3", "double"), ("TRUE", "boolean"), ("1", "boolean"),
             ("0", "boolean"), ("2021", "gYear"), ("2021-02-30", "date"), ("2021-02", "gYearMonth")]
    for i, (form, datatype) in enumerate(forms):
        odd.add(ox.Quad(ox.NamedNode(f"https://example.org/{i:02d}"),
                        ox.NamedNode("https://example.org/p"),
                        ox.Literal(form, datatype=ox.NamedNode(_XSD + datatype))))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    got = select(odd, query)
    assert got == former_select(odd, query)
    assert [type(r["o"]) for r in got[:6]] == [int, int, str, float, float, float]


def test_a_query_that_fails_is_a_query_error(sample_store):
    from graphkit.errors import QueryError

    with pytest.raises(QueryError):
        select_rows(sample_store, "SELECT ?s WHERE {")
    with pytest.raises(QueryError):
        select_rows(sample_store, "ASK { ?s ?p ?o }")
