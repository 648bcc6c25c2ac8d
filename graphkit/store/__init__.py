"""Records <-> RDF, the on-disk Oxigraph store, SPARQL, export and SHACL validation.

This is the only package (besides :mod:`graphkit.namespace`) that imports rdflib.
Its names are loaded on first use, each from its own module, so that a
command imports only what it runs (``graphkit query`` on a store never loads
rdflib or the build code).

Examples
--------
>>> import tempfile
>>> from graphkit.records import Assignment, Document, Measure
>>> from graphkit.store import build, query
>>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="某方案")
>>> m = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
...             text="简化企业开办流程。",
...             assignments=(Assignment("lead", "市市场监管局", "拉萨市市场监督管理局"),))
>>> with tempfile.TemporaryDirectory() as tmp:
...     _ = build(f"{tmp}/store", [doc, m])
...     df = query(f"{tmp}/store", "SELECT ?label WHERE { ?a gk:leads ?m ; skos:prefLabel ?label }")
>>> df["label"].tolist()
['拉萨市市场监督管理局']
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.store.convert import graph_of, nquads_of, quads_of
    from graphkit.store.directory import open_store
    from graphkit.store.disk import BuildSummary, build, counts, graph, update
    from graphkit.store.export import EXPORT_FORMATS, export, ledger_rows
    from graphkit.store.incremental import FileResult, FilesSummary, build_files
    from graphkit.store.ontology import cookbook, cookbook_query, ontology_graph, shapes_graph
    from graphkit.store.prefixes import PREFIXES
    from graphkit.store.read import iter_records
    from graphkit.store.results import Results, format_results
    from graphkit.store.sparql import query, run
    from graphkit.store.validate import Report, Violation, validate

#: Where each public name lives.
_HOMES = {
    "graph_of": "convert",
    "nquads_of": "convert",
    "quads_of": "convert",
    "BuildSummary": "disk",
    "build": "disk",
    "counts": "disk",
    "graph": "disk",
    "update": "disk",
    "open_store": "directory",
    "EXPORT_FORMATS": "export",
    "export": "export",
    "ledger_rows": "export",
    "FileResult": "incremental",
    "FilesSummary": "incremental",
    "build_files": "incremental",
    "cookbook": "ontology",
    "cookbook_query": "ontology",
    "ontology_graph": "ontology",
    "shapes_graph": "ontology",
    "iter_records": "read",
    "PREFIXES": "prefixes",
    "Results": "results",
    "format_results": "results",
    "query": "sparql",
    "run": "sparql",
    "Report": "validate",
    "Violation": "validate",
    "validate": "validate",
}

__all__ = [
    "EXPORT_FORMATS",
    "PREFIXES",
    "BuildSummary",
    "FileResult",
    "FilesSummary",
    "Report",
    "Results",
    "Violation",
    "build",
    "build_files",
    "cookbook",
    "cookbook_query",
    "counts",
    "export",
    "format_results",
    "graph",
    "graph_of",
    "iter_records",
    "ledger_rows",
    "nquads_of",
    "ontology_graph",
    "open_store",
    "quads_of",
    "query",
    "run",
    "shapes_graph",
    "update",
    "validate",
]


class _Package(types.ModuleType):
    """The package, whose names ``export`` and ``validate`` stay the functions when the
    modules of the same names are imported (the import system would bind them here)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _HOMES and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
