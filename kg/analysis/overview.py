"""The key numbers of an actor graph, and every analysis of it at once.

:func:`analyze` is what ``kg analyze`` prints and what ``kg report`` shows;
:func:`to_json` is its ``--format json``.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from dataclasses import dataclass

import networkx as nx

from kg.analysis.centrality import Ranked, pagerank, ranking, weighted_degree
from kg.analysis.claims import DisputedClaim, disputed_claims
from kg.analysis.coalitions import Coalitions, coalitions
from kg.analysis.graph import evidence_dates
from kg.analysis.mutual import MutualAccusation, mutual_accusations
from kg.analysis.timeline import relations_by_month
from kg.records import RelationType

__all__ = ["Analysis", "Overview", "analyze", "overview", "to_json"]


@dataclass(frozen=True)
class Overview:
    """How many articles, actors and edges; edges per relation; the date span."""

    articles: int
    actors: int
    edges: int
    relations: dict[str, int]
    first_date: str | None
    last_date: str | None


@dataclass(frozen=True)
class Analysis:
    """Every analysis of one actor graph (``top`` rows per ranking)."""

    overview: Overview
    most_accused: list[Ranked]
    most_accusing: list[Ranked]
    most_cited: list[Ranked]
    pagerank: list[Ranked]
    mutual_accusations: list[MutualAccusation]
    coalitions: Coalitions
    disputed_claims: list[DisputedClaim]
    timeline: dict[str, dict[str, int]]


def overview(graph: nx.MultiDiGraph) -> Overview:
    """The key numbers of ``graph``.

    >>> g = nx.MultiDiGraph(articles={"a": {}, "b": {}})
    >>> said = {"sentence": "s", "article": "t", "article_id": "a", "url": None, "claim": None}
    >>> _ = g.add_edge("us", "hw", key="accuses", articles=2, evidence=[
    ...     {**said, "date": "2024-05-01"}, {**said, "date": "2023-02-01"}])
    >>> _ = g.add_edge("hw", "us", key="denies", articles=1, evidence=[])
    >>> overview(g)  # doctest: +NORMALIZE_WHITESPACE
    Overview(articles=2, actors=2, edges=2, relations={'accuses': 1, 'denies': 1},
             first_date='2023-02-01', last_date='2024-05-01')
    """
    relations = Counter(key for _, _, key in graph.edges(keys=True))
    evidence = [item for _, _, items in graph.edges(data="evidence") for item in items or ()]
    first, last = evidence_dates(evidence)
    articles = graph.graph.get("articles")
    count = len(articles) if articles is not None else len({e["article_id"] for e in evidence})
    return Overview(
        articles=count,
        actors=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        relations=dict(sorted(relations.items(), key=lambda item: (-item[1], item[0]))),
        first_date=first,
        last_date=last,
    )


def analyze(graph: nx.MultiDiGraph, top: int = 10) -> Analysis:
    """Run every analysis on ``graph``; rankings keep their ``top`` actors,
    the other lists are whole.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("us", "hw", key="accuses", articles=2, evidence=[])
    >>> _ = g.add_edge("hw", "us", key="accuses", articles=1, evidence=[])
    >>> result = analyze(g)
    >>> [r.actor for r in result.most_accused], len(result.mutual_accusations)
    (['hw', 'us'], 1)
    """
    accuses = [RelationType.ACCUSES]
    return Analysis(
        overview=overview(graph),
        most_accused=ranking(graph, weighted_degree(graph, accuses, "in"), top),
        most_accusing=ranking(graph, weighted_degree(graph, accuses, "out"), top),
        most_cited=ranking(graph, weighted_degree(graph, [RelationType.CITES], "in"), top),
        pagerank=ranking(graph, pagerank(graph), top),
        mutual_accusations=mutual_accusations(graph),
        coalitions=coalitions(graph),
        disputed_claims=disputed_claims(graph),
        timeline=relations_by_month(graph),
    )


def to_json(value: object) -> str:
    """An analysis result (dataclasses, lists, dicts) as indented JSON.

    >>> print(to_json(Overview(1, 2, 3, {"accuses": 3}, None, None)))  # doctest: +ELLIPSIS
    {
      "articles": 1,
      ...
    """
    plain = dataclasses.asdict(value) if dataclasses.is_dataclass(value) else value  # type: ignore[arg-type]
    return json.dumps(plain, indent=2, ensure_ascii=False)
