"""SHACL shapes translated to SPARQL queries, run on the Oxigraph store.

Each constraint of each shape becomes a SELECT query whose rows are the
validation results: the focus node and, for value constraints, the value
(``sh:minCount`` and ``sh:maxCount`` of one path share a query, and the value
constraints of one shape are first probed together by one query, so that a
shape whose values all conform costs one pass). Oxigraph answers them over the
store's default graph (the union of the document graphs) in Rust, so no copy
of the graph is made in Python. Where
pyshacl's answer depends on how rdflib reads a literal (well-formed datatypes,
comparisons, Python regular expressions) the query returns the candidates and
Python decides each one as pyshacl does, so that both engines give the same
report.

Only the constructs ``shapes.ttl`` uses are translated: targets ``sh:targetClass``,
``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` and
SPARQL-based targets; paths of one predicate or its inverse; the constraints
named in :data:`SUPPORTED`. Any other construct raises
:class:`UnsupportedShapes` naming it, so that the caller can fall back to
pyshacl instead of giving a report that misses something.

This module writes the queries; :mod:`graphkit.store.shacl_shapes` reads the
shapes graph and refuses what is not translated, and
:mod:`graphkit.store.shacl_run` runs the queries and assembles the results.

Examples
--------
>>> import pyoxigraph as ox
>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> .
...     @prefix ex: <http://example.org/> .
...     ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .''')
>>> store = ox.Store()
>>> store.load(b"<http://example.org/a> a <http://example.org/C> .",
...            format=ox.RdfFormat.TURTLE)
>>> [(r.focus, r.component) for r in run(store, compile_shapes(shapes))]
[('http://example.org/a', 'MinCountConstraintComponent')]
>>> bad = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> .
...     @prefix ex: <http://example.org/> .
...     ex:S sh:targetClass ex:C ; sh:closed true .''')
>>> compile_shapes(bad)
Traceback (most recent call last):
...
graphkit.store.shacl_shapes.UnsupportedShapes: http://example.org/S: sh:closed is not translated to SPARQL
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from graphkit.store.shacl_run import Check, Part, Result, isa, run
from graphkit.store.shacl_shapes import (
    COMPONENT,
    SUPPORTED,
    Path,
    Targets,
    UnsupportedShapes,
    read_count,
    read_iri,
    read_list,
    read_path,
    read_shape,
    read_targets,
    refuse,
    targeted_shapes,
)
from graphkit.store.shacl_values import (
    at_least,
    datatype_ok,
    keeper,
    pair_keeper,
    pattern_ok,
    rdflib_reads,
)

__all__ = ["SUPPORTED", "Check", "Part", "Result", "UnsupportedShapes", "compile_shapes", "run"]

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isIRI({v}) || isBlank({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}

#: Lexical forms that rdflib and Oxigraph both read as a well-formed value of the
#: datatype; values of other forms are decided in Python.
_SURE_LEXICAL = {
    XSD.integer: "^[+-]?[0-9]+$",
    XSD.decimal: "^[+-]?[0-9]+([.][0-9]+)?$",
}


def compile_shapes(shapes: Graph) -> list[Check]:
    """The checks of every targeted shape of ``shapes``.

    Parameters
    ----------
    shapes
        The SHACL shapes graph.

    Returns
    -------
    list of Check
        The queries to give :func:`run`, shape by shape in IRI order.

    Raises
    ------
    UnsupportedShapes
        For a construct it cannot translate.

    Examples
    --------
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <urn:x:S> sh:targetNode <urn:x:a> ; sh:nodeKind sh:IRI .''')
    >>> [(str(c.shape), [p.component for p in c.parts]) for c in compile_shapes(shapes)]
    [('urn:x:S', ['NodeKindConstraintComponent'])]
    """
    checks: list[Check] = []
    for shape in targeted_shapes(shapes):
        targets = read_targets(shapes, shape)
        focus, prolog = _focus(targets), _prolog(targets)
        checks += _shape_checks(shapes, shape, focus, prolog)
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            checks += _shape_checks(shapes, prop, focus, prolog)
    return checks


def _focus(targets: Targets) -> str:
    """A group graph pattern binding ``?this`` to the focus nodes of ``targets``."""
    parts = [isa("?this", c) for c in targets.classes]
    parts += [f"VALUES ?this {{ {_term(n)} }}" for n in targets.nodes]
    parts += [f"?this {_term(p)} ?_any ." for p in targets.subjects_of]
    parts += [f"?_any {_term(p)} ?this ." for p in targets.objects_of]
    parts += [f"{{ SELECT DISTINCT ?this WHERE {{ {text} }} }}" for text in targets.selects]
    if len(parts) == 1:
        return parts[0]
    return " UNION ".join(f"{{ {p} }}" for p in parts)


def _prolog(targets: Targets) -> str:
    """PREFIX lines for the ``sh:prefixes`` of the shape's SPARQL targets."""
    return "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in targets.prefixes)


def _path(path: Path) -> str:
    """The SPARQL property path of ``path``."""
    return f"^{_term(path.predicate)}" if path.inverse else _term(path.predicate)


def _shape_checks(g: Graph, node: Node, focus: str, prolog: str) -> list[Check]:
    """The checks of one shape, a node shape or a property shape, on ``focus``."""
    shape = read_shape(g, node)
    on_property = shape.path is not None
    path = _path(shape.path) if shape.path is not None else ""
    severity, messages = shape.severity, shape.messages
    shown_path = shape.path.shown if shape.path is not None else ""
    if on_property:
        where = f"{focus} ?this {path} ?value ."
    else:
        where = f"{focus} BIND(?this AS ?value)"
    checks: list[Check] = []
    values: list[tuple[str, Part]] = []  # a condition met by the values that conform
    counts: list[tuple[str, int]] = []

    def part(name: str, rule: Node | None, **kw: Any) -> Part:
        message = messages[0] if messages else _generic_message(g, name, rule)
        return Part(COMPONENT[name], message, **kw)

    def check(query: str, *parts: Part) -> None:
        checks.append(Check(prolog + query, node, shown_path, severity, parts))

    for name, rules in shape.params:
        if len(rules) != 1 and name != "class":
            refuse(node, f"more than one sh:{name}")
        for rule in rules:
            if name == "class":
                _conforms(g, node, name, rule, "?value")  # refuses a class that is not an IRI
                q = f"SELECT DISTINCT ?this ?value WHERE {{ {where} MINUS {{ {isa('?value', rule)} }} }}"  # type: ignore[arg-type]
                check(q, part(name, rule))
            elif name in ("nodeKind", "languageIn", "in"):
                values.append((_conforms(g, node, name, rule, "?value"), part(name, rule)))
            elif name == "datatype":
                sure, exact = _datatype_sure(rule, "?value")
                keep = None if exact else keeper(lambda v, d=rule: not datatype_ok(v, d))
                values.append((sure, part(name, rule, keep=keep)))
            elif name == "pattern":
                regex = re.compile(str(rule))
                sure = (
                    f"(!isBlank(?value) && REGEX(STR(?value), {_string(str(rule))}) "
                    '&& !STRENDS(STR(?value), "\\n"))'
                )
                keep = keeper(lambda v, r=regex: not pattern_ok(v, r))
                values.append((sure, part(name, rule, keep=keep)))
            elif name == "minLength":
                n = read_count(node, rule, name)
                sure = f"(!isBlank(?value) && STRLEN(STR(?value)) >= {n})"
                values.append((sure, part(name, rule)))
            elif name == "minInclusive":
                if not isinstance(rule, Literal) or not isinstance(
                    rule.value, int | Decimal | float
                ):
                    refuse(node, "a non-numeric sh:minInclusive")
                sure = f"(isNumeric(?value) && ?value >= {_term(rule)})"
                keep = keeper(lambda v, m=rule: not at_least(v, m))  # type: ignore[misc]
                values.append((sure, part(name, rule, keep=keep)))
            elif name in ("or", "xone", "not"):
                sure, keep = _logical(g, node, name, rule)
                values.append((sure, part(name, rule, keep=keep)))
            elif name in ("minCount", "maxCount"):
                counts.append((name, read_count(node, rule, name)))
            elif name == "hasValue":
                q = f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS {{ ?this {path} {_term(rule)} }} }}"
                check(q, part(name, rule, reports_value=False))
            elif name == "equals":
                other = _term(read_iri(node, rule, name))
                q = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} "
                    f"{{ ?this {path} ?value MINUS {{ ?this {other} ?value }} }} UNION "
                    f"{{ ?this {other} ?value MINUS {{ ?this {path} ?value }} }} }}"
                )
                check(q, part(name, rule))
            elif name == "lessThanOrEquals":
                other = _term(read_iri(node, rule, name))
                q = (
                    f"SELECT DISTINCT ?this ?value ?_o WHERE {{ {where} ?this {other} ?_o . "
                    f"FILTER(!COALESCE(isNumeric(?value) && isNumeric(?_o) && ?value <= ?_o, false)) }}"
                )
                check(q, part(name, rule, keep=pair_keeper()))
    probe = None
    if len(values) > 1:
        failing = " || ".join(f"!COALESCE({c}, false)" for c, _ in values)
        probe = prolog + f"SELECT ?this WHERE {{ {where} FILTER({failing}) }} LIMIT 1"
    for condition, p in values:
        q = f"SELECT DISTINCT ?this ?value WHERE {{ {where} FILTER(!COALESCE({condition}, false)) }}"
        checks.append(Check(prolog + q, node, shown_path, severity, (p,), probe))
    if counts:
        bounds = dict(counts)
        low, high = bounds.get("minCount", 0), bounds.get("maxCount")
        tests = ([f"?_n < {low}"] if low else []) + ([f"?_n > {high}"] if high is not None else [])
        if tests:
            values_of = f"OPTIONAL {{ ?this {path} ?_v }}" if low else f"?this {path} ?_v ."
            q = (
                f"SELECT ?this ?_n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?_v) AS ?_n) "
                f"WHERE {{ {focus} {values_of} }} GROUP BY ?this }} FILTER({' || '.join(tests)}) }}"
            )
            parts = []
            if low:
                parts.append(
                    part("minCount", None, reports_value=False, keep=lambda r, n=low: _n(r) < n)
                )
            if high is not None:
                parts.append(
                    part("maxCount", None, reports_value=False, keep=lambda r, n=high: _n(r) > n)
                )
            check(q, *parts)
    return checks


def _n(row: Any) -> int:
    return int(row["_n"].value)


def _conforms(g: Graph, shape: Node, name: str, rule: Node, v: str) -> str:
    """A SPARQL condition, never an error, true when ``v`` meets the constraint exactly."""
    if name == "class":
        if not isinstance(rule, URIRef):
            refuse(shape, "an sh:class that is not an IRI")
        return f"EXISTS {{ {isa(v, rule)} }}"
    if name == "nodeKind":
        if rule not in _NODE_KINDS:
            refuse(shape, f"sh:nodeKind {rule}")
        return _NODE_KINDS[rule].format(v=v)
    if name == "languageIn":
        langs = [str(x).lower() for x in read_list(g, shape, rule)]
        if "*" in langs:
            return f'(isLiteral({v}) && LANG({v}) != "")'
        options = ", ".join(_string(x) for x in langs)
        first = f'IF(CONTAINS(LANG({v}), "-"), STRBEFORE(LANG({v}), "-"), LANG({v}))'
        return (
            f'(isLiteral({v}) && LANG({v}) != "" && '
            f"(LCASE(LANG({v})) IN ({options}) || LCASE({first}) IN ({options})))"
        )
    if name == "in":
        members = read_list(g, shape, rule)
        if any(isinstance(x, BNode) for x in members):
            refuse(shape, "a blank node in sh:in")
        return (
            "(" + " || ".join(f"sameTerm({v}, {_term(x)})" for x in members) + ")"
            if members
            else "false"
        )
    raise AssertionError(name)  # pragma: no cover


def _datatype_sure(datatype: Node, v: str) -> tuple[str, bool]:
    """A condition true only for values pyshacl takes as of ``datatype``; whether it is exact."""
    if not isinstance(datatype, URIRef) or datatype in (
        RDF.langString,
        RDFS.Literal,
        RDFS.Datatype,
    ):
        raise UnsupportedShapes(f"sh:datatype {datatype} is not translated to SPARQL")
    typed = f"(isLiteral({v}) && sameTerm(DATATYPE({v}), {_term(datatype)}))"
    if datatype == XSD.string or not rdflib_reads(datatype):
        return typed, True
    sure = _SURE_LEXICAL.get(datatype)
    if sure is None:
        return "false", False
    return f"({typed} && REGEX(STR({v}), {_string(sure)}))", False


def _logical(g: Graph, shape: Node, name: str, rule: Node) -> tuple[str, Any]:
    """The condition of ``sh:or``, ``sh:xone`` or ``sh:not`` on ``?value``, and its
    Python test if it needs one.

    Each member is a SPARQL condition true only when the value conforms, exact
    unless the member is an ``sh:datatype`` that rdflib reads; under ``sh:or``
    the values no condition holds for are candidates that Python decides.
    """
    members = [rule] if name == "not" else read_list(g, shape, rule)
    decided = [_member(g, shape, m, "?value") for m in members]
    conditions = [c for c, _ in decided]
    in_python = [t for _, t in decided if t is not None]
    if in_python and name != "or":
        refuse(shape, f"sh:datatype that rdflib reads inside sh:{name}")
    if name == "or":
        ok = "(" + " || ".join(conditions) + ")" if conditions else "false"
    elif name == "not":
        ok = f"!{conditions[0]}"
    else:
        ok = "((" + " + ".join(f"IF({c}, 1, 0)" for c in conditions) + ") = 1)"
    keep = keeper(lambda v: not any(t(v) for t in in_python)) if in_python else None
    return ok, keep


def _member(
    g: Graph, outer: Node, member: Node, v: str
) -> tuple[str, Callable[[Node], bool] | None]:
    """A SPARQL condition, never an error, true only when ``v`` conforms to the member
    shape, and, when the condition is not exact, the Python test that is."""
    preds = {p for p in g.predicates(member, None) if str(p).startswith(str(SH))}
    preds -= {SH.message, SH.name, SH.description}
    path = g.value(member, SH.path)
    if path is not None:
        p = _path(read_path(g, outer, path))
        rest = preds - {SH.path}
        if rest == {SH.minCount}:
            n = read_count(outer, g.value(member, SH.minCount), "minCount")
            if n <= 1:
                return (f"EXISTS {{ {v} {p} ?_m }}" if n else "true"), None
            count = (
                f"SELECT (COUNT(DISTINCT ?_m) AS ?_n) WHERE {{ {v} {p} ?_m }} HAVING (?_n >= {n})"
            )
            return f"EXISTS {{ {count} }}", None
        if rest == {SH.hasValue}:
            return f"EXISTS {{ {v} {p} {_term(g.value(member, SH.hasValue))} }}", None
        refuse(
            outer,
            "a member shape with a path and constraints other than one sh:minCount or sh:hasValue",
        )
    if len(preds) != 1:
        refuse(outer, "a member shape with other than one constraint")
    (param,) = preds
    rule = g.value(member, param)
    name = str(param)[len(str(SH)) :]
    if name in ("class", "nodeKind"):
        return _conforms(g, outer, name, rule, v), None
    if name == "datatype":
        sure, exact = _datatype_sure(rule, v)
        return sure, None if exact else (lambda x, d=rule: datatype_ok(x, d))
    refuse(outer, f"sh:{name} inside a logical constraint")
    return "", None  # pragma: no cover


def _generic_message(g: Graph, name: str, rule: Node | None) -> str:
    """The message of a constraint of a shape without ``sh:message``: pyshacl's for
    ``sh:nodeKind`` (the only such constraint in ``shapes.ttl``), else a generic one."""
    if name == "nodeKind" and rule is not None:
        return f"Value is not of Node Kind {rule.n3(g.namespace_manager)}"
    return f"{COMPONENT[name]} not met"


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        body = _string(str(node))
        if node.language:
            return f"{body}@{node.language}"
        if node.datatype is not None:
            return f"{body}^^<{node.datatype}>"
        return body
    raise UnsupportedShapes(
        f"a blank node {node} where a term is needed is not translated to SPARQL"
    )


def _string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'
