"""HTML view stage: one self-contained, offline page showing the actor graph.

:func:`render_html` turns the actor graph (a :class:`networkx.MultiDiGraph` whose
nodes are actors and whose keyed edges are relations, see
:func:`kg.analysis.graph.actor_graph`) into a single HTML page drawn by
vis-network 9.1.2, the copy bundled with pyvis. The page is rendered through a
Jinja template of our own rather than pyvis's ``Network``: pyvis's stock
template links Bootstrap from a CDN, prints the heading unescaped and, when a
node tooltip mentions ``href``, fills a popup with ``innerHTML``; and its
``Network.add_edge`` looks both ends up in a list of node ids, which alone costs
about 1.2 s for 15,000 edges among 5,000 nodes. The vis-network items are the
dicts pyvis would build, plus the data the page's controls need. vis-network's
JavaScript and CSS are inlined, so the page makes no network request (a
Content-Security-Policy forbids any).

What the page shows: nodes coloured by actor type and sized by centrality (the
square root of :func:`kg.analysis.centrality.weighted_degree`, the articles
supporting all of an actor's relations, capped); edges coloured by relation,
wider with more supporting articles, parallel edges of different relations
curved apart; plain-text tooltips with up to five evidence sentences, their
article titles, dates and URLs. A panel filters by relation, actor type, date
range (an edge stays while one of its evidence dates is in the range, a month
or a year while it overlaps the range; undated evidence only while no bound is
set) and article, hides actors left without a
visible relation while a date or article filter is on, finds an actor by name,
and counts what is visible. Clicking an edge lists its evidence with links to
the articles (``http``/``https`` URLs only); clicking an actor shows its details.

Layout. Up to 300 nodes, vis-network lays the graph out with its physics and
stops it once stabilised. Its stabilisation runs before the first draw, and on a
2-core machine it took 2.9 s for 250 nodes and 750 edges, 4.4 s for 400/1,200
and 12.4 s for 1,000/3,000; so graphs over 300 nodes get fixed positions
computed here and no physics, and graphs over 1,000 nodes also straight edges,
edges hidden while dragging or zooming, and small nodes' labels hidden at low
zoom, so that a 5,000-node, 15,000-edge graph draws in about two seconds. For
such a graph networkx's own layouts are all too slow (measured on a
Barabási-Albert graph of 5,000 nodes and 15,000 edges, SciPy installed):
``spring_layout`` runs a Python loop over the nodes in every iteration, 1.7 s
each, so 17.7 s for 10 iterations (50 by default); ``method="energy"`` took
21 s for 15 iterations, ``forceatlas2_layout`` 49 s for 20, even
``spectral_layout`` 6.6 s. :func:`_positions` therefore runs ``spring_layout``
(50 iterations, with networkx's dense NumPy solver, used below 500 nodes) on a
connected backbone of the 400 most central actors only, then places every
other actor breadth-first on a sunflower spiral around the first placed
neighbour that reaches it, and starts each part of the graph the backbone does
not reach on a spiral outside it: 0.5 to 0.7 s for 5,000 nodes, the hubs spread
out with their satellites around them.

Every string of the graph is untrusted article text. It reaches the page only as
JSON inside a ``<script>`` element, with ``<``, ``>``, ``&``, U+2028 and U+2029
written as ``\\uXXXX`` escapes, or HTML-escaped by Jinja's autoescaping (the
title). vis-network draws labels on a canvas and shows string tooltips as plain
text, and the page's script builds its controls and panels with
``createElement`` and ``textContent``, never ``innerHTML``, so the data is never
parsed as HTML. Only URLs with an ``http`` or ``https`` scheme become links.

The page reports its size in ``<div id="kg-stats" data-nodes="N" data-edges="M">``
(with ``data-visible-nodes`` and ``data-visible-edges`` kept up to date by the
filters, ``data-drawn="true"`` once drawn and ``data-ready="true"`` once laid
out) and exposes the vis objects as ``window.kgNetwork``, ``nodes`` and
``edges``. The same graph always gives the same bytes.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import heapq
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from kg.analysis.centrality import weighted_degree
from kg.records import ActorType, RelationType
from kg.text import encodable, shorten

__all__ = [
    "ACTOR_COLORS",
    "ARTICLE_COLOR",
    "PAGE_CSP",
    "RELATION_COLORS",
    "page_text",
    "render_html",
]

ACTOR_COLORS: Mapping[str, str] = {
    ActorType.COMPANY: "#4e79a7",
    ActorType.GOVERNMENT: "#e15759",
    ActorType.AGENCY: "#f28e2b",
    ActorType.MEDIA_OUTLET: "#76b7b2",
    ActorType.PERSON: "#59a14f",
    ActorType.ORGANIZATION: "#b07aa1",
}
"""Node colour of each actor type."""

ARTICLE_COLOR = "#edc948"
"""Node colour of the article's own voice (type ``"Article"``)."""

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

_ARTICLE_TYPE = "Article"
_OTHER_TYPE = "Other"
_OTHER_COLOR = "#9e9e9e"
_TYPE_COLORS = {**ACTOR_COLORS, _ARTICLE_TYPE: ARTICLE_COLOR}
_MAX_EVIDENCE = 5
"""Evidence sentences in an edge's tooltip."""
_MAX_DETAILS = 20
"""Evidence sentences in an edge's details panel."""
_MAX_SENTENCE = 300
_MAX_LABEL = 40
_MAX_TITLE = 200
_MAX_URL = 500
_MIN_SIZE = 10.0
_SIZE_STEP = 4.0
_MAX_SIZE = 48.0
_LAYOUT_THRESHOLD = 300
"""Graphs with more nodes are laid out here, without physics (see the module docs)."""
_LARGE_THRESHOLD = 1000
"""Graphs with more nodes get straight edges and no small labels at low zoom."""
_BACKBONE = 400
"""Nodes laid out by ``spring_layout`` in graphs laid out here (see the module docs)."""
_GAP = 28.0
"""Spacing, in pixels, of the satellites placed around a node."""
_GOLDEN_ANGLE = math.pi * (3.0 - math.sqrt(5.0))
_LARGE_LABEL_THRESHOLD = 9
"""In large graphs, labels smaller than this many screen pixels are not drawn."""
_SEED = 7
_TEMPLATE_NAME = "kg_page.html"
_VIS = "vis-9.1.2"
_SOURCE_MAP = "//# sourceMappingURL=vis-network.min.js.map"
_HTTP_URL = re.compile(r"(?i:https?)://[^/?#\s]+\S*")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)?)?)?")

_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")

PAGE_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
)
"""Content-Security-Policy of kg's HTML pages: inline scripts and styles, no request."""

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
@media (min-width: 800px) { #mynetwork { left: 290px; } }
.kg-box { position: absolute; top: 10px; z-index: 10; box-sizing: border-box;
  max-height: calc(100% - 20px); overflow: auto; background: rgba(255, 255, 255, 0.94);
  border: 1px solid #cccccc; border-radius: 6px; padding: 8px 12px; font-size: 13px;
  line-height: 1.35; }
#kg-panel { left: 10px; width: 270px; }
#kg-details { right: 10px; width: 380px; }
#kg-details[hidden] { display: none; }
.kg-box h1 { font-size: 15px; margin: 0 0 4px 0; overflow-wrap: anywhere; }
.kg-box h2 { font-size: 14px; margin: 0 24px 4px 0; overflow-wrap: anywhere; }
.kg-box summary { font-size: 12px; margin: 8px 0 2px 0; text-transform: uppercase;
  color: #555555; cursor: pointer; }
.kg-box label { display: block; margin: 2px 0; }
.kg-box input[type=search], .kg-box select { width: 100%; box-sizing: border-box; }
.kg-box input[type=date] { width: 150px; }
.kg-box ul, .kg-box ol { margin: 0; padding: 0; }
.kg-box ul { list-style: none; }
.kg-box ol { padding-left: 18px; }
.kg-box li { margin: 1px 0; }
#kg-details li { margin: 0 0 8px 0; overflow-wrap: anywhere; }
#kg-details p { margin: 2px 0 6px 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.kg-source { color: #555555; }
.kg-claim { font-style: italic; }
#kg-search { display: flex; gap: 4px; margin-top: 8px; }
#kg-search-status { min-height: 1.3em; color: #555555; }
#kg-details-close { position: absolute; top: 6px; right: 6px; }
#kg-reset { margin-top: 8px; }
.kg-dot { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  margin: 0 6px 0 4px; vertical-align: middle; }
.kg-line { display: inline-block; width: 22px; height: 3px; margin: 0 6px 0 4px;
  vertical-align: middle; }
div.vis-tooltip { white-space: pre-wrap; max-width: 480px; font-family: system-ui, sans-serif;
  font-size: 13px; }
</style>
</head>
<body>
<div id="mynetwork"></div>
<aside id="kg-panel" class="kg-box">
<h1>{{ heading }}</h1>
<div id="kg-stats" data-nodes="{{ nodes|length }}" data-edges="{{ edges|length }}" \
data-visible-nodes="{{ nodes|length }}" data-visible-edges="{{ edges|length }}" \
aria-live="polite">\
{{ nodes|length }} actor{{ '' if nodes|length == 1 else 's' }}, \
{{ edges|length }} relation{{ '' if edges|length == 1 else 's' }}</div>
<label for="kg-search-input">Find an actor</label>
<form id="kg-search" role="search">
<input id="kg-search-input" type="search" list="kg-actor-names" autocomplete="off">
<datalist id="kg-actor-names"></datalist>
<button type="submit">Find</button>
</form>
<div id="kg-search-status"></div>
<details open><summary>Relations</summary><ul id="kg-relations"></ul></details>
<details open><summary>Actors</summary><ul id="kg-types"></ul></details>
<details open><summary>Evidence</summary>
<label>From <input id="kg-date-from" type="date"></label>
<label>To <input id="kg-date-to" type="date"></label>
<label for="kg-article">Article</label>
<select id="kg-article"><option value="">All articles</option></select>
</details>
<button id="kg-reset" type="button">Show everything</button>
</aside>
<aside id="kg-details" class="kg-box" hidden>
<button id="kg-details-close" type="button" aria-label="Close">\u00d7</button>
<div id="kg-details-body"></div>
</aside>
<script>
var kgArticles = {{ articles|kg_json }};
var kgMeta = {{ meta|kg_json }};
var kgNodeItems = {{ nodes|kg_json }};
var kgEdgeItems = {{ edges|kg_json }};
var options = {{ options|kg_json }};
{{ tooltips_js }}
var nodes = new vis.DataSet(kgNodeItems);
var edges = new vis.DataSet(kgEdgeItems);
var network = new vis.Network(
  document.getElementById("mynetwork"), {nodes: nodes, edges: edges}, options);
window.kgNetwork = network;
{{ page_js }}
</script>
</body>
</html>
"""

# Tooltips, built from the items' data before vis-network gets them, so the page
# carries every sentence, article title and URL once. They are plain strings,
# which vis-network shows as text.
_TOOLTIPS = """\
(function () {
  "use strict";
  var byId = new Map(kgNodeItems.map(function (n) { return [n.id, n]; }));
  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }
  kgNodeItems.forEach(function (n) {
    var lines = [n.name, n.actorType];
    if (n.wikidata) { lines.push("Wikidata: " + n.wikidata); }
    lines.push(plural(n.weight, "supporting article") + " over its relations", n.id);
    n.title = lines.join("\\n");
  });
  kgEdgeItems.forEach(function (e) {
    var agent = byId.get(e.from);
    var target = byId.get(e.to);
    var lines = [
      e.relation + ": " + (agent ? agent.label : e.from) + " \\u2192 " +
        (target ? target.label : e.to),
      plural(e.articles, "article")
    ];
    var shown = e.evidence.slice(0, kgMeta.tooltipEvidence);
    shown.forEach(function (item) {
      var info = kgArticles[item.article];
      lines.push("\\u2022 \\u201c" + item.sentence + "\\u201d");
      lines.push("   \\u2014 " + info.title + (item.date ? ", " + item.date : ""));
      if (info.url) { lines.push("   " + info.url); }
    });
    if (e.evidenceCount > shown.length) {
      lines.push("\\u2026 and " + (e.evidenceCount - shown.length) + " more");
    }
    e.title = lines.join("\\n");
  });
}());"""

# The page's behaviour. It reads data only through DOM properties (textContent,
# value, checked) and never parses it as HTML; node ids go into Maps and Sets,
# never into plain objects (an id may be "__proto__").
_SCRIPT = """\
(function () {
  "use strict";
  var stats = document.getElementById("kg-stats");
  var nodeItems = kgNodeItems;
  var edgeItems = kgEdgeItems;
  var nodeById = new Map(nodeItems.map(function (n) { return [n.id, n]; }));
  var edgeById = new Map(edgeItems.map(function (e) { return [e.id, e]; }));
  var ranked = nodeItems.slice().sort(function (a, b) { return b.weight - a.weight; });
  var nodeHidden = new Map();
  var edgeHidden = new Map();
  var relationBoxes = [];
  var typeBoxes = [];
  var dateFrom = document.getElementById("kg-date-from");
  var dateTo = document.getElementById("kg-date-to");
  var article = document.getElementById("kg-article");
  var search = document.getElementById("kg-search-input");
  var status = document.getElementById("kg-search-status");
  var details = document.getElementById("kg-details");
  var detailsBody = document.getElementById("kg-details-body");

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function link(text, url) {
    if (typeof url === "string" && /^https?:\\/\\//i.test(url)) {
      var a = element("a", text);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }
    return document.createTextNode(text);
  }

  function plural(count, word) { return count + " " + word + (count === 1 ? "" : "s"); }

  function checkboxes(listId, entries, swatch, into) {
    var list = document.getElementById(listId);
    entries.forEach(function (entry) {
      var item = element("li");
      var label = element("label");
      var box = element("input");
      var mark = element("span", null, swatch);
      box.type = "checkbox";
      box.checked = true;
      box.value = entry[0];
      mark.style.background = entry[1];
      label.append(box, mark, document.createTextNode(entry[0] + " (" + entry[2] + ")"));
      item.append(label);
      list.append(item);
      box.addEventListener("change", apply);
      into.push(box);
    });
  }

  function checked(boxes) {
    return new Set(boxes.filter(function (b) { return b.checked; }).map(function (b) {
      return b.value;
    }));
  }

  function apply() {
    var relations = checked(relationBoxes);
    var types = checked(typeBoxes);
    var from = dateFrom.value || null;
    var to = dateTo.value || null;
    var only = article.value === "" ? null : Number(article.value);
    var byEvidence = from !== null || to !== null || only !== null;
    var typeOk = new Set();
    nodeItems.forEach(function (n) { if (types.has(n.actorType)) { typeOk.add(n.id); } });
    var linked = new Set();
    var edgeChanges = [];
    var shownEdges = 0;
    edgeItems.forEach(function (e) {
      var show = relations.has(e.relation) && typeOk.has(e.from) && typeOk.has(e.to) &&
        (!byEvidence || e.support.some(function (s) {
          return (only === null || s[0] === only) &&
            (from === null || (s[2] !== null && s[2] >= from)) &&
            (to === null || (s[1] !== null && s[1] <= to));
        }));
      if (show) { linked.add(e.from); linked.add(e.to); shownEdges += 1; }
      if ((edgeHidden.get(e.id) === true) === show) {
        edgeHidden.set(e.id, !show);
        edgeChanges.push({id: e.id, hidden: !show});
      }
    });
    var nodeChanges = [];
    var shownNodes = 0;
    nodeItems.forEach(function (n) {
      var show = typeOk.has(n.id) && (!byEvidence || linked.has(n.id));
      if (show) { shownNodes += 1; }
      if ((nodeHidden.get(n.id) === true) === show) {
        nodeHidden.set(n.id, !show);
        nodeChanges.push({id: n.id, hidden: !show});
      }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    stats.dataset.visibleNodes = String(shownNodes);
    stats.dataset.visibleEdges = String(shownEdges);
    stats.textContent = "Showing " + shownNodes + " of " + plural(nodeItems.length, "actor") +
      ", " + shownEdges + " of " + plural(edgeItems.length, "relation");
  }

  function showDetails(parts) {
    detailsBody.replaceChildren(...parts);
    details.hidden = false;
  }

  function showNode(id) {
    var n = nodeById.get(id);
    if (!n) { return; }
    var parts = [element("h2", n.name), element("p", n.title)];
    if (typeof n.wikidata === "string" && /^Q[0-9]+$/.test(n.wikidata)) {
      var p = element("p", "Wikidata: ");
      p.append(link(n.wikidata, "https://www.wikidata.org/wiki/" + n.wikidata));
      parts.push(p);
    }
    showDetails(parts);
  }

  function showEdge(id) {
    var e = edgeById.get(id);
    if (!e) { return; }
    var agent = nodeById.get(e.from);
    var target = nodeById.get(e.to);
    var list = element("ol");
    e.evidence.forEach(function (item) {
      var entry = element("li");
      var source = element("div", "\\u2014 ", "kg-source");
      var info = kgArticles[item.article];
      source.append(link(info ? info.title : "unknown article", info ? info.url : null));
      if (item.date) { source.append(document.createTextNode(", " + item.date)); }
      entry.append(element("div", "\\u201c" + item.sentence + "\\u201d"));
      if (item.claim) { entry.append(element("div", "Claim: " + item.claim, "kg-claim")); }
      entry.append(source);
      list.append(entry);
    });
    var parts = [
      element("h2", e.relation + ": " + (agent ? agent.label : e.from) + " \\u2192 " +
        (target ? target.label : e.to)),
      element("p", plural(e.articles, "article") + ", " + plural(e.evidenceCount, "sentence")),
      list
    ];
    if (e.evidenceCount > e.evidence.length) {
      parts.push(element("p", "\\u2026 and " + (e.evidenceCount - e.evidence.length) + " more"));
    }
    showDetails(parts);
  }

  function findActor(query) {
    var wanted = query.trim().toLowerCase();
    if (!wanted) { status.textContent = ""; return; }
    var match = ranked.find(function (n) { return n.label.toLowerCase() === wanted; }) ||
      ranked.find(function (n) { return n.label.toLowerCase().indexOf(wanted) !== -1; });
    if (!match) {
      status.textContent = "No actor matches \\u201c" + query.trim() + "\\u201d";
      return;
    }
    status.textContent = match.label + (nodeHidden.get(match.id) ? " (hidden by the filters)" : "");
    network.selectNodes([match.id]);
    network.focus(match.id, {scale: Math.max(network.getScale(), 1.2),
      animation: {duration: 300, easingFunction: "easeInOutQuad"}});
    showNode(match.id);
  }

  checkboxes("kg-relations", kgMeta.relations, "kg-line", relationBoxes);
  checkboxes("kg-types", kgMeta.types, "kg-dot", typeBoxes);
  if (kgMeta.dates) {
    [dateFrom, dateTo].forEach(function (input) {
      input.min = kgMeta.dates[0];
      input.max = kgMeta.dates[1];
    });
  }
  kgArticles.forEach(function (a, index) {
    var title = a.title.length > 90 ? a.title.slice(0, 89) + "\\u2026" : a.title;
    var option = element("option", (a.date || "undated") + " \\u00b7 " + title);
    option.value = String(index);
    article.append(option);
  });
  var names = document.createDocumentFragment();
  var labels = new Set();
  nodeItems.forEach(function (n) {
    if (labels.has(n.label)) { return; }
    labels.add(n.label);
    var option = element("option");
    option.value = n.label;
    names.append(option);
  });
  document.getElementById("kg-actor-names").append(names);
  [dateFrom, dateTo, article].forEach(function (input) {
    input.addEventListener("change", apply);
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    relationBoxes.concat(typeBoxes).forEach(function (b) { b.checked = true; });
    dateFrom.value = "";
    dateTo.value = "";
    article.value = "";
    apply();
  });
  document.getElementById("kg-search").addEventListener("submit", function (event) {
    event.preventDefault();
    findActor(search.value);
  });
  // Picking a name from the list focuses it at once; anything else waits for Enter.
  search.addEventListener("input", function () {
    if (labels.has(search.value)) { findActor(search.value); }
  });
  document.getElementById("kg-details-close").addEventListener("click", function () {
    details.hidden = true;
  });
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { details.hidden = true; }
  });
  apply();

  function ready() { stats.dataset.ready = "true"; }
  network.once("afterDrawing", function () { stats.dataset.drawn = "true"; });
  if (options.physics.enabled) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: false});
      ready();
    });
  } else {
    ready();
  }
}());"""


def _script_json(value: object) -> Markup:
    """JSON that is safe inside a ``<script>`` element of an HTML page. A lone
    surrogate is written as its ``\\uXXXX`` escape: JavaScript strings hold it,
    and the page stays valid UTF-8.

    >>> str(_script_json(["</script>", "a&b", "\\u2028", "\\ud800"]))
    '["\\\\u003c/script\\\\u003e","a\\\\u0026b","\\\\u2028","\\\\ud800"]'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return Markup(_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text))


def page_text(value: object) -> object:
    """Jinja's ``finalize`` for kg's pages: plain text printed into the page (a
    title) as :func:`~kg.text.encodable` makes it, so that a lone surrogate (a
    file name that is not UTF-8 gives one) cannot stop the page being written;
    markup and other values as they are.

    >>> page_text("a\\ud800"), page_text(Markup("<b>")), page_text(3)
    ('a\ufffd', Markup('<b>'), 3)
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        return encodable(value)
    return value


@functools.cache
def _environment() -> Environment:
    """Jinja environment: our page template, its scripts and pyvis's bundled vis-network files.

    The files are embedded verbatim except vis-network's ``sourceMappingURL``
    comment, the one reference to another file (fetched by browser dev tools).
    """
    vis = Path(pyvis.__file__).parent / "templates" / "lib" / _VIS
    script = (vis / "vis-network.min.js").read_text(encoding="utf-8")
    page = _PAGE.replace("@CSP@", PAGE_CSP)
    env = Environment(
        loader=DictLoader({_TEMPLATE_NAME: page}), autoescape=True, finalize=page_text
    )
    env.filters["kg_json"] = _script_json
    env.globals["vis_css"] = Markup((vis / "vis-network.css").read_text(encoding="utf-8"))
    env.globals["vis_js"] = Markup(script.replace(_SOURCE_MAP, ""))
    env.globals["tooltips_js"] = Markup(_TOOLTIPS)
    env.globals["page_js"] = Markup(_SCRIPT)
    return env


def _clean(text: object, limit: int) -> str:
    """One line of at most ``limit`` characters (whitespace runs collapsed).

    >>> _clean("  a\\n b  ", 10), _clean("abcdef", 4)
    ('a b', 'abc…')
    """
    return shorten(str(text), limit)


def _iso_date(value: object) -> str | None:
    """An ISO date of day, month or year precision (``YYYY-MM-DD``, ``YYYY-MM``,
    ``YYYY``; a date-time gives its day), else ``None``.

    >>> _iso_date("2024-05-01"), _iso_date("2024-05-01T10:00:00Z"), _iso_date("2015-04")
    ('2024-05-01', '2024-05-01', '2015-04')
    >>> _iso_date("May 2024"), _iso_date("2024-13"), _iso_date("2024-02-30"), _iso_date(None)
    (None, None, None, None)
    """
    match = _ISO_DATE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(part for part in (year, month, day) if part)


def _date_span(date: str | None) -> tuple[str | None, str | None]:
    """The first and last day of an :func:`_iso_date` (``None``, ``None`` if undated).

    >>> _date_span("2024-05-01"), _date_span("2024-02"), _date_span("2023")
    (('2024-05-01', '2024-05-01'), ('2024-02-01', '2024-02-29'), ('2023-01-01', '2023-12-31'))
    """
    if date is None:
        return None, None
    year, month, day = [*date.split("-"), "", ""][:3]
    if day:
        return date, date
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def _http_url(value: object) -> str | None:
    """``value`` if it is an absolute ``http`` or ``https`` URL, else ``None``.

    >>> _http_url("https://example.org/a?b=1"), _http_url("javascript:alert(1)")
    ('https://example.org/a?b=1', None)
    >>> _http_url(" http://example.org"), _http_url("https://exa mple.org"), _http_url("//x.org")
    (None, None, None)
    """
    if not isinstance(value, str) or len(value) > _MAX_URL or not value.isprintable():
        return None
    return value if _HTTP_URL.fullmatch(value) else None


def _actor_type(data: Mapping[str, Any]) -> str:
    """The actor's type as given (one line, at most 60 characters), ``"Other"``
    when it has none."""
    return _clean(data.get("type") or _OTHER_TYPE, 60)


def _node_size(weight: int) -> float:
    """Node radius in pixels: grows with the square root of the weighted degree, capped.

    >>> [_node_size(w) for w in (0, 1, 4, 25, 10_000)]
    [10.0, 14.0, 18.0, 30.0, 48.0]
    """
    return round(min(_MIN_SIZE + _SIZE_STEP * math.sqrt(max(weight, 0)), _MAX_SIZE), 1)


def _font_size(size: float) -> int:
    """Label size for a node of radius ``size``: 12 to 25 pixels."""
    return round(12 + (size - _MIN_SIZE) * 0.35)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


ArticleKey = tuple[str, ...]


def _article_key(item: Mapping[str, Any]) -> ArticleKey:
    """Which article an evidence item comes from: its IRI, else its title and URL."""
    if item.get("article_id"):
        return ("iri", str(item["article_id"]))
    return ("text", str(item.get("article") or ""), str(item.get("url") or ""))


def _article_entry(iri: str, title: object, date: object, url: object) -> dict[str, Any]:
    return {
        "id": iri,
        "title": _clean(title or url or "unknown article", _MAX_TITLE),
        "date": _iso_date(date),
        "url": _http_url(url),
    }


def _articles(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], dict[ArticleKey, int]]:
    """The page's article table, oldest first (undated last), and each article's index.

    The table holds ``graph.graph["articles"]`` and any other article that
    evidence names (a graph built by hand may have no table).
    """
    found: dict[ArticleKey, dict[str, Any]] = {}
    table: Mapping[str, Mapping[str, Any]] = graph.graph.get("articles") or {}
    for iri, info in table.items():
        title = info.get("title") or info.get("source")
        found[("iri", str(iri))] = _article_entry(
            str(iri), title, info.get("date"), info.get("url")
        )
    for _, _, data in graph.edges(data=True):
        for item in data.get("evidence") or ():
            key = _article_key(item)
            if key not in found:
                found[key] = _article_entry(
                    str(item.get("article_id") or ""),
                    item.get("article"),
                    item.get("date"),
                    item.get("url"),
                )
    ordered = sorted(
        found.items(),
        key=lambda pair: (
            pair[1]["date"] is None,
            pair[1]["date"] or "",
            pair[1]["title"],
            pair[0],
        ),
    )
    return [entry for _, entry in ordered], {key: index for index, (key, _) in enumerate(ordered)}


def _roundness(relation: str) -> float:
    """Curvature per relation type, so parallel edges of different types stay apart."""
    order = list(RelationType)
    index = order.index(RelationType(relation)) if relation in RELATION_COLORS else len(order)
    return round(0.08 + 0.1 * index, 2)


def _edge_width(articles: int) -> float:
    return round(min(1.5 + 1.5 * math.log2(max(articles, 1)), 9.0), 2)


def _edge_item(
    index: int,
    agent: str,
    target: str,
    key: object,
    data: Mapping[str, Any],
    article_index: Mapping[ArticleKey, int],
    curved: bool,
) -> dict[str, Any]:
    """One vis-network edge with the data of its tooltip, filters and details:
    ``support`` lists the distinct (article index, first day, last day) of
    all its evidence (a month or a year spans several days), ``evidence`` the
    first 20 evidence items."""
    relation = str(data.get("relation") or key)
    count = int(data.get("articles") or 0)
    evidence = [(said, article_index[_article_key(said)]) for said in data.get("evidence") or ()]
    item: dict[str, Any] = {
        "id": f"e{index}",
        "from": agent,
        "to": target,
        "relation": relation,
        "articles": count,
        "color": RELATION_COLORS.get(relation, _OTHER_COLOR),
        "width": _edge_width(count),
        "support": sorted(
            {(number, *_date_span(_iso_date(said.get("date")))) for said, number in evidence},
            key=lambda entry: (entry[0], entry[1] or "", entry[2] or ""),
        ),
        "evidenceCount": len(evidence),
        "evidence": [
            {
                "sentence": _clean(said.get("sentence", ""), _MAX_SENTENCE),
                "claim": _clean(said["claim"], _MAX_SENTENCE) if said.get("claim") else None,
                "article": number,
                "date": _iso_date(said.get("date")),
            }
            for said, number in evidence[:_MAX_DETAILS]
        ],
    }
    if curved:
        item["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": _roundness(relation)}
    return item


def _simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph of ``graph`` (string ids, no self-loops)."""
    simple = nx.Graph()
    simple.add_nodes_from(str(node) for node in graph)
    simple.add_edges_from(
        (str(agent), str(target)) for agent, target in graph.edges() if agent != target
    )
    return simple


def _backbone(simple: nx.Graph, rank: Mapping[str, int], size: int) -> list[str]:
    """Up to ``size`` nodes grown from the most central one, always adding the
    most central neighbour of those taken: a connected core of the graph."""
    start = min(simple, key=rank.__getitem__)
    chosen = [start]
    taken = {start}
    heap = [(rank[node], node) for node in simple[start]]
    heapq.heapify(heap)
    while heap and len(chosen) < size:
        _, node = heapq.heappop(heap)
        if node in taken:
            continue
        taken.add(node)
        chosen.append(node)
        for neighbour in simple[node]:
            if neighbour not in taken:
                heapq.heappush(heap, (rank[neighbour], neighbour))
    return chosen


def _positions(
    graph: nx.MultiDiGraph, weights: Mapping[str, int], sizes: Mapping[str, float]
) -> dict[str, tuple[float, float]]:
    """Fixed pixel positions, deterministic for the same graph.

    ``spring_layout`` places a connected backbone of the most central nodes;
    every other node goes, breadth-first, on a sunflower spiral around the
    first placed neighbour that reaches it; each part of the graph the
    backbone does not reach starts from its most central node, put on a
    spiral outside the backbone's part.
    """
    simple = _simple_graph(graph)
    order = sorted(simple, key=lambda node: (-weights.get(node, 0), node))
    rank = {node: position for position, node in enumerate(order)}
    backbone = _backbone(simple, rank, _BACKBONE)
    layout = nx.spring_layout(simple.subgraph(backbone), seed=_SEED)
    scale = 40.0 * math.sqrt(simple.number_of_nodes())
    placed = {node: (float(x) * scale, float(y) * scale) for node, (x, y) in layout.items()}
    around: Counter[str] = Counter()
    frontier = sorted(backbone, key=rank.__getitem__)
    outside = 0
    radius = 0.0
    roots = iter(order)
    while len(placed) < len(order):
        reached = []
        for anchor in frontier:
            ax, ay = placed[anchor]
            for node in sorted(simple[anchor], key=rank.__getitem__):
                if node in placed:
                    continue
                step = around[anchor]
                around[anchor] += 1
                distance = sizes[anchor] + _GAP * math.sqrt(step + 1)
                angle = step * _GOLDEN_ANGLE
                placed[node] = (ax + distance * math.cos(angle), ay + distance * math.sin(angle))
                reached.append(node)
        if not reached and len(placed) < len(order):
            root = next(node for node in roots if node not in placed)
            if not radius:
                radius = max(math.hypot(x, y) for x, y in placed.values()) + 4 * _GAP
            distance = math.sqrt(radius**2 + (6 * _GAP) ** 2 * outside)
            angle = outside * _GOLDEN_ANGLE
            placed[root] = (distance * math.cos(angle), distance * math.sin(angle))
            outside += 1
            reached.append(root)
        frontier = reached
    return {node: (round(x, 1), round(y, 1)) for node, (x, y) in placed.items()}


def _options(positioned: bool, large: bool) -> dict[str, Any]:
    """vis-network options: physics unless ``positioned``; for ``large`` graphs
    straight edges, edges hidden while dragging or zooming, small labels hidden
    at low zoom."""
    nodes: dict[str, Any] = {
        "shape": "dot",
        "borderWidth": 1,
        "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3},
    }
    if large:
        nodes["scaling"] = {"label": {"drawThreshold": _LARGE_LABEL_THRESHOLD}}
    return {
        "nodes": nodes,
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": {"enabled": not large, "type": "curvedCW", "roundness": 0.2},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
        },
        "layout": {"randomSeed": _SEED, "improvedLayout": not positioned},
        "physics": {
            "enabled": not positioned,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        },
    }


def _legend(
    names: Iterable[str], present: Counter[str], colors: Mapping[str, str]
) -> list[list[object]]:
    """Legend and filter entries ``[name, colour, count]``: every name of
    ``names``, then any other value present (grey unless ``colors`` has it)."""
    known = list(names)
    others = sorted(name for name in present if name not in known)
    return [[name, colors.get(name, _OTHER_COLOR), present[name]] for name in known + others]


def render_html(graph: nx.MultiDiGraph, *, title: str = "kg graph") -> str:
    """Return a self-contained, offline HTML page showing the actor graph.

    Nodes are coloured by actor type and sized by their weighted degree; edges
    are coloured by relation, wider with more supporting articles, and their
    tooltips list up to five evidence sentences. Graphs over 300 nodes are
    laid out in Python and shown without physics; smaller ones are laid out by
    vis-network, which stops its physics once stabilised. The page's panel
    filters the graph and finds actors (see the module docs).

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
    positioned = graph.number_of_nodes() > _LAYOUT_THRESHOLD
    large = graph.number_of_nodes() > _LARGE_THRESHOLD
    weights = weighted_degree(graph)
    sizes = {str(node): _node_size(weights.get(str(node), 0)) for node in graph}
    positions = _positions(graph, weights, sizes) if positioned else {}
    types: Counter[str] = Counter()
    node_items = []
    for node, data in graph.nodes(data=True):
        node_id = str(node)
        actor_type = _actor_type(data)
        types[actor_type] += 1
        item: dict[str, Any] = {
            "id": node_id,
            "label": _clean(data.get("label") or node_id, _MAX_LABEL),
            "name": _clean(data.get("label") or node_id, _MAX_SENTENCE),
            "color": _TYPE_COLORS.get(actor_type, _OTHER_COLOR),
            "size": sizes[node_id],
            "font": {"size": _font_size(sizes[node_id])},
            "actorType": actor_type,
            "weight": weights.get(node_id, 0),
            "wikidata": _clean(data["wikidata"], 40) if data.get("wikidata") else None,
        }
        if node_id in positions:
            item["x"], item["y"] = positions[node_id]
        node_items.append(item)
    articles, article_index = _articles(graph)
    edge_items = [
        _edge_item(index, str(agent), str(target), key, data, article_index, not large)
        for index, (agent, target, key, data) in enumerate(graph.edges(keys=True, data=True))
    ]
    dates = sorted(day for e in edge_items for _, *days in e["support"] for day in days if day)
    relations = Counter(str(e["relation"]) for e in edge_items)
    meta = {
        "relations": _legend(RELATION_COLORS, relations, RELATION_COLORS),
        "types": _legend(ACTOR_COLORS, types, _TYPE_COLORS),
        "dates": [dates[0], dates[-1]] if dates else None,
        "tooltipEvidence": _MAX_EVIDENCE,
    }
    page: str = (
        _environment()
        .get_template(_TEMPLATE_NAME)
        .render(
            heading=title,
            nodes=node_items,
            edges=edge_items,
            articles=articles,
            meta=meta,
            options=_options(positioned, large),
        )
    )
    return page
