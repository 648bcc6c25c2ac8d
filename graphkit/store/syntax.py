"""Terms of either kind, rdflib or pyoxigraph, taken apart and written in N-Triples
syntax, for the text formats of query results (:mod:`graphkit.store.results`).

An answer reaches the formats as rdflib terms (the Python API) or as pyoxigraph
terms (``graphkit query`` on a store, see :mod:`graphkit.store.native`); both
are written through :func:`term_parts`, so that the same term gives the same
text whichever kind carries it. An ``xsd:string`` literal is a plain literal.
This module does not import rdflib: an rdflib term comes from a process that
has loaded it already.

Examples
--------
>>> import pyoxigraph as ox
>>> term_parts(ox.Literal("拉萨市", language="zh"))
('literal', '拉萨市', 'zh', None)
>>> term_nt(ox.Literal('他说"好"'))
'"他说\\\\"好\\\\""'
>>> term_nt(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
'"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graphkit.store.prefixes import XSD_STRING

__all__ = ["term_nt", "term_parts"]


def term_parts(term: Any) -> tuple[str, str, str | None, str | None]:
    """``(kind, value, language, datatype)`` of an rdflib or pyoxigraph IRI, blank node
    or literal: ``kind`` is ``uri``, ``bnode`` or ``literal``; ``datatype`` is
    ``None`` for a plain, ``xsd:string`` or language-tagged literal."""
    if isinstance(term, ox.NamedNode):
        return "uri", term.value, None, None
    if isinstance(term, ox.BlankNode):
        return "bnode", term.value, None, None
    if isinstance(term, ox.Literal):
        if term.language:
            return "literal", term.value, term.language, None
        dt = term.datatype.value
        return "literal", term.value, None, None if dt == XSD_STRING else dt
    from rdflib.term import BNode, Literal, URIRef  # loaded: the term is rdflib's

    if isinstance(term, URIRef):
        return "uri", str(term), None, None
    if isinstance(term, BNode):
        return "bnode", str(term), None, None
    if isinstance(term, Literal):
        if term.language:
            return "literal", str(term), term.language, None
        dt = None if term.datatype is None else str(term.datatype)
        return "literal", str(term), None, None if dt == XSD_STRING else dt
    raise TypeError(f"not an RDF term: {term!r}")


def term_nt(term: Any) -> str:
    """A term (rdflib or pyoxigraph) in N-Triples (and SPARQL) syntax."""
    kind, value, lang, datatype = term_parts(term)
    if kind == "uri":
        return f"<{value}>"
    if kind == "bnode":
        return f"_:{value}"
    text = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if lang:
        return f'"{text}"@{lang}'
    if datatype is not None:
        return f'"{text}"^^<{datatype}>'
    return f'"{text}"'
