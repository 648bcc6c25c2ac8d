"""Control characters in source text: replaced at reading time, named, and caught by SHACL."""

from __future__ import annotations

import json
import re
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


# -- text as written ---------------------------------------------------------

TITLE = "拉萨市人民政府关于印发 alert('title') 方案 (试行) 的通知"
WRITTEN = "\n".join([
    TITLE,
    "拉政发〔2024〕3号",
    "各县（区）人民政府，市直各部门：",
    '一、"一网通办" 改革 (第一批)',
    '1.推进 "一网通办" 改革，3 个工作日办结。（市政府办公室(市大数据局)牵头，市公安局配合）',
    "2.加强 AI 监管。（市政府办公室（市大数据局）负责）",
    '3.建设 "AI+" 平台。（拉萨 "AI+" 创新中心 (筹)负责）',
    "4.公开 </script><img src=x onerror=alert('x')> 事项。（市公安局负责）",
    "",
])
GK = "https://w3id.org/graphkit/ontology#"


@pytest.fixture(scope="module")
def written_records():
    from graphkit.extraction import extract_text
    from graphkit.extraction.text import from_string

    return extract_text(from_string(WRITTEN, source="written.txt"))


def test_records_keep_titles_headings_texts_and_mentions_as_written(written_records):
    (doc,) = written_records.documents
    assert doc.title == TITLE
    m1, m2, m3, m4 = written_records.measures
    assert m1.section == ('"一网通办" 改革 (第一批)',)
    assert m1.text == '推进 "一网通办" 改革，3 个工作日办结。（市政府办公室(市大数据局)牵头，市公安局配合）'
    assert m4.text == "公开 </script><img src=x onerror=alert('x')> 事项。（市公安局负责）"
    assert [a.mention for a in m1.assignments] == ["市政府办公室(市大数据局)", "市公安局"]
    assert m1.assignments[0].clause == "（市政府办公室(市大数据局)牵头，市公安局配合）"
    assert [a.mention for a in m2.assignments] == ["市政府办公室（市大数据局）"]
    assert [a.mention for a in m3.assignments] == ['拉萨 "AI+" 创新中心 (筹)']


def test_ascii_and_full_width_brackets_are_one_agency(written_records):
    m1, m2, m3, _ = written_records.measures
    assert m1.assignments[0].agency == m2.assignments[0].agency == (
        "拉萨市人民政府办公室（拉萨市大数据管理局）"
    )
    office = written_records.agencies[m1.assignments[0].agency]
    assert office.alt_labels == ("市政府办公室(市大数据局)", "市政府办公室（市大数据局）")
    centre = written_records.agencies[m3.assignments[0].agency]
    # the canonical name is the key; the spelling as written is a label, its folded form hidden
    assert centre.alt_labels == ('拉萨 "AI+" 创新中心 (筹)',)
    assert centre.hidden_labels == ('拉萨"AI+"创新中心(筹)',)
    for a in written_records.agencies.values():
        assert not set(a.alt_labels) & set(a.hidden_labels)


def test_the_graph_keeps_the_title_and_labels_as_written(written_records):
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, SKOS

    from graphkit.extraction import extract_text
    from graphkit.extraction.text import from_string
    from graphkit.namespace import IRIs

    g = graph_of(written_records)
    iris = IRIs()
    assert set(g.objects(iris.document("written.txt/d1"), DCTERMS.title)) == {Literal(TITLE)}
    office = iris.agency("拉萨市人民政府办公室（拉萨市大数据管理局）")
    assert {str(o) for o in g.objects(office, SKOS.altLabel)} == {
        "市政府办公室(市大数据局)", "市政府办公室（市大数据局）"
    }
    assert len(set(g.objects(office, SKOS.prefLabel))) == 1
    mentions = {str(o) for o in g.objects(None, URIRef(GK + "mention"))}
    assert {"市政府办公室(市大数据局)", '拉萨 "AI+" 创新中心 (筹)'} <= mentions
    # the same agency written with full-width brackets only is the same node
    full_width = WRITTEN.replace("(市大数据局)", "（市大数据局）")
    other = graph_of(extract_text(from_string(full_width, source="written.txt")))
    assert (office, SKOS.prefLabel, None) in other
    agencies = {s for s in g.subjects(SKOS.prefLabel, None) if "/agency/" in str(s)}
    assert agencies == {s for s in other.subjects(SKOS.prefLabel, None) if "/agency/" in str(s)}


def test_the_ledger_page_shows_the_text_as_written_and_escaped(tmp_path, run_cli):
    src = tmp_path / "in"
    src.mkdir()
    (src / "written.txt").write_text(WRITTEN, encoding="utf-8")
    assert run_cli("build", src, "--store", tmp_path / "kg").exit_code == 0
    out = tmp_path / "ledger.html"
    result = run_cli("view", "ledger", "--store", tmp_path / "kg", "-o", out)
    assert result.exit_code == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "</script><img" not in html and "<img src=x" not in html
    data = json.loads(
        re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', html, re.S)
        .group(1)
    )
    assert data["documents"] == [TITLE]
    texts = [r[data["meta"]["fields"].index("text")] for r in data["rows"]]
    assert "公开 </script><img src=x onerror=alert('x')> 事项。（市公安局负责）" in texts
    assert '推进 "一网通办" 改革，3 个工作日办结。（市政府办公室(市大数据局)牵头，市公安局配合）' in texts
    assert "拉萨市人民政府办公室（拉萨市大数据管理局）" in data["agencies"]
