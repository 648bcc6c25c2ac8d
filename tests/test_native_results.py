"""``graphkit query`` formats Oxigraph's answers from pyoxigraph terms, without rdflib:
the text of every format is byte for byte that of the rdflib path (the Python
API's terms), on the cookbook's queries over the sample and the corpus, with
parameters, and on literals that rdflib rewrites."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib.term

from graphkit.store import cookbook, format_results, run
from graphkit.store.native import REWRITTEN, native
from graphkit.store.prefixes import FLOATS, INTEGERS, PREFIXES, XSD_STRING
from graphkit.store.results import FORMATS
from graphkit.store.terms import from_ox, to_ox

XSD = PREFIXES["xsd"]


def both(target, sparql, params=None):
    """The text of each format from the rdflib path and from the native path."""
    old = run(target, sparql, params=params)
    new = run(target, sparql, params=params, native=True)
    assert all(not isinstance(t, rdflib.term.Node) for row in new.rows for t in row)
    return {f: (format_results(old, f), format_results(new, f)) for f in FORMATS}


def assert_same(texts):
    for fmt, (old, new) in texts.items():
        assert new.encode("utf-8") == old.encode("utf-8"), fmt


@pytest.mark.parametrize("name", sorted(cookbook()))
def test_cookbook_on_the_corpus(name, corpus_store):
    texts = both(corpus_store, cookbook()[name])
    assert_same(texts)
    assert texts["csv"][0].count("\n") > 1 or name in ("reform_chains",)


@pytest.mark.parametrize(("name", "params"), [
    ("region_measures", {"region": "拉萨市"}),
    ("region_measures", {"region": "西藏自治区"}),
    ("citing_documents", {"cited": "某方案"}),
    ("lead_agencies", {}),
])
def test_cookbook_with_parameters_on_the_sample(name, params, sample_store):
    assert_same(both(sample_store, cookbook()[name], params))


@pytest.mark.parametrize("sparql", [
    "ASK { ?a skos:prefLabel ?name ; gk:leads ?m }",
    "ASK { ?a skos:prefLabel ?name }",
    "SELECT ?a WHERE { ?a skos:prefLabel ?name } ORDER BY ?a",
    "SELECT ?name ?a WHERE { ?a skos:prefLabel ?name } ORDER BY ?a",
    "CONSTRUCT { ?a skos:prefLabel ?name } WHERE { ?a skos:prefLabel ?name }",
])
def test_parameters_by_label_and_as_terms(sparql, sample_store):
    names = run(sample_store, "SELECT ?n WHERE { ?a a gk:Agency ; skos:prefLabel ?n } LIMIT 3")
    for (label,) in names.rows:
        for value in (str(label), f'"{label}"@zh', f'"{label}"', '"nothing"'):
            assert_same(both(sample_store, sparql, {"name": value}))


#: Literals rdflib writes back differently, and their neighbours it keeps.
ODD = """SELECT ?x WHERE { VALUES ?x {
  "20"^^xsd:decimal "020.50"^^xsd:decimal "0.0000001"^^xsd:decimal 1.0 1.5e0 1e0 1e20 -0.0e0
  "01"^^xsd:integer "+5"^^xsd:integer " 5 "^^xsd:int "5_000"^^xsd:integer "abc"^^xsd:integer
  "0005"^^xsd:long "1"^^xsd:byte "INF"^^xsd:double "NaN"^^xsd:double "1.0"^^xsd:float
  "2023"^^xsd:gYear "2023-1"^^xsd:gYear "2023-12-31"^^xsd:date "2023-12-31Z"^^xsd:date
  "2023-02-30"^^xsd:date "0000-01-01"^^xsd:date "2023-12-31T10:00:00.500+08:00"^^xsd:dateTime
  "TRUE"^^xsd:boolean "1"^^xsd:boolean true false "x"@ZH-cn "P1Y"^^xsd:duration
  "10:00:00"^^xsd:time "AAAA"^^xsd:base64Binary "0a"^^xsd:hexBinary "x"^^<http://e.org/x>
  "<a>b</a>"^^rdf:XMLLiteral "<p>x</p>"^^rdf:HTML " a \\t b "^^xsd:token
  " a \\n b "^^xsd:normalizedString "x"^^xsd:string "a\\"b\\\\c\\nd" <http://e.org/a>
} } ORDER BY STR(?x)"""


def test_literals_rdflib_rewrites(sample_store):
    assert_same(both(sample_store, ODD))
    store = ox.Store()
    for solution in store.query(ODD, prefixes=PREFIXES):
        t = solution["x"]
        assert native(t) == to_ox(from_ox(t)), t
    assert_same(both(store, ODD))
    assert_same(both(store, ODD + " LIMIT 0"))


def test_the_rewritten_datatypes_are_those_rdflib_reads():
    """Every datatype rdflib reads into a value (or normalises as text) is one that
    :func:`native` hands to rdflib unless its lexical form is one rdflib keeps."""
    read = {str(dt) for dt, conv in rdflib.term.XSDToPython.items()
            if dt is not None and conv is not None}
    read |= {XSD + "normalizedString", XSD + "token"}
    assert read <= REWRITTEN
    assert XSD_STRING not in REWRITTEN and INTEGERS | FLOATS <= REWRITTEN


def test_prefixes_are_the_namespaces():
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
    from rdflib.namespace import XSD as RXSD

    from graphkit.namespace import CV, ELI, GK, ORG

    assert PREFIXES == {"gk": str(GK._NS), "org": str(ORG), "cv": str(CV), "eli": str(ELI),
                        "skos": str(SKOS), "dct": str(DCTERMS), "prov": str(PROV),
                        "xsd": str(RXSD), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
