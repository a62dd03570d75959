"""An external triple store: push a store's article graphs to a SPARQL server, and query it.

:func:`push` uploads each article graph of a store with the SPARQL 1.1 Graph
Store HTTP Protocol (``PUT ?graph=IRI`` of the graph as N-Triples), or with
SPARQL Update where a server has no Graph Store endpoint (Amazon Neptune):
``DROP SILENT GRAPH`` and ``INSERT DATA`` in one request. :func:`execute_remote`
and :func:`query_remote` run queries there with the SPARQL 1.1 Protocol, and
give the same results, in the same formats, as :meth:`kg.store.Store.execute`
gives locally.

- **Idempotent:** a graph's IRI comes from its article's content id, so a graph
  the server holds with as many triples as the store's is that article, and is
  skipped (unless ``force``). A graph the server holds with another count (an
  upload that died half-way) is uploaded again.
- **Whole graphs:** each graph goes up in one request. A request that fails is
  retried with exponential backoff (connection errors, timeouts, 5xx); when it
  still fails, the graph is deleted from the server again (Virtuoso keeps the
  triples before a malformed line past the first 64 KB of an upload, Oxigraph
  an empty graph), and the error says so in one line. If even the deletion
  fails, the next push finds the graph's count wrong and replaces it.
- **The summary** (:mod:`kg.summary`, the store's default graph) goes to the
  named graph :data:`SUMMARY_GRAPH`, rewritten in one request when the article
  graphs on the server change. It covers every article graph on the server,
  those pushed from other stores too. The shipped queries read it outside
  ``GRAPH``, so they need the server's default graph to be the union of its
  graphs: Virtuoso's is; Oxigraph server is asked per query
  (``union-default-graph``); :attr:`PushResult.union_default_graph` tells.
- **Credentials** come from the environment (:data:`ENV_USER`,
  :data:`ENV_PASSWORD`), never from a URL or the code; HTTP basic or digest
  authentication is chosen by the server's challenge, and nothing is sent
  before one. No message includes them.

Query text handling is SPARQL-aware but small: :func:`query_form` finds a
query's form, :func:`with_values` puts bindings as a ``VALUES`` block at the
start of every ``WHERE`` group (subqueries too, as local bindings reach them),
written from pyoxigraph's own serialisation of each term, so a bound value
cannot change the query.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from http import HTTPStatus
from types import TracebackType
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.namespace import ID, KG
from kg.query import ResultFormat, load_query, serialize_results
from kg.rdf import one_line
from kg.store import PREFIXES, Store, article_id_of, bound_term
from kg.summary import summarise

ENV_USER = "KG_ENDPOINT_USER"
"""Environment variable holding the account name for the SPARQL server."""
ENV_PASSWORD = "KG_ENDPOINT_PASSWORD"
"""Environment variable holding that account's password."""

SUMMARY_GRAPH = ox.NamedNode(str(ID["summary"]))
"""The named graph that holds the store's summary on a server."""

DEFAULT_TIMEOUT = 60.0
"""Seconds to wait for the server to connect, take or answer a request."""
DEFAULT_RETRIES = 4
"""Retries of a failed request (after 0.5, 1, 2 and 4 s with the default backoff)."""
DEFAULT_BACKOFF = 0.5
"""Seconds before the first retry; each further retry waits twice as long."""

_WRITE_RETRY = frozenset({500, 502, 503, 504})
"""Statuses after which an upload or listing is tried again (Virtuoso answers a
deadlock with 500)."""
_QUERY_RETRY = frozenset({502, 503, 504})
"""Statuses after which a user's query is tried again (Virtuoso answers some bad
queries with 500: trying them again would not help)."""

_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.8"
_RESULTS_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}
_GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
}
_FORM = "application/x-www-form-urlencoded"
_N_TRIPLES = "application/n-triples"

_GRAPH_PREFIX = str(ID["graph/"])
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_ARTICLE_GRAPH = ox.NamedNode(str(KG.ArticleGraph))

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
"""A query result, as :meth:`kg.store.Store.execute` returns it."""
Binding = str | ox.NamedNode | ox.Literal


class Upload(Enum):
    """How graphs go up to a server."""

    GRAPH_STORE = "SPARQL 1.1 Graph Store Protocol"
    UPDATE = "SPARQL Update"


class Failure(Enum):
    """What went wrong in a request, for a caller that maps it to its own answer."""

    UNREACHABLE = "unreachable"
    SERVER_ERROR = "server error"
    TIMEOUT = "timeout"
    REFUSED = "refused"
    REJECTED = "rejected"
    TOO_LARGE = "too large"
    TRUNCATED = "truncated"
    UNREADABLE = "unreadable"


class RemoteError(KgError):
    """A request to the SPARQL server failed; the message is one line. ``status``
    is the server's HTTP status, when it answered."""

    def __init__(self, message: str, failure: Failure, status: int | None = None) -> None:
        super().__init__(message)
        self.failure = failure
        self.status = status


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(Errors.E030.format(url=url))
    if parts.username is not None or parts.password is not None:
        host = parts.netloc.rpartition("@")[2]
        raise KgError(Errors.E031.format(url=urlunsplit(parts._replace(netloc=host))))
    return url


def _is_neptune(endpoint: str) -> bool:
    return (urlsplit(endpoint).hostname or "").endswith(".neptune.amazonaws.com")


def _is_oxigraph(endpoint: str) -> bool:
    """Whether ``endpoint`` is where Oxigraph server answers queries (``/query``)."""
    return urlsplit(endpoint).path == "/query"


def graph_store_url(endpoint: str) -> str | None:
    """The Graph Store endpoint beside a query endpoint, for the servers kg knows.

    >>> graph_store_url("http://127.0.0.1:7878/query")  # Oxigraph server
    'http://127.0.0.1:7878/store'
    >>> graph_store_url("http://127.0.0.1:8890/sparql-auth")  # Virtuoso, authenticated
    'http://127.0.0.1:8890/sparql-graph-crud-auth'
    >>> graph_store_url("http://localhost:3030/kg/sparql")  # Apache Jena Fuseki
    'http://localhost:3030/kg/data'
    >>> graph_store_url("http://localhost:7200/repositories/kg")  # GraphDB
    'http://localhost:7200/repositories/kg/rdf-graphs/service'
    >>> graph_store_url("https://db.cluster-1.eu-west-1.neptune.amazonaws.com:8182/sparql") is None
    True
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if _is_neptune(endpoint):
        return None
    virtuoso = {"/sparql": "/sparql-graph-crud", "/sparql-auth": "/sparql-graph-crud-auth"}
    if path == "/query":
        path = "/store"
    elif path in virtuoso:
        path = virtuoso[path]
    elif match := re.fullmatch(r"(/[^/]+)/(?:sparql|query)", path):
        path = match[1] + "/data"
    elif re.fullmatch(r"/repositories/[^/]+", path):
        path += "/rdf-graphs/service"
    else:
        return None
    return urlunsplit(parts._replace(path=path, query="", fragment=""))


@dataclass(frozen=True)
class Remote:
    """A SPARQL server: where queries go, where uploads go, and how to ask.

    ``endpoint`` is the SPARQL 1.1 query endpoint. Uploads go to
    ``graph_store`` (a Graph Store Protocol endpoint) or, given only
    ``update``, by SPARQL Update there; with neither, to
    :func:`graph_store_url` of the endpoint (SPARQL Update to the endpoint
    itself on Neptune). Use :meth:`from_env` for the account in the environment.

    >>> Remote("http://127.0.0.1:7878/query").upload_target()
    (<Upload.GRAPH_STORE: 'SPARQL 1.1 Graph Store Protocol'>, 'http://127.0.0.1:7878/store')
    >>> Remote("http://127.0.0.1:7878/query", update="http://127.0.0.1:7878/update").upload_target()
    (<Upload.UPDATE: 'SPARQL Update'>, 'http://127.0.0.1:7878/update')
    """

    endpoint: str
    graph_store: str | None = None
    update: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF

    def __post_init__(self) -> None:
        for url in (self.endpoint, self.graph_store, self.update):
            if url is not None:
                _checked_url(url)
        if self.password is not None and self.user is None:
            raise KgError(Errors.E036)

    @classmethod
    def from_env(
        cls,
        endpoint: str,
        *,
        graph_store: str | None = None,
        update: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF,
        environ: Mapping[str, str] | None = None,
    ) -> Remote:
        """A remote whose account is :data:`ENV_USER` and :data:`ENV_PASSWORD` (if set)."""
        env = os.environ if environ is None else environ
        return cls(
            endpoint,
            graph_store=graph_store,
            update=update,
            user=env.get(ENV_USER) or None,
            password=env.get(ENV_PASSWORD) or None,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
        )

    def upload_target(self) -> tuple[Upload, str]:
        """How and where graphs are uploaded (see the class docs)."""
        if self.graph_store is not None:
            return Upload.GRAPH_STORE, self.graph_store
        if self.update is not None:
            return Upload.UPDATE, self.update
        derived = graph_store_url(self.endpoint)
        if derived is not None:
            return Upload.GRAPH_STORE, derived
        if _is_neptune(self.endpoint):
            return Upload.UPDATE, self.endpoint
        raise KgError(Errors.E029.format(endpoint=self.endpoint))


class _ChallengedAuth(httpx.Auth):
    """HTTP basic or digest authentication, whichever the server's first 401 asks for.

    Nothing is sent before a challenge; after it, every request is authenticated
    at once (digest reuses the server's nonce, as :class:`httpx.DigestAuth` does).
    """

    def __init__(self, user: str, password: str) -> None:
        self._schemes: dict[str, httpx.Auth] = {
            "basic": httpx.BasicAuth(user, password),
            "digest": httpx.DigestAuth(user, password),
        }
        self._chosen: httpx.Auth | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._chosen is None:
            response = yield request
            if response.status_code != HTTPStatus.UNAUTHORIZED:
                return
            challenge = response.headers.get("WWW-Authenticate", "").split(" ", 1)[0].lower()
            if challenge not in self._schemes:
                return
            self._chosen = self._schemes[challenge]
        yield from self._chosen.auth_flow(request)


class _Answer:
    """A response read in full: status, headers and body."""

    def __init__(self, response: httpx.Response, body: bytes) -> None:
        self.status = response.status_code
        self.headers = response.headers
        self.body = body

    @property
    def media_type(self) -> str:
        return str(self.headers.get("Content-Type", "")).split(";", 1)[0].strip().lower()


def _excerpt(answer: _Answer) -> str:
    """The gist of an error answer on one line (the text of an HTML page)."""
    text = answer.body[:4000].decode("utf-8", "replace")
    if answer.media_type in ("text/html", "application/xhtml+xml"):
        text = re.sub(r"<[^>]*>", " ", text)
    return one_line(text)


def _transport_reason(exc: httpx.TransportError) -> str:
    detail = one_line(str(exc) or type(exc).__name__, 120)
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {detail}"
    return f"the connection broke off: {detail}"


class Session:
    """Requests to one :class:`Remote` over kept-alive connections, with retries.

    Use it in a ``with`` block (or :meth:`close` it); :func:`push`,
    :func:`execute_remote` and :func:`query_remote` open one each.
    """

    def __init__(self, remote: Remote) -> None:
        self.remote = remote
        auth = None
        if remote.user is not None:
            auth = _ChallengedAuth(remote.user, remote.password or "")
        self._client = httpx.Client(
            auth=auth,
            timeout=remote.timeout,
            follow_redirects=False,
            headers={"User-Agent": "kg"},
        )

    def __enter__(self) -> Session:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        retry_on: frozenset[int] = _WRITE_RETRY,
        action: str = "read",
        deadline: float | None = None,
        limit: int | None = None,
    ) -> _Answer:
        """Send one request, retried on connection errors, timeouts and ``retry_on``
        statuses; return the 2xx answer, or raise :class:`RemoteError`.

        ``deadline`` (a :func:`time.monotonic` time) bounds the whole exchange,
        retries included; ``limit`` the bytes of the answer read.
        """
        attempts = 0
        while True:
            attempts += 1
            timeout = self.remote.timeout
            if deadline is not None:
                timeout = max(min(timeout, deadline - time.monotonic()), 0.001)
            status = None
            try:
                answer = self._exchange(
                    method, url, params, content, headers, timeout, deadline, limit
                )
            except httpx.TimeoutException:
                failure, reason = Failure.TIMEOUT, f"no answer within {timeout:g} s"
            except httpx.TransportError as exc:
                failure, reason = Failure.UNREACHABLE, _transport_reason(exc)
            else:
                if answer.status < 300:
                    return answer
                if answer.status not in retry_on:
                    raise self._rejected(url, answer, action)
                failure, status, reason = Failure.SERVER_ERROR, answer.status, _excerpt(answer)
            wait = self.remote.backoff * 2 ** (attempts - 1)
            late = deadline is not None and time.monotonic() + wait >= deadline
            if attempts > self.remote.retries or late:
                tried = f"{attempts} attempt(s)"
                if status is None:
                    message = Errors.E027.format(url=url, reason=reason, attempts=attempts)
                else:
                    shown = f"{status} {_phrase(status)}".strip()
                    message = Errors.E028.format(url=url, status=shown, reason=f"{reason}; {tried}")
                raise RemoteError(message, failure, status)
            time.sleep(wait)

    def _exchange(
        self,
        method: str,
        url: str,
        params: Mapping[str, str] | None,
        content: bytes | None,
        headers: Mapping[str, str] | None,
        timeout: float,
        deadline: float | None,
        limit: int | None,
    ) -> _Answer:
        with self._client.stream(
            method, url, params=params, content=content, headers=headers, timeout=timeout
        ) as response:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if limit is not None and size > limit:
                    message = Errors.E033.format(url=url, reason=f"more than {limit} bytes")
                    raise RemoteError(message, Failure.TOO_LARGE)
                if deadline is not None and time.monotonic() > deadline:
                    raise httpx.ReadTimeout("the answer took too long", request=response.request)
                chunks.append(chunk)
            return _Answer(response, b"".join(chunks))

    @staticmethod
    def _rejected(url: str, answer: _Answer, action: str) -> RemoteError:
        status = f"{answer.status} {_phrase(answer.status)}".strip()
        if answer.status in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN):
            message = Errors.E032.format(url=url, status=status, action=action)
            return RemoteError(message, Failure.REFUSED, answer.status)
        if 300 <= answer.status < 400:
            reason = f"it redirects to {answer.headers.get('Location', '?')}; give that URL"
        else:
            reason = _excerpt(answer) or "no reason given"
        message = Errors.E028.format(url=url, status=status, reason=reason)
        return RemoteError(message, Failure.REJECTED, answer.status)

    def execute(
        self,
        text: str,
        bindings: Mapping[str, Binding] | None = None,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        deadline: float | None = None,
        limit: int | None = None,
    ) -> Result:
        """Run SPARQL query ``text`` on the server and return its result as
        pyoxigraph's (see :func:`execute_remote`, which also takes shipped query
        names and files); ``default_graphs`` and ``named_graphs`` are the
        protocol's ``default-graph-uri`` and ``named-graph-uri``."""
        if bindings:
            text = with_values(text, bindings)
        graph_form = query_form(text) in ("CONSTRUCT", "DESCRIBE")
        fields = [("query", with_prefixes(text))]
        fields += [("default-graph-uri", iri) for iri in default_graphs]
        fields += [("named-graph-uri", iri) for iri in named_graphs]
        if _is_oxigraph(self.remote.endpoint) and not default_graphs and not named_graphs:
            fields.append(("union-default-graph", ""))
        answer = self.send(
            "POST",
            self.remote.endpoint,
            content=urlencode(fields).encode(),
            headers={
                "Content-Type": _FORM,
                "Accept": _GRAPH_ACCEPT if graph_form else _RESULTS_ACCEPT,
            },
            retry_on=_QUERY_RETRY,
            action="query",
            deadline=deadline,
            limit=limit,
        )
        return _parsed(self.remote.endpoint, answer)

    def _select(self, sparql: str) -> ox.QuerySolutions:
        answer = self.send(
            "POST",
            self.remote.endpoint,
            content=urlencode({"query": sparql}).encode(),
            headers={"Content-Type": _FORM, "Accept": _RESULTS_ACCEPT},
        )
        result = _parsed(self.remote.endpoint, answer)
        if not isinstance(result, ox.QuerySolutions):
            raise RemoteError(
                Errors.E033.format(url=self.remote.endpoint, reason="expected solutions"),
                Failure.UNREADABLE,
            )
        return result

    def graph_sizes(self) -> dict[str, int]:
        """The number of triples of each article graph and of the summary on the server."""
        query = (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{_GRAPH_PREFIX}") || ?g = {SUMMARY_GRAPH}) }} GROUP BY ?g'
        )
        return {row["g"].value: int(row["n"].value) for row in self._select(query)}

    def summary_marks(self) -> set[str]:
        """The article graphs the summary on the server covers."""
        query = f"SELECT ?g WHERE {{ GRAPH {SUMMARY_GRAPH} {{ ?g a {_ARTICLE_GRAPH} }} }}"
        return {row["g"].value for row in self._select(query)}

    def graph_quads(self, graph: str) -> list[ox.Quad]:
        """The quads of ``graph`` on the server (one query per graph keeps each
        result under a server's row limit)."""
        node = ox.NamedNode(graph)
        query = f"SELECT ?s ?p ?o WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"
        return [ox.Quad(row["s"], row["p"], row["o"], node) for row in self._select(query)]

    def article_quads(self, *, deadline: float | None = None, limit: int | None = None) -> ox.Store:
        """Every article graph on the server, in an in-memory store (for the graph page)."""
        query = (
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{_GRAPH_PREFIX}")) }}'
        )
        result = self.execute(query, deadline=deadline, limit=limit)
        store = ox.Store()
        if isinstance(result, ox.QuerySolutions):
            store.bulk_extend(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in result)
        return store

    def union_default_graph(self) -> bool:
        """Whether queries outside ``GRAPH`` see the summary (the default graph is the union)."""
        query = f"ASK {{ ?g a {_ARTICLE_GRAPH} }}"
        result = self.execute(query)
        return bool(result)

    def put_graph(self, graph: str, triples: Sequence[ox.Triple]) -> None:
        """Replace ``graph`` on the server with ``triples``, in one request; on failure
        delete it again and raise :class:`RemoteError` (:attr:`Errors.E035`)."""
        method, target = self.remote.upload_target()
        node = ox.NamedNode(graph)
        data = _n_triples(triples)
        try:
            if method is Upload.GRAPH_STORE:
                self.send(
                    "PUT",
                    target,
                    params={"graph": graph},
                    content=data,
                    headers={"Content-Type": _N_TRIPLES},
                    action="write",
                )
            else:
                update = f"DROP SILENT GRAPH {node} ;\nINSERT DATA {{ GRAPH {node} {{\n"
                self._update(target, update.encode() + data + b"} }")
        except RemoteError as exc:
            try:
                self.delete_graph(graph)
                cleanup = "it was deleted from the server again"
            except RemoteError:
                cleanup = "deleting it failed too: the next kg push replaces it"
            message = Errors.E035.format(graph=graph, reason=exc, cleanup=cleanup)
            raise RemoteError(message, exc.failure, exc.status) from exc

    def delete_graph(self, graph: str) -> None:
        """Remove ``graph`` from the server (nothing happens if it is not there)."""
        method, target = self.remote.upload_target()
        if method is Upload.UPDATE:
            self._update(target, f"DROP SILENT GRAPH {ox.NamedNode(graph)}".encode())
            return
        try:
            self.send("DELETE", target, params={"graph": graph}, action="write")
        except RemoteError as exc:
            if exc.status != HTTPStatus.NOT_FOUND:
                raise

    def _update(self, target: str, update: bytes) -> None:
        content = urlencode({"update": update}).encode()
        self.send("POST", target, content=content, headers={"Content-Type": _FORM}, action="write")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _parsed(url: str, answer: _Answer) -> Result:
    """A query answer as pyoxigraph's result: solutions or a boolean from the
    SPARQL results formats, triples (read into an in-memory store, which
    yields them as a ``CONSTRUCT`` result) from an RDF format."""
    if "X-SPARQL-MaxRows" in answer.headers:
        message = Errors.E034.format(url=url, rows=answer.headers["X-SPARQL-MaxRows"])
        raise RemoteError(message, Failure.TRUNCATED)
    try:
        if answer.media_type in _RESULTS_TYPES:
            return ox.parse_query_results(answer.body, _RESULTS_TYPES[answer.media_type])
        if answer.media_type in _GRAPH_TYPES:
            triples = ox.Store()
            triples.extend(ox.parse(answer.body, _GRAPH_TYPES[answer.media_type]))
            return triples.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except (SyntaxError, ValueError, OSError) as exc:
        message = Errors.E033.format(url=url, reason=one_line(str(exc)))
        raise RemoteError(message, Failure.UNREADABLE) from exc
    reason = f"unexpected Content-Type {answer.media_type or 'none'!r}"
    raise RemoteError(Errors.E033.format(url=url, reason=reason), Failure.UNREADABLE)


def _n_triples(triples: Iterable[ox.Triple]) -> bytes:
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, ox.RdfFormat.N_TRIPLES)
    return buffer.getvalue()


# Query text ---------------------------------------------------------------------------------

_TOKENS = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<word>(?:[\w.:%-]|\\[_~.!$&'()*+,;=/?\#@%-])+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def _tokens(query: str) -> Iterator[re.Match[str]]:
    """The lexical tokens of SPARQL text that matter here: strings, IRIs and
    comments whole (braces and keywords in them are no syntax), words, variables
    and single characters."""
    return (m for m in _TOKENS.finditer(query) if m.lastgroup not in ("space", "comment"))


def query_form(query: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the form of a query.

    >>> query_form("PREFIX s: <http://e/select#> # SELECT\\nconstruct WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    >>> query_form("INSERT DATA { <a:b> <a:c> 1 }") is None
    True
    """
    for token in _tokens(query):
        if token.lastgroup == "word" and token[0].upper() in _FORMS:
            return token[0].upper()
    return None


def _group_starts(query: str) -> list[int]:
    """Offsets just inside the ``{`` of each query's (and subquery's) ``WHERE`` group.

    The group follows the keyword ``WHERE``, or, where ``WHERE`` may be left
    out, the projection of ``SELECT``, ``ASK`` and ``DESCRIBE`` (at the same
    parenthesis depth, so an ``EXISTS { }`` in a projection is no group).
    """
    starts: list[int] = []
    depth = 0
    awaiting: int | None = None  # the parenthesis depth at which a WHERE group comes next
    for token in _tokens(query):
        text = token[0]
        if token.lastgroup == "word":
            keyword = text.upper()
            if keyword == "WHERE" or (
                keyword in ("SELECT", "ASK", "DESCRIBE") and awaiting is None
            ):
                awaiting = depth
        elif text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif text == "{" and awaiting == depth:
            starts.append(token.end())
            awaiting = None
    return starts


_VARIABLE = re.compile(r"\w+")


def values_block(bindings: Mapping[str, Binding]) -> str:
    """A ``VALUES`` block giving each variable its value, in pyoxigraph's syntax.

    Text is a plain literal (``<...>`` an IRI), as for :meth:`kg.store.Store.execute`.

    >>> print(values_block({"name": 'Hu"awei } ; DROP ALL', "who": "<https://e.org/x>"}))
    VALUES (?name ?who) { ("Hu\\"awei } ; DROP ALL" <https://e.org/x>) }
    """
    names, terms = [], []
    for name, value in bindings.items():
        if _VARIABLE.fullmatch(name) is None:
            raise KgError(Errors.E039.format(name=name))
        names.append(str(ox.Variable(name)))
        terms.append(str(bound_term(value)))
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def with_values(query: str, bindings: Mapping[str, Binding]) -> str:
    """``query`` with ``bindings`` as a ``VALUES`` block at the start of each
    ``WHERE`` group (see :func:`_group_starts`): as a local binding does, the
    value reaches the patterns and filters of subqueries too.

    >>> print(with_values('SELECT * { { SELECT ?x { ?x ?p ?n } } } # WHERE {', {"n": "x"}))
    SELECT * { VALUES (?n) { ("x") } { SELECT ?x { VALUES (?n) { ("x") } ?x ?p ?n } } } # WHERE {
    """
    block = values_block(bindings)
    pieces, last = [], 0
    for start in _group_starts(query):
        pieces += [query[last:start], " ", block]
        last = start
    return "".join([*pieces, query[last:]])


def with_prefixes(query: str) -> str:
    """``query`` with the kg prefixes declared first (a local query has them predeclared).

    >>> with_prefixes("ASK {}").splitlines()[0]
    'PREFIX kg: <https://w3id.org/kg/ontology#>'
    """
    declared = "".join(f"PREFIX {name}: {ox.NamedNode(iri)}\n" for name, iri in PREFIXES.items())
    return declared + query


# Queries and pushes --------------------------------------------------------------------------


def execute_remote(
    remote: Remote, sparql: str, bindings: Mapping[str, Binding] | None = None
) -> Result:
    """Run a query (text, ``.rq`` file or shipped query name) on the server.

    The result is pyoxigraph's, as :meth:`kg.store.Store.execute` gives: the
    kg prefixes are predeclared and ``bindings`` give variables values (see
    :func:`with_values`). The default graph is the server's: the union of its
    graphs on Virtuoso, asked for on Oxigraph server.
    """
    with Session(remote) as session:
        return session.execute(load_query(sparql), bindings)


def query_remote(
    remote: Remote,
    sparql: str,
    bindings: Mapping[str, Binding] | None = None,
    fmt: ResultFormat = ResultFormat.json,
) -> bytes:
    """The result of a query on the server in a SPARQL 1.1 results format
    (``CONSTRUCT`` results as N-Triples), as ``kg query --format`` prints it."""
    return serialize_results(execute_remote(remote, sparql, bindings), fmt)


@dataclass(frozen=True)
class PushResult:
    """What :func:`push` did."""

    endpoint: str
    method: Upload
    uploaded: tuple[str, ...]
    """Content ids of the article graphs uploaded."""
    skipped: int
    """Article graphs the server already held."""
    triples: int
    """Triples uploaded, the summary's included."""
    summary_uploaded: bool
    foreign: int
    """Article graphs on the server that the store lacks (the summary covers them too)."""
    union_default_graph: bool
    """Whether queries outside ``GRAPH`` see all graphs (the shipped queries need it)."""
    seconds: float


def _local_sizes(store: Store) -> dict[str, int]:
    rows = store.inner.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    )
    sizes = {row["g"].value: int(row["n"].value) for row in rows}  # type: ignore[union-attr]
    return {graph: n for graph, n in sizes.items() if article_id_of(graph) is not None}


def _triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Triple]:
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, graph)
    ]


def _summary(store: Store, session: Session, foreign: Sequence[str]) -> list[ox.Triple]:
    """The summary of the store's article graphs and the ``foreign`` ones on the server."""
    if not foreign:
        return _triples(store.inner, ox.DefaultGraph())
    union = ox.Store()
    union.bulk_extend(store.quads())
    for graph in foreign:
        union.bulk_extend(session.graph_quads(graph))
    summarise(union)
    return _triples(union, ox.DefaultGraph())


def push(
    store: Store,
    remote: Remote,
    *,
    force: bool = False,
    on_graph: Callable[[int, int], None] | None = None,
) -> PushResult:
    """Upload the store's article graphs that the server lacks, then the summary
    (see the module docs); ``force`` uploads every graph again. ``on_graph`` is
    called with (graphs done, graphs to do) as uploads go.

    Raises :class:`RemoteError` (one line) when the server cannot be reached, refuses
    the account, or an upload fails after its retries.
    """
    started = time.perf_counter()
    method, _ = remote.upload_target()
    with Session(remote) as session:
        local = _local_sizes(store)
        present = session.graph_sizes()
        todo = [g for g in sorted(local) if force or present.get(g) != local[g]]
        triples = 0
        for done, graph in enumerate(todo):
            content = _triples(store.inner, ox.NamedNode(graph))
            session.put_graph(graph, content)
            triples += len(content)
            if on_graph is not None:
                on_graph(done + 1, len(todo))
        foreign = sorted(g for g in present if article_id_of(g) is not None and g not in local)
        summary = _summary(store, session, foreign)
        marks = {
            t.subject.value
            for t in summary
            if isinstance(t.subject, ox.NamedNode)
            and (t.predicate, t.object) == (_TYPE, _ARTICLE_GRAPH)
        }
        summary_uploaded = False
        if (
            force
            or present.get(SUMMARY_GRAPH.value, 0) != len(summary)
            or (summary and session.summary_marks() != marks)
        ):
            if summary:
                session.put_graph(SUMMARY_GRAPH.value, summary)
            else:
                session.delete_graph(SUMMARY_GRAPH.value)
            triples += len(summary)
            summary_uploaded = True
        union = not summary or session.union_default_graph()
    return PushResult(
        endpoint=remote.endpoint,
        method=method,
        uploaded=tuple(str(article_id_of(g)) for g in todo),
        skipped=len(local) - len(todo),
        triples=triples,
        summary_uploaded=summary_uploaded,
        foreign=len(foreign),
        union_default_graph=union,
        seconds=time.perf_counter() - started,
    )
