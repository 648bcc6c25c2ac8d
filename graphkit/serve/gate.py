"""Serve the store as a read-only SPARQL 1.1 Protocol endpoint.

The SPARQL work is done by Oxigraph's own HTTP server (``oxigraph
serve-read-only``, from the ``oxigraph`` package), which reads the store
directory in place. It gives SPARQL 1.1 Protocol queries by GET and POST at
``/query`` (and ``/sparql``), content negotiation (SPARQL results as JSON,
XML, CSV and TSV; graphs as Turtle, N-Triples, RDF/XML or N-Quads), the
YASGUI query page at ``/``, Graph Store Protocol reads at ``/store``, ``400``
with a message for a malformed query, and ``403`` for every SPARQL Update and
graph-store write. Queries see the store's default graph, which ``graphkit
build`` fills with the union of the document graphs (each triple once; see
:mod:`graphkit.store.disk` for why Oxigraph's own union mode is not used).

graphkit runs that server on a private loopback port and answers clients
through a small gate, for one reason: Oxigraph's own time limit
(``--timeout-s``) is not dependable. Its cancellation reaches only part of the
evaluator (a sort, or a join whose results stream out, keeps running after the
limit; oxigraph issue #1336), and when it does cancel a streamed answer it has
already sent ``200 OK``, so the client gets a truncated body ending in an error
message. The gate therefore

- holds each answer until it is complete (up to :data:`BUFFER_LIMIT` bytes;
  larger answers stream on in chunks), so that a cancelled answer becomes
  ``503`` instead of a broken ``200``;
- answers ``503`` itself when a request still runs :data:`GRACE` seconds after
  the limit, and replaces the Oxigraph process: the only way to stop such a
  query. Requests that were running in the replaced process are sent again to
  the new one (queries do not change the store).

Everything else passes through unchanged.

Examples
--------
>>> oxigraph_executable().name
'oxigraph'
>>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
(True, True, False)
"""

from __future__ import annotations

import collections
import http.client
import http.server
import ipaddress
import logging
import os
import shutil
import socket
import socketserver
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path
from typing import IO

from graphkit import __version__
from graphkit.errors import EndpointError, StoreError

__all__ = [
    "BUFFER_LIMIT",
    "GRACE",
    "Endpoint",
    "is_loopback",
    "oxigraph_executable",
    "start",
]

log = logging.getLogger(__name__)

#: Seconds a request may run past the time limit before the gate stops it.
GRACE = 2.0
#: Answers up to this size are held until complete; larger ones stream.
BUFFER_LIMIT = 16 * 1024 * 1024
#: Largest request body accepted (Oxigraph's own limit for SPARQL bodies).
MAX_REQUEST_BYTES = 128 * 1024 * 1024
#: Seconds an Oxigraph process may take to start answering.
STARTUP_TIMEOUT = 20.0

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


def oxigraph_executable() -> Path:
    """The ``oxigraph`` server program installed with the ``oxigraph`` package.

    Looked up next to the running Python (a virtual environment's ``bin``),
    in the interpreter's scripts directory, then on ``PATH``.

    Raises
    ------
    EndpointError
        When it is not installed.
    """
    name = "oxigraph.exe" if sys.platform == "win32" else "oxigraph"
    candidates = [Path(sys.executable).parent / name, Path(sysconfig.get_path("scripts")) / name]
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise EndpointError("the Oxigraph server is not installed: pip install oxigraph")


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (``127.0.0.1``, ``::1``, ``localhost``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Endpoint:
    """A running endpoint: the gate listening on ``host:port`` and its Oxigraph process.

    Made by :func:`start`; use it as a context manager or call :meth:`close`.
    """

    def __init__(self, server: _GateServer, oxigraph: _Oxigraph, thread: threading.Thread):
        self._server = server
        self._oxigraph = oxigraph
        self._thread = thread
        self._stopped = threading.Event()
        self.store: Path = oxigraph.store
        self.timeout: int = oxigraph.timeout
        self.host: str = server.server_address[0]
        self.port: int = server.server_address[1]

    @property
    def url(self) -> str:
        """Base URL; the query page for a browser is here."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"

    @property
    def oxigraph_pid(self) -> int | None:
        """Process id of the Oxigraph server currently answering (None once closed)."""
        return self._oxigraph.pid

    def wait(self, timeout: float | None = None) -> bool:
        """Block until :meth:`close` is called (or ``timeout`` seconds); True if closed."""
        return self._stopped.wait(timeout)

    def close(self) -> None:
        """Stop listening and terminate the Oxigraph process."""
        if self._stopped.is_set():
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._oxigraph.close()
        self._stopped.set()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start(
    store: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: int = 30,
    cors: bool = False,
) -> Endpoint:
    """Serve ``store`` as a read-only SPARQL endpoint on ``host:port``.

    Parameters
    ----------
    store
        An Oxigraph store directory (as ``graphkit build`` writes it).
    host, port
        Where to listen; port 0 picks a free port (see :attr:`Endpoint.port`).
    timeout
        Whole seconds a request may run. Oxigraph cancels what it can at this
        limit; whatever still runs :data:`GRACE` seconds later is stopped.
    cors
        Allow cross-origin requests (for query pages served from elsewhere).

    Returns
    -------
    Endpoint
        Already answering; the caller must close it.

    Raises
    ------
    StoreError
        When ``store`` is not a store directory.
    EndpointError
        When the port is taken or the Oxigraph server does not start.
    """
    store = Path(store)
    if not (store / "CURRENT").is_file():
        raise StoreError(f"no graph store in {store}: run `graphkit build` first")
    if int(timeout) < 1:
        raise ValueError("timeout must be at least 1 second")
    oxigraph = _Oxigraph(store, int(timeout), cors)
    try:
        server = _GateServer((host, port), oxigraph, int(timeout) + GRACE)
    except OSError as e:
        raise EndpointError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    try:
        oxigraph.start()
    except BaseException:
        server.server_close()
        raise
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="graphkit-serve"
    )
    thread.daemon = True
    thread.start()
    return Endpoint(server, oxigraph, thread)


class _Oxigraph:
    """The Oxigraph server process behind the gate; replaceable while the gate runs."""

    def __init__(self, store: Path, timeout: int, cors: bool):
        self.store = store
        self.timeout = timeout
        self.cors = cors
        self.generation = 0
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._identity: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def pid(self) -> int | None:
        process = self._process
        return process.pid if process is not None and not self._closed else None

    def start(self) -> None:
        with self._lock:
            self._spawn()

    def current(self) -> tuple[int, int]:
        """(generation, port) of the process to send a request to.

        A rebuilt store (``graphkit build`` puts a new directory in place of
        the old one) is noticed here and opened by a new process.
        """
        with self._lock:
            if self._closed:
                raise EndpointError("the endpoint is closed")
            identity = _identity(self.store)
            if identity is not None and identity != self._identity:
                log.warning("the store was rebuilt; opening the new one")
                self._stop()
                self._spawn()
            return self.generation, self.port

    def replace(self, generation: int) -> None:
        """Replace the process of ``generation`` unless that already happened."""
        with self._lock:
            if self._closed or generation != self.generation:
                return
            log.warning("replacing the Oxigraph server (a request ran past the time limit)")
            self._stop()
            self._spawn()

    def recover(self, generation: int) -> bool:
        """After a failed connection: whether sending the request again can help."""
        with self._lock:
            if self._closed:
                return False
            if generation != self.generation:
                return True
            if self._process is not None and self._process.poll() is not None:
                log.warning("the Oxigraph server exited; starting it again")
                self._spawn()
                return True
            return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._stop()

    def _stop(self) -> None:
        if self._process is not None:
            _terminate(self._process)
            self._process = None

    def _spawn(self) -> None:
        program = oxigraph_executable()
        self._identity = _identity(self.store)
        output: collections.deque[str] = collections.deque(maxlen=40)
        for _ in range(5):
            port = _free_port()
            command = [
                str(program),
                "serve-read-only",
                "--location",
                str(self.store),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout-s",
                str(self.timeout),
            ]
            if self.cors:
                command.append("--cors")
            output = collections.deque(maxlen=40)
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            )
            assert process.stdout is not None
            drain = threading.Thread(
                target=_drain, args=(process.stdout, output), name="oxigraph-output"
            )
            drain.daemon = True
            drain.start()
            if _wait_ready(process, port, STARTUP_TIMEOUT):
                self._process, self.port = process, port
                self.generation += 1
                return
            _terminate(process)
            drain.join(timeout=2)
            if not any("in use" in line for line in output):
                break
        message = "\n".join(line for line in output if line.strip()) or "no output"
        raise EndpointError(f"the Oxigraph server did not start on {self.store}:\n{message}")


def _identity(store: Path) -> tuple[int, int] | None:
    """Which directory is at ``store`` now (None while a rebuild swaps it)."""
    try:
        if (store / "CURRENT").is_file():
            st = os.stat(store)
            return st.st_dev, st.st_ino
    except OSError:
        pass
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _drain(stream: IO[bytes], sink: collections.deque[str]) -> None:
    """Keep the last lines the Oxigraph process writes (so its pipe never fills)."""
    with stream:
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            sink.append(line)
            log.debug("oxigraph: %s", line)


def _wait_ready(process: subprocess.Popen[bytes], port: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        try:
            conn.request("HEAD", "/")
            if conn.getresponse().status == 200:
                return True
        except (OSError, http.client.HTTPException):
            pass
        finally:
            conn.close()
        time.sleep(0.05)
    return False


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _Overtime(Exception):
    """The request ran past the time limit plus grace."""


class _Unreachable(Exception):
    """The Oxigraph process could not be reached (nothing sent to the client yet)."""


class _GateServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], oxigraph: _Oxigraph, limit: float):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.oxigraph = oxigraph
        self.limit = limit
        super().__init__(address, _Gate)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up in DNS; not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that goes away mid-answer is routine, not worth a traceback on stderr.
        log.debug("request from %s failed", client_address, exc_info=True)


class _Gate(http.server.BaseHTTPRequestHandler):
    """Relays one request to Oxigraph and holds its answer to the time limit."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _GateServer

    def version_string(self) -> str:
        return f"graphkit/{__version__}"

    def do_GET(self) -> None:
        self._forward()

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _forward(self) -> None:
        body = self._read_body()
        if body is None:
            return
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
                self._relay(port, generation, headers, body, deadline)
                return
            except _Overtime:
                oxigraph.replace(generation)
                self._send_text(503, self._overtime_message())
                return
            except _Unreachable as e:
                if attempt == 0 and oxigraph.recover(generation):
                    continue
                self._send_text(502, f"the SPARQL server did not answer: {e}")
                return

    def _overtime_message(self) -> str:
        return (
            f"Query stopped: it ran longer than the {self.server.oxigraph.timeout} s limit of "
            "this endpoint. Narrow it (LIMIT, more specific patterns) or ask for a longer "
            "limit (graphkit serve --timeout)."
        )

    def _read_body(self) -> bytes | None:
        """The request body ("" when none); None when an error was already sent."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            self._send_text(411, "send the request body with a Content-Length header")
            return None
        length = self.headers.get("Content-Length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            self.close_connection = True
            self._send_text(400, f"bad Content-Length: {length}")
            return None
        if size > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._send_text(413, f"request bodies are limited to {MAX_REQUEST_BYTES} bytes")
            return None
        return self.rfile.read(size)

    def _relay(
        self, port: int, generation: int, headers: dict[str, str], body: bytes, deadline: float
    ) -> None:
        remaining = deadline - time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=max(remaining, 0.01))
        try:
            try:
                conn.request(self.command, self.path, body=body or None, headers=headers)
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
            if self.command == "HEAD":
                self.send_response(response.status, response.reason)
                for k, v in passed:
                    self.send_header(k, v)
                self.end_headers()
                return
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
            self.send_response(response.status, response.reason)
            for k, v in passed:
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(held)))
            self.end_headers()
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
        if response.status == 200 and held.endswith(_CANCELLED):
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
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
