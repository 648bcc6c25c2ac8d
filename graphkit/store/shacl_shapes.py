"""Reading a SHACL shapes graph into the small model the SPARQL translation uses.

The translation (:mod:`graphkit.store.shacl_sparql`) covers only the constructs
``shapes.ttl`` uses. This module finds the targeted shapes, reads their targets
(:class:`Targets`), paths (:class:`Path`) and constraint parameters
(:class:`Shape`), and raises :class:`UnsupportedShapes` naming any other
construct, so that the caller can fall back to pyshacl instead of giving a
report that misses something.

Examples
--------
>>> from rdflib import Graph
>>> shapes = Graph().parse(format="turtle", data='''
...     @prefix sh: <http://www.w3.org/ns/shacl#> .
...     @prefix ex: <http://example.org/> .
...     ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .''')
>>> [str(s) for s in targeted_shapes(shapes)]
['http://example.org/S']
>>> read_targets(shapes, next(iter(targeted_shapes(shapes)))).classes
(rdflib.term.URIRef('http://example.org/C'),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

__all__ = [
    "COMPONENT",
    "SUPPORTED",
    "Path",
    "Shape",
    "Targets",
    "UnsupportedShapes",
    "read_count",
    "read_iri",
    "read_list",
    "read_path",
    "read_shape",
    "read_targets",
    "refuse",
    "targeted_shapes",
]

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

#: The constraint component each supported parameter reports, by local name.
COMPONENT = {
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


class UnsupportedShapes(ValueError):
    """The shapes use a construct the SPARQL translation does not cover."""


def refuse(shape: Node, what: str) -> None:
    """Raise :class:`UnsupportedShapes` for the construct ``what`` of ``shape``.

    Examples
    --------
    >>> refuse(URIRef("urn:x:S"), "sh:closed")
    Traceback (most recent call last):
    ...
    graphkit.store.shacl_shapes.UnsupportedShapes: urn:x:S: sh:closed is not translated to SPARQL
    """
    raise UnsupportedShapes(f"{shape}: {what} is not translated to SPARQL")


def _local(param: Node) -> str:
    return str(param)[len(str(SH)) :]


@dataclass(frozen=True)
class Path:
    """A property path: one predicate, or its inverse.

    Examples
    --------
    >>> Path(URIRef("urn:x:p"), inverse=True).shown
    '^urn:x:p'
    """

    predicate: URIRef
    inverse: bool = False

    @property
    def shown(self) -> str:
        """How a report shows the path: the IRI, or ``^IRI`` for an inverse path."""
        return f"^{self.predicate}" if self.inverse else str(self.predicate)


@dataclass(frozen=True)
class Targets:
    """The focus nodes of a shape, by kind of target.

    ``selects`` holds the ``sh:select`` text of each SPARQL-based target and
    ``prefixes`` the ``(prefix, namespace)`` pairs their ``sh:prefixes`` declare.
    """

    classes: tuple[URIRef, ...] = ()
    nodes: tuple[Node, ...] = ()
    subjects_of: tuple[Node, ...] = ()
    objects_of: tuple[Node, ...] = ()
    selects: tuple[str, ...] = ()
    prefixes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Shape:
    """A node shape or a property shape, as far as the translation needs it.

    ``params`` pairs the local name of each supported parameter with its
    values, sorted by parameter IRI.
    """

    node: Node
    path: Path | None
    severity: str
    messages: tuple[str, ...]
    params: tuple[tuple[str, tuple[Node, ...]], ...]


def targeted_shapes(shapes: Graph) -> list[Node]:
    """The shapes of ``shapes`` with a target, sorted.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='<urn:x:S> '
    ...     '<http://www.w3.org/ns/shacl#targetNode> <urn:x:a> .')
    >>> targeted_shapes(g)
    [rdflib.term.URIRef('urn:x:S')]
    """
    top = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    return sorted(top, key=str)


def read_targets(g: Graph, shape: Node) -> Targets:
    """The targets of ``shape``, refusing those the translation does not cover.

    A shape that is also a class is refused too: its implicit class target is
    not translated.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='<urn:x:S> '
    ...     '<http://www.w3.org/ns/shacl#targetNode> _:b .')
    >>> read_targets(g, URIRef("urn:x:S"))
    Traceback (most recent call last):
    ...
    graphkit.store.shacl_shapes.UnsupportedShapes: urn:x:S: a blank node as sh:targetNode is not translated to SPARQL
    """
    for kind in (RDFS.Class, OWL.Class):
        if (shape, RDF.type, kind) in g:
            refuse(shape, "a shape that is also a class (implicit class target)")
    classes = []
    for c in g.objects(shape, SH.targetClass):
        if not isinstance(c, URIRef):
            refuse(shape, "an sh:targetClass that is not an IRI")
        classes.append(c)
    nodes = []
    for n in g.objects(shape, SH.targetNode):
        if isinstance(n, BNode):
            refuse(shape, "a blank node as sh:targetNode")
        nodes.append(n)
    subjects_of = list(g.objects(shape, SH.targetSubjectsOf))
    objects_of = list(g.objects(shape, SH.targetObjectsOf))
    for p in subjects_of + objects_of:
        if not isinstance(p, URIRef | Literal):
            raise UnsupportedShapes(
                f"a blank node {p} where a term is needed is not translated to SPARQL"
            )
    selects = [_sparql_target(g, shape, t) for t in g.objects(shape, SH.target)]
    return Targets(
        classes=tuple(classes),
        nodes=tuple(nodes),
        subjects_of=tuple(subjects_of),
        objects_of=tuple(objects_of),
        selects=tuple(selects),
        prefixes=_prefixes(g, shape),
    )


def _sparql_target(g: Graph, shape: Node, target: Node) -> str:
    if (target, RDF.type, SH.SPARQLTarget) not in g:
        refuse(shape, "an sh:target that is not an sh:SPARQLTarget")
    select = g.value(target, SH.select)
    if select is None:
        refuse(shape, "an sh:SPARQLTarget without sh:select")
    text = str(select)
    if re.match(r"\s*(PREFIX|BASE)\b", text, re.IGNORECASE):
        refuse(shape, "PREFIX or BASE inside an sh:select")
    return text


def _prefixes(g: Graph, shape: Node) -> tuple[tuple[str, str], ...]:
    """The ``sh:prefixes`` of the shape's SPARQL targets, sorted by prefix."""
    prefixes: dict[str, str] = {}
    for target in g.objects(shape, SH.target):
        for holder in g.objects(target, SH.prefixes):
            for d in g.objects(holder, SH.declare):
                name, ns = str(g.value(d, SH.prefix)), str(g.value(d, SH.namespace))
                if prefixes.get(name, ns) != ns:
                    refuse(shape, f"two namespaces for the prefix {name}")
                prefixes[name] = ns
    return tuple(sorted(prefixes.items()))


def read_shape(g: Graph, shape: Node) -> Shape:
    """``shape`` read for translation, refusing the parameters it does not cover.

    Examples
    --------
    >>> g = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     <urn:x:P> sh:path [ sh:inversePath <urn:x:p> ] ; sh:maxCount 1 .''')
    >>> s = read_shape(g, URIRef("urn:x:P"))
    >>> s.path.shown, s.severity, [name for name, _ in s.params]
    ('^urn:x:p', 'Violation', ['maxCount'])
    """
    if g.value(shape, SH.deactivated) is not None:
        refuse(shape, "sh:deactivated")
    path_node = g.value(shape, SH.path)
    on_property = path_node is not None
    path = read_path(g, shape, path_node) if path_node is not None else None
    predicates = set(g.predicates(shape, None))
    for p in predicates:
        if str(p).startswith(str(SH)) and p not in SUPPORTED | _TARGETS | _DESCRIPTIVE:
            refuse(shape, f"sh:{_local(p)}")
        if p == SH.property and on_property:
            refuse(shape, "sh:property on a property shape")
        if p in _ONLY_ON_PROPERTIES and not on_property:
            refuse(shape, f"sh:{_local(p)} on a node shape")
    severity = str(g.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    messages = tuple(sorted(str(m) for m in g.objects(shape, SH.message)))
    params = tuple(
        (_local(param), tuple(g.objects(shape, param)))
        for param in sorted(predicates & SUPPORTED, key=str)
    )
    return Shape(shape, path, severity, messages, params)


def read_path(g: Graph, shape: Node, node: Node) -> Path:
    """The path ``node`` of ``shape``: a predicate or its ``sh:inversePath``.

    Examples
    --------
    >>> read_path(Graph(), URIRef("urn:x:S"), URIRef("urn:x:p"))
    Path(predicate=rdflib.term.URIRef('urn:x:p'), inverse=False)
    """
    if isinstance(node, URIRef):
        return Path(node)
    inverse = g.value(node, SH.inversePath)
    if isinstance(inverse, URIRef) and len(set(g.predicate_objects(node))) == 1:
        return Path(inverse, inverse=True)
    refuse(shape, "a path other than a predicate or its sh:inversePath")
    raise AssertionError  # pragma: no cover


def read_iri(shape: Node, rule: Node, name: str) -> URIRef:
    """``rule``, the value of ``sh:{name}``, refused unless it is an IRI.

    Examples
    --------
    >>> read_iri(URIRef("urn:x:S"), URIRef("urn:x:q"), "equals")
    rdflib.term.URIRef('urn:x:q')
    """
    if not isinstance(rule, URIRef):
        refuse(shape, f"sh:{name} whose value is not an IRI")
    return rule  # type: ignore[return-value]


def read_count(shape: Node, rule: Node | None, name: str) -> int:
    """``rule``, the value of ``sh:{name}``, refused unless a non-negative integer.

    Examples
    --------
    >>> read_count(URIRef("urn:x:S"), Literal(2), "minCount")
    2
    """
    if not isinstance(rule, Literal) or not isinstance(rule.value, int) or rule.value < 0:
        refuse(shape, f"sh:{name} that is not a non-negative integer")
    return int(rule.value)  # type: ignore[union-attr]


def read_list(g: Graph, shape: Node, node: Node) -> list[Node]:
    """The members of the RDF list ``node``, a parameter of ``shape``.

    Examples
    --------
    >>> read_list(Graph(), URIRef("urn:x:S"), RDF.nil)
    []
    """
    if node != RDF.nil and g.value(node, RDF.first) is None:
        refuse(shape, "a list parameter that is not an RDF list")
    return list(Collection(g, node))
