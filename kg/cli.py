"""The ``kg`` command line: a thin Typer layer over the library functions.

Every command has ``--help``. User errors print one line (``kg: error: ...``)
and exit non-zero; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import click
import networkx as nx
import pyoxigraph
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from kg import __version__
from kg.analysis import actor_graph, actor_graphml, actor_profile, find_actor, to_json
from kg.analysis import analyze as analyze_graph
from kg.analysis.overview import Analysis
from kg.analysis.profile import Profile
from kg.errors import Errors, InputError, KgError
from kg.evaluate import load_gold, score
from kg.ingest import count_articles
from kg.merge import merge as merge_sources
from kg.merge import suggest
from kg.nlp import DEFAULT_MODEL
from kg.output import write_atomic, write_atomic_files
from kg.pipeline import BATCH_SIZE, BuildResult
from kg.pipeline import build as build_dataset
from kg.query import ResultFormat, describe, serialize_results, shipped_queries
from kg.rdf import relation_rows, serialize_trig
from kg.records import Article
from kg.remote import DEFAULT_RETRIES, Remote, execute_remote
from kg.remote import DEFAULT_TIMEOUT as REMOTE_TIMEOUT
from kg.remote import push as push_graphs
from kg.render import render_html
from kg.report import render_report
from kg.serve import (
    DEFAULT_HOST,
    DEFAULT_MAX_BYTES,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    Endpoint,
    Messages,
    is_loopback,
)
from kg.store import Store, open_source, open_store, result_rows
from kg.tables import analysis_tables, profile_tables, text_cell

app = typer.Typer(
    name="kg",
    help="Knowledge graphs of geopolitical technology disputes from news text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

ModelOption = Annotated[
    str,
    typer.Option("--model", help="Installed spaCy pipeline (package name or path) to parse with."),
]


class RowFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


class AnalysisFormat(StrEnum):
    table = "table"
    json = "json"


class ExportFormat(StrEnum):
    trig = "trig"
    nquads = "nquads"
    turtle = "turtle"
    jsonld = "jsonld"
    graphml = "graphml"


def _version(value: bool) -> None:
    if value:
        out.print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
) -> None:
    """Turn news articles into an RDF knowledge graph of who accuses, denies and cites whom."""


InputsArgument = Annotated[
    list[str],
    typer.Argument(help="Article files (.txt, .html, .jsonl), folders, or - for stdin."),
]
MinConfidenceOption = Annotated[
    float,
    typer.Option(min=0.0, max=1.0, help="Keep only relations at least this confident."),
]
SourceArgument = Annotated[
    Path,
    typer.Argument(help="A store folder, a .trig/.nq file written by kg, or a folder of them."),
]


JobsOption = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes that parse (spaCy) while this one reads and writes.",
    ),
]
BatchOption = Annotated[
    int,
    typer.Option(min=1, help="Articles parsed and stored together (memory grows with it)."),
]
DaskOption = Annotated[
    str | None,
    typer.Option(help="Parse on a Dask cluster: a scheduler address, or local:N for N workers."),
]


class _Speed(ProgressColumn):
    """Articles per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} articles/s")


def _run_build(
    inputs: list[str],
    model: str,
    min_confidence: float,
    store: Store | None,
    jobs: int = 1,
    dask: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> BuildResult:
    """The pipeline with a progress bar on a terminal (articles/s and the time
    left) and bad inputs reported as they come."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        _Speed(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        total = count_articles(inputs) if err.is_terminal else None
        task = progress.add_task("Extracting", total=total)

        def on_article(article: Article) -> None:
            progress.update(task, advance=1, description=article.source[-40:])

        def on_error(error: InputError) -> None:
            progress.console.print(f"kg: error: {error}", markup=False)

        return build_dataset(
            inputs,
            model=model,
            min_confidence=min_confidence,
            stdin=sys.stdin,
            on_article=on_article,
            on_error=on_error,
            store=store,
            jobs=jobs,
            dask=dask,
            batch_size=batch_size,
        )


def _exit_on_input_errors(result: BuildResult) -> None:
    if result.errors:
        err.print(f"kg: {len(result.errors)} input(s) could not be read", markup=False)
        raise typer.Exit(1)


@app.command()
def build(
    inputs: InputsArgument,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder to write graph.trig and graph.html into."),
    ] = None,
    store_dir: Annotated[
        Path | None,
        typer.Option("--store", "-s", help="Store folder to add the articles to instead."),
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    min_confidence: MinConfidenceOption = 0.0,
    jobs: JobsOption = 1,
    dask: DaskOption = None,
    batch_size: BatchOption = BATCH_SIZE,
) -> None:
    """Build DIR/graph.trig (RDF, one named graph per article) and DIR/graph.html,
    or add the articles to a store (--store: Ctrl-C keeps what is done, and the same
    command run again goes on from there)."""
    if out_dir is not None and store_dir is not None:
        raise KgError(Errors.E020)
    if store_dir is not None:
        _add_to_store(store_dir, inputs, model, min_confidence, jobs, dask, batch_size)
        return
    out_dir = out_dir or Path("out")
    try:
        result = _run_build(inputs, model, min_confidence, None, jobs, dask, batch_size)
    except KeyboardInterrupt:
        err.print("kg: interrupted; nothing was written", markup=False)
        raise typer.Exit(130) from None
    trig = out_dir / "graph.trig"
    html = out_dir / "graph.html"
    graph = actor_graph(result.store.relation_events())
    page = render_html(graph, title="kg: " + ", ".join(inputs))
    write_atomic_files({trig: serialize_trig(result.store.to_dataset()), html: page})
    _print_summary(result.articles, result.duplicates, len(result.actors), result.relations)
    out.print(f"Wrote {trig} and {html}", markup=False)
    _exit_on_input_errors(result)


def _add_to_store(
    store_dir: Path,
    inputs: list[str],
    model: str,
    min_confidence: float,
    jobs: int = 1,
    dask: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> None:
    with open_store(store_dir, model=model) as store:
        try:
            result = _run_build(inputs, model, min_confidence, store, jobs, dask, batch_size)
        except KeyboardInterrupt:
            kept = len(store.article_ids())
            err.print(
                f"kg: interrupted; {store_dir} keeps its {kept} finished article(s): "
                "run the same command again to go on",
                markup=False,
            )
            raise typer.Exit(130) from None
        total = len(store.article_ids())
    _print_summary(result.articles, result.duplicates, len(result.actors), result.relations)
    if result.stored:
        out.print(f"{result.stored} article(s) already in the store, left as they were")
    out.print(f"{store_dir} now holds {total} article(s)", markup=False)
    _exit_on_input_errors(result)


@app.command()
def add(
    store_dir: Annotated[Path, typer.Argument(help="Store folder (created if missing).")],
    inputs: InputsArgument,
    model: ModelOption = DEFAULT_MODEL,
    min_confidence: MinConfidenceOption = 0.0,
    jobs: JobsOption = 1,
    dask: DaskOption = None,
    batch_size: BatchOption = BATCH_SIZE,
) -> None:
    """Add articles to a store; articles it already has are skipped unparsed."""
    _add_to_store(store_dir, inputs, model, min_confidence, jobs, dask, batch_size)


@app.command()
def remove(
    store_dir: Annotated[Path, typer.Argument(help="Store folder.")],
    articles: Annotated[
        list[str], typer.Argument(help="Content ids (see kg articles) or article IRIs.")
    ],
) -> None:
    """Take articles out of a store."""
    with open_store(store_dir, read_only=False) as store:
        missing = [article for article in articles if not store.remove(article)]
    for article in missing:
        err.print(f"kg: error: {article}: no such article in {store_dir}", markup=False)
    out.print(f"Removed {len(articles) - len(missing)} article(s)", markup=False)
    if missing:
        raise typer.Exit(1)


def _print_summary(articles: int, duplicates: int, actors: int, relations: dict[str, int]) -> None:
    table = Table(title="kg build", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("articles", str(articles))
    if duplicates:
        table.add_row("duplicate articles skipped", str(duplicates))
    table.add_row("actors", str(actors))
    table.add_row("relations", str(sum(relations.values())))
    for name, count in sorted(relations.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(f"  {name}", str(count))
    out.print(table)


@app.command()
def relations(
    source: SourceArgument,
    fmt: Annotated[RowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        RowFormat.jsonl
    ),
) -> None:
    """List every relation, one per line (the format shared/eval/score.py reads)."""
    rows = relation_rows(open_source(source, summary=False).relation_events())
    keys = [
        "article",
        "agent",
        "relation",
        "target",
        "agent_label",
        "target_label",
        "agent_wikidata",
        "target_wikidata",
        "evidence",
        "confidence",
    ]
    if fmt is RowFormat.jsonl:
        for row in rows:
            line = json.dumps({k: row[k] for k in keys}, ensure_ascii=False)  # type: ignore[literal-required]
            sys.stdout.write(line + "\n")
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    sys.stdout.write(buffer.getvalue())


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold relations, one JSON object per article.")],
    articles: Annotated[Path, typer.Argument(help="Folder of the gold articles.")],
    errors: Annotated[
        bool, typer.Option("--errors", help="List false positives and negatives.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    model: ModelOption = DEFAULT_MODEL,
) -> None:
    """Run the pipeline on ARTICLES and print precision, recall and F1 per relation."""
    gold_articles = load_gold(gold)
    result = build_dataset([articles], model=model)
    report = score(gold_articles, relation_rows(result.store.relation_events()))
    if as_json:
        out.print(json.dumps(report.as_dict()), markup=False)
    else:
        table = Table(title=f"kg eval ({len(gold_articles)} articles)", title_justify="left")
        for column in ("relation", "P", "R", "F1", "tp", "fp", "fn"):
            table.add_column(column, justify="left" if column == "relation" else "right")
        for name, counts in report.counts.items():
            table.add_row(
                name,
                f"{counts.precision:.3f}",
                f"{counts.recall:.3f}",
                f"{counts.f1:.3f}",
                str(counts.tp),
                str(counts.fp),
                str(counts.fn),
            )
        out.print(table)
    if errors:
        for case in report.errors:
            agent, relation, target = case.triple
            out.print(f"{case.kind} {case.article} {agent} {relation} {target}", markup=False)
            out.print(f"    {case.evidence}", markup=False)


EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        "-e",
        help="A SPARQL server's query endpoint to use instead of SOURCE "
        "(account from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD).",
    ),
]
RetriesOption = Annotated[
    int, typer.Option(min=0, help="Retries of a failed request to the SPARQL server.")
]
RemoteTimeoutOption = Annotated[
    float, typer.Option("--timeout", min=0.1, help="Seconds to wait for the SPARQL server.")
]


@app.command()
def query(
    source: Annotated[
        str | None,
        typer.Argument(
            help="A store folder, a .trig/.nq file written by kg, or a folder of them "
            "(left out with --endpoint).",
            show_default=False,
        ),
    ] = None,
    sparql: Annotated[
        str | None,
        typer.Argument(
            help="A SPARQL query, a .rq file, or the name of a shipped query.", show_default=False
        ),
    ] = None,
    fmt: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = (
        QueryFormat.table
    ),
    bind: Annotated[
        list[str] | None,
        typer.Option(
            "--bind",
            "-b",
            help="NAME=VALUE: give ?NAME a value (text, or <IRI>), e.g. name=Huawei.",
        ),
    ] = None,
    endpoint: EndpointOption = None,
    retries: RetriesOption = DEFAULT_RETRIES,
    timeout: RemoteTimeoutOption = REMOTE_TIMEOUT,
) -> None:
    """Run a SPARQL query on a store, graph files or a SPARQL server (--endpoint)
    (json, xml, csv, tsv: the SPARQL 1.1 results formats).

    Shipped queries (kg queries lists them) run by name."""
    bindings = dict(_binding(item) for item in bind or [])
    if endpoint is not None:
        if sparql is not None or source is None:
            raise KgError(Errors.E037)
        remote = Remote.from_env(endpoint, retries=retries, timeout=timeout)
        result = execute_remote(remote, source, bindings)
    else:
        if source is None or sparql is None:
            raise KgError(Errors.E037)
        result = open_source(Path(source)).execute(sparql, bindings)
    if fmt is not QueryFormat.table:
        sys.stdout.buffer.write(serialize_results(result, ResultFormat(fmt.value)))
        sys.stdout.flush()
        return
    names, rows = result_rows(result)
    table = Table(*names)
    for row in rows:
        table.add_row(*(text_cell(row[name]) for name in names))
    out.print(table)


def _binding(item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not name.strip().lstrip("?$"):
        raise KgError(Errors.E021.format(item=item))
    return name.strip().lstrip("?$"), value


@app.command()
def queries() -> None:
    """List the shipped queries that kg query runs by name."""
    table = Table("name", "what it answers")
    for name, path in shipped_queries().items():
        table.add_row(name, describe(path))
    out.print(table)


@app.command()
def articles(source: SourceArgument) -> None:
    """List the articles of a store or graph file: content id, date, title, source."""
    table = Table("id", "date", "title", "source")
    for article in open_source(source).articles():
        table.add_row(*map(text_cell, (article.id, article.date, article.title, article.source)))
    out.print(table)


@app.command()
def merge(
    sources: Annotated[
        list[Path], typer.Argument(help="Stores, .trig/.nq files or folders of them.")
    ],
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the merged graph (.trig or .nq).")
    ] = None,
    show_suggestions: Annotated[
        bool,
        typer.Option("--suggest", help="List actors that may be one (not merged)."),
    ] = False,
) -> None:
    """Merge graphs of different runs: the same actor is one node, whatever the order."""
    if out_file is None and not show_suggestions:
        raise KgError(Errors.E022)
    if out_file is not None and out_file.suffix not in (".trig", ".nq"):
        raise KgError(Errors.E023.format(path=out_file))
    result = merge_sources(open_source(path) for path in sources)
    articles_ = len(result.store.article_ids())
    out.print(
        f"{articles_} article(s); {len(result.renamed)} actor node(s) merged into others",
        markup=False,
    )
    for article in result.conflicts:
        err.print(f"kg: warning: article {article} differs between sources; kept both versions")
    if out_file is not None:
        fmt = EXPORT_RDF[ExportFormat.trig if out_file.suffix == ".trig" else ExportFormat.nquads]
        write_atomic(out_file, result.store.dump(fmt).decode("utf-8"))
        out.print(f"Wrote {out_file}", markup=False)
    if show_suggestions:
        table = Table("score", "actor", "type", "may be the same as", "type ")
        for candidate in suggest(result.store):
            first, second = candidate.first, candidate.second
            table.add_row(
                f"{candidate.score:.0f}",
                *map(text_cell, (first.label, first.type, second.label, second.type)),
            )
        out.print(table)


EXPORT_RDF: dict[ExportFormat, pyoxigraph.RdfFormat] = {
    ExportFormat.trig: pyoxigraph.RdfFormat.TRIG,
    ExportFormat.nquads: pyoxigraph.RdfFormat.N_QUADS,
    ExportFormat.turtle: pyoxigraph.RdfFormat.TURTLE,
    ExportFormat.jsonld: pyoxigraph.RdfFormat.JSON_LD,
}


def _analysis_graph(source: Path) -> nx.MultiDiGraph:
    """The actor graph of a source, the articles' own voice included."""
    events = open_source(source, summary=False).relation_events()
    return actor_graph(events, include_article_voice=True)


@app.command()
def analyze(
    source: SourceArgument,
    actor: Annotated[
        str | None,
        typer.Option("--actor", "-a", help="Profile one actor (label, Wikidata id or IRI)."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="Actors per ranking.")] = 10,
    fmt: Annotated[AnalysisFormat, typer.Option("--format", "-f", help="Output format.")] = (
        AnalysisFormat.table
    ),
) -> None:
    """Central actors, mutual accusations, coalitions and disputed claims, or one
    actor's profile (--actor)."""
    graph = _analysis_graph(source)
    result: Analysis | Profile
    if actor is None:
        result = analyze_graph(graph, top)
    else:
        node = find_actor(graph, actor)
        if node is None:
            raise KgError(Errors.E024.format(name=actor, source=source))
        result = actor_profile(graph, node)
    if fmt is AnalysisFormat.json:
        sys.stdout.write(to_json(result) + "\n")
        return
    tables = analysis_tables(result) if isinstance(result, Analysis) else profile_tables(result)
    for table in tables:
        out.print(table)


@app.command()
def report(
    source: SourceArgument,
    out_file: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path(
        "report.html"
    ),
    title: Annotated[str | None, typer.Option(help="Heading of the report.")] = None,
    top: Annotated[int, typer.Option(min=1, help="Actors per ranking.")] = 10,
) -> None:
    """Write a one-page HTML report: key numbers, central actors, accusation matrix,
    relations per month, disputed claims, mutual accusations, camps and the graph view."""
    graph = _analysis_graph(source)
    write_atomic(out_file, render_report(graph, title=title or f"kg report: {source}", top=top))
    out.print(f"Wrote {out_file}", markup=False)


@app.command()
def export(
    source: SourceArgument,
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExportFormat.trig
    ),
    out_file: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
) -> None:
    """Write a store's graph as TriG, N-Quads, Turtle (all graphs as one), JSON-LD,
    or the actor graph as GraphML (for Gephi)."""
    store = open_source(source)
    if fmt is ExportFormat.graphml:
        data = actor_graphml(actor_graph(store.relation_events()))
    else:
        data = store.dump(EXPORT_RDF[fmt]).decode("utf-8")
    if out_file is None:
        sys.stdout.write(data)
    else:
        write_atomic(out_file, data)


@app.command()
def serve(
    source: Annotated[
        Path | None,
        typer.Argument(
            help="A store folder, a .trig/.nq file written by kg, or a folder of them "
            "(left out with --endpoint).",
            show_default=False,
        ),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to listen on; other than loopback, anyone can query.")
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one).")] = (
        DEFAULT_PORT
    ),
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a query may run before it is stopped.")
    ] = DEFAULT_TIMEOUT,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Largest result sent, in bytes (larger: 413).")
    ] = DEFAULT_MAX_BYTES,
    workers: Annotated[
        int, typer.Option(min=1, help="Query worker processes (queries run in parallel).")
    ] = DEFAULT_WORKERS,
    memory: Annotated[
        bool,
        typer.Option(
            "--memory", help="Copy a store into memory in each worker: faster queries, more RAM."
        ),
    ] = False,
    endpoint_url: EndpointOption = None,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql and the graph view at / (Ctrl-C stops),
    over a store, graph files or a SPARQL server (--endpoint: queries are passed on to it)."""
    target: Path | Remote
    if endpoint_url is not None and source is None:
        target = Remote.from_env(endpoint_url, timeout=timeout)
    elif source is not None and endpoint_url is None:
        target = source
    else:
        raise KgError(Errors.E038)
    if not is_loopback(host):
        err.print("kg: warning: " + Messages.EXPOSED.format(host=host), markup=False)
    with Endpoint(
        target,
        host=host,
        port=port,
        timeout=timeout,
        max_bytes=max_bytes,
        workers=workers,
        memory=memory,
    ) as endpoint:
        out.print(f"SPARQL endpoint: {endpoint.url}sparql", markup=False)
        out.print(f"Graph view:      {endpoint.url}", markup=False)
        try:
            endpoint.serve_forever()
        except KeyboardInterrupt:
            out.print("Stopped", markup=False)


@app.command()
def push(
    source: SourceArgument,
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            "-e",
            help="The SPARQL server's query endpoint, e.g. http://127.0.0.1:7878/query "
            "(account from KG_ENDPOINT_USER and KG_ENDPOINT_PASSWORD).",
        ),
    ],
    graph_store: Annotated[
        str | None,
        typer.Option(
            "--graph-store",
            help="Its SPARQL 1.1 Graph Store endpoint (by default derived from --endpoint "
            "for Oxigraph, Virtuoso, Fuseki and GraphDB).",
        ),
    ] = None,
    update: Annotated[
        str | None,
        typer.Option(
            "--update", help="Upload with SPARQL Update to this endpoint instead (e.g. Neptune)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Upload every graph, also those the server has.")
    ] = False,
    retries: RetriesOption = DEFAULT_RETRIES,
    timeout: RemoteTimeoutOption = REMOTE_TIMEOUT,
) -> None:
    """Upload the article graphs and the summary of a store to a SPARQL server, one
    request per graph; graphs the server already has are skipped."""
    store = open_source(source)
    remote = Remote.from_env(
        endpoint, graph_store=graph_store, update=update, timeout=timeout, retries=retries
    )
    with Progress(
        TextColumn("Uploading"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("Uploading", total=None)

        def on_graph(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = push_graphs(store, remote, force=force, on_graph=on_graph)
    out.print(
        f"Uploaded {len(result.uploaded)} article graph(s) and "
        f"{'the' if result.summary_uploaded else 'no'} summary ({result.triples:,} triples) "
        f"to {endpoint} in {result.seconds:.1f} s; {result.skipped} were there already",
        markup=False,
    )
    if result.foreign:
        out.print(
            f"The server also holds {result.foreign} article graph(s) that {source} lacks; "
            "the summary covers them too",
            markup=False,
        )
    if not result.union_default_graph:
        err.print(
            "kg: warning: queries outside GRAPH do not see the summary there; the shipped "
            "queries need the server's default graph to be the union of its graphs",
            markup=False,
        )


def main() -> None:
    """Console entry point: run the app, turning user errors into one line."""
    debug = "--debug" in sys.argv[1:]
    if not debug:  # rdflib logs a traceback for each ill-typed literal of a graph file it reads
        logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    try:
        code = app(standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("kg: aborted", markup=False)
        sys.exit(130)
    except KgError as exc:
        if debug:
            raise
        err.print(f"kg: error: {exc}", markup=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
