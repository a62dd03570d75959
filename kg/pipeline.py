"""Run the whole pipeline: ingest -> nlp -> extract -> rdf -> store.

:func:`build` is what ``kg build``, ``kg add`` and ``kg eval`` call. It reads
the inputs lazily, parses them in batches (here, in worker processes or on
Dask: :mod:`kg.parallel`) and writes each batch into a store, one transaction
per article graph and one summary update per batch, so memory stays flat
however long the corpus is and an interrupted build keeps every finished
batch. It returns values and writes nothing but into the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO, TextIO

from kg.errors import Errors, InputError, KgError
from kg.ingest import read_inputs
from kg.nlp import DEFAULT_MODEL
from kg.parallel import Batch, runner
from kg.records import Article
from kg.store import Store, open_store

BATCH_SIZE = 32
"""Articles per batch: parsed together, written together with one summary update
(below the store's limit for incremental summaries)."""


@dataclass
class BuildResult:
    """What a run built, with what went into it. ``store`` holds the new
    articles' graphs: the store given to :func:`build`, else a new one in memory."""

    store: Store
    articles: int = 0
    duplicates: int = 0
    stored: int = 0
    """Articles skipped because the store had them already."""
    actors: set[str] = field(default_factory=set)
    relations: Counter[str] = field(default_factory=Counter)
    errors: list[InputError] = field(default_factory=list)


def batches(items: Iterable[Article], size: int) -> Iterator[Batch]:
    """``items`` in lists of ``size`` (the last may be shorter).

    >>> [len(b) for b in batches(iter(range(7)), 3)]
    [3, 3, 1]
    """
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def build(
    inputs: Sequence[str | Path],
    *,
    model: str = DEFAULT_MODEL,
    min_confidence: float = 0.0,
    stdin: TextIO | BinaryIO | None = None,
    on_article: Callable[[Article], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    store: Store | None = None,
    jobs: int = 1,
    dask: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> BuildResult:
    """Read, parse and extract every article of ``inputs`` into ``store`` (by
    default a new in-memory store), skipping articles it already has before
    parsing them: re-running a build over the same inputs resumes it.

    ``jobs`` worker processes, or the Dask cluster at ``dask`` (an address or
    ``local:N``), parse the batches; the graph is the same either way. One
    job parses a single batch in this process, and more batches in one worker
    process while this process reads the inputs and writes the store.
    Unreadable inputs are collected in :attr:`BuildResult.errors` (and passed
    to ``on_error``) while the others are processed; ``on_article`` is called
    for each article once it is stored. The same article read twice (same
    content id) is added once. Raises :class:`~kg.errors.KgError` when the
    model is missing or no article at all could be read.
    """
    if dask is not None and jobs > 1:
        raise KgError(Errors.E026)
    target = store if store is not None else open_store()
    result = BuildResult(target)
    seen: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in read_inputs(inputs, stdin=stdin):
            if isinstance(item, InputError):
                result.errors.append(item)
                if on_error is not None:
                    on_error(item)
            elif item.id in seen:
                result.duplicates += 1
            elif item.id in target:
                seen.add(item.id)
                result.stored += 1
            else:
                seen.add(item.id)
                yield item

    chunks = batches(articles(), batch_size)
    head = list(islice(chunks, 2))  # past one batch, one job parses in a worker process too
    with runner(model, min_confidence, jobs=jobs, dask=dask, overlap=len(head) > 1) as workers:
        for batch, shard in workers.map(chain(head, chunks)):
            target.add_quads(shard.quads())
            result.articles += len(batch)
            result.actors.update(shard.actors)
            result.relations.update(shard.relations)
            if on_article is not None:
                for article in batch:
                    on_article(article)
    if result.articles == 0 and result.stored == 0:
        raise KgError(Errors.E012)
    return result
