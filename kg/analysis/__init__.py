"""Analyses of a built knowledge graph."""

from __future__ import annotations

from kg.analysis.graph import actor_graph, actor_graphml

__all__ = ["actor_graph", "actor_graphml"]
