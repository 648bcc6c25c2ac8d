"""Load the graph into another triple store, one named graph per document.

Any store that speaks the SPARQL 1.1 Graph Store HTTP Protocol or SPARQL 1.1
Update can take the graph. Each named graph of the store directory (one per
document, see the graph contract) is sent whole and *replaces* the graph of the
same name on the target, so pushing again after a rebuild updates each
document without touching anything else there:

- Graph Store Protocol (``graph_store=URL``): one ``PUT URL?graph=G`` per
  document graph, N-Triples body. The target replaces the graph atomically.
- SPARQL Update (the default, sent to ``update`` or else ``endpoint``):
  ``DELETE WHERE { GRAPH <G> { ?s ?p ?o } } ; INSERT DATA { GRAPH <G> { ... } }``,
  several whole graphs per request up to ``batch_size`` triples. A document
  graph is never split between requests.

With ``default_graph=True`` the target's default graph is replaced too, by the
store's default graph: the union of the document graphs, each triple once, as
``graphkit build`` writes it. That is for a target that holds this graph alone
and does not make its default graph the union of the named graphs itself.

Afterwards the triples of every pushed graph are counted on the target with a
SPARQL query to ``endpoint`` and compared with the local counts.

Examples
--------
>>> print(update_request([("https://example.org/g/1", b'<urn:s> <urn:p> "x" .\\n')]))
DELETE WHERE { GRAPH <https://example.org/g/1> { ?s ?p ?o } } ;
INSERT DATA { GRAPH <https://example.org/g/1> {
<urn:s> <urn:p> "x" .
} }
>>> graph_store_url("http://localhost:7878/store", "https://example.org/g/1")
'http://localhost:7878/store?graph=https%3A%2F%2Fexample.org%2Fg%2F1'
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from pyoxigraph import DefaultGraph

from graphkit.errors import EndpointError
from graphkit.store import open_store

__all__ = ["PushReport", "graph_store_url", "push", "update_request"]

#: Most triples per SPARQL Update request unless told otherwise.
DEFAULT_BATCH = 50_000


@dataclass(frozen=True)
class PushReport:
    """What :func:`push` did.

    ``graphs`` and ``triples`` count the named graphs pushed; ``default_triples``
    the triples of the store's default graph, pushed only when asked
    (``default_pushed``).
    """

    graphs: int
    triples: int
    requests: int
    seconds: float
    method: str
    verified: bool
    default_triples: int = 0
    default_pushed: bool = False


def graph_store_url(graph_store: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph (indirect identification)."""
    joiner = "&" if "?" in graph_store else "?"
    return graph_store + joiner + urllib.parse.urlencode({"graph": graph})


def update_request(graphs: Sequence[tuple[str, bytes]]) -> str:
    """A SPARQL Update replacing each ``(graph IRI, N-Triples)`` in one request."""
    operations: list[str] = []
    for iri, ntriples in graphs:
        operations.append(f"DELETE WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        operations.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{ntriples.decode('utf-8')}}} }}")
    return " ;\n".join(operations)


def push(
    store: str | Path,
    endpoint: str,
    *,
    graph_store: str | None = None,
    update: str | None = None,
    user: str | None = None,
    password: str | None = None,
    token: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    default_graph: bool = False,
    verify: bool = True,
    timeout: float = 120.0,
) -> PushReport:
    """Push every document graph of ``store`` to another triple store.

    Parameters
    ----------
    store
        The store directory (as ``graphkit build`` writes it).
    endpoint
        SPARQL query endpoint of the target; updates go here too unless
        ``graph_store`` or ``update`` is given.
    graph_store
        Graph Store Protocol URL: replace each graph with one ``PUT``.
    update
        SPARQL Update URL when it differs from ``endpoint``.
    user, password
        HTTP Basic or Digest credentials (whichever the server asks for).
    token
        Sent as ``Authorization: Bearer`` (QLever's access token).
    batch_size
        Most triples per SPARQL Update request; a named graph is never split.
    default_graph
        Also replace the target's default graph with the store's (the union
        of the document graphs).
    verify
        Count each pushed graph's triples on the target afterwards.
    timeout
        Seconds to wait for each HTTP request.

    Raises
    ------
    graphkit.errors.StoreError
        When ``store`` cannot be opened.
    EndpointError
        When the target refuses a request or cannot be reached, or the counts
        on the target differ from the local ones.
    """
    started = time.monotonic()
    urls = [u for u in (endpoint, graph_store, update) if u]
    client = _Client(urls, user=user, password=password, token=token, timeout=timeout)
    source = open_store(store)
    names = sorted(str(g.value) for g in source.named_graphs())
    default = [q.triple for q in source.quads_for_pattern(None, None, None, DefaultGraph())]
    counts: dict[str, int] = {}
    requests = 0
    if graph_store:
        method = "graph store"
        for iri, ntriples, n in _graphs(source, names):
            client.send("PUT", graph_store_url(graph_store, iri), ntriples, _NTRIPLES)
            counts[iri] = n
            requests += 1
        if default_graph:
            url = graph_store + ("&" if "?" in graph_store else "?") + "default"
            client.send("PUT", url, _ntriples(default), _NTRIPLES)
            requests += 1
    else:
        method = "update"
        target = update or endpoint
        batch: list[tuple[str, bytes]] = []
        size = 0
        for iri, ntriples, n in _graphs(source, names):
            if batch and size + n > batch_size:
                client.send("POST", target, _utf8(update_request(batch)), _UPDATE_TYPE)
                requests += 1
                batch, size = [], 0
            batch.append((iri, ntriples))
            size += n
            counts[iri] = n
        if batch:
            client.send("POST", target, _utf8(update_request(batch)), _UPDATE_TYPE)
            requests += 1
        if default_graph:
            for text in _default_graph_requests(default, batch_size):
                client.send("POST", target, _utf8(text), _UPDATE_TYPE)
                requests += 1
    if verify and counts:
        _verify(client, endpoint, counts)
    if verify and default_graph:
        _verify_default(client, endpoint, len(default))
    return PushReport(
        graphs=len(counts),
        triples=sum(counts.values()),
        requests=requests,
        seconds=time.monotonic() - started,
        method=method,
        verified=verify and bool(counts),
        default_triples=len(default),
        default_pushed=default_graph,
    )


_NTRIPLES = "application/n-triples"
_UPDATE_TYPE = "application/sparql-update; charset=utf-8"


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def _ntriples(triples: list[pyoxigraph.Triple]) -> bytes:
    return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES)


def _default_graph_requests(triples: list[pyoxigraph.Triple], batch_size: int) -> Iterator[str]:
    """Updates replacing the target's default graph, ``batch_size`` triples at a time.

    Triples with blank nodes all go into the first request: a blank node label
    means one node only within one request.
    """
    blank = [t for t in triples if _has_blank(t)]
    plain = [t for t in triples if not _has_blank(t)]
    first = max(batch_size - len(blank), 0)
    chunks = [blank + plain[:first]]
    chunks += [plain[i : i + batch_size] for i in range(first, len(plain), batch_size)]
    for n, chunk in enumerate(chunks):
        insert = f"INSERT DATA {{\n{_ntriples(chunk).decode('utf-8')}}}"
        yield ("DROP SILENT DEFAULT ;\n" + insert) if n == 0 else insert


def _has_blank(triple: pyoxigraph.Triple) -> bool:
    return isinstance(triple.subject, pyoxigraph.BlankNode) or isinstance(
        triple.object, pyoxigraph.BlankNode
    )


def _graphs(source: pyoxigraph.Store, names: list[str]) -> Iterator[tuple[str, bytes, int]]:
    """(IRI, N-Triples, triple count) of each named graph, one at a time."""
    for iri in names:
        node = pyoxigraph.NamedNode(iri)
        triples = [q.triple for q in source.quads_for_pattern(None, None, None, node)]
        yield iri, _ntriples(triples), len(triples)


def _verify(client: _Client, endpoint: str, counts: dict[str, int]) -> None:
    """Count the triples of the pushed graphs on the target; raise on any difference."""
    found: dict[str, int] = {}
    names = sorted(counts)
    for start in range(0, len(names), 200):
        values = " ".join(f"<{iri}>" for iri in names[start : start + 200])
        query = (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { "
            + values
            + " } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        body = client.send(
            "POST",
            endpoint,
            _utf8(urllib.parse.urlencode({"query": query})),
            "application/x-www-form-urlencoded",
            accept="application/sparql-results+json",
        )
        try:
            rows = json.loads(body)["results"]["bindings"]
            for row in rows:
                found[row["g"]["value"]] = int(row["n"]["value"])
        except (ValueError, KeyError, TypeError) as e:
            raise EndpointError(f"{endpoint} did not answer a SPARQL count query: {e}") from e
    wrong = [iri for iri in names if found.get(iri, 0) != counts[iri]]
    if wrong:
        shown = ", ".join(f"{iri} ({found.get(iri, 0)} of {counts[iri]})" for iri in wrong[:5])
        more = f" and {len(wrong) - 5} more" if len(wrong) > 5 else ""
        raise EndpointError(
            f"after the push, {len(wrong)} graph(s) on {endpoint} do not hold the triples "
            f"sent: {shown}{more}. Does the endpoint query the same dataset the writes went to?"
        )


def _verify_default(client: _Client, endpoint: str, expected: int) -> None:
    """The target's default graph holds at least the triples sent to it."""
    body = client.send(
        "POST",
        endpoint,
        _utf8(urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})),
        "application/x-www-form-urlencoded",
        accept="application/sparql-results+json",
    )
    try:
        found = int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError) as e:
        raise EndpointError(f"{endpoint} did not answer a SPARQL count query: {e}") from e
    if found < expected:
        raise EndpointError(
            f"after the push, the default graph on {endpoint} holds {found} triples, "
            f"fewer than the {expected} sent"
        )


class _Client:
    """HTTP requests with optional Basic/Digest credentials or a bearer token."""

    def __init__(
        self,
        urls: list[str],
        *,
        user: str | None,
        password: str | None,
        token: str | None,
        timeout: float,
    ):
        handlers: list[urllib.request.BaseHandler] = []
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, urls, user, password or "")
            handlers += [
                urllib.request.HTTPBasicAuthHandler(passwords),
                urllib.request.HTTPDigestAuthHandler(passwords),
            ]
        self._opener = urllib.request.build_opener(*handlers)
        self._token = token
        self._timeout = timeout

    def send(
        self, method: str, url: str, data: bytes, content_type: str, *, accept: str = "*/*"
    ) -> bytes:
        headers = {"Content-Type": content_type, "Accept": accept}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=self._timeout) as response:
                return response.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip()[:500]
            message = f"{method} {url} was refused: {e.code} {e.reason}"
            raise EndpointError(message + (f": {detail}" if detail else "")) from e
        except urllib.error.URLError as e:
            raise EndpointError(f"cannot reach {url}: {e.reason}") from e
        except (TimeoutError, ConnectionError) as e:
            raise EndpointError(f"{method} {url} failed: {e}") from e
