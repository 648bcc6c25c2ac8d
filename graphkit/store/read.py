"""RDF back to records: the documents and measures a store holds.

What the graph does not keep comes back in a fixed form: a document's
issuers sorted by name, its citations sorted by number and title with line 0,
its ``region_path`` rebuilt from the region hierarchy, a measure's section of
only empty headings as ``()``, a target's value in canonical decimal form
(``99.00`` as ``99``), and a generic collective's ``agency`` as its
name (the extraction writes the mention there; an empty one comes back filled).

Examples
--------
>>> from graphkit.records import Assignment, Document, Measure
>>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="某方案")
>>> m = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
...             text="简化企业开办流程。",
...             assignments=(Assignment("lead", "市市场监管局", "拉萨市市场监督管理局",
...                                     "a.txt", 3),))
>>> list(iter_records(graph_of([doc, m]))) == [doc, m]
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphkit.records import Assignment, Citation, Deadline, Document, Measure, Target
from graphkit.store.convert import SECTION_SEPARATOR, graph_of
from graphkit.store.disk import as_oxigraph
from graphkit.store.sparql import run

__all__ = ["iter_records"]

_DOCUMENTS = """
SELECT DISTINCT ?d ?id ?source ?line ?end ?title ?date ?number ?type ?region ?evidence WHERE {
  ?d a gk:Document ; dct:identifier ?id .
  OPTIONAL { ?d gk:sourceFile ?source } OPTIONAL { ?d gk:sourceLine ?line }
  OPTIONAL { ?d gk:endLine ?end } OPTIONAL { ?d dct:title ?title }
  OPTIONAL { ?d dct:issued ?date } OPTIONAL { ?d gk:documentNumber ?number }
  OPTIONAL { ?d gk:documentType/skos:prefLabel ?type }
  OPTIONAL { ?d dct:spatial ?region } OPTIONAL { ?d gk:regionEvidence ?evidence }
}"""
_ISSUERS = """
SELECT DISTINCT ?d ?label WHERE { ?d a gk:Document ; dct:publisher/skos:prefLabel ?label }"""
_CITES = """
SELECT DISTINCT ?d ?title ?number WHERE { GRAPH ?g {
  ?d a gk:Document ; gk:cites ?c .
  OPTIONAL { ?c gk:citedTitle ?title } OPTIONAL { ?c gk:documentNumber ?number }
} }"""
_REGIONS = """
SELECT DISTINCT ?r ?name ?parent WHERE {
  ?r a gk:Region ; skos:prefLabel ?name . OPTIONAL { ?r gk:withinRegion ?parent }
}"""
_MEASURES = """
SELECT DISTINCT ?m ?id ?doc ?source ?line ?end ?number ?text ?section WHERE {
  ?m a gk:Measure ; dct:identifier ?id ; eli:is_part_of/dct:identifier ?doc .
  OPTIONAL { ?m gk:sourceFile ?source } OPTIONAL { ?m gk:sourceLine ?line }
  OPTIONAL { ?m gk:endLine ?end } OPTIONAL { ?m gk:measureNumber ?number }
  OPTIONAL { ?m gk:text ?text } OPTIONAL { ?m gk:sectionPath ?section }
}"""
_ASSIGNMENTS = """
SELECT DISTINCT ?m ?a ?role ?mention ?label ?group ?source ?line ?clause ?scope ?inherited
WHERE {
  ?m prov:qualifiedAssociation ?a .
  OPTIONAL { ?a gk:role ?role } OPTIONAL { ?a gk:mention ?mention }
  OPTIONAL { ?a gk:agency ?agent . ?agent skos:prefLabel ?label .
             BIND(EXISTS { ?agent a gk:AgencyGroup } AS ?group)
             OPTIONAL { ?agent gk:scopeDocument/dct:identifier ?scope } }
  OPTIONAL { ?a gk:sourceFile ?source } OPTIONAL { ?a gk:sourceLine ?line }
  OPTIONAL { ?a gk:clause ?clause } OPTIONAL { ?a gk:inherited ?inherited }
}"""
_DEADLINES = """
SELECT DISTINCT ?m ?text ?date ?period ?line WHERE {
  ?m gk:hasDeadline ?dl . OPTIONAL { ?dl gk:deadlineText ?text }
  OPTIONAL { ?dl gk:dueDate ?date } OPTIONAL { ?dl gk:period ?period }
  OPTIONAL { ?dl gk:sourceLine ?line }
}"""
_TARGETS = """
SELECT DISTINCT ?m ?t ?value ?unit ?comparator ?phrase ?line WHERE {
  ?m gk:hasTarget ?t . OPTIONAL { ?t gk:value ?value } OPTIONAL { ?t gk:unit ?unit }
  OPTIONAL { ?t gk:comparator ?comparator } OPTIONAL { ?t gk:phrase ?phrase }
  OPTIONAL { ?t gk:sourceLine ?line }
}"""
_ROLES = {
    "https://w3id.org/graphkit/ontology#roleLead": "lead",
    "https://w3id.org/graphkit/ontology#roleCooperate": "cooperate",
    "https://w3id.org/graphkit/ontology#roleResponsible": "responsible",
}


def iter_records(target: Any) -> Iterator[Document | Measure]:
    """The documents and measures of a store directory, ``pyoxigraph.Store``,
    rdflib graph or records, documents first, each sorted by id.

    Extra facts a graph may hold (other documents' agencies, the ontology) are
    ignored; facts the records carry but the graph does not are explained in
    the module docstring.
    """
    if hasattr(target, "documents") or isinstance(target, list | tuple):
        target = graph_of(target)
    store = as_oxigraph(target)
    yield from _documents(store)
    yield from _measures(store)


def _s(term: Any) -> str:
    return "" if term is None else str(term)


def _i(term: Any) -> int:
    return int(str(term)) if term is not None else 0


def _documents(store: Any) -> Iterator[Document]:
    names: dict[str, tuple[str, str]] = {
        str(r): (str(n), _s(p)) for r, n, p in run(store, _REGIONS).rows
    }
    issuers: dict[str, list[str]] = {}
    for d, label in run(store, _ISSUERS).rows:
        issuers.setdefault(str(d), []).append(str(label))
    cites: dict[str, list[Citation]] = {}
    for d, title, number in run(store, _CITES).rows:
        cites.setdefault(str(d), []).append(Citation(_s(title), _s(number)))
    docs = []
    for d, id_, source, line, end, title, date, number, type_, region, evidence in run(
        store, _DOCUMENTS
    ).rows:
        path: list[str] = []
        r, seen = _s(region), set()
        while r in names and r not in seen:
            seen.add(r)
            path.append(names[r][0])
            r = names[r][1]
        docs.append(
            Document(
                id=str(id_),
                source=_s(source),
                line=_i(line),
                end_line=_i(end),
                title=_s(title),
                issuers=tuple(sorted(set(issuers.get(str(d), [])))),
                date=_s(date),
                number=_s(number),
                region=path[0] if path else "",
                region_path=tuple(reversed(path)),
                region_evidence=_s(evidence),
                doc_type=_s(type_),
                cites=tuple(sorted(set(cites.get(str(d), [])), key=lambda c: (c.number, c.title))),
            )
        )
    yield from sorted(docs, key=lambda d: d.id)


def _measures(store: Any) -> Iterator[Measure]:
    assignments: dict[str, list[tuple[int, Assignment]]] = {}
    rows = run(store, _ASSIGNMENTS).rows
    for m, a, role, mention, label, group, source, line, clause, scope, inherited in rows:
        collective = group is not None and str(group) == "true"
        agency = _s(label)
        assignments.setdefault(str(m), []).append(
            (
                _index(a),
                Assignment(
                    role=_ROLES.get(_s(role), ""),
                    mention=_s(mention),
                    agency=agency,
                    source=_s(source),
                    line=_i(line),
                    clause=_s(clause),
                    collective=collective,
                    scope=_s(scope),
                    inherited=inherited is not None and str(inherited) == "true",
                ),
            )
        )
    deadlines = {
        str(m): Deadline(_s(text), _s(date), _s(period), _i(line))
        for m, text, date, period, line in run(store, _DEADLINES).rows
    }
    targets: dict[str, list[tuple[int, Target]]] = {}
    for m, t, value, unit, comparator, phrase, line in run(store, _TARGETS).rows:
        targets.setdefault(str(m), []).append(
            (_index(t), Target(_s(value), _s(unit), _s(comparator), _s(phrase), _i(line)))
        )
    measures = []
    for m, id_, doc, source, line, end, number, text, section in run(store, _MEASURES).rows:
        key = str(m)
        measures.append(
            Measure(
                id=str(id_),
                doc_id=str(doc),
                source=_s(source),
                line=_i(line),
                number=_s(number),
                text=_s(text),
                section=tuple(_s(section).split(SECTION_SEPARATOR)) if section else (),
                assignments=tuple(a for _, a in sorted(assignments.get(key, []), key=_first)),
                deadline=deadlines.get(key),
                targets=tuple(t for _, t in sorted(targets.get(key, []), key=_first)),
                end_line=_i(end),
            )
        )
    yield from sorted(measures, key=lambda m: m.id)


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]


def _index(iri: Any) -> int:
    found = re.search(r"(\d+)$", str(iri))
    return int(found.group(1)) if found else 0
