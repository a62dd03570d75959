"""Hostile documents, and the checks every output made from them must pass.

One place for what ``tests/test_fuzz.py`` (2,000 documents in CI),
``benchmarks/fuzz.py`` (10,000) and ``tests/test_hostile.py`` (the HTML check)
share: the hypothesis strategy :func:`documents`, the property
:func:`check_document` and :func:`assert_page_escaped`.

A document mixes news-like sentences built from a vocabulary of actors, verbs
and claims with arbitrary Unicode (``st.text`` over every code point, lone
surrogates included) and hostile snippets (markup, Turtle and SPARQL syntax,
control characters, bidirectional marks, combining marks, emoji). It is read
from a JSON Lines file (the one input where a lone surrogate can come in, as a
``\\ud800`` escape) or from a text file with a ``key: value`` header.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset
from spacy.language import Language

from kg.analysis import actor_graph
from kg.errors import InputError
from kg.extract import extract_articles
from kg.ingest import read_inputs
from kg.namespace import NIF
from kg.rdf import extraction_to_dataset, ox_quad, relation_events, serialize_trig
from kg.records import Article
from kg.render import render_html
from kg.text import encodable

__all__ = [
    "HOSTILE",
    "Document",
    "assert_page_escaped",
    "check_document",
    "documents",
    "harmless",
    "page_data",
]

ACTORS = (
    "Huawei",
    "the US government",
    "Kaspersky Lab",
    "the FBI",
    "Beijing",
    "ZTE",
    "TikTok",
    "ByteDance",
    "Microsoft",
    "the NSA",
    "Reuters",
    "the Chinese foreign ministry",
)
VERBS = (
    "accused",
    "denied",
    "said",
    "criticised",
    "blamed",
    "rejected",
    "urged",
    "sanctioned",
    "cited",
    "threatened",
    "defended",
    "sued",
)
CLAIMS = (
    "spying on users",
    "stealing trade secrets",
    "hacking the network",
    "lying about its ties to the state",
    "helping Russian intelligence",
)
TEMPLATES = (
    "{a} {v} {b} of {c}.",
    "{a} {v} the claims made by {b}.",
    '"{q}," {a} said.',
    "According to {a}, {b} {v} {c}.",
    "{a} said {b} had been {c}.",
    "{a} denied that it was {c}, calling {b}'s report a smear.",
    "{b} was accused by {a} of {c}.",
    'In a statement, {a} said: "{q}"',
    "{a} told Reuters that {b} {v} it of {c}.",
)
HOSTILE = (
    '<>"{}|\\^`',
    '"""',
    "'''",
    "@prefix kg: <http://evil.example/> .",
    "</script>",
    "</SCRIPT >",
    "<!--",
    "-->",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "DROP ALL",
    "} ; INSERT DATA { <urn:a> <urn:b> <urn:c> } ; #",
    "} ; DROP ALL ; #",
    '" ; DROP ALL ; "',
    "\x00",
    "\x07\x08\x0b\x0c",
    "\x1b[31m",
    "\x7f\x85\x9b",
    "\u202e",
    "\u200f",
    "\u2066",
    "\u0301\u0308",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe\uffff",
    "\ud800",
    "\udfff",
    "\ud83d",
    "\r\n",
    "\r",
    "\t",
    "{{ 7*7 }}",
    "&amp;",
    "&lt;",
    "\\u0000",
    "%00%ZZ",
    "javascript:alert(1)",
    "[bold]x[/bold]",
    "[/]",
    ":thumbs_up:",
    "_:b0",
    "<http://example.org/x>",
    '"@en',
    "^^<http://www.w3.org/2001/XMLSchema#integer>",
    "__proto__",
    "---",
    "title: injected",
)
"""Snippets that have broken, or could break, one of kg's outputs."""

_ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=24)
"""Arbitrary Unicode, every category (lone surrogates, controls, unassigned) included."""
noise = st.one_of(_ANY_TEXT, st.sampled_from(HOSTILE))
names = st.one_of(
    st.sampled_from(ACTORS),
    st.builds(lambda actor, extra: actor + extra, st.sampled_from(ACTORS), noise),
    noise,
)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """One news-like sentence whose actors, claim or quote may be hostile."""
    return draw(st.sampled_from(TEMPLATES)).format(
        a=draw(names),
        b=draw(names),
        v=draw(st.sampled_from(VERBS)),
        c=draw(st.one_of(st.sampled_from(CLAIMS), noise)),
        q=draw(st.one_of(st.sampled_from(CLAIMS), noise)),
    )


@dataclass(frozen=True)
class Document:
    """A generated article and how it reaches kg (``jsonl`` or ``text``)."""

    body: str
    form: str
    meta: dict[str, str] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        """Write the document as an input file in ``folder`` and return its path.

        A JSON line is ASCII, every other character escaped (a lone surrogate
        as ``\\udXXX``); a text file is the header and the body as UTF-8, a
        lone surrogate as the bytes ``surrogatepass`` gives (not UTF-8: kg must
        say so).
        """
        if self.form == "jsonl":
            path = folder / "document.jsonl"
            path.write_text(json.dumps({"text": self.body, **self.meta}) + "\n", encoding="ascii")
            return path
        path = folder / "document.txt"
        header = "".join(f"{key}: {value}\n" for key, value in self.meta.items())
        text = f"{header}---\n{self.body}" if header else self.body
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        return path


_FIELDS = {
    "title": st.one_of(noise, st.sampled_from(CLAIMS)),
    "publisher": st.one_of(noise, st.sampled_from(ACTORS)),
    "url": st.one_of(
        noise,
        st.sampled_from(
            (
                "https://example.org/news/1",
                'https://example.org/a"b<c>{d}',
                "javascript:alert(1)",
                "http://[::1",
                "https://exa mple.org/",
                "https://example.org/%ZZ",
            )
        ),
    ),
    "date": st.one_of(
        noise, st.sampled_from(("2020-02-13", "13 Feb 2020", "2020-13-45", "2015-04", "2013"))
    ),
}


@st.composite
def documents(draw: st.DrawFn) -> Document:
    """A hostile article: sentences and noise, with some of its metadata."""
    pieces = draw(st.lists(st.one_of(sentences(), noise), min_size=1, max_size=8))
    gaps = draw(st.lists(st.sampled_from((" ", "\n", "\n\n", "")), min_size=len(pieces)))
    body = "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=False))
    chosen = draw(st.lists(st.sampled_from(sorted(_FIELDS)), unique=True, max_size=4))
    meta = {key: draw(_FIELDS[key]) for key in chosen}
    return Document(body, draw(st.sampled_from(("jsonl", "text"))), meta)


def check_document(nlp: Language, document: Document, folder: Path) -> int:
    """The property: ``document`` written into ``folder`` and read by kg gives
    articles or one-line input errors naming the file, never an exception;
    each article goes through nlp, extraction and the rdf stage, its text is
    kept, its TriG and N-Quads parse in rdflib and in pyoxigraph to the same
    quads, and its HTML view passes :func:`assert_page_escaped`. Returns the
    number of articles (0 when kg rejected the input)."""
    path = document.write(folder)
    count = 0
    for item in read_inputs([path]):
        if isinstance(item, InputError):
            message = str(item)
            assert message.startswith(f"{path}: ") and "\n" not in message, message
        else:
            _check_article(nlp, item)
            count += 1
    return count


def _check_article(nlp: Language, article: Article) -> None:
    [extraction] = extract_articles(nlp, [article])
    dataset = extraction_to_dataset(extraction)
    quads = {ox_quad(*quad) for quad in dataset.quads((None, None, None, None))}
    texts = [quad.object for quad in quads if quad.predicate == ox.NamedNode(str(NIF.isString))]
    assert texts == [ox.Literal(encodable(article.text))]
    trig = serialize_trig(dataset).encode("utf-8")
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert nquads is not None
    for data, fmt, name in (
        (trig, ox.RdfFormat.TRIG, "trig"),
        (nquads, ox.RdfFormat.N_QUADS, "nquads"),
    ):
        assert set(ox.parse(data, format=fmt)) == quads
        parsed = Dataset()
        parsed.parse(data=data.decode("utf-8"), format=name)
        assert {ox_quad(*quad) for quad in parsed.quads((None, None, None, None))} == quads
    graph = actor_graph(relation_events(dataset))
    title = article.title or article.source
    assert_page_escaped(render_html(graph, title=title), render_html(harmless(graph), title="x"))


def harmless(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` with its text (labels, sentences, claims, article titles and
    sources) replaced by harmless placeholders, equal where the text is equal:
    the same graph for the analyses, so its pages have the same structure."""
    placeholders: dict[str, str] = {}

    def plain(text: object) -> object:
        if not isinstance(text, str):
            return text
        return placeholders.setdefault(text, f"x{len(placeholders)}")

    copy = nx.MultiDiGraph()
    copy.graph["articles"] = {
        iri: {**info, "title": plain(info.get("title")), "source": plain(info.get("source"))}
        for iri, info in (graph.graph.get("articles") or {}).items()
    }
    for node, data in graph.nodes(data=True):
        copy.add_node(node, **{**data, "label": plain(data.get("label"))})
    for agent, target, key, data in graph.edges(keys=True, data=True):
        evidence = [
            {**item, **{k: plain(item.get(k)) for k in ("sentence", "article", "claim")}}
            for item in data.get("evidence") or ()
        ]
        copy.add_edge(agent, target, key=key, **{**data, "evidence": evidence})
    return copy


_SCRIPT_TAG = re.compile("<script", re.IGNORECASE)


class _Structure(HTMLParser):
    """What a page is made of: its elements with their attribute names, end
    tags, comments, declarations, the raw text of each script and the documents
    of ``srcdoc``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[tuple[str, tuple[str, ...]]] = Counter()
        self.ends: Counter[str] = Counter()
        self.comments = 0
        self.declarations: list[str] = []
        self.scripts: list[str] = []
        self.frames: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[tag, tuple(sorted(name for name, _ in attrs))] += 1
        self.frames += [value for name, value in attrs if name == "srcdoc" and value is not None]
        if tag == "script":
            self._script = []

    def handle_endtag(self, tag: str) -> None:
        self.ends[tag] += 1
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments += 1

    def handle_decl(self, decl: str) -> None:
        self.declarations.append(decl)

    def handle_pi(self, data: str) -> None:
        self.declarations.append(data)

    def unknown_decl(self, data: str) -> None:
        self.declarations.append(data)


def _structure(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


def assert_page_escaped(page: str, reference: str) -> None:
    """Assert that the data of ``page`` introduced no element, attribute,
    comment or script: its structure (``html.parser``) is that of
    ``reference``, the same page built from harmless text (:func:`harmless`).

    html.parser ends a script at ``</script``, so data that closed one shows
    as an end tag (the page's own, then unmatched), an element or a script too
    many. A browser's parser also reads
    ``<!--`` and ``<script`` inside a script (its "script data escaped"
    states: the real end tag may then be skipped), which html.parser does
    not, so the raw text of each script is checked for them. Documents in
    ``srcdoc`` (the report's graph view) are checked the same way. The page
    must also be writable as UTF-8.
    """
    page.encode("utf-8")
    found, expected = _structure(page), _structure(reference)
    assert (found.elements, found.ends) == (expected.elements, expected.ends)
    assert (found.comments, found.declarations) == (expected.comments, expected.declarations)
    assert len(found.scripts) == len(expected.scripts)
    for script, harmless_script in zip(found.scripts, expected.scripts, strict=True):
        if script != harmless_script:  # the same text (vis-network's code) holds no data
            assert "<!--" not in script
            assert _SCRIPT_TAG.findall(script) == _SCRIPT_TAG.findall(harmless_script)
    assert len(found.frames) == len(expected.frames)
    for frame, harmless_frame in zip(found.frames, expected.frames, strict=True):
        assert_page_escaped(frame, harmless_frame)


def page_data(page: str) -> dict[str, Any]:
    """The data of a graph view (``kgArticles``, ``kgNodeItems``, ``kgEdgeItems``,
    ``kgMeta``), as the page's script reads it."""
    script = _structure(page).scripts[-1]
    data = {}
    for line in script.splitlines():
        if line.startswith("var kg") and " = " in line:
            name, _, value = line.removeprefix("var ").partition(" = ")
            data[name] = json.loads(value.removesuffix(";"))
    return data
