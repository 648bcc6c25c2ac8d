"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled corpus."""
    return CORPUS


@pytest.fixture(scope="session")
def test_data() -> Path:
    """``tests/data``."""
    return DATA


# --- SPARQL endpoint and push -------------------------------------------------

SERVE_TRIG = """\
PREFIX gk: <https://w3id.org/graphkit/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX cv: <http://data.europa.eu/m8g/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <https://w3id.org/graphkit/id/>

GRAPH <https://w3id.org/graphkit/id/graph/lasa.txt/d1> {
  <https://w3id.org/graphkit/id/doc/lasa.txt/d1> a gk:Document, eli:LegalResource ;
    dct:title "拉萨市优化营商环境任务分工方案"@zh ;
    dct:issued "2021-03-15"^^xsd:date ;
    gk:documentNumber "拉政办发〔2021〕8号" ;
    dct:publisher id:agency-gov ;
    dct:spatial <https://w3id.org/graphkit/id/region/540100> ;
    gk:sourceFile "lasa.txt" ; gk:sourceLine 1 .
  <https://w3id.org/graphkit/id/measure/lasa.txt/d1/m1> a gk:Measure, eli:LegalResourceSubdivision ;
    eli:is_part_of <https://w3id.org/graphkit/id/doc/lasa.txt/d1> ;
    gk:measureNumber "1" ; gk:text "压缩企业开办时间至1个工作日。" ;
    gk:sourceFile "lasa.txt" ; gk:sourceLine 12 ;
    gk:hasDeadline <https://w3id.org/graphkit/id/deadline/lasa.txt/d1/m1> ;
    prov:qualifiedAssociation <https://w3id.org/graphkit/id/assignment/lasa.txt/d1/m1/0> .
  <https://w3id.org/graphkit/id/deadline/lasa.txt/d1/m1> a gk:Deadline ;
    gk:deadlineText "2021年6月底前" ; gk:dueDate "2021-06-30"^^xsd:date ; gk:period "date" .
  <https://w3id.org/graphkit/id/measure/lasa.txt/d1/m2> a gk:Measure, eli:LegalResourceSubdivision ;
    eli:is_part_of <https://w3id.org/graphkit/id/doc/lasa.txt/d1> ;
    gk:measureNumber "2" ; gk:text "推行“一网通办”，办理时限不超过4个工作日。" ;
    gk:sourceFile "lasa.txt" ; gk:sourceLine 15 ;
    gk:hasTarget <https://w3id.org/graphkit/id/target/lasa.txt/d1/m2/0> .
  <https://w3id.org/graphkit/id/target/lasa.txt/d1/m2/0> a gk:PolicyTarget ;
    gk:value 4.0 ; gk:unit "个工作日" ; gk:comparator "le" ; gk:phrase "不超过4个工作日" .
  id:agency-amr gk:leads <https://w3id.org/graphkit/id/measure/lasa.txt/d1/m1> ;
    gk:cooperatesOn <https://w3id.org/graphkit/id/measure/lasa.txt/d1/m2> .
  id:agency-dsj gk:leads <https://w3id.org/graphkit/id/measure/lasa.txt/d1/m2> .
  <https://w3id.org/graphkit/id/assignment/lasa.txt/d1/m1/0> a gk:Assignment, prov:Association ;
    gk:agency id:agency-amr ; prov:agent id:agency-amr ;
    gk:measure <https://w3id.org/graphkit/id/measure/lasa.txt/d1/m1> ;
    gk:role gk:roleLead ; prov:hadRole gk:roleLead ; gk:mention "市市场监管局" .
  id:agency-amr a gk:Agency, org:Organization, cv:PublicOrganisation ;
    skos:prefLabel "拉萨市市场监督管理局"@zh ; skos:altLabel "市市场监管局"@zh ;
    dct:spatial <https://w3id.org/graphkit/id/region/540100> ; gk:agencyKind "agency" .
  id:agency-dsj a gk:Agency, org:Organization, cv:PublicOrganisation ;
    skos:prefLabel "拉萨市大数据局"@zh ; gk:agencyKind "agency" .
  id:agency-gov a gk:Agency, org:Organization ; skos:prefLabel "拉萨市人民政府办公室"@zh .
  <https://w3id.org/graphkit/id/region/540100> a gk:Region, gk:City ;
    skos:prefLabel "拉萨市"@zh ; gk:divisionCode "540100" .
}

GRAPH <https://w3id.org/graphkit/id/graph/xa.txt/d1> {
  <https://w3id.org/graphkit/id/doc/xa.txt/d1> a gk:Document, eli:LegalResource ;
    dct:title "西安市工程建设项目审批制度改革实施方案"@zh ;
    dct:issued "2022-07-01"^^xsd:date ;
    dct:spatial <https://w3id.org/graphkit/id/region/610100> ;
    gk:sourceFile "xa.txt" ; gk:sourceLine 1 .
  <https://w3id.org/graphkit/id/measure/xa.txt/d1/m1> a gk:Measure, eli:LegalResourceSubdivision ;
    eli:is_part_of <https://w3id.org/graphkit/id/doc/xa.txt/d1> ;
    gk:measureNumber "（一）" ; gk:text "全流程审批时间最长不超过90个工作日。" ;
    gk:sourceFile "xa.txt" ; gk:sourceLine 9 .
  id:agency-xa-zj gk:leads <https://w3id.org/graphkit/id/measure/xa.txt/d1/m1> .
  id:agency-amr-xa gk:cooperatesOn <https://w3id.org/graphkit/id/measure/xa.txt/d1/m1> .
  id:agency-xa-zj a gk:Agency, org:Organization ; skos:prefLabel "西安市住房和城乡建设局"@zh .
  id:agency-amr-xa a gk:Agency, org:Organization ; skos:prefLabel "西安市市场监督管理局"@zh .
  id:group-1 a gk:AgencyGroup ; skos:prefLabel "各区县政府"@zh ;
    gk:responsibleFor <https://w3id.org/graphkit/id/measure/xa.txt/d1/m1> .
  <https://w3id.org/graphkit/id/region/610100> a gk:Region, gk:City ;
    skos:prefLabel "西安市"@zh ; gk:divisionCode "610100" .
}
"""


def write_serve_store(path: Path) -> Path:
    """A small Oxigraph store following the graph contract: two document graphs."""
    import pyoxigraph

    store = pyoxigraph.Store(str(path))
    store.load(SERVE_TRIG.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
    store.flush()
    del store  # release the write lock before any reader opens the directory
    return path


@pytest.fixture(scope="session")
def serve_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only test store (do not write to it: servers read it concurrently)."""
    return write_serve_store(tmp_path_factory.mktemp("serve") / "store")


@pytest.fixture
def writable_store(tmp_path: Path) -> Path:
    """A fresh copy of the test store that a test may change."""
    return write_serve_store(tmp_path / "local")
