"""The cue lexicon (``ontologies/cues.toml``) as a typed record."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from kg.resources import ontology_file


@dataclass(frozen=True)
class Lexicon:
    """Cue words of every relation, as lemma sets (see ``cues.toml``)."""

    accuse_verbs: frozenset[str]
    accuse_with_reason: frozenset[str]
    reason_preps: frozenset[str]
    accuse_nouns: frozenset[str]
    target_preps: frozenset[str]
    accuse_idioms: tuple[tuple[str, str], ...]
    pretext_nouns: frozenset[str]
    characterizing_verbs: frozenset[str]
    deny_verbs: frozenset[str]
    deny_phrasal: tuple[tuple[str, str], ...]
    deny_failing: tuple[tuple[str, str], ...]
    deny_evaluative: frozenset[str]
    denial_nouns: frozenset[str]
    slur_nouns: frozenset[str]
    opposition_nouns: frozenset[str]
    claim_nouns: frozenset[str]
    evidence_nouns: frozenset[str]
    evidence_quantities: frozenset[str]
    lacking_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    source_preps: tuple[tuple[str, ...], ...]
    source_nouns: frozenset[str]
    wrong_verbs: frozenset[str]
    wrong_nouns: frozenset[str]
    wrong_adjectives: frozenset[str]
    wrong_phrasal: tuple[tuple[str, str], ...]
    product_nouns: frozenset[str]
    act_nouns: frozenset[str]
    modals: frozenset[str]
    hedge_governors: frozenset[str]
    negations: frozenset[str]
    hedge_adverbs: frozenset[str] = frozenset()
    criticize_verbs: frozenset[str] = frozenset()
    criticize_nouns: frozenset[str] = frozenset()
    threaten_verbs: frozenset[str] = frozenset()
    threaten_nouns: frozenset[str] = frozenset()
    sanction_verbs: frozenset[str] = frozenset()
    sanction_nouns: frozenset[str] = frozenset()
    imposing_verbs: frozenset[str] = frozenset()
    listing_verbs: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()
    defend_verbs: frozenset[str] = frozenset()
    counter_verbs: frozenset[str] = frozenset()
    legal_verbs: frozenset[str] = frozenset()
    stop_verbs: frozenset[str] = frozenset()
    proceeding_verbs: frozenset[str] = frozenset()
    duty_verbs: frozenset[str] = frozenset()
    broken_objects: frozenset[str] = frozenset()
    breaking_verbs: frozenset[str] = frozenset()
    reason_verbs: frozenset[str] = frozenset()
    activity_nouns: frozenset[str] = frozenset()
    without_nouns: frozenset[str] = frozenset()
    without_verbs: frozenset[str] = frozenset()
    wrong_adverbs: frozenset[str] = frozenset()
    data_verbs: frozenset[str] = frozenset()
    data_nouns: frozenset[str] = frozenset()
    data_owners: frozenset[str] = frozenset()
    activity_modifiers: frozenset[str] = frozenset()

    @cached_property
    def claims(self) -> frozenset[str]:
        """Nouns for a claim or an accusation ("allegation", "report", "charge")."""
        return self.claim_nouns | self.accuse_nouns

    @cached_property
    def wrongs(self) -> frozenset[str]:
        """Lemmas that name a wrong: wrongdoing verbs, nouns and adjectives."""
        return self.wrong_verbs | self.wrong_nouns | self.wrong_adjectives

    def names_wrong(self, lemma: str, modifiers: frozenset[str]) -> bool:
        """Whether a noun with these modifier lemmas names a wrong: a wrong noun,
        or an activity noun that a wrong qualifies ("malicious cyber activity")."""
        return lemma in self.wrong_nouns or (
            lemma in self.activity_nouns and bool(modifiers & self._qualifiers)
        )

    @cached_property
    def _qualifiers(self) -> frozenset[str]:
        return self.wrongs | self.activity_modifiers


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a :class:`Lexicon` from the parsed TOML tables.

    >>> lex = parse_lexicon({"accuses": {"verbs": ["Accuse"]}})
    >>> "accuse" in lex.accuse_verbs, len(lex.deny_verbs)
    (True, 0)
    """

    def words(table: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in data.get(table, {}).get(key, []))

    def pairs(table: str, key: str) -> tuple[tuple[str, str], ...]:
        return tuple((a.lower(), b.lower()) for a, b in data.get(table, {}).get(key, []))

    return Lexicon(
        accuse_verbs=words("accuses", "verbs"),
        accuse_with_reason=words("accuses", "with_reason"),
        reason_preps=words("accuses", "reason_preps"),
        accuse_nouns=words("accuses", "nouns"),
        target_preps=words("accuses", "target_preps"),
        accuse_idioms=pairs("accuses", "idioms"),
        pretext_nouns=words("accuses", "pretext_nouns"),
        characterizing_verbs=words("accuses", "characterizing_verbs"),
        deny_verbs=words("denies", "verbs"),
        deny_phrasal=pairs("denies", "phrasal"),
        deny_failing=pairs("denies", "failing"),
        deny_evaluative=words("denies", "evaluative"),
        denial_nouns=words("denies", "denial_nouns"),
        slur_nouns=words("denies", "slur_nouns"),
        opposition_nouns=words("denies", "opposition_nouns"),
        claim_nouns=words("denies", "claim_nouns"),
        evidence_nouns=words("denies", "evidence_nouns"),
        evidence_quantities=words("denies", "evidence_quantities"),
        lacking_verbs=words("denies", "lacking_verbs"),
        speech_verbs=words("cites", "speech_verbs"),
        source_preps=tuple(
            tuple(w.lower() for w in p) for p in data.get("cites", {}).get("source_preps", [])
        ),
        source_nouns=words("cites", "source_nouns"),
        wrong_verbs=words("wrongdoing", "verbs"),
        wrong_nouns=words("wrongdoing", "nouns"),
        wrong_adjectives=words("wrongdoing", "adjectives"),
        wrong_phrasal=pairs("wrongdoing", "phrasal"),
        product_nouns=words("wrongdoing", "product_nouns"),
        act_nouns=words("wrongdoing", "act_nouns"),
        modals=words("hedges", "modals"),
        hedge_governors=words("hedges", "governors"),
        negations=words("hedges", "negations"),
        hedge_adverbs=words("hedges", "adverbs"),
        criticize_verbs=words("criticizes", "verbs"),
        criticize_nouns=words("criticizes", "nouns"),
        threaten_verbs=words("threatens", "verbs"),
        threaten_nouns=words("threatens", "nouns"),
        sanction_verbs=words("sanctions", "verbs"),
        sanction_nouns=words("sanctions", "nouns"),
        imposing_verbs=words("sanctions", "imposing_verbs"),
        listing_verbs=words("sanctions", "listing_verbs"),
        lists=words("sanctions", "lists"),
        defend_verbs=words("defends", "verbs"),
        counter_verbs=words("wrongdoing", "counter_verbs"),
        legal_verbs=words("accuses", "legal_verbs"),
        stop_verbs=words("accuses", "stop_verbs"),
        proceeding_verbs=words("accuses", "proceeding_verbs"),
        duty_verbs=words("wrongdoing", "duty_verbs"),
        broken_objects=words("wrongdoing", "broken_objects"),
        breaking_verbs=words("wrongdoing", "breaking_verbs"),
        reason_verbs=words("sanctions", "reason_verbs"),
        activity_nouns=words("wrongdoing", "activity_nouns"),
        without_nouns=words("wrongdoing", "without_nouns"),
        without_verbs=words("wrongdoing", "without_verbs"),
        wrong_adverbs=words("wrongdoing", "adverbs")
        | {f"{a}ly" for a in words("wrongdoing", "adjectives")},  # "unlawfully"
        data_verbs=words("wrongdoing", "data_verbs"),
        data_nouns=words("wrongdoing", "data_nouns"),
        data_owners=words("wrongdoing", "data_owners"),
        activity_modifiers=words("wrongdoing", "activity_modifiers"),
    )


@cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load (once) the cue lexicon shipped in ``ontologies/cues.toml`` or another file."""
    with (path or ontology_file("cues.toml")).open("rb") as fh:
        return parse_lexicon(tomllib.load(fh))
