"""Shared fixtures: the spaCy pipeline (loaded once) and the shared eval folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic
from spacy.language import Language

from kg.extract import extract
from kg.nlp import load_pipeline
from kg.records import Article, Extraction

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"


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
