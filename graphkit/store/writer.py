"""The triples of one document graph: what each record says, in terms a factory makes.

:class:`_GraphWriter` is the one place that says which triples a document, a
measure, its assignments, deadlines and targets, and the agencies, regions and
concepts they use give; :mod:`graphkit.store.convert` drives it per document
graph, and the term factory of :mod:`graphkit.store.term_factories` decides
whether the terms are rdflib nodes or N-Quads text.

Examples
--------
>>> str(_decimal_literal("3.50")), str(_decimal_literal("3.50").datatype)
('3.5', 'http://www.w3.org/2001/XMLSchema#decimal')
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, XSD

from graphkit.namespace import CV, ELI, GK, ORG, IRIs
from graphkit.records import Agency, Document, Measure, Region, agency_key
from graphkit.store.term_factories import RDFLIB, Terms

if TYPE_CHECKING:
    from graphkit.store.convert import _Input

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
_XSD_integer, _XSD_decimal, _XSD_boolean = str(XSD.integer), str(XSD.decimal), str(XSD.boolean)
_XSD_date, _XSD_gYear, _XSD_gYearMonth = str(XSD.date), str(XSD.gYear), str(XSD.gYearMonth)


class _GraphWriter:
    """Collects the triples of one document graph (insertion-ordered, no duplicates)."""

    def __init__(
        self, iris: IRIs, found: _Input, regions: _RegionIndex, terms: Terms[Any] = RDFLIB
    ):
        self.iris = iris
        self.found = found
        #: Makes every term (rdflib nodes, or N-Quads text): what the triples are is said here.
        self.t = terms
        self.GK, self.RDF, self.DCTERMS = terms.ns(GK), terms.ns(RDF), terms.ns(DCTERMS)
        self.SKOS, self.PROV, self.ORG = terms.ns(SKOS), terms.ns(PROV), terms.ns(ORG)
        self.CV, self.ELI = terms.ns(CV), terms.ns(ELI)
        self.triples: dict[tuple[Any, Any, Any], None] = {}
        self._described: set[Any] = set()
        self._regions = regions
        self.context_region = ""
        #: Year of the document being written ("" when unknown), for gk:seenInYear.
        self.year = ""
        #: Successors described by :meth:`reform`.
        self._successors: set[Any] = set()
        #: Agencies the records name but do not describe, by (label, document region).
        self._unrecorded_seen: dict[tuple[str, str], Agency] = {}
        #: (document id, first agency IRI, second agency IRI) -> the agencies' terms and,
        #: per shared measure, (measure, first leads, second leads): see :meth:`ties`.
        self._ties: dict[tuple[str, str, str], tuple[Any, Any, list[tuple[Any, bool, bool]]]] = {}

    def add(self, s: Any, p: Any, o: Any) -> None:
        self.triples[(s, p, o)] = None

    def text(self, s: Any, p: Any, value: str) -> None:
        if value:
            self.add(s, p, self.t.text(value))

    def line(self, s: Any, p: Any, value: int) -> None:
        if value and value > 0:
            self.add(s, p, self.t.typed(str(int(value)), _XSD_integer))

    def _node(self, iri: str) -> Any:
        """A node minted once in the graph (a measure, an assignment)."""
        return self.t.iri(iri)

    def _constant(self, iri: str) -> Any:
        """A node or vocabulary term that many triples share (an agency, a region)."""
        return self.t.constant(iri)

    # documents and measures ------------------------------------------------

    def document(self, doc: Document) -> None:
        iris, d = self.iris, self._node(self.iris.document(doc.id))
        self.year = doc.date[:4] if doc.date[:4].isdigit() else ""
        self.add(d, self.RDF.type, self.GK.Document)
        self.add(d, self.RDF.type, self.ELI.LegalResource)
        self.text(d, self.DCTERMS.identifier, doc.id)
        self.text(d, self.DCTERMS.title, doc.title)
        if doc.date:
            self.add(d, self.DCTERMS.issued, _date_term(self.t, doc.date))
        self.text(d, self.GK.documentNumber, doc.number)
        self.text(d, self.GK.regionEvidence, doc.region_evidence)
        if doc.doc_type:
            t = self._constant(iris.document_type(doc.doc_type))
            self.add(d, self.GK.documentType, t)
            self.concept(t, self.GK.DocumentType, self.GK.DocumentTypeScheme, doc.doc_type)
        region = self._regions.find("".join(doc.region_path)) or self._regions.find(doc.region)
        self.context_region = region
        if region:
            self.add(d, self.DCTERMS.spatial, self._constant(iris.region(region)))
            self.region(region)
        for label in doc.issuers:
            scope = doc.id if agency_key(label, doc.id) in self.found.agencies else ""
            self.add(d, self.DCTERMS.publisher, self.agency(label, scope))
        for c in doc.cites:
            self.citation(d, c.title, c.number)
        self.text(d, self.GK.sourceFile, doc.source)
        self.line(d, self.GK.sourceLine, doc.line)
        self.line(d, self.GK.endLine, doc.end_line)

    def citation(self, d: URIRef, title: str, number: str) -> None:
        c = self._node(self.iris.cited(number, title))
        self.add(d, self.GK.cites, c)
        self.add(c, self.RDF.type, self.ELI.LegalResource)
        self.text(c, self.GK.citedTitle, title)
        self.text(c, self.DCTERMS.title, title.strip().removeprefix("《").removesuffix("》"))
        self.text(c, self.GK.documentNumber, number)

    def measure(self, m: Measure, doc: Document | None) -> None:
        iris, node = self.iris, self._node(self.iris.measure(m.id))
        if doc is None:
            self.context_region = ""
            self.year = ""
        self.add(node, self.RDF.type, self.GK.Measure)
        self.add(node, self.RDF.type, self.ELI.LegalResourceSubdivision)
        self.add(node, self.ELI.is_part_of, self._node(iris.document(m.doc_id)))
        self.text(node, self.DCTERMS.identifier, m.id)
        self.text(node, self.GK.measureNumber, m.number)
        self.text(node, self.GK.text, m.text)
        self.text(node, self.GK.sectionPath, SECTION_SEPARATOR.join(m.section))
        self.text(node, self.GK.sourceFile, m.source)
        self.line(node, self.GK.sourceLine, m.line)
        self.line(node, self.GK.endLine, m.end_line)
        self.text(node, self.GK.locator, m.locator)
        if m.deadline is not None:
            dl = self._node(iris.deadline(m.id))
            self.add(node, self.GK.hasDeadline, dl)
            self.add(dl, self.RDF.type, self.GK.Deadline)
            self.text(dl, self.GK.deadlineText, m.deadline.text)
            if m.deadline.date:
                self.add(dl, self.GK.dueDate, _date_term(self.t, m.deadline.date))
            self.text(dl, self.GK.period, m.deadline.period)
            self.line(dl, self.GK.sourceLine, m.deadline.line)
        for i, t in enumerate(m.targets, 1):
            tn = self._node(iris.target(m.id, i))
            self.add(node, self.GK.hasTarget, tn)
            self.add(tn, self.RDF.type, self.GK.PolicyTarget)
            self.add(tn, self.GK.value, _decimal_term(self.t, t.value))
            self.text(tn, self.GK.unit, t.unit)
            self.text(tn, self.GK.comparator, t.comparator)
            self.text(tn, self.GK.phrase, t.phrase)
            self.line(tn, self.GK.sourceLine, t.line)
        #: agency IRI -> (term, leads): the agencies with a role on the measure
        on: dict[str, tuple[Any, bool]] = {}
        for i, a in enumerate(m.assignments, 1):
            an = self._node(iris.assignment(m.id, i))
            self.add(node, self.PROV.qualifiedAssociation, an)
            self.add(an, self.RDF.type, self.GK.Assignment)
            self.add(an, self.RDF.type, self.PROV.Association)
            self.add(an, self.GK.measure, node)
            role = self._constant(ROLE_CONCEPTS[a.role]) if a.role in ROLE_CONCEPTS else None
            if role is not None:
                self.add(an, self.GK.role, role)
                self.add(an, self.PROV.hadRole, role)
            self.text(an, self.GK.mention, a.mention)
            self.text(an, self.GK.sourceFile, a.source or m.source)
            self.line(an, self.GK.sourceLine, a.line)
            self.text(an, self.GK.clause, a.clause)
            if a.inherited:
                self.add(an, self.GK.inherited, self.t.typed("true", _XSD_boolean))
            self.text(an, self.GK.locator, a.locator)
            key = ""  # the agency's IRI, for the ties (a collective has none)
            if a.collective:
                agent: URIRef | None = self.group(a.agency or a.mention)
            elif a.agency:
                agent, key = self._agency(a.agency, a.scope)
            else:
                agent = None
            if agent is not None:
                self.add(an, self.GK.agency, agent)
                self.add(an, self.PROV.agent, agent)
                if a.role in ROLE_PROPERTIES:
                    self.add(agent, self._constant(ROLE_PROPERTIES[a.role]), node)
                    if key:
                        on[key] = (agent, a.role == "lead" or (key in on and on[key][1]))
        if len(on) > 1:
            self._share(m.doc_id, node, on)
        self.topics(node, m, doc)

    # cooperation ties ------------------------------------------------------

    def _share(self, doc_id: str, measure: Any, on: dict[str, tuple[Any, bool]]) -> None:
        """Count ``measure`` for every pair of the agencies ``on`` it."""
        named = sorted(on)
        for i, first in enumerate(named):
            for second in named[i + 1:]:
                key = (doc_id, first, second)
                tie = self._ties.get(key)
                if tie is None:
                    tie = self._ties[key] = (on[first][0], on[second][0], [])
                tie[2].append((measure, on[first][1], on[second][1]))

    def ties(self) -> None:
        """The ``gk:CooperationTie`` of each pair of agencies sharing measures of the graph.

        Written once all the graph's measures are: one tie per pair (in the order
        of their IRIs), its ``gk:weight`` the number of measures both have a
        role on, linked to each (``gk:sharedMeasure``, and ``gk:firstLeads`` /
        ``gk:secondLeads`` for those an end leads).
        """
        weight = self.GK.weight
        for (doc_id, first, second), (a, b, shared) in sorted(self._ties.items()):
            tie = self._node(self.iris.cooperation_tie(doc_id, first, second))
            self.add(tie, self.RDF.type, self.GK.CooperationTie)
            self.add(tie, self.GK.firstAgency, a)
            self.add(tie, self.GK.secondAgency, b)
            self.add(tie, weight, self.t.typed(str(len(shared)), _XSD_integer))
            for measure, first_leads, second_leads in shared:
                self.add(tie, self.GK.sharedMeasure, measure)
                if first_leads:
                    self.add(tie, self.GK.firstLeads, measure)
                if second_leads:
                    self.add(tie, self.GK.secondLeads, measure)
        self._ties.clear()

    # agents, regions, concepts --------------------------------------------

    def _agency_iri(self, label: str, scope: str = "") -> tuple[Agency, Any, str]:
        """The agency record of ``label`` (in ``scope``), its region and its IRI."""
        a = self.found.agencies.get(agency_key(label, scope)) or self._unrecorded(label)
        region = self._regions.find(a.region, within=self.context_region)
        iri = self.iris.agency(label, scope, within=self.context_region, region=region)
        return a, region, str(iri)

    def agency(self, label: str, scope: str = "", *, seen: bool = True) -> URIRef:
        """Describe an agency (and its parents) once; return its IRI.

        ``seen``: the document names it (it gets the document's year).
        """
        return self._agency(label, scope, seen=seen)[0]

    def _agency(self, label: str, scope: str = "", *, seen: bool = True) -> tuple[URIRef, str]:
        """:meth:`agency`, returning its node and the text of its IRI."""
        iris = self.iris
        a, region, iri = self._agency_iri(label, scope)
        node = self._constant(iri)
        if seen and self.year:
            self.add(node, self.GK.seenInYear, self.t.typed(self.year, _XSD_gYear))
        first = node not in self._described
        key = (label, scope)
        if not first and key in self._described:
            return node, iri
        self._described.update((node, key))
        official = label if scope else _official(label, self.context_region)
        if first:
            if scope:
                self.add(node, self.GK.scopeDocument, self._node(iris.document(scope)))
            self.add(node, self.RDF.type, self.GK.Agency)
            self.add(node, self.RDF.type, self.ORG.Organization)
            self.add(node, self.RDF.type, self.CV.PublicOrganisation)
            self.add(node, self.SKOS.prefLabel, self.t.lang(official, "zh"))
        # every other spelling of this agency (宁夏自治区… for 宁夏回族自治区…) is an altLabel
        for alt in (a.label, *a.alt_labels):
            if alt != official:
                self.add(node, self.SKOS.altLabel, self.t.lang(alt, "zh"))
        for hidden in a.hidden_labels:
            self.add(node, self.SKOS.hiddenLabel, self.t.lang(hidden, "zh"))
        if not first:
            return node, iri
        if region:
            self.add(node, self.DCTERMS.spatial, self._constant(iris.region(region)))
            self.region(region)
        if a.level in LEVEL_CONCEPTS:
            self.add(node, self.GK.adminLevel, self._constant(LEVEL_CONCEPTS[a.level]))
        if a.function:
            ft = self._constant(iris.functional_type(a.function))
            self.add(node, self.GK.functionalType, ft)
            self.concept(ft, self.GK.FunctionalType, self.GK.FunctionalTypeScheme, a.function)
        self.text(node, self.GK.agencyKind, a.kind)
        self.reform(node, a, region)
        if a.kind == "collaboration" or _COLLABORATION.search(a.label):
            self.add(node, self.RDF.type, self.GK.Collaboration)
            self.add(node, self.RDF.type, self.ORG.OrganizationalCollaboration)
        if a.kind == "unit" or a.parent:
            self.add(node, self.RDF.type, self.GK.AgencyUnit)
            self.add(node, self.RDF.type, self.ORG.OrganizationalUnit)
            if a.parent and a.parent != a.label:
                scoped = scope and agency_key(a.parent, scope) in self.found.agencies
                parent = self.agency(a.parent, scope if scoped else "")
                self.add(node, self.ORG.unitOf, parent)
                self.add(node, self.ORG.subOrganizationOf, parent)
        return node, iri

    def topics(self, node: URIRef, m: Measure, doc: Document | None) -> None:
        """The topics of a measure (:mod:`graphkit.extraction.topics`) with their evidence."""
        from graphkit.extraction.topics import measure_topics, topics

        scheme = topics()
        for found in measure_topics(m, document=doc.title if doc else ""):
            t = self._constant(self.iris.topic(found.topic))
            self.add(node, self.GK.topic, t)
            c = self._node(self.iris.topic_classification(m.id, found.topic))
            self.add(c, self.RDF.type, self.GK.TopicClassification)
            self.add(c, self.GK.measure, node)
            self.add(c, self.GK.topic, t)
            for word in found.words:
                self.add(c, self.GK.matchedTerm, self.t.text(word))
            self.text(c, self.GK.decidingHeading, found.section)
            if t not in self._described:
                self._described.add(t)
                info = scheme[found.topic]
                self.add(t, self.RDF.type, self.GK.Topic)
                self.add(t, self.RDF.type, self.SKOS.Concept)
                self.add(t, self.SKOS.inScheme, self.GK.TopicScheme)
                self.add(t, self.SKOS.notation, self.t.text(info.id))
                self.add(t, self.SKOS.prefLabel, self.t.lang(info.zh, "zh"))
                self.add(t, self.SKOS.prefLabel, self.t.lang(info.en, "en"))
                self.add(t, self.SKOS.broader, self.GK.topicBusinessEnvironment
                         if info.group == "business-environment" else self.GK.topicGeneral)

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
        event = self._node(self.iris.change_event(change.reform.id, a.label))
        self.add(event, self.RDF.type, self.ORG.ChangeEvent)
        self.add(event, self.DCTERMS.identifier, self.t.text(change.reform.id))
        self.add(event, self.DCTERMS.date, self.t.typed(change.year, _XSD_gYear))
        self.add(event, self.DCTERMS.source, self.t.text(change.reform.source))
        self.add(event, self.ORG.originalOrganization, node)
        self.add(node, self.ORG.changedBy, event)
        if change.resulting:
            label = change.resulting
            after = self._constant(self.iris.agency(label, within=region, region=region))
            self.add(event, self.ORG.resultingOrganization, after)
            self.add(after, self.ORG.resultedFrom, event)
            # described from the table alone, so that a document's graph does not
            # depend on which other files are converted with it
            if after not in self._successors and after not in self._described:
                self._successors.add(after)
                self.add(after, self.RDF.type, self.GK.Agency)
                self.add(after, self.RDF.type, self.ORG.Organization)
                self.add(after, self.RDF.type, self.CV.PublicOrganisation)
                self.add(after, self.SKOS.prefLabel, self.t.lang(_official(label, region), "zh"))
                self.add(after, self.DCTERMS.spatial, self._constant(self.iris.region(region)))
                level = a.level or r.level
                if level in LEVEL_CONCEPTS:
                    self.add(after, self.GK.adminLevel, self._constant(LEVEL_CONCEPTS[level]))
                if change.reform.function:
                    ft = self._constant(self.iris.functional_type(change.reform.function))
                    self.add(after, self.GK.functionalType, ft)
                    self.concept(ft, self.GK.FunctionalType, self.GK.FunctionalTypeScheme,
                                 change.reform.function)
                self.text(after, self.GK.agencyKind, a.kind or "agency")

    def _unrecorded(self, label: str) -> Agency:
        """An agency the records name (an issuer) but do not describe."""
        key = (label, self.context_region)
        if key not in self._unrecorded_seen:
            code = self._regions.named_in(label, within=self.context_region) or self.context_region
            r = self._regions.regions.get(code)
            self._unrecorded_seen[key] = Agency(label=label, region=code, level=r.level if r else "")
        return self._unrecorded_seen[key]

    def group(self, label: str) -> URIRef:
        """Describe a generic collective of the document's region; return its IRI."""
        region = self.context_region
        node = self._constant(self.iris.group(f"{region} {label}" if region else label))
        if node not in self._described:
            self._described.add(node)
            self.add(node, self.RDF.type, self.GK.AgencyGroup)
            self.add(node, self.RDF.type, self.PROV.Agent)
            self.add(node, self.SKOS.prefLabel, self.t.lang(label, "zh"))
            if region:
                self.add(node, self.DCTERMS.spatial, self._constant(self.iris.region(region)))
        return node

    def region(self, code: str) -> None:
        """Describe a region and the regions enclosing it."""
        while code:
            node = self._constant(self.iris.region(code))
            if node in self._described:
                return
            self._described.add(node)
            r = self._regions.regions.get(code)
            if r is None:
                return
            self.add(node, self.RDF.type, self.GK.Region)
            if r.level in _REGION_CLASSES:
                self.add(node, self.RDF.type, self._constant(_REGION_CLASSES[r.level]))
            self.add(node, self.SKOS.prefLabel, self.t.lang(r.name, "zh"))
            if r.short and r.short != r.name:
                self.add(node, self.SKOS.altLabel, self.t.lang(r.short, "zh"))
            self.add(node, self.GK.divisionCode, self.t.text(r.code))
            if r.parent:
                self.add(node, self.GK.withinRegion, self._constant(self.iris.region(r.parent)))
            code = r.parent

    def concept(self, node: URIRef, cls: URIRef, scheme: URIRef, label: str) -> None:
        if node in self._described:
            return
        self._described.add(node)
        self.add(node, self.RDF.type, cls)
        self.add(node, self.RDF.type, self.SKOS.Concept)
        self.add(node, self.SKOS.inScheme, scheme)
        self.add(node, self.SKOS.prefLabel, self.t.lang(label, "zh"))


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


def _official(label: str, within: str) -> str:
    """The official name of an agency (its ``skos:prefLabel``): see
    :func:`graphkit.extraction.identity.identify`."""
    from graphkit.extraction.identity import identify

    return identify(label, within).label


def _date_term(terms: Terms[Any], value: str) -> Any:
    """``xsd:date`` for an ISO date, ``xsd:gYearMonth`` / ``xsd:gYear`` for shorter ones."""
    if _DATE.match(value):
        try:
            datetime.date.fromisoformat(value)
            return terms.typed(value, _XSD_date)
        except ValueError:
            pass
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return terms.typed(value, _XSD_gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return terms.typed(value, _XSD_gYear)
    return terms.text(value)  # not a date: shapes.ttl reports it


def _date_literal(value: str) -> Literal:
    """:func:`_date_term` as an rdflib literal."""
    return _date_term(RDFLIB, value)


def _decimal_term(terms: Terms[Any], value: str) -> Any:
    """``xsd:decimal`` in canonical form (``4.50`` -> ``4.5``), as Oxigraph stores it."""
    v = value.strip()
    if _NUMBER.match(v):
        try:
            d = Decimal(v).normalize()
        except InvalidOperation:  # pragma: no cover - the pattern rules it out
            return terms.text(value)
        text = format(d, "f")
        if text in ("-0", "+0"):
            text = "0"
        return terms.typed(text, _XSD_decimal)
    return terms.text(value)  # not a number: shapes.ttl reports it


def _decimal_literal(value: str) -> Literal:
    """:func:`_decimal_term` as an rdflib literal.

    >>> _decimal_literal("4.50")
    rdflib.term.Literal('4.5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#decimal'))
    """
    return _decimal_term(RDFLIB, value)
