"""The relation finder: every rule family, and the dispatch from cues to rules."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, partial

from spacy.tokens import Token

from kg.extract.actors import PROXY_NOUNS
from kg.extract.lexicon import Lexicon
from kg.extract.relations.accuses import AccusationRules
from kg.extract.relations.base import (
    _AUTHORING_VERBS,
    _DEMAND_VERBS,
    _DENIAL_NOUNS,
    _DIRECTING_VERBS,
    _SERVING_VERBS,
)
from kg.extract.relations.cites import CitationRules
from kg.extract.relations.denies import DenialRules
from kg.extract.relations.measures import MeasureRules
from kg.records import Relation, RelationType

Rule = Callable[["RelationFinder", Token], None]
"""A rule, run as ``rule(finder, cue)``."""
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
        verb_rules, noun_rules = _cue_rules(self.lexicon)
        for token in self.doc:
            self._token_rules(token, verb_rules, noun_rules)
        self._second_targets()
        return self.found

    # --- dispatch --------------------------------------------------------

    def _token_rules(
        self,
        token: Token,
        verb_rules: Mapping[str, Sequence[Rule]],
        noun_rules: Mapping[str, Sequence[Rule]],
    ) -> None:
        """Run every rule that ``token`` cues: by its part of speech and lemma,
        then by its word or dependency."""
        lemma = self._lemma_of(token)
        lex = self.lexicon
        pos, lower = token.pos_, token.lower_
        if pos in ("VERB", "AUX"):
            if lemma in lex.accuse_verbs or (
                lemma in lex.accuse_with_reason and self._has_reason(token)
            ):
                self._accusation_verb(token)
            phrasal_denial = self._phrasal(token, lex.deny_phrasal)
            if lemma in lex.deny_verbs or phrasal_denial:
                self._denial_verb(token)
            if lemma in lex.speech_verbs or lemma in _AUTHORING_VERBS or phrasal_denial:
                self._speech_verb(token)
            if lemma in lex.speech_verbs:
                self._self_denial(token)
            for rule in verb_rules.get(lemma, ()):
                rule(self, token)
            if lemma == "oppose" and any(  # "firmly opposes NUKIB's allegation" (cl. 6)
                self._lemma_of(o) in lex.claims for o in self._children(token, ("dobj",))
            ):
                self._denial_verb(token)
            self._wrongdoing(token)
        elif pos in ("NOUN", "PROPN"):
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
            for rule in noun_rules.get(lemma, ()):
                rule(self, token)
        if lower in PROXY_NOUNS:
            self._proxy(token)
        if pos == "ADJ" and token.dep_ == "acomp" and self._evaluative(token):
            self._pronoun_judgement(token)
        if lower == "contrary":
            self._contrary(token)
        if lower == "according" or (
            lower in ("citing", "quoting", "evidenced") and token.dep_ != "ROOT"
        ):
            self._source_phrase(token)
        if token.dep_ == "prep" and self._is_idiom(token):
            self._idiom(token)


@cache
def _cue_rules(lex: Lexicon) -> tuple[dict[str, list[Rule]], dict[str, list[Rule]]]:
    """The rules each verb and each noun lemma runs (after those that
    :meth:`RelationFinder._token_rules` runs first), once per lexicon."""
    finder = RelationFinder
    verb_rules = _by_cue(
        (
            (_DEMAND_VERBS, finder._demand),
            (_DIRECTING_VERBS | _SERVING_VERBS, finder._sponsorship),
            (lex.criticize_verbs, partial(finder._transitive, relation=CRITICIZES)),
            (lex.threaten_verbs, partial(finder._transitive, relation=THREATENS)),
            (lex.sanction_verbs, partial(finder._transitive, relation=SANCTIONS)),
            (lex.defend_verbs, partial(finder._transitive, relation=DEFENDS)),
            (lex.listing_verbs, finder._listing),
            (lex.characterizing_verbs, finder._characterization),
            (lex.stop_verbs, finder._stop_demand),
            (lex.proceeding_verbs, finder._proceeding),
        )
    )
    noun_rules = _by_cue(
        (
            (lex.sanction_nouns, partial(finder._measure, relation=SANCTIONS)),
            (lex.threaten_nouns, partial(finder._measure, relation=THREATENS)),
            (lex.criticize_nouns, partial(finder._measure, relation=CRITICIZES)),
            (lex.wrong_nouns | lex.activity_nouns, finder._wrong_noun),
            (lex.pretext_nouns, finder._pretext),
            (lex.evidence_nouns, finder._no_evidence),
        )
    )
    return verb_rules, noun_rules


def _by_cue(rules: Iterable[tuple[frozenset[str], Rule]]) -> dict[str, list[Rule]]:
    """The rules each cue word runs, in the order given.

    >>> table = _by_cue([(frozenset({"ban", "bar"}), print), (frozenset({"ban"}), len)])
    >>> table["ban"] == [print, len], table["bar"] == [print]
    (True, True)
    """
    table: dict[str, list[Rule]] = {}
    for words, rule in rules:
        for word in words:
            table.setdefault(word, []).append(rule)
    return table
