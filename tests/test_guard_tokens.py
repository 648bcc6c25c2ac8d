"""The query checker's tokenizer reads names with the character classes of SPARQL's
grammar: the classes it builds as negated complements (cheap to compile) match
exactly the characters of the ranges as the grammar writes them.
"""

from __future__ import annotations

import re

import pytest

from graphkit.store import guard

#: PN_CHARS_BASE and PN_CHARS as the SPARQL 1.1 grammar writes them (productions 164, 166).
PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
PN_CHARS = PN_CHARS_BASE + "_0-9\u00b7\u0300-\u036f\u203f-\u2040-"

CASES = [
    (guard._char_class(guard._BASE_RANGES), f"[{PN_CHARS_BASE}]"),
    (guard._char_class(guard._CHARS_RANGES), f"[{PN_CHARS}]"),
    (guard._char_class(guard._CHARS_RANGES, "."), f"[{PN_CHARS}.]"),
    (guard._char_class(guard._CHARS_RANGES, ":"), f"[{PN_CHARS}:]"),
    (guard._char_class(guard._CHARS_RANGES, ".:"), f"[{PN_CHARS}.:]"),
]
LOOSE = "".join(f"{chr(a)}-{chr(b)}" for a, b in guard._LOOSE)


@pytest.mark.parametrize(("built", "written"), CASES)
def test_same_characters_over_all_code_points(built, written):
    """Every code point, surrogates included, is in both classes or in neither (each
    code point occurs once, so what is left after removing a class names the class)."""
    text = "".join(map(chr, range(0x110000)))
    left = re.sub(built, "", text)
    assert left == re.sub(written, "", text)
    assert len(text) - len(left) > 900_000  # the large classes, not empty by mistake


def test_names_read_as_before():
    """Names with characters at the edges of the ranges tokenize as the grammar says."""
    query = "?\u00c0x ?a\u00d7b ex:\u00b7z _:b.1 \U000effffq:r"
    names = [m.group() for m in guard._TOKEN.finditer(query)
             if m.lastgroup in ("var", "name", "bnode")]
    assert names == ["?\u00c0x", "?a", "b", "ex:\u00b7z", "_:b.1", "\U000effffq:r"]


def test_loose_classes_add_only_the_loose_ranges():
    """The usual tokenizer's classes are the grammar's plus the ranges of ``_LOOSE``."""
    text = "".join(map(chr, range(0x110000)))
    for extra in ("", ".", ":", ".:"):
        loose = guard._char_class((*guard._CHARS_RANGES, *guard._LOOSE), extra)
        assert re.sub(loose, "", text) == re.sub(f"[{PN_CHARS}{extra}{LOOSE}]", "", text)
    loose = guard._char_class((*guard._BASE_RANGES, *guard._LOOSE))
    assert re.sub(loose, "", text) == re.sub(f"[{PN_CHARS_BASE}{LOOSE}]", "", text)


def test_a_query_with_a_loose_code_point_is_read_exactly():
    """Exactly the queries holding a code point of ``_LOOSE`` go to the exact tokenizer
    (every code point checked), and the two read such a query differently."""
    loose = re.compile(f"[{LOOSE}]")
    for c in map(chr, range(0x110000)):
        exact = guard._tokens_of("?a" + c) is not guard._TOKEN
        assert exact == (loose.match(c) is not None), hex(ord(c))
    query = "SELECT ?a\u2192b WHERE { ?a\u2192b ?p ?o }"
    assert guard._tokens_of(query) is guard._exact()
    words = [m.group() for m in guard._exact().finditer(query) if m.lastgroup == "var"]
    assert words == ["?a", "?a", "?p", "?o"]
    assert "?a\u2192b" in [m.group() for m in guard._TOKEN.finditer(query)]


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o }",
    "PREFIX 政: <http://e.org/> SELECT ?名 WHERE { ?名 政:属 \"拉萨市\"@zh } # 注释",
    "ASK { ?x\u00b7y ex:a\u00d7b _:b.c.d }",
])
def test_the_usual_tokenizer_reads_as_the_exact_one(query):
    assert guard._tokens_of(query) is guard._TOKEN
    usual = [(m.lastgroup, m.group()) for m in guard._TOKEN.finditer(query)]
    assert usual == [(m.lastgroup, m.group()) for m in guard._exact().finditer(query)]
