"""The ontology's terms, in one place, and deterministic IRIs for graph nodes.

Terms are ``DefinedNamespace`` members with ``_fail = True``: a misspelt term
raises instead of silently minting a new IRI. ``ontology/graphkit.ttl`` declares
the same terms (a test keeps the two in step).

Examples
--------
>>> str(GK.Measure)
'https://w3id.org/graphkit/ontology#Measure'
>>> iris = IRIs("https://example.org/gk/")
>>> str(iris.region("540100"))
'https://example.org/gk/region/540100'
>>> iris.agency("拉萨市市场监督管理局") == iris.agency("拉萨市市场监督管理局")
True
"""

from __future__ import annotations

import functools
import hashlib
import os
from urllib.parse import quote

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

__all__ = ["CV", "DEFAULT_BASE", "ELI", "GK", "ORG", "IRIs"]

#: Base of instance IRIs unless ``GRAPHKIT_BASE`` or ``--base`` says otherwise.
DEFAULT_BASE = "https://w3id.org/graphkit/id/"

ORG = Namespace("http://www.w3.org/ns/org#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CV = Namespace("http://data.europa.eu/m8g/")


class GK(DefinedNamespace):
    """graphkit's own ontology terms."""

    _NS = Namespace("https://w3id.org/graphkit/ontology#")
    _fail = True

    # classes
    Document: URIRef
    Measure: URIRef
    Agency: URIRef
    AgencyUnit: URIRef
    AgencyGroup: URIRef
    Collaboration: URIRef
    Region: URIRef
    Province: URIRef
    City: URIRef
    County: URIRef
    Assignment: URIRef
    PolicyTarget: URIRef
    Deadline: URIRef
    Evidence: URIRef
    Role: URIRef
    FunctionalType: URIRef
    DocumentType: URIRef
    AdministrativeLevel: URIRef

    # concept schemes and the concepts the ontology fixes
    RoleScheme: URIRef
    FunctionalTypeScheme: URIRef
    AdminLevelScheme: URIRef
    DocumentTypeScheme: URIRef
    roleLead: URIRef
    roleCooperate: URIRef
    roleResponsible: URIRef
    levelNational: URIRef
    levelProvince: URIRef
    levelCity: URIRef
    levelCounty: URIRef

    # roles as properties agency -> measure
    assignedTo: URIRef
    leads: URIRef
    cooperatesOn: URIRef
    responsibleFor: URIRef

    # assignment node
    agency: URIRef
    measure: URIRef
    role: URIRef
    mention: URIRef
    groupMember: URIRef

    # documents and measures
    documentNumber: URIRef
    documentType: URIRef
    issuer: URIRef
    cites: URIRef
    citedTitle: URIRef
    measureNumber: URIRef
    sectionPath: URIRef
    text: URIRef
    hasDeadline: URIRef
    hasTarget: URIRef

    # deadlines and targets
    deadlineText: URIRef
    dueDate: URIRef
    period: URIRef
    value: URIRef
    unit: URIRef
    comparator: URIRef
    phrase: URIRef

    # agencies and regions
    functionalType: URIRef
    adminLevel: URIRef
    agencyKind: URIRef
    scopeDocument: URIRef
    regionEvidence: URIRef
    inherited: URIRef
    divisionCode: URIRef
    withinRegion: URIRef

    # provenance
    sourceFile: URIRef
    sourceLine: URIRef
    endLine: URIRef
    clause: URIRef
    evidence: URIRef
    locator: URIRef

    # topics of measures
    Topic: URIRef
    TopicScheme: URIRef
    TopicClassification: URIRef
    topicBusinessEnvironment: URIRef
    topicGeneral: URIRef
    topic: URIRef
    matchedTerm: URIRef
    decidingHeading: URIRef

    # agencies through reforms
    seenInYear: URIRef

    # cooperation ties materialised per document
    CooperationTie: URIRef
    firstAgency: URIRef
    secondAgency: URIRef
    weight: URIRef
    sharedMeasure: URIRef
    firstLeads: URIRef
    secondLeads: URIRef


@functools.lru_cache(maxsize=2**16)
def _quoted(part: str) -> str:
    """A path segment percent-encoded (ids repeat across IRIs: each is encoded once)."""
    return quote(part, safe="")


def _slug(text: str) -> str:
    """A short stable slug for free text (hash of the UTF-8 bytes)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class IRIs:
    """Mint deterministic instance IRIs under one base.

    The same input always gives the same IRI, so the same corpus gives the
    same graph on every build.
    """

    def __init__(self, base: str | None = None):
        base = base or os.environ.get("GRAPHKIT_BASE") or DEFAULT_BASE
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def _iri(self, *parts: str) -> URIRef:
        return URIRef(self.base + "/".join(map(_quoted, parts)))

    def document(self, doc_id: str) -> URIRef:
        """IRI of a document, from its record id (``source/dN``)."""
        return self._iri("doc", *doc_id.split("/"))

    def measure(self, measure_id: str) -> URIRef:
        """IRI of a measure, from its record id (``source/dN/mK``)."""
        return self._iri("measure", *measure_id.split("/"))

    def agency(self, label: str, scope: str = "", *, within: str = "", region: str = "") -> URIRef:
        """IRI of a canonical agency: its region's code and its official name (hashed).

        ``agency/640000/<hash>``: the GB/T 2260 code of the region the name places
        the agency in (``cn`` for a national body) and a hash of its official name
        (:func:`graphkit.extraction.identity.identify`), so that 宁夏自治区… and
        宁夏回族自治区… are one node and two regions' 自来水公司 are two. ``region``
        is the code of the agency's own region where its record gives it (the
        region it is ``dct:spatial`` in): it places a name that does not open
        with its place (中国人民银行兰州中心支行 is 甘肃省's, 自来水公司 its
        document's). A name that opens with its place is placed by it, read in
        ``within``, the code of the document's region (城关区 of a 拉萨市 plan is
        540102), and a national body is ``cn``, whatever the record says.
        An agency scoped to a document (one whose
        region is unknown) has the document in its IRI instead, so two
        documents' 区司法局 stay two nodes.

        >>> iris = IRIs("https://example.org/")
        >>> str(iris.agency("宁夏回族自治区财政厅")).rsplit("/", 2)[-2]
        '640000'
        >>> iris.agency("宁夏自治区财政厅") == iris.agency("宁夏回族自治区财政厅")
        True
        >>> str(iris.agency("区司法局", "a.txt/d1")).rsplit("/", 3)[-3:-1]
        ['a.txt', 'd1']
        """
        if scope:
            return self._iri("agency", *scope.split("/"), _slug(label))
        from graphkit.extraction.identity import NATIONAL_CODE, identify, opens_with_place

        code, official = identify(label, within)
        if region and code != NATIONAL_CODE and not opens_with_place(official, within):
            code = region
        return self._iri("agency", code, _slug(official))

    def group(self, label: str) -> URIRef:
        """IRI of a generic collective (各县区政府 …)."""
        return self._iri("group", _slug(label))

    def region(self, code: str) -> URIRef:
        """IRI of a region, from its GB/T 2260 division code."""
        return self._iri("region", code)

    def assignment(self, measure_id: str, index: int) -> URIRef:
        """IRI of the ``index``-th assignment of a measure."""
        return self._iri("assignment", *measure_id.split("/"), str(index))

    def target(self, measure_id: str, index: int) -> URIRef:
        """IRI of the ``index``-th target of a measure."""
        return self._iri("target", *measure_id.split("/"), str(index))

    def deadline(self, measure_id: str) -> URIRef:
        """IRI of a measure's deadline."""
        return self._iri("deadline", *measure_id.split("/"))

    def cited(self, number: str, title: str) -> URIRef:
        """IRI of a cited document: by its 文号 when known, else by its title."""
        return self._iri("cited", _slug(number or title))

    def functional_type(self, label: str) -> URIRef:
        """IRI of a functional agency type concept (``市场监督管理`` …)."""
        return self._iri("functional-type", label)

    def document_type(self, label: str) -> URIRef:
        """IRI of a document type concept (``通知``, ``方案`` …)."""
        return self._iri("document-type", label)

    def topic(self, topic_id: str) -> URIRef:
        """IRI of a topic concept, from its table id (``electricity`` …)."""
        return self._iri("topic", topic_id)

    def topic_classification(self, measure_id: str, topic_id: str) -> URIRef:
        """IRI of the classification of a measure under one topic."""
        return self._iri("topic-classification", *measure_id.split("/"), topic_id)

    def change_event(self, reform_id: str, original: str) -> URIRef:
        """IRI of the change event of a reform that replaced the agency ``original``."""
        return self._iri("change", reform_id, _slug(original))

    def cooperation_tie(self, doc_id: str, first: str, second: str) -> URIRef:
        """IRI of the tie of two agencies (their IRIs, in order) in one document.

        The document is part of the IRI, so each document graph holds its own
        ties and the union of graphs adds their weights instead of merging them.
        """
        return self._iri("tie", *doc_id.split("/"), _slug(first + " " + second))

    def graph(self, doc_id: str) -> URIRef:
        """IRI of the named graph holding one document's facts."""
        return self._iri("graph", *doc_id.split("/"))
