"""Actor mentions: find them in a parsed ``Doc`` and map them to canonical actors.

Sources of mentions, in order of trust: gazetteer matches of the EntityRuler
(``ent_id_`` set), descriptions of a state ("US officials", "the Chinese side",
"Chinese state-backed actors"), and spaCy's named entities (PERSON, ORG, GPE)
with a canonical label cleaned of titles, leading "the" and possessives.
Within one article, a surname maps to the full name mentioned elsewhere
("Hoekstra" -> "Pete Hoekstra") and a name to its longer form
("Chinese Embassy" -> "Chinese Embassy in the Netherlands").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.sentences import Sentences
from kg.gazetteer import Gazetteer, is_threat_group_name
from kg.records import Actor, ActorType
from kg.text import clean_mention, normalise_label, slugify

# Nouns that stand for a state when modified by its name or adjective.
STATE_NOUNS = frozenset(
    [
        "side",
        "officials",
        "official",
        "authorities",
        "government",
        "administration",
        "leader",
        "leaders",
        "diplomats",
        "regime",
        "lawmakers",
        "legislators",
        "intelligence",
        "state",
        *("prosecutors", "prosecutor", "investigators", "regulators", "regulator", "police"),
        *("agencies", "services"),  # "US intelligence agencies", "Russian security services"
    ]
)
# Nouns for groups that clarification 4 attributes to a state when "state-backed".
PROXY_NOUNS = frozenset(
    [
        *("actors", "actor", "hackers", "hacker", "groups", "group"),
        *("operators", "operator", "operatives", "operative"),
    ]
)
# "state-backed", "state sponsored", "-affiliated"; and hackers that are the
# state's own: "Russian military intelligence hackers", "Chinese government hackers".
_PROXY_RE = re.compile(
    r"-\s*(?:backed|sponsored|affiliated)\b|\bstate\s+(?:backed|sponsored)"
    r"|\b(?:intelligence|military|government|state|spy)$",
    re.I,
)

_NOT_NAME_POS = frozenset(["VERB", "AUX", "ADP", "ADV", "SCONJ", "CCONJ", "PRON", "PUNCT"])

_TITLES = re.compile(
    r"^(?:(?:Mr|Ms|Mrs|Dr|Prof|Rep|Sen|Gen|Lt|Col|Adm|Gov|Amb|Sir|Dame|Lord|Madam|Shri|Smt|Sri|"
    r"President|Premier|Chancellor|Minister|Secretary|Director|Ambassador|Spokesperson|"
    r"Spokesman|Spokeswoman|Chairman|Chairwoman|Chair|CEO|Founder|Senator|Representative|"
    r"Judge|Justice|Commissioner|Attorney|General|Foreign|Prime|Vice|Deputy|Chief|Executive|"
    r"Officer|Former|former|New|new)\.?\s+)+"
)
_COMPANY_RE = re.compile(
    r"\b(?:Inc|Corp|Corporation|Ltd|LLC|Co|Company|Technologies|Technology|Telecom|"
    r"Telecommunications|Networks|Systems|Holdings|Semiconductors?|Electronics|Software|"
    r"Security|Digital|Mobile|Labs?|Group)\b\.?$"
)
_MEDIA_RE = re.compile(
    r"\b(?:Times|Post|News|Journal|Daily|Herald|Tribune|Gazette|Press|Media|Magazine|"
    r"Broadcasting|Television|TV|Radio|Wire|Review|Observer|Telegraph|Chronicle|Paper)\b"
)
_AGENCY_RE = re.compile(
    r"\b(?:Ministry|Department|Agency|Bureau|Embassy|Consulate|Office|Commission|"
    r"Administration|Council|Court|Centre|Center|Service|Directorate|Authority|Police|"
    r"Army|Navy|Force|Parliament|Congress|Senate|Mission|Laboratory|Institute of)\b"
)
_JOB_TITLES = frozenset(["CEO", "CFO", "COO", "CTO", "CIO", "CISO", "VP", "MP", "MPS", "PM"])
# Turn labels of transcripts ("QUESTION: ...") that the NER model takes for names.
_TURN_WORDS = frozenset(["QUESTION", "ANSWER", "REPORTER", "MODERATOR", "JOURNALIST"])
# Technical terms the NER model often takes for organisations.
_TECH_TERMS = frozenset(
    [
        "ddos",
        "vpn",
        "api",
        "ai",
        "5g",
        "4g",
        "iot",
        "sim",
        "usb",
        "gps",
        "dns",
        "http",
        "https",
        "sms",
        "ssl",
        "tls",
        "euv",
        "saas",
        "cpu",
        "gpu",
        "javascript",
        "java",
        "python",
        "linux",
        "android",
        "ios",
        "windows",
        "wi-fi",
        "bluetooth",
        "html",
        "url",
        "ip",
        "malware",
        "ransomware",
        "spyware",
    ]
)
# Last words of names that the NER takes for organisations but that name lists,
# laws and programmes ("the Entity List", "the Patriot Act"): not actors.
_INSTRUMENT_WORDS = frozenset(
    [
        *("list", "act", "law", "bill", "order", "rule", "regulation", "directive"),
        *("program", "programme", "initiative", "agreement", "treaty", "strategy"),
    ]
)
_NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Last words of a company's units: "Microsoft's Threat Intelligence Center".
_UNIT_WORDS = frozenset(["Center", "Centre", "Group", "Team", "Lab", "Labs", "Unit", "Division"])
# An actor's own channels, which speak for it: "X's official account said".
CHANNEL_NOUNS = frozenset(["account", "handle", "channel", "feed", "page", "website", "blog"])


@dataclass(frozen=True)
class Mention:
    """A span of tokens ``[start, end)`` naming an actor; ``head`` is its syntactic head.

    ``affiliation`` is the state a person is introduced with ("Chinese Premier
    Li Keqiang"), when the text says so.
    """

    start: int
    end: int
    head: int
    actor: Actor
    affiliation: Actor | None = None


def guess_type(label: str, ner_label: str) -> ActorType:
    """Actor type of an unknown actor from its NER label and name.

    >>> guess_type("Qi An Pangu Lab", "ORG").value
    'Company'
    >>> guess_type("Chinese Embassy in Canada", "ORG").value
    'Agency'
    >>> guess_type("Financieele Dagblad", "ORG").value
    'Organization'
    """
    if ner_label == "PERSON":
        return ActorType.PERSON
    if ner_label == "GPE":
        return ActorType.GOVERNMENT
    if _AGENCY_RE.search(label):
        return ActorType.AGENCY
    if _MEDIA_RE.search(label):
        return ActorType.MEDIA_OUTLET
    if _COMPANY_RE.search(label):
        return ActorType.COMPANY
    return ActorType.ORGANIZATION


def canonical_label(text: str, ner_label: str) -> str:
    """Clean label of an unknown actor: no titles, leading "the" or possessive.

    >>> canonical_label("FBI Director Christopher Wray", "PERSON")
    'Christopher Wray'
    >>> canonical_label("the Citizen Lab’s", "ORG")
    'Citizen Lab'
    >>> canonical_label("MR. MILLER", "PERSON")
    'Miller'
    """
    label = clean_mention(text)
    if ner_label == "PERSON" and label.isupper() and len(label) > 3 and len(label.split()) <= 2:
        label = label.title()  # "MR. MILLER:" in a transcript
    if ner_label == "PERSON":
        previous = ""
        while previous != label:
            previous = label
            label = _TITLES.sub("", label)
            label = re.sub(r"^[A-Z]{2,}\s+(?=[A-Z][a-z])", "", label)
    return label.strip()


def find_mentions(
    doc: Doc,
    gazetteer: Gazetteer,
    known: Sequence[Actor] = (),
    speech_verbs: frozenset[str] = frozenset(),
    sentences: Sentences | None = None,
) -> list[Mention]:
    """All actor mentions of a parsed document, canonicalised within the document.

    ``known`` actors (such as the speaker of an official statement) are long
    forms that shorter mentions may stand for. A proper name that is the
    subject of one of ``speech_verbs`` is an actor even when the NER missed it
    ("WazirX disclosed", "Liminal said"). ``sentences`` is the document's
    :class:`~kg.extract.sentences.Sentences`, if the caller has it.
    """
    sentences = Sentences(doc) if sentences is None else sentences
    headlines: dict[int, bool] = {}

    def in_headline(ent: Span) -> bool:
        k = sentences.number[ent.start]
        if k not in headlines:
            headlines[k] = _is_headline(sentences[k])
        return headlines[k]

    raw: list[tuple[Span, Token, Actor]] = []
    taken: set[int] = set()

    def add(span: Span, head: Token, actor: Actor) -> None:
        raw.append((span, head, actor))
        taken.update(range(span.start, span.end))

    for span, head, actor in [*_institutions(doc, gazetteer), *_federal_states(doc, gazetteer)]:
        add(span, head, actor)
    for span, head, actor in _state_descriptions(doc, gazetteer):
        if not any(i in taken for i in range(span.start, span.end)):
            add(span, head, actor)
    for span, head, actor in [
        *_state_bodies(doc, gazetteer, sentences),
        *_placed_bodies(doc, gazetteer, sentences),
        *_missions(doc, gazetteer),
        *_ministries(doc),
        *_campaigns(doc),
    ]:
        if not any(i in taken for i in range(span.start, span.end)):
            add(span, head, actor)
    ents = doc.ents
    body_labels = {normalise_label(e.text) for e in ents if not e.ent_id_ and not in_headline(e)}
    longer = {ent.start: name for ent in ents if (name := _longer_name(ent, gazetteer, sentences))}
    absorbed = {i for name in longer.values() for i in range(name.start, name.end)}
    for ent in ents:
        if any(i in taken for i in range(ent.start, ent.end)):
            continue
        if ent.start in longer:
            ent = longer[ent.start]
            found = _ner_actor(ent.text, ent.label_, gazetteer)
        elif (
            absorbed.issuperset(range(ent.start, ent.end))
            or _is_title(ent)
            or _is_heading(ent, sentences.of(ent))
            or _is_channel_name(ent)
        ):
            continue
        else:
            ent = _trimmed(ent)
            found = _unit_owner(ent, raw) or _entity_actor(ent, gazetteer)
        if found is None:
            continue
        if not ent.ent_id_ and in_headline(ent) and normalise_label(ent.text) not in body_labels:
            continue
        add(ent, ent.root, found)
    for span, head, actor in [
        *_named_by_apposition(doc, taken),
        *_speaking_names(doc, taken, gazetteer, speech_verbs, sentences),
    ]:
        add(span, head, actor)
    for span, head, actor in _repeated_names(doc, taken, [a for _, _, a in raw]):
        add(span, head, actor)
    aliases = _within_document_aliases([a for _, _, a in raw], list(known))
    actor_at = {i: aliases.get(a, a) for span, _, a in raw for i in range(span.start, span.end)}
    mentions = []
    for span, head, actor in raw:
        actor = aliases.get(actor, actor)
        affiliation = None
        if actor.type is ActorType.PERSON:
            affiliation = _affiliation(span, actor_at, gazetteer, sentences)
        mentions.append(Mention(span.start, span.end, head.i, actor, affiliation))
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _unit_owner(ent: Span, raw: list[tuple[Span, Token, Actor]]) -> Actor | None:
    """ "Microsoft's Threat Analysis Center", "Google's Threat Analysis Group": a
    company's unit, named after the company's possessive, speaks for the company."""
    if ent[-1].text not in _UNIT_WORDS:
        return None
    owners = [c for c in ent.root.children if c.dep_ == "poss"]
    for span, _, actor in raw if owners else []:
        if span.start <= owners[0].i < span.end and actor.type is ActorType.COMPANY:
            return actor
    return None


def _is_channel_name(ent: Span) -> bool:
    """ "its Global Government Affairs account", "Apple's Newsroom blog": the name
    of an actor's own channel, which is that actor speaking, not another actor."""
    head = ent.root.head
    return (
        ent.root.dep_ == "compound"
        and head.lemma_.lower() in CHANNEL_NOUNS
        and any(c.dep_ == "poss" for c in head.children)
    )


def _is_headline(sent: Span) -> bool:
    """Title-case lines ("China's Premier Rejects US Hacking Accusations"), where
    the NER model mistakes words for names."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and all(t.text[0].isupper() for t in words)


def _named_by_apposition(doc: Doc, taken: set[int]) -> list[tuple[Span, Token, Actor]]:
    """ "the internet security company named 360": the name after named/called."""
    found = []
    for token in doc:
        if token.lower_ not in ("named", "called", "dubbed") or token.dep_ != "acl":
            continue
        noun = token.head
        for child in token.children:
            if child.dep_ not in ("oprd", "dobj", "attr", "npadvmod") or child.i in taken:
                continue
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            label = clean_mention(span.text)
            if not label or not (label[0].isupper() or label[0].isdigit()):
                continue
            kind = guess_type(label, "ORG")
            if noun.lemma_ in ("company", "firm", "vendor", "maker", "provider"):
                kind = ActorType.COMPANY
            actor = Actor(slugify(label), label, kind)
            found.append((span, child, actor))
            found.append((doc[noun.i : noun.i + 1], noun, actor))
    return found


def _speaking_names(
    doc: Doc, taken: set[int], gazetteer: Gazetteer, verbs: frozenset[str], sentences: Sentences
) -> list[tuple[Span, Token, Actor]]:
    """Proper names that the NER missed but that speak: the subject of "said",
    "disclosed", "denied" is somebody."""
    found = []
    for token in doc:
        if (
            token.pos_ != "PROPN"
            or token.dep_ != "nsubj"
            or token.i in taken
            or token.head.lemma_.lower() not in verbs
            or _is_headline(sentences.of(token))
            or any(c.dep_ == "nsubj" and c.i in taken for c in token.head.children)
            or (token.i + 1 < len(doc) and doc[token.i + 1].text == ":")  # "QUESTION: ..."
        ):
            continue  # a dateline before a subject ("SEOUL, Jan 23 - The ministry said")
        start = token.i
        while start > sentences.of(token).start and doc[start - 1].dep_ == "compound":
            start -= 1
        if (start < token.i and doc[start].pos_ != "PROPN") or any(
            i in taken for i in range(start, token.i)
        ):
            continue
        span = doc[start : token.i + 1]
        if (
            token.tag_ == "NNPS"  # "Two Democrats on the committee, X and Y, wrote"
            or token.ent_type_ == "NORP"
            or not canonical_label(span.text, "PERSON")  # "Vice Minister of ... X said"
        ):
            continue
        actor = _ner_actor(span.text, "ORG", gazetteer)
        if actor is not None and gazetteer.by_demonym(span.text) is None:
            found.append((span, token, actor))
    return found


def _repeated_names(
    doc: Doc, taken: set[int], actors: list[Actor]
) -> list[tuple[Span, Token, Actor]]:
    """Later plain-text occurrences of an unknown actor's name that NER missed."""
    names = {a.label: a for a in actors if a.key == slugify(a.label) and len(a.label) >= 3}
    found = []
    for token in doc:
        actor = names.get(token.text)
        if actor is not None and token.i not in taken and " " not in actor.label:
            found.append((doc[token.i : token.i + 1], token, actor))
    return found


def _affiliation(
    span: Span, actor_at: dict[int, Actor], gazetteer: Gazetteer, sentences: Sentences
) -> Actor | None:
    """The state or organisation a person is introduced with: "Chinese Premier
    Li Keqiang", "TikTok chief executive Shou Zi Chew"."""
    start = max(sentences.of(span).start, span.start - 5)
    for token in reversed(span.doc[start : span.start]):
        if not _modifies(token, span, start):
            continue
        body = actor_at.get(token.i) or _state_of(token, gazetteer)
        if body is not None and body.type is not ActorType.PERSON:
            return body
    return None


def _longer_name(ent: Span, gazetteer: Gazetteer, sentences: Sentences) -> Span | None:
    """The longer proper name that a gazetteer match of an organisation ends, if
    any: "the Brisbane Times" is not "The Times". Modifiers that name a state
    ("US NSA") or another known actor keep the match."""
    doc = ent.doc
    start = ent.start
    sentence_start = sentences.of(ent).start
    while (
        start > sentence_start
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and doc[start - 1].head.i in range(start, ent.end)
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].ent_type_  # the NER reads it as part of a name
        and not doc[start - 1].ent_id_
        and gazetteer.by_demonym(doc[start - 1].text) is None
    ):
        start -= 1
    known = gazetteer.get(ent.ent_id_) if ent.ent_id_ else None
    if start == ent.start or known is None or known.type is ActorType.PERSON:
        return None  # titles before a name ("Spokesperson Geng Shuang") are no part of it
    return Span(doc, start, ent.end, label=ent.label_)


def _is_title(ent: Span) -> bool:
    """An unknown name that opens a quoted title in apposition: the report
    “HKLeaks – The Use of ...” is no actor."""
    doc = ent.doc
    opening = doc[ent.start - 1] if ent.start > 0 else None
    if ent.ent_id_ or opening is None or not opening.is_quote:
        return False
    subtitled = ent.end < len(doc) and doc[ent.end].text in ("–", "—", ":", "-")
    appositive = any(
        t.dep_ == "appos" for t in (ent.root, *ent.root.ancestors) if t.i < ent.end + 12
    )
    return subtitled or appositive


def _is_heading(ent: Span, sentence: Span) -> bool:
    """An unknown name that is a short line (``sentence``, the name's) with no
    verb: a section heading such as "Key Findings"."""
    if ent.ent_id_:
        return False
    words = [t for t in sentence if not (t.is_punct or t.is_space)]
    return (
        len(words) <= 4
        and not any(t.pos_ in ("VERB", "AUX") for t in words)
        and "\n" in ent.doc[sentence.end - 1].text_with_ws + sentence.text
    )


def _trimmed(ent: Span) -> Span:
    """An unmatched entity without the words the NER took in around the name:
    "Citing Commerce Department" -> "Commerce Department", "Matthew Miller,
    Department Spokesperson" -> "Matthew Miller"."""
    start, end = ent.start, ent.end
    while start < end - 1 and ent.doc[start].pos_ in _NOT_NAME_POS:
        start += 1
    if ent.label_ == "PERSON":  # "Matthew Miller, Department Spokesperson": a name has no comma
        end = next((t.i for t in ent.doc[start:end] if t.text == ","), end)
    if (start, end) == (ent.start, ent.end) or start >= end:
        return ent
    return Span(ent.doc, start, end, label=ent.label_)


def _entity_actor(ent: Span, gazetteer: Gazetteer) -> Actor | None:
    if ent.ent_id_:
        if not gazetteer.matches_case(ent.text, ent.ent_id_):
            return None
        return gazetteer.get(ent.ent_id_)
    label = ent.label_
    if label == "GPE" and ent.root.dep_ == "nsubj" and ent.root.head.pos_ == "VERB":
        label = "ORG"  # an unknown "place" that acts is a name the NER mistyped: "Grindr said"
    return _ner_actor(ent.text, label, gazetteer)


def _ner_actor(text: str, ner_label: str, gazetteer: Gazetteer) -> Actor | None:
    """The actor an entity that the gazetteer did not match names, if plausible."""
    if ner_label not in _NER_LABELS or ner_label == "NORP":
        return None
    label = canonical_label(text, ner_label)
    if not _plausible_name(label) or gazetteer.by_demonym(label) is not None:
        return None  # "the Lithuanian findings": an adjective, not somebody
    known = gazetteer.lookup(label)
    if known is not None:
        return known
    if ner_label == "GPE":
        return None
    return Actor(slugify(label), label, guess_type(label, ner_label))


def _plausible_name(label: str) -> bool:
    return (
        len(label) > 1
        and (label[0].isupper() or label[0].isdigit())
        and not label.isdigit()
        and label.upper() not in _JOB_TITLES | _TURN_WORDS
        and not _TITLES.fullmatch(f"{label} ")  # "Sir, the embassy said ..."
        and label.casefold() not in _TECH_TERMS
        and label.split()[-1].casefold() not in _INSTRUMENT_WORDS
    )


def _state_descriptions(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, Token, Actor]]:
    """ "US officials", "the Chinese side", "Chinese state-backed actors"."""
    found = []
    for token in doc:
        lower = token.lower_
        if lower not in STATE_NOUNS and lower not in PROXY_NOUNS:
            continue
        if lower in PROXY_NOUNS:
            sponsor = state_sponsor(token, gazetteer)
            if sponsor is not None:
                found.append((doc[sponsor[0].i : token.i + 1], token, sponsor[1]))
            continue
        left = [t for t in token.lefts if t.dep_ in ("amod", "compound", "nmod", "npadvmod")]
        for mod in left:
            state = _state_of(mod, gazetteer)
            if state is not None:
                start = min(mod.left_edge.i, mod.i)
                found.append((doc[start : token.i + 1], token, state))
                break
    return found


def state_sponsor(noun: Token, gazetteer: Gazetteer) -> tuple[Token, Actor] | None:
    """The state that the words before ``noun`` say backs it, with the first of
    those words: "Chinese state-sponsored (hackers)", "Russian military
    intelligence (hackers)", "Iranian state-backed (cyberattacks)"
    (GUIDELINES.md clarification 4)."""
    doc = noun.doc
    if not _PROXY_RE.search(doc[noun.left_edge.i : noun.i].text.strip()):
        return None
    for mod in doc[noun.left_edge.i : noun.i]:
        state = _state_of(mod, gazetteer)
        if state is not None:
            return doc[min(mod.left_edge.i, mod.i)], state
    return None


_INSTITUTIONS = frozenset(
    ["court", "committee", "subcommittee", "commission", "council", "panel", "tribunal", "board"]
)


def _federal_states(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, Token, Actor]]:
    """ "the state of Arkansas", "the State of Texas": that state's government,
    as the "Arkansas state government" (a country is its national government)."""
    found = []
    for token in doc:
        if token.lower_ != "state" or (token.pos_ != "NOUN" and token.text != "State"):
            continue
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"):
            place = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if place is None or place.ent_type_ != "GPE":
                continue
            name = doc[place.left_edge.i : place.i + 1]
            known = gazetteer.lookup(name.text)
            if known is not None and known.type is ActorType.GOVERNMENT:
                continue  # "the State of Israel" is the Israeli government
            label = f"{name.text} state government"
            span = _without_determiners(doc[token.left_edge.i : place.i + 1])
            found.append((span, token, Actor(slugify(label), label, ActorType.GOVERNMENT)))
    return found


def _institutions(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, Token, Actor]]:
    """Courts and committees named after what they are for: "the U.S. Court of
    Appeals for the Second Circuit", "the House Select Committee on the Chinese
    Communist Party" are one actor each, not the actor their name contains."""
    found = []
    for token in doc:
        if token.lower_ not in _INSTITUTIONS or not token.text[:1].isupper() or token.ent_id_:
            continue
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in _NAMING_PREPS):
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if not objects or not any(t.ent_type_ for t in objects[0].subtree):
                continue
            span = _without_determiners(doc[token.left_edge.i : objects[0].right_edge.i + 1])
            label = clean_mention(span.text)
            known = gazetteer.lookup(label)
            actor = known or Actor(slugify(label), label, guess_type(label, "ORG"))
            found.append((span, token, actor))
            break
    return found


_NAMING_PREPS = frozenset(["on", "for", "of"])


def _without_determiners(span: Span) -> Span:
    """``span`` without its leading determiners ("the House Select Committee")."""
    start = span.start
    while start < span.end - 1 and span.doc[start].pos_ == "DET":
        start += 1
    return span.doc[start : span.end]


_MISSIONS = frozenset(["embassy", "consulate", "mission"])


def _missions(doc: Doc, gazetteer: Gazetteer) -> list[tuple[Span, Token, Actor]]:
    """ "Russia's embassy in Washington", "the Chinese consulate": the state's
    mission, as "<Demonym> Embassy" (an Agency of that state)."""
    found = []
    for token in doc:
        if token.lower_ not in _MISSIONS or token.ent_id_:
            continue
        for mod in (c for c in token.children if c.dep_ in ("poss", "amod", "compound")):
            adjective = gazetteer.adjective(_state_of(mod, gazetteer))
            if adjective is not None:
                label = f"{adjective} {token.lower_.capitalize()}"
                start = min(mod.left_edge.i, token.i)
                end = token.i + 1
                host = next((e for e in doc.ents if e.start in (end + 1, end + 2)), None)
                if host is not None and doc[end].lower_ == "in" and host.label_ == "GPE":
                    end = host.end  # "Russia's embassy in Washington"
                elif host is not None and doc[end].lower_ == "to" and token.lower_ == "mission":
                    label = f"{label} to {doc[end + 1 : host.end].text}"  # "... to the UN"
                    end = host.end
                elif token.lower_ == "mission":
                    break  # "the company's mission" is no diplomatic mission
                found.append(
                    (
                        doc[start:end],
                        token,
                        Actor(slugify(label), label, ActorType.AGENCY),
                    )
                )
                break
    return found


_BODY_WORDS = frozenset(["Ministry", "Embassy", "Consulate"])
_AGENCY_HEADS = frozenset(
    [
        *("Directorate", "Authority", "Agency", "Team", "Centre", "Center", "Office"),
        *("Commission", "Council", "Service", "Bureau", "Administration", "Institute"),
    ]
)


def _placed_bodies(
    doc: Doc, gazetteer: Gazetteer, sentences: Sentences
) -> list[tuple[Span, Token, Actor]]:
    """Agencies named with their country in front, which the NER model tends to
    miss or split: "the Israel National Cyber Directorate", "the Korea Internet
    and Security Agency"."""
    found = []
    for token in doc:
        if token.text not in _AGENCY_HEADS or token.ent_id_:
            continue
        start = token.i
        while start > sentences.of(token).start and (
            doc[start - 1].text[:1].isupper() or doc[start - 1].lower_ == "and"
        ):
            start -= 1
            if _state_of(doc[start], gazetteer) is not None and doc[start].pos_ == "PROPN":
                break
        place = doc[start]
        if start >= token.i - 1 or place.pos_ != "PROPN" or _state_of(place, gazetteer) is None:
            continue
        if any(t.ent_id_ for t in doc[start + 1 : token.i + 1]):
            continue  # a known body ("US Cyber Command") or person
        span = doc[start : token.i + 1]
        label = clean_mention(span.text)
        found.append((span, token, Actor(slugify(label), label, ActorType.AGENCY)))
    return found


_NAME_LINKS = frozenset(["of", "for", "and", "&"])
_STATE_WORDS = frozenset(["of", "the", "republic", "people", "'s", "federal", "democratic"])


def _state_bodies(
    doc: Doc, gazetteer: Gazetteer, sentences: Sentences
) -> list[tuple[Span, Token, Actor]]:
    """Ministries and embassies the gazetteer does not know, named with their
    state as "<Demonym> <Name>": "Serbia's Ministry of Interior" and "the
    Ministry of National Defence of the Republic of Lithuania" are the
    "Serbian Ministry of Interior" and the "Lithuanian Ministry of National
    Defence"; "the Embassy of the People's Republic of China in Lithuania" is
    the "Chinese Embassy in Lithuania"."""
    found = []
    for token in doc:
        if token.text not in _BODY_WORDS or token.ent_id_:
            continue
        sentence = sentences.of(token)
        end = token.i + 1  # the name: capitalised words joined by "of", "and", ...
        while end < sentence.end and (
            doc[end].text[:1].isupper()
            or doc[end].lower_ in _NAME_LINKS | {"the"}
            or (doc[end].lower_ == "'s" and doc[end - 1].text == "People")
        ):
            end += 1
        if end < sentence.end and doc[end].lower_ == "'s":
            end -= 1  # "Kenya's Ministry of ICT and Germany's ...": the owner starts anew
        while end > token.i + 1 and doc[end - 1].lower_ in _NAME_LINKS | {"the"}:
            end -= 1
        state, name_end = None, end
        tail = _state_of(doc[end - 1], gazetteer) if end > token.i + 2 else None
        if tail is not None:  # "... of (the People's Republic of) China"
            k = end - 1
            while k > token.i and (doc[k].ent_type_ == "GPE" or doc[k].lower_ in _STATE_WORDS):
                k -= 1
            while k < end and doc[k].lower_ != "of":
                k += 1
            if k < end:
                state, name_end = tail, k
        start = token.i
        while start > sentence.start and doc[start - 1].text[:1].isupper():
            if _state_of(doc[start - 1], gazetteer) is not None or doc[start - 1].pos_ == "DET":
                break
            start -= 1  # "Federal Ministry"
        begin = start
        if token.text != "Ministry" and state is None:
            continue  # "the Chinese Embassy (in X)" is a mission (_missions)
        if state is None and start >= 2 and doc[start - 1].lower_ == "'s":
            state = _state_of(doc[start - 2], gazetteer)  # "Serbia's Ministry of Interior"
            begin = start - 2 if state else start
        elif state is None and start >= 1:
            state = _state_of(doc[start - 1], gazetteer)  # "the Serbian Ministry of ..."
            begin = start - 1 if state else start
        name = doc[start:name_end].text
        if state is None or (name_end - token.i < 3 and token.text == "Ministry"):
            continue  # a bare "Ministry" is no name
        adjective = gazetteer.adjective(state)
        if adjective is None:
            continue
        place = ""
        if token.text != "Ministry" and end < sentence.end and doc[end].lower_ == "in":
            host = next((e for e in doc.ents if e.start in (end + 1, end + 2)), None)
            if host is not None:  # "Embassy ... in Lithuania"
                place = f" in {gazetteer.place_name(doc[end + 1 : host.end].text)}"
                end = host.end
        label = f"{adjective} {name}{place}"
        span = doc[begin:end]
        actor = gazetteer.lookup(label) or Actor(slugify(label), label, ActorType.AGENCY)
        found.append((span, token, actor))
    return found


def _ministries(doc: Doc) -> list[tuple[Span, Token, Actor]]:
    """A ministry named by its portfolio, as the text names it: "the interior
    ministry", "India's electronics ministry", "the German economy ministry"."""
    found = []
    for token in doc:
        if token.lower_ not in ("ministry", "ministries") or token.ent_type_:
            continue
        portfolio = [c for c in token.children if c.dep_ in ("compound", "amod") and c.is_lower]
        if not portfolio:
            continue
        start = min(c.left_edge.i for c in token.children if c.dep_ in ("compound", "amod", "poss"))
        span = _without_determiners(doc[start : token.i + 1])
        label = clean_mention(span.text)
        found.append((span, token, Actor(slugify(label), label, ActorType.AGENCY)))
    return found


def _campaigns(doc: Doc) -> list[tuple[Span, Token, Actor]]:
    """A candidate's campaign, named after the candidate: "the Trump campaign"."""
    found = []
    for token in doc:
        if token.lower_ != "campaign" or token.ent_type_:
            continue
        names = [c for c in token.children if c.dep_ == "compound" and c.ent_type_ == "PERSON"]
        if not names or is_threat_group_name(names[0].text):
            continue
        span = doc[names[0].left_edge.i : token.i + 1]
        label = clean_mention(span.text)  # "Trump campaign"
        found.append((span, token, Actor(slugify(label), label, ActorType.ORGANIZATION)))
    return found


def _modifies(token: Token, span: Span, start: int) -> bool:
    """Whether ``token`` hangs, through heads at or after ``start``, on ``span``."""
    while start <= token.i < span.start and token.head.i != token.i:
        token = token.head
    return span.start <= token.i < span.end


def _state_of(token: Token, gazetteer: Gazetteer) -> Actor | None:
    """The government a modifier names: a gazetteer government ("US"), a known
    demonym ("Chinese"), or an unknown nationality adjective ("Mexican")."""
    if token.ent_id_:
        actor = gazetteer.get(token.ent_id_)
        return actor if actor and actor.type is ActorType.GOVERNMENT else None
    name = token.text
    if token.ent_type_ == "NORP":  # "North Korean" is one demonym
        name = next((e.text for e in token.doc.ents if e.start <= token.i < e.end), name)
    known = gazetteer.by_demonym(name) or gazetteer.by_demonym(token.text)
    if known is not None or token.ent_type_ != "NORP" or not name[:1].isupper():
        return known
    label = f"{name} government"
    return Actor(slugify(label), label, ActorType.GOVERNMENT)


def _within_document_aliases(actors: list[Actor], known: list[Actor]) -> dict[Actor, Actor]:
    """Map short forms to the longest form of the same name in this document.

    A one-word name maps to a person whose name starts or ends with it ("Mr. Li"
    -> "Li Keqiang", "Hoekstra" -> "Pete Hoekstra"); other names map to a
    longer name of the same type that starts with them ("Chinese Embassy" ->
    "Chinese Embassy in the Netherlands"), or, from two words on, ends with them
    ("Enterprise Chamber" -> "Amsterdam Enterprise Chamber").
    """
    unknown = list(dict.fromkeys(a for a in actors if a.key == slugify(a.label)))
    norms = {a: normalise_label(a.label) for a in [*unknown, *known]}
    aliases: dict[Actor, Actor] = {}
    for short in unknown:
        short_norm = norms[short]
        best = short
        for long in norms:
            long_norm = norms[long]
            if len(long_norm) <= len(norms[best]):
                continue
            person_part = long.type is ActorType.PERSON and (
                long_norm.endswith(" " + short_norm) or long_norm.startswith(short_norm + " ")
            )
            if " " not in short_norm and long.type is ActorType.PERSON:
                best = long if person_part else best
            elif long.type == short.type and (
                person_part
                or long_norm.startswith(short_norm + " ")
                or (" " in short_norm and long_norm.endswith(" " + short_norm))
            ):
                best = long
        if best != short:
            aliases[short] = best
    return aliases
