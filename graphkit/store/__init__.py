"""Records <-> RDF, the on-disk Oxigraph store, SPARQL, export and SHACL validation.

This is the only package (besides :mod:`graphkit.namespace`) that imports rdflib.

Examples
--------
>>> import tempfile
>>> from graphkit.records import Assignment, Document, Measure
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

from graphkit.store.convert import graph_of, nquads_of, quads_of
from graphkit.store.disk import BuildSummary, build, counts, graph, open_store, update
from graphkit.store.export import EXPORT_FORMATS, export, ledger_rows
from graphkit.store.incremental import FileResult, FilesSummary, build_files
from graphkit.store.ontology import cookbook, cookbook_query, ontology_graph, shapes_graph
from graphkit.store.read import iter_records
from graphkit.store.sparql import PREFIXES, Results, format_results, query, run
from graphkit.store.validate import Report, Violation, validate

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
