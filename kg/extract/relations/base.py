"""Shared state, argument and modality helpers of the relation rules.

The word lists and module-level helpers here are used by several rule
families (:mod:`.accuses`, :mod:`.denies`, :mod:`.cites`, :mod:`.measures`)
or by the dispatch in :mod:`.finder`; the cue words users may change live in
``ontologies/cues.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import CHANNEL_NOUNS, PROXY_NOUNS, Mention
from kg.extract.coref import FIRST_PERSON, Resolver
from kg.extract.lexicon import Lexicon
from kg.extract.sentences import Sentences
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
_CONDUCTING_VERBS = frozenset(["conduct", "carry", "complete", "commission"])
# Whoever "resorts to" or "engages in" accusations makes them.
_RESORTING_VERBS = frozenset(["resort", "engage", "indulge", "stoop", "persist", "descend"])
# Who files a legal document: "the indictment, unsealed by the Justice Department".
_FILING_VERBS = frozenset(["unseal", "file", "submit", "lodge", "bring", "draft", "prepare"])
# Papers of a case, written by whoever brought it: "the indictment alleges".
_CASE_PAPERS = frozenset(["indictment", "lawsuit", "suit", "complaint", "petition"])
_ECHOING = frozenset(["similar", "same", "identical", "comparable"])
_RESULT_NOUNS = frozenset(["finding", "conclusion", "recommendation", "verdict", "ruling"])
_REASON_WORDS = frozenset(["because", "due", "despite", "amid"])
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
_DEMAND_VERBS = frozenset(
    ["urge", "demand", "call", "ask", "press", "request", "order", "instruct"]
)
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


def _after_conjunction(clause: Token) -> bool:
    """ "A has said that X, and B said Y" parsed with B's clause as A's object:
    the clause starts right after ", and" or ", but"."""
    start = clause.left_edge.i
    doc = clause.doc
    return (
        start >= 2
        and doc[start - 1].lower_ in ("and", "but")
        and doc[start - 2].text == ","
        and doc[start - 1].head.i != clause.i
    )


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


# Words the small English pipeline lemmatises wrongly ("fined" -> "fin").
_LEMMA_FIXES = {"fined": "fine", "fining": "fine"}


def _lemma(token: Token) -> str:
    """Lower-case lemma; title-case plural nouns of headlines ("Remarks") singularised."""
    lemma = _LEMMA_FIXES.get(token.lower_) or token.lemma_.lower()
    if token.pos_ == "PROPN" and lemma.endswith("s") and not lemma.endswith("ss"):
        return lemma[:-1]
    return lemma


@dataclass
class RuleBase:
    """The state of one document's relation search, and the helpers every
    family of rules shares: arguments of a cue (agents, targets, claimants,
    authors), who speaks, whether a cue is asserted, and :meth:`_emit`."""

    doc: Doc
    mentions: list[Mention]
    voices: Voices
    lexicon: Lexicon
    gazetteer: Gazetteer
    sentences: Sentences | None = None
    """The document's sentences, if the caller has them (else they are made)."""
    resolver: Resolver = field(init=False)
    found: list[Relation] = field(default_factory=list)
    last_author: list[Actor] = field(default_factory=list)
    authors_of: dict[str, list[Actor]] = field(default_factory=dict)
    """The last authors of each kind of document: "the findings" are the last findings'."""
    last_accusers: list[Actor] = field(default_factory=list)
    """Who last accused or charged someone: the accuser of a later agentless passive."""

    def __post_init__(self) -> None:
        named = {m.actor for m in self.mentions}
        publisher = self.voices.publisher if self.voices.publisher in named else None
        # GUIDELINES.md: a bare "the administration" is the United States government.
        administration = self.gazetteer.lookup("US administration")
        sentences = Sentences(self.doc) if self.sentences is None else self.sentences
        self.resolver = Resolver(self.doc, self.mentions, publisher, administration, sentences)
        self._sents = sentences.spans
        self._sent_of = sentences.number
        """The number of each token's sentence (``Token.sent`` is slow)."""
        self._lemmas = [_lemma(token) for token in self.doc]
        self._kids: list[list[Token]] = [[] for _ in range(len(self.doc))]
        for token in self.doc:
            if token.head.i != token.i:
                self._kids[token.head.i].append(token)
        text = self.doc.text
        self._questions = {
            k
            for k, s in enumerate(self._sents)
            if text[s.start_char : s.end_char].rstrip().endswith("?")
        }
        self.affiliations = {m.actor: m.affiliation for m in self.mentions if m.affiliation}

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
            hanging = node.tag_ == "VBG" and node.dep_ == "advcl" and node.head.dep_ == "ccomp"
            if hanging and not self._children(node.head, ("nsubj",)):
                node = node.head  # "said its emails had been stolen, blaming Iran": the sayer
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
        lemma = self._lemma_of(token)
        if lemma in CHANNEL_NOUNS:  # "its Global Government Affairs account said"
            owners = self._children_actors(token, ("poss",), speaker)
            if owners:
                return owners
        actors = self.resolver.actors(token, speaker)
        if actors:
            return actors
        if lemma in self.lexicon.claims or lemma in self.lexicon.source_nouns:
            return self._authors(token, include_last=True)
        if lemma in PROXY_NOUNS and lemma != "group":  # "Chinese military hackers"
            return self._children_actors(token, ("compound", "poss", "nmod", "amod"), speaker)
        return []

    def _other_claimants(self, claim: Token, denier: Actor) -> list[Actor]:
        """Who made a claim that ``denier`` rejects, never the denier: in
        "Beijing rejected their claims", "their" is somebody else."""
        found = [c for c in self._claimants(claim, denier) if c != denier]
        for poss in [] if found else self._children(claim, ("poss",)):  # "their", "Telegram's"
            owners = [a for a in self.resolver.actors(poss, denier) if a != denier]
            found = (
                owners
                if poss.i in self.resolver.by_token
                else self.resolver.other_than(poss, denier)
            )
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
            elif modifier.dep_ == "amod" and self._lemma_of(noun) in self.lexicon.claims:
                state = self.gazetteer.by_demonym(modifier.text)  # "Ukrainian accusations"
                actors = [state] if state else []
            found += [a for a in actors if not is_threat_group_name(a.label)]
        found += self._prep_actors(noun, frozenset({"by", "from"}))
        if self._lemma_of(noun) in _RESULT_NOUNS:  # "the findings of X", not "a review of X"
            voice = self._voice(noun)
            found += [
                a for o in self._prep_objects(noun, {"of"}) for a in self.resolver.actors(o, voice)
            ]
        for acl in self._children(noun, ("acl", "relcl")):
            if self._lemma_of(acl) in _AUTHORING_VERBS | _FILING_VERBS | _LIGHT_VERBS | {
                "spread",
                "make",
            }:
                found += self._by_agents(acl)
                if not _passive(acl):  # "the claims that X made"
                    found += self._children_actors(acl, ("nsubj",))
        dep, head = _role(noun)
        makers = _AUTHORING_VERBS | _MAKING_VERBS | _CONDUCTING_VERBS  # "conducted a review"
        if not found and dep == "dobj" and self._lemma_of(head) in makers:
            found = self._agents(head, first_person=True)
        resorting = dep == "pobj" and self._lemma_of(head.head) in _RESORTING_VERBS
        if not found and resorting:  # "X has resorted to unfounded accusations"
            found = self._agents(head.head, first_person=True)
        in_speech = head.lower_ == "in" and self._lemma_of(head.head) in self.lexicon.speech_verbs
        if not found and dep == "pobj" and in_speech:  # "X said in a report"
            found = self._agents(head.head, first_person=True)
        definite = any(c.lower_ in _DEFINITE for c in self._dependents(noun))
        if (
            not found
            and include_last
            and definite
            and self._lemma_of(noun) in self.lexicon.source_nouns
        ):
            found = list(self.authors_of.get(self._lemma_of(noun)) or self.last_author)
        if not found and include_last and definite and self._lemma_of(noun) in _CASE_PAPERS:
            found = list(self.last_accusers)  # who charged or sued last
        return found

    def _remember_authors(self, document: Token, authors: list[Actor]) -> None:
        """``authors`` wrote ``document`` (a report, findings): later "the report" is theirs."""
        if authors:
            self.last_author = authors
            self.authors_of[self._lemma_of(document)] = authors

    def _owners(self, noun: Token, depth: int = 2) -> list[Actor]:
        """Whose a thing is: "X's", "imposed by X", "records from X's archive"."""
        found = self._children_actors(noun, ("poss", "compound", "nmod"))
        if found or depth == 0:
            return found
        by = [p for acl in self._children(noun, ("acl", "relcl")) for p in self._by_objects(acl)]
        for pobj in [*by, *self._prep_objects(noun, {"from", "by", "of"})]:
            found += self._claimants(pobj, self._voice(noun)) or self._owners(pobj, depth - 1)
        return found

    def _lemma_of(self, token: Token) -> str:
        """:func:`_lemma` of a token of this document, computed once per token."""
        return self._lemmas[token.i]

    def _dependents(self, token: Token) -> list[Token]:
        """``token.children`` (in text order), listed once per document: not to be changed."""
        return self._kids[token.i]

    def _children(self, token: Token, deps: tuple[str, ...]) -> list[Token]:
        return [c for c in self._dependents(token) if c.dep_ in deps]

    def _sentence(self, token: Token) -> Span:
        return self._sents[self._sent_of[token.i]]

    def _in_question(self, token: Token) -> bool:
        return self._sent_of[token.i] in self._questions

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
            for prep in self._dependents(token)
            if prep.dep_ in ("prep", "agent") and prep.lower_ in preps
            for pobj in self._dependents(prep)
            if pobj.dep_ == "pobj"
        ]

    def _prep_actors(self, token: Token, preps: frozenset[str]) -> list[Actor]:
        found: list[Actor] = []
        for pobj in self._prep_objects(token, preps):
            found += self._claimants(pobj, self._voice(token))
        return found

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

    # --- cue tests shared by several families ----------------------------

    def _phrasal(self, verb: Token, pairs: tuple[tuple[str, str], ...]) -> bool:
        lemma = self._lemma_of(verb)
        wanted = {b for a, b in pairs if a == lemma}
        return bool(wanted) and any(
            c.lower_ in wanted
            for c in self._dependents(verb)
            if c.dep_ in ("prt", "advmod", "prep")
        )

    def _names_wrong(self, noun: Token) -> bool:
        """ "espionage", and "malicious cyber activity": a noun that names a wrong."""
        modifiers = frozenset(self._lemma_of(c) for c in self._children(noun, ("compound", "amod")))
        return self.lexicon.names_wrong(self._lemma_of(noun), modifiers)

    def _deed(self, verb: Token) -> bool:
        """A wrong done, not said: "X attacked routers" (but "X attacked Y" may
        be verbal)."""
        return self._lemma_of(verb) in self.lexicon.wrong_verbs and not any(
            self.resolver.actors(o, None) for o in self._children(verb, ("dobj",))
        )

    def _wrong_reason(self, verb: Token) -> bool:
        """A "for ..." reason that names a wrong: "for hacking", "for espionage"."""
        lex = self.lexicon
        reasons = [p for p in self._children(verb, ("prep",)) if p.lower_ in lex.reason_preps]
        reasons += [  # "..., citing its role in abuses", "saying its products were misused"
            c
            for c in self._children(verb, ("advcl", "xcomp"))
            if self._lemma_of(c) in lex.reason_verbs
            or any(m.lower_ == "because" for m in self._dependents(c))
        ]
        return any(self._lemma_of(t) in lex.wrongs for r in reasons for t in r.subtree)

    def _is_denial_noun(self, noun: Token) -> bool:
        lex = self.lexicon
        lemma = self._lemma_of(noun)
        if lemma in lex.slur_nouns or lemma in lex.denial_nouns:
            return True
        if lemma in lex.claims:
            return self._judgement(noun) is not None or any(
                self._evaluative(c)
                for c in self._dependents(noun)
                if c.dep_ in ("amod", "compound", "conj")
            )
        return False

    def _evaluative(self, word: Token) -> bool:
        hyphenated = word.doc[max(word.i - 2, 0) : word.i + 1].text.lower()  # "so - called"
        if self._lemma_of(word) in _TRUE and word.dep_ == "acomp":  # "the claim is not correct"
            return any(
                c.dep_ == "neg" for c in [*self._dependents(word), *self._dependents(word.head)]
            )
        return (
            self._lemma_of(word) in self.lexicon.deny_evaluative
            or word.lower_ in self.lexicon.deny_evaluative
            or hyphenated in self.lexicon.deny_evaluative
        )

    def _judgement(self, noun: Token) -> Token | None:
        """The adjective that judges a claim as false where it is predicated, not
        attributive: "the charges were unfounded", "called the claims baseless",
        "described the claims as false"."""
        dep, head = _role(noun)
        words: list[Token] = []
        if dep == "nsubj" and self._fails(head):  # "the story does not hold water"
            return head
        if dep == "nsubj" and self._lemma_of(head) in _COPULAS:
            words = self._children(head, ("acomp",))
        elif dep == "dobj":
            words = self._children(head, ("oprd", "acomp", "ccomp", "xcomp"))
            words += self._prep_objects(head, {"as"}) + self._prep_objects(noun, {"as"})
        return next((w for w in words if w.pos_ == "ADJ" and self._evaluative(w)), None)

    def _fails(self, verb: Token) -> bool:
        """ "does not hold water", "doesn't stand up to scrutiny"."""
        if not any(c.dep_ == "neg" for c in self._dependents(verb)):
            return False
        words = {
            self._lemma_of(c)
            for c in self._dependents(verb)
            if c.dep_ in ("dobj", "prt", "prep", "advmod")
        }
        words |= {
            self._lemma_of(o) for p in self._children(verb, ("prep",)) for o in self._dependents(p)
        }
        return any(self._lemma_of(verb) == a and b in words for a, b in self.lexicon.deny_failing)

    def _judged(self, noun: Token) -> Token | None:
        """The claim a judging noun is predicated of: "called the story a
        fabrication", "dismissed the reports as a smear" -> story, reports."""
        dep, head = _role(noun)  # "called the report (a piece of) propaganda"
        if dep == "oprd" or (dep == "pobj" and head.lower_ == "as"):
            verb = head if dep == "oprd" else head.head
            objects = self._children(verb, ("dobj",)) if verb.pos_ in ("VERB", "AUX") else [verb]
            return objects[0] if objects else None
        return None

    # --- voice and modality ----------------------------------------------

    def _sources(self, token: Token, skip: Token | None = None) -> list[Actor]:
        """Who ``token``'s clause is reported from: "X said that ...", "according
        to X", "X's report shows ...", "a report by X, Y and Z reveals ...", "Meta,
        the Commission found, had forced users ..."."""
        node = token
        for _ in range(12):
            for child in self._dependents(node):
                source = self._according_to(child, token, skip)
                if source is not None:
                    return [source]
                if child.dep_ == "parataxis" and self._lemma_of(child) in self.lexicon.speech_verbs:
                    inserted = [
                        a
                        for subject in self._children(child, ("nsubj",))
                        if subject.lower_ not in FIRST_PERSON
                        for a in self._claimants(subject, self._voice(child))
                    ]
                    if inserted and child.i != token.i:
                        return inserted
            head = node.head
            if head.i == node.i or (
                node.dep_ in ("conj", "ccomp")
                and self._children(node, _SUBJECTS)
                and not self._children(node, ("mark",))  # "A said X and that B did Y"
                and (node.dep_ == "conj" or _after_conjunction(node))
            ):
                break  # "A said X, and B reported Y": B's clause is not A's
            lemma = self._lemma_of(head)
            if node.dep_ in _REPORTING_ARCS and lemma in self.lexicon.speech_verbs:
                subjects = self._children(head, ("nsubj",))
                if not any(s.lower_ in FIRST_PERSON for s in subjects):
                    found = self._agents(head, first_person=False)
                    if found:
                        return found + [a for a in self._published(head) if a not in found]
            if lemma in self.lexicon.source_nouns and node.dep_ in _CONTENT_ARCS:
                authors = self._authors(head, include_last=False)
                if authors and self._lemma_of(node) not in _AUTHORING_VERBS:
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
                if self._lemma_of(obj) in self.lexicon.source_nouns:
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
            token.i, self.voices.sentence_speaker[self._sent_of[token.i]]
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
        if self.voices.title_line is not None and self._sent_of[token.i] == 0:
            return []
        sources = self._sources(token)
        if sources:
            return sources
        voice = self._voice(token) or self.voices.sentence_asserter[self._sent_of[token.i]]
        return [voice] if voice else []

    def _asserter(self, token: Token) -> Actor | None:
        asserters = self._asserters(token)
        return asserters[0] if asserters else None

    def _asserted(self, token: Token, attempts: bool = False) -> bool:
        """False for negated, hedged, conditional or interrogative cues. With
        ``attempts``, trying is doing: "was trying to hack" charges the hacker."""
        lex = self.lexicon
        if self._in_question(token):
            return False
        node = token
        for _ in range(4):
            for child in self._dependents(node):
                negation = child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no")
                if negation:
                    return False
                if child.dep_ == "aux" and child.lower_ in lex.modals and not _risk(node):
                    return False
                if child.dep_ in ("advmod", "acomp") and child.lower_ in lex.hedge_adverbs:
                    return False
                if child.dep_ == "mark" and child.lower_ in ("if", "whether", "unless"):
                    return False
            tried = attempts and self._lemma_of(node) in _ATTEMPT_VERBS
            if node.i != token.i and self._lemma_of(node) in lex.hedge_governors and not tried:
                return False
            if node.dep_ == "acl" and self._lemma_of(node.head) in lex.evidence_nouns:
                return not self._lacking(node.head, node.head.head)  # "no evidence that X spied"
            if (
                node.dep_ == "acl"
                and self._lemma_of(node.head) in lex.claims - lex.source_nouns
                and self._lemma_of(node) not in lex.speech_verbs  # "a warning claiming that ..."
            ):
                return False  # "suggestions that it broke sanctions" are not the speaker's
            if node.dep_ not in ("xcomp", "conj", "ccomp", "pcomp", "dobj", "pobj", "prep"):
                break
            if node.dep_ == "conj" and self._children(node, (*_SUBJECTS, "aux")):
                break  # "X never did A, and Y rejects B", "... and has called B absurd"
            node = node.head
        return True

    def _lacking(self, node: Token, verb: Token) -> bool:
        """Whether the evidence phrase ``node`` (governed by ``verb``) is denied."""
        lex = self.lexicon
        if (
            any(c.lower_ in ("no", "zero") for c in self._dependents(node))
            or verb.lower_ == "without"
        ):
            return True
        if node.dep_ != "dobj":
            return False
        for _ in range(3):  # "has not provided", "failed to provide", "never produced"
            if self._lemma_of(verb) in lex.lacking_verbs or any(
                c.dep_ == "neg" or c.lower_ in lex.negations for c in self._dependents(verb)
            ):
                return True
            if verb.dep_ == "pcomp" and verb.head.lower_ == "without":
                return True  # "without providing any evidence"
            if verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
                break
            verb = verb.head
        return False

    def _predicate(self, verb: Token) -> list[Token]:
        """The verb and its objects and complements, without clauses of their own."""
        tokens = [verb]
        stack = [  # not reasons: "acted because of shortcomings at X" is no wrong of the actor
            c
            for c in self._dependents(verb)
            if c.dep_ in (*_OBJECTS, "xcomp", "prep", "prt", "acomp", "advmod")
            and c.lower_ not in _REASON_WORDS
        ]
        while stack:
            node = stack.pop()
            if any(c.dep_ in _SUBJECTS for c in self._dependents(node)) and node.i != verb.i:
                continue
            tokens.append(node)
            stack.extend(
                c for c in self._dependents(node) if c.dep_ not in ("ccomp", "advcl", "relcl")
            )
        return sorted(tokens, key=lambda t: t.i)

    def _claim_text(self, cue: Token) -> str | None:
        """What is alleged: the clause or "of/for ..." phrase of an accusation cue,
        without its leading "that", "of" or "for" ("of hacking" -> "hacking")."""
        for child in self._dependents(cue):
            if child.dep_ == "ccomp" or (
                child.dep_ == "prep" and child.lower_ in ("of", "for", "over", "that")
            ):
                tokens = [t for t in child.subtree if not t.is_space]
                if child.dep_ == "prep" or (tokens and tokens[0].dep_ == "mark"):
                    tokens = tokens[1:]
                return _phrase(tokens) or None
        for child in self._dependents(cue):
            if child.dep_ in ("acl", "relcl") and self._lemma_of(child) in (
                "claim",
                "allege",
                "say",
            ):
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
        sent = self._sentence(cue)
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

    def _since(self, cue: Token, back: int) -> int:
        """Character offset where the sentence ``back`` sentences before ``cue``'s starts."""
        here = self._sent_of[cue.i]
        return self._sents[max(here - back, 0)].start_char

    def _last_sentence_of(
        self, wanted: Callable[[Relation], bool], since: int = 0
    ) -> list[Relation]:
        """The ``wanted`` relations of the last sentence (from offset ``since``) that has one."""
        for last in reversed(self.found):
            if last.evidence.start < since:
                break
            if wanted(last):
                return [r for r in self.found if wanted(r) and r.evidence == last.evidence]
        return []

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
