"""When a query's parameters can be bound by a ``VALUES`` block, and when one
label of a name stands for all of them.

Oxigraph binds substituted variables (``substitutions``) without its optimizer
knowing their values, so a filter on a parameter runs after the joins: the
cookbook's ``topic_measures`` took 5 times as long as the same query with the
value in a ``VALUES`` block. A ``VALUES`` block first in the ``WHERE`` group
gives the same answer as substitution when the parameter appears only in that
group, in an ``OPTIONAL`` directly in it (whose filters see the group's
bindings), or outside the group (projection, ``GROUP BY``, ``ORDER BY``):
:func:`inlinable` says when that is so. And when the parameter is only read
through ``STR()`` (or tested by ``BOUND()``), every label of one text gives the
same answer (:func:`text_only`), so the query runs once, not once per label.

Examples
--------
>>> inlinable("SELECT ?d WHERE { ?d dct:title ?t FILTER (STR(?t) = STR(?want)) }", ["want"])
True
>>> inlinable("SELECT ?d WHERE { ?d a ?k OPTIONAL { ?d ?p ?o FILTER (?o = ?want) } }", ["want"])
True
>>> inlinable("SELECT ?d WHERE { { ?d a ?k } UNION { ?d ?p ?want } }", ["want"])
False
>>> text_only("SELECT ?d WHERE { ?d ?p ?t FILTER (!BOUND(?w) || STR(?t) = STR( ?w )) }", "w")
True
>>> text_only("SELECT ?d WHERE { ?d ?p ?w }", "w")
False
"""

from __future__ import annotations

import re

from graphkit.store.params import _masked

__all__ = ["inlinable", "text_only"]

_BEFORE_BRACE = re.compile(r"([A-Za-z_]+)\s*$")


def _occurrences(masked: str, name: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[?$]" + re.escape(name) + r"(?![A-Za-z0-9_])", masked))


def inlinable(sparql: str, names: list[str]) -> bool:
    """Whether ``VALUES`` first in the ``WHERE`` group binds ``names`` as substitution would.

    Each name must appear only outside the ``WHERE`` group, directly in it, or
    directly in an ``OPTIONAL`` group in it; never as the target of ``AS``; and
    the query must have no ``VALUES`` block or subquery of its own.
    """
    masked = _masked(sparql)
    if re.search(r"\bVALUES\b", masked, re.I) or len(re.findall(r"\bSELECT\b", masked, re.I)) > 1:
        return False
    allowed = {(), ("where",), ("where", "optional")}
    scopes: list[tuple[str, ...]] = []
    stack: list[str] = []
    for i, c in enumerate(masked):
        if c == "{":
            word = _BEFORE_BRACE.search(masked[:i])
            kind = "where" if not stack else (
                "optional" if word and word.group(1).upper() == "OPTIONAL" else "other")
            stack.append(kind)
        elif c == "}" and stack:
            stack.pop()
        scopes.append(tuple(stack))
    for name in names:
        for m in _occurrences(masked, name):
            if scopes[m.start()] not in allowed:
                return False
            if re.search(r"\bAS\s*$", masked[: m.start()], re.I):
                return False
    return True


def text_only(sparql: str, name: str) -> bool:
    """Whether ``name`` is read only as ``STR(?name)`` or tested as ``BOUND(?name)``,
    so that every term of one text gives the query the same answer."""
    masked = _masked(sparql)
    found = _occurrences(masked, name)
    wrapped = re.findall(r"\b(?:STR|BOUND)\s*\(\s*[?$]" + re.escape(name) + r"\s*\)", masked,
                         re.I)
    return bool(found) and len(wrapped) == len(found)
