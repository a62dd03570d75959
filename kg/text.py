"""Small text helpers shared by the stages: label normalisation, slugs, shortening."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    r"""``text`` with each lone surrogate replaced by U+FFFD, one code point
    for one (so character offsets still hold), so that it encodes as UTF-8.

    A Python string can hold one (a JSON ``"\ud800"`` escape gives one, and so
    does a file name that is not UTF-8); UTF-8 files, spaCy's tokenizer and
    pages cannot.

    >>> encodable("a\ud800b\x00")
    'a\ufffdb\x00'
    """
    return _SURROGATE.sub("\ufffd", text)


_ARTICLE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"'s$")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def normalise_label(label: str) -> str:
    """Normalise an actor label for matching, as the evaluation guideline does.

    Case folded, leading "the" and a trailing "'s" removed, punctuation and
    repeated spaces removed.

    >>> normalise_label("The Wall Street Journal’s")
    'wall street journal'
    >>> normalise_label("U.S.")
    'us'
    """
    s = unicodedata.normalize("NFKC", label).casefold().strip().translate(_APOSTROPHES)
    s = _ARTICLE.sub("", s)
    s = _POSSESSIVE.sub("", s)
    s = _PUNCTUATION.sub("", s)
    return _SPACES.sub(" ", s).strip()


def slugify(label: str) -> str:
    """A readable, stable key for an actor label (IRIs percent-encode the rest).

    >>> slugify("Qi An Pangu Lab")
    'qi-an-pangu-lab'
    >>> slugify("  ")
    'unnamed'
    """
    slug = re.sub(r"[\s_]+", "-", normalise_label(label)).strip("-")
    return slug or "unnamed"


def clean_mention(text: str) -> str:
    """Surface form of a mention without a leading "the" or a trailing possessive.

    >>> clean_mention("the WSJ’s")
    'WSJ'
    >>> clean_mention("Huawei\\n Technologies'")
    'Huawei Technologies'
    """
    s = re.sub(r"\s+", " ", text).strip()
    s = re.sub(r"^(?:the|The|THE)\s+", "", s)
    s = re.sub(r"(?:['\u2019]s|s['\u2019])$", lambda m: "s" if m.group(0)[0] == "s" else "", s)
    return s.strip(" ,.;:\"'\u201c\u201d")


def shorten(text: str, limit: int) -> str:
    r"""``text`` on one line of at most ``limit`` characters (whitespace runs
    collapsed, an ellipsis where it is cut).

    >>> shorten("The  FBI\naccused Apple", 12)
    'The FBI acc\u2026'
    """
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"
