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

from collections.abc import Iterable

import pyoxigraph as ox

from kg.namespace import EDGE, ID, KG
from kg.rdf import NAMESPACES

PENDING = ox.NamedNode(str(ID["summary/pending"]))
"""Scratch graph of the edges and actors being rewritten (empty between updates)."""

_ARTICLE_GRAPH = ox.NamedNode(str(KG.ArticleGraph))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
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


def _values(graphs: Iterable[ox.NamedNode] | None) -> str:
    if graphs is None:
        return ""
    return "VALUES ?g { " + " ".join(str(graph) for graph in graphs) + " }"


def summarise(store: ox.Store, graphs: Iterable[ox.NamedNode] | None = None) -> None:
    """Rewrite the summary for ``graphs`` just added to ``store`` (all graphs if ``None``)."""
    names = None if graphs is None else list(graphs)
    if names == []:
        return
    values = _values(names)
    marks = (
        "INSERT { ?g a kg:ArticleGraph } WHERE { GRAPH ?g { ?a a kg:Article } } ;"
        if names is None
        else f"INSERT DATA {{ {' '.join(f'{name} a kg:ArticleGraph .' for name in names)} }} ;"
    )
    pending = str(PENDING)
    update = (
        _MARK_PENDING.format(pending=pending, values=values, edge=str(EDGE))
        + marks
        + _REWRITE.format(pending=pending)
    )
    store.update(update, prefixes=_PREFIXES)


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
