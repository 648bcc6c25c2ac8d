"""SPARQL over a store directory or an rdflib graph; results as DataFrames or in the
SPARQL 1.1 JSON, CSV and TSV results formats.

Queries see the union of the document graphs as their default graph (a
store keeps it as its default graph, see :mod:`graphkit.store.disk`) and may use
the prefixes in :data:`PREFIXES` without declaring them. ``params`` binds
variables before evaluation, by a ``VALUES`` block put at the start of the
query's ``WHERE`` group; this is how the cookbook's queries take arguments.

Examples
--------
>>> from rdflib import Dataset, Literal, URIRef
>>> ds = Dataset(default_union=True)
>>> g = ds.graph(URIRef("https://example.org/g"))
>>> _ = g.add((URIRef("https://example.org/a"), URIRef(GK.text), Literal("简化流程")))
>>> query(ds, "SELECT ?s ?t WHERE { ?s gk:text ?t }")
                       s     t
0  https://example.org/a  简化流程
>>> to_csv(run(ds, "SELECT ?t WHERE { ?s gk:text ?t }")).splitlines()
['t', '简化流程']
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from graphkit.errors import QueryError, StoreError
from graphkit.namespace import CV, ELI, GK, ORG
from graphkit.store.guard import UNSIZED, Limits, check

__all__ = [
    "FORMATS",
    "PREFIXES",
    "Results",
    "format_results",
    "query",
    "run",
    "to_csv",
    "to_json",
    "to_table",
    "to_tsv",
    "with_values",
]

#: Prefixes every query may use without declaring them.
PREFIXES: dict[str, str] = {
    "gk": str(GK._NS),
    "org": str(ORG),
    "cv": str(CV),
    "eli": str(ELI),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
}

_INTEGERS = {
    str(XSD[t])
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = str(RDF.langString)


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


def run(
    target: Any,
    sparql: str,
    *,
    params: Mapping[str, str | Node] | None = None,
    limits: Limits | None = None,
) -> Results:
    """Run a SPARQL query on a store directory, a ``pyoxigraph.Store`` or an rdflib graph.

    Parameters
    ----------
    target
        A store directory (opened read-only), an open ``pyoxigraph.Store``, or an
        rdflib ``Graph`` / ``Dataset`` (give a ``Dataset`` ``default_union=True``
        to query the union of its named graphs).
    sparql
        The query. Prefixes in :data:`PREFIXES` need no declaration.
    params
        Variables bound before evaluation; strings become plain literals.
    limits
        What the query may do before it is refused unrun (see
        :func:`graphkit.store.guard.check`: no ``SERVICE`` unless allowed,
        bounded size and depth); by default depth and ``SERVICE`` only
        (:data:`~graphkit.store.guard.UNSIZED`).

    Raises
    ------
    QueryError
        The query is not valid SPARQL, passes a limit, or fails.
    StoreError
        The store cannot be opened or read.
    """
    if params:
        sparql = with_values(sparql, params)
    check(sparql, limits or UNSIZED)
    if isinstance(target, Graph):
        return _run_rdflib(target, sparql)
    if isinstance(target, str | os.PathLike):
        from graphkit.store.disk import open_store

        target = open_store(Path(target))
    if not isinstance(target, ox.Store):
        raise TypeError(f"cannot query a {type(target).__name__}")
    return _run_oxigraph(target, sparql)


def query(
    target: Any,
    sparql: str,
    *,
    params: Mapping[str, str | Node] | None = None,
) -> pd.DataFrame:
    """Run a query (see :func:`run`) and return its answer as a ``pandas.DataFrame``.

    One column per variable. IRIs become strings; literals become ``int``
    (integer types), ``float`` (decimal, double, float), ``bool`` or their
    lexical form; unbound values are missing. An ``ASK`` answer is one row of
    column ``ask``; a ``CONSTRUCT`` answer has columns ``subject``,
    ``predicate`` and ``object``.
    """
    return to_frame(run(target, sparql, params=params))


def to_frame(results: Results) -> pd.DataFrame:
    """A ``pandas.DataFrame`` of :class:`Results` (see :func:`query`)."""
    if results.kind == "ASK":
        return pd.DataFrame({"ask": [bool(results.boolean)]})
    columns: dict[str, list[Any]] = {v: [] for v in results.variables}
    for row in results.rows:
        for v, term in zip(results.variables, row, strict=True):
            columns[v].append(_python(term))
    frame = pd.DataFrame(columns, columns=results.variables)
    for v, values in columns.items():
        present = [x for x in values if x is not None]
        if present and len(present) < len(values):
            if all(isinstance(x, int) and not isinstance(x, bool) for x in present):
                frame[v] = pd.array(values, dtype="Int64")
    return frame


# --- parameters -----------------------------------------------------------

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def with_values(sparql: str, params: Mapping[str, str | Node]) -> str:
    """``sparql`` with ``VALUES ?name { value }`` first in its ``WHERE`` group.

    Strings become plain literals; rdflib terms are written as they are.

    Examples
    --------
    >>> with_values("SELECT ?d WHERE { ?d dct:title ?t }", {"t": "某方案"})
    'SELECT ?d WHERE { VALUES ?t { "某方案" } ?d dct:title ?t }'
    """
    blocks = []
    for name, value in params.items():
        name = name.lstrip("?$")
        if not _VARIABLE.match(name):
            raise QueryError(f"not a variable name: {name!r}")
        term = value if isinstance(value, Node) else Literal(value)
        blocks.append(f"VALUES ?{name} {{ {_nt(term)} }}")
    at = _where_group(sparql)
    return f"{sparql[: at + 1]} {' '.join(blocks)}{sparql[at + 1 :]}"


def _where_group(q: str) -> int:
    """Index of the ``{`` opening the query pattern (past a CONSTRUCT template)."""
    i, n, head = 0, len(q), []
    while i < n:
        c = q[i]
        if c == "#":
            end = q.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            if q.startswith(c * 3, i):
                end = q.find(c * 3, i + 3)
                i = n if end < 0 else end + 3
            else:
                j = i + 1
                while j < n and q[j] != c:
                    j += 2 if q[j] == "\\" else 1
                i = j + 1
        elif c == "<" and (m := _IRIREF.match(q, i)):
            i = m.end()
        elif c == "{":
            if re.search(r"\bCONSTRUCT\s*$", "".join(head), re.IGNORECASE):
                depth = 0
                while i < n:
                    depth += {"{": 1, "}": -1}.get(q[i], 0)
                    i += 1
                    if depth == 0:
                        break
                head.append(" template ")
                continue
            return i
        else:
            head.append(c)
            i += 1
    raise QueryError("parameters need a query with a WHERE clause")


# --- evaluation -----------------------------------------------------------


def _run_oxigraph(store: ox.Store, sparql: str) -> Results:
    try:
        answer = store.query(sparql, prefixes=PREFIXES)
        if isinstance(answer, ox.QueryBoolean):
            return Results("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [tuple(_from_ox(solution[v]) for v in variables) for solution in answer]
            return Results("SELECT", variables, rows)
        rows = [(_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)) for t in answer]
        return Results("CONSTRUCT", ["subject", "predicate", "object"], rows)
    except SyntaxError as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except OSError as e:
        raise StoreError(f"reading the store failed: {e}") from e
    except (ValueError, TypeError, RuntimeError) as e:
        raise QueryError(f"query failed: {e}") from e


def _run_rdflib(g: Graph, sparql: str) -> Results:
    from pyparsing import ParseException

    try:
        answer = g.query(sparql, initNs=PREFIXES)
        if answer.type == "ASK":
            return Results("ASK", boolean=bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = [str(v) for v in answer.vars or []]
            rows = [tuple(_plain(row[v]) for v in variables) for row in answer]  # type: ignore[index]
            return Results("SELECT", variables, rows)
        triples = answer.graph if answer.graph is not None else Graph()
        rows = [(s, p, _plain(o)) for s, p, o in triples]
        return Results("CONSTRUCT", ["subject", "predicate", "object"], rows)
    except (ParseException, SyntaxError) as e:
        raise QueryError(f"SPARQL syntax error: {e}") from e
    except Exception as e:  # rdflib raises plain exceptions for evaluation errors
        raise QueryError(f"query failed: {type(e).__name__}: {e}") from e


def _plain(term: Any) -> Node | None:
    """``xsd:string`` literals as plain literals, so both back ends agree."""
    if (
        isinstance(term, Literal)
        and term.datatype is not None
        and str(term.datatype) == _XSD_STRING
    ):
        return Literal(str(term))
    return term


def _from_ox(term: Any) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt in (_XSD_STRING, _RDF_LANGSTRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    return Literal(str(term))  # an RDF-star triple term, shown as text


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal) and term.datatype is not None:
        dt = str(term.datatype)
        try:
            if dt in _INTEGERS:
                return int(str(term))
            if dt in _FLOATS:
                return float(str(term))
            if dt == str(XSD.boolean):
                return str(term) in ("true", "1")
        except ValueError:
            pass
    return str(term)


# --- results formats -------------------------------------------------------

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
    elif term.datatype is not None and str(term.datatype) != _XSD_STRING:
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
        lines.append("\t".join("" if t is None else _nt(t) for t in row))
    return "\n".join(lines) + "\n"


def _nt(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    text = (
        str(term)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None and str(term.datatype) != _XSD_STRING:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def to_table(results: Results, *, width: int = 48) -> str:
    """An aligned text table for reading in a terminal.

    IRIs are shortened with :data:`PREFIXES`; cells wider than ``width``
    display columns are cut with ``…`` (use CSV for the full values).
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
