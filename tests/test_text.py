from __future__ import annotations

import codecs

import pytest

from graphkit.errors import DecodeError, InputError
from graphkit.extraction.text import decode, fold_text, from_string, is_traditional, read_text

SAMPLE = "拉萨市人民政府关于印发工作方案的通知\n（市市场监管局牵头）\n"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("utf-16"),
        SAMPLE.encode("utf-16-le"),
        SAMPLE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-bom", "utf16le", "utf16be"],
)
def test_decode_encodings(encoded):
    assert decode(encoded) == SAMPLE


def test_read_gb18030_file(tmp_path):
    p = tmp_path / "plan.txt"
    p.write_bytes(SAMPLE.encode("gb18030"))
    t = read_text(p)
    assert t.source == "plan.txt"
    assert "市市场监管局" in t.raw


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty file"), (b"\x00\x01\x02\x03" * 50, "binary"), (b"   \n\n", "no text")],
)
def test_bad_files_name_the_file(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_text(p)
    assert "bad.txt" in str(info.value)


def test_undecodable_bytes_raise_decode_error():
    with pytest.raises(DecodeError):
        decode(bytes(range(0x80, 0x100)) * 40, name="x.txt")


def test_page_markers_blank_but_keep_lines():
    t = from_string("第一行\n# Page 12:\n第三行\n")
    assert "Page" not in t.raw
    assert t.line_of(t.raw.index("第三行")) == 3


def test_fold_is_same_length_and_maps_lines():
    t = from_string("（一）加快\n改革。１２３％\n")
    assert len(t.fold) == len(t.raw) == len(t.lines)
    assert "(一)" in t.fold and "123%" in t.fold
    assert t.line_of(t.raw.index("改革")) == 2


def test_traditional_text_is_matched_as_simplified_and_kept_as_written():
    src = "（一）優化營商環境。（市場監管局牽頭，稅務局配合）\n"
    t = from_string(src)
    assert t.traditional and is_traditional(src)
    assert "市场监管局牵头" in t.fold
    assert t.raw == src
    assert fold_text("辦理時間") == "办理时间"
