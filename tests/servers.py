"""Real SPARQL servers for the tests, on 127.0.0.1 and free ports.

Oxigraph server (``oxigraph serve``, from the PyPI package ``oxigraph``) and
OpenLink Virtuoso (``virtuoso-t`` from Debian's ``virtuoso-opensource``), the
latter with a fresh database, both its SQL and HTTP ports bound to 127.0.0.1
and a random ``dba`` password set through ``isql`` (kg reaches it at the
digest-authenticated ``/sparql-auth``, the password in
``KG_ENDPOINT_PASSWORD``). Without a server's binary its tests are skipped,
unless the environment variable ``CI`` is set: then they fail, so CI cannot
skip them silently. ``conftest.py`` makes them fixtures.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from conftest import unavailable

from kg.remote import ENV_PASSWORD, ENV_USER, Remote, Session

VIRTUOSO_MAX_ROWS = 5000
"""The server's ResultSetMaxRows: results past it are cut (and kg says so)."""


def _binary(name: str) -> str:
    """A program on the PATH or beside this Python (the venv's ``bin``)."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=path)
    if found is None:
        unavailable(f"{name} is not installed")
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url}: the server exited: {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url, timeout=2)
            return
        time.sleep(0.1)
    pytest.fail(f"{url}: the server did not start within 60 s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@dataclass(frozen=True)
class Server:
    """A running SPARQL server and how kg reaches it."""

    name: str
    endpoint: str
    env: dict[str, str] = field(default_factory=dict, repr=False)

    def remote(self, *, update: str | None = None, endpoint: str | None = None) -> Remote:
        """A remote with the account from :attr:`env` and quick retries."""
        return Remote.from_env(
            endpoint or self.endpoint, update=update, retries=1, backoff=0.05, environ=self.env
        )


@contextlib.contextmanager
def running_oxigraph(folder: Path) -> Iterator[Server]:
    """Oxigraph server (``oxigraph serve``) on a free port, its database in ``folder``."""
    binary = _binary("oxigraph")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}/query", log)
        yield Server("oxigraph", f"http://127.0.0.1:{port}/query")
    finally:
        _stop(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
MaxClientConnections = 10
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


@contextlib.contextmanager
def running_virtuoso(folder: Path) -> Iterator[Server]:
    """Virtuoso on free ports, its fresh database in ``folder``, with a new ``dba`` password."""
    binary = _binary("virtuoso-t")
    isql = _binary("isql-vt")
    db = folder / "db"
    db.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(
        VIRTUOSO_INI.format(
            db=db, sql_port=sql_port, http_port=http_port, max_rows=VIRTUOSO_MAX_ROWS
        )
    )
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [binary, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(process, f"http://127.0.0.1:{http_port}/sparql", log)
        password = secrets.token_urlsafe(18)
        # The new passwords go in on standard input, not the command line; the
        # fresh database's default (dba/dba) stops working.
        statements = f"USER_SET_PASSWORD('dba', '{password}');\n"
        statements += f"USER_PASSWORD_SET('dav', '{secrets.token_urlsafe(18)}');\n"
        isql_run = subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba"],
            input=statements,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert isql_run.returncode == 0 and "Error" not in isql_run.stdout, isql_run.stdout
        env = {ENV_USER: "dba", ENV_PASSWORD: password}
        yield Server("virtuoso", f"http://127.0.0.1:{http_port}/sparql-auth", env)
    finally:
        _stop(process)


def empty(server: Server) -> None:
    """Delete every graph of ``server``."""
    with Session(server.remote()) as session:
        for graph in session.graph_sizes():
            session.delete_graph(graph)


@contextlib.contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[int]:
    """A local HTTP server answering with ``handler``; yields its port."""
    http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=http.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield int(http.server_address[1])
    finally:
        http.shutdown()
        http.server_close()
