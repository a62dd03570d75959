"""Coalitions: camps of a signed actor network, by structural balance.

Hostile relations (accuses, criticizes, denies, sanctions, threatens) are
negative ties and ``defends`` is a positive one; ``cites`` and ``demands`` say
nothing about sides and are left out (kg does not tell an approving citation
from a neutral one), and so are statements in an article's own voice. Each
pair of actors gets the sign of its net weight (positive minus negative
supporting articles); pairs whose weights cancel are left out.

A network is balanced when its actors split into camps with every positive tie
inside a camp and every negative tie across (Cartwright and Harary). Real
networks are not quite; :func:`coalitions` splits each connected part in two
so that few ties go against the split, and reports those ties (the
frustration). Finding the smallest frustration is NP-hard: the split starts
from a breadth-first two-colouring (exact for a balanced part) and then moves
one actor at a time while that lowers the frustration, a local optimum.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import networkx as nx

from kg.analysis.graph import ActorRef, actor_ref
from kg.records import ARTICLE_VOICE, RelationType

__all__ = ["NEGATIVE", "POSITIVE", "Camp", "Coalitions", "Tie", "coalitions", "signed_graph"]

NEGATIVE = frozenset(
    {
        RelationType.ACCUSES,
        RelationType.CRITICIZES,
        RelationType.DENIES,
        RelationType.SANCTIONS,
        RelationType.THREATENS,
    }
)
"""Relations that count as a negative tie."""

POSITIVE = frozenset({RelationType.DEFENDS})
"""Relations that count as a positive tie."""


@dataclass(frozen=True)
class Camp:
    """One side of a connected part of the signed network."""

    part: int
    members: list[ActorRef]


@dataclass(frozen=True)
class Tie:
    """A signed tie between two actors: ``sign`` is +1 or -1, ``weight`` the
    absolute net number of supporting articles."""

    first: ActorRef
    second: ActorRef
    sign: int
    weight: int


@dataclass(frozen=True)
class Coalitions:
    """The camps, the ties against the split and how balanced the network is.

    ``frustration`` is the summed weight of the ties against the split,
    ``balance`` is 1 minus its share of all tie weight (1.0: perfectly balanced).
    """

    camps: list[Camp]
    frustrated: list[Tie]
    ties: int
    frustration: int
    balance: float


def signed_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The signed actor network: an undirected ``Graph`` whose edges have
    ``sign`` (+1 or -1) and ``weight`` (absolute net supporting articles).

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("us", "hw", key="accuses", articles=3)
    >>> _ = g.add_edge("hw", "us", key="denies", articles=1)
    >>> _ = g.add_edge("cn", "hw", key="defends", articles=2)
    >>> _ = g.add_edge("hw", "reuters", key="cites", articles=5)
    >>> s = signed_graph(g)
    >>> s.edges["us", "hw"], s.edges["cn", "hw"], s.has_edge("hw", "reuters")
    ({'sign': -1, 'weight': 4}, {'sign': 1, 'weight': 2}, False)
    """
    net: dict[tuple[str, str], int] = {}
    for agent, target, key, data in graph.edges(keys=True, data=True):
        if agent == target or ARTICLE_VOICE in (agent, target):
            continue
        if key not in NEGATIVE and key not in POSITIVE:
            continue
        pair = (agent, target) if agent <= target else (target, agent)
        weight = int(data.get("articles") or 1)
        net[pair] = net.get(pair, 0) + (weight if key in POSITIVE else -weight)
    signed = nx.Graph()
    for (first, second), value in sorted(net.items()):
        if value:
            signed.add_edge(first, second, sign=1 if value > 0 else -1, weight=abs(value))
    return signed


def _two_colouring(signed: nx.Graph, nodes: list[str]) -> dict[str, int]:
    """Sides 0/1 by breadth-first search from the most connected actor."""
    start = max(nodes, key=lambda n: (signed.degree(n, weight="weight"), n))
    side = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for other in sorted(signed[node]):
            if other not in side:
                same = signed.edges[node, other]["sign"] > 0
                side[other] = side[node] if same else 1 - side[node]
                queue.append(other)
    return side


def _gain(signed: nx.Graph, side: dict[str, int], node: str) -> int:
    """How much the frustration falls if ``node`` changes side."""
    gain = 0
    for other, data in signed[node].items():
        together = side[node] == side[other]
        against = (data["sign"] > 0) != together
        gain += data["weight"] if against else -data["weight"]
    return gain


def _improve(signed: nx.Graph, side: dict[str, int]) -> None:
    """Move single actors across while that lowers the frustration."""
    moved = True
    while moved:
        moved = False
        for node in sorted(side):
            if _gain(signed, side, node) > 0:
                side[node] = 1 - side[node]
                moved = True


def coalitions(graph: nx.MultiDiGraph) -> Coalitions:
    """Split the signed network of ``graph`` into camps (two per connected
    part, biggest parts first) and report the ties against the split.

    >>> g = nx.MultiDiGraph()
    >>> for node, label in [("us", "US"), ("uk", "UK"), ("cn", "China"), ("hw", "Huawei")]:
    ...     g.add_node(node, label=label, type=None)
    >>> _ = g.add_edge("us", "cn", key="accuses", articles=2)
    >>> _ = g.add_edge("uk", "hw", key="accuses", articles=1)
    >>> _ = g.add_edge("cn", "hw", key="defends", articles=1)
    >>> _ = g.add_edge("us", "uk", key="defends", articles=1)
    >>> result = coalitions(g)
    >>> [[m.label for m in camp.members] for camp in result.camps]
    [['China', 'Huawei'], ['UK', 'US']]
    >>> result.frustration, result.balance
    (0, 1.0)
    """
    signed = signed_graph(graph)
    parts = sorted(nx.connected_components(signed), key=lambda p: (-len(p), min(p)))
    side: dict[str, int] = {}
    camps: list[Camp] = []
    for index, part in enumerate(parts):
        nodes = sorted(part)
        local = _two_colouring(signed, nodes)
        _improve(signed, local)
        side.update(local)
        groups = [
            sorted((actor_ref(graph, n) for n in nodes if local[n] == s), key=lambda r: r.label)
            for s in (0, 1)
        ]
        groups.sort(key=lambda members: (-len(members), [m.label for m in members]))
        camps.extend(Camp(part=index, members=members) for members in groups if members)
    frustrated = []
    total = 0
    for first, second, data in signed.edges(data=True):
        total += data["weight"]
        if (data["sign"] > 0) != (side[first] == side[second]):
            frustrated.append(
                Tie(actor_ref(graph, first), actor_ref(graph, second), data["sign"], data["weight"])
            )
    frustrated.sort(key=lambda t: (-t.weight, t.first.label, t.second.label))
    frustration = sum(tie.weight for tie in frustrated)
    balance = round(1 - frustration / total, 4) if total else 1.0
    return Coalitions(camps, frustrated, signed.number_of_edges(), frustration, balance)
