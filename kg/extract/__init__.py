"""The extract stage: actors and relations from parsed articles.

:func:`extract` turns one parsed ``Doc`` and its :class:`~kg.records.Article`
into an :class:`~kg.records.Extraction`; nothing downstream sees spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import Errors, KgError
from kg.extract.actors import find_mentions
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.relations import RelationFinder
from kg.extract.sentences import Sentences
from kg.extract.voice import document_speaker, find_voices
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.ingest import MAX_CHARACTERS
from kg.records import Actor, ActorType, Article, Extraction
from kg.text import clean_mention, encodable, normalise_label

__all__ = ["extract", "extract_articles", "filter_confidence"]


def extract(
    doc: Doc,
    article: Article,
    gazetteer: Gazetteer | None = None,
    lexicon: Lexicon | None = None,
) -> Extraction:
    """Actors and relations of one parsed article."""
    gazetteer = gazetteer or load_gazetteer()
    lexicon = lexicon or load_lexicon()
    speaker = document_speaker(article, gazetteer)
    sentences = Sentences(doc)
    mentions = find_mentions(
        doc, gazetteer, [speaker] if speaker else [], lexicon.speech_verbs, sentences
    )
    voices = find_voices(doc, article, mentions, gazetteer, lexicon, sentences)
    relations = RelationFinder(doc, mentions, voices, lexicon, gazetteer, sentences).run()
    actors: dict[str, Actor] = {}
    for relation in relations:
        for actor in (relation.agent, relation.target):
            if actor is not None:
                actors.setdefault(actor.key, actor)
    names: dict[str, list[str]] = {}
    text = doc.text
    for mention in mentions:  # names of gazetteer actors and of bodies named after their state
        actor = mention.actor
        if actor.key not in actors:
            continue
        constructed = actor.type is ActorType.AGENCY and actor.label not in text
        if actor.key in gazetteer.entries or constructed:
            name = clean_mention(doc[mention.start : mention.end].text)
            if name and name not in names.setdefault(mention.actor.key, []):
                names[mention.actor.key].append(name)
    canonical = {key: normalise_label(actor.label) for key, actor in actors.items()}
    return Extraction(  # an actor the article calls by its canonical label needs no other
        article,
        tuple(actors.values()),
        tuple(relations),
        {
            key: tuple(found)
            for key, found in names.items()
            if canonical[key] not in {normalise_label(n) for n in found}
        },
    )


def extract_articles(
    nlp: Language,
    articles: Iterable[Article],
    *,
    batch_size: int = 32,
    n_process: int = 1,
) -> Iterator[Extraction]:
    """Parse articles in batches with ``nlp.pipe`` and extract each one.

    The parser sees each text as the graph stores it (:func:`~kg.text.encodable`:
    a lone surrogate, which spaCy's tokenizer cannot hash, is U+FFFD), so
    offsets and sentences match the stored text. An article longer than the
    parser takes (:data:`~kg.ingest.MAX_CHARACTERS`, which ingest refuses
    already) raises :class:`~kg.errors.KgError` when its turn comes."""
    pairs = ((_parseable(article), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=n_process):
        yield extract(doc, article)


def _parseable(article: Article) -> str:
    if len(article.text) > MAX_CHARACTERS:
        where = {"path": article.source, "length": len(article.text), "limit": MAX_CHARACTERS}
        raise KgError(Errors.E040.format(**where))
    return encodable(article.text)


def filter_confidence(extraction: Extraction, min_confidence: float) -> Extraction:
    """Drop relations below ``min_confidence`` and the actors left without one."""
    if min_confidence <= 0:
        return extraction
    relations = tuple(r for r in extraction.relations if r.confidence >= min_confidence)
    used = {a.key for r in relations for a in (r.agent, r.target) if a is not None}
    actors = tuple(a for a in extraction.actors if a.key in used)
    return replace(extraction, actors=actors, relations=relations)
