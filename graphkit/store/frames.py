"""Query answers as ``pandas.DataFrame`` (what :func:`graphkit.store.query` returns).

The only module of :mod:`graphkit.store` that imports pandas; the query
commands, which print text, never load it.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> from graphkit.store.results import Results
>>> XSD = "http://www.w3.org/2001/XMLSchema#"
>>> r = Results("SELECT", ["n", "due"], [(Literal("3", datatype=URIRef(XSD + "integer")),
...                                       Literal("2021-06-30", datatype=URIRef(XSD + "date")))])
>>> to_frame(r).dtypes.astype(str).tolist()
['Int64', 'datetime64[ns]']
>>> to_frame(Results("ASK", boolean=False))
     ask
0  False
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from rdflib import BNode, Literal
from rdflib.namespace import RDFS, XSD
from rdflib.term import Node

from graphkit.store.results import Results
from graphkit.store.terms import FLOATS, INTEGERS, PREFIXES

__all__ = ["to_frame"]

_DATES = {str(XSD.date), str(XSD.dateTime), str(XSD.dateTimeStamp)}


def to_frame(results: Results, sparql: str | None = None) -> pd.DataFrame:
    """A ``pandas.DataFrame`` of :class:`~graphkit.store.results.Results` (typed as
    :func:`graphkit.store.query` describes); ``sparql`` types the columns of an
    empty answer."""
    if results.kind == "ASK":
        return pd.DataFrame({"ask": [bool(results.boolean)]})
    columns: dict[str, list[Any]] = {v: [] for v in results.variables}
    datatypes: dict[str, set[str]] = {v: set() for v in results.variables}
    for row in results.rows:
        for v, term in zip(results.variables, row, strict=True):
            columns[v].append(_python(term))
            if term is not None:
                datatypes[v].add(str(getattr(term, "datatype", None) or "")
                                 if isinstance(term, Literal) else "iri")
    if not results.rows and sparql:
        for v, dt in _ranges(sparql, results.variables).items():
            datatypes[v] = {dt}
    frame = pd.DataFrame(columns, columns=results.variables)
    for v, values in columns.items():
        kinds = datatypes[v]
        if kinds and kinds <= _DATES:
            frame[v] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce",
                                      utc=any(_has_zone(x) for x in values if x))
            if not frame[v].dt.tz:
                frame[v] = frame[v].astype("datetime64[ns]")
        elif kinds and kinds <= INTEGERS and all(
                x is None or isinstance(x, int) for x in values):
            frame[v] = pd.array(values, dtype="Int64")
        elif kinds and kinds <= FLOATS:
            frame[v] = pd.array(values, dtype="Float64").astype(float)
    return frame


def _has_zone(text: Any) -> bool:
    return isinstance(text, str) and re.search(r"(Z|[+-]\d\d:\d\d)$", text) is not None


def _ranges(sparql: str, variables: list[str]) -> dict[str, str]:
    """The datatype each variable gets from the range of the property binding it."""
    from graphkit.store.ontology import ontology_graph

    onto = ontology_graph()
    ranges = {str(p): str(r) for p, r in onto.subject_objects(RDFS.range)
              if str(r).startswith(str(XSD))}
    out = {}
    for v in variables:
        for m in re.finditer(r"([A-Za-z][\w-]*):([\w-]+)\s+\?" + re.escape(v) + r"\b", sparql):
            iri = PREFIXES.get(m.group(1), "") + m.group(2)
            if iri in ranges:
                out[v] = ranges[iri]
                break
    return out


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype is not None:
        dt = str(term.datatype)
        try:
            if dt in INTEGERS:
                return int(str(term))
            if dt in FLOATS:
                return float(str(term))
            if dt == str(XSD.boolean):
                return str(term) in ("true", "1")
        except ValueError:
            pass
    return str(term)
