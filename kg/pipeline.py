"""Run the whole pipeline: ingest -> nlp -> extract -> rdf (-> store).

:func:`build` is what ``kg build``, ``kg add`` and ``kg eval`` call; it
returns values and writes nothing but into the store it is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO, TextIO

from rdflib import Dataset

from kg.errors import Errors, InputError, KgError
from kg.extract import extract_articles
from kg.ingest import read_inputs
from kg.nlp import DEFAULT_MODEL, load_pipeline
from kg.rdf import bind_prefixes, extraction_to_dataset
from kg.records import Article, Extraction
from kg.store import Store


@dataclass
class BuildResult:
    """What a run built, with what went into it.

    ``dataset`` holds the new articles' graphs, unless they went into a store.
    """

    dataset: Dataset | None
    articles: int = 0
    duplicates: int = 0
    stored: int = 0
    """Articles skipped because the store had them already."""
    actors: set[str] = field(default_factory=set)
    relations: Counter[str] = field(default_factory=Counter)
    errors: list[InputError] = field(default_factory=list)


def build(
    inputs: Sequence[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    min_confidence: float = 0.0,
    stdin: TextIO | BinaryIO | None = None,
    on_article: Callable[[Article], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    store: Store | None = None,
) -> BuildResult:
    """Read, parse and extract every article of ``inputs`` into one dataset,
    or into ``store`` (one transaction per article, articles it already has
    skipped before parsing).

    Unreadable inputs are collected in :attr:`BuildResult.errors` (and passed
    to ``on_error``) while the others are processed. The same article read
    twice (same content id) is added once. Raises
    :class:`~kg.errors.KgError` when the model is missing or no article at
    all could be read.
    """
    nlp = load_pipeline(model)
    dataset = None
    if store is None:
        dataset = Dataset(default_union=True)
        bind_prefixes(dataset)
    result = BuildResult(dataset)
    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, stdin=stdin):
            if isinstance(item, InputError):
                result.errors.append(item)
                if on_error is not None:
                    on_error(item)
            elif item.id in seen:
                result.duplicates += 1
            elif store is not None and item.id in store:
                seen.add(item.id)
                result.stored += 1
            else:
                seen.add(item.id)
                yield item

    for extraction in extract_articles(nlp, articles()):
        extraction = filter_confidence(extraction, min_confidence)
        if store is None:
            extraction_to_dataset(extraction, dataset)
        else:
            store.add(extraction)
        result.articles += 1
        result.actors.update(actor.key for actor in extraction.actors)
        result.relations.update(relation.type.value for relation in extraction.relations)
        if on_article is not None:
            on_article(extraction.article)
    if result.articles == 0 and result.stored == 0:
        raise KgError(Errors.E012)
    return result


def filter_confidence(extraction: Extraction, min_confidence: float) -> Extraction:
    """Drop relations below ``min_confidence`` and the actors left without one."""
    if min_confidence <= 0:
        return extraction
    relations = tuple(r for r in extraction.relations if r.confidence >= min_confidence)
    used = {a.key for r in relations for a in (r.agent, r.target) if a is not None}
    actors = tuple(a for a in extraction.actors if a.key in used)
    return replace(extraction, actors=actors, relations=relations)
