"""``kg push``, ``kg query --endpoint`` and ``kg serve --endpoint`` against real SPARQL servers.

Each server (Oxigraph server and Virtuoso: tests/servers.py) runs once for
the module, on 127.0.0.1 and free ports, in a temporary folder.

The store is the bundled examples (built once with the English pipeline) and
one hand-made article full of characters that would break careless Turtle,
SPARQL or URLs.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from conftest import isomorphic_datasets
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic
from servers import Server, empty, free_port, serving
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import build
from kg.query import shipped_queries
from kg.rdf import rdflib_quads
from kg.records import Actor, ActorType, Article, Extraction, Relation, RelationType, Sentence
from kg.remote import (
    ENV_PASSWORD,
    ENV_USER,
    SUMMARY_GRAPH,
    Failure,
    Remote,
    RemoteError,
    Session,
    Upload,
    execute_remote,
    push,
)
from kg.serve import Endpoint, Messages
from kg.store import Store, open_source, open_store, result_rows

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"

EVIL = Actor('evil <key> "x" {y}', 'Evil "Corp" } ; DROP ALL #', ActorType.COMPANY)
HUAWEI = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
FCC = Actor("fcc", "FCC", ActorType.AGENCY)
EVIL_TEXT = (
    'Evil "Corp" } ; DROP ALL # accused Huawei of stealing \\u0022secrets\\u0022 '
    "<script>alert(1)</script> '''triple''' \"\"\" \n\U0001f600 \u202e ok."
)


def _extraction(text: str, agent: Actor, relation: RelationType, target: Actor) -> Extraction:
    sentence = Sentence(0, len(text), text)
    article = Article(text, source=f"{agent.key}.txt", title=text[:40], date="2024-05-01")
    relations = (Relation(agent, relation, target, sentence, 0.9, "accuse", "stole } secrets"),)
    return Extraction(article, (agent, target), relations)


def _long_extraction(count: int) -> Extraction:
    """An article of ``count`` accusations: its graph is far larger than the 64 KB
    of an upload that Virtuoso reads before it decides how to parse it."""
    actors = [Actor(f"firm-{n}", f"Firm {n}", ActorType.COMPANY) for n in range(count + 1)]
    sentences: list[Sentence] = []
    offset = 0
    for n in range(count):
        text = f"Firm {n} accused Firm {n + 1} of copying its designs for the {n}th time."
        sentences.append(Sentence(offset, offset + len(text), text))
        offset += len(text) + 1
    article = Article(" ".join(s.text for s in sentences), source="long.txt", date="2024-06-01")
    relations = tuple(
        Relation(actors[n], RelationType.ACCUSES, actors[n + 1], sentences[n]) for n in range(count)
    )
    return Extraction(article, tuple(actors), relations)


LONG = _long_extraction(100)
EXTRA = (
    _extraction(EVIL_TEXT, EVIL, RelationType.ACCUSES, HUAWEI),
    _extraction("Huawei denied the claims of the FCC.", HUAWEI, RelationType.DENIES, FCC),
    _extraction("The FCC accused Huawei of spying.", FCC, RelationType.ACCUSES, HUAWEI),
    LONG,
)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    """Each server in turn, emptied of kg's graphs."""
    running: Server = request.getfixturevalue(request.param)
    empty(running)
    return running


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store"
    with open_store(path) as store:
        build([str(EXAMPLES)], store=store)
        for extraction in EXTRA:
            store.add(extraction)
    return path


@pytest.fixture(scope="module")
def store(store_path: Path) -> Store:
    return open_source(store_path)


def _server_dataset(server: Server) -> tuple[Dataset, Graph]:
    """The article graphs on the server, and its summary graph."""
    with Session(server.remote()) as session:
        articles = Store(session.article_quads()).to_dataset()
        summary = Graph()
        for s, p, o, _ in rdflib_quads(session.graph_quads(SUMMARY_GRAPH.value)):
            summary.add((s, p, o))
    return articles, summary


def _local_summary(store: Store) -> Graph:
    summary = Graph()
    default = store.inner.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for s, p, o, _ in rdflib_quads(default):
        summary.add((s, p, o))
    return summary


def _bindings(name: str) -> dict[str, str]:
    return {"name": "Huawei"} if "?name" in shipped_queries()[name].read_text() else {}


# Relays and fake servers ------------------------------------------------------------------


@dataclass
class Relay:
    """An HTTP relay in front of a server that records requests and can break some."""

    upstream: str
    breaks: Callable[[str, str], str | None] = lambda method, graph: None
    """How to break a request: ``"cut"`` forwards half its body and hangs up,
    ``"corrupt"`` forwards it with a malformed line three quarters in."""
    seen: list[tuple[str, str]] = field(default_factory=list)
    """(method, graph parameter or query text) of each request."""


def _via(port: int, endpoint: str) -> str:
    """``endpoint`` reached through the relay on ``port``."""
    return urlsplit(endpoint)._replace(netloc=f"127.0.0.1:{port}").geturl()


@contextlib.contextmanager
def relay(relaying: Relay) -> Iterator[int]:
    """Run ``relaying`` on a free port (yielded) until the block ends."""
    upstream = urlsplit(relaying.upstream)
    client = httpx.Client(timeout=60)

    class Handler(BaseHTTPRequestHandler):
        def _relay(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            query = parse_qs(urlsplit(self.path).query)
            form = parse_qs(body.decode("utf-8", "replace")) if b"=" in body[:10] else {}
            what = (query.get("graph") or form.get("update") or form.get("query") or [""])[0]
            relaying.seen.append((self.command, what))
            kept = ("host", "content-length")
            headers = {k: v for k, v in self.headers.items() if k.lower() not in kept}
            how = relaying.breaks(self.command, what)
            if how == "corrupt":
                lines = body.split(b"\n")
                lines.insert(len(lines) * 3 // 4, b'<https://e.org/s> <https://e.org/p> "broken .')
                body = b"\n".join(lines)
            elif how == "cut":
                with socket.create_connection((upstream.hostname, upstream.port)) as raw:
                    head = f"{self.command} {self.path} HTTP/1.1\r\n"
                    head += f"Host: {upstream.netloc}\r\nContent-Length: {len(body)}\r\n"
                    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
                    raw.sendall(head.encode() + b"\r\n" + body[: len(body) // 2])
                self.close_connection = True
                return
            answer = client.request(
                self.command,
                f"{upstream.scheme}://{upstream.netloc}{self.path}",
                content=body,
                headers=headers,
            )
            self.send_response(answer.status_code)
            for key, value in answer.headers.items():
                if key.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_DELETE = _relay

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as port:
        yield port
    client.close()


@contextlib.contextmanager
def fake_server(status: int, slow_select: float = 0.0) -> Iterator[tuple[str, list[float]]]:
    """A server answering every request with ``status`` (a SELECT after
    ``slow_select`` seconds); yields its ``/query`` URL and the times requests came."""
    times: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            times.append(time.monotonic())
            if b"SELECT" in self.rfile.read(int(self.headers.get("Content-Length") or 0)):
                time.sleep(slow_select)
            body = b'{"head":{},"boolean":true}'
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    with serving(Handler) as port:
        yield f"http://127.0.0.1:{port}/query", times


# Pushing ------------------------------------------------------------------------------------


def test_push_gives_the_server_the_store_s_graphs(server: Server, store: Store) -> None:
    result = push(store, server.remote())
    assert result.method is Upload.GRAPH_STORE
    assert sorted(result.uploaded) == store.article_ids()
    assert result.summary_uploaded and result.union_default_graph and result.skipped == 0
    assert result.triples == len(store)
    articles, summary = _server_dataset(server)
    assert isomorphic_datasets(articles, store.to_dataset())
    assert isomorphic(summary, _local_summary(store))


def test_pushing_again_uploads_nothing(server: Server, store: Store) -> None:
    push(store, server.remote())
    before = _server_dataset(server)
    relaying = Relay(server.endpoint)
    with relay(relaying) as port:
        again = push(store, server.remote(endpoint=_via(port, server.endpoint)))
    assert again.uploaded == () and not again.summary_uploaded
    assert again.skipped == len(store.article_ids()) and again.triples == 0
    writes = [seen for seen in relaying.seen if seen[0] != "POST" or "INSERT" in seen[1]]
    assert writes == [] and relaying.seen, relaying.seen
    after = _server_dataset(server)
    assert isomorphic_datasets(before[0], after[0]) and isomorphic(before[1], after[1])


def test_force_uploads_everything_again(server: Server, store: Store) -> None:
    push(store, server.remote())
    forced = push(store, server.remote(), force=True)
    assert sorted(forced.uploaded) == store.article_ids() and forced.summary_uploaded
    assert isomorphic_datasets(_server_dataset(server)[0], store.to_dataset())


def test_sparql_update_uploads_where_there_is_no_graph_store(
    oxigraph: Server, store: Store
) -> None:
    empty(oxigraph)
    remote = oxigraph.remote(update=oxigraph.endpoint.replace("/query", "/update"))
    result = push(store, remote)
    assert result.method is Upload.UPDATE and sorted(result.uploaded) == store.article_ids()
    assert isomorphic_datasets(_server_dataset(oxigraph)[0], store.to_dataset())
    assert push(store, remote).uploaded == ()


def test_the_summary_covers_graphs_pushed_from_other_stores(server: Server) -> None:
    first, second = open_store(), open_store()
    first.add(EXTRA[1])
    second.add(EXTRA[2])
    both = open_store()
    both.add(EXTRA[1])
    both.add(EXTRA[2])
    push(first, server.remote())
    result = push(second, server.remote())
    assert result.foreign == 1 and result.summary_uploaded
    remote_rows = result_rows(execute_remote(server.remote(), "edge-weights"))
    assert remote_rows == result_rows(both.execute("edge-weights"))
    assert isomorphic(_server_dataset(server)[1], _local_summary(both))


# Querying -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(shipped_queries()))
def test_shipped_queries_give_the_same_rows_as_locally(
    server: Server, store: Store, name: str
) -> None:
    push(store, server.remote())
    local = result_rows(store.execute(name, _bindings(name)))
    assert local[1], name
    assert result_rows(execute_remote(server.remote(), name, _bindings(name))) == local


def test_bound_values_cannot_change_the_query(server: Server, store: Store) -> None:
    push(store, server.remote())
    remote = server.remote()
    for label in (EVIL.label, 'x" } } ; DROP ALL ; SELECT * { ?s ?p ?o } #', "a\\u0022 }"):
        bindings = {"name": label}
        local = result_rows(store.execute("actor-timeline", bindings))
        assert result_rows(execute_remote(remote, "actor-timeline", bindings)) == local
    assert result_rows(execute_remote(remote, "actor-timeline", {"name": EVIL.label}))[1]
    iri = "<https://w3id.org/kg/id/actor/fcc>"
    query = "SELECT ?label WHERE { ?who kg:displayLabel ?label }"
    assert result_rows(execute_remote(remote, query, {"who": iri}))[1] == [{"label": "FCC"}]
    assert isomorphic_datasets(_server_dataset(server)[0], store.to_dataset())


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_kg_query_endpoint_prints_what_kg_query_prints(
    server: Server, store_path: Path, fmt: str
) -> None:
    push(open_source(store_path), server.remote())
    runner = CliRunner()
    for name in ("who-accuses-whom", "actor-timeline"):
        bind = ["--bind", "name=Huawei"] if _bindings(name) else []
        local = runner.invoke(app, ["query", str(store_path), name, "-f", fmt, *bind])
        remote = runner.invoke(
            app, ["query", "--endpoint", server.endpoint, name, "-f", fmt, *bind], env=server.env
        )
        assert local.exit_code == 0 and remote.exit_code == 0, remote.output
        assert remote.stdout == local.stdout and local.stdout.strip()
    if fmt == "json":
        assert json.loads(remote.stdout)["results"]["bindings"]


def test_a_result_the_server_cuts_off_is_an_error(virtuoso: Server) -> None:
    numbers = " ".join(str(n) for n in range(100))
    many = f"SELECT * WHERE {{ VALUES ?a {{ {numbers} }} VALUES ?b {{ {numbers} }} }}"
    with pytest.raises(RemoteError, match="cut the result at 5000 rows") as caught:
        execute_remote(virtuoso.remote(), many)
    assert caught.value.failure is Failure.TRUNCATED


# Serving ------------------------------------------------------------------------------------


def test_kg_serve_endpoint_answers_queries_and_refuses_updates(
    server: Server, store: Store
) -> None:
    push(store, server.remote())
    with Endpoint(server.remote(), port=0, timeout=20) as endpoint:
        endpoint.start()
        client = SPARQLWrapper(endpoint.url + "sparql", returnFormat=JSON)
        client.setQuery("SELECT ?who WHERE { ?a kg:accuses ?b . ?a skos:prefLabel ?who }")
        result = client.query().convert()
        assert isinstance(result, dict)
        accusers = sorted(row["who"]["value"] for row in result["results"]["bindings"])
        local = store.query("SELECT ?who WHERE { ?a kg:accuses ?b . ?a skos:prefLabel ?who }")
        assert accusers == sorted(str(row["who"]) for row in local)
        client.setQuery("INSERT DATA { <https://e.org/s> <https://e.org/p> 1 }")
        client.setMethod(POST)
        with pytest.raises(HTTPError) as refused:
            client.query()
        assert refused.value.code == 403
        page = httpx.get(endpoint.url, timeout=30)
        assert page.status_code == 200 and "Huawei" in page.text
        service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
        answer = httpx.get(endpoint.url + "sparql", params={"query": service})
        assert answer.status_code == 403 and answer.text.strip() == Messages.SERVICE
        bad = httpx.get(endpoint.url + "sparql", params={"query": "SELEC nothing"})
        assert bad.status_code == 400 and bad.text.startswith("bad query:")
    with Endpoint(server.remote(), port=0, max_bytes=100) as endpoint:
        endpoint.start()
        big = httpx.get(endpoint.url + "sparql", params={"query": "SELECT * { ?s ?p ?o }"})
        assert big.status_code == 413


def test_kg_serve_endpoint_command(oxigraph: Server, store: Store) -> None:
    empty(oxigraph)
    push(store, oxigraph.remote())
    command = [sys.executable, "-m", "kg", "serve", "--endpoint", oxigraph.endpoint, "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1]
        client = SPARQLWrapper(url, returnFormat=JSON)
        client.setQuery("ASK { ?a kg:accuses ?b }")
        assert client.query().convert() == {"head": {}, "boolean": True}
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0 and "Stopped" in stdout, stderr


def test_kg_serve_endpoint_times_out_a_slow_server() -> None:
    with (
        fake_server(200, slow_select=3) as (url, _),
        Endpoint(Remote(url), port=0, timeout=0.5) as ep,
    ):
        ep.start()
        started = time.monotonic()
        answer = httpx.get(ep.url + "sparql", params={"query": "SELECT * {}"}, timeout=10)
        assert answer.status_code == 503 and "timed out" in answer.text
        assert time.monotonic() - started < 2.5


# Failures -----------------------------------------------------------------------------------


def test_a_server_that_is_down_gets_one_line_after_retries() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    remote = Remote(url, user="someone", password="pa55-w0rd", retries=2, backoff=0.05)
    with pytest.raises(RemoteError) as caught:
        push(open_store(), remote)
    message = str(caught.value)
    assert "cannot reach the SPARQL server" in message and "3 attempt(s)" in message
    assert "\n" not in message and "pa55-w0rd" not in message
    result = subprocess.run(
        [sys.executable, "-m", "kg", "query", "-e", url, "who-accuses-whom", "--retries", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, ENV_USER: "someone", ENV_PASSWORD: "pa55-w0rd"},
        timeout=120,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    assert "2 attempt(s)" in result.stderr and "pa55-w0rd" not in result.stderr


def test_retries_back_off_exponentially() -> None:
    with fake_server(503) as (url, times), pytest.raises(RemoteError, match="4 attempt"):
        execute_remote(Remote(url, retries=3, backoff=0.1), "ASK {}")
    waits = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert len(times) == 4
    assert all(
        wait <= took < wait + 0.09 for took, wait in zip(waits, [0.1, 0.2, 0.4], strict=True)
    )


@pytest.mark.parametrize("how", ["cut", "corrupt"])
def test_a_failed_upload_leaves_no_partial_graph(
    server: Server, store: Store, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A connection lost in mid-upload, or an upload the server fails part-way:
    Virtuoso keeps the triples before a malformed line (past the 64 KB it reads
    first), so kg deletes the graph again."""
    victim = LONG.article.id
    victim_graph = f"https://w3id.org/kg/id/graph/{victim}"

    def breaks(method: str, graph: str) -> str | None:
        return how if (method, graph) == ("PUT", victim_graph) else None

    left: list[int] = []
    delete_graph = Session.delete_graph

    def noting_what_is_left(session: Session, graph: str) -> None:
        with Session(server.remote()) as probe:
            left.append(probe.graph_sizes().get(graph, 0))
        delete_graph(session, graph)

    monkeypatch.setattr(Session, "delete_graph", noting_what_is_left)
    relaying = Relay(server.endpoint, breaks)
    with relay(relaying) as port, pytest.raises(RemoteError) as caught:
        push(store, server.remote(endpoint=_via(port, server.endpoint)))
    monkeypatch.undo()
    if how == "corrupt" and server.name == "virtuoso":
        assert 0 < left[0] < _sizes(store)[victim_graph]
    message = str(caught.value)
    assert victim_graph in message and "deleted from the server again" in message
    assert "\n" not in message and server.env.get(ENV_PASSWORD, "-") not in message
    tried = [method for method, graph in relaying.seen if graph == victim_graph]
    retried = how == "cut" or server.name == "virtuoso"  # Oxigraph answers 400, Virtuoso 500
    assert tried == ["PUT", "PUT", "DELETE"] if retried else ["PUT", "DELETE"]
    with Session(server.remote()) as session:
        sizes = session.graph_sizes()
    local = _sizes(store)
    assert victim_graph not in sizes and sizes
    assert all(sizes[graph] == local[graph] for graph in sizes if graph in local)
    assert sorted(push(store, server.remote()).uploaded) == [
        i for i in store.article_ids() if i >= victim
    ]
    assert isomorphic_datasets(_server_dataset(server)[0], store.to_dataset())


def _sizes(store: Store) -> dict[str, int]:
    """The number of triples of each article graph of ``store``."""
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {str(row["g"]): int(str(row["n"])) for row in rows}


def test_wrong_credentials_are_refused_without_showing_them(virtuoso: Server) -> None:
    wrong = {ENV_USER: "dba", ENV_PASSWORD: "not-the-password"}
    remote = Remote.from_env(virtuoso.endpoint, environ=wrong, retries=0)
    with pytest.raises(RemoteError, match="refused access") as caught:
        push(open_store(), remote)
    assert caught.value.failure is Failure.REFUSED
    assert "not-the-password" not in str(caught.value) and "not-the-password" not in repr(remote)
    assert virtuoso.env[ENV_PASSWORD] not in repr(virtuoso.remote())


def test_credentials_in_a_url_are_refused() -> None:
    with pytest.raises(Exception, match="not in the URL") as caught:
        Remote("http://dba:s3cret@127.0.0.1:8890/sparql")
    assert "s3cret" not in str(caught.value)
