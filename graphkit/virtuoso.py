"""Bulk-load the graph into OpenLink Virtuoso: N-Quads files and its own loader.

The Graph Store and SPARQL Update paths of :mod:`graphkit.push` send every
triple through HTTP and the SPARQL parser; that is right for small graphs and
wrong for billions of triples. This path writes the document graphs as
N-Quads files into a directory the server may read (one of the ``DirsAllowed``
of its ``virtuoso.ini``), and has the server load them itself with its bulk
loader, through Virtuoso's ``isql`` client (``isql-vt`` on Debian) over the
SQL port (1111 by default)::

    DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id('G', 0);   -- each graph pushed
    ld_dir('/load/dir', 'graphkit-RUN-*.nq', '...');           -- register the files
    rdf_loader_run();                                          -- in ``loaders`` sessions
    checkpoint;

As with :func:`graphkit.push.push`, each pushed graph *replaces* the graph of
the same name on the server and other graphs are left alone. A document graph
is never split between files, so its blank nodes stay one node each. The
loader's errors (``DB.DBA.LOAD_LIST.ll_error``) are reported with their file,
and afterwards the triples of every graph are counted on the server and
compared with the local counts. Virtuoso answers queries without ``FROM``
over the union of its graphs, which is what the store's default graph holds,
so the default graph is not loaded.

Why ``isql`` and not SPARQL or ODBC: ``ld_dir`` and ``rdf_loader_run`` are
SQL procedures of the server, which its SPARQL endpoint does not call, and
``isql`` is the client shipped with the server: nothing to configure (no ODBC
driver manager, no DSN), and it reaches a server on another machine as well.

Examples
--------
>>> sql_string("https://example.org/g/it's")
"'https://example.org/g/it''s'"
>>> print(delete_graphs(["https://example.org/g/1"]))
DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id('https://example.org/g/1', 0);
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from graphkit.errors import EndpointError
from graphkit.store import open_store

__all__ = ["BulkReport", "delete_graphs", "push_virtuoso", "sql_string"]

#: Triples per N-Quads file unless told otherwise (a graph is never split).
FILE_TRIPLES = 500_000
#: The graph ``ld_dir`` names for triples without one (N-Quads lines all have one).
NO_GRAPH = "urn:graphkit:bulk"

_NT = pyoxigraph.RdfFormat.N_TRIPLES


@dataclass(frozen=True)
class BulkReport:
    """What :func:`push_virtuoso` did, with the seconds of each phase."""

    graphs: int
    triples: int
    files: int
    bytes: int
    seconds_write: float
    seconds_load: float
    seconds_checkpoint: float
    seconds: float
    verified: bool

    @property
    def triples_per_second(self) -> float:
        """Load throughput of the server (loader and checkpoint)."""
        return self.triples / max(self.seconds_load + self.seconds_checkpoint, 1e-9)


def sql_string(text: str) -> str:
    """A Virtuoso SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def delete_graphs(graphs: Iterable[str]) -> str:
    """SQL removing every quad of each graph (nothing for a graph the server lacks)."""
    return "\n".join(
        f"DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id({sql_string(g)}, 0);" for g in graphs
    )


def push_virtuoso(
    store: str | Path,
    *,
    isql: str = "127.0.0.1:1111",
    load_dir: str | Path,
    server_dir: str | None = None,
    user: str = "dba",
    password: str = "dba",
    loaders: int = 2,
    file_triples: int = FILE_TRIPLES,
    verify: bool = True,
    keep_files: bool = False,
    isql_command: str = "isql-vt",
) -> BulkReport:
    """Load every named graph of ``store`` into Virtuoso with its bulk loader.

    Parameters
    ----------
    store
        The store directory (as ``graphkit build`` writes it).
    isql
        ``HOST:PORT`` of the server's SQL port.
    load_dir
        Where to write the N-Quads files: a directory the server reads.
    server_dir
        The same directory as the server sees it, when it differs (a shared
        mount, a container volume); it must be in the server's ``DirsAllowed``.
    user, password
        A Virtuoso SQL account allowed to load (``dba``).
    loaders
        ``rdf_loader_run()`` sessions run side by side (about one per core of
        the server).
    file_triples
        Triples per file; files are loaded in parallel, graphs are not split.
    verify
        Count each graph's triples on the server afterwards.
    keep_files
        Leave the N-Quads files in ``load_dir`` (they are removed otherwise).
    isql_command
        The ``isql`` program of Virtuoso.

    Raises
    ------
    graphkit.errors.StoreError
        When ``store`` cannot be opened.
    EndpointError
        When ``isql`` is missing or cannot connect, the server refuses a
        statement or a file, or the counts on the server differ from the
        local ones.
    """
    started = time.monotonic()
    if shutil.which(isql_command) is None:
        raise EndpointError(
            f"{isql_command} not found: install Virtuoso's client "
            "(Debian: virtuoso-opensource) or give its path"
        )
    client = _Isql(isql_command, isql, user, password)
    client.run("SELECT 1;")  # fails early on a wrong address or account
    local = Path(load_dir)
    local.mkdir(parents=True, exist_ok=True)
    remote = (server_dir or str(local.absolute())).rstrip("/")
    run = f"graphkit-{uuid.uuid4().hex[:12]}"
    source = open_store(store)
    names = sorted(str(g.value) for g in source.named_graphs())
    files, counts = _write_files(source, names, local, run, file_triples)
    size = sum(f.stat().st_size for f in files)
    written = time.monotonic()
    like = sql_string(f"{remote}/{run}-%")
    try:
        pattern = f"{run}-*.nq"
        hint = (
            f"the files are in {local}: is that {remote} on the server (else give "
            "--server-dir) and in its DirsAllowed?"
        )
        try:
            client.run(
                f"ld_dir({sql_string(remote)}, {sql_string(pattern)}, {sql_string(NO_GRAPH)});"
            )
        except EndpointError as e:
            raise EndpointError(f"{e}; {hint}") from e
        registered = client.run(f"SELECT COUNT(*) FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {like};")
        if registered.split() != [str(len(files))]:
            raise EndpointError(
                f"Virtuoso sees {registered.strip() or 'none'} of the {len(files)} files; {hint}"
            )
        if names:  # only now: a directory the server cannot read loses nothing
            client.run("log_enable(3, 1);\n" + delete_graphs(names))
        with ThreadPoolExecutor(max(loaders, 1)) as pool:
            for _ in pool.map(lambda _: client.run("rdf_loader_run();"), range(max(loaders, 1))):
                pass
        loaded = time.monotonic()
        client.run("checkpoint;")
        checkpointed = time.monotonic()
        failed = client.run(
            f"SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {like} "
            "AND (ll_error IS NOT NULL OR ll_state <> 2);"
        ).strip()
        if failed:
            raise EndpointError(f"Virtuoso's loader did not load every file: {failed[:1000]}")
    finally:
        client.run(f"DELETE FROM DB.DBA.LOAD_LIST WHERE ll_file LIKE {like};")
        if not keep_files:
            for f in files:
                f.unlink(missing_ok=True)
    if verify and counts:
        _verify(client, counts)
    return BulkReport(
        graphs=len(counts),
        triples=sum(counts.values()),
        files=len(files),
        bytes=size,
        seconds_write=written - started,
        seconds_load=loaded - written,
        seconds_checkpoint=checkpointed - loaded,
        seconds=time.monotonic() - started,
        verified=verify and bool(counts),
    )


def _write_files(
    source: pyoxigraph.Store, names: Sequence[str], folder: Path, run: str, file_triples: int
) -> tuple[list[Path], dict[str, int]]:
    """The named graphs as N-Quads files of about ``file_triples`` triples each."""
    files: list[Path] = []
    counts: dict[str, int] = {}
    out = None
    in_file = 0
    try:
        for iri in names:
            # Oxigraph writes the graph's N-Triples; each line then gets its graph (a line
            # ends in " .\n" and nowhere else: N-Triples escapes line breaks in literals)
            lines = source.dump(format=_NT, from_graph=pyoxigraph.NamedNode(iri))
            n = lines.count(b"\n")
            if out is None or in_file >= file_triples:
                if out is not None:
                    out.close()
                files.append(folder / f"{run}-{len(files) + 1:05d}.nq")
                out = open(files[-1], "wb")
                in_file = 0
            out.write(lines.replace(b" .\n", b" <" + iri.encode("utf-8") + b"> .\n"))
            in_file += n
            counts[iri] = n
    finally:
        if out is not None:
            out.close()
    return files, counts


def _verify(client: _Isql, counts: dict[str, int]) -> None:
    """Count the triples of every graph on the server; raise on any difference."""
    out = client.run(
        "SPARQL SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g;"
    )
    found: dict[str, int] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            found[parts[0]] = int(parts[1])
    wrong = [g for g in counts if found.get(g, 0) != counts[g]]
    if wrong:
        shown = ", ".join(f"{g} ({found.get(g, 0)} of {counts[g]})" for g in wrong[:5])
        more = f" and {len(wrong) - 5} more" if len(wrong) > 5 else ""
        raise EndpointError(
            f"after the bulk load, {len(wrong)} graph(s) on Virtuoso do not hold the triples "
            f"written: {shown}{more}"
        )


class _Isql:
    """SQL statements run through Virtuoso's ``isql`` client, output as plain text."""

    def __init__(self, command: str, address: str, user: str, password: str) -> None:
        self.args = [
            command, address, user, password,
            "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", "ERRORS=STDOUT",
        ]  # fmt: skip
        self.address = address

    def run(self, script: str) -> str:
        """Run ``script`` (statements ending in ``;``); its output, or EndpointError."""
        try:
            done = subprocess.run(
                self.args,
                input=script + "\nEXIT;\n",
                capture_output=True,
                text=True,
                encoding="utf-8",
                env={**os.environ, "LC_ALL": "C.UTF-8"},
                check=False,
            )
        except OSError as e:
            raise EndpointError(f"cannot run {self.args[0]}: {e}") from e
        out = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in out:
            detail = " ".join(out.split())[:800]
            raise EndpointError(f"Virtuoso at {self.address} refused: {detail}")
        return done.stdout
