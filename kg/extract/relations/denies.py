"""``denies``: denial verbs and nouns, evaluations of a claim, lack of
evidence, pronouns judged false, "contrary to", opposition, and the
claimants a denial answers when it names none.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from kg.extract.relations.base import (
    _DEFINITE,
    _LIGHT_VERBS,
    _QUANTITY_NOUNS,
    _SUBJECTS,
    RuleBase,
    _passive,
    _role,
)
from kg.records import Actor, ActorType, Relation, RelationType

_GATHERED = 3  # sentences back that "these allegations" sum up


class DenialRules(RuleBase):
    """The ``denies`` rules."""

    def _denial_verb(self, verb: Token) -> None:
        if not self._asserted(verb):
            return
        agents = self._agents(verb)
        for agent in agents:
            claimants: list[Actor] = []
            for obj in [*self._children(verb, ("dobj",)), *self._prep_objects(verb, {"at"})]:
                found = self._other_claimants(obj, agent)
                for owner in (
                    [] if found else self._children(obj, ("poss",))
                ):  # "the report's methods"
                    found = self._other_claimants(owner, agent)
                claimants += found
            claimants = claimants or self._context_claimants(agent, verb)
            for claimant in claimants:
                self._emit(agent, RelationType.DENIES, claimant, verb, verb.lemma_, 0.85)

    def _denial_noun(self, noun: Token) -> None:
        """ "X's denial of the claims", "the denials the government made in
        response to our allegations"."""
        if not self._asserted(noun):
            return
        deniers = self._authors(noun, include_last=False)
        for relcl in self._children(noun, ("relcl", "acl")):
            deniers = deniers or self._agents(relcl)
        claimants: list[Actor] = []
        for token in noun.subtree:
            lemma = self._lemma_of(token)
            if token.i != noun.i and lemma in self.lexicon.claims:
                claimants += self._authors(token, include_last=False)
        for denier in deniers:
            for claimant in claimants or self._context_claimants(denier, noun):
                self._emit(denier, RelationType.DENIES, claimant, noun, noun.lemma_, 0.7)

    def _evaluation(self, noun: Token) -> None:
        """ "baseless allegations", "nothing but a smokescreen", "smears", "called
        the story a fabrication"."""
        subject = self._judged(noun)
        asserter = self._asserter(subject if subject is not None else noun)
        if subject is not None and subject.head.pos_ == "VERB":  # "X described it as Y"
            asserter = next(iter(self._agents(subject.head)), asserter)
        if asserter is None or not self._asserted(noun):
            return
        dep, head = _role(noun)  # "this is (a round of) disinformation"
        if dep in ("attr", "pobj") and head.lemma_ in ("be", "but"):
            copula = head if head.lemma_ == "be" else head.head
            subjects = self._children(copula, ("nsubj",))
            subject = subjects[0] if subjects else None
        claim = subject if subject is not None else noun
        claimants = self._other_claimants(claim, asserter)
        if not claimants:  # "(a round of) disinformation from the State Department"
            holder = noun
            if noun.head.lower_ == "of" and self._lemma_of(noun.head.head) in _QUANTITY_NOUNS:
                holder = noun.head.head
            authors = self._authors(noun, include_last=False) or self._authors(holder, False)
            claimants = [a for a in authors if a != asserter]
        if subject is None and dep == "dobj" and self._lemma_of(head) in _LIGHT_VERBS:
            claimants = claimants or self._agents(head)
        if subject is None and dep == "dobj" and not claimants:  # "heard this slander from X"
            claimants = [a for a in self._prep_actors(head, frozenset({"from"})) if a != asserter]
        claimants = claimants or self._context_claimants(asserter, noun)
        slur = self._lemma_of(noun) in self.lexicon.slur_nouns
        for claimant in claimants:
            self._emit(asserter, RelationType.DENIES, claimant, noun, noun.lemma_, 0.7)
            if slur:
                self._emit(asserter, RelationType.ACCUSES, claimant, noun, noun.lemma_, 0.7)

    def _no_evidence(self, noun: Token) -> None:
        """ "X has no evidence", "X never produced a shred of evidence", "claims
        that have no basis in fact", "X failed to provide proof": the speaker
        denies X's claim."""
        node = noun  # "a shred of evidence" -> "shred"
        if (
            noun.head.lower_ == "of"
            and self._lemma_of(noun.head.head) in self.lexicon.evidence_quantities
        ):
            node = noun.head.head
        verb = node.head
        if not self._lacking(node, verb) or self._in_question(noun):
            return
        asserter = self._asserter(noun)
        if asserter is None:
            return
        holders = self._children(verb, ("nsubj",)) if verb.pos_ in ("VERB", "AUX") else []
        if _passive(verb):  # "we have never been shown any evidence": by whoever claims
            holders = self._by_objects(verb)
        if verb.dep_ == "relcl" and holders and holders[0].tag_ in ("WDT", "WP"):
            holders = [verb.head]  # "claims that have no basis"
        if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
            while not holders and verb.dep_ == "pcomp":  # "X made the claim without
                verb = verb.head.head  # providing evidence", "by doing this without ..."
                holders = self._children(verb, ("nsubj",))
        while (
            not holders
            and verb.dep_ in ("xcomp", "conj")
            and not self._children(verb, (*_SUBJECTS, "expl"))
        ):
            verb = verb.head  # "failed to provide", "has not presented"
            holders = self._children(verb, ("nsubj",))
        claims = [  # "no evidence of the US claims"
            o
            for o in self._prep_objects(noun, {"of", "for", "behind", "to"})
            if self._lemma_of(o) in self.lexicon.claims
        ]
        claimants = [c for t in [*holders, *claims] for c in self._other_claimants(t, asserter)]
        if not claimants and any(self._claimants(h, asserter) == [asserter] for h in holders):
            return  # the speaker's own lack of evidence denies nobody
        for claimant in claimants or self._context_claimants(asserter, noun):
            self._emit(asserter, RelationType.DENIES, claimant, noun, noun.lemma_, 0.7)

    def _pronoun_judgement(self, adjective: Token) -> None:
        """ "As for the indictment by the US, it is completely unfounded": a
        pronoun judged false stands for the claim named just before it."""
        subjects = self._children(adjective.head, ("nsubj",))
        if not subjects or subjects[0].lower_ not in ("it", "this", "that", "they", "these"):
            return
        claims = self.lexicon.claims
        here = self._sent_of[adjective.i]
        window = self.doc[self._sents[max(here - 1, 0)].start : subjects[0].i]
        claim = next((t for t in reversed(window) if self._lemma_of(t) in claims), None)
        asserter = self._asserter(adjective)
        if claim is None or asserter is None or not self._asserted(adjective.head):
            return
        for claimant in self._other_claimants(claim, asserter) or self._context_claimants(
            asserter, adjective
        ):
            self._emit(asserter, RelationType.DENIES, claimant, adjective, adjective.lemma_, 0.6)

    def _contrary(self, token: Token) -> None:
        """ "Contrary to X's claims, ..." denies X."""
        asserter = self._asserter(token)
        if asserter is None:
            return
        lex = self.lexicon
        claimants = [
            c
            for obj in self._prep_objects(token, {"to"})
            if self._lemma_of(obj) in lex.claims
            for c in self._claimants(obj, asserter)
        ]
        for prep in self._children(token, ("prep",)):  # "contrary to what X claimed"
            for clause in self._children(prep, ("pcomp",)):
                if self._lemma_of(clause) in lex.speech_verbs | lex.accuse_verbs:
                    claimants += self._agents(clause)
        for claimant in claimants:
            if claimant != asserter:
                self._emit(asserter, RelationType.DENIES, claimant, token, "contrary", 0.7)

    def _opposition(self, noun: Token) -> None:
        """ "X expresses strong dissatisfaction and firm opposition" (to a claim)."""
        verb = noun.head
        while verb.dep_ == "conj" and verb.pos_ != "VERB":
            verb = verb.head
        if verb.pos_ != "VERB" or not self._asserted(verb):
            return
        claims = [
            obj
            for token in (noun, *noun.conjuncts, verb)
            for obj in self._prep_objects(token, {"to", "over", "at"})
            if self._lemma_of(obj) in self.lexicon.claims
        ]
        for agent in self._agents(verb):
            claimants = [c for obj in claims for c in self._authors(obj, include_last=False)]
            for claimant in claimants or self._context_claimants(agent, noun):
                self._emit(agent, RelationType.DENIES, claimant, noun, noun.lemma_, 0.6)

    def _context_claimants(self, denier: Actor, cue: Token) -> list[Actor]:
        """The last actors that accused the denier (or the state it speaks for):
        every accuser of the last sentence that accused it, in the words of the
        cue if there is one ("the charges" -> who "charged"); else the authors of
        the last report cited."""
        sides = {denier, *self._sides(denier)}

        def against_denier(relation: Relation) -> bool:
            return (
                relation.type is RelationType.ACCUSES
                and relation.agent is not None
                and relation.agent not in sides
                and (relation.target in sides or bool(sides & set(self._sides(relation.target))))
            )

        stem = self._lemma_of(cue)[:5]  # "the charges" answer who "charged", before later accusers
        named = [r for r in self.found if against_denier(r) and r.cue[:5] == stem]
        recent = self._since(cue, _GATHERED)
        gathered = self._gathering(cue)  # "these allegations": all of the last few sentences
        for last in reversed(named or self.found):
            if against_denier(last):
                accusers = [
                    r.agent
                    for r in self.found
                    if against_denier(r)
                    and (r.evidence == last.evidence or (gathered and r.evidence.start >= recent))
                ]
                return [
                    a for k, a in enumerate(accusers) if a is not None and a not in accusers[:k]
                ]
        for relation in reversed(self.found):
            same_sentence = relation.evidence.start == self._sentence(cue).start_char
            if (
                relation.type is RelationType.ACCUSES
                and same_sentence
                and relation.agent
                and relation.agent not in sides
            ):
                return [relation.agent]
        if not self._bare_definite_claim(cue):
            return []
        return [a for a in self.last_author if a not in sides]  # "dismissed the findings"

    def _self_denial(self, verb: Token) -> None:
        """ "DJI says it is not owned by the military", "Liminal said its systems
        had not been breached": an accused actor saying it did no wrong denies
        whoever accused it (only when somebody did, earlier in the text)."""
        if not self._asserted(verb):
            return
        for speaker in self._agents(verb, first_person=False):
            for clause in self._children(verb, ("ccomp",)):
                if self._lemma_of(clause) in self.lexicon.speech_verbs:
                    continue  # "does not comment on pending litigation" denies nothing
                if not self._negated(clause) or not self._about(clause, speaker):
                    continue
                for claimant in self._context_claimants(speaker, verb):
                    self._emit(speaker, RelationType.DENIES, claimant, clause, "denial", 0.6)

    def _negated(self, clause: Token) -> bool:
        """ "is not owned", "had never helped", "neither owned nor controlled"."""
        return any(
            c.dep_ == "neg" or c.lower_ in ("never", "neither", "nor")
            for c in self._dependents(clause)
            if c.dep_ in ("neg", "advmod", "preconj", "cc")
        )

    def _about(self, clause: Token, actor: Actor) -> bool:
        """Whether ``clause``'s subject is ``actor`` or one of its things ("its systems")."""
        for subject in self._children(clause, _SUBJECTS):
            owners = self._children(subject, ("poss",))
            if actor in self._claimants(subject, actor) or any(
                actor in self._claimants(o, actor) for o in owners
            ):
                return True
        return False

    def _gathering(self, cue: Token) -> bool:
        """ "these allegations", "such claims": a plural claim that sums up several."""
        node = cue.head if cue.pos_ == "ADJ" else cue
        return any(
            c.tag_ == "NNS"
            and self._lemma_of(c) in self.lexicon.claims
            and any(d.lower_ in ("these", "those", "such", "all") for d in self._dependents(c))
            for c in [node, *self._children(node, ("dobj", "nsubj", "nsubjpass"))]
        )

    def _bare_definite_claim(self, cue: Token) -> bool:
        """Whether ``cue`` is or judges "the claim(s)", "these findings": a claim
        the text has given before, whose author it does not repeat."""
        node = cue.head if cue.pos_ == "ADJ" else cue
        candidates = [node, *self._children(node, ("dobj", "nsubj", "nsubjpass"))]
        kinds = self.lexicon.claims | self.lexicon.source_nouns
        return any(
            self._lemma_of(c) in kinds
            and any(d.lower_ in _DEFINITE for d in self._children(c, ("det",)))
            and not self._children(c, ("poss", "compound", "amod"))
            for c in candidates
        )

    def _second_targets(self) -> None:
        """A denial of a government's claim also targets the minister or body of
        that government that the text named making it (GUIDELINES.md
        clarification 5): "the UK side" and Oliver Dowden, who accused China."""
        found = list(self.found)
        denied = {(r.agent, r.target) for r in found if r.type is RelationType.DENIES}
        for denial in found:
            state = denial.target
            if denial.type is not RelationType.DENIES or state.type is not ActorType.GOVERNMENT:
                continue
            denier_sides = {denial.agent, *self._sides(denial.agent)} if denial.agent else set()
            for accusation in found:
                claimant = accusation.agent
                if (
                    accusation.type is RelationType.ACCUSES
                    and claimant is not None
                    and claimant != state
                    and accusation.evidence.start < denial.evidence.start
                    and accusation.target in denier_sides
                    and state in self._sides(claimant)
                    and (denial.agent, claimant) not in denied
                ):
                    denied.add((denial.agent, claimant))
                    self.found.append(replace(denial, target=claimant, confidence=0.5))
