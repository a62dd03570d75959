"""The rdf stage: extractions to an RDF dataset, and the dataset back to rows.

Every article becomes one named graph (``graph_iri(article.id)``) holding the
article node and its text, the actors that take part in its relations, one
direct edge ``agent kg:<relation> target`` per relation, and one
``kg:RelationEvent`` per relation with its evidence sentence, confidence, cue
and claim. The article's own voice (``Relation.agent is None``) is written with
the article IRI as agent.

Untrusted text (titles, labels, sentences) only ever becomes literals, which
rdflib escapes, and keys and ids only percent-encoded IRIs; lone surrogates
are replaced by U+FFFD (:func:`kg.text.encodable`: one code point for one, so
character offsets still hold, as the parser saw them) because they cannot be
encoded as UTF-8.

>>> from kg.records import Actor, ActorType, Article, Extraction, Relation
>>> from kg.records import RelationType, Sentence
>>> text = "Huawei denied the claims."
>>> huawei = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
>>> us = Actor("us", "United States", ActorType.GOVERNMENT, "Q30")
>>> relation = Relation(huawei, RelationType.DENIES, us, Sentence(0, len(text), text))
>>> article = Article(text, source="a.txt", title="Huawei denies", date="2020-02-13")
>>> dataset = extraction_to_dataset(Extraction(article, (huawei, us), (relation,)))
>>> row = relation_rows(dataset)[0]
>>> row["agent"], row["relation"], row["target"], row["target_wikidata"]
('Huawei', 'denies', 'United States', 'Q30')
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from itertools import chain
from typing import TypedDict
from urllib.parse import urlsplit

import pyoxigraph
from rdflib import OWL, PROV, RDF, SKOS, BNode, Dataset, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.namespace import (
    KG,
    NIF,
    PREFIXES,
    WD,
    actor_iri,
    actor_type_class,
    article_iri,
    graph_iri,
    local_iri,
    relation_property,
)
from kg.records import ARTICLE_VOICE, Actor, ActorType, Article, Extraction, Relation
from kg.text import encodable, normalise_label

NAMESPACES: dict[str, Namespace] = {
    **PREFIXES,
    "schema": Namespace("https://schema.org/"),
    "prov": Namespace(str(PROV)),
    "skos": Namespace(str(SKOS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace("http://www.w3.org/2001/XMLSchema#"),
}
"""Prefixes bound on every dataset this module makes or reads."""

_UNPREFIXED = frozenset({"kga"})
"""Prefixes :func:`serialize_trig` does not use (their local names are untrusted text)."""

_XSD = NAMESPACES["xsd"]
_SCHEMA = NAMESPACES["schema"]

_ISO_DATES = (
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "date", ""),
    (re.compile(r"\d{4}-\d{2}"), "gYearMonth", "-01"),
    (re.compile(r"\d{4}"), "gYear", "-01-01"),
)
"""ISO dates of day, month and year precision: the pattern, the XSD datatype,
and what makes a full date of one for :meth:`datetime.date.fromisoformat` to check."""
_WIKIDATA_ID = re.compile(r"Q[1-9][0-9]*")


def _digest(*parts: object) -> str:
    """A short stable hash of JSON-serialisable ``parts``."""
    data = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _date_literal(value: str | None) -> Literal | None:
    """An ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear`` literal for an ISO
    date of day, month or year precision, else ``None``.

    >>> _date_literal("2020-02-13")
    rdflib.term.Literal('2020-02-13', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#date'))
    >>> _date_literal("2015-04").datatype.endswith("gYearMonth"), _date_literal(" 2013").datatype
    (True, rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
    >>> _date_literal("unknown") is None, _date_literal("2020-02-30") is None
    (True, True)
    >>> _date_literal("2020-13") is None, _date_literal("2020-13-45") is None
    (True, True)

    The date is checked before it becomes a literal: rdflib logs a traceback
    for an ill-typed ``xsd:date``, which ``kg build`` would show.
    """
    if value is None:
        return None
    text = value.strip()
    for pattern, datatype, day in _ISO_DATES:
        if pattern.fullmatch(text):
            try:
                datetime.date.fromisoformat(text + day)
            except ValueError:
                return None
            return Literal(text, datatype=_XSD[datatype])
    return None


def url_term(url: str) -> URIRef | Literal:
    """The object of ``schema:url``: an IRI when ``url`` is a valid http(s) IRI.

    Validity is decided by pyoxigraph's strict RFC 3987 parser, so every IRI
    written parses back in rdflib and in Oxigraph. Anything else (another
    scheme, spaces, quotes, ``<>``, a bad ``%`` escape) is kept verbatim as a
    plain ``xsd:string`` literal rather than repaired or dropped.

    >>> url_term("https://example.org/news?id=1")
    rdflib.term.URIRef('https://example.org/news?id=1')
    >>> url_term("javascript:alert(1)")
    rdflib.term.Literal('javascript:alert(1)')
    >>> url_term('https://example.org/a b"<>')
    rdflib.term.Literal('https://example.org/a b"<>')
    """
    url = encodable(url.strip())
    try:
        parts = urlsplit(url)
        pyoxigraph.NamedNode(url)
    except ValueError:
        return Literal(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        return URIRef(url)
    return Literal(url)


def normalise_claim(claim: str) -> str:
    """Claim text as stored: NFC, whitespace runs collapsed, stripped.

    >>> normalise_claim("  spied \\n on  users ")
    'spied on users'
    """
    return " ".join(unicodedata.normalize("NFC", encodable(claim)).split())


def event_iri(article: URIRef, relation: Relation) -> URIRef:
    """Deterministic IRI of the event node of ``relation`` in ``article``.

    It hashes the agent key (``null`` for the article's voice), relation type,
    target key, sentence start and cue: what identifies one statement.
    """
    agent = None if relation.agent is None else relation.agent.key
    key = _digest(
        agent, relation.type.value, relation.target.key, relation.evidence.start, relation.cue
    )
    return local_iri(article, f"event-{key}")


def claim_iri(article: URIRef, claim: str) -> URIRef:
    """IRI of a claim node: one per normalised claim text per article."""
    return local_iri(article, f"claim-{_digest(normalise_claim(claim))}")


def _decimal(value: float) -> Literal:
    """An ``xsd:decimal`` literal in canonical form (XSD 1.1: no exponent, no
    trailing zeros), the form Oxigraph stores, so graphs round-trip unchanged.

    >>> str(_decimal(1.0)), str(_decimal(0.85)), str(_decimal(1e-7))
    ('1', '0.85', '0.0000001')
    """
    if not math.isfinite(value):
        raise ValueError(f"confidence must be a finite number, not {value!r}")
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return Literal(text or "0", datatype=_XSD.decimal)


def _index(value: int) -> Literal:
    """A character offset: ``xsd:integer``, not ``xsd:nonNegativeInteger``,
    because Oxigraph stores derived integer types as ``xsd:integer``
    (oxigraph/oxigraph#526) and graphs must round-trip through the store."""
    return Literal(value, datatype=_XSD.integer)


def bind_prefixes(dataset: Dataset) -> None:
    """Bind the kg prefixes (:data:`NAMESPACES`) on ``dataset``."""
    for prefix, namespace in NAMESPACES.items():
        dataset.bind(prefix, namespace, override=True, replace=True)


Triple = tuple[Node, Node, Node]


def _article_triples(node: URIRef, context: URIRef, article: Article) -> Iterator[Triple]:
    """The article node and its nif:Context ``context``."""
    yield node, RDF.type, KG.Article
    yield node, KG.sourceFile, Literal(encodable(article.source))
    yield node, KG.contentId, Literal(encodable(article.id))
    if article.title is not None:
        yield node, _SCHEMA.headline, Literal(encodable(article.title))
    date = _date_literal(article.date)
    if date is not None:
        yield node, _SCHEMA.datePublished, date
    if article.publisher is not None:
        yield node, _SCHEMA.publisher, Literal(encodable(article.publisher))
    if article.url is not None and article.url.strip():
        yield node, _SCHEMA.url, url_term(article.url)
    yield node, KG.text, context
    yield context, RDF.type, NIF.Context
    yield context, NIF.isString, Literal(encodable(article.text))
    yield context, NIF.beginIndex, _index(0)
    yield context, NIF.endIndex, _index(len(article.text))


def _actor_triples(node: URIRef, actor: Actor, names: Sequence[str] = ()) -> Iterator[Triple]:
    """The actor's node; ``names`` (how this article mentions it) are its
    ``skos:altLabel`` in the article's graph."""
    yield node, RDF.type, actor_type_class(actor.type)
    yield node, SKOS.prefLabel, Literal(encodable(actor.label), lang="en")
    for name in names:
        if encodable(name) != encodable(actor.label):
            yield node, SKOS.altLabel, Literal(encodable(name), lang="en")
    if actor.wikidata is not None and _WIKIDATA_ID.fullmatch(actor.wikidata):
        yield node, OWL.sameAs, WD[actor.wikidata]


def _relation_triples(
    article: URIRef,
    context: URIRef,
    event: URIRef,
    relation: Relation,
    names: Mapping[str, Sequence[str]],
) -> Iterator[Triple]:
    agent = article
    if relation.agent is not None:
        agent = actor_iri(relation.agent.key)
        yield from _actor_triples(agent, relation.agent, names.get(relation.agent.key, ()))
    target = actor_iri(relation.target.key)
    yield from _actor_triples(target, relation.target, names.get(relation.target.key, ()))
    prop = relation_property(relation.type)
    yield agent, prop, target

    sentence = relation.evidence
    evidence = local_iri(article, f"char={sentence.start},{sentence.end}")
    yield evidence, RDF.type, NIF.Sentence
    yield evidence, NIF.anchorOf, Literal(encodable(sentence.text))
    yield evidence, NIF.beginIndex, _index(sentence.start)
    yield evidence, NIF.endIndex, _index(sentence.end)
    yield evidence, NIF.referenceContext, context

    yield event, RDF.type, KG.RelationEvent
    yield event, KG.agent, agent
    yield event, KG.target, target
    yield event, KG.relation, prop
    yield event, KG.evidence, evidence
    yield event, KG.confidence, _decimal(relation.confidence)
    yield event, KG.cue, Literal(encodable(relation.cue))
    yield event, PROV.wasDerivedFrom, article
    if relation.claim is not None and normalise_claim(relation.claim):
        claim = claim_iri(article, relation.claim)
        yield claim, RDF.type, KG.Claim
        yield claim, RDF.value, Literal(normalise_claim(relation.claim))
        yield event, KG.claim, claim


def extraction_triples(extraction: Extraction) -> list[Triple]:
    """The triples of ``extraction``'s named graph (``graph_iri(article.id)``),
    each once, in a fixed order: what :func:`extraction_to_dataset` adds.

    Relations that share an event IRI (see :func:`event_iri`) are one event:
    the one with the highest confidence is written, so each event has exactly
    one confidence, cue and claim.
    """
    article = extraction.article
    node = article_iri(article.id)
    context = local_iri(node, f"char=0,{len(article.text)}")
    events: dict[URIRef, Relation] = {}
    for relation in extraction.relations:
        iri = event_iri(node, relation)
        kept = events.get(iri)
        if kept is None or relation.confidence > kept.confidence:
            events[iri] = relation
    triples = chain(
        _article_triples(node, context, article),
        chain.from_iterable(
            _relation_triples(node, context, iri, relation, extraction.names)
            for iri, relation in events.items()
        ),
    )
    return list(dict.fromkeys(triples))


def extraction_to_dataset(extraction: Extraction, dataset: Dataset | None = None) -> Dataset:
    """Add one named graph for ``extraction`` to ``dataset`` (a new one if
    ``None``): the :func:`extraction_triples`. Building the same extraction
    twice gives the same triples.
    """
    if dataset is None:
        dataset = Dataset()
    bind_prefixes(dataset)
    graph = dataset.graph(graph_iri(extraction.article.id))
    graph.addN((s, p, o, graph) for s, p, o in extraction_triples(extraction))
    return dataset


def _ox_term(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if not isinstance(term, Literal):
        return pyoxigraph.NamedNode(str(term))
    if term.language:
        return pyoxigraph.Literal(str(term), language=term.language)
    datatype = None if term.datatype is None else pyoxigraph.NamedNode(str(term.datatype))
    return pyoxigraph.Literal(str(term), datatype=datatype)


def ox_quad(subject: Node, predicate: Node, obj: Node, graph: Node | None) -> pyoxigraph.Quad:
    """An rdflib quad as a pyoxigraph ``Quad`` (``None`` graph: the default graph)."""
    return next(ox_quads([(subject, predicate, obj, graph)]))


def ox_quads(quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> Iterator[pyoxigraph.Quad]:
    """rdflib quads as pyoxigraph ``Quad`` s, each distinct term converted once
    (the inverse of :func:`rdflib_quads`).

    >>> a, g = URIRef("https://e.org/a"), URIRef("https://e.org/g")
    >>> [q.predicate.value for q in ox_quads([(a, RDF.type, Literal("x"), g)] * 2)]
    ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type']
    """
    default = pyoxigraph.DefaultGraph()
    cache: dict[Node, pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal] = {}

    def term(value: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
        node = cache.get(value)
        if node is None:
            node = cache[value] = _ox_term(value)
        return node

    for subject, predicate, obj, graph in quads:
        name = default if graph is None or graph == DATASET_DEFAULT_GRAPH_ID else term(graph)
        yield pyoxigraph.Quad(term(subject), term(predicate), term(obj), name)  # type: ignore[arg-type]


def _rdflib_term(term: object) -> Node:
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(_XSD.string) else datatype)
    raise ValueError(f"no rdflib term for {term!r}")


def rdflib_quad(quad: pyoxigraph.Quad) -> tuple[Node, Node, Node, Node]:
    """A pyoxigraph ``Quad`` as an rdflib quad (the default graph as rdflib's id).

    >>> q = ox_quad(URIRef("https://e.org/a"), RDF.type, Literal("x"), URIRef("https://e.org/g"))
    >>> rdflib_quad(q)[2] == Literal("x")
    True
    """
    return next(rdflib_quads([quad]))


def rdflib_quads(quads: Iterable[pyoxigraph.Quad]) -> Iterator[tuple[Node, Node, Node, Node]]:
    """pyoxigraph ``Quad`` s as rdflib quads, each distinct term converted once
    (predicates, classes and actors recur: four times faster on kg's graphs).

    >>> q = ox_quad(URIRef("https://e.org/a"), RDF.type, Literal("x"), URIRef("https://e.org/g"))
    >>> [quad[1] for quad in rdflib_quads([q, q])] == [RDF.type, RDF.type]
    True
    """
    cache: dict[object, Node] = {pyoxigraph.DefaultGraph(): DATASET_DEFAULT_GRAPH_ID}

    def term(value: object) -> Node:
        node = cache.get(value)
        if node is None:
            node = cache[value] = _rdflib_term(value)
        return node

    for quad in quads:
        yield term(quad.subject), term(quad.predicate), term(quad.object), term(quad.graph_name)


def serialize_trig(dataset: Dataset) -> str:
    """The dataset as TriG text (what ``kg build`` writes), deterministic.

    Written by pyoxigraph, several times faster than rdflib's TriG writer on
    large datasets, with quads sorted (graph, subject, predicate, object) so
    the same dataset always gives the same text. Actor IRIs are written in
    full: pyoxigraph would abbreviate percent-encoded keys to local names
    with ``\\%`` escapes, which are valid TriG but which rdflib cannot parse.
    Raises :class:`ValueError`
    if the dataset holds an IRI that is not a valid RFC 3987 IRI (none that
    :func:`extraction_to_dataset` writes).
    """
    quads = sorted(
        dataset.quads((None, None, None, None)),
        key=lambda quad: (str(quad[3]), str(quad[0]), str(quad[1]), quad[2].n3()),
    )
    buffer = io.BytesIO()
    pyoxigraph.serialize(
        ox_quads(quads),
        buffer,
        format=pyoxigraph.RdfFormat.TRIG,
        prefixes={
            prefix: str(namespace)
            for prefix, namespace in NAMESPACES.items()
            if prefix not in _UNPREFIXED
        },
    )
    return buffer.getvalue().decode("utf-8")


def one_line(reason: str, limit: int = 200) -> str:
    r"""An error reason on one line of at most ``limit`` characters.

    >>> one_line("expected\n  a term")
    'expected a term'
    """
    reason = " ".join(reason.split()) or "parse error"
    return reason if len(reason) <= limit else reason[: limit - 3] + "..."


@dataclass(frozen=True, slots=True)
class EventRow:
    """One relation event of a dataset, flattened (see :func:`relation_events`).

    ``agent`` is ``None`` when the agent is the article's own voice.
    """

    article: str
    source: str
    title: str | None
    date: str | None
    url: str | None
    agent: str | None
    agent_label: str
    agent_name: str
    agent_type: str | None
    agent_wikidata: str | None
    relation: str
    target: str
    target_label: str
    target_name: str
    target_type: str | None
    target_wikidata: str | None
    confidence: float
    begin: int
    sentence: str
    claim: str | None = None


class RelationRow(TypedDict):
    """One row of :func:`relation_rows`: ``agent`` and ``target`` are named as the
    article names them (:func:`article_name`), ``agent_label`` and
    ``target_label`` are the canonical labels."""

    article: str
    agent: str
    relation: str
    target: str
    agent_label: str
    target_label: str
    agent_wikidata: str | None
    target_wikidata: str | None
    evidence: str
    confidence: float
    date: str | None
    title: str | None


class _GraphIndex:
    """Subject -> predicate -> objects of one named graph.

    Filled from one pass over the dataset's quads, which is far faster than
    an rdflib pattern lookup (or a SPARQL query) per value wanted.
    """

    def __init__(self) -> None:
        self.values: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self._actors: dict[Node, _ActorInfo] = {}

    def first(self, subject: Node, predicate: URIRef) -> Node | None:
        """The smallest (by text) object of ``subject predicate``, if any."""
        objects = self.values.get(subject, {}).get(predicate, [])
        return min(objects, key=str, default=None)

    def suffixes(self, subject: Node, predicate: URIRef, namespace: str) -> list[str]:
        """The objects of ``subject predicate`` in ``namespace``, without it, sorted."""
        objects = self.values.get(subject, {}).get(predicate, [])
        return sorted(str(o)[len(namespace) :] for o in objects if str(o).startswith(namespace))

    def actor(self, node: Node) -> _ActorInfo:
        """Label, kg class local name and Wikidata id of ``node``."""
        if node in self._actors:
            return self._actors[node]
        label = self.first(node, SKOS.prefLabel)
        types = self.suffixes(node, RDF.type, str(KG._NS))
        same = self.suffixes(node, OWL.sameAs, str(WD))
        text = str(node) if label is None else str(label)
        kind = types[0] if types else None
        names = [str(n) for n in self.values.get(node, {}).get(SKOS.altLabel, [])]
        info = _ActorInfo(
            label=text,
            type=kind,
            wikidata=same[0] if same else None,
            name=article_name(text, kind, names),
        )
        self._actors[node] = info
        return info


@dataclass(frozen=True)
class _ActorInfo:
    label: str
    type: str | None
    wikidata: str | None
    name: str
    """How the article names the actor (see :func:`article_name`)."""


def article_name(label: str, kind: str | None, names: Sequence[str]) -> str:
    """The name to show for an actor in one article's rows: its canonical label
    for governments and people, and wherever the article uses that label;
    otherwise the longest name the article uses that is part of the label
    ("Meta" for Meta Platforms, though the article names Facebook too), else the
    longest name it uses ("AFP" for Agence France-Presse in an article that
    never spells it out).

    >>> article_name("Agence France-Presse", "MediaOutlet", ["AFP"])
    'AFP'
    >>> article_name("United States government", "Government", ["Washington"])
    'United States government'
    >>> article_name("NSA", "Agency", ["NSA", "National Security Agency"])
    'NSA'
    >>> article_name("Meta Platforms", "Company", ["Facebook", "Meta"])
    'Meta'
    """
    if kind in (ActorType.GOVERNMENT.value, ActorType.PERSON.value) or not names:
        return label
    canonical = normalise_label(label)
    if canonical in {normalise_label(n) for n in names}:
        return label
    words = canonical.split()
    parts = [n for n in names if _is_part(normalise_label(n).split(), words)]
    return max(parts or names, key=lambda n: (len(n), n))


def _is_part(name: list[str], label: list[str]) -> bool:
    """Whether the words ``name`` occur together in ``label``."""
    return any(label[k : k + len(name)] == name for k in range(len(label) - len(name) + 1))


def _number(node: Node | None) -> float | None:
    """The numeric value of a literal, or ``None`` when it has none."""
    if not isinstance(node, Literal):
        return None
    try:
        number = float(str(node))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _graph_events(index: _GraphIndex) -> Iterator[EventRow]:
    """The well-formed relation events of one named graph."""
    first = index.first
    for event, properties in index.values.items():
        if KG.RelationEvent not in properties.get(RDF.type, []):
            continue
        article = first(event, PROV.wasDerivedFrom)
        agent = first(event, KG.agent)
        relation = first(event, KG.relation)
        target = first(event, KG.target)
        evidence = first(event, KG.evidence)
        confidence = _number(first(event, KG.confidence))
        if article is None or agent is None or relation is None or target is None:
            continue
        if evidence is None or confidence is None:
            continue
        source = first(article, KG.sourceFile)
        sentence = first(evidence, NIF.anchorOf)
        begin = _number(first(evidence, NIF.beginIndex))
        if source is None or sentence is None or begin is None:
            continue
        voice = agent == article
        claim = first(event, KG.claim)
        agent_info = index.actor(agent)
        target_info = index.actor(target)
        yield EventRow(
            article=str(article),
            source=str(source),
            title=_str(first(article, _SCHEMA.headline)),
            date=_str(first(article, _SCHEMA.datePublished)),
            url=_str(first(article, _SCHEMA.url)),
            agent=None if voice else str(agent),
            agent_label=ARTICLE_VOICE if voice else agent_info.label,
            agent_name=ARTICLE_VOICE if voice else agent_info.name,
            agent_type=agent_info.type,
            agent_wikidata=None if voice else agent_info.wikidata,
            relation=str(relation).rsplit("#", 1)[-1],
            target=str(target),
            target_label=target_info.label,
            target_name=target_info.name,
            target_type=target_info.type,
            target_wikidata=target_info.wikidata,
            confidence=confidence,
            begin=int(begin),
            sentence=str(sentence),
            claim=None if claim is None else _str(first(claim, RDF.value)),
        )


def _str(value: Node | None) -> str | None:
    return None if value is None else str(value)


def relation_events(
    source: Dataset | Iterable[tuple[Node, Node, Node, Node]],
) -> list[EventRow]:
    """Every well-formed relation event of every graph of ``source`` (a
    ``Dataset``, or its quads, e.g. :func:`rdflib_quads` of a store's), sorted.

    Labels, types and Wikidata ids are looked up in the event's own named
    graph, so an actor labelled differently in two articles keeps each
    article's label. Identical rows are merged; the order does not depend on
    the store. Events lacking a required part (agent, target, relation,
    evidence sentence, confidence, article source file) are skipped.
    """
    quads = source.quads((None, None, None, None)) if isinstance(source, Dataset) else source
    indexes: dict[Node | None, _GraphIndex] = defaultdict(_GraphIndex)
    for subject, predicate, obj, graph in quads:
        indexes[graph].values[subject][predicate].append(obj)
    rows = {row for index in indexes.values() for row in _graph_events(index)}
    return sorted(rows, key=_event_sort_key)


def _event_sort_key(row: EventRow) -> tuple[tuple[bool, str], ...]:
    values = (getattr(row, field.name) for field in fields(row))
    return tuple((value is not None, str(value)) for value in values)


def relation_rows(source: Dataset | Iterable[EventRow]) -> list[RelationRow]:
    """One row per distinct (article, agent, relation, target) of ``source``, a
    dataset or its relation events (:func:`relation_events`).

    ``evidence`` and ``confidence`` come from the article's highest-confidence
    event for that edge (ties: the earliest sentence). ``agent`` is
    ``"@article"`` for the article's own voice. Sorted by article (source
    file), agent, relation, target.
    """
    best: dict[tuple[str, str | None, str, str], EventRow] = {}
    events = relation_events(source) if isinstance(source, Dataset) else source
    for event in events:
        key = (event.article, event.agent, event.relation, event.target)
        kept = best.get(key)
        if kept is None or (-event.confidence, event.begin) < (-kept.confidence, kept.begin):
            best[key] = event
    rows = [
        (
            event.article,
            RelationRow(
                article=event.source,
                agent=event.agent_name,
                relation=event.relation,
                target=event.target_name,
                agent_label=event.agent_label,
                target_label=event.target_label,
                agent_wikidata=event.agent_wikidata,
                target_wikidata=event.target_wikidata,
                evidence=event.sentence,
                confidence=event.confidence,
                date=event.date,
                title=event.title,
            ),
        )
        for event in best.values()
    ]
    rows.sort(
        key=lambda item: (
            item[1]["article"],
            item[1]["agent"],
            item[1]["relation"],
            item[1]["target"],
            item[0],
        )
    )
    return [row for _, row in rows]
