"""NLP and extraction of article batches: here, in worker processes, or on Dask.

``kg build`` reads the articles itself (reading is cheap, and a store's
articles and repeated articles are skipped by content id before anything is
parsed) and hands batches of :class:`~kg.records.Article` records to a runner:

- :class:`SerialRunner` parses them here;
- :class:`PoolRunner` (``--jobs N``) in N worker processes;
- :class:`DaskRunner` (``--dask ADDRESS``, or ``local:N`` for a
  ``LocalCluster`` of N worker processes) as Dask tasks.

A worker loads the spaCy pipeline once and keeps it for every batch it gets.
Every runner turns a batch into the same :class:`Shard` with
:func:`shard_of`: the N-Quads of its article graphs, exactly what
:func:`kg.rdf.extraction_triples` gives, so a parallel build is the same
graph as a serial one. Shards come back in input order, with at most two
batches per worker in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from kg.errors import Errors, KgError
from kg.extract import extract_articles, filter_confidence
from kg.namespace import graph_iri
from kg.nlp import load_pipeline
from kg.rdf import extraction_triples, ox_quads
from kg.records import Article, Extraction

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from spacy.language import Language

__all__ = ["DaskRunner", "PoolRunner", "Runner", "SerialRunner", "Shard", "runner", "shard_of"]

_PIPELINES: dict[str, Language] = {}
"""The pipelines this process has loaded, by model name (one per worker)."""


@dataclass(frozen=True)
class Shard:
    """What one batch of articles became: its article graphs as N-Quads, the
    keys of their actors and the number of relations of each type."""

    nquads: bytes
    actors: frozenset[str]
    relations: Counter[str]

    def quads(self) -> Iterator[ox.Quad]:
        """The shard's quads, parsed."""
        return ox.parse(self.nquads, ox.RdfFormat.N_QUADS)


def _pipeline(model: str) -> Language:
    if model not in _PIPELINES:
        _PIPELINES[model] = load_pipeline(model)
    return _PIPELINES[model]


def make_shard(extractions: Iterable[Extraction]) -> Shard:
    """The :class:`Shard` of some extractions."""
    quads: list[tuple[Node, Node, Node, URIRef]] = []
    actors: set[str] = set()
    relations: Counter[str] = Counter()
    for extraction in extractions:
        graph = graph_iri(extraction.article.id)
        quads += ((s, p, o, graph) for s, p, o in extraction_triples(extraction))
        actors.update(actor.key for actor in extraction.actors)
        relations.update(relation.type.value for relation in extraction.relations)
    nquads = ox.serialize(ox_quads(quads), format=ox.RdfFormat.N_QUADS)
    assert nquads is not None  # serialize returns the bytes when given no output
    return Shard(nquads, frozenset(actors), relations)


def shard_of(articles: Sequence[Article], model: str, min_confidence: float) -> Shard:
    """Parse and extract ``articles`` with ``model`` (loaded once per process)
    and return their :class:`Shard`."""
    extractions = extract_articles(_pipeline(model), articles)
    return make_shard(filter_confidence(e, min_confidence) for e in extractions)


Batch = list[Article]


class Runner(Protocol):
    """Turns batches of articles into shards, in order."""

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, Shard]]: ...

    def __enter__(self) -> Runner: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None: ...


class _Bounded:
    """Submit batches with ``submit`` and yield their results in order, with
    at most ``limit`` batches in flight."""

    def __init__(self, submit: Callable[[Batch], Callable[[], Shard]], limit: int) -> None:
        self.submit = submit
        self.limit = limit

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, Shard]]:
        pending: deque[tuple[Batch, Callable[[], Shard]]] = deque()
        for batch in batches:
            pending.append((batch, self.submit(batch)))
            if len(pending) >= self.limit:
                done, result = pending.popleft()
                yield done, result()
        while pending:
            done, result = pending.popleft()
            yield done, result()


class SerialRunner:
    """Parse in this process (``--jobs 1`` on a single batch)."""

    def __init__(self, model: str, min_confidence: float) -> None:
        self.model = model
        self.min_confidence = min_confidence
        _pipeline(model)  # a missing model is reported before anything is read

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, Shard]]:
        for batch in batches:
            yield batch, shard_of(batch, self.model, self.min_confidence)

    def __enter__(self) -> SerialRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _ignore_interrupt() -> None:
    """Workers leave Ctrl-C to the parent, which stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class PoolRunner:
    """Parse in ``jobs`` worker processes (``--jobs N``), started fresh
    (``spawn``: the parent's threads and open store are not copied)."""

    def __init__(self, model: str, min_confidence: float, jobs: int) -> None:
        self.args = (model, min_confidence)
        self.jobs = jobs
        context = multiprocessing.get_context("spawn")
        self.pool = context.Pool(jobs, initializer=_ignore_interrupt)

    def _submit(self, batch: Batch) -> Callable[[], Shard]:
        result: AsyncResult[Shard] = self.pool.apply_async(shard_of, (batch, *self.args))
        return result.get

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, Shard]]:
        return _Bounded(self._submit, 2 * self.jobs).map(batches)

    def __enter__(self) -> PoolRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.pool.close()
        else:  # an error or Ctrl-C: stop the workers now, dropping their batches
            self.pool.terminate()
        self.pool.join()


class DaskRunner:
    """Parse as Dask tasks on the cluster at ``address`` (a scheduler address,
    or ``local:N`` for a ``LocalCluster`` of N single-threaded worker
    processes on 127.0.0.1)."""

    def __init__(self, model: str, min_confidence: float, address: str) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise KgError(Errors.E025.format(reason="dask[distributed] is not installed")) from exc
        self.args = (model, min_confidence)
        self.cluster: Any = None
        try:
            if address.startswith("local:"):
                workers = _positive(address.removeprefix("local:"), address)
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
                self.client = Client(self.cluster)
            else:
                self.client = Client(address, timeout=10)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise KgError(Errors.E025.format(reason=f"cannot reach {address}: {exc}")) from exc
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def _submit(self, batch: Batch) -> Callable[[], Shard]:
        future = self.client.submit(shard_of, batch, *self.args, pure=False)
        return future.result  # type: ignore[no-any-return]

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, Shard]]:
        return _Bounded(self._submit, 2 * self.workers).map(batches)

    def close(self) -> None:
        if getattr(self, "client", None) is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _positive(text: str, address: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise KgError(Errors.E025.format(reason=f"{address!r}: expected local:N, N >= 1"))
    return int(text)


def runner(
    model: str,
    min_confidence: float,
    *,
    jobs: int = 1,
    dask: str | None = None,
    overlap: bool = False,
) -> Runner:
    """The runner for ``--jobs`` and ``--dask`` (Dask when ``dask`` is given).
    With ``overlap`` a single job, too, parses in a worker process, so that
    this process reads and writes meanwhile: worth the worker's start-up when
    there is more than one batch."""
    if dask is not None:
        return DaskRunner(model, min_confidence, dask)
    if jobs > 1 or overlap:
        return PoolRunner(model, min_confidence, jobs)
    return SerialRunner(model, min_confidence)
