"""Serve the store as a read-only SPARQL 1.1 Protocol endpoint.

The SPARQL work is done by Oxigraph's own HTTP server (``oxigraph
serve-read-only``, from the ``oxigraph`` package), which reads the store
directory in place. It gives SPARQL 1.1 Protocol queries by GET and POST at
``/query`` (and ``/sparql``), content negotiation (SPARQL results as JSON,
XML, CSV and TSV; graphs as Turtle, N-Triples, RDF/XML or N-Quads), Graph
Store Protocol reads at ``/store``, ``400`` with a message for a malformed
query, and ``403`` for every SPARQL Update and graph-store write. Queries see
the store's default graph, which ``graphkit build`` fills with the union of
the document graphs (each triple once; see :mod:`graphkit.store.disk` for why
Oxigraph's own union mode is not used).

graphkit runs that server on a private loopback port (:mod:`.process`) and
answers clients through a gate (:mod:`.gate`) that checks each query before
the engine sees it (:mod:`graphkit.store.guard`), holds the engine to a time
and a memory limit, turns an answer that broke off into an error status,
keeps hostile requests and connections out, and serves graphkit's own query
page (:mod:`.page`).

Examples
--------
>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
(True, True, False)
"""

from __future__ import annotations

from graphkit.serve.connections import IDLE_TIMEOUT, MAX_CONNECTIONS
from graphkit.serve.endpoint import Endpoint, is_loopback, start
from graphkit.serve.gate import BUFFER_LIMIT, GRACE
from graphkit.serve.process import DEFAULT_MAX_MEMORY, oxigraph_executable

__all__ = [
    "BUFFER_LIMIT",
    "DEFAULT_MAX_MEMORY",
    "GRACE",
    "IDLE_TIMEOUT",
    "MAX_CONNECTIONS",
    "Endpoint",
    "is_loopback",
    "oxigraph_executable",
    "start",
]
