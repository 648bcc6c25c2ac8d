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
graphkit.store.shacl_sparql.UnsupportedShapes: http://example.org/S: sh:closed is not translated to SPARQL
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from graphkit.store.shacl_values import (
    at_least,
    datatype_ok,
    keeper,
    pair_keeper,
    pattern_ok,
    rdflib_reads,
)

__all__ = ["SUPPORTED", "Check", "Part", "Result", "UnsupportedShapes", "compile_shapes", "run"]

#: Constraint parameters the translator knows, on a node shape or a property shape.
SUPPORTED = frozenset(
    SH[n]
    for n in (
        "class datatype nodeKind pattern minLength languageIn in minInclusive "
        "or xone not minCount maxCount hasValue equals lessThanOrEquals"
    ).split()
)
_ONLY_ON_PROPERTIES = frozenset(
    SH[n] for n in "minCount maxCount hasValue equals lessThanOrEquals".split()
)
_TARGETS = frozenset(
    SH[n] for n in "targetClass targetNode targetSubjectsOf targetObjectsOf target".split()
)
#: sh: terms that describe a shape without constraining anything.
_DESCRIPTIVE = frozenset(
    SH[n] for n in "message severity property path name description order group".split()
)

_COMPONENT = {
    "class": "ClassConstraintComponent",
    "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent",
    "pattern": "PatternConstraintComponent",
    "minLength": "MinLengthConstraintComponent",
    "languageIn": "LanguageInConstraintComponent",
    "in": "InConstraintComponent",
    "minInclusive": "MinInclusiveConstraintComponent",
    "or": "OrConstraintComponent",
    "xone": "XoneConstraintComponent",
    "not": "NotConstraintComponent",
    "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent",
    "hasValue": "HasValueConstraintComponent",
    "equals": "EqualsConstraintComponent",
    "lessThanOrEquals": "LessThanOrEqualsConstraintComponent",
}

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


class UnsupportedShapes(ValueError):
    """The shapes use a construct the SPARQL translation does not cover."""


@dataclass(frozen=True)
class Result:
    """One validation result, with terms written as pyshacl's report gives them."""

    focus: str
    path: str
    component: str
    shape: str
    severity: str
    message: str
    value: str = ""


@dataclass(frozen=True)
class Part:
    """One constraint among those a query checks at once.

    Each row of the query is a candidate; ``keep``, when set, decides in
    Python whether it is a result of this constraint.
    """

    component: str
    message: str
    reports_value: bool = True
    keep: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Check:
    """A query on the focus nodes of one shape; its rows are the results of its parts.

    ``probe``, when set, is a query shared by the checks of one shape's values
    that has no row when none of them has one, so that one pass over the values
    clears them all.
    """

    query: str
    shape: Node
    path: str
    severity: str
    parts: tuple[Part, ...]
    probe: str | None = None


# --- reading the shapes ------------------------------------------------------


def compile_shapes(shapes: Graph) -> list[Check]:
    """The checks of every targeted shape of ``shapes``.

    Raises :class:`UnsupportedShapes` for a construct it cannot translate.
    """
    checks: list[Check] = []
    top = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    for shape in sorted(top, key=str):
        for kind in (RDFS.Class, OWL.Class):
            if (shape, RDF.type, kind) in shapes:
                _refuse(shape, "a shape that is also a class (implicit class target)")
        focus, prolog = _targets(shapes, shape), _prolog(shapes, shape)
        checks += _shape_checks(shapes, shape, focus, prolog)
        for prop in sorted(shapes.objects(shape, SH.property), key=str):
            checks += _shape_checks(shapes, prop, focus, prolog)
    return checks


def _refuse(shape: Node, what: str) -> None:
    raise UnsupportedShapes(f"{shape}: {what} is not translated to SPARQL")


def _targets(g: Graph, shape: Node) -> str:
    """A group graph pattern binding ``?this`` to the shape's focus nodes."""
    parts = []
    for c in g.objects(shape, SH.targetClass):
        if not isinstance(c, URIRef):
            _refuse(shape, "an sh:targetClass that is not an IRI")
        parts.append(_isa("?this", c))
    for n in g.objects(shape, SH.targetNode):
        if isinstance(n, BNode):
            _refuse(shape, "a blank node as sh:targetNode")
        parts.append(f"VALUES ?this {{ {_term(n)} }}")
    for p in g.objects(shape, SH.targetSubjectsOf):
        parts.append(f"?this {_term(p)} ?_any .")
    for p in g.objects(shape, SH.targetObjectsOf):
        parts.append(f"?_any {_term(p)} ?this .")
    for t in g.objects(shape, SH.target):
        parts.append(_sparql_target(g, shape, t))
    if len(parts) == 1:
        return parts[0]
    return " UNION ".join(f"{{ {p} }}" for p in parts)


def _sparql_target(g: Graph, shape: Node, target: Node) -> str:
    if (target, RDF.type, SH.SPARQLTarget) not in g:
        _refuse(shape, "an sh:target that is not an sh:SPARQLTarget")
    select = g.value(target, SH.select)
    if select is None:
        _refuse(shape, "an sh:SPARQLTarget without sh:select")
    text = str(select)
    if re.match(r"\s*(PREFIX|BASE)\b", text, re.IGNORECASE):
        _refuse(shape, "PREFIX or BASE inside an sh:select")
    return f"{{ SELECT DISTINCT ?this WHERE {{ {text} }} }}"


def _prolog(g: Graph, shape: Node) -> str:
    """PREFIX lines for the ``sh:prefixes`` of the shape's SPARQL targets."""
    prefixes: dict[str, str] = {}
    for target in g.objects(shape, SH.target):
        for holder in g.objects(target, SH.prefixes):
            for d in g.objects(holder, SH.declare):
                name, ns = str(g.value(d, SH.prefix)), str(g.value(d, SH.namespace))
                if prefixes.get(name, ns) != ns:
                    _refuse(shape, f"two namespaces for the prefix {name}")
                prefixes[name] = ns
    return "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in sorted(prefixes.items()))


def _shape_checks(g: Graph, shape: Node, focus: str, prolog: str) -> list[Check]:
    """The checks of one shape, a node shape or a property shape, on ``focus``."""
    if g.value(shape, SH.deactivated) is not None:
        _refuse(shape, "sh:deactivated")
    path_node = g.value(shape, SH.path)
    on_property = path_node is not None
    path = _path(g, shape, path_node) if on_property else ""
    for p in set(g.predicates(shape, None)):
        if str(p).startswith(str(SH)) and p not in SUPPORTED | _TARGETS | _DESCRIPTIVE:
            _refuse(shape, f"sh:{str(p)[len(str(SH)) :]}")
        if p == SH.property and on_property:
            _refuse(shape, "sh:property on a property shape")
        if p in _ONLY_ON_PROPERTIES and not on_property:
            _refuse(shape, f"sh:{str(p)[len(str(SH)) :]} on a node shape")
    severity = str(g.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    messages = sorted(str(m) for m in g.objects(shape, SH.message))
    shown_path = _path_text(g, path_node) if on_property else ""
    if on_property:
        where = f"{focus} ?this {path} ?value ."
    else:
        where = f"{focus} BIND(?this AS ?value)"
    checks: list[Check] = []
    values: list[tuple[str, Part]] = []  # a condition met by the values that conform
    counts: list[tuple[str, int]] = []

    def part(name: str, rule: Node, **kw: Any) -> Part:
        message = messages[0] if messages else _generic_message(g, name, rule)
        return Part(_COMPONENT[name], message, **kw)

    def check(query: str, *parts: Part) -> None:
        checks.append(Check(prolog + query, shape, shown_path, severity, parts))

    for param in sorted(set(g.predicates(shape, None)) & SUPPORTED, key=str):
        name = str(param)[len(str(SH)) :]
        rules = list(g.objects(shape, param))
        if len(rules) != 1 and name != "class":
            _refuse(shape, f"more than one sh:{name}")
        for rule in rules:
            if name == "class":
                _conforms(g, shape, name, rule, "?value")  # refuses a class that is not an IRI
                q = f"SELECT DISTINCT ?this ?value WHERE {{ {where} MINUS {{ {_isa('?value', rule)} }} }}"  # type: ignore[arg-type]
                check(q, part(name, rule))
            elif name in ("nodeKind", "languageIn", "in"):
                values.append((_conforms(g, shape, name, rule, "?value"), part(name, rule)))
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
                n = _count(shape, rule, name)
                sure = f"(!isBlank(?value) && STRLEN(STR(?value)) >= {n})"
                values.append((sure, part(name, rule)))
            elif name == "minInclusive":
                if not isinstance(rule, Literal) or not isinstance(
                    rule.value, int | Decimal | float
                ):
                    _refuse(shape, "a non-numeric sh:minInclusive")
                sure = f"(isNumeric(?value) && ?value >= {_term(rule)})"
                keep = keeper(lambda v, m=rule: not at_least(v, m))  # type: ignore[misc]
                values.append((sure, part(name, rule, keep=keep)))
            elif name in ("or", "xone", "not"):
                sure, keep = _logical(g, shape, name, rule)
                values.append((sure, part(name, rule, keep=keep)))
            elif name in ("minCount", "maxCount"):
                counts.append((name, _count(shape, rule, name)))
            elif name == "hasValue":
                q = f"SELECT DISTINCT ?this WHERE {{ {focus} MINUS {{ ?this {path} {_term(rule)} }} }}"
                check(q, part(name, rule, reports_value=False))
            elif name == "equals":
                other = _term(_iri(shape, rule, name))
                q = (
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} "
                    f"{{ ?this {path} ?value MINUS {{ ?this {other} ?value }} }} UNION "
                    f"{{ ?this {other} ?value MINUS {{ ?this {path} ?value }} }} }}"
                )
                check(q, part(name, rule))
            elif name == "lessThanOrEquals":
                other = _term(_iri(shape, rule, name))
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
        checks.append(Check(prolog + q, shape, shown_path, severity, (p,), probe))
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


_ISA = re.compile(r"%%ISA (\?\w+) <([^>]*)>%%")


def _isa(v: str, cls: URIRef) -> str:
    """A pattern: ``v`` is an instance of ``cls`` or of one of its subclasses.

    Written as a marker that :func:`_resolve` replaces, once the subclasses in
    the data are known, by the fastest pattern Oxigraph has for it.
    """
    return f"%%ISA {v} <{cls}>%%"


def _subclasses(store: ox.Store) -> dict[str, list[str] | None]:
    """Each class with subclasses in the data: their IRIs, or ``None`` when one is a blank node."""
    out: dict[str, list[str] | None] = {}
    for row in store.query(
        f"SELECT DISTINCT ?sub ?c WHERE {{ ?sub <{RDFS.subClassOf}>+ ?c FILTER(isIRI(?c)) }}"
    ):  # type: ignore[union-attr]
        c, sub = row["c"].value, row["sub"]
        if c == sub.value:
            continue
        found = out.setdefault(c, [])
        if found is not None:
            out[c] = None if isinstance(sub, ox.BlankNode) else [*found, sub.value]
    return out


def _resolve(query: str, subclasses: dict[str, list[str] | None]) -> str:
    """The query with its class markers written out for the data's subclasses."""
    n = 0

    def swap(m: re.Match[str]) -> str:
        nonlocal n
        v, cls = m.group(1), m.group(2)
        if cls not in subclasses:
            return f"{v} <{RDF.type}> <{cls}> ."
        subs = subclasses[cls]
        if subs is None:
            return f"{v} <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> ."
        n += 1
        classes = " ".join(f"<{c}>" for c in [cls, *sorted(subs)])
        return f"VALUES ?_t{n} {{ {classes} }} {v} <{RDF.type}> ?_t{n} ."

    return _ISA.sub(swap, query)


def _path(g: Graph, shape: Node, node: Node) -> str:
    if isinstance(node, URIRef):
        return _term(node)
    inverse = g.value(node, SH.inversePath)
    if isinstance(inverse, URIRef) and len(set(g.predicate_objects(node))) == 1:
        return f"^{_term(inverse)}"
    _refuse(shape, "a path other than a predicate or its sh:inversePath")
    return ""  # pragma: no cover


def _path_text(g: Graph, node: Node | None) -> str:
    """How a report shows a result path: the IRI, or ``^IRI`` for an inverse path."""
    if node is None:
        return ""
    inverse = g.value(node, SH.inversePath)
    return f"^{inverse}" if inverse is not None else str(node)


def _iri(shape: Node, rule: Node, name: str) -> URIRef:
    if not isinstance(rule, URIRef):
        _refuse(shape, f"sh:{name} whose value is not an IRI")
    return rule  # type: ignore[return-value]


def _count(shape: Node, rule: Node, name: str) -> int:
    if not isinstance(rule, Literal) or not isinstance(rule.value, int) or rule.value < 0:
        _refuse(shape, f"sh:{name} that is not a non-negative integer")
    return int(rule.value)  # type: ignore[union-attr]


def _conforms(g: Graph, shape: Node, name: str, rule: Node, v: str) -> str:
    """A SPARQL condition, never an error, true when ``v`` meets the constraint exactly."""
    if name == "class":
        if not isinstance(rule, URIRef):
            _refuse(shape, "an sh:class that is not an IRI")
        return f"EXISTS {{ {_isa(v, rule)} }}"
    if name == "nodeKind":
        if rule not in _NODE_KINDS:
            _refuse(shape, f"sh:nodeKind {rule}")
        return _NODE_KINDS[rule].format(v=v)
    if name == "languageIn":
        langs = [str(x).lower() for x in _list(g, shape, rule)]
        if "*" in langs:
            return f'(isLiteral({v}) && LANG({v}) != "")'
        options = ", ".join(_string(x) for x in langs)
        first = f'IF(CONTAINS(LANG({v}), "-"), STRBEFORE(LANG({v}), "-"), LANG({v}))'
        return (
            f'(isLiteral({v}) && LANG({v}) != "" && '
            f"(LCASE(LANG({v})) IN ({options}) || LCASE({first}) IN ({options})))"
        )
    if name == "in":
        members = _list(g, shape, rule)
        if any(isinstance(x, BNode) for x in members):
            _refuse(shape, "a blank node in sh:in")
        return (
            "(" + " || ".join(f"sameTerm({v}, {_term(x)})" for x in members) + ")"
            if members
            else "false"
        )
    raise AssertionError(name)  # pragma: no cover


def _list(g: Graph, shape: Node, node: Node) -> list[Node]:
    if node != RDF.nil and g.value(node, RDF.first) is None:
        _refuse(shape, "a list parameter that is not an RDF list")
    return list(Collection(g, node))


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
    members = [rule] if name == "not" else _list(g, shape, rule)
    decided = [_member(g, shape, m, "?value") for m in members]
    conditions = [c for c, _ in decided]
    in_python = [t for _, t in decided if t is not None]
    if in_python and name != "or":
        _refuse(shape, f"sh:datatype that rdflib reads inside sh:{name}")
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
        p = _path(g, outer, path)
        rest = preds - {SH.path}
        if rest == {SH.minCount}:
            n = _count(outer, g.value(member, SH.minCount), "minCount")
            if n <= 1:
                return (f"EXISTS {{ {v} {p} ?_m }}" if n else "true"), None
            count = (
                f"SELECT (COUNT(DISTINCT ?_m) AS ?_n) WHERE {{ {v} {p} ?_m }} HAVING (?_n >= {n})"
            )
            return f"EXISTS {{ {count} }}", None
        if rest == {SH.hasValue}:
            return f"EXISTS {{ {v} {p} {_term(g.value(member, SH.hasValue))} }}", None
        _refuse(
            outer,
            "a member shape with a path and constraints other than one sh:minCount or sh:hasValue",
        )
    if len(preds) != 1:
        _refuse(outer, "a member shape with other than one constraint")
    (param,) = preds
    rule = g.value(member, param)
    name = str(param)[len(str(SH)) :]
    if name in ("class", "nodeKind"):
        return _conforms(g, outer, name, rule, v), None
    if name == "datatype":
        sure, exact = _datatype_sure(rule, v)
        return sure, None if exact else (lambda x, d=rule: datatype_ok(x, d))
    _refuse(outer, f"sh:{name} inside a logical constraint")
    return "", None  # pragma: no cover


def _generic_message(g: Graph, name: str, rule: Node | None) -> str:
    """The message of a constraint of a shape without ``sh:message``: pyshacl's for
    ``sh:nodeKind`` (the only such constraint in ``shapes.ttl``), else a generic one."""
    if name == "nodeKind" and rule is not None:
        return f"Value is not of Node Kind {rule.n3(g.namespace_manager)}"
    return f"{_COMPONENT[name]} not met"


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


# --- running -----------------------------------------------------------------------


def _query(store: ox.Store, check: Check, query: str) -> Any:
    try:
        return store.query(query)
    except (SyntaxError, ValueError, RuntimeError) as e:
        raise UnsupportedShapes(f"{check.shape}: the query failed in Oxigraph: {e}") from e


def run(store: ox.Store, checks: list[Check] | tuple[Check, ...]) -> list[Result]:
    """The results of ``checks`` on the default graph of ``store``."""
    out: list[Result] = []
    probed: dict[str, bool] = {}
    subclasses = _subclasses(store)
    for check in checks:
        if check.probe is not None:
            if check.probe not in probed:
                probed[check.probe] = bool(
                    list(_query(store, check, _resolve(check.probe, subclasses)))
                )
            if not probed[check.probe]:
                continue
        for row in _query(store, check, _resolve(check.query, subclasses)):
            for p in check.parts:
                if p.keep is not None and not p.keep(row):
                    continue
                out.append(
                    Result(
                        focus=row["this"].value,
                        path=check.path,
                        component=p.component,
                        shape=str(check.shape),
                        severity=check.severity,
                        message=p.message,
                        value=row["value"].value if p.reports_value else "",
                    )
                )
    return out
