"""Interactive pages: NetworkX graphs in, self-contained offline HTML out."""

from __future__ import annotations

from graphkit.viz.page import network_page, write_page
from graphkit.viz.positions import layout

__all__ = ["layout", "network_page", "write_page"]
