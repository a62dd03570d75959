"""The store's summary: edge weights and display labels, in the default graph.

Article graphs hold what each article says; the summary says what the store
as a whole says, so that the shipped queries and the analyses read a few
thousand summary nodes instead of joining every event of every article:

- one ``kg:EdgeSummary`` per (agent, relation, target) with ``kg:articleCount``,
  ``kg:firstDate``, ``kg:lastDate`` and one ``kg:example`` sentence;
- one ``kg:displayLabel`` per actor (the smallest of its preferred labels);
- ``<graph> a kg:ArticleGraph`` for each article graph the summary covers.

The summary is derived data: it is rewritten for the edges and actors of the
graphs that change, by one SPARQL Update (one transaction), and never
exported. The only text put into an update is IRIs that pyoxigraph has
validated, written in its own syntax.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, URIRef

from kg.namespace import EDGE, ID, KG
from kg.rdf import NAMESPACES

PENDING = ox.NamedNode(str(ID["summary/pending"]))
"""Scratch graph of the edges and actors being rewritten (empty between updates)."""

_ARTICLE_GRAPH = ox.NamedNode(str(KG.ArticleGraph))
_DISPLAY = ox.NamedNode(str(KG.displayLabel))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD = "http://www.w3.org/2001/XMLSchema#"
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
    """What the summary says of one agent, relation and target."""

    graphs: set[str] = field(default_factory=set)
    first: str | None = None
    last: str | None = None
    example: str | None = None

    def note(self, graph: str, date: str | None, sentence: str) -> None:
        self.graphs.add(graph)
        if date is not None:
            self.first = date if self.first is None else min(self.first, date)
            self.last = date if self.last is None else max(self.last, date)
        self.example = sentence if self.example is None else min(self.example, sentence)


def _edge_quads(edges: dict[tuple[str, str, str], _Edge]) -> Iterable[ox.Quad]:
    default, date = ox.DefaultGraph(), ox.NamedNode(_XSD + "date")
    for (agent, relation, target), edge in edges.items():
        digest = hashlib.md5(f"{agent} {relation} {target}".encode()).hexdigest()
        values: list[tuple[URIRef, ox.NamedNode | ox.Literal]] = [
            (RDF.type, ox.NamedNode(str(KG.EdgeSummary))),
            (KG.agent, ox.NamedNode(agent)),
            (KG.relation, ox.NamedNode(relation)),
            (KG.target, ox.NamedNode(target)),
            (
                KG.articleCount,
                ox.Literal(str(len(edge.graphs)), datatype=ox.NamedNode(_XSD + "integer")),
            ),
        ]
        if edge.first is not None and edge.last is not None:
            values.append((KG.firstDate, ox.Literal(edge.first, datatype=date)))
            values.append((KG.lastDate, ox.Literal(edge.last, datatype=date)))
        if edge.example is not None:
            values.append((KG.example, ox.NamedNode(edge.example)))
        node = ox.NamedNode(str(EDGE) + digest)
        for predicate, obj in values:
            yield ox.Quad(node, ox.NamedNode(str(predicate)), obj, default)


def _values(graphs: Iterable[ox.NamedNode]) -> str:
    """A ``VALUES ?g`` clause of validated graph IRIs, in pyoxigraph's syntax."""
    return "VALUES ?g { " + " ".join(str(graph) for graph in graphs) + " }"


def summarise(store: ox.Store, graphs: Iterable[ox.NamedNode] | None = None) -> None:
    """Rewrite the summary for ``graphs`` just added to ``store`` (all graphs if ``None``)."""
    if graphs is None:
        _summarise_all(store)
        return
    names = list(graphs)
    if not names:
        return
    marks = f"INSERT DATA {{ {' '.join(f'{name} a kg:ArticleGraph .' for name in names)} }} ;"
    pending = str(PENDING)
    update = (
        _MARK_PENDING.format(pending=pending, values=_values(names), edge=str(EDGE))
        + marks
        + _REWRITE.format(pending=pending)
    )
    store.update(update, prefixes=_PREFIXES)


_EVENTS = """
SELECT ?g ?a ?r ?t ?sentence ?date WHERE { GRAPH ?g {
  ?e a kg:RelationEvent ; kg:agent ?a ; kg:relation ?r ; kg:target ?t ; kg:evidence ?sentence ;
     prov:wasDerivedFrom ?article .
  OPTIONAL { ?article schema:datePublished ?date } } }
"""
_LABELS = "SELECT ?x ?label WHERE { GRAPH ?g { ?x skos:prefLabel ?label } }"
_ARTICLE_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a kg:Article } }"


def _summarise_all(store: ox.Store) -> None:
    """The whole summary from two passes over the graphs, the same triples as
    :func:`summarise` writes graph by graph, but computed here rather than by
    one large update (which grows faster than the store). The new summary is
    added in one transaction before the stale one is removed, so a crash
    leaves at worst stale extras, never graphs without their marks."""
    edges: dict[tuple[str, str, str], _Edge] = {}
    for row in store.query(_EVENTS, prefixes=_PREFIXES):  # type: ignore[union-attr]
        key = (row["a"].value, row["r"].value, row["t"].value)
        edges.setdefault(key, _Edge()).note(
            row["g"].value,
            None if row["date"] is None else row["date"].value,
            row["sentence"].value,
        )
    labels: dict[str, str] = {}
    for row in store.query(_LABELS, prefixes=_PREFIXES):  # type: ignore[union-attr]
        actor, label = row["x"].value, row["label"].value
        labels[actor] = min(label, labels.get(actor, label))
    fresh = set(_edge_quads(edges))
    fresh.update(
        ox.Quad(ox.NamedNode(actor), _DISPLAY, ox.Literal(label), ox.DefaultGraph())
        for actor, label in labels.items()
    )
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
