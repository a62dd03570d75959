"""The ontology, its namespace module and the gazetteer stay in step."""

from __future__ import annotations

from collections import Counter

from rdflib import OWL, RDF, Graph, URIRef
from rdflib.namespace import SKOS

from kg.gazetteer import load_gazetteer
from kg.namespace import KG, ONTOLOGY
from kg.records import ActorType, RelationType
from kg.resources import ontology_file
from kg.text import normalise_label


def _ontology() -> Graph:
    return Graph().parse(ontology_file("kg.ttl"), format="turtle")


def test_namespace_terms_match_the_ontology() -> None:
    graph = _ontology()
    defined = {
        str(s).removeprefix(str(KG._NS))
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(str(KG._NS))
    }
    declared = set(KG.__annotations__)
    assert defined == declared
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph


def test_every_record_type_has_an_ontology_term() -> None:
    graph = _ontology()
    for actor_type in ActorType:
        assert (KG[actor_type.value], RDF.type, OWL.Class) in graph
    for relation in RelationType:
        assert (KG[relation.value], RDF.type, OWL.ObjectProperty) in graph


def test_relation_types_carry_event_codes() -> None:
    graph = _ontology()
    for relation in RelationType:
        if relation is RelationType.CITES:
            continue
        assert graph.value(KG[relation.value], KG.cameoCode) is not None, relation
        assert graph.value(KG[relation.value], KG.ploverCategory) is not None, relation


def test_gazetteer_is_consistent() -> None:
    gazetteer = load_gazetteer()
    assert len(gazetteer) > 150
    labels: Counter[str] = Counter()
    for entry in gazetteer:
        labels.update({normalise_label(label) for label in entry.labels})
        if entry.demonyms:
            assert entry.actor.type is ActorType.GOVERNMENT
        if entry.part_of:
            assert gazetteer.get(entry.part_of) is not None
    assert [label for label, n in labels.items() if n > 1] == []


def test_gazetteer_canonical_names() -> None:
    gazetteer = load_gazetteer()
    cases = {
        "U.S.": "United States government",
        "Washington": "United States government",
        "Beijing": "Chinese government",
        "the Wall Street Journal": "The Wall Street Journal",
        "Snowden": "Edward Snowden",
        "Central Intelligence Agency": "CIA",
    }
    for mention, label in cases.items():
        actor = gazetteer.lookup(mention)
        assert actor is not None and actor.label == label, mention
    huawei = gazetteer.lookup("Huawei")
    assert huawei is not None and huawei.wikidata == "Q160120"


def test_gazetteer_uses_skos_labels() -> None:
    graph = Graph().parse(ontology_file("actors.ttl"), format="turtle")
    assert len(set(graph.subjects(SKOS.prefLabel, None))) == len(load_gazetteer())
