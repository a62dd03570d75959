"""Terminal tables (rich renderables) of the analyses, for ``kg analyze``.

Every function returns renderables for the CLI to print; nothing is printed
here. Labels and sentences are untrusted text, so every cell is a
:class:`rich.text.Text` (never parsed as console markup) whose control
characters but line feed and tab are U+FFFD: rich passes escape sequences
through, and a label must not move the cursor or recolour the terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from kg.analysis.centrality import Ranked
from kg.analysis.graph import Evidence, date_span, label_list
from kg.analysis.overview import Analysis
from kg.analysis.profile import Profile, ProfileEdge
from kg.text import shorten

__all__ = ["analysis_tables", "profile_tables", "text_cell"]

_SENTENCE = 120
_MEMBERS = 8
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def text_cell(value: object, style: str = "") -> Text:
    r"""A table cell of untrusted text (``None`` is empty): never console
    markup, its control characters made harmless.

    >>> text_cell("red\x1b[31m \x9b2J [b]x[/b]").plain
    'red\ufffd[31m \ufffd2J [b]x[/b]'
    """
    return Text(_CONTROL.sub("\ufffd", "" if value is None else str(value)), style=style)


def _first_sentence(evidence: Sequence[Evidence]) -> str:
    return shorten(evidence[0]["sentence"], _SENTENCE) if evidence else ""


def _table(title: str, *columns: str) -> Table:
    return Table(*columns, title=title, title_justify="left", title_style="bold")


def _rows(table: Table, rows: Iterable[Sequence[object]]) -> Table:
    for row in rows:
        table.add_row(*(text_cell(value) for value in row))
    return table


def _ranked(item: Ranked | None) -> str:
    if item is None:
        return ""
    score = f"{item.score:.3f}" if item.score < 1 else f"{item.score:g}"
    return f"{item.label} ({score})"


def analysis_tables(analysis: Analysis) -> list[RenderableType]:
    """The tables of :func:`kg.analysis.analyze`'s result, in reading order."""
    numbers = analysis.overview
    overview = _rows(
        _table("Overview", "", ""),
        [
            ("articles", numbers.articles),
            ("actors", numbers.actors),
            ("actor-graph edges", numbers.edges),
            *((f"  {relation}", count) for relation, count in numbers.relations.items()),
            ("dates", date_span(numbers.first_date, numbers.last_date) or "none"),
        ],
    )
    rankings = (
        analysis.most_accused,
        analysis.most_accusing,
        analysis.most_cited,
        analysis.pagerank,
    )
    depth = max((len(r) for r in rankings), default=0)
    central = _rows(
        _table(
            "Central actors (supporting articles; PageRank of the accusation graph)",
            "#",
            "most accused",
            "most accusing",
            "most cited",
            "PageRank",
        ),
        ((i + 1, *(_ranked(r[i] if i < len(r) else None) for r in rankings)) for i in range(depth)),
    )
    mutual = _rows(
        _table("Mutual accusations", "actor", "articles", "actor", "articles", "dates", "evidence"),
        (
            (
                pair.first.label,
                pair.first_articles,
                pair.second.label,
                pair.second_articles,
                date_span(pair.first_date, pair.last_date),
                _first_sentence(pair.first_evidence),
            )
            for pair in analysis.mutual_accusations
        ),
    )
    split = analysis.coalitions
    camps = _rows(
        _table(
            f"Coalitions (structural balance {split.balance:.2f}: {split.ties} signed ties, "
            f"frustration {split.frustration})",
            "part",
            "actors",
            "members",
        ),
        (
            (camp.part + 1, len(camp.members), label_list(camp.members, _MEMBERS))
            for camp in split.camps
        ),
    )
    claims = _rows(
        _table("Disputed claims", "claim", "asserted by", "against", "denied by", "articles"),
        (
            (
                shorten(claim.claim, _SENTENCE),
                label_list(claim.accusers, _MEMBERS),
                label_list(claim.accused, _MEMBERS),
                label_list(claim.deniers, _MEMBERS),
                claim.articles,
            )
            for claim in analysis.disputed_claims
        ),
    )
    return [overview, central, mutual, camps, claims]


def _edges(title: str, edges: Sequence[ProfileEdge]) -> Table:
    return _rows(
        _table(title, "relation", "actor", "articles", "dates", "evidence"),
        (
            (
                edge.relation,
                edge.other.label,
                edge.articles,
                date_span(edge.first_date, edge.last_date),
                _first_sentence(edge.evidence),
            )
            for edge in edges
        ),
    )


def profile_tables(profile: Profile) -> list[RenderableType]:
    """The tables of one actor's :class:`~kg.analysis.profile.Profile`."""
    actor = profile.actor
    heading = f"{actor.label} ({actor.type or 'actor'}"
    heading += f", Wikidata {profile.wikidata})" if profile.wikidata else ")"
    relations = sorted({r for month in profile.timeline.values() for r in month})
    timeline: RenderableType = _rows(
        _table("By month (supporting articles)", "month", *relations),
        (
            (month, *(counts.get(r, "") for r in relations))
            for month, counts in profile.timeline.items()
        ),
    )
    if not profile.timeline:
        timeline = Text("No dated relations.")
    return [
        text_cell(heading, style="bold"),
        _edges("What it does", profile.outgoing),
        _edges("What is done to it", profile.incoming),
        timeline,
    ]
