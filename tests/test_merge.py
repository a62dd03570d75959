"""Tests of the merge stage (:mod:`kg.merge`): one node per actor, order independence."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import isomorphic_datasets as isomorphic
from rdflib import Dataset

from kg.merge import ActorSummary, candidates, merge, suggest
from kg.namespace import actor_iri
from kg.records import Actor, ActorType, Article, Extraction, Relation, RelationType, Sentence
from kg.store import Store, open_source, open_store

REPO = Path(__file__).resolve().parents[1]


def store_of(*items: tuple[str, Actor, RelationType, Actor]) -> Store:
    """A store with one article per (text, agent, relation, target)."""
    store = open_store()
    for text, agent, relation, target in items:
        sentence = Sentence(0, len(text), text)
        article = Article(text, source=f"{text[:8]}.txt")
        store.add(
            Extraction(article, (agent, target), (Relation(agent, relation, target, sentence),))
        )
    return store


HUAWEI = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
HUAWEI_OLD = Actor("huawei-technologies-co", "Huawei Technologies", ActorType.COMPANY, "Q160120")
FCC = Actor("fcc", "FCC", ActorType.AGENCY, "Q128831")
ACME = Actor("acme", "Acme Corp", ActorType.COMPANY)
ACME_2 = Actor("acme-corp", "ACME Corp.", ActorType.COMPANY)
AP_AGENCY = Actor("ap-nl", "AP", ActorType.AGENCY, "Q2300339")
AP_NEWS = Actor("ap", "AP", ActorType.MEDIA_OUTLET, "Q40469")

A = store_of(("The FCC accused Huawei.", FCC, RelationType.ACCUSES, HUAWEI))
B = store_of(
    ("Huawei Technologies denied it.", HUAWEI_OLD, RelationType.DENIES, FCC),
    ("Acme Corp cited the FCC.", ACME, RelationType.CITES, FCC),
)
C = store_of(
    ("ACME Corp. accused Huawei.", ACME_2, RelationType.ACCUSES, HUAWEI),
    ("AP fined Acme Corp.", AP_AGENCY, RelationType.SANCTIONS, ACME),
    ("AP cited the FCC.", AP_NEWS, RelationType.CITES, FCC),
)


def dataset(store: Store) -> Dataset:
    return store.to_dataset()


def test_same_wikidata_id_or_same_label_is_one_actor() -> None:
    result = merge([A, B, C])
    assert result.renamed == {
        str(actor_iri("huawei-technologies-co")): str(actor_iri("huawei")),
        str(actor_iri("acme-corp")): str(actor_iri("acme")),
    }
    rows = result.store.query("SELECT DISTINCT ?a WHERE { ?a kg:denies ?b }")
    assert rows == [{"a": str(actor_iri("huawei"))}]
    labels = result.store.query(
        "SELECT DISTINCT ?l WHERE { kga:huawei skos:prefLabel ?l } ORDER BY ?l"
    )
    assert labels == [{"l": "Huawei"}, {"l": "Huawei Technologies"}]


def test_different_wikidata_ids_are_never_merged() -> None:
    result = merge([C])
    assert str(actor_iri("ap")) not in result.renamed
    assert str(actor_iri("ap-nl")) not in result.renamed


def test_merge_does_not_depend_on_order() -> None:
    first = dataset(merge([A, B, C]).store)
    for order in itertools.permutations([A, B, C]):
        assert isomorphic(dataset(merge(order).store), first)


def test_merging_with_itself_changes_nothing() -> None:
    once = merge([A, B, C]).store
    assert set(merge([once, once]).store.quads()) == set(once.quads())
    assert set(merge([A, A]).store.quads()) == set(A.quads())


def test_an_article_in_two_versions_is_reported() -> None:
    changed = open_store()
    changed.add_quads(
        ox.Quad(q.subject, q.predicate, ox.Literal("edited"), q.graph_name)
        if q.predicate.value.endswith("#isString")
        else q
        for q in A.quads()
    )
    result = merge([A, changed])
    assert result.conflicts == tuple(A.article_ids())


def summary(key: str, label: str, *qids: str) -> ActorSummary:
    return ActorSummary(str(actor_iri(key)), label, "Company", frozenset(qids))


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (summary("h", "Huawei"), summary("ht", "Huawei Technologies"), True),
        (summary("k", "Kaspersky Lab"), summary("ks", "Kaspersky Labs"), True),
        (summary("u", "US government"), summary("c", "Chinese government"), False),
        (summary("h", "Huawei", "Q1"), summary("ht", "Huawei Cloud", "Q2"), False),
        (summary("z", "ZTE"), summary("t", "TikTok"), False),
    ],
)
def test_near_duplicates_are_suggested(
    first: ActorSummary, second: ActorSummary, expected: bool
) -> None:
    assert bool(candidates([first, second])) is expected


def test_suggest_over_a_store_leaves_it_unmerged() -> None:
    store = store_of(
        (
            "Kaspersky Lab denied it.",
            Actor("kl", "Kaspersky Lab", ActorType.COMPANY),
            RelationType.DENIES,
            FCC,
        ),
        (
            "Kaspersky Labs sued.",
            Actor("kls", "Kaspersky Labs", ActorType.COMPANY),
            RelationType.ACCUSES,
            FCC,
        ),
    )
    before = set(store.quads())
    pairs = [(c.first.label, c.second.label) for c in suggest(store)]
    assert pairs == [("Kaspersky Lab", "Kaspersky Labs")]
    assert set(store.quads()) == before


def test_kg_merge_files_and_stores(tmp_path: Path) -> None:
    a, b = tmp_path / "a.trig", tmp_path / "b.nq"
    a.write_bytes(A.dump(ox.RdfFormat.TRIG))
    b.write_bytes(B.dump(ox.RdfFormat.N_QUADS))
    with open_store(tmp_path / "c") as c:
        c.add_quads(C.quads())
    del c
    out = tmp_path / "merged.trig"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "merge",
            str(a),
            str(b),
            str(tmp_path / "c"),
            "--out",
            str(out),
            "--suggest",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "6 article(s); 2 actor node(s) merged" in run.stdout
    assert isomorphic(open_source(out).to_dataset(), dataset(merge([A, B, C]).store))


def test_kg_export_formats(tmp_path: Path) -> None:
    source = tmp_path / "c.trig"
    source.write_bytes(C.dump(ox.RdfFormat.TRIG))
    expected = dataset(open_source(source))
    for fmt, suffix in [
        ("trig", ".trig"),
        ("nquads", ".nq"),
        ("jsonld", ".jsonld"),
        ("turtle", ".ttl"),
        ("graphml", ".graphml"),
    ]:
        out = tmp_path / f"export{suffix}"
        run = subprocess.run(
            [sys.executable, "-m", "kg", "export", str(source), "--format", fmt, "--out", str(out)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
        )
        assert run.returncode == 0, run.stderr
        if fmt == "graphml":
            graph = nx.read_graphml(out, force_multigraph=True)
            assert graph.number_of_edges() == 3
            assert {d["label"] for _, d in graph.nodes(data=True)} >= {"AP", "Huawei"}
        elif fmt == "turtle":
            back = Dataset()
            back.parse(out, format="turtle")
            assert len(back) == len(expected)
        else:
            back = Dataset()
            back.parse(out, format={"trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt])
            assert isomorphic(back, expected), fmt
