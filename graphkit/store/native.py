"""Answers in pyoxigraph terms, equal to the rdflib terms the Python API gives.

``graphkit query`` on a store formats Oxigraph's answer without making rdflib
terms (rdflib takes longer to import than the whole query takes to run). The
text must not change for that, and rdflib does change some literals: it reads
the lexical form of a datatype it knows into a Python value and writes the
value back (``"1"^^xsd:double`` becomes ``"1.0"``, ``"TRUE"^^xsd:boolean``
``"true"``). :func:`native` gives each term as rdflib would: unchanged where
rdflib writes it back unchanged (IRIs, blank nodes, plain and language-tagged
literals, datatypes rdflib does not read, and the canonical integers,
decimals, booleans and dates a graphkit store holds), and otherwise through
rdflib itself, imported then, so that nothing rdflib does is imitated.

Examples
--------
>>> import pyoxigraph as ox
>>> XSD = "http://www.w3.org/2001/XMLSchema#"
>>> native(ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))).value
'42'
>>> native(ox.Literal("1", datatype=ox.NamedNode(XSD + "double"))).value
'1.0'
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pyoxigraph as ox

from graphkit.store.prefixes import INTEGERS, XSD

__all__ = ["REWRITTEN", "native"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

#: Datatypes whose literals rdflib may write differently from how they came.
REWRITTEN = frozenset(
    {XSD + t for t in ("time", "date", "dateTime", "duration", "dayTimeDuration",
                       "yearMonthDuration", "hexBinary", "base64Binary", "normalizedString",
                       "token", "boolean", "decimal", "float", "double")}
    | INTEGERS
    | {_RDF + "XMLLiteral", _RDF + "HTML"}
)
#: Lexical forms rdflib writes back as they are: ``int`` and ``Decimal`` print these
#: digits unchanged (``int`` up to its 4,300 digits), ``bool`` ``true``/``false``,
#: and ``date.isoformat`` a valid date of four-digit year.
_KEPT = {
    XSD + "integer": re.compile(r"0|-?[1-9][0-9]{0,4000}"),
    XSD + "decimal": re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?"),
    XSD + "boolean": re.compile(r"true|false"),
    XSD + "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
_DATE = XSD + "date"


def native(term: Any) -> Any:
    """``term`` (a pyoxigraph term or ``None``) as the rdflib API would give it, as a
    pyoxigraph term: ``to_ox(from_ox(term))`` of :mod:`graphkit.store.terms`.

    An RDF-star triple becomes a plain literal of its text, as in ``from_ox``.
    """
    if term is None or isinstance(term, ox.NamedNode | ox.BlankNode):
        return term
    if isinstance(term, ox.Literal):
        if term.language:
            return term
        dt = term.datatype.value
        if dt not in REWRITTEN:
            return term
        kept = _KEPT.get(dt)
        if kept is not None and kept.fullmatch(term.value) and (dt != _DATE
                                                                 or _is_date(term.value)):
            return term
        from graphkit.store.terms import from_ox, to_ox

        return to_ox(from_ox(term))
    return ox.Literal(str(term))


def _is_date(text: str) -> bool:
    try:
        return datetime.date.fromisoformat(text).year > 0
    except ValueError:
        return False
