"""``cites``: speech and authoring verbs, source nouns ("X's report") and
source phrases ("according to X", "citing X"). Who speaks at a point of
the text (sources, speaker, voice) is in :mod:`.base`, as every family uses it.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.relations.base import (
    _AUTHORING_VERBS,
    _ECHO_VERBS,
    _EVENT_NOUNS,
    _HOSTED,
    _HOSTING_VERBS,
    _NO_CITE_VERBS,
    RuleBase,
    _passive,
    _role,
)
from kg.records import RelationType


class CitationRules(RuleBase):
    """The ``cites`` rules."""

    def _speech_verb(self, verb: Token) -> None:
        if self._lemma_of(verb) in _NO_CITE_VERBS:
            return
        if self._deed(verb):
            return
        if any(c.dep_ == "neg" for c in self._dependents(verb)) or not self._reported(verb):
            return
        lex = self.lexicon
        if (
            self._lemma_of(verb) in _AUTHORING_VERBS
            and verb.dep_ == "acl"
            and verb.head.pos_ == "NOUN"
            and not verb.doc[max(verb.head.i - 1, 0)].is_quote  # a quoted title
            and self._lemma_of(verb.head) not in lex.source_nouns | lex.claims
        ):
            return  # "games published by Tencent" are products, not statements
        speaker = self._speaker(verb)
        passive = _passive(verb)
        sources = self._by_agents(verb) if passive else self._agents(verb, first_person=False)
        if self._lemma_of(verb) in _AUTHORING_VERBS and not passive:
            for document in self._children(verb, ("dobj",)):  # "released a report", not "fixes"
                if self._lemma_of(document) in lex.claims | lex.source_nouns:
                    self._remember_authors(document, sources)
        citers = [speaker]
        if passive and self._lemma_of(verb) in _AUTHORING_VERBS and self._voice(verb) != speaker:
            citers.append(self._voice(verb))  # "a document leaked by X": the article says so
        for citer in citers:
            for source in sources:
                self._emit(citer, RelationType.CITES, source, verb, verb.lemma_, 0.85)
        if self._lemma_of(verb) in _ECHO_VERBS:
            for obj in self._children(verb, ("dobj",)):
                for author in self._authors(obj, include_last=False):
                    for agent in self._agents(verb):
                        self._emit(agent, RelationType.CITES, author, verb, verb.lemma_, 0.7)

    def _reported(self, verb: Token) -> bool:
        """A finite or participial speech act, not an intention ("to reveal",
        "started releasing") nor a question."""
        if self._in_question(verb):
            return False
        if verb.tag_ == "VB" and any(
            c.dep_ == "aux" and (c.lower_ == "to" or c.lower_ in self.lexicon.modals)
            for c in self._dependents(verb)
        ):
            return False  # "to reveal", "should explain", "may say"
        if (
            verb.tag_ == "VBG"
            and verb.dep_ in ("xcomp", "pcomp")
            and self._lemma_of(verb.head) != "in"
        ):
            return False
        if verb.dep_ == "xcomp" and verb.tag_ == "VB":
            return False
        objects = self._children(verb, ("dobj",))
        return not (
            self._lemma_of(verb) in _HOSTING_VERBS
            and any(self._lemma_of(o) in _HOSTED for o in objects)
        )

    def _source_noun(self, noun: Token) -> None:
        if self._in_question(noun):
            return
        if noun.dep_ == "compound" and noun.i not in self.resolver.by_token:
            return  # "a government review panel" is a panel, not a review
        authors = self._authors(noun, include_last=False)
        if self._lemma_of(noun) not in _EVENT_NOUNS:
            self._remember_authors(noun, authors)
        dep, head = _role(noun)
        if dep == "dobj" and self._lemma_of(head) in _AUTHORING_VERBS:
            return  # "X released a report": the verb cites X
        if dep == "dobj" and (
            self._lemma_of(head) in self.lexicon.deny_verbs or self._judgement(noun)
        ):
            return  # a report that is rejected is not relied on
        speaker = self._speaker(noun)
        for author in authors:
            self._emit(speaker, RelationType.CITES, author, noun, noun.lemma_, 0.8)

    def _source_phrase(self, token: Token) -> None:
        """ "according to X", "citing X", "as evidenced by X"."""
        objects = [
            *self._prep_objects(token, {"to", "by"}),
            *self._children(token, ("pobj", "dobj")),
        ]
        speaker = self._speaker(token.head, skip=token)
        for obj in objects:
            owners = self._owners(obj) if token.lower_ == "according" else []
            for source in self._claimants(obj, speaker) or owners:
                self._emit(speaker, RelationType.CITES, source, token, token.lower_, 0.9)
