r"""Ingest stage: read news articles from files, folders and stdin.

Three input formats are understood:

* plain text (``.txt``, ``.text``, ``.md``) with an optional header of
  ``key: value`` lines ended by a line that is exactly ``---``;
* HTML pages (``.html``, ``.htm``, ``.xhtml``), whose main text and metadata are
  found by trafilatura (offline);
* JSON lines (``.jsonl``, ``.ndjson``, and ``.json`` holding JSON lines), one
  ``{"text": ..., "title": ..., ...}`` object per line.

:func:`read_inputs` yields an :class:`~kg.records.Article` per article and an
:class:`~kg.errors.InputError` per input (or JSON line) that cannot be read
(missing, empty, binary, not UTF-8, malformed, or an article longer than the
parser takes, :data:`MAX_CHARACTERS`), so that one bad file does not stop a run.
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import suppress
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO, TextIO, TypeAlias

import trafilatura
from trafilatura.settings import Document

from kg.errors import Errors, InputError
from kg.records import Article

Item: TypeAlias = Article | InputError

STDIN = "-"
"""The input name that stands for standard input."""

_STDIN_LABEL = "<stdin>"
_FOLDER_DOCS = frozenset({"README", "SOURCES", "LICENSE", "LICENCE", "CHANGELOG", "NOTICE"})
"""Documentation files a folder walk skips (named explicitly, they are read)."""
_KINDS = {
    **dict.fromkeys((".txt", ".text", ".md"), "text"),
    **dict.fromkeys((".html", ".htm", ".xhtml"), "html"),
    **dict.fromkeys((".jsonl", ".ndjson", ".json"), "jsonl"),
}
_STREAMED = frozenset({".jsonl", ".ndjson"})
"""JSON Lines files read a line at a time."""
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):(?:[ \t]+(.*))?")
_HEADER_KEYS = frozenset({"url", "title", "publisher", "date", "source", "author", "language"})
_HTML_TAG = re.compile(r"<(?:!doctype\s+html|html|head|body|title|meta|article|div|p)\b", re.I)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_DATE_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%d.%m.%Y")

MAX_CHARACTERS = 1_000_000
"""The longest article text kg reads: spaCy's ``Language.max_length``, past
which its pipelines refuse a text (the parser's memory grows with it). A longer
article is an input error, reported before anything is parsed."""


def read_inputs(
    inputs: Sequence[str | Path], *, stdin: TextIO | BinaryIO | None = None
) -> Iterator[Item]:
    r"""Yield the articles of ``inputs``, and an :class:`InputError` for each bad input.

    Each input is a file, a folder (walked recursively in sorted order, skipping
    hidden entries and unknown extensions) or ``-`` for ``stdin`` (default
    :data:`sys.stdin`), whose format is sniffed. Files are read one at a time.

    >>> import io
    >>> text = "title: Huawei hits back\ndate: 13 Feb 2020\n---\nHuawei denies it.\n"
    >>> [article] = read_inputs(["-"], stdin=io.StringIO(text))
    >>> article.title, article.date, article.text, article.source
    ('Huawei hits back', '2020-02-13', 'Huawei denies it.\n', '<stdin>')
    >>> rows = '{"text": "The FBI accuses Apple.", "id": "a1"}\n{"text": 7}\n'
    >>> for item in read_inputs(["-", "no/such/file.txt"], stdin=io.StringIO(rows)):
    ...     print(item if isinstance(item, InputError) else f"{item.source}: {item.text}")
    a1: The FBI accuses Apple.
    <stdin>: line 2: expected an object with a non-empty "text" string
    no/such/file.txt: no such file or directory
    """
    for name in inputs:
        if str(name) == STDIN:
            yield from _read_stdin(sys.stdin if stdin is None else stdin)
            continue
        path = Path(name)
        try:
            is_folder = path.is_dir()
        except OSError as err:
            yield _os_error(str(path), err)
            continue
        yield from _read_folder(path) if is_folder else _read_file(path)


def _os_error(label: str, err: OSError) -> InputError:
    if isinstance(err, FileNotFoundError):
        return InputError(Errors.E001.format(path=label))
    return InputError(Errors.E002.format(path=label, reason=err.strerror or err))


def _read_stdin(stream: TextIO | BinaryIO) -> Iterator[Item]:
    try:
        raw: str | bytes = getattr(stream, "buffer", stream).read()
    except OSError as err:
        yield _os_error(_STDIN_LABEL, err)
        return
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    yield from _parse(data, _STDIN_LABEL, _STDIN_LABEL, kind=None)


def _folder_files(folder: Path) -> Iterator[Path | InputError]:
    """The article files of a folder, recursively, in sorted order."""
    try:
        entries = sorted(folder.iterdir())
    except OSError as err:
        yield _os_error(str(folder), err)
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.stem.upper() in _FOLDER_DOCS:
            continue
        if entry.is_dir() and not entry.is_symlink():  # no symlinks: they may loop
            yield from _folder_files(entry)
        elif entry.suffix.lower() in _KINDS:
            yield entry


def _read_folder(folder: Path) -> Iterator[Item]:
    for entry in _folder_files(folder):
        if isinstance(entry, InputError):
            yield entry
        else:
            yield from _read_file(entry, in_folder=True)


def count_articles(inputs: Sequence[str | Path]) -> int | None:
    r"""About how many articles ``inputs`` hold (a file each, a line each for
    JSON Lines), read without parsing, for a progress bar; ``None`` with stdin.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("The FBI accused Apple.")
    >>> _ = (folder / "b.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n\n')
    >>> count_articles([folder]), count_articles(["-"])
    (3, None)
    """
    total = 0
    for name in inputs:
        if str(name) == STDIN:
            return None
        path = Path(name)
        files = _folder_files(path) if path.is_dir() else iter([path])
        for file in files:
            if isinstance(file, InputError):
                continue
            if _KINDS.get(file.suffix.lower()) != "jsonl":
                total += 1
                continue
            with suppress(OSError), file.open("rb") as lines:
                total += sum(1 for line in lines if line.strip())
    return total


def _read_file(path: Path, *, in_folder: bool = False) -> Iterator[Item]:
    suffix = path.suffix.lower()
    if suffix in _STREAMED:
        yield from _stream_json_lines(path)
        return
    try:
        data = path.read_bytes()
    except OSError as err:
        yield _os_error(str(path), err)
        return
    # In a folder, a .json file is taken only if it holds JSON lines.
    strict = in_folder and suffix == ".json"
    yield from _parse(data, str(path), path.name, kind=_KINDS.get(suffix), strict_json=strict)


def _stream_json_lines(path: Path) -> Iterator[Item]:
    """The articles of a JSON Lines file, read a line at a time (a corpus in
    one file is never all in memory). UTF-16 files are read whole."""
    label = str(path)
    try:
        with path.open("rb") as lines:
            head = lines.read(4096)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or not head.strip():
                yield from _parse(head + lines.read(), label, path.name, kind="jsonl")
                return
            binary = _decode(head, label)
            if isinstance(binary, InputError) and binary.args[0] == Errors.E004.format(path=label):
                yield binary
                return
            lines.seek(0)
            offset = 0
            for number, raw in enumerate(lines, start=1):
                line = (
                    raw[len(codecs.BOM_UTF8) :]
                    if number == 1 and raw.startswith(codecs.BOM_UTF8)
                    else raw
                )
                skipped = len(raw) - len(line)
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError as err:  # that line is bad, the next may be good
                    where = {"path": label, "line": number, "offset": offset + skipped + err.start}
                    yield InputError(Errors.E043.format(**where))
                else:
                    yield from _json_line(text, label, path.name, number)
                offset += len(raw)
    except OSError as err:
        yield _os_error(label, err)


def _parse(
    data: bytes, label: str, base: str, *, kind: str | None, strict_json: bool = False
) -> Iterator[Item]:
    text = _decode(data, label)
    if isinstance(text, InputError):
        yield text
    elif not text.strip():
        yield InputError(Errors.E003.format(path=label))
    elif strict_json and not _is_json_lines(text):
        return
    else:
        kind = kind or _sniff(text)
        if kind == "jsonl":
            yield from _parse_jsonl(text, label, base)
        elif kind == "html":
            yield _parse_html(text, label, base)
        else:
            yield _parse_text(text, label, base)


def _decode(data: bytes, label: str) -> str | InputError:
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError as err:
                return InputError(Errors.E015.format(path=label, reason=err.reason))
    sample = data[:4096]
    controls = sum(byte < 32 and byte not in _TEXT_CONTROLS for byte in sample)
    if b"\0" in data or controls > 0.3 * len(sample):
        return InputError(Errors.E004.format(path=label))
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as err:
        return InputError(Errors.E005.format(path=label, offset=skip + err.start))


def _sniff(text: str) -> str:
    start = text.lstrip()
    if start.startswith("{"):
        return "jsonl"
    if start.startswith("<") and _HTML_TAG.search(start[:2048]):
        return "html"
    return "text"


def _is_json_lines(text: str) -> bool:
    first = next(line for line in text.split("\n") if line.strip())
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _parse_text(text: str, label: str, base: str) -> Item:
    text = text.replace("\r\n", "\n")
    lines = text.split("\n")
    # The header candidate is the top block of lines, up to a blank or `---` line.
    end = next((i for i, line in enumerate(lines) if not line.strip() or line == "---"), 0)
    first = _HEADER_LINE.fullmatch(lines[0])
    if end == 0 or lines[end] != "---" or first is None:
        return _article(text, base, {}, label)
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[:end], start=1):
        match = _HEADER_LINE.fullmatch(line)
        if match is None:
            if first.group(1).lower() not in _HEADER_KEYS:
                return _article(text, base, {}, label)
            return InputError(Errors.E011.format(path=label, line=number))
        meta[match.group(1).lower()] = match.group(2) or ""
    body = "\n".join(lines[end + 1 :])
    if not body.strip():
        return InputError(Errors.E016.format(path=label))
    meta["publisher"] = meta.get("publisher") or meta.get("source", "")
    return _article(body, base, meta, label)


def _parse_html(html: str, label: str, base: str) -> Item:
    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    except Exception:  # a parser failure means the page has no usable text
        doc = None
    if not isinstance(doc, Document) or not isinstance(doc.text, str) or not doc.text.strip():
        return InputError(Errors.E006.format(path=label))
    meta = {"title": doc.title, "date": doc.date, "publisher": doc.sitename, "url": doc.url}
    return _article(doc.text, base, meta, label)


def _parse_jsonl(text: str, label: str, base: str) -> Iterator[Item]:
    for number, line in enumerate(text.split("\n"), start=1):
        yield from _json_line(line, label, base, number)


def _json_line(line: str, label: str, base: str, number: int) -> Iterator[Item]:
    if not line.strip():
        return
    try:
        row = json.loads(line.rstrip("\r\n"))  # a string cut off at the line end is unterminated
    except json.JSONDecodeError as err:
        yield InputError(Errors.E007.format(path=label, line=number, reason=_json_reason(err)))
    except (ValueError, RecursionError) as err:
        yield InputError(Errors.E007.format(path=label, line=number, reason=err))
    else:
        yield _json_article(row, label, f"{base}:{number}", number)


def _json_reason(err: json.JSONDecodeError) -> str:
    """What is wrong with a JSON line; where, when the message asks for it.

    >>> try:
    ...     json.loads('{"text": "cut off')
    ... except json.JSONDecodeError as err:
    ...     print(_json_reason(err))
    Unterminated string starting at column 10
    """
    return f"{err.msg} column {err.colno}" if err.msg.endswith(" at") else err.msg


def _json_article(row: object, label: str, default_source: str, line: int) -> Item:
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"].strip():
        return InputError(Errors.E008.format(path=label, line=line))
    for field in ("title", "date", "publisher", "url"):
        if row.get(field) is not None and not isinstance(row[field], str):
            return InputError(Errors.E013.format(path=label, line=line, field=field))
    ids = (_clean(row.get(key)) for key in ("source", "id"))
    return _article(row["text"], next((i for i in ids if i), default_source), row, label, line)


def _article(
    text: str, source: str, meta: Mapping[str, object], label: str, line: int | None = None
) -> Item:
    if len(text) > MAX_CHARACTERS:
        where = {"path": label, "length": len(text), "limit": MAX_CHARACTERS}
        if line is None:
            return InputError(Errors.E040.format(**where))
        return InputError(Errors.E041.format(line=line, **where))
    return Article(
        text=text,
        source=source,
        title=_clean(meta.get("title")),
        date=_normalise_date(_clean(meta.get("date"))),
        publisher=_clean(meta.get("publisher")),
        url=_clean(meta.get("url")),
    )


def _clean(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _normalise_date(value: str | None) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD`` if it parses as a date, else unchanged.

    >>> [_normalise_date(v) for v in ("2020-02-13T09:30:00Z", "Thu, 13 Feb 2020 09:30:00 +0000")]
    ['2020-02-13', '2020-02-13']
    >>> [_normalise_date(v) for v in ("February 13, 2020", "2015-04", None)]
    ['2020-02-13', '2015-04', None]
    """
    if value is None:
        return None
    with suppress(ValueError):
        return datetime.fromisoformat(value).date().isoformat()
    with suppress(TypeError, ValueError, IndexError):
        return parsedate_to_datetime(value).date().isoformat()
    for fmt in _DATE_FORMATS:
        with suppress(ValueError):
            return datetime.strptime(value, fmt).date().isoformat()
    return value
