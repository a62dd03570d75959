"""``criticizes``, ``threatens``, ``sanctions``, ``defends`` and ``demands``:
transitive verbs ("A banned B"), entity listings, measure nouns ("sanctions
on B") and demands ("A urges B to stop ...").
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.relations.base import (
    _CORRECTIVE_VERBS,
    _LIGHT_VERBS,
    _MAKING_VERBS,
    RuleBase,
    _passive,
    _role,
)
from kg.records import RelationType


class MeasureRules(RuleBase):
    """The ``criticizes``, ``threatens``, ``sanctions``, ``defends`` and ``demands`` rules."""

    def _transitive(self, verb: Token, relation: RelationType) -> None:
        """ "A criticised B", "A threatened (to ban) B", "B was banned by A"."""
        if not self._asserted(verb):
            return
        if _passive(verb):
            agents = self._by_agents(verb)
            targets = self._children_actors(verb, ("nsubjpass",))
        else:
            agents = self._agents(verb)
            targets = self._children_actors(verb, ("dobj", "dative"))  # "fined Apple €1bn"
            if not targets and relation is RelationType.THREATENS:
                for xcomp in self._children(verb, ("xcomp",)):  # "threatened to ban X"
                    targets = self._children_actors(xcomp, ("dobj",))
                    targets = targets or self._prep_actors(xcomp, frozenset({"against", "on"}))
            if not targets and relation is RelationType.SANCTIONS:
                for obj in self._children(verb, ("dobj",)):  # "banned Kaspersky products"
                    targets = self._children_actors(obj, ("compound", "poss", "nmod"))
        conduct = relation is RelationType.SANCTIONS and self._wrong_reason(verb)
        for agent in agents:
            for target in targets:
                self._emit(agent, relation, target, verb, self._lemma_of(verb), 0.8)
                if conduct:  # "sanctioned X for hacking": the ban states a claim (cl. 13)
                    self._emit(agent, RelationType.ACCUSES, target, verb, self._lemma_of(verb), 0.7)

    def _listing(self, verb: Token) -> None:
        """ "A added B to the Entity List" sanctions B."""
        lists = [
            o
            for o in self._prep_objects(verb, {"to", "on"})
            if self._lemma_of(o) in self.lexicon.lists
        ]
        if not lists or not self._asserted(verb):
            return
        targets = self._children_actors(verb, ("dobj", "nsubjpass"))
        agents = self._by_agents(verb) if _passive(verb) else self._agents(verb)
        conduct = self._wrong_reason(verb)
        for agent in agents:
            for target in targets:
                self._emit(agent, RelationType.SANCTIONS, target, verb, "entity list", 0.8)
                if conduct:
                    self._emit(agent, RelationType.ACCUSES, target, verb, "entity list", 0.7)

    def _measure(self, noun: Token, relation: RelationType) -> None:
        """ "A imposed sanctions on B", "A's export controls against B"."""
        if not self._asserted(noun):
            return
        targets = self._prep_actors(noun, frozenset({"on", "against", "targeting", "to"}))
        dep, head = _role(noun)
        if not targets and dep == "dobj":
            targets = self._prep_actors(head, frozenset({"on", "against"}))
        if not targets:
            return
        agents = self._authors(noun, include_last=False)
        imposing = self.lexicon.imposing_verbs | _LIGHT_VERBS | _MAKING_VERBS | {"express", "vow"}
        if not agents and dep == "dobj" and self._lemma_of(head) in imposing:
            agents = self._agents(head)  # "imposed sanctions", not "opposed the ban"
        for agent in agents:
            for target in targets:
                self._emit(agent, relation, target, noun, noun.lemma_, 0.7)

    def _demand(self, verb: Token) -> None:
        """ "A urges B to stop ...": A demands of B, and accuses B when what is
        demanded is to stop or correct something."""
        if not self._asserted(verb):
            return
        # "called on X to", not "called X a liar"
        targets = [] if self._lemma_of(verb) == "call" else self._children_actors(verb, ("dobj",))
        targets += self._prep_actors(verb, frozenset({"on", "upon"}))
        for clause in [] if targets else self._children(verb, ("ccomp",)):
            if clause.tag_ == "VB" or any(
                c.lower_ in ("should", "must") for c in self._dependents(clause)
            ):
                targets += self._children_actors(clause, ("nsubj",))  # "demanded that X stop"
        if not targets:
            return
        complements = [c for c in verb.subtree if c.dep_ in ("xcomp", "ccomp", "conj")]
        corrective = any(self._lemma_of(c) in _CORRECTIVE_VERBS for c in complements)
        for agent in self._agents(verb):
            for target in targets:
                self._emit(agent, RelationType.DEMANDS, target, verb, verb.lemma_, 0.8)
                if corrective:
                    self._emit(agent, RelationType.ACCUSES, target, verb, verb.lemma_, 0.6)
