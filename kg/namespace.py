"""The ``kg`` vocabulary and the IRIs kg mints, in one place.

:class:`KG` mirrors ``ontologies/kg.ttl`` term for term (a test keeps the two
in step); every other module takes its IRIs from here.
"""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.records import ActorType, RelationType


class KG(DefinedNamespace):
    """Terms of the kg ontology (``ontologies/kg.ttl``)."""

    _NS = Namespace("https://w3id.org/kg/ontology#")
    _fail = True

    # Actors
    Actor: URIRef
    Government: URIRef
    Agency: URIRef
    Company: URIRef
    MediaOutlet: URIRef
    Person: URIRef
    Organization: URIRef
    demonym: URIRef
    partOf: URIRef
    # Articles
    Article: URIRef
    contentId: URIRef
    sourceFile: URIRef
    text: URIRef
    # Relations
    relatesTo: URIRef
    cameoCode: URIRef
    ploverCategory: URIRef
    accuses: URIRef
    denies: URIRef
    cites: URIRef
    criticizes: URIRef
    demands: URIRef
    threatens: URIRef
    sanctions: URIRef
    defends: URIRef
    # Events and claims
    RelationEvent: URIRef
    agent: URIRef
    target: URIRef
    relation: URIRef
    evidence: URIRef
    confidence: URIRef
    cue: URIRef
    Claim: URIRef
    claim: URIRef
    # The store's summary (default graph)
    ArticleGraph: URIRef
    EdgeSummary: URIRef
    articleCount: URIRef
    firstDate: URIRef
    lastDate: URIRef
    example: URIRef
    displayLabel: URIRef


ONTOLOGY = URIRef("https://w3id.org/kg/ontology")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
WD = Namespace("http://www.wikidata.org/entity/")
ID = Namespace("https://w3id.org/kg/id/")
ACTOR = Namespace("https://w3id.org/kg/id/actor/")
EDGE = Namespace("https://w3id.org/kg/id/edge/")

PREFIXES: dict[str, Namespace] = {
    "kg": Namespace(str(KG._NS)),
    "kga": ACTOR,
    "nif": NIF,
    "wd": WD,
}


def actor_type_class(actor_type: ActorType) -> URIRef:
    """The ontology class of an actor type.

    >>> actor_type_class(ActorType.MEDIA_OUTLET)
    rdflib.term.URIRef('https://w3id.org/kg/ontology#MediaOutlet')
    """
    return KG[actor_type.value]


def relation_property(relation: RelationType) -> URIRef:
    """The ontology property of a relation type.

    >>> relation_property(RelationType.DENIES)
    rdflib.term.URIRef('https://w3id.org/kg/ontology#denies')
    """
    return KG[relation.value]


def _encode(text: str, safe: str) -> str:
    r"""``text`` percent-encoded as UTF-8, all but ASCII letters, digits and ``safe``.

    A lone surrogate (a Python ``str`` can hold one; JSON ``"\ud800"`` gives
    one) is encoded as its three bytes, so distinct texts always give distinct
    IRIs and every IRI is plain ASCII.

    >>> _encode("a\ud800", "")
    'a%ED%A0%80'
    """
    return quote(text.encode("utf-8", "surrogatepass"), safe=safe)


def actor_iri(key: str) -> URIRef:
    """IRI of an actor from its key; any text is percent-encoded safely.

    >>> actor_iri("huawei")
    rdflib.term.URIRef('https://w3id.org/kg/id/actor/huawei')
    >>> actor_iri('a b<>"{}')
    rdflib.term.URIRef('https://w3id.org/kg/id/actor/a%20b%3C%3E%22%7B%7D')
    """
    return ACTOR[_encode(key, "-._~")]


def article_iri(article_id: str) -> URIRef:
    """IRI of an article from its content id."""
    return ID[f"article/{_encode(article_id, '')}"]


def graph_iri(article_id: str) -> URIRef:
    """IRI of the named graph holding one article's statements."""
    return ID[f"graph/{_encode(article_id, '')}"]


def local_iri(base: URIRef, fragment: str) -> URIRef:
    """IRI of a node inside an article (sentence, event, claim): ``base#fragment``."""
    return URIRef(f"{base}#{_encode(fragment, '=,-._~')}")
