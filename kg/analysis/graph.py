"""The actor graph: actors as nodes, relation types as parallel edges.

Built from the relation events of a dataset (:func:`kg.rdf.relation_events`)
rather than from the direct ``agent kg:<relation> target`` edges through
``rdflib.extras.external_graph_libs``: that bridge keeps rdflib terms as node
ids and has no per-article provenance, while every edge here needs the number
of supporting articles and its evidence sentences.
"""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

import networkx as nx
from rdflib import Dataset

from kg.rdf import EventRow, relation_events
from kg.records import ARTICLE_VOICE


class Evidence(TypedDict):
    """One supporting sentence of an actor-graph edge: the sentence, its
    article (``article`` is the title, else the source file; ``article_id`` the
    article's IRI), the article's date and URL, and the claim (``None`` if the
    relation has none)."""

    sentence: str
    article: str
    article_id: str
    date: str | None
    url: str | None
    claim: str | None


class ArticleInfo(TypedDict):
    """One article of the actor graph (``graph.graph["articles"]``, keyed by IRI)."""

    title: str
    source: str
    date: str | None
    url: str | None


def _evidence(event: EventRow) -> Evidence:
    return Evidence(
        sentence=event.sentence,
        article=event.title or event.source,
        article_id=event.article,
        date=event.date,
        url=event.url,
        claim=event.claim,
    )


def _evidence_key(evidence: Evidence) -> tuple[bool, str, str, str, str, str]:
    """Dated evidence first, by date, then article, then sentence."""
    date = evidence["date"]
    return (
        date is None,
        date or "",
        evidence["article"],
        evidence["sentence"],
        evidence["article_id"],
        evidence["claim"] or "",
    )


def _most_common(values: Counter[str]) -> str:
    """The most frequent value; ties go to the smallest."""
    return min(values, key=lambda value: (-values[value], value))


def actor_graph(
    source: Dataset | Iterable[EventRow], include_article_voice: bool = False
) -> nx.MultiDiGraph:
    """The actor graph of ``source``, a dataset or its relation events
    (:func:`kg.rdf.relation_events`, :meth:`kg.store.Store.relation_events`):
    one edge per (agent, relation type, target).

    Node ids are actor IRI strings with attributes ``label``, ``type`` (e.g.
    ``"Company"``) and ``wikidata`` (Q-id or ``None``); an actor labelled
    differently in different articles takes its most frequent label. Edge
    keys are relation local names (``"accuses"``); each edge has ``relation``
    (the same), ``articles`` (number of distinct supporting articles) and
    ``evidence``: :class:`Evidence` dicts sorted by date (undated last), then
    article. ``graph.graph["articles"]`` maps the IRI of each article with a
    relation event to its :class:`ArticleInfo` (title, source file, date, URL).

    Statements in the article's own voice are left out unless
    ``include_article_voice`` is true; they then come from one node
    ``"@article"`` (label ``"@article"``, type ``"Article"``).

    >>> from kg.namespace import actor_iri
    >>> from kg.rdf import extraction_to_dataset
    >>> from kg.records import Actor, ActorType, Article, Extraction, Relation
    >>> from kg.records import RelationType, Sentence
    >>> text = "The FCC accused Huawei. Huawei denied it, Reuters reported."
    >>> fcc = Actor("fcc", "FCC", ActorType.AGENCY, "Q128831")
    >>> huawei = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
    >>> reuters = Actor("reuters", "Reuters", ActorType.MEDIA_OUTLET)
    >>> first, second = Sentence(0, 23, text[:23]), Sentence(24, 60, text[24:])
    >>> relations = (
    ...     Relation(fcc, RelationType.ACCUSES, huawei, first),
    ...     Relation(huawei, RelationType.DENIES, fcc, second),
    ...     Relation(None, RelationType.CITES, reuters, second),
    ... )
    >>> article = Article(text, source="a.txt", title="Huawei denies")
    >>> dataset = extraction_to_dataset(Extraction(article, (fcc, huawei, reuters), relations))
    >>> graph = actor_graph(dataset)
    >>> graph.number_of_nodes(), graph.number_of_edges()
    (2, 2)
    >>> fcc_iri, huawei_iri = (str(actor_iri(key)) for key in ("fcc", "huawei"))
    >>> edge = graph.edges[fcc_iri, huawei_iri, "accuses"]
    >>> edge["articles"], edge["evidence"][0]["sentence"]
    (1, 'The FCC accused Huawei.')
    >>> actor_graph(dataset, include_article_voice=True).number_of_nodes()
    4
    """
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    wikidata: dict[str, Counter[str]] = defaultdict(Counter)
    articles: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    evidence: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    documents: dict[str, ArticleInfo] = {}

    def note(node: str, label: str, type_: str | None, qid: str | None) -> None:
        labels[node][label] += 1
        if type_ is not None:
            types[node][type_] += 1
        if qid is not None:
            wikidata[node][qid] += 1

    events = relation_events(source) if isinstance(source, Dataset) else source
    for event in events:
        documents[event.article] = ArticleInfo(
            title=event.title or event.source, source=event.source, date=event.date, url=event.url
        )
        if event.agent is None:
            if not include_article_voice:
                continue
            agent = ARTICLE_VOICE
            note(agent, ARTICLE_VOICE, "Article", None)
        else:
            agent = event.agent
            note(agent, event.agent_label, event.agent_type, event.agent_wikidata)
        note(event.target, event.target_label, event.target_type, event.target_wikidata)
        key = (agent, event.relation, event.target)
        articles[key].add(event.article)
        item = _evidence(event)
        if item not in evidence[key]:
            evidence[key].append(item)

    graph = nx.MultiDiGraph(articles=dict(sorted(documents.items())))
    for node in sorted(labels):
        graph.add_node(
            node,
            label=_most_common(labels[node]),
            type=_most_common(types[node]) if types[node] else None,
            wikidata=_most_common(wikidata[node]) if wikidata[node] else None,
        )
    for agent, relation, target in sorted(articles):
        key = (agent, relation, target)
        graph.add_edge(
            agent,
            target,
            key=relation,
            relation=relation,
            articles=len(articles[key]),
            evidence=sorted(evidence[key], key=_evidence_key),
        )
    return graph


def actor_graphml(graph: nx.MultiDiGraph) -> str:
    """The actor graph as GraphML text, for Gephi, yEd or networkx.

    GraphML keeps scalar attributes only: nodes have ``label``, ``type`` and
    ``wikidata`` (when known); edges have ``relation``, ``articles``, the
    ``first`` and ``last`` dates of their dated evidence, and ``evidence`` (the
    first supporting sentence).

    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("a", label="FCC", type="Agency", wikidata=None)
    >>> graph.add_node("b", label="Huawei", type="Company", wikidata="Q160120")
    >>> said = {"sentence": "The FCC accused Huawei.", "article": "t", "date": None, "url": None}
    >>> _ = graph.add_edge("a", "b", key="accuses", relation="accuses", articles=1,
    ...                    evidence=[said])
    >>> back = nx.parse_graphml(actor_graphml(graph), force_multigraph=True)
    >>> back.nodes["b"]["wikidata"], back.edges["a", "b", "accuses"]["articles"]
    ('Q160120', 1)
    """
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(
            _xml_value(node), **{k: _xml_value(v) for k, v in data.items() if v is not None}
        )
    for agent, target, key, data in graph.edges(keys=True, data=True):
        items: list[Evidence] = data.get("evidence", [])
        dates = sorted(e["date"] for e in items if e["date"])
        values = {
            "relation": data["relation"],
            "articles": data["articles"],
            "first": dates[0] if dates else None,
            "last": dates[-1] if dates else None,
            "evidence": items[0]["sentence"] if items else None,
        }
        flat.add_edge(
            _xml_value(agent),
            _xml_value(target),
            key=key,
            **{k: _xml_value(v) for k, v in values.items() if v},
        )
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer)
    return buffer.getvalue().decode("utf-8").replace("\r", "&#13;")  # else read back as LF


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def _xml_value(value: object) -> object:
    """``value``, if text, with the characters XML cannot hold made U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def without_article_voice(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` without the ``"@article"`` node and the actors only
    it had a relation with: the graph ``actor_graph`` gives by default.

    >>> g = nx.MultiDiGraph(articles={})
    >>> _ = g.add_edge(ARTICLE_VOICE, "reuters", key="cites")
    >>> _ = g.add_edge("us", "hw", key="accuses")
    >>> sorted(without_article_voice(g)), without_article_voice(g).graph
    (['hw', 'us'], {'articles': {}})
    """
    copy = nx.MultiDiGraph(graph)
    if ARTICLE_VOICE in copy:
        only = [
            node
            for node in copy[ARTICLE_VOICE]
            if copy.degree(node) == copy.number_of_edges(ARTICLE_VOICE, node)
        ]
        copy.remove_nodes_from([ARTICLE_VOICE, *only])
    return copy


@dataclass(frozen=True)
class ActorRef:
    """An actor of the graph as the analyses report it: IRI, label and type."""

    actor: str
    label: str
    type: str | None


def actor_ref(graph: nx.MultiDiGraph, node: str) -> ActorRef:
    """``node`` with the label and type the actor graph gives it.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("urn:x:huawei", label="Huawei", type="Company")
    >>> actor_ref(g, "urn:x:huawei")
    ActorRef(actor='urn:x:huawei', label='Huawei', type='Company')
    """
    data = graph.nodes[node] if node in graph else {}
    return ActorRef(actor=node, label=str(data.get("label") or node), type=data.get("type"))


def evidence_dates(evidence: Iterable[Evidence]) -> tuple[str | None, str | None]:
    """The first and last date of ``evidence`` (``None`` when none is dated).

    >>> item = {"sentence": "s", "article": "t", "article_id": "a", "url": None, "claim": None}
    >>> evidence_dates([{**item, "date": "2024-05-01"}, {**item, "date": None},
    ...                 {**item, "date": "2023-01-09"}])
    ('2023-01-09', '2024-05-01')
    """
    dates = sorted(item["date"] for item in evidence if item["date"])
    return (dates[0], dates[-1]) if dates else (None, None)


def label_list(refs: Sequence[ActorRef], limit: int) -> str:
    """The labels of ``refs``, at most ``limit`` of them, for tables.

    >>> label_list([ActorRef("a", "US", None), ActorRef("b", "UK", None)], 1)
    'US and 1 more'
    """
    names = ", ".join(ref.label for ref in refs[:limit])
    return names + (f" and {len(refs) - limit} more" if len(refs) > limit else "")


def date_span(first: str | None, last: str | None) -> str:
    r"""Two dates as a span for tables (one if they are the same, ``""`` if unknown).

    >>> date_span("2024-01", "2024-03"), date_span("2024-01", "2024-01"), date_span(None, None)
    ('2024-01 \u2013 2024-03', '2024-01', '')
    """
    if first is None or last is None:
        return ""
    return first if first == last else f"{first} \u2013 {last}"
