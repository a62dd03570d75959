"""The serve stage: a read-only SPARQL 1.1 Protocol endpoint over a store, and the graph page.

:class:`Endpoint` answers queries at ``/sparql`` (``GET ?query=``, ``POST`` of an
``application/x-www-form-urlencoded`` form or of an ``application/sparql-query``
body) and serves the actor graph page (:func:`kg.render.render_html`) at ``/``.

- Results are negotiated from the ``Accept`` header (q-values honoured, 406 when
  nothing fits): ``SELECT``/``ASK`` as SPARQL results JSON (the default), XML,
  CSV or TSV; ``CONSTRUCT``/``DESCRIBE`` as Turtle (the default), N-Triples,
  JSON-LD or RDF/XML.
- The default graph is the union of the article graphs, as in
  :meth:`kg.store.Store.execute`, and the kg prefixes are predeclared; the
  protocol's ``default-graph-uri`` and ``named-graph-uri`` parameters choose
  other graphs.
- Read-only: SPARQL Update (an ``update`` parameter or an
  ``application/sparql-update`` body) and ``SERVICE`` are refused with 403.
  ``SERVICE`` is spotted by oxigraph's own parser (see :func:`_service_refusal`).
- Queries run in a few worker processes, each with the source opened by
  :func:`kg.store.open_source`. pyoxigraph cannot cancel a running query, so a
  query that overruns ``timeout`` gets 503 and its worker is killed and
  replaced; other clients are served by the other workers meanwhile. A result
  of more than ``max_bytes`` bytes gets 413.
- With a :class:`kg.remote.Remote` instead of a source, queries are proxied to
  that SPARQL server (:meth:`kg.remote.Session.execute`, which predeclares the
  kg prefixes) and its result is negotiated and sent as a local one is; the
  same refusals, timeout and size limit apply (503, 413), the server's errors
  are 400 for a query it rejects and 502 otherwise. The graph page is drawn from
  the article graphs on the server.
- Every error is a status and one short line of text, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import logging
import multiprocessing
import queue
import re
import signal
import socket
import sys
import threading
import time
import types
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, cast
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.query import exact_xml, unfit_for_xml
from kg.rdf import one_line
from kg.remote import Failure, Remote, RemoteError, Session
from kg.store import PREFIXES, Store, names_its_dataset, open_source, syntax_error

if TYPE_CHECKING:
    from multiprocessing.context import SpawnContext, SpawnProcess

    from _typeshed import ReadableBuffer

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_PORT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "PAGE_CSP",
    "Endpoint",
    "Messages",
    "is_loopback",
    "negotiate",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run (and, separately, wait for a free worker)."""
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""Largest serialised result sent, in bytes."""
DEFAULT_WORKERS = 2
MAX_REQUEST_BYTES = 1024 * 1024
"""Largest ``POST`` body read, in bytes."""

PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
"""Content-Security-Policy of the graph page: it inlines every script and style."""
_API_CSP = "default-src 'none'; frame-ancestors 'none'"

_HTML = "text/html; charset=utf-8"
_TEXT = "text/plain; charset=utf-8"
_FORM = "application/x-www-form-urlencoded"
_SPARQL_QUERY = "application/sparql-query"
_SPARQL_UPDATE = "application/sparql-update"

_XML_RESULTS = "application/sparql-results+xml"
_RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    _XML_RESULTS: ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
}
"""Media types of ``SELECT`` and ``ASK`` results, the default first."""
_GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
"""Media types of ``CONSTRUCT`` and ``DESCRIBE`` results, the default first."""

logger = logging.getLogger(__name__)


class Messages:
    """The short plain-text messages of the endpoint's HTTP errors and start-up errors."""

    NOT_FOUND = "not found: the SPARQL endpoint is /sparql and the graph page is /"
    NO_QUERY = "give exactly one query parameter"
    READ_ONLY = "this endpoint is read-only: SPARQL Update is refused"
    SERVICE = "SERVICE (a federated query to another endpoint) is refused"
    MEDIA_TYPE = f"a POST must be {_FORM} or {_SPARQL_QUERY}"
    LENGTH = "a POST needs a Content-Length"
    REQUEST_TOO_LARGE = f"request larger than {MAX_REQUEST_BYTES} bytes"
    NOT_UTF8 = "the request is not valid UTF-8"
    BAD_GRAPH = "not an IRI: {iri!r}"
    BAD_QUERY = "bad query: {reason}"
    FAILED = "query failed: {reason}"
    NOT_ACCEPTABLE = "no acceptable result format; this query gives {types}"
    NOT_XML = (
        "the result holds the character {char}, which SPARQL XML results cannot hold; "
        "accept application/sparql-results+json, text/csv or text/tab-separated-values"
    )
    TIMEOUT = "query timed out after {seconds:g} s; narrow it down or add a LIMIT"
    BUSY = "every query worker stayed busy for {seconds:g} s; try again later"
    RESULT_TOO_LARGE = "result larger than {limit} bytes; add a LIMIT"
    INTERNAL = "internal error"
    UPSTREAM = "the SPARQL server failed: {reason}"
    LISTEN = "cannot listen on {host}:{port} ({reason})"
    WORKER = "a query worker could not start"
    EXPOSED = (
        "listening on {host}, not a loopback address: anyone who can reach this machine "
        "can query the store"
    )
    """For the CLI to print when :func:`is_loopback` is false."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1")
    (True, True, True)
    >>> is_loopback("0.0.0.0"), is_loopback("example.org")
    (False, False)
    """
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The media type of ``offered`` that an ``Accept`` header prefers, or ``None``.

    Each offer gets the q-value of the most specific range matching it
    (``type/subtype``, then ``type/*``, then ``*/*``); the highest q wins, ties
    go to the earlier offer, and q=0 refuses. No header accepts anything.

    >>> offered = ["application/sparql-results+json", "text/csv"]
    >>> negotiate("text/*;q=0.5, application/*;q=0.4", offered)
    'text/csv'
    >>> negotiate("*/*, application/sparql-results+json;q=0", offered)
    'text/csv'
    >>> negotiate(None, offered), negotiate("image/png", offered)
    ('application/sparql-results+json', None)
    """
    if accept is None or not accept.strip():
        return offered[0]
    ranges: dict[str, float] = {}
    for item in accept.split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges[kind.lower()] = max(quality, ranges.get(kind.lower(), 0.0))
    best, best_quality = None, 0.0
    for offer in offered:
        patterns = (offer, offer.split("/")[0] + "/*", "*/*")
        quality = next((ranges[p] for p in patterns if p in ranges), 0.0)
        if quality > best_quality:
            best, best_quality = offer, quality
    return best


@dataclass(frozen=True)
class _Query:
    """A query for a worker, with the request's ``Accept`` header and dataset."""

    text: str
    accept: str | None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Page:
    """A request for the graph page."""

    title: str


@dataclass(frozen=True)
class _Reply:
    status: int
    content_type: str
    body: bytes


def _text(status: int, message: str) -> _Reply:
    return _Reply(status, _TEXT, (message + "\n").encode())


def _failed(exc: Exception) -> _Reply:
    reason = one_line(str(exc))
    if isinstance(exc, SyntaxError):
        return _text(HTTPStatus.BAD_REQUEST, Messages.BAD_QUERY.format(reason=reason))
    return _text(HTTPStatus.INTERNAL_SERVER_ERROR, Messages.FAILED.format(reason=reason))


class _CappedBuffer(io.BytesIO):
    """A buffer whose writes fail once it would exceed ``limit`` bytes.

    pyoxigraph serialises results as evaluation streams them, so the failing
    write stops both.
    """

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.full = False

    def write(self, data: ReadableBuffer, /) -> int:
        if self.tell() + memoryview(data).nbytes > self.limit:
            self.full = True
            raise OSError("result too large")
        return super().write(data)


_SERVICE = re.compile("service", re.IGNORECASE | re.ASCII)
_SERVICE_SILENT = re.compile(r"service(\s*silent)?", re.IGNORECASE | re.ASCII)
_NEUTRAL = str.maketrans("serviceSERVICE", "zzzzzzzZZZZZZZ")


def _service_refusal(query: str) -> _Reply | None:
    """A 403 when oxigraph would read ``SERVICE`` in ``query`` as the keyword, else ``None``.

    A tokenizer or another parser can disagree with oxigraph's (keywords need
    no space before them: ``1SERVICE``, ``?o.SERVICE``; ``\\'`` and ``\\#`` may
    end a prefixed name; ``<`` starts an IRI or is less-than by context), so
    oxigraph decides: every ASCII "service", in any case, is overwritten with
    "zzzzzzz" in the same case, letters that every SPARQL token treats as it
    treats other letters but that are no keyword. If that copy parses, no
    "service" was the keyword. Otherwise the query uses ``SERVICE`` (403) if it parses with
    ``GRAPH`` in its place, and is malformed (400) if not. Neither copy can call
    an endpoint, and both are parsed over an empty store.
    """
    if _SERVICE.search(query) is None:
        return None
    neutral = _SERVICE.sub(lambda match: match[0].translate(_NEUTRAL), query)
    error = syntax_error(neutral)
    if error is None:
        return None
    if syntax_error(_SERVICE_SILENT.sub("GRAPH", query)) is None:
        return _text(HTTPStatus.FORBIDDEN, Messages.SERVICE)
    return _text(HTTPStatus.BAD_REQUEST, Messages.BAD_QUERY.format(reason=error))


def _run_query(store: Store, job: _Query, max_bytes: int) -> _Reply:
    """Run ``job`` over ``store`` and serialise its result as the client prefers."""
    refusal = _service_refusal(job.text)
    if refusal is not None:
        return refusal
    default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [
        ox.NamedNode(iri) for iri in job.default_graphs
    ]
    named: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri) for iri in job.named_graphs]
    try:
        result = store.inner.query(
            job.text,
            prefixes=PREFIXES,
            use_default_graph_as_union=not default and not names_its_dataset(job.text),
            default_graph=default or None,
            named_graphs=named or None,
        )
    except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
        return _failed(exc)
    return _serialised(result, job.accept, max_bytes)


def _serialised(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    accept: str | None,
    max_bytes: int,
) -> _Reply:
    """``result`` as ``accept`` prefers it (406 if nothing fits, 413 past ``max_bytes``)."""
    offered = list(_GRAPH_TYPES if isinstance(result, ox.QueryTriples) else _RESULT_TYPES)
    media = negotiate(accept, offered)
    if media is None:
        types = ", ".join(offered)
        return _text(HTTPStatus.NOT_ACCEPTABLE, Messages.NOT_ACCEPTABLE.format(types=types))
    buffer = _CappedBuffer(max_bytes)
    try:
        if isinstance(result, ox.QueryTriples):
            result.serialize(buffer, _GRAPH_TYPES[media])
        else:
            result.serialize(buffer, _RESULT_TYPES[media])
    except (OSError, RuntimeError, ValueError) as exc:
        if buffer.full:
            message = Messages.RESULT_TOO_LARGE.format(limit=max_bytes)
            return _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, message)
        return _failed(exc)
    data = buffer.getvalue()
    if media == _XML_RESULTS and not isinstance(result, ox.QueryTriples):
        char = unfit_for_xml(data)
        if char is not None:
            return _text(HTTPStatus.NOT_ACCEPTABLE, Messages.NOT_XML.format(char=char))
        data = exact_xml(data)
    content_type = media + "; charset=utf-8" if media.startswith("text/") else media
    return _Reply(HTTPStatus.OK, content_type, data)


def _render_page(store: Store, job: _Page) -> _Reply:
    from kg.analysis import actor_graph
    from kg.render import render_html

    page = render_html(actor_graph(store.relation_events()), title=job.title)
    return _Reply(HTTPStatus.OK, _HTML, page.encode())


@dataclass(frozen=True)
class _Source:
    """What each worker opens: a source path, and whether to copy it into memory."""

    path: str
    memory: bool = False


def _work(conn: Connection, source: _Source, max_bytes: int) -> None:
    """A worker process: open ``source``, send ``None`` (or the error), then answer jobs."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server shuts its workers down
    try:
        store = open_source(source.path, memory=source.memory)
    except KgError as exc:
        conn.send(str(exc))
        return
    conn.send(None)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if isinstance(job, _Page):
                reply = _render_page(store, job)
            else:
                reply = _run_query(store, job, max_bytes)
        except Exception:
            logger.exception("kg serve: internal error")
            reply = _text(HTTPStatus.INTERNAL_SERVER_ERROR, Messages.INTERNAL)
        conn.send(reply)


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Hide the ``__main__`` module from processes spawned meanwhile.

    A spawned process first runs its parent's main script again: for the
    ``kg`` command that imports the whole CLI and spaCy, 1 s and 100 MB per
    worker, while a worker needs only this module.
    """
    with _MAIN_LOCK:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, context: SpawnContext, source: _Source, max_bytes: int) -> None:
        self.conn, child = context.Pipe()
        self.process: SpawnProcess = context.Process(
            target=_work, args=(child, source, max_bytes), name="kg-serve-worker", daemon=True
        )
        with _main_module_hidden():
            self.process.start()
        child.close()

    def wait_ready(self) -> None:
        """Wait until the worker has opened the source; raise its :class:`KgError` if it failed."""
        try:
            error = self.conn.recv()
        except (EOFError, OSError):
            error = Messages.WORKER
        if error is not None:
            raise KgError(error)

    def call(self, job: _Query | _Page, timeout: float) -> _Reply:
        """The reply; :class:`TimeoutError` after ``timeout`` s, ``EOFError`` if the worker died."""
        self.conn.send(job)
        if not self.conn.poll(timeout):
            raise TimeoutError
        return cast(_Reply, self.conn.recv())

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class _Pool:
    """Worker processes taking one job at a time; one that overruns is killed and replaced."""

    def __init__(self, source: _Source, size: int, max_bytes: int) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._source = source
        self._max_bytes = max_bytes
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        started = [self._start() for _ in range(size)]
        try:
            for worker in started:
                worker.wait_ready()
        except BaseException:
            self.close()
            raise
        for worker in started:
            self._idle.put(worker)

    def _start(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise KgError(Messages.WORKER)
            worker = _Worker(self._context, self._source, self._max_bytes)
            self._workers.add(worker)
            return worker

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        worker.stop()
        try:
            fresh = self._start()
            fresh.wait_ready()
        except KgError as exc:
            if not self._closed:
                logger.error("kg serve: %s", exc)
            return
        self._idle.put(fresh)

    def run(self, job: _Query | _Page, timeout: float) -> _Reply:
        """Give ``job`` to the next free worker and return its reply (503 on timeout)."""
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            return _text(HTTPStatus.SERVICE_UNAVAILABLE, Messages.BUSY.format(seconds=timeout))
        try:
            reply = worker.call(job, timeout)
        except (TimeoutError, EOFError, OSError) as exc:
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            if isinstance(exc, TimeoutError):
                message = Messages.TIMEOUT.format(seconds=timeout)
                return _text(HTTPStatus.SERVICE_UNAVAILABLE, message)
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, Messages.INTERNAL)
        self._idle.put(worker)
        return reply

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, set()
        for worker in workers:
            worker.stop()


class _Backend(Protocol):
    """What answers the endpoint's jobs: local workers (:class:`_Pool`) or a
    SPARQL server (:class:`_Proxy`)."""

    def run(self, job: _Query | _Page, timeout: float) -> _Reply: ...

    def close(self) -> None: ...


def _upstream_failed(exc: RemoteError, timeout: float, max_bytes: int) -> _Reply:
    """The reply to a request the SPARQL server behind the endpoint did not answer."""
    if exc.failure is Failure.TIMEOUT:
        return _text(HTTPStatus.SERVICE_UNAVAILABLE, Messages.TIMEOUT.format(seconds=timeout))
    if exc.failure is Failure.TOO_LARGE:
        message = Messages.RESULT_TOO_LARGE.format(limit=max_bytes)
        return _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, message)
    if exc.failure is Failure.REJECTED and exc.status is not None and exc.status < 500:
        return _text(HTTPStatus.BAD_REQUEST, Messages.BAD_QUERY.format(reason=exc))
    return _text(HTTPStatus.BAD_GATEWAY, Messages.UPSTREAM.format(reason=exc))


class _Proxy:
    """Jobs answered by a SPARQL server: queries passed on, the page drawn from its graphs.

    Requests run in the HTTP server's threads over one :class:`kg.remote.Session`;
    each gets ``timeout`` seconds, retries included, and ``max_bytes`` of answer.
    Creating the proxy asks the server one ``ASK`` and raises its error.
    """

    def __init__(self, remote: Remote, max_bytes: int) -> None:
        self._session = Session(remote)
        self._max_bytes = max_bytes
        try:
            self._session.execute("ASK {}")
        except BaseException:
            self._session.close()
            raise

    def run(self, job: _Query | _Page, timeout: float) -> _Reply:
        deadline = time.monotonic() + timeout
        try:
            if isinstance(job, _Page):
                quads = self._session.article_quads(deadline=deadline, limit=self._max_bytes)
                return _render_page(Store(quads, read_only=True), job)
            refusal = _service_refusal(job.text)
            if refusal is not None:
                return refusal
            result = self._session.execute(
                job.text,
                default_graphs=job.default_graphs,
                named_graphs=job.named_graphs,
                deadline=deadline,
                limit=self._max_bytes,
            )
        except RemoteError as exc:
            return _upstream_failed(exc, timeout, self._max_bytes)
        return _serialised(result, job.accept, self._max_bytes)

    def close(self) -> None:
        self._session.close()


class _Server(ThreadingHTTPServer):
    request_queue_size = socket.SOMAXCONN
    """The listen backlog: at socketserver's 5, a burst of clients overflows it and the
    kernel drops their connections, which then wait seconds for a retransmission."""

    def __init__(self, endpoint: Endpoint, host: str, port: int) -> None:
        self.endpoint = endpoint
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        """Log a request that failed outside the handler; a client hanging up is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            logger.exception("kg serve: error answering %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    """Routes ``/sparql`` and ``/``; every answer is a :class:`_Reply`."""

    timeout = 60  # seconds a client may take to send its request

    def version_string(self) -> str:
        return "kg"

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors of :mod:`http.server` itself (bad request line, method ...), as text."""
        self._send(_text(code, message or HTTPStatus(code).phrase))

    def log_message(self, format: str, *args: object) -> None:
        logger.info("%s %s", self.address_string(), format % args)

    def _answer(self, method: str) -> None:
        try:
            reply = self._route(method)
        except Exception:
            logger.exception("kg serve: internal error")
            reply = _text(HTTPStatus.INTERNAL_SERVER_ERROR, Messages.INTERNAL)
        self._send(reply)

    def _send(self, reply: _Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header(
            "Content-Security-Policy", PAGE_CSP if reply.content_type == _HTML else _API_CSP
        )
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Vary", "Accept")
        self.end_headers()
        self.wfile.write(reply.body)

    def _route(self, method: str) -> _Reply:
        endpoint = cast(_Server, self.server).endpoint
        url = urlsplit(self.path)
        if url.path == "/" and method == "GET":
            return endpoint.page()
        if url.path != "/sparql":
            return _text(HTTPStatus.NOT_FOUND, Messages.NOT_FOUND)
        params = parse_qs(url.query, keep_blank_values=True)
        if method == "POST":
            kind = self.headers.get_content_type()
            if kind == _SPARQL_UPDATE:
                return _text(HTTPStatus.FORBIDDEN, Messages.READ_ONLY)
            if kind not in (_FORM, _SPARQL_QUERY):
                return _text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, Messages.MEDIA_TYPE)
            body = self._body()
            if isinstance(body, _Reply):
                return body
            if kind == _FORM:
                for name, values in parse_qs(body, keep_blank_values=True).items():
                    params.setdefault(name, []).extend(values)
            else:
                params.setdefault("query", []).append(body)
        if "update" in params:
            return _text(HTTPStatus.FORBIDDEN, Messages.READ_ONLY)
        queries = params.get("query", [])
        if len(queries) != 1:
            return _text(HTTPStatus.BAD_REQUEST, Messages.NO_QUERY)
        graphs = (params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        for iri in graphs[0] + graphs[1]:
            try:
                ox.NamedNode(iri)
            except ValueError:
                return _text(HTTPStatus.BAD_REQUEST, Messages.BAD_GRAPH.format(iri=iri))
        accept = self.headers.get("Accept")
        return endpoint._run(_Query(queries[0], accept, tuple(graphs[0]), tuple(graphs[1])))

    def _discard(self, length: int) -> None:
        """Read and drop a too-large body (up to 16 times the limit) so that the
        client, still sending, gets the 413 rather than a broken pipe; the
        connection is closed after the answer."""
        self.close_connection = True
        left = min(length, 16 * MAX_REQUEST_BYTES)
        while left > 0 and (chunk := self.rfile.read(min(left, 65536))):
            left -= len(chunk)

    def _body(self) -> str | _Reply:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            length = -1
        if length < 0:
            return _text(HTTPStatus.LENGTH_REQUIRED, Messages.LENGTH)
        if length > MAX_REQUEST_BYTES:
            self._discard(length)
            return _text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, Messages.REQUEST_TOO_LARGE)
        try:
            return self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            return _text(HTTPStatus.BAD_REQUEST, Messages.NOT_UTF8)


class Endpoint:
    """A read-only SPARQL endpoint over ``source``, with the graph page at ``/``.

    ``source`` is anything :func:`kg.store.open_source` opens; each of the
    ``workers`` processes opens it itself (a store folder read-only, as it was
    at that moment, or copied into memory with ``memory``: faster queries, more
    memory, a slower start; graph files loaded into memory). Or it is a
    :class:`kg.remote.Remote`: queries go to that SPARQL server (no workers).
    Creating the endpoint binds ``host``:``port`` (port 0 picks a free one, see
    :attr:`port`) and starts the workers or reaches the server; it raises
    :class:`~kg.errors.KgError` when either fails.
    Serve with :meth:`serve_forever` (until interrupted) or :meth:`start` (in
    a background thread), and stop with :meth:`close` or a ``with`` block.
    """

    def __init__(
        self,
        source: str | Path | Remote,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        workers: int = DEFAULT_WORKERS,
        title: str | None = None,
        memory: bool = False,
    ) -> None:
        self.timeout = timeout
        where = source.endpoint if isinstance(source, Remote) else source
        self.title = title or f"kg: {where}"
        self._page: _Reply | None = None
        self._thread: threading.Thread | None = None
        self._serving = threading.Event()
        try:
            self._server = _Server(self, host, port)
        except OSError as exc:
            reason = one_line(exc.strerror or str(exc))
            raise KgError(Messages.LISTEN.format(host=host, port=port, reason=reason)) from exc
        try:
            self._pool: _Backend
            if isinstance(source, Remote):
                self._pool = _Proxy(source, max_bytes)
            else:
                self._pool = _Pool(_Source(str(source), memory), workers, max_bytes)
        except BaseException:
            self._server.server_close()
            raise

    @property
    def port(self) -> int:
        """The port listened on (the one picked when created with port 0)."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """The graph page's URL; the endpoint is at ``url + "sparql"``."""
        host = str(self._server.server_address[0])
        return f"http://[{host}]:{self.port}/" if ":" in host else f"http://{host}:{self.port}/"

    def _run(self, job: _Query | _Page) -> _Reply:
        return self._pool.run(job, self.timeout)

    def page(self) -> _Reply:
        """The graph page, rendered by a worker on first request and then kept."""
        if self._page is None:
            reply = self._run(_Page(self.title))
            if reply.status != HTTPStatus.OK:
                return reply
            self._page = reply
        return self._page

    def serve_forever(self) -> None:
        """Answer requests until :meth:`close` is called from another thread (or Ctrl-C)."""
        self._serving.set()
        try:
            self._server.serve_forever()
        finally:
            self._serving.clear()

    def start(self) -> Endpoint:
        """Answer requests in a background thread; return the endpoint."""
        self._thread = threading.Thread(target=self.serve_forever, name="kg-serve", daemon=True)
        self._thread.start()
        self._serving.wait()
        return self

    def close(self) -> None:
        """Stop answering, release the port and end the worker processes."""
        if self._serving.is_set():
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join()
        self._server.server_close()
        self._pool.close()

    def __enter__(self) -> Endpoint:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
