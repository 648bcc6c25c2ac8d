"""Export a store (or an rdflib graph) as Turtle, N-Triples, N-Quads, JSON-LD or a ledger CSV.

N-Triples and N-Quads are written by Oxigraph with their lines sorted, so the
same graph always gives the same bytes. N-Quads and JSON-LD hold the named
graphs (one per document, and the ontology's); N-Triples and Turtle hold their
union, the store's default graph. Turtle's triples are sorted; JSON-LD is compacted
with the prefixes of :data:`graphkit.store.sparql.PREFIXES`. The ledger (台账)
has one row per measure: document, measure, lead, cooperating and responsible
agencies, deadline, targets and topics, in source order.

Examples
--------
>>> from graphkit.records import Assignment, Document, Measure
>>> doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="某方案")
>>> m = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
...             text="简化企业开办流程。",
...             assignments=(Assignment("lead", "市市场监管局", "拉萨市市场监督管理局"),))
>>> print(export(graph_of([doc, m]), "csv").decode("utf-8"), end="")
document,measure_no,measure,lead,cooperating,responsible,deadline,due_date,targets,topics,source,line,locator
某方案,1,简化企业开办流程。,拉萨市市场监督管理局,,,,,,开办企业,a.txt,3,
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from graphkit.store.convert import graph_of
from graphkit.store.disk import as_oxigraph
from graphkit.store.sparql import PREFIXES, run

__all__ = ["EXPORT_FORMATS", "LEDGER_COLUMNS", "export", "ledger_rows", "spreadsheet_safe"]

#: ``--format`` name -> what it is.
EXPORT_FORMATS: dict[str, str] = {
    "ttl": "Turtle (union of the document graphs)",
    "nt": "N-Triples (union, sorted lines)",
    "nq": "N-Quads (one named graph per document, sorted lines)",
    "jsonld": "JSON-LD (named graphs, compacted)",
    "csv": "ledger CSV (台账), one row per measure",
}
LEDGER_COLUMNS = (
    "document",
    "measure_no",
    "measure",
    "lead",
    "cooperating",
    "responsible",
    "deadline",
    "due_date",
    "targets",
    "topics",
    "source",
    "line",
    "locator",
)
_ROLE_COLUMNS = {"lead": "lead", "cooperate": "cooperating", "responsible": "responsible"}


def export(target: Any, fmt: str) -> bytes:
    """Serialize a store directory, ``pyoxigraph.Store`` or rdflib graph in ``fmt``.

    ``fmt`` is one of :data:`EXPORT_FORMATS`. The result is UTF-8 bytes.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
    store = as_oxigraph(target)
    if fmt == "csv":
        return _ledger_csv(store)
    if fmt == "nq":
        return _sorted_lines(ox.serialize(_named_quads(store), format=ox.RdfFormat.N_QUADS))
    if fmt == "jsonld":
        return _jsonld(store)
    triples = _union_triples(store)
    if fmt == "nt":
        return _sorted_lines(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    if fmt == "ttl":
        triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def _union_triples(store: ox.Store) -> list[ox.Triple]:
    return [q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]


def _named_quads(store: ox.Store) -> list[ox.Quad]:
    return [q for q in store if not isinstance(q.graph_name, ox.DefaultGraph)]


def _sorted_lines(data: bytes | None) -> bytes:
    lines = sorted(set((data or b"").splitlines()))
    return b"".join(line + b"\n" for line in lines if line.strip())


def _jsonld(store: ox.Store) -> bytes:
    """JSON-LD written by Oxigraph graph by graph, sorted, then compacted with
    :data:`PREFIXES`: keys, ``@id`` and ``@type`` values as ``prefix:name``.

    The same graph gives the same bytes, whatever the hash seed."""
    graphs = sorted(store.named_graphs(), key=str)
    quads = [q for g in graphs for q in store.quads_for_pattern(None, None, None, g)]
    expanded = json.loads(ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b"[]")
    # a store's index order depends on how it is kept (on disk, in memory):
    # nodes sorted by IRI and values by their terms give the same bytes for both
    for graph in expanded:
        merged: dict[str, dict[str, Any]] = {}
        for node in graph.get("@graph", []):  # one object per subject, however they came
            into = merged.setdefault(node.get("@id", ""), {})
            for key, values in node.items():
                if isinstance(values, list):
                    into.setdefault(key, []).extend(values)
                else:
                    into[key] = values
        for node in merged.values():
            for values in node.values():
                if isinstance(values, list):
                    values.sort(key=_value_key)
        graph["@graph"] = [merged[k] for k in sorted(merged)]
    # longest namespace first, so that a namespace inside another is not taken
    spaces = sorted(PREFIXES.items(), key=lambda x: -len(x[1]))

    known: dict[str, str] = {}

    def curie(iri: str) -> str:
        if iri in known:
            return known[iri]
        short = iri
        for prefix, ns in spaces:
            if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
                short = f"{prefix}:{iri[len(ns):]}"
                break
        known[iri] = short
        return short

    def compact(node: Any) -> Any:
        if isinstance(node, list):
            return [compact(x) for x in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in sorted(node.items(), key=lambda kv: (not kv[0].startswith("@"), kv[0])):
            if key in ("@id", "@type") and isinstance(value, str):
                out[key] = curie(value)
            elif key == "@type" and isinstance(value, list):
                out[key] = [curie(v) for v in value]
            elif key.startswith("@"):
                out[key] = compact(value)
            else:
                out[curie(key)] = compact(value)
        return out

    document = {"@context": dict(PREFIXES), "@graph": compact(expanded)}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def _value_key(v: Any) -> tuple[str, ...]:
    if isinstance(v, dict):
        return (v.get("@id", ""), str(v.get("@value", "")), v.get("@language", ""),
                v.get("@type", ""))
    return ("", str(v), "", "")


#: A local name a compact IRI may end with (no ``/``, ``#`` or ``:`` that
#: would read differently; never empty, never starting with ``//``).
_LOCAL = re.compile(r"^[A-Za-z_][\w.-]*$")


# --- the ledger ------------------------------------------------------------

_MEASURES = """
SELECT DISTINCT ?m ?title ?no ?text ?source ?line ?deadline ?due ?locator WHERE {
  ?m a gk:Measure ; eli:is_part_of ?d .
  OPTIONAL { ?d dct:title ?title }
  OPTIONAL { ?m gk:measureNumber ?no }
  OPTIONAL { ?m gk:text ?text }
  OPTIONAL { ?m gk:sourceFile ?source }
  OPTIONAL { ?m gk:sourceLine ?line }
  OPTIONAL { ?m gk:locator ?locator }
  OPTIONAL { ?m gk:hasDeadline ?dl . ?dl gk:deadlineText ?deadline .
             OPTIONAL { ?dl gk:dueDate ?due } }
}"""
_ROLES = """
SELECT DISTINCT ?m ?asg ?role ?label WHERE {
  ?m prov:qualifiedAssociation ?asg .
  ?asg gk:role ?r ; gk:agency/skos:prefLabel ?label .
  VALUES (?r ?role) { (gk:roleLead "lead") (gk:roleCooperate "cooperate")
                      (gk:roleResponsible "responsible") }
}"""
_TARGETS = """
SELECT DISTINCT ?m ?t ?phrase ?value ?unit WHERE {
  ?m gk:hasTarget ?t . ?t gk:value ?value .
  OPTIONAL { ?t gk:unit ?unit } OPTIONAL { ?t gk:phrase ?phrase }
}"""

_TOPICS = """
SELECT DISTINCT ?m ?id ?label WHERE {
  ?m gk:topic ?t . ?t skos:notation ?id ; skos:prefLabel ?label . FILTER(LANG(?label) = "zh")
}"""


def ledger_rows(target: Any) -> list[dict[str, Any]]:
    """The ledger (台账) as dicts with :data:`LEDGER_COLUMNS`, in source order.

    Agencies of one role are joined with ``、``, targets with ``；`` (each
    target as written, or ``value unit`` when no phrase was kept), topics
    (their Chinese names, in the order of the topic table) with ``、``.
    """
    if hasattr(target, "documents") or (
        isinstance(target, Iterable) and not isinstance(target, Graph | str | ox.Store)
    ):
        target = graph_of(target)
    store = as_oxigraph(target)
    agents: dict[str, dict[str, list[str]]] = {}
    for m, _asg, role, label in _sorted_by_index(run(store, _ROLES).rows, 1):
        names = agents.setdefault(str(m), {}).setdefault(str(role), [])
        if str(label) not in names:
            names.append(str(label))
    targets: dict[str, list[str]] = {}
    for m, _t, phrase, value, unit in _sorted_by_index(run(store, _TARGETS).rows, 1):
        targets.setdefault(str(m), []).append(str(phrase) if phrase else f"{value}{unit or ''}")
    topics: dict[str, list[tuple[int, str]]] = {}
    order = _topic_order()
    for m, tid, label in run(store, _TOPICS).rows:
        topics.setdefault(str(m), []).append((order.get(str(tid), len(order)), str(label)))
    rows = []
    for m, title, no, text, source, line, deadline, due, locator in run(store, _MEASURES).rows:
        roles = agents.get(str(m), {})
        row: dict[str, Any] = {
            "document": _s(title),
            "measure_no": _s(no),
            "measure": _s(text),
            "deadline": _s(deadline),
            "due_date": _s(due),
            "targets": "；".join(targets.get(str(m), [])),
            "topics": "、".join(label for _, label in sorted(topics.get(str(m), []))),
            "source": _s(source),
            "line": int(str(line)) if line is not None else 0,
            "locator": _s(locator),
        }
        for role, column in _ROLE_COLUMNS.items():
            row[column] = "、".join(roles.get(role, []))
        rows.append({c: row[c] for c in LEDGER_COLUMNS})
    rows.sort(key=lambda r: (r["source"], r["line"], _natural(r["measure_no"])))
    return rows


def _topic_order() -> dict[str, int]:
    try:
        from graphkit.extraction.topics import topics
    except ImportError:  # pragma: no cover - the extraction ships with graphkit
        return {}
    return {t: i for i, t in enumerate(topics())}


#: First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text instead of running it.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
    gets a leading single quote (OWASP's rule for CSV injection); numbers and
    other text are left as they are. Numbers are not touched: written by
    Python, ``-1`` or ``-0.5`` is a plain number, never a formula.

    >>> [spreadsheet_safe(v) for v in ("=1+2", "@SUM(A1)", "-x", "市公安局", -1, 0.5)]
    ["'=1+2", "'@SUM(A1)", "'-x", '市公安局', -1, 0.5]
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _ledger_csv(store: ox.Store) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=LEDGER_COLUMNS, lineterminator="\n")
    w.writeheader()
    for row in ledger_rows(store):
        w.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return buf.getvalue().encode("utf-8")


def _s(term: Any) -> str:
    return "" if term is None else str(term)


def _index(iri: Any) -> int:
    """The trailing number of an assignment or target IRI (…/m3/12 -> 12)."""
    found = re.search(r"(\d+)$", str(iri))
    return int(found.group(1)) if found else 0


def _sorted_by_index(rows: list[tuple[Any, ...]], column: int) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda r: (str(r[0]), _index(r[column])))


def _natural(text: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]
