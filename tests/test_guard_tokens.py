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
    (guard._BASE, f"[{PN_CHARS_BASE}]"),
    (guard._CHARS, f"[{PN_CHARS}]"),
    (guard._CHARS_DOT, f"[{PN_CHARS}.]"),
    (guard._CHARS_COLON, f"[{PN_CHARS}:]"),
    (guard._CHARS_DOT_COLON, f"[{PN_CHARS}.:]"),
]


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
