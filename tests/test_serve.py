"""The SPARQL endpoint of ``kg serve``, used with the stock client SPARQLWrapper.

One endpoint (two worker processes, short limits) serves a small store made of
hand-built extractions for the whole module; its teardown checks that no worker
process outlives it.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from xml.dom.minidom import Document, Text, parseString

import pyoxigraph as ox
import pytest
from rdflib import Graph
from SPARQLWrapper import (
    CSV,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.errors import KgError
from kg.namespace import KG, actor_iri, graph_iri
from kg.records import Actor, ActorType, Article, Extraction, Relation, RelationType, Sentence
from kg.serve import PAGE_CSP, Endpoint, Messages, is_loopback, negotiate
from kg.store import open_store

TIMEOUT = 1.5
MAX_BYTES = 64 * 1024
_FORM = "application/x-www-form-urlencoded"

FCC = Actor("fcc", "FCC", ActorType.AGENCY)
HUAWEI = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
REUTERS = Actor("reuters", "Reuters", ActorType.MEDIA_OUTLET)

WHO_ACCUSES = "SELECT DISTINCT ?who WHERE { ?a kg:accuses ?b . ?a skos:prefLabel ?who }"
COUNT_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
XML_RESULTS = "application/sparql-results+xml"
NUMBERS = " ".join(str(i) for i in range(1000))
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ {NUMBERS} }}" for v in "abc")
    + " }"
)
"""A billion rows to count: runs far longer than :data:`TIMEOUT`."""


def _extraction(text: str, agent: Actor, relation: RelationType, target: Actor) -> Extraction:
    evidence = Sentence(0, len(text), text)
    article = Article(text, source=f"{agent.key}.txt", title=text, date="2024-05-01")
    return Extraction(article, (agent, target), (Relation(agent, relation, target, evidence),))


EXTRACTIONS = (
    _extraction("The FCC accused Huawei.", FCC, RelationType.ACCUSES, HUAWEI),
    _extraction("Huawei denied the FCC claims.", HUAWEI, RelationType.DENIES, FCC),
    _extraction("Reuters cited Huawei.", REUTERS, RelationType.CITES, HUAWEI),
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    with open_store(path) as store:
        for extraction in EXTRACTIONS:
            store.add(extraction)
    return path


@pytest.fixture(scope="module")
def endpoint(store_path: Path) -> Iterator[Endpoint]:
    with Endpoint(store_path, port=0, timeout=TIMEOUT, max_bytes=MAX_BYTES, workers=2) as served:
        yield served.start()
    assert multiprocessing.active_children() == []


@pytest.fixture
def sink() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server recording every request: the remote endpoint of SERVICE and LOAD."""
    hits: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.end_headers()
            self.wfile.write(b'{"head":{"vars":[]},"results":{"bindings":[{}]}}')

        do_POST = do_GET

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    server.shutdown()
    server.server_close()


def _client(endpoint: Endpoint, query: str, fmt: str = JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint.url + "sparql", returnFormat=fmt)
    client.setQuery(query)
    return client


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a GET, whatever the status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def _query_url(endpoint: Endpoint, query: str, **params: str) -> str:
    return endpoint.url + "sparql?" + urlencode({"query": query, **params})


def _accusers(endpoint: Endpoint, client: SPARQLWrapper | None = None) -> list[str]:
    client = client or _client(endpoint, WHO_ACCUSES)
    result = client.query().convert()
    assert isinstance(result, dict)
    return [row["who"]["value"] for row in result["results"]["bindings"]]


def _quad_count(endpoint: Endpoint) -> int:
    result = _client(endpoint, COUNT_QUADS).query().convert()
    assert isinstance(result, dict)
    return int(result["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*, application/sparql-results+json;q=0.9", "text/csv"),
        ("*/*;q=0.1, text/tab-separated-values;q=0.2", "text/tab-separated-values"),
        ("*/*, application/sparql-results+json;q=0", "application/sparql-results+xml"),
        ("TEXT/CSV", "text/csv"),
        ("image/png, text/html;q=0.9", None),
        ("text/csv;q=0", None),
        ("text/csv;q=oops", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    offered = [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ]
    assert negotiate(accept, offered) == expected


def test_select_json(endpoint: Endpoint) -> None:
    assert _accusers(endpoint) == ["FCC"]


def test_select_xml(endpoint: Endpoint) -> None:
    result = _client(endpoint, WHO_ACCUSES, XML).query().convert()
    assert isinstance(result, Document)
    texts = [n.firstChild for n in result.getElementsByTagName("literal")]
    assert [t.data for t in texts if isinstance(t, Text)] == ["FCC"]


def test_a_query_that_names_its_graph_reads_only_it(endpoint: Endpoint) -> None:
    graph = graph_iri(EXTRACTIONS[0].article.id)
    query = "SELECT ?t FROM <{}> WHERE {{ ?a kg:text ?c . ?c nif:isString ?t }}"
    status, _, body = _get(_query_url(endpoint, query.format(graph)))
    assert status == 200
    values = [b["t"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert values == [EXTRACTIONS[0].article.text]
    every = "SELECT ?t WHERE { ?a kg:text ?c . ?c nif:isString ?t } # not from one graph"
    assert len(json.loads(_get(_query_url(endpoint, every))[2])["results"]["bindings"]) == 3


def test_xml_results_keep_carriage_returns(endpoint: Endpoint) -> None:
    query = 'SELECT ("line\\r\\nnext\\rlast" AS ?x) {}'
    status, _, body = _get(_query_url(endpoint, query), Accept=XML_RESULTS)
    assert status == 200
    literal = parseString(body).getElementsByTagName("literal")[0].firstChild
    assert isinstance(literal, Text) and literal.data == "line\r\nnext\rlast"


def test_xml_results_refuse_a_character_xml_cannot_hold(endpoint: Endpoint) -> None:
    """406 naming the character and the formats that hold it, not malformed XML."""
    query = 'SELECT ("nul\\u0000" AS ?x) {}'
    status, _, body = _get(_query_url(endpoint, query), Accept=XML_RESULTS)
    assert (status, body.decode()) == (
        406,
        "the result holds the character U+0000, which SPARQL XML results cannot hold; "
        "accept application/sparql-results+json, text/csv or text/tab-separated-values\n",
    )
    status, _, body = _get(_query_url(endpoint, query), Accept="application/sparql-results+json")
    assert status == 200
    assert json.loads(body)["results"]["bindings"] == [
        {"x": {"type": "literal", "value": "nul\x00"}}
    ]


@pytest.mark.parametrize(
    ("fmt", "expected"), [(CSV, b"who\r\nFCC\r\n"), (TSV, b'?who\n"FCC"@en\n')]
)
def test_select_csv_and_tsv(endpoint: Endpoint, fmt: str, expected: bytes) -> None:
    assert _client(endpoint, WHO_ACCUSES, fmt).query().convert() == expected


def test_ask(endpoint: Endpoint) -> None:
    for query, answer in [("ASK { ?a kg:denies ?b }", True), ("ASK { ?a kg:threatens ?b }", False)]:
        assert _client(endpoint, query).query().convert() == {"head": {}, "boolean": answer}


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(
    ("fmt", "rdflib_format", "content_type"),
    [
        (TURTLE, "turtle", "text/turtle; charset=utf-8"),
        (RDFXML, "xml", "application/rdf+xml"),
        (JSONLD, "json-ld", "application/ld+json"),
    ],
)
def test_construct(endpoint: Endpoint, fmt: str, rdflib_format: str, content_type: str) -> None:
    query = "CONSTRUCT { ?a kg:accuses ?b } WHERE { ?a kg:accuses ?b }"
    response = _client(endpoint, query, fmt).query().response
    assert response.headers["Content-Type"] == content_type
    graph = Graph().parse(data=response.read(), format=rdflib_format)
    assert list(graph) == [(actor_iri(FCC.key), KG.accuses, actor_iri(HUAWEI.key))]


def test_construct_n_triples_by_accept_header(endpoint: Endpoint) -> None:
    query = "CONSTRUCT WHERE { ?a kg:denies ?b }"
    status, headers, body = _get(_query_url(endpoint, query), Accept="application/n-triples")
    assert (status, headers["Content-Type"]) == (200, "application/n-triples")
    assert [p for _, p, _ in Graph().parse(data=body, format="nt")] == [KG.denies]


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_post(endpoint: Endpoint, request_method: str) -> None:
    client = _client(endpoint, WHO_ACCUSES)
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    assert _accusers(endpoint, client) == ["FCC"]


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_update_is_refused(endpoint: Endpoint, request_method: str) -> None:
    before = _quad_count(endpoint)
    client = _client(endpoint, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert b"read-only" in refused.value.read()
    assert _quad_count(endpoint) == before
    ask = _client(endpoint, "ASK { GRAPH ?g { <urn:a> ?p ?o } }").query().convert()
    assert ask == {"head": {}, "boolean": False}


def test_update_parameter_on_get_is_refused(endpoint: Endpoint) -> None:
    url = endpoint.url + "sparql?" + urlencode({"update": "CLEAR ALL"})
    assert _get(url)[0] == 403


def test_load_is_refused(endpoint: Endpoint, sink: tuple[str, list[str]]) -> None:
    remote, hits = sink
    client = _client(endpoint, f"LOAD <{remote}> INTO GRAPH <urn:g>")
    client.setMethod(POST)
    with pytest.raises(HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert _get(_query_url(endpoint, f"LOAD <{remote}>"))[0] == 400
    assert hits == []


SERVICE_QUERY = "PREFIX ex: <http://example.org/> SELECT * WHERE {{ {} }}"
SERVICE_PATTERNS = [
    "?s ?p ?o SERVICE <{remote}> {{ ?x ?y ?z }}",
    "?s ?p ?o service silent <{remote}> {{ }}",
    "?s ?p ?o SERVICE<{remote}>{{}}",
    "?s ?p ?o.SERVICE <{remote}> {{}}",
    "?s ?p ?o . SERVICESILENT <{remote}> {{}}",
    "?s ?p trueSERVICE <{remote}> {{}}",
    "?s ?p ex:a\\' . SERVICE <{remote}> {{}} #'\n",
    "?s ?p ex:a\\# . SERVICE <{remote}> {{}}",
    "?s ?p ?o FILTER(?o<'>' ) SERVICE <{remote}> {{}} #'\n",
    "?s ?p ?o OPTIONAL {{ SELECT * {{ VALUES ?x {{ 1 }} SERVICE <{remote}> {{ }} }} }}",
]
"""``SERVICE`` calls that pyoxigraph makes, some of which tokenizers would miss."""


def test_service_patterns_call_the_remote_endpoint_in_pyoxigraph(
    sink: tuple[str, list[str]],
) -> None:
    remote, hits = sink
    store = ox.Store()
    subject, predicate = ox.NamedNode("urn:s"), ox.NamedNode("urn:p")
    for value in (ox.Literal(True), ox.Literal(""), ox.NamedNode("http://example.org/a'")):
        store.add(ox.Quad(subject, predicate, value))
    store.add(ox.Quad(subject, predicate, ox.NamedNode("http://example.org/a#")))
    for pattern in SERVICE_PATTERNS:
        called = len(hits)
        with contextlib.suppress(RuntimeError):
            solutions = store.query(SERVICE_QUERY.format(pattern.format(remote=remote)))
            assert isinstance(solutions, ox.QuerySolutions)
            list(solutions)
        assert len(hits) > called, pattern


@pytest.mark.parametrize("pattern", SERVICE_PATTERNS)
def test_service_is_refused(endpoint: Endpoint, sink: tuple[str, list[str]], pattern: str) -> None:
    remote, hits = sink
    query = SERVICE_QUERY.format(pattern.format(remote=remote))
    with pytest.raises(HTTPError) as refused:
        _client(endpoint, query).query()
    assert refused.value.code == 403
    assert b"SERVICE" in refused.value.read()
    assert hits == []


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(?o, "Secret Service")) }',
        "SELECT ?service WHERE { ?service kg:accuses ?o }",
        "SELECT ?o WHERE { <http://example.org/service> ?p ?o }",
        "SELECT ?o WHERE { ?s schema:Service ?o } # SERVICE <http://example.org/> {}",
    ],
)
def test_service_as_a_word_is_allowed(endpoint: Endpoint, query: str) -> None:
    assert isinstance(_client(endpoint, query).query().convert(), dict)


PASSWD = Path("/etc/passwd")
FILE = "file:///etc/passwd"
EMPTY_SELECT = b'{"head":{"vars":["g","o","p","s"]},"results":{"bindings":[]}}'
FILE_QUERIES = [
    f"SELECT * FROM <{FILE}> WHERE {{ ?s ?p ?o }}",
    f"SELECT * FROM NAMED <{FILE}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ GRAPH <{FILE}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE <{FILE}> {{ ?s ?p ?o }} }}",
    f"SELECT * WHERE {{ SERVICE SILENT <{FILE}> {{ ?s ?p ?o }} }}",
    f"CONSTRUCT {{ ?s ?p ?o }} FROM <{FILE}> WHERE {{ ?s ?p ?o }}",
    f"LOAD <{FILE}>",
    f"LOAD <{FILE}> INTO GRAPH <urn:g>",
]


def _post(endpoint: Endpoint, body: bytes, content_type: str) -> tuple[int, bytes]:
    request = urllib.request.Request(
        endpoint.url + "sparql", data=body, headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read()
    except HTTPError as error:
        return error.code, error.read()


@pytest.mark.skipif(not PASSWD.is_file(), reason="no /etc/passwd to try to read")
def test_queries_cannot_read_local_files(endpoint: Endpoint) -> None:
    lines = [line for line in PASSWD.read_text().splitlines() if line.strip()]
    answers = []
    for query in FILE_QUERIES:
        answers.append(_get(_query_url(endpoint, query))[::2])
        answers.append(_post(endpoint, urlencode({"query": query}).encode(), _FORM))
        answers.append(_post(endpoint, query.encode(), "application/sparql-query"))
        answers.append(_post(endpoint, query.encode(), "application/sparql-update"))
    for graph in ("default-graph-uri", "named-graph-uri"):
        url = _query_url(endpoint, "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", **{graph: FILE})
        answers.append(_get(url)[::2])
    assert {status for status, _ in answers} <= {200, 400, 403}
    for status, body in answers:
        assert not [line for line in lines if line in body.decode()], (status, body)
    assert _get(_query_url(endpoint, FILE_QUERIES[1]))[::2] == (200, EMPTY_SELECT)
    assert _get(_query_url(endpoint, FILE_QUERIES[3]))[0] == 403
    assert _post(endpoint, FILE_QUERIES[6].encode(), "application/sparql-update")[0] == 403


def test_error_bodies_hold_no_traceback_or_server_path(
    endpoint: Endpoint, store_path: Path
) -> None:
    import kg

    sparql = endpoint.url + "sparql"
    answers = [
        _get(_query_url(endpoint, "SELECT * WHERE { ?s ?p"))[::2],
        _get(_query_url(endpoint, "SELECT * WHERE { ?s ?p ?o FILTER(?o = <a b>) }"))[::2],
        _get(_query_url(endpoint, WHO_ACCUSES, **{"default-graph-uri": "<not an IRI>"}))[::2],
        _get(_query_url(endpoint, WHO_ACCUSES), Accept="image/png")[::2],
        _get(_query_url(endpoint, "SELECT ?n WHERE { VALUES ?n { " + NUMBERS + " } }"))[::2],
        _get(endpoint.url + "nowhere/../../etc/passwd")[::2],
        _get(sparql)[::2],
        _post(endpoint, b"ASK {}", "text/plain"),
        _post(endpoint, b"\xff", "application/sparql-query"),
        _post(endpoint, b"CLEAR ALL", "application/sparql-update"),
    ]
    with socket.create_connection(("127.0.0.1", endpoint.port)) as raw:
        raw.sendall(b"BREW /sparql HTTP/1.1\r\nHost: x\r\n\r\n")
        answers.append((0, raw.recv(65536)))
    server_paths = {str(store_path), str(Path(kg.__file__).parent), sys.prefix}
    assert len({status for status, _ in answers}) >= 7
    for status, body in answers:
        text = body.decode(errors="replace")
        assert status >= 400 or text.startswith("HTTP/1.0 501"), text
        assert "Traceback" not in text and 'File "' not in text, text
        assert not [path for path in server_paths if path in text], text


def test_default_and_named_graph_parameters(endpoint: Endpoint) -> None:
    accusation, denial, _ = (str(graph_iri(e.article.id)) for e in EXTRACTIONS)
    client = _client(endpoint, WHO_ACCUSES)
    client.addDefaultGraph(denial)
    assert _accusers(endpoint, client) == []
    client = _client(endpoint, WHO_ACCUSES)
    client.addDefaultGraph(accusation)
    assert _accusers(endpoint, client) == ["FCC"]
    client = _client(endpoint, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    client.addNamedGraph(denial)
    result = client.query().convert()
    assert isinstance(result, dict)
    assert [row["g"]["value"] for row in result["results"]["bindings"]] == [denial]
    bad = _query_url(endpoint, WHO_ACCUSES, **{"default-graph-uri": "not an IRI"})
    assert _get(bad)[0] == 400


def test_bad_query_is_400_with_a_short_message(endpoint: Endpoint) -> None:
    with pytest.raises(QueryBadFormed):
        _client(endpoint, "SELECT * WHERE { ?s ?p").query()
    status, headers, body = _get(_query_url(endpoint, "SELECT * WHERE { ?s ?p"))
    assert (status, headers["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert body.startswith(b"bad query: ") and body.count(b"\n") == 1 and len(body) < 300
    assert b"Traceback" not in body


@pytest.mark.parametrize(
    ("url", "status"),
    [("sparql", 400), ("sparql?query=ASK%7B%7D&query=ASK%7B%7D", 400), ("nowhere", 404)],
)
def test_bad_requests(endpoint: Endpoint, url: str, status: int) -> None:
    got, headers, body = _get(endpoint.url + url)
    assert (got, headers["Content-Type"]) == (status, "text/plain; charset=utf-8")
    assert b"Traceback" not in body


def test_unsupported_post_body(endpoint: Endpoint) -> None:
    request = urllib.request.Request(
        endpoint.url + "sparql", data=b"ASK {}", headers={"Content-Type": "text/plain"}
    )
    with pytest.raises(HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 415
    huge = urlencode({"query": "ASK {} #" + "x" * 2_000_000}).encode()
    with pytest.raises(HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(endpoint.url + "sparql", data=huge))
    assert refused.value.code == 413


def test_not_acceptable(endpoint: Endpoint) -> None:
    status, _, body = _get(_query_url(endpoint, WHO_ACCUSES), Accept="image/png")
    assert status == 406 and b"application/sparql-results+json" in body
    assert _get(_query_url(endpoint, "ASK {}"), Accept="text/turtle")[0] == 406
    status, headers, _ = _get(_query_url(endpoint, "ASK {}"), Accept="text/csv;q=0.1, */*;q=0")
    assert (status, headers["Content-Type"]) == (200, "text/csv; charset=utf-8")


def test_graph_page(endpoint: Endpoint) -> None:
    status, headers, body = _get(endpoint.url)
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert headers["Content-Security-Policy"] == PAGE_CSP
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert b'data-nodes="3"' in body and b'data-edges="3"' in body
    assert _get(endpoint.url)[2] == body


def test_result_size_limit(endpoint: Endpoint) -> None:
    query = "SELECT ?n WHERE { VALUES ?n { " + NUMBERS + " } }"
    assert len(_get(_query_url(endpoint, query + " LIMIT 10"))[2]) < MAX_BYTES
    with pytest.raises(HTTPError) as refused:
        _client(endpoint, query).query()
    assert refused.value.code == 413
    assert refused.value.read() == f"result larger than {MAX_BYTES} bytes; add a LIMIT\n".encode()


def test_slow_query_times_out_without_blocking_others(endpoint: Endpoint) -> None:
    workers = {p.pid for p in multiprocessing.active_children()}
    assert len(workers) == 2
    outcome: dict[str, object] = {}

    def slow() -> None:
        start = time.monotonic()
        try:
            _client(endpoint, SLOW).query()
        except HTTPError as error:
            outcome["status"], outcome["body"] = error.code, error.read()
        outcome["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.3)
    assert _accusers(endpoint) == ["FCC"]
    assert "seconds" not in outcome, "the fast query waited for the slow one"
    thread.join(TIMEOUT + 5)
    assert outcome["status"] == 503
    assert outcome["body"] == b"query timed out after 1.5 s; narrow it down or add a LIMIT\n"
    assert TIMEOUT <= float(str(outcome["seconds"])) <= TIMEOUT + 2

    deadline = time.monotonic() + 10
    while len(replaced := {p.pid for p in multiprocessing.active_children()} - workers) < 1:
        assert time.monotonic() < deadline, "the killed worker was not replaced"
        time.sleep(0.05)
    assert len(workers - {p.pid for p in multiprocessing.active_children()}) == 1
    assert len(replaced) == 1
    assert [_accusers(endpoint) for _ in range(4)] == [["FCC"]] * 4


def test_a_burst_of_connections_waits_in_the_backlog(store_path: Path) -> None:
    """Connections made before the server accepts any are queued, not dropped: at
    socketserver's backlog of 5, the seventh connect would hang until its timeout."""
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.0\r\n\r\n"
    with contextlib.ExitStack() as stack:
        endpoint = stack.enter_context(Endpoint(store_path, port=0, workers=1))
        clients = []
        for _ in range(64):
            raw = stack.enter_context(socket.create_connection(("127.0.0.1", endpoint.port), 10))
            raw.sendall(request)
            clients.append(raw)
        endpoint.start()
        for raw in clients:
            with raw.makefile("rb") as response:
                assert response.readline().startswith(b"HTTP/1.0 200")


def test_graph_file_source_and_a_port_in_use(tmp_path: Path) -> None:
    before = {p.pid for p in multiprocessing.active_children()}
    store = open_store()
    store.add(EXTRACTIONS[0])
    trig = tmp_path / "graph.trig"
    trig.write_bytes(store.dump(ox.RdfFormat.TRIG))
    with Endpoint(trig, port=0, workers=1).start() as endpoint:
        assert _accusers(endpoint) == ["FCC"]
        with pytest.raises(KgError, match=r"cannot listen on 127\.0\.0\.1"):
            Endpoint(trig, port=endpoint.port)
    assert {p.pid for p in multiprocessing.active_children()} == before


def test_unreadable_source_fails_at_start(tmp_path: Path) -> None:
    before = {p.pid for p in multiprocessing.active_children()}
    missing = tmp_path / "missing.trig"
    with pytest.raises(KgError, match=r"missing\.trig: not a graph written by `kg build`"):
        Endpoint(missing, port=0, workers=1)
    assert {p.pid for p in multiprocessing.active_children()} == before


def test_kg_serve_command_answers_and_stops_on_ctrl_c(store_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(store_path), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        url = line.split()[-1]
        client = SPARQLWrapper(url)
        client.setQuery("ASK { ?a kg:accuses ?b }")
        client.setReturnFormat(JSON)
        answer = client.queryAndConvert()
        assert isinstance(answer, dict) and answer["boolean"] is True
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "Stopped" in stdout and "Traceback" not in stderr


def test_kg_serve_warns_off_loopback() -> None:
    assert not is_loopback("0.0.0.0")
    assert "not a loopback address" in Messages.EXPOSED.format(host="0.0.0.0")


def test_a_store_copied_into_memory_answers_the_same(store_path: Path) -> None:
    with Endpoint(store_path, port=0, workers=1, memory=True).start() as endpoint:
        copied = _accusers(endpoint), _quad_count(endpoint)
    with Endpoint(store_path, port=0, workers=1).start() as endpoint:
        assert copied == (_accusers(endpoint), _quad_count(endpoint))
