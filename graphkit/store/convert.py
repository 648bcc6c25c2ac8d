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

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD
from rdflib.term import Node

from graphkit.namespace import CV, ELI, GK, ORG, IRIs
from graphkit.records import Agency, Document, Measure, Region, agency_key

__all__ = [
    "LEVEL_CONCEPTS",
    "ROLE_CONCEPTS",
    "ROLE_PROPERTIES",
    "SECTION_SEPARATOR",
    "Quad",
    "collect",
    "graph_of",
    "quads_of",
]

Quad = tuple[Node, Node, Node, URIRef]
Triple = tuple[Node, Node, Node]

#: Role name -> direct property agency -> measure.
ROLE_PROPERTIES: dict[str, URIRef] = {
    "lead": GK.leads,
    "cooperate": GK.cooperatesOn,
    "responsible": GK.responsibleFor,
}
#: Role name -> concept of ``gk:RoleScheme``.
ROLE_CONCEPTS: dict[str, URIRef] = {
    "lead": GK.roleLead,
    "cooperate": GK.roleCooperate,
    "responsible": GK.roleResponsible,
}
#: Administrative level -> concept of ``gk:AdminLevelScheme``.
LEVEL_CONCEPTS: dict[str, URIRef] = {
    "national": GK.levelNational,
    "province": GK.levelProvince,
    "city": GK.levelCity,
    "county": GK.levelCounty,
}
_REGION_CLASSES: dict[str, URIRef] = {
    "province": GK.Province,
    "city": GK.City,
    "county": GK.County,
}
#: Joins the headings of ``Measure.section`` into one ``gk:sectionPath`` literal.
SECTION_SEPARATOR = " / "
_COLLABORATION = re.compile(r"(领导小组|联席会议|工作专班|指挥部)$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


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
    iris = iris or IRIs()
    if not _is_extraction(source) and not isinstance(source, (Document, Measure, Agency, Region)):
        items = list(source)
        if items and all(_is_extraction(x) for x in items):
            # file by file: each document graph describes its agencies as its own file
            # knows them (their short forms), as a build from files does
            for x in sorted(items, key=lambda x: str(getattr(x, "source", ""))):
                yield from quads_of(x, iris)
            return
        source = items
    found = collect(source)
    by_doc: dict[str, list[Measure]] = {}
    for m in sorted(found.measures.values(), key=lambda m: m.id):
        by_doc.setdefault(m.doc_id, []).append(m)
    regions = _RegionIndex(found.regions)
    for doc_id in sorted(set(found.documents) | set(by_doc)):
        writer = _GraphWriter(iris, found, regions)
        doc = found.documents.get(doc_id)
        if doc is not None:
            writer.document(doc)
        for m in by_doc.get(doc_id, []):
            writer.measure(m, doc)
        g = iris.graph(doc_id)
        for s, p, o in writer.triples:
            yield (s, p, o, g)


def _is_extraction(item: Any) -> bool:
    return hasattr(item, "documents") and hasattr(item, "measures")


class _GraphWriter:
    """Collects the triples of one document graph (insertion-ordered, no duplicates)."""

    def __init__(self, iris: IRIs, found: _Input, regions: _RegionIndex):
        self.iris = iris
        self.found = found
        self.triples: dict[Triple, None] = {}
        self._described: set[Node] = set()
        self._regions = regions
        self.context_region = ""
        #: Year of the document being written ("" when unknown), for gk:seenInYear.
        self.year = ""
        #: Successors described by :meth:`reform`.
        self._successors: set[Node] = set()

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.triples[(s, p, o)] = None

    def text(self, s: Node, p: Node, value: str) -> None:
        if value:
            self.add(s, p, Literal(value))

    def line(self, s: Node, p: Node, value: int) -> None:
        if value and value > 0:
            self.add(s, p, Literal(str(int(value)), datatype=XSD.integer))

    # documents and measures ------------------------------------------------

    def document(self, doc: Document) -> None:
        iris, d = self.iris, self.iris.document(doc.id)
        self.year = doc.date[:4] if doc.date[:4].isdigit() else ""
        self.add(d, RDF.type, GK.Document)
        self.add(d, RDF.type, ELI.LegalResource)
        self.text(d, DCTERMS.identifier, doc.id)
        self.text(d, DCTERMS.title, doc.title)
        if doc.date:
            self.add(d, DCTERMS.issued, _date_literal(doc.date))
        self.text(d, GK.documentNumber, doc.number)
        self.text(d, GK.regionEvidence, doc.region_evidence)
        if doc.doc_type:
            t = iris.document_type(doc.doc_type)
            self.add(d, GK.documentType, t)
            self.concept(t, GK.DocumentType, GK.DocumentTypeScheme, doc.doc_type)
        region = self._regions.find("".join(doc.region_path)) or self._regions.find(doc.region)
        self.context_region = region
        if region:
            self.add(d, DCTERMS.spatial, iris.region(region))
            self.region(region)
        for label in doc.issuers:
            scope = doc.id if agency_key(label, doc.id) in self.found.agencies else ""
            self.add(d, DCTERMS.publisher, self.agency(label, scope))
        for c in doc.cites:
            self.citation(d, c.title, c.number)
        self.text(d, GK.sourceFile, doc.source)
        self.line(d, GK.sourceLine, doc.line)
        self.line(d, GK.endLine, doc.end_line)

    def citation(self, d: URIRef, title: str, number: str) -> None:
        c = self.iris.cited(number, title)
        self.add(d, GK.cites, c)
        self.add(c, RDF.type, ELI.LegalResource)
        self.text(c, GK.citedTitle, title)
        self.text(c, DCTERMS.title, title.strip().removeprefix("《").removesuffix("》"))
        self.text(c, GK.documentNumber, number)

    def measure(self, m: Measure, doc: Document | None) -> None:
        iris, node = self.iris, self.iris.measure(m.id)
        if doc is None:
            self.context_region = ""
            self.year = ""
        self.add(node, RDF.type, GK.Measure)
        self.add(node, RDF.type, ELI.LegalResourceSubdivision)
        self.add(node, ELI.is_part_of, iris.document(m.doc_id))
        self.text(node, DCTERMS.identifier, m.id)
        self.text(node, GK.measureNumber, m.number)
        self.text(node, GK.text, m.text)
        self.text(node, GK.sectionPath, SECTION_SEPARATOR.join(m.section))
        self.text(node, GK.sourceFile, m.source)
        self.line(node, GK.sourceLine, m.line)
        self.line(node, GK.endLine, m.end_line)
        self.text(node, GK.locator, m.locator)
        if m.deadline is not None:
            dl = iris.deadline(m.id)
            self.add(node, GK.hasDeadline, dl)
            self.add(dl, RDF.type, GK.Deadline)
            self.text(dl, GK.deadlineText, m.deadline.text)
            if m.deadline.date:
                self.add(dl, GK.dueDate, _date_literal(m.deadline.date))
            self.text(dl, GK.period, m.deadline.period)
            self.line(dl, GK.sourceLine, m.deadline.line)
        for i, t in enumerate(m.targets, 1):
            tn = iris.target(m.id, i)
            self.add(node, GK.hasTarget, tn)
            self.add(tn, RDF.type, GK.PolicyTarget)
            self.add(tn, GK.value, _decimal_literal(t.value))
            self.text(tn, GK.unit, t.unit)
            self.text(tn, GK.comparator, t.comparator)
            self.text(tn, GK.phrase, t.phrase)
            self.line(tn, GK.sourceLine, t.line)
        for i, a in enumerate(m.assignments, 1):
            an = iris.assignment(m.id, i)
            self.add(node, PROV.qualifiedAssociation, an)
            self.add(an, RDF.type, GK.Assignment)
            self.add(an, RDF.type, PROV.Association)
            self.add(an, GK.measure, node)
            role = ROLE_CONCEPTS.get(a.role)
            if role is not None:
                self.add(an, GK.role, role)
                self.add(an, PROV.hadRole, role)
            self.text(an, GK.mention, a.mention)
            self.text(an, GK.sourceFile, a.source or m.source)
            self.line(an, GK.sourceLine, a.line)
            self.text(an, GK.clause, a.clause)
            if a.inherited:
                self.add(an, GK.inherited, Literal(True))
            self.text(an, GK.locator, a.locator)
            if a.collective:
                agent: URIRef | None = self.group(a.agency or a.mention)
            else:
                agent = self.agency(a.agency, a.scope) if a.agency else None
            if agent is not None:
                self.add(an, GK.agency, agent)
                self.add(an, PROV.agent, agent)
                if a.role in ROLE_PROPERTIES:
                    self.add(agent, ROLE_PROPERTIES[a.role], node)
        self.topics(node, m, doc)

    # agents, regions, concepts --------------------------------------------

    def agency(self, label: str, scope: str = "", *, seen: bool = True) -> URIRef:
        """Describe an agency (and its parents) once; return its IRI.

        ``seen``: the document names it (it gets the document's year).
        """
        iris, node = self.iris, self.iris.agency(label, scope)
        if seen and self.year:
            self.add(node, GK.seenInYear, Literal(self.year, datatype=XSD.gYear))
        if node in self._described:
            return node
        self._described.add(node)
        a = self.found.agencies.get(agency_key(label, scope)) or self._unrecorded(label)
        if scope:
            self.add(node, GK.scopeDocument, iris.document(scope))
        self.add(node, RDF.type, GK.Agency)
        self.add(node, RDF.type, ORG.Organization)
        self.add(node, RDF.type, CV.PublicOrganisation)
        self.add(node, SKOS.prefLabel, Literal(a.label, lang="zh"))
        for alt in a.alt_labels:
            self.add(node, SKOS.altLabel, Literal(alt, lang="zh"))
        for hidden in a.hidden_labels:
            self.add(node, SKOS.hiddenLabel, Literal(hidden, lang="zh"))
        region = self._regions.find(a.region, within=self.context_region)
        if region:
            self.add(node, DCTERMS.spatial, iris.region(region))
            self.region(region)
        if a.level in LEVEL_CONCEPTS:
            self.add(node, GK.adminLevel, LEVEL_CONCEPTS[a.level])
        if a.function:
            ft = iris.functional_type(a.function)
            self.add(node, GK.functionalType, ft)
            self.concept(ft, GK.FunctionalType, GK.FunctionalTypeScheme, a.function)
        self.text(node, GK.agencyKind, a.kind)
        self.reform(node, a, region)
        if a.kind == "collaboration" or _COLLABORATION.search(a.label):
            self.add(node, RDF.type, GK.Collaboration)
            self.add(node, RDF.type, ORG.OrganizationalCollaboration)
        if a.kind == "unit" or a.parent:
            self.add(node, RDF.type, GK.AgencyUnit)
            self.add(node, RDF.type, ORG.OrganizationalUnit)
            if a.parent and a.parent != a.label:
                scoped = scope and agency_key(a.parent, scope) in self.found.agencies
                parent = self.agency(a.parent, scope if scoped else "")
                self.add(node, ORG.unitOf, parent)
                self.add(node, ORG.subOrganizationOf, parent)
        return node

    def topics(self, node: URIRef, m: Measure, doc: Document | None) -> None:
        """The topics of a measure (:mod:`graphkit.extraction.topics`) with their evidence."""
        from graphkit.extraction.topics import measure_topics, topics

        scheme = topics()
        for found in measure_topics(m, document=doc.title if doc else ""):
            t = self.iris.topic(found.topic)
            self.add(node, GK.topic, t)
            c = self.iris.topic_classification(m.id, found.topic)
            self.add(c, RDF.type, GK.TopicClassification)
            self.add(c, GK.measure, node)
            self.add(c, GK.topic, t)
            for word in found.words:
                self.add(c, GK.matchedTerm, Literal(word))
            self.text(c, GK.decidingHeading, found.section)
            if t not in self._described:
                self._described.add(t)
                info = scheme[found.topic]
                self.add(t, RDF.type, GK.Topic)
                self.add(t, RDF.type, SKOS.Concept)
                self.add(t, SKOS.inScheme, GK.TopicScheme)
                self.add(t, SKOS.notation, Literal(info.id))
                self.add(t, SKOS.prefLabel, Literal(info.zh, lang="zh"))
                self.add(t, SKOS.prefLabel, Literal(info.en, lang="en"))
                self.add(t, SKOS.broader, GK.topicBusinessEnvironment
                         if info.group == "business-environment" else GK.topicGeneral)

    def reform(self, node: URIRef, a: Agency, region: str) -> None:
        """The change events (:mod:`graphkit.extraction.reforms`) that replaced an agency.

        The successor is matched by region and functional core, and described
        from the table (name, region, level, function; without a year: the
        corpus need not see it) so that the chain can be followed; a body seen
        after the change took effect is left alone.
        """
        from graphkit.extraction.reforms import successor

        r = self._regions.regions.get(region)
        if r is None or a.kind not in ("agency", "vertical", "party", ""):
            return
        path = [x for x in self._regions._path(region)]
        names = ["".join(x.name for x in path[i:]) for i in range(len(path))]
        names += [x.name for x in path] + [x.short for x in path if x.short]
        change = successor(a.label, r.name, level=a.level or r.level, region_names=names,
                           seen=int(self.year) if self.year else None)
        if change is None:
            return
        event = self.iris.change_event(change.reform.id, a.label)
        self.add(event, RDF.type, ORG.ChangeEvent)
        self.add(event, DCTERMS.identifier, Literal(change.reform.id))
        self.add(event, DCTERMS.date, Literal(change.year, datatype=XSD.gYear))
        self.add(event, DCTERMS.source, Literal(change.reform.source))
        self.add(event, ORG.originalOrganization, node)
        self.add(node, ORG.changedBy, event)
        if change.resulting:
            label = change.resulting
            after = self.iris.agency(label)
            self.add(event, ORG.resultingOrganization, after)
            self.add(after, ORG.resultedFrom, event)
            # described from the table alone, so that a document's graph does not
            # depend on which other files are converted with it
            if after not in self._successors and after not in self._described:
                self._successors.add(after)
                self.add(after, RDF.type, GK.Agency)
                self.add(after, RDF.type, ORG.Organization)
                self.add(after, RDF.type, CV.PublicOrganisation)
                self.add(after, SKOS.prefLabel, Literal(label, lang="zh"))
                self.add(after, DCTERMS.spatial, self.iris.region(region))
                level = a.level or r.level
                if level in LEVEL_CONCEPTS:
                    self.add(after, GK.adminLevel, LEVEL_CONCEPTS[level])
                if change.reform.function:
                    ft = self.iris.functional_type(change.reform.function)
                    self.add(after, GK.functionalType, ft)
                    self.concept(ft, GK.FunctionalType, GK.FunctionalTypeScheme,
                                 change.reform.function)
                self.text(after, GK.agencyKind, a.kind or "agency")

    def _unrecorded(self, label: str) -> Agency:
        """An agency the records name (an issuer) but do not describe."""
        code = self._regions.named_in(label, within=self.context_region) or self.context_region
        r = self._regions.regions.get(code)
        return Agency(label=label, region=code, level=r.level if r else "")

    def group(self, label: str) -> URIRef:
        """Describe a generic collective of the document's region; return its IRI."""
        region = self.context_region
        node = self.iris.group(f"{region} {label}" if region else label)
        if node not in self._described:
            self._described.add(node)
            self.add(node, RDF.type, GK.AgencyGroup)
            self.add(node, RDF.type, PROV.Agent)
            self.add(node, SKOS.prefLabel, Literal(label, lang="zh"))
            if region:
                self.add(node, DCTERMS.spatial, self.iris.region(region))
        return node

    def region(self, code: str) -> None:
        """Describe a region and the regions enclosing it."""
        while code:
            node = self.iris.region(code)
            if node in self._described:
                return
            self._described.add(node)
            r = self._regions.regions.get(code)
            if r is None:
                return
            self.add(node, RDF.type, GK.Region)
            if r.level in _REGION_CLASSES:
                self.add(node, RDF.type, _REGION_CLASSES[r.level])
            self.add(node, SKOS.prefLabel, Literal(r.name, lang="zh"))
            if r.short and r.short != r.name:
                self.add(node, SKOS.altLabel, Literal(r.short, lang="zh"))
            self.add(node, GK.divisionCode, Literal(r.code))
            if r.parent:
                self.add(node, GK.withinRegion, self.iris.region(r.parent))
            code = r.parent

    def concept(self, node: URIRef, cls: URIRef, scheme: URIRef, label: str) -> None:
        if node in self._described:
            return
        self._described.add(node)
        self.add(node, RDF.type, cls)
        self.add(node, RDF.type, SKOS.Concept)
        self.add(node, SKOS.inScheme, scheme)
        self.add(node, SKOS.prefLabel, Literal(label, lang="zh"))


class _RegionIndex:
    """Find a region's code from its name, its full path (西藏自治区拉萨市) or its code."""

    def __init__(self, regions: dict[str, Region]):
        self.regions = dict(regions)
        self.names: dict[str, list[str]] = {}
        for code in sorted(regions):
            names = [r.name for r in self._path(code)]
            for i in range(len(names)):
                self.names.setdefault("".join(names[i:]), []).append(code)
            short = regions[code].short
            if short:
                self.names.setdefault(short, []).append(code)
        self._looked_up: dict[tuple[str, str], str] = {}

    def _path(self, code: str) -> list[Region]:
        path: list[Region] = []
        seen: set[str] = set()
        while code in self.regions and code not in seen:
            seen.add(code)
            path.append(self.regions[code])
            code = self.regions[code].parent
        return path[::-1]

    def find(self, name: str, *, within: str = "") -> str:
        """The code of the region named ``name`` ("" when unknown or ambiguous).

        The records' regions first, then the division table (see the module
        docstring); a region found there is added with its parents.
        """
        if not name:
            return ""
        if name in self.regions:
            return name
        codes = self.names.get(name, [])
        if len(set(codes)) == 1:
            return codes[0]
        key = (name, within)
        if key not in self._looked_up:
            self._looked_up[key] = self._table(name, within)
        return self._looked_up[key]

    def _table(self, name: str, within: str) -> str:
        try:
            from graphkit.extraction import regions as table
        except ImportError:  # pragma: no cover - the extraction ships with graphkit
            return ""
        found = table.find_region(name, within=within or None)
        code = found.code if found else ""
        if not code:
            area = table.special_area(name)
            code = area.within if area else ""
        self._add_path(code)
        return code

    def _add_path(self, code: str) -> None:
        from graphkit.extraction import regions as table

        if code:
            for r in table.region_path(code):
                self.regions.setdefault(r.code, r)

    def named_in(self, text: str, *, within: str = "") -> str:
        """The code of the most specific region ``text`` names ("" if none)."""
        try:
            from graphkit.extraction import regions as table
        except ImportError:  # pragma: no cover
            return ""
        found = table.regions_in(text, within=within or None)
        if not found:
            return ""
        best = max(found, key=lambda r: len(table.region_path(r.code)))
        self._add_path(best.code)
        return best.code


def _date_literal(value: str) -> Literal:
    """``xsd:date`` for an ISO date, ``xsd:gYearMonth`` / ``xsd:gYear`` for shorter ones."""
    if _DATE.match(value):
        try:
            datetime.date.fromisoformat(value)
            return Literal(value, datatype=XSD.date)
        except ValueError:
            pass
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)  # not a date: shapes.ttl reports it


def _decimal_literal(value: str) -> Literal:
    """``xsd:decimal`` in canonical form (``4.50`` -> ``4.5``), as Oxigraph stores it."""
    v = value.strip()
    if _NUMBER.match(v):
        try:
            d = Decimal(v).normalize()
        except InvalidOperation:  # pragma: no cover - the pattern rules it out
            return Literal(value)
        text = format(d, "f")
        if text in ("-0", "+0"):
            text = "0"
        return Literal(text, datatype=XSD.decimal)
    return Literal(value)  # not a number: shapes.ttl reports it
