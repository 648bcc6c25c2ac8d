"""What a plain (non-editable) install carries: the ontology, queries, tables and page assets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_carries_package_data(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (wheel,) = tmp_path.glob("graphkit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "graphkit/data/graphkit.ttl",
        "graphkit/data/shapes.ttl",
        "graphkit/data/regions.tsv",
        "graphkit/viz/page.html",
        "graphkit/viz/page.js",
    }
    expected |= {f"graphkit/data/queries/{p.name}" for p in (ROOT / "graphkit/data/queries").glob("*.rq")}
    expected |= {f"graphkit/data/lexicon/{p.name}" for p in (ROOT / "graphkit/data/lexicon").glob("*.tsv")}
    assert expected <= names, sorted(expected - names)
