"""Build a store from source files: in parallel, streamed, and only what changed.

:func:`build_files` is what ``graphkit build`` runs. Each file is extracted
and turned into N-Quads in a worker (``jobs`` processes); the quads go through
a spool file on disk and are bulk-loaded, so memory holds a few files at a
time however large the collection, and a large plain-text file a piece at
a time (:mod:`graphkit.extraction.pieces`) however large the file. The default graph (the union of the
document graphs) is loaded alongside, from the same lines without their graph.

The store directory keeps the list of its source files and their SHA-256
checksums in :data:`SOURCES_FILE` (JSON, beside Oxigraph's own files, so it
is swapped in with the store and never seen by queries, exports or pushes).
The next build extracts only the files whose checksum changed: their document
graphs are removed and loaded anew, every other graph stays as it was. Files
gone from the collection lose their graphs, but those last read under a
folder (or symlink) that cannot be read now keep theirs. A file that can no
longer be read keeps the graphs of its last good version. A store written otherwise (by
:func:`graphkit.store.build` or :func:`graphkit.store.update`) has no such
list, so the next build is a full one. As with :func:`graphkit.store.build`,
the new store is made beside the old one and swapped in only when complete.

Examples
--------
>>> import tempfile, pathlib
>>> from graphkit.store import counts
>>> plan = "拉萨市人民政府关于印发某某方案的通知\\n一、任务\\n1.加强监管。（市公安局牵头）\\n"
>>> with tempfile.TemporaryDirectory() as tmp:
...     src = pathlib.Path(tmp, "in")
...     src.mkdir()
...     _ = (src / "a.txt").write_text(plan, encoding="utf-8")
...     first = build_files(f"{tmp}/kg", [src])
...     second = build_files(f"{tmp}/kg", [src])
...     n = counts(f"{tmp}/kg").measures
>>> first.extracted, second.extracted, second.unchanged, n
(['a.txt'], [], ['a.txt'], 1)
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graphkit.errors import InputError, StoreError
from graphkit.limits import MAX_BYTES
from graphkit.namespace import IRIs
from graphkit.store.convert import nquad_chunks
from graphkit.store.disk import (
    BuildSummary,
    _check_replaceable,
    _fresh_sibling,
    _graphs_of_sources,
    _locked,
    _looks_like_store,
    _open_rw,
    _real,
    _recover,
    _swap,
    _to_ox_quads,
    counts,
    store_problem,
)
from graphkit.store.ontology import ONTOLOGY_IRI, ontology_graph

if TYPE_CHECKING:
    from graphkit.extraction.hints import Hints

__all__ = ["SOURCES_FILE", "FileResult", "FilesSummary", "build_files"]

#: The list of source files and their checksums, inside the store directory.
SOURCES_FILE = "graphkit-sources.json"
#: N-Quads gathered in the spool before one bulk load.
SPOOL_BYTES = 16 * 2**20
#: Removing graphs one by one costs about this many times as much per graph as
#: copying those that stay into a new store: past ``1 / COPY_RATIO`` of the
#: graphs removed, the build copies (bench/hostile.py measures both).
COPY_RATIO = 10
#: Quads converted and written at a time by a worker.
CHUNK_QUADS = 20_000

#: What a worker finds out about a file (the rest is known before).
_WORKER_FIELDS = ("status", "error", "problems", "documents", "measures", "quads", "seconds", "spool")

_NQ = ox.RdfFormat.N_QUADS


@dataclass
class FileResult:
    """What became of one source file in a build."""

    path: str
    source: str
    sha256: str = ""
    size: int = 0
    status: str = "extracted"  # or "unchanged", "skipped"
    error: str = ""
    problems: list[str] = field(default_factory=list)
    documents: int = 0
    measures: int = 0
    quads: int = 0
    seconds: float = 0.0
    spool: str = ""


@dataclass
class FilesSummary(BuildSummary):
    """A :class:`~graphkit.store.BuildSummary` with what happened to each file."""

    extracted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warned: list[str] = field(default_factory=list)
    #: Folders and entries that could not be read (their files' graphs are kept).
    unreadable: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    incremental: bool = False
    seconds_load: float = 0.0

    def __str__(self) -> str:
        files = (
            f"{len(self.extracted)} extracted, {len(self.unchanged)} unchanged, "
            f"{len(self.removed)} removed, {len(self.skipped)} skipped"
        )
        if self.unreadable:
            files += f", {len(self.unreadable)} entries unreadable ({len(self.kept)} files kept)"
        return f"files: {files}\n{BuildSummary.__str__(self)}"


def build_files(
    store: str | os.PathLike[str],
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int = 1,
    full: bool = False,
    strict: bool = False,
    iris: IRIs | None = None,
    max_bytes: int = MAX_BYTES,
    on_file: Callable[[FileResult], None] | None = None,
    ocr: bool = False,
    hints: Hints | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> FilesSummary:
    """Extract the files under ``paths`` and make ``store`` hold exactly their graphs.

    Parameters
    ----------
    store
        The store directory; replaced (swapped) only when the build is complete.
    paths
        Files and directories (every file of a suffix in :data:`graphkit.readers.SUFFIXES`), as for
        :func:`graphkit.extraction.extract_paths`, or the
        :class:`~graphkit.extraction.sources.Sources` a walk of them found.
        What the walk could not read is in :attr:`FilesSummary.unreadable`;
        the graphs of files last read under it are kept (:attr:`FilesSummary.kept`).
    jobs
        Extract and convert in this many processes.
    full
        Extract every file, ignoring the checksums of the store there.
    strict
        Refuse to replace the store when any file was skipped or had problems.
    iris
        Where instance IRIs are minted. A store built under another base is
        rebuilt in full.
    max_bytes
        Files larger than this are skipped.
    on_file
        Called in file order with each :class:`FileResult` (progress reports).
    ocr
        Read scanned PDF pages by OCR. A file already in the store is not read
        again for it: rebuild with ``full`` after turning it on.
    hints
        The user's manifest and alias table
        (:func:`graphkit.extraction.hints.load_hints`); a store built with
        other hints is rebuilt in full.
    executor, scheduler
        Extract and convert on a Dask cluster instead (``executor="dask"``,
        see :func:`graphkit.extraction.executors.map_files`); the store is
        the same.

    Raises
    ------
    InputError
        No file could be read (or, with ``strict``, one was skipped or had
        problems, or a folder could not be read); the store is left as it was.
    StoreError
        The store is locked by another build, cannot be written (a full
        disk, a folder not writable) or is damaged; the store is left as it was.
    """
    from graphkit.extraction.sources import Sources, scan_sources

    started = time.perf_counter()
    target = _real(Path(store).absolute())
    iris = iris or IRIs()
    sources = paths if isinstance(paths, Sources) else scan_sources(paths)
    files = list(sources.files)
    summary = FilesSummary(store=target)
    summary.unreadable = list(sources.problems)
    summary.problems.extend(sources.problems)
    results: list[FileResult] = []
    seen: dict[str, Path] = {}
    todo: list[FileResult] = []
    with _locked(target):
        _recover(target)
        _check_replaceable(target)
        digest = hints.digest if hints else ""
        previous = None if full else _manifest(target, iris, digest)
        previous_paths = _manifest_paths(target) if previous is not None else {}
        summary.incremental = previous is not None
        tmp = _fresh_sibling(target, "build")
        spool_dir = tmp.parent / f"{tmp.name}.spool"
        try:
            spool_dir.mkdir()
            for f in files:
                r = _checked(f, seen, max_bytes)
                if r.status == "skipped":
                    results.append(r)
                elif previous is not None and previous.get(r.source) == r.sha256:
                    r.status = "unchanged"
                    results.append(r)
                else:
                    todo.append(r)
                    results.append(r)
            if previous is not None:
                gone = set(previous) - {r.source for r in results}
                summary.kept = sorted(
                    n for n in gone if _under(previous_paths.get(n), sources.unreadable)
                )
                summary.removed = sorted(gone - set(summary.kept))
                if not todo and not summary.removed:
                    return _up_to_date(summary, target, results, on_file, started, strict)
            t0 = time.perf_counter()
            if previous is not None:
                current = _open_ro(target)
                gone_graphs = _graphs_of_sources(current, set(summary.removed))
                named = sum(1 for _ in current.named_graphs())
                if len(gone_graphs) * COPY_RATIO > named:  # many go: copy those that stay
                    db = _open_rw(tmp)
                    leave = gone_graphs | {ox.NamedNode(str(ONTOLOGY_IRI))}
                    _copy_graphs(current, db, leave, spool_dir / "kept.nq")
                else:
                    current.backup(str(tmp))
                    db = _open_rw(tmp)
                    _remove_graphs(db, gone_graphs)
                del current
            else:
                db = _open_rw(tmp)
            load_seconds = time.perf_counter() - t0
            spool = _Spool(db, spool_dir / "batch.nq")
            converted = _convert_all(
                todo, spool_dir, iris.base, max_bytes, jobs, ocr, hints, executor, scheduler
            )
            for r in results:
                if r.status == "extracted":  # one of todo: its conversion comes next
                    out = next(converted)
                    for k in _WORKER_FIELDS:
                        setattr(r, k, getattr(out, k))
                    if r.status == "extracted":
                        t0 = time.perf_counter()
                        if previous is not None and r.source in previous:
                            spool.replaces.add(r.source)  # its old graphs go before the load
                        spool.add(Path(r.spool))
                        load_seconds += time.perf_counter() - t0
                _tally(summary, r)
                if on_file is not None:
                    on_file(r)
            t0 = time.perf_counter()
            spool.flush()
            if not summary.extracted and not summary.unchanged:
                raise InputError(
                    f"nothing to build: none of {len(results)} files could be read; "
                    "the store is left as it was"
                )
            if strict and (summary.skipped or summary.warned or summary.unreadable):
                raise InputError(
                    f"--strict: {len(summary.skipped)} file(s) skipped, "
                    f"{len(summary.warned)} with problems, "
                    f"{len(summary.unreadable)} unreadable entries; the store is left as it was"
                )
            manifest = dict(previous or {})
            paths_of = {n: p for n, p in previous_paths.items() if n in manifest}
            for name in summary.removed:
                manifest.pop(name, None)
                paths_of.pop(name, None)
            for r in results:
                if r.status in ("extracted", "unchanged"):
                    manifest[r.source] = r.sha256
                    paths_of[r.source] = os.path.abspath(r.path)
            _replace_graph(db, ONTOLOGY_IRI, ontology_graph())
            db.flush()
            db.optimize()
            load_seconds += time.perf_counter() - t0
            totals = counts(db)
            del db
            _write_manifest(tmp, manifest, iris, paths_of, digest)
            _swap(tmp, target)
        except (OSError, RuntimeError) as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise store_problem(e, target) from e
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(spool_dir, ignore_errors=True)
    for name in ("documents", "measures", "agencies", "regions", "triples", "quads"):
        setattr(summary, name, getattr(totals, name))
    summary.seconds_load = load_seconds
    summary.seconds = time.perf_counter() - started
    return summary


def _up_to_date(
    summary: FilesSummary,
    target: Path,
    results: list[FileResult],
    on_file: Callable[[FileResult], None] | None,
    started: float,
    strict: bool = False,
) -> FilesSummary:
    """Nothing changed: the store stays as it is."""
    for r in results:
        _tally(summary, r)
        if on_file is not None:
            on_file(r)
    if strict and (summary.skipped or summary.unreadable):
        raise InputError(
            f"--strict: {len(summary.skipped)} file(s) skipped, "
            f"{len(summary.unreadable)} unreadable entries; the store is left as it was"
        )
    totals = counts(_open_ro(target))
    for name in ("documents", "measures", "agencies", "regions", "triples", "quads"):
        setattr(summary, name, getattr(totals, name))
    summary.seconds = time.perf_counter() - started
    return summary


def _tally(summary: FilesSummary, r: FileResult) -> None:
    if r.status == "skipped":
        summary.skipped.append(r.error)
        summary.problems.append(r.error)
        return
    getattr(summary, r.status).append(r.source)
    if r.problems:
        summary.warned.append(r.path)
        summary.problems.extend(f"{r.path}: {p}" for p in r.problems)


# --- files: checksums, workers ---------------------------------------------


def _checked(path: Path, seen: dict[str, Path], max_bytes: int) -> FileResult:
    """A file's checksum, or why it is skipped before extraction."""
    r = FileResult(path=str(path), source=path.name)
    other = seen.get(path.name)
    if other is not None:
        from graphkit.extraction.sources import same_names

        r.status = "skipped"
        r.error = str(same_names([other, path])[1])
        return r
    seen[path.name] = path
    try:
        r.size = path.stat().st_size
        if r.size <= max_bytes:
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(functools.partial(fh.read, 2**20), b""):
                    h.update(block)
            r.sha256 = h.hexdigest()
    except OSError as e:
        r.status = "skipped"
        r.error = str(InputError(f"cannot read: {e.strerror}", path=str(path)))
    return r


def _convert_all(
    todo: list[FileResult],
    spool_dir: Path,
    base: str,
    max_bytes: int,
    jobs: int,
    ocr: bool = False,
    hints: Hints | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> Iterator[FileResult]:
    """Each file of ``todo`` extracted and written as N-Quads, in order."""
    from graphkit.extraction.executors import map_files

    paths = [r.path for r in todo]
    if executor != "local":  # workers elsewhere: their N-Quads come back as bytes
        from graphkit.store.worker_quads import convert_remote, received

        remote = functools.partial(
            convert_remote, base=base, max_bytes=max_bytes, ocr=ocr, hints=hints
        )
        for item in map_files(remote, paths, executor=executor, jobs=jobs, scheduler=scheduler):
            yield received(item, spool_dir)
        return
    work = functools.partial(
        _convert, spool_dir=str(spool_dir), base=base, max_bytes=max_bytes, ocr=ocr, hints=hints
    )
    yield from map_files(work, paths, jobs=jobs)


def _convert(
    path: str,
    *,
    spool_dir: str,
    base: str,
    max_bytes: int,
    ocr: bool = False,
    hints: Hints | None = None,
) -> FileResult:
    """Extract one file and write its quads, and the same triples for the union, as N-Quads.

    A large plain-text file is extracted a piece at a time
    (:func:`graphkit.extraction.pieces.read_in_pieces`): each piece's records
    wait in a file beside the spool until the file's agencies and regions are
    all known, then are converted a piece at a time, so that neither the
    file's text nor all its records are held at once.
    """
    from graphkit.extraction.build import _safe_extract
    from graphkit.extraction.pieces import hold, read_in_pieces

    started = time.perf_counter()
    r = FileResult(path=path, source=Path(path).name)
    name = f"{os.getpid()}-{hashlib.sha1(path.encode()).hexdigest()[:16]}"
    out = Path(spool_dir) / f"{name}.nq"
    stream = read_in_pieces(path, max_bytes=max_bytes, hints=hints)
    if stream is None:
        ex = _safe_extract(Path(path), max_bytes=max_bytes, ocr=ocr, hints=hints)
        if isinstance(ex, InputError):
            r.status, r.error = "skipped", str(ex)
            return r
        r.problems = list(ex.problems)
        r.documents, r.measures = len(ex.documents), len(ex.measures)
        parts: Iterable = [ex]
    else:
        try:
            held = hold(stream, spool_dir)  # read back a piece at a time below
        except Exception as e:  # as _safe_extract reports a file it cannot extract
            r.status, r.error = "skipped", str(_failure(e, path))
            return r
        r.problems = list(held.problems)
        r.documents, r.measures, parts = held.documents, held.measures, held
    iris = IRIs(base)
    with open(out, "wb") as fh:
        for part in parts:
            for named, union, n in nquad_chunks(part, iris, CHUNK_QUADS):
                r.quads += n
                fh.write(named)
                fh.write(union)  # the union default graph: the same triples, no graph
    r.spool = str(out)
    r.seconds = time.perf_counter() - started
    return r


def _failure(e: Exception, path: str) -> InputError:
    if isinstance(e, InputError):
        return e
    return InputError(
        f"extraction failed ({type(e).__name__}: {e}); please report this file", path=path
    )


class _Spool:
    """N-Quads files gathered into one, bulk-loaded when it is large enough."""

    def __init__(self, db: ox.Store, path: Path) -> None:
        self.db = db
        self.path = path
        self.fh = open(path, "wb")
        self.size = 0
        #: Sources whose old graphs are removed before the quads gathered are loaded
        #: (together: a triple they share is looked up once per load, not once per file).
        self.replaces: set[str] = set()

    def add(self, part: Path) -> None:
        """Gather the N-Quads of ``part``, loading every :data:`SPOOL_BYTES` (at a line
        end): one large file is loaded in slices, so the bulk loader's memory stays
        that of a slice."""
        with open(part, "rb") as src:
            for block in iter(functools.partial(src.read, min(2**20, SPOOL_BYTES)), b""):
                self.fh.write(block)
                self.size += len(block)
                if self.size >= SPOOL_BYTES:
                    rest = src.readline()  # finish the line the block cut
                    self.fh.write(rest)
                    self.size += len(rest)
                    self._load()
        part.unlink()

    def write(self, data: bytes) -> None:
        """Gather N-Quads lines (``data`` ends at a line end), loading every
        :data:`SPOOL_BYTES`."""
        self.fh.write(data)
        self.size += len(data)
        if self.size >= SPOOL_BYTES:
            self._load()

    def _load(self) -> None:
        self.fh.close()
        if self.replaces:
            _remove_graphs(self.db, _graphs_of_sources(self.db, self.replaces))
            self.replaces = set()
        if self.size:
            try:
                self.db.bulk_load(path=str(self.path), format=_NQ, lenient=True)
            except (SyntaxError, ValueError) as e:  # disk and store errors: see build_files
                raise StoreError(f"loading quads failed: {e}") from e
        self.fh = open(self.path, "wb")
        self.size = 0

    def flush(self) -> None:
        self._load()
        self.fh.close()


# --- the store: manifest, graphs -------------------------------------------


def _open_ro(target: Path) -> ox.Store:
    try:
        return ox.Store.read_only(str(target))
    except (OSError, RuntimeError) as e:
        raise store_problem(e, target, "cannot open the store at") from e


def _manifest(target: Path, iris: IRIs, hints: str = "") -> dict[str, str] | None:
    """The files and checksums a store was built from; None when it has no list
    (or one for another base of IRIs, or other hints)."""
    if not target.is_dir() or not _looks_like_store(target):
        return None
    try:
        found = json.loads((target / SOURCES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict) or found.get("base") != iris.base:
        return None
    if found.get("hints", "") != hints:
        return None
    sources = found.get("sources")
    return dict(sources) if isinstance(sources, dict) else None


def _manifest_paths(target: Path) -> dict[str, str]:
    """Where each source file of the last build was (absolute paths; older lists have none)."""
    try:
        found = json.loads((target / SOURCES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    paths = found.get("paths") if isinstance(found, dict) else None
    return dict(paths) if isinstance(paths, dict) else {}


def _under(path: str | None, folders: list[Path]) -> bool:
    """Whether a file last read at ``path`` may lie under one of ``folders`` (unknown: yes).

    >>> _under("/data/a/x.txt", [Path("/data/a")]), _under("/data/ab/x.txt", [Path("/data/a")])
    (True, False)
    >>> _under(None, [Path("/data/a")]), _under(None, [])
    (True, False)
    """
    if not folders:
        return False
    if path is None:
        return True
    for f in folders:
        top = os.path.abspath(f)
        if path == top or path.startswith(top.rstrip(os.sep) + os.sep):
            return True
    return False


def _write_manifest(
    store: Path,
    manifest: dict[str, str],
    iris: IRIs,
    paths: dict[str, str] | None = None,
    hints: str = "",
) -> None:
    data: dict = {"format": 1, "base": iris.base, "sources": dict(sorted(manifest.items()))}
    if paths:
        data["paths"] = dict(sorted(paths.items()))
    if hints:
        data["hints"] = hints
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    (store / SOURCES_FILE).write_text(text, encoding="utf-8")


def _replace_graph(db: ox.Store, graph, triples: Iterable[tuple]) -> None:
    """Put ``triples`` in the named graph ``graph`` (and the union), replacing what it held."""
    g = ox.NamedNode(str(graph))
    if db.contains_named_graph(g):
        _remove_graphs(db, {g})
    quads = list(_to_ox_quads((s, p, o, graph) for s, p, o in triples))
    default = ox.DefaultGraph()
    db.extend(quads + [ox.Quad(q.subject, q.predicate, q.object, default) for q in quads])


def _copy_graphs(src: ox.Store, dst: ox.Store, leave: set[ox.NamedNode], spool: Path) -> None:
    """Copy the named graphs of ``src`` but those in ``leave``, and their union.

    Each graph is dumped by Oxigraph as N-Triples and written twice into one
    N-Quads file (with its graph, and without for the union), which is then
    bulk-loaded in slices: no Python object per quad.
    """
    with open(spool, "wb") as fh:
        for g in src.named_graphs():
            if g in leave:
                continue
            data = src.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b""
            tail = f" <{g.value}> .".encode()
            fh.write(b"\n".join(line[:-2] + tail for line in data.split(b"\n") if line))
            fh.write(b"\n")
            fh.write(data)
    loader = _Spool(dst, spool.with_suffix(".batch.nq"))
    loader.add(spool)
    loader.flush()


def _remove_graphs(db: ox.Store, graphs: set[ox.NamedNode]) -> None:
    """Remove named graphs; a triple leaves the union unless another graph still has it.

    Each distinct triple of the graphs removed is looked up once (a triple that
    a thousand removed documents share, an agency's name, is not looked up a
    thousand times over its thousand graphs), so the cost is linear in what
    is removed.
    """
    default = ox.DefaultGraph()
    triples: set[tuple] = set()
    for g in graphs:
        for q in db.quads_for_pattern(None, None, None, g):
            triples.add((q.subject, q.predicate, q.object))
    drop = []
    for s, p, o in triples:
        for other in db.quads_for_pattern(s, p, o):
            name = other.graph_name
            if not isinstance(name, ox.DefaultGraph) and name not in graphs:
                break
        else:
            drop.append(ox.Quad(s, p, o, default))
    for q in drop:
        db.remove(q)
    for g in sorted(graphs, key=str):
        db.remove_graph(g)
