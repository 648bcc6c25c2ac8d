"""Long runs from the command line: parallel extraction and progress reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def graphkit(*args: object, stderr=subprocess.PIPE, **kwargs) -> subprocess.CompletedProcess:
    """``python -m graphkit ARGS`` in a child process, from the project folder."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        timeout=300,
        check=False,
        **kwargs,
    )


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "records"])
def test_jobs_give_the_same_output(tmp_path, corpus_dir, test_data, fmt):
    paths = [corpus_dir, test_data / "cases"]
    one = graphkit("extract", "--format", fmt, *paths)
    two = graphkit("extract", "--format", fmt, "--jobs", "2", *paths)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert one.stdout.count(b"\n") > 1300  # the corpus has 1,340 measures


def test_jobs_keep_going_past_bad_files(tmp_path, run_cli, test_data):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes((test_data / "cases" / "traditional_plan.txt").read_bytes())
    (tmp_path / "c.txt").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "d.txt").write_bytes((test_data / "cases" / "county_plan_gb18030.txt").read_bytes())
    one = run_cli("extract", tmp_path)
    two = run_cli("extract", "--jobs", "2", tmp_path)
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stdout.count("\n") == 5  # 2 + 3 measures
    assert "skipped 2 of 4 files" in two.stderr


@pytest.mark.parametrize("command", ["extract", "build"])
def test_no_progress_bar_in_a_pipe(corpus_dir, tmp_path, command):
    where = ["-o", os.devnull] if command == "extract" else ["--store", tmp_path / "kg"]
    out = graphkit(command, *where, corpus_dir)
    assert out.returncode == 0
    err = out.stderr.decode()
    assert "\r" not in err and "B/s" not in err
    assert err.count("\n") == (1 if command == "extract" else 2)  # the summary alone


@pytest.mark.parametrize("command", ["extract", "build"])
def test_progress_bar_on_a_terminal(corpus_dir, tmp_path, command):
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        where = ["-o", os.devnull] if command == "extract" else ["--store", tmp_path / "kg"]
        out = graphkit(command, *where, corpus_dir, stderr=follower)
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 65536)
            except OSError:  # EIO: the child's side is closed
                break
            if not data:
                break
            chunks.append(data)
    finally:
        os.close(leader)
    assert out.returncode == 0
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert f"{command}:" in shown
    assert "/5 files" in shown  # a count of files done
    assert "B/s" in shown  # and a rate
    assert "51 documents" in shown  # the summary still comes at the end
