"""Tests of the store stage (:mod:`kg.store`): persistence, idempotence, transactions."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import kg_process, store_graphs, summary_quads, write_articles
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

import kg
from kg.errors import KgError
from kg.namespace import article_iri, graph_iri
from kg.pipeline import build
from kg.rdf import extraction_to_dataset, ox_quad
from kg.records import Actor, ActorType, Article, Extraction, Relation, RelationType, Sentence
from kg.store import Store, open_source, open_store, python_value

REPO = Path(__file__).resolve().parents[1]
FCC = Actor("fcc", "FCC", ActorType.AGENCY, "Q128831")
HUAWEI = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")


def extraction(text: str = "The FCC accused Huawei of spying.", **meta: str) -> Extraction:
    relation = Relation(FCC, RelationType.ACCUSES, HUAWEI, Sentence(0, len(text), text))
    return Extraction(Article(text, source="a.txt", **meta), (FCC, HUAWEI), (relation,))


def quads(store: Store) -> set[ox.Quad]:
    return set(store.quads())


def graphs_of(dataset: Dataset) -> dict[str, Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def test_open_store_is_kg_open_store() -> None:
    assert kg.open_store is open_store


def test_add_is_idempotent_and_touches_only_its_graph() -> None:
    store = open_store()
    first, second = extraction(), extraction("Huawei denied it.")
    assert store.add(first) == 1
    before = quads(store)
    assert store.add(first) == 0
    assert quads(store) == before
    assert store.add(second) == 1
    assert quads(store) >= before
    assert store.article_ids() == sorted([first.article.id, second.article.id])
    assert first.article.id in store and "nope" not in store


def test_add_takes_datasets_and_graphs() -> None:
    dataset = extraction_to_dataset(extraction())
    dataset = extraction_to_dataset(extraction("Huawei denied it."), dataset)
    store = open_store()
    assert store.add(dataset) == 2
    graph = next(iter(graphs_of(dataset).values()))
    other = open_store()
    assert other.add(graph) == 1
    assert other.add(graph) == 0


def test_triples_outside_an_article_graph_are_refused() -> None:
    graph = Graph()
    graph.add((URIRef("https://e.org/a"), URIRef("https://e.org/p"), URIRef("https://e.org/b")))
    with pytest.raises(KgError, match="outside any article graph"):
        open_store().add(graph)


def test_store_round_trips_to_an_isomorphic_dataset() -> None:
    dataset = extraction_to_dataset(extraction(title="FCC <script>", date="2020-02-13"))
    store = open_store()
    store.add(dataset)
    back = graphs_of(store.to_dataset())
    expected = graphs_of(dataset)
    assert back.keys() == expected.keys()
    assert all(isomorphic(back[name], expected[name]) for name in expected)


def test_remove_by_id_or_iri() -> None:
    store = open_store()
    item = extraction()
    store.add(item)
    assert not store.remove("0000")
    assert store.remove(str(article_iri(item.article.id)))
    assert len(store) == 0
    store.add(item)
    assert store.remove(str(graph_iri(item.article.id)))
    store.add(item)
    assert store.remove(item.article.id)


def test_summary_follows_adds_and_removes() -> None:
    store = open_store()
    early, late = (
        extraction(date="2019-05-15"),
        extraction("The FCC accused Huawei again.", date="2020-02-13"),
    )
    store.add(early)
    store.add(late)
    rows = store.query("edge-weights")
    assert [(r["articles"], r["first"], r["last"]) for r in rows] == [
        (2, "2019-05-15", "2020-02-13")
    ]
    incremental = summary_quads(store)
    store.summarise()
    assert summary_quads(store) == incremental
    store.remove(early.article.id)
    rows = store.query("edge-weights")
    assert [(r["articles"], r["first"], r["last"]) for r in rows] == [
        (1, "2020-02-13", "2020-02-13")
    ]
    store.remove(late.article.id)
    assert len(store) == 0


def test_summaries_added_batch_by_batch_equal_the_summary_of_all() -> None:
    store = open_store()
    batch = extraction_to_dataset(extraction(date="2015-04"))
    batch = extraction_to_dataset(
        extraction("The FCC accused Huawei of theft.", date="2019-05-15"), batch
    )
    store.add(batch)
    store.add(extraction("The FCC accused Huawei again.", date="2014"))
    store.add(extraction("Huawei denied it.", title="Huawei <denies>"))
    rows = store.query("edge-weights")
    assert [(r["articles"], r["first"], r["last"]) for r in rows] == [(4, "2014", "2019-05-15")]
    incremental = summary_quads(store)
    store.summarise()
    assert summary_quads(store) == incremental


def test_an_add_stopped_before_its_summary_is_rolled_back(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        store.add(extraction())
        kept = set(store.inner)
        unfinished = extraction_to_dataset(extraction("Huawei denied it."))
        store.inner.extend(ox_quad(*quad) for quad in unfinished.quads((None, None, None, None)))
        assert len(store.article_ids()) == 2
    del store
    reopened = open_store(tmp_path / "s")
    assert set(reopened.inner) == kept


def test_store_persists_on_disk(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    with open_store(folder) as store:
        store.add(extraction())
        expected = quads(store)
    del store
    reopened = open_source(folder)
    assert reopened.read_only
    assert quads(reopened) == expected
    with pytest.raises(KgError, match="read-only"):
        reopened.add(extraction("Huawei denied it."))


def test_a_folder_that_is_no_store_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(KgError, match="not a kg store"):
        open_store(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_store_in_use_is_a_clear_error(tmp_path: Path) -> None:
    store = open_store(tmp_path / "s")
    with pytest.raises(KgError, match="in use by another process"):
        open_store(tmp_path / "s")
    del store


def test_query_rows_bindings_and_prefixes() -> None:
    store = open_store()
    store.add(extraction(date="2020-02-13"))
    rows = store.query("who-accuses-whom")
    assert rows == [{"accuser": "FCC", "accused": "Huawei", "articles": 1}]
    timeline = store.query("actor-timeline", {"name": "huawei"})
    assert [(r["date"], r["agent"], r["relation"]) for r in timeline] == [
        ("2020-02-13", "FCC", "accuses")
    ]
    assert store.query("ASK { ?a kg:accuses ?b }") == [{"ask": True}]


def test_a_query_that_names_its_graphs_reads_only_those() -> None:
    """FROM and FROM NAMED make the query's dataset (SPARQL 1.1, 13.2); without
    them the default graph is the union of every article graph."""
    store = open_store()
    first, second = extraction(), extraction("The FCC accused Huawei again.")
    store.add(first)
    store.add(second)
    graph = graph_iri(first.article.id)
    texts = 'SELECT ?t { ?c nif:isString ?t } # "from" in a comment: still the union'
    assert len(store.query(texts)) == 2
    assert store.query(f"SELECT ?t FROM <{graph}> {{ ?c nif:isString ?t }}") == [
        {"t": first.article.text}
    ]
    named = f"SELECT ?g FROM NAMED <{graph}> {{ GRAPH ?g {{ ?c nif:isString ?t }} }}"
    assert store.query(named) == [{"g": str(graph)}]
    assert store.query('SELECT ?t { ?c nif:isString ?t FILTER(?t != "from") }') != []


def test_a_bound_value_cannot_change_the_query() -> None:
    store = open_store()
    store.add(extraction())
    hostile = 'Huawei")) } } ; DROP ALL ; SELECT * WHERE { ?s ?p ?o FILTER(("'
    assert store.query("actor-timeline", {"name": hostile}) == []
    assert len(store) > 0


def test_bad_queries_are_one_line_errors() -> None:
    with pytest.raises(KgError, match="SPARQL query failed") as error:
        open_store().query("SELECT ?x WHERE {")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (ox.Literal("7", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), 7),
        (ox.Literal("0.5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")), 0.5),
        (
            ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
            True,
        ),
        (ox.Literal("x", language="en"), "x"),
        (ox.BlankNode("b1"), "_:b1"),
        (None, None),
    ],
)
def test_python_values(term: object, value: object) -> None:
    assert python_value(term) == value


@pytest.mark.model
def test_adding_an_article_parses_it_once() -> None:
    store = open_store()
    article = Article("The FCC accused Huawei of spying for Beijing.", source="a.txt")
    assert store.add(article) == 1
    assert store.add(article) == 0
    assert store.query("who-accuses-whom")[0]["accuser"] == "FCC"


def _log_bytes(folder: Path) -> int:
    """Bytes in the store's write-ahead logs: they grow with every committed article."""
    return sum(p.stat().st_size for p in folder.glob("*.log")) if folder.exists() else 0


@pytest.mark.model
def test_kill_during_add_leaves_whole_articles_and_a_rerun_completes(tmp_path: Path) -> None:
    inputs, store_dir = tmp_path / "articles", tmp_path / "store"
    write_articles(inputs, 40)
    reference_store = open_store()
    build([inputs], store=reference_store)
    reference = store_graphs(reference_store)
    assert len(reference) == 40

    rng = random.Random(7)
    partial_counts = []
    for _ in range(3):
        process = kg_process("add", str(store_dir), str(inputs))
        start = _log_bytes(store_dir)
        deadline = time.monotonic() + 120
        while _log_bytes(store_dir) <= start and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.3))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        stored = store_graphs(open_source(store_dir))
        partial_counts.append(len(stored))
        for name, graph in stored.items():
            assert graph == reference[name], "an article graph was left half-written"
    assert kg_process("add", str(store_dir), str(inputs)).wait(timeout=600) == 0
    final = open_source(store_dir)
    assert store_graphs(final) == reference
    assert summary_quads(final) == summary_quads(reference_store)
    assert any(0 < count < 40 for count in partial_counts), partial_counts


def test_a_large_batch_gets_the_same_summary_as_one_by_one() -> None:
    dataset = None
    for n in range(60):
        item = extraction(f"The FCC accused Huawei, day {n}.", date=f"2020-01-{n % 28 + 1:02d}")
        dataset = extraction_to_dataset(item, dataset)
    assert dataset is not None
    batch, one_by_one = open_store(), open_store()
    assert batch.add(dataset) == 60
    for graph in graphs_of(dataset).values():
        one_by_one.add(graph)
    assert summary_quads(batch) == summary_quads(one_by_one)
    assert [r["articles"] for r in batch.query("edge-weights")] == [60]


def test_a_store_copied_into_memory_has_the_same_quads(tmp_path: Path) -> None:
    with open_store(tmp_path / "s") as store:
        store.add(extraction())
        expected = set(store.inner)
    del store
    copy = open_source(tmp_path / "s", memory=True)
    assert copy.path is None and copy.read_only
    assert set(copy.inner) == expected
