"""Check a graph against the SHACL shapes (``shapes.ttl``) with pyshacl.

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

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.namespace import RDF, SH

from graphkit.store.convert import graph_of
from graphkit.store.disk import as_oxigraph
from graphkit.store.ontology import shapes_graph

__all__ = ["Report", "Violation", "validate"]


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    focus: str
    path: str
    message: str
    severity: str
    shape: str
    value: str = ""

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

    def summary(self) -> str:
        """One line per shape and path with its number of violations, most first."""
        counts = Counter((v.shape, v.path, v.message) for v in self.violations)
        return "\n".join(
            f"{n:6d}  {path or '(node)'}  {message}  [{shape}]"
            for (shape, path, message), n in counts.most_common()
        )


def validate(target: Any) -> Report:
    """Validate a store directory, ``pyoxigraph.Store``, rdflib graph or records.

    The union of the named graphs is checked against ``shapes.ttl``; only
    results of severity ``sh:Violation`` make it not conform.
    """
    import pyshacl

    if hasattr(target, "documents") or isinstance(target, list | tuple):
        target = graph_of(target)
    data = _union(target)
    _conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
    )
    violations: list[Violation] = []
    warnings: list[Violation] = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        v = Violation(
            focus=_s(results.value(r, SH.focusNode)),
            path=_s(results.value(r, SH.resultPath)),
            message=_s(results.value(r, SH.resultMessage)),
            severity=_s(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1],
            shape=_s(results.value(r, SH.sourceShape)),
            value=_s(results.value(r, SH.value)),
        )
        (violations if v.severity == "Violation" else warnings).append(v)
    key = lambda v: (v.shape, v.path, v.focus, v.message, v.value)  # noqa: E731
    violations.sort(key=key)
    warnings.sort(key=key)
    return Report(
        conforms=not violations, violations=violations, warnings=warnings, triples=len(data)
    )


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
