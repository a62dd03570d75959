"""Faults: ``kill -9`` at random points, a full disk, a read-only folder, a store
in use, a SPARQL server that is down or slow.

Every ``kg`` here runs as a subprocess, as a user runs it. The kills come at
delays drawn from fixed seeds, spread over each run; after each one the store
(or output file, or server) must hold whole articles only, summarised as a
full recomputation would, and the same command run again must finish the work
with every article once. ``kill -9`` during ``kg add`` is in ``test_store.py``,
retries and failed uploads against real servers in ``test_remote.py``; this
file reuses their helpers and fixtures.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import random
import resource
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest
from conftest import kg_process, run_kg, store_graphs, summary_quads, write_articles
from servers import Server, empty, free_port, serving

from kg.ingest import read_inputs
from kg.merge import merge as merge_sources
from kg.namespace import graph_iri
from kg.pipeline import build
from kg.records import Article
from kg.remote import SUMMARY_GRAPH, Session
from kg.store import open_source, open_store
from kg.summary import is_summarised

pytestmark = pytest.mark.model

ARTICLES = 16
BATCH = 2
SST = "*.sst"

Graphs = dict[str, frozenset[ox.Quad]]


@dataclass(frozen=True)
class Corpus:
    """Input articles and what a clean build makes of them."""

    inputs: Path
    order: tuple[str, ...]
    """Content ids in the order the build reads them."""
    graphs: Graphs
    summary: frozenset[ox.Quad]
    store: Path
    """A store folder holding them all."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("corpus")
    inputs = folder / "articles"
    write_articles(inputs, ARTICLES)
    order = tuple(a.id for a in read_inputs([inputs]) if isinstance(a, Article))
    with open_store(folder / "store") as store:
        build([inputs], store=store)
        graphs, summary = store_graphs(store), frozenset(summary_quads(store))
    assert len(graphs) == ARTICLES == len(order)
    return Corpus(inputs, order, graphs, summary, folder / "store")


def _run(*args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """``kg ARGS`` to the end; with ``limit``, no file it writes may grow past
    ``limit`` bytes (writes fail with EFBIG, as on a full disk)."""

    def file_size_limit() -> None:
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return run_kg(*args, preexec_fn=file_size_limit)


def _one_line_error(result: subprocess.CompletedProcess[str], *parts: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1, result.stderr
    for part in parts:
        assert part in result.stderr


def _kill(args: list[str], started: Callable[[], bool], delay: float) -> None:
    """Run ``kg ARGS``, SIGKILL it ``delay`` seconds after ``started()`` holds
    (or once it ended), and check its worker processes end too."""
    process = kg_process(*args)
    deadline = time.monotonic() + 120
    while not started() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(delay)
    workers: list[psutil.Process] = []
    with contextlib.suppress(psutil.NoSuchProcess):  # it ended already
        workers = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    _, running = psutil.wait_procs(workers, timeout=60)
    assert not running, "worker processes outlived kg"


def _sst_files(store_dir: Path) -> int:
    """SST files of a store: each batch a build commits adds one (a flush)."""
    return len(list(store_dir.glob(SST)))


def _check_store(store_dir: Path, corpus: Corpus) -> list[str]:
    """Open the store as the next run does; check its article graphs are whole
    and summarised, and its summary a full recomputation; return its ids."""
    with open_store(store_dir) as store:
        graphs = store_graphs(store)
        for name, graph in graphs.items():
            assert graph == corpus.graphs[name], "an article graph was left half-written"
            assert is_summarised(store.inner, ox.NamedNode(name.strip("<>"))), name
        summary = summary_quads(store)
        store.summarise()
        assert summary_quads(store) == summary, "the summary differs from a recomputation"
        ids = store.article_ids()
    del store
    return ids


def _stored(store_dir: Path, corpus: Corpus, ids: Iterable[str]) -> None:
    """Make a store of the clean build's graphs of articles ``ids``."""
    names = {str(graph_iri(i)) for i in ids}
    with open_store(store_dir) as store:
        store.add_quads(
            q for name, quads in corpus.graphs.items() if name[1:-1] in names for q in quads
        )
    del store


# kill -9 ------------------------------------------------------------------------------------


def test_kill_during_build_store_keeps_whole_batches_and_a_rerun_completes(
    tmp_path: Path, corpus: Corpus
) -> None:
    store_dir = tmp_path / "store"
    command = ["build", str(corpus.inputs), "--store", str(store_dir), "--batch-size", str(BATCH)]
    rng = random.Random(20240501)
    counts: list[int] = []
    for low, high in ((0.0, 0.3), (0.0, 0.4), (0.2, 0.6)):  # after the first new commit
        before = _sst_files(store_dir)
        _kill(command, lambda: _sst_files(store_dir) > before, rng.uniform(low, high))  # noqa: B023
        ids = _check_store(store_dir, corpus)
        assert set(ids) == set(corpus.order[: len(ids)]), "not the articles read first"
        assert len(ids) % BATCH == 0, "a batch was kept in part"
        counts.append(len(ids))
    assert counts == sorted(counts)
    assert any(0 < count < ARTICLES for count in counts), counts
    result = _run(*command)
    assert result.returncode == 0, result.stderr
    if counts[-1]:
        assert f"{counts[-1]} article(s) already in the store" in result.stdout
    assert f"holds {ARTICLES} article(s)" in result.stdout
    final = open_source(store_dir)
    assert store_graphs(final) == corpus.graphs
    assert summary_quads(final) == corpus.summary


def test_kill_during_merge_leaves_no_partial_file_and_a_rerun_cleans_up(
    tmp_path: Path, corpus: Corpus
) -> None:
    """``kg merge`` writes one file (atomically), never a store: killed while it
    writes, it leaves the file as it was and its temporary file, which the next
    run removes."""
    out = tmp_path / "out" / "merged.trig"
    merged = merge_sources([open_source(corpus.store)]).store.dump(ox.RdfFormat.TRIG)
    expected = set(ox.parse(merged, ox.RdfFormat.TRIG))
    command = ["merge", str(corpus.store), "--out", str(out)]
    rng = random.Random(7)
    for _ in range(2):
        _kill(command, lambda: any(out.parent.glob(".merged.trig.*.tmp")), rng.uniform(0, 0.02))
        if out.exists():
            assert set(ox.parse(out.read_bytes(), ox.RdfFormat.TRIG)) == expected
    assert _run(*command).returncode == 0
    assert [p.name for p in out.parent.iterdir()] == ["merged.trig"]
    assert set(ox.parse(out.read_bytes(), ox.RdfFormat.TRIG)) == expected


def _server_graphs(server: Server) -> dict[str, set[tuple[object, object, object]]]:
    with Session(server.remote()) as session:
        return {
            graph: {(q.subject, q.predicate, q.object) for q in session.graph_quads(graph)}
            for graph in session.graph_sizes()
        }


def _local_graphs(corpus: Corpus) -> dict[str, set[tuple[object, object, object]]]:
    return {
        name.strip("<>"): {(q.subject, q.predicate, q.object) for q in quads}
        for name, quads in corpus.graphs.items()
    }


def test_kill_during_push_leaves_whole_graphs_and_a_second_push_uploads_the_rest(
    oxigraph: Server,
    corpus: Corpus,
) -> None:
    empty(oxigraph)
    local = _local_graphs(corpus)
    command = ["push", str(corpus.store), "--endpoint", oxigraph.endpoint]
    rng = random.Random(3)
    for _ in range(3):
        before = len(_server_graphs(oxigraph))
        with Session(oxigraph.remote()) as probe:

            def uploading() -> bool:
                return len(probe.graph_sizes()) > before  # noqa: B023

            _kill(command, uploading, rng.uniform(0.0, 0.15))
        for graph, triples in _server_graphs(oxigraph).items():
            if graph != SUMMARY_GRAPH.value:
                assert triples == local[graph], f"{graph} is on the server in part"
    on_server = {g for g in _server_graphs(oxigraph) if g != SUMMARY_GRAPH.value}
    assert on_server, "no kill came after the first upload"
    result = _run(*command)
    assert result.returncode == 0, result.stderr
    assert f"Uploaded {ARTICLES - len(on_server)} article graph(s)" in result.stdout, (
        result.stdout,
        len(on_server),
    )
    server = _server_graphs(oxigraph)
    summary = server.pop(SUMMARY_GRAPH.value)
    assert server == local
    assert summary == {(q.subject, q.predicate, q.object) for q in corpus.summary}


# A store in use -----------------------------------------------------------------------------


def test_a_store_being_built_refuses_kg_add_in_one_line(tmp_path: Path, corpus: Corpus) -> None:
    store_dir = tmp_path / "store"
    command = ["build", str(corpus.inputs), "--store", str(store_dir), "--batch-size", str(BATCH)]
    building = kg_process(*command)
    deadline = time.monotonic() + 120
    while _sst_files(store_dir) == 0 and building.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    refused = _run("add", str(store_dir), str(corpus.inputs))
    assert building.poll() is None, "the build ended before kg add tried"
    building.send_signal(signal.SIGKILL)
    building.wait(timeout=60)
    _one_line_error(refused, str(store_dir), "in use by another process")
    _check_store(store_dir, corpus)


# A full disk --------------------------------------------------------------------------------

OUTPUT_LIMIT = 8192
"""Bytes a file may grow to: less than any output of the corpus."""


@pytest.mark.parametrize(
    ("command", "written"),
    [
        (["build", "{articles}", "--out", "{out}"], ["graph.trig", "graph.html"]),
        (["export", "{store}", "--out", "{out}/graph.trig"], ["graph.trig"]),
        (["report", "{store}", "--out", "{out}/report.html"], ["report.html"]),
    ],
    ids=["build", "export", "report"],
)
def test_a_full_disk_leaves_no_output_file(
    tmp_path: Path, corpus: Corpus, command: list[str], written: list[str]
) -> None:
    out = tmp_path / "out"
    inputs = tmp_path / "articles"
    inputs.mkdir()
    for path in sorted(corpus.inputs.iterdir())[:8]:
        (inputs / path.name).write_bytes(path.read_bytes())
    names = {"articles": str(inputs), "store": str(corpus.store), "out": str(out)}
    result = _run(*(part.format(**names) for part in command), limit=OUTPUT_LIMIT)
    _one_line_error(result, f"{out / written[0]}", "File too large")
    assert list(out.iterdir()) == []


def test_a_disk_that_fills_at_the_page_leaves_neither_file(tmp_path: Path, corpus: Corpus) -> None:
    """``kg build --out`` writes the TriG and the page together: a page that
    does not fit leaves no TriG without it."""
    inputs = tmp_path / "articles"
    inputs.mkdir()
    for path in sorted(corpus.inputs.iterdir())[:8]:
        (inputs / path.name).write_bytes(path.read_bytes())
    whole = tmp_path / "whole"
    assert _run("build", str(inputs), "--out", str(whole)).returncode == 0
    trig, page = ((whole / name).stat().st_size for name in ("graph.trig", "graph.html"))
    assert trig < page
    out = tmp_path / "out"
    result = _run("build", str(inputs), "--out", str(out), limit=trig + 1)
    _one_line_error(result, f"{out / 'graph.html'}", "File too large")
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(
    ("limit", "failed"),
    [(1000, "cannot open the store"), (100_000, "cannot write to the store")],
    ids=["at-open", "mid-build"],
)
def test_a_full_disk_keeps_the_store_s_articles(
    tmp_path: Path, corpus: Corpus, limit: int, failed: str
) -> None:
    store_dir = tmp_path / "store"
    _stored(store_dir, corpus, corpus.order[:4])
    had = _check_store(store_dir, corpus)
    command = ["build", str(corpus.inputs), "--store", str(store_dir), "--batch-size", str(BATCH)]
    result = _run(*command, limit=limit)
    full = "the disk is full or a file size limit was reached"
    _one_line_error(result, f"{store_dir}: {failed}: {full}")
    assert set(_check_store(store_dir, corpus)) >= set(had)


# A read-only folder -------------------------------------------------------------------------


@pytest.fixture
def read_only(tmp_path: Path, corpus: Corpus) -> Iterator[Path]:
    """A folder holding a store, that nobody may write to: a read-only bind mount
    for root (who ignores file modes), mode 0555 for anyone else."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    _stored(folder / "store", corpus, corpus.order)
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"root ignores file modes and cannot bind-mount here: {mounted.stderr!r}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["build", "{articles}", "--out", "{ro}/out"], "cannot write {ro}/out/graph.trig"),
        (["add", "{ro}/store", "{articles}"], "{ro}/store: cannot open the store"),
        (["add", "{ro}/new", "{articles}"], "{ro}/new: cannot open the store"),
    ],
    ids=["build-out", "add-to-store", "new-store"],
)
def test_a_read_only_folder_is_one_line(
    read_only: Path, corpus: Corpus, command: list[str], message: str
) -> None:
    names = {"articles": str(next(corpus.inputs.iterdir())), "ro": str(read_only)}
    before = sorted(p.name for p in read_only.rglob("*"))
    result = _run(*(part.format(**names) for part in command))
    _one_line_error(result, message.format(**names))
    assert sorted(p.name for p in read_only.rglob("*")) == before


def test_a_store_on_read_only_media_can_still_be_queried(read_only: Path) -> None:
    result = _run("query", str(read_only / "store"), "ASK { ?a kg:accuses ?b }", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["true"]


def test_a_file_where_the_output_folder_should_be_is_one_line(
    tmp_path: Path, corpus: Corpus
) -> None:
    (tmp_path / "out").write_text("mine")
    target = tmp_path / "out" / "graph.trig"
    result = _run("export", str(corpus.store), "--out", str(target))
    _one_line_error(result, f"cannot write {target}", "a file is where its folder should be")
    assert (tmp_path / "out").read_text() == "mine"


# A SPARQL server down or slow ---------------------------------------------------------------


@contextlib.contextmanager
def _slow_server(seconds: float) -> Iterator[tuple[str, list[float]]]:
    """A server that takes ``seconds`` to answer anything; yields its ``/query``
    URL and the times requests came."""
    times: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            times.append(time.monotonic())
            time.sleep(seconds)
            with contextlib.suppress(OSError):
                self.send_response(503)
                self.end_headers()

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as port:
        yield f"http://127.0.0.1:{port}/query", times


def _remote_command(kind: str, url: str, corpus: Corpus) -> list[str]:
    options = ["--retries", "2", "--timeout", "0.5"]
    if kind == "push":
        return ["push", str(corpus.store), "--endpoint", url, *options]
    return ["query", "--endpoint", url, "who-accuses-whom", *options]


@pytest.mark.parametrize("kind", ["push", "query"])
def test_a_slow_server_is_retried_with_backoff_then_one_line(corpus: Corpus, kind: str) -> None:
    with _slow_server(3) as (url, times):
        result = _run(*_remote_command(kind, url, corpus))
    _one_line_error(result, url, "no answer within 0.5 s", "3 attempt(s)")
    assert len(times) == 3
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert gaps[1] > gaps[0], "the waits between retries do not grow"


def test_kg_push_to_a_server_that_is_down_is_retried_then_one_line(corpus: Corpus) -> None:
    """(``kg query --endpoint`` to a closed port: ``test_remote.py``.)"""
    url = f"http://127.0.0.1:{free_port()}/query"
    result = _run(*_remote_command("push", url, corpus))
    _one_line_error(result, url, "cannot reach the SPARQL server", "3 attempt(s)")
