"""Connections of the gate: how many are held, how long each may wait, and the access log.

A connection may stay idle, or take to send one request (head and body), for
:data:`IDLE_TIMEOUT` seconds; a reaper thread closes it after that, so that
idle and trickling (slowloris) clients are let go. While a query runs there is
no such limit (the query's own time limit holds). At most
:data:`MAX_CONNECTIONS` connections are held: at the cap, a new one takes the
place of the one that has waited longest for a request, or gets ``503`` when
every one is running a query.
"""

from __future__ import annotations

import http.server
import logging
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from typing import IO

__all__ = ["IDLE_TIMEOUT", "MAX_CONNECTIONS", "GuardedServer", "line_writer"]

log = logging.getLogger(__name__)

#: Seconds a connection may stay idle, or take to send one request.
IDLE_TIMEOUT = 15.0
#: Connections held open at once.
MAX_CONNECTIONS = 64


class GuardedServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server that bounds its connections in number and in waiting time."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[http.server.BaseHTTPRequestHandler],
        *,
        access_log: Callable[[str], None] | None = None,
        max_connections: int = MAX_CONNECTIONS,
        idle_timeout: float = IDLE_TIMEOUT,
    ):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.access_log = access_log
        self.max_connections = max_connections
        self.idle_timeout = idle_timeout
        self._open: dict[socket.socket, float] = {}  # connection -> when it must be closed
        self._open_lock = threading.Lock()
        self._reaper = threading.Thread(target=self._reap, name="graphkit-reaper", daemon=True)
        self._stopping = threading.Event()
        super().__init__(address, handler)
        self._reaper.start()

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up in DNS; not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]
        with self._open_lock:
            victim = None
            if len(self._open) >= self.max_connections:
                # Make room by closing the connection that has waited longest for a request
                # (idle, or trickling one in); those running a query are never closed.
                waiting = [(t, s) for s, t in self._open.items() if t != float("inf")]
                if waiting:
                    victim = min(waiting, key=lambda x: x[0])[1]
                    del self._open[victim]
            full = len(self._open) >= self.max_connections
            if not full:
                self._open[request] = time.monotonic() + self.idle_timeout
        if victim is not None:
            try:
                victim.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if full:
            try:
                request.settimeout(0.5)
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                    b"Connection: close\r\nContent-Length: 27\r\n\r\n"
                    b"too many open connections\r\n"
                )
            except OSError:
                pass
            socketserver.TCPServer.shutdown_request(self, request)
            self.log_request_line("-", "-", 503, 0.0)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request: socket.socket) -> None:  # type: ignore[override]
        with self._open_lock:
            self._open.pop(request, None)
        super().shutdown_request(request)

    def deadline(self, request: socket.socket, seconds: float | None) -> None:
        """When the reaper closes ``request`` (None: not while a query runs)."""
        with self._open_lock:
            if request in self._open:
                self._open[request] = (
                    float("inf") if seconds is None else time.monotonic() + seconds
                )

    def open_connections(self) -> int:
        with self._open_lock:
            return len(self._open)

    def _reap(self) -> None:
        """Close connections past their deadline: idle, or sending a request too slowly."""
        while not self._stopping.wait(0.5):
            now = time.monotonic()
            with self._open_lock:
                late = [s for s, t in self._open.items() if t < now]
            for s in late:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def server_close(self) -> None:
        self._stopping.set()
        super().server_close()

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that goes away mid-answer is routine, not worth a traceback on stderr.
        log.debug("request from %s failed", client_address, exc_info=True)

    def log_request_line(self, method: str, path: str, status: int, ms: float) -> None:
        """One access-log line: method, path, status, milliseconds."""
        if self.access_log is not None:
            self.access_log(f"{method} {path} {status} {ms:.0f}ms")


def line_writer(stream: IO[str]) -> Callable[[str], None]:
    """An access-log line writer onto ``stream`` (one line, flushed, safe across threads)."""
    lock = threading.Lock()

    def write(line: str) -> None:
        with lock:
            try:
                stream.write(time.strftime("%Y-%m-%dT%H:%M:%S ") + line + "\n")
                stream.flush()
            except (OSError, ValueError):
                pass

    return write
