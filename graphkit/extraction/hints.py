"""What a user knows about their own documents: a manifest of files and an alias table.

Researchers usually have each document's metadata from the download, and
know names the lexicon does not. Two files bring that knowledge in, and every
command that extracts (``extract``, ``build``, ``evaluate``, ``agencies``)
takes them:

- ``--manifest FILE.csv``, columns ``file, region, title, date, issuer``
  (UTF-8, with a header row; ``file`` is a file name or a path relative to the
  manifest, and any other column may be empty). A file's region is the
  region of its documents that do not say their own (and of a file holding one
  document, whatever it says), with ``manifest`` as the evidence; title, date
  and issuer fill what a document does not give.
- ``--lexicon FILE.tsv``, columns ``mention or name, region, canonical name``
  (tab-separated, ``#`` comments and a header row allowed): a mention as
  written, or a name graphkit resolves to, becomes the canonical name, in
  every region or only in the one given. The replaced name is kept as an
  alternative label.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "m.csv").write_text("file,region,title,date,issuer\\nplan.txt,蔡甸区,,2023-03-01,\\n",
...                             encoding="utf-8")
>>> _ = (d / "a.tsv").write_text("# my aliases\\nmention\\tregion\\tcanonical\\n"
...                             "市审批局\\t银川市\\t银川市审批服务管理局\\n", encoding="utf-8")
>>> h = load_hints(manifest=d / "m.csv", lexicon=d / "a.tsv")
>>> h.entry("plan.txt").region, h.entry(d / "plan.txt").date
('蔡甸区', '2023-03-01')
>>> h.canonical("市审批局", "银川市审批局", "银川市")
'银川市审批服务管理局'
>>> h.canonical("市审批局", "拉萨市审批局", "拉萨市") is None
True
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import InputError

__all__ = ["Alias", "Hints", "ManifestEntry", "load_hints"]


@dataclass(frozen=True)
class ManifestEntry:
    """One manifest row: what the user knows of one file."""

    file: str
    region: str = ""
    title: str = ""
    date: str = ""
    issuer: str = ""


@dataclass(frozen=True)
class Alias:
    """One row of a user's alias table."""

    name: str
    region: str
    canonical: str


@dataclass(frozen=True)
class Hints:
    """A manifest and an alias table, as :func:`load_hints` reads them (picklable)."""

    files: dict[str, ManifestEntry] = field(default_factory=dict)
    aliases: tuple[Alias, ...] = ()
    digest: str = ""

    def entry(self, path: str | Path) -> ManifestEntry | None:
        """The manifest row of a file: by its path as given, then by its name."""
        p = Path(path)
        for key in (str(p), p.as_posix(), str(p.absolute()), p.name):
            if key in self.files:
                return self.files[key]
        return None

    def canonical(self, mention: str, label: str, region: str) -> str | None:
        """The user's name for a mention (or the name it resolved to) in a region, if any."""
        for a in self.aliases:
            if a.name in (mention, label) and (not a.region or a.region == region):
                return a.canonical
        return None

    def __bool__(self) -> bool:
        return bool(self.files or self.aliases)


def load_hints(*, manifest: str | Path | None = None, lexicon: str | Path | None = None) -> Hints:
    """Read a manifest CSV and an alias TSV (either may be None).

    Raises :class:`~graphkit.errors.InputError` naming the file and line of a
    row it cannot read.
    """
    files: dict[str, ManifestEntry] = {}
    aliases: list[Alias] = []
    digest = hashlib.sha256()
    if manifest is not None:
        path = Path(manifest)
        text = _read(path)
        digest.update(b"manifest\0" + text.encode())
        rows = csv.DictReader(text.splitlines())
        if not rows.fieldnames or "file" not in [f.strip() for f in rows.fieldnames]:
            raise InputError("a manifest needs a header row with a 'file' column", path=str(path))
        for n, row in enumerate(rows, 2):
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            if not row.get("file"):
                raise InputError(f"line {n}: no file named", path=str(path))
            e = ManifestEntry(
                row["file"], row.get("region", ""), row.get("title", ""), row.get("date", ""),
                row.get("issuer", ""),
            )
            files[e.file] = e
            files.setdefault(str((path.parent / e.file).absolute()), e)
    if lexicon is not None:
        path = Path(lexicon)
        text = _read(path)
        digest.update(b"lexicon\0" + text.encode())
        header = True
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = [c.strip() for c in line.split("\t")]
            if header:
                header = False
                if cols and cols[0].lower() in ("mention", "name", "mention or name"):
                    continue
            if len(cols) != 3 or not cols[0] or not cols[2]:
                raise InputError(
                    f"line {n}: want three tab-separated columns (mention or name, region, "
                    "canonical name)",
                    path=str(path),
                )
            aliases.append(Alias(cols[0], cols[1], cols[2]))
    return Hints(files, tuple(aliases), digest.hexdigest() if (files or aliases) else "")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read: {e}", path=str(path)) from e
