"""A large plain-text file is built a piece at a time, to the store a whole read gives."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from graphkit.extraction import pieces
from graphkit.extraction.build import Extraction, extract_file
from graphkit.extraction.hints import load_hints
from graphkit.extraction.pieces import read_in_pieces
from graphkit.store import build_files
from graphkit.store.convert import quads_of
from graphkit.store.export import export


def plans(n: int, first: int = 1) -> str:
    """``n`` short plans, one after another, each with a 文号 (so each is a document)."""
    return "".join(
        f"拉萨市人民政府关于印发第{i}号工作方案的通知\n拉政发〔2021〕{i}号\n一、重点任务\n"
        f"1.加强监管。（市公安局牵头，市税务局配合）\n2.优化服务。（市商务局负责）\n"
        for i in range(first, first + n)
    )


def corpus_file(folder: Path, corpus_dir: Path, name: str = "all.txt") -> Path:
    """The corpus's texts in one file: many documents of every shape the corpus has."""
    p = folder / name
    p.write_text("\n".join(f.read_text(encoding="utf-8") for f in sorted(corpus_dir.glob("*.txt"))),
                 encoding="utf-8")
    return p


def test_pieces_are_let_go_once_the_next_is_asked_for(tmp_path):
    p = tmp_path / "plans.txt"
    p.write_text(plans(400), encoding="utf-8")
    stream = read_in_pieces(p, stream_bytes=1, piece_chars=3000)
    assert stream is not None
    refs: list[weakref.ref] = []
    sizes = []
    for part in stream:
        gc.collect()
        # every piece before this one is gone: neither the stream nor the build keeps it
        assert [r for r in refs if r() is not None] == []
        refs.append(weakref.ref(part))
        sizes.append(len(part.documents))
        assert all(m.doc_id in {d.id for d in part.documents} for m in part.measures)
        del part
    plan_chars = len(plans(1))
    assert len(sizes) >= 10
    assert max(sizes) <= 3000 // plan_chars + 1  # a piece holds what fits in its characters
    assert sum(sizes) == 400 and stream.state.measures == 800
    assert stream.whole.documents == [] and stream.whole.measures == []


def test_pieces_give_the_records_and_quads_of_a_whole_read(tmp_path, corpus_dir):
    p = corpus_file(tmp_path, corpus_dir)
    whole = extract_file(p)
    stream = read_in_pieces(p, stream_bytes=1, piece_chars=40_000)
    parts = [(part.documents, part.measures) for part in stream]
    assert len(parts) > 5
    assert [d for docs, _ in parts for d in docs] == whole.documents
    assert [m for _, ms in parts for m in ms] == whole.measures  # ids, lines, text, agencies
    assert stream.whole.agencies == whole.agencies and stream.whole.regions == whole.regions
    assert stream.whole.problems == whole.problems
    got = set()
    for docs, ms in parts:
        part = Extraction(p.name, docs, ms, stream.whole.agencies, stream.whole.regions)
        got |= set(quads_of(part))
    assert got == set(quads_of(whole))


def test_what_reading_would_repair_or_rename_is_read_whole(tmp_path):
    text = plans(50)
    cases = {
        "gb.txt": text.encode("gb18030"),
        "utf16.txt": text.encode("utf-16"),
        "nul.txt": text.replace("加强", "加\x00强", 1).encode("utf-8"),  # near the start: binary
        "controls.txt": text.replace("。", "\x7f\x01。").encode("utf-8"),  # binary data
        "run-on.txt": text.replace("\n", "", 200).encode("utf-8"),  # half of it on one line
        "cut.txt": text.encode("utf-8") + "监".encode()[:2],  # a character cut in two
        "blank.txt": b" \n" * 5000,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert read_in_pieces(tmp_path / name, stream_bytes=1) is None, name
    ok = tmp_path / "ok.txt"
    ok.write_text(text, encoding="utf-8")
    assert read_in_pieces(ok, stream_bytes=1) is not None
    assert read_in_pieces(ok) is None  # small: read whole
    assert read_in_pieces(ok, stream_bytes=1, max_bytes=100) is None  # refused whole, with why
    aliases = tmp_path / "aliases.tsv"
    aliases.write_text("市公安局\t拉萨市\t拉萨市公安总局\n", encoding="utf-8")
    assert read_in_pieces(ok, stream_bytes=1, hints=load_hints(lexicon=aliases)) is None


def test_what_reading_repairs_is_repaired_in_pieces_as_when_read_whole(tmp_path, corpus_dir):
    text = corpus_file(tmp_path, corpus_dir).read_text(encoding="utf-8")
    lines = text.split("\n")
    forbidden = "\n".join(
        ln + ("\x00\x0c" if i % 997 == 500 else "\x7f" if i % 1500 == 7 else "")
        for i, ln in enumerate(lines)
    )
    cases = {
        "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"),
        "cr.txt": text.replace("\n", "\r").encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        # files put one after another, each with its mark; CR LF for some
        "cat.txt": "".join(
            "\ufeff" + "\n".join(lines[i : i + 400]).replace("\n", "\r\n" if i % 800 else "\n")
            + "\n"
            for i in range(0, len(lines), 400)
        ).encode("utf-8"),
        "forbidden.txt": forbidden.encode("utf-8"),
    }
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        whole = extract_file(p)
        stream = read_in_pieces(p, stream_bytes=1, piece_chars=40_000)
        assert stream is not None, name
        parts = [(part.documents, part.measures) for part in stream]
        assert len(parts) > 5, name
        assert [d for docs, _ in parts for d in docs] == whole.documents, name
        assert [m for _, ms in parts for m in ms] == whole.measures, name
        assert stream.whole.agencies == whole.agencies, name
        assert stream.whole.problems == whole.problems, name
    assert "XML does not allow" in stream.whole.problems[0]  # the last: forbidden.txt
    assert len(whole.measures) > 100


def test_a_build_in_pieces_gives_the_store_of_a_whole_read(tmp_path, corpus_dir, monkeypatch):
    src = tmp_path / "src"
    src.mkdir()
    big = corpus_file(src, corpus_dir)
    (src / "small.txt").write_text(plans(2), encoding="utf-8")
    monkeypatch.setattr(pieces, "STREAM_BYTES", 2**40)  # everything read whole
    a = build_files(tmp_path / "whole", [src])
    assert read_in_pieces(big) is None
    monkeypatch.setattr(pieces, "STREAM_BYTES", 1)
    monkeypatch.setattr(pieces, "PIECE_CHARS", 30_000)
    stream = read_in_pieces(big)
    assert stream is not None and sum(1 for _ in stream) > 5
    b = build_files(tmp_path / "pieces", [src])
    assert (b.documents, b.measures, b.quads) == (a.documents, a.measures, a.quads)
    assert b.problems == a.problems
    for fmt in ("nq", "nt"):  # the document graphs and their union
        assert export(tmp_path / "pieces", fmt) == export(tmp_path / "whole", fmt)
    # the next build: the big file changed, extracted again in pieces, the store as a whole read
    # (the corpus is a compilation: the plans go on its last document)
    with open(big, "a", encoding="utf-8") as fh:
        fh.write(plans(3, first=900))
    c = build_files(tmp_path / "pieces", [src])
    assert c.extracted == ["all.txt"] and c.unchanged == ["small.txt"]
    monkeypatch.setattr(pieces, "STREAM_BYTES", 2**40)
    d = build_files(tmp_path / "whole", [src])
    assert (c.documents, c.measures) == (d.documents, d.measures)
    assert c.measures > a.measures
    assert export(tmp_path / "pieces", "nq") == export(tmp_path / "whole", "nq")


def test_extract_writes_a_large_file_a_piece_at_a_time_as_a_whole_read(
    tmp_path, corpus_dir, monkeypatch
):
    from click.testing import CliRunner

    from graphkit.cli import cli

    src = tmp_path / "src"
    src.mkdir()
    corpus_file(src, corpus_dir)
    (src / "small.txt").write_text(plans(2), encoding="utf-8")
    runner = CliRunner()
    outputs = {}
    for mode, limit in (("whole", 2**40), ("pieces", 1)):
        monkeypatch.setattr(pieces, "STREAM_BYTES", limit)
        monkeypatch.setattr(pieces, "PIECE_CHARS", 30_000)
        held: list[Path] = []
        real_hold = pieces.hold

        def spy(stream, folder, real_hold=real_hold, held=held):
            h = real_hold(stream, folder)
            held.append(h.path)
            return h

        monkeypatch.setattr(pieces, "hold", spy)
        for fmt in ("jsonl", "records"):
            r = runner.invoke(cli, ["extract", str(src), "--format", fmt])
            assert r.exit_code == 0, r.output
            outputs[mode, fmt] = r.stdout
        assert len(held) == (4 if mode == "pieces" else 0)  # both files (over 1 byte), per format
        assert not any(p.exists() for p in held)  # the held pieces are removed
    for fmt in ("jsonl", "records"):
        assert outputs["pieces", fmt] == outputs["whole", fmt]
    assert outputs["whole", "jsonl"].count("\n") > 100
