"""Relations over time: supporting articles per month and relation."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

__all__ = ["relations_by_month"]


def relations_by_month(
    graph: nx.MultiDiGraph, actor: str | None = None
) -> dict[str, dict[str, int]]:
    """For each month (``"YYYY-MM"``, in order) and relation, the number of
    (edge, article) pairs dated that month: an article supporting two edges
    counts for each. With ``actor``, only the edges it takes part in.
    Undated evidence is left out.

    >>> g = nx.MultiDiGraph()
    >>> said = {"sentence": "s", "article": "t", "url": None, "claim": None}
    >>> _ = g.add_edge("us", "hw", key="accuses", articles=2, evidence=[
    ...     {**said, "article_id": "a", "date": "2024-05-01"},
    ...     {**said, "article_id": "a", "date": "2024-05-01"},
    ...     {**said, "article_id": "b", "date": "2024-06-30"}])
    >>> _ = g.add_edge("hw", "us", key="denies", articles=1, evidence=[
    ...     {**said, "article_id": "a", "date": "2024-05-01"}])
    >>> relations_by_month(g)
    {'2024-05': {'accuses': 1, 'denies': 1}, '2024-06': {'accuses': 1}}
    >>> relations_by_month(g, actor="nobody")
    {}
    """
    seen: dict[str, dict[str, set[tuple[str, str, str]]]] = defaultdict(lambda: defaultdict(set))
    for agent, target, key, data in graph.edges(keys=True, data=True):
        if actor is not None and actor not in (agent, target):
            continue
        for item in data.get("evidence") or ():
            date = item.get("date")
            if date and len(date) >= 7:
                seen[date[:7]][key].add((agent, target, item["article_id"]))
    return {
        month: {relation: len(pairs) for relation, pairs in sorted(seen[month].items())}
        for month in sorted(seen)
    }
