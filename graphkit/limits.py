"""Sizes graphkit refuses to go past, in a module of its own that imports nothing.

The command line shows them as option defaults, so reading them must not load
the extraction pipeline.

>>> MAX_BYTES // 2**20
64
"""

from __future__ import annotations

__all__ = ["MAX_BYTES"]

#: Files larger than this are refused rather than read: a text file this size is
#: usually a dump or a mistake, and reading one takes about ten times its size in memory.
MAX_BYTES = 64 * 1024 * 1024
