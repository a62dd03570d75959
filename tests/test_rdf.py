"""Tests of the rdf stage (:mod:`kg.rdf`), on hand-built extractions."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import OWL, RDF, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.errors import KgError
from kg.namespace import KG, NIF, WD, actor_iri, article_iri, graph_iri
from kg.parallel import make_shard
from kg.rdf import (
    claim_iri,
    extraction_to_dataset,
    extraction_triples,
    ox_quads,
    relation_events,
    relation_rows,
    serialize_trig,
    url_term,
)
from kg.records import (
    Actor,
    ActorType,
    Article,
    Extraction,
    Relation,
    RelationType,
    Sentence,
)
from kg.store import read_dataset

SCHEMA_DATE = URIRef("https://schema.org/datePublished")
SCHEMA_URL = URIRef("https://schema.org/url")

US = Actor("united-states", "United States", ActorType.GOVERNMENT, "Q30")
HUAWEI = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
REUTERS = Actor("reuters", "Reuters", ActorType.MEDIA_OUTLET)

HOSTILE = [
    'He said "no"',
    'triple """ quotes """',
    "line one\nline two\r\nthree",
    "<script>alert('x')</script>",
    "@prefix evil: <http://evil.example/> .",
    "back\\slash\\",
    'ends with quote"',
    "ends with backslash\\",
    "tab\tand \x00 nul \x0b",
    "}} GRAPH <x> {{ . ;",
]


def sentence(text: str, fragment: str) -> Sentence:
    start = text.index(fragment)
    return Sentence(start, start + len(fragment), fragment)


def huawei_extraction(**article_fields: str) -> Extraction:
    text = "The United States accused Huawei of spying. Huawei denied the claims, Reuters reported."
    first = sentence(text, "The United States accused Huawei of spying.")
    second = sentence(text, "Huawei denied the claims, Reuters reported.")
    fields = {"source": "huawei.txt", "title": "Huawei denies", "date": "2020-02-13"}
    fields.update(article_fields)
    article = Article(text, **fields)
    relations = (
        Relation(US, RelationType.ACCUSES, HUAWEI, first, 0.9, "accused", "spying"),
        Relation(HUAWEI, RelationType.DENIES, US, second, 0.8, "denied"),
        Relation(None, RelationType.CITES, REUTERS, second, 0.7, "reported"),
    )
    return Extraction(article, (US, HUAWEI, REUTERS), relations)


def second_extraction() -> Extraction:
    text = "Washington again accused Huawei of spying. It said so twice."
    first = sentence(text, "Washington again accused Huawei of spying.")
    article = Article(text, source="second.txt", title="Again", date="2021-05-01")
    relations = (
        Relation(US, RelationType.ACCUSES, HUAWEI, first, 0.6, "accused", "spying"),
        Relation(US, RelationType.CRITICIZES, HUAWEI, first, 0.5, "said"),
    )
    return Extraction(article, (US, HUAWEI), relations)


def named_graph(dataset: Dataset, extraction: Extraction) -> Graph:
    return dataset.graph(graph_iri(extraction.article.id))


def test_same_extraction_twice_is_isomorphic() -> None:
    extraction = huawei_extraction()
    one = named_graph(extraction_to_dataset(extraction), extraction)
    two = named_graph(extraction_to_dataset(extraction), extraction)
    assert len(one) > 0
    assert isomorphic(one, two)
    _, only_one, only_two = graph_diff(to_isomorphic(one), to_isomorphic(two))
    assert len(only_one) == len(only_two) == 0


def test_adding_the_same_extraction_twice_adds_nothing() -> None:
    extraction = huawei_extraction()
    dataset = extraction_to_dataset(extraction)
    size = len(named_graph(dataset, extraction))
    extraction_to_dataset(extraction, dataset)
    assert len(named_graph(dataset, extraction)) == size


def test_a_shard_holds_exactly_the_dataset() -> None:
    """The N-Quads a worker sends back (written without rdflib's store) are the
    quads of :func:`extraction_to_dataset`, each once, hostile text included."""
    hostile = huawei_extraction(title=HOSTILE[1], source=HOSTILE[2])
    extractions = [hostile, second_extraction()]
    dataset = Dataset()
    for extraction in extractions:
        extraction_to_dataset(extraction, dataset)
        triples = extraction_triples(extraction)
        assert len(triples) == len(set(triples)) == len(named_graph(dataset, extraction))
    shard = make_shard(extractions)
    quads = list(shard.quads())
    assert len(quads) == len(set(quads))
    assert set(quads) == set(ox_quads(dataset.quads((None, None, None, None))))
    assert shard.actors == {"united-states", "huawei", "reuters"}
    assert shard.relations == {"accuses": 2, "denies": 1, "cites": 1, "criticizes": 1}


def test_two_articles_two_named_graphs_shared_actor_iri() -> None:
    first, second = huawei_extraction(), second_extraction()
    dataset = extraction_to_dataset(second, extraction_to_dataset(first))
    graphs = {g.identifier for g in dataset.graphs() if len(g)}
    assert graphs == {graph_iri(first.article.id), graph_iri(second.article.id)}
    huawei = actor_iri("huawei")
    for extraction in (first, second):
        graph = named_graph(dataset, extraction)
        assert (huawei, RDF.type, KG.Company) in graph
        assert (huawei, OWL.sameAs, WD.Q160120) in graph
        assert (huawei, SKOS.prefLabel, Literal("Huawei", lang="en")) in graph


def test_article_node_and_text() -> None:
    extraction = huawei_extraction(url="https://example.org/news/1", publisher="Example")
    graph = named_graph(extraction_to_dataset(extraction), extraction)
    article = article_iri(extraction.article.id)
    assert (article, RDF.type, KG.Article) in graph
    assert graph.value(article, SCHEMA_URL) == URIRef("https://example.org/news/1")
    date = graph.value(article, SCHEMA_DATE)
    assert isinstance(date, Literal) and str(date) == "2020-02-13"
    context = graph.value(article, KG.text)
    assert context is not None and (context, RDF.type, NIF.Context) in graph
    assert str(graph.value(context, NIF.isString)) == extraction.article.text
    assert int(str(graph.value(context, NIF.endIndex))) == len(extraction.article.text)
    # the article's own voice is the agent of its cites edge
    assert (article, KG.cites, actor_iri("reuters")) in graph


def test_events_evidence_and_claim() -> None:
    extraction = huawei_extraction()
    graph = named_graph(extraction_to_dataset(extraction), extraction)
    events = set(graph.subjects(RDF.type, KG.RelationEvent))
    assert len(events) == 3
    accusation = next(e for e in events if graph.value(e, KG.relation) == KG.accuses)
    evidence = graph.value(accusation, KG.evidence)
    assert evidence is not None and (evidence, RDF.type, NIF.Sentence) in graph
    assert str(graph.value(evidence, NIF.anchorOf)).startswith("The United States accused")
    assert str(graph.value(accusation, KG.confidence)) == "0.9"
    claim = graph.value(accusation, KG.claim)
    assert claim == claim_iri(article_iri(extraction.article.id), "  spying ")
    assert str(graph.value(claim, RDF.value)) == "spying"


@pytest.mark.parametrize("date", ["unknown", "2020-13-45", "13/02/2020", "", "2020-13", "20"])
def test_non_iso_date_is_not_written(date: str) -> None:
    extraction = huawei_extraction(date=date)
    graph = named_graph(extraction_to_dataset(extraction), extraction)
    assert graph.value(article_iri(extraction.article.id), SCHEMA_DATE) is None


@pytest.mark.parametrize(
    ("date", "datatype"),
    [("2020-02-13", XSD.date), ("2015-04", XSD.gYearMonth), ("2013", XSD.gYear)],
)
def test_dates_of_day_month_or_year_precision(date: str, datatype: URIRef) -> None:
    extraction = huawei_extraction(date=date)
    graph = named_graph(extraction_to_dataset(extraction), extraction)
    value = graph.value(article_iri(extraction.article.id), SCHEMA_DATE)
    assert value == Literal(date, datatype=datatype)


@pytest.mark.parametrize(
    ("url", "is_iri"),
    [
        ("https://example.org/a?b=c#d", True),
        ("http://example.org/path", True),
        ("https://example.org/a b", False),
        ('https://example.org/"><script>', False),
        ("https://example.org/%zz", False),
        ("javascript:alert(1)", False),
        ("ftp://example.org/file", False),
        ("not a url", False),
    ],
)
def test_url_term(url: str, is_iri: bool) -> None:
    term = url_term(url)
    assert isinstance(term, URIRef) is is_iri
    assert str(term) == url


def hostile_extraction() -> Extraction:
    text = " ".join(HOSTILE) + " \ud800 lone"
    actors = tuple(
        Actor(f"key {i} {label}", label, ActorType.ORGANIZATION) for i, label in enumerate(HOSTILE)
    )
    relations = []
    for i, fragment in enumerate(HOSTILE):
        evidence = sentence(text, fragment)
        relations.append(
            Relation(
                actors[i],
                RelationType.ACCUSES,
                actors[-1 - i],
                evidence,
                cue=fragment,
                claim=fragment,
            )
        )
    article = Article(
        text, source='evil "file".txt', title=HOSTILE[2], url=HOSTILE[3], publisher=HOSTILE[4]
    )
    return Extraction(article, actors, tuple(relations))


def test_hostile_strings_round_trip_rdflib_and_oxigraph() -> None:
    extraction = hostile_extraction()
    dataset = extraction_to_dataset(extraction)
    trig = serialize_trig(dataset)
    expected = named_graph(dataset, extraction)

    parsed = Dataset()
    parsed.parse(data=trig, format="trig")
    assert isomorphic(parsed.graph(graph_iri(extraction.article.id)), expected)
    assert relation_rows(parsed) == relation_rows(dataset)

    quads = list(pyoxigraph.parse(trig, format=pyoxigraph.RdfFormat.TRIG))
    assert len(quads) == len(expected)
    literals = {q.object.value for q in quads if isinstance(q.object, pyoxigraph.Literal)}
    assert set(HOSTILE) <= literals
    # the lone surrogate became U+FFFD, keeping the text length (and offsets)
    text = next(v for v in literals if v.endswith(" lone"))
    assert len(text) == len(extraction.article.text) and "\ufffd" in text


def test_rdflib_trig_output_also_parses_in_oxigraph() -> None:
    dataset = extraction_to_dataset(hostile_extraction())
    trig = dataset.serialize(format="trig")
    assert len(pyoxigraph.Dataset(pyoxigraph.parse(trig, format=pyoxigraph.RdfFormat.TRIG)))


def test_serialize_trig_is_deterministic() -> None:
    first = serialize_trig(extraction_to_dataset(huawei_extraction()))
    assert first == serialize_trig(extraction_to_dataset(huawei_extraction()))
    assert "<https://w3id.org/kg/id/actor/huawei> a kg:Company" in first


def test_relation_rows() -> None:
    dataset = extraction_to_dataset(second_extraction(), extraction_to_dataset(huawei_extraction()))
    rows = relation_rows(dataset)
    assert [(r["article"], r["agent"], r["relation"], r["target"]) for r in rows] == [
        ("huawei.txt", "@article", "cites", "Reuters"),
        ("huawei.txt", "Huawei", "denies", "United States"),
        ("huawei.txt", "United States", "accuses", "Huawei"),
        ("second.txt", "United States", "accuses", "Huawei"),
        ("second.txt", "United States", "criticizes", "Huawei"),
    ]
    cites, denies, accuses = rows[0], rows[1], rows[2]
    assert cites["agent_wikidata"] is None and cites["target_wikidata"] is None
    assert (denies["agent_wikidata"], denies["target_wikidata"]) == ("Q160120", "Q30")
    assert accuses == {
        "article": "huawei.txt",
        "agent": "United States",
        "relation": "accuses",
        "target": "Huawei",
        "agent_label": "United States",
        "target_label": "Huawei",
        "agent_wikidata": "Q30",
        "target_wikidata": "Q160120",
        "evidence": "The United States accused Huawei of spying.",
        "confidence": 0.9,
        "date": "2020-02-13",
        "title": "Huawei denies",
    }


def test_relation_rows_keep_best_evidence() -> None:
    text = "Huawei was accused. The US accused Huawei again. The US accused Huawei."
    weak = sentence(text, "The US accused Huawei again.")
    strong_late = sentence(text, "The US accused Huawei.")
    strong_early = sentence(text, "Huawei was accused.")
    relations = (
        Relation(US, RelationType.ACCUSES, HUAWEI, weak, 0.4, "accused"),
        Relation(US, RelationType.ACCUSES, HUAWEI, strong_late, 0.9, "accused"),
        Relation(US, RelationType.ACCUSES, HUAWEI, strong_early, 0.9, "was accused"),
    )
    extraction = Extraction(Article(text, source="x.txt"), (US, HUAWEI), relations)
    dataset = extraction_to_dataset(extraction)
    assert len(relation_events(dataset)) == 3
    [row] = relation_rows(dataset)
    assert row["evidence"] == "Huawei was accused."
    assert row["confidence"] == 0.9
    assert row["date"] is None and row["title"] is None


def test_read_dataset_round_trip(tmp_path: Path) -> None:
    dataset = extraction_to_dataset(second_extraction(), extraction_to_dataset(huawei_extraction()))
    (tmp_path / "a.trig").write_text(serialize_trig(dataset), encoding="utf-8")
    assert relation_rows(read_dataset(tmp_path / "a.trig")) == relation_rows(dataset)

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "one.trig").write_text(
        serialize_trig(extraction_to_dataset(huawei_extraction())), encoding="utf-8"
    )
    (folder / "two.nq").write_text(
        extraction_to_dataset(second_extraction()).serialize(format="nquads"), encoding="utf-8"
    )
    (folder / "notes.txt").write_text("ignored", encoding="utf-8")
    assert relation_rows(read_dataset(folder)) == relation_rows(dataset)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bad.trig", "<http://a> <http://b> { this is not trig"),
        ("bad.nq", "<http://a> <http://b> <http://c> <http://g>\n"),
        ("empty.trig", ""),
        ("latin1.trig", b"\xff\xfe not utf-8"),
        ("graph.ttl", "<http://a> <http://b> <http://c> ."),
    ],
)
def test_read_dataset_rejects_bad_files(tmp_path: Path, name: str, content: str | bytes) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KgError, match="not a graph written by `kg build`") as info:
        read_dataset(path)
    message = str(info.value)
    assert name in message and "\n" not in message


@pytest.mark.parametrize("name", ["missing.trig", "missing-folder"])
def test_read_dataset_missing(tmp_path: Path, name: str) -> None:
    with pytest.raises(KgError, match="missing") as info:
        read_dataset(tmp_path / name)
    assert "\n" not in str(info.value)


def test_read_dataset_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(KgError, match=r"no \.trig or \.nq files"):
        read_dataset(tmp_path)


def test_read_dataset_folder_with_the_same_article_twice(tmp_path: Path) -> None:
    dataset = extraction_to_dataset(huawei_extraction())
    (tmp_path / "out.trig").write_text(serialize_trig(dataset), encoding="utf-8")
    (tmp_path / "out.nq").write_text(dataset.serialize(format="nquads"), encoding="utf-8")
    assert relation_rows(read_dataset(tmp_path)) == relation_rows(dataset)


def test_relation_rows_name_actors_as_the_article_does() -> None:
    text = "AFP said Huawei lied."
    afp = Actor("agence-france-presse", "Agence France-Presse", ActorType.MEDIA_OUTLET)
    relation = Relation(afp, RelationType.ACCUSES, HUAWEI, sentence(text, text), 0.6, "lie")
    extraction = Extraction(
        Article(text, source="afp.txt"), (afp, HUAWEI), (relation,), {afp.key: ("AFP",)}
    )
    [row] = relation_rows(extraction_to_dataset(extraction))
    assert (row["agent"], row["agent_label"]) == ("AFP", "Agence France-Presse")
    assert (row["target"], row["target_label"]) == ("Huawei", "Huawei")
