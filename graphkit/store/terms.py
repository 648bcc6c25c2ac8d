"""RDF terms between rdflib and pyoxigraph, the prefixes every query may use, and
terms in N-Triples syntax.

Both query back ends answer in rdflib terms, and an ``xsd:string`` literal is a
plain literal whichever gave it, so that their answers compare equal.

Examples
--------
>>> import pyoxigraph as ox
>>> from rdflib import Literal, URIRef
>>> from_ox(ox.Literal("简化流程"))
rdflib.term.Literal('简化流程')
>>> to_ox(Literal("3", datatype=URIRef(PREFIXES["xsd"] + "integer")))
<Literal value=3 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#integer>>
>>> term_nt(Literal('他说"好"', lang="zh"))
'"他说\\\\"好\\\\""@zh'
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from graphkit.errors import QueryError
from graphkit.namespace import CV, ELI, GK, ORG

__all__ = ["FLOATS", "INTEGERS", "PREFIXES", "XSD_STRING", "from_ox", "plain", "term_nt",
           "to_ox"]

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = {
    "gk": str(GK._NS),
    "org": str(ORG),
    "cv": str(CV),
    "eli": str(ELI),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}

#: The XSD integer datatypes (their IRIs).
INTEGERS = {
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
#: The XSD decimal and floating-point datatypes.
FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = str(RDF.langString)


def to_ox(term: Node) -> Any:
    """The pyoxigraph term of an rdflib IRI, blank node or literal."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


def from_ox(term: Any) -> Node | None:
    """The rdflib term of a pyoxigraph term (``None`` stays ``None``)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt in (XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    return Literal(str(term))  # an RDF-star triple term, shown as text


def plain(term: Any) -> Node | None:
    """``xsd:string`` literals as plain literals, so both back ends agree."""
    if (
        isinstance(term, Literal)
        and term.datatype is not None
        and str(term.datatype) == XSD_STRING
    ):
        return Literal(str(term))
    return term


def term_nt(term: Node) -> str:
    """A term in N-Triples (and SPARQL) syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None and str(term.datatype) != XSD_STRING:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'
