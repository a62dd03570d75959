"""Relation rules over the dependency parse.

Each rule starts from a cue of the lexicon (``ontologies/cues.toml``) and
follows dependency arcs to the agent and target actors:

- ``accuses``: accusation verbs ("A accused B of ..."), accusation nouns
  ("A's allegations against B", "B faced charges from A"), and statements in
  an actor's voice that B did wrong ("X said B stole ...", an embassy writing
  "the US abused ...", "Canada's arbitrary detention of ...").
- ``denies``: denial verbs ("A denied the claims", "A hit back at"), and
  evaluations of a claim in an actor's voice ("baseless allegations",
  "nothing but a smokescreen", "strong dissatisfaction and firm opposition").
  The target is the claimant: the author of the denied claim, or the last
  actor that accused the denier in this article.
- ``cites``: communication verbs ("A said", "A told"), "according to A",
  "citing A", and authored sources ("A's report", "the Snowden leaks"); the
  agent is whoever speaks at that point (the article, a quoted speaker, a
  transcript turn).

Negated, hedged, conditional and interrogative cues give no accusation or
denial.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import PROXY_NOUNS, Mention
from kg.extract.coref import FIRST_PERSON, Resolver
from kg.extract.lexicon import Lexicon
from kg.extract.voice import Voices
from kg.gazetteer import Gazetteer, is_threat_group_name
from kg.records import Actor, ActorType, Relation, RelationType, Sentence

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_OBJECTS = ("dobj", "attr", "oprd", "dative")
_INHERIT_SUBJECT = ("xcomp", "advcl", "conj", "acl", "pcomp", "prep")
_REPORTING_ARCS = ("ccomp", "xcomp", "parataxis", "advcl", "conj", "dobj")
_LIGHT_VERBS = frozenset(
    [
        "make",
        "level",
        "raise",
        "file",
        "bring",
        "launch",
        "announce",
        "publish",
        "lodge",
        "repeat",
        "spread",
        "issue",
        "hurl",
        "voice",
        "press",
    ]
)
_FACING_VERBS = frozenset(["face", "receive", "confront", "encounter"])
_AUTHORING_VERBS = frozenset(["release", "publish", "issue", "write", "produce", "leak", "author"])
_VICTIM_NOUNS = frozenset(["victim", "target", "casualty"])
_NO_CITE_VERBS = frozenset({"ask"})
_HOSTING_VERBS = frozenset(["publish", "run", "carry", "host", "air", "print", "feature"])
_HOSTED = frozenset(["letter", "interview", "op-ed", "column", "oped"])
_ECHO_VERBS = frozenset(
    ["repeat", "echo", "quote", "cite", "relay", "amplify", "reference", "parrot"]
)
_QUANTITY_NOUNS = frozenset(
    [
        *("series", "number", "lot", "string", "raft", "barrage", "host", "litany", "set"),
        *("kind", "round", "wave", "batch", "piece", "case", "example", "instance", "form"),
    ]
)
_MAKING_VERBS = frozenset(["make", "give", "issue", "deliver", "send", "repeat", "peddle"])
_DEMAND_VERBS = frozenset(["urge", "demand", "call", "ask", "press", "request"])
_COPULAS = frozenset(["be", "seem", "remain", "appear", "prove", "look", "sound"])
_CORRECTIVE_VERBS = frozenset(
    [
        "stop",
        "cease",
        "end",
        "correct",
        "revisit",
        "withdraw",
        "comply",
        "respect",
        "abide",
        "refrain",
        "rectify",
        "redress",
        "halt",
        "reverse",
        "retract",
        "apologize",
        "apologise",
        "release",
        "return",
    ]
)
_DEFINITE = frozenset(["the", "this", "that", "these", "those", "such"])
_CONTENT_ARCS = ("prep", "acl", "relcl", "ccomp")
_DENIAL_NOUNS = frozenset(["denial", "rejection", "rebuttal", "refutation", "repudiation"])
_EVENT_NOUNS = frozenset(["conference", "briefing", "interview", "hearing"])
_HOSTILE = frozenset(
    [
        RelationType.ACCUSES,
        RelationType.SANCTIONS,
        RelationType.THREATENS,
        RelationType.DEMANDS,
        RelationType.CRITICIZES,
    ]
)
_RISK_VERBS = frozenset(["allow", "enable", "let", "permit", "help"])
_SERVING_VERBS = frozenset(["work", "act", "operate", "spy"])
_DIRECTING_VERBS = frozenset(
    ["back", "sponsor", "direct", "control", "run", "employ", "fund", "hire", "task", "order"]
)
_ATTEMPT_VERBS = frozenset(["try", "attempt", "seek"])
_TRUE = frozenset(["true", "correct", "accurate", "right", "valid", "factual"])
_DEMONSTRATIVES = frozenset(["this", "that", "it", "these", "those", "such"])


def _role(token: Token) -> tuple[str, Token]:
    """Dependency label and head of a phrase, looking through conjunctions:
    in "made remarks and accusations", "accusations" is a dobj of "made"."""
    node = token
    while node.head.i != node.i:
        if node.dep_ == "conj":
            node = node.head
        elif (
            node.dep_ == "pobj"
            and node.head.lower_ == "of"
            and _lemma(node.head.head) in _QUANTITY_NOUNS
        ):
            node = node.head.head
        else:
            break
    return node.dep_, node.head


def _passive(verb: Token) -> bool:
    """Passive voice, including participles with a by-agent ("a report written by X")."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)
    )


def _phrase(tokens: list[Token]) -> str:
    """The text of ``tokens`` in order, with the document's own spacing."""
    return "".join(t.text_with_ws for t in sorted(tokens, key=lambda t: t.i)).strip()


def _risk(verb: Token) -> bool:
    """ "could be used to spy", "could allow Beijing to spy on users": a claim
    of risk, which accuses (GUIDELINES.md clarification 13), not a hedge."""
    lemma = _lemma(verb)
    if lemma == "use":
        return any(c.dep_ == "auxpass" for c in verb.children)
    return lemma in _RISK_VERBS and any(
        c.dep_ == "aux" and c.lower_ in ("could", "may", "might", "can") for c in verb.children
    )


def _lemma(token: Token) -> str:
    """Lower-case lemma; title-case plural nouns of headlines ("Remarks") singularised."""
    lemma = token.lemma_.lower()
    if token.pos_ == "PROPN" and lemma.endswith("s") and not lemma.endswith("ss"):
        return lemma[:-1]
    return lemma


@dataclass
class RelationFinder:
    """Find the relations of one parsed document (see the module docstring)."""

    doc: Doc
    mentions: list[Mention]
    voices: Voices
    lexicon: Lexicon
    gazetteer: Gazetteer
    resolver: Resolver = field(init=False)
    found: list[Relation] = field(default_factory=list)
    last_author: list[Actor] = field(default_factory=list)
    last_accusers: list[Actor] = field(default_factory=list)
    """Who last accused or charged someone: the accuser of a later agentless passive."""

    def __post_init__(self) -> None:
        named = {m.actor for m in self.mentions}
        publisher = self.voices.publisher if self.voices.publisher in named else None
        # GUIDELINES.md: a bare "the administration" is the United States government.
        administration = self.gazetteer.lookup("US administration")
        self.resolver = Resolver(self.doc, self.mentions, publisher, administration)
        self._sent_index = {s.start: k for k, s in enumerate(self.doc.sents)}
        self.affiliations = {m.actor: m.affiliation for m in self.mentions if m.affiliation}

    def run(self) -> list[Relation]:
        """All relations of the document, in text order."""
        sents = list(self.doc.sents)
        speaker = self.voices.document_speaker
        if speaker is not None and self.voices.title_line is not None:
            first = sents[self.voices.title_line]
            self._emit(None, RelationType.CITES, speaker, first[0], "headline", 0.7)
        for k, turn_speaker in self.voices.turn_speakers:
            self._emit(None, RelationType.CITES, turn_speaker, sents[k][0], "turn", 0.9)
        for sent in self.doc.sents:
            for token in sent:
                self._token_rules(token)
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
            if lemma in _DEMAND_VERBS:
                self._demand(token)
            for verbs, relation in (
                (lex.criticize_verbs, RelationType.CRITICIZES),
                (lex.threaten_verbs, RelationType.THREATENS),
                (lex.sanction_verbs, RelationType.SANCTIONS),
                (lex.defend_verbs, RelationType.DEFENDS),
            ):
                if lemma in verbs:
                    self._transitive(token, relation)
            if lemma in lex.listing_verbs:
                self._listing(token)
            if lemma in lex.characterizing_verbs:
                self._characterization(token)
            if lemma in lex.stop_verbs:
                self._stop_demand(token)
            if lemma in lex.proceeding_verbs:
                self._proceeding(token)
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
            if lemma in lex.sanction_nouns:
                self._measure(token, RelationType.SANCTIONS)
            if lemma in lex.threaten_nouns:
                self._measure(token, RelationType.THREATENS)
            if lemma in lex.criticize_nouns:
                self._measure(token, RelationType.CRITICIZES)
            if lemma in lex.wrong_nouns:
                self._wrong_noun(token)
            if lemma in lex.pretext_nouns:
                self._pretext(token)
            if lemma in lex.evidence_nouns:
                self._no_evidence(token)
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

    def _is_idiom(self, prep: Token) -> bool:
        """ "pointing fingers at", "turning the blowtorch on": an object and a preposition."""
        head = prep.head
        nouns = [head, *(c for c in head.children if c.dep_ == "dobj")]
        return any((_lemma(n), _lemma(prep)) in self.lexicon.accuse_idioms for n in nouns)

    # --- accuses ---------------------------------------------------------

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
            if _lemma(verb) == "attribute":  # "attributed the theft to X", "X as behind Y"
                targets = self._children_actors(verb, ("dobj",))
                targets += self._prep_actors(verb, frozenset({"to"})) + self._named_groups(verb)
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
        start = noun.sent.start_char
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

    def _owners(self, noun: Token, depth: int = 2) -> list[Actor]:
        """Whose a thing is: "X's", "imposed by X", "records from X's archive"."""
        found = self._children_actors(noun, ("poss", "compound", "nmod"))
        if found or depth == 0:
            return found
        by = [p for acl in self._children(noun, ("acl", "relcl")) for p in self._by_objects(acl)]
        for pobj in [*by, *self._prep_objects(noun, {"from", "by", "of"})]:
            found += self._claimants(pobj, self._voice(noun)) or self._owners(pobj, depth - 1)
        return found

    def _breach(self, verb: Token) -> bool:
        """ "failed to comply with", "broke the rules", "flouted the agreement"."""
        lex = self.lexicon
        lemma = _lemma(verb)
        if lemma == "fail":
            return any(_lemma(c) in lex.duty_verbs for c in self._children(verb, ("xcomp",)))
        return lemma in lex.breaking_verbs and any(
            _lemma(o) in lex.broken_objects for o in self._children(verb, ("dobj",))
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
            if _lemma(acl) in _SERVING_VERBS:
                found += self._prep_actors(acl, frozenset({"for"}))
                for behalf in self._prep_objects(acl, {"on"}):
                    if behalf.lower_ == "behalf":
                        found += self._prep_actors(behalf, frozenset({"of"}))
            elif _lemma(acl) in _DIRECTING_VERBS and acl.tag_ == "VBN":
                found += self._by_agents(acl)
        return found

    def _named_groups(self, verb: Token) -> list[Actor]:
        """Named groups in the complements of "attribute X as (being behind) Y"."""
        subjects = {t.i for c in verb.children if c.dep_ in _SUBJECTS for t in c.subtree}
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
        if dep == "dobj" and _lemma(head) in _FACING_VERBS:
            targets = targets or self._agents(head)
            agents = agents or self._prep_actors(head, frozenset({"from", "by"}))
        if dep == "dobj" and _lemma(head) in _LIGHT_VERBS:
            agents = agents or self._agents(head)
            targets = targets or self._prep_actors(head, self.lexicon.target_preps)
        if dep == "dobj" and _lemma(head) in _FACING_VERBS:
            explicit = explicit or self._prep_actors(head, frozenset({"from", "by"}))
        for agent in [] if self._is_denial_noun(noun) else explicit:  # not "so-called X by Y"
            self._emit(self._speaker(noun), RelationType.CITES, agent, noun, noun.lemma_, 0.7)
        if _lemma(noun) == "claim" and not targets:
            return
        if agents and not targets:
            targets = self._denier_of(noun)
        claim = self._claim_text(noun)
        for agent in agents:
            for target in targets:
                self._emit(agent, RelationType.ACCUSES, target, noun, noun.lemma_, 0.8, claim)

    def _idiom(self, prep: Token) -> None:
        verb = prep.head if prep.head.pos_ == "VERB" else prep.head.head
        if not self._asserted(verb):
            return
        targets = self._children_actors(prep, ("pobj",))
        for agent in self._agents(verb):
            for target in targets:
                self._emit(agent, RelationType.ACCUSES, target, prep, prep.head.lemma_, 0.7)

    def _wrongdoing(self, verb: Token) -> None:
        """In an actor's voice, "B <did wrong>" accuses B."""
        asserters = self._asserters(verb)
        if not asserters or not self._asserted(verb, attempts=True):
            return
        predicate = self._predicate(verb)
        lemmas = {_lemma(t) for t in predicate}
        if _passive(verb):  # "the attack was carried out by X"
            lemmas |= {_lemma(t) for t in self._children(verb, ("nsubjpass",))}
        if any(_lemma(t) in _VICTIM_NOUNS for t in predicate if t.pos_ == "NOUN"):
            return  # "X was the target of a campaign"
        lex = self.lexicon
        if _lemma(verb) in lex.accuse_verbs | lex.deny_verbs | lex.counter_verbs:
            return
        if _lemma(verb) in lex.speech_verbs and not self._deed(verb):
            return
        if not (
            _lemma(verb) in lex.wrong_verbs
            or self._phrasal(verb, lex.wrong_phrasal)
            or lemmas & lex.wrong_nouns
            or lemmas & lex.wrong_adjectives
            or self._breach(verb)
        ):
            return
        risky = verb if _risk(verb) else verb.head if verb.dep_ in ("xcomp", "ccomp") else None
        if risky is not None and _risk(risky):  # "its app could be used to spy"
            culprits = [
                a
                for s in self._children(risky, _SUBJECTS)
                for a in self._claimants(s, asserters[0]) or self._makers(s)
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
            for subject in self._children(doer, ("nsubj",)):
                if not culprits and _lemma(subject) in lex.product_nouns:  # "Micron's products"
                    culprits = self._owners(subject, depth=0)
                culprits += [a for a in self._principals(subject) if a not in culprits]
            if not culprits and verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
                culprits = self._by_agents(verb)
        if _passive(verb):  # what was done, not who did it: "the malware was spread"
            subjects = [t for c in self._children(verb, ("nsubjpass",)) for t in c.subtree]
            auxiliaries = self._children(verb, ("aux", "auxpass"))
            predicate = sorted([*subjects, *auxiliaries, *predicate], key=lambda t: t.i)
        claim = _phrase(predicate)
        for asserter in asserters:
            for culprit in culprits:
                self._emit(asserter, RelationType.ACCUSES, culprit, verb, verb.lemma_, 0.6, claim)

    def _wrong_noun(self, noun: Token) -> None:
        """In an actor's voice, "B's illegal surveillance" accuses B; so does
        taking action over it: "A is litigating cases over B's spying"."""
        lex = self.lexicon
        if noun.dep_ == "compound" and _lemma(noun.head) in lex.claims:
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
        culprits += self._prep_actors(noun, frozenset({"by"}))
        denial = _lemma(noun) in lex.denial_nouns  # "This is disinformation" only denies
        if not culprits and not denial and self._demonstrative_subject(noun):  # "This is bullying."
            culprits = self._previous_doers(asserters[0], noun)
        for asserter in asserters:
            for culprit in culprits:
                self._emit(asserter, RelationType.ACCUSES, culprit, noun, noun.lemma_, 0.6)

    def _demonstrative_subject(self, noun: Token) -> bool:
        """ "This is (outright) manipulation": ``noun`` is predicated of a pronoun."""
        dep, head = _role(noun)
        return (
            dep == "attr"
            and _lemma(head) in _COPULAS
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
                if _lemma(verb) in self.lexicon.legal_verbs:
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
        ]
        lex = self.lexicon
        wrongs = lex.wrongs | lex.slur_nouns
        if not any(_lemma(t) in wrongs for c in complements for t in c.subtree):
            return
        agents = self._by_agents(verb) if passive else self._agents(verb)
        speaker = self._speaker(verb)
        claims = lex.claims | lex.source_nouns  # judged elsewhere
        targets = [  # "called TikTok a tool", "described the American measures as interference"
            a
            for o in objects
            if _lemma(o) not in claims
            for a in self.resolver.actors(o, speaker) or self._states_of(o)
        ]
        for agent in agents:
            for target in targets:
                self._emit(agent, RelationType.ACCUSES, target, verb, verb.lemma_, 0.7)

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
        if verb.sent.text.rstrip().endswith("?") or any(c.dep_ == "neg" for c in verb.children):
            return
        lex = self.lexicon
        wrongs = lex.wrong_verbs | lex.accuse_verbs
        if not any(_lemma(c) in wrongs for c in self._children(verb, ("xcomp", "dobj"))):
            return
        for asserter in self._asserters(verb):
            for culprit in self._children_actors(verb, ("nsubj",), asserter):
                self._emit(asserter, RelationType.ACCUSES, culprit, verb, verb.lemma_, 0.6)

    def _pretext(self, noun: Token) -> None:
        """Calling a measure a "pretext" accuses its author, and denies nothing
        (GUIDELINES.md clarification 3): "called the export controls a pretext"."""
        measure = self._judged(noun)
        if noun.dep_ == "attr" and _lemma(noun.head) in _COPULAS:
            measure = next(iter(self._children(noun.head, ("nsubj",))), None)
        if measure is None or not self._asserted(noun):
            return
        for asserter in self._asserters(measure):
            for author in self._owners(measure):
                self._emit(asserter, RelationType.ACCUSES, author, noun, noun.lemma_, 0.7)

    # --- criticizes, threatens, sanctions, defends -------------------------

    def _transitive(self, verb: Token, relation: RelationType) -> None:
        """ "A criticised B", "A threatened (to ban) B", "B was banned by A"."""
        if not self._asserted(verb):
            return
        if _passive(verb):
            agents = self._by_agents(verb)
            targets = self._children_actors(verb, ("nsubjpass",))
        else:
            agents = self._agents(verb)
            targets = self._children_actors(verb, ("dobj",))
            if not targets and relation is RelationType.THREATENS:
                for xcomp in self._children(verb, ("xcomp",)):  # "threatened to ban X"
                    targets = self._children_actors(xcomp, ("dobj",))
                    targets = targets or self._prep_actors(xcomp, frozenset({"against", "on"}))
            if not targets and relation is RelationType.SANCTIONS:
                for obj in self._children(verb, ("dobj",)):  # "banned Kaspersky products"
                    targets = self._children_actors(obj, ("compound", "poss"))
        conduct = relation is RelationType.SANCTIONS and self._wrong_reason(verb)
        for agent in agents:
            for target in targets:
                self._emit(agent, relation, target, verb, verb.lemma_, 0.8)
                if conduct:  # "sanctioned X for hacking": the ban states a claim (cl. 13)
                    self._emit(agent, RelationType.ACCUSES, target, verb, verb.lemma_, 0.7)

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

    def _wrong_reason(self, verb: Token) -> bool:
        """A "for ..." reason that names a wrong: "for hacking", "for espionage"."""
        lex = self.lexicon
        reasons = [p for p in self._children(verb, ("prep",)) if p.lower_ in lex.reason_preps]
        reasons += [  # "..., citing its role in abuses", "saying its products were misused"
            c
            for c in self._children(verb, ("advcl", "xcomp"))
            if _lemma(c) in lex.reason_verbs or any(m.lower_ == "because" for m in c.children)
        ]
        return any(_lemma(t) in lex.wrongs for r in reasons for t in r.subtree)

    def _listing(self, verb: Token) -> None:
        """ "A added B to the Entity List" sanctions B."""
        lists = [
            o for o in self._prep_objects(verb, {"to", "on"}) if _lemma(o) in self.lexicon.lists
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
        if not agents and dep == "dobj" and _lemma(head) in imposing:
            agents = self._agents(head)  # "imposed sanctions", not "opposed the ban"
        for agent in agents:
            for target in targets:
                self._emit(agent, relation, target, noun, noun.lemma_, 0.7)

    # --- denies ----------------------------------------------------------

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
            lemma = _lemma(token)
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
            if noun.head.lower_ == "of" and _lemma(noun.head.head) in _QUANTITY_NOUNS:
                holder = noun.head.head
            authors = self._authors(noun, include_last=False) or self._authors(holder, False)
            claimants = [a for a in authors if a != asserter]
        if subject is None and dep == "dobj" and _lemma(head) in _LIGHT_VERBS:
            claimants = claimants or self._agents(head)
        claimants = claimants or self._context_claimants(asserter, noun)
        slur = _lemma(noun) in self.lexicon.slur_nouns
        for claimant in claimants:
            self._emit(asserter, RelationType.DENIES, claimant, noun, noun.lemma_, 0.7)
            if slur:
                self._emit(asserter, RelationType.ACCUSES, claimant, noun, noun.lemma_, 0.7)

    def _no_evidence(self, noun: Token) -> None:
        """ "X has no evidence", "X never produced a shred of evidence", "claims
        that have no basis in fact", "X failed to provide proof": the speaker
        denies X's claim."""
        node = noun  # "a shred of evidence" -> "shred"
        if noun.head.lower_ == "of" and _lemma(noun.head.head) in self.lexicon.evidence_quantities:
            node = noun.head.head
        verb = node.head
        if not self._lacking(node, verb) or noun.sent.text.rstrip().endswith("?"):
            return
        asserter = self._asserter(noun)
        if asserter is None:
            return
        holders = self._children(verb, ("nsubj",)) if verb.pos_ in ("VERB", "AUX") else []
        if _passive(verb):  # "we have never been shown any evidence": by whoever claims
            holders = self._by_objects(verb)
        if verb.dep_ == "relcl" and holders and holders[0].tag_ in ("WDT", "WP"):
            holders = [verb.head]  # "claims that have no basis"
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
            if _lemma(o) in self.lexicon.claims
        ]
        claimants = [c for t in [*holders, *claims] for c in self._other_claimants(t, asserter)]
        if not claimants and any(self._claimants(h, asserter) == [asserter] for h in holders):
            return  # the speaker's own lack of evidence denies nobody
        for claimant in claimants or self._context_claimants(asserter, noun):
            self._emit(asserter, RelationType.DENIES, claimant, noun, noun.lemma_, 0.7)

    def _lacking(self, node: Token, verb: Token) -> bool:
        """Whether the evidence phrase ``node`` (governed by ``verb``) is denied."""
        lex = self.lexicon
        if any(c.lower_ in ("no", "zero") for c in node.children) or verb.lower_ == "without":
            return True
        if node.dep_ != "dobj":
            return False
        for _ in range(3):  # "has not provided", "failed to provide", "never produced"
            if _lemma(verb) in lex.lacking_verbs or any(
                c.dep_ == "neg" or c.lower_ in lex.negations for c in verb.children
            ):
                return True
            if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
                break
            verb = verb.head
        return False

    def _pronoun_judgement(self, adjective: Token) -> None:
        """ "As for the indictment by the US, it is completely unfounded": a
        pronoun judged false stands for the claim named just before it."""
        subjects = self._children(adjective.head, ("nsubj",))
        if not subjects or subjects[0].lower_ not in ("it", "this", "that", "they", "these"):
            return
        claims = self.lexicon.claims
        sents = list(self.doc.sents)
        here = self._sent_index[adjective.sent.start]
        window = self.doc[sents[max(here - 1, 0)].start : subjects[0].i]
        claim = next((t for t in reversed(window) if _lemma(t) in claims), None)
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
        for obj in self._prep_objects(token, {"to"}):
            if _lemma(obj) in self.lexicon.claims:
                for claimant in self._claimants(obj, asserter):
                    self._emit(asserter, RelationType.DENIES, claimant, token, "contrary", 0.7)

    def _demand(self, verb: Token) -> None:
        """ "A urges B to stop ...": A demands of B, and accuses B when what is
        demanded is to stop or correct something."""
        if not self._asserted(verb):
            return
        # "called on X to", not "called X a liar"
        targets = [] if _lemma(verb) == "call" else self._children_actors(verb, ("dobj",))
        targets += self._prep_actors(verb, frozenset({"on", "upon"}))
        for clause in [] if targets else self._children(verb, ("ccomp",)):
            if clause.tag_ == "VB" or any(c.lower_ in ("should", "must") for c in clause.children):
                targets += self._children_actors(clause, ("nsubj",))  # "demanded that X stop"
        if not targets:
            return
        complements = [c for c in verb.subtree if c.dep_ in ("xcomp", "ccomp", "conj")]
        corrective = any(_lemma(c) in _CORRECTIVE_VERBS for c in complements)
        for agent in self._agents(verb):
            for target in targets:
                self._emit(agent, RelationType.DEMANDS, target, verb, verb.lemma_, 0.8)
                if corrective:
                    self._emit(agent, RelationType.ACCUSES, target, verb, verb.lemma_, 0.6)

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
            if _lemma(obj) in self.lexicon.claims
        ]
        for agent in self._agents(verb):
            claimants = [c for obj in claims for c in self._authors(obj, include_last=False)]
            for claimant in claimants or self._context_claimants(agent, noun):
                self._emit(agent, RelationType.DENIES, claimant, noun, noun.lemma_, 0.6)

    # --- cites -----------------------------------------------------------

    def _speech_verb(self, verb: Token) -> None:
        if _lemma(verb) in _NO_CITE_VERBS:
            return
        if self._deed(verb):
            return
        if any(c.dep_ == "neg" for c in verb.children) or not self._reported(verb):
            return
        lex = self.lexicon
        if (
            _lemma(verb) in _AUTHORING_VERBS
            and verb.dep_ == "acl"
            and verb.head.pos_ == "NOUN"
            and not verb.doc[max(verb.head.i - 1, 0)].is_quote  # a quoted title
            and _lemma(verb.head) not in lex.source_nouns | lex.claims
        ):
            return  # "games published by Tencent" are products, not statements
        speaker = self._speaker(verb)
        passive = _passive(verb)
        sources = self._by_agents(verb) if passive else self._agents(verb, first_person=False)
        published = [_lemma(o) for o in self._children(verb, ("dobj",))]
        kinds = lex.claims | lex.source_nouns
        if _lemma(verb) in _AUTHORING_VERBS and not passive and set(published) & kinds:
            self.last_author = sources or self.last_author  # "released a report", not "fixes"
        citers = [speaker]
        if passive and _lemma(verb) in _AUTHORING_VERBS and self._voice(verb) != speaker:
            citers.append(self._voice(verb))  # "a document leaked by X": the article says so
        for citer in citers:
            for source in sources:
                self._emit(citer, RelationType.CITES, source, verb, verb.lemma_, 0.85)
        if _lemma(verb) in _ECHO_VERBS:
            for obj in self._children(verb, ("dobj",)):
                for author in self._authors(obj, include_last=False):
                    for agent in self._agents(verb):
                        self._emit(agent, RelationType.CITES, author, verb, verb.lemma_, 0.7)

    def _deed(self, verb: Token) -> bool:
        """A wrong done, not said: "X attacked routers" (but "X attacked Y" may
        be verbal)."""
        return _lemma(verb) in self.lexicon.wrong_verbs and not any(
            self.resolver.actors(o, None) for o in self._children(verb, ("dobj",))
        )

    def _reported(self, verb: Token) -> bool:
        """A finite or participial speech act, not an intention ("to reveal",
        "started releasing") nor a question."""
        if verb.sent.text.rstrip().endswith("?"):
            return False
        if verb.tag_ == "VB" and any(
            c.dep_ == "aux" and (c.lower_ == "to" or c.lower_ in self.lexicon.modals)
            for c in verb.children
        ):
            return False  # "to reveal", "should explain", "may say"
        if verb.tag_ == "VBG" and verb.dep_ in ("xcomp", "pcomp") and _lemma(verb.head) != "in":
            return False
        if verb.dep_ == "xcomp" and verb.tag_ == "VB":
            return False
        objects = self._children(verb, ("dobj",))
        return not (_lemma(verb) in _HOSTING_VERBS and any(_lemma(o) in _HOSTED for o in objects))

    def _source_noun(self, noun: Token) -> None:
        if noun.sent.text.rstrip().endswith("?"):
            return
        authors = self._authors(noun, include_last=False)
        if authors and _lemma(noun) not in _EVENT_NOUNS:
            self.last_author = authors
        dep, head = _role(noun)
        if dep == "dobj" and _lemma(head) in _AUTHORING_VERBS:
            return  # "X released a report": the verb cites X
        if dep == "dobj" and (_lemma(head) in self.lexicon.deny_verbs or self._judgement(noun)):
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

    # --- argument helpers ------------------------------------------------

    def _agents(self, verb: Token, first_person: bool = True) -> list[Actor]:
        """Actors that are the subject of ``verb`` (inherited through xcomp, conj...)."""
        node = verb
        for _ in range(4):
            subjects = self._children(node, ("nsubj", "csubj"))
            if subjects:
                speaker = self._asserter(node) or self._speaker(node)
                found: list[Actor] = []
                for subj in subjects:
                    if not first_person and subj.lower_ in FIRST_PERSON:
                        continue
                    found += self._claimants(subj, speaker)
                    found += [a for a in self._partners(subj, node) if a not in found]
                return found
            if node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
                return self._claimants(node.head, self._voice(node))
            if node.dep_ == "pcomp" and node.head.lower_ in ("of", "for", "over", "from"):
                # object control: in "accused X of smearing Y", X smears
                controllers = self._children(node.head.head, ("dobj",))
                if controllers:
                    return self._claimants(controllers[0], self._speaker(node))
            if node.dep_ not in _INHERIT_SUBJECT:
                return []
            node = node.head
        return []

    def _partners(self, subject: Token, verb: Token) -> list[Actor]:
        """Co-agents: "X, alongside (institutions of) Y, issued ...", "X together with Y"."""
        found: list[Actor] = []
        for head in (subject, verb):
            for prep in self._children(head, ("prep",)):
                partner = prep.lower_ == "alongside" or (
                    prep.lower_ == "with"
                    and prep.nbor(-1).lower_ in ("together", "along", "jointly")
                )
                for pobj in self._children(prep, ("pobj",)) if partner else []:
                    found += self._claimants(pobj, self._voice(pobj)) or self._owners(pobj)
        return found

    def _by_objects(self, verb: Token) -> list[Token]:
        """Objects of a passive verb's "by" phrase."""
        return [p for c in self._children(verb, ("agent",)) for p in self._children(c, ("pobj",))]

    def _by_agents(self, verb: Token) -> list[Actor]:
        found: list[Actor] = []
        for pobj in self._by_objects(verb):
            found += self._claimants(pobj, self._voice(verb))
        return found

    def _claimants(self, token: Token, speaker: Actor | None) -> list[Actor]:
        """Who ``token`` stands for as a claimant or source: an actor, a
        spokesperson's body, or the author of a claim, report or leak."""
        actors = self.resolver.actors(token, speaker)
        if actors:
            return actors
        lemma = _lemma(token)
        if lemma in self.lexicon.claims or lemma in self.lexicon.source_nouns:
            return self._authors(token, include_last=True)
        if lemma in PROXY_NOUNS and lemma != "group":  # "Chinese military hackers"
            return self._children_actors(token, ("compound", "poss", "nmod", "amod"), speaker)
        return []

    def _other_claimants(self, claim: Token, denier: Actor) -> list[Actor]:
        """Who made a claim that ``denier`` rejects, never the denier: in
        "Beijing rejected their claims", "their" is somebody else."""
        found = [c for c in self._claimants(claim, denier) if c != denier]
        for poss in [] if found else self._children(claim, ("poss",)):
            found = self.resolver.other_than(poss, denier)
        return found

    def _authors(self, noun: Token, include_last: bool) -> list[Actor]:
        """Author of a claim or source noun: "X's report", "a report by X",
        "the report released by X", "the Snowden leaks"."""
        voice = self._voice(noun)
        found = self._children_actors(noun, ("poss",), voice)  # "360's APT-C-39 report"
        modifiers = self._children(noun, ("compound", "nmod", "amod"))
        for modifier in [] if found else modifiers:  # "the US espionage claims"
            actors = self._claimants(modifier, voice) if modifier.dep_ != "amod" else []
            if modifier.i in self.resolver.by_token:
                actors = self.resolver.actors(modifier, voice)
            elif not actors and modifier.dep_ == "compound":
                actors = self._children_actors(modifier, ("compound",), voice)
            found += [a for a in actors if not is_threat_group_name(a.label)]
        found += self._prep_actors(noun, frozenset({"by", "from"}))
        for acl in self._children(noun, ("acl", "relcl")):
            if _lemma(acl) in _AUTHORING_VERBS | _LIGHT_VERBS | {"spread", "make"}:
                found += self._by_agents(acl)
                if not _passive(acl):  # "the claims that X made"
                    found += self._children_actors(acl, ("nsubj",))
        dep, head = _role(noun)
        if not found and dep == "dobj" and _lemma(head) in _AUTHORING_VERBS | _MAKING_VERBS:
            found = self._agents(head, first_person=True)
        in_speech = head.lower_ == "in" and _lemma(head.head) in self.lexicon.speech_verbs
        if not found and dep == "pobj" and in_speech:  # "X said in a report"
            found = self._agents(head.head, first_person=True)
        definite = any(c.lower_ in _DEFINITE for c in noun.children)
        if not found and include_last and definite and _lemma(noun) in self.lexicon.source_nouns:
            found = list(self.last_author)
        return found

    def _children(self, token: Token, deps: tuple[str, ...]) -> list[Token]:
        return [c for c in token.children if c.dep_ in deps]

    def _children_actors(
        self, token: Token, deps: tuple[str, ...], speaker: Actor | None = None
    ) -> list[Actor]:
        found: list[Actor] = []
        for child in self._children(token, deps):
            if child.dep_ == "amod" and child.i not in self.resolver.by_token:
                continue
            for actor in self._claimants(child, speaker or self._voice(token)):
                if actor not in found:
                    found.append(actor)
        return found

    def _prep_objects(self, token: Token, preps: set[str] | frozenset[str]) -> list[Token]:
        return [
            pobj
            for prep in token.children
            if prep.dep_ in ("prep", "agent") and prep.lower_ in preps
            for pobj in prep.children
            if pobj.dep_ == "pobj"
        ]

    def _prep_actors(self, token: Token, preps: frozenset[str]) -> list[Actor]:
        found: list[Actor] = []
        for pobj in self._prep_objects(token, preps):
            found += self._claimants(pobj, self._voice(token))
        return found

    def _has_reason(self, verb: Token) -> bool:
        """ "slammed B for its failure", "attacked B for spying"."""
        return any(
            c.dep_ in ("pobj", "pcomp")
            for prep in self._children(verb, ("prep",))
            if prep.lower_ in self.lexicon.reason_preps
            for c in prep.children
        )

    def _phrasal(self, verb: Token, pairs: tuple[tuple[str, str], ...]) -> bool:
        lemma = _lemma(verb)
        particles = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}
        return any(lemma == a and b in particles for a, b in pairs)

    def _is_denial_noun(self, noun: Token) -> bool:
        lex = self.lexicon
        lemma = _lemma(noun)
        if lemma in lex.slur_nouns or lemma in lex.denial_nouns:
            return True
        if lemma in lex.claims:
            return self._judgement(noun) is not None or any(
                self._evaluative(c) for c in noun.children if c.dep_ in ("amod", "compound", "conj")
            )
        return False

    def _evaluative(self, word: Token) -> bool:
        hyphenated = word.doc[max(word.i - 2, 0) : word.i + 1].text.lower()  # "so - called"
        if _lemma(word) in _TRUE and word.dep_ == "acomp":  # "the claim is not correct"
            return any(c.dep_ == "neg" for c in [*word.children, *word.head.children])
        return (
            _lemma(word) in self.lexicon.deny_evaluative
            or word.lower_ in self.lexicon.deny_evaluative
            or hyphenated in self.lexicon.deny_evaluative
        )

    def _judgement(self, noun: Token) -> Token | None:
        """The adjective that judges a claim as false where it is predicated, not
        attributive: "the charges were unfounded", "called the claims baseless",
        "described the claims as false"."""
        dep, head = _role(noun)
        words: list[Token] = []
        if dep == "nsubj" and _lemma(head) in _COPULAS:
            words = self._children(head, ("acomp",))
        elif dep == "dobj":
            words = self._children(head, ("oprd", "acomp", "ccomp", "xcomp"))
            words += self._prep_objects(head, {"as"}) + self._prep_objects(noun, {"as"})
        return next((w for w in words if w.pos_ == "ADJ" and self._evaluative(w)), None)

    def _judged(self, noun: Token) -> Token | None:
        """The claim a judging noun is predicated of: "called the story a
        fabrication", "dismissed the reports as a smear" -> story, reports."""
        dep, head = _role(noun)  # "called the report (a piece of) propaganda"
        if dep == "oprd" or (dep == "pobj" and head.lower_ == "as"):
            verb = head if dep == "oprd" else head.head
            objects = self._children(verb, ("dobj",)) if verb.pos_ in ("VERB", "AUX") else [verb]
            return objects[0] if objects else None
        return None

    def _denier_of(self, noun: Token) -> list[Actor]:
        """Who denies the claim ``noun`` (for "A's allegations" with no target)."""
        node = noun
        for _ in range(7):
            head = node.head
            if head.i == node.i:
                return []
            lemma = _lemma(head)
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

        stem = _lemma(cue)[:5]  # "the charges" answer who "charged", before later accusers
        named = [r for r in self.found if against_denier(r) and r.cue[:5] == stem]
        for last in reversed(named or self.found):
            if against_denier(last):
                accusers = [
                    r.agent for r in self.found if against_denier(r) and r.evidence == last.evidence
                ]
                return [
                    a for k, a in enumerate(accusers) if a is not None and a not in accusers[:k]
                ]
        for relation in reversed(self.found):
            same_sentence = relation.evidence.start == cue.sent.start_char
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

    def _bare_definite_claim(self, cue: Token) -> bool:
        """Whether ``cue`` is or judges "the claim(s)", "these findings": a claim
        the text has given before, whose author it does not repeat."""
        node = cue.head if cue.pos_ == "ADJ" else cue
        candidates = [node, *self._children(node, ("dobj", "nsubj", "nsubjpass"))]
        kinds = self.lexicon.claims | self.lexicon.source_nouns
        return any(
            _lemma(c) in kinds
            and any(d.lower_ in _DEFINITE for d in self._children(c, ("det",)))
            and not self._children(c, ("poss", "compound", "amod"))
            for c in candidates
        )

    def _previous_doers(self, asserter: Actor, cue: Token) -> list[Actor]:
        """Who did what "this" in ``cue``'s sentence refers to: the agents of the
        last accusation, ban, threat or demand in this or the previous sentence,
        when they are not on the asserter's side."""
        here = self._sent_index[cue.sent.start]
        sents = list(self.doc.sents)
        window = sents[max(here - 1, 0)].start_char
        sides = {asserter, *self._sides(asserter)}
        for relation in reversed(self.found):
            if relation.evidence.start < window:
                break
            if relation.type in _HOSTILE and relation.agent and relation.agent not in sides:
                return [
                    r.agent
                    for r in self.found
                    if r.type in _HOSTILE
                    and r.evidence == relation.evidence
                    and r.agent is not None
                    and r.agent not in sides
                ]
        return []

    def _sides(self, actor: Actor) -> list[Actor]:
        """The government an actor belongs to ("Chinese Embassy" -> Chinese government)."""
        if actor in self.affiliations:  # "foreign ministry spokesman X": ministry and state
            body = self.affiliations[actor]
            return [body, *(a for a in self._sides(body) if a != actor)]
        publisher = self.voices.document_publisher
        if actor == self.voices.document_speaker and publisher and publisher != actor:
            return [publisher, *self._sides(publisher)]
        entry = self.gazetteer.entries.get(actor.key)
        if entry is not None and entry.part_of:
            parent = self.gazetteer.get(entry.part_of)
            return [parent] if parent else []
        if actor.type is ActorType.GOVERNMENT:
            return []
        first = actor.label.split()[0] if actor.label else ""
        state = self.gazetteer.by_demonym(first)
        return [state] if state else []

    # --- voice and modality ---------------------------------------------

    def _sources(self, token: Token, skip: Token | None = None) -> list[Actor]:
        """Who ``token``'s clause is reported from: "X said that ...", "according
        to X", "X's report shows ...", "a report by X, Y and Z reveals ..."."""
        node = token
        for _ in range(12):
            for child in node.children:
                source = self._according_to(child, token, skip)
                if source is not None:
                    return [source]
            head = node.head
            if head.i == node.i or (
                node.dep_ == "conj"
                and self._children(node, _SUBJECTS)
                and not self._children(node, ("mark",))  # "A said X and that B did Y"
            ):
                break  # "A said X, and B reported Y": B's clause is not A's
            lemma = _lemma(head)
            if node.dep_ in _REPORTING_ARCS and lemma in self.lexicon.speech_verbs:
                subjects = self._children(head, ("nsubj",))
                if not any(s.lower_ in FIRST_PERSON for s in subjects):
                    found = self._agents(head, first_person=False)
                    if found:
                        return found + [a for a in self._published(head) if a not in found]
            if lemma in self.lexicon.source_nouns and node.dep_ in _CONTENT_ARCS:
                authors = self._authors(head, include_last=False)
                if authors and _lemma(node) not in _AUTHORING_VERBS:
                    return authors
            node = head
        return []

    def _published(self, verb: Token) -> list[Actor]:
        """Authors of a document that ``verb`` (or the verb it depends on)
        publishes: in "X published a document leaked by Y detailing how ...",
        Y speaks too."""
        node = verb
        for _ in range(3):
            for obj in self._children(node, ("dobj",)):
                if _lemma(obj) in self.lexicon.source_nouns:
                    return self._authors(obj, include_last=False)
            if node.dep_ not in ("advcl", "xcomp", "conj") or node.head.i == node.i:
                break
            node = node.head
        return []

    def _speaker(self, token: Token, skip: Token | None = None) -> Actor | None:
        """Who says ``token``: reported speech, then quotation, then paragraph voice."""
        sources = self._sources(token, skip)
        return sources[0] if sources else self._voice(token)

    def _voice(self, token: Token) -> Actor | None:
        """Speaker of the quotation or paragraph ``token`` is in."""
        return self.voices.quote_speaker.get(
            token.i, self.voices.sentence_speaker[self._sent_index[token.sent.start]]
        )

    def _according_to(self, child: Token, token: Token, skip: Token | None) -> Actor | None:
        """X of an "according to X" phrase ``child`` that governs ``token``'s clause."""
        if child.lower_ != "according" or child.i == token.i or (skip and child.i == skip.i):
            return None
        if child.left_edge.i <= token.i <= child.right_edge.i:
            return None
        for obj in self._prep_objects(child, {"to"}):
            found = self._claimants(obj, None)
            if found:
                return found[0]
        return None

    def _asserters(self, token: Token) -> list[Actor]:
        """Who asserts ``token``'s content: its sources or speaker, else the
        document's speaker. Nobody asserts anything in a headline: its words are
        too compressed to read a claim from."""
        if self.voices.title_line is not None and token.sent.start == 0:
            return []
        sources = self._sources(token)
        if sources:
            return sources
        voice = (
            self._voice(token) or self.voices.sentence_asserter[self._sent_index[token.sent.start]]
        )
        return [voice] if voice else []

    def _asserter(self, token: Token) -> Actor | None:
        asserters = self._asserters(token)
        return asserters[0] if asserters else None

    def _asserted(self, token: Token, attempts: bool = False) -> bool:
        """False for negated, hedged, conditional or interrogative cues. With
        ``attempts``, trying is doing: "was trying to hack" charges the hacker."""
        lex = self.lexicon
        if token.sent.text.rstrip().endswith("?"):
            return False
        node = token
        for _ in range(4):
            for child in node.children:
                negation = child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no")
                if negation:
                    return False
                if child.dep_ == "aux" and child.lower_ in lex.modals and not _risk(node):
                    return False
                if child.dep_ in ("advmod", "acomp") and child.lower_ in lex.hedge_adverbs:
                    return False
                if child.dep_ == "mark" and child.lower_ in ("if", "whether", "unless"):
                    return False
            tried = attempts and _lemma(node) in _ATTEMPT_VERBS
            if node.i != token.i and _lemma(node) in lex.hedge_governors and not tried:
                return False
            if node.dep_ == "acl" and _lemma(node.head) in lex.evidence_nouns:
                return not self._lacking(node.head, node.head.head)  # "no evidence that X spied"
            if (
                node.dep_ == "acl"
                and _lemma(node.head) in lex.claims - lex.source_nouns
                and _lemma(node) not in lex.speech_verbs  # "a warning claiming that ..."
            ):
                return False  # "suggestions that it broke sanctions" are not the speaker's
            if node.dep_ not in ("xcomp", "conj", "ccomp", "pcomp", "dobj", "pobj", "prep"):
                break
            if node.dep_ == "conj" and self._children(node, _SUBJECTS):
                break  # "X never did A, and Y rejects B": the second clause stands alone
            node = node.head
        return True

    def _predicate(self, verb: Token) -> list[Token]:
        """The verb and its objects and complements, without clauses of their own."""
        tokens = [verb]
        stack = [
            c
            for c in verb.children
            if c.dep_ in (*_OBJECTS, "xcomp", "prep", "prt", "acomp", "advmod")
        ]
        while stack:
            node = stack.pop()
            if any(c.dep_ in _SUBJECTS for c in node.children) and node.i != verb.i:
                continue
            tokens.append(node)
            stack.extend(c for c in node.children if c.dep_ not in ("ccomp", "advcl", "relcl"))
        return sorted(tokens, key=lambda t: t.i)

    def _claim_text(self, cue: Token) -> str | None:
        """What is alleged: the clause or "of/for ..." phrase of an accusation cue,
        without its leading "that", "of" or "for" ("of hacking" -> "hacking")."""
        for child in cue.children:
            if child.dep_ == "ccomp" or (
                child.dep_ == "prep" and child.lower_ in ("of", "for", "over", "that")
            ):
                tokens = [t for t in child.subtree if not t.is_space]
                if child.dep_ == "prep" or (tokens and tokens[0].dep_ == "mark"):
                    tokens = tokens[1:]
                return _phrase(tokens) or None
        for child in cue.children:
            if child.dep_ in ("acl", "relcl") and _lemma(child) in ("claim", "allege", "say"):
                return self._claim_text(child)
        return None

    # --- output ----------------------------------------------------------

    def _emit(
        self,
        agent: Actor | None,
        relation: RelationType,
        target: Actor,
        cue: Token,
        cue_text: str,
        confidence: float,
        claim: str | None = None,
    ) -> None:
        if agent == target or (agent is None and relation is not RelationType.CITES):
            return
        if relation is RelationType.CITES:
            citer = agent or self.voices.document_speaker
            if citer is not None and target in self._sides(citer):
                return
        elif agent is not None and target in self._sides(agent):
            return  # an embassy does not accuse or deny its own government
        sent: Span = cue.sent
        if relation is RelationType.DENIES and claim is None:
            claim = self._claim_of(target, agent)
        self.found.append(
            Relation(
                agent=agent,
                type=relation,
                target=target,
                evidence=Sentence(sent.start_char, sent.end_char, sent.text),
                confidence=confidence,
                cue=cue_text.lower(),
                claim=claim,
            )
        )

    def _claim_of(self, accuser: Actor, accused: Actor | None) -> str | None:
        for relation in reversed(self.found):
            if (
                relation.type is RelationType.ACCUSES
                and relation.agent == accuser
                and relation.target == accused
                and relation.claim
            ):
                return relation.claim
        return None
