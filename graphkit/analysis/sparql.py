"""The SPARQL that analysis reads the knowledge graph with, in one place.

Every query follows the graph contract (``gk:``, ``org:``, ``eli:``, ``skos:``,
``dct:``, ``prov:`` terms; one named graph per document; the union of the named
graphs as the default graph, which queries read). Every query is ``DISTINCT`` or
counts ``DISTINCT``, so that a union that repeats the descriptions each document
graph carries gives the same answers. Optional parts stay flat (one triple
pattern each): nested optional patterns are slow in Oxigraph.

:func:`select` runs a query through :func:`graphkit.store.run` on a store
directory, a ``pyoxigraph.Store`` or an rdflib ``Graph``/``Dataset``, and returns
plain Python rows: IRIs and strings as ``str``, ``xsd:integer`` as ``int``,
``xsd:decimal``/``xsd:double`` as ``float``, booleans as ``bool``, dates as ISO
strings and unbound variables as ``None``.

Examples
--------
>>> sparql_string('a "quoted" \\\\ word')
'"a \\\\"quoted\\\\" \\\\\\\\ word"'
>>> print(document_filter(year=2021, region_iri="https://example.org/region/540100"))
?d dct:spatial/gk:withinRegion* <https://example.org/region/540100> .
?d dct:issued ?_issued . FILTER(STRSTARTS(STR(?_issued), "2021"))
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graphkit.errors import QueryError, StoreError
from graphkit.store.evaluate import answer
from graphkit.store.native import REWRITTEN as _REWRITTEN
from graphkit.store.native import native as _native

__all__ = [
    "AGENCIES",
    "ALT_LABELS",
    "ASSIGNMENTS",
    "CHANGES",
    "CITATIONS",
    "CONCEPT_LABELS",
    "DOCUMENTS",
    "GROUPS",
    "GROUP_ASSIGNMENTS",
    "MEASURES",
    "MEASURE_TARGETS",
    "MEASURE_TOPICS",
    "PLACES",
    "PREFIXES",
    "REGIONS",
    "ROLE_EDGES",
    "ROLE_EDGE_VALUES",
    "ROLE_VALUES",
    "TARGETS",
    "connect",
    "document_filter",
    "find_documents",
    "find_regions",
    "select",
    "select_rows",
    "sparql_iri",
    "sparql_string",
]

PREFIXES = """\
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

#: Role concept -> role name, as a VALUES block.
ROLE_VALUES = """\
VALUES (?rc ?role) {
  (gk:roleLead "lead") (gk:roleCooperate "cooperate") (gk:roleResponsible "responsible")
}"""

#: Who is assigned to which measure in which role. ``{filter}`` narrows ``?d``.
ASSIGNMENTS = """\
SELECT DISTINCT ?m ?d ?agent ?role ?isAgency ?isGroup WHERE {
  ?asg a gk:Assignment ; gk:measure ?m ; gk:agency ?agent ; gk:role ?rc .
  %(roles)s
  ?m eli:is_part_of ?d .
  %(filter)s
  BIND(EXISTS { ?agent a gk:Agency } AS ?isAgency)
  BIND(EXISTS { ?agent a gk:AgencyGroup } AS ?isGroup)
}"""

#: Role property -> role name, as a VALUES block.
ROLE_EDGE_VALUES = """\
VALUES (?p ?role) {
  (gk:leads "lead") (gk:cooperatesOn "cooperate") (gk:responsibleFor "responsible")
}"""

#: Who is assigned to which measure in which role, read from the direct edges an
#: agency has to each measure it is assigned to (``gk:leads``, ``gk:cooperatesOn``,
#: ``gk:responsibleFor``; the graph contract checks that they agree with the
#: assignments both ways). One triple pattern: far less to read than
#: :data:`ASSIGNMENTS`. ``{roles}`` is a VALUES block of ``?p`` and ``?role``.
ROLE_EDGES = """\
SELECT DISTINCT ?agent ?m ?role WHERE {
  %(roles)s
  ?agent ?p ?m .
}"""

#: Assignments of generic collectives (which have no direct edges).
GROUP_ASSIGNMENTS = """\
SELECT DISTINCT ?agent ?m ?role WHERE {
  ?asg a gk:Assignment ; gk:agency ?agent ; gk:role ?rc .
  %(roles)s
  ?agent a gk:AgencyGroup .
  ?asg gk:measure ?m .
}"""

#: The document each measure is part of; ``{filter}`` narrows ``?d``.
PLACES = """\
SELECT DISTINCT ?m ?d WHERE {
  ?m eli:is_part_of ?d .
  %(filter)s
}"""

#: Measures with their text and place; ``{filter}`` narrows ``?d``.
MEASURES = """\
SELECT DISTINCT ?m ?d ?number ?text ?section ?source ?line ?deadline ?due WHERE {
  ?m a gk:Measure ; eli:is_part_of ?d .
  OPTIONAL { ?m gk:measureNumber ?number }
  OPTIONAL { ?m gk:text ?text }
  OPTIONAL { ?m gk:sectionPath ?section }
  OPTIONAL { ?m gk:sourceFile ?source }
  OPTIONAL { ?m gk:sourceLine ?line }
  OPTIONAL { ?m gk:hasDeadline/gk:deadlineText ?deadline }
  OPTIONAL { ?m gk:hasDeadline/gk:dueDate ?due }
  %(filter)s
}"""

#: Each measure's quantified targets as written (``?phrase``) or as value and unit.
MEASURE_TARGETS = """\
SELECT DISTINCT ?m ?t ?phrase ?value ?unit WHERE {
  ?m gk:hasTarget ?t ; eli:is_part_of ?d .
  ?t gk:value ?value .
  OPTIONAL { ?t gk:unit ?unit }
  OPTIONAL { ?t gk:phrase ?phrase }
  %(filter)s
}"""

#: Documents with their metadata; ``{filter}`` narrows ``?d``. Labels of the
#: ``?type`` concept come from :data:`CONCEPT_LABELS`.
DOCUMENTS = """\
SELECT DISTINCT ?d ?title ?issued ?number ?type ?region ?source ?line WHERE {
  ?d a gk:Document .
  OPTIONAL { ?d dct:title ?title }
  OPTIONAL { ?d dct:issued ?issued }
  OPTIONAL { ?d gk:documentNumber ?number }
  OPTIONAL { ?d gk:documentType ?type }
  OPTIONAL { ?d dct:spatial ?region }
  OPTIONAL { ?d gk:sourceFile ?source }
  OPTIONAL { ?d gk:sourceLine ?line }
  %(filter)s
}"""

#: Agencies (never generic groups) with what describes them. Kept flat (one
#: optional triple each): nested optionals make Oxigraph slow. ``?label`` may come
#: in several languages (``?lang``); concepts are labelled by :data:`CONCEPT_LABELS`.
AGENCIES = """\
SELECT DISTINCT ?a ?label ?lang ?region ?ftype ?level ?kind ?parent ?isUnit WHERE {
  ?a a gk:Agency .
  OPTIONAL { ?a skos:prefLabel ?label }
  OPTIONAL { ?a dct:spatial ?region }
  OPTIONAL { ?a gk:functionalType ?ftype }
  OPTIONAL { ?a gk:adminLevel ?level }
  OPTIONAL { ?a gk:agencyKind ?kind }
  OPTIONAL { ?a org:unitOf ?parent }
  BIND(LANG(?label) AS ?lang)
  BIND(EXISTS { ?a a gk:AgencyUnit } AS ?isUnit)
}"""

#: Labels of SKOS concepts (functional types, document types, levels, roles).
CONCEPT_LABELS = """\
SELECT DISTINCT ?c ?label ?lang WHERE {
  ?c a skos:Concept ; skos:prefLabel ?label .
  BIND(LANG(?label) AS ?lang)
}"""

#: Generic collectives (各县区政府 …): never agencies, kept apart.
GROUPS = """\
SELECT DISTINCT ?a ?label WHERE {
  ?a a gk:AgencyGroup .
  OPTIONAL { ?a skos:prefLabel ?label }
}"""

#: Short forms and variants of agency names, for search.
ALT_LABELS = """\
SELECT DISTINCT ?a ?alt WHERE {
  ?a a gk:Agency .
  { ?a skos:altLabel ?alt } UNION { ?a skos:hiddenLabel ?alt }
}"""

#: Regions and their hierarchy; ``?class`` is each class of the region (the
#: level is the one of gk:Province, gk:City, gk:County).
REGIONS = """\
SELECT DISTINCT ?r ?name ?lang ?code ?parent ?class WHERE {
  ?r a gk:Region .
  OPTIONAL { ?r skos:prefLabel ?name }
  OPTIONAL { ?r gk:divisionCode ?code }
  OPTIONAL { ?r gk:withinRegion ?parent }
  OPTIONAL { ?r a ?class }
  BIND(LANG(?name) AS ?lang)
}"""

#: Citations between documents; the cited one may be outside the corpus.
CITATIONS = """\
SELECT DISTINCT ?d ?c ?ctitle ?cnumber WHERE {
  ?d a gk:Document ; gk:cites ?c .
  OPTIONAL { ?c dct:title ?ct }
  OPTIONAL { ?c gk:citedTitle ?cct }
  BIND(COALESCE(?ct, ?cct) AS ?ctitle)
  OPTIONAL { ?c gk:documentNumber ?cnumber }
  %(filter)s
}"""

#: Quantified targets with the measure and document they belong to.
TARGETS = """\
SELECT DISTINCT ?t ?m ?d ?value ?unit ?comparator ?phrase ?text WHERE {
  ?m gk:hasTarget ?t ; eli:is_part_of ?d .
  ?t gk:value ?value .
  OPTIONAL { ?t gk:unit ?unit }
  OPTIONAL { ?t gk:comparator ?comparator }
  OPTIONAL { ?t gk:phrase ?phrase }
  OPTIONAL { ?m gk:text ?text }
  %(filter)s
}"""

#: Topics of measures (ids of the topic table); ``{filter}`` narrows ``?d``.
MEASURE_TOPICS = """\
SELECT DISTINCT ?m ?topic WHERE {
  ?m gk:topic ?t ; eli:is_part_of ?d .
  ?t skos:notation ?topic .
  %(filter)s
}"""

#: Change events of institutional reforms: which agency took over from which.
CHANGES = """\
SELECT DISTINCT ?e ?from ?to ?reform ?year WHERE {
  ?e a org:ChangeEvent ; org:originalOrganization ?from ; org:resultingOrganization ?to .
  OPTIONAL { ?e dct:identifier ?reform }
  OPTIONAL { ?e dct:date ?year }
}"""

_FIND_REGIONS = """\
SELECT DISTINCT ?r WHERE {
  ?r a gk:Region .
  { ?r skos:prefLabel ?k } UNION { ?r skos:altLabel ?k } UNION { ?r gk:divisionCode ?k }
  FILTER(STR(?k) = %(key)s)
}"""

_FIND_DOCUMENTS = """\
SELECT DISTINCT ?d WHERE {
  ?d a gk:Document .
  OPTIONAL { ?d dct:title ?title }
  OPTIONAL { ?d gk:documentNumber ?number }
  OPTIONAL { ?d dct:identifier ?id }
  FILTER(STR(?id) = %(key)s || STR(?title) = %(key)s || STR(?number) = %(key)s
         || STRENDS(STR(?d), %(suffix)s))
}"""

_IRI_BAD = re.compile(r'[\s<>"{}|^`\\]')


def sparql_string(text: str) -> str:
    """A SPARQL string literal for ``text`` (quotes, backslashes and controls escaped)."""
    out = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{out}"'


def sparql_iri(iri: str) -> str:
    """``<iri>``; raises :class:`QueryError` for characters an IRI cannot hold."""
    if not iri or _IRI_BAD.search(iri):
        raise QueryError(f"not a usable IRI: {iri!r}")
    return f"<{iri}>"


def document_filter(
    *,
    region_iri: str | None = None,
    document_iris: Iterable[str] | None = None,
    year: int | None = None,
) -> str:
    """Graph patterns narrowing ``?d`` to documents of a region, a set, or a year.

    A region keeps the documents whose region is that region or lies within it.
    """
    parts = []
    if region_iri is not None:
        parts.append(f"?d dct:spatial/gk:withinRegion* {sparql_iri(region_iri)} .")
    if document_iris is not None:
        values = " ".join(sparql_iri(i) for i in document_iris)
        parts.append(f"VALUES ?d {{ {values} }}")
    if year is not None:
        # STR, not YEAR(): dct:issued may be an xsd:gYear or xsd:gYearMonth
        parts.append(f'?d dct:issued ?_issued . FILTER(STRSTARTS(STR(?_issued), "{int(year)}"))')
    return "\n".join(parts)


def connect(store: Any) -> Any:
    """An open store for several queries: a store directory is opened (read-only)
    once; the URL of a SPARQL endpoint and anything else are returned as they are."""
    from graphkit.store.sparql import is_endpoint

    if is_endpoint(store):
        return store
    if isinstance(store, (str, os.PathLike)):
        from graphkit.store import open_store

        return open_store(Path(store))
    return store


def select(store: Any, query: str) -> list[dict[str, Any]]:
    """Run a SPARQL ``SELECT`` (prefixes of :data:`PREFIXES` added) and return rows.

    Parameters
    ----------
    store
        A store directory, a ``pyoxigraph.Store``, an rdflib ``Graph``/``Dataset``
        or the URL of a SPARQL endpoint (see :func:`graphkit.store.run`).
    query
        The query, without prefix declarations.

    Examples
    --------
    >>> db = ox.Store()
    >>> db.add(ox.Quad(ox.NamedNode("https://example.org/m"),
    ...                ox.NamedNode("https://w3id.org/graphkit/ontology#sourceLine"),
    ...                ox.Literal("12", datatype=ox.NamedNode(_XSD + "integer"))))
    >>> select(db, "SELECT ?m ?line ?none WHERE { ?m gk:sourceLine ?line }")
    [{'m': 'https://example.org/m', 'line': 12, 'none': None}]
    """
    variables, rows = select_rows(store, query)
    return [dict(zip(variables, row, strict=True)) for row in rows]


def select_rows(store: Any, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """:func:`select` as the names of the variables and a tuple of values per row.

    On a ``pyoxigraph.Store`` (or a store directory) the values are read from
    pyoxigraph's terms directly; they are those :func:`select` gives through
    rdflib's terms on the other targets (see :func:`_ox_value`).

    Examples
    --------
    >>> db = ox.Store()
    >>> db.add(ox.Quad(ox.NamedNode("https://example.org/a"),
    ...                ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    ...                ox.Literal("拉萨市", language="zh")))
    >>> select_rows(db, "SELECT ?a ?label WHERE { ?a skos:prefLabel ?label }")
    (['a', 'label'], [('https://example.org/a', '拉萨市')])
    """
    target = connect(store)
    if not isinstance(target, ox.Store):
        from graphkit.store import run

        try:
            results = run(target, PREFIXES + query)
        except TypeError as e:
            raise StoreError(f"cannot query a {type(store).__name__}: {e}") from e
        return list(results.variables), [tuple(map(_python, row)) for row in results.rows]
    results = answer(target, PREFIXES + query, _ox_value)
    if results.kind != "SELECT":
        raise QueryError("not a SELECT query")
    return list(results.variables), results.rows


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "nonNegativeInteger",
        "positiveInteger",
        "unsignedInt",
    )
}
_FLOATS = {_XSD + "decimal", _XSD + "double", _XSD + "float"}


def _python(term: Any) -> Any:
    """An rdflib term as a plain value: numbers and booleans typed, the rest text."""
    if term is None:
        return None
    value = str(term)
    datatype = str(getattr(term, "datatype", None) or "")
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
    except ValueError:
        return value
    if datatype == _XSD + "boolean":
        return value in ("true", "1")
    return value


_NAMED, _LITERAL, _BLANK = ox.NamedNode, ox.Literal, ox.BlankNode
_STRING = _XSD + "string"


def _ox_value(term: Any) -> Any:
    """A pyoxigraph term as :func:`_python` gives the rdflib term made of it.

    IRIs, blank nodes and plain or language-tagged strings are their text;
    numbers are read from their lexical form (``int`` and ``float`` read it as
    they read the form rdflib writes back); any other literal whose form rdflib
    may write differently is first given as rdflib gives it
    (:func:`graphkit.store.native.native`), then typed as :func:`_python` types it.

    >>> _ox_value(ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean")))
    True
    >>> _ox_value(ox.Literal("2.50", datatype=ox.NamedNode(_XSD + "decimal")))
    2.5
    """
    kind = type(term)
    if kind is _NAMED:
        return term.value
    if term is None:
        return None
    if kind is not _LITERAL:
        return term.value if kind is _BLANK else str(term)  # an RDF-star triple as text
    if term.language:
        return term.value
    datatype = term.datatype.value
    if datatype == _STRING:
        return term.value
    value = term.value
    try:  # int() and float() read rdflib's rewritten form as they read the lexical one
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _FLOATS:
            return float(value)
    except ValueError:
        return value
    if datatype in _REWRITTEN:
        value = _native(term).value
    if datatype == _XSD + "boolean":
        return value in ("true", "1")
    return value


def find_regions(store: Any, key: str) -> list[str]:
    """IRIs of the regions named ``key`` (name or division code), or ``[key]`` for an IRI."""
    if key.startswith(("http://", "https://", "urn:")):
        return [key]
    rows = select(store, _FIND_REGIONS % {"key": sparql_string(key)})
    return sorted(r["r"] for r in rows)


def find_documents(store: Any, key: str) -> list[str]:
    """IRIs of the documents matching ``key``: IRI, record id, title or 文号."""
    if key.startswith(("http://", "https://", "urn:")):
        return [key]
    from urllib.parse import quote

    suffix = "/doc/" + "/".join(quote(p, safe="") for p in key.split("/"))
    rows = select(
        store,
        _FIND_DOCUMENTS % {"key": sparql_string(key), "suffix": sparql_string(suffix)},
    )
    return sorted(r["d"] for r in rows)
