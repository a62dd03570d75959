"""Disputed claims: what one actor alleges and another denies.

A claim is the text an accusation or denial is about ("spying on users"), as
extracted and normalised into ``kg:claim`` (see :func:`kg.rdf.normalise_claim`).
Claims with the same text are one claim across articles. A claim is disputed
when someone accuses with it and someone else denies it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.analysis.graph import ActorRef, Evidence, actor_ref, evidence_dates
from kg.records import RelationType

__all__ = ["DisputedClaim", "disputed_claims"]


@dataclass(frozen=True)
class DisputedClaim:
    """A claim, who asserts it (against whom) and who denies it, with evidence.

    ``articles`` counts the distinct articles that assert or deny it.
    """

    claim: str
    accusers: list[ActorRef]
    accused: list[ActorRef]
    deniers: list[ActorRef]
    articles: int
    first_date: str | None
    last_date: str | None
    assertions: list[Evidence]
    denials: list[Evidence]


def _refs(graph: nx.MultiDiGraph, nodes: set[str]) -> list[ActorRef]:
    return sorted((actor_ref(graph, node) for node in nodes), key=lambda r: (r.label, r.actor))


def disputed_claims(graph: nx.MultiDiGraph) -> list[DisputedClaim]:
    """Every claim both asserted (``accuses``) and denied (``denies``) by a
    different actor, most supported first (then by text).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("us", label="United States government", type="Government")
    >>> g.add_node("hw", label="Huawei", type="Company")
    >>> said = {"article": "t", "article_id": "a", "url": None, "date": None}
    >>> _ = g.add_edge("us", "hw", key="accuses", articles=1, evidence=[
    ...     {**said, "sentence": "The US says Huawei spies.", "claim": "Huawei spies"}])
    >>> _ = g.add_edge("hw", "us", key="denies", articles=1, evidence=[
    ...     {**said, "sentence": "Huawei denies that it spies.", "claim": "Huawei spies"}])
    >>> [claim] = disputed_claims(g)
    >>> claim.claim, [a.label for a in claim.accusers], [d.label for d in claim.deniers]
    ('Huawei spies', ['United States government'], ['Huawei'])
    """
    accusers: dict[str, set[str]] = defaultdict(set)
    accused: dict[str, set[str]] = defaultdict(set)
    deniers: dict[str, set[str]] = defaultdict(set)
    assertions: dict[str, list[Evidence]] = defaultdict(list)
    denials: dict[str, list[Evidence]] = defaultdict(list)
    for agent, target, key, data in graph.edges(keys=True, data=True):
        if key not in (RelationType.ACCUSES, RelationType.DENIES):
            continue
        for item in data.get("evidence") or ():
            claim = item.get("claim")
            if not claim:
                continue
            if key == RelationType.ACCUSES:
                accusers[claim].add(agent)
                accused[claim].add(target)
                assertions[claim].append(item)
            else:
                deniers[claim].add(agent)
                denials[claim].append(item)
    claims = []
    for claim in accusers.keys() & deniers.keys():
        if not deniers[claim] - accusers[claim]:
            continue
        evidence = assertions[claim] + denials[claim]
        first_date, last_date = evidence_dates(evidence)
        claims.append(
            DisputedClaim(
                claim=claim,
                accusers=_refs(graph, accusers[claim]),
                accused=_refs(graph, accused[claim]),
                deniers=_refs(graph, deniers[claim] - accusers[claim]),
                articles=len({item["article_id"] for item in evidence}),
                first_date=first_date,
                last_date=last_date,
                assertions=assertions[claim],
                denials=denials[claim],
            )
        )
    claims.sort(key=lambda c: (-c.articles, c.claim))
    return claims
