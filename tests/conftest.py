"""Shared fixtures: the spaCy pipeline (loaded once), the shared eval folder,
Debian's Chromium for the browser tests, real SPARQL servers, and ``kg`` run
as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import pyoxigraph as ox
import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic
from spacy.language import Language

from kg.extract import extract
from kg.nlp import load_pipeline
from kg.records import Article, Extraction
from kg.store import Store

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from servers import Server

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def run_kg(
    *args: str, stdin: str | None = None, preexec_fn: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m kg ARGS`` to the end, as a user runs it, from the repository."""
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=REPO,
        timeout=600,
        preexec_fn=preexec_fn,
        check=False,
    )


ACCUSERS = ("The FCC", "The Commerce Department", "Britain", "The European Commission")
ACCUSED = ("Huawei", "ZTE", "TikTok", "Kaspersky Lab")


def write_articles(folder: Path, count: int) -> None:
    """``count`` distinct short articles in a new ``folder``."""
    folder.mkdir()
    for n in range(count):
        accuser, accused = ACCUSERS[n % 4], ACCUSED[n // 4 % 4]
        text = (
            f"{accuser} accused {accused} of spying on users, Reuters reported on day {n}.\n\n"
            f"{accused} denied the allegations and said it would appeal.\n"
        )
        (folder / f"{n:03d}.txt").write_text(text, encoding="utf-8")


def kg_process(*args: str) -> subprocess.Popen[bytes]:
    """``python -m kg ARGS`` started in the background, its output dropped."""
    return subprocess.Popen(
        [sys.executable, "-m", "kg", *args],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def store_graphs(store: Store) -> dict[str, frozenset[ox.Quad]]:
    """The store's quads by graph name."""
    by_graph: dict[str, set[ox.Quad]] = {}
    for quad in store.quads():
        by_graph.setdefault(str(quad.graph_name), set()).add(quad)
    return {name: frozenset(q) for name, q in by_graph.items()}


def summary_quads(store: Store) -> set[ox.Quad]:
    """The store's default graph: its summary."""
    return {q for q in store.inner if isinstance(q.graph_name, ox.DefaultGraph)}


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default English pipeline with the gazetteer ruler."""
    return load_pipeline()


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    """``shared/eval/dev`` beside the repository (skip when absent)."""
    path = SHARED_EVAL / "dev"
    if not (path / "gold.jsonl").exists():
        pytest.skip("shared/eval/dev is not beside the repository")
    return path


Triples = set[tuple[str, str, str]]


@pytest.fixture
def relations_of(nlp: Language) -> Callable[..., Triples]:
    """Extract (agent label, relation, target label) triples from text."""

    def run(text: str, **meta: str) -> Triples:
        return triples(extract(nlp(text), Article(text, "t.txt", **meta)))

    return run


def triples(extraction: Extraction) -> Triples:
    return {(r.agent_label, r.type.value, r.target.label) for r in extraction.relations}


def isomorphic_datasets(first: Dataset, second: Dataset) -> bool:
    """Whether two datasets have the same named graphs, each pair isomorphic
    (``rdflib.compare.isomorphic`` compares graphs, not datasets)."""
    graphs = [{str(g.identifier): g for g in d.graphs() if len(g)} for d in (first, second)]
    if graphs[0].keys() != graphs[1].keys():
        return False
    return all(isomorphic(graphs[0][name], graphs[1][name]) for name in graphs[0])


def unavailable(reason: str) -> NoReturn:
    """Skip a test that needs a browser or a server this machine lacks, or fail
    it under CI (so CI cannot skip it silently)."""
    if os.environ.get("CI"):
        pytest.fail(f"cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright (no browser download)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where screenshots go: ``$KG_SCREENSHOT_DIR`` (CI keeps it), else a temporary folder."""
    directory = Path(os.environ.get("KG_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Oxigraph server on 127.0.0.1 (tests/servers.py), once per test module."""
    from servers import running_oxigraph  # servers.py imports this module

    with running_oxigraph(tmp_path_factory.mktemp("oxigraph")) as server:
        yield server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso on 127.0.0.1 (tests/servers.py), once per test module."""
    from servers import running_virtuoso

    with running_virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server
