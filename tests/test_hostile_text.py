"""Control characters in source text: replaced at reading time, named, and caught by SHACL."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from graphkit.extraction.text import XML_FORBIDDEN, read_text
from graphkit.records import Document, Measure
from graphkit.store import graph_of, validate

HEAD = "拉萨市人民政府关于印发某某方案的通知\n一、任务\n"
FILLER = "".join(f"{n}.加强第{n}项监管工作，确保落实到位。（市公安局负责）\n" for n in range(1, 80))


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe"])
def test_forbidden_characters_are_replaced_with_offsets_and_lines_kept(tmp_path, char):
    text = HEAD + FILLER + f"80.强化{char}执法检查。（市税务局负责）\n"
    assert len(text.encode("utf-8")) > 4096  # past the part sniffed for binary data
    p = tmp_path / "ctl.txt"
    p.write_text(text, encoding="utf-8")
    t = read_text(p)
    assert not XML_FORBIDDEN.search(t.raw) and not XML_FORBIDDEN.search(t.fold)
    assert len(t.raw) == len(text)  # one character for one
    at = text.index(char)
    assert t.line_of(at) == 82 and t.raw[at - 2 : at] == "强化"
    assert any(n.startswith("line 82: 1 character XML does not allow") for n in t.notes)


def test_a_nul_byte_is_named_and_the_store_stays_well_formed(tmp_path, run_cli):
    src = tmp_path / "in"
    src.mkdir()
    (src / "nul.txt").write_bytes((HEAD + FILLER + "80.强化\x00执法检查。（市税务局负责）\n").encode())
    result = run_cli("build", src, "--store", tmp_path / "kg")
    assert result.exit_code == 0, result.stderr
    assert "nul.txt: line 82: 1 character XML does not allow (U+0000) replaced" in result.stderr
    db = ox.Store.read_only(str(tmp_path / "kg"))
    texts = db.query("SELECT ?t WHERE { ?m <https://w3id.org/graphkit/ontology#text> ?t }")
    xml = texts.serialize(format=ox.QueryResultsFormat.XML)
    ET.fromstring(xml)  # well-formed
    assert b"\xef\xbf\xbd" in xml and b"\x00" not in xml
    assert validate(tmp_path / "kg").conforms


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_validate_reports_a_literal_holding_a_forbidden_character(char):
    doc = Document(id="a.txt/d1", source="a.txt", line=1, end_line=9, title="某方案")
    bad = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
                  text=f"简化{char}流程。")
    report = validate(graph_of([doc, bad]))
    found = [v for v in report.violations if "XML 1.0 forbids" in v.message]
    assert not report.conforms and len(found) == 1 and len(report.violations) == 1
    assert found[0].path.endswith("ontology#text") and found[0].focus.endswith("a.txt/d1/m1")
    ok = Measure(id="a.txt/d1/m1", doc_id="a.txt/d1", source="a.txt", line=3, number="1",
                 text="简化\t流程。\n")
    assert validate(graph_of([doc, ok])).conforms
