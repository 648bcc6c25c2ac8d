"""Records to RDF: one named graph per document, deterministic IRIs, no blank nodes.

Each document's graph holds the document, its measures, their assignments,
deadlines and targets, and repeats the descriptions of every agency, generic
collective, region, cited document and concept the document uses, so that a
document graph can be replaced alone. The same records always give the same
quads, so the same corpus gives byte-identical sorted N-Quads.

Regions are named in records (``Agency.region``, ``Document.region``) and
keyed by GB/T 2260 code in the graph. A name the records' regions do not
cover is looked up in the division table of :mod:`graphkit.extraction.regions`
in the context of the document's region (城关区 of a 拉萨市 document is
540102); a special area (平凉工业园区) stands for the region that holds it.
An issuer without an :class:`~graphkit.records.Agency` record is placed in the
region its name starts with (宁夏回族自治区人民政府办公厅), else in the
document's region.

Examples
--------
>>> from graphkit.records import Assignment, Document, Measure
>>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="某方案")
>>> m = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
...             text="简化企业开办流程。",
...             assignments=(Assignment("lead", "市市场监管局", "拉萨市市场监督管理局"),))
>>> ds = graph_of([doc, m], IRIs("https://example.org/"))
>>> [str(g.identifier) for g in ds.graphs() if len(g)]
['https://example.org/graph/a.txt/d1']
>>> iris = IRIs("https://example.org/")
>>> (iris.agency("拉萨市市场监督管理局"), GK.leads, iris.measure("a.txt/d1/m1")) in ds
True
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Dataset, URIRef
from rdflib.term import Node

from graphkit.namespace import CV, ELI, GK, ORG, IRIs
from graphkit.records import Agency, Document, Measure, Region
from graphkit.store.term_factories import RDFLIB, NQuadsTerms, Terms
from graphkit.store.writer import (  # noqa: F401  (read from here elsewhere)
    LEVEL_CONCEPTS,
    ROLE_CONCEPTS,
    ROLE_PROPERTIES,
    SECTION_SEPARATOR,
    _decimal_literal,
    _GraphWriter,
    _RegionIndex,
)

__all__ = [
    "LEVEL_CONCEPTS",
    "ROLE_CONCEPTS",
    "ROLE_PROPERTIES",
    "SECTION_SEPARATOR",
    "Quad",
    "collect",
    "graph_of",
    "graph_triples",
    "nquad_chunks",
    "nquads_of",
    "quads_of",
]

Quad = tuple[Node, Node, Node, URIRef]
Triple = tuple[Node, Node, Node]



class _Input:
    """Documents, measures, agencies and regions gathered from any mix of inputs."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.measures: dict[str, Measure] = {}
        self.agencies: dict[str, Agency] = {}
        self.regions: dict[str, Region] = {}
        #: Source files the input speaks for (an extraction's ``source``, even without documents).
        self.sources: set[str] = set()

    def add(self, item: Any) -> None:
        if isinstance(item, Document):
            self.documents[item.id] = item
        elif isinstance(item, Measure):
            self.measures[item.id] = item
        elif isinstance(item, Agency):
            self.agencies[item.key] = item
        elif isinstance(item, Region):
            self.regions[item.code] = item
        elif hasattr(item, "documents") and hasattr(item, "measures"):
            if getattr(item, "source", ""):
                self.sources.add(str(item.source))
            for d in item.documents:
                self.add(d)
            for m in item.measures:
                self.add(m)
            for a in getattr(item, "agencies", {}).values():
                self.add(a)
            for r in getattr(item, "regions", {}).values():
                self.add(r)
        else:
            raise TypeError(f"not a record or an extraction: {type(item).__name__}")


def collect(source: Any) -> _Input:
    """Gather records from an extraction, a record, or an iterable of either."""
    found = _Input()
    if isinstance(source, Document | Measure | Agency | Region) or hasattr(source, "documents"):
        found.add(source)
    else:
        for item in source:
            found.add(item)
    return found


def graph_of(source: Any, iris: IRIs | None = None) -> Dataset:
    """The RDF of records, as an in-memory rdflib ``Dataset``.

    Parameters
    ----------
    source
        An ``Extraction`` (``.documents``, ``.measures``, ``.agencies``,
        ``.regions``), a record, or an iterable mixing extractions and records
        (:class:`~graphkit.records.Document`, :class:`~graphkit.records.Measure`,
        :class:`~graphkit.records.Agency`, :class:`~graphkit.records.Region`).
    iris
        Where instance IRIs are minted; ``IRIs()`` (``$GRAPHKIT_BASE`` or the
        default base) when omitted.

    Returns
    -------
    rdflib.Dataset
        One named graph per document; ``default_union`` is set, so SPARQL
        queries see the union of the named graphs as their default graph.
    """
    ds = Dataset(default_union=True)
    ds.bind("gk", GK._NS)
    for prefix, ns in (("org", ORG), ("cv", CV), ("eli", ELI)):
        ds.bind(prefix, ns)
    ds.addN(quads_of(source, iris))
    return ds


def quads_of(source: Any, iris: IRIs | None = None) -> Iterator[Quad]:
    """The quads of :func:`graph_of`, graph by graph, without duplicates.

    Documents come in the order of their ids; each graph's quads come in the
    order they are made. Useful to load a store without an rdflib ``Dataset``.
    """
    for g, triples in graph_triples(source, iris, RDFLIB):
        for s, p, o in triples:
            yield (s, p, o, g)


def nquads_of(source: Any, iris: IRIs | None = None) -> Iterator[str]:
    """The quads of :func:`quads_of` as N-Quads lines, made without rdflib nodes.

    The same lines, in the same order, as serialising :func:`quads_of` term by
    term (``<iri>``, literals with ``\\``, ``"``, LF and CR escaped); what the
    bulk loads of :func:`graphkit.store.build` and ``graphkit build`` read.

    >>> from graphkit.records import Document
    >>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=2, title='某"方案"')
    >>> lines = list(nquads_of([doc], IRIs("https://example.org/")))
    >>> print(lines[2], end="")
    <https://example.org/doc/a.txt/d1> <http://purl.org/dc/terms/identifier> "a.txt/d1" <https://example.org/graph/a.txt/d1> .
    >>> print(lines[3], end="")
    <https://example.org/doc/a.txt/d1> <http://purl.org/dc/terms/title> "某\\"方案\\"" <https://example.org/graph/a.txt/d1> .
    """
    for g, triples in graph_triples(source, iris, NQuadsTerms()):
        tail = " " + g + " .\n"
        for s, p, o in triples:
            yield s + " " + p + " " + o + tail


def nquad_chunks(
    source: Any, iris: IRIs, size: int = 20_000
) -> Iterator[tuple[bytes, bytes, int]]:
    """The N-Quads of records, about ``size`` quads at a time, and the same triples
    as default-graph lines (the union): ``(named, union, quads)``.

    The lines of :func:`~graphkit.store.convert.nquads_of`, made from the terms'
    text without rdflib nodes.

    >>> from graphkit.records import Document
    >>> doc = Document(id="a/d1", source="a", line=1, end_line=2, title='a "b"\\n')
    >>> [(named, union, n)] = nquad_chunks([doc], IRIs("http://x/"))
    >>> print(named.decode().splitlines()[3])
    <http://x/doc/a/d1> <http://purl.org/dc/terms/title> "a \\"b\\"\\n" <http://x/graph/a/d1> .
    >>> print(union.decode().splitlines()[3])
    <http://x/doc/a/d1> <http://purl.org/dc/terms/title> "a \\"b\\"\\n" .
    >>> n
    7
    """
    named: list[str] = []
    union: list[str] = []
    for g, triples in graph_triples(source, iris, NQuadsTerms()):
        tail = f" {g} .\n"
        for s, p, o in triples:
            triple = f"{s} {p} {o}"
            named.append(triple + tail)
            union.append(triple + " .\n")
        if len(named) >= size:
            yield "".join(named).encode("utf-8"), "".join(union).encode("utf-8"), len(named)
            named, union = [], []
    if named:
        yield "".join(named).encode("utf-8"), "".join(union).encode("utf-8"), len(named)


def graph_triples(
    source: Any, iris: IRIs | None = None, terms: Terms[Any] = RDFLIB
) -> Iterator[tuple[Any, list[tuple[Any, Any, Any]]]]:
    """Each document graph's name and triples, their terms made by ``terms``.

    What :func:`quads_of` and :func:`nquads_of` are made of: with
    :class:`~graphkit.store.term_factories.NQuadsTerms`, every term is N-Quads text, so
    ``f"{s} {p} {o} {g} ."`` is a line.
    """
    iris = iris or IRIs()
    if not _is_extraction(source) and not isinstance(source, (Document, Measure, Agency, Region)):
        items = list(source)
        if items and all(_is_extraction(x) for x in items):
            # file by file: each document graph describes its agencies as its own file
            # knows them (their short forms), as a build from files does
            for x in sorted(items, key=lambda x: str(getattr(x, "source", ""))):
                yield from graph_triples(x, iris, terms)
            return
        source = items
    found = collect(source)
    by_doc: dict[str, list[Measure]] = {}
    for m in sorted(found.measures.values(), key=lambda m: m.id):
        by_doc.setdefault(m.doc_id, []).append(m)
    regions = _RegionIndex(found.regions)
    for doc_id in sorted(set(found.documents) | set(by_doc)):
        writer = _GraphWriter(iris, found, regions, terms)
        doc = found.documents.get(doc_id)
        if doc is not None:
            writer.document(doc)
        for m in by_doc.get(doc_id, []):
            writer.measure(m, doc)
        writer.ties()
        yield terms.iri(iris.graph(doc_id)), list(writer.triples)


def _is_extraction(item: Any) -> bool:
    return hasattr(item, "documents") and hasattr(item, "measures")
