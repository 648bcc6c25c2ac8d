"""Text of scanned pages by Tesseract (``chi_sim``), run as a program.

A page is rendered at 300 dpi by pypdfium2 and handed to the ``tesseract``
program (Debian: ``tesseract-ocr tesseract-ocr-chi-sim``); its output's
spaces between Chinese characters (Tesseract's word boxes) are removed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from graphkit.errors import InputError

__all__ = ["OCR_LANG", "ocr_image", "ocr_pdf_page"]

#: Tesseract's languages: Simplified Chinese, with English for Latin letters and digits.
OCR_LANG = "chi_sim+eng"
#: Seconds one page may take.
TIMEOUT = 180


def _tesseract(path: str) -> str:
    exe = shutil.which("tesseract")
    if exe is None:
        raise InputError(
            "--ocr needs the tesseract program with Chinese: apt-get install tesseract-ocr "
            "tesseract-ocr-chi-sim (and pip install graphkit[ocr])",
            path=path,
        )
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError) as e:
        raise InputError(f"tesseract does not run ({e})", path=path) from e
    if "chi_sim" not in langs.split():
        raise InputError(
            "--ocr needs Tesseract's Chinese data: apt-get install tesseract-ocr-chi-sim", path=path
        )
    return exe


def ocr_image(image, *, path: str, page_no: int = 0) -> str:
    """The text Tesseract reads in a PIL image (CJK spacing removed)."""
    exe = _tesseract(path)
    with tempfile.TemporaryDirectory(prefix="graphkit-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            out = subprocess.run(
                [exe, str(png), "stdout", "-l", OCR_LANG, "--psm", "6"],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired as e:
            raise InputError(f"p. {page_no}: OCR took more than {TIMEOUT} s", path=path) from e
    if out.returncode != 0:
        raise InputError(f"p. {page_no}: OCR failed ({out.stderr.strip()[:200]})", path=path)
    return _despace(out.stdout)


def ocr_pdf_page(path: str | Path, page_no: int) -> str:
    """The text of page ``page_no`` (1-based) of a PDF, rendered at 300 dpi and read by Tesseract."""
    from graphkit.readers.assemble import need

    pdfium = need("pypdfium2", "ocr", path)
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[page_no - 1]
        image = page.render(scale=300 / 72, grayscale=True).to_pil()
        page.close()
    finally:
        pdf.close()
    return ocr_image(image, path=str(path), page_no=page_no)


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


def _despace(s: str) -> str:
    """Spaces Tesseract puts between Chinese characters removed.

    >>> _despace("市 发 改 委 牵 头 ， 3 个 工作日")
    '市发改委牵头，3个工作日'
    """
    s = re.sub(rf"(?<={_CJK})[ \t]+(?={_CJK})", "", s)
    s = re.sub(rf"(?<={_CJK})[ \t]+(?=[0-9A-Za-z])|(?<=[0-9A-Za-z])[ \t]+(?={_CJK})", "", s)
    return s
