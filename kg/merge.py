"""The merge stage: graphs from different runs or machines as one dataset.

:func:`merge` takes the union of the article graphs of several sources and
makes each actor one node:

- actors with the same Wikidata id are one actor;
- actors without a Wikidata id whose canonical labels match
  (:func:`kg.text.normalise_label`) are one actor, and join the actor with a
  Wikidata id that has that label when there is exactly one such;
- actors with different Wikidata ids are never merged.

Each group keeps its smallest IRI, so the result does not depend on the
order of the sources, and merging a dataset with itself changes nothing. An
article in several sources is one graph (the union of its versions).

Near-duplicates ("Huawei" and "Huawei Technologies", "Kaspersky Lab" and
"Kaspersky Labs") are not merged: :func:`suggest` lists them for a person
to decide.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pyoxigraph as ox
from rapidfuzz import fuzz
from rdflib import OWL, SKOS

from kg.namespace import ACTOR, KG, WD
from kg.store import Store, article_id_of
from kg.text import normalise_label

_PREF = ox.NamedNode(str(SKOS.prefLabel))
_ALT = ox.NamedNode(str(SKOS.altLabel))
_SAME = ox.NamedNode(str(OWL.sameAs))
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ACTOR = str(ACTOR)
_KG = str(KG._NS)
_WD = str(WD)

SIMILAR = 90.0
"""Least rapidfuzz ``ratio`` (0-100) for two labels to be suggested as one actor."""

_BLOCK_LIMIT = 50
"""Label words shared by more actors than this ("ministry") are not compared on."""


@dataclass(frozen=True)
class ActorSummary:
    """What the sources say about one actor node."""

    iri: str
    label: str
    type: str | None
    wikidata: frozenset[str]


@dataclass(frozen=True)
class MergeResult:
    """The merged dataset and what the merge did."""

    store: Store
    renamed: Mapping[str, str]
    """Actor IRI -> the IRI it was merged into."""
    conflicts: tuple[str, ...]
    """Content ids of articles whose graphs differ between sources (kept as their union)."""


@dataclass(frozen=True)
class Candidate:
    """Two actors that may be one (see :func:`suggest`)."""

    first: ActorSummary
    second: ActorSummary
    score: float


class _Groups:
    """Union-find over actor IRIs; each group's name is its smallest IRI."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent != item:
            parent = self.parent[item] = self.find(parent)
        return parent

    def union(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def actors(quads: Iterable[ox.Quad]) -> dict[str, ActorSummary]:
    """Every actor node of ``quads``: its most frequent label, type and Wikidata ids."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    types: dict[str, Counter[str]] = defaultdict(Counter)
    wikidata: dict[str, set[str]] = defaultdict(set)
    for quad in quads:
        subject = quad.subject
        if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(_ACTOR):
            continue
        obj = quad.object
        if quad.predicate == _PREF and isinstance(obj, ox.Literal):
            labels[subject.value][obj.value] += 1
        elif (
            quad.predicate == _TYPE and isinstance(obj, ox.NamedNode) and obj.value.startswith(_KG)
        ):
            types[subject.value][obj.value[len(_KG) :]] += 1
        elif (
            quad.predicate == _SAME and isinstance(obj, ox.NamedNode) and obj.value.startswith(_WD)
        ):
            wikidata[subject.value].add(obj.value[len(_WD) :])
    found = {}
    for iri in labels.keys() | types.keys():
        label = _most_common(labels[iri]) or iri
        kind = _most_common(types[iri])
        found[iri] = ActorSummary(iri, label, kind, frozenset(wikidata[iri]))
    return found


def _most_common(counts: Counter[str]) -> str | None:
    return min(counts, key=lambda value: (-counts[value], value), default=None)


def identities(summaries: Mapping[str, ActorSummary]) -> dict[str, str]:
    """Actor IRI -> the IRI of the actor it is one with (only IRIs that change)."""
    groups = _Groups()
    by_wikidata: dict[str, list[str]] = defaultdict(list)
    by_label: dict[str, list[ActorSummary]] = defaultdict(list)
    for summary in summaries.values():
        groups.find(summary.iri)
        for qid in summary.wikidata:
            by_wikidata[qid].append(summary.iri)
        by_label[normalise_label(summary.label)].append(summary)
    for iris in by_wikidata.values():
        for iri in iris[1:]:
            groups.union(iris[0], iri)
    for label, members in by_label.items():
        if not label:
            continue
        unknown = [m.iri for m in members if not m.wikidata]
        known = {groups.find(m.iri) for m in members if m.wikidata}
        if len(known) == 1:
            unknown.append(known.pop())
        for iri in unknown[1:]:
            groups.union(unknown[0], iri)
    return {iri: groups.find(iri) for iri in summaries if groups.find(iri) != iri}


def _rename(
    term: ox.NamedNode | ox.BlankNode, renamed: Mapping[str, str]
) -> ox.NamedNode | ox.BlankNode:
    if isinstance(term, ox.NamedNode) and term.value in renamed:
        return ox.NamedNode(renamed[term.value])
    return term


def merge(sources: Iterable[Store]) -> MergeResult:
    """The union of ``sources`` with each actor one node (see the module docs).

    The result is a new in-memory :class:`~kg.store.Store`.
    """
    versions: dict[ox.NamedNode | ox.BlankNode, list[frozenset[ox.Quad]]] = defaultdict(list)
    for source in sources:
        graphs: dict[ox.NamedNode | ox.BlankNode, set[ox.Quad]] = defaultdict(set)
        for quad in source.quads():
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                graphs[quad.graph_name].add(quad)
        for name, quads in graphs.items():
            versions[name].append(frozenset(quads))
    conflicts = sorted(
        article_id_of(name.value) or name.value
        for name, kept in versions.items()
        if len(set(kept)) > 1
    )
    union = {name: frozenset().union(*kept) for name, kept in versions.items()}
    renamed = identities(actors(q for quads in union.values() for q in quads))
    store = Store(ox.Store())
    for name in sorted(union, key=str):
        store.inner.extend(_relabelled(union[name], renamed))
    store.summarise()
    return MergeResult(store, renamed, tuple(conflicts))


def _relabelled(quads: Iterable[ox.Quad], renamed: Mapping[str, str]) -> list[ox.Quad]:
    """``quads`` of one graph with actors renamed; a node left with two
    preferred labels keeps the smallest and has the others as alternative labels."""
    out = set()
    for quad in quads:
        obj = quad.object
        if isinstance(obj, (ox.NamedNode, ox.BlankNode)):
            obj = _rename(obj, renamed)
        out.add(ox.Quad(_rename(quad.subject, renamed), quad.predicate, obj, quad.graph_name))  # type: ignore[arg-type]
    preferred: dict[tuple[object, str | None], list[ox.Quad]] = defaultdict(list)
    for quad in out:
        if quad.predicate == _PREF and isinstance(quad.object, ox.Literal):
            preferred[(quad.subject, quad.object.language)].append(quad)
    for labels in preferred.values():
        for quad in sorted(labels, key=lambda q: str(q.object))[1:]:
            out.discard(quad)
            out.add(ox.Quad(quad.subject, _ALT, quad.object, quad.graph_name))
    return sorted(out, key=str)


def suggest(store: Store, threshold: float = SIMILAR) -> list[Candidate]:
    """Pairs of actors of ``store`` that may be one, best first.

    Two actors are a candidate when their labels are near in edit distance
    (rapidfuzz ``ratio`` at least ``threshold``) or the words of one are all
    in the other ("Huawei", "Huawei Technologies"), unless both have Wikidata
    ids and the ids differ.

    >>> a = ActorSummary("https://w3id.org/kg/id/actor/huawei", "Huawei", "Company", frozenset())
    >>> b = ActorSummary("https://w3id.org/kg/id/actor/huawei-technologies",
    ...                  "Huawei Technologies", "Company", frozenset())
    >>> [c.score for c in candidates([a, b])]
    [100.0]
    """
    return candidates(actors(store.quads()).values(), threshold)


def candidates(summaries: Iterable[ActorSummary], threshold: float = SIMILAR) -> list[Candidate]:
    """The candidate pairs among ``summaries`` (see :func:`suggest`)."""
    actors_ = sorted(summaries, key=lambda s: s.iri)
    words = [frozenset(normalise_label(s.label).split()) for s in actors_]
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, tokens in enumerate(words):
        for token in tokens:
            if len(token) >= 3:
                blocks[token].append(index)
    pairs = {
        (a, b)
        for members in blocks.values()
        if len(members) <= _BLOCK_LIMIT
        for i, a in enumerate(members)
        for b in members[i + 1 :]
    }
    found = []
    for a, b in sorted(pairs):
        first, second = actors_[a], actors_[b]
        if first.wikidata and second.wikidata and not first.wikidata & second.wikidata:
            continue
        names = normalise_label(first.label), normalise_label(second.label)
        if names[0] == names[1]:
            continue
        subset = words[a] <= words[b] or words[b] <= words[a]
        score = 100.0 if subset else fuzz.ratio(*names)
        if score >= threshold:
            found.append(Candidate(first, second, round(score, 1)))
    return sorted(found, key=lambda c: (-c.score, c.first.label, c.second.label))
