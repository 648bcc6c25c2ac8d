"""SPARQL over a store directory or an rdflib graph; results as DataFrames or in the
SPARQL 1.1 JSON, CSV and TSV results formats.

Queries see the union of the document graphs as their default graph (a
store keeps it as its default graph, see :mod:`graphkit.store.disk`) and may use
the prefixes in :data:`PREFIXES` without declaring them. ``params`` binds
variables before evaluation (pyoxigraph's substitutions, rdflib's
``initBindings``); this is how the cookbook's queries take arguments.

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
import itertools
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from graphkit.errors import QueryError, StoreError
from graphkit.namespace import CV, ELI, GK, ORG
from graphkit.store.guard import UNSIZED, Limits, check
from graphkit.store.params import bound_true, check_names, parse_value, project

if TYPE_CHECKING:
    import pandas as pd

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
        A store directory (opened read-only), an open ``pyoxigraph.Store``, an
        rdflib ``Graph`` / ``Dataset`` (give a ``Dataset`` ``default_union=True``
        to query the union of its named graphs), or the ``http(s)://`` URL of a
        SPARQL endpoint (:func:`graphkit.store.remote.run_remote`).
    sparql
        The query. Prefixes in :data:`PREFIXES` need no declaration.
    params
        Variables bound before evaluation (pyoxigraph's substitutions, rdflib's
        ``initBindings``; a ``VALUES`` block for an endpoint). A string value
        is read by :func:`graphkit.store.params.parse_value`: ``<IRI>``,
        ``"text"@lang``, ``"value"^^datatype``, or a plain name that matches
        a label with that text in any language (the query runs once for each
        label found); a variable the query does not use is an error.
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
    check(sparql, limits or UNSIZED)
    if isinstance(target, str) and is_endpoint(target):
        from graphkit.store.remote import run_remote

        if params:
            check_names(sparql, list(params))
            sparql = with_values(sparql, {k: _remote_term(v) for k, v in params.items()})
        return run_remote(target, sparql)
    if isinstance(target, str | os.PathLike):
        from graphkit.store.disk import open_store

        target = open_store(Path(target))
    if not isinstance(target, Graph | ox.Store):
        raise TypeError(f"cannot query a {type(target).__name__}")
    evaluate = _run_rdflib if isinstance(target, Graph) else _run_oxigraph
    if not params:
        return evaluate(target, sparql)  # type: ignore[arg-type]
    names = [n.lstrip("?$") for n in params]
    for name in names:
        if not _VARIABLE.match(name):
            raise QueryError(f"not a variable name: {name!r}")
    check_names(sparql, names)
    added: list[str] = []
    inline = False
    if not isinstance(target, Graph):  # Oxigraph substitutes projected variables only
        if query_form(sparql) == "SELECT":
            sparql, added = project(bound_true(sparql, names), names)
        else:  # ASK, CONSTRUCT, DESCRIBE project nothing: bind by VALUES
            inline = True
    choices = [[(name.lstrip("?$"), term) for term in _terms(target, value)]
               for name, value in params.items()]
    answers = []
    for combo in itertools.product(*choices):
        if inline:
            answers.append(evaluate(target, with_values(sparql, dict(combo))))  # type: ignore[arg-type]
        else:
            answers.append(evaluate(target, sparql, dict(combo)))  # type: ignore[arg-type]
    return _union([_drop(a, added) for a in answers])


def query_form(sparql: str) -> str:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of a query.

    >>> query_form("PREFIX a: <b:> # SELECT\\nASK { ?s ?p 'SELECT' }")
    'ASK'
    """
    from graphkit.store.params import _masked

    m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", _masked(sparql), re.I)
    return m.group(1).upper() if m else "SELECT"


def _drop(results: Results, names: list[str]) -> Results:
    """``results`` without the columns of ``names``."""
    if not names or results.kind != "SELECT":
        return results
    keep = [i for i, v in enumerate(results.variables) if v not in names]
    rows = [tuple(row[i] for i in keep) for row in results.rows]
    return Results("SELECT", [results.variables[i] for i in keep], rows)


def is_endpoint(target: Any) -> bool:
    """Whether ``target`` is the URL of a SPARQL endpoint rather than a store directory."""
    return isinstance(target, str) and re.match(r"^https?://", target, re.I) is not None


_LABELS = """SELECT DISTINCT ?l ?want WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label dct:title }
  ?s ?p ?l . FILTER(isLiteral(?l) && STR(?l) = ?want)
}"""


def _terms(target: Any, value: str | Node) -> list[Node]:
    """The terms a parameter value stands for: the term it spells, or for a plain
    name the plain literal and every label of that text (in any language)."""
    if isinstance(value, Node):
        return [value]
    term = parse_value(value)
    if term is not None:
        return [term]
    evaluate = _run_rdflib if isinstance(target, Graph) else _run_oxigraph
    found = evaluate(target, _LABELS, {"want": Literal(value)})  # type: ignore[arg-type]
    labels = sorted({row[0] for row in found.rows if row[0] is not None} - {Literal(value)},
                    key=_nt)
    return [Literal(value), *labels]


def _remote_term(value: str | Node) -> Node:
    if isinstance(value, Node):
        return value
    term = parse_value(value)
    return term if term is not None else Literal(value)


def _union(answers: list[Results]) -> Results:
    """One answer from the answers for each choice of parameter values."""
    first = answers[0]
    if first.kind == "ASK":
        return Results("ASK", boolean=any(a.boolean for a in answers))
    found = [a for a in answers if a.rows]
    if len(found) <= 1 or all(a.rows == found[0].rows for a in found):
        return found[0] if found else first  # one answer: its order kept
    # a row that one choice of values already gave is not repeated by the next
    rows, seen = [], set()
    for a in answers:
        new = [row for row in a.rows if row not in seen]
        rows.extend(new)
        seen.update(new)
    if first.kind == "CONSTRUCT":
        rows = list(dict.fromkeys(rows))
    return Results(first.kind, first.variables, rows)


def query(
    target: Any,
    sparql: str,
    *,
    params: Mapping[str, str | Node] | None = None,
) -> pd.DataFrame:
    """Run a query (see :func:`run`) and return its answer as a ``pandas.DataFrame``.

    ``target`` may also be the URL of a SPARQL endpoint (``graphkit serve``,
    or a store the graph was pushed to). One column per variable. IRIs become
    strings; integer literals an ``Int64`` column, decimals and doubles
    ``float``, ``xsd:date`` and ``xsd:dateTime`` ``datetime64``, booleans
    ``bool``, other literals their lexical form; unbound values are missing.
    An empty answer types the columns a graphkit property binds by that
    property's range (``gk:dueDate`` a date, ``gk:sourceLine`` an integer).
    An ``ASK`` answer is one row of column ``ask``; a ``CONSTRUCT`` answer has
    columns ``subject``, ``predicate`` and ``object``.

    Examples
    --------
    >>> from rdflib import Dataset, Literal, URIRef, XSD
    >>> ds = Dataset(default_union=True)
    >>> g = ds.graph(URIRef("https://example.org/g"))
    >>> m = URIRef("https://example.org/m")
    >>> _ = g.add((m, URIRef(GK.sourceLine), Literal(3)))
    >>> _ = g.add((m, URIRef(GK.dueDate), Literal("2021-06-30", datatype=XSD.date)))
    >>> q = "SELECT ?line ?due WHERE { ?m gk:sourceLine ?line ; gk:dueDate ?due }"
    >>> query(ds, q).dtypes.astype(str).tolist()
    ['Int64', 'datetime64[ns]']
    >>> query(ds, q + " LIMIT 0").dtypes.astype(str).tolist()
    ['Int64', 'datetime64[ns]']
    """
    return to_frame(run(target, sparql, params=params), sparql)


_DATES = {str(XSD.date), str(XSD.dateTime), str(XSD.dateTimeStamp)}


def to_frame(results: Results, sparql: str | None = None) -> pd.DataFrame:
    """A ``pandas.DataFrame`` of :class:`Results` (see :func:`query`); ``sparql``
    types the columns of an empty answer."""
    import pandas as pd

    if results.kind == "ASK":
        return pd.DataFrame({"ask": [bool(results.boolean)]})
    columns: dict[str, list[Any]] = {v: [] for v in results.variables}
    datatypes: dict[str, set[str]] = {v: set() for v in results.variables}
    for row in results.rows:
        for v, term in zip(results.variables, row, strict=True):
            columns[v].append(_python(term))
            if term is not None:
                datatypes[v].add(str(getattr(term, "datatype", None) or "")
                                 if isinstance(term, Literal) else "iri")
    if not results.rows and sparql:
        for v, dt in _ranges(sparql, results.variables).items():
            datatypes[v] = {dt}
    frame = pd.DataFrame(columns, columns=results.variables)
    for v, values in columns.items():
        kinds = datatypes[v]
        if kinds and kinds <= _DATES:
            frame[v] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce",
                                      utc=any(_has_zone(x) for x in values if x))
            if not frame[v].dt.tz:
                frame[v] = frame[v].astype("datetime64[ns]")
        elif kinds and kinds <= _INTEGERS and all(
                x is None or isinstance(x, int) for x in values):
            frame[v] = pd.array(values, dtype="Int64")
        elif kinds and kinds <= _FLOATS:
            frame[v] = pd.array(values, dtype="Float64").astype(float)
    return frame


def _has_zone(text: Any) -> bool:
    return isinstance(text, str) and re.search(r"(Z|[+-]\d\d:\d\d)$", text) is not None


def _ranges(sparql: str, variables: list[str]) -> dict[str, str]:
    """The datatype each variable gets from the range of the property binding it."""
    from graphkit.store.ontology import ontology_graph

    onto = ontology_graph()
    ranges = {str(p): str(r) for p, r in onto.subject_objects(RDFS.range)
              if str(r).startswith(str(XSD))}
    out = {}
    for v in variables:
        for m in re.finditer(r"([A-Za-z][\w-]*):([\w-]+)\s+\?" + re.escape(v) + r"\b", sparql):
            iri = PREFIXES.get(m.group(1), "") + m.group(2)
            if iri in ranges:
                out[v] = ranges[iri]
                break
    return out


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


def _to_ox(term: Node) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot bind {term!r}")


def _run_oxigraph(store: ox.Store, sparql: str,
                  bindings: Mapping[str, Node] | None = None) -> Results:
    substitutions = {ox.Variable(k): _to_ox(v) for k, v in (bindings or {}).items()}
    try:
        answer = store.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None)
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


def _run_rdflib(g: Graph, sparql: str, bindings: Mapping[str, Node] | None = None) -> Results:
    from pyparsing import ParseException

    try:
        answer = g.query(sparql, initNs=PREFIXES, initBindings=dict(bindings or {}))
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
