from __future__ import annotations

import codecs

import pytest

from graphkit.errors import DecodeError, InputError
from graphkit.extraction.text import (
    decode,
    decode_lines,
    fold_text,
    from_string,
    is_traditional,
    read_text,
)

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


MIXED = ["一、重点任务", "1.压缩企业开办时间。（市市场监管局牵头）", "2.优化办税服务。（市税务局负责）"]


@pytest.mark.parametrize(
    ("encodings", "note"),
    [
        (("utf-8", "gb18030", "utf-8"), "line 2: not UTF-8, read as GB18030"),
        (("gb18030", "utf-8", "gb18030"), "line 2: not GB18030, read as UTF-8"),
        (("utf-8", "utf-8", "gb18030"), "line 3: not UTF-8, read as GB18030"),
    ],
    ids=["gb-line-in-utf8", "utf8-line-in-gb", "gb-last-line"],
)
def test_mixed_encodings_are_read_line_by_line(encodings, note):
    data = b"\n".join(s.encode(e) for s, e in zip(MIXED, encodings, strict=True))
    text, notes = decode_lines(data, name="m.txt")
    assert text.splitlines() == MIXED
    assert notes == [note]


def test_a_stray_byte_in_utf8_is_replaced_and_named():
    data = "\n".join(MIXED).encode()
    data = data.replace("企业".encode(), b"\xb0" + "业".encode())
    text, notes = decode_lines(data)
    assert text.splitlines()[1].startswith("1.压缩\ufffd业开办")
    assert notes == ["line 2: bytes that are not text replaced by U+FFFD"]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ("Rapport\nDécret à l'été\nRésumé\nCoopération régionale\n".encode("latin-1"), 2),
        ("\n".join(MIXED).encode() + b"\n" + bytes(range(0x80, 0x100)) * 8, 4),
    ],
    ids=["latin1", "garbage-tail"],
)
def test_text_in_no_known_encoding_names_its_first_bad_line(data, line):
    with pytest.raises(DecodeError, match="not UTF-8, UTF-16 or GB18030") as info:
        decode(data, name="x.txt")
    assert info.value.line == line and str(info.value).startswith(f"x.txt:{line}:")


def test_latin1_that_passes_as_gbk_is_not_taken_for_chinese():
    # é before a letter is a valid GBK pair: the text must still not read as Chinese
    data = "Département économique\nRéforme générale\nSécurité publique\n".encode("latin-1")
    with pytest.raises(DecodeError):
        decode(data, name="fr.txt")


def test_control_characters_mark_binary_data():
    with pytest.raises(DecodeError, match="binary file"):
        decode(bytes(range(1, 32)) * 100, name="b.bin")


def test_line_map_is_compact_and_exact():
    t = from_string("ab\n\ncd\ne")
    assert list(t.lines) == [1, 1, 1, 2, 3, 3, 3, 4]
    assert t.line_count == 4 and from_string("").line_count == 0


def test_pinyin_glosses_are_dropped_for_matching_only():
    from graphkit.extraction import extract_text

    text = "湘西自治州人民政府關於印發工作計劃的通知\n1.推動落實。(州發(fā)改委牽頭,州財政局配合)\n"
    t = from_string(text, source="g.txt")
    assert "發(fā)" in t.raw and "(fā)" not in t.fold
    ex = extract_text(t)
    assert [(a.mention, a.agency) for a in ex.measures[0].assignments] == [
        ("州發改委", "湘西土家族苗族自治州发展和改革委员会"),
        ("州財政局", "湘西土家族苗族自治州财政局"),
    ]
