"""``accuses``: accusation verbs and nouns, idioms, wrongdoing in an actor's
voice, wrong nouns, characterisations, demands to stop, pretexts, proxies,
official proceedings and claims of risk.
"""

from __future__ import annotations

from functools import cached_property

from spacy.tokens import Token

from kg.extract.actors import PROXY_NOUNS, state_sponsor
from kg.extract.relations.base import (
    _COPULAS,
    _DEFINITE,
    _DEMONSTRATIVES,
    _DENIAL_NOUNS,
    _DIRECTING_VERBS,
    _ECHOING,
    _FACING_VERBS,
    _HOSTILE,
    _LIGHT_VERBS,
    _SERVING_VERBS,
    _SUBJECTS,
    _VICTIM_NOUNS,
    RuleBase,
    _passive,
    _phrase,
    _risk,
    _role,
)
from kg.gazetteer import is_threat_group_name
from kg.records import Actor, ActorType, Relation, RelationType

# What "the order", "the fines" or "the ban" can be: relations that take a measure.
_MEASURES = frozenset([RelationType.SANCTIONS, RelationType.DEMANDS, RelationType.THREATENS])


class AccusationRules(RuleBase):
    """The ``accuses`` rules."""

    # --- cue tests of the dispatch ---------------------------------------

    def _is_idiom(self, prep: Token) -> bool:
        """ "pointing fingers at", "turning the blowtorch on": an object and a preposition."""
        head = prep.head
        nouns = [head, *(c for c in self._dependents(head) if c.dep_ == "dobj")]
        return any(
            (self._lemma_of(n), self._lemma_of(prep)) in self.lexicon.accuse_idioms for n in nouns
        )

    def _has_reason(self, verb: Token) -> bool:
        """ "slammed B for its failure", "attacked B for spying"."""
        return any(
            c.dep_ in ("pobj", "pcomp")
            for prep in self._children(verb, ("prep",))
            if prep.lower_ in self.lexicon.reason_preps
            for c in self._dependents(prep)
        )

    # --- rules and their helpers -----------------------------------------

    def _accusation_verb(self, verb: Token) -> None:
        if not self._asserted(verb):
            return
        confidence = 0.9
        if _passive(verb):  # "X and Y are accused of ...": by whom the text said last
            agents = self._by_agents(verb)
            if not agents:
                agents, confidence = list(self.last_accusers), 0.6
            targets = self._children_actors(verb, ("nsubjpass",))
        else:
            agents = self._agents(verb)
            targets = self._children_actors(verb, ("dobj",))
            self.last_accusers = agents or self.last_accusers
            if not targets:
                for clause in self._children(verb, ("ccomp",)):
                    targets += self._children_actors(clause, ("nsubj", "nsubjpass"))
            if not targets:
                targets = self._prep_actors(verb, self.lexicon.target_preps | {"at"})
            if self._lemma_of(verb) == "attribute":  # "attributed the theft to X", "X as behind Y"
                targets = self._children_actors(verb, ("dobj",))
                targets += self._prep_actors(verb, frozenset({"to"})) + self._named_groups(verb)
                for unit in self._prep_objects(verb, {"to"}):  # "to Unit 74455 of the GRU"
                    targets += self._prep_actors(unit, frozenset({"of"}))
            for obj in [] if targets else self._children(verb, ("dobj",)):
                targets += self._behind(obj)
        claim = self._claim_text(verb)
        for agent in agents:
            for target in targets:
                self._emit(
                    agent, RelationType.ACCUSES, target, verb, verb.lemma_, confidence, claim
                )
            if agent in targets:  # "X ... accused it of lying": "it" is not X
                for obj in self._children(verb, ("dobj", "nsubjpass")):
                    for target in self.resolver.other_than(obj, agent):
                        self._emit(
                            agent, RelationType.ACCUSES, target, verb, verb.lemma_, 0.8, claim
                        )

    def _proxy(self, noun: Token) -> None:
        """ "Chinese state-sponsored hackers", in an actor's voice, accuse the
        Chinese government (GUIDELINES.md clarification 4)."""
        mention = self.resolver.by_token.get(noun.i)
        if (
            mention is None
            or mention.head != noun.i
            or mention.actor.type is not ActorType.GOVERNMENT
            or not self._asserted(noun)
        ):
            return
        start = self._sentence(noun).start_char
        for asserter in self._asserters(noun):
            if not any(  # a wrong the sentence names was charged already
                r.agent == asserter and r.target == mention.actor and r.evidence.start == start
                for r in self.found
                if r.type is RelationType.ACCUSES
            ):
                self._emit(asserter, RelationType.ACCUSES, mention.actor, noun, "state-backed", 0.6)

    def _behind(self, obj: Token) -> list[Actor]:
        """Who is behind a non-actor object of an accusation: "blamed the hack on
        X", "accused X's executives", "fingered code spread by X"."""
        found = self._owners(obj)
        for pobj in self._prep_objects(obj, {"on"}):
            found += self._claimants(pobj, self._voice(obj)) or self._owners(pobj)
        return found

    def _breach(self, verb: Token) -> bool:
        """ "failed to comply with", "broke the rules", "flouted the agreement"."""
        lex = self.lexicon
        lemma = self._lemma_of(verb)
        if lemma == "fail":
            return any(
                self._lemma_of(c) in lex.duty_verbs for c in self._children(verb, ("xcomp",))
            )
        return lemma in lex.breaking_verbs and any(
            self._lemma_of(o) in lex.broken_objects for o in self._children(verb, ("dobj",))
        )

    def _unauthorised(self, verb: Token) -> bool:
        """ "transferred the data without consent", "without telling its users",
        "disclosed user data unlawfully"."""
        lex = self.lexicon
        if any(
            c.dep_ == "advmod" and c.lower_ in lex.wrong_adverbs for c in self._dependents(verb)
        ):
            return True
        for prep in self._children(verb, ("prep",)):
            if prep.lower_ != "without":
                continue
            for obj in self._dependents(prep):
                if obj.dep_ == "pobj" and self._lemma_of(obj) in lex.without_nouns:
                    return True
                if obj.dep_ == "pcomp" and self._lemma_of(obj) in lex.without_verbs:
                    return True
        return False

    def _hands_over_data(self, verb: Token) -> bool:
        """ "shared users' HIV status with two companies", "sold customers' data"."""
        lex = self.lexicon
        if self._lemma_of(verb) not in lex.data_verbs:
            return False
        return any(
            self._lemma_of(obj) in lex.data_nouns
            and any(self._lemma_of(t) in lex.data_owners for t in obj.subtree if t.i < obj.i)
            for obj in self._children(verb, ("dobj", "nsubjpass"))
        )

    def _makers(self, product: Token) -> list[Actor]:
        """Whose product is named: "Micron's chips", "the Yandex Go taxi app"."""
        found = self._owners(product, depth=0)
        for compound in [] if found else self._children(product, ("compound",)):
            found += self._owners(compound, depth=0)
        return found

    def _principals(self, noun: Token) -> list[Actor]:
        """Whom a doer acts for: "hackers working for X", "operatives backed by X"."""
        found: list[Actor] = []
        for acl in self._children(noun, ("acl",)):
            if self._lemma_of(acl) in _SERVING_VERBS:
                found += self._prep_actors(acl, frozenset({"for"}))
                for behalf in self._prep_objects(acl, {"on"}):
                    if behalf.lower_ == "behalf":
                        found += self._prep_actors(behalf, frozenset({"of"}))
            elif self._lemma_of(acl) in _DIRECTING_VERBS and acl.tag_ == "VBN":
                found += self._by_agents(acl)
        return found

    def _named_groups(self, verb: Token) -> list[Actor]:
        """Named groups in the complements of "attribute X as (being behind) Y"."""
        subjects = {t.i for c in self._dependents(verb) if c.dep_ in _SUBJECTS for t in c.subtree}
        found: list[Actor] = []
        for prep in self._children(verb, ("prep",)):
            for token in prep.subtree:
                mention = self.resolver.by_token.get(token.i)
                if (
                    mention
                    and token.i not in subjects
                    and mention.actor not in found
                    and mention.actor.type is ActorType.ORGANIZATION
                ):
                    found.append(mention.actor)
        return found

    def _accusation_noun(self, noun: Token) -> None:
        if not self._asserted(noun):
            return
        agents = self._authors(noun, include_last=False)
        targets = self._prep_actors(noun, self.lexicon.target_preps)
        for sibling in [*noun.conjuncts]:
            targets = targets or self._prep_actors(sibling, self.lexicon.target_preps)
        for relcl in [] if targets else self._children(noun, ("relcl", "acl")):
            targets = self._prep_actors(relcl, self.lexicon.target_preps)
        explicit = self._prep_actors(noun, frozenset({"from", "by"}))
        dep, head = _role(noun)
        if dep == "dobj" and self._lemma_of(head) in _FACING_VERBS:
            targets = targets or self._agents(head)
            agents = agents or self._prep_actors(head, frozenset({"from", "by"}))
        if dep == "dobj" and self._lemma_of(head) in _LIGHT_VERBS:
            agents = agents or self._agents(head)
            targets = targets or self._prep_actors(head, self.lexicon.target_preps)
        if dep == "dobj" and self._lemma_of(head) in _FACING_VERBS:
            explicit = explicit or self._prep_actors(head, frozenset({"from", "by"}))
        for agent in [] if self._is_denial_noun(noun) else explicit:  # not "so-called X by Y"
            self._emit(self._speaker(noun), RelationType.CITES, agent, noun, noun.lemma_, 0.7)
        if not targets and any(
            self._lemma_of(c) in _ECHOING for c in self._children(noun, ("amod",))
        ):
            targets = self._last_accused(noun)  # "made similar claims"
        if self._lemma_of(noun) == "claim" and not targets:
            return
        if agents and not targets:
            targets = self._denier_of(noun) or self._judging_side(noun, agents)
        claim = self._claim_text(noun)
        for agent in agents:
            for target in targets:
                self._emit(agent, RelationType.ACCUSES, target, noun, noun.lemma_, 0.8, claim)

    def _judging_side(self, noun: Token, agents: list[Actor]) -> list[Actor]:
        """Whom "groundless accusations" with no target are against: the state of
        the speaker who judges them so ("The Philippine side has made groundless
        accusations", says China's spokesperson)."""
        lex = self.lexicon
        if not any(
            self._lemma_of(a) in lex.deny_evaluative for a in self._children(noun, ("amod",))
        ):
            return []
        asserter = self._asserter(noun)
        if asserter is None or asserter in agents:
            return []
        states = [a for a in [asserter, *self._sides(asserter)] if a.type is ActorType.GOVERNMENT]
        return states[-1:]

    def _denier_of(self, noun: Token) -> list[Actor]:
        """Who denies the claim ``noun`` (for "A's allegations" with no target)."""
        node = noun
        for _ in range(7):
            head = node.head
            if head.i == node.i:
                return []
            lemma = self._lemma_of(head)
            if lemma in self.lexicon.deny_verbs or self._phrasal(head, self.lexicon.deny_phrasal):
                return [self.affiliations.get(a, a) for a in self._agents(head)]
            if lemma in _DENIAL_NOUNS:
                deniers = self._authors(head, include_last=False)
                for relcl in self._children(head, ("relcl", "acl")):
                    deniers = deniers or self._agents(relcl)
                return deniers
            if lemma == "be" and node.dep_ == "nsubj":
                attrs = self._children(head, ("attr", "acomp"))
                if any(self._is_denial_noun(a) or a.lemma_ in ("but",) for a in attrs) or any(
                    self._is_denial_noun(t) for a in attrs for t in a.subtree
                ):
                    asserter = self._asserter(head)
                    return [asserter] if asserter else []
            node = head
        return []

    def _last_accused(self, cue: Token) -> list[Actor]:
        """Whom the accusation in this or the previous sentence was against."""
        found = self._last_sentence_of(
            lambda r: r.type is RelationType.ACCUSES, self._since(cue, 1)
        )
        return list(dict.fromkeys(r.target for r in found))

    def _idiom(self, prep: Token) -> None:
        verb = prep.head if prep.head.pos_ == "VERB" else prep.head.head
        if not self._asserted(verb):
            return
        targets = self._children_actors(prep, ("pobj",))
        for agent in self._agents(verb):
            for target in targets:
                self._emit(agent, RelationType.ACCUSES, target, prep, prep.head.lemma_, 0.7)

    @cached_property
    def _wrong_verb_cues(self) -> frozenset[str]:
        """Verbs that can be a wrong by themselves or with their dependents
        (the verb tests of :meth:`_wrongdoing`)."""
        lex = self.lexicon
        phrasal = {verb for verb, _ in lex.wrong_phrasal}
        return lex.wrong_verbs | phrasal | {"fail"} | lex.breaking_verbs | lex.data_verbs

    @cached_property
    def _wrong_sentences(self) -> list[bool]:
        """For each sentence, whether it has a word that can make a predicate
        a wrong (the word tests of :meth:`_wrongdoing`)."""
        lex = self.lexicon
        lemmas = lex.wrong_nouns | lex.activity_nouns | lex.wrong_adjectives
        words = lex.wrong_adverbs | {"without"}
        return [
            any(self._lemmas[t.i] in lemmas or t.lower_ in words for t in sent)
            for sent in self._sents
        ]

    def _wrongdoing(self, verb: Token) -> None:
        """In an actor's voice, "B <did wrong>" accuses B."""
        lex = self.lexicon
        lemma = self._lemma_of(verb)  # the cheap tests first: this runs for every verb
        if lemma in lex.accuse_verbs or lemma in lex.deny_verbs or lemma in lex.counter_verbs:
            return
        if lemma not in self._wrong_verb_cues and not self._wrong_sentences[self._sent_of[verb.i]]:
            return  # nothing in the sentence (where the predicate is) names a wrong
        predicate = self._predicate(verb)
        nouns = [t for t in predicate if t.pos_ == "NOUN"]
        if any(self._lemma_of(t) in _VICTIM_NOUNS for t in nouns):
            return  # "X was the target of a campaign"
        lemmas = {self._lemma_of(t) for t in predicate}
        if _passive(verb):  # "the attack was carried out by X"
            lemmas |= {self._lemma_of(t) for t in self._children(verb, ("nsubjpass",))}
        if not (
            lemma in lex.wrong_verbs
            or self._phrasal(verb, lex.wrong_phrasal)
            or lemmas & lex.wrong_nouns
            or any(self._names_wrong(t) for t in nouns)
            or lemmas & lex.wrong_adjectives
            or self._breach(verb)
            or self._unauthorised(verb)
            or self._hands_over_data(verb)
        ):
            return
        if lemma in lex.speech_verbs and not self._deed(verb):
            return
        asserters = self._asserters(verb)
        if not asserters or not self._asserted(verb, attempts=True):
            return
        risky = verb if _risk(verb) else verb.head if verb.dep_ in ("xcomp", "ccomp") else None
        if risky is not None and _risk(risky):  # "its app could be used to spy"
            culprits = [
                a
                for s in self._children(risky, _SUBJECTS)
                for a in self._claimants(s, asserters[0])
                or self._makers(s)
                or self._referents(s, asserters[0])
            ]
            if risky is not verb and not _passive(verb):  # "allow Beijing to spy": Beijing too
                culprits += self._children_actors(verb, ("nsubj",), asserters[0])
        elif _passive(verb):
            culprits = self._by_agents(verb)
        else:
            doer = verb  # "hackers used the program to steal", "broke in and stole"
            while doer.dep_ in ("xcomp", "conj", "acomp") and not self._children(doer, _SUBJECTS):
                doer = doer.head
            culprits = self._children_actors(doer, ("nsubj",), asserters[0])
            culprits = culprits or self._cleft_focus(doer, asserters[0])
            for subject in self._children(doer, ("nsubj",)):
                if not culprits and self._lemma_of(subject) in lex.product_nouns | lex.act_nouns:
                    culprits = self._owners(subject, depth=0)  # "Micron's products", "X's ban"
                    culprits = culprits or self._referents(subject, asserters[0])
                culprits += [a for a in self._principals(subject) if a not in culprits]
            if not culprits and verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
                culprits = self._by_agents(verb)
            if not culprits and verb.tag_ == "VBG" and verb.dep_ == "acl":
                culprits = self._gerund_doers(verb, asserters[0])
        if _passive(verb):  # what was done, not who did it: "the malware was spread"
            subjects = [t for c in self._children(verb, ("nsubjpass",)) for t in c.subtree]
            auxiliaries = self._children(verb, ("aux", "auxpass"))
            predicate = sorted([*subjects, *auxiliaries, *predicate], key=lambda t: t.i)
        claim = _phrase(predicate)
        for asserter in asserters:
            for culprit in culprits:
                self._emit(asserter, RelationType.ACCUSES, culprit, verb, verb.lemma_, 0.6, claim)

    def _cleft_focus(self, verb: Token, speaker: Actor) -> list[Actor]:
        """ "It is the United States that has monitored ...": the focus of a cleft
        sentence does what its relative clause says."""
        relative = any(s.tag_ in ("WDT", "WP") for s in self._children(verb, ("nsubj",)))
        head = verb.head
        if not relative or verb.dep_ not in ("ccomp", "relcl") or self._lemma_of(head) != "be":
            return []
        if not any(s.lower_ == "it" for s in self._children(head, ("nsubj",))):
            return []
        return [
            a for f in self._children(head, ("attr",)) for a in self.resolver.actors(f, speaker)
        ]

    def _gerund_doers(self, verb: Token, speaker: Actor) -> list[Actor]:
        """Who does what a gerund names, when the parse hangs it elsewhere: the
        actor just before it, as in "an example of the Commission unfairly
        targeting Apple"."""
        before = verb.i - 1
        while before >= self._sentence(verb).start and verb.doc[before].pos_ == "ADV":
            before -= 1
        if before < self._sentence(verb).start or before not in self.resolver.by_token:
            return []
        return self.resolver.actors(verb.doc[before], speaker)

    def _wrong_noun(self, noun: Token) -> None:
        """In an actor's voice, "B's illegal surveillance" accuses B; so does
        taking action over it: "A is litigating cases over B's spying"."""
        lex = self.lexicon
        if not self._names_wrong(noun):
            return
        if noun.dep_ == "compound" and self._lemma_of(noun.head) in lex.claims:
            return  # "the US espionage claims" are claims of espionage, made by the US
        asserters = self._litigants(noun) or self._asserters(noun)
        if not asserters or not self._asserted(noun):
            return
        culprits = self._children_actors(noun, ("poss", "compound", "nmod", "amod"), asserters[0])
        victims = {  # "the Stake.com theft", "the Microsoft hack" name the victim, not the doer
            a
            for c in self._children(noun, ("compound",))
            for a in self.resolver.actors(c, asserters[0])
            if a.type not in (ActorType.GOVERNMENT, ActorType.AGENCY)
            and not is_threat_group_name(a.label)
        }
        culprits = [c for c in culprits if c not in victims]
        sponsor = None if culprits else state_sponsor(noun, self.gazetteer)
        culprits += [sponsor[1]] if sponsor else []  # "Iranian state-sponsored cyberattacks"
        culprits += self._prep_actors(noun, frozenset({"by", "at"}))  # "lapses at Microsoft"
        if (
            noun.dep_ == "pobj"
            and noun.head.lower_ == "of"
            and self._lemma_of(noun.head.head) in _VICTIM_NOUNS
        ):
            culprits += self._prep_actors(noun.head.head, frozenset({"by"}))  # "victim of X by Y"
        if noun.dep_ in ("attr", "dobj"):  # "there were lapses at X", "found lapses at X"
            culprits += [
                a for a in self._prep_actors(noun.head, frozenset({"at"})) if a not in culprits
            ]
        denial = self._lemma_of(noun) in lex.denial_nouns  # "This is disinformation" only denies
        if not culprits and not denial:  # "Apple's termination of our account is a violation"
            culprits = self._predicated_owners(noun, asserters[0])
        if not culprits and not denial and self._demonstrative_subject(noun):  # "This is bullying."
            culprits = self._previous_doers(asserters[0], noun)
        for asserter in asserters:
            for culprit in culprits:
                self._emit(asserter, RelationType.ACCUSES, culprit, noun, noun.lemma_, 0.6)

    def _predicated_owners(self, noun: Token, asserter: Actor) -> list[Actor]:
        """Whose act or product a wrong is predicated of: "Japan's export controls
        are retaliation", "the American measures are protectionism". Claims are
        judged by the denial rules instead ("the US claims are lies")."""
        dep, head = _role(noun)
        if dep != "attr" or self._lemma_of(head) not in _COPULAS:
            return []
        lex = self.lexicon
        return [
            a
            for subject in self._children(head, ("nsubj",))
            if self._lemma_of(subject) not in lex.claims | lex.source_nouns
            for a in self._owners(subject, depth=0) or self._states_of(subject)
            if a != asserter
        ]

    def _previous_doers(self, asserter: Actor, cue: Token) -> list[Actor]:
        """Who did what "this" in ``cue``'s sentence refers to: the agents of the
        last accusation, ban, threat or demand in this or the previous sentence,
        when they are not on the asserter's side."""
        sides = {asserter, *self._sides(asserter)}

        def hostile(relation: Relation) -> bool:
            return relation.type in _HOSTILE and relation.agent not in (None, *sides)

        found = self._last_sentence_of(hostile, self._since(cue, 1))
        return list(dict.fromkeys(r.agent for r in found if r.agent is not None))

    def _demonstrative_subject(self, noun: Token) -> bool:
        """ "This is (outright) manipulation": ``noun`` is predicated of a pronoun."""
        dep, head = _role(noun)
        return (
            dep == "attr"
            and self._lemma_of(head) in _COPULAS
            and any(s.lower_ in _DEMONSTRATIVES for s in self._children(head, ("nsubj",)))
        )

    def _litigants(self, noun: Token) -> list[Actor]:
        """Who takes legal action over a wrong: the subject of "sued over X",
        "is litigating cases over X", "filed suit against X"."""
        node = noun
        for _ in range(4):
            if node.dep_ == "pobj" and node.head.lower_ in ("over", "against", "about"):
                verb = node.head.head
                if verb.pos_ == "NOUN" and verb.dep_ == "dobj":  # "cases over", "suit against"
                    verb = verb.head
                if self._lemma_of(verb) in self.lexicon.legal_verbs:
                    return self._agents(verb)
            node = node.head
        return []

    def _characterization(self, verb: Token) -> None:
        """ "A called B a surveillance tool", "B was designated as a threat by A":
        a characterisation that names a wrong accuses B."""
        if not self._asserted(verb):
            return
        passive = _passive(verb)
        objects = self._children(verb, ("nsubjpass",) if passive else ("dobj",))
        if not objects:  # "called TikTok a tool" parsed with two predicates
            objects = [c for c in self._children(verb, ("oprd",)) if c.i in self.resolver.by_token]
        complements = [
            *(c for c in self._children(verb, ("oprd", "xcomp")) if c not in objects),
            *(p for o in [verb, *objects] for p in self._prep_objects(o, {"as"})),
            *(a for o in objects for a in self._children(o, ("amod",)) if a.i > o.i),
        ]  # the last: 'called the order "unlawful"', parsed as a modifier
        lex = self.lexicon
        wrongs = (lex.wrongs - lex.denial_nouns) | lex.slur_nouns  # "disinformation" only denies
        if not any(self._lemma_of(t) in wrongs for c in complements for t in c.subtree):
            return
        agents = self._by_agents(verb) if passive else self._agents(verb)
        speaker = self._speaker(verb)
        claims = lex.claims | lex.source_nouns  # judged elsewhere
        targets = [  # "called TikTok a tool", "described the American measures as interference"
            a
            for o in objects
            if self._lemma_of(o) not in claims
            for a in self.resolver.actors(o, speaker) or self._states_of(o)
        ]
        for obj in [] if targets or not agents else objects:  # "called the fines extortion"
            targets += self._referents(obj, agents[0])
        for agent in agents:
            for target in targets:
                self._emit(agent, RelationType.ACCUSES, target, verb, verb.lemma_, 0.7)

    def _referents(self, noun: Token, asserter: Actor) -> list[Actor]:
        """Whose "the products" or "the order" are when the sentence does not say:
        the company named last (for a product) or whoever took the last measure
        (for an act), in this sentence or the two before it."""
        if not any(c.lower_ in _DEFINITE for c in self._dependents(noun)) or self._owners(noun):
            return []
        lemma = self._lemma_of(noun)
        if lemma in self.lexicon.act_nouns:
            sides = {asserter, *self._sides(asserter)}
            taken = self._last_sentence_of(
                lambda r: r.type in _MEASURES and r.agent not in (None, *sides),
                self._since(noun, 2),
            )
            return list(dict.fromkeys(r.agent for r in taken if r.agent is not None))
        if lemma not in self.lexicon.product_nouns:
            return []
        start = self._sents[max(self._sent_of[noun.i] - 2, 0)].start
        for i in range(noun.i - 1, start - 1, -1):
            mention = self.resolver.by_token.get(i)
            if mention and mention.actor.type is ActorType.COMPANY and mention.actor != asserter:
                return [mention.actor]
        return []

    def _states_of(self, noun: Token) -> list[Actor]:
        """The state a measure is of: "the American measures", "US export controls"."""
        found = self._owners(noun, depth=0)
        for mod in [] if found else self._children(noun, ("amod",)):
            state = self.gazetteer.by_demonym(mod.text)
            found += [state] if state else []
        return found

    def _stop_demand(self, verb: Token) -> None:
        """ "X should stop smearing China": the speaker accuses X of what X is
        told to stop."""
        if self._in_question(verb) or any(c.dep_ == "neg" for c in self._dependents(verb)):
            return
        lex = self.lexicon
        wrongs = lex.wrong_verbs | lex.accuse_verbs
        if not any(self._lemma_of(c) in wrongs for c in self._children(verb, ("xcomp", "dobj"))):
            return
        for asserter in self._asserters(verb):
            for culprit in self._children_actors(verb, ("nsubj",), asserter):
                self._emit(asserter, RelationType.ACCUSES, culprit, verb, verb.lemma_, 0.6)

    def _pretext(self, noun: Token) -> None:
        """Calling a measure a "pretext" accuses its author, and denies nothing
        (GUIDELINES.md clarification 3): "called the export controls a pretext"."""
        measure = self._judged(noun)
        if noun.dep_ == "attr" and self._lemma_of(noun.head) in _COPULAS:
            measure = next(iter(self._children(noun.head, ("nsubj",))), None)
        if measure is None or not self._asserted(noun):
            return
        for asserter in self._asserters(measure):
            for author in self._owners(measure):
                self._emit(asserter, RelationType.ACCUSES, author, noun, noun.lemma_, 0.7)

    def _proceeding(self, verb: Token) -> None:
        """ "X is being investigated for complicity in ...", "police arrested Y
        for spying": whoever acts, or says so, accuses the one acted against."""
        if not self._wrong_reason(verb) or not self._asserted(verb):
            return
        if _passive(verb):
            agents = self._by_agents(verb) or self._asserters(verb)
            targets = self._children_actors(verb, ("nsubjpass",))
        else:
            agents = self._agents(verb)
            targets = self._children_actors(verb, ("dobj",))
        claim = self._claim_text(verb)
        for agent in agents:
            for target in targets:
                self._emit(agent, RelationType.ACCUSES, target, verb, verb.lemma_, 0.6, claim)

    def _sponsorship(self, verb: Token) -> None:
        """ "APT28 is run by the GRU", "Handala is operated on behalf of MOIS":
        in an actor's voice, the state body that directs a threat group is
        accused (GUIDELINES.md clarification 4)."""
        if _passive(verb):
            subjects, sponsors = self._children(verb, ("nsubjpass",)), self._by_agents(verb)
        elif self._lemma_of(verb) in _SERVING_VERBS:  # "APT41 works for the MSS"
            subjects = self._children(verb, ("nsubj",))
            sponsors = self._prep_actors(verb, frozenset({"for"}))
        else:
            return
        if not self._asserted(verb):
            return
        groups = [
            s
            for s in subjects
            if self._lemma_of(s) in PROXY_NOUNS
            or any(a.type is ActorType.ORGANIZATION for a in self.resolver.actors(s, None))
        ]
        for behalf in verb.subtree:  # "operated by, or on behalf of, X"
            if behalf.lower_ == "behalf" and behalf.head.lower_ == "on":
                sponsors += self._prep_actors(behalf, frozenset({"of"}))
        states = (ActorType.GOVERNMENT, ActorType.AGENCY)
        for asserter in self._asserters(verb) if groups else []:
            for sponsor in sponsors:
                if sponsor.type in states:
                    self._emit(asserter, RelationType.ACCUSES, sponsor, verb, verb.lemma_, 0.6)
