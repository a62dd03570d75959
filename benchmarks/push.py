"""Pushing a store to SPARQL servers, and querying it there, against the embedded store.

Usage: python benchmarks/push.py [--triples N] [--runs N] [--workdir DIR]
       [--skip-oxigraph] [--skip-virtuoso] [--json PATH]

The store is the synthetic one of ``benchmarks/store.py`` (imported as a
sibling module; its N-Quads cache is shared), bulk-loaded into a fresh on-disk
store and summarised. The servers are started here, on 127.0.0.1 and free
ports, on fresh databases in the workdir: Oxigraph server (``oxigraph serve``
from the PyPI package ``oxigraph``) and OpenLink Virtuoso (Debian's
``virtuoso-t``, a random ``dba`` password set through ``isql``; kg uses the
digest-authenticated ``/sparql-auth`` and ``/sparql-graph-crud-auth``).

It measures, and prints as markdown tables (``--json`` writes the figures):

1. per server, :func:`kg.remote.push` of the whole store (one Graph Store
   ``PUT`` per article graph, then the summary): seconds, triples/s and
   graphs/s; then a second push, which uploads nothing (the time to find
   that out);
2. every shipped query (``?name`` bound to the most popular actor's label):
   the median latency of ``--runs`` runs after one warm-up on the embedded
   on-disk store (:meth:`kg.store.Store.query`) and on each server
   (:meth:`kg.remote.Session.execute` over one kept-alive session, HTTP and
   result parsing included), with the rows of each (they must agree).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
from store import Synthetic, bindings_of, generate, progress  # benchmarks/store.py, beside this

from kg.query import load_query, shipped_queries
from kg.remote import ENV_PASSWORD, ENV_USER, Remote, Session, push
from kg.store import Store, open_store, result_rows


@dataclass
class PushFigures:
    """One server's push."""

    seconds: float
    triples: int
    graphs: int
    again_seconds: float
    again_uploaded: int

    @property
    def triples_per_second(self) -> float:
        return self.triples / self.seconds

    @property
    def graphs_per_second(self) -> float:
        return self.graphs / self.seconds


@dataclass
class Report:
    triples: int
    articles: int
    bound_name: str
    pushes: dict[str, PushFigures] = field(default_factory=dict)
    latency_ms: dict[str, dict[str, float]] = field(default_factory=dict)
    """Query -> engine -> median milliseconds."""
    rows: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        pushes = {
            name: {
                **asdict(p),
                "triples_per_second": p.triples_per_second,
                "graphs_per_second": p.graphs_per_second,
            }
            for name, p in self.pushes.items()
        }
        return {**asdict(self), "pushes": pushes}


# Servers ------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _binary(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def _wait(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(httpx.TransportError):
            httpx.get(url, timeout=2)
            return
        time.sleep(0.1)
    raise SystemExit(f"{url}: the server did not start")


@contextlib.contextmanager
def _running(command: list[str], folder: Path, url: str) -> Iterator[None]:
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait(process, url)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def oxigraph(folder: Path) -> Iterator[Remote]:
    binary = _binary("oxigraph")
    if binary is None:
        raise SystemExit("oxigraph is not installed (pip install oxigraph)")
    port = _free_port()
    command = [binary, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"]
    url = f"http://127.0.0.1:{port}/query"
    with _running(command, folder, url):
        yield Remote(url)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 600
"""


@contextlib.contextmanager
def virtuoso(folder: Path) -> Iterator[Remote]:
    binary, isql = _binary("virtuoso-t"), _binary("isql-vt")
    if binary is None or isql is None:
        raise SystemExit("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    db = folder / "db"
    db.mkdir()
    sql_port, http_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port))
    url = f"http://127.0.0.1:{http_port}/sparql-auth"
    with _running([binary, "+configfile", str(ini), "+foreground"], folder, url):
        password = secrets.token_urlsafe(18)
        subprocess.run(
            [isql, f"127.0.0.1:{sql_port}", "dba", "dba"],
            input=f"USER_SET_PASSWORD('dba', '{password}');\n",
            capture_output=True,
            text=True,
            check=True,
        )
        yield Remote.from_env(url, environ={ENV_USER: "dba", ENV_PASSWORD: password})


# Measurements -------------------------------------------------------------------------------


def load(data: Path, folder: Path) -> Store:
    """A fresh on-disk store of ``data`` with its summary."""
    shutil.rmtree(folder, ignore_errors=True)
    store = open_store(folder)
    store.inner.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
    store.summarise()
    return store


def measure_push(store: Store, remote: Remote) -> PushFigures:
    first = push(store, remote)
    again = push(store, remote)
    return PushFigures(
        first.seconds, first.triples, len(first.uploaded), again.seconds, len(again.uploaded)
    )


def median_ms(run: Callable[[], int], runs: int) -> tuple[float, int]:
    """The median milliseconds of ``runs`` runs after a warm-up, and the rows it gave."""
    rows = run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, rows


def measure_queries(
    engine: str, run: Callable[[str, dict[str, str]], int], runs: int, report: Report
) -> None:
    for name, path in shipped_queries().items():
        progress(f"{engine}: {name} ...")
        bindings = bindings_of(path.read_text(encoding="utf-8"), report.bound_name)
        ms, rows = median_ms(functools.partial(run, name, bindings), runs)
        report.latency_ms.setdefault(name, {})[engine] = ms
        report.rows.setdefault(name, {})[engine] = rows


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def render(report: Report) -> str:
    lines = [
        f"## Push benchmark: {report.triples:,} triples, {report.articles:,} articles",
        "",
        "| Server | push | triples/s | article graphs/s | push again (uploads nothing) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, p in report.pushes.items():
        lines.append(
            f"| {name} | {p.seconds:,.1f} s | {p.triples_per_second:,.0f} "
            f"| {p.graphs_per_second:,.0f} | {p.again_seconds:,.2f} s ({p.again_uploaded}) |"
        )
    engines = ["embedded", *report.pushes]
    lines += [
        "",
        f"Query latency, median ms (actor queries bound to name = {report.bound_name!r}):",
        "",
        "| Query | " + " | ".join(engines) + " | rows |",
        "|---|" + "---:|" * len(engines) + "---|",
    ]
    for name, by_engine in report.latency_ms.items():
        rows = set(report.rows[name].values())
        agree = f"{report.rows[name]['embedded']:,}" + ("" if len(rows) == 1 else " **MISMATCH**")
        cells = " | ".join(_ms(by_engine[engine]) for engine in engines)
        lines.append(f"| {name} | {cells} | {agree} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="target size")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-store-benchmark",
        help="the N-Quads cache of benchmarks/store.py, the store and the servers' databases",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query")
    parser.add_argument("--skip-oxigraph", action="store_true")
    parser.add_argument("--skip-virtuoso", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    args.workdir.mkdir(parents=True, exist_ok=True)
    synthetic = Synthetic()
    data, generated = generate(synthetic, args.triples, args.workdir)
    store = load(data, args.workdir / f"push-store-{args.triples}")
    report = Report(len(store), generated.articles, synthetic.popular_label)
    measure_queries("embedded", lambda q, b: len(store.query(q, b)), args.runs, report)
    servers = {"Oxigraph server": oxigraph, "Virtuoso": virtuoso}
    skipped = {"Oxigraph server": args.skip_oxigraph, "Virtuoso": args.skip_virtuoso}
    for name, start in servers.items():
        if skipped[name]:
            continue
        folder = args.workdir / f"push-{name.split()[0].lower()}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        with start(folder) as remote, Session(remote) as session:
            progress(f"{name}: push ...")
            report.pushes[name] = measure_push(store, remote)

            def run(query: str, bindings: dict[str, str], session: Session = session) -> int:
                return len(result_rows(session.execute(load_query(query), bindings))[1])

            measure_queries(name, run, args.runs, report)
    print(render(report))
    if args.json is not None:
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n")


if __name__ == "__main__":
    main()
