"""SPARQL over a store directory, an rdflib graph or an endpoint; results as
DataFrames or in the SPARQL 1.1 JSON, CSV and TSV results formats.

Queries see the union of the document graphs as their default graph (a
store keeps it as its default graph, see :mod:`graphkit.store.disk`) and may use
the prefixes in :data:`PREFIXES` without declaring them. ``params`` binds
variables before evaluation (pyoxigraph's substitutions, rdflib's
``initBindings``); this is how the cookbook's queries take arguments.

:func:`run` and :func:`query` are the entry points; the work is done by small
modules: :mod:`~graphkit.store.evaluate` (one query on one back end),
:mod:`~graphkit.store.params` (parameter values and binding),
:mod:`~graphkit.store.results` (the answer and its text formats),
:mod:`~graphkit.store.frames` (the answer as a DataFrame, the only one that
imports pandas), :mod:`~graphkit.store.remote` (an endpoint over HTTP) and
:mod:`~graphkit.store.terms` (rdflib and pyoxigraph terms, the prefixes).

Examples
--------
>>> from rdflib import Dataset, Literal, URIRef
>>> from graphkit.namespace import GK
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(URIRef("https://example.org/g"))
>>> _ = g.add((URIRef("https://example.org/a"), URIRef(GK.text), Literal("简化流程")))
>>> query(ds, "SELECT ?s ?t WHERE { ?s gk:text ?t }")
                       s     t
0  https://example.org/a  简化流程
>>> to_csv(run(ds, "SELECT ?t WHERE { ?s gk:text ?t }")).splitlines()
['t', '简化流程']
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from graphkit.store.evaluate import evaluator, is_rdflib_graph
from graphkit.store.guard import UNSIZED, Limits, check
from graphkit.store.inline import inlinable, text_only
from graphkit.store.params import (
    _masked,
    bound_true,
    check_names,
    check_variable,
    drop_columns,
    label_terms,
    project,
    remote_term,
    union_answers,
    with_values,
)
from graphkit.store.prefixes import PREFIXES
from graphkit.store.results import (
    FORMATS,
    Results,
    format_results,
    to_csv,
    to_json,
    to_table,
    to_tsv,
)

if TYPE_CHECKING:
    import pandas as pd
    from rdflib.term import Node


def __getattr__(name: str) -> Any:
    if name == "_from_ox":  # read from here elsewhere
        from graphkit.store.terms import from_ox

        return from_ox
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "FORMATS",
    "PREFIXES",
    "Results",
    "format_results",
    "is_endpoint",
    "query",
    "query_form",
    "run",
    "to_csv",
    "to_json",
    "to_table",
    "to_tsv",
    "with_values",
]


def run(
    target: Any,
    sparql: str,
    *,
    params: Mapping[str, str | Node] | None = None,
    limits: Limits | None = None,
    native: bool = False,
) -> Results:
    """Run a SPARQL query on a store directory, a ``pyoxigraph.Store`` or an rdflib graph.

    Parameters
    ----------
    target
        A store directory (opened read-only), an open ``pyoxigraph.Store``, an
        rdflib ``Graph`` / ``Dataset`` (give a ``Dataset`` ``default_union=True``
        to query the union of its named graphs), or the ``http(s)://`` URL of a
        SPARQL endpoint (:func:`graphkit.store.remote.run_remote`).
    sparql
        The query. Prefixes in :data:`PREFIXES` need no declaration.
    params
        Variables bound before evaluation (pyoxigraph's substitutions, rdflib's
        ``initBindings``; a ``VALUES`` block for an endpoint). A string value
        is read by :func:`graphkit.store.params.parse_value`: ``<IRI>``,
        ``"text"@lang``, ``"value"^^datatype``, or a plain name that matches
        a label with that text in any language (the query runs once for each
        label found); a variable the query does not use is an error.
    limits
        What the query may do before it is refused unrun (see
        :func:`graphkit.store.guard.check`: no ``SERVICE`` unless allowed,
        bounded size and depth); by default depth and ``SERVICE`` only
        (:data:`~graphkit.store.guard.UNSIZED`).

    Raises
    ------
    QueryError
        The query is not valid SPARQL, passes a limit, or fails.
    StoreError
        The store cannot be opened or read.
    """
    check(sparql, limits or UNSIZED)
    if isinstance(target, str) and is_endpoint(target):
        from graphkit.store.remote import run_remote

        if params:
            check_names(sparql, list(params))
            sparql = with_values(sparql, {k: remote_term(v) for k, v in params.items()})
        return run_remote(target, sparql)
    if isinstance(target, str | os.PathLike):
        from graphkit.store.directory import open_store

        target = open_store(Path(target))
    if not (isinstance(target, ox.Store) or is_rdflib_graph(target)):
        raise TypeError(f"cannot query a {type(target).__name__}")
    native = native and isinstance(target, ox.Store)
    evaluate = evaluator(target, native=native)
    if not params:
        return evaluate(target, sparql)
    names = [check_variable(n) for n in params]
    check_names(sparql, names)
    added: list[str] = []
    inline = False
    asked = sparql
    if isinstance(target, ox.Store):
        # a VALUES block where it binds as substitution would (see graphkit.store.inline):
        # Oxigraph's optimizer sees its value; substitutions bind projected variables only
        if query_form(sparql) == "SELECT" and not inlinable(sparql, names):
            sparql, added = project(bound_true(sparql, names), names)
        else:  # and ASK, CONSTRUCT, DESCRIBE project nothing: bind by VALUES
            inline = True
    choices = [[(name.lstrip("?$"), term) for term in label_terms(target, value, native=native)]
               for name, value in params.items()]
    # a name read only through STR(): its labels of one text give one answer, run it once
    choices = [c[:1] if text_only(asked, c[0][0]) else c for c in choices]
    answers = []
    for combo in itertools.product(*choices):
        if inline:
            answers.append(evaluate(target, with_values(sparql, dict(combo))))
        else:
            answers.append(evaluate(target, sparql, dict(combo)))
    return union_answers([drop_columns(a, added) for a in answers])


def query_form(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of a query.

    >>> query_form("PREFIX a: <b:> # SELECT\\nASK { ?s ?p 'SELECT' }")
    'ASK'
    """
    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", _masked(sparql), re.I)
    return m.group(1).upper() if m else "SELECT"


def is_endpoint(target: Any) -> bool:
    """Whether ``target`` is the URL of a SPARQL endpoint rather than a store directory."""
    return isinstance(target, str) and re.match(r"^https?://", target, re.I) is not None


def query(
    target: Any,
    sparql: str,
    *,
    params: Mapping[str, str | Node] | None = None,
) -> pd.DataFrame:
    """Run a query (see :func:`run`) and return its answer as a ``pandas.DataFrame``.

    ``target`` may also be the URL of a SPARQL endpoint (``graphkit serve``,
    or a store the graph was pushed to). One column per variable. IRIs become
    strings; integer literals an ``Int64`` column, decimals and doubles
    ``float``, ``xsd:date`` and ``xsd:dateTime`` ``datetime64``, booleans
    ``bool``, other literals their lexical form; unbound values are missing.
    An empty answer types the columns a graphkit property binds by that
    property's range (``gk:dueDate`` a date, ``gk:sourceLine`` an integer).
    An ``ASK`` answer is one row of column ``ask``; a ``CONSTRUCT`` answer has
    columns ``subject``, ``predicate`` and ``object``.

    Examples
    --------
    >>> from rdflib import Dataset, Literal, URIRef, XSD
    >>> from graphkit.namespace import GK
    >>> ds = Dataset(default_union=True)
    >>> g = ds.graph(URIRef("https://example.org/g"))
    >>> m = URIRef("https://example.org/m")
    >>> _ = g.add((m, URIRef(GK.sourceLine), Literal(3)))
    >>> _ = g.add((m, URIRef(GK.dueDate), Literal("2021-06-30", datatype=XSD.date)))
    >>> q = "SELECT ?line ?due WHERE { ?m gk:sourceLine ?line ; gk:dueDate ?due }"
    >>> query(ds, q).dtypes.astype(str).tolist()
    ['Int64', 'datetime64[ns]']
    >>> query(ds, q + " LIMIT 0").dtypes.astype(str).tolist()
    ['Int64', 'datetime64[ns]']
    """
    from graphkit.store.frames import to_frame

    return to_frame(run(target, sparql, params=params), sparql)
