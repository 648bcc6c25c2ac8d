"""graphkit: Chinese policy documents to a knowledge graph of agencies, measures and regions."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
