from __future__ import annotations

import pytest

from graphkit.extraction.segment import cn_value, items_of, split_documents
from graphkit.extraction.text import from_string

COMPILATION = """八、西北
（一）陕西
1. 陕西省人民政府办公厅关于深入推进某项改革的实施
意见（2023 年6 月3 日）
陕政办发〔2023〕11 号
各设区市人民政府：
一、重点任务
（一）建立清单。〔省市场监管局牵头〕
2. 陕西省发展和改革委员会关于复制推广典型经验做法的通知（2023 年5 月9 日）
陕发改营商〔2023〕782 号
1.推广经验。
（二）宁夏
1. 宁夏回族自治区人民政府办公厅关于印发工作要点的通知（2023 年6 月20 日）
一、总体要求
"""


def test_compilation_splits_at_numbered_headings():
    docs = split_documents(from_string(COMPILATION))
    assert [d.line for d in docs] == [3, 9, 13]
    assert docs[0].title.startswith("陕西省人民政府办公厅关于深入推进某项改革的实施意见")
    assert docs[0].date == "2023-06-03"
    assert docs[0].number == "陕政办发〔2023〕11号"
    assert [d.province for d in docs] == ["陕西", "陕西", "宁夏"]


def test_gazette_splits_at_titles_with_document_numbers():
    src = (
        "目录\n拉萨市人民政府关于印发甲方案的通知……(3)\n"
        "拉萨市人民政府关于印发甲方案的通知\n拉政发〔2019〕4号\n一、任务\n"
        "拉萨市人民政府办公厅关于做好乙工作的通知\n拉政办发〔2019〕5号\n一、任务\n"
    )
    docs = split_documents(from_string(src))
    assert [(d.line, d.number) for d in docs] == [
        (3, "拉政发〔2019〕4号"),
        (6, "拉政办发〔2019〕5号"),
    ]


def test_item_tree_levels_and_sections():
    src = "某方案\n一、总体要求\n二、重点任务\n（一）优化服务。\n1.简化流程。\n2.压缩时限。\n（二）加强监管\n1.推行双随机。\n"
    t = from_string(src)
    items = items_of(t, split_documents(t)[0])
    shape = [
        (i.number, i.level, items[i.parent].number if i.parent is not None else None) for i in items
    ]
    assert shape == [
        ("一", 1, None),
        ("二", 1, None),
        ("（一）", 2, "二"),
        ("1", 3, "（一）"),
        ("2", 3, "（一）"),
        ("（二）", 2, "二"),
        ("1", 3, "（二）"),
    ]


def test_wrapped_line_starting_with_a_number_is_not_an_item():
    src = "某方案\n1.推进改革，时限压缩到\n15.5个工作日。\n2.下一项。\n"
    t = from_string(src)
    assert [i.number for i in items_of(t, split_documents(t)[0])] == ["1", "2"]


def test_number_followed_by_a_year_is_an_item():
    src = "某方案\n1.2017年10月底前完成。\n2.加快推进。\n"
    t = from_string(src)
    assert [i.number for i in items_of(t, split_documents(t)[0])] == ["1", "2"]


@pytest.mark.parametrize(
    ("s", "v"), [("一", 1), ("十", 10), ("十一", 11), ("二十三", 23), ("12", 12), ("⑤", 5)]
)
def test_cn_value(s, v):
    assert cn_value(s) == v


@pytest.mark.parametrize(
    ("line", "date"),
    [("发布日期 :2017-08-07 ", "2017-08-07"), ("发布日期：2021-3-5", "2021-03-05"), ("", "")],
)
def test_publication_date_under_a_title(line, date):
    src = ("西藏自治区某某改革重点任务分工方案的通知\n" + (line + "\n" if line else "")
           + "各地（市）行署（人民政府）：\n一、任务分工\n1.推进改革。\n")
    (doc,) = split_documents(from_string(src))
    assert doc.date == date


def _one_line_page(number: str = "某政〔2024〕3号") -> str:
    items = "".join(
        f"{i}.推进第{i}项工作，完善配套制度，细化落实措施，加强督促检查，定期通报进展，确保按期完成。（市{dep}牵头，市财政局配合） "
        for i, dep in enumerate(["发展改革委", "商务局", "教育局", "民政局"], 1)
    )
    return (f"某市人民政府 关于分解下达年度重点工作任务的通知 {number} "
            "各县区人民政府，市政府各部门：现将年度重点工作任务分解如下，请认真抓好落实，按时报送进展情况。"
            f" 一、扩大有效需求 {items}")


def test_page_on_one_line_gives_its_items_with_their_place_in_the_line():
    from graphkit.extraction.build import extract_text

    page = _one_line_page()
    t = from_string("\n" + page + "\n", source="page.txt")  # the page's text is line 2
    ex = extract_text(t)
    assert [d.title for d in ex.documents] == ["某市人民政府关于分解下达年度重点工作任务的通知"]
    assert ex.documents[0].number == "某政〔2024〕3号"
    assert [m.number for m in ex.measures] == ["1", "2", "3", "4"]
    for m in ex.measures:
        assert m.line == 2  # the real line: every piece of the split line keeps it
        col = int(m.locator.rsplit(" ", 1)[1])
        assert m.locator.startswith("line 2, character ")
        assert page[col - 1 :].startswith(m.text[:8])  # the character the locator names
        lead = m.assignments[0]
        col = int(lead.locator.rsplit(" ", 1)[1])
        assert lead.role == "lead" and page[col - 1 :].startswith(lead.mention)


def test_page_on_one_line_without_a_document_number():
    from graphkit.extraction.build import extract_text

    page = _one_line_page(number="")
    ex = extract_text(from_string(page, source="page.txt"))
    assert len(ex.measures) == 4
    assert all(m.line == 1 and m.locator.startswith("line 1, character ") for m in ex.measures)
    assert not any(p.startswith("no measures") for p in ex.problems)


def test_ordinary_lines_have_no_character_locator():
    from graphkit.extraction.build import extract_text

    page = "\n".join(_one_line_page().replace(" 一、", "\n一、").replace("。（", "。\n（").split(" "))
    ex = extract_text(from_string(page, source="page.txt"))
    assert ex.measures and all(m.locator == "" for m in ex.measures)
