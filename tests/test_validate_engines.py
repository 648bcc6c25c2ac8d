"""The SPARQL engine of ``graphkit validate`` gives pyshacl's report.

The graphs are built by graphkit from the sample and then broken by writing
triples into the store: for every property shape of ``shapes.ttl`` a focus node
gets values of every wrong kind, another loses its values, and a node of each
target class is a blank node with nothing else said of it. Both engines check
the same store; their results (focus node, path, constraint component, shape,
severity, message, value) must be the same, and together the broken graphs
must violate every constraint the shapes have, so that a constraint the
translation misses or gets wrong fails a test.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, SH, XSD

from graphkit.store import build, validate
from graphkit.store.disk import write_union
from graphkit.store.ontology import shapes_graph
from graphkit.store.shacl_sparql import UnsupportedShapes, compile_shapes

GK = "https://w3id.org/graphkit/ontology#"
ORG = "http://www.w3.org/ns/org#"
JUNK = "urn:graphkit:test:"
SHAPES = shapes_graph()


def results(report):
    return Counter(dataclasses.astuple(v) for v in report.violations + report.warnings)


def assert_same_report(store) -> set[tuple[str, str]]:
    """Both engines' reports on ``store`` are equal; the (shape, component) pairs violated."""
    fast, slow = validate(store, engine="sparql"), validate(store, engine="pyshacl")
    assert (fast.engine, slow.engine) == ("sparql", "pyshacl")
    missed, extra = results(slow) - results(fast), results(fast) - results(slow)
    assert not missed and not extra, f"missed by sparql: {missed}\nonly in sparql: {extra}"
    assert fast.conforms == slow.conforms and fast.triples == slow.triples
    return {(v.shape, v.component) for v in slow.violations + slow.warnings}


def property_shapes():
    """(target, property shape, predicate, inverse?, index) of the shapes targeting a
    class (``("class", C)``) or the subjects of a predicate (``("subjects", p)``)."""
    kinds = {SH.targetClass: "class", SH.targetSubjectsOf: "subjects"}
    for target, kind in kinds.items():
        for shape in sorted(set(SHAPES.subjects(target, None)), key=str):
            for what in sorted(SHAPES.objects(shape, target), key=str):
                props = sorted(SHAPES.objects(shape, SH.property), key=str)
                for i, prop in enumerate(props):
                    path = SHAPES.value(prop, SH.path)
                    inverse = SHAPES.value(path, SH.inversePath)
                    yield (kind, what), prop, (inverse or path), inverse is not None, i


def focus_nodes(store, target) -> list:
    """The focus nodes of a target in the store; new nodes typed for a class with fewer than 3."""
    kind, what = target
    if kind == "class":
        found = instances(store, what)
        if len(found) < 3:
            name = JUNK + str(what).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            new = [ox.NamedNode(f"{name}{n}") for n in range(3 - len(found))]
            a, cls = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(what))
            put(store, graph_of_docs(store), [(node, a, cls) for node in new])
            found += new
        return found
    rows = store.query(f"SELECT DISTINCT ?s WHERE {{ ?s <{what}> ?o }} ORDER BY ?s")
    return [r["s"] for r in rows] or [ox.NamedNode(JUNK + "subject")]


def compared() -> set[URIRef]:
    """Predicates that ``sh:lessThanOrEquals`` compares: pyshacl fails on a blank node there."""
    out = set()
    for prop in SHAPES.subjects(SH.lessThanOrEquals, None):
        out |= {SHAPES.value(prop, SH.path), SHAPES.value(prop, SH.lessThanOrEquals)}
    return out


def ox_term(node):
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    return ox.BlankNode(str(node))


@pytest.fixture
def store(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions)
    db = ox.Store(str(path))
    yield db
    del db


def graph_of_docs(db):
    return next(iter(sorted(db.named_graphs(), key=str)))


def instances(db, cls) -> list:
    rows = db.query(f"SELECT DISTINCT ?s WHERE {{ ?s a <{cls}> }} ORDER BY ?s")
    return [r["s"] for r in rows]


def put(db, graph, triples) -> None:
    db.extend([ox.Quad(s, p, o, graph) for s, p, o in triples])


def wrong_values(predicate) -> list:
    """Values of every kind a shape can refuse.

    Where ``sh:lessThanOrEquals`` compares them, only IRIs, strings and integers:
    pyshacl fails on a blank node or a date there.
    """
    integer, date = ox.NamedNode(str(XSD.integer)), ox.NamedNode(str(XSD.date))
    comparable = [
        ox.NamedNode(JUNK + "thing"),
        ox.Literal("bad\u0001text", language="en"),
        ox.Literal(""),
        ox.Literal("540100\n"),
        ox.Literal("0", datatype=integer),
        ox.Literal("999999", datatype=integer),
    ]
    if URIRef(predicate) in compared():
        return comparable
    return [
        *comparable,
        ox.BlankNode("junk"),
        ox.Literal("x", datatype=date),
        ox.Literal("2021-02-30", datatype=date),
        ox.Literal("四", datatype=ox.NamedNode(str(XSD.decimal))),
        ox.Literal("2021", datatype=ox.NamedNode(str(XSD.gYear))),
    ]


def break_values(store) -> None:
    """A focus node of each property shape gets values of every wrong kind."""
    g = graph_of_docs(store)
    for target, _prop, predicate, inverse, i in property_shapes():
        nodes = focus_nodes(store, target)
        focus = nodes[i % len(nodes)]  # one each, so that sh:equals has two sides
        p = ox.NamedNode(str(predicate))
        if inverse:
            put(store, g, [(ox.NamedNode(JUNK + "owner"), p, focus), (ox.BlankNode("owner"), p, focus)])
        else:
            put(store, g, [(focus, p, v) for v in wrong_values(predicate)])


def break_missing(store) -> None:
    """Another focus node of each property shape loses its values."""
    for target, _prop, predicate, inverse, i in property_shapes():
        nodes = focus_nodes(store, target)
        focus = nodes[-1 - i % len(nodes)]
        p = ox.NamedNode(str(predicate))
        if inverse:
            gone = list(store.quads_for_pattern(None, p, focus))
        elif predicate == RDF.type:  # keep the type that makes it a focus node
            gone = [q for q in store.quads_for_pattern(focus, p, None) if q.object.value != str(target[1])]
        else:
            gone = list(store.quads_for_pattern(focus, p, None))
        for q in gone:
            store.remove(q)


def break_nodes(store) -> None:
    """A blank node of each target class; the node shapes' own constraints and targets."""
    g = graph_of_docs(store)
    a = ox.NamedNode(str(RDF.type))
    classes = sorted({str(c) for c in SHAPES.objects(None, SH.targetClass)})
    put(store, g, [(ox.BlankNode(f"bare{i}"), a, ox.NamedNode(c)) for i, c in enumerate(classes)])
    # an agency group that is also an agency, a region of two levels
    group = instances(store, GK + "AgencyGroup")[0]
    region = instances(store, GK + "City")[0]
    put(store, g, [(group, a, ox.NamedNode(GK + "Agency")), (region, a, ox.NamedNode(GK + "County"))])
    # a lead edge without its assignment, an assignment without its edge
    lead = next(store.quads_for_pattern(None, ox.NamedNode(GK + "leads"), None))
    put(store, g, [(lead.subject, lead.predicate, ox.NamedNode(JUNK + "measure"))])
    for q in list(store.quads_for_pattern(lead.subject, lead.predicate, lead.object)):
        store.remove(q)
    # a region coded outside its province, a cited document with neither title nor
    # number, a topic that is no gk:Topic, a year that is no xsd:gYear
    code = ox.NamedNode(GK + "divisionCode")
    for q in list(store.quads_for_pattern(region, code, None)):
        store.remove(q)
    measure = instances(store, GK + "Measure")[0]
    agency = instances(store, GK + "Agency")[0]
    put(
        store,
        g,
        [
            (region, code, ox.Literal("990100")),
            (measure, ox.NamedNode(GK + "cites"), ox.NamedNode(JUNK + "cited")),
            (measure, ox.NamedNode(GK + "topic"), ox.NamedNode(JUNK + "topic")),
            (agency, ox.NamedNode(GK + "seenInYear"), ox.Literal("2021")),
            (agency, ox.NamedNode(ORG + "changedBy"), ox.NamedNode(JUNK + "change")),
        ],
    )


BREAKS = {"wrong values": break_values, "missing values": break_missing, "bare nodes": break_nodes}


def test_the_sample_store_conforms_in_both(store):
    assert assert_same_report(store) == set()


@pytest.mark.parametrize("how", list(BREAKS))
def test_broken_graphs_are_reported_alike(store, how):
    BREAKS[how](store)
    write_union(store)
    assert len(assert_same_report(store)) > 20


def test_the_broken_graphs_violate_every_constraint(tmp_path, sample_extractions):
    """Together they violate each constraint of the shapes: none is left untested."""
    wanted = {(str(c.shape), p.component) for c in compile_shapes(SHAPES) for p in c.parts}
    violated = set()
    for i, how in enumerate(BREAKS.values()):
        build(tmp_path / str(i), sample_extractions)
        db = ox.Store(str(tmp_path / str(i)))
        how(db)
        write_union(db)
        report = validate(db, engine="sparql")
        violated |= {(v.shape, v.component) for v in report.violations + report.warnings}
        del db
    assert wanted - violated == set()


def test_shapes_it_cannot_translate_are_checked_by_pyshacl(sample_extractions):
    closed = shapes_graph().parse(
        format="turtle",
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:S> sh:targetNode <urn:x:nothing> ; sh:closed true .""",
    )
    with pytest.raises(UnsupportedShapes, match="urn:x:S: sh:closed"):
        compile_shapes(closed)
    with pytest.warns(UserWarning, match="sh:closed is not translated"):
        report = validate(sample_extractions, shapes=closed)
    assert report.engine == "pyshacl" and report.conforms


def test_unknown_engine_is_refused(sample_extractions):
    with pytest.raises(ValueError, match="sparql, pyshacl"):
        validate(sample_extractions, engine="jena")


@pytest.mark.slow
def test_corpus_reports_agree(corpus_store):
    db = ox.Store.read_only(str(corpus_store))
    assert_same_report(db)

