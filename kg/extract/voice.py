"""Who is speaking: the voice of each sentence and quotation.

Three layers decide who says a sentence, innermost first:

1. an inline quotation ("...," X said) belongs to the speaker named beside it;
2. a paragraph can belong to a speaker: transcript turns ("Q:", "A:",
   "Mao Ning: ..."), and block quotes introduced by a colon ("Raab said:");
3. otherwise the article's own voice (``None``).

Separately, the *document speaker* of an official statement (an embassy's
or ministry's remarks, a government press release) is the author of claims
the text makes in its own voice, from the title and publisher metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.actors import Mention, canonical_label, guess_type
from kg.extract.coref import FIRST_PERSON
from kg.extract.lexicon import Lexicon
from kg.extract.sentences import Sentences
from kg.gazetteer import Gazetteer
from kg.records import Actor, ActorType, Article
from kg.text import slugify

_TURN_RE = re.compile(r"^\s*([^\n:]{1,60}?)\s*[:\uff1a]\s*\S")
_QUESTION_TURNS = frozenset({"q", "question", "reporter", "journalist"})
_ANSWER_TURNS = frozenset({"a", "answer"})
_ASKER_RE = re.compile(r"^(?:q|question|reporter|journalist)\s*\(([^()]{2,50})\)$", re.I)
_OFFICIAL_RE = re.compile(
    r"\b(?:Embassy|Consulate|Ministry|Government|Department|Office|Mission|Spokes\w+)\b"
)
_SPOKES_NAME_RE = re.compile(
    r"Spokes(?:person|man|woman)\s+((?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+)(?:['\u2019]s\b|[\s,;:]|$)"
)
_NOT_NAMES = frozenset(
    [
        "Remarks",
        "Responds",
        "Speaks",
        "Answers",
        "Statement",
        "Comments",
        "Regular",
        "Press",
        "Letter",
        "On",
        "Of",
    ]
)
# "Briefing by Deputy Director of the Information and Press Department Alexey
# Fadeev, Moscow": the name is the run of capitalised words ending the by-phrase.
_BY_SPEAKER_RE = re.compile(
    r"^(?:Briefing|Remarks|Statement|Comments?|Speech|Interview|Answers?|Press conference)\b"
    r".*?\bby (.+?)(?:,| on | at | regarding | to |$)"
)
_ROLE_WORDS = frozenset(
    [
        "Department",
        "Official",
        "Director",
        "Minister",
        "Ministry",
        "Spokesperson",
        "Spokesman",
        "Spokeswoman",
        "Ambassador",
        "Secretary",
        "Deputy",
        "Office",
        "Press",
        "Information",
        "Affairs",
        "Foreign",
        "General",
        "Chief",
        "Head",
        "Counsellor",
        "Consul",
        "Embassy",
        "Mission",
        "President",
        "Premier",
        "Chancellor",
        "Commissioner",
        "Chargé",
        "Envoy",
    ]
)
_SPOKES_OF_RE = re.compile(
    r"Spokes(?:person|man|woman) of (?:the )?(.+?)(?: on | Speaks| Responds| Answers|"
    r" Regarding|['\u2019]s |$)"
)
_OWNER_SPOKES_RE = re.compile(r"^(?:The )?(.+?) Spokes(?:person|man|woman)")
_NOT_SPEAKERS = frozenset(
    [
        "Note",
        "Notes",
        "Update",
        "Updated",
        "Editor",
        "Source",
        "Sources",
        "Photo",
        "Correction",
        "Related",
        "Read",
        "Disclaimer",
        "Summary",
        "Background",
        "Keywords",
        "Tags",
        "Image",
        "Video",
        "Watch",
        "See",
        "Also",
        "Share",
        "Contact",
        "Email",
        "Date",
        "Time",
        "Title",
        "Subject",
        "Location",
        "Published",
        "Posted",
        "Author",
        "By",
        "Comments",
        "Reply",
        "Figure",
        "Table",
    ]
)
_QUOTES = {"\u201c": "\u201d", '"': '"', "\u00ab": "\u00bb"}
_QUOTE_ENDS = frozenset(_QUOTES.values())


@dataclass(frozen=True)
class Voices:
    """Speakers of one document.

    ``sentence_speaker[i]`` is who says sentence ``i`` (``None``: the article),
    ``sentence_asserter[i]`` who stands behind its claims (the document speaker
    of an official statement where the article speaks, none in a question),
    ``quote_speaker`` maps token indices inside quotations to their speaker,
    and ``document_speaker`` is the author of an official statement.
    """

    sentence_speaker: tuple[Actor | None, ...]
    sentence_asserter: tuple[Actor | None, ...]
    quote_speaker: dict[int, Actor | None]
    document_speaker: Actor | None
    document_publisher: Actor | None
    publisher: Actor | None
    turn_speakers: tuple[tuple[int, Actor], ...]
    title_line: int | None


def document_speaker(article: Article, gazetteer: Gazetteer) -> Actor | None:
    """The body speaking in an official statement, from the title and publisher.

    >>> from kg.gazetteer import Gazetteer
    >>> art = Article("We object.", "x.txt",
    ...     title="Foreign Ministry Spokesperson Geng Shuang's Remarks on Huawei",
    ...     publisher="Ministry of Foreign Affairs")
    >>> document_speaker(art, Gazetteer([])).label
    'Geng Shuang'
    >>> document_speaker(Article("We object.", "z.txt",
    ...     title="Briefing by Deputy Director of the Press Department Alexey Fadeev, Moscow",
    ...     publisher="Ministry of Foreign Affairs"), Gazetteer([])).label
    'Alexey Fadeev'
    >>> document_speaker(Article("Text.", "y.txt", title="Huawei sues", publisher="Ausdroid"),
    ...                  Gazetteer([])) is None
    True
    """
    title = article.title or ""
    publisher = _publisher_name(article.publisher or "", gazetteer)
    if not _OFFICIAL_RE.search(title) and not _OFFICIAL_RE.search(article.publisher or ""):
        return None
    named = _SPOKES_NAME_RE.search(title)
    if named and named.group(1).split()[0] not in _NOT_NAMES:
        return _actor(named.group(1), "PERSON", gazetteer)
    by = _BY_SPEAKER_RE.match(title)
    name = _trailing_name(by.group(1)) if by else None
    if name is not None:
        return _actor(name, "PERSON", gazetteer)
    owner = _SPOKES_OF_RE.search(title) or _OWNER_SPOKES_RE.search(title)
    if owner and re.search(r"\bby\b", owner.group(1)):
        owner = None  # "Transcript of Media Briefing by the Official Spokesperson"
    if owner:
        name = canonical_label(owner.group(1), "ORG")
        if publisher and (publisher.startswith(name) or name in publisher or len(name) < 10):
            return _actor(publisher, "ORG", gazetteer)
        return _actor(name, "ORG", gazetteer)
    if publisher and _OFFICIAL_RE.search(publisher):
        return _actor(publisher, "ORG", gazetteer)
    return None


def _trailing_name(phrase: str) -> str | None:
    """The two or three capitalised words that end ``phrase`` after its role words:
    "Deputy Director of the Press Department Alexey Fadeev" -> "Alexey Fadeev"."""
    words: list[str] = []
    for word in reversed(phrase.split()):
        if not word[:1].isupper() or word in _ROLE_WORDS or len(words) == 3:
            break
        words.insert(0, word)
    return " ".join(words) if len(words) >= 2 else None


def publisher_actor(article: Article, gazetteer: Gazetteer) -> Actor | None:
    """The official body that published a statement (an embassy, a ministry), if any."""
    name = _publisher_name(article.publisher or "", gazetteer)
    if name and _OFFICIAL_RE.search(name):
        return _actor(name, "ORG", gazetteer)
    return None


def _same_text(a: str, b: str | None) -> bool:
    return b is not None and " ".join(a.split()) == " ".join(b.split())


def _publisher_name(publisher: str, gazetteer: Gazetteer) -> str:
    """Official name of a publisher: "Embassy of the People's Republic of China in
    Sweden (x.se)" -> "Chinese Embassy in Sweden", "Ministry of External Affairs,
    Government of India" -> "Indian Ministry of External Affairs"."""
    name = re.split(r"\s+[/(\u2013\u2014-]\s*|\s+\(", publisher)[0].strip()
    name = re.sub(r"\bin (?:the )?Kingdom of (?=(?:the )?[A-Z])", "in ", name)
    government = re.match(r"^(.+?),\s+Government of (?:the )?(.+)$", name)
    if government:  # "Ministry of External Affairs, Government of India"
        adjective = gazetteer.adjective(gazetteer.lookup(government.group(2)))
        name = f"{adjective} {government.group(1)}" if adjective else government.group(1)
    match = re.match(r"^(.+?) of (?:the )?(.+?)(?= in |$)(.*)$", name)
    if match and not gazetteer.lookup(name):
        state = gazetteer.lookup(match.group(2))
        adjective = gazetteer.adjective(state)
        if state is not None and state.type is ActorType.GOVERNMENT and adjective:
            place = re.sub(r"^ in ", "", match.group(3))
            where = f" in {gazetteer.place_name(place)}" if place else match.group(3)
            return f"{adjective} {match.group(1)}{where}"
    return name


def _actor(name: str, ner_label: str, gazetteer: Gazetteer) -> Actor:
    known = gazetteer.lookup(name)
    if known is not None:
        return known
    label = canonical_label(name, ner_label)
    return Actor(slugify(label), label, guess_type(label, ner_label))


def find_voices(
    doc: Doc,
    article: Article,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    lexicon: Lexicon,
    sentences: Sentences | None = None,
) -> Voices:
    """Assign a speaker to every sentence and quotation of ``doc`` (whose
    :class:`~kg.extract.sentences.Sentences` the caller may have)."""
    sentences = Sentences(doc) if sentences is None else sentences
    sents = sentences.spans
    speaker_doc = document_speaker(article, gazetteer)
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    paragraphs = _paragraphs(sents)
    speakers: list[Actor | None] = [None] * len(sents)
    asserters: list[Actor | None] = [None] * len(sents)
    turns: list[tuple[int, Actor]] = []
    current: Actor | None = None
    block: Actor | None = None
    block_left = 0
    block_open_ended = False
    in_transcript = False
    asked = False
    title_line = 0 if sents and _same_text(sents[0].text, article.title) else None
    for para in paragraphs:
        span = doc[sents[para[0]].start : sents[para[-1]].end]
        is_title = para[0] == title_line  # "Türkiye: 42 hours of throttling" is no turn
        turn = None if is_title else _turn(span, by_token, speaker_doc, gazetteer)
        if turn is not None:
            in_transcript = True
            current = turn[1]
            block, block_left = None, 0
            if turn[1] is not None and turn[0]:
                turns.append((para[0], turn[1]))
            asked = turn[1] is None or span.text.rstrip().endswith("?")
        elif in_transcript and asked:
            current, asked = speaker_doc, False
        elif block is not None and (block_open_ended or block_left > 0):
            if _has_attribution(para, sents, lexicon, by_token) and not block_open_ended:
                block, block_left = None, 0
            block_left -= 1
        else:
            block = None
        voice = block if block is not None else (current if in_transcript else None)
        for i in para:
            speakers[i] = voice
            asserters[i] = voice if voice is not None or in_transcript else speaker_doc
        intro = sents[para[-1]]
        if intro.text.rstrip().endswith(":") and not intro.text.rstrip().endswith("::"):
            who = _intro_speaker(intro, by_token, lexicon, speakers[para[-1]], speaker_doc)
            if who is not None:
                block, block_left = who, 2
                block_open_ended = "following" in intro.text.lower()
    return Voices(
        sentence_speaker=tuple(speakers),
        sentence_asserter=tuple(asserters),
        quote_speaker=_quotations(doc, sentences, speakers, by_token, lexicon),
        document_speaker=speaker_doc,
        document_publisher=publisher_actor(article, gazetteer),
        publisher=_actor(_publisher_name(article.publisher or "", gazetteer), "ORG", gazetteer)
        if article.publisher
        else None,
        turn_speakers=tuple(turns),
        title_line=title_line,
    )


def _paragraphs(sents: list[Span]) -> list[list[int]]:
    """Group sentence indices into paragraphs (split at line breaks)."""
    paragraphs: list[list[int]] = []
    text = sents[0].doc.text if sents else ""
    for i, sent in enumerate(sents):  # a break in the previous sentence or after it
        if not i or "\n" in text[sents[i - 1].start_char : sent.start_char]:
            paragraphs.append([i])
        else:
            paragraphs[-1].append(i)
    return paragraphs


def _turn(
    para: Span, by_token: dict[int, Mention], speaker_doc: Actor | None, gazetteer: Gazetteer
) -> tuple[bool, Actor | None] | None:
    """``(named, speaker)`` when the paragraph opens a transcript turn "Name: ...".

    ``named`` is true when the turn names its speaker (the article cites them).
    """
    match = _TURN_RE.match(para.text)
    if match is None:
        return None
    prefix = match.group(1).strip()
    asker = _ASKER_RE.match(prefix)  # "Question (RIA Novosti)": a named outlet asks
    if asker is not None:
        return (True, _actor(asker.group(1).strip(), "ORG", gazetteer))
    if prefix.lower() in _QUESTION_TURNS:
        return (False, None)
    if prefix.lower() in _ANSWER_TURNS:
        return (False, speaker_doc)
    end_char = para.start_char + para.text.index(prefix) + len(prefix)
    tokens = [t for t in para if t.idx < end_char and not t.is_space]
    if not tokens or len(tokens) > 8 or tokens[0].text in _NOT_SPEAKERS:
        return None
    named = _named_part(tokens)  # "Nidhi Sharma (Indus Times)", "Spokesperson, Shri R. Anand"
    if named is not None:
        return (True, _actor(named, "PERSON", gazetteer))
    if len(tokens) > 6:
        return None
    mentioned = [by_token[t.i] for t in tokens if t.i in by_token]
    covered = sum(1 for t in tokens if t.i in by_token)
    if mentioned and covered >= len(tokens) - 1:
        return (True, mentioned[-1].actor)
    if all(t.text[:1].isupper() or t.is_punct for t in tokens):
        ner = "PERSON" if any(t.ent_type_ == "PERSON" for t in tokens) else "ORG"
        return (True, _actor(prefix, ner, gazetteer))
    return None


def _named_part(tokens: list[Token]) -> str | None:
    """The person's name in a turn label that also gives a role or an outlet:
    "Official Spokesperson, Shri Rakesh Anand", "Nidhi Sharma (Indus Times)"."""
    parts: list[list[Token]] = [[]]
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token.text, 0)
        if token.text in (",", "(", ")"):
            parts.append([])
        elif depth == 0:  # what is in brackets is the outlet or the place
            parts[-1].append(token)
    names = [p for p in parts if p and not all(t.text in _ROLE_WORDS for t in p)]
    if len(parts) < 2 or len(names) != 1 or not 2 <= len(names[0]) <= 4:
        return None
    if not all(t.text[:1].isupper() for t in names[0]):
        return None
    return " ".join(t.text for t in names[0])


def _has_attribution(
    para: list[int], sents: list[Span], lexicon: Lexicon, by_token: dict[int, Mention]
) -> bool:
    for i in para:
        for token in sents[i]:
            speech = token.lemma_.lower() in lexicon.speech_verbs and token.pos_ == "VERB"
            if speech and any(c.dep_ == "nsubj" and c.i in by_token for c in token.children):
                return True
            if token.lower_ == "according":
                return True
    return False


def _intro_speaker(
    sent: Span,
    by_token: dict[int, Mention],
    lexicon: Lexicon,
    outer: Actor | None,
    speaker_doc: Actor | None,
) -> Actor | None:
    """Speaker of a block quote introduced by ``sent`` ("X said:")."""
    for token in sent:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.head.dep_ not in ("ROOT", "conj"):
            continue
        if token.i in by_token:
            return by_token[token.i].actor
        if token.lower_ in FIRST_PERSON:
            return outer
        if token.lemma_.lower() in ("spokesperson", "spokesman", "spokeswoman"):
            for t in token.subtree:
                if t.i in by_token:
                    return by_token[t.i].actor
            return speaker_doc
    words = {t.lemma_.lower() for t in sent}
    if words & (lexicon.speech_verbs | lexicon.source_nouns):
        mentioned = [by_token[t.i].actor for t in sent if t.i in by_token]
        return mentioned[0] if mentioned else None
    return None


def _quotations(
    doc: Doc,
    sentences: Sentences,
    speakers: list[Actor | None],
    by_token: dict[int, Mention],
    lexicon: Lexicon,
) -> dict[int, Actor | None]:
    """Speaker of every token inside quotation marks."""
    result: dict[int, Actor | None] = {}
    sent_of = sentences.number
    for start, end in _quote_spans(doc):
        inside = range(start + 1, end)
        if end - start < 4:
            continue
        near = {sent_of[start], sent_of[end]}
        speaker = None
        for k in sorted(near):
            speaker = _attributed(sentences[k], start, end, by_token, lexicon)
            if speaker is not None:
                break
        if speaker is None:
            speaker = speakers[sent_of[start]]
        for i in inside:
            result[i] = speaker
    return result


def _quote_spans(doc: Doc) -> list[tuple[int, int]]:
    """Token index pairs of opening and closing quotation marks."""
    spans = []
    open_at: int | None = None
    closer = ""
    for token in doc:
        text = token.text
        if open_at is None and text in _QUOTES:
            open_at, closer = token.i, _QUOTES[text]
        elif open_at is not None and (text == closer or (text in _QUOTE_ENDS and text != '"')):
            spans.append((open_at, token.i))
            open_at = None
        elif open_at is not None and "\n\n" in text:
            open_at = None
    return spans


def _attributed(
    sent: Span, start: int, end: int, by_token: dict[int, Mention], lexicon: Lexicon
) -> Actor | None:
    """Subject of a speech verb outside the quotation [start, end] in ``sent``."""
    for token in sent:
        if start <= token.i <= end or token.lemma_.lower() not in lexicon.speech_verbs:
            continue
        for child in token.children:
            if child.dep_ == "nsubj" and not start <= child.i <= end:
                for t in child.subtree:
                    if t.i in by_token:
                        return by_token[t.i].actor
    return None
