"""HTML view performance on a synthetic actor graph of 5,000 actors and 15,000 relations.

Usage: python benchmarks/view.py [--nodes N] [--edges M] [--runs N] [--workdir DIR]
       [--json PATH]

Synthetic articles are built from fixed-seed records with the names, actor
types, popularity and sentence templates of ``benchmarks/store.py`` (imported as
a sibling module), planned so that the actor graph has exactly ``--nodes``
actors and ``--edges`` distinct (agent, relation, target) edges, a quarter of
them supported by several articles. They go through
:func:`kg.rdf.extraction_to_dataset` and :func:`kg.rdf.serialize_trig` into
``graph.trig``, as ``kg build`` writes it (informative: generation time).

It then measures, and prints as markdown tables (``--json`` writes the figures):

1. from ``kg build`` output to HTML, step by step: reading the TriG and its
   relation events (:meth:`kg.store.Store.relation_events`, what ``kg analyze``,
   ``kg report`` and ``kg serve`` do), :func:`kg.analysis.actor_graph`,
   :func:`kg.render.render_html`; and the size of the page;
2. the page in Debian's Chromium (headless, offline: every request that is not
   ``file:`` is blocked and counted), the median of ``--runs`` fresh pages:
   the first draw (vis-network's first ``afterDrawing``), the page ready
   (``data-ready``), and interactive: right after both, one relation filter is
   unchecked and the time until that change is drawn, as a round trip and
   from navigation start. Times in the page are ``performance.now()``, from
   navigation start.

Target (flagged met / not met): first draw < 3 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypeVar

from playwright.sync_api import Route, sync_playwright
from rdflib import Dataset
from store import (  # benchmarks/store.py, beside this script
    RELATION_WEIGHTS,
    Plan,
    Synthetic,
)

from kg.analysis import actor_graph
from kg.rdf import extraction_to_dataset, serialize_trig
from kg.records import Actor, Extraction, RelationType
from kg.render import render_html
from kg.store import open_source

SEED = 20250301
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FIRST_DRAW_TARGET_MS = 3000.0
REPEATED = 0.25
"""Share of the edges supported by more than one article."""

# Records the first draw and the ready flag, by performance.now(), as the page sets
# them on #kg-stats; installed before any script of the page runs.
TIMING_SCRIPT = """
window.__kgTimes = {};
new MutationObserver(function (changes) {
  changes.forEach(function (change) {
    var name = change.attributeName;
    if (!(name in window.__kgTimes)) { window.__kgTimes[name] = performance.now(); }
  });
}).observe(document, {subtree: true, attributes: true,
  attributeFilter: ["data-drawn", "data-ready"]});
"""

# Unchecks the first relation filter and resolves with the time until that is drawn
# (vis-network may draw within the change event, before its handler returns).
FILTER_ROUND_TRIP = """
() => new Promise(function (resolve, reject) {
  var box = document.querySelector("#kg-relations input");
  var stats = document.getElementById("kg-stats");
  var before = Number(stats.dataset.visibleEdges);
  var start = performance.now();
  setTimeout(function () { reject(new Error("the filter change was not drawn")); }, 30000);
  kgNetwork.once("afterDrawing", function () {
    var end = performance.now();
    setTimeout(function () {
      resolve({start: start, end: end, before: before,
        after: Number(stats.dataset.visibleEdges)});
    }, 0);
  });
  box.click();
})
"""

T = TypeVar("T")


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(run: Callable[[], T]) -> tuple[T, float]:
    """``run()`` and the seconds it took."""
    start = time.perf_counter()
    value = run()
    return value, time.perf_counter() - start


# Synthetic records ------------------------------------------------------------------------


def plan_edges(synthetic: Synthetic, rng: random.Random, edges: int) -> list[Plan]:
    """``edges`` distinct relations among all of the synthetic actors.

    Every actor gets one relation first (a source is cited, anyone else takes
    part with a popular partner), then popular actors get the rest.
    """
    parties, sources = synthetic.parties, synthetic.sources
    kinds, weights = zip(*RELATION_WEIGHTS.items(), strict=True)
    everyone = {a.key: a for a in parties.actors + sources.actors}
    cited = {a.key for a in sources.actors}
    plans: list[Plan] = []
    seen: set[tuple[str, RelationType, str]] = set()

    def add(kind: RelationType, agent: Actor, target: Actor) -> bool:
        triple = (agent.key, kind, target.key)
        if agent == target or triple in seen:
            return False
        seen.add(triple)
        claim = None
        if kind in (RelationType.ACCUSES, RelationType.DENIES) and rng.random() < 0.5:
            claim = rng.choices(synthetic.claims, cum_weights=synthetic.claim_weights)[0]
        plans.append(Plan(kind, agent, target, claim))
        return True

    for actor in everyone.values():
        while len(plans) < edges:
            if actor.key in cited and rng.random() < 0.5:
                if add(RelationType.CITES, parties.pick(rng, 1, exclude=[actor])[0], actor):
                    break
                continue
            kind = rng.choices(kinds, weights)[0]
            if kind is RelationType.CITES:
                kind = RelationType.ACCUSES
            partner = parties.pick(rng, 1, exclude=[actor])[0]
            agent, target = (actor, partner) if rng.random() < 0.5 else (partner, actor)
            if add(kind, agent, target):
                break
    while len(plans) < edges:
        kind = rng.choices(kinds, weights)[0]
        if kind is RelationType.CITES:
            add(kind, parties.pick(rng, 1)[0], sources.pick(rng, 1)[0])
        else:
            agent, target = parties.pick(rng, 2)
            add(kind, agent, target)
    return plans


def extractions(nodes: int, edges: int, seed: int = SEED) -> list[Extraction]:
    """Articles of 8-14 relations whose actor graph has ``nodes`` actors and
    ``edges`` edges (``nodes`` must be at most ``edges``)."""
    synthetic = Synthetic(seed=seed, actors=nodes)
    rng = random.Random(seed)
    plans = plan_edges(synthetic, rng, edges)
    events = list(plans)
    for plan in rng.sample(plans, int(len(plans) * REPEATED)):
        events += [plan] * rng.randint(1, 3)
    rng.shuffle(events)
    records: list[Extraction] = []
    start = 0
    while start < len(events):
        size = rng.randint(8, 14)
        batch = events[start : start + size]
        records.append(article(synthetic, random.Random(f"{seed}:{len(records)}"), batch))
        start += size
    return records


def article(synthetic: Synthetic, rng: random.Random, plans: list[Plan]) -> Extraction:
    """One synthetic article stating ``plans``, one sentence each, with fillers."""
    first = plans[0]
    assert first.agent is not None
    return synthetic.compose(rng, f"{rng.randrange(10**8):08d}", first.agent, first.target, plans)


# Measurements -----------------------------------------------------------------------------


@dataclass
class Generated:
    """The synthetic build output, and how long it took to make."""

    articles: int
    relation_events: int
    trig_bytes: int
    seconds: float


@dataclass
class PageRun:
    """One page load, in milliseconds from navigation start (round trip: its own)."""

    first_draw_ms: float
    ready_ms: float
    filter_round_trip_ms: float
    interactive_ms: float
    visible_edges: tuple[int, int]


@dataclass
class Report:
    """Every figure the benchmark prints."""

    nodes: int
    edges: int
    generated: Generated
    steps_s: dict[str, float] = field(default_factory=dict)
    graph_nodes: int = 0
    graph_edges: int = 0
    html_bytes: int = 0
    runs: list[PageRun] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def median(self, name: str) -> float:
        return float(statistics.median(getattr(run, name) for run in self.runs))

    def targets(self) -> dict[str, bool]:
        return {
            f"first draw < {FIRST_DRAW_TARGET_MS / 1000:.0f} s": (
                self.median("first_draw_ms") < FIRST_DRAW_TARGET_MS
            )
        }

    def to_json(self) -> dict[str, object]:
        medians = {
            name: self.median(name)
            for name in ("first_draw_ms", "ready_ms", "filter_round_trip_ms", "interactive_ms")
        }
        return {**asdict(self), "medians": medians, "targets": self.targets()}


def generate(nodes: int, edges: int, workdir: Path) -> tuple[Path, Generated]:
    """Write the synthetic ``graph.trig`` into ``workdir``."""
    progress(f"generating {nodes:,} actors, {edges:,} relations ...")
    start = time.perf_counter()
    records = extractions(nodes, edges)
    dataset = Dataset()
    for record in records:
        extraction_to_dataset(record, dataset)
    trig = workdir / "graph.trig"
    trig.write_text(serialize_trig(dataset), encoding="utf-8")
    events = sum(len(record.relations) for record in records)
    generated = Generated(len(records), events, trig.stat().st_size, time.perf_counter() - start)
    return trig, generated


def build_page(trig: Path, report: Report) -> Path:
    """Time the steps from ``graph.trig`` to ``graph.html``; write the page."""
    progress("reading the TriG, actor graph, HTML ...")
    events, report.steps_s["read_events"] = timed(
        lambda: open_source(trig, summary=False).relation_events()
    )
    graph, report.steps_s["actor_graph"] = timed(lambda: actor_graph(events))
    page, report.steps_s["render_html"] = timed(lambda: render_html(graph, title="benchmark"))
    report.graph_nodes, report.graph_edges = graph.number_of_nodes(), graph.number_of_edges()
    if (report.graph_nodes, report.graph_edges) != (report.nodes, report.edges):
        progress(
            f"MISMATCH: the graph has {report.graph_nodes:,} nodes, {report.graph_edges:,} edges"
        )
    html = trig.with_name("graph.html")
    html.write_text(page, encoding="utf-8")
    report.html_bytes = html.stat().st_size
    return html


def measure_page(html: Path, runs: int, report: Report) -> None:
    """Open ``html`` ``runs`` times in fresh pages of one offline Chromium."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for number in range(runs):
            progress(f"Chromium run {number + 1} of {runs} ...")
            page = browser.new_page(viewport={"width": 1280, "height": 800})

            def route(route: Route) -> None:
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    report.blocked_requests.append(route.request.url)
                    route.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda error: report.page_errors.append(str(error)))
            page.add_init_script(TIMING_SCRIPT)
            page.goto(html.as_uri())
            page.wait_for_function(
                "() => window.__kgTimes['data-drawn'] && window.__kgTimes['data-ready']",
                timeout=120_000,
            )
            times = page.evaluate("window.__kgTimes")
            change = page.evaluate(FILTER_ROUND_TRIP)
            report.runs.append(
                PageRun(
                    first_draw_ms=times["data-drawn"],
                    ready_ms=times["data-ready"],
                    filter_round_trip_ms=change["end"] - change["start"],
                    interactive_ms=change["end"],
                    visible_edges=(change["before"], change["after"]),
                )
            )
            page.close()
        browser.close()


# Report ------------------------------------------------------------------------------------


def _flag(value: bool) -> str:
    return "met" if value else "**not met**"


def render(report: Report) -> str:
    g = report.generated
    total = sum(report.steps_s.values())
    labels = {
        "read_events": "read graph.trig and its relation events (kg.store.Store.relation_events)",
        "actor_graph": "actor graph (kg.analysis.actor_graph)",
        "render_html": "page (kg.render.render_html)",
    }
    lines = [
        f"## View benchmark: {report.nodes:,} actors, {report.edges:,} relations",
        "",
        f"{g.articles:,} synthetic articles, {g.relation_events:,} relation events, "
        f"graph.trig {g.trig_bytes / 2**20:,.1f} MB (generated in {g.seconds:,.1f} s, "
        f"informative); the actor graph has {report.graph_nodes:,} nodes and "
        f"{report.graph_edges:,} edges.",
        "",
        "| From kg build output to HTML | Time |",
        "|---|---:|",
        *(f"| {labels[name]} | {seconds:,.2f} s |" for name, seconds in report.steps_s.items()),
        f"| **total** | **{total:,.2f} s** |",
        "",
        f"HTML page: {report.html_bytes:,} bytes ({report.html_bytes / 2**20:,.1f} MB).",
        "",
        f"| Chromium, offline (median of {len(report.runs)}) | ms | runs |",
        "|---|---:|---|",
    ]
    rows = {
        "first_draw_ms": "first draw (first afterDrawing), from navigation start",
        "ready_ms": "page ready (data-ready), from navigation start",
        "filter_round_trip_ms": "filter change (uncheck a relation) until drawn",
        "interactive_ms": "interactive: that change drawn, from navigation start",
    }
    for name, label in rows.items():
        values = ", ".join(f"{getattr(run, name):,.0f}" for run in report.runs)
        lines.append(f"| {label} | {report.median(name):,.0f} | {values} |")
    before, after = report.runs[0].visible_edges
    lines += [
        "",
        f"The filter change hid {before - after:,} of {before:,} edges. Requests blocked: "
        f"{len(report.blocked_requests)}; page errors: {len(report.page_errors)}.",
        "",
        "Targets: " + "; ".join(f"{k}: {_flag(v)}" for k, v in report.targets().items()) + ".",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000, help="actors in the graph")
    parser.add_argument("--edges", type=int, default=15000, help="relations in the graph")
    parser.add_argument("--runs", type=int, default=3, help="page loads in Chromium")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "kg-view-benchmark",
        help="where graph.trig and graph.html go",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if args.nodes > args.edges:
        parser.error("--nodes must be at most --edges")

    args.workdir.mkdir(parents=True, exist_ok=True)
    trig, generated = generate(args.nodes, args.edges, args.workdir)
    report = Report(args.nodes, args.edges, generated)
    html = build_page(trig, report)
    measure_page(html, args.runs, report)
    print(render(report))
    if args.json is not None:
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n")


if __name__ == "__main__":
    main()
