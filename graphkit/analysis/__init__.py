"""Network analysis of the knowledge graph: NetworkX graphs in, pandas tables out.

Graphs come from the store through SPARQL (:func:`bipartite_graph`,
:func:`region_graph`, :func:`citation_graph`); the agency networks and every
table are pure functions of them. :func:`tie_graph` reads the agency network
from the cooperation ties the build materialises, without the assignments.
"""

from __future__ import annotations

from graphkit.analysis.centrality import METRICS, brokers, lead_centrality
from graphkit.analysis.communities import communities, partition
from graphkit.analysis.compare import (
    compare_targets,
    concentration,
    gini,
    leading_types,
    target_table,
)
from graphkit.analysis.graphs import (
    ROLES,
    agency_graph,
    bipartite_graph,
    citation_graph,
    collaboration_graph,
    cooperation_graph,
    find_agency,
    merge_types,
    region_graph,
    successors,
)
from graphkit.analysis.readwrite import write_graph
from graphkit.analysis.ties import tie_graph
from graphkit.analysis.topics import lead_moves, topic_leads

__all__ = [
    "METRICS",
    "ROLES",
    "agency_graph",
    "bipartite_graph",
    "brokers",
    "citation_graph",
    "collaboration_graph",
    "communities",
    "compare_targets",
    "concentration",
    "cooperation_graph",
    "find_agency",
    "gini",
    "lead_centrality",
    "lead_moves",
    "leading_types",
    "merge_types",
    "partition",
    "region_graph",
    "successors",
    "target_table",
    "tie_graph",
    "topic_leads",
    "write_graph",
]
