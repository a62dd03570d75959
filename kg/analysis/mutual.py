"""Mutual accusations: pairs of actors that accuse each other."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.analysis.graph import ActorRef, Evidence, actor_ref, evidence_dates
from kg.records import RelationType

__all__ = ["MutualAccusation", "mutual_accusations"]


@dataclass(frozen=True)
class MutualAccusation:
    """Two actors that accuse each other, with the articles and evidence of each side.

    ``first`` is the side with more supporting articles (ties: the smaller
    label); ``first_date`` and ``last_date`` span the dated evidence of both sides.
    """

    first: ActorRef
    second: ActorRef
    first_articles: int
    second_articles: int
    first_evidence: list[Evidence]
    second_evidence: list[Evidence]
    first_date: str | None
    last_date: str | None

    @property
    def articles(self) -> int:
        """Supporting articles of both sides together (an article may count twice)."""
        return self.first_articles + self.second_articles


def mutual_accusations(
    graph: nx.MultiDiGraph, relation: str = RelationType.ACCUSES
) -> list[MutualAccusation]:
    """Every pair of actors joined by ``relation`` edges both ways, most
    supported first (then by labels).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("us", label="United States government", type="Government")
    >>> g.add_node("cn", label="Chinese government", type="Government")
    >>> said = {"article": "t", "article_id": "a", "url": None, "claim": None}
    >>> _ = g.add_edge("us", "cn", key="accuses", articles=3,
    ...                evidence=[{**said, "sentence": "US accuses China.", "date": "2024-01-02"}])
    >>> _ = g.add_edge("cn", "us", key="accuses", articles=1,
    ...                evidence=[{**said, "sentence": "China accuses US.", "date": "2024-03-04"}])
    >>> [pair] = mutual_accusations(g)
    >>> pair.first.label, pair.first_articles, pair.second_articles
    ('United States government', 3, 1)
    >>> pair.first_date, pair.last_date
    ('2024-01-02', '2024-03-04')
    """
    key = str(relation)
    pairs: list[MutualAccusation] = []
    for agent, target, edge_key, data in graph.edges(keys=True, data=True):
        if edge_key != key or agent == target or not graph.has_edge(target, agent, key):
            continue
        back = graph.edges[target, agent, key]
        ours, theirs = int(data.get("articles") or 0), int(back.get("articles") or 0)
        first, second = actor_ref(graph, agent), actor_ref(graph, target)
        if (-ours, first.label, first.actor) > (-theirs, second.label, second.actor):
            continue  # the pair is reported once, from its first side
        evidence = list(data.get("evidence") or [])
        answer = list(back.get("evidence") or [])
        first_date, last_date = evidence_dates(evidence + answer)
        pairs.append(
            MutualAccusation(first, second, ours, theirs, evidence, answer, first_date, last_date)
        )
    pairs.sort(key=lambda p: (-p.articles, p.first.label, p.second.label, p.first.actor))
    return pairs
