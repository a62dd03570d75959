"""Load test of ``kg serve``: concurrent clients running the shipped queries over HTTP.

Usage: python benchmarks/load.py [--triples N] [--clients N] [--seconds S]
       [--workers N] [--timeout S] [--workdir DIR] [--json PATH]

The store is the synthetic one of ``benchmarks/store.py`` (imported as a
sibling module; its N-Quads cache is shared), bulk-loaded and summarised once
into ``serve-<cache key>`` in the workdir (default ``$TMPDIR/kg-store-benchmark``)
and reused by later runs. ``python -m kg serve`` is started on it as a
subprocess on 127.0.0.1 and a free port, with ``--workers`` and ``--timeout``
(the server's defaults unless given), and stopped at the end whatever happens.

1. Each shipped query (``?name`` bound to the most popular actor's label, sent
   as a ``VALUES`` block) runs once alone: its latency and rows, and a check
   that it is answered.
2. ``--clients`` threads, each with its own ``httpx.Client``, send the shipped
   queries in turn (each client starting at a different one) as SPARQL
   protocol form ``POST`` requests with ``Accept: application/sparql-results+json``
   for ``--seconds``. Per query and overall: requests, answers per second, p50
   and p99 latency (nearest rank, over every request, failed ones included) and
   errors by kind (a non-2xx status with the first words of its message, or the
   transport error).
3. One client sends a query that cannot finish (a count of the cartesian
   product of the store with itself) while ``--clients`` - 1 others go on as in
   2: whether it gets the 503 of the timeout, after how long, whether the
   server replaced the killed worker, and the others' figures during that
   window beside those of 2.

Targets (flagged met / not met): no errors and p99 < 1 s in 2; in 3, the 503,
answers to the others during the window, and the worker replaced. The
figures are printed as markdown tables (``--json`` writes them too); the exit
status is 1 when any request of 2 or 3 failed or a target of 3 was missed.

It stops by itself: every request has a client timeout (twice ``--timeout``,
as a query may wait that long for a worker and run that long, plus a margin),
the client threads are joined against a deadline, and the server is sent
Ctrl-C (then killed with its workers) in a ``finally``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
import psutil
import pyoxigraph as ox
from store import Synthetic, bindings_of, generate, progress  # benchmarks/store.py, beside this

from kg.query import shipped_queries
from kg.remote import with_values
from kg.serve import DEFAULT_TIMEOUT, DEFAULT_WORKERS, Messages
from kg.store import is_store, open_store

RESULTS = "application/sparql-results+json"
P99_TARGET_S = 1.0
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
"""The cartesian product of the store with itself: 10^12 rows to count at 1M triples."""
SLOW_LEAD_S = 2.0
"""Seconds the others run in phase 3 before the slow query is sent."""
START_TIMEOUT_S = 300.0
"""Seconds the server may take to answer its first request."""
STOP_TIMEOUT_S = 30.0


# The store and the server ------------------------------------------------------------------


def served_store(triples: int, workdir: Path) -> tuple[Path, int, int, str]:
    """The on-disk store of ``triples`` synthetic triples (built once per cache key),
    its triples, its articles and the label that actor queries are bound to."""
    synthetic = Synthetic()
    data, generated = generate(synthetic, triples, workdir)
    folder = workdir / f"serve-{data.stem}"
    if not is_store(folder):
        partial = folder.with_name(folder.name + ".part")
        shutil.rmtree(partial, ignore_errors=True)
        progress(f"bulk-loading {data} into {folder} ...")
        with open_store(partial) as store:
            store.inner.bulk_load(path=data, format=ox.RdfFormat.N_QUADS)
            store.summarise()
        partial.rename(folder)
    return folder, generated.triples, generated.articles, synthetic.popular_label


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as a user stops ``kg serve``; then kill its process group (its workers)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT_S)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def serving(
    store: Path, workers: int, timeout: float, log: Path
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``kg serve`` on ``store`` at a free loopback port: its endpoint URL and process."""
    port = _free_port()
    command = [sys.executable, "-m", "kg", "serve", str(store)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--timeout", f"{timeout:g}"]
    url = f"http://127.0.0.1:{port}/sparql"
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise SystemExit(f"kg serve exited with {process.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise SystemExit(f"kg serve did not answer within {START_TIMEOUT_S:g} s")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(url, params={"query": "ASK {}"}, timeout=5).is_success:
                    break
            time.sleep(0.2)
        yield url, process
    finally:
        _stop(process)


def worker_pids(process: subprocess.Popen[bytes]) -> set[int]:
    """The server's live worker processes (not multiprocessing's resource tracker)."""
    pids = set()
    for child in psutil.Process(process.pid).children():
        with contextlib.suppress(psutil.NoSuchProcess):
            if child.status() != psutil.STATUS_ZOMBIE and "spawn_main" in " ".join(child.cmdline()):
                pids.add(child.pid)
    return pids


# Requests ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One request: which query, when it ended, how long it took, and its error if any."""

    query: str
    ended: float
    seconds: float
    error: str | None


def send(client: httpx.Client, url: str, query: str) -> tuple[float, str | None, bytes]:
    """Seconds, error kind (``None`` for an answer) and body of one protocol request."""
    start = time.monotonic()
    try:
        response = client.post(url, data={"query": query}, headers={"Accept": RESULTS})
    except httpx.HTTPError as exc:
        return time.monotonic() - start, type(exc).__name__, b""
    seconds = time.monotonic() - start
    if response.is_success:
        if response.headers.get("content-type", "").startswith(RESULTS):
            return seconds, None, response.content
        return seconds, f"{response.status_code} not {RESULTS}", response.content
    line = response.content.decode(errors="replace").strip().splitlines() or [""]
    message = line[0].split(";")[0].split(":")[0]
    return seconds, f"{response.status_code} {message}", response.content


def client_loop(
    url: str,
    canned: list[tuple[str, str]],
    first: int,
    timeout: httpx.Timeout,
    stop: threading.Event,
    samples: list[Sample],
) -> None:
    """Send the canned queries in turn from number ``first`` until ``stop`` is set."""
    with httpx.Client(timeout=timeout) as client:
        number = first
        while not stop.is_set():
            name, text = canned[number % len(canned)]
            seconds, error, _ = send(client, url, text)
            samples.append(Sample(name, time.monotonic(), seconds, error))
            number += 1


def run_clients(
    url: str,
    canned: list[tuple[str, str]],
    clients: int,
    timeout: httpx.Timeout,
    stop: threading.Event,
) -> tuple[list[threading.Thread], list[Sample]]:
    """Start ``clients`` client threads; they stop when ``stop`` is set."""
    samples: list[Sample] = []  # list.append is atomic: the threads share it
    threads = [
        threading.Thread(
            target=client_loop,
            args=(url, canned, number, timeout, stop, samples),
            name=f"client-{number}",
            daemon=True,
        )
        for number in range(clients)
    ]
    for thread in threads:
        thread.start()
    return threads, samples


def join(threads: list[threading.Thread], deadline: float) -> int:
    """Join ``threads`` until ``deadline``; the number still running."""
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return sum(thread.is_alive() for thread in threads)


# Figures -----------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` of 1) of non-empty ``values``."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Figures:
    """Requests of one query (or all) over ``seconds``."""

    requests: int
    answered: int
    per_second: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: dict[str, int]

    @classmethod
    def of(cls, samples: list[Sample], seconds: float) -> Figures:
        times = [s.seconds * 1000 for s in samples] or [math.nan]
        answered = sum(s.error is None for s in samples)
        errors = Counter(s.error for s in samples if s.error is not None)
        return cls(
            len(samples),
            answered,
            answered / seconds,
            percentile(times, 0.5),
            percentile(times, 0.99),
            max(times),
            dict(errors.most_common()),
        )

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


@dataclass
class Alone:
    """A shipped query run alone before the load."""

    ms: float
    rows: int | None
    error: str | None


@dataclass
class Slow:
    """The slow query of phase 3 and what happened meanwhile."""

    status: str
    seconds: float
    timed_out: bool
    others: Figures
    workers_before: int
    workers_after: int
    replaced: bool
    """Whether a worker was replaced in the window: the slow query's, or one of
    another query that timed out (see :attr:`others`)."""
    hung_clients: int = 0

    def targets(self) -> dict[str, bool]:
        return {
            "slow query gets the 503 of the timeout": self.timed_out,
            "others answered during that window": self.others.answered > 0,
            "its worker replaced": self.timed_out and self.replaced,
        }


@dataclass
class Report:
    triples: int
    articles: int
    bound_name: str
    clients: int
    seconds: float
    workers: int
    timeout: float
    cpus: int
    alone: dict[str, Alone] = field(default_factory=dict)
    queries: dict[str, Figures] = field(default_factory=dict)
    overall: Figures | None = None
    hung_clients: int = 0
    slow: Slow | None = None
    server_answers_after: bool = False

    def targets(self) -> dict[str, bool]:
        assert self.overall is not None
        checks = {
            "0 errors": self.overall.error_count == 0 and self.hung_clients == 0,
            f"p99 < {P99_TARGET_S:g} s": self.overall.p99_ms < P99_TARGET_S * 1000,
        }
        if self.slow is not None:
            checks |= self.slow.targets()
        checks["server answers after the load"] = self.server_answers_after
        return checks

    def failed(self) -> bool:
        """Whether a request failed (or a target of the slow phase was missed)."""
        assert self.overall is not None
        slow_failed = self.slow is None or (
            self.slow.others.error_count > 0
            or self.slow.hung_clients > 0
            or not all(self.slow.targets().values())
        )
        return self.overall.error_count > 0 or self.hung_clients > 0 or slow_failed

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "targets": self.targets()}


# Phases ------------------------------------------------------------------------------------


def canned_queries(name: str) -> list[tuple[str, str]]:
    """The shipped queries by name, with ``?name`` bound to ``name`` as a ``VALUES`` block."""
    canned = []
    for query, path in shipped_queries().items():
        text = path.read_text(encoding="utf-8")
        bindings = bindings_of(text, name)
        canned.append((query, with_values(text, bindings) if bindings else text))
    return canned


def run_alone(url: str, canned: list[tuple[str, str]], timeout: httpx.Timeout) -> dict[str, Alone]:
    alone = {}
    with httpx.Client(timeout=timeout) as client:
        for name, text in canned:
            progress(f"alone: {name} ...")
            seconds, error, body = send(client, url, text)
            rows = None if error else len(json.loads(body)["results"]["bindings"])
            alone[name] = Alone(seconds * 1000, rows, error)
    return alone


def run_load(
    url: str, canned: list[tuple[str, str]], args: argparse.Namespace, report: Report
) -> None:
    progress(f"{args.clients} clients for {args.seconds:g} s ...")
    timeout = client_timeout(args.timeout)
    stop = threading.Event()
    start = time.monotonic()
    threads, samples = run_clients(url, canned, args.clients, timeout, stop)
    stop.wait(args.seconds)
    stop.set()
    report.hung_clients = join(threads, time.monotonic() + timeout_s(timeout) + 5)
    # Requests still running at the end count; the throughput is over the time they took.
    elapsed = max([start + args.seconds, *(s.ended for s in samples)]) - start
    for name, _ in canned:
        report.queries[name] = Figures.of([s for s in samples if s.query == name], elapsed)
    report.overall = Figures.of(list(samples), elapsed)


def run_slow(
    url: str,
    process: subprocess.Popen[bytes],
    canned: list[tuple[str, str]],
    args: argparse.Namespace,
) -> Slow:
    progress(f"a slow query among {args.clients - 1} clients ...")
    timeout = client_timeout(args.timeout)
    before = worker_pids(process)
    stop = threading.Event()
    threads, samples = run_clients(url, canned, args.clients - 1, timeout, stop)
    try:
        time.sleep(SLOW_LEAD_S)
        with httpx.Client(timeout=timeout) as client:
            start = time.monotonic()
            seconds, error, body = send(client, url, SLOW_QUERY)
            end = start + seconds
    finally:
        stop.set()
    hung = join(threads, time.monotonic() + timeout_s(timeout) + 5)
    expected = Messages.TIMEOUT.format(seconds=args.timeout)
    timed_out = error is not None and error.startswith("503") and body.decode().strip() == expected
    deadline = time.monotonic() + args.timeout + 30
    while not replaced(before, after := worker_pids(process)) and time.monotonic() < deadline:
        time.sleep(0.2)
    window = [s for s in samples if start <= s.ended <= end]
    return Slow(
        error or "200",
        seconds,
        timed_out,
        Figures.of(window, max(end - start, 1e-9)),
        len(before),
        len(after),
        replaced(before, after),
        hung,
    )


def replaced(before: set[int], after: set[int]) -> bool:
    """Whether as many workers run as ``before``, one of them new."""
    return len(after) == len(before) and bool(after - before)


def client_timeout(server_timeout: float) -> httpx.Timeout:
    """A request may wait ``server_timeout`` for a worker and run as long again."""
    return httpx.Timeout(2 * server_timeout + 30, connect=30)


def timeout_s(timeout: httpx.Timeout) -> float:
    return float(timeout.read or 0)


def answers(url: str) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        return httpx.get(url, params={"query": "ASK {}"}, timeout=30).is_success
    return False


# Report ------------------------------------------------------------------------------------


def _flag(value: bool) -> str:
    return "met" if value else "**not met**"


def _ms(value: float) -> str:
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _errors(errors: dict[str, int]) -> str:
    return "; ".join(f"{count:,} × {kind}" for kind, count in errors.items()) or "0"


def _cells(f: Figures) -> str:
    return (
        f"{f.requests:,} | {f.answered:,} | {f.per_second:,.2f} "
        f"| {_ms(f.p50_ms)} | {_ms(f.p99_ms)} | {_ms(f.max_ms)} | {_errors(f.errors)} |"
    )


def render(report: Report) -> str:
    assert report.overall is not None
    lines = [
        f"## Load test of kg serve: {report.triples:,} triples",
        "",
        f"{report.articles:,} articles; actor queries bound to name = {report.bound_name!r}. "
        f"`kg serve --workers {report.workers} --timeout {report.timeout:g}` on 127.0.0.1, "
        f"{report.clients} client threads for {report.seconds:g} s, on a machine of "
        f"{report.cpus} CPUs that also runs the clients. Latencies are of every request, "
        "failed ones included; answers/s counts answers only.",
        "",
        "| Query | alone ms (rows) | requests | answers | answers/s | p50 ms | p99 ms "
        "| max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, figures in report.queries.items():
        a = report.alone[name]
        alone = f"{_ms(a.ms)} ({a.rows:,})" if a.rows is not None else f"{_ms(a.ms)} ({a.error})"
        lines.append(f"| {name} | {alone} | {_cells(figures)}")
    lines.append(f"| **all** | – | {_cells(report.overall)}")
    if report.hung_clients:
        lines += ["", f"{report.hung_clients} clients were still waiting at the deadline."]
    if report.slow is not None:
        s = report.slow
        lines += [
            "",
            f"Slow query (`{SLOW_QUERY}`) among {report.clients - 1} clients: **{s.status}** "
            f"after {s.seconds:,.1f} s (timeout {report.timeout:g} s); workers "
            f"{s.workers_before} before, {s.workers_after} after "
            f"({'one replaced' if s.replaced else 'none replaced'}).",
            "",
            "| Others | requests | answers | answers/s | p50 ms | p99 ms | max ms | errors |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
            f"| under load (above) | {_cells(report.overall)}",
            f"| during the slow query | {_cells(s.others)}",
        ]
        if s.hung_clients:
            lines.append(f"\n{s.hung_clients} clients were still waiting at the deadline.")
    targets = report.targets()
    lines += ["", "Targets: " + "; ".join(f"{k}: {_flag(v)}" for k, v in targets.items()) + "."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="target size")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=60.0, help="duration of the load")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="kg serve --workers")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="kg serve --timeout")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-store-benchmark",
        help="the N-Quads cache of benchmarks/store.py, the served store and the server's log",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.clients < 2:
        parser.error("--clients must be at least 2 (one sends the slow query)")

    args.workdir.mkdir(parents=True, exist_ok=True)
    store, triples, articles, name = served_store(args.triples, args.workdir)
    canned = canned_queries(name)
    report = Report(
        triples,
        articles,
        name,
        args.clients,
        args.seconds,
        args.workers,
        args.timeout,
        os.cpu_count() or 1,
    )
    log = args.workdir / "load-serve.log"
    progress(f"kg serve {store} (log: {log}) ...")
    with serving(store, args.workers, args.timeout, log) as (url, process):
        report.alone = run_alone(url, canned, client_timeout(args.timeout))
        run_load(url, canned, args, report)
        report.slow = run_slow(url, process, canned, args)
        report.server_answers_after = answers(url)
    print(render(report))
    if args.json is not None:
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n")
    if report.failed():
        sys.exit(1)


if __name__ == "__main__":
    main()
