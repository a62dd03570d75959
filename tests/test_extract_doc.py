"""Extraction over hand-built spaCy ``Doc``s: no statistical model involved."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from kg.extract import extract
from kg.extract.actors import find_mentions
from kg.extract.sentences import Sentences
from kg.gazetteer import Entry, Gazetteer
from kg.records import Actor, ActorType, Article, RelationType

HUAWEI = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
REUTERS = Actor("reuters", "Reuters", ActorType.MEDIA_OUTLET)
US = Actor("united-states-government", "United States government", ActorType.GOVERNMENT, "Q30")


@pytest.fixture
def gazetteer() -> Gazetteer:
    return Gazetteer(
        [
            Entry(HUAWEI, ("Huawei",)),
            Entry(REUTERS, ("Reuters",)),
            Entry(US, ("United States government", "US"), demonyms=("American", "US")),
        ]
    )


def _doc(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    ents: list[str],
) -> Doc:
    vocab = spacy.blank("en").vocab  # lexical attributes, no statistical model
    doc = Doc(
        vocab,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        ents=ents,
        sent_starts=[True, *([False] * (len(words) - 1))],
    )
    for token, ent in zip(doc, ents, strict=True):
        if ent != "O":
            token.ent_id_ = token.text.lower() if token.text != "US" else US.key
    return doc


def test_denial_of_authored_claims(gazetteer: Gazetteer) -> None:
    # "Huawei denied the claims by Reuters ."
    doc = _doc(
        words=["Huawei", "denied", "the", "claims", "by", "Reuters", "."],
        heads=[1, 1, 3, 1, 3, 4, 1],
        deps=["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "punct"],
        pos=["PROPN", "VERB", "DET", "NOUN", "ADP", "PROPN", "PUNCT"],
        lemmas=["Huawei", "deny", "the", "claim", "by", "Reuters", "."],
        ents=["B-ORG", "O", "O", "O", "O", "B-ORG", "O"],
    )
    extraction = extract(doc, Article(doc.text, "a.txt"), gazetteer)
    found = {(r.agent_label, r.type, r.target.label) for r in extraction.relations}
    assert ("Huawei", RelationType.DENIES, "Reuters") in found
    assert ("@article", RelationType.CITES, "Huawei") in found
    sentence = doc[:]
    assert {(r.evidence.start, r.evidence.end) for r in extraction.relations} == {
        (sentence.start_char, sentence.end_char)
    }


def test_state_description_mention(gazetteer: Gazetteer) -> None:
    # "US officials accused Huawei ."
    doc = _doc(
        words=["US", "officials", "accused", "Huawei", "."],
        heads=[1, 2, 2, 2, 2],
        deps=["compound", "nsubj", "ROOT", "dobj", "punct"],
        pos=["PROPN", "NOUN", "VERB", "PROPN", "PUNCT"],
        lemmas=["US", "official", "accuse", "Huawei", "."],
        ents=["B-GPE", "O", "O", "B-ORG", "O"],
    )
    mentions = find_mentions(doc, gazetteer)
    assert [(m.start, m.end, m.actor) for m in mentions] == [(0, 2, US), (3, 4, HUAWEI)]
    extraction = extract(doc, Article(doc.text, "b.txt"), gazetteer)
    assert {(r.agent, r.type, r.target) for r in extraction.relations} == {
        (US, RelationType.ACCUSES, HUAWEI),
        (None, RelationType.CITES, US),  # the article reports what US officials say
    }


def test_negated_accusation_gives_nothing(gazetteer: Gazetteer) -> None:
    # "Reuters did not accuse Huawei ."
    doc = _doc(
        words=["Reuters", "did", "not", "accuse", "Huawei", "."],
        heads=[3, 3, 3, 3, 3, 3],
        deps=["nsubj", "aux", "neg", "ROOT", "dobj", "punct"],
        pos=["PROPN", "AUX", "PART", "VERB", "PROPN", "PUNCT"],
        lemmas=["Reuters", "do", "not", "accuse", "Huawei", "."],
        ents=["B-ORG", "O", "O", "O", "B-ORG", "O"],
    )
    extraction = extract(doc, Article(doc.text, "c.txt"), gazetteer)
    assert not [r for r in extraction.relations if r.type is RelationType.ACCUSES]


def test_sentence_index_agrees_with_spacy() -> None:
    """``Sentences`` gives what ``Token.sent`` and ``Span.sent`` give, for every
    token and every span, including spans that cross a sentence boundary."""
    words = ["Huawei", "denied", "it", ".", "The", "US", "said", "so", ".", "No", "."]
    starts: list[bool | int | None] = [
        True,
        False,
        False,
        False,
        True,
        False,
        False,
        False,
        False,
        True,
        False,
    ]
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=starts)
    sentences = Sentences(doc)
    assert [(s.start, s.end) for s in sentences] == [(s.start, s.end) for s in doc.sents]
    for token in doc:
        assert sentences.index(token) == [s.start for s in sentences].index(token.sent.start)
        assert (sentences.of(token).start, sentences.of(token).end) == (
            token.sent.start,
            token.sent.end,
        )
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            span = doc[start:end]
            assert (sentences.of(span).start, sentences.of(span).end) == (
                span.sent.start,
                span.sent.end,
            )
