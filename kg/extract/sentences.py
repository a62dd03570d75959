"""The sentences of a parsed document, indexed once for every rule.

spaCy's ``Token.sent`` and ``Span.sent`` walk the parse to the sentence
boundaries on every call, and ``Doc.sents`` builds new spans each time; the
rules ask which sentence a token is in thousands of times per article.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

__all__ = ["Sentences"]


class Sentences:
    """The sentences of ``doc`` in order, and the number of each token's.

    >>> from spacy.vocab import Vocab
    >>> doc = Doc(Vocab(), words=["Hi", ".", "Bye", "now", "."],
    ...           sent_starts=[True, False, True, False, False])
    >>> sentences = Sentences(doc)
    >>> len(sentences), sentences.index(doc[3]), sentences.of(doc[3]).text
    (2, 1, 'Bye now .')
    >>> sentences.of(doc[1:3]).text, doc[1:3].sent.text
    ('Hi .', 'Hi .')
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.spans = list(doc.sents)
        self.number = [k for k, sent in enumerate(self.spans) for _ in range(len(sent))]
        """The number of each token's sentence, by token index."""

    def __len__(self) -> int:
        return len(self.spans)

    def __getitem__(self, k: int) -> Span:
        return self.spans[k]

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def index(self, token: Token) -> int:
        """The number of ``token``'s sentence."""
        return self.number[token.i]

    def of(self, item: Token | Span) -> Span:
        """What ``item.sent`` is: the sentence of the token, or of the span's
        first token (a span that crosses a boundary is in its first sentence)."""
        return self.spans[self.number[item.i if isinstance(item, Token) else item.start]]
