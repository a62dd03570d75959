"""The ``kg`` command line: a thin Typer layer over the library functions.

Every command has ``--help``. User errors print one line (``kg: error: ...``)
and exit non-zero; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import __version__
from kg.analysis import actor_graph
from kg.errors import InputError, KgError
from kg.evaluate import load_gold, score
from kg.nlp import DEFAULT_MODEL
from kg.output import write_atomic
from kg.pipeline import build as build_dataset
from kg.query import run_query
from kg.rdf import read_dataset, relation_rows, serialize_trig
from kg.records import Article
from kg.render import render_html

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


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


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


@app.command()
def build(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Article files (.txt, .html, .jsonl), folders, or - for stdin."),
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into.")] = Path(
        "out"
    ),
    model: ModelOption = DEFAULT_MODEL,
    min_confidence: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Keep only relations at least this confident."),
    ] = 0.0,
) -> None:
    """Build DIR/graph.trig (RDF, one named graph per article) and DIR/graph.html."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=None),
        TextColumn("{task.completed} articles"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("Extracting", total=None)

        def on_article(article: Article) -> None:
            progress.update(task, advance=1, description=article.source[-40:])

        def on_error(error: InputError) -> None:
            progress.console.print(f"kg: error: {error}", markup=False)

        result = build_dataset(
            inputs,
            model=model,
            min_confidence=min_confidence,
            stdin=sys.stdin,
            on_article=on_article,
            on_error=on_error,
        )
    trig = out_dir / "graph.trig"
    html = out_dir / "graph.html"
    write_atomic(trig, serialize_trig(result.dataset))
    write_atomic(html, render_html(actor_graph(result.dataset), title="kg: " + ", ".join(inputs)))
    _print_summary(result.articles, result.duplicates, len(result.actors), result.relations)
    out.print(f"Wrote {trig} and {html}", markup=False)
    if result.errors:
        err.print(f"kg: {len(result.errors)} input(s) could not be read", markup=False)
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
    source: Annotated[Path, typer.Argument(help="graph.trig (or a folder) written by kg build.")],
    fmt: Annotated[RowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        RowFormat.jsonl
    ),
) -> None:
    """List every relation, one per line (the format shared/eval/score.py reads)."""
    rows = relation_rows(read_dataset(source))
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
            out.print(
                json.dumps({k: row[k] for k in keys}, ensure_ascii=False),  # type: ignore[literal-required]
                markup=False,
                soft_wrap=True,
            )
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
    report = score(gold_articles, relation_rows(result.dataset))
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


@app.command()
def query(
    source: Annotated[Path, typer.Argument(help="graph.trig (or a folder) written by kg build.")],
    sparql: Annotated[
        str,
        typer.Argument(help="A SPARQL query, a .rq file, or the name of a shipped query."),
    ],
    fmt: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TableFormat.table
    ),
) -> None:
    """Run a SPARQL query over a built graph (json: SPARQL 1.1 Query Results JSON)."""
    result = run_query(read_dataset(source), sparql)
    if fmt is TableFormat.json:
        sys.stdout.write(result.to_json() + "\n")
    elif fmt is TableFormat.csv:
        sys.stdout.write(result.to_csv())
    else:
        table = Table(*result.variables)
        for row in result.rows:
            table.add_row(*("" if v is None else v for v in row))
        out.print(table)


def main() -> None:
    """Console entry point: run the app, turning user errors into one line."""
    debug = "--debug" in sys.argv[1:]
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
