"""Running the SPARQL checks of the SHACL shapes on Oxigraph, and the results they give.

:mod:`graphkit.store.shacl_sparql` compiles the shapes into :class:`Check`
queries; :func:`run` answers them over the store's default graph (the union of
the document graphs) and turns their rows into :class:`Result` lines written as
pyshacl's report gives them. Class membership is written in the queries as a
marker (:func:`isa`) that :func:`run` replaces, once the subclasses in the data
are known, by the fastest pattern Oxigraph has for it.

Examples
--------
>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> store.load(b"<urn:x:a> a <urn:x:C> .", format=ox.RdfFormat.TURTLE)
>>> from rdflib import URIRef
>>> missing = Check("SELECT ?this WHERE { VALUES ?this { <urn:x:a> } }", URIRef("urn:x:S"),
...                 "urn:x:p", "Violation", (Part("MinCountConstraintComponent", "none",
...                 reports_value=False),))
>>> [(r.focus, r.component) for r in run(store, [missing])]
[('urn:x:a', 'MinCountConstraintComponent')]
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from graphkit.store.shacl_shapes import UnsupportedShapes

__all__ = ["Check", "Part", "Result", "isa", "run"]


@dataclass(frozen=True)
class Result:
    """One validation result, with terms written as pyshacl's report gives them."""

    focus: str
    path: str
    component: str
    shape: str
    severity: str
    message: str
    value: str = ""


@dataclass(frozen=True)
class Part:
    """One constraint among those a query checks at once.

    Each row of the query is a candidate; ``keep``, when set, decides in
    Python whether it is a result of this constraint.
    """

    component: str
    message: str
    reports_value: bool = True
    keep: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Check:
    """A query on the focus nodes of one shape; its rows are the results of its parts.

    ``probe``, when set, is a query shared by the checks of one shape's values
    that has no row when none of them has one, so that one pass over the values
    clears them all.
    """

    query: str
    shape: Node
    path: str
    severity: str
    parts: tuple[Part, ...]
    probe: str | None = None


_ISA = re.compile(r"%%ISA (\?\w+) <([^>]*)>%%")


def isa(v: str, cls: URIRef) -> str:
    """A pattern: ``v`` is an instance of ``cls`` or of one of its subclasses.

    Written as a marker that :func:`run` replaces, once the subclasses in the
    data are known, by the fastest pattern Oxigraph has for it.

    Examples
    --------
    >>> isa("?value", URIRef("urn:x:C"))
    '%%ISA ?value <urn:x:C>%%'
    """
    return f"%%ISA {v} <{cls}>%%"


def _subclasses(store: ox.Store) -> dict[str, list[str] | None]:
    """Each class with subclasses in the data: their IRIs, or ``None`` when one is a blank node."""
    out: dict[str, list[str] | None] = {}
    for row in store.query(
        f"SELECT DISTINCT ?sub ?c WHERE {{ ?sub <{RDFS.subClassOf}>+ ?c FILTER(isIRI(?c)) }}"
    ):  # type: ignore[union-attr]
        c, sub = row["c"].value, row["sub"]
        if c == sub.value:
            continue
        found = out.setdefault(c, [])
        if found is not None:
            out[c] = None if isinstance(sub, ox.BlankNode) else [*found, sub.value]
    return out


def _resolve(query: str, subclasses: dict[str, list[str] | None]) -> str:
    """The query with its class markers written out for the data's subclasses."""
    n = 0

    def swap(m: re.Match[str]) -> str:
        nonlocal n
        v, cls = m.group(1), m.group(2)
        if cls not in subclasses:
            return f"{v} <{RDF.type}> <{cls}> ."
        subs = subclasses[cls]
        if subs is None:
            return f"{v} <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> ."
        n += 1
        classes = " ".join(f"<{c}>" for c in [cls, *sorted(subs)])
        return f"VALUES ?_t{n} {{ {classes} }} {v} <{RDF.type}> ?_t{n} ."

    return _ISA.sub(swap, query)


def _query(store: ox.Store, check: Check, query: str) -> Any:
    try:
        return store.query(query)
    except (SyntaxError, ValueError, RuntimeError) as e:
        raise UnsupportedShapes(f"{check.shape}: the query failed in Oxigraph: {e}") from e


def run(store: ox.Store, checks: list[Check] | tuple[Check, ...]) -> list[Result]:
    """The results of ``checks`` on the default graph of ``store``.

    Parameters
    ----------
    store
        The Oxigraph store; its default graph is the data checked.
    checks
        The compiled checks, as :func:`graphkit.store.shacl_sparql.compile_shapes`
        gives them.

    Returns
    -------
    list of Result
        One line per validation result, in the order of the checks.

    Raises
    ------
    UnsupportedShapes
        When Oxigraph cannot answer a query.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> bad = Check("SELECT ?this WHERE {", URIRef("urn:x:S"), "", "Violation", ())
    >>> run(ox.Store(), [bad])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphkit.store.shacl_shapes.UnsupportedShapes: urn:x:S: the query failed in Oxigraph: ...
    """
    out: list[Result] = []
    probed: dict[str, bool] = {}
    subclasses = _subclasses(store)
    for check in checks:
        if check.probe is not None:
            if check.probe not in probed:
                probed[check.probe] = bool(
                    list(_query(store, check, _resolve(check.probe, subclasses)))
                )
            if not probed[check.probe]:
                continue
        for row in _query(store, check, _resolve(check.query, subclasses)):
            for p in check.parts:
                if p.keep is not None and not p.keep(row):
                    continue
                out.append(
                    Result(
                        focus=row["this"].value,
                        path=check.path,
                        component=p.component,
                        shape=str(check.shape),
                        severity=check.severity,
                        message=p.message,
                        value=row["value"].value if p.reports_value else "",
                    )
                )
    return out
