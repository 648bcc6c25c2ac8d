"""Properties of the extractor on any input: it never crashes, never hangs, and
every record it returns points to a real line of its input.

Inputs are arbitrary text over the characters that matter to the extractor
(item numbers, brackets, role words, label colons, page markers) and passages
of the corpus cut, duplicated, shuffled and sprinkled with brackets and markers.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphkit.extraction import extract_text
from graphkit.extraction.text import from_string

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

#: Seconds one document of at most a few thousand characters may take.
BOUND = 5.0

PIECES = [
    "一、", "（一）", "(二)", "1.", "2．", "3、", "（1）", "①", "第一条", "第二章",
    "（", "）", "(", ")", "〔", "〕", "【", "】", "《", "》",
    "牵头", "配合", "负责", "按职责分工负责", "牵头单位：", "责任单位：", "配合单位：",
    "完成时限：", "2023年底前", "6月底", "常态实施", "长期坚持",
    "市市场监管局", "区税务局", "省发展改革委", "各县区政府", "有关部门", "拉萨市人民政府",
    "关于印发", "的通知", "方案", "拉政发〔2021〕9号", "# Page 12:", "\n", "\n\n", " ", "\u3000",
    "。", "，", "、", "；", "：", "%", "个工作日", "不超过", "压缩至", "3", "20",
]

fragments = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(
            alphabet=st.characters(
                codec="utf-8", exclude_categories=("Cs",), max_codepoint=0x9FFF
            ),
            max_size=8,
        ),
    ),
    max_size=400,
).map("".join)


def _corpus_lines() -> list[str]:
    return [
        line
        for p in sorted(CORPUS.glob("*.txt"))
        for line in p.read_text(encoding="utf-8").splitlines()
    ]


LINES = _corpus_lines()


@st.composite
def mutated_passages(draw) -> str:
    """A run of corpus lines, then cuts, duplicates, shuffles and insertions."""
    start = draw(st.integers(0, len(LINES) - 1))
    lines = LINES[start : start + draw(st.integers(1, 80))]
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["cut", "dup", "shuffle", "insert", "join", "split"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(i, min(len(lines), i + 10)))
        if op == "cut":
            del lines[i:j]
        elif op == "dup":
            lines[i:i] = lines[i:j]
        elif op == "shuffle":
            part = lines[i:j]
            lines[i:j] = draw(st.permutations(part)) if part else part
        elif op == "insert":
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(st.sampled_from(PIECES)) + line[k:]
        elif op == "join" and j > i:
            lines[i:j] = ["".join(lines[i:j])]
        elif op == "split" and lines[i]:
            k = draw(st.integers(0, len(lines[i])))
            lines[i : i + 1] = [lines[i][:k], lines[i][k:]]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n"]))


def check(content: str) -> None:
    t = from_string(content, source="p.txt")
    started = time.perf_counter()
    ex = extract_text(t)
    assert time.perf_counter() - started < BOUND
    n = t.line_count
    raw_lines = t.raw.split("\n")

    def real(line: int) -> bool:
        return 1 <= line <= n

    def near(line: int, written: str) -> bool:
        """``written`` starts on the line and is read from there on.

        A mention wrapped over lines (a name cut by the page width, a table
        cell between its halves) is read in order over the lines that follow.
        """
        flat = re.sub(r"\s+", "", written)
        if flat[:1] not in raw_lines[line - 1]:
            return False
        after = iter(re.sub(r"\s+", "", "".join(raw_lines[line - 1 : line + 2 * len(flat)])))
        return all(ch in after for ch in flat)  # a subsequence

    for d in ex.documents:
        assert real(d.line) and d.line <= d.end_line <= n, d
        for c in d.cites:
            assert real(c.line)
            assert c.title[:4] in re.sub(r"\s+", "", "".join(raw_lines[c.line - 1 : c.line + 2]))
    ids = [m.id for m in ex.measures]
    assert len(ids) == len(set(ids))
    for m in ex.measures:
        assert real(m.line) and m.line <= m.end_line <= n, m
        for a in m.assignments:
            assert real(a.line), a
            assert near(a.line, a.mention), (a, raw_lines[a.line - 1])
        if m.deadline is not None:
            assert real(m.deadline.line), m.deadline
        for tg in m.targets:
            assert real(tg.line), tg


SETTINGS = settings(
    max_examples=60,
    deadline=None,  # the BOUND assertion times the extraction alone
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(fragments)
def test_any_text(content):
    check(content)


@SETTINGS
@given(mutated_passages())
def test_mutated_corpus_passages(content):
    check(content)


@pytest.mark.parametrize(
    "content",
    [
        "",
        "\n\n\n",
        "（",
        "1.（（（（市公安局牵头\n2.）））",
        "牵头单位：\n" * 5,
        "# Page 1:\n1.加强监管。（市公安局牵头）",
        "一、\n（一）\n1.\n（1）\n①",
    ],
)
def test_edge_cases(content):
    check(content)
