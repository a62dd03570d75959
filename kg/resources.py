"""Locate the data files shipped with kg (ontology, gazetteer, cues, queries).

In a wheel they live inside the package (``kg/ontologies``, ``kg/queries``);
in a source checkout they are the top-level ``ontologies/`` and
``examples/queries/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def ontology_file(name: str) -> Path:
    """Path of a file in ``ontologies/``.

    >>> ontology_file("kg.ttl").name
    'kg.ttl'
    """
    return _first_existing(_PACKAGE / "ontologies" / name, _CHECKOUT / "ontologies" / name)


def queries_dir() -> Path:
    """Folder of the canned SPARQL queries (``examples/queries``)."""
    return _first_existing(_PACKAGE / "queries", _CHECKOUT / "examples" / "queries")


def _first_existing(packaged: Path, checkout: Path) -> Path:
    return packaged if packaged.exists() else checkout
