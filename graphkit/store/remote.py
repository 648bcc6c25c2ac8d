"""SPARQL over HTTP: the same queries on a pushed graph or a running ``graphkit serve``.

:func:`run_remote` sends a query by the SPARQL 1.1 protocol (POST, form
encoded) with graphkit's prefixes declared, and reads the SPARQL JSON results
(SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) into the same
:class:`~graphkit.store.results.Results` a local store gives.

Examples
--------
>>> run_remote("http://127.0.0.1:9/query", "ASK {}")  # nothing listens on port 9
Traceback (most recent call last):
...
graphkit.errors.StoreError: cannot reach the SPARQL endpoint http://127.0.0.1:9/query: ...
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from graphkit.errors import QueryError, StoreError
from graphkit.store.results import Results
from graphkit.store.terms import PREFIXES

__all__ = ["run_remote"]

_ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, "
           "text/turtle;q=0.8")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def run_remote(url: str, sparql: str, *, timeout: float = 60.0) -> Results:
    """Run ``sparql`` on the endpoint at ``url``; return its ``Results``.

    Raises
    ------
    StoreError
        The endpoint cannot be reached (the message shows ``url`` as given).
    QueryError
        The endpoint refuses the query or answers with an error status.
    """
    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    body = urllib.parse.urlencode({"query": declared + sparql}).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST",
        headers={"Accept": _ACCEPT,
                 "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                 "User-Agent": "graphkit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            data = response.read()
    except urllib.error.HTTPError as e:
        detail = e.read()[:500].decode("utf-8", "replace").strip()
        raise QueryError(f"{url} answered {e.code} {e.reason}: {detail}") from e
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise StoreError(f"cannot reach the SPARQL endpoint {url}: {reason}") from e
    if kind in ("application/sparql-results+json", "application/json"):
        try:
            answer = json.loads(data.decode("utf-8"))
        except ValueError as e:
            raise QueryError(f"{url} sent results that are not JSON: {e}") from e
        if "boolean" in answer:
            return Results("ASK", boolean=bool(answer["boolean"]))
        variables = list(answer.get("head", {}).get("vars", []))
        rows = [tuple(_term(b.get(v)) for v in variables)
                for b in answer.get("results", {}).get("bindings", [])]
        return Results("SELECT", variables, rows)
    graph = Graph()
    fmt = {"application/n-triples": "nt", "text/turtle": "turtle"}.get(kind)
    if fmt is None:
        raise QueryError(f"{url} answered with {kind}, not SPARQL results")
    graph.parse(data=data, format=fmt)
    rows = sorted(graph, key=lambda t: tuple(map(str, t)))
    return Results("CONSTRUCT", ["subject", "predicate", "object"], rows)


def _term(value: dict[str, str] | None) -> Node | None:
    if value is None:
        return None
    kind, text = value.get("type"), value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if value.get("xml:lang"):
        return Literal(text, lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != _XSD_STRING:
        return Literal(text, datatype=URIRef(datatype))
    return Literal(text)
