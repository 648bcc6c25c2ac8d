"""A small knowledge graph written triple by triple after the graph contract.

The analysis tests read it through SPARQL, as they read the corpus store. It is
written here with rdflib, independently of ``graphkit.store``, so that it checks
the queries against the contract itself. ``FIXTURE`` is the data; its figures
are easy to count by hand (the tests do).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from graphkit.namespace import CV, ELI, ORG, IRIs
from graphkit.records import (
    Agency,
    Assignment,
    Citation,
    Deadline,
    Document,
    Measure,
    Region,
    Target,
)

GKNS = Namespace("https://w3id.org/graphkit/ontology#")
BASE = "https://example.org/gk/"
ROLE_CONCEPT = {"lead": GKNS.roleLead, "cooperate": GKNS.roleCooperate,
                "responsible": GKNS.roleResponsible}
LEVEL_CLASS = {"province": GKNS.Province, "city": GKNS.City, "county": GKNS.County}

HOSTILE = (
    '推行<script>window.__pwned=1</script>“证照分离”<img src=x onerror="window.__pwned=1">改革'
)


@dataclass
class Fixture:
    regions: list[Region]
    agencies: list[Agency]
    documents: list[Document]
    measures: list[Measure]
    groups: list[str] = field(default_factory=list)


def _asg(role: str, agency: str, collective: bool = False) -> Assignment:
    return Assignment(role=role, mention=agency[-6:], agency="" if collective else agency,
                      source="f.txt", line=1, clause=f"{agency}{role}",
                      collective=collective)


def _m(doc: str, k: int, text: str, *asg: Assignment, targets=(), deadline=None) -> Measure:
    return Measure(id=f"{doc}/m{k}", doc_id=doc, source=doc.split("/")[0], line=10 + k,
                   number=f"{k}.", text=text, section=("二、重点任务",), assignments=asg,
                   targets=tuple(targets), deadline=deadline)


LS_SJ = "拉萨市市场监督管理局"
LS_FG = "拉萨市发展和改革委员会"
LS_ZJ = "拉萨市住房和城乡建设局"
LS_SF = "拉萨市司法局"
LS_SW = "国家税务总局拉萨市税务局"
LS_DJ = "拉萨市市场监督管理局登记注册科"
LS_CG = "城关区人民政府"
LS_ZF = "拉萨市人民政府"
XZ_FG = "西藏自治区发展和改革委员会"
XZ_SJ = "西藏自治区市场监督管理局"
XZ_ZJ = "西藏自治区住房和城乡建设厅"
SX_FG = "陕西省发展和改革委员会"
SX_SJ = "陕西省市场监督管理局"
SX_ZJ = "陕西省住房和城乡建设厅"
GS_SJ = "甘肃省市场监督管理局"
GS_FG = "甘肃省发展和改革委员会"
GROUP = "各县区政府"

D1, D2, D3, D4 = "000.txt/d1", "002.txt/d1", "001.txt/d1", "001.txt/d2"


def fixture() -> Fixture:
    """The records of the contract graph."""
    regions = [
        Region("540000", "西藏自治区", "province"),
        Region("540100", "拉萨市", "city", "540000"),
        Region("540102", "城关区", "county", "540100"),
        Region("610000", "陕西省", "province"),
        Region("610100", "西安市", "city", "610000"),
        Region("620000", "甘肃省", "province"),
        Region("620100", "兰州市", "city", "620000"),
        Region("620102", "城关区", "county", "620100"),
    ]
    agencies = [
        Agency(LS_SJ, "拉萨市", "city", "市场监督管理", alt_labels=("市市场监管局",)),
        Agency(LS_FG, "拉萨市", "city", "发展改革", alt_labels=("市发改委",)),
        Agency(LS_ZJ, "拉萨市", "city", "住房城乡建设"),
        Agency(LS_SF, "拉萨市", "city", "司法行政"),
        Agency(LS_SW, "拉萨市", "city", "税务", kind="vertical"),
        Agency(LS_DJ, "拉萨市", "city", "市场监督管理", kind="unit", parent=LS_SJ),
        Agency(LS_CG, "城关区", "county", "综合"),
        Agency(LS_ZF, "拉萨市", "city", "综合"),
        Agency(XZ_FG, "西藏自治区", "province", "发展改革"),
        Agency(XZ_SJ, "西藏自治区", "province", "市场监督管理"),
        Agency(XZ_ZJ, "西藏自治区", "province", "住房城乡建设"),
        Agency(SX_FG, "陕西省", "province", "发展改革"),
        Agency(SX_SJ, "陕西省", "province", "市场监督管理"),
        Agency(SX_ZJ, "陕西省", "province", "住房城乡建设"),
        Agency(GS_SJ, "甘肃省", "province", "市场监督管理"),
        Agency(GS_FG, "甘肃省", "province", "发展改革"),
    ]
    documents = [
        Document(D1, "000.txt", 1, 40, "拉萨市2021年优化营商环境重点工作任务落实台账",
                 issuers=(LS_ZF,), date="2021-03-15", number="拉政办发〔2021〕9号",
                 region="拉萨市", region_path=("西藏自治区", "拉萨市"), doc_type="台账",
                 cites=(Citation("《西藏自治区放管服改革分工方案》"),)),
        Document(D2, "002.txt", 1, 30, "西藏自治区放管服改革分工方案", date="2017-08-01",
                 region="西藏自治区", region_path=("西藏自治区",), doc_type="方案",
                 cites=(Citation("《优化营商环境条例》", "国务院令第722号"),)),
        Document(D3, "001.txt", 1, 50, "陕西省营造一流营商环境实施方案", date="2023-02-10",
                 number="陕政办发〔2023〕11号", region="陕西省", region_path=("陕西省",),
                 doc_type="方案", cites=(Citation("《优化营商环境条例》", "国务院令第722号"),)),
        Document(D4, "001.txt", 51, 80, "甘肃省优化营商环境行动方案", date="2023-05-20",
                 region="甘肃省", region_path=("甘肃省",), doc_type="方案"),
    ]
    measures = [
        _m(D1, 1, "企业开办时间压缩至1个工作日以内。",
           _asg("lead", LS_SJ), _asg("cooperate", LS_SW), _asg("cooperate", LS_FG),
           _asg("responsible", GROUP, collective=True),
           targets=[Target("1", "个工作日", "le", "压缩至1个工作日以内")],
           deadline=Deadline("2021年6月底前", "2021-06-30", "date")),
        _m(D1, 2, "工程建设项目全流程审批时间不超过80个工作日。",
           _asg("lead", LS_ZJ), _asg("cooperate", LS_FG), _asg("cooperate", LS_SJ),
           targets=[Target("80", "个工作日", "le", "不超过80个工作日")]),
        _m(D1, 3, HOSTILE, _asg("lead", LS_SJ), _asg("cooperate", LS_DJ),
           _asg("cooperate", LS_SF)),
        _m(D1, 4, "规范行政执法行为。", _asg("responsible", LS_SF), _asg("responsible", LS_CG)),
        _m(D1, 5, "深化投资审批制度改革。", _asg("lead", LS_FG), _asg("cooperate", LS_SJ),
           _asg("cooperate", LS_ZJ)),
        _m(D2, 1, "推进“多证合一”改革。", _asg("lead", XZ_SJ), _asg("cooperate", XZ_FG),
           _asg("cooperate", XZ_ZJ)),
        _m(D2, 2, "清理规范行政审批中介服务。", _asg("lead", XZ_FG), _asg("cooperate", XZ_SJ)),
        _m(D2, 3, "推进工程建设项目审批制度改革。", _asg("lead", XZ_SJ), _asg("lead", XZ_FG),
           _asg("responsible", XZ_ZJ)),
        _m(D3, 1, "企业开办时间压缩至2个工作日。", _asg("lead", SX_SJ), _asg("cooperate", SX_FG),
           targets=[Target("2", "个工作日", "le", "压缩至2个工作日")]),
        _m(D3, 2, "工程建设项目审批全流程时间不超过90个工作日。", _asg("lead", SX_ZJ),
           _asg("cooperate", SX_FG), _asg("cooperate", SX_SJ),
           targets=[Target("90", "个工作日", "le", "不超过90个工作日")]),
        _m(D3, 3, "完善社会信用体系。", _asg("lead", SX_FG), _asg("responsible", SX_ZJ)),
        _m(D4, 1, "企业开办全程网办，时间压缩至1个工作日以内。", _asg("lead", GS_SJ),
           _asg("cooperate", GS_FG),
           targets=[Target("1", "个工作日", "le", "压缩至1个工作日以内")]),
    ]
    return Fixture(regions, agencies, documents, measures, [GROUP])


def add_to_dataset(ds: Dataset, fx: Fixture, base: str = BASE, union: bool = False) -> None:
    """Write ``fx`` into ``ds``, one named graph per document, after the contract;
    with ``union``, also write the union of those graphs as the default graph (as
    the on-disk store holds it)."""
    iris = IRIs(base)
    regions = {r.name: r for r in fx.regions if r.code not in ("620102",)}
    by_code = {r.code: r for r in fx.regions}
    agencies = {a.label: a for a in fx.agencies}

    def lit(text: str) -> Literal:
        return Literal(text, lang="zh")

    def region(g, reg: Region) -> None:
        r = iris.region(reg.code)
        g.add((r, RDF.type, GKNS.Region))
        g.add((r, RDF.type, LEVEL_CLASS[reg.level]))
        g.add((r, SKOS.prefLabel, lit(reg.name)))
        g.add((r, GKNS.divisionCode, Literal(reg.code)))
        if reg.parent:
            g.add((r, GKNS.withinRegion, iris.region(reg.parent)))
            region(g, by_code[reg.parent])

    def concept(g, kind: str, label: str) -> URIRef:
        c = URIRef(base + f"{kind}/" + label)
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.prefLabel, lit(label)))
        return c

    def agency(g, label: str) -> URIRef:
        a = agencies[label]
        node = iris.agency(label)
        for t in (GKNS.Agency, ORG.Organization, CV.PublicOrganisation):
            g.add((node, RDF.type, t))
        g.add((node, SKOS.prefLabel, lit(label)))
        for alt in a.alt_labels:
            g.add((node, SKOS.altLabel, lit(alt)))
        reg = regions[a.region]
        g.add((node, DCTERMS.spatial, iris.region(reg.code)))
        region(g, reg)
        g.add((node, GKNS.functionalType, concept(g, "type", a.function)))
        level = GKNS["level" + a.level.capitalize()]
        g.add((node, GKNS.adminLevel, level))
        g.add((level, SKOS.prefLabel, Literal(a.level, lang="en")))
        g.add((node, GKNS.agencyKind, Literal(a.kind)))
        if a.parent:
            parent = agency(g, a.parent)
            g.add((node, RDF.type, GKNS.AgencyUnit))
            g.add((node, RDF.type, ORG.OrganizationalUnit))
            g.add((node, ORG.unitOf, parent))
            g.add((node, ORG.subOrganizationOf, parent))
        return node

    for doc in fx.documents:
        g = ds.graph(iris.graph(doc.id))
        d = iris.document(doc.id)
        g.add((d, RDF.type, GKNS.Document))
        g.add((d, RDF.type, ELI.LegalResource))
        g.add((d, DCTERMS.title, lit(doc.title)))
        if doc.date:
            g.add((d, DCTERMS.issued, Literal(doc.date, datatype=XSD.date)))
        if doc.number:
            g.add((d, GKNS.documentNumber, Literal(doc.number)))
        g.add((d, GKNS.documentType, concept(g, "doctype", doc.doc_type)))
        for issuer in doc.issuers:
            g.add((d, DCTERMS.publisher, agency(g, issuer)))
        reg = regions[doc.region]
        g.add((d, DCTERMS.spatial, iris.region(reg.code)))
        region(g, reg)
        if doc.id == D4:  # a second 城关区, so that the name is ambiguous in the store
            region(g, by_code["620102"])
        for c in doc.cites:
            # a cited document gets its own node, known by title and 文号, even when
            # the corpus holds it: the citation graph matches the two up
            cited = URIRef(base + "cited/" + (c.number or c.title))
            g.add((cited, RDF.type, ELI.LegalResource))
            g.add((cited, GKNS.citedTitle, lit(c.title)))
            g.add((cited, DCTERMS.title, lit(c.title.strip("《》"))))
            if c.number:
                g.add((cited, GKNS.documentNumber, Literal(c.number)))
            g.add((d, GKNS.cites, cited))
        g.add((d, GKNS.sourceFile, Literal(doc.source)))
        g.add((d, GKNS.sourceLine, Literal(doc.line, datatype=XSD.integer)))
        for role, concept_iri in ROLE_CONCEPT.items():
            g.add((concept_iri, RDF.type, SKOS.Concept))
            g.add((concept_iri, SKOS.inScheme, GKNS.RoleScheme))
            g.add((concept_iri, SKOS.prefLabel, Literal(role, lang="en")))
        for m in fx.measures:
            if m.doc_id != doc.id:
                continue
            mi = iris.measure(m.id)
            g.add((mi, RDF.type, GKNS.Measure))
            g.add((mi, RDF.type, ELI.LegalResourceSubdivision))
            g.add((mi, ELI.is_part_of, d))
            g.add((mi, GKNS.measureNumber, Literal(m.number)))
            g.add((mi, GKNS.text, lit(m.text)))
            g.add((mi, GKNS.sectionPath, lit(" / ".join(m.section))))
            g.add((mi, GKNS.sourceFile, Literal(m.source)))
            g.add((mi, GKNS.sourceLine, Literal(m.line, datatype=XSD.integer)))
            if m.deadline:
                dl = iris.deadline(m.id)
                g.add((mi, GKNS.hasDeadline, dl))
                g.add((dl, RDF.type, GKNS.Deadline))
                g.add((dl, GKNS.deadlineText, lit(m.deadline.text)))
                g.add((dl, GKNS.dueDate, Literal(m.deadline.date, datatype=XSD.date)))
                g.add((dl, GKNS.period, Literal(m.deadline.period)))
            for i, t in enumerate(m.targets):
                ti = iris.target(m.id, i)
                g.add((mi, GKNS.hasTarget, ti))
                g.add((ti, RDF.type, GKNS.PolicyTarget))
                g.add((ti, GKNS.value, Literal(t.value, datatype=XSD.decimal)))
                g.add((ti, GKNS.unit, lit(t.unit)))
                g.add((ti, GKNS.comparator, Literal(t.comparator)))
                g.add((ti, GKNS.phrase, lit(t.phrase)))
            for i, a in enumerate(m.assignments):
                if a.collective:
                    who = iris.group(GROUP)
                    g.add((who, RDF.type, GKNS.AgencyGroup))
                    g.add((who, SKOS.prefLabel, lit(GROUP)))
                else:
                    who = agency(g, a.agency)
                    g.add((who, {"lead": GKNS.leads, "cooperate": GKNS.cooperatesOn,
                                 "responsible": GKNS.responsibleFor}[a.role], mi))
                asg = iris.assignment(m.id, i)
                g.add((mi, PROV.qualifiedAssociation, asg))
                g.add((asg, RDF.type, GKNS.Assignment))
                g.add((asg, RDF.type, PROV.Association))
                g.add((asg, GKNS.agency, who))
                g.add((asg, PROV.agent, who))
                g.add((asg, GKNS.measure, mi))
                g.add((asg, GKNS.role, ROLE_CONCEPT[a.role]))
                g.add((asg, PROV.hadRole, ROLE_CONCEPT[a.role]))
                g.add((asg, GKNS.mention, lit(a.mention)))
                g.add((asg, GKNS.sourceFile, Literal(a.source)))
                g.add((asg, GKNS.sourceLine, Literal(a.line, datatype=XSD.integer)))
                g.add((asg, GKNS.clause, lit(a.clause)))
    if union:
        default = ds.default_graph
        for s, p, o, g in list(ds.quads((None, None, None, None))):
            if g is not None and g != default.identifier:
                default.add((s, p, o))
