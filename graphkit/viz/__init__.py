"""Interactive pages: NetworkX graphs in, self-contained offline HTML out."""

from __future__ import annotations

from graphkit.viz.ledger import ledger_page, write_ledger
from graphkit.viz.page import network_page, write_page
from graphkit.viz.positions import layout
from graphkit.viz.styles import node_styles

__all__ = ["layout", "ledger_page", "network_page", "node_styles", "write_ledger", "write_page"]
