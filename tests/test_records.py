from __future__ import annotations

import io

from graphkit.records import (
    Assignment,
    Citation,
    Deadline,
    Document,
    Measure,
    Target,
    read_jsonl,
    write_jsonl,
)


def _measure() -> Measure:
    return Measure(
        id="f.txt/d1/m1",
        doc_id="f.txt/d1",
        source="f.txt",
        line=4,
        number="（一）",
        text="全流程审批时间最长不超过90个工作日。",
        section=("三、重点任务",),
        assignments=(
            Assignment("lead", "省发展改革委", "陕西省发展和改革委员会", "f.txt", 5),
            Assignment("responsible", "各市（区）", "", "f.txt", 5, collective=True),
        ),
        deadline=Deadline("2023年底前", "2023-12-31", "date", 6),
        targets=(Target("90", "个工作日", "le", "最长不超过90个工作日", 4),),
    )


def test_round_trip(tmp_path):
    doc = Document(
        id="f.txt/d1",
        source="f.txt",
        line=1,
        end_line=9,
        title="t",
        issuers=("陕西省人民政府办公厅",),
        cites=(Citation("《条例》", "国办发〔2022〕30号"),),
    )
    path = tmp_path / "r.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        assert write_jsonl([doc, _measure()], fh) == 2
    assert list(read_jsonl(path)) == [doc, _measure()]


def test_export_keeps_collectives_out_of_agencies():
    out = _measure().to_export(doc_title="t", region="陕西省")
    assert [a["mention"] for a in out["agencies"]] == ["省发展改革委"]
    assert [g["mention"] for g in out["groups"]] == ["各市（区）"]
    assert out["deadline"] == "2023年底前" and out["targets"][0]["comparator"] == "le"


def test_write_is_utf8_not_escaped():
    buf = io.StringIO()
    write_jsonl([_measure()], buf)
    assert "省发展改革委" in buf.getvalue()
