"""SPARQL text and results: the shipped queries, and results in standard formats.

The shipped queries live in ``examples/queries/`` (``who-accuses-whom`` ...)
and run by name; :meth:`kg.store.Store.execute` runs them. Results are
written by pyoxigraph in the W3C formats (SPARQL 1.1 Query Results JSON, XML,
CSV, TSV; Turtle or N-Triples for ``CONSTRUCT``).
"""

from __future__ import annotations

import io
import re
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from kg.errors import Errors, KgError
from kg.resources import queries_dir


class ResultFormat(StrEnum):
    """Query result formats, by the name users give them."""

    json = "json"
    xml = "xml"
    csv = "csv"
    tsv = "tsv"


RESULT_FORMATS: dict[ResultFormat, ox.QueryResultsFormat] = {
    ResultFormat.json: ox.QueryResultsFormat.JSON,
    ResultFormat.xml: ox.QueryResultsFormat.XML,
    ResultFormat.csv: ox.QueryResultsFormat.CSV,
    ResultFormat.tsv: ox.QueryResultsFormat.TSV,
}

_COMMENT = re.compile(r"#\s?(.*)")
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
"""UTF-8 of the characters XML 1.0 cannot hold, even as character references."""


def shipped_queries() -> dict[str, Path]:
    """Name -> file of the queries shipped in ``examples/queries``."""
    return {p.stem: p for p in sorted(queries_dir().glob("*.rq"))}


def describe(path: Path) -> str:
    """The leading comment of a query file: what the query answers.

    >>> describe(shipped_queries()["who-accuses-whom"])
    'Who accuses whom, with the number of articles that say so.'
    """
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _COMMENT.fullmatch(line.strip())
        if match is None:
            break
        lines.append(match.group(1).strip())
    return " ".join(lines)


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


def serialize_results(
    result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples,
    fmt: ResultFormat,
) -> bytes:
    """A query result in ``fmt``; ``CONSTRUCT`` results as N-Triples whatever ``fmt``.

    In XML, a carriage return is written ``&#13;`` so that it reads back as
    one. Raises :class:`~kg.errors.KgError` rather than write XML that no
    parser reads, when a value holds a character XML 1.0 cannot, even as a
    reference: a control character other than tab, line feed and carriage
    return (articles hold them, and kg keeps them), U+FFFE or U+FFFF.

    >>> store = ox.Store()
    >>> serialize_results(store.query("ASK {}"), ResultFormat.json)
    b'{"head":{},"boolean":true}'
    >>> serialize_results(store.query('SELECT ("a\\u0000" AS ?x) {}'), ResultFormat.xml)
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.KgError: the result holds the character U+0000, which SPARQL XML results ...
    """
    buffer = io.BytesIO()
    if isinstance(result, ox.QueryTriples):
        result.serialize(buffer, ox.RdfFormat.N_TRIPLES)
        return buffer.getvalue()
    result.serialize(buffer, RESULT_FORMATS[fmt])
    data = buffer.getvalue()
    if fmt is not ResultFormat.xml:
        return data
    char = unfit_for_xml(data)
    if char is not None:
        raise KgError(Errors.E042.format(char=char))
    return exact_xml(data)


def unfit_for_xml(data: bytes) -> str | None:
    r"""The first character (as ``U+XXXX``) of UTF-8 ``data`` that XML 1.0
    cannot hold, even as a character reference, if any.

    >>> unfit_for_xml("tab\t, CR\r, \ufffd".encode()), unfit_for_xml(b"nul\x00")
    (None, 'U+0000')
    """
    unfit = _NOT_XML.search(data)
    return None if unfit is None else f"U+{ord(unfit.group().decode('utf-8')):04X}"


def exact_xml(data: bytes) -> bytes:
    r"""SPARQL XML results as pyoxigraph writes them, with each carriage return
    written ``&#13;``: pyoxigraph writes it as it is, which every XML parser
    reads as a line feed (only values hold one).

    >>> exact_xml(b"<literal>a\r\nb</literal>")
    b'<literal>a&#13;\nb</literal>'
    """
    return data.replace(b"\r", b"&#13;")
