"""Central actors: who accuses, is accused and is cited most, and PageRank.

Every measure weighs an edge by its number of supporting articles
(``articles``), so an accusation repeated in ten articles counts ten times and
one article repeating it counts once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from kg.records import ARTICLE_VOICE, RelationType

Direction = Literal["in", "out", "both"]

__all__ = ["Ranked", "pagerank", "ranking", "relation_digraph", "weighted_degree"]


@dataclass(frozen=True)
class Ranked:
    """One actor of a ranking: its IRI, label, type and score."""

    actor: str
    label: str
    type: str | None
    score: float


def relation_digraph(graph: nx.MultiDiGraph, relations: Iterable[str] | None = None) -> nx.DiGraph:
    """The edges of ``relations`` (all when ``None``) as a simple ``DiGraph``
    whose ``weight`` is the number of supporting articles, summed over the
    relations kept. Every actor of ``graph`` stays a node.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("us", "huawei", key="accuses", articles=3)
    >>> _ = g.add_edge("us", "huawei", key="sanctions", articles=1)
    >>> _ = g.add_edge("huawei", "us", key="denies", articles=2)
    >>> relation_digraph(g, ["accuses", "sanctions"]).edges["us", "huawei"]["weight"]
    4
    >>> relation_digraph(g, ["accuses"]).has_edge("huawei", "us")
    False
    """
    keep = None if relations is None else {str(r) for r in relations}
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes(data=True))
    for agent, target, key, data in graph.edges(keys=True, data=True):
        if keep is not None and key not in keep:
            continue
        weight = int(data.get("articles") or 1)
        if simple.has_edge(agent, target):
            simple.edges[agent, target]["weight"] += weight
        else:
            simple.add_edge(agent, target, weight=weight)
    return simple


def weighted_degree(
    graph: nx.MultiDiGraph,
    relations: Iterable[str] | None = None,
    direction: Direction = "both",
) -> dict[str, int]:
    """Each actor's number of supporting articles over its edges of
    ``relations`` (all when ``None``): incoming (``"in"``: how often it is
    accused, cited...), outgoing (``"out"``) or both.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("us", "huawei", key="accuses", articles=3)
    >>> _ = g.add_edge("china", "huawei", key="accuses", articles=1)
    >>> _ = g.add_edge("huawei", "us", key="denies", articles=2)
    >>> weighted_degree(g, ["accuses"], "in")
    {'us': 0, 'huawei': 4, 'china': 0}
    >>> weighted_degree(g)["huawei"]
    6
    """
    simple = relation_digraph(graph, relations)
    degrees = {
        "in": simple.in_degree(weight="weight"),
        "out": simple.out_degree(weight="weight"),
        "both": simple.degree(weight="weight"),
    }[direction]
    return {str(node): int(value) for node, value in degrees}


def pagerank(
    graph: nx.MultiDiGraph, relations: Iterable[str] = (RelationType.ACCUSES,)
) -> dict[str, float]:
    """PageRank on the graph of ``relations`` (accusations by default), edges
    weighted by article count: an actor ranks high when it is accused by actors
    that are themselves much accused. Scores sum to 1; an empty graph gives ``{}``.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("us", "huawei", key="accuses", articles=3)
    >>> _ = g.add_edge("huawei", "us", key="denies", articles=1)
    >>> scores = pagerank(g)
    >>> scores["huawei"] > scores["us"], round(sum(scores.values()), 6)
    (True, 1.0)
    """
    simple = relation_digraph(graph, relations)
    if simple.number_of_nodes() == 0:
        return {}
    return {str(node): float(score) for node, score in nx.pagerank(simple, weight="weight").items()}


def ranking(
    graph: nx.MultiDiGraph, scores: dict[str, float] | dict[str, int], top: int = 10
) -> list[Ranked]:
    """The ``top`` actors by ``scores`` (highest first, ties by label), leaving
    out actors that score zero and the article's own voice (``"@article"``).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("us", label="United States government", type="Government")
    >>> g.add_node("huawei", label="Huawei", type="Company")
    >>> _ = g.add_edge("us", "huawei", key="accuses", articles=3)
    >>> [(r.label, r.score) for r in ranking(g, weighted_degree(g, ["accuses"], "in"))]
    [('Huawei', 3.0)]
    """
    rows = [
        Ranked(
            actor=node,
            label=str(graph.nodes[node].get("label") or node),
            type=graph.nodes[node].get("type"),
            score=float(score),
        )
        for node, score in scores.items()
        if score > 0 and node in graph and node != ARTICLE_VOICE
    ]
    rows.sort(key=lambda row: (-row.score, row.label, row.actor))
    return rows[:top]
