"""Plain typed records passed between pipeline stages.

Nothing here depends on spaCy or rdflib: stages downstream of extraction see
only these dataclasses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class ActorType(StrEnum):
    """The kinds of actor the ontology knows (``kg:Company`` ...)."""

    COMPANY = "Company"
    GOVERNMENT = "Government"
    AGENCY = "Agency"
    MEDIA_OUTLET = "MediaOutlet"
    PERSON = "Person"
    ORGANIZATION = "Organization"


class RelationType(StrEnum):
    """Relation types; the first three are the scored core."""

    ACCUSES = "accuses"
    DENIES = "denies"
    CITES = "cites"
    CRITICIZES = "criticizes"
    DEMANDS = "demands"
    THREATENS = "threatens"
    SANCTIONS = "sanctions"
    DEFENDS = "defends"


ARTICLE_VOICE = "@article"
"""Label used for the article's own voice as the agent of ``cites``."""


def content_id(text: str) -> str:
    """Stable id of an article derived from its text alone.

    >>> content_id("Huawei denies.") == content_id("Huawei denies.")
    True
    >>> len(content_id("x"))
    16
    """
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One ingested article: its text and metadata."""

    text: str
    source: str
    title: str | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_id(self.text))


@dataclass(frozen=True)
class Actor:
    """A canonical actor: one real-world entity."""

    key: str
    label: str
    type: ActorType
    wikidata: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with its character offsets."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Relation:
    """One relation found in one sentence.

    ``agent`` is ``None`` for the article's own voice.
    """

    agent: Actor | None
    type: RelationType
    target: Actor
    evidence: Sentence
    confidence: float = 1.0
    cue: str = ""
    claim: str | None = None

    @property
    def agent_label(self) -> str:
        return ARTICLE_VOICE if self.agent is None else self.agent.label


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    actors: tuple[Actor, ...]
    relations: tuple[Relation, ...]
    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Actor key -> the names under which this article mentions the actor."""
