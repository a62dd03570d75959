"""The store's summary: edge weights and display labels, in the default graph.

Article graphs hold what each article says; the summary says what the store
as a whole says, so that the shipped queries and the analyses read a few
thousand summary nodes instead of joining every event of every article:

- one ``kg:EdgeSummary`` per (agent, relation, target) with ``kg:articleCount``,
  ``kg:firstDate``, ``kg:lastDate`` and one ``kg:example`` sentence;
- one ``kg:displayLabel`` per actor (the smallest of its preferred labels);
- ``<graph> a kg:ArticleGraph`` for each article graph the summary covers.

The summary is derived data, never exported. Adding graphs updates it in
proportion to the new graphs alone: their edges are counted here and merged
with the stored counts (new graphs share no article with the old ones), then
written by one update, one transaction. Removing a graph recounts its edges
over the store with SPARQL. The only text put into an update is terms that
pyoxigraph has validated, written in its own syntax.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, XSD

from kg.namespace import EDGE, ID, KG
from kg.rdf import NAMESPACES

PENDING = ox.NamedNode(str(ID["summary/pending"]))
"""Scratch graph of the edges and actors being rewritten (empty between updates)."""

_ARTICLE_GRAPH = ox.NamedNode(str(KG.ArticleGraph))
_EDGE_SUMMARY = ox.NamedNode(str(KG.EdgeSummary))
_DISPLAY = ox.NamedNode(str(KG.displayLabel))
_AGENT, _RELATION, _TARGET = (ox.NamedNode(str(t)) for t in (KG.agent, KG.relation, KG.target))
_COUNT, _FIRST, _LAST = (ox.NamedNode(str(t)) for t in (KG.articleCount, KG.firstDate, KG.lastDate))
_EXAMPLE = ox.NamedNode(str(KG.example))
_TYPE = ox.NamedNode(str(RDF.type))
_INTEGER = ox.NamedNode(str(XSD.integer))
_PREFIXES = {prefix: str(namespace) for prefix, namespace in NAMESPACES.items()}

_MARK_PENDING = """
INSERT {{ GRAPH {pending} {{ ?k kg:agent ?a ; kg:relation ?r ; kg:target ?t }} }}
WHERE {{
  {{ SELECT DISTINCT ?a ?r ?t WHERE {{
       {values}
       GRAPH ?g {{ ?e a kg:RelationEvent ; kg:agent ?a ; kg:relation ?r ; kg:target ?t }} }} }}
  BIND(IRI(CONCAT("{edge}", MD5(CONCAT(STR(?a), " ", STR(?r), " ", STR(?t))))) AS ?k)
}} ;
INSERT {{ GRAPH {pending} {{ ?x a kg:Actor }} }}
WHERE {{ {values} GRAPH ?g {{ ?x skos:prefLabel ?label }} }} ;
"""

_REWRITE = """
DELETE {{ ?k ?p ?o }} WHERE {{ GRAPH {pending} {{ ?k kg:agent ?a }} ?k ?p ?o }} ;
INSERT {{
  ?k a kg:EdgeSummary ; kg:agent ?a ; kg:relation ?r ; kg:target ?t ;
     kg:articleCount ?n ; kg:firstDate ?first ; kg:lastDate ?last ; kg:example ?example .
}}
WHERE {{
  SELECT ?k ?a ?r ?t (COUNT(DISTINCT ?h) AS ?n) (MIN(?date) AS ?first) (MAX(?date) AS ?last)
         (MIN(?sentence) AS ?example)
  WHERE {{
    GRAPH {pending} {{ ?k kg:agent ?a ; kg:relation ?r ; kg:target ?t }}
    GRAPH ?h {{
      ?e kg:agent ?a ; kg:relation ?r ; kg:target ?t ; kg:evidence ?sentence ;
         prov:wasDerivedFrom ?article .
      OPTIONAL {{ ?article schema:datePublished ?date }}
    }}
  }}
  GROUP BY ?k ?a ?r ?t
}} ;
DELETE {{ ?x kg:displayLabel ?label }}
WHERE {{ GRAPH {pending} {{ ?x a kg:Actor }} ?x kg:displayLabel ?label }} ;
INSERT {{ ?x kg:displayLabel ?label }}
WHERE {{
  SELECT ?x (MIN(STR(?l)) AS ?label)
  WHERE {{ GRAPH {pending} {{ ?x a kg:Actor }} GRAPH ?h {{ ?x skos:prefLabel ?l }} }}
  GROUP BY ?x
}} ;
DROP SILENT GRAPH {pending}
"""


@dataclass
class _Edge:
    """What the summary says of one agent, relation and target: the article
    graphs seen here, plus ``prior`` graphs counted before."""

    graphs: set[str] = field(default_factory=set)
    prior: int = 0
    first: ox.Literal | None = None
    last: ox.Literal | None = None
    example: str | None = None

    def note(self, graph: str, date: ox.Literal | None, sentence: str) -> None:
        self.graphs.add(graph)
        self.merge(date, date, sentence)

    def merge(self, first: ox.Literal | None, last: ox.Literal | None, example: str | None) -> None:
        if first is not None and (self.first is None or first.value < self.first.value):
            self.first = first
        if last is not None and (self.last is None or last.value > self.last.value):
            self.last = last
        if example is not None and (self.example is None or example < self.example):
            self.example = example

    @property
    def count(self) -> int:
        return self.prior + len(self.graphs)


def _edge_node(agent: str, relation: str, target: str) -> ox.NamedNode:
    digest = hashlib.md5(f"{agent} {relation} {target}".encode()).hexdigest()
    return ox.NamedNode(str(EDGE) + digest)


def _edge_quads(edges: dict[tuple[str, str, str], _Edge]) -> Iterable[ox.Quad]:
    default = ox.DefaultGraph()
    for (agent, relation, target), edge in edges.items():
        values: list[tuple[ox.NamedNode, ox.NamedNode | ox.Literal | None]] = [
            (_TYPE, _EDGE_SUMMARY),
            (_AGENT, ox.NamedNode(agent)),
            (_RELATION, ox.NamedNode(relation)),
            (_TARGET, ox.NamedNode(target)),
            (_COUNT, ox.Literal(str(edge.count), datatype=_INTEGER)),
            (_FIRST, edge.first),
            (_LAST, edge.last),
            (_EXAMPLE, None if edge.example is None else ox.NamedNode(edge.example)),
        ]
        node = _edge_node(agent, relation, target)
        for predicate, obj in values:
            if obj is not None:
                yield ox.Quad(node, predicate, obj, default)


def _values(graphs: Iterable[ox.NamedNode]) -> str:
    """A ``VALUES ?g`` clause of validated graph IRIs, in pyoxigraph's syntax."""
    return "VALUES ?g { " + " ".join(str(graph) for graph in graphs) + " }"


def summarise(store: ox.Store, graphs: Iterable[ox.NamedNode] | None = None) -> None:
    """Update the summary for ``graphs`` just added to ``store`` (rewrite it for
    all graphs if ``None``)."""
    if graphs is None:
        _summarise_all(store)
        return
    names: list[ox.NamedNode | ox.BlankNode] = list(graphs)
    if not names:
        return
    edges, labels = _count(store, names)
    stale: list[ox.Quad] = []
    for key, edge in edges.items():
        for quad in store.quads_for_pattern(_edge_node(*key), None, None, ox.DefaultGraph()):
            stale.append(quad)
            predicate, value = quad.predicate, quad.object
            if isinstance(value, ox.Literal) and predicate == _COUNT:
                edge.prior = int(value.value)
            elif isinstance(value, ox.Literal) and predicate in (_FIRST, _LAST):
                edge.merge(
                    value if predicate == _FIRST else None,
                    value if predicate == _LAST else None,
                    None,
                )
            elif isinstance(value, ox.NamedNode) and predicate == _EXAMPLE:
                edge.merge(None, None, value.value)
    for actor in list(labels):
        for quad in store.quads_for_pattern(ox.NamedNode(actor), _DISPLAY, None, ox.DefaultGraph()):
            stale.append(quad)
            if isinstance(quad.object, ox.Literal):
                labels[actor] = min(labels[actor], quad.object.value)
    fresh = [*_edge_quads(edges), *_label_quads(labels)]
    fresh.extend(ox.Quad(name, _TYPE, _ARTICLE_GRAPH, ox.DefaultGraph()) for name in names)
    store.update(
        f"DELETE DATA {{ {_triples_text(stale)} }} ; INSERT DATA {{ {_triples_text(fresh)} }}"
    )


def _triples_text(quads: Iterable[ox.Quad]) -> str:
    """Default-graph quads as N-Triples text, in pyoxigraph's own escaping."""
    return " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def _label_quads(labels: dict[str, str]) -> Iterable[ox.Quad]:
    for actor, label in labels.items():
        yield ox.Quad(ox.NamedNode(actor), _DISPLAY, ox.Literal(label), ox.DefaultGraph())


_EVENTS = """
SELECT ?g ?a ?r ?t ?sentence ?date WHERE { GRAPH ?g {
  ?e a kg:RelationEvent ; kg:agent ?a ; kg:relation ?r ; kg:target ?t ; kg:evidence ?sentence ;
     prov:wasDerivedFrom ?article .
  OPTIONAL { ?article schema:datePublished ?date } } }
"""
_LABELS = "SELECT ?x ?label WHERE { GRAPH ?g { ?x skos:prefLabel ?label } }"
_ARTICLE_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a kg:Article } }"


def _count(
    store: ox.Store, graphs: list[ox.NamedNode | ox.BlankNode] | None = None
) -> tuple[dict[tuple[str, str, str], _Edge], dict[str, str]]:
    """The edges and the display labels of ``graphs`` (all graphs if ``None``)."""
    edges: dict[tuple[str, str, str], _Edge] = {}
    rows = store.query(_EVENTS, prefixes=_PREFIXES, named_graphs=graphs)
    for row in rows:  # type: ignore[union-attr]
        key = (row["a"].value, row["r"].value, row["t"].value)
        edges.setdefault(key, _Edge()).note(row["g"].value, row["date"], row["sentence"].value)
    labels: dict[str, str] = {}
    for row in store.query(_LABELS, prefixes=_PREFIXES, named_graphs=graphs):  # type: ignore[union-attr]
        actor, label = row["x"].value, row["label"].value
        labels[actor] = min(label, labels.get(actor, label))
    return edges, labels


def _summarise_all(store: ox.Store) -> None:
    """The whole summary from two passes over the graphs, the same triples as
    :func:`summarise` writes graph by graph. The new summary is added in one
    transaction before the stale one is removed, so a crash leaves at worst
    stale extras, never graphs without their marks."""
    edges, labels = _count(store)
    fresh = {*_edge_quads(edges), *_label_quads(labels)}
    fresh.update(
        ox.Quad(row["g"], _TYPE, _ARTICLE_GRAPH, ox.DefaultGraph())
        for row in store.query(_ARTICLE_GRAPHS, prefixes=_PREFIXES)  # type: ignore[union-attr]
    )
    stale = [
        q for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()) if q not in fresh
    ]
    store.extend(fresh)
    for quad in stale:
        store.remove(quad)


def remove_summarised(store: ox.Store, graph: ox.NamedNode) -> None:
    """Drop ``graph`` from ``store`` and rewrite the summary without it, in one transaction."""
    pending = str(PENDING)
    update = (
        _MARK_PENDING.format(pending=pending, values=_values([graph]), edge=str(EDGE))
        + f"DROP GRAPH {graph} ; DELETE DATA {{ {graph} a kg:ArticleGraph }} ;"
        + _REWRITE.format(pending=pending)
    )
    store.update(update, prefixes=_PREFIXES)


def is_summarised(store: ox.Store, graph: ox.NamedNode) -> bool:
    """Whether the summary covers ``graph`` (its add finished)."""
    pattern = store.quads_for_pattern(graph, _TYPE, _ARTICLE_GRAPH, ox.DefaultGraph())
    return next(iter(pattern), None) is not None
