"""The ontology, the shapes and the cookbook: parseable, shipped, and in step with the code."""

from __future__ import annotations

import configparser
import fnmatch
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import SH

from graphkit.namespace import GK
from graphkit.store import cookbook, graph_of, ontology_graph, shapes_graph
from graphkit.store.ontology import ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parent.parent
NS = str(GK._NS)
DECLARED_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    SKOS.ConceptScheme,
    SKOS.Concept,
}


def code_terms() -> set[URIRef]:
    """Every term of the ``GK`` class."""
    return {URIRef(NS + name) for name in GK.__annotations__}


def declared_terms(g: Graph) -> set[URIRef]:
    return {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def used_terms(text: str) -> set[URIRef]:
    """``gk:`` terms named in Turtle or SPARQL text (prefixed or full IRIs)."""
    found = {URIRef(NS + m) for m in re.findall(r"\bgk:([A-Za-z_][\w]*)", text)}
    found |= {URIRef(NS + m) for m in re.findall(re.escape(NS) + r"([A-Za-z_]\w*)", text)}
    return found


def test_every_code_term_is_declared_and_every_declaration_is_in_the_code():
    g = ontology_graph()
    assert code_terms() - declared_terms(g) == set(), (
        "in graphkit/namespace.py, not in graphkit.ttl"
    )
    assert declared_terms(g) - code_terms() == set(), (
        "in graphkit.ttl, not in graphkit/namespace.py"
    )


@pytest.mark.parametrize("term", sorted(code_terms()), ids=lambda t: t.split("#")[1])
def test_term_is_typed_labelled_and_explained_in_english_and_chinese(term):
    g = ontology_graph()
    assert set(g.objects(term, RDF.type)) & DECLARED_TYPES, f"{term} has no OWL/SKOS type"
    for prop in (RDFS.label, RDFS.comment):
        langs = {o.language for o in g.objects(term, prop)}
        assert {"en", "zh"} <= langs, f"{term} lacks {prop} in en and zh"


def test_role_properties_are_sub_properties_of_assigned_to():
    g = ontology_graph()
    for p in (GK.leads, GK.cooperatesOn, GK.responsibleFor):
        assert (p, RDFS.subPropertyOf, GK.assignedTo) in g


@pytest.mark.parametrize(
    ("scheme", "concepts"),
    [
        (GK.RoleScheme, {GK.roleLead, GK.roleCooperate, GK.roleResponsible}),
        (GK.AdminLevelScheme, {GK.levelNational, GK.levelProvince, GK.levelCity, GK.levelCounty}),
    ],
)
def test_fixed_concept_schemes(scheme, concepts):
    g = ontology_graph()
    assert set(g.subjects(SKOS.inScheme, scheme)) == concepts
    for c in concepts:
        assert {o.language for o in g.objects(c, SKOS.prefLabel)} == {"en", "zh"}


@pytest.mark.parametrize(
    ("cls", "parents"),
    [
        (
            "Agency",
            {
                "http://www.w3.org/ns/org#Organization",
                "http://data.europa.eu/m8g/PublicOrganisation",
            },
        ),
        ("AgencyUnit", {"http://www.w3.org/ns/org#OrganizationalUnit"}),
        ("Collaboration", {"http://www.w3.org/ns/org#OrganizationalCollaboration"}),
        ("Document", {"http://data.europa.eu/eli/ontology#LegalResource"}),
        ("Measure", {"http://data.europa.eu/eli/ontology#LegalResourceSubdivision"}),
        ("Assignment", {"http://www.w3.org/ns/prov#Association"}),
    ],
)
def test_classes_reuse_established_vocabularies(cls, parents):
    g = ontology_graph()
    assert {str(o) for o in g.objects(GK[cls], RDFS.subClassOf)} >= parents


def test_ontology_has_an_owl_ontology_header():
    g = ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g


def test_shapes_and_cookbook_only_use_declared_terms():
    declared = declared_terms(ontology_graph())
    shapes = (ROOT / "graphkit" / "data" / "shapes.ttl").read_text(encoding="utf-8")
    assert used_terms(shapes) - declared == set()
    for name, text in cookbook().items():
        assert used_terms(text) - declared == set(), name


def test_the_graph_uses_only_declared_terms(sample_extractions):
    declared = declared_terms(ontology_graph())
    ds = graph_of(sample_extractions)
    used = set()
    for _s, p, o, _g in ds.quads((None, None, None, None)):
        used |= {t for t in (p, o) if isinstance(t, URIRef) and str(t).startswith(NS)}
        if p == RDF.type and str(o).startswith(NS):
            used.add(o)
    assert used - declared == set()
    # and the graph uses the vocabulary, not a corner of it
    assert {GK.leads, GK.cooperatesOn, GK.responsibleFor, GK.Assignment, GK.AgencyGroup} <= used


def test_shapes_target_the_ontology_classes():
    shapes = shapes_graph()
    targets = set(shapes.objects(None, SH.targetClass))
    assert {GK.Document, GK.Measure, GK.Assignment, GK.Agency, GK.Region} <= targets


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize("name", ["graphkit.ttl", "shapes.ttl"])
def test_an_independent_parser_reads_the_turtle(name):
    path = ROOT / "graphkit" / "data" / name
    out = subprocess.run(
        ["rapper", "-q", "-i", "turtle", "-o", "ntriples", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    again = Graph().parse(data=out, format="nt")
    assert len(again) == len(Graph().parse(path, format="turtle"))


# --- shipped inside the package ---------------------------------------------


def package_data_patterns() -> list[str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    raw = cfg["options.package_data"]["graphkit"]
    return [p.strip() for p in raw.replace("\n", ",").split(",") if p.strip()]


def shipped_files() -> list[str]:
    data = ROOT / "graphkit" / "data"
    return sorted(
        str(p.relative_to(ROOT / "graphkit"))
        for p in data.rglob("*")
        if p.is_file() and p.suffix in (".ttl", ".rq")
    )


def test_package_data_ships_the_ontology_shapes_and_queries():
    patterns = package_data_patterns()
    files = shipped_files()
    assert "data/graphkit.ttl" in files and "data/shapes.ttl" in files
    assert any(f.startswith("data/queries/") for f in files)
    missing = [f for f in files if not any(fnmatch.fnmatchcase(f, p) for p in patterns)]
    assert missing == [], f"not covered by setup.cfg package_data: {missing}"


@pytest.mark.parametrize("name", ["graphkit.ttl", "shapes.ttl", "queries"])
def test_ontology_folder_is_the_package_data(name):
    """``ontology/`` links into ``graphkit/data/`` (one copy of each file)."""
    top, packaged = ROOT / "ontology" / name, ROOT / "graphkit" / "data" / name
    assert top.resolve() == packaged.resolve()
    if packaged.is_file():
        assert top.read_bytes() == packaged.read_bytes()
