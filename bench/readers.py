"""Time the readers against the plain-text read of the same content.

    python bench/readers.py

Makes the fixture files of ``tests/fixtures_formats.py`` from the corpus in a
temporary folder (the 2017 plan as PDF, the 拉萨 ledger as .xlsx, .docx and
.csv) and reads each with :func:`graphkit.readers.read_path`, best of 3,
beside :func:`graphkit.extraction.text.read_text` of the text file they were
made from: pages/s for PDF, rows/s for the tables, and the ratio to the text
read. For PDF it also times the two libraries not chosen (pypdfium2,
pdfminer.six's own layout) and prints how close each one's text is to the
source (difflib ratio, white space removed): the figures behind the choice of
pdfplumber.
"""

from __future__ import annotations

import csv
import difflib
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import fixtures_formats as F  # noqa: E402

from graphkit.extraction.text import read_text  # noqa: E402
from graphkit.readers import read_path  # noqa: E402


def best(fn: Callable[[], object], n: int = 3) -> float:
    out = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - start)
    return out


def similarity(a: str, b: str) -> float:
    flat = re.compile(r"\s+")
    return difflib.SequenceMatcher(None, flat.sub("", a), flat.sub("", b), autojunk=False).ratio()


def pdf_libraries(pdf: Path, source: str) -> None:
    import pdfplumber
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text

    def plumber() -> str:
        with pdfplumber.open(str(pdf)) as doc:
            return "\n".join(p.extract_text() or "" for p in doc.pages)

    def pdfium_text() -> str:
        doc = pdfium.PdfDocument(str(pdf))
        try:
            return "\n".join(p.get_textpage().get_text_range() for p in doc)
        finally:
            doc.close()

    def miner() -> str:
        return extract_text(str(pdf))

    pages = len(pdfium.PdfDocument(str(pdf)))
    print(f"  PDF libraries on {pages} pages (text as the source / pages/s):")
    for name, fn in (("pdfplumber", plumber), ("pypdfium2", pdfium_text), ("pdfminer.six", miner)):
        s = best(fn)
        print(f"    {name:13} similarity {similarity(source, fn()):.4f}  {pages / s:8.1f} pages/s")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        plan_txt, ledger_txt = F.PLAN, F.LEDGER
        files: list[tuple[str, Path, Path, str]] = []
        F.write_ledger_xlsx(d / "ledger.xlsx")
        F.write_ledger_docx(d / "ledger.docx")
        with open(d / "ledger.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            for r in F.ledger_rows():
                w.writerow(
                    [r.theme, f"{r.number}.{r.item}", r.text, r.lead, r.cooperate, r.deadline]
                )
        files += [
            ("rows", d / n, ledger_txt, n) for n in ("ledger.xlsx", "ledger.docx", "ledger.csv")
        ]
        if F.soffice() is not None:
            F.write_plan_docx(d / "plan.docx")
            F.convert(d / "plan.docx", "pdf", d)
            F.write_ledger_docx(d / "ledger_print.docx")
            F.convert(d / "ledger_print.docx", "pdf", d)
            files = [
                ("pages", d / "plan.pdf", plan_txt, "plan.pdf"),
                ("pages", d / "ledger_print.pdf", ledger_txt, "ledger_print.pdf"),
                *files,
            ]
        else:
            print("(LibreOffice not installed: no PDF figures)")
        base = {p: best(lambda p=p: read_text(p)) for p in {plan_txt, ledger_txt}}
        for unit, path, txt, name in files:
            s = best(lambda path=path: read_path(path))
            t = read_path(path)
            if unit == "pages":
                count = len({loc.split(",")[0] for loc in t.locators})
            else:
                count = sum(1 for loc in t.locators if "row" in loc)
            print(
                f"{name:17} {count:4} {unit}: {s * 1000:8.1f} ms  {count / s:9.1f} {unit}/s  "
                f"{s / base[txt]:7.1f}x the text read of {txt.name} ({base[txt] * 1000:.1f} ms)"
            )
        if F.soffice() is not None:
            pdf_libraries(d / "plan.pdf", plan_txt.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
