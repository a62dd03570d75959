"""SPARQL over a built dataset: query text, a ``.rq`` file, or a shipped query by name.

The shipped queries live in ``examples/queries/`` (``who-accuses-whom`` ...).
Prefixes ``kg:``, ``kga:``, ``nif:``, ``schema:``, ``prov:``, ``skos:``,
``owl:``, ``wd:`` and ``xsd:`` are predeclared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset
from rdflib.query import Result

from kg.errors import Errors, KgError
from kg.rdf import NAMESPACES
from kg.resources import queries_dir


@dataclass(frozen=True)
class QueryResult:
    """Result of a query: variable names and rows of plain strings (None if unbound)."""

    variables: list[str]
    rows: list[tuple[str | None, ...]]
    raw: Result

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        return (self.raw.serialize(format="json") or b"").decode("utf-8")

    def to_csv(self) -> str:
        """SPARQL 1.1 Query Results CSV."""
        return (self.raw.serialize(format="csv") or b"").decode("utf-8")


def shipped_queries() -> dict[str, Path]:
    """Name -> file of the queries shipped in ``examples/queries``."""
    return {p.stem: p for p in sorted(queries_dir().glob("*.rq"))}


def load_query(text_or_name: str) -> str:
    """The query text for a name, a ``.rq`` path, or query text itself.

    >>> "SELECT" in load_query("who-accuses-whom")
    True
    >>> load_query("ASK {}")
    'ASK {}'
    """
    shipped = shipped_queries()
    if text_or_name in shipped:
        return shipped[text_or_name].read_text(encoding="utf-8")
    if text_or_name.endswith(".rq") and "\n" not in text_or_name:
        path = Path(text_or_name)
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise KgError(Errors.E002.format(path=path, reason=exc)) from exc
    return text_or_name


def run_query(dataset: Dataset, text_or_name: str) -> QueryResult:
    """Run a SELECT or ASK query over every named graph of ``dataset``."""
    query = load_query(text_or_name)
    try:
        result = dataset.query(query, initNs=dict(NAMESPACES))
    except Exception as exc:  # rdflib raises parser and evaluation errors of many types
        reason = " ".join(str(exc).split())[:200]
        raise KgError(Errors.E017.format(reason=reason)) from exc
    if result.type == "ASK":
        return QueryResult(["ask"], [(str(bool(result.askAnswer)).lower(),)], result)
    if result.type != "SELECT":
        raise KgError(Errors.E017.format(reason="only SELECT and ASK queries are supported here"))
    variables = [str(v) for v in result.vars or []]
    rows = [
        tuple(None if value is None else str(value) for value in row)  # type: ignore[union-attr]
        for row in result
    ]
    return QueryResult(variables, rows, result)
