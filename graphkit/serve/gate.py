"""The HTTP gate in front of the Oxigraph server: what reaches it, and what comes back.

The gate

- checks each query before Oxigraph sees it (:func:`graphkit.store.guard.check`:
  no ``SERVICE`` unless allowed, no query too deep or too large), and forwards
  exactly the query it checked (parameters parsed once, here, and sent on
  re-encoded);
- holds each answer until it is complete (up to :data:`BUFFER_LIMIT` bytes;
  larger answers stream on in chunks), so that a cancelled answer becomes
  ``503`` and one that broke off with an error (Oxigraph then writes the
  error's text into the body of a ``200``) becomes ``500``;
- answers ``503`` itself when a request still runs :data:`GRACE` seconds
  after the limit, or when Oxigraph died of its memory ceiling on it, and
  replaces the Oxigraph process; requests that were running in a replaced
  process are sent again to the new one (queries do not change the store);
- refuses malformed requests with ``400`` (a ``Content-Length`` that is not
  one plain decimal number, or two that differ; a request line that is not
  ASCII), closes connections idle or trickling for :data:`IDLE_TIMEOUT`
  seconds, and holds at most :data:`MAX_CONNECTIONS` connections: when they
  are all open, a new one takes the place of the one that has waited longest
  for a request, or gets ``503`` if every one is running a query;
- serves graphkit's query page at ``/``, answers ``OPTIONS``, and writes one
  access-log line per request.
"""

from __future__ import annotations

import http.client
import http.server
import json
import logging
import re
import socket
import time
import urllib.parse
import xml.parsers.expat
from collections.abc import Callable

from graphkit import __version__
from graphkit.errors import EndpointError, QueryError
from graphkit.serve.connections import IDLE_TIMEOUT, MAX_CONNECTIONS, GuardedServer
from graphkit.serve.page import CSP, query_page
from graphkit.serve.process import Oxigraph
from graphkit.store.guard import Limits, check

__all__ = ["BUFFER_LIMIT", "GRACE", "GateServer"]

log = logging.getLogger(__name__)

#: Seconds a request may run past the time limit before the gate stops it.
GRACE = 2.0
#: Answers up to this size are held until complete; larger ones stream.
BUFFER_LIMIT = 16 * 1024 * 1024
#: Largest request body accepted: room for the largest query the guard accepts,
#: percent-encoded (the store is read-only: no body carries data to load).
MAX_REQUEST_BYTES = 8 * 1024 * 1024

#: What Oxigraph appends to a streamed answer when its time limit cancels it.
_CANCELLED = b"The SPARQL operation has been cancelled"
_HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "expect",
        "content-length",
    }
)
_DIGITS = re.compile(r"[0-9]{1,18}")
#: How a complete answer ends, by media type (Oxigraph ends every line format with a newline).
_LINE_FORMATS = {
    "text/csv": b"\r\n",
    "text/tab-separated-values": b"\n",
    "application/n-triples": b"\n",
    "application/n-quads": b"\n",
    "text/turtle": b"\n",
    "application/trig": b"\n",
}
_JSON_FORMATS = {"application/sparql-results+json", "application/json", "application/ld+json"}
_XML_FORMATS = {"application/sparql-results+xml", "application/rdf+xml", "application/xml"}


class _Overtime(Exception):
    """The request ran past the time limit plus grace."""


class _Unreachable(Exception):
    """The Oxigraph process could not be reached (nothing sent to the client yet)."""


class _Refused(Exception):
    """A request the gate answers itself with an error status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class GateServer(GuardedServer):
    """The gate's listening server: the Oxigraph process, the time limit and the query limits."""

    def __init__(
        self,
        address: tuple[str, int],
        oxigraph: Oxigraph,
        limit: float,
        *,
        limits: Limits | None = None,
        access_log: Callable[[str], None] | None = None,
        max_connections: int = MAX_CONNECTIONS,
        idle_timeout: float = IDLE_TIMEOUT,
    ):
        self.oxigraph = oxigraph
        self.limit = limit
        self.limits = limits or Limits()
        super().__init__(
            address,
            _Gate,
            access_log=access_log,
            max_connections=max_connections,
            idle_timeout=idle_timeout,
        )


class _Gate(http.server.BaseHTTPRequestHandler):
    """Checks one request, relays it to Oxigraph and holds its answer to the time limit."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: GateServer
    _status = 0

    def version_string(self) -> str:
        return f"graphkit/{__version__}"

    def handle_one_request(self) -> None:
        self.server.deadline(self.request, self.server.idle_timeout)
        self._status = 0
        self._started = time.monotonic()
        super().handle_one_request()
        if self._status:
            path = getattr(self, "path", "-")
            shown = path if len(path) <= 200 else path[:200] + "…"
            ms = (time.monotonic() - self._started) * 1000
            self.server.log_request_line(
                getattr(self, "command", "-") or "-", shown, self._status, ms
            )

    def parse_request(self) -> bool:
        if not self.raw_requestline.isascii():
            self.requestline = ""
            self.request_version = "HTTP/1.1"
            self.command = "-"
            self.close_connection = True
            self.send_error(400, "the request line is not ASCII: percent-encode the URL")
            return False
        return super().parse_request()

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def do_GET(self) -> None:
        self._forward()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        if self.server.oxigraph.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _forward(self) -> None:
        try:
            body = self._read_body()
            path, body = self._checked(body)
        except _Refused as e:
            self._send_text(e.status, str(e))
            return
        if path is None:  # the query page
            self._send_page()
            return
        self.server.deadline(self.request, None)  # the time limit holds from here
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        deadline = time.monotonic() + self.server.limit
        oxigraph = self.server.oxigraph
        for attempt in range(2):
            try:
                generation, port = oxigraph.current()
            except EndpointError:
                self._send_text(503, "the endpoint is shutting down")
                return
            try:
                self._relay(path, port, generation, headers, body, deadline)
                return
            except _Overtime:
                oxigraph.replace(generation)
                self._send_text(503, self._overtime_message())
                return
            except _Unreachable as e:
                again = oxigraph.recover(generation)
                if attempt == 0 and again:
                    continue
                if oxigraph.last_failure == "memory":
                    self._send_text(503, self._memory_message())
                elif oxigraph.last_failure == "stack":
                    self._send_text(500, "the SPARQL engine failed on this query (stack overflow)")
                else:
                    self._send_text(502, f"the SPARQL server did not answer: {e}")
                return

    def _overtime_message(self) -> str:
        return (
            f"Query stopped: it ran longer than the {self.server.oxigraph.timeout} s limit of "
            "this endpoint. Narrow it (LIMIT, more specific patterns) or ask for a longer "
            "limit (graphkit serve --timeout)."
        )

    def _memory_message(self) -> str:
        mib = (self.server.oxigraph.max_memory or 0) // 2**20
        return (
            f"Query stopped: it needed more than the {mib} MiB memory limit of this endpoint. "
            "Narrow it (LIMIT, more specific patterns) or ask for a higher limit "
            "(graphkit serve --max-memory)."
        )

    def _read_body(self) -> bytes:
        """The request body (b"" when none)."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            raise _Refused(411, "send the request body with a Content-Length header")
        lengths = self.headers.get_all("Content-Length") or []
        values = {v.strip() for v in lengths}
        if len(values) > 1:
            self.close_connection = True
            raise _Refused(400, "two different Content-Length headers")
        if not values:
            return b""
        (length,) = values
        if not _DIGITS.fullmatch(length):
            self.close_connection = True
            raise _Refused(400, f"bad Content-Length: {length[:40]!r} (a decimal number of bytes)")
        size = int(length)
        if size > MAX_REQUEST_BYTES:
            self.close_connection = True
            raise _Refused(413, f"request bodies are limited to {MAX_REQUEST_BYTES} bytes")
        data = self.rfile.read(size)
        if len(data) < size:
            self.close_connection = True
            raise _Refused(400, "the request body is shorter than its Content-Length")
        return data

    def _checked(self, body: bytes) -> tuple[str | None, bytes]:
        """The path and body to forward, re-encoded from what was checked; None: the page."""
        target = urllib.parse.urlsplit(self.path)
        path = target.path
        try:
            params = urllib.parse.parse_qsl(target.query, keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError) as e:
            raise _Refused(400, f"the URL's parameters are not UTF-8: {e}") from e
        if path == "/" and self.command in ("GET", "HEAD"):
            return None, body
        queries = [v for k, v in params if k == "query"]
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        form: list[tuple[str, str]] | None = None
        if body and kind == "application/x-www-form-urlencoded":
            try:
                form = urllib.parse.parse_qsl(
                    body.decode("ascii"), keep_blank_values=True, errors="strict"
                )
            except (UnicodeDecodeError, ValueError) as e:
                raise _Refused(400, f"the form is not percent-encoded UTF-8: {e}") from e
            queries += [v for k, v in form if k == "query"]
            body = urllib.parse.urlencode(form).encode("ascii")
        elif body and kind == "application/sparql-query":
            try:
                queries.append(body.decode("utf-8"))
            except UnicodeDecodeError as e:
                raise _Refused(400, f"the query is not UTF-8: {e}") from e
        if len(queries) > 1:
            raise _Refused(400, "give one query per request")
        for text in queries:
            try:
                check(text, self.server.limits)
            except QueryError as e:
                raise _Refused(400, str(e)) from e
        if params:
            path += "?" + urllib.parse.urlencode(params)
        return path, body

    def _send_page(self) -> None:
        data = query_page().encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Security-Policy", CSP)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _relay(
        self,
        path: str,
        port: int,
        generation: int,
        headers: dict[str, str],
        body: bytes,
        deadline: float,
    ) -> None:
        remaining = deadline - time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=max(remaining, 0.01))
        head = self.command == "HEAD"
        method = "GET" if head and path.startswith(("/query", "/sparql")) else self.command
        try:
            try:
                conn.request(method, path, body=body or None, headers=headers)
                sock = conn.sock
                response = conn.getresponse()
            except TimeoutError as e:
                raise _Overtime from e
            except (OSError, http.client.HTTPException) as e:
                raise _Unreachable(str(e) or type(e).__name__) from e
            passed = [
                (k, v)
                for k, v in response.getheaders()
                if k.lower() not in _HOP_BY_HOP and k.lower() not in ("server", "date")
            ]
            held = bytearray()
            while True:
                chunk = self._read_some(response, sock, deadline)
                if not chunk:
                    break
                held += chunk
                if len(held) > BUFFER_LIMIT:
                    self._stream(response, sock, deadline, generation, passed, held)
                    return
            if response.status == 200 and held.endswith(_CANCELLED):
                self._send_text(503, self._overtime_message())
                return
            broken = (
                _broken(response.getheader("Content-Type", ""), held) if method != "HEAD" else None
            )
            if response.status == 200 and broken is not None:
                self._send_text(500, f"the query failed while its answer was written: {broken}")
                return
            self.send_response(response.status, response.reason)
            for k, v in passed:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(held)))
            self.end_headers()
            if not head:
                self.wfile.write(held)
        finally:
            conn.close()

    def _read_some(
        self, response: http.client.HTTPResponse, sock: socket.socket | None, deadline: float
    ) -> bytes:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Overtime
        if sock is not None:
            sock.settimeout(remaining)
        try:
            return response.read1(65536)
        except TimeoutError as e:
            raise _Overtime from e
        except (OSError, http.client.HTTPException) as e:
            raise _Unreachable(str(e) or type(e).__name__) from e

    def _stream(
        self,
        response: http.client.HTTPResponse,
        sock: socket.socket | None,
        deadline: float,
        generation: int,
        passed: list[tuple[str, str]],
        held: bytearray,
    ) -> None:
        """Send a large answer in chunks; on any failure, cut it without the final chunk."""
        chunked = self.request_version != "HTTP/1.0"
        self.send_response(response.status, response.reason)
        for k, v in passed:
            self.send_header(k, v)
        if self.command == "HEAD":
            self.close_connection = True
            self.end_headers()
            return
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:  # HTTP/1.0: the body ends when the connection closes
            self.close_connection = True
        self.end_headers()
        keep = len(_CANCELLED)
        try:
            while True:
                if len(held) > keep:
                    self._write_chunk(bytes(held[:-keep]), chunked)
                    del held[:-keep]
                chunk = self._read_some(response, sock, deadline)
                if not chunk:
                    break
                held += chunk
        except _Overtime:
            self.server.oxigraph.replace(generation)
            self.close_connection = True
            return
        except _Unreachable:
            self.close_connection = True
            return
        kind = response.getheader("Content-Type", "")
        if response.status == 200 and (
            held.endswith(_CANCELLED) or _broken(kind, held, tail_only=True) is not None
        ):
            self.close_connection = True
            return
        if held:
            self._write_chunk(bytes(held), chunked)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _write_chunk(self, data: bytes, chunked: bool) -> None:
        if chunked:
            data = f"{len(data):x}\r\n".encode("ascii") + data + b"\r\n"
        self.wfile.write(data)

    def _send_text(self, status: int, message: str) -> None:
        data = (message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _broken(content_type: str, body: bytes | bytearray, *, tail_only: bool = False) -> str | None:
    """The error text Oxigraph wrote into an answer that broke off, or None if it is whole.

    ``tail_only``: ``body`` is only the last part of the answer (checked by its ending).

    Examples
    --------
    >>> _broken("text/csv", b"a\\r\\n1\\r\\n"), _broken("text/csv", b"a\\r\\n1\\r\\nI/O error")
    (None, 'I/O error')
    >>> _broken("application/sparql-results+json", b'{"head":{"vars":["a"]},"results":{"bindings":[Oops')
    'Oops'
    """
    kind = content_type.split(";")[0].strip().lower()
    if not body:
        return None
    if kind in _LINE_FORMATS:
        end = _LINE_FORMATS[kind]
        if body.endswith(end):
            return None
        return bytes(body[body.rfind(b"\n") + 1 :]).decode("utf-8", "replace")[-500:]
    if kind in _JSON_FORMATS:
        if tail_only:
            return None if body.rstrip().endswith((b"}", b"]")) else "incomplete answer"
        try:
            json.loads(body)
        except ValueError as e:
            at = getattr(e, "pos", 0) or 0
            text = bytes(body).decode("utf-8", "replace")
            return text[at:][-500:] or str(e)
        return None
    if kind in _XML_FORMATS:
        if tail_only:
            return None if body.rstrip().endswith(b">") else "incomplete answer"
        parser = xml.parsers.expat.ParserCreate()
        try:
            parser.Parse(bytes(body), True)
        except xml.parsers.expat.ExpatError:
            tail = bytes(body[body.rfind(b">") + 1 :]).decode("utf-8", "replace").strip()
            return tail[-500:] or "the answer is not well-formed XML"
        return None
    return None
