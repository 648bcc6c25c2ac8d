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


@pytest.fixture(scope="session")
def load_tool():
    """Import a script of ``tools/`` by name (``load_tool("make_regions")``)."""
    import importlib.util

    def load(name: str):
        path = ROOT / "tools" / f"{name}.py"
        spec = importlib.util.spec_from_file_location(f"tools_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


# --- store: a small set of records standing in for an extraction -------------

from dataclasses import dataclass, field  # noqa: E402

from graphkit.records import (  # noqa: E402
    Agency,
    Assignment,
    Citation,
    Deadline,
    Document,
    Measure,
    Region,
    Target,
)


@dataclass
class SampleExtraction:
    """The shape of ``graphkit.extraction.Extraction``: what one source file gave."""

    source: str
    documents: list[Document]
    measures: list[Measure]
    agencies: dict[str, Agency] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


SAMPLE_REGIONS = [
    Region("540000", "西藏自治区", "province", "", "西藏"),
    Region("540100", "拉萨市", "city", "540000"),
    Region("540102", "城关区", "county", "540100"),
    Region("610000", "陕西省", "province", "", "陕西"),
    Region("610100", "西安市", "city", "610000"),
]

SAMPLE_AGENCIES = [
    Agency(
        "拉萨市市场监督管理局",
        "拉萨市",
        "city",
        "市场监督管理",
        "agency",
        "",
        ("市市场监管局",),
        ("市市场监官局",),
    ),
    Agency(
        "拉萨市市场监督管理局登记注册科",
        "拉萨市",
        "city",
        "市场监督管理",
        "unit",
        "拉萨市市场监督管理局",
        ("登记注册科",),
    ),
    Agency("拉萨市行政审批局", "拉萨市", "city", "行政审批", "agency", "", ("市行政审批局",)),
    Agency("拉萨市公安局", "拉萨市", "city", "公安", "agency", "", ("市公安局",)),
    Agency("国家税务总局拉萨市税务局", "拉萨市", "city", "税务", "vertical", "", ("市税务局",)),
    Agency("拉萨市人民政府办公室", "拉萨市", "city", "办公厅", "agency"),
    Agency("拉萨市优化营商环境工作领导小组", "拉萨市", "city", "", "other", "", ("市领导小组",)),
    Agency("拉萨市城关区人民政府", "城关区", "county", "人民政府", "agency"),
    Agency("陕西省人民政府办公厅", "陕西省", "province", "办公厅", "agency"),
    Agency(
        "陕西省市场监督管理局",
        "陕西省",
        "province",
        "市场监督管理",
        "agency",
        "",
        ("省市场监管局",),
    ),
    Agency(
        "陕西省发展和改革委员会", "陕西省", "province", "发展改革", "agency", "", ("省发展改革委",)
    ),
    Agency("西安市人民政府", "西安市", "city", "人民政府", "agency"),
    Agency("国务院办公厅", "", "national", "办公厅", "agency"),
]


def _asg(
    role: str,
    mention: str,
    agency: str,
    source: str,
    line: int,
    clause: str = "",
    collective: bool = False,
) -> Assignment:
    return Assignment(role, mention, agency, source, line, clause, collective)


def _sample() -> list[SampleExtraction]:
    la, xa = "lhasa.txt", "shaanxi.txt"
    lead_clause = "牵头单位：市市场监管局"
    lhasa_doc = Document(
        id=f"{la}/d1",
        source=la,
        line=1,
        end_line=40,
        title="拉萨市2021年优化营商环境重点工作任务落实台账",
        issuers=("拉萨市人民政府办公室",),
        date="2021-03-01",
        number="拉政办发〔2021〕12号",
        region="拉萨市",
        region_path=("西藏自治区", "拉萨市"),
        doc_type="台账",
        cites=(Citation("《优化营商环境条例》", "国务院令第722号", 2),),
    )
    lhasa_measures = [
        Measure(
            id=f"{la}/d1/m1",
            doc_id=f"{la}/d1",
            source=la,
            line=5,
            number="1",
            text="企业开办实行一窗受理、全程网办，4个工作日办结。",
            section=("（一）提升企业开办注销便利度",),
            assignments=(
                _asg("lead", "市市场监管局", "拉萨市市场监督管理局", la, 6, lead_clause),
                _asg("cooperate", "市行政审批局", "拉萨市行政审批局", la, 7),
                _asg("cooperate", "市公安局", "拉萨市公安局", la, 7),
                _asg("cooperate", "市税务局", "国家税务总局拉萨市税务局", la, 7),
            ),
            deadline=Deadline("8月底", "2021-08-31", "month", 8),
            targets=(Target("4", "个工作日", "le", "4个工作日办结", 5),),
            end_line=8,
        ),
        Measure(
            id=f"{la}/d1/m2",
            doc_id=f"{la}/d1",
            source=la,
            line=10,
            number="2",
            text="细化“证照分离”改革，实现市场主体“准入即准营”。",
            section=("（一）提升企业开办注销便利度",),
            assignments=(
                _asg("lead", "市市场监管局", "拉萨市市场监督管理局", la, 11, lead_clause),
                _asg("cooperate", "市行政审批局", "拉萨市行政审批局", la, 12),
            ),
            deadline=Deadline("9月底", "2021-09-30", "month", 13),
            end_line=13,
        ),
        Measure(
            id=f"{la}/d1/m3",
            doc_id=f"{la}/d1",
            source=la,
            line=15,
            number="3",
            text="优化企业注销流程，简易注销公告时间压缩至20天。",
            section=("（一）提升企业开办注销便利度",),
            assignments=(
                _asg("lead", "市行政审批局", "拉萨市行政审批局", la, 16),
                _asg("cooperate", "市市场监管局", "拉萨市市场监督管理局", la, 17),
                _asg("cooperate", "登记注册科", "拉萨市市场监督管理局登记注册科", la, 17),
                _asg(
                    "responsible",
                    "各县区政府",
                    "各县区政府",
                    la,
                    18,
                    "各县区政府按职责分工负责",
                    True,
                ),
            ),
            deadline=Deadline("长期坚持", "", "ongoing", 19),
            targets=(Target("20", "天", "le", "压缩至20天", 15),),
            end_line=19,
        ),
        Measure(
            id=f"{la}/d1/m4",
            doc_id=f"{la}/d1",
            source=la,
            line=21,
            number="4",
            text="建立优化营商环境工作机制，每季度调度不少于1次，城关区率先试点。",
            section=("（二）强化组织保障",),
            assignments=(
                _asg("lead", "市领导小组", "拉萨市优化营商环境工作领导小组", la, 22),
                _asg("responsible", "城关区政府", "拉萨市城关区人民政府", la, 22),
                _asg("responsible", "各县区政府", "各县区政府", la, 22, "", True),
            ),
            targets=(Target("1", "次", "ge", "不少于1次", 21),),
            end_line=23,
        ),
    ]
    province_doc = Document(
        id=f"{xa}/d1",
        source=xa,
        line=1,
        end_line=30,
        title="陕西省人民政府办公厅关于印发陕西省优化营商环境三年行动计划的通知",
        issuers=("陕西省人民政府办公厅",),
        date="2023-02-10",
        number="陕政办发〔2023〕5号",
        region="陕西省",
        region_path=("陕西省",),
        doc_type="通知",
        cites=(
            Citation(
                "《国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见》",
                "国办发〔2022〕30号",
                3,
            ),
            Citation("《优化营商环境条例》", "国务院令第722号", 3),
        ),
    )
    city_doc = Document(
        id=f"{xa}/d2",
        source=xa,
        line=31,
        end_line=60,
        title="西安市优化营商环境若干措施",
        issuers=("西安市人民政府",),
        date="2023-05",
        region="西安市",
        region_path=("陕西省", "西安市"),
        doc_type="方案",
        cites=(
            Citation(
                "《国务院办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见》",
                "国办发〔2022〕30号",
                33,
            ),
        ),
    )
    shaanxi_measures = [
        Measure(
            id=f"{xa}/d1/m1",
            doc_id=f"{xa}/d1",
            source=xa,
            line=8,
            number="（一）",
            text="深化企业开办便利化改革，企业开办时间压缩至1个工作日以内。",
            section=("三、重点任务", "（一）优化准入"),
            assignments=(
                _asg(
                    "lead",
                    "省市场监管局",
                    "陕西省市场监督管理局",
                    xa,
                    9,
                    "（省市场监管局牵头，省发展改革委配合）",
                ),
                _asg(
                    "cooperate",
                    "省发展改革委",
                    "陕西省发展和改革委员会",
                    xa,
                    9,
                    "（省市场监管局牵头，省发展改革委配合）",
                ),
            ),
            deadline=Deadline("2023年底前", "2023-12-31", "year", 9),
            targets=(Target("1", "个工作日", "le", "1个工作日以内", 8),),
            end_line=9,
        ),
        Measure(
            id=f"{xa}/d1/m2",
            doc_id=f"{xa}/d1",
            source=xa,
            line=11,
            number="（二）",
            text="工程建设项目全流程审批时间最长不超过90个工作日，社会投资项目审批时间压缩40%以上。",
            section=("三、重点任务", "（二）优化审批"),
            assignments=(
                _asg("lead", "省发展改革委", "陕西省发展和改革委员会", xa, 12),
                _asg("cooperate", "省市场监管局", "陕西省市场监督管理局", xa, 12),
                _asg("responsible", "各市（区）", "各市（区）", xa, 12, "", True),
            ),
            deadline=Deadline("2024年6月底", "2024-06-30", "month", 12),
            targets=(
                Target("90", "个工作日", "le", "最长不超过90个工作日", 11),
                Target("40", "%", "ge", "压缩40%以上", 11),
            ),
            end_line=12,
        ),
        Measure(
            id=f"{xa}/d2/m1",
            doc_id=f"{xa}/d2",
            source=xa,
            line=35,
            number="1",
            text="推行企业开办“一网通办”，开办企业时间压缩至0.5天。",
            section=("一、提升开办效率",),
            assignments=(
                _asg("lead", "市市场监管局", "陕西省市场监督管理局", xa, 36),
                _asg("cooperate", "省发展改革委", "陕西省发展和改革委员会", xa, 36),
                _asg("cooperate", "国务院办公厅", "国务院办公厅", xa, 36),
            ),
            targets=(Target("0.5", "天", "le", "压缩至0.5天", 35),),
            end_line=36,
        ),
    ]
    agencies = {a.label: a for a in SAMPLE_AGENCIES}
    regions = {r.code: r for r in SAMPLE_REGIONS}
    return [
        SampleExtraction(la, [lhasa_doc], lhasa_measures, agencies, regions),
        SampleExtraction(
            xa,
            [province_doc, city_doc],
            shaanxi_measures,
            agencies,
            regions,
            ["shaanxi.txt:40: a sample problem"],
        ),
    ]


@pytest.fixture(scope="session")
def sample_extractions() -> list[SampleExtraction]:
    """Two source files' worth of records: 拉萨市 (one document) and 陕西省 (two)."""
    return _sample()


@pytest.fixture(scope="session")
def sample_records(sample_extractions) -> list:
    """The same records as one flat list (documents, measures, agencies, regions)."""
    out: list = []
    for x in sample_extractions:
        out += x.documents + x.measures
    return out + SAMPLE_AGENCIES + SAMPLE_REGIONS


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory, sample_extractions) -> Path:
    """A store built from the sample (read it, never write it: use ``tmp_path`` for that)."""
    from graphkit.store import build

    path = tmp_path_factory.mktemp("sample") / "store"
    build(path, sample_extractions)
    return path


def _normalised(records):
    import dataclasses

    from graphkit.store.convert import _decimal_literal

    out = []
    for r in records:
        if isinstance(r, Document):
            r = dataclasses.replace(
                r,
                issuers=tuple(sorted(set(r.issuers))),
                cites=tuple(
                    sorted(
                        {dataclasses.replace(c, line=0) for c in r.cites},
                        key=lambda c: (c.number, c.title),
                    )
                ),
            )
        else:
            r = dataclasses.replace(
                r,
                section=r.section if any(r.section) else (),
                targets=tuple(
                    dataclasses.replace(t, value=str(_decimal_literal(t.value))) for t in r.targets
                ),
            )
        out.append(r)
    return sorted(out, key=lambda r: (not isinstance(r, Document), r.id))


@pytest.fixture(scope="session")
def normalise():
    """Records as :func:`graphkit.store.iter_records` gives them back (see its docstring)."""
    return _normalised


# --- SPARQL endpoint and push -------------------------------------------------


@pytest.fixture
def writable_sample_store(tmp_path, sample_extractions) -> Path:
    """A store built from the sample that a test may change (``graphkit.store.update``)."""
    from graphkit.store import build

    path = tmp_path / "local" / "store"
    build(path, sample_extractions)
    return path


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Path:
    """``graphkit build`` of the bundled corpus (slow: use in ``slow`` tests only)."""
    import subprocess
    import sys

    path = tmp_path_factory.mktemp("corpus") / "store"
    subprocess.run(
        [sys.executable, "-m", "graphkit", "build", "--store", str(path), str(CORPUS)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return path


# --- analysis: a small store written after the graph contract -------------------------


@pytest.fixture(scope="session")
def contract_records():
    """The records behind :func:`contract_store` (see ``tests/contract_graph.py``)."""
    from contract_graph import fixture

    return fixture()


@pytest.fixture(scope="session")
def contract_store(tmp_path_factory, contract_records) -> Path:
    """An on-disk Oxigraph store directory holding the contract graph."""
    from contract_graph import add_to_dataset
    from rdflib import Dataset

    path = tmp_path_factory.mktemp("contract") / "store"
    path.mkdir()
    ds = Dataset(store="Oxigraph")
    ds.open(str(path))
    add_to_dataset(ds, contract_records, union=True)
    ds.close()
    return path


@pytest.fixture(scope="session")
def contract_dataset(contract_records):
    """The same graph in rdflib's in-memory Dataset (union default graph)."""
    from contract_graph import add_to_dataset
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    add_to_dataset(ds, contract_records)
    return ds


@pytest.fixture(scope="session")
def contract_bipartite(contract_store):
    """The agency–measure graph of the contract store."""
    from graphkit.analysis import bipartite_graph

    return bipartite_graph(contract_store)


# --- headless Chromium with the network blocked ----------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--proxy-server=127.0.0.1:9",
    "--window-size=1400,900",
)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Debian's chromium driven by selenium through chromedriver, no network.

    Console messages and network events are logged (``goog:loggingPrefs``) so
    tests can check that a page raised no error and sent no request.
    """
    import shutil

    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not binary or not driver_path:
        pytest.skip("chromium and chromium-driver are not installed (tools/setup.sh)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``artifacts/`` (gitignored): screenshots and timings the tests leave behind."""
    path = ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path


# --- scale: the command line and a small plan ------------------------------


@pytest.fixture
def run_cli():
    """Run the ``graphkit`` command in-process: ``run_cli("extract", path)``.

    Returns click's ``Result`` with ``exit_code``, ``stdout`` and ``stderr`` apart.
    """
    from click.testing import CliRunner

    from graphkit.cli import cli

    def run(*args: object, **kwargs):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, **kwargs)

    return run


PLAN_LINES = [
    "拉萨市人民政府关于印发优化营商环境工作方案的通知",
    "拉政发〔2021〕9号",
    "各县（区）人民政府，市直各部门：",
    "一、重点任务",
    "1.压缩企业开办时间，全程网办，3个工作日办结。（市市场监管局牵头，市公安局、市税务局配合）",
    "2.推进不动产登记一窗办理。（市自然资源局负责）",
    "3.加强事中事后监管，2021年底前完成。（市市场监管局牵头，市发改委配合）",
    "4.优化办税服务。（市税务局负责）",
]


@pytest.fixture
def plan_lines() -> list[str]:
    """A small plan, one line per item: four measures with bracket clauses."""
    return list(PLAN_LINES)
