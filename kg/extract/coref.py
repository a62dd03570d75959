"""Rule-based coreference for actor mentions.

Resolves what a noun phrase refers to: a named mention, a pronoun ("it",
"they", "he", "she" and their possessives), first person ("we", "our", "I")
to the current speaker, a definite description ("the company", "the agency",
"the Journal") to the most recent actor of the matching type, and a
spokesperson or official to the body they speak for.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.actors import Mention
from kg.extract.sentences import Sentences
from kg.gazetteer import is_threat_group_name
from kg.records import Actor, ActorType

FIRST_PERSON = frozenset(["we", "us", "our", "ours", "i", "me", "my", "mine"])
_SINGULAR_NONPERSON = frozenset(["it", "its", "itself"])
_PLURAL = frozenset(["they", "them", "their", "theirs", "themselves"])
_PERSON = frozenset(["he", "him", "his", "himself", "she", "her", "hers", "herself"])
_ORG_TYPES = frozenset(
    {
        ActorType.COMPANY,
        ActorType.AGENCY,
        ActorType.GOVERNMENT,
        ActorType.MEDIA_OUTLET,
        ActorType.ORGANIZATION,
    }
)
DESCRIPTIONS: dict[str, frozenset[ActorType]] = {
    **dict.fromkeys(
        [
            "company",
            "firm",
            "giant",
            "maker",
            "vendor",
            "supplier",
            "manufacturer",
            "carrier",
            "operator",
            "provider",
            "corporation",
            "conglomerate",
            "business",
            "app",
            "platform",
            "chipmaker",
            "exchange",
        ],
        frozenset({ActorType.COMPANY}),
    ),
    **dict.fromkeys(
        [
            "agency",
            "bureau",
            "department",
            "ministry",
            "embassy",
            "consulate",
            "regulator",
            "court",
        ],
        frozenset({ActorType.AGENCY}),
    ),
    **dict.fromkeys(
        ["government", "administration", "state", "regime", "country"],
        frozenset({ActorType.GOVERNMENT}),
    ),
    **dict.fromkeys(
        [
            "newspaper",
            "paper",
            "journal",
            "outlet",
            "publication",
            "broadcaster",
            "magazine",
            "daily",
        ],
        frozenset({ActorType.MEDIA_OUTLET}),
    ),
    **dict.fromkeys(
        [
            "organization",
            "organisation",
            "group",
            "lab",
            "laboratory",
            "foundation",
            "watchdog",
            "researchers",
            "consortium",
            "coalition",
            "alliance",
        ],
        frozenset({ActorType.ORGANIZATION, ActorType.COMPANY}),
    ),
}
# Nouns for someone who speaks for a body: "a Huawei spokesman" is Huawei.
SPOKES_NOUNS = frozenset(
    [
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "spokespeople",
        "representative",
        "representatives",
        "official",
        "officials",
        "source",
        "sources",
        "statement",
        # staff acting for their employer: "ByteDance employees accessed the data"
        *("employee", "employees", "executive", "executives", "staff", "engineer", "engineers"),
        *("officer", "officers", "agent", "agents", "personnel", "manager", "managers"),
        *("director", "directors", "lawyer", "lawyers", "attorney", "attorneys"),
        *("researcher", "researchers", "analyst", "analysts", "expert", "experts"),
        *("lawmaker", "lawmakers", "member", "members", "leader", "leaders"),
    ]
)
_WINDOW = 3  # sentences to look back for an antecedent
_COUNTS = {"both": 2, "two": 2, "three": 3}


_RELATIVE = frozenset(["who", "which", "that"])


class Resolver:
    """Find the actors a token refers to, given the document's mentions."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[Mention],
        publisher: Actor | None = None,
        default_administration: Actor | None = None,
        sentences: Sentences | None = None,
    ) -> None:
        self.doc = doc
        self.publisher = publisher
        """Who "we" is where the article speaks: its publisher, if the text names it."""
        self.default_administration = default_administration
        """Who a bare "the administration" is when no administration was named."""
        self.mentions = mentions
        self.sentences = Sentences(doc) if sentences is None else sentences
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            for i in range(mention.start, mention.end):
                self.by_token[i] = mention

    def actors(self, token: Token, speaker: Actor | None) -> list[Actor]:
        """Actors denoted by the phrase headed by ``token``, conjuncts included."""
        appositions = [c for c in token.children if c.dep_ == "appos"]
        named = [
            self.by_token[c.i].actor
            for c in appositions
            if c.i in self.by_token and self.by_token[c.i].actor.type is ActorType.PERSON
        ]
        if token.lemma_.lower() in SPOKES_NOUNS and named:
            return named[:1]  # "the embassy's spokesperson, Ji Rong": the named person (cl. 1)
        found: list[Actor] = []
        for tok in [token, *_conjuncts(token), *self._sponsors(token)]:
            group: list[Actor | None] = []
            if tok.lower_ in _PLURAL:
                group.extend(self._plural(tok))
            group.extend(self._counted(tok))
            for actor in group or [self.actor(tok, speaker)]:
                if actor is not None and actor not in found:
                    found.append(actor)
        if not found and token.i not in self.by_token:  # "Sir, the embassy's spokesperson, ..."
            for apposition in appositions:
                if apposition.lemma_.lower() in SPOKES_NOUNS:
                    found += [a for a in self.actors(apposition, speaker) if a not in found]
        return found

    def _sponsors(self, token: Token) -> list[Token]:
        """The state behind a named group, given in apposition: "APT40, a
        Chinese state-sponsored group" (GUIDELINES.md clarification 4)."""
        mention = self.by_token.get(token.i)
        if mention is None or mention.actor.type is not ActorType.ORGANIZATION:
            return []
        return [
            child
            for child in token.children
            if child.dep_ == "appos"
            and child.i in self.by_token
            and self.by_token[child.i].actor.type is ActorType.GOVERNMENT
        ]

    def _counted(self, token: Token) -> list[Actor]:
        """ "both companies", "the two firms": the last actors of that kind named."""
        types = DESCRIPTIONS.get(token.lemma_.lower())
        count = next(
            (
                _COUNTS[c.lower_]
                for c in token.children
                if c.lower_ in _COUNTS and c.dep_ in ("det", "predet", "preconj", "nummod")
            ),
            0,
        )
        if not types or not count or token.tag_ != "NNS":
            return []
        here = self.sentences.number[token.i]
        start = self.sentences[max(0, here - _WINDOW)].start
        found: list[Actor] = []
        for mention in reversed(self.mentions):
            if start <= mention.start and mention.end <= token.i and mention.actor.type in types:
                if mention.actor not in found:
                    found.append(mention.actor)
                if len(found) == count:
                    return found
        return []

    def other_than(self, pronoun: Token, actor: Actor) -> list[Actor]:
        """What a third-person pronoun refers to when it cannot be ``actor``: in
        "Beijing rejected their claims", "their" is not Beijing."""
        if pronoun.lower_ in _PLURAL:
            return [a for a in self._plural(pronoun, actor) if a != actor]
        types = _ORG_TYPES if pronoun.lower_ in _SINGULAR_NONPERSON else None
        if pronoun.lower_ in _PERSON:
            types = frozenset({ActorType.PERSON})
        mention = self._antecedent_mention(pronoun, types, actor) if types else None
        return [mention.actor] if mention else []

    def _plural(self, pronoun: Token, exclude: Actor | None = None) -> list[Actor]:
        """All actors of a listed antecedent: "The FBI and CISA ... They ..."."""
        mention = self._antecedent_mention(pronoun, _ORG_TYPES, exclude)
        if mention is None:
            return []
        heads = _conjuncts(self.doc[mention.head])
        listed = [self.by_token[c.i] for c in heads if c.i in self.by_token]
        return [mention.actor, *(m.actor for m in listed if m.actor.type in _ORG_TYPES)]

    def actor(self, token: Token, speaker: Actor | None) -> Actor | None:
        """The one actor ``token`` refers to, if it can be resolved."""
        mention = self.by_token.get(token.i)
        if mention is not None:
            return self._titled_person(mention, token) or mention.actor
        if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
            return self.actor(token.head.head, speaker)  # "X, who said ..."
        if token.lemma_.lower() in DESCRIPTIONS:
            for child in token.children:
                if child.dep_ == "appos" and child.i in self.by_token:
                    return self.by_token[child.i].actor
        lower = token.lower_
        if lower in FIRST_PERSON:
            return speaker or self.publisher
        if lower in _SINGULAR_NONPERSON:
            return self.antecedent(token, _ORG_TYPES)
        if lower in _PLURAL:
            return self.antecedent(token, _ORG_TYPES)
        if lower in _PERSON:
            return self.antecedent(token, frozenset({ActorType.PERSON}))
        if token.pos_ in ("NOUN", "PROPN"):
            return self._described(token, speaker)
        return None

    def _titled_person(self, mention: Mention, token: Token) -> Actor | None:
        """The person a title names: in "the Director of National Intelligence James
        Clapper" the office is a title and the person the referent."""
        if mention.actor.type not in (ActorType.AGENCY, ActorType.GOVERNMENT):
            return None
        following = self.by_token.get(mention.end)
        if following is None or following.actor.type is not ActorType.PERSON:
            return None
        subtree = range(token.left_edge.i, token.right_edge.i + 1)
        return following.actor if following.head in subtree else None

    def _described(self, token: Token, speaker: Actor | None) -> Actor | None:
        lemma = token.lemma_.lower()
        if lemma in SPOKES_NOUNS:
            for child in token.children:
                if child.dep_ in ("compound", "poss", "nmod", "amod") and child.i in self.by_token:
                    return self.by_token[child.i].actor
                kind = DESCRIPTIONS.get(child.lemma_.lower())
                if child.dep_ == "compound" and child.lemma_.lower() == "administration":
                    return self.administration(child)  # "a senior administration official"
                if child.dep_ == "compound" and kind:  # "a department spokesperson"
                    return self.antecedent(child, kind)
                if child.dep_ == "prep" and child.lower_ in ("of", "for", "from", "at"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return self.actor(pobj, speaker)
            return None
        types = DESCRIPTIONS.get(lemma)
        definite = any(c.dep_ in ("det", "poss") for c in token.children)
        modified = any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in token.children)
        if lemma == "administration" and definite and not modified:
            return self.administration(token)
        named = any(  # "the outlets RT and X", but not "the company and Mr. X"
            c.i in self.by_token for c in token.children if c.dep_ not in ("conj", "cc")
        )
        if (
            types
            and definite
            and not named
            and not any(c.dep_ == "compound" for c in token.children)
        ):
            if speaker is not None and speaker.type in types:
                return speaker  # "the company" in the company's own words
            found = self.antecedent(token, types)
            if found is None and ActorType.COMPANY in types:  # a company the NER did not type
                unknown = self.antecedent(token, frozenset({ActorType.ORGANIZATION}))
                if unknown is not None and not is_threat_group_name(unknown.label):
                    return unknown
            return found
        return None

    def administration(self, token: Token) -> Actor | None:
        """Resolve "the administration": the government last named with an administration
        ("the Biden administration"), else the United States government, as the
        guideline reads it."""
        for mention in reversed(self.mentions):
            if mention.end > token.i:
                continue
            last = self.doc[mention.end - 1]
            if last.lower_ == "administration" and mention.actor.type is ActorType.GOVERNMENT:
                return mention.actor
        return self.default_administration

    def antecedent(self, token: Token, types: frozenset[ActorType]) -> Actor | None:
        """The actor of the most recent compatible mention before ``token``."""
        mention = self._antecedent_mention(token, types)
        return mention.actor if mention else None

    def _antecedent_mention(
        self, token: Token, types: frozenset[ActorType], exclude: Actor | None = None
    ) -> Mention | None:
        """Most recent compatible mention before ``token`` (not of ``exclude``),
        subjects of the current and previous sentences first."""
        here = self.sentences.number[token.i]
        start = self.sentences[max(0, here - _WINDOW)].start
        before = [m for m in self.mentions if start <= m.start and m.end <= token.i]
        compatible = [m for m in before if m.actor.type in types and m.actor != exclude]
        if not compatible:
            return None
        subjects = [m for m in compatible if self.doc[m.head].dep_ in ("nsubj", "nsubjpass")]
        main = [m for m in subjects if _main_clause(self.doc[m.head])]
        for sent in (here, here - 1):
            for group in (main, subjects):
                in_sent = [m for m in group if self.sentences.number[m.head] == sent]
                if in_sent:
                    return in_sent[-1]
        return compatible[-1]


def _main_clause(subject: Token) -> bool:
    """A subject of the sentence's main verb (or a verb conjoined with it)."""
    verb = subject.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _conjuncts(token: Token) -> list[Token]:
    """Listed heads: "the US and Canada", "A, the B, and the C" (parsed as an
    apposition and a conjunction), "including X", "such as X"."""
    found = list(token.conjuncts)
    for child in token.children:
        dateline = token.ent_type_ == "PERSON" and child.ent_type_ in ("GPE", "DATE")
        if child.dep_ == "appos" and child.pos_ == "PROPN" and not dateline:  # "Li, Beijing,"
            found.extend([child, *child.conjuncts])
        if (child.dep_ == "prep" and child.lower_ in ("including", "like")) or (
            child.dep_ == "prep" and child.lower_ == "as" and child.nbor(-1).lower_ == "such"
        ):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found.extend([pobj, *pobj.conjuncts])
    seen: set[int] = {token.i}
    unique = []
    for t in found:
        if t.i not in seen:
            seen.add(t.i)
            unique.append(t)
    return unique
