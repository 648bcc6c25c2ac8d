"""How pyshacl decides a value, for the candidates the SPARQL queries leave open.

pyshacl reads the graph through rdflib, so its verdict on a literal follows
rdflib's reading of it: an ill-typed ``xsd:date`` fails ``sh:datatype``, a
string is never at least a number. These functions decide one value as it
does, on the rdflib term :func:`rdf_term` makes of an Oxigraph term.

Examples
--------
>>> import pyoxigraph as ox
>>> from rdflib.namespace import XSD
>>> day = ox.Literal("2021-02-30", datatype=ox.NamedNode(str(XSD.date)))
>>> datatype_ok(rdf_term(day), XSD.date)
False
>>> at_least(rdf_term(ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer)))),
...          rdf_term(ox.Literal("1", datatype=ox.NamedNode(str(XSD.integer)))))
True
>>> rdflib_reads(XSD.gYear), rdflib_reads(XSD.integer)
(False, True)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

__all__ = [
    "at_least",
    "at_most",
    "datatype_ok",
    "keeper",
    "pair_keeper",
    "pattern_ok",
    "quiet_rdflib",
    "rdf_term",
    "rdflib_reads",
]


def rdflib_reads(datatype: URIRef) -> bool:
    """Whether rdflib converts literals of ``datatype`` to Python values (else any form passes)."""
    with quiet_rdflib():
        return Literal("\u0000", datatype=datatype).ill_typed is not None


def keeper(test: Callable[[Node], bool]) -> Callable[[Any], bool]:
    return lambda row: test(rdf_term(row["value"]))


def pair_keeper() -> Callable[[Any], bool]:
    return lambda row: not at_most(rdf_term(row["value"]), rdf_term(row["_o"]))


def datatype_ok(v: Node, datatype: URIRef) -> bool:
    """pyshacl's test of ``sh:datatype`` on one value."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == datatype:
        if v.ill_typed is True:
            return False
        value = v.value
        checks: dict[URIRef, type | tuple[type, ...]] = {
            XSD.integer: int,
            XSD.float: float,
            XSD.decimal: Decimal,
            XSD.boolean: bool,
            XSD.date: date,
            XSD.time: time,
            XSD.dateTime: datetime,
        }
        kind = checks.get(datatype)
        return kind is None or isinstance(value, kind)
    if v.datatype is None and v.language is None and datatype == XSD.string:
        return True
    return False


def pattern_ok(v: Node, regex: re.Pattern[str]) -> bool:
    """pyshacl's test of ``sh:pattern`` on one value (Python's ``re.search``)."""
    if isinstance(v, BNode):
        return False
    text = (
        str(v.value)
        if isinstance(v, Literal) and v.value is not None and v.datatype in (None, XSD.string)
        else str(v)
    )
    return regex.search(text) is not None


def at_least(v: Node, minimum: Literal) -> bool:
    """pyshacl's test of ``sh:minInclusive`` on one value."""
    if not isinstance(v, Literal):
        return False
    if isinstance(v.value, str) != isinstance(minimum.value, str):
        return False
    try:
        if v.eq(minimum):
            return True
        if v.value.__class__ in (datetime, time):
            return bool(v.value == minimum.value or v.value > minimum.value)
        return bool(v > minimum)
    except (TypeError, NotImplementedError):
        return False


def at_most(v: Node, other: Node) -> bool:
    """pyshacl's test of ``sh:lessThanOrEquals`` on one pair of values."""
    left: Any = v
    right: Any = other
    left_text = isinstance(v, URIRef) or (isinstance(v, Literal) and isinstance(v.value, str))
    right_text = isinstance(other, URIRef) or (
        isinstance(other, Literal) and isinstance(other.value, str)
    )
    if left_text:
        left = str(v) if isinstance(v, URIRef) else v.value  # type: ignore[union-attr]
    if right_text:
        right = str(other) if isinstance(other, URIRef) else other.value  # type: ignore[union-attr]
    if left_text != right_text:
        return False
    try:
        return bool(left <= right)
    except TypeError:
        return False


def rdf_term(term: Any) -> Node:
    """An Oxigraph term as rdflib gives it when the store is copied (``xsd:string`` plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    with quiet_rdflib():
        return (
            Literal(term.value)
            if dt == str(XSD.string)
            else Literal(term.value, datatype=URIRef(dt))
        )


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """rdflib logs a warning for each ill-formed literal; they are what is being checked."""
    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)
