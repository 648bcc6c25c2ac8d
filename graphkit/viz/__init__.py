"""Interactive pages: NetworkX graphs in, self-contained offline HTML out."""

from __future__ import annotations

from graphkit.viz.layout import layout
from graphkit.viz.page import network_page, write_page

__all__ = ["layout", "network_page", "write_page"]
