"""The analyses of kg.analysis on actor graphs built from real extraction records."""

from __future__ import annotations

import json
import random

import networkx as nx
import pytest
from rdflib import Dataset

from kg.analysis import (
    actor_graph,
    actor_profile,
    analyze,
    coalitions,
    disputed_claims,
    find_actor,
    mutual_accusations,
    overview,
    pagerank,
    ranking,
    relations_by_month,
    signed_graph,
    to_json,
    weighted_degree,
)
from kg.analysis.graph import without_article_voice
from kg.namespace import actor_iri
from kg.rdf import extraction_to_dataset
from kg.records import (
    ARTICLE_VOICE,
    Actor,
    ActorType,
    Article,
    Extraction,
    Relation,
    RelationType,
    Sentence,
)

US = Actor("us", "United States government", ActorType.GOVERNMENT, "Q30")
CN = Actor("cn", "Chinese government", ActorType.GOVERNMENT, "Q148")
UK = Actor("uk", "United Kingdom government", ActorType.GOVERNMENT, "Q145")
HW = Actor("hw", "Huawei", ActorType.COMPANY, "Q160120")
REUTERS = Actor("reuters", "Reuters", ActorType.MEDIA_OUTLET, "Q130879")
R = RelationType


def iri(actor: Actor) -> str:
    return str(actor_iri(actor.key))


def article(
    name: str, date: str | None, *relations: tuple[Actor | None, RelationType, Actor, str | None]
) -> Extraction:
    """One article with one sentence per relation: (agent, relation, target, claim)."""
    sentences = [f"Sentence {i} of {name}." for i in range(len(relations))]
    text = " ".join(sentences)
    items, begin = [], 0
    for (agent, kind, target, claim), sentence in zip(relations, sentences, strict=True):
        span = Sentence(begin, begin + len(sentence), sentence)
        items.append(Relation(agent, kind, target, span, claim=claim))
        begin += len(sentence) + 1
    actors = {a for rel in relations for a in (rel[0], rel[2]) if a is not None}
    doc = Article(text, source=f"{name}.txt", title=f"Title {name}", date=date)
    return Extraction(doc, tuple(sorted(actors, key=lambda a: a.key)), tuple(items))


def dataset(*extractions: Extraction) -> Dataset:
    result = None
    for item in extractions:
        result = extraction_to_dataset(item, result)
    assert result is not None
    return result


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    """Three dated articles: the US and China accuse each other, Huawei denies
    the US claim and China defends Huawei; the UK sides with the US."""
    spying = "Huawei equipment is used for spying"
    return actor_graph(
        dataset(
            article(
                "a",
                "2024-01-10",
                (US, R.ACCUSES, HW, spying),
                (HW, R.DENIES, US, spying),
                (None, R.CITES, REUTERS, None),
            ),
            article(
                "b",
                "2024-02-03",
                (US, R.ACCUSES, HW, spying),
                (CN, R.ACCUSES, US, None),
                (CN, R.DEFENDS, HW, None),
            ),
            article(
                "c",
                "2024-02-20",
                (US, R.ACCUSES, CN, None),
                (UK, R.ACCUSES, CN, None),
                (UK, R.DEFENDS, US, None),
                (US, R.CITES, REUTERS, None),
            ),
        ),
        include_article_voice=True,
    )


def test_centrality_weighs_edges_by_articles(graph: nx.MultiDiGraph) -> None:
    accused = weighted_degree(graph, [R.ACCUSES], "in")
    assert accused[iri(HW)] == 2 and accused[iri(CN)] == 2 and accused[iri(US)] == 1
    accusing = ranking(graph, weighted_degree(graph, [R.ACCUSES], "out"))
    assert [(r.label, r.score) for r in accusing][:2] == [
        ("United States government", 3.0),
        ("Chinese government", 1.0),
    ]
    # The article's own citation counts for the cited, but "@article" is never ranked.
    cited = ranking(graph, weighted_degree(graph, [R.CITES], "in"))
    assert [(r.label, r.score) for r in cited] == [("Reuters", 2.0)]
    assert ARTICLE_VOICE not in {r.actor for r in ranking(graph, weighted_degree(graph))}


def test_pagerank_favours_actors_accused_by_the_accused(graph: nx.MultiDiGraph) -> None:
    scores = pagerank(graph)
    assert pytest.approx(sum(scores.values())) == 1.0
    top = ranking(graph, scores, top=3)
    assert top[0].label in {"Huawei", "Chinese government", "United States government"}
    assert scores[iri(UK)] < scores[iri(CN)]


def test_mutual_accusations_have_evidence_on_both_sides(graph: nx.MultiDiGraph) -> None:
    [pair] = mutual_accusations(graph)
    assert (pair.first.label, pair.second.label) == (
        "Chinese government",
        "United States government",
    )
    assert (pair.first_articles, pair.second_articles) == (1, 1)
    assert pair.first_evidence[0]["sentence"] == "Sentence 1 of b."
    assert pair.second_evidence[0]["sentence"] == "Sentence 0 of c."
    assert (pair.first_date, pair.last_date) == ("2024-02-03", "2024-02-20")


def test_signed_network_and_balanced_camps(graph: nx.MultiDiGraph) -> None:
    signed = signed_graph(graph)
    assert signed.edges[iri(CN), iri(HW)] == {"sign": 1, "weight": 1}
    assert signed.edges[iri(US), iri(HW)] == {"sign": -1, "weight": 3}  # 2 accusations + 1 denial
    assert not signed.has_edge(iri(US), iri(REUTERS))  # citations take no side
    result = coalitions(graph)
    camps = [sorted(m.label for m in camp.members) for camp in result.camps]
    assert camps == [
        ["Chinese government", "Huawei"],
        ["United Kingdom government", "United States government"],
    ]
    assert (result.frustration, result.balance, result.frustrated) == (0, 1.0, [])


def test_frustration_of_an_unbalanced_triangle() -> None:
    triangle = actor_graph(
        dataset(
            article(
                "t",
                None,
                (US, R.ACCUSES, CN, None),
                (CN, R.ACCUSES, HW, None),
                (HW, R.ACCUSES, US, None),
            )
        )
    )
    result = coalitions(triangle)
    # Three enemies cannot split in two camps: one tie must go against the split.
    assert result.ties == 3 and result.frustration == 1 and len(result.frustrated) == 1
    assert result.balance == pytest.approx(2 / 3, abs=1e-4)
    assert sum(len(camp.members) for camp in result.camps) == 3


def test_local_search_finds_the_balanced_split_of_a_shuffled_network() -> None:
    rng = random.Random(3)
    sides = {f"n{i}": i % 2 for i in range(60)}
    multi = nx.MultiDiGraph()
    for node in sides:
        multi.add_node(node, label=node, type=None)
    for _ in range(240):
        a, b = rng.sample(sorted(sides), 2)
        key = R.DEFENDS if sides[a] == sides[b] else R.ACCUSES
        if not multi.has_edge(a, b, key):
            multi.add_edge(a, b, key=key, relation=key, articles=1, evidence=[])
    result = coalitions(multi)
    assert result.frustration == 0
    assert {frozenset(m.actor for m in camp.members) for camp in result.camps} == {
        frozenset(n for n, s in sides.items() if s == 0),
        frozenset(n for n, s in sides.items() if s == 1),
    }


def test_disputed_claims(graph: nx.MultiDiGraph) -> None:
    [claim] = disputed_claims(graph)
    assert claim.claim == "Huawei equipment is used for spying"
    assert [a.label for a in claim.accusers] == ["United States government"]
    assert [a.label for a in claim.accused] == ["Huawei"]
    assert [d.label for d in claim.deniers] == ["Huawei"]
    assert claim.articles == 2 and (claim.first_date, claim.last_date) == (
        "2024-01-10",
        "2024-02-03",
    )
    assert len(claim.assertions) == 2 and len(claim.denials) == 1


def test_a_claim_denied_only_by_its_accuser_is_not_disputed() -> None:
    odd = actor_graph(
        dataset(article("x", None, (US, R.ACCUSES, HW, "bugs"), (US, R.DENIES, HW, "bugs")))
    )
    assert disputed_claims(odd) == []


def test_profile_in_out_and_over_time(graph: nx.MultiDiGraph) -> None:
    assert find_actor(graph, "huawei") == iri(HW) == find_actor(graph, "Q160120")
    assert find_actor(graph, "ZTE") is None
    profile = actor_profile(graph, iri(HW))
    assert [(e.relation, e.other.label, e.articles) for e in profile.incoming] == [
        ("accuses", "United States government", 2),
        ("defends", "Chinese government", 1),
    ]
    assert [(e.relation, e.other.label) for e in profile.outgoing] == [
        ("denies", "United States government")
    ]
    assert profile.timeline == {
        "2024-01": {"accuses": 1, "denies": 1},
        "2024-02": {"accuses": 1, "defends": 1},
    }


def test_timeline_counts_edge_article_pairs(graph: nx.MultiDiGraph) -> None:
    assert relations_by_month(graph) == {
        "2024-01": {"accuses": 1, "cites": 1, "denies": 1},
        "2024-02": {"accuses": 4, "cites": 1, "defends": 2},
    }


def test_overview_and_json(graph: nx.MultiDiGraph) -> None:
    numbers = overview(graph)
    assert (numbers.articles, numbers.first_date, numbers.last_date) == (
        3,
        "2024-01-10",
        "2024-02-20",
    )
    assert numbers.relations == {"accuses": 4, "cites": 2, "defends": 2, "denies": 1}
    data = json.loads(to_json(analyze(graph, top=3)))
    assert set(data) == {
        "overview",
        "most_accused",
        "most_accusing",
        "most_cited",
        "pagerank",
        "mutual_accusations",
        "coalitions",
        "disputed_claims",
        "timeline",
    }
    assert all(len(data[key]) <= 3 for key in ("most_accused", "pagerank"))
    assert data["mutual_accusations"][0]["first"]["label"] == "Chinese government"


def test_without_article_voice_is_the_default_actor_graph(graph: nx.MultiDiGraph) -> None:
    assert ARTICLE_VOICE in graph
    stripped = without_article_voice(graph)
    assert ARTICLE_VOICE not in stripped and iri(REUTERS) in stripped  # the US cites Reuters too
    assert len(stripped.graph["articles"]) == 3


def synthetic(actors: int, edges: int, seed: int = 5) -> nx.MultiDiGraph:
    """A random actor graph with a heavy-tailed popularity, as actor_graph shapes it."""
    rng = random.Random(seed)
    relations = list(R)
    graph = nx.MultiDiGraph(articles={f"a{i}": {} for i in range(actors // 2)})
    for i in range(actors):
        graph.add_node(f"n{i}", label=f"Actor {i}", type="Company", wikidata=None)
    added = 0
    while added < edges:
        agent, target = rng.randrange(actors), min(int(rng.paretovariate(1.1)) - 1, actors - 1)
        relation = rng.choice(relations)
        if agent == target or graph.has_edge(f"n{agent}", f"n{target}", relation):
            continue
        date = f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-01"
        evidence = {
            "sentence": "s",
            "article": "t",
            "article_id": f"a{rng.randrange(actors // 2)}",
            "date": date,
            "url": None,
            "claim": rng.choice([None, None, "c1", "c2"]),
        }
        graph.add_edge(
            f"n{agent}",
            f"n{target}",
            key=relation,
            relation=relation,
            articles=rng.randint(1, 4),
            evidence=[evidence],
        )
        added += 1
    return graph


def test_every_analysis_runs_on_5000_actors() -> None:
    big = synthetic(5000, 15000)
    result = analyze(big, top=10)
    assert (result.overview.actors, result.overview.edges) == (5000, 15000)
    assert len(result.most_accused) == 10 and result.pagerank[0].score > result.pagerank[-1].score
    assert 0.5 < result.coalitions.balance <= 1.0
    assert (
        sum(len(c.members) for c in result.coalitions.camps) == signed_graph(big).number_of_nodes()
    )
    assert len(result.timeline) > 100
