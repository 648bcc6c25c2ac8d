"""N-Quads made on the workers of a cluster and sent back as bytes.

On a cluster the workers cannot write into the build's spool directory (it is
on the machine that runs ``graphkit build``), so each file's N-Quads are
written in a worker's own temporary directory, compressed, returned with the
file's :class:`~graphkit.store.incremental.FileResult`, and written into the
spool by :func:`received`. The lines are those of a build in one process.

Examples
--------
>>> import tempfile, pathlib
>>> plan = "拉萨市人民政府关于印发某某方案的通知\\n一、任务\\n1.加强监管。（市公安局牵头）\\n"
>>> with tempfile.TemporaryDirectory() as tmp:
...     src = pathlib.Path(tmp, "a.txt")
...     _ = src.write_text(plan, encoding="utf-8")
...     item = convert_remote(str(src), base="https://example.org/id/", max_bytes=2**20)
...     sent = item[0].spool  # no path of the worker's
...     r = received(item, pathlib.Path(tmp))
...     lines = pathlib.Path(r.spool).read_text(encoding="utf-8").splitlines()
>>> r.status, r.quads == len(lines) // 2, sent
('extracted', True, '')
"""

from __future__ import annotations

import hashlib
import tempfile
import zlib
from pathlib import Path
from typing import Any

from graphkit.store.incremental import FileResult, _convert

__all__ = ["convert_remote", "received"]


def convert_remote(path: str, **options: Any) -> tuple[FileResult, bytes]:
    """Extract one file on a worker: its result and its N-Quads, zlib-compressed.

    ``options`` are those of the local conversion (``base``, ``max_bytes``, ...)
    but its spool directory, which is the worker's own here.
    """
    with tempfile.TemporaryDirectory(prefix="graphkit-nq-") as tmp:
        r = _convert(path, spool_dir=tmp, **options)
        data = zlib.compress(Path(r.spool).read_bytes(), 1) if r.spool else b""
    r.spool = ""
    return r, data


def received(item: tuple[FileResult, bytes], spool_dir: Path) -> FileResult:
    """Write the N-Quads a worker sent into ``spool_dir``; the result then names them."""
    r, data = item
    if r.status == "extracted":
        out = Path(spool_dir) / f"remote-{hashlib.sha1(r.path.encode()).hexdigest()[:16]}.nq"
        out.write_bytes(zlib.decompress(data))
        r.spool = str(out)
    return r
