"""The Oxigraph server process behind the gate: started, bounded, replaced, stopped.

Each process runs ``oxigraph serve-read-only`` on a private loopback port,

- with a ceiling on its address space (``RLIMIT_AS``, :attr:`Oxigraph.max_memory`
  bytes), so that a query that would take the machine's memory makes it fail
  instead (the gate answers ``503`` and starts a new one);
- dying with graphkit (``PR_SET_PDEATHSIG`` on Linux): a ``graphkit serve``
  killed by any signal, even ``SIGKILL``, leaves no Oxigraph behind. The
  signal goes when the *thread* that started the process ends, so every
  process is started by one long-lived thread (:class:`_Spawner`).

Examples
--------
>>> oxigraph_executable().name
'oxigraph'
"""

from __future__ import annotations

import collections
import ctypes
import http.client
import logging
import os
import queue
import resource
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from graphkit.errors import EndpointError

__all__ = ["DEFAULT_MAX_MEMORY", "Oxigraph", "oxigraph_executable"]

log = logging.getLogger(__name__)

#: Seconds an Oxigraph process may take to start answering.
STARTUP_TIMEOUT = 20.0
#: Default address-space ceiling of the Oxigraph process, in bytes: 4 GiB, a
#: sixth of a 24 GB machine (an idle process takes about 0.5 GiB of it).
DEFAULT_MAX_MEMORY = 4 * 1024**3
_PR_SET_PDEATHSIG = 1


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


class Oxigraph:
    """The Oxigraph server process behind the gate; replaceable while the gate runs."""

    def __init__(
        self,
        store: Path,
        timeout: int,
        cors: bool,
        *,
        max_memory: int | None = DEFAULT_MAX_MEMORY,
        on_stale: Callable[[], None] | None = None,
    ):
        self.store = store
        self.timeout = timeout
        self.cors = cors
        self.max_memory = max_memory
        self.generation = 0
        self.port = 0
        self._on_stale = on_stale
        self._process: subprocess.Popen[bytes] | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=40)
        self._drain: threading.Thread | None = None
        self._identity: tuple[int, int] | None = None
        self._lock = threading.Lock()
        self._closed = False
        self._spawner = _Spawner()
        #: Why the last process that exited by itself failed ("memory", "stack" or "").
        self.last_failure = ""

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
            if identity is None and self._on_stale is not None:
                self._on_stale()  # a swap cut short: put the store back
                identity = _identity(self.store)
            if identity is not None and identity != self._identity:
                log.warning("the store was rebuilt; opening the new one")
                self._stop()
                self._spawn()
            return self.generation, self.port

    def replace(self, generation: int | None = None, why: str = "a request ran too long") -> None:
        """Replace the process of ``generation`` (any, if None) unless that already happened."""
        with self._lock:
            if self._closed or (generation is not None and generation != self.generation):
                return
            log.warning("replacing the Oxigraph server (%s)", why)
            self._stop()
            self._spawn()

    def recover(self, generation: int) -> bool:
        """After a failed connection: whether sending the request again can help.

        A process that exited is replaced here, and :attr:`last_failure` says why it failed.
        """
        with self._lock:
            if self._closed:
                return False
            if generation != self.generation:
                return True
            if self._process is not None and _exits(self._process, 3.0):
                if self._drain is not None:
                    self._drain.join(timeout=2)  # its last lines say why
                self.last_failure = _failure(self._output)
                log.warning(
                    "the Oxigraph server exited (%s); starting it again",
                    self.last_failure or f"status {self._process.returncode}",
                )
                self._spawn()
                return True
            return False

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._stop()
        self._spawner.close()

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
            process = self._spawner.popen(command, self.max_memory)
            assert process.stdout is not None
            drain = threading.Thread(
                target=_drain, args=(process.stdout, output), name="oxigraph-output"
            )
            drain.daemon = True
            drain.start()
            if _wait_ready(process, port, STARTUP_TIMEOUT):
                self._process, self.port, self._output = process, port, output
                self._drain = drain
                self.generation += 1
                return
            _terminate(process)
            drain.join(timeout=2)
            if not any("in use" in line for line in output):
                break
        message = "\n".join(line for line in output if line.strip()) or "no output"
        if self.max_memory and _failure(output) == "memory":
            message += f"\n(the memory limit of {self.max_memory // 2**20} MiB is too small)"
        raise EndpointError(f"the Oxigraph server did not start on {self.store}:\n{message}")


class _Spawner:
    """One thread that starts every Oxigraph process and lives as long as the endpoint.

    ``PR_SET_PDEATHSIG`` signals a child when the thread that forked it ends;
    request threads come and go, so they hand their requests to this one.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[list[str], int | None, queue.Queue[Any]] | None] = (
            queue.Queue()
        )
        self._thread = threading.Thread(target=self._run, name="oxigraph-spawner", daemon=True)
        self._thread.start()

    def popen(self, command: list[str], max_memory: int | None) -> subprocess.Popen[bytes]:
        answer: queue.Queue[Any] = queue.Queue()
        self._jobs.put((command, max_memory, answer))
        result = answer.get()
        if isinstance(result, BaseException):
            raise EndpointError(f"cannot start the Oxigraph server: {result}") from result
        return result  # type: ignore[no-any-return]

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            command, max_memory, answer = job
            try:
                answer.put(_popen(command, max_memory))
            except OSError as e:
                answer.put(e)


def _popen(command: list[str], max_memory: int | None) -> subprocess.Popen[bytes]:
    parent = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None

    def limit() -> None:  # runs in the child, between fork and exec
        if libc is not None:
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:  # the parent died before the signal was set
                os._exit(1)
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))

    env = dict(os.environ)
    # Fewer malloc arenas: each reserves 64 MB of address space, which the ceiling counts.
    env.setdefault("MALLOC_ARENA_MAX", "2")
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=limit,
        env=env,
    )


def _exits(process: subprocess.Popen[bytes], within: float) -> bool:
    """Whether ``process`` has exited or does so within ``within`` seconds (a crash takes a moment)."""
    try:
        process.wait(timeout=within)
    except subprocess.TimeoutExpired:
        return False
    return True


def _failure(output: collections.deque[str]) -> str:
    """Why an Oxigraph process ended, from its last lines: "memory", "stack" or ""."""
    text = "\n".join(output)
    if "memory allocation of" in text or "bad_alloc" in text or "Cannot allocate" in text:
        return "memory"
    if "overflowed its stack" in text:
        return "stack"
    return ""


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
