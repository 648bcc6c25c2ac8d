"""Check a graph against the SHACL shapes (``shapes.ttl``).

Two engines give the same report: ``"sparql"`` (the default) translates the
shapes to SPARQL queries that Oxigraph runs on the store
(:mod:`graphkit.store.shacl_sparql`), ``"pyshacl"`` copies the graph into rdflib
and runs pyshacl on it, many times slower. Should the shapes use a construct
the translation does not cover, the ``"sparql"`` engine says so in a warning
and pyshacl gives the report.

Examples
--------
>>> from graphkit.records import Document, Measure
>>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="某方案")
>>> ok = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3,
...              number="1", text="简化流程。")
>>> validate(graph_of([doc, ok])).conforms
True
>>> orphan = Measure(id="b.txt/d1/m1", doc_id="b.txt/d1", source="b.txt", line=3,
...                  number="1", text="无所属文件的措施。")
>>> report = validate(graph_of([doc, ok, orphan]))
>>> report.conforms, [v.path for v in report.violations]
(False, ['http://data.europa.eu/eli/ontology#is_part_of'])
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from rdflib import Graph
from rdflib.namespace import RDF, SH

from graphkit.store.convert import graph_of
from graphkit.store.disk import as_oxigraph
from graphkit.store.ontology import shapes_graph
from graphkit.store.shacl_sparql import Check, UnsupportedShapes, compile_shapes, run

__all__ = ["ENGINES", "Report", "Violation", "validate"]

#: The validation engines, the default first.
ENGINES = ("sparql", "pyshacl")


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    focus: str
    path: str
    message: str
    severity: str
    shape: str
    value: str = ""
    component: str = ""

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: <{self.focus}>{where}: {self.message}{value}"


@dataclass
class Report:
    """The outcome of :func:`validate`."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    triples: int = 0
    engine: str = "sparql"

    def summary(self) -> str:
        """One line per shape and path with its number of violations, most first."""
        counts = Counter((v.shape, v.path, v.message) for v in self.violations)
        return "\n".join(
            f"{n:6d}  {path or '(node)'}  {message}  [{shape}]"
            for (shape, path, message), n in counts.most_common()
        )


def validate(
    target: Any,
    engine: Literal["sparql", "pyshacl"] = "sparql",
    shapes: Graph | None = None,
) -> Report:
    """Validate a store directory, ``pyoxigraph.Store``, rdflib graph or records.

    The union of the named graphs is checked against ``shapes`` (default:
    ``shapes.ttl``); only results of severity ``sh:Violation`` make it not
    conform. ``engine`` is one of :data:`ENGINES`; both give the same results.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; one of {', '.join(ENGINES)}")
    if hasattr(target, "documents") or isinstance(target, list | tuple):
        target = graph_of(target)
    if engine == "sparql":
        try:
            checks = _compiled() if shapes is None else tuple(compile_shapes(shapes))
        except UnsupportedShapes as e:
            warnings.warn(f"{e}; checking with pyshacl instead", stacklevel=2)
        else:
            store = as_oxigraph(target)
            try:
                found = [
                    Violation(r.focus, r.path, r.message, r.severity, r.shape, r.value, r.component)
                    for r in run(store, checks)
                ]
            except UnsupportedShapes as e:
                warnings.warn(f"{e}; checking with pyshacl instead", stacklevel=2)
            else:
                return _report(found, _triples(store), "sparql")
    return _pyshacl(target, shapes_graph() if shapes is None else shapes)


@lru_cache(maxsize=1)
def _compiled() -> tuple[Check, ...]:
    return tuple(compile_shapes(shapes_graph()))


def _triples(store: Any) -> int:
    """Triples in the store's default graph, the union of its document graphs."""
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    return int(next(iter(rows))["n"].value)


def _report(found: list[Violation], triples: int, engine: str) -> Report:
    violations = [v for v in found if v.severity == "Violation"]
    warned = [v for v in found if v.severity != "Violation"]
    key = lambda v: (v.shape, v.path, v.focus, v.component, v.message, v.value)  # noqa: E731
    violations.sort(key=key)
    warned.sort(key=key)
    return Report(
        conforms=not violations,
        violations=violations,
        warnings=warned,
        triples=triples,
        engine=engine,
    )


def _pyshacl(target: Any, shapes: Graph) -> Report:
    import pyshacl

    data = _union(target)
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    found = [
        Violation(
            focus=_s(results.value(r, SH.focusNode)),
            path=_path(results, results.value(r, SH.resultPath)),
            message=_s(results.value(r, SH.resultMessage)),
            severity=_s(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=_s(results.value(r, SH.sourceShape)),
            value=_s(results.value(r, SH.value)),
            component=_s(results.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
        )
        for r in results.subjects(RDF.type, SH.ValidationResult)
    ]
    return _report(found, len(data), "pyshacl")


def _path(results: Graph, node: Any) -> str:
    """A result path as the report shows it: the IRI, or ``^IRI`` for an inverse path."""
    inverse = None if node is None else results.value(node, SH.inversePath)
    return f"^{inverse}" if inverse is not None else _s(node)


def _union(target: Any) -> Graph:
    """The union of a store's graphs as one in-memory rdflib ``Graph``."""
    from graphkit.store.sparql import _from_ox

    store = as_oxigraph(target)
    g = Graph()
    triples = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
    )
    g.addN((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object), g) for t in triples)  # type: ignore[misc]
    return g


def _s(term: Any) -> str:
    return "" if term is None else str(term)
