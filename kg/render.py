"""HTML view stage: one self-contained, offline page showing the actor graph.

:func:`render_html` turns the actor graph (a :class:`networkx.MultiDiGraph` whose
nodes are actors and whose keyed edges are relations) into a single HTML page.
The graph is built with pyvis; the page is rendered by pyvis's
``Network.generate_html`` through a template of our own, because pyvis's stock
template links Bootstrap from a CDN, prints the heading unescaped and, when a
node tooltip mentions ``href``, switches to a popup filled with ``innerHTML``.
Our template inlines vis-network's JavaScript and CSS from pyvis's bundled copy,
so the page makes no network request (a Content-Security-Policy forbids any).

Every string of the graph is untrusted article text. It reaches the page only as
JSON inside a ``<script>`` element, with ``<``, ``>``, ``&``, U+2028 and U+2029
written as ``\\uXXXX`` escapes, or HTML-escaped by Jinja's autoescaping (the
title). vis-network draws labels on a canvas and shows string tooltips as plain
text (``innerText``), so the data is never parsed as HTML.

The page reports its size in ``<div id="kg-stats" data-nodes="N" data-edges="M">``
and exposes the vis objects as ``window.kgNetwork``, ``nodes`` and ``edges``.
"""

from __future__ import annotations

import functools
import html
import json
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pyvis.network import Network

from kg.records import ActorType, RelationType

__all__ = ["ACTOR_COLORS", "RELATION_COLORS", "render_html"]

ACTOR_COLORS: Mapping[str, str] = {
    ActorType.COMPANY: "#4e79a7",
    ActorType.GOVERNMENT: "#e15759",
    ActorType.AGENCY: "#f28e2b",
    ActorType.MEDIA_OUTLET: "#76b7b2",
    ActorType.PERSON: "#59a14f",
    ActorType.ORGANIZATION: "#b07aa1",
}
"""Node colour of each actor type."""

RELATION_COLORS: Mapping[str, str] = {
    RelationType.ACCUSES: "#d62728",
    RelationType.DENIES: "#1f77b4",
    RelationType.CITES: "#7f7f7f",
    RelationType.CRITICIZES: "#ff7f0e",
    RelationType.DEMANDS: "#9467bd",
    RelationType.THREATENS: "#8c564b",
    RelationType.SANCTIONS: "#111111",
    RelationType.DEFENDS: "#2ca02c",
}
"""Edge colour of each relation type."""

_OTHER_COLOR = "#9e9e9e"
_MAX_EVIDENCE = 5
_MAX_SENTENCE = 300
_MAX_LABEL = 40
_LAYOUT_THRESHOLD = 1000
_SEED = 7
_TEMPLATE_NAME = "kg_page.html"
_VIS = "vis-9.1.2"
_SOURCE_MAP = "//# sourceMappingURL=vis-network.min.js.map"

_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)

_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@CSP@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }}</title>
<style>{{ vis_css }}</style>
<script>{{ vis_js }}</script>
<style>
html, body { margin: 0; padding: 0; height: 100%; overflow: hidden;
  font-family: system-ui, sans-serif; }
#mynetwork { position: absolute; inset: 0; background: #ffffff; }
#kg-legend { position: absolute; top: 10px; left: 10px; z-index: 10; max-width: 260px;
  background: rgba(255, 255, 255, 0.92); border: 1px solid #cccccc; border-radius: 6px;
  padding: 8px 12px; font-size: 13px; line-height: 1.35; }
#kg-legend h1 { font-size: 15px; margin: 0 0 4px 0; overflow-wrap: anywhere; }
#kg-legend h2 { font-size: 12px; margin: 8px 0 2px 0; text-transform: uppercase;
  color: #555555; }
#kg-legend ul { list-style: none; margin: 0; padding: 0; }
.kg-dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  margin-right: 6px; vertical-align: middle; }
.kg-line { display: inline-block; width: 22px; height: 3px; margin-right: 6px;
  vertical-align: middle; }
div.vis-tooltip { white-space: pre-wrap; max-width: 480px; font-family: system-ui, sans-serif;
  font-size: 13px; }
</style>
</head>
<body>
<div id="mynetwork"></div>
<aside id="kg-legend">
<h1>{{ heading }}</h1>
<div id="kg-stats" data-nodes="{{ nodes|length }}" data-edges="{{ edges|length }}">\
{{ nodes|length }} actor{{ '' if nodes|length == 1 else 's' }}, \
{{ edges|length }} relation{{ '' if edges|length == 1 else 's' }}</div>
@LEGEND@
</aside>
<script>
var nodes = new vis.DataSet({{ nodes|kg_json }});
var edges = new vis.DataSet({{ edges|kg_json }});
var options = JSON.parse({{ options|kg_json }});
var network = new vis.Network(
  document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);
window.kgNetwork = network;
function kgMarkReady() { document.getElementById("kg-stats").dataset.ready = "true"; }
if (options.physics.enabled) {
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({physics: false});
    kgMarkReady();
  });
} else {
  kgMarkReady();
}
</script>
</body>
</html>
"""


def _legend_html() -> str:
    """The legend: one coloured entry per actor type and per relation type."""
    types = "".join(
        f'<li><span class="kg-dot" style="background:{color}"></span>{html.escape(name)}</li>'
        for name, color in ACTOR_COLORS.items()
    )
    relations = "".join(
        f'<li><span class="kg-line" style="background:{color}"></span>{html.escape(name)}</li>'
        for name, color in RELATION_COLORS.items()
    )
    return f"<h2>Actors</h2><ul>{types}</ul><h2>Relations</h2><ul>{relations}</ul>"


def _script_json(value: object) -> Markup:
    """JSON that is safe inside a ``<script>`` element of an HTML page.

    >>> str(_script_json(["</script>", "a&b", "\\u2028"]))
    '["\\\\u003c/script\\\\u003e","a\\\\u0026b","\\\\u2028"]'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return Markup(text)


@functools.cache
def _environment(template_dir: str) -> Environment:
    """Jinja environment: our page template plus pyvis's bundled vis-network files.

    The files are embedded verbatim except vis-network's ``sourceMappingURL``
    comment, the one reference to another file (fetched by browser dev tools).
    """
    vis = Path(template_dir, "lib", _VIS)
    script = (vis / "vis-network.min.js").read_text(encoding="utf-8")
    page = _PAGE.replace("@CSP@", _CSP).replace("@LEGEND@", _legend_html())
    env = Environment(loader=DictLoader({_TEMPLATE_NAME: page}), autoescape=True)
    env.filters["kg_json"] = _script_json
    env.globals["vis_css"] = Markup((vis / "vis-network.css").read_text(encoding="utf-8"))
    env.globals["vis_js"] = Markup(script.replace(_SOURCE_MAP, ""))
    return env


def _clean(text: object, limit: int) -> str:
    """One line of at most ``limit`` characters (whitespace runs collapsed)."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"


def _node_title(node: str, data: Mapping[str, Any]) -> str:
    lines = [_clean(data.get("label") or node, _MAX_SENTENCE), str(data.get("type") or "Actor")]
    if data.get("wikidata"):
        lines.append(f"Wikidata: {_clean(data['wikidata'], 40)}")
    lines.append(_clean(node, _MAX_SENTENCE))
    return "\n".join(lines)


def _evidence_lines(evidence: Iterable[Mapping[str, Any]]) -> list[str]:
    items = list(evidence)
    lines = []
    for item in items[:_MAX_EVIDENCE]:
        source = _clean(item.get("article") or item.get("url") or "unknown article", 120)
        if item.get("date"):
            source += f", {_clean(item['date'], 40)}"
        lines.append(f"\u2022 \u201c{_clean(item.get('sentence', ''), _MAX_SENTENCE)}\u201d")
        lines.append(f"   \u2014 {source}")
    if len(items) > _MAX_EVIDENCE:
        lines.append(f"\u2026 and {len(items) - _MAX_EVIDENCE} more")
    return lines


def _edge_title(relation: str, agent: str, target: str, data: Mapping[str, Any]) -> str:
    count = int(data.get("articles") or 0)
    lines = [
        f"{_clean(relation, 40)}: {_clean(agent, 80)} \u2192 {_clean(target, 80)}",
        f"{count} article{'' if count == 1 else 's'}",
        *_evidence_lines(data.get("evidence") or ()),
    ]
    return "\n".join(lines)


def _roundness(relation: str) -> float:
    """Curvature per relation type, so parallel edges of different types stay apart."""
    order = list(RelationType)
    index = order.index(RelationType(relation)) if relation in RELATION_COLORS else len(order)
    return round(0.08 + 0.1 * index, 2)


def _edge_width(articles: int) -> float:
    return round(min(1.5 + 1.5 * math.log2(max(articles, 1)), 9.0), 2)


def _positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Fixed pixel positions for big graphs, deterministic for the same graph."""
    simple = nx.Graph(graph)
    try:
        layout = nx.spring_layout(simple, seed=_SEED, iterations=30)
    except ImportError:  # networkx needs SciPy (not a kg dependency) beyond 500 nodes
        ordered = sorted(simple, key=lambda node: (-simple.degree(node), str(node)))
        layout = nx.spiral_layout(ordered, equidistant=True)
    scale = 40.0 * math.sqrt(graph.number_of_nodes())
    return {
        str(node): (round(float(x) * scale, 1), round(float(y) * scale, 1))
        for node, (x, y) in layout.items()
    }


def _options(big: bool) -> dict[str, Any]:
    return {
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big},
        "layout": {"randomSeed": _SEED, "improvedLayout": not big},
        "physics": {
            "enabled": not big,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
    }


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg graph") -> str:
    """Return a self-contained, offline HTML page showing the actor graph.

    Nodes are coloured by actor type, edges by relation; an edge's width grows
    with the number of articles supporting it and its tooltip lists up to five
    evidence sentences. Graphs over 1000 nodes are laid out in Python and shown
    without physics; smaller ones are laid out by vis-network, which stops its
    physics once stabilised.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("urn:a", label="Huawei", type="Company", wikidata="Q160120")
    >>> g.add_node("urn:b", label="<b>US</b>", type="Government")
    >>> _ = g.add_edge("urn:b", "urn:a", key="accuses", relation="accuses", articles=2,
    ...     evidence=[{"sentence": "US accuses Huawei.", "article": "a.txt",
    ...                "date": "2024-05-01", "url": None}])
    >>> page = render_html(g, title="Demo")
    >>> 'data-nodes="2" data-edges="1"' in page
    True
    >>> any(ref in page for ref in ('src="http', "href=\\"http", 'src="//', 'href="//'))
    False
    >>> "<b>US</b>" in page, page == render_html(g, title="Demo")
    (False, True)
    """
    big = graph.number_of_nodes() > _LAYOUT_THRESHOLD
    positions = _positions(graph) if big else {}
    net = Network(directed=True, cdn_resources="in_line", heading=title)
    net.options = _options(big)
    for node, data in graph.nodes(data=True):
        node_id = str(node)
        color = ACTOR_COLORS.get(str(data.get("type")), _OTHER_COLOR)
        extra: dict[str, Any] = {}
        if node_id in positions:
            extra["x"], extra["y"] = positions[node_id]
        net.add_node(
            node_id,
            label=_clean(data.get("label") or node_id, _MAX_LABEL),
            color=color,
            title=_node_title(node_id, data),
            size=16,
            actorType=str(data.get("type") or ""),
            **extra,
        )
    labels = {str(node): str(data.get("label") or node) for node, data in graph.nodes(data=True)}
    for index, (agent, target, key, data) in enumerate(graph.edges(keys=True, data=True)):
        relation = str(data.get("relation") or key)
        color = RELATION_COLORS.get(relation, _OTHER_COLOR)
        articles = int(data.get("articles") or 0)
        net.add_edge(
            str(agent),
            str(target),
            id=f"e{index}",
            relation=relation,
            articles=articles,
            title=_edge_title(relation, labels[str(agent)], labels[str(target)], data),
            color={"color": color, "highlight": color, "hover": color},
            width=_edge_width(articles),
            smooth={"enabled": True, "type": "curvedCW", "roundness": _roundness(relation)},
        )
    net.templateEnv = _environment(net.template_dir)
    net.path = _TEMPLATE_NAME
    page: str = net.generate_html()
    return page
