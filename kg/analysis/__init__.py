"""Analyses of the actor graph (networkx), one module per analysis family.

Each function takes the actor graph of :func:`actor_graph` first, like networkx's.
"""

from __future__ import annotations

from kg.analysis.centrality import pagerank, ranking, relation_digraph, weighted_degree
from kg.analysis.claims import disputed_claims
from kg.analysis.coalitions import coalitions, signed_graph
from kg.analysis.graph import actor_graph, actor_graphml
from kg.analysis.mutual import mutual_accusations
from kg.analysis.overview import analyze, overview, to_json
from kg.analysis.profile import actor_profile, find_actor
from kg.analysis.timeline import relations_by_month

__all__ = [
    "actor_graph",
    "actor_graphml",
    "actor_profile",
    "analyze",
    "coalitions",
    "disputed_claims",
    "find_actor",
    "mutual_accusations",
    "overview",
    "pagerank",
    "ranking",
    "relation_digraph",
    "relations_by_month",
    "signed_graph",
    "to_json",
    "weighted_degree",
]
