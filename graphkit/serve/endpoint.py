"""A running endpoint: :func:`start` puts the gate and its Oxigraph process together."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from graphkit.errors import EndpointError, StoreError
from graphkit.serve.connections import IDLE_TIMEOUT, MAX_CONNECTIONS, line_writer
from graphkit.serve.gate import GRACE, GateServer
from graphkit.serve.process import DEFAULT_MAX_MEMORY, Oxigraph
from graphkit.store.guard import Limits

__all__ = ["Endpoint", "is_loopback", "start"]


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

    def __init__(self, server: GateServer, oxigraph: Oxigraph, thread: threading.Thread):
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

    def reload(self) -> None:
        """Open the store afresh in a new Oxigraph process (requests running are sent again)."""
        self._oxigraph.replace(why="reload")

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
    max_memory: int | None = DEFAULT_MAX_MEMORY,
    allow_service: Iterable[str] = (),
    limits: Limits | None = None,
    access_log: IO[str] | Callable[[str], None] | None = None,
    max_connections: int = MAX_CONNECTIONS,
    idle_timeout: float = IDLE_TIMEOUT,
) -> Endpoint:
    """Serve ``store`` as a read-only SPARQL endpoint on ``host:port``.

    Parameters
    ----------
    store
        An Oxigraph store directory (as ``graphkit build`` writes it). A
        store whose replacement by a build was cut short is put back first.
    host, port
        Where to listen; port 0 picks a free port (see :attr:`Endpoint.port`).
    timeout
        Whole seconds a request may run. Oxigraph cancels what it can at this
        limit; whatever still runs :data:`GRACE` seconds later is stopped.
    cors
        Allow cross-origin requests (for query pages served from elsewhere).
    max_memory
        Address-space ceiling of the Oxigraph process in bytes (None: none).
        A query that crosses it gets ``503`` and the process is replaced.
    allow_service
        Hosts that ``SERVICE`` clauses may name; by default none may.
    limits
        Size and depth limits of queries (:class:`graphkit.store.guard.Limits`);
        ``allow_service`` is added to them.
    access_log
        Where one line per request goes (method, path, status, milliseconds):
        a text stream or a function of the line; None: nowhere.
    max_connections, idle_timeout
        Connections held at once; seconds a connection may stay idle or take
        to send its request.

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
    from dataclasses import replace

    from graphkit.store.disk import _recover

    store = Path(store)

    def recover() -> None:
        _recover(store.absolute(), wait=False)

    if not (store / "CURRENT").is_file():
        recover()
    if not (store / "CURRENT").is_file():
        raise StoreError(f"no graph store in {store}: run `graphkit build` first")
    if int(timeout) < 1:
        raise ValueError("timeout must be at least 1 second")
    limits = limits or Limits()
    hosts = frozenset(h.lower() for h in allow_service) | limits.allow_service
    limits = replace(limits, allow_service=hosts)
    log = (
        line_writer(access_log) if access_log is not None and hasattr(access_log, "write") else None
    )
    log = log or access_log  # type: ignore[assignment]
    oxigraph = Oxigraph(store, int(timeout), cors, max_memory=max_memory, on_stale=recover)
    try:
        server = GateServer(
            (host, port),
            oxigraph,
            int(timeout) + GRACE,
            limits=limits,
            access_log=log,  # type: ignore[arg-type]
            max_connections=max_connections,
            idle_timeout=idle_timeout,
        )
    except OSError as e:
        oxigraph.close()
        raise EndpointError(f"cannot listen on {host}:{port}: {e.strerror or e}") from e
    try:
        oxigraph.start()
    except BaseException:
        server.server_close()
        oxigraph.close()
        raise
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="graphkit-serve"
    )
    thread.daemon = True
    thread.start()
    return Endpoint(server, oxigraph, thread)
