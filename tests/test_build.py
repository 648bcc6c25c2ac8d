from __future__ import annotations

import pytest

from graphkit.errors import InputError
from graphkit.extraction import extract_file, extract_paths, extract_text
from graphkit.extraction.text import from_string


@pytest.fixture(scope="module")
def county(test_data):
    return extract_file(test_data / "cases" / "county_plan_gb18030.txt")


def test_county_plan_document(county):
    (doc,) = county.documents
    assert doc.number == "堆政办发〔2024〕3号"
    assert doc.region == "堆龙德庆区"
    assert doc.region_path == ("西藏自治区", "拉萨市", "堆龙德庆区")
    assert doc.title == "堆龙德庆区2024年优化营商环境行动方案"
    assert doc.doc_type == "方案"


def test_county_plan_measures(county):
    first, second, third = county.measures[:3]
    assert first.number == "（1）" and first.line == 8
    assert [(a.role, a.mention) for a in first.assignments] == [
        ("lead", "区市场监管局"),
        ("responsible", "区税务局"),
        ("responsible", "区公安分局"),
    ]
    # 区 in a district's own plan is the district, not the autonomous region
    assert first.assignments[0].agency == "拉萨市堆龙德庆区市场监督管理局"
    assert first.deadline.text == "2024年6月底前" and first.deadline.date == "2024-06-30"
    assert [(t.value, t.unit, t.comparator) for t in first.targets] == [("1", "个工作日", "le")]
    assert first.section == ("重点任务", "提升企业开办便利度")
    assert second.deadline.period == "ongoing"
    assert [a.collective for a in second.assignments] == [False, True]
    assert third.assignments[0].agency.endswith("住房和城乡建设局")


def test_every_record_points_to_a_real_line(county, test_data):
    lines = (
        (test_data / "cases" / "county_plan_gb18030.txt")
        .read_bytes()
        .decode("gb18030")
        .splitlines()
    )
    for m in county.measures:
        assert 1 <= m.line <= len(lines)
        for a in m.assignments:
            assert a.mention in lines[a.line - 1] or a.mention[:2] in lines[a.line - 1]


def test_traditional_plan(test_data):
    ex = extract_file(test_data / "cases" / "traditional_plan.txt")
    m1, m2 = ex.measures
    assert [(a.role, a.mention) for a in m1.assignments] == [
        ("lead", "市市場監管局"),
        ("cooperate", "市稅務局"),
        ("cooperate", "市公安局"),
    ]
    assert m1.assignments[0].agency == "拉萨市市场监督管理局"  # resolved through Simplified
    assert "壓縮" in m1.text  # the text is kept as written
    assert [(t.value, t.unit) for t in m1.targets] == [("3", "个工作日")]
    assert [(a.role, a.agency) for a in m2.assignments] == [("responsible", "拉萨市自然资源局")]


def test_broken_file_is_reported_and_the_rest_extracted(tmp_path, test_data):
    (tmp_path / "a_empty.txt").write_bytes(b"")
    (tmp_path / "b_binary.txt").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "c_ok.txt").write_bytes((test_data / "cases" / "traditional_plan.txt").read_bytes())
    results = list(extract_paths([tmp_path]))
    assert [isinstance(r, InputError) for r in results] == [True, True, False]
    assert "a_empty.txt" in str(results[0]) and "b_binary.txt" in str(results[1])
    assert isinstance(results[0], InputError)


def test_text_without_structure_gives_no_measures():
    ex = extract_text(
        from_string("这是一段没有编号也没有责任单位的文字。\n第二句。\n", source="x.txt")
    )
    assert len(ex.documents) == 1 and ex.measures == []


@pytest.mark.slow
def test_whole_corpus_counts(corpus_dir):
    results = list(extract_paths([corpus_dir]))
    assert all(not isinstance(r, InputError) for r in results)
    docs = sum(len(r.documents) for r in results)
    by_source = {r.source: len(r.documents) for r in results}
    assert by_source["001_041f23564040a89e.txt"] == 38
    assert by_source["000_75d57ed65029237d.txt"] == 1
    assert docs >= 40
    measures = [m for r in results for m in r.measures]
    assert sum(1 for m in measures if m.assignments) > 600
    ids = [m.id for m in measures]
    assert len(ids) == len(set(ids))
