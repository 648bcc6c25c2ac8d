"""Query parameters: ``-p NAME=VALUE`` values as RDF terms, the variables a
query uses, and binding them: substitutions prepared for Oxigraph, ``VALUES``
blocks for an endpoint, one answer from the answers for each label a name has.

A value is read as the term it spells:

* ``<https://…>``: an IRI;
* ``"text"@zh``: a literal with a language; ``"2021-06-30"^^xsd:date`` or
  ``"3"^^<http://www.w3.org/2001/XMLSchema#integer>``: a typed literal
  (prefixes of :data:`graphkit.store.terms.PREFIXES`);
* anything else, a plain name: it matches a label in any language, so
  ``region=拉萨市`` finds ``"拉萨市"@zh`` (see :func:`label_terms`).

Examples
--------
>>> parse_value("<https://example.org/a>")
rdflib.term.URIRef('https://example.org/a')
>>> parse_value('"拉萨市"@zh')
rdflib.term.Literal('拉萨市', lang='zh')
>>> parse_value('"2021-06-30"^^xsd:date').datatype
rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date')
>>> parse_value("拉萨市") is None
True
>>> sorted(variables("SELECT ?a WHERE { ?a <p> $b # ?c\\n FILTER(?d = '?e') }"))
['a', 'b', 'd']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from graphkit.errors import QueryError
from graphkit.store.evaluate import evaluator
from graphkit.store.results import Results
from graphkit.store.terms import PREFIXES, term_nt

__all__ = [
    "bound_true",
    "check_names",
    "check_variable",
    "drop_columns",
    "label_terms",
    "parse_value",
    "project",
    "remote_term",
    "union_answers",
    "variables",
    "with_values",
]

_IRI = re.compile(r"^<([^<>\"{}|^`\\\s]*)>$")
_LITERAL = re.compile(
    r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?:<([^<>\s]*)>|([A-Za-z][\w-]*):(\w*)))?$',
    re.S,
)
_NOISE = re.compile(
    r'#[^\n]*|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>"
)
_VAR = re.compile(r"[?$]([A-Za-z_][A-Za-z0-9_]*)")


def parse_value(text: str, prefixes: Mapping[str, str] | None = None) -> Node | None:
    """The RDF term ``text`` spells, or ``None`` for a plain name."""
    prefixes = PREFIXES if prefixes is None else prefixes
    if m := _IRI.match(text):
        return URIRef(m.group(1))
    if m := _LITERAL.match(text):
        value = re.sub(r"\\(.)", lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)),
                       m.group(1))
        lang, iri, prefix, local = m.group(2), m.group(3), m.group(4), m.group(5)
        if lang:
            return Literal(value, lang=lang)
        if iri:
            return Literal(value, datatype=URIRef(iri))
        if prefix:
            if prefix not in prefixes:
                raise QueryError(f"unknown prefix {prefix!r} in {text!r}")
            return Literal(value, datatype=URIRef(prefixes[prefix] + local))
        return Literal(value)
    if text.startswith("<") and text.endswith(">"):
        raise QueryError(f"not an IRI: {text!r}")
    return None


def variables(sparql: str) -> set[str]:
    """The variables a query names (outside comments, strings and IRIs)."""
    return set(_VAR.findall(_NOISE.sub(" ", sparql)))


def check_names(sparql: str, names: list[str]) -> None:
    """Raise :class:`QueryError` for a parameter the query does not use."""
    used = variables(sparql)
    unused = [n for n in names if n not in used]
    if unused:
        shown = ", ".join(f"?{v}" for v in sorted(used)) or "none"
        raise QueryError(
            f"the query has no variable ?{unused[0]} to bind (its variables: {shown})")


def _masked(sparql: str) -> str:
    """``sparql`` with comments, strings and IRIs blanked out, positions kept."""
    return _NOISE.sub(lambda m: " " * len(m.group()), sparql)


def project(sparql: str, names: list[str]) -> tuple[str, list[str]]:
    """``sparql`` with ``names`` added to its ``SELECT`` projection (and its
    ``GROUP BY``) where they are missing, since Oxigraph substitutes only
    projected variables; returns the query and the names it added.

    Examples
    --------
    >>> project("SELECT DISTINCT ?a WHERE { ?a ?p ?b }", ["b"])
    ('SELECT DISTINCT ?a ?b WHERE { ?a ?p ?b }', ['b'])
    >>> project("SELECT (COUNT(?a) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?p", ["b", "n"])
    ('SELECT (COUNT(?a) AS ?n) ?b WHERE { ?a ?p ?b } GROUP BY ?p ?b', ['b'])
    >>> project("SELECT * WHERE { ?a ?p ?b }", ["b"])[1]
    []
    """
    masked = _masked(sparql)
    m = re.search(r"\bSELECT\b(\s+(?:DISTINCT|REDUCED)\b)?", masked, re.I)
    if m is None:
        return sparql, []
    start = m.end()
    depth, end = 0, len(masked)
    for i in range(start, len(masked)):
        c = masked[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0 and (c == "{" or re.match(r"(?i)WHERE\b|FROM\b", masked[i:i + 5])):
            end = i
            break
    head = masked[start:end]
    if head.strip() == "*":
        return sparql, []
    projected, depth = set(), 0
    for t in re.finditer(r"\(|\)|\bAS\s+[?$](\w+)|[?$](\w+)", head, re.I):
        if t.group() == "(":
            depth += 1
        elif t.group() == ")":
            depth -= 1
        elif t.group(1):
            projected.add(t.group(1))
        elif depth == 0:
            projected.add(t.group(2))
    added = [n for n in names if n not in projected]
    if not added:
        return sparql, []
    extra = "".join(f" ?{n}" for n in added)
    cut = len(head.rstrip()) + start
    out = sparql[:cut] + extra + sparql[cut:]
    group = list(re.finditer(r"\bGROUP\s+BY\b", _masked(out), re.I))
    if group:
        tail = _masked(out)[group[-1].end():]
        stop = re.search(r"(?i)\b(HAVING|ORDER|LIMIT|OFFSET|VALUES)\b|\}", tail)
        at = group[-1].end() + (stop.start() if stop else len(tail))
        at = group[-1].end() + len(out[group[-1].end():at].rstrip())
        out = out[:at] + extra + out[at:]
    return out, added


def bound_true(sparql: str, names: list[str]) -> str:
    """``sparql`` with ``BOUND(?name)`` written ``true`` for each of ``names``.

    A substituted variable is bound everywhere (SPARQL SEP-0007), but Oxigraph
    evaluates ``BOUND`` of it outside the patterns that use it as unbound, so
    the cookbook's optional parameters (``FILTER(!BOUND(?region) || …)``)
    would keep every row.

    Examples
    --------
    >>> bound_true("FILTER(!BOUND(?r) || BOUND( ?s )) # BOUND(?r)", ["r"])
    'FILTER(!true || BOUND( ?s )) # BOUND(?r)'
    """
    if not names:
        return sparql
    pattern = re.compile(r"\bBOUND\s*\(\s*[?$](" + "|".join(map(re.escape, names))
                         + r")\s*\)", re.I)
    masked = _masked(sparql)
    out, last = [], 0
    for m in pattern.finditer(masked):
        out.append(sparql[last:m.start()])
        out.append("true")
        last = m.end()
    return "".join(out) + sparql[last:]


# --- binding --------------------------------------------------------------

_VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def check_variable(name: str) -> str:
    """``name`` without its ``?`` or ``$``; :class:`QueryError` if it is no variable name."""
    name = name.lstrip("?$")
    if not _VARIABLE.match(name):
        raise QueryError(f"not a variable name: {name!r}")
    return name


_LABELS = """SELECT DISTINCT ?l ?want WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel skos:hiddenLabel rdfs:label dct:title }
  ?s ?p ?l . FILTER(isLiteral(?l) && STR(?l) = ?want)
}"""


def label_terms(target: Any, value: str | Node) -> list[Node]:
    """The terms a parameter value stands for on ``target`` (an Oxigraph store or
    an rdflib graph): the term it spells, or for a plain name the plain literal
    and every label of that text (in any language)."""
    if isinstance(value, Node):
        return [value]
    term = parse_value(value)
    if term is not None:
        return [term]
    found = evaluator(target)(target, _LABELS, {"want": Literal(value)})
    labels = sorted({row[0] for row in found.rows if row[0] is not None} - {Literal(value)},
                    key=term_nt)
    return [Literal(value), *labels]


def remote_term(value: str | Node) -> Node:
    """The term a parameter value spells, a plain name as a plain literal (for an endpoint)."""
    if isinstance(value, Node):
        return value
    term = parse_value(value)
    return term if term is not None else Literal(value)


def union_answers(answers: list[Results]) -> Results:
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


def drop_columns(results: Results, names: list[str]) -> Results:
    """``results`` without the columns of ``names`` (those :func:`project` added)."""
    if not names or results.kind != "SELECT":
        return results
    keep = [i for i, v in enumerate(results.variables) if v not in names]
    rows = [tuple(row[i] for i in keep) for row in results.rows]
    return Results("SELECT", [results.variables[i] for i in keep], rows)


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
        name = check_variable(name)
        term = value if isinstance(value, Node) else Literal(value)
        blocks.append(f"VALUES ?{name} {{ {term_nt(term)} }}")
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
