"""Hypothesis over hostile documents, from input file to RDF and the HTML view.

2,000 generated documents (:func:`strategies.documents`: news-like sentences
mixed with arbitrary Unicode and hostile snippets), each read from a JSON Lines
or a text file, parsed, extracted and turned into RDF; the property
(:func:`strategies.check_document`): no exception escapes, the TriG and
N-Quads parse in rdflib and pyoxigraph to the same quads, and every
document's HTML view passes the escaping check. ``benchmarks/fuzz.py`` runs
the same property over 10,000 documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from spacy.language import Language
from strategies import Document, check_document, documents

pytestmark = [
    pytest.mark.model,
    pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib"),  # its TriG, N-Quads parsers
]

EXAMPLES = 2000


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where each example writes its input file (overwritten every time)."""
    return tmp_path_factory.mktemp("fuzz")


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(document=documents())
def test_hostile_documents_keep_every_output_valid(
    nlp: Language, folder: Path, document: Document
) -> None:
    """(``nlp``: conftest's pipeline, loaded once for the session, not per example.)"""
    check_document(nlp, document, folder)
