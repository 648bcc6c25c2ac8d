"""Records to RDF and the on-disk store: the graph contract, determinism, swaps, updates."""

from __future__ import annotations

import dataclasses
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, SKOS, BNode, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from graphkit.errors import QueryError, StoreError
from graphkit.namespace import ELI, GK, ORG, IRIs
from graphkit.records import Document, Measure
from graphkit.store import (
    build,
    export,
    graph,
    graph_of,
    iter_records,
    open_store,
    query,
    run,
    update,
)
from graphkit.store.ontology import ONTOLOGY_IRI

ROOT = Path(__file__).resolve().parent.parent
IRI = IRIs()


def plain(term):
    """``"x"^^xsd:string`` (as oxrdflib gives it) as ``"x"``: the same RDF 1.1 term."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def data_quads(ds: Dataset) -> set[tuple]:
    """Quads of the document graphs (not the ontology's graph)."""
    return {
        (s, p, plain(o), g)
        for s, p, o, g in ds.quads((None, None, None, None))
        if g is not None and g != ONTOLOGY_IRI and g != ds.default_graph.identifier
    }


def store_quads(path: Path) -> set[tuple]:
    return data_quads(graph(path))


# --- the graph contract -------------------------------------------------------


def test_one_named_graph_per_document(sample_extractions):
    ds = graph_of(sample_extractions)
    docs = [d for x in sample_extractions for d in x.documents]
    graphs = {g for *_, g in data_quads(ds)}
    assert graphs == {IRI.graph(d.id) for d in docs}
    for d in docs:
        g = ds.graph(IRI.graph(d.id))
        assert (IRI.document(d.id), RDF.type, GK.Document) in g
        measures = set(g.subjects(RDF.type, GK.Measure))
        want = {IRI.measure(m.id) for x in sample_extractions for m in x.measures}
        assert measures == {m for m in want if str(m).startswith(str(IRI.measure(d.id)) + "/")}


def test_document_graph_describes_every_agency_group_and_region_it_uses(sample_extractions):
    ds = graph_of(sample_extractions)
    for g_iri in {g for *_, g in data_quads(ds)}:
        g = ds.graph(g_iri)
        agents = set(g.objects(None, GK.agency)) | set(g.objects(None, DCTERMS.publisher))
        agents |= set(g.objects(None, ORG.unitOf))
        assert agents
        for a in agents:
            assert g.value(a, SKOS.prefLabel) is not None, (g_iri, a)
        for r in set(g.objects(None, DCTERMS.spatial)) | set(g.objects(None, GK.withinRegion)):
            assert g.value(r, GK.divisionCode) is not None, (g_iri, r)


def test_no_blank_nodes(sample_extractions):
    for quad in data_quads(graph_of(sample_extractions)):
        assert not any(isinstance(t, BNode) for t in quad)


def named_assignments(extractions):
    for x in extractions:
        for m in x.measures:
            for i, a in enumerate(m.assignments, 1):
                yield m, i, a


@pytest.mark.parametrize(
    ("role", "edge", "concept"),
    [
        ("lead", GK.leads, GK.roleLead),
        ("cooperate", GK.cooperatesOn, GK.roleCooperate),
        ("responsible", GK.responsibleFor, GK.roleResponsible),
    ],
)
def test_assignment_node_with_evidence_and_direct_edge(sample_extractions, role, edge, concept):
    ds = graph_of(sample_extractions)
    seen = 0
    for m, i, a in named_assignments(sample_extractions):
        if a.role != role:
            continue
        seen += 1
        node, measure = IRI.assignment(m.id, i), IRI.measure(m.id)
        agent = ds.value(node, GK.agency)
        assert agent is not None
        assert ds.value(node, PROV.agent) == agent
        assert ds.value(node, GK.measure) == measure
        assert (measure, PROV.qualifiedAssociation, node) in ds
        assert ds.value(node, GK.role) == concept == ds.value(node, PROV.hadRole)
        assert str(ds.value(node, GK.mention)) == a.mention
        assert str(ds.value(node, GK.sourceFile)) == a.source
        assert ds.value(node, GK.sourceLine).toPython() == a.line
        assert (str(ds.value(node, GK.clause) or "")) == a.clause
        assert (agent, edge, measure) in ds
        if a.collective:
            assert (agent, RDF.type, GK.AgencyGroup) in ds
            assert (agent, RDF.type, GK.Agency) not in ds
        else:
            # 城关区人民政府 of a 拉萨市 document is Lhasa's 城关区 (540102), not Lanzhou's
            within = ds.value(IRI.document(m.doc_id), DCTERMS.spatial)
            code = str(within).rsplit("/", 1)[-1] if within is not None else ""
            assert agent == IRI.agency(a.agency, within=code)
            assert (agent, RDF.type, GK.Agency) in ds
    assert seen


def test_agency_description(sample_extractions):
    ds = graph_of(sample_extractions)
    a = IRI.agency("拉萨市市场监督管理局")
    for cls in (
        GK.Agency,
        ORG.Organization,
        URIRef("http://data.europa.eu/m8g/PublicOrganisation"),
    ):
        assert (a, RDF.type, cls) in ds
    assert ds.value(a, SKOS.prefLabel) == Literal("拉萨市市场监督管理局", lang="zh")
    assert ds.value(a, SKOS.altLabel) == Literal("市市场监管局", lang="zh")
    assert ds.value(a, SKOS.hiddenLabel) == Literal("市市场监官局", lang="zh")
    assert ds.value(a, DCTERMS.spatial) == IRI.region("540100")
    assert ds.value(a, GK.adminLevel) == GK.levelCity
    ft = ds.value(a, GK.functionalType)
    assert ds.value(ft, SKOS.prefLabel) == Literal("市场监督管理", lang="zh")
    assert ds.value(ft, SKOS.inScheme) == GK.FunctionalTypeScheme
    unit = IRI.agency("拉萨市市场监督管理局登记注册科")
    assert (unit, RDF.type, GK.AgencyUnit) in ds
    assert ds.value(unit, ORG.unitOf) == a == ds.value(unit, ORG.subOrganizationOf)
    group = IRI.agency("拉萨市优化营商环境工作领导小组")
    assert (group, RDF.type, ORG.OrganizationalCollaboration) in ds
    national = IRI.agency("国务院办公厅")
    assert ds.value(national, GK.adminLevel) == GK.levelNational
    assert ds.value(national, DCTERMS.spatial) is None


def test_region_hierarchy_and_document_metadata(sample_extractions):
    ds = graph_of(sample_extractions)
    lhasa, tibet = IRI.region("540100"), IRI.region("540000")
    assert (lhasa, RDF.type, GK.City) in ds and (tibet, RDF.type, GK.Province) in ds
    assert ds.value(lhasa, GK.withinRegion) == tibet
    assert str(ds.value(lhasa, GK.divisionCode)) == "540100"
    d = IRI.document("lhasa.txt/d1")
    assert (d, RDF.type, ELI.LegalResource) in ds
    assert ds.value(d, DCTERMS.issued) == Literal("2021-03-01", datatype=XSD.date)
    assert ds.value(d, DCTERMS.spatial) == lhasa
    assert ds.value(d, DCTERMS.publisher) == IRI.agency("拉萨市人民政府办公室")
    assert str(ds.value(d, GK.documentNumber)) == "拉政办发〔2021〕12号"
    assert ds.value(ds.value(d, GK.documentType), SKOS.prefLabel) == Literal("台账", lang="zh")
    cited = ds.value(d, GK.cites)
    assert str(ds.value(cited, DCTERMS.title)) == "优化营商环境条例"
    assert str(ds.value(cited, GK.documentNumber)) == "国务院令第722号"
    # the same cited document is one node across documents
    assert (IRI.document("shaanxi.txt/d1"), GK.cites, cited) in ds


def test_literals_are_canonical_as_oxigraph_stores_them(sample_extractions):
    ds = graph_of(sample_extractions)
    values = {str(o) for o in ds.objects(None, GK.value)}
    assert values == {"4", "20", "1", "90", "40", "0.5"}


def test_instance_iris_follow_the_base(sample_extractions):
    base = "https://example.org/kg/"
    ds = graph_of(sample_extractions, IRIs(base))
    ours = (str(GK._NS), "http://www.w3.org/", "http://purl.org/", "http://data.europa.eu/")
    for quad in data_quads(ds):
        for t in quad:
            if isinstance(t, URIRef):
                assert str(t).startswith((base, *ours)), t


# --- determinism ----------------------------------------------------------------


def test_same_records_give_byte_identical_sorted_nquads(sample_records):
    shuffled = list(sample_records)
    random.Random(7).shuffle(shuffled)
    first, second = export(graph_of(sample_records), "nq"), export(graph_of(shuffled), "nq")
    assert first == second
    assert first.splitlines() == sorted(first.splitlines())
    assert export(graph_of(sample_records), "nt") == export(graph_of(shuffled), "nt")


def test_two_builds_give_identical_stores(tmp_path, sample_extractions, sample_records):
    build(tmp_path / "a", sample_extractions)
    build(tmp_path / "b", list(reversed(sample_records)))
    assert export(tmp_path / "a", "nq") == export(tmp_path / "b", "nq")
    build(tmp_path / "c", sample_extractions, ontology=False)
    assert export(tmp_path / "c", "nq") == export(graph_of(sample_extractions), "nq")


# --- the store ------------------------------------------------------------------


def test_store_holds_graph_of_and_the_ontology(sample_store, sample_extractions):
    assert store_quads(sample_store) == data_quads(graph_of(sample_extractions))
    db = open_store(sample_store)
    assert ox.NamedNode(str(ONTOLOGY_IRI)) in set(db.named_graphs())


def test_store_is_plain_oxigraph(sample_store):
    db = ox.Store.read_only(str(sample_store))
    n = next(iter(db.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH ?g {{ ?m a <{GK.Measure}> }} }}")))
    assert int(n["n"].value) == 7


def test_build_summary(tmp_path, sample_extractions):
    s = build(tmp_path / "kg", sample_extractions)
    assert (s.documents, s.measures, s.agencies, s.regions) == (3, 7, 13, 5)
    assert s.triples == len({(a, b, c) for a, b, c, _ in graph(tmp_path / "kg").quads()})
    assert s.quads > s.triples  # descriptions repeat across document graphs
    assert s.problems == ["shaanxi.txt:40: a sample problem"]
    assert "3 documents, 7 measures, 13 agencies, 5 regions" in str(s)


def test_graph_gives_the_rdflib_api(sample_store):
    ds = graph(sample_store)
    a = IRI.agency("拉萨市市场监督管理局")
    assert ds.value(a, SKOS.prefLabel) == Literal("拉萨市市场监督管理局", lang="zh")
    rows = list(ds.query("SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?a gk:leads ?m }"))
    assert int(rows[0][0]) == 7


def test_open_store_errors(tmp_path):
    with pytest.raises(StoreError, match="no store"):
        open_store(tmp_path / "nothing")
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        open_store(tmp_path / "plain")


def test_build_refuses_to_replace_what_is_not_a_store(tmp_path, sample_records):
    target = tmp_path / "precious"
    target.mkdir()
    (target / "thesis.txt").write_text("years of work", encoding="utf-8")
    with pytest.raises(StoreError, match="not an Oxigraph store"):
        build(target, sample_records)
    assert (target / "thesis.txt").read_text(encoding="utf-8") == "years of work"


# --- replacing documents --------------------------------------------------------


def test_update_replaces_exactly_one_documents_facts(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions)
    before = store_quads(path)
    lhasa = sample_extractions[0]
    m1, *rest = lhasa.measures
    changed_m1 = dataclasses.replace(
        m1, text="企业开办全程网办，2个工作日办结。", assignments=m1.assignments[:1]
    )
    changed = dataclasses.replace(lhasa, measures=[changed_m1, *rest[:-1]])  # m4 is gone
    update(path, changed)
    after = store_quads(path)
    expected = data_quads(graph_of([changed, sample_extractions[1]]))
    assert after == expected
    untouched = IRI.graph("lhasa.txt/d1")
    assert {q for q in before if q[3] != untouched} == {q for q in after if q[3] != untouched}
    assert {q for q in before if q[3] == untouched} != {q for q in after if q[3] == untouched}


def test_update_drops_documents_a_source_no_longer_has(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions)
    shaanxi = sample_extractions[1]
    fewer = dataclasses.replace(
        shaanxi,
        documents=shaanxi.documents[:1],
        measures=[m for m in shaanxi.measures if m.doc_id == shaanxi.documents[0].id],
    )
    summary = update(path, fewer)
    assert summary.documents == 2
    assert IRI.graph("shaanxi.txt/d2") not in {q[3] for q in store_quads(path)}
    assert store_quads(path) == data_quads(graph_of([sample_extractions[0], fewer]))


def test_update_of_a_single_document_record(tmp_path, sample_extractions, sample_records):
    path = tmp_path / "kg"
    build(path, sample_extractions)
    doc = sample_extractions[1].documents[1]
    retitled = dataclasses.replace(doc, title="西安市优化营商环境若干措施（修订）")
    others = [r for r in sample_records if not isinstance(r, Document | Measure)]
    measures = [m for m in sample_extractions[1].measures if m.doc_id == doc.id]
    update(path, [retitled, *measures, *others])
    titles = set(query(path, "SELECT ?t WHERE { ?d a gk:Document ; dct:title ?t }")["t"])
    assert "西安市优化营商环境若干措施（修订）" in titles
    assert "西安市优化营商环境若干措施" not in titles
    assert len(titles) == 3


# --- interrupted builds -----------------------------------------------------------

KILLER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {tests!r})
    from conftest import _sample
    from graphkit.store import build

    def items():
        for x in _sample():
            yield x
            os.kill(os.getpid(), signal.SIGKILL)  # dies with the new store half loaded

    build({store!r}, items())
    """
)


def count_measures(path: Path) -> int:
    return int(query(path, "SELECT (COUNT(DISTINCT ?m) AS ?n) { ?m a gk:Measure }")["n"][0])


def test_killed_build_leaves_the_old_store_usable(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions[:1])
    assert count_measures(path) == 4
    code = KILLER.format(tests=str(ROOT / "tests"), store=str(path))
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    leftovers = list(tmp_path.glob(".kg.build-*"))
    assert leftovers, "the killed build had started writing beside the store"
    assert count_measures(path) == 4  # the old store still answers
    build(path, sample_extractions)  # the next build cleans up and swaps in
    assert count_measures(path) == 7
    assert not list(tmp_path.glob(".kg.build-*"))


def test_failing_build_leaves_the_old_store_and_no_debris(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions[:1])

    def items():
        yield sample_extractions[1]
        raise RuntimeError("extraction failed half way")

    with pytest.raises(RuntimeError, match="half way"):
        build(path, items())
    assert count_measures(path) == 4
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["kg"]


def test_a_swap_cut_short_is_undone(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions)
    os.rename(path, tmp_path / ".kg.old-1234-abcd")  # killed between the two renames
    assert count_measures(path) == 7
    assert not list(tmp_path.glob(".kg.old-*"))


def test_a_second_build_at_the_same_time_is_refused(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions[:1])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"fh = open({str(tmp_path / '.kg.lock')!r}, 'a')\n"
            "fcntl.flock(fh, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"held"
        with pytest.raises(StoreError, match="another build"):
            build(path, sample_extractions)
    finally:
        holder.kill()
        holder.wait()
    assert count_measures(path) == 4


# --- back to records --------------------------------------------------------------


@pytest.mark.parametrize("where", ["graph", "store"])
def test_iter_records_gives_the_records_back(where, sample_extractions, sample_store, normalise):
    target = graph_of(sample_extractions) if where == "graph" else sample_store
    records = [r for x in sample_extractions for r in (*x.documents, *x.measures)]
    assert list(iter_records(target)) == normalise(records)


# --- queries ----------------------------------------------------------------------


def test_query_returns_typed_columns(sample_store):
    df = query(
        sample_store,
        """SELECT ?m ?line ?value ?due WHERE {
             ?m gk:sourceLine ?line ; gk:hasTarget/gk:value ?value .
             OPTIONAL { ?m gk:hasDeadline/gk:dueDate ?due }
           } ORDER BY ?value""",
    )
    assert list(df.columns) == ["m", "line", "value", "due"]
    assert df["value"].tolist() == [0.5, 1.0, 1.0, 4.0, 20.0, 40.0, 90.0]
    assert df["line"].dtype.kind == "i"
    assert df["due"].isna().sum() == 3


@pytest.mark.parametrize("where", ["store", "graph"])
def test_ask_construct_and_params(where, sample_store, sample_extractions):
    target = sample_store if where == "store" else graph_of(sample_extractions)
    assert query(target, "ASK { ?a gk:leads ?m }")["ask"].tolist() == [True]
    df = query(target, "CONSTRUCT { ?a gk:leads ?m } WHERE { ?a gk:leads ?m }")
    assert list(df.columns) == ["subject", "predicate", "object"] and len(df) == 7
    q = "SELECT ?d WHERE { ?d a gk:Document ; gk:documentNumber ?n }"
    assert len(query(target, q, params={"n": "陕政办发〔2023〕5号"})) == 1


@pytest.mark.parametrize("where", ["store", "graph"])
@pytest.mark.parametrize(
    "bad",
    ["SELECT ?x WHERE { ?x ?y }", "SELEC ?x WHERE { ?x ?y ?z }", "SELECT ?x WHERE { ?x a nope:X }"],
)
def test_syntax_errors_are_query_errors(where, bad, sample_store, sample_extractions):
    target = sample_store if where == "store" else graph_of(sample_extractions)
    with pytest.raises(QueryError, match=r"(?i)syntax|prefix|nope"):
        run(target, bad)


def test_queries_do_not_lock_the_store(sample_store):
    """Readers open the store read-only: several at once, across processes."""
    code = (
        "import sys; from graphkit.store import query; "
        f"print(len(query({str(sample_store)!r}, 'SELECT * {{ ?s ?p ?o }} LIMIT 3')))"
    )
    first = open_store(sample_store)
    procs = [
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, timeout=60)
        for _ in range(2)
    ]
    assert [p.stdout.strip() for p in procs] == [b"3", b"3"], [p.stderr for p in procs]
    assert len(first) > 0


def test_build_time_is_reported(tmp_path, sample_extractions):
    started = time.perf_counter()
    s = build(tmp_path / "kg", sample_extractions)
    assert 0 < s.seconds <= time.perf_counter() - started


# --- the default graph: the union, each triple once --------------------------------


def default_and_union(path: Path) -> tuple[set, set]:
    db = ox.Store.read_only(str(path))
    default, union = set(), set()
    for q in db:
        (default if isinstance(q.graph_name, ox.DefaultGraph) else union).add(q.triple)
    return default, union


def test_default_graph_is_the_union_of_the_document_graphs(sample_store):
    default, union = default_and_union(sample_store)
    assert default == union


def test_facts_repeated_across_graphs_come_once(sample_store):
    # 陕西省市场监督管理局 is described in both graphs of shaanxi.txt
    q = """SELECT ?region WHERE { ?a skos:prefLabel "陕西省市场监督管理局"@zh ;
                                     dct:spatial/skos:prefLabel ?region }"""
    assert query(sample_store, q)["region"].tolist() == ["陕西省"]
    graphs = query(
        sample_store,
        """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a skos:prefLabel "陕西省市场监督管理局"@zh } }""",
    )
    assert len(graphs) == 2


def test_update_rewrites_the_union(tmp_path, sample_extractions):
    path = tmp_path / "kg"
    build(path, sample_extractions)
    shaanxi = sample_extractions[1]
    update(path, dataclasses.replace(shaanxi, documents=[], measures=[]))
    default, union = default_and_union(path)
    assert default == union
    assert not {t for t in default if "shaanxi.txt" in str(t.subject)}
