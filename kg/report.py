"""Report stage: a one-page HTML summary of an actor graph, to forward.

:func:`render_report` returns one self-contained page: the key numbers, the
central actors, the accusation matrix (a heat map of who accuses whom), the
relations per month, the disputed claims, the mutual accusations, the camps of
the signed network, and the interactive graph view of :mod:`kg.render` (as
``kg build`` draws it: without the articles' own voice).

The figures are drawn by matplotlib as inline SVG, with text kept as text and
no math parsing (a label with ``$`` stays a dollar sign); everything but the
graph view reads without JavaScript. The view is embedded as a sandboxed
``<iframe srcdoc>`` (scripts allowed, no same origin), so its scripts cannot
reach the report. All text comes from articles and is untrusted: Jinja's
autoescaping writes it into the page (after :func:`kg.render.page_text`: a lone
surrogate, which no page can hold, is U+FFFD), matplotlib's SVG writer escapes
it in figures, and the page's Content-Security-Policy forbids any network
request.
"""

from __future__ import annotations

import io
import re
from typing import Any

import matplotlib as mpl
import networkx as nx
import numpy as np
from jinja2 import Environment
from markupsafe import Markup
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kg.analysis.centrality import relation_digraph, weighted_degree
from kg.analysis.graph import date_span, label_list, without_article_voice
from kg.analysis.overview import Analysis, analyze
from kg.records import ARTICLE_VOICE, RelationType
from kg.render import PAGE_CSP, RELATION_COLORS, page_text, render_html
from kg.text import encodable, shorten

__all__ = ["accusation_matrix", "render_report"]

_MATRIX_ACTORS = 15
_LABEL = 28
_ROWS = 15
_RC: dict[Any, Any] = {  # matplotlib's rc keys are typed as literals
    "svg.fonttype": "none",
    "svg.hashsalt": "kg",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.size": 9,
}

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1100px;
  padding: 0 16px; color: #222222; line-height: 1.4; }
h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 28px; }
.kg-numbers { display: flex; flex-wrap: wrap; gap: 12px; padding: 0; list-style: none; }
.kg-numbers li { border: 1px solid #dddddd; border-radius: 6px; padding: 8px 14px; }
.kg-numbers b { display: block; font-size: 22px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 4px 6px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
th { background: #f5f5f5; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; width: 4em; }
figure { margin: 8px 0; } figure svg { max-width: 100%; height: auto; }
iframe { width: 100%; height: 640px; border: 1px solid #cccccc; border-radius: 6px; }
.kg-note { color: #666666; font-size: 13px; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="kg-note">{{ a.overview.articles }} articles{% if a.overview.first_date %},
dated {{ a.overview.first_date }} to {{ a.overview.last_date }}{% endif %}.
Counts are supporting articles.</p>
<ul class="kg-numbers" id="kg-numbers">
<li><b>{{ a.overview.articles }}</b>articles</li>
<li><b>{{ a.overview.actors }}</b>actors</li>
{% for relation, count in a.overview.relations.items() %}
<li><b>{{ count }}</b>{{ relation }} edges</li>
{% endfor %}
<li><b>{{ a.mutual_accusations|length }}</b>mutual accusations</li>
<li><b>{{ a.disputed_claims|length }}</b>disputed claims</li>
</ul>

<h2>Central actors</h2>
<table id="kg-central"><tr><th>#</th><th>most accused</th><th>most accusing</th>
<th>most cited</th><th>PageRank (accusations)</th></tr>
{% for i in range(depth) %}<tr><td class="n">{{ i + 1 }}</td>
{% for ranking in rankings %}<td>{% if i < ranking|length %}{{ ranking[i].label }}
({{ '%g' % ranking[i].score if ranking[i].score >= 1 else '%.3f' % ranking[i].score }})
{% endif %}</td>{% endfor %}</tr>
{% endfor %}</table>

<h2>Who accuses whom</h2>
{% if matrix %}<figure id="kg-matrix">{{ matrix }}<figcaption class="kg-note">Rows accuse
columns; the {{ matrix_size }} actors most involved in accusations.</figcaption></figure>
{% else %}<p class="kg-note">No accusations.</p>{% endif %}

<h2>Relations per month</h2>
{% if timeline %}<figure id="kg-timeline">{{ timeline }}</figure>
{% else %}<p class="kg-note">No dated relations.</p>{% endif %}

<h2>Disputed claims</h2>
{% if a.disputed_claims %}<table id="kg-claims"><tr><th>claim</th><th>asserted by</th>
<th>against</th><th>denied by</th><th>articles</th><th>dates</th></tr>
{% for c in a.disputed_claims[:rows] %}<tr><td>{{ c.claim }}</td>
<td>{{ names(c.accusers, 6) }}</td><td>{{ names(c.accused, 6) }}</td>
<td>{{ names(c.deniers, 6) }}</td>
<td class="n">{{ c.articles }}</td><td>{{ span(c.first_date, c.last_date) }}</td></tr>
{% endfor %}</table>{% else %}<p class="kg-note">No disputed claims.</p>{% endif %}

<h2>Mutual accusations</h2>
{% if a.mutual_accusations %}<table id="kg-mutual"><tr><th>actor</th><th>articles</th>
<th>actor</th><th>articles</th><th>dates</th><th>evidence</th></tr>
{% for m in a.mutual_accusations[:rows] %}<tr><td>{{ m.first.label }}</td>
<td class="n">{{ m.first_articles }}</td><td>{{ m.second.label }}</td>
<td class="n">{{ m.second_articles }}</td><td>{{ span(m.first_date, m.last_date) }}</td>
<td>{% if m.first_evidence %}&ldquo;{{ m.first_evidence[0].sentence }}&rdquo;{% endif %}
{% if m.second_evidence %}<br>&ldquo;{{ m.second_evidence[0].sentence }}&rdquo;{% endif %}</td>
</tr>{% endfor %}</table>{% else %}<p class="kg-note">No mutual accusations.</p>{% endif %}

<h2>Camps</h2>
<p class="kg-note">Structural balance {{ '%.2f' % a.coalitions.balance }}:
{{ a.coalitions.ties }} signed ties, {{ a.coalitions.frustrated|length }} against the split
(weight {{ a.coalitions.frustration }}).</p>
{% if a.coalitions.camps %}<table id="kg-camps"><tr><th>part</th><th>actors</th>
<th>members</th></tr>
{% for camp in a.coalitions.camps[:rows] %}<tr><td class="n">{{ camp.part + 1 }}</td>
<td class="n">{{ camp.members|length }}</td><td>{{ names(camp.members, 12) }}</td></tr>
{% endfor %}</table>{% endif %}

<h2>Graph</h2>
<iframe id="kg-view" title="Interactive actor graph" sandbox="allow-scripts"
 srcdoc="{{ view }}"></iframe>
<p class="kg-note">The interactive view needs JavaScript; everything above does not.</p>
</body>
</html>
"""


def _svg(figure: Figure) -> Markup:
    """The figure as inline SVG markup (no XML prolog, no date, stable ids)."""
    buffer = io.StringIO()
    with mpl.rc_context(_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    return Markup(text[text.index("<svg") :])


def accusation_matrix(
    graph: nx.MultiDiGraph, size: int = _MATRIX_ACTORS
) -> tuple[list[str], np.ndarray]:
    """The ``size`` actors most involved in accusations (in plus out
    supporting articles, ties by IRI) and the matrix of supporting articles of
    row accuses column.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("us", "cn", key="accuses", articles=3)
    >>> _ = g.add_edge("cn", "us", key="accuses", articles=1)
    >>> _ = g.add_edge("uk", "cn", key="accuses", articles=2)
    >>> actors, matrix = accusation_matrix(g, size=2)
    >>> actors, matrix.tolist()
    (['cn', 'us'], [[0, 1], [3, 0]])
    """
    accuses = [RelationType.ACCUSES]
    involvement = weighted_degree(graph, accuses)
    ranked = sorted(
        (node for node, score in involvement.items() if score > 0 and node != ARTICLE_VOICE),
        key=lambda node: (-involvement[node], node),
    )
    actors = ranked[:size]
    index = {node: i for i, node in enumerate(actors)}
    matrix = np.zeros((len(actors), len(actors)), dtype=int)
    for agent, target, weight in relation_digraph(graph, accuses).edges(data="weight"):
        if agent in index and target in index:
            matrix[index[agent], index[target]] = weight
    return actors, matrix


def _matrix_figure(graph: nx.MultiDiGraph, actors: list[str], matrix: np.ndarray) -> Markup:
    labels = [
        encodable(shorten(str(graph.nodes[node].get("label") or node), _LABEL)) for node in actors
    ]
    side = 2.2 + 0.42 * len(actors)
    with mpl.rc_context(_RC):
        figure = Figure(figsize=(side + 1.2, side))
        axes = figure.add_subplot()
        image = axes.imshow(matrix, cmap="Reds", vmin=0)
        axes.set_xticks(range(len(labels)), labels, rotation=50, ha="right")
        axes.set_yticks(range(len(labels)), labels)
        axes.set_xlabel("accused")
        axes.set_ylabel("accuser")
        peak = int(matrix.max()) if matrix.size else 0
        for (row, column), value in np.ndenumerate(matrix):
            if value:
                dark = value > peak / 2
                axes.text(
                    column,
                    row,
                    str(value),
                    ha="center",
                    va="center",
                    color="white" if dark else "black",
                    fontsize=8,
                )
        bar = figure.colorbar(image, ax=axes, shrink=0.7, label="articles")
        bar.locator = MaxNLocator(integer=True)
        bar.update_ticks()
        return _svg(figure)


def _timeline_figure(timeline: dict[str, dict[str, int]]) -> Markup:
    months = list(timeline)
    relations = [r for r in RelationType if any(r in counts for counts in timeline.values())]
    with mpl.rc_context(_RC):
        figure = Figure(figsize=(min(3 + 0.35 * len(months), 11), 3.2))
        axes = figure.add_subplot()
        bottom = np.zeros(len(months))
        positions = np.arange(len(months))
        for relation in relations:
            values = np.array([timeline[m].get(relation, 0) for m in months], dtype=float)
            axes.bar(
                positions,
                values,
                bottom=bottom,
                label=str(relation),
                color=RELATION_COLORS.get(relation, "#9e9e9e"),
                width=0.8,
            )
            bottom += values
        step = max(1, len(months) // 24)
        axes.set_xticks(positions[::step], months[::step], rotation=50, ha="right")
        axes.set_ylabel("supporting articles")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.02), fontsize=8, frameon=False, ncols=4)
        axes.spines[["top", "right"]].set_visible(False)
        return _svg(figure)


def render_report(graph: nx.MultiDiGraph, *, title: str = "kg report", top: int = 10) -> str:
    """Return the report page of the actor graph ``graph`` as HTML text.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("us", label="US <script>", type="Government")
    >>> g.add_node("cn", label="China", type="Government")
    >>> said = {"sentence": "The US accused China.", "article": "a", "article_id": "a",
    ...         "url": None, "claim": None, "date": "2024-05-01"}
    >>> _ = g.add_edge("us", "cn", key="accuses", relation="accuses", articles=1,
    ...                evidence=[said])
    >>> page = render_report(g, title="Demo")
    >>> "<svg" in page, "US <script>" in page, "US &lt;script&gt;" in page
    (True, False, True)
    """
    analysis: Analysis = analyze(graph, top)
    actors, matrix = accusation_matrix(graph)
    rankings = [
        analysis.most_accused,
        analysis.most_accusing,
        analysis.most_cited,
        analysis.pagerank,
    ]
    env = Environment(autoescape=True, finalize=page_text)
    env.globals.update(names=label_list, span=date_span)
    page = env.from_string(_PAGE).render(
        csp=Markup(PAGE_CSP),
        title=title,
        a=analysis,
        rankings=rankings,
        depth=max(len(r) for r in rankings),
        matrix=_matrix_figure(graph, actors, matrix) if actors else None,
        matrix_size=len(actors),
        timeline=_timeline_figure(analysis.timeline) if analysis.timeline else None,
        rows=_ROWS,
        view=render_html(without_article_voice(graph), title=title),
    )
    return re.sub(r"\n{3,}", "\n\n", page)
