#!/usr/bin/env python3
"""Regenerate ``graphkit/data/regions.tsv`` from the JioNLP place-name dictionary.

JioNLP (https://github.com/dongrixinyu/JioNLP, Apache-2.0, PyPI ``jionlp``)
ships ``jionlp/dictionary/china_location.zip``: one ``china_location.txt``
with the provinces, prefecture-level cities and county-level divisions of
China, their administrative division codes (GB/T 2260, as extended by the
National Bureau of Statistics with codes for functional areas) and short
names, indented by level (towns and villages below are ignored here).

Usage::

    pip download --no-deps jionlp==1.5.31 -d /tmp/jio
    python tools/make_regions.py /tmp/jio/jionlp-1.5.31-py2.py3-none-any.whl

The argument may also be ``china_location.zip`` or ``china_location.txt``;
without one, an installed ``jionlp`` package is used (found, not imported).
Standard library only. The output is sorted by code and has a ``#`` header
naming the source, its version and the checksum of the text it was made from,
so running the script again on the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "graphkit" / "data" / "regions.tsv"
COLUMNS = ("code", "name", "level", "parent", "short", "aliases", "kind")
LEVELS = ("province", "city", "county")
#: Generic aliases JioNLP gives to development zones; not names of one place.
GENERIC_ALIASES = frozenset({"新区", "高新区", "经开区", "新站区", "文旅区", "市直辖", "省直辖"})
#: Pseudo-entries for "directly administered" groups, not regions.
PSEUDO = ("省直辖行政区划", "市直辖行政区划", "自治区直辖县级行政区划")
#: Hong Kong, Macao and Taiwan: only the province-level entry is kept (the
#: dictionary's lower levels there carry no GB/T 2260 codes).
TOP_ONLY = ("71", "81", "82")


def read_source(arg: str | None) -> tuple[str, str]:
    """Return (text of china_location.txt, description of where it came from)."""
    if arg is None:
        spec = importlib.util.find_spec("jionlp")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("jionlp is not installed; pass the wheel or china_location.zip")
        pkg = Path(next(iter(spec.submodule_search_locations)))
        path = pkg / "dictionary" / "china_location.zip"
        version = _installed_version()
        return _from_zip(path.read_bytes()), f"jionlp {version} (installed)"
    path = Path(arg)
    if path.suffix == ".whl":
        m = re.match(r"jionlp-([^-]+)-", path.name)
        version = m.group(1) if m else "?"
        with zipfile.ZipFile(path) as whl:
            inner = whl.read("jionlp/dictionary/china_location.zip")
        return _from_zip(inner), f"jionlp {version} ({path.name})"
    if path.suffix == ".zip":
        return _from_zip(path.read_bytes()), f"jionlp dictionary {path.name}"
    return path.read_text(encoding="utf-8"), f"jionlp dictionary {path.name}"


def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("jionlp")
    except PackageNotFoundError:
        return "?"


def _from_zip(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("china_location.txt").decode("utf-8")


def convert(text: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """Parse the dictionary text into region rows and a list of notes on what was left out.

    Each row follows :data:`COLUMNS`. Direct-controlled municipalities (北京市 …)
    appear once, at province level, with their districts below them; the
    dictionary's pseudo-cities 省直辖行政区划 are dropped and their counties
    attached to the province.
    """
    rows: dict[str, tuple[str, ...]] = {}
    notes: list[str] = []
    province = city = ""
    for raw in text.splitlines():
        stripped = raw.lstrip("\t")
        depth = len(raw) - len(stripped)
        if depth > 2 or not stripped.strip():
            continue
        parts = stripped.strip().split("\t")
        if len(parts) != 3:
            continue  # entries without a code (Taiwan's districts)
        name, code, alias = parts
        level = LEVELS[depth]
        if depth == 0:
            province, city = code, ""
            parent = ""
        elif depth == 1:
            if code == province or name in PSEUDO:
                city = ""  # municipality repeated as its own city, or a pseudo-city
                continue
            city, parent = code, province
        else:
            if name in PSEUDO:
                continue
            parent = city or province
        if depth > 0 and code[:2] in TOP_ONLY:
            continue
        if code in rows:
            notes.append(f"duplicate code {code}: kept {rows[code][1]}, dropped {name}")
            continue
        kind = "zone" if depth == 2 and code[4] == "7" else "division"
        aliases = [a for a in alias.split("/") if a and a != name and a not in GENERIC_ALIASES]
        if kind == "zone":
            aliases = []
        short = aliases.pop(0) if aliases else ""
        if not short and depth == 1 and name.endswith(("地区", "盟")):
            short = name.removesuffix("地区").removesuffix("盟")  # 阿里地区 -> 阿里
        rows[code] = (code, name, level, parent, short, "|".join(aliases), kind)
    return [rows[c] for c in sorted(rows)], notes


def render(rows: list[tuple[str, ...]], notes: list[str], source: str, checksum: str) -> str:
    """The TSV text: ``#`` header lines, the column names, then the rows."""
    head = [
        "# China's provinces, prefecture-level cities and county-level divisions with",
        "# their administrative division codes (GB/T 2260; codes xxxx7x are the",
        "# National Bureau of Statistics' functional areas, kind=zone).",
        f"# Source: {source}, jionlp/dictionary/china_location.zip,",
        "# https://github.com/dongrixinyu/JioNLP, licence Apache-2.0.",
        f"# sha256 of china_location.txt: {checksum}",
        "# Short names are JioNLP's; a 地区 or 盟 without one gets its name minus that word.",
        "# Generated by tools/make_regions.py; do not edit by hand.",
    ]
    head += [f"# Note: {n}" for n in notes]
    lines = [*head, "\t".join(COLUMNS), *("\t".join(r) for r in rows)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", help="jionlp wheel, china_location.zip or .txt")
    ap.add_argument("-o", "--output", type=Path, default=OUT)
    args = ap.parse_args(argv)
    text, source = read_source(args.source)
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rows, notes = convert(text)
    args.output.write_text(render(rows, notes, source, checksum), encoding="utf-8")
    counts = {lv: sum(r[2] == lv for r in rows) for lv in LEVELS}
    print(f"{args.output}: {len(rows)} regions {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
