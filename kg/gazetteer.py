"""The actor gazetteer: well-known actors with labels, types and Wikidata ids.

The data lives in ``ontologies/actors.ttl`` as SKOS concepts (``skos:prefLabel``,
``skos:altLabel``), typed with the ontology's actor classes, with
``owl:sameAs`` to Wikidata and ``kg:demonym`` for governments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from kg.namespace import ACTOR, KG, WD
from kg.records import Actor, ActorType
from kg.resources import ontology_file
from kg.text import normalise_label

_CLASS_TYPES = {KG[t.value]: t for t in ActorType}

GROUP_NAME_WORDS = (
    *("Typhoon", "Blizzard", "Sleet", "Sandstorm", "Tempest", "Hail", "Rain", "Flood"),
    *("Panda", "Bear", "Kitten", "Chollima", "Spider", "Tiger", "Buffalo", "Jackal"),
)
"""Last words of Microsoft's weather and CrowdStrike's animal names for threat
groups: "Volt Typhoon", "Fancy Bear"."""
GROUP_CODE = r"(?:APT|UNC|TA|FIN|TEMP|DEV|Storm)-?\d{1,4}"
"""Mandiant, Proofpoint and Microsoft numbering: APT41, UNC3886, TA453, Storm-0558."""
_GROUP_RE = re.compile(
    rf"^(?:{GROUP_CODE}|APT-C-\d{{1,3}}|Unit \d{{4,5}}|[A-Z]\w+ (?:{'|'.join(GROUP_NAME_WORDS)}))$"
)


def is_threat_group_name(label: str) -> bool:
    """Whether ``label`` is a threat group's name by a vendor's naming scheme.

    >>> [is_threat_group_name(x) for x in ("APT-C-39", "Volt Typhoon", "Unit 61398", "Apple")]
    [True, True, True, False]
    """
    return bool(_GROUP_RE.match(label))


@dataclass(frozen=True)
class Entry:
    """One gazetteer actor with every label it is known by."""

    actor: Actor
    labels: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    part_of: str | None = None


class Gazetteer:
    """Look actors up by label or demonym.

    >>> gaz = Gazetteer([Entry(Actor("cia", "CIA", ActorType.AGENCY, "Q37230"),
    ...                        ("CIA", "Central Intelligence Agency"))])
    >>> gaz.lookup("the Central Intelligence Agency").label
    'CIA'
    >>> gaz.lookup("KGB") is None
    True
    """

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = {e.actor.key: e for e in entries}
        self._by_label: dict[str, Actor] = {}
        self._by_demonym: dict[str, Actor] = {}
        for entry in entries:
            for label in entry.labels:
                self._by_label.setdefault(normalise_label(label), entry.actor)
            for demonym in entry.demonyms:
                self._by_demonym.setdefault(demonym.casefold(), entry.actor)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, label: str) -> Actor | None:
        """The actor known by this label (normalised), if any."""
        return self._by_label.get(normalise_label(label))

    def matches_case(self, text: str, key: str) -> bool:
        """Whether ``text`` matches a label of actor ``key`` with the case it needs.

        Single words and acronyms must match exactly ("US" but not "us",
        "Apple" but not "apple"); longer names match in any case.

        >>> gaz = Gazetteer([Entry(Actor("us", "US", ActorType.GOVERNMENT), ("US",))])
        >>> gaz.matches_case("US", "us"), gaz.matches_case("us", "us")
        (True, False)
        """
        entry = self.entries.get(key)
        if entry is None:
            return False
        wanted = normalise_label(text)
        surface = text.replace("\u2019", "'").removeprefix("the ").removeprefix("The ")
        for label in entry.labels:
            if normalise_label(label) != wanted:
                continue
            label = label.replace("\u2019", "'").removeprefix("the ").removeprefix("The ")
            if (" " in label and not label.isupper()) or label == surface:
                return True
        return False

    def adjective(self, state: Actor | None) -> str | None:
        """The adjective a state's bodies are named with ("Chinese" Embassy), if known.

        >>> cn = Actor("cn", "Chinese government", ActorType.GOVERNMENT)
        >>> gaz = Gazetteer([Entry(cn, ("China",), demonyms=("PRC", "Chinese"))])
        >>> gaz.adjective(cn), gaz.adjective(None)
        ('Chinese', None)
        """
        entry = self.entries.get(state.key) if state else None
        demonyms = entry.demonyms if entry else ()
        return next((d for d in demonyms if d[:1].isupper() and not d.isupper()), None)

    def place_name(self, text: str) -> str:
        """The short name of the country ``text`` names, as embassies are named
        after it ("the United States of America" -> "the United States").

        >>> us = Actor("us", "United States government", ActorType.GOVERNMENT)
        >>> gaz = Gazetteer([Entry(us, ("United States", "United States of America"))])
        >>> gaz.place_name("the United States of America"), gaz.place_name("Lithuania")
        ('the United States', 'Lithuania')
        """
        article = "the " if text.lower().startswith("the ") else ""
        name = text[len(article) :]
        state = self.lookup(name)
        entry = self.entries.get(state.key) if state else None
        prefixes = [
            label
            for label in (entry.labels if entry else ())
            if name.startswith(label) and " " in label and label != name
        ]
        return article + min(prefixes, key=len) if prefixes else text

    def by_demonym(self, word: str) -> Actor | None:
        """The government named by an adjective such as "Chinese"."""
        return self._by_demonym.get(word.casefold())

    def get(self, key: str) -> Actor | None:
        """The actor with this key, if any."""
        entry = self.entries.get(key)
        return entry.actor if entry else None


def parse_gazetteer(graph: Graph) -> Gazetteer:
    """Read gazetteer entries from an RDF graph in the ``actors.ttl`` layout."""
    entries = []
    for subject, cls in sorted(graph.subject_objects(RDF.type)):
        actor_type = _CLASS_TYPES.get(URIRef(str(cls)))
        if actor_type is None or not str(subject).startswith(str(ACTOR)):
            continue
        pref = graph.value(subject, SKOS.prefLabel)
        if pref is None:
            continue
        same = [str(o) for o in graph.objects(subject, OWL.sameAs) if str(o).startswith(str(WD))]
        qid = same[0].removeprefix(str(WD)) if same else None
        key = str(subject).removeprefix(str(ACTOR))
        alts = sorted(str(o) for o in graph.objects(subject, SKOS.altLabel))
        parent = graph.value(subject, KG.partOf)
        entries.append(
            Entry(
                actor=Actor(key, str(pref), actor_type, qid),
                labels=(str(pref), *alts),
                demonyms=tuple(sorted(str(o) for o in graph.objects(subject, KG.demonym))),
                part_of=str(parent).removeprefix(str(ACTOR)) if parent else None,
            )
        )
    return Gazetteer(entries)


@cache
def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Load (once) the gazetteer shipped in ``ontologies/actors.ttl`` or another file."""
    graph = Graph().parse(path or ontology_file("actors.ttl"), format="turtle")
    return parse_gazetteer(graph)
