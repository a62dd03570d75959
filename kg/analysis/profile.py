"""An actor's profile: its relations in and out, and over time."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.analysis.graph import ActorRef, Evidence, actor_ref, evidence_dates
from kg.analysis.timeline import relations_by_month

__all__ = ["Profile", "ProfileEdge", "actor_profile", "find_actor"]


@dataclass(frozen=True)
class ProfileEdge:
    """One relation of the actor with another actor."""

    relation: str
    other: ActorRef
    articles: int
    first_date: str | None
    last_date: str | None
    evidence: list[Evidence]


@dataclass(frozen=True)
class Profile:
    """What the actor does (``outgoing``), what is done to it (``incoming``),
    most supported first, and both by month (:func:`relations_by_month`)."""

    actor: ActorRef
    wikidata: str | None
    outgoing: list[ProfileEdge]
    incoming: list[ProfileEdge]
    timeline: dict[str, dict[str, int]]


def find_actor(graph: nx.MultiDiGraph, name: str) -> str | None:
    """The node named by ``name``: its IRI, its Wikidata id (``Q160120``) or its
    label (case and surrounding space ignored); ``None`` when none matches.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("urn:x:hw", label="Huawei", type="Company", wikidata="Q160120")
    >>> find_actor(g, " huawei"), find_actor(g, "Q160120"), find_actor(g, "ZTE")
    ('urn:x:hw', 'urn:x:hw', None)
    """
    wanted = name.strip()
    if wanted in graph:
        return wanted
    folded = wanted.casefold()
    for field in ("wikidata", "label"):
        matches = sorted(
            str(node)
            for node, value in graph.nodes(data=field)
            if value is not None and str(value).casefold() == folded
        )
        if matches:
            return matches[0]
    return None


def _edge(graph: nx.MultiDiGraph, other: str, key: str, data: dict[str, object]) -> ProfileEdge:
    evidence: list[Evidence] = list(data.get("evidence") or [])  # type: ignore[call-overload]
    first, last = evidence_dates(evidence)
    articles = data.get("articles")
    return ProfileEdge(
        key,
        actor_ref(graph, other),
        articles if isinstance(articles, int) else 0,
        first,
        last,
        evidence,
    )


def _order(edges: list[ProfileEdge]) -> list[ProfileEdge]:
    return sorted(edges, key=lambda e: (-e.articles, e.relation, e.other.label, e.other.actor))


def actor_profile(graph: nx.MultiDiGraph, actor: str) -> Profile:
    """The profile of node ``actor`` (see :func:`find_actor` to look one up).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("us", label="US", type="Government")
    >>> g.add_node("hw", label="Huawei", type="Company", wikidata="Q160120")
    >>> said = {"sentence": "s", "article": "t", "article_id": "a", "url": None,
    ...         "claim": None, "date": "2024-05-01"}
    >>> _ = g.add_edge("us", "hw", key="accuses", articles=2, evidence=[said])
    >>> _ = g.add_edge("hw", "us", key="denies", articles=1, evidence=[said])
    >>> profile = actor_profile(g, "hw")
    >>> [(e.relation, e.other.label, e.articles) for e in profile.incoming]
    [('accuses', 'US', 2)]
    >>> [(e.relation, e.other.label) for e in profile.outgoing], profile.timeline
    ([('denies', 'US')], {'2024-05': {'accuses': 1, 'denies': 1}})
    """
    outgoing = [
        _edge(graph, t, k, d) for _, t, k, d in graph.out_edges(actor, keys=True, data=True)
    ]
    incoming = [_edge(graph, a, k, d) for a, _, k, d in graph.in_edges(actor, keys=True, data=True)]
    return Profile(
        actor=actor_ref(graph, actor),
        wikidata=graph.nodes[actor].get("wikidata"),
        outgoing=_order(outgoing),
        incoming=_order(incoming),
        timeline=relations_by_month(graph, actor),
    )
