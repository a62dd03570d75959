"""Hostile input, and outputs that stay valid and give it back (the "Hardening" issue).

- ``kg build`` over ``tests/data/nasty/`` (its README says what each file is)
  into ``--out`` and into ``--store``: one line per bad file, the rest built.
- Records whose labels, quotes, titles, publishers, URLs and keys are hostile
  strings, through every output: TriG, N-Quads, Turtle, JSON-LD, GraphML, the
  HTML view, the report, query results (CSV, TSV, JSON, XML), ``kg relations``
  and the terminal tables; each parses back and gives the strings back.
- The HTML escaping check (:func:`strategies.assert_page_escaped`) itself.
- SPARQL injection: bound values and the store's summary updates.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import spacy
from conftest import run_kg as kg
from rdflib import Dataset, Graph
from strategies import assert_page_escaped, harmless, page_data
from typer.testing import CliRunner

from kg.analysis import actor_graph, actor_graphml
from kg.cli import app
from kg.errors import KgError
from kg.ingest import MAX_CHARACTERS
from kg.namespace import KG, NIF, actor_iri, article_iri, graph_iri, local_iri
from kg.query import ResultFormat, load_query, serialize_results
from kg.rdf import extraction_to_dataset, normalise_claim, ox_quad, serialize_trig
from kg.records import Actor, ActorType, Article, Extraction, Relation, RelationType, Sentence
from kg.remote import with_prefixes, with_values
from kg.render import render_html
from kg.report import render_report
from kg.store import open_source, open_store, result_rows
from kg.text import encodable, shorten

pytestmark = pytest.mark.filterwarnings(
    "ignore::DeprecationWarning:rdflib",  # rdflib's own TriG and N-Quads parsers
    "ignore:Glyph:UserWarning",  # matplotlib draws an emoji label without its glyph
)

REPO = Path(__file__).resolve().parents[1]
NASTY = REPO / "tests" / "data" / "nasty"

BAD_FILES = {
    "bad-line.jsonl": "line 3: invalid JSON (Unterminated string starting at column 10)",
    "binary.txt": "looks like a binary file, not text",
    "empty.txt": "file is empty",
    "latin1.txt": "not valid UTF-8 (byte 10)",
    "malformed.html": "no article text found in the HTML page",
    "nul-byte.txt": "looks like a binary file, not text",
}
"""The nasty files kg cannot read, and what it says about each."""
GOOD_SOURCES = {
    "chinese.txt",
    "control-chars.txt",
    "hostile-fields",
    "hostile-names.txt",
    "line-1",
    "line-2",
    "line-4",
    "lone-surrogate",
    "nul-escape",
    "russian.txt",
    "rtl.txt",
    "template-injection",
    "truncated.html",
    "unicode.txt",
    "utf16-bom.txt",
}
"""The articles of the nasty files kg reads (their ``kg:sourceFile``)."""

LABELS = (
    '<>"{}|\\^`',
    "backticks ` `` ```",
    "line\nbreak\r\nand\rtab\t",
    "\"\"\"triple\"\"\" and '''single'''",
    "@prefix kg: <http://evil.example/> .",
    "</script><script>alert(1)</script><!--",
    "DROP ALL",
    "} ; INSERT DATA { <urn:a> <urn:b> <urn:c> } ; #",
    "SELECT * WHERE { ?s ?p ?o } [bold]x[/bold] [/] :thumbs_up:",
    "NUL\x00 ESC\x1b[31m BEL\x07 DEL\x7f CSI\x9b2J",
    "RTL \u202eevil\u202c \u200f\u2066x\u2069",
    "lone \ud800 surrogate \udfff",
    "e\u0301 \U0001f468\u200d\U0001f469\u200d\U0001f467 \ufeff \u2028 \u2029",
    "__proto__",
)
"""Hostile actor labels, each also an actor key, a claim, a cue and a title."""
TWIN_KEYS = ("a b", "a-b", "a%20b", "A B", "a\ud800", "a\ufffd", "a/b", "a#b", "a?b", "")
"""Keys a careless IRI minting would merge (each actor has its own label)."""
BINDINGS = (
    'Huawei" } ; DROP ALL ; #',
    "} ; DROP ALL ; #",
    "'''\n} ; CLEAR ALL ; INSERT DATA { <urn:a> <urn:b> <urn:c> }\n'''",
    '"""',
    "{ ?s ?p ?o }",
    "x\n\r\t\\",
    "<http://example.org/x> . } DROP ALL { ",
    *LABELS[:9],
)
"""``--bind name=...`` values that would change a query made by string formatting."""


def _actors() -> list[Actor]:
    types = list(ActorType)
    hostile = [
        Actor(label, label, types[i % len(types)], "Q160120" if i == 0 else "Q1 } ; DROP ALL")
        for i, label in enumerate(LABELS)
    ]
    twins = [Actor(key, f"Twin {i}", ActorType.COMPANY) for i, key in enumerate(TWIN_KEYS)]
    return hostile + twins


ACTORS = _actors()


def _extraction(number: int, **meta: str) -> Extraction:
    """Every other link of a cycle through all actors: A accuses B of a claim,
    B denies it, the article cites A; sentences and claims hostile."""
    pieces: list[tuple[Actor, Actor, str, str]] = []
    for i in range(number, len(ACTORS), 2):
        agent, target = ACTORS[i], ACTORS[(i + 1) % len(ACTORS)]
        claim = LABELS[(i + 3) % len(LABELS)]
        pieces.append((agent, target, claim, f"{agent.label} accused {target.label} of {claim}."))
    text = "\n\n".join(sentence for *_, sentence in pieces)
    relations = []
    start = 0
    for agent, target, claim, sentence in pieces:
        evidence = Sentence(start, start + len(sentence), sentence)
        cue = LABELS[(start + 5) % len(LABELS)]
        relations += [
            Relation(agent, RelationType.ACCUSES, target, evidence, 0.9, cue, claim),
            Relation(target, RelationType.DENIES, agent, evidence, 0.8, "denied", claim),
            Relation(None, RelationType.CITES, agent, evidence, 0.85, "said"),
        ]
        start += len(sentence) + 2
    actors = tuple({a.key: a for r in relations for a in (r.agent, r.target) if a}.values())
    names = {actor.key: (f"also {actor.label}",) for actor in actors}
    return Extraction(Article(text, **meta), actors, tuple(relations), names)


EXTRACTIONS = (
    _extraction(
        0,
        source='<>"{}|\\^` source\n.txt',
        title=LABELS[5],
        date="2021-03-04",
        publisher=LABELS[4],
        url='https://example.org/a"b<c>{d}',
    ),
    _extraction(
        1,
        source=LABELS[7],
        title=LABELS[2],
        publisher=LABELS[11],
        url="https://example.org/news?id=1&q=%22x%22#frag",
    ),
)
EXPECTED_LABELS = {str(actor_iri(a.key)): encodable(a.label) for a in ACTORS}


def invoke(*args: str) -> tuple[int, bytes]:
    """The ``kg`` command run in this process: exit code and standard output."""
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "1000"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout_bytes


def quads_of(path: Path) -> set[str]:
    """Every quad of a store folder, the summary in its default graph included."""
    store = ox.Store.read_only(str(path))
    return {str(quad) for quad in store}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the hostile extractions."""
    path = tmp_path_factory.mktemp("hostile") / "store"
    with open_store(path) as opened:
        for extraction in EXTRACTIONS:
            opened.add(extraction)
    return path


# The nasty files ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nasty_out(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The nasty files, and one whose name is not UTF-8 (Python gives it a lone
    surrogate, which goes into the page's title: not committed, as git would
    not keep it everywhere)."""
    folder = tmp_path_factory.mktemp("nasty")
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_text("The FBI accused Huawei of spying.\n", encoding="utf-8")
    out = folder / "out"
    return out, kg("build", str(NASTY), str(folder / name), "--out", str(out))


@pytest.fixture(scope="module")
def long_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[str]]:
    """A 10 MB single-line text file and a JSON Lines file with a 10 MB line
    after a good one (generated, not committed), with the errors they give."""
    folder = tmp_path_factory.mktemp("long")
    line = "The FBI accused Huawei of spying. " * (10_000_000 // 34 + 1)
    big = folder / "big.txt"
    big.write_text(line[:10_000_000], encoding="utf-8")
    rows = folder / "rows.jsonl"
    good = json.dumps({"text": "Kaspersky Lab denied the claims.", "id": "good"})
    rows.write_text(good + "\n" + json.dumps({"text": line}) + "\n", encoding="utf-8")
    limit = f"more than the {MAX_CHARACTERS:,} the parser takes; split it into several articles"
    return [big, rows], [
        f"kg: error: {big}: the article is 10,000,000 characters long, {limit}",
        f"kg: error: {rows}: line 2: the article is {len(line):,} characters long, {limit}",
    ]


@pytest.fixture(scope="module")
def nasty_store(
    tmp_path_factory: pytest.TempPathFactory, long_inputs: tuple[list[Path], list[str]]
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    path = tmp_path_factory.mktemp("nasty") / "store"
    return path, kg("build", str(NASTY), *map(str, long_inputs[0]), "--store", str(path))


def assert_bad_files_reported(
    result: subprocess.CompletedProcess[str], more: Sequence[str] = ()
) -> None:
    """Exit status 1, one ``kg: error: FILE: ...`` line per bad file (then
    ``more``) and their count, and no traceback."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [f"kg: error: {NASTY / name}: {reason}" for name, reason in BAD_FILES.items()]
    count = f"kg: {len(errors) + len(more)} input(s) could not be read"
    assert result.stderr.splitlines() == [*errors, *more, count]


def assert_parses_the_same(data: bytes, fmt: ox.RdfFormat, rdflib_format: str) -> set[ox.Quad]:
    """``data`` parsed by pyoxigraph, which rdflib parses to the same quads."""
    quads = set(ox.parse(data, format=fmt))
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
        graph = Graph()
        graph.parse(data=data.decode("utf-8"), format=rdflib_format)
        parsed = {ox_quad(s, p, o, None) for s, p, o in graph}
    else:
        dataset = Dataset()
        dataset.parse(data=data.decode("utf-8"), format=rdflib_format)
        parsed = {ox_quad(*quad) for quad in dataset.quads((None, None, None, None))}
    assert parsed == quads
    return quads


def values(quads: set[ox.Quad], predicate: str) -> dict[str, str]:
    """Subject -> literal value of ``predicate`` (one value each)."""
    return {
        q.subject.value: q.object.value
        for q in quads
        if q.predicate.value == predicate
        and isinstance(q.subject, ox.NamedNode)
        and isinstance(q.object, ox.Literal)
    }


@pytest.mark.model
def test_build_out_reports_each_bad_file_and_builds_the_rest(
    nasty_out: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, result = nasty_out
    assert_bad_files_reported(result)
    trig = (out / "graph.trig").read_bytes()
    quads = assert_parses_the_same(trig, ox.RdfFormat.TRIG, "trig")
    sources = values(quads, str(KG.sourceFile))
    assert set(sources.values()) == GOOD_SOURCES | {"caf\ufffd.txt"}
    titles = values(quads, "https://schema.org/headline")
    articles = {source: article for article, source in sources.items()}
    assert titles[articles["hostile-names.txt"]] == (
        '</script><script>alert(1)</script><!-- "Huawei" {}|\\^` """'
    )
    assert titles[articles["lone-surrogate"]] == "Lone \ufffd surrogate"
    assert titles[articles["control-chars.txt"]] == "Control\x07 characters"
    publishers = values(quads, "https://schema.org/publisher")
    assert publishers[articles["hostile-names.txt"]] == "@prefix kg: <http://evil.example/> ."
    assert publishers[articles["hostile-fields"]] == "} ; DROP ALL ; #"
    urls = {
        q.subject.value: q.object
        for q in quads
        if q.predicate.value == "https://schema.org/url" and isinstance(q.subject, ox.NamedNode)
    }
    assert urls[articles["hostile-names.txt"]] == ox.Literal(
        'https://example.org/a"b<c>{d}|e\\f^g`h'
    )
    assert urls[articles["hostile-fields"]] == ox.Literal("javascript:alert(1)")
    texts = set(values(quads, str(NIF.isString)).values())
    russian = (NASTY / "russian.txt").read_text(encoding="utf-8").split("---\n", 1)[1]
    assert russian in texts  # other languages are parsed as English: kept, without a warning
    assert "russian" not in result.stderr and "chinese" not in result.stderr
    events = open_source(out / "graph.trig").relation_events()
    assert {e.source for e in events} >= {"hostile-names.txt", "line-1", "lone-surrogate"}
    page = (out / "graph.html").read_text(encoding="utf-8")
    graph = actor_graph(events)
    assert_page_escaped(page, render_html(harmless(graph), title="x"))


@pytest.mark.model
def test_build_store_reports_each_bad_file_and_stores_the_rest(
    nasty_store: tuple[Path, subprocess.CompletedProcess[str]],
    long_inputs: tuple[list[Path], list[str]],
) -> None:
    """Also over two 10 MB lines: each is one error, and the good line before is stored."""
    path, result = nasty_store
    assert_bad_files_reported(result, long_inputs[1])
    assert f"{path} now holds {len(GOOD_SOURCES) + 1} article(s)" in result.stdout
    with open_store(path, read_only=True) as opened:
        assert {article.source for article in opened.articles()} == GOOD_SOURCES | {"good"}
        trig = opened.dump(ox.RdfFormat.TRIG)
    assert_parses_the_same(trig, ox.RdfFormat.TRIG, "trig")


def test_the_length_limit_is_spacys() -> None:
    assert spacy.blank("en").max_length == MAX_CHARACTERS


def test_an_over_long_article_added_from_python_is_a_clear_error() -> None:
    """Ingest refuses it already; ``Store.add`` from Python is told the same."""
    article = Article("word " * (MAX_CHARACTERS // 5) + "!", source="big.txt")
    with open_store() as store:
        with pytest.raises(KgError) as error:
            store.add(article)
        assert list(store.articles()) == []
    assert str(error.value) == (
        f"big.txt: the article is {MAX_CHARACTERS + 1:,} characters long, "
        f"more than the {MAX_CHARACTERS:,} the parser takes; split it into several articles"
    )


def test_ill_typed_literals_in_a_graph_file_print_no_traceback(tmp_path: Path) -> None:
    """A graph file kg did not write may hold "abc"^^xsd:integer: rdflib logs a
    traceback as it reads one, which the commands keep off the terminal."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    graph = tmp_path / "graph.trig"
    graph.write_text(
        f'<urn:g> {{ <urn:a> a <{KG.Article}> ; <urn:p> "abc"^^<{xsd}integer> ;'
        f' <https://schema.org/datePublished> "2020-13-45"^^<{xsd}date> . }}\n'
    )
    for command in (["relations", str(graph)], ["analyze", str(graph)], ["articles", str(graph)]):
        result = kg(*command)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and result.stderr == "", result.stderr


def test_debug_shows_the_traceback_of_a_user_error(tmp_path: Path) -> None:
    """(Without ``--debug`` the same run prints one line: tests/test_cli.py.)"""
    args = ("build", str(NASTY / "empty.txt"), str(NASTY / "binary.txt"), "--out", str(tmp_path))
    debug = kg("--debug", *args)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr
    assert "kg.errors.KgError: no input articles could be read" in debug.stderr


# Hostile records through every output ---------------------------------------------------------


def test_minted_iris_are_valid_and_never_merge_actors(store: Path) -> None:
    base = article_iri("a")
    for text in (*LABELS, *TWIN_KEYS):
        for iri in (actor_iri(text), article_iri(text), graph_iri(text), local_iri(base, text)):
            assert ox.NamedNode(str(iri)).value == str(iri)
    assert len(EXPECTED_LABELS) == len(ACTORS)
    quads = set(ox.Store.read_only(str(store)))
    labels = {
        q.subject.value: q.object.value
        for q in quads
        if q.predicate.value.endswith("#prefLabel")
        and not isinstance(q.graph_name, ox.DefaultGraph)
    }
    assert labels == EXPECTED_LABELS
    display = values(
        {q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)}, str(KG.displayLabel)
    )
    assert display == EXPECTED_LABELS


def expected_literals() -> set[str]:
    """Every untrusted text of :data:`EXTRACTIONS` as the graph holds it."""
    texts: set[str] = set()
    for extraction in EXTRACTIONS:
        article = extraction.article
        texts |= {article.text, article.source, article.title or "", article.publisher or ""}
        for relation in extraction.relations:
            texts |= {relation.evidence.text, relation.cue}
        texts |= {name for names in extraction.names.values() for name in names}
    texts = {encodable(text) for text in texts if text}
    claims = {normalise_claim(r.claim) for e in EXTRACTIONS for r in e.relations if r.claim}
    return texts | claims | set(EXPECTED_LABELS.values())


@pytest.mark.parametrize(
    ("name", "fmt", "rdflib_format"),
    [
        ("trig", ox.RdfFormat.TRIG, "trig"),
        ("nquads", ox.RdfFormat.N_QUADS, "nquads"),
        ("turtle", ox.RdfFormat.TURTLE, "turtle"),
        ("jsonld", ox.RdfFormat.JSON_LD, "json-ld"),
    ],
)
def test_rdf_exports_parse_back_with_every_string(
    store: Path, tmp_path: Path, name: str, fmt: ox.RdfFormat, rdflib_format: str
) -> None:
    out = tmp_path / f"export.{name}"
    assert invoke("export", str(store), "--format", name, "--out", str(out))[0] == 0
    data = out.read_bytes()
    with open_store(store, read_only=True) as opened:
        assert opened.dump(fmt) == data
    quads = assert_parses_the_same(data, fmt, rdflib_format)
    literals = {q.object.value for q in quads if isinstance(q.object, ox.Literal)}
    assert expected_literals() <= literals
    assert values(quads, "http://www.w3.org/2004/02/skos/core#prefLabel") == EXPECTED_LABELS
    urls = {q.object for q in quads if q.predicate.value == "https://schema.org/url"}
    assert urls == {
        ox.Literal('https://example.org/a"b<c>{d}'),
        ox.NamedNode("https://example.org/news?id=1&q=%22x%22#frag"),
    }


XML_UNFIT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""What XML 1.0 cannot hold, even as a character reference."""


def test_graphml_parses_back_with_every_label_and_sentence(store: Path) -> None:
    """GraphML of the hostile actor graph but for the characters XML cannot hold
    and carriage returns (test_graphml_holds_every_string)."""

    def fit(text: str) -> str:
        return XML_UNFIT.sub("?", text).replace("\r", "\n")

    graph = actor_graph(open_source(store).relation_events())
    for _, data in graph.nodes(data=True):
        data["label"] = fit(data["label"])
    for *_, data in graph.edges(data=True):
        data["evidence"] = [
            {**item, "sentence": fit(item["sentence"])} for item in data["evidence"]
        ]
    back = nx.parse_graphml(actor_graphml(graph), force_multigraph=True)
    labels = {iri: fit(label) for iri, label in EXPECTED_LABELS.items()}
    assert dict(back.nodes(data="label")) == labels
    sentences = {
        fit(encodable(r.evidence.text)) for e in EXTRACTIONS for r in e.relations if r.agent
    }
    assert {data["evidence"] for *_, data in back.edges(data=True)} == sentences


def test_graphml_holds_every_string(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "actors.graphml"
    assert invoke("export", str(store), "--format", "graphml", "--out", str(out))[0] == 0
    graph = nx.read_graphml(out, force_multigraph=True)
    labels = dict(graph.nodes(data="label"))
    assert labels == {i: XML_UNFIT.sub("\ufffd", label) for i, label in EXPECTED_LABELS.items()}


def test_html_view_escapes_and_keeps_every_string(store: Path) -> None:
    graph = actor_graph(open_source(store).relation_events())
    page = render_html(graph, title=LABELS[5] + LABELS[11])
    assert_page_escaped(page, render_html(harmless(graph), title="x"))
    data = page_data(page)
    names = {node["id"]: node["name"] for node in data["kgNodeItems"]}
    assert names == {iri: shorten(label, 300) for iri, label in EXPECTED_LABELS.items()}
    sentences = {item["sentence"] for edge in data["kgEdgeItems"] for item in edge["evidence"]}
    expected = {shorten(encodable(r.evidence.text), 300) for e in EXTRACTIONS for r in e.relations}
    assert sentences == expected
    titles = {article["title"] for article in data["kgArticles"]}
    assert titles == {shorten(encodable(e.article.title or ""), 200) for e in EXTRACTIONS}
    assert _text_of(page, "h1") == encodable(LABELS[5] + LABELS[11])


class _Text(HTMLParser):
    """The text of a page outside scripts and styles, by innermost element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("br", "meta", "input", "link", "img"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] not in ("script", "style"):
            self.text.setdefault(self.stack[-1], []).append(data)


def _text_of(page: str, tag: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "".join(parser.text.get(tag, []))


def test_report_escapes_and_keeps_every_label(store: Path) -> None:
    events = open_source(store).relation_events()
    graph = actor_graph(events, include_article_voice=True)
    page = render_report(graph, title=LABELS[5], top=len(ACTORS))
    assert_page_escaped(page, render_report(harmless(graph), title="x", top=len(ACTORS)))
    cells = _text_of(page, "td")
    assert all(label in cells for label in EXPECTED_LABELS.values())
    assert _text_of(page, "h1") == LABELS[5]


def select_labels(actors: Iterable[str]) -> str:
    """A query of the labels of ``actors`` (IRIs kg minted) in the article graphs."""
    iris = " ".join(f"<{actor}>" for actor in actors)
    return (
        f"SELECT ?actor ?label WHERE {{ VALUES ?actor {{ {iris} }} "
        "GRAPH ?g { ?actor skos:prefLabel ?label } }"
    )


def _solutions(data: bytes, fmt: ResultFormat) -> set[tuple[str, str]]:
    """(actor, label) pairs of query results, parsed as any client would."""
    if fmt is ResultFormat.json:
        rows = json.loads(data)["results"]["bindings"]
        return {(row["actor"]["value"], row["label"]["value"]) for row in rows}
    if fmt is ResultFormat.xml:
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        pairs = set()
        for result in ET.fromstring(data).iterfind(".//r:result", ns):
            bound = {b.get("name"): b[0].text or "" for b in result.iterfind("r:binding", ns)}
            pairs.add((bound["actor"], bound["label"]))
        return pairs
    if fmt is ResultFormat.csv:
        header, *rows = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        assert header == ["actor", "label"]
        return {(actor, label) for actor, label in rows}
    solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV)
    return {(s["actor"].value, s["label"].value) for s in solutions}  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", list(ResultFormat))
def test_query_results_parse_back_with_every_label(store: Path, fmt: ResultFormat) -> None:
    """(XML but for the label XML cannot hold: test_xml_results_refuse_...)"""
    expected = {
        iri: label
        for iri, label in EXPECTED_LABELS.items()
        if fmt is not ResultFormat.xml or not XML_UNFIT.search(label)
    }
    query = select_labels(expected)
    code, data = invoke("query", str(store), query, "--format", fmt.value)
    assert code == 0
    with open_store(store, read_only=True) as opened:
        assert serialize_results(opened.execute(query), fmt) == data
    assert _solutions(data, fmt) == set(expected.items())


def test_xml_results_refuse_a_character_xml_cannot_hold(tmp_path: Path) -> None:
    article = Article("The FBI accused Huawei.", source="a\x00.txt")
    graph = tmp_path / "graph.trig"
    graph.write_text(serialize_trig(extraction_to_dataset(Extraction(article, (), ()))))
    query = "SELECT ?s WHERE { ?a kg:sourceFile ?s }"
    with pytest.raises(KgError) as error:
        invoke("query", str(graph), query, "--format", "xml")
    assert str(error.value) == (
        "the result holds the character U+0000, which SPARQL XML results cannot hold; "
        "give --format json, csv or tsv"
    )
    assert json.loads(invoke("query", str(graph), query, "--format", "json")[1])["results"][
        "bindings"
    ] == [{"s": {"type": "literal", "value": "a\x00.txt"}}]


def _relation_rows(data: bytes, fmt: str) -> set[tuple[str, str, str, str]]:
    text = data.decode("utf-8")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.split("\n") if line]  # not splitlines()
    else:
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    return {(r["agent_label"], r["relation"], r["target_label"], r["evidence"]) for r in rows}


@pytest.mark.parametrize(
    "fmt",
    [
        "jsonl",
        "csv",
    ],
)
def test_relations_output_gives_every_string_back(store: Path, fmt: str) -> None:
    code, data = invoke("relations", str(store), "--format", fmt)
    assert code == 0
    expected = {
        (
            encodable(r.agent_label),
            r.type.value,
            encodable(r.target.label),
            encodable(r.evidence.text),
        )
        for e in EXTRACTIONS
        for r in e.relations
    }
    assert _relation_rows(data, fmt) == expected


def _escape_graph(tmp_path: Path) -> Path:
    """A graph file whose actor label and article title hold terminal escape
    sequences (ESC and the one-byte CSI) and console markup."""
    huawei = Actor("huawei", "Huawei \x1b[2J\x9b31m [bold]x[/bold] [/]", ActorType.COMPANY)
    fbi = Actor("fbi", "FBI", ActorType.AGENCY)
    text = "The FBI accused Huawei."
    relation = Relation(fbi, RelationType.ACCUSES, huawei, Sentence(0, len(text), text))
    article = Article(text, source="a.txt", title="[/] \x1b[2J \x9b2J")
    path = tmp_path / "graph.trig"
    path.write_text(serialize_trig(extraction_to_dataset(Extraction(article, (), (relation,)))))
    return path


def test_analyze_tables_show_no_markup_or_escape_sequence(tmp_path: Path) -> None:
    graph = _escape_graph(tmp_path)
    for args in ([], ["--actor", str(actor_iri("huawei"))]):
        code, data = invoke("analyze", str(graph), *args)
        assert code == 0
        text = data.decode("utf-8")
        assert "\x1b" not in text and "\x9b" not in text
        assert "[bold]x[/bold] [/]" in text


@pytest.mark.parametrize(
    "args",
    [["articles"], ["query", "SELECT ?t WHERE { ?a schema:headline ?t }"]],
    ids=["articles", "query"],
)
def test_cli_tables_show_no_markup_or_escape_sequence(tmp_path: Path, args: list[str]) -> None:
    code, data = invoke(args[0], str(_escape_graph(tmp_path)), *args[1:])
    assert code == 0
    text = data.decode("utf-8")
    assert "\x9b" not in text and "[/]" in text


# The HTML escaping check ----------------------------------------------------------------------


def test_escaping_check_catches_markup_from_data() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("urn:a", label="Huawei", type="Company")
    graph.add_node("urn:b", label="FBI", type="Agency")
    item = {"sentence": "s", "article": "t", "article_id": "urn:x", "date": None, "url": None}
    graph.add_edge("urn:b", "urn:a", key="accuses", relation="accuses", articles=1, evidence=[item])
    page = render_html(graph, title="x")
    assert_page_escaped(page, page)
    for injected in ("</script><img src=x onerror=alert(1)><script>", "</script>x", "<!--<script>"):
        broken = page.replace('"label":"Huawei"', f'"label":"{injected}"')
        with pytest.raises(AssertionError):
            assert_page_escaped(broken, page)
    with pytest.raises(AssertionError):
        assert_page_escaped(page.replace("<h1>x", '<h1 onclick="alert(1)">x'), page)
    with pytest.raises(AssertionError):
        assert_page_escaped(page.replace("<h1>x", "<h1>x<!-- -->"), page)


# SPARQL injection -----------------------------------------------------------------------------


def test_bound_values_cannot_change_the_query_or_the_store(store: Path) -> None:
    before = quads_of(store)
    found = {}
    for value in BINDINGS:
        args = ["query", str(store), "actor-timeline", "--bind", f"name={value}", "-f", "json"]
        code, data = invoke(*args)
        assert code == 0, value
        rows = json.loads(data)["results"]["bindings"]
        assert {row["name"]["value"] for row in rows} <= {value}
        found[value] = len(rows)
    assert all(found[label] for label in LABELS[:9])  # a hostile label finds its actor
    assert quads_of(store) == before
    result = kg("query", str(store), "actor-timeline", "--bind", "name=} ; DROP ALL ; #")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert quads_of(store) == before


def test_a_bound_iri_is_checked(store: Path) -> None:
    with pytest.raises(KgError, match="bad IRI"):
        invoke("query", str(store), "actor-timeline", "--bind", "name=<urn:x> } ; DROP ALL ; #>")


def test_a_bad_variable_name_is_a_user_error(store: Path) -> None:
    with pytest.raises(KgError, match="not a SPARQL variable name"):
        invoke("query", str(store), "actor-timeline", "--bind", "a b=1")


def test_remote_values_block_gives_the_local_answer(store: Path) -> None:
    """``kg query --endpoint`` writes bindings into the query text as a VALUES
    block (kg/remote.py); run here over the same data, it answers as the
    bound query does."""
    local = open_source(store, memory=True)
    query = load_query("actor-timeline")
    for value in BINDINGS:
        text = with_prefixes(with_values(query, {"name": value}))
        remote = local.inner.query(text, use_default_graph_as_union=True)
        assert result_rows(remote) == result_rows(local.execute(query, {"name": value})), value


def test_summary_updates_cannot_be_injected(tmp_path: Path) -> None:
    """The summary is rewritten with SPARQL Update text holding the labels
    (kg/summary.py): adding, relabelling and removing hostile actors leaves the
    store as a clean build of what remains."""

    def renamed(actor: Actor) -> Actor:
        return replace(actor, label="!" + actor.label)

    relabelled = [
        Extraction(
            Article(e.article.text + " (again)", source="again.txt"),
            tuple(renamed(a) for a in e.actors),
            tuple(
                replace(r, agent=r.agent and renamed(r.agent), target=renamed(r.target))
                for r in e.relations
            ),
        )
        for e in EXTRACTIONS
    ]
    grown = tmp_path / "grown"
    with open_store(grown) as opened:
        for extraction in [*EXTRACTIONS, *relabelled]:
            opened.add(extraction)
        display = {
            row["x"]: row["label"]
            for row in opened.query("SELECT ?x ?label WHERE { ?x kg:displayLabel ?label }")
        }
        assert display == {iri: "!" + label for iri, label in EXPECTED_LABELS.items()}
        for extraction in EXTRACTIONS:
            assert opened.remove(extraction.article.id)
    clean = tmp_path / "clean"
    with open_store(clean) as opened:
        for extraction in relabelled:
            opened.add(extraction)
    assert quads_of(grown) == quads_of(clean)
    injected = ox.NamedNode("urn:a")
    assert not any(injected in (q.subject, q.object) for q in ox.Store.read_only(str(grown)))
