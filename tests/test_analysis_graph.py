"""Tests of the actor graph (:mod:`kg.analysis.graph`)."""

from __future__ import annotations

from rdflib import Dataset

from kg.analysis import actor_graph
from kg.namespace import actor_iri
from kg.rdf import extraction_to_dataset
from kg.records import (
    Actor,
    ActorType,
    Article,
    Extraction,
    Relation,
    RelationType,
    Sentence,
)

US = Actor("united-states", "United States", ActorType.GOVERNMENT, "Q30")
HUAWEI = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
REUTERS = Actor("reuters", "Reuters", ActorType.MEDIA_OUTLET)
US_IRI, HUAWEI_IRI, REUTERS_IRI = (str(actor_iri(a.key)) for a in (US, HUAWEI, REUTERS))


def extraction(
    text: str, source: str, date: str | None, *specs: tuple[Actor | None, RelationType, Actor]
) -> Extraction:
    """One article whose every relation is evidenced by its whole text."""
    whole = Sentence(0, len(text), text)
    relations = tuple(Relation(agent, kind, target, whole) for agent, kind, target in specs)
    article = Article(
        text,
        source=source,
        title=f"Title of {source}",
        date=date,
        url=f"https://example.org/{source}",
    )
    return Extraction(article, (US, HUAWEI, REUTERS), relations)


def two_articles() -> list[Extraction]:
    return [
        extraction(
            "The US accused and criticized Huawei, Reuters reported.",
            "b.txt",
            "2021-01-01",
            (US, RelationType.ACCUSES, HUAWEI),
            (US, RelationType.CRITICIZES, HUAWEI),
            (None, RelationType.CITES, REUTERS),
        ),
        extraction(
            "The US again accused Huawei, which denied it.",
            "a.txt",
            "2020-01-01",
            (US, RelationType.ACCUSES, HUAWEI),
            (HUAWEI, RelationType.DENIES, US),
        ),
    ]


def build(*extractions: Extraction) -> Dataset:
    dataset = None
    for item in extractions:
        dataset = extraction_to_dataset(item, dataset)
    assert dataset is not None
    return dataset


def test_nodes_and_attributes() -> None:
    graph = actor_graph(build(*two_articles()))
    assert set(graph.nodes) == {US_IRI, HUAWEI_IRI}
    assert graph.nodes[US_IRI] == {
        "label": "United States",
        "type": "Government",
        "wikidata": "Q30",
    }
    assert graph.nodes[HUAWEI_IRI]["type"] == "Company"


def test_parallel_edges_of_two_relation_types() -> None:
    graph = actor_graph(build(*two_articles()))
    assert set(graph[US_IRI][HUAWEI_IRI]) == {"accuses", "criticizes"}
    assert set(graph[HUAWEI_IRI][US_IRI]) == {"denies"}
    assert graph.number_of_edges() == 3
    for key, data in graph[US_IRI][HUAWEI_IRI].items():
        assert data["relation"] == key


def test_article_counts_and_evidence() -> None:
    graph = actor_graph(build(*two_articles()))
    accuses = graph.edges[US_IRI, HUAWEI_IRI, "accuses"]
    assert accuses["articles"] == 2
    assert graph.edges[US_IRI, HUAWEI_IRI, "criticizes"]["articles"] == 1
    evidence = [
        {k: v for k, v in item.items() if k != "article_id"} for item in accuses["evidence"]
    ]
    assert evidence == [
        {
            "sentence": "The US again accused Huawei, which denied it.",
            "article": "Title of a.txt",
            "date": "2020-01-01",
            "url": "https://example.org/a.txt",
            "claim": None,
        },
        {
            "sentence": "The US accused and criticized Huawei, Reuters reported.",
            "article": "Title of b.txt",
            "date": "2021-01-01",
            "url": "https://example.org/b.txt",
            "claim": None,
        },
    ]
    ids = [item["article_id"] for item in accuses["evidence"]]
    assert len(set(ids)) == 2 and set(ids) == set(graph.graph["articles"])
    assert sorted(a["title"] for a in graph.graph["articles"].values()) == [
        "Title of a.txt",
        "Title of b.txt",
    ]


def test_same_article_twice_counts_once() -> None:
    first = two_articles()[0]
    graph = actor_graph(build(first, first))
    accuses = graph.edges[US_IRI, HUAWEI_IRI, "accuses"]
    assert accuses["articles"] == 1 and len(accuses["evidence"]) == 1


def test_article_voice_only_on_request() -> None:
    dataset = build(*two_articles())
    assert REUTERS_IRI not in actor_graph(dataset)
    graph = actor_graph(dataset, include_article_voice=True)
    assert graph.nodes["@article"] == {"label": "@article", "type": "Article", "wikidata": None}
    assert graph.nodes[REUTERS_IRI]["type"] == "MediaOutlet"
    assert graph.edges["@article", REUTERS_IRI, "cites"]["articles"] == 1


def test_undated_evidence_sorts_last() -> None:
    undated = extraction(
        "Huawei was accused by the US.", "c.txt", None, (US, RelationType.ACCUSES, HUAWEI)
    )
    graph = actor_graph(build(undated, *two_articles()))
    dates = [e["date"] for e in graph.edges[US_IRI, HUAWEI_IRI, "accuses"]["evidence"]]
    assert dates == ["2020-01-01", "2021-01-01", None]
