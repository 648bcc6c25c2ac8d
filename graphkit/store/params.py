"""Query parameters: ``-p NAME=VALUE`` values as RDF terms, and the variables a
query uses.

A value is read as the term it spells:

* ``<https://…>``: an IRI;
* ``"text"@zh``: a literal with a language; ``"2021-06-30"^^xsd:date`` or
  ``"3"^^<http://www.w3.org/2001/XMLSchema#integer>``: a typed literal
  (prefixes of :data:`graphkit.store.sparql.PREFIXES`);
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

from rdflib import Literal, URIRef
from rdflib.term import Node

from graphkit.errors import QueryError

__all__ = ["bound_true", "check_names", "parse_value", "project", "variables"]

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
    from graphkit.store.sparql import PREFIXES

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
