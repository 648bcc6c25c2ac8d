"""The prefixes every query may use without declaring them, and the XSD datatypes
the query results treat apart, as plain strings (no rdflib needed to read them).

Examples
--------
>>> PREFIXES["gk"]
'https://w3id.org/graphkit/ontology#'
>>> XSD + "integer" in INTEGERS
True
"""

from __future__ import annotations

__all__ = ["FLOATS", "INTEGERS", "PREFIXES", "RDF_LANGSTRING", "XSD", "XSD_STRING"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = {
    "gk": "https://w3id.org/graphkit/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": XSD,
    "rdf": _RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

#: The XSD integer datatypes (their IRIs).
INTEGERS = {
    XSD + t
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
FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
XSD_STRING = XSD + "string"
RDF_LANGSTRING = _RDF + "langString"
