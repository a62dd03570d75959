"""Tests of the ingest stage (:mod:`kg.ingest`)."""

from __future__ import annotations

import codecs
import io
import json
from pathlib import Path
from typing import BinaryIO, TextIO

import pytest

from kg.errors import InputError
from kg.ingest import Item, read_inputs
from kg.records import Article

DEV_ARTICLES = Path(__file__).parents[2] / "shared/eval/dev/articles"

HEADER_TEXT = (
    "url: https://example.org/news/1\n"
    "title:  Huawei denies the claims \n"
    "publisher: Example News\n"
    "date: 2020-02-13\n"
    "author: Jane Doe\n"
    "x-unknown: ignored\n"
    "---\n"
    "Huawei denied the claims on Thursday.\n\nThe US government did not comment.\n"
)

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Huawei rejects US backdoor claims | Example Tech News</title>
  <meta property="og:title" content="Huawei rejects US backdoor claims">
  <meta property="og:site_name" content="Example Tech News">
  <meta property="article:published_time" content="2020-02-13T09:30:00+00:00">
  <link rel="canonical" href="https://news.example.org/2020/02/13/huawei-backdoor">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/tech">Tech</a></nav>
  <article>
    <h1>Huawei rejects US backdoor claims</h1>
    <p>Huawei on Thursday rejected a report in the Wall Street Journal that accused the
    Chinese company of secretly using backdoors in mobile networks, saying the story was
    without evidence and part of a campaign by the United States government.</p>
    <p>The company said in a statement that it had never accessed the networks of its
    customers without their permission and that it did not have the ability to do so.
    It accused US officials of spreading misinformation about its equipment.</p>
    <p>American officials have warned allies for more than a year that Huawei equipment
    could be used by Beijing for espionage, a charge the company and China deny. Several
    European governments are still deciding whether to allow the firm into 5G networks.</p>
  </article>
  <footer>Copyright 2020 Example Tech News</footer>
</body>
</html>
"""


def read(*inputs: str | Path, stdin: TextIO | BinaryIO | None = None) -> list[Item]:
    return list(read_inputs(inputs, stdin=stdin))


def articles(items: list[Item]) -> list[Article]:
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


def error(items: list[Item]) -> str:
    assert len(items) == 1 and isinstance(items[0], InputError), items
    return str(items[0])


def test_header_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(HEADER_TEXT, encoding="utf-8")
    [article] = articles(read(path))
    assert article.title == "Huawei denies the claims"
    assert article.url == "https://example.org/news/1"
    assert article.publisher == "Example News"
    assert article.date == "2020-02-13"
    assert article.source == "a.txt"
    assert article.text == HEADER_TEXT.split("---\n", 1)[1]


def test_source_header_is_a_publisher_fallback_and_dates_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Source: Reuters\nDate: March 3, 2022\n---\nBody.\n", encoding="utf-8")
    [article] = articles(read(path))
    assert (article.publisher, article.date, article.source) == ("Reuters", "2022-03-03", "a.txt")


def test_partial_date_is_kept_as_given(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date: 2015-04\n---\nBody.\n", encoding="utf-8")
    assert articles(read(path))[0].date == "2015-04"


def test_text_without_header(tmp_path: Path) -> None:
    text = "Huawei denied the claims.\n\nNote: the FBI declined to comment.\n"
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    [article] = articles(read(path))
    assert (article.text, article.title, article.date) == (text, None, None)


def test_header_like_first_line_without_dashes_is_text(tmp_path: Path) -> None:
    text = "Washington: The US accused Huawei of theft.\nHuawei denied it.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    [article] = articles(read(path))
    assert article.text == text
    assert article.title is None


def test_dashes_after_a_paragraph_are_text(tmp_path: Path) -> None:
    text = "Washington: The US accused Huawei.\n\nMore text.\n---\nFooter.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    assert articles(read(path))[0].text == text


def test_malformed_header_line(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("title: A\nnot a header line\n---\nBody.\n", encoding="utf-8")
    assert error(read(path)) == f"{path}: malformed header line 2: expected `key: value`"


def test_header_without_body(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("title: A\n---\n\n", encoding="utf-8")
    assert error(read(path)) == f"{path}: no article text after the header"


def test_crlf_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"title: A\r\ndate: 2020-02-13\r\n---\r\nLine one.\r\nLine two.\r\n")
    [article] = articles(read(path))
    assert (article.title, article.text) == ("A", "Line one.\nLine two.\n")


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML_PAGE, encoding="utf-8")
    [article] = articles(read(path))
    assert article.title == "Huawei rejects US backdoor claims"
    assert article.date == "2020-02-13"
    assert article.publisher == "Example Tech News"
    assert article.url == "https://news.example.org/2020/02/13/huawei-backdoor"
    assert article.source == "page.html"
    assert "Wall Street Journal" in article.text
    assert "European governments" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text


def test_html_without_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<html><head><title>x</title></head><body></body></html>", encoding="utf-8")
    assert error(read(path)) == f"{path}: no article text found in the HTML page"


def test_json_lines_with_bad_lines(tmp_path: Path) -> None:
    rows = [
        json.dumps({"text": "First.", "title": " One ", "date": "2023-04-28", "id": "r1"}),
        "",
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps({"text": "Bad title.", "title": 3}),
        json.dumps({"text": "Last.", "publisher": "VOA", "url": "https://voanews.com/x"}),
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    items = read(path)
    assert [str(item) for item in items if isinstance(item, InputError)] == [
        f"{path}: line 3: invalid JSON (Expecting property name enclosed in double quotes)",
        f'{path}: line 4: expected an object with a non-empty "text" string',
        f"{path}: line 5: field 'title' must be a string",
    ]
    first, last = (item for item in items if isinstance(item, Article))
    assert (first.text, first.title, first.date, first.source) == (
        "First.",
        "One",
        "2023-04-28",
        "r1",
    )
    assert (last.text, last.publisher, last.url) == ("Last.", "VOA", "https://voanews.com/x")
    assert last.source == "rows.jsonl:6"


def test_folder_is_walked_sorted_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Two.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("One.\n", encoding="utf-8")
    (tmp_path / "c.HTML").write_text(HTML_PAGE, encoding="utf-8")
    (tmp_path / "d.json").write_text('{"text": "Four."}\n', encoding="utf-8")
    (tmp_path / "e.json").write_text('{\n  "config": true\n}\n', encoding="utf-8")
    (tmp_path / ".secret.txt").write_text("Hidden.\n", encoding="utf-8")
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden.\n", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0")
    found = articles(read(tmp_path))
    assert [a.source for a in found] == ["a.md", "2.txt", "c.HTML", "d.json:1"]
    assert found[0].text == "One.\n"


def test_stdin_text_bytes() -> None:
    stdin = io.TextIOWrapper(io.BytesIO("\ufefftitle: T\n---\nCafé.\n".encode()))
    [article] = articles(read("-", stdin=stdin))
    assert (article.title, article.text, article.source) == ("T", "Café.\n", "<stdin>")


def test_stdin_json_lines() -> None:
    rows = '\n  {"text": "One."}\n{"text": "Two.", "source": "s2"}\n'
    found = articles(read("-", stdin=io.StringIO(rows)))
    assert [(a.text, a.source) for a in found] == [("One.", "<stdin>:2"), ("Two.", "s2")]


def test_stdin_html() -> None:
    [article] = articles(read("-", stdin=io.BytesIO(HTML_PAGE.encode())))
    assert article.title == "Huawei rejects US backdoor claims"


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert error(read(path)) == f"{path}: file is empty"


@pytest.mark.parametrize("content", [b"abc\0def", bytes(range(1, 32)) * 4])
def test_binary_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(content)
    assert error(read(path)) == f"{path}: looks like a binary file, not text"


def test_latin1_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 society.".encode("latin-1"))
    assert error(read(path)) == f"{path}: not valid UTF-8 (byte 3)"


def test_utf8_bom_offset_counts_the_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfab\xff")
    assert error(read(path)) == f"{path}: not valid UTF-8 (byte 5)"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_file_with_bom(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "wide.txt"
    bom = b"\xfe\xff" if codec == "utf-16-be" else b""
    path.write_bytes(bom + "title: Wide\n---\nHuawei \u2014 denied.\n".encode(codec))
    [article] = articles(read(path))
    assert (article.title, article.text) == ("Wide", "Huawei \u2014 denied.\n")


def test_missing_path_and_other_inputs_go_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    items = read(missing, good)
    assert str(items[0]) == f"{missing}: no such file or directory"
    assert isinstance(items[1], Article) and items[1].text == "Good.\n"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", deny)
    assert error(read(path)) == f"{path}: cannot read (Permission denied)"


def test_same_article_twice_has_same_id(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(HEADER_TEXT, encoding="utf-8")
    (tmp_path / "two.txt").write_bytes(HEADER_TEXT.replace("\n", "\r\n").encode())
    first, second = articles(read(tmp_path / "one.txt", tmp_path / "two.txt"))
    assert first.id == second.id
    assert first.id != articles(read("-", stdin=io.StringIO("Other text.")))[0].id


def test_reading_is_lazy(tmp_path: Path) -> None:
    items = read_inputs([tmp_path / "missing.txt"])
    (tmp_path / "missing.txt").write_text("Now here.\n", encoding="utf-8")
    assert articles(list(items))[0].text == "Now here.\n"


@pytest.mark.skipif(not DEV_ARTICLES.is_dir(), reason="shared dev articles not present")
def test_dev_article() -> None:
    [article] = articles(read(DEV_ARTICLES / "000.txt"))
    assert article.title == "Huawei: WSJ story accusing misuse of backdoors is without evidence"
    assert article.date == "2020-02-13"
    assert article.publisher == "Ausdroid"
    assert article.source == "000.txt"
    assert article.text.startswith("Yesterday the Internet")


def test_json_lines_are_read_a_line_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "corpus.jsonl"
    first = b'{"text": "The FBI accused Apple.", "id": "a"}\n'
    second = b'{"text": "Apple denied it.", "id": "b"}\n'
    path.write_bytes(codecs.BOM_UTF8 + first + second + b'{"text": "caf\xe9"}\n' + first)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    items = list(read_inputs([path]))
    assert [item.source for item in items[:2] if isinstance(item, Article)] == ["a", "b"]
    offset = len(codecs.BOM_UTF8 + first + second) + len('{"text": "caf')
    assert str(items[2]) == f"{path}: line 3: not valid UTF-8 (byte {offset})"
    assert isinstance(items[3], Article) and items[3].source == "a"  # the lines after still count
    assert len(items) == 4
