"""The answer to a query (:class:`Results`) and its text formats: the SPARQL 1.1
JSON, CSV and TSV results formats and an aligned table for the terminal.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> r = Results("SELECT", ["m", "t"], [(URIRef(PREFIXES["gk"] + "m1"), Literal("简化流程"))])
>>> print(to_table(r), end="")
m      t
-----  --------
gk:m1  简化流程
(1 row)
>>> to_csv(r).splitlines()
['m,t', 'https://w3id.org/graphkit/ontology#m1,简化流程']
>>> to_tsv(Results("ASK", boolean=True))
'?ask\\ntrue\\n'
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from graphkit.store.terms import PREFIXES, XSD_STRING, term_nt

__all__ = ["FORMATS", "Results", "format_results", "to_csv", "to_json", "to_table", "to_tsv"]


@dataclass
class Results:
    """The answer to one query, as rdflib terms.

    ``kind`` is ``SELECT``, ``ASK`` or ``CONSTRUCT`` (``CONSTRUCT`` and
    ``DESCRIBE`` answers are rows of ``subject``, ``predicate``, ``object``).
    Unbound values are ``None``.
    """

    kind: str
    variables: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None


#: Output formats of :func:`format_results`.
FORMATS = ("table", "csv", "tsv", "json")


def format_results(results: Results, fmt: str) -> str:
    """Results as ``table``, ``csv``, ``tsv`` or ``json`` text."""
    writers = {"table": to_table, "csv": to_csv, "tsv": to_tsv, "json": to_json}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    return writers[fmt](results)


def to_json(results: Results) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    if results.kind == "ASK":
        doc: dict[str, Any] = {"head": {}, "boolean": bool(results.boolean)}
    else:
        bindings = []
        for row in results.rows:
            bindings.append(
                {
                    v: _json_term(t)
                    for v, t in zip(results.variables, row, strict=True)
                    if t is not None
                }
            )
        doc = {"head": {"vars": results.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None and str(term.datatype) != XSD_STRING:
        out["datatype"] = str(term.datatype)
    return out


def to_csv(results: Results) -> str:
    """SPARQL 1.1 Query Results CSV Format (values only, CRLF line ends).

    An ``ASK`` answer is a column ``ask`` holding ``true`` or ``false``.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    if results.kind == "ASK":
        w.writerows([["ask"], [str(bool(results.boolean)).lower()]])
        return buf.getvalue()
    w.writerow(results.variables)
    for row in results.rows:
        w.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return buf.getvalue()


def to_tsv(results: Results) -> str:
    """SPARQL 1.1 Query Results TSV Format (terms in N-Triples syntax)."""
    if results.kind == "ASK":
        return f"?ask\n{str(bool(results.boolean)).lower()}\n"
    lines = ["\t".join(f"?{v}" for v in results.variables)]
    for row in results.rows:
        lines.append("\t".join("" if t is None else term_nt(t) for t in row))
    return "\n".join(lines) + "\n"


def to_table(results: Results, *, width: int = 48) -> str:
    """An aligned text table for reading in a terminal.

    IRIs are shortened with :data:`~graphkit.store.terms.PREFIXES`; cells wider
    than ``width`` display columns are cut with ``…`` (use CSV for the full values).
    """
    if results.kind == "ASK":
        return "yes\n" if results.boolean else "no\n"
    header = list(results.variables)
    body = [[_cut(_short(t), width) for t in row] for row in results.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]
    lines = [_line(header, widths), "  ".join("-" * w for w in widths)]
    lines += [_line(r, widths) for r in body]
    n = len(body)
    lines.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _short(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, ns in PREFIXES.items():
            if str(term).startswith(ns):
                return f"{prefix}:{str(term)[len(ns) :]}"
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str, width: int) -> str:
    if _width(text) <= width:
        return text
    out, used = [], 0
    for c in text:
        w = _width(c)
        if used + w > width - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))
