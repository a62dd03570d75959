"""The store stage: many articles in one RDF dataset, on disk or in memory.

A :class:`Store` wraps a pyoxigraph ``Store`` (RocksDB on disk) holding one
named graph per article (:func:`kg.namespace.graph_iri` of its content id).
rdflib stays the API for building an article's graph (:mod:`kg.rdf`); the
store is where graphs accumulate and where SPARQL runs fast.

- Adding an article whose graph is already in the store changes nothing, so
  adding is idempotent and a re-run only parses what is new.
- Each article's graph is written in one transaction: a process killed during
  :meth:`Store.add` leaves the store as it was before that article.
- The default graph holds the store's summary (:mod:`kg.summary`): per agent,
  relation and target the number of articles and the first and last dates,
  and each actor's display label. It is rewritten for what each add or
  remove touches; an add killed between writing its graph and its summary is
  rolled back the next time the store is opened for writing.

>>> from kg.records import Actor, ActorType, Article, Extraction, Relation
>>> from kg.records import RelationType, Sentence
>>> text = "The FCC accused Huawei."
>>> fcc = Actor("fcc", "FCC", ActorType.AGENCY)
>>> huawei = Actor("huawei", "Huawei", ActorType.COMPANY, "Q160120")
>>> relation = Relation(fcc, RelationType.ACCUSES, huawei, Sentence(0, len(text), text))
>>> extraction = Extraction(Article(text, source="a.txt"), (fcc, huawei), (relation,))
>>> store = open_store()
>>> store.add(extraction), store.add(extraction)
(1, 0)
>>> store.query("SELECT ?who WHERE { ?a kg:accuses ?b . ?a skos:prefLabel ?who }")
[{'who': 'FCC'}]
>>> store.remove(extraction.article.id), len(store)
(True, 0)
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import RDF, Dataset, Graph, URIRef
from rdflib.term import Node

from kg.errors import Errors, KgError
from kg.namespace import ID, KG, article_iri, graph_iri
from kg.query import load_query
from kg.rdf import (
    NAMESPACES,
    EventRow,
    bind_prefixes,
    extraction_triples,
    one_line,
    ox_quads,
    rdflib_quads,
    relation_events,
)
from kg.records import Article, Extraction
from kg.summary import is_summarised, remove_summarised, summarise

if TYPE_CHECKING:
    from spacy.language import Language

Value = str | int | float | bool | None
"""A query result value: IRIs and plain literals as text, numbers and booleans
as Python values, unbound as ``None``."""

Row = dict[str, Value]

FORMATS: dict[str, ox.RdfFormat] = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
"""Graph file suffixes a source may have, with their formats."""

PREFIXES: dict[str, str] = {prefix: str(ns) for prefix, ns in NAMESPACES.items()}
"""Prefixes every query may use without declaring them (kg, kga, nif, wd, schema, ...)."""

_GRAPH_PREFIX = str(ID) + "graph/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = frozenset(
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)
_FLOATS = frozenset(_XSD + name for name in ("decimal", "double", "float"))

_NO_SPACE = ("No space left on device", "File too large", "Disk quota exceeded")
"""How RocksDB's errors name ENOSPC, EFBIG (a file size limit) and EDQUOT."""

Addable = Article | Extraction | Dataset | Graph
"""What :meth:`Store.add` takes."""


_FROM = re.compile("from", re.IGNORECASE | re.ASCII)
_NOT_FROM = str.maketrans("fromFROM", "zzzzZZZZ")
_NO_DATA = ox.Store()
"""An empty store: queries parsed here read no data and call no endpoint."""


def syntax_error(query: str) -> str | None:
    """oxigraph's syntax error for ``query`` (with :data:`PREFIXES`, parsed
    over no data, so it reads nothing and calls no endpoint), or ``None``.

    >>> syntax_error("SELECT ?s { ?s kg:accuses ?o }") is None, syntax_error("SELECT ?s {") is None
    (True, False)
    """
    try:
        _NO_DATA.query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        return one_line(str(exc))
    except (OSError, RuntimeError, ValueError):
        pass  # parsed; evaluating it over no data failed
    return None


def names_its_dataset(query: str) -> bool:
    """Whether ``query`` has a ``FROM`` or ``FROM NAMED`` clause: then its own
    graphs are its dataset, not the union of every article graph.

    oxigraph decides, as for ``SERVICE`` in :mod:`kg.serve`: every ASCII
    "from", in any case, is overwritten with "zzzz" in the same case (no
    keyword, and a letter to every other token); if that copy no longer
    parses, "from" was the keyword.

    >>> names_its_dataset("SELECT * FROM <https://e.org/g> { ?s ?p ?o }")
    True
    >>> names_its_dataset('SELECT ?from { ?from kg:cue "from" } # from the FBI')
    False
    """
    if _FROM.search(query) is None or syntax_error(query) is not None:
        return False
    neutral = _FROM.sub(lambda match: match[0].translate(_NOT_FROM), query)
    return syntax_error(neutral) is not None


@dataclass(frozen=True)
class StoredArticle:
    """One article of a store, as :meth:`Store.articles` lists it."""

    id: str
    source: str | None
    title: str | None
    date: str | None


def article_id_of(graph: str) -> str | None:
    """The content id of an article graph IRI, or ``None`` for another IRI.

    >>> article_id_of(str(graph_iri("0123abcd")))
    '0123abcd'
    >>> article_id_of("https://example.org/g") is None
    True
    """
    if not graph.startswith(_GRAPH_PREFIX):
        return None
    return unquote(graph[len(_GRAPH_PREFIX) :]) or None


def python_value(term: object) -> Value:
    """A query result term as a plain Python value (see :data:`Value`).

    >>> python_value(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer")))
    3
    >>> python_value(ox.NamedNode("https://example.org/a"))
    'https://example.org/a'
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _FLOATS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def result_rows(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
) -> tuple[list[str], list[Row]]:
    """The column names and rows (dicts of :func:`python_value`) of a query result.

    ``ASK`` gives one row ``{"ask": bool}``; ``CONSTRUCT`` rows of
    ``subject``, ``predicate``, ``object``.

    >>> result_rows(ox.Store().query("ASK {}"))
    (['ask'], [{'ask': True}])
    """
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [{"ask": bool(result)}]
    if isinstance(result, ox.QueryTriples):
        names = ["subject", "predicate", "object"]
        rows = [
            {
                "subject": python_value(t.subject),
                "predicate": python_value(t.predicate),
                "object": python_value(t.object),
            }
            for t in result
        ]
        return names, rows
    names = [v.value for v in result.variables]
    return names, [{name: python_value(solution[name]) for name in names} for solution in result]


def bound_term(value: str | ox.NamedNode | ox.Literal) -> ox.NamedNode | ox.Literal:
    """A binding given as text: ``<iri>`` is an IRI, anything else a plain literal."""
    if not isinstance(value, str):
        return value
    if value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as exc:
            raise KgError(Errors.E017.format(reason=f"bad IRI {value!r}")) from exc
    return ox.Literal(value)


class Store:
    """An RDF dataset of articles, one named graph each (see the module docs).

    Open one with :func:`open_store` (a folder on disk, or in memory) or
    :func:`open_source` (a store, a ``.trig``/``.nq`` file or a folder of them).
    """

    def __init__(
        self,
        inner: ox.Store,
        path: Path | None = None,
        *,
        read_only: bool = False,
        model: str | None = None,
    ) -> None:
        self.inner = inner
        self.path = path
        self.read_only = read_only
        self.model = model
        self._nlp: Language | None = None

    def __repr__(self) -> str:
        where = "memory" if self.path is None else str(self.path)
        return f"<kg.Store {where}: {len(self.article_ids())} articles>"

    def __len__(self) -> int:
        """The number of quads."""
        return len(self.inner)

    def __contains__(self, article_id: object) -> bool:
        if not isinstance(article_id, str):
            return False
        return self.inner.contains_named_graph(ox.NamedNode(str(graph_iri(article_id))))

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.close()
        except KgError:
            if kind is None:
                raise  # else the error that ended the block is the one to report

    def close(self) -> None:
        """Flush and let go of the folder (another process or store may then
        open it), even when the flush fails; the closed store is empty and
        read-only. Leaving a ``with`` block closes the store."""
        try:
            self.flush()
        finally:
            if self.path is not None:
                self.inner = ox.Store()  # pyoxigraph frees the folder's lock with its last ref
                self.read_only = True

    def flush(self) -> None:
        """Make every write durable on disk (a no-op in memory or read-only)."""
        if self.path is not None and not self.read_only:
            try:
                self.inner.flush()
            except OSError as exc:
                raise self._write_error(exc) from exc

    def _write_error(self, exc: OSError) -> KgError:
        """The one-line error of a failed write: a full disk says that the
        articles finished before are kept and how to go on."""
        reason = one_line(str(exc))
        if self.path is None:
            return KgError(Errors.E019.format(reason=reason))
        if any(sign in str(exc) for sign in _NO_SPACE):
            return KgError(Errors.E050.format(path=self.path, reason=reason))
        return KgError(Errors.E051.format(path=self.path, reason=reason))

    def article_ids(self) -> list[str]:
        """Content ids of the articles in the store, sorted."""
        ids = (article_id_of(graph.value) for graph in self.inner.named_graphs())
        return sorted(i for i in ids if i is not None)

    def articles(self) -> list[StoredArticle]:
        """Every article with its source file, title and date, by date then id."""
        rows = self.query(
            """SELECT ?g ?source ?title ?date WHERE { GRAPH ?g {
                 ?a a kg:Article .
                 OPTIONAL { ?a kg:sourceFile ?source }
                 OPTIONAL { ?a schema:headline ?title }
                 OPTIONAL { ?a schema:datePublished ?date } } }"""
        )
        found: dict[str, StoredArticle] = {}
        for row in rows:
            article_id = article_id_of(str(row["g"]))
            if article_id is None or article_id in found:
                continue
            found[article_id] = StoredArticle(
                article_id,
                *(None if row[k] is None else str(row[k]) for k in ("source", "title", "date")),
            )
        return sorted(found.values(), key=lambda a: (a.date is None, a.date or "", a.id))

    def add(self, item: Addable) -> int:
        """Add articles; return how many article graphs were new.

        ``item`` is an :class:`~kg.records.Article` (parsed and extracted with
        :attr:`model`, by default the default English pipeline), an
        :class:`~kg.records.Extraction`, an rdflib ``Dataset`` of article
        graphs, or one rdflib ``Graph`` named by its graph IRI. A graph
        already in the store is left as it is; each new graph is written in
        one transaction.
        """
        self._writable()
        if isinstance(item, Article):
            if item.id in self:
                return 0
            item = self._extract(item)
        if isinstance(item, Extraction):
            if item.article.id in self:
                return 0
            graph = graph_iri(item.article.id)
            return self.add_quads(ox_quads((*t, graph) for t in extraction_triples(item)))
        return self.add_quads(ox_quads(_rdflib_quads(item)))

    def add_quads(self, quads: Iterable[ox.Quad]) -> int:
        """Add pyoxigraph quads graph by graph, skipping graphs already stored."""
        self._writable()
        graphs: dict[ox.NamedNode | ox.BlankNode, list[ox.Quad]] = defaultdict(list)
        for quad in quads:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise KgError(Errors.E019.format(reason="a triple outside any article graph"))
            graphs[quad.graph_name].append(quad)
        return self._add_graphs(graphs)

    def _add_graphs(self, graphs: Mapping[ox.NamedNode | ox.BlankNode, list[ox.Quad]]) -> int:
        """Write each new graph in a transaction of its own, then their summary,
        then flush: RocksDB otherwise keeps every write of a long build in memory."""
        added: list[ox.NamedNode] = []
        try:
            for name, quads in graphs.items():
                if not isinstance(name, ox.NamedNode):
                    raise KgError(Errors.E019.format(reason="a graph named by a blank node"))
                if self.inner.contains_named_graph(name):
                    continue
                self.inner.extend([*quads])
                added.append(name)
            summarise(self.inner, added)
            self.flush()
        except OSError as exc:
            raise self._write_error(exc) from exc
        return len(added)

    def _roll_back_unfinished(self) -> None:
        """Remove article graphs whose add stopped before their summary was written."""
        for name in list(self.inner.named_graphs()):
            if (
                isinstance(name, ox.NamedNode)
                and article_id_of(name.value) is not None
                and not is_summarised(self.inner, name)
            ):
                self.inner.remove_graph(name)

    def remove(self, article: str) -> bool:
        """Take one article out (by content id, article IRI or graph IRI).

        Return whether it was there.
        """
        self._writable()
        article_id = article_id_of(article)
        if article_id is None:
            prefix = str(article_iri(""))
            article_id = unquote(article[len(prefix) :]) if article.startswith(prefix) else article
        name = ox.NamedNode(str(graph_iri(article_id)))
        if not self.inner.contains_named_graph(name):
            return False
        remove_summarised(self.inner, name)
        return True

    def execute(
        self,
        query: str,
        bindings: Mapping[str, str | ox.NamedNode | ox.Literal] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query (text, ``.rq`` file or shipped query name) and
        return pyoxigraph's result, to serialise or iterate.

        Patterns outside ``GRAPH`` match every article graph (the default
        graph is their union) unless the query names its own with ``FROM``
        or ``FROM NAMED``; :data:`PREFIXES` are predeclared; ``bindings``
        give variables values without editing the query text (an untrusted
        value cannot change the query).
        """
        substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
        for name, value in (bindings or {}).items():
            try:
                variable = ox.Variable(name)
            except ValueError as exc:
                raise KgError(Errors.E039.format(name=name)) from exc
            substitutions[variable] = bound_term(value)
        try:
            text = load_query(query)
            return self.inner.query(
                text,
                prefixes=PREFIXES,
                use_default_graph_as_union=not names_its_dataset(text),
                substitutions=substitutions or None,
            )
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise KgError(Errors.E017.format(reason=one_line(str(exc)))) from exc

    def query(
        self,
        query: str,
        bindings: Mapping[str, str | ox.NamedNode | ox.Literal] | None = None,
    ) -> list[Row]:
        """Run a query (as :meth:`execute`) and return its rows as dicts
        (see :func:`result_rows`)."""
        return result_rows(self.execute(query, bindings))[1]

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the article graphs (not the summary in the default graph)."""
        return (q for q in self.inner if not isinstance(q.graph_name, ox.DefaultGraph))

    def to_dataset(self) -> Dataset:
        """The store as an rdflib ``Dataset`` (for :mod:`kg.rdf` and :mod:`kg.analysis`)."""
        dataset = Dataset()
        bind_prefixes(dataset)
        graphs: dict[str, Graph] = {}
        for subject, predicate, obj, name in rdflib_quads(self.quads()):
            key = str(name)
            if key not in graphs:
                graphs[key] = dataset.graph(name)  # type: ignore[arg-type]
            graphs[key].add((subject, predicate, obj))
        return dataset

    def relation_events(self) -> list[EventRow]:
        """The relation events of the article graphs (:func:`kg.rdf.relation_events`),
        read straight from the store, with no rdflib ``Dataset`` in between."""
        return relation_events(rdflib_quads(self.quads()))

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The article graphs serialised (TriG, N-Quads, JSON-LD; Turtle of their union).

        The summary is left out: whoever reads the graphs derives it again.
        """
        buffer = io.BytesIO()
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD):
            ox.serialize(self.quads(), buffer, fmt, prefixes=_dump_prefixes(fmt))
        else:
            triples = {ox.Triple(q.subject, q.predicate, q.object) for q in self.quads()}
            ox.serialize(sorted(triples, key=str), buffer, fmt, prefixes=_dump_prefixes(fmt))
        return buffer.getvalue()

    def summarise(self) -> None:
        """Write the summary of every article graph afresh (after a bulk load)."""
        self._writable()
        summarise(self.inner)

    def _writable(self) -> None:
        if self.read_only:
            raise KgError(Errors.E019.format(reason="the store is open read-only"))

    def _extract(self, article: Article) -> Extraction:
        # Imported here: spaCy takes a second to import, and most uses of a store never parse.
        from kg.extract import extract_articles
        from kg.nlp import DEFAULT_MODEL, load_pipeline

        if self._nlp is None:
            self._nlp = load_pipeline(self.model or DEFAULT_MODEL)
        return next(extract_articles(self._nlp, [article]))


def _dump_prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        return None
    # Actor IRIs stay in full: their local names are percent-encoded untrusted text.
    return {p: ns for p, ns in PREFIXES.items() if p != "kga"}


def _rdflib_quads(item: Dataset | Graph) -> Iterator[tuple[Node, Node, Node, Node]]:
    """The quads of a dataset, or of a graph named by its IRI."""
    if isinstance(item, Dataset):
        return item.quads((None, None, None, None))  # type: ignore[return-value]
    if not isinstance(item.identifier, URIRef):
        raise KgError(Errors.E019.format(reason="a triple outside any article graph"))
    return ((s, p, o, item.identifier) for s, p, o in item)


def is_store(path: Path) -> bool:
    """Whether ``path`` is a store folder (an Oxigraph RocksDB database)."""
    return path.is_dir() and (path / "CURRENT").is_file() and (path / "IDENTITY").is_file()


def open_store(
    path: str | Path | None = None, *, read_only: bool = False, model: str | None = None
) -> Store:
    """Open (or create) the store in folder ``path``; in memory when ``path`` is ``None``.

    Raises :class:`~kg.errors.KgError` when ``path`` is a folder with other
    files in it, is locked by another process, or cannot be opened.

    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> with open_store(folder) as store:
    ...     len(store)
    0
    """
    if path is None:
        return Store(ox.Store(), model=model)
    folder = Path(path)
    if folder.exists() and not is_store(folder):
        if not folder.is_dir():
            raise KgError(Errors.E018.format(path=folder, reason="not a folder"))
        if any(folder.iterdir()):
            raise KgError(Errors.E018.format(path=folder, reason="a folder that is not a kg store"))
    if read_only and not is_store(folder):
        raise KgError(Errors.E018.format(path=folder, reason="no store there"))
    try:
        if not read_only:
            folder.mkdir(parents=True, exist_ok=True)
        inner = ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except (OSError, RuntimeError) as exc:
        reason = one_line(str(exc))
        if any(sign in str(exc) for sign in _NO_SPACE):
            raise KgError(Errors.E052.format(path=folder, reason=reason)) from exc
        if "lock" in reason.casefold():
            reason = "it is in use by another process"
        raise KgError(Errors.E018.format(path=folder, reason=reason)) from exc
    store = Store(inner, folder, read_only=read_only, model=model)
    if not read_only:
        try:
            store._roll_back_unfinished()
        except OSError as exc:
            store.inner = ox.Store()
            raise KgError(Errors.E018.format(path=folder, reason=one_line(str(exc)))) from exc
    return store


def _graph_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in FORMATS and p.is_file())
        if not files:
            raise KgError(Errors.E010.format(path=path, reason="no .trig or .nq files in it"))
        return files
    if not path.exists():
        raise KgError(Errors.E010.format(path=path, reason="no such file or directory"))
    if path.suffix not in FORMATS:
        raise KgError(Errors.E010.format(path=path, reason="expected a .trig or .nq file"))
    return [path]


def _load_file(store: ox.Store, file: Path) -> None:
    """Load the article graphs of one graph file kg wrote (its default graph is
    derived data and left out); it must hold at least one ``kg:Article``."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise KgError(Errors.E010.format(path=file, reason=one_line(str(exc)))) from exc
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not valid UTF-8 at byte {exc.start}"
        raise KgError(Errors.E010.format(path=file, reason=reason)) from exc
    try:
        quads = list(ox.parse(data, FORMATS[file.suffix]))
    except (SyntaxError, ValueError) as exc:
        raise KgError(Errors.E010.format(path=file, reason=one_line(str(exc)))) from exc
    article = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Article)))
    if not any((q.predicate, q.object) == article for q in quads):
        raise KgError(Errors.E010.format(path=file, reason="no kg:Article in it"))
    store.extend(q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))


def open_source(
    path: str | Path, *, model: str | None = None, memory: bool = False, summary: bool = True
) -> Store:
    """A store to read from: a store folder (read-only, or copied into memory
    with ``memory``: queries run two to ten times faster), a ``.trig``/``.nq``
    file, or a folder of them (loaded into memory; the same article in two
    files is one graph, and the summary is built unless ``summary`` is false:
    the shipped queries need it, the analyses do not).

    Raises :class:`~kg.errors.KgError` naming the file that is missing,
    unreadable, not UTF-8, malformed or holds no ``kg:Article``.
    """
    folder = Path(path)
    if is_store(folder):
        store = open_store(folder, read_only=True, model=model)
        if not memory:
            return store
        copy = ox.Store()
        copy.bulk_extend(store.inner)
        return Store(copy, read_only=True, model=model)
    inner = ox.Store()
    for file in _graph_files(folder):
        _load_file(inner, file)
    if summary:
        summarise(inner)
    return Store(inner, model=model)


def read_dataset(path: str | Path) -> Dataset:
    """The rdflib ``Dataset`` of a source (see :func:`open_source`)."""
    return open_source(path).to_dataset()
