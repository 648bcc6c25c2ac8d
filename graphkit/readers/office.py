"""Older office formats (``.doc``, ``.wps``, ``.xls``, ``.et``) converted by LibreOffice headless.

LibreOffice (Debian: ``libreoffice-writer-nogui``, ``libreoffice-calc-nogui``)
turns the file into .docx or .xlsx in a temporary folder, with a profile of
its own so that several conversions can run at once; the result is read as
those are, under the original file's name.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from graphkit.errors import InputError
from graphkit.extraction.text import MAX_BYTES, Text
from graphkit.readers.assemble import check_size

__all__ = ["CONVERTS", "convert", "read_office"]

#: What each old format is converted to.
CONVERTS = {".doc": "docx", ".wps": "docx", ".rtf": "docx", ".xls": "xlsx", ".et": "xlsx"}
#: Seconds a conversion may take.
TIMEOUT = 180


def soffice() -> str | None:
    """The LibreOffice program, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """Convert ``path`` to format ``to`` (``docx``, ``xlsx``, ``pdf``) in ``out_dir``; return the new file."""
    exe = soffice()
    if exe is None:
        raise InputError(
            f"reading {path.suffix} files needs LibreOffice: apt-get install "
            "libreoffice-writer-nogui libreoffice-calc-nogui (or save the file as .docx/.xlsx)",
            path=str(path),
        )
    profile = out_dir / "profile"
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        to,
        "--outdir",
        str(out_dir),
        str(path),
    ]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        raise InputError(
            f"LibreOffice took more than {TIMEOUT} s to convert it", path=str(path)
        ) from e
    out = out_dir / (path.stem + "." + to)
    if run.returncode != 0 or not out.exists():
        why = (run.stderr or run.stdout).strip().splitlines()
        raise InputError(
            f"LibreOffice could not convert it to .{to} ({why[-1] if why else 'no output'})",
            path=str(path),
        )
    return out


def read_office(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Text:
    """Read a .doc/.wps/.xls/.et file through LibreOffice; locators as for .docx/.xlsx."""
    p = Path(path)
    check_size(p, max_bytes)
    to = CONVERTS.get(p.suffix.lower())
    if to is None:
        raise InputError(f"no converter for {p.suffix} files", path=str(p))
    with tempfile.TemporaryDirectory(prefix="graphkit-office-") as tmp:
        out = convert(p, to, Path(tmp))
        if to == "docx":
            from graphkit.readers.docx import read_docx

            return read_docx(out, max_bytes=max_bytes, source=p.name)
        from graphkit.readers.xlsx import read_xlsx

        return read_xlsx(out, max_bytes=max_bytes, source=p.name)
