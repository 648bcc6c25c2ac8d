from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.extraction.regions import (
    find_region,
    is_zone,
    leading_region,
    load_regions,
    region_path,
    regions_in,
    special_area,
    special_areas,
)

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "graphkit" / "data" / "regions.tsv"


@pytest.mark.parametrize(
    ("code", "name", "level", "short"),
    [
        ("540000", "西藏自治区", "province", "西藏"),
        ("540100", "拉萨市", "city", "拉萨"),
        ("540102", "城关区", "county", "城关"),
        ("610000", "陕西省", "province", "陕西"),
        ("610100", "西安市", "city", "西安"),
        ("610600", "延安市", "city", "延安"),
        ("640000", "宁夏回族自治区", "province", "宁夏"),
        ("640100", "银川市", "city", "银川"),
        ("620000", "甘肃省", "province", "甘肃"),
        ("620100", "兰州市", "city", "兰州"),
        ("620300", "金昌市", "city", "金昌"),
        ("621200", "陇南市", "city", "陇南"),
        ("620800", "平凉市", "city", "平凉"),
        ("650000", "新疆维吾尔自治区", "province", "新疆"),
        ("650200", "克拉玛依市", "city", "克拉玛依"),
        ("630000", "青海省", "province", "青海"),
    ],
)
def test_required_regions(code, name, level, short):
    r = load_regions()[code]
    assert (r.name, r.level, r.short) == (name, level, short)


def test_table_is_a_consistent_tree():
    regions = load_regions()
    counts = {
        lv: sum(r.level == lv for r in regions.values()) for lv in ("province", "city", "county")
    }
    assert counts["province"] == 34
    assert 300 < counts["city"] < 400 and 2800 < counts["county"] < 3300
    moved = []  # counties handed to another city keep their code (公主岭市 220381)
    for code, r in regions.items():
        assert re.fullmatch(r"\d{6}", code) and r.code == code
        if r.level == "province":
            assert r.parent == "" and code.endswith("0000")
            continue
        parent = regions[r.parent]
        assert parent.code[:2] == code[:2]
        assert parent.level == ("province" if r.level == "city" else parent.level)
        if r.level == "county" and parent.level == "city" and parent.code[:4] != code[:4]:
            moved.append(r.name)
    assert moved == ["公主岭市"]


def test_table_names_its_source():
    head = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    text = "\n".join(head)
    assert "jionlp 1.5.31" in text and "Apache-2.0" in text and "sha256" in text


@pytest.mark.parametrize(
    ("name", "within", "code"),
    [
        ("拉萨市", None, "540100"),
        ("拉萨", None, "540100"),
        ("西藏", None, "540000"),
        ("宁夏", None, "640000"),
        ("宁夏自治区", None, "640000"),
        ("新疆", None, "650000"),
        ("陕西", None, "610000"),
        ("克拉玛依", None, "650200"),  # the city, not 克拉玛依区
        ("克拉玛依区", None, "650203"),
        ("吉林", None, "220000"),  # province before city
        ("临夏州", None, "622900"),
        ("巴州", None, "652800"),
        ("城关区", None, None),  # several
        ("城关区", "540100", "540102"),
        ("城关区", "540000", "540102"),
        ("城关区", "540102", "540102"),
        ("城关区", "620100", "620102"),
        ("城关区", "620000", "620102"),
        ("陕西省", "540100", "610000"),  # a name outside the context still resolves
        ("区", "540100", "540000"),
        ("区", "540000", "540000"),
        ("区", "540102", "540102"),
        ("区", "610100", None),
        ("区", None, None),
        ("自治区", "650200", "650000"),
        ("市", "540102", "540100"),
        ("省", "610600", "610000"),
        ("省", "540100", None),
        ("陕西省延安市", None, "610600"),
        ("西藏自治区拉萨市城关区", None, "540102"),
        ("西藏拉萨", None, "540100"),
        ("甘肃省拉萨市", None, None),
        ("兰州新区", None, "620171"),
        ("宁东", None, None),
        ("宁东能源化工基地", None, None),
        ("", None, None),
        ("市场监督管理局", None, None),
    ],
)
def test_find_region(name, within, code):
    r = find_region(name, within=within)
    assert (r.code if r else None) == code


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("540102", ["西藏自治区", "拉萨市", "城关区"]),
        ("540000", ["西藏自治区"]),
        ("620171", ["甘肃省", "兰州市", "兰州新区"]),
        ("500101", ["重庆市", "万州区"]),  # municipality: no city level
        ("419001", ["河南省", "济源市"]),  # county-level city under the province
        ("000000", []),
    ],
)
def test_region_path(code, names):
    assert [r.name for r in region_path(code)] == names


@pytest.mark.parametrize(
    ("text", "within", "names"),
    [
        ("拉萨市人民政府关于印发《拉萨市…》的通知", None, ["拉萨市"]),
        ("西藏自治区人民政府办公厅", None, ["西藏自治区"]),
        ("中共金昌市委 金昌市人民政府", None, ["金昌市"]),
        ("宁夏回族自治区市场监督管理厅、宁东市场监管局", None, ["宁夏回族自治区"]),
        ("城关区、堆龙德庆区", "540100", ["城关区", "堆龙德庆区"]),
        ("城关区", None, []),
        ("陇南市康县、成县", None, ["陇南市", "康县", "成县"]),
        ("开展示范县创建，确保长治久安", None, []),
        ("克拉玛依市、克拉玛依区", None, ["克拉玛依市", "克拉玛依区"]),
    ],
)
def test_regions_in(text, within, names):
    assert [r.name for r in regions_in(text, within=within)] == names


def test_regions_in_counts_mentions():
    found = regions_in("拉萨市 拉萨市 西藏", unique=False)
    assert [r.code for r in found] == ["540100", "540100", "540000"]


def test_regions_in_finds_the_corpus_regions(corpus_dir):
    expected = {
        "000": {"拉萨市"},
        "001": {"陕西省", "宁夏回族自治区", "甘肃省", "青海省", "新疆维吾尔自治区", "延安市"},
        "002": {"西藏自治区"},
        "003": {"拉萨市"},
        "004": {"拉萨市"},
    }
    for path in sorted(corpus_dir.glob("*.txt")):
        names = {r.name for r in regions_in(path.read_text(encoding="utf-8"))}
        assert expected[path.name[:3]] <= names, path.name


def test_zones():
    assert is_zone("620171") and is_zone("540172")
    assert not is_zone("540102") and not is_zone("999999")


def test_special_areas():
    area = special_area("宁东")
    assert area is not None and area.name == "宁东能源化工基地"
    assert load_regions()[area.within].name == "宁夏回族自治区"
    assert special_area("拉萨市") is None
    regions = load_regions()
    for a in special_areas():
        assert a.within in regions, a
        assert find_region(a.name) is None, a  # never a division


@pytest.mark.parametrize(
    ("name", "shorts", "prefix"),
    [
        ("拉萨市城关区人民政府", False, "拉萨市"),
        ("西藏自治区人民政府", False, "西藏自治区"),
        ("兰州新区管委会", False, "兰州新区"),
        ("宁东市场监管局", False, ""),
        ("宁东市场监管局", True, "宁东"),
        ("金昌经开区管委会", True, "金昌经开区"),
        ("铜川银保监分局", True, "铜川"),
        ("市场监管局", True, ""),
        ("城区管理局", False, ""),  # 城区 is also a word
    ],
)
def test_leading_region(name, shorts, prefix):
    assert leading_region(name, shorts=shorts) == prefix


def test_load_is_fast():
    """Loading the table once (in a fresh interpreter) stays well under a second."""
    code = (
        "import time; from graphkit.extraction import regions; t = time.perf_counter(); "
        "regions.load_regions(); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert float(out.stdout) < 1.0


SAMPLE = """\
北京市\t110000\t北京
\t北京市\t110000\t北京
\t\t东城区\t110101\t东城
\t\t\t东华门街道
\t\t\t\t多福巷社区
西藏自治区\t540000\t西藏
\t拉萨市\t540100\t拉萨
\t\t城关区\t540102\t城关
\t\t拉萨经济技术开发区\t540172\t经开区
\t阿里地区\t542500\t阿里地区
河南省\t410000\t河南
\t省直辖行政区划\t419000\t省直辖
\t\t济源市\t419001\t济源
\t平顶山市\t410400\t平顶山
\t\t平顶山市城乡一体化示范区\t410471\t新城区
\t\t平顶山高新技术产业开发区\t410471\t高新区
新疆维吾尔自治区\t650000\t新疆
\t巴音郭楞蒙古自治州\t652800\t巴州/巴音郭楞
台湾省\t710000\t台湾
\t台北市\t710100\t台北
\t\t中正区
"""


def test_make_regions_converts_the_dictionary(load_tool):
    tool = load_tool("make_regions")
    rows, notes = tool.convert(SAMPLE)
    by_code = {r[0]: dict(zip(tool.COLUMNS, r, strict=True)) for r in rows}
    assert list(by_code) == sorted(by_code)
    assert by_code["110000"]["level"] == "province"
    assert by_code["110101"]["parent"] == "110000"  # municipality's districts
    assert by_code["540172"]["kind"] == "zone" and by_code["540172"]["short"] == ""
    assert by_code["542500"]["short"] == "阿里"
    assert by_code["419001"]["parent"] == "410000" and "419000" not in by_code
    assert by_code["652800"]["short"] == "巴州" and by_code["652800"]["aliases"] == "巴音郭楞"
    assert "710000" in by_code and "710100" not in by_code
    assert by_code["410471"]["name"] == "平顶山市城乡一体化示范区"
    assert len(notes) == 1 and "410471" in notes[0]


def test_make_regions_is_reproducible(tmp_path, load_tool):
    """With the JioNLP wheel at hand ($GRAPHKIT_JIONLP_WHEEL), the script rebuilds the table."""
    wheel = os.environ.get("GRAPHKIT_JIONLP_WHEEL")
    if not wheel:
        pytest.skip("set GRAPHKIT_JIONLP_WHEEL to a jionlp-1.5.31 wheel to check")
    out = tmp_path / "regions.tsv"
    assert load_tool("make_regions").main([wheel, "-o", str(out)]) == 0
    assert out.read_bytes() == TABLE.read_bytes()
