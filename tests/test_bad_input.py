"""Bad input: each case gets a message naming the file (and line), the run goes on
with the other files, a summary says what was skipped, and the exit status is 1
only with --strict or when nothing could be extracted."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphkit.errors import DecodeError, InputError
from graphkit.extraction import extract_file, extract_paths

ROOT = Path(__file__).resolve().parent.parent


def utf8(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def empty(plan: list[str]) -> bytes:
    return b""


def blank(plan: list[str]) -> bytes:
    return b"  \n\n\t\n"


def binary_with_nul(plan: list[str]) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40


def binary_without_nul(plan: list[str]) -> bytes:
    return bytes(b for b in range(1, 128) if b not in b"\t\n\r") * 60


def latin1(plan: list[str]) -> bytes:
    text = (
        "Rapport annuel 2023\n"
        "Politique économique du département : réformes à venir\n"
        "Les mesures prévues à l'été, décret n° 12\n"
        "Résumé : créer des entreprises plus vite, à moindre coût\n"
        "Coopération régionale et sécurité\n"
    )
    return text.encode("latin-1")


def mixed_encodings(plan: list[str]) -> bytes:
    # items 2 and 3 pasted in from a GB18030 file
    head = utf8(plan[:5])
    pasted = ("\n".join(plan[5:7]) + "\n").encode("gb18030")
    return head + pasted + utf8(plan[7:])


def damaged_utf8(plan: list[str]) -> bytes:
    lines = [s.encode("utf-8") for s in plan]
    lines[4] = lines[4][:30] + b"\xff" + lines[4][30:]
    return b"\n".join(lines) + b"\n"


def no_structure(plan: list[str]) -> bytes:
    return "这是一段说明文字，没有编号，也没有责任单位。\n第二段同样没有。\n".encode()


def long_line(plan: list[str]) -> bytes:
    corpus = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/corpus").glob("*.txt")))
    one = corpus.replace("\n", "").encode("utf-8")
    return (one * (5_000_000 // len(one) + 1))[:5_000_000].decode("utf-8", "ignore").encode()


def unclosed_bracket(plan: list[str]) -> bytes:
    lines = list(plan)
    lines[4] = lines[4].rstrip("）")  # 1. … （市市场监管局牵头，市公安局、市税务局配合
    return utf8(lines)


def unopened_bracket(plan: list[str]) -> bytes:
    lines = list(plan)
    lines[6] = lines[6].replace("（", "", 1)  # 3. … 完成。市市场监管局牵头，市发改委配合）
    return utf8(lines)


# case, file contents, skipped (else read with a warning), message naming the line
CASES = [
    ("empty", empty, True, r"empty file"),
    ("blank", blank, True, r"no text in file"),
    ("binary-nul", binary_with_nul, True, r"binary file"),
    ("binary-controls", binary_without_nul, True, r":1: binary file, not text"),
    ("latin1", latin1, True, r":2: not UTF-8, UTF-16 or GB18030 text"),
    ("mixed-encodings", mixed_encodings, False, r"lines 6-7: not UTF-8, read as GB18030"),
    ("damaged-utf8", damaged_utf8, False, r"line 5: bytes that are not text replaced"),
    ("no-structure", no_structure, False, r"no measures: no numbered items"),
    ("long-line", long_line, False, r"line 1: 1,[0-9,]+ characters on one line"),
    ("unclosed-bracket", unclosed_bracket, False, r"line 5: bracket not closed"),
    ("unopened-bracket", unopened_bracket, False, r"line 7: bracket closed but never opened"),
]


@pytest.fixture
def collection(tmp_path, test_data):
    """A folder with one good file; the test adds a bad one beside it."""
    folder = tmp_path / "in"
    folder.mkdir()
    good = test_data / "cases" / "county_plan_gb18030.txt"
    (folder / "a_good.txt").write_bytes(good.read_bytes())
    return folder


@pytest.mark.parametrize(
    ("make", "skipped", "message"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_bad_file_is_named_and_the_run_goes_on(
    collection, run_cli, plan_lines, make, skipped, message
):
    bad = collection / "b_bad.txt"
    bad.write_bytes(make(plan_lines))
    started = time.perf_counter()
    result = run_cli("extract", collection)
    assert time.perf_counter() - started < 60
    assert result.exit_code == 0, result.stderr
    # the message names the file, and the line where one applies
    assert re.search(re.escape(str(bad)) + r"\S*:? ?" + message, result.stderr), result.stderr
    # the good file was extracted all the same
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["source"] for r in rows} >= {"a_good.txt"}
    assert sum(r["source"] == "a_good.txt" for r in rows) == 3  # 保障措施 names no agency: no task
    if skipped:
        assert "skipped 1 of 2 files:" in result.stderr
        assert re.search(r"^  " + re.escape(str(bad)), result.stderr, re.M)
    else:
        assert "skipped" not in result.stderr
        assert "1 file(s) read with problems" in result.stderr
    strict = run_cli("extract", "--strict", collection)
    assert strict.exit_code == 1
    assert "--strict" in strict.stderr


@pytest.mark.parametrize(
    ("make", "skipped", "message"),
    [c[1:] for c in CASES if c[2]],
    ids=[c[0] for c in CASES if c[2]],
)
def test_nothing_readable_is_a_failure(tmp_path, run_cli, plan_lines, make, skipped, message):
    bad = tmp_path / "only.txt"
    bad.write_bytes(make(plan_lines))
    result = run_cli("extract", bad)
    assert result.exit_code == 1
    assert "nothing extracted: none of 1 files could be read" in result.stderr
    assert result.stdout == ""


def test_no_measures_anywhere_is_a_failure(tmp_path, run_cli, plan_lines):
    p = tmp_path / "prose.txt"
    p.write_bytes(no_structure(plan_lines))
    result = run_cli("extract", p)
    assert result.exit_code == 1
    assert "nothing extracted: no measures" in result.stderr


def test_latin1_error_carries_file_and_line(tmp_path, plan_lines):
    p = tmp_path / "fr.txt"
    p.write_bytes(latin1(plan_lines))
    (result,) = extract_paths([p])
    assert isinstance(result, DecodeError)
    assert result.path == str(p) and result.line == 2


def test_mixed_encodings_keep_both_parts(tmp_path, plan_lines):
    p = tmp_path / "mixed.txt"
    p.write_bytes(mixed_encodings(plan_lines))
    ex = extract_file(p)
    assert [m.line for m in ex.measures] == [5, 6, 7, 8]
    # the measures read as GB18030 are as readable as the others
    assert ex.measures[1].text == "推进不动产登记一窗办理。（市自然资源局负责）"
    assert [(a.role, a.agency) for a in ex.measures[2].assignments] == [
        ("lead", "拉萨市市场监督管理局"),
        ("cooperate", "拉萨市发展和改革委员会"),
    ]


@pytest.mark.parametrize("make", [unclosed_bracket, unopened_bracket])
def test_unbalanced_clause_still_assigns(tmp_path, plan_lines, make):
    p = tmp_path / "plan.txt"
    p.write_bytes(make(plan_lines))
    ex = extract_file(p)
    good = extract_file(_write(tmp_path / "good.txt", utf8(plan_lines)))
    assert [len(m.assignments) for m in ex.measures] == [len(m.assignments) for m in good.measures]
    assert [[a.agency for a in m.assignments] for m in ex.measures] == [
        [a.agency for a in m.assignments] for m in good.measures
    ]


def test_many_unbalanced_brackets_stay_fast(tmp_path, plan_lines):
    lines = [plan_lines[0], "一、重点任务"]
    lines += [f"{i % 900 + 1}.加强监管（市市场监管局牵头，市公安局配合" for i in range(3000)]
    lines.append("（" * 50_000)
    p = _write(tmp_path / "open.txt", utf8(lines))
    started = time.perf_counter()
    ex = extract_file(p)
    assert time.perf_counter() - started < 30
    assert len(ex.measures) >= 2900
    assert sum("bracket not closed" in x for x in ex.problems) >= 2900


def test_too_large_file_is_refused_with_the_limit(tmp_path):
    p = _write(tmp_path / "big.txt", "一、任务\n".encode() * 100_000)
    with pytest.raises(InputError, match=r"big.txt: too large \(1.2 MB, the limit is 1 MB\)"):
        extract_file(p, max_bytes=2**20)


def test_max_file_size_option(tmp_path, run_cli, collection):
    _write(collection / "b_big.txt", "一、任务\n".encode() * 200_000)
    result = run_cli("extract", "--max-file-size", "1", collection)
    assert result.exit_code == 0
    assert "b_big.txt: too large" in result.stderr


@pytest.mark.slow
def test_twenty_megabyte_file_in_bounded_time_and_memory(tmp_path, corpus_dir):
    corpus = b"".join(p.read_bytes() for p in sorted(corpus_dir.glob("*.txt")))
    data = (corpus * (20_000_000 // len(corpus) + 1))[:20_000_000]
    p = _write(tmp_path / "huge.txt", data.decode("utf-8", "ignore").encode("utf-8"))
    # a fresh process, so its peak memory is this file's alone: its own high-water mark
    # (VmHWM), not ru_maxrss, which a child started by vfork inherits from this process
    code = (
        "import json, re, sys, time\n"
        "from graphkit.extraction import extract_file\n"
        "t = time.perf_counter()\n"
        "ex = extract_file(sys.argv[1])\n"
        "hwm = re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(json.dumps({'s': time.perf_counter() - t, 'measures': len(ex.measures),\n"
        "  'documents': len(ex.documents), 'mb': int(hwm) / 1024}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(p)], capture_output=True, text=True, env=env,
        timeout=300, check=True,
    )
    figures = json.loads(out.stdout)
    assert figures["s"] < 150  # about 20 s on two cores
    assert figures["mb"] < 600  # about 200 MB
    copies = len(data) / len(corpus)
    assert figures["documents"] > 30 * copies  # the compilation's documents, once per copy
    assert figures["measures"] > 1000 * copies


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p
