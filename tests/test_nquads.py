"""The N-Quads written straight from the records equal the rdflib path's, byte for byte.

:func:`graphkit.store.convert.nquads_of` (what builds load) and
:func:`graphkit.store.convert.quads_of` / :func:`graph_of` (rdflib nodes, the
API) share one writer; here their output is compared as rdflib serialises it,
and as Oxigraph stores and exports it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graphkit.namespace import IRIs
from graphkit.records import Agency, Assignment, Deadline, Document, Measure, Region, Target
from graphkit.store.convert import graph_of, nquads_of, quads_of
from graphkit.store.disk import _to_ox_quads

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
NQ = ox.RdfFormat.N_QUADS
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.contexts is deprecated")


def rdflib_lines(source, iris=None) -> list[str]:
    """The rdflib path: the records' Dataset serialised by rdflib's own N-Quads writer."""
    text = graph_of(source, iris).serialize(format="nquads")
    return sorted(line + "\n" for line in text.split("\n") if line.strip())


def exported(quads) -> bytes:
    """Canonical N-Quads as the store exports them: loaded into Oxigraph, dumped, sorted."""
    db = ox.Store()
    db.extend(quads)
    lines = db.dump(format=NQ).splitlines()
    return b"\n".join(sorted(lines))


def assert_same(source, iris=None) -> list[str]:
    lines = list(nquads_of(source, iris))
    assert sorted(lines) == rdflib_lines(source, iris)
    assert len(set(lines)) == len(lines)  # no duplicates, as quads_of
    parsed = ox.parse("".join(lines).encode("utf-8"), format=NQ)
    assert exported(parsed) == exported(_to_ox_quads(quads_of(source, iris)))
    return lines


def test_sample_extractions(sample_extractions):
    lines = assert_same(sample_extractions)
    assert len(lines) > 100


def test_sample_records_converted_together(sample_records):
    assert_same(sample_records, IRIs("https://example.org/kg/"))


def test_contract_records(contract_records):
    c = contract_records
    assert_same([*c.documents, *c.measures, *c.agencies, *c.regions])


def test_hostile_text_is_escaped_like_rdflib():
    odd = 'a "quoted" \\ back\nslash\r\ttab <b> & 《文》 \u2028 \x7f'
    doc = Document(id="x y.txt/d1", source="x y.txt", line=1, end_line=9, title=odd,
                   date="2023-02-30", number=odd)
    m = Measure(id="x y.txt/d1/m1", doc_id="x y.txt/d1", source="x y.txt", line=3,
                number="1", text=odd, section=(odd, "二"),
                assignments=(Assignment("lead", odd, odd + "局", clause=odd),),
                targets=(Target(value="04.50", unit=odd, phrase=odd), Target(value="n/a", unit="")),
                deadline=Deadline(text=odd, date="2024-06", period=odd))
    agency = Agency(label=odd + "局", region="540100", alt_labels=(odd,), kind="unit",
                    parent="拉萨市人民政府")
    region = Region("540100", "拉萨市", "city", "540000")
    lines = assert_same([doc, m, agency, region])
    assert any('\\"quoted\\" \\\\ back\\nslash\\r\ttab' in line for line in lines)
    assert any('"4.5"^^<http://www.w3.org/2001/XMLSchema#decimal>' in line for line in lines)


def test_order_is_that_of_quads_of(sample_extractions):
    from graphkit.store.term_factories import NQuadsTerms

    lines = list(nquads_of(sample_extractions))
    t = NQuadsTerms()

    def term(x) -> str:
        if hasattr(x, "language"):
            if x.language:
                return t.lang(str(x), x.language)
            return t.typed(str(x), str(x.datatype)) if x.datatype else t.text(str(x))
        return t.iri(str(x))

    assert lines == [" ".join(map(term, q)) + " .\n" for q in quads_of(sample_extractions)]


@pytest.mark.slow
def test_corpus_file_by_file():
    extraction = pytest.importorskip("graphkit.extraction")
    total = 0
    for ex in extraction.extract_paths([CORPUS]):
        total += len(assert_same(ex))
    assert total > 50_000
