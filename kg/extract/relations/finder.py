"""The relation finder: every rule family, and the dispatch from cues to rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from spacy.tokens import Token

from kg.extract.actors import PROXY_NOUNS
from kg.extract.relations.accuses import AccusationRules
from kg.extract.relations.base import (
    _AUTHORING_VERBS,
    _DEMAND_VERBS,
    _DENIAL_NOUNS,
    _DIRECTING_VERBS,
    _SERVING_VERBS,
    _lemma,
)
from kg.extract.relations.cites import CitationRules
from kg.extract.relations.denies import DenialRules
from kg.extract.relations.measures import MeasureRules
from kg.records import Relation, RelationType

Rule = Callable[[Token], None]
CRITICIZES, THREATENS = RelationType.CRITICIZES, RelationType.THREATENS
SANCTIONS, DEFENDS = RelationType.SANCTIONS, RelationType.DEFENDS


@dataclass
class RelationFinder(AccusationRules, DenialRules, CitationRules, MeasureRules):
    """Find the relations of one parsed document (see :mod:`kg.extract.relations`)."""

    def run(self) -> list[Relation]:
        """All relations of the document, in text order."""
        sents = self._sents
        speaker = self.voices.document_speaker
        if speaker is not None and self.voices.title_line is not None:
            first = sents[self.voices.title_line]
            self._emit(None, RelationType.CITES, speaker, first[0], "headline", 0.7)
        for k, turn_speaker in self.voices.turn_speakers:
            self._emit(None, RelationType.CITES, turn_speaker, sents[k][0], "turn", 0.9)
        for sent in self.doc.sents:
            for token in sent:
                self._token_rules(token)
        self._second_targets()
        return self.found

    # --- dispatch --------------------------------------------------------

    def _token_rules(self, token: Token) -> None:
        lemma = _lemma(token)
        lex = self.lexicon
        if token.pos_ in ("VERB", "AUX"):
            if lemma in lex.accuse_verbs or (
                lemma in lex.accuse_with_reason and self._has_reason(token)
            ):
                self._accusation_verb(token)
            if lemma in lex.deny_verbs or self._phrasal(token, lex.deny_phrasal):
                self._denial_verb(token)
            if (
                lemma in lex.speech_verbs
                or lemma in _AUTHORING_VERBS
                or self._phrasal(token, lex.deny_phrasal)
            ):
                self._speech_verb(token)
            if lemma in lex.speech_verbs:
                self._self_denial(token)
            self._apply(
                token,
                (
                    (_DEMAND_VERBS, self._demand),
                    (_DIRECTING_VERBS | _SERVING_VERBS, self._sponsorship),
                    (lex.criticize_verbs, partial(self._transitive, relation=CRITICIZES)),
                    (lex.threaten_verbs, partial(self._transitive, relation=THREATENS)),
                    (lex.sanction_verbs, partial(self._transitive, relation=SANCTIONS)),
                    (lex.defend_verbs, partial(self._transitive, relation=DEFENDS)),
                    (lex.listing_verbs, self._listing),
                    (lex.characterizing_verbs, self._characterization),
                    (lex.stop_verbs, self._stop_demand),
                    (lex.proceeding_verbs, self._proceeding),
                ),
            )
            if lemma == "oppose" and any(  # "firmly opposes NUKIB's allegation" (cl. 6)
                _lemma(o) in lex.claims for o in self._children(token, ("dobj",))
            ):
                self._denial_verb(token)
            self._wrongdoing(token)
        elif token.pos_ in ("NOUN", "PROPN"):
            if lemma in lex.accuse_nouns and token.i not in self.resolver.by_token:
                self._accusation_noun(token)
            if lemma in lex.source_nouns:
                self._source_noun(token)
            if self._is_denial_noun(token):
                self._evaluation(token)
            if lemma in lex.opposition_nouns:
                self._opposition(token)
            if lemma in _DENIAL_NOUNS:
                self._denial_noun(token)
            self._apply(
                token,
                (
                    (lex.sanction_nouns, partial(self._measure, relation=SANCTIONS)),
                    (lex.threaten_nouns, partial(self._measure, relation=THREATENS)),
                    (lex.criticize_nouns, partial(self._measure, relation=CRITICIZES)),
                    (lex.wrong_nouns | lex.activity_nouns, self._wrong_noun),
                    (lex.pretext_nouns, self._pretext),
                    (lex.evidence_nouns, self._no_evidence),
                ),
            )
        if token.lower_ in PROXY_NOUNS:
            self._proxy(token)
        if token.pos_ == "ADJ" and token.dep_ == "acomp" and self._evaluative(token):
            self._pronoun_judgement(token)
        if token.lower_ == "contrary":
            self._contrary(token)
        if token.lower_ == "according" or (
            token.lower_ in ("citing", "quoting", "evidenced") and token.dep_ != "ROOT"
        ):
            self._source_phrase(token)
        if token.dep_ == "prep" and self._is_idiom(token):
            self._idiom(token)

    def _apply(self, token: Token, rules: Sequence[tuple[frozenset[str], Rule]]) -> None:
        """Run each rule whose cue words include ``token``'s lemma, in order."""
        lemma = _lemma(token)
        for words, rule in rules:
            if lemma in words:
                rule(token)
