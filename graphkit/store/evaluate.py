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
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from graphkit.errors import QueryError, StoreError
from graphkit.store.results import Results
from graphkit.store.terms import PREFIXES, from_ox, plain, to_ox

__all__ = ["evaluator", "run_oxigraph", "run_rdflib"]


def evaluator(target: Any) -> Callable[..., Results]:
    """The function that runs queries on ``target``: an rdflib graph or an Oxigraph store."""
    return run_rdflib if isinstance(target, Graph) else run_oxigraph


def run_oxigraph(store: ox.Store, sparql: str,
                 bindings: Mapping[str, Node] | None = None) -> Results:
    """Run ``sparql`` on an Oxigraph store, ``bindings`` substituted (projected variables)."""
    substitutions = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
    try:
        answer = store.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None)
        if isinstance(answer, ox.QueryBoolean):
            return Results("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [tuple(from_ox(solution[v]) for v in variables) for solution in answer]
            return Results("SELECT", variables, rows)
        rows = [(from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)) for t in answer]
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
