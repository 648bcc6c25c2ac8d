"""Checks a SPARQL query must pass before it reaches Oxigraph.

Oxigraph parses and evaluates queries by recursion, so a query nested a few
thousand levels deep (``{{{…}}}``, ``((…))``, ``!!!…``, a long ``UNION`` or
property path) overflows its stack and kills the process: ``graphkit query``
dies with a segmentation fault, ``graphkit serve`` loses its SPARQL server.
And a ``SERVICE`` clause makes the engine send the query to any address it
names, so that a web page could make a visitor's endpoint fetch from the
visitor's own network. :func:`check` refuses both before the engine sees the
query, with a message that names the limit:

- the size of the query (:attr:`Limits.max_bytes`);
- the depth of its parse tree (:attr:`Limits.max_depth`), estimated from the
  tokens alone: each bracket (``{``, ``(``, ``[``) opens a level, and each
  operator or keyword that chains its neighbours into a deeper tree
  (``UNION``, ``OPTIONAL``, ``/``, ``||``, ``!``…) adds one to its level;
- the number of its tokens (:attr:`Limits.max_tokens`);
- ``SERVICE``, unless its endpoint's host is in :attr:`Limits.allow_service`.

The scan follows SPARQL's lexical rules (strings, IRIs and comments are
skipped whole; ``\\u`` escapes are read both as written and as decoded, since
the standard decodes them before parsing). The limits are far above what
the cookbook's queries use (depth under 15) and well below where Oxigraph
0.5's server fails: about 1,000 ``BIND`` in one group, 2,200 nested groups,
2,400 sub-``SELECT``, 4,600 parentheses, 6,400 ``UNION`` branches.

Examples
--------
>>> check("SELECT * WHERE { ?s ?p ?o }")
>>> check("ASK " + "{" * 500 + "}" * 500)
Traceback (most recent call last):
...
graphkit.errors.QueryError: query refused: it nests deeper than this endpoint allows (about 501 levels; the limit is 200)
>>> check("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graphkit.errors.QueryError: query refused: SERVICE <http://127.0.0.1:9/sparql> would send a ...
>>> check("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> {} }",
...       Limits(allow_service=frozenset({"127.0.0.1"})))
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from dataclasses import dataclass

from graphkit.errors import QueryError

__all__ = ["UNSIZED", "Limits", "QueryShape", "check", "measure"]


@dataclass(frozen=True)
class Limits:
    """What :func:`check` accepts.

    Attributes
    ----------
    max_bytes
        Largest query, in bytes of UTF-8 (None: any).
    max_depth
        Deepest estimated parse tree (see the module's description).
    max_tokens
        Most tokens (terms, operators, keywords) in one query (None: any).
    allow_service
        Hosts that ``SERVICE`` may name (lower case); empty: no ``SERVICE``.
    """

    max_bytes: int | None = 512 * 1024
    max_depth: int = 200
    max_tokens: int | None = 50_000
    allow_service: frozenset[str] = frozenset()


#: What :func:`graphkit.store.run` checks by default: depth and SERVICE, not size
#: (the library's own queries may carry long VALUES lists).
UNSIZED = Limits(max_bytes=None, max_tokens=None)


@dataclass(frozen=True)
class QueryShape:
    """What :func:`measure` finds in a query."""

    depth: int
    tokens: int
    services: tuple[str, ...]
    """The endpoint of each ``SERVICE`` clause (an IRI, or ``?var``)."""


#: SPARQL's PN_CHARS_BASE and PN_CHARS, as ranges of code points.
_BASE_RANGES = (
    (0x41, 0x5A), (0x61, 0x7A), (0xC0, 0xD6), (0xD8, 0xF6), (0xF8, 0x2FF), (0x370, 0x37D),
    (0x37F, 0x1FFF), (0x200C, 0x200D), (0x2070, 0x218F), (0x2C00, 0x2FEF), (0x3001, 0xD7FF),
    (0xF900, 0xFDCF), (0xFDF0, 0xFFFD), (0x10000, 0xEFFFF),
)
_CHARS_RANGES = (
    *_BASE_RANGES, (0x5F, 0x5F), (0x30, 0x39), (0xB7, 0xB7), (0x300, 0x36F), (0x203F, 0x2040), (0x2D, 0x2D),
)


def _char_class(ranges: tuple[tuple[int, int], ...], extra: str = "") -> str:
    r"""A regular-expression class of the code points in ``ranges`` and ``extra``,
    written as the negation of its complement.

    The class matches the same characters either way, but Python's ``re`` builds
    a class by visiting each code point it lists below U+10000: the complement
    lists about 11,000 of them, the ranges themselves over 50,000, and the
    tokenizer holds eight such classes (tens of milliseconds in every process
    that checks a query).

    >>> _char_class(((0x61, 0x7A),), "_")
    '[^\\x00-\\x5e\\x60\\x7b-\\U0010ffff]'
    """
    spans = sorted([*ranges, *((ord(c), ord(c)) for c in extra)])
    out, low = [], 0
    for a, b in spans:
        if a > low:
            out.append((low, a - 1))
        low = max(low, b + 1)
    if low <= 0x10FFFF:
        out.append((low, 0x10FFFF))

    def code(c: int) -> str:
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"

    return "[^" + "".join(code(a) if a == b else f"{code(a)}-{code(b)}" for a, b in out) + "]"


#: Code points the usual tokenizer reads as name characters, which SPARQL does not:
#: arrows to dingbats (U+2190-U+2BFF), surrogates and private use (U+D800-U+F8FF).
#: They are most of what a negated class lists; a query holding one of them is
#: read by the exact tokenizer (built on first need) instead, so that both read
#: every query alike.
_LOOSE = ((0x2190, 0x2BFF), (0xD800, 0xF8FF))
#: Those code points in UTF-8 (lead bytes E2, ED, EE, EF never continue a character).
_LOOSE_UTF8 = re.compile(rb"\xe2\x86[\x90-\xbf]|\xe2[\x87-\xaf]|\xed[\xa0-\xbf]|\xee|\xef[\x80-\xa3]")
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"


def _tokenizer(loose: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    """The tokenizer, its name classes widened by the ranges ``loose``."""
    base = (*_BASE_RANGES, *loose)
    chars = (*_CHARS_RANGES, *loose)
    base_ = _char_class(base)
    chars_ = _char_class(chars)
    chars_dot = _char_class(chars, ".")
    chars_colon = _char_class(chars, ":")
    chars_dot_colon = _char_class(chars, ".:")
    return re.compile(rf"""
        (?P<space>\s+)
      | (?P<comment>\#[^\n\r]*)
      | (?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{{4}}|\\U[0-9A-Fa-f]{{8}})*>)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                   |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      | (?P<var>[?$]{chars_}+)
      | (?P<bnode>_:{chars_dot}*{chars_})
      | (?P<name>(?:{base_}(?:{chars_dot}*{chars_})?)?:
                  (?:(?:{chars_colon}|{_PLX})(?:(?:{chars_dot_colon}|{_PLX})*(?:{chars_colon}|{_PLX}))?)?
                 |[A-Za-z_][A-Za-z0-9_]*)
      | (?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)
      | (?P<op>\|\||&&|!=|<=|>=|\^\^|[{{}}()\[\].,;!^|/&=<>+*?-])
      | (?P<other>.)
        """,
        re.VERBOSE | re.DOTALL,
    )


_TOKEN = _tokenizer(_LOOSE)


@functools.lru_cache(maxsize=1)
def _exact() -> re.Pattern[str]:
    """The tokenizer with SPARQL's own name classes."""
    return _tokenizer(())


def _tokens_of(query: str) -> re.Pattern[str]:
    """The tokenizer that reads ``query`` as SPARQL does: the usual one unless the
    query holds a code point of :data:`_LOOSE`."""
    if _LOOSE_UTF8.search(query.encode("utf-8", "surrogatepass")) is None:
        return _TOKEN
    return _exact()


#: Keywords that nest their neighbours one level deeper when repeated in a group.
_CHAINING = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "FILTER", "SERVICE", "IN", "NOT"})
#: Operators that do the same inside expressions and property paths.
_OPERATORS = frozenset(
    {"||", "&&", "!=", "<=", ">=", "!", "^", "|", "/", "=", "<", ">", "+", "-", "*"}
)
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")
_UCHAR = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _decode_uchars(text: str) -> str:
    r"""``\uXXXX`` and ``\UXXXXXXXX`` decoded as the SPARQL standard does before parsing.

    >>> _decode_uchars(r"\u0053ERVICE <urn:\u0061>")
    'SERVICE <urn:a>'
    """

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return m.group(0)
        return chr(code)

    return _UCHAR.sub(char, text)


def measure(query: str, *, stop_at: int | None = None) -> QueryShape:
    """Depth, token count and ``SERVICE`` endpoints of ``query`` (as written).

    ``stop_at`` ends the scan once that many tokens are read.

    Examples
    --------
    >>> measure("SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p ?o } }").depth
    5
    >>> measure("PREFIX e: <http://x.org/> SELECT * { SERVICE e:q { } }").services
    ('http://x.org/q',)
    """
    prefixes: dict[str, str] = {}
    base = ""
    stack = [0]  # per open bracket: chaining tokens seen at that level
    depth = deepest = 1
    tokens = 0
    services: list[str] = []
    expect = ""  # what the last keyword calls for: a PREFIX's name or IRI, BASE's, SERVICE's
    declaring = ""
    after_string = False
    data = [False]  # per open bracket: whether it holds VALUES rows
    values = False  # VALUES read, its block not yet opened
    for m in _tokens_of(query).finditer(query):
        kind = m.lastgroup
        if kind in ("space", "comment"):
            continue
        text = m.group()
        tokens += 1
        if stop_at is not None and tokens > stop_at:
            break
        word = text.upper() if kind == "name" else ""
        if kind == "op" and text in _OPEN:
            stack.append(0)
            data.append(data[-1] or (values and text == "{"))
            values = False
            depth += 1
        elif kind == "op" and text in _CLOSE:
            if len(stack) > 1:
                depth -= 1 + stack.pop()
                data.pop()
        elif data[-1]:
            pass  # VALUES rows: flat lists of terms (signed numbers among them)
        elif word in _CHAINING or (kind == "op" and text in _OPERATORS):
            stack[-1] += 1
            depth += 1
        if word == "VALUES":
            values = True
        elif text == "^^" and not after_string:  # two inverse paths, not a datatype
            stack[-1] += 2
            depth += 2
        after_string = kind == "string"
        deepest = max(deepest, depth)
        if expect == "prefix" and kind == "name" and text.endswith(":"):
            declaring, expect = text[:-1], "prefix iri"
        elif expect == "prefix iri" and kind == "iri":
            prefixes[declaring] = urllib.parse.urljoin(base, _iri_text(text))
            expect = ""
        elif expect == "base" and kind == "iri":
            base = urllib.parse.urljoin(base, _iri_text(text))
            expect = ""
        elif expect == "service" and word == "SILENT":
            pass
        elif expect == "service":
            services.append(_service_target(kind, text, prefixes, base))
            expect = ""
        else:
            expect = {"PREFIX": "prefix", "BASE": "base", "SERVICE": "service"}.get(word, "")
    return QueryShape(deepest, tokens, tuple(services))


def _iri_text(token: str) -> str:
    return _decode_uchars(token[1:-1])


def _service_target(kind: str | None, text: str, prefixes: dict[str, str], base: str) -> str:
    if kind == "iri":
        return urllib.parse.urljoin(base, _iri_text(text))
    if kind == "name" and ":" in text:
        prefix, _, local = text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        from graphkit.store.prefixes import PREFIXES

        if prefix in PREFIXES:
            return PREFIXES[prefix] + re.sub(r"\\(.)", r"\1", local)
    return text  # a variable, or something the parser will refuse anyway


def check(query: str, limits: Limits | None = None) -> None:
    """Refuse ``query`` when it passes one of ``limits`` (see :class:`Limits`).

    Raises
    ------
    QueryError
        With a message naming the limit; the query was not run.
    """
    limits = limits or Limits()
    size = len(query.encode("utf-8", "surrogatepass"))
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise QueryError(
            f"query refused: it is {size:,} bytes long; the limit is {limits.max_bytes:,}"
        )
    texts = [query]
    if "\\u" in query or "\\U" in query:
        texts.append(_decode_uchars(query))
    for text in texts:
        shape = measure(text, stop_at=limits.max_tokens)
        if limits.max_tokens is not None and shape.tokens > limits.max_tokens:
            raise QueryError(
                "query refused: it has more terms and operators than this endpoint allows "
                f"(the limit is {limits.max_tokens:,})"
            )
        if shape.depth > limits.max_depth:
            raise QueryError(
                "query refused: it nests deeper than this endpoint allows "
                f"(about {shape.depth} levels; the limit is {limits.max_depth})"
            )
        for target in shape.services:
            host = _host(target)
            if host is None or host not in limits.allow_service:
                where = f"a request to {host}" if host else "a request to another server"
                shown = f"<{target}>" if not target.startswith(("?", "$")) else target
                raise QueryError(
                    f"query refused: SERVICE {shown} would send {where}, and federated "
                    "queries are off (allow a host with --allow-service)"
                )


def _host(target: str) -> str | None:
    if target.startswith(("?", "$")):
        return None
    try:
        parts = urllib.parse.urlsplit(target)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return host.lower()
