"""The on-disk Oxigraph store: build, update, open.

A build never writes into the store it replaces. It loads a fresh sibling
directory (``.<name>.build-*``) and, only once that is complete, renames the
old store away and the new one into place, then deletes the old one. A build
that is interrupted leaves the previous store untouched; the next build
removes what it left behind. One lock file (``.<name>.lock``) keeps two builds
of the same store apart; it holds the pid of the build holding it, and a lock
whose build has died is taken over. A store path that is a symlink stands for
its target: the target is rebuilt (and locked), the link stays.

The store directory is a plain Oxigraph database: ``pyoxigraph.Store(DIR)``
and ``oxigraph serve-read-only --location DIR`` read it. Each document's facts
are in its named graph (the ontology in ``<https://w3id.org/graphkit/ontology>``)
and the default graph holds their union, written once when the store is built
or updated: a triple that several document graphs repeat (an agency's name)
is in it once. Query the default graph; do not ask Oxigraph for the union of
all graphs (``use_default_graph_as_union``, ``--union-default-graph``), which
adds the default graph to the named ones and, in Oxigraph 0.5, counts a
triple once per graph holding it (oxigraph/oxigraph#1919).

Examples
--------
>>> import tempfile
>>> from graphkit.records import Document
>>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=3, title="某通知")
>>> with tempfile.TemporaryDirectory() as tmp:
...     s = build(f"{tmp}/store", [doc])
...     n = len(open_store(f"{tmp}/store"))
>>> s.documents, n > 0
(1, True)
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from graphkit.errors import StoreError
from graphkit.namespace import GK, IRIs
from graphkit.store.convert import Quad, collect, nquad_chunks
from graphkit.store.directory import (  # noqa: F401  (read from here elsewhere)
    StorePath,
    _leftovers,
    _locked,
    _looks_like_store,
    _real,
    _recover,
    lock_path,
    open_store,
    store_problem,
)
from graphkit.store.ontology import ONTOLOGY_IRI, ontology_text

__all__ = [
    "BuildSummary",
    "as_oxigraph",
    "build",
    "counts",
    "graph",
    "open_store",
    "store_problem",
    "update",
    "write_union",
]

@dataclass
class BuildSummary:
    """What a build or update wrote."""

    store: Path
    documents: int = 0
    measures: int = 0
    agencies: int = 0
    regions: int = 0
    triples: int = 0
    quads: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.documents} documents, {self.measures} measures, {self.agencies} agencies, "
            f"{self.regions} regions, {self.triples} triples ({self.quads} quads) "
            f"in {self.seconds:.1f} s -> {self.store}"
        )


def build(
    store: StorePath,
    source: Iterable[Any],
    *,
    iris: IRIs | None = None,
    ontology: bool = True,
    on_item: Callable[[Any], None] | None = None,
) -> BuildSummary:
    """Load records into a new store at ``store``, replacing any store there.

    Parameters
    ----------
    store
        The store directory. Its parent is created if needed. An existing
        directory is replaced only if it is an Oxigraph store or empty.
    source
        Extractions or records (see :func:`graphkit.store.graph_of`), or an
        iterable of them; consumed one item at a time, so a generator of
        extractions is loaded file by file.
    iris
        Where instance IRIs are minted (``IRIs()`` by default).
    ontology
        Also load the ontology into the named graph ``<https://w3id.org/graphkit/ontology>``.
    on_item
        Called with each item after it is loaded (progress reports).

    Raises
    ------
    StoreError
        The directory is not a store, another build holds the lock, or Oxigraph fails.
    """
    started = time.perf_counter()
    target = _real(Path(store).absolute())
    iris = iris or IRIs()
    problems: list[str] = []
    with _locked(target):
        _recover(target)
        _check_replaceable(target)
        tmp = _fresh_sibling(target, "build")
        spool_dir = tmp.parent / f"{tmp.name}.spool"
        try:
            db = _open_rw(tmp)
            spool_dir.mkdir()
            spool = _spool(db, spool_dir)
            records: list[Any] = []  # bare records are converted together: they refer to each other
            for item in _items(source):
                if isinstance(item, Exception):  # a file the extraction could not read
                    problems.append(str(item))
                elif hasattr(item, "documents"):
                    _gather(spool, item, iris)
                    problems.extend(getattr(item, "problems", ()))
                else:
                    records.append(item)
                if on_item is not None:
                    on_item(item)
            if records:
                _gather(spool, records, iris)
            spool.flush()
            if ontology:
                _load_ontology(db, union=True)
            summary = _seal(db, union=False)  # the union was loaded with the named graphs
            del db, spool
            _swap(tmp, target)
        except (OSError, RuntimeError) as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise store_problem(e, target) from e
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(spool_dir, ignore_errors=True)
    summary.store = target
    summary.problems = problems
    summary.seconds = time.perf_counter() - started
    return summary


def _spool(db: ox.Store, folder: Path) -> Any:
    """The bulk loader of ``graphkit build``, gathering N-Quads in ``folder``."""
    from graphkit.store.incremental import _Spool  # it builds on this module

    return _Spool(db, folder / "batch.nq")


def _gather(spool: Any, source: Any, iris: IRIs, *, union: bool = True) -> None:
    """Give ``spool`` the N-Quads of records (and their triples for the union default graph)."""
    for named, triples, _ in nquad_chunks(source, iris):
        spool.write(named)
        if union:
            spool.write(triples)


def update(
    store: StorePath,
    source: Iterable[Any],
    *,
    iris: IRIs | None = None,
) -> BuildSummary:
    """Replace some documents of an existing store, leaving every other graph as it is.

    The graphs replaced are those of the documents in ``source`` and, for each
    extraction in it, every graph of a document read from the same source
    file (so a re-extracted file that now splits into fewer documents loses
    the ones it no longer has). Like :func:`build`, the change is made on a
    copy that is swapped in only when complete.

    Returns
    -------
    BuildSummary
        Counts for the whole store after the update.
    """
    started = time.perf_counter()
    target = _real(Path(store).absolute())
    iris = iris or IRIs()
    items = list(_items(source))
    errors = [item for item in items if isinstance(item, Exception)]
    if errors:
        raise StoreError(f"not updating the store: {errors[0]}")
    found = collect(items)
    with _locked(target):
        _recover(target)
        current = open_store(target)
        tmp = _fresh_sibling(target, "build")
        spool_dir = tmp.parent / f"{tmp.name}.spool"
        try:
            current.backup(str(tmp))
            del current
            db = _open_rw(tmp)
            sources = found.sources
            stale = {iris.graph(doc_id) for doc_id in found.documents}
            stale |= {iris.graph(m.doc_id) for m in found.measures.values()}
            stale_ox = {ox.NamedNode(str(g)) for g in stale}
            stale_ox |= _graphs_of_sources(db, sources)
            for g in sorted(stale_ox, key=str):
                if db.contains_named_graph(g):
                    db.remove_graph(g)
            spool_dir.mkdir()
            spool = _spool(db, spool_dir)
            _gather(spool, _found_items(found), iris, union=False)
            spool.flush()
            summary = _seal(db)
            del db, spool
            _swap(tmp, target)
        except (OSError, RuntimeError) as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise store_problem(e, target) from e
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(spool_dir, ignore_errors=True)
    summary.store = target
    summary.problems = [p for item in items for p in getattr(item, "problems", ())]
    summary.seconds = time.perf_counter() - started
    return summary


def _seal(db: ox.Store, *, union: bool = True) -> BuildSummary:
    """Finish a store being written: the union default graph (unless it was loaded
    with the named graphs), flushed, optimised, counted."""
    if union:
        write_union(db)
    db.flush()
    db.optimize()
    return counts(db)


def _found_items(found: Any) -> list[Any]:
    """The records gathered by :func:`~graphkit.store.convert.collect`, as one list."""
    return [
        *found.documents.values(),
        *found.measures.values(),
        *found.agencies.values(),
        *found.regions.values(),
    ]


def graph(store: StorePath) -> Dataset:
    """The store as an rdflib ``Dataset`` (through oxrdflib), read-only.

    Its default graph is the union of the document graphs: SPARQL and
    ``triples()`` see every fact once; ``ds.graph(IRIs().graph(doc_id))`` is one
    document's graph.
    """
    from oxrdflib import OxigraphStore

    ds = Dataset(store=OxigraphStore(store=open_store(store)), default_union=False)
    _bind(ds)
    return ds


def counts(db: ox.Store | StorePath) -> BuildSummary:
    """Documents, measures, agencies, regions, distinct triples and quads of a store."""
    if not isinstance(db, ox.Store):
        path = Path(db)
        db = open_store(path)
    else:
        path = Path()
    q = """
    PREFIX gk: <https://w3id.org/graphkit/ontology#>
    SELECT
      (COUNT(DISTINCT ?d) AS ?documents) (COUNT(DISTINCT ?m) AS ?measures)
      (COUNT(DISTINCT ?a) AS ?agencies) (COUNT(DISTINCT ?r) AS ?regions)
    WHERE {
      { ?d a gk:Document } UNION { ?m a gk:Measure } UNION
      { ?a a gk:Agency } UNION { ?r a gk:Region }
    }"""
    row = next(iter(db.query(q)))
    triples = next(iter(db.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    quads = next(iter(db.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
    return BuildSummary(
        store=path,
        documents=int(row["documents"].value),
        measures=int(row["measures"].value),
        agencies=int(row["agencies"].value),
        regions=int(row["regions"].value),
        triples=int(triples["n"].value),
        quads=int(quads["n"].value),
    )


def write_union(db: ox.Store, *, batch: int = 100_000) -> None:
    """Make the default graph the union of the named graphs (each triple once).

    Streamed graph by graph in batches, so memory does not grow with the store
    (the store keeps each triple once however often it is added).
    """
    default = ox.DefaultGraph()
    db.clear_graph(default)
    chunk: list[ox.Quad] = []
    for g in list(db.named_graphs()):
        for q in db.quads_for_pattern(None, None, None, g):
            chunk.append(ox.Quad(q.subject, q.predicate, q.object, default))
            if len(chunk) >= batch:
                db.bulk_extend(chunk)
                chunk = []
    if chunk:
        db.bulk_extend(chunk)


def as_oxigraph(target: Any) -> ox.Store:
    """A store directory opened read-only, or an rdflib graph copied into a memory
    store laid out like one (named graphs, their union as the default graph)."""
    if isinstance(target, ox.Store):
        return target
    if isinstance(target, Graph):
        if isinstance(target, Dataset):
            default = target.default_graph.identifier
            quads = [
                (s, p, o, g if g is not None and g != default else None)
                for s, p, o, g in target.quads((None, None, None, None))
            ]
        else:
            quads = [(s, p, o, None) for s, p, o in target]
        store = ox.Store()
        store.extend(_to_ox_quads(quads))  # type: ignore[arg-type]
        if any(g is not None for *_, g in quads):
            write_union(store)
        return store
    return open_store(target)


# --- loading ------------------------------------------------------------


def _items(source: Any) -> Iterator[Any]:
    """Items of ``source``: itself when it is one extraction or record."""
    if hasattr(source, "documents") or not isinstance(source, Iterable):
        yield source
    else:
        yield from source


def _to_ox_quads(quads: Iterable[Quad]) -> Iterator[ox.Quad]:
    cache: dict[Node, Any] = {}
    default = ox.DefaultGraph()
    for s, p, o, g in quads:
        graph = default if g is None else _ox(g, cache)
        yield ox.Quad(_ox(s, cache), _ox(p, cache), _ox(o, cache), graph)


def _ox(term: Node, cache: dict[Node, Any]) -> Any:
    found = cache.get(term)
    if found is not None:
        return found
    if isinstance(term, URIRef):
        out: Any = ox.NamedNode(str(term))
    elif isinstance(term, Literal):
        if term.language:
            out = ox.Literal(str(term), language=term.language)
        elif term.datatype:
            out = ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        else:
            out = ox.Literal(str(term))
    elif isinstance(term, BNode):
        out = ox.BlankNode(str(term))
    else:  # pragma: no cover - convert.py makes no other terms
        raise TypeError(f"not an RDF term: {term!r}")
    if not isinstance(term, Literal) or len(cache) < 200_000:
        cache[term] = out
    return out


def _load_ontology(db: ox.Store, *, union: bool = False) -> None:
    """The ontology in its named graph (and, with ``union``, in the default graph)."""
    g = ox.NamedNode(str(ONTOLOGY_IRI))
    db.bulk_load(ontology_text(), format=ox.RdfFormat.TURTLE, to_graph=g)
    if union:  # the same terms (blank nodes too) as in the named graph
        default = ox.DefaultGraph()
        db.extend([ox.Quad(q.subject, q.predicate, q.object, default)
                   for q in db.quads_for_pattern(None, None, None, g)])


def _graphs_of_sources(db: ox.Store, sources: set[str]) -> set[ox.NamedNode]:
    if not sources:
        return set()
    values = " ".join(Literal(s).n3() for s in sorted(sources))
    q = f"""SELECT DISTINCT ?g WHERE {{
      VALUES ?src {{ {values} }}
      GRAPH ?g {{ ?x <{GK.sourceFile}> ?src }}
    }}"""
    return {row["g"] for row in db.query(q) if isinstance(row["g"], ox.NamedNode)}


def _bind(ds: Dataset) -> None:
    from rdflib.namespace import DCTERMS, PROV, SKOS

    from graphkit.namespace import CV, ELI, ORG

    for prefix, ns in (
        ("gk", GK._NS),
        ("org", ORG),
        ("cv", CV),
        ("eli", ELI),
        ("skos", SKOS),
        ("dct", DCTERMS),
        ("prov", PROV),
    ):
        ds.bind(prefix, ns, override=True)


# --- the directory dance ------------------------------------------------


def _open_rw(path: Path) -> ox.Store:
    try:
        return ox.Store(str(path))
    except (OSError, RuntimeError) as e:
        raise store_problem(e, path, "cannot create a store at") from e


def _fresh_sibling(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _check_replaceable(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        raise StoreError(f"{target} exists and is not a directory")
    if any(target.iterdir()) and not _looks_like_store(target):
        raise StoreError(f"{target} exists and is not an Oxigraph store: not replacing it")


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``; the old store is deleted afterwards."""
    if target.exists():
        old = _fresh_sibling(target, "old")
        os.rename(target, old)
        os.rename(new, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new, target)
