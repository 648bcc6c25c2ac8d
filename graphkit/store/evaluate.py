"""Running one query on one back end: Oxigraph (a ``pyoxigraph.Store``) or an rdflib
graph, with variables bound before evaluation, into :class:`Results`.

Both see the prefixes of :data:`~graphkit.store.terms.PREFIXES` and answer in
the same terms (see :mod:`graphkit.store.terms`). Parsing and evaluation
errors become :class:`~graphkit.errors.QueryError`.

Examples
--------
>>> import pyoxigraph as ox
>>> from rdflib import Graph, Literal
>>> store = ox.Store()
>>> store.add(ox.Quad(ox.NamedNode("https://example.org/m"),
...                   ox.NamedNode(PREFIXES["gk"] + "text"), ox.Literal("简化流程")))
>>> run_oxigraph(store, "SELECT ?t WHERE { ?m gk:text ?t }").rows
[(rdflib.term.Literal('简化流程'),)]
>>> run_oxigraph(store, "ASK { ?m gk:text ?t }", {"t": Literal("别的")}).boolean
False
>>> evaluator(Graph()) is run_rdflib
True
>>> run_native(store, "SELECT ?t WHERE { ?m gk:text ?t }").rows
[(<Literal value=简化流程 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>,)]
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graphkit.errors import QueryError, StoreError
from graphkit.store.native import native
from graphkit.store.prefixes import PREFIXES
from graphkit.store.results import Results

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

__all__ = ["answer", "evaluator", "is_rdflib_graph", "run_native", "run_oxigraph", "run_rdflib"]


def is_rdflib_graph(target: Any) -> bool:
    """Whether ``target`` is an rdflib graph (without importing rdflib: an rdflib
    graph exists only in a process that has imported it)."""
    module = sys.modules.get("rdflib.graph")
    return module is not None and isinstance(target, module.Graph)


def evaluator(target: Any, *, native: bool = False) -> Callable[..., Results]:
    """The function that runs queries on ``target``: an rdflib graph or an Oxigraph store
    (answering in pyoxigraph terms with ``native``, see :func:`run_native`)."""
    if is_rdflib_graph(target):
        return run_rdflib
    return run_native if native else run_oxigraph


def run_oxigraph(store: ox.Store, sparql: str,
                 bindings: Mapping[str, Node] | None = None) -> Results:
    """Run ``sparql`` on an Oxigraph store, ``bindings`` substituted (projected variables)."""
    from graphkit.store.terms import from_ox, to_ox

    substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
    return answer(store, sparql, from_ox, substitutions)


def run_native(store: ox.Store, sparql: str, bindings: Mapping[str, Any] | None = None
               ) -> Results:
    """:func:`run_oxigraph` answering in pyoxigraph terms, as
    :func:`~graphkit.store.native.native` gives them; ``bindings`` are pyoxigraph terms."""
    substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
    return answer(store, sparql, native, substitutions)


def answer(store: ox.Store, sparql: str, term: Callable[[Any], Any],
           substitutions: dict[Any, Any] | None = None) -> Results:
    """Run ``sparql`` on an Oxigraph store, each pyoxigraph term of the answer given
    as ``term`` makes it; parsing and evaluation errors become
    :class:`~graphkit.errors.QueryError`, a store that cannot be read
    :class:`~graphkit.errors.StoreError`.

    >>> answer(ox.Store(), "ASK { ?s ?p ?o }", str).boolean
    False
    """
    try:
        answer = store.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None)
        if isinstance(answer, ox.QueryBoolean):
            return Results("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [tuple(term(solution[v]) for v in variables) for solution in answer]
            return Results("SELECT", variables, rows)
        rows = [(term(t.subject), term(t.predicate), term(t.object)) for t in answer]
        return Results("CONSTRUCT", ["subject", "predicate", "object"], rows)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except OSError as e:
        raise StoreError(f"reading the store failed: {e}") from e
    except (ValueError, TypeError, RuntimeError) as e:
        raise QueryError(f"query failed: {e}") from e


def run_rdflib(g: Graph, sparql: str, bindings: Mapping[str, Node] | None = None) -> Results:
    """Run ``sparql`` on an rdflib graph, ``bindings`` given as ``initBindings``."""
    from pyparsing import ParseException
    from rdflib import Graph

    from graphkit.store.terms import plain

    try:
        answer = g.query(sparql, initNs=PREFIXES, initBindings=dict(bindings or {}))
        if answer.type == "ASK":
            return Results("ASK", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = [str(v) for v in answer.vars or []]
            rows = [tuple(plain(row[v]) for v in variables) for row in answer]  # type: ignore[index]
            return Results("SELECT", variables, rows)
        triples = answer.graph if answer.graph is not None else Graph()
        rows = [(s, p, plain(o)) for s, p, o in triples]
        return Results("CONSTRUCT", ["subject", "predicate", "object"], rows)
    except (ParseException, SyntaxError) as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except Exception as e:  # rdflib raises plain exceptions for evaluation errors
        raise QueryError(f"query failed: {type(e).__name__}: {e}") from e
