"""RDF terms made two ways, for writing the graph: as rdflib nodes, or as N-Quads text.

:mod:`graphkit.store.convert` says what triples a record gives once, and makes
every term through a :class:`Terms` factory. :data:`RDFLIB` gives rdflib nodes
(for :func:`~graphkit.store.graph_of` and the API); :class:`NQuadsTerms`
gives each term as it is written in N-Quads (for the bulk loads of builds),
so that no rdflib node is made for a quad that only goes to the store. IRIs
are written as they are (graphkit mints them percent-encoded) and each
literal's escaping is done once per string.

Examples
--------
>>> from rdflib.namespace import SKOS
>>> t = NQuadsTerms()
>>> t.iri("http://x/s"), t.lang('a "b"', "zh"), t.typed("3", XSD_INTEGER)
('<http://x/s>', '"a \\\\"b\\\\""@zh', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>')
>>> RDFLIB.lang("拉萨市", "zh")
rdflib.term.Literal('拉萨市', lang='zh')
>>> t.ns(SKOS).prefLabel
'<http://www.w3.org/2004/02/skos/core#prefLabel>'
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

__all__ = ["RDFLIB", "XSD_INTEGER", "NQuadsTerms", "RdflibTerms", "Terms"]

T = TypeVar("T")

XSD_INTEGER = str(XSD.integer)
_XSD_STRING = str(XSD.string)
#: Escapes of an N-Quads string (``STRING_LITERAL_QUOTE``: no raw ``"``, ``\\``, LF, CR).
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
#: Literals remembered per factory (their text is escaped once).
_CACHE_LIMIT = 200_000


class Terms(Generic[T]):
    """Makes the terms of one kind: IRIs, plain, language-tagged and typed literals."""

    def __init__(self) -> None:
        self._namespaces: dict[str, _Names] = {}

    def iri(self, value: str) -> T:
        """An IRI (``value`` as minted: absolute, percent-encoded)."""
        raise NotImplementedError

    def constant(self, value: str) -> T:
        """An IRI that many triples share (a vocabulary term, an agency, a region)."""
        return self.iri(value)

    def text(self, value: str) -> T:
        """A plain (``xsd:string``) literal."""
        raise NotImplementedError

    def lang(self, value: str, lang: str) -> T:
        """A language-tagged literal."""
        raise NotImplementedError

    def typed(self, value: str, datatype: str) -> T:
        """A literal of ``datatype`` (an IRI), ``value`` in its canonical form."""
        raise NotImplementedError

    def ns(self, namespace: Any) -> Any:
        """The terms of an rdflib namespace, made by this factory (``ns(GK).Measure``).

        Each term is made once per factory and then read as an attribute.
        """
        key = str(namespace)
        found = self._namespaces.get(key)
        if found is None:
            found = self._namespaces[key] = _Names(namespace, self.iri)
        return found


class _Names:
    """One namespace's terms of one factory, each made on first use."""

    def __init__(self, namespace: Any, make: Any) -> None:
        self._namespace = namespace
        self._make = make

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        term = self._make(str(getattr(self._namespace, name)))  # a DefinedNamespace checks it
        setattr(self, name, term)
        return term


class RdflibTerms(Terms[Any]):
    """Terms as rdflib nodes (``URIRef``, ``Literal``)."""

    def iri(self, value: str) -> URIRef:
        return value if type(value) is URIRef else URIRef(value)

    def text(self, value: str) -> Literal:
        return Literal(value)

    def lang(self, value: str, lang: str) -> Literal:
        return Literal(value, lang=lang)

    def typed(self, value: str, datatype: str) -> Literal:
        return Literal(value, datatype=URIRef(datatype))


class NQuadsTerms(Terms[str]):
    """Terms as N-Quads text: ``<iri>``, ``"text"``, ``"text"@zh``, ``"3"^^<datatype>``."""

    def __init__(self) -> None:
        super().__init__()
        self._iris: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def iri(self, value: str) -> str:
        return f"<{value}>"  # a plain str, also of a URIRef (whose + makes a URIRef)

    def constant(self, value: str) -> str:
        """An IRI that many triples share: its text is made once."""
        found = self._iris.get(value)
        if found is None:
            found = self._iris[value] = f"<{value}>"
        return found

    def _quoted(self, value: str) -> str:
        found = self._texts.get(value)
        if found is None:
            found = f'"{value.translate(_ESCAPES)}"'
            if len(self._texts) < _CACHE_LIMIT:
                self._texts[value] = found
        return found

    def text(self, value: str) -> str:
        return self._quoted(value)

    def lang(self, value: str, lang: str) -> str:
        return self._quoted(value) + "@" + lang

    def typed(self, value: str, datatype: str) -> str:
        if datatype == _XSD_STRING:
            return self._quoted(value)
        return self._quoted(value) + "^^" + self.constant(datatype)


#: The rdflib factory (it holds nothing but its namespaces' terms).
RDFLIB = RdflibTerms()
