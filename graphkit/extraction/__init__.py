"""Text → records: documents, measures, assignments, agencies and regions.

The stages are small modules: :mod:`~graphkit.extraction.text` (reading),
:mod:`~graphkit.extraction.segment` (documents and numbered items),
:mod:`~graphkit.extraction.roles` (responsibility clauses),
:mod:`~graphkit.extraction.resolve` (mentions → agencies),
:mod:`~graphkit.extraction.quantities` (deadlines and targets) and
:mod:`~graphkit.extraction.regions` (the division table).
:mod:`~graphkit.extraction.build` puts them together.
"""

from __future__ import annotations

from graphkit.extraction.build import Extraction, extract_file, extract_paths, extract_text

__all__ = ["Extraction", "extract_file", "extract_paths", "extract_text"]
