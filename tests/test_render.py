"""Fast tests of the HTML view stage (no browser): the data the page gets."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from typing import Any

import networkx as nx
import pytest

from kg.analysis.centrality import weighted_degree
from kg.render import ACTOR_COLORS, ARTICLE_COLOR, RELATION_COLORS, render_html

SCRIPT_PAYLOAD = "</script><script>window.__xss=1;alert(1)</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)">'
ODD_TEXT = "`${window.__xss=1}` \"quoted\" 'single'\nnew line"

ARTICLES: dict[str, dict[str, str | None]] = {
    "urn:article:1": {
        "title": "Huawei denies",
        "source": "1.txt",
        "date": "2024-05-01",
        "url": "https://example.org/1",
    },
    "urn:article:2": {
        "title": "Sanctions widen",
        "source": "2.txt",
        "date": "2023-02-10",
        "url": "http://example.org/2",
    },
    "urn:article:3": {"title": "Undated note", "source": "3.txt", "date": None, "url": None},
}


def _evidence(article: str, sentence: str, claim: str | None = None) -> dict[str, Any]:
    info = ARTICLES[article]
    return {
        "sentence": sentence,
        "article": info["title"],
        "article_id": article,
        "date": info["date"],
        "url": info["url"],
        "claim": claim,
    }


def _add(
    g: nx.MultiDiGraph, agent: str, target: str, relation: str, *articles: str
) -> dict[str, Any]:
    evidence = [_evidence(a, f"{agent} {relation} {target} in {a}.") for a in articles]
    g.add_edge(
        agent,
        target,
        key=relation,
        relation=relation,
        articles=len(set(articles)),
        evidence=evidence,
    )
    data: dict[str, Any] = g.edges[agent, target, relation]
    return data


@pytest.fixture
def sample_graph() -> nx.MultiDiGraph:
    """Six actors, eight relations (two pairs with parallel edges), three articles."""
    g = nx.MultiDiGraph(articles=ARTICLES)
    for iri, label, kind in [
        ("urn:huawei", "Huawei", "Company"),
        ("urn:us", "US Government", "Government"),
        ("urn:fcc", "FCC", "Agency"),
        ("urn:reuters", "Reuters", "MediaOutlet"),
        ("urn:ren", "Ren Zhengfei", "Person"),
        ("urn:eu", "European Union", "Organization"),
    ]:
        g.add_node(iri, label=label, type=kind, wikidata=None)
    _add(g, "urn:us", "urn:huawei", "accuses", "urn:article:1", "urn:article:2")
    _add(g, "urn:us", "urn:huawei", "sanctions", "urn:article:2")
    _add(g, "urn:huawei", "urn:us", "denies", "urn:article:1")
    _add(g, "urn:huawei", "urn:us", "criticizes", "urn:article:3")
    _add(g, "urn:reuters", "urn:fcc", "cites", "urn:article:1")
    _add(g, "urn:fcc", "urn:huawei", "demands", "urn:article:2", "urn:article:3")
    _add(g, "urn:ren", "urn:huawei", "defends", "urn:article:1")
    _add(g, "urn:eu", "urn:us", "threatens", "urn:article:3")
    g.edges["urn:ren", "urn:huawei", "defends"]["articles"] = 7
    g.edges["urn:us", "urn:huawei", "accuses"]["evidence"][0]["claim"] = "spied on users"
    return g


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """Untrusted text in every field that reaches the page."""
    g = nx.MultiDiGraph(
        articles={
            "urn:a\u2028": {
                "title": SCRIPT_PAYLOAD,
                "source": IMG_PAYLOAD,
                "date": ODD_TEXT,
                "url": "javascript:alert(1)",
            }
        }
    )
    g.add_node("urn:evil\u2028\u2029", label=SCRIPT_PAYLOAD, type="Company", wikidata=IMG_PAYLOAD)
    g.add_node("urn:victim", label=IMG_PAYLOAD, type="<b>Government</b>")
    g.add_edge(
        "urn:evil\u2028\u2029",
        "urn:victim",
        key="accuses",
        relation="accuses",
        articles=1,
        evidence=[
            {
                "sentence": IMG_PAYLOAD,
                "article": SCRIPT_PAYLOAD,
                "article_id": "urn:a\u2028",
                "date": ODD_TEXT,
                "url": "javascript:alert(1)",
                "claim": SCRIPT_PAYLOAD,
            },
            {
                "sentence": ODD_TEXT + "\u2028" + SCRIPT_PAYLOAD,
                "article": IMG_PAYLOAD,
                "date": None,
                "url": " JaVaScRiPt:alert(1)",
            },
        ],
    )
    return g


def _data(page: str, name: str) -> Any:
    """The JSON the page's script assigns to ``name``."""
    match = re.search(rf"\nvar {name} = (.*?);\n", page)
    assert match is not None, name
    return json.loads(match.group(1))


def _stats(page: str) -> dict[str, str]:
    match = re.search(r'<div id="kg-stats" ([^>]*)>', page)
    assert match is not None
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))


def _line_graph(count: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(count):
        g.add_node(f"urn:{i}", label=f"n{i}", type="Person")
    for i in range(count - 1):
        g.add_edge(
            f"urn:{i}", f"urn:{i + 1}", key="cites", relation="cites", articles=1, evidence=[]
        )
    return g


def test_page_references_nothing_external(sample_graph: nx.MultiDiGraph) -> None:
    page = render_html(sample_graph)
    assert re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE) is None
    assert re.search(r"<link\b", page, re.IGNORECASE) is None
    assert re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I) is None
    assert re.search(r"@import|@font-face|sourceMappingURL", page, re.IGNORECASE) is None
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", page)
    assert urls
    assert all(url.startswith("data:") for url in urls)
    assert "default-src 'none'" in page
    assert "bootstrap" not in page.lower()
    assert "jsdelivr" not in page and "cdnjs" not in page
    assert "innerHTML" not in page.split("</script>", 1)[1]


def test_stats_report_counts(sample_graph: nx.MultiDiGraph) -> None:
    page = render_html(sample_graph)
    stats = _stats(page)
    assert stats["data-nodes"] == stats["data-visible-nodes"] == "6"
    assert stats["data-edges"] == stats["data-visible-edges"] == "8"
    assert re.search(r'<div id="kg-stats" data-nodes="6" data-edges="8"', page)
    assert len(_data(page, "kgNodeItems")) == 6
    assert len(_data(page, "kgEdgeItems")) == 8
    assert "6 actors, 8 relations" in page
    assert "window.kgNetwork = network;" in page
    assert "var nodes = new vis.DataSet(kgNodeItems);" in page


def test_empty_graph() -> None:
    page = render_html(nx.MultiDiGraph())
    assert _stats(page)["data-nodes"] == "0"
    assert _data(page, "kgNodeItems") == []
    assert _data(page, "kgArticles") == []
    assert _data(page, "kgMeta")["dates"] is None


def test_parallel_edges_kept_and_curved_apart(sample_graph: nx.MultiDiGraph) -> None:
    edges = _data(render_html(sample_graph), "kgEdgeItems")
    pair = [e for e in edges if (e["from"], e["to"]) == ("urn:us", "urn:huawei")]
    assert sorted(e["relation"] for e in pair) == ["accuses", "sanctions"]
    assert len({e["smooth"]["roundness"] for e in pair}) == 2
    assert all(e["smooth"]["type"] == "curvedCW" for e in edges)
    assert len({e["id"] for e in edges}) == len(edges)


def test_edges_styled_by_relation_and_articles(sample_graph: nx.MultiDiGraph) -> None:
    edges = {e["relation"]: e for e in _data(render_html(sample_graph), "kgEdgeItems")}
    assert set(edges) == set(RELATION_COLORS)
    for relation, edge in edges.items():
        assert edge["color"] == RELATION_COLORS[relation]
    assert edges["defends"]["width"] > edges["accuses"]["width"] > edges["cites"]["width"]
    assert edges["defends"]["articles"] == 7


def test_nodes_coloured_by_type_and_sized_by_centrality(sample_graph: nx.MultiDiGraph) -> None:
    nodes = {n["id"]: n for n in _data(render_html(sample_graph), "kgNodeItems")}
    assert {n["actorType"]: n["color"] for n in nodes.values()} == dict(ACTOR_COLORS)
    weights = weighted_degree(sample_graph)
    assert {i: n["weight"] for i, n in nodes.items()} == weights
    by_weight = sorted(nodes.values(), key=lambda n: n["weight"])
    sizes = [n["size"] for n in by_weight]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    assert [n["font"]["size"] for n in by_weight] == sorted(n["font"]["size"] for n in by_weight)
    # A square-root scale: the growth over the smallest size goes with the root of the weight.
    assert (nodes["urn:huawei"]["weight"], nodes["urn:reuters"]["weight"]) == (14, 1)
    growth = [nodes[i]["size"] - 10 for i in ("urn:huawei", "urn:reuters")]
    assert growth[0] / growth[1] == pytest.approx(math.sqrt(14), rel=0.01)
    assert {n["label"] for n in nodes.values()} >= {"Huawei", "FCC", "Ren Zhengfei"}


def test_node_sizes_are_capped() -> None:
    g = nx.MultiDiGraph()
    g.add_edge("urn:a", "urn:b", key="accuses", relation="accuses", articles=10_000)
    g.add_edge("urn:c", "urn:b", key="accuses", relation="accuses", articles=100_000)
    nodes = {n["id"]: n for n in _data(render_html(g), "kgNodeItems")}
    assert nodes["urn:a"]["size"] == nodes["urn:b"]["size"] == 48
    assert nodes["urn:a"]["actorType"] == "Other"


def test_articles_table_and_per_edge_filter_data(sample_graph: nx.MultiDiGraph) -> None:
    page = render_html(sample_graph)
    articles = _data(page, "kgArticles")
    # Oldest first, undated last; only http(s) URLs.
    assert [a["id"] for a in articles] == ["urn:article:2", "urn:article:1", "urn:article:3"]
    assert articles[0] == {
        "id": "urn:article:2",
        "title": "Sanctions widen",
        "date": "2023-02-10",
        "url": "http://example.org/2",
    }
    index = {a["id"]: i for i, a in enumerate(articles)}
    edges = {e["relation"]: e for e in _data(page, "kgEdgeItems")}
    accuses = edges["accuses"]
    assert accuses["support"] == [
        [index["urn:article:2"], "2023-02-10", "2023-02-10"],
        [index["urn:article:1"], "2024-05-01", "2024-05-01"],
    ]
    assert edges["criticizes"]["support"] == [[index["urn:article:3"], None, None]]
    assert accuses["evidenceCount"] == 2
    first = accuses["evidence"][0]
    assert first == {
        "sentence": "urn:us accuses urn:huawei in urn:article:1.",
        "claim": "spied on users",
        "article": index["urn:article:1"],
        "date": "2024-05-01",
    }
    meta = _data(page, "kgMeta")
    assert meta["dates"] == ["2023-02-10", "2024-05-01"]
    assert meta["relations"][0] == ["accuses", RELATION_COLORS["accuses"], 1]
    assert [name for name, _, _ in meta["types"]] == list(ACTOR_COLORS)


def test_articles_come_from_evidence_without_a_table() -> None:
    g = nx.MultiDiGraph()
    g.add_node("urn:a", label="A", type="Company")
    g.add_node("urn:b", label="B", type="Person")
    said = {"sentence": "A accused B.", "article": "a.txt", "date": "2024-01-02", "url": None}
    again = {**said, "sentence": "A again accused B."}
    other = {"sentence": "B cited A.", "article": "b.txt", "date": "2020-13-45", "url": None}
    g.add_edge("urn:a", "urn:b", key="accuses", relation="accuses", articles=1, evidence=[said])
    g.add_edge("urn:b", "urn:a", key="cites", articles=2, evidence=[again, other])
    page = render_html(g)
    articles = _data(page, "kgArticles")
    assert [(a["id"], a["title"], a["date"]) for a in articles] == [
        ("", "a.txt", "2024-01-02"),
        ("", "b.txt", None),
    ]
    edges = {e["relation"]: e for e in _data(page, "kgEdgeItems")}
    assert edges["cites"]["support"] == [[0, "2024-01-02", "2024-01-02"], [1, None, None]]
    assert edges["cites"]["articles"] == 2


def test_month_and_year_dates_span_their_days() -> None:
    g = nx.MultiDiGraph()
    items = [
        {"sentence": "S.", "article": "month.txt", "date": "2024-02", "url": None},
        {"sentence": "T.", "article": "year.txt", "date": "2013", "url": None},
        {"sentence": "U.", "article": "bad.txt", "date": "2013-02-29", "url": None},
    ]
    g.add_edge("urn:a", "urn:b", key="accuses", relation="accuses", articles=3, evidence=items)
    page = render_html(g)
    assert [(a["title"], a["date"]) for a in _data(page, "kgArticles")] == [
        ("year.txt", "2013"),
        ("month.txt", "2024-02"),
        ("bad.txt", None),
    ]
    (edge,) = _data(page, "kgEdgeItems")
    assert edge["support"] == [
        [0, "2013-01-01", "2013-12-31"],
        [1, "2024-02-01", "2024-02-29"],
        [2, None, None],
    ]
    assert [e["date"] for e in edge["evidence"]] == ["2024-02", "2013", None]
    assert _data(page, "kgMeta")["dates"] == ["2013-01-01", "2024-02-29"]


def test_many_evidence_items_are_trimmed_but_counted() -> None:
    g = nx.MultiDiGraph()
    items = [
        {"sentence": f"S{i}.", "article": f"{i}.txt", "date": f"2024-01-{i + 1:02d}", "url": None}
        for i in range(25)
    ]
    g.add_edge("urn:a", "urn:b", key="accuses", relation="accuses", articles=25, evidence=items)
    (edge,) = _data(render_html(g), "kgEdgeItems")
    assert edge["evidenceCount"] == 25
    assert [e["sentence"] for e in edge["evidence"]] == [f"S{i}." for i in range(20)]
    assert len(edge["support"]) == 25
    assert _data(render_html(g), "kgMeta")["tooltipEvidence"] == 5


def test_article_voice_node_has_its_own_colour() -> None:
    g = nx.MultiDiGraph()
    g.add_node("@article", label="@article", type="Article")
    g.add_node("urn:r", label="Reuters", type="MediaOutlet")
    g.add_edge("@article", "urn:r", key="cites", relation="cites", articles=1, evidence=[])
    page = render_html(g)
    nodes = {n["id"]: n for n in _data(page, "kgNodeItems")}
    assert nodes["@article"]["color"] == ARTICLE_COLOR
    assert ["Article", ARTICLE_COLOR, 1] in _data(page, "kgMeta")["types"]


def test_hostile_strings_cannot_break_out(hostile_graph: nx.MultiDiGraph) -> None:
    page = render_html(hostile_graph, title=SCRIPT_PAYLOAD + IMG_PAYLOAD)
    for raw in (
        SCRIPT_PAYLOAD,
        IMG_PAYLOAD,
        "<script>window",
        "<img",
        "<b>Government",
        "\u2028",
        "\u2029",
    ):
        assert raw not in page
    # The data adds no tag: same tag counts as a page of harmless data.
    plain = render_html(nx.MultiDiGraph(), title="plain")
    for tag in ("<script", "</script", "<img", "<!--", "<a "):
        assert page.lower().count(tag) == plain.lower().count(tag)
    assert plain.lower().count("</script") == 2
    assert "<title>&lt;/script&gt;&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in page
    # The text survives (escaped, not stripped) and decodes back exactly.
    nodes = {n["id"]: n for n in _data(page, "kgNodeItems")}
    (edge,) = _data(page, "kgEdgeItems")
    articles = _data(page, "kgArticles")
    assert set(nodes) == {"urn:evil\u2028\u2029", "urn:victim"}
    assert nodes["urn:evil\u2028\u2029"]["name"] == SCRIPT_PAYLOAD
    assert nodes["urn:victim"]["actorType"] == "<b>Government</b>"
    assert edge["from"] == "urn:evil\u2028\u2029"
    assert edge["evidence"][0]["sentence"] == IMG_PAYLOAD
    assert edge["evidence"][0]["claim"] == SCRIPT_PAYLOAD
    assert edge["evidence"][1]["sentence"].startswith("`${window.__xss=1}` \"quoted\" 'single'")
    assert [(a["id"], a["title"]) for a in articles] == [
        ("urn:a\u2028", SCRIPT_PAYLOAD),
        ("", IMG_PAYLOAD),
    ]


def test_only_http_urls_are_kept(hostile_graph: nx.MultiDiGraph) -> None:
    page = render_html(hostile_graph)
    articles = _data(page, "kgArticles")
    assert [a["url"] for a in articles] == [None, None]
    assert "javascript:" not in json.dumps(articles).lower()
    # Dates that are not ISO days are undated for the filters.
    assert [a["date"] for a in articles] == [None, None]
    assert _data(page, "kgEdgeItems")[0]["support"] == [[0, None, None], [1, None, None]]


def test_output_is_deterministic(sample_graph: nx.MultiDiGraph) -> None:
    assert render_html(sample_graph, title="t") == render_html(sample_graph, title="t")


def test_output_is_independent_of_hash_seed() -> None:
    code = (
        "import hashlib, networkx as nx\n"
        "from kg.render import render_html\n"
        "g = nx.MultiDiGraph()\n"
        "for i in range(400):\n"
        "    g.add_node(f'urn:{i}', label=f'A{i}', type=('Company', 'Person')[i % 2])\n"
        "for i in range(1, 400):\n"
        "    g.add_edge(f'urn:{i}', f'urn:{i * 7 % i}', key='cites', relation='cites',\n"
        "               articles=1 + i % 3, evidence=[])\n"
        "print(hashlib.sha256(render_html(g).encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_graphs_over_300_nodes_positioned_in_python_without_physics() -> None:
    small = render_html(_line_graph(300))
    assert _data(small, "kgEdgeItems")[0]["smooth"]["enabled"] is True
    assert "x" not in _data(small, "kgNodeItems")[0]
    assert _data(small, "options")["physics"]["enabled"] is True
    g = _line_graph(301)
    page = render_html(g)
    assert _stats(page)["data-nodes"] == "301"
    nodes = _data(page, "kgNodeItems")
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == 301
    options = _data(page, "options")
    assert options["physics"]["enabled"] is False
    assert options["edges"]["smooth"]["enabled"] is True
    assert page == render_html(g)


def test_large_graphs_get_straight_edges_and_hide_small_labels() -> None:
    page = render_html(_line_graph(1001))
    options = _data(page, "options")
    assert options["physics"]["enabled"] is False
    assert options["edges"]["smooth"]["enabled"] is False
    assert "smooth" not in _data(page, "kgEdgeItems")[0]
    assert options["nodes"]["scaling"]["label"]["drawThreshold"] > 5
    assert options["interaction"]["hideEdgesOnZoom"] is True


def test_layout_places_disconnected_parts_apart() -> None:
    g = nx.MultiDiGraph()
    hub_edges = [("urn:hub", f"urn:s{i}") for i in range(400)]
    pairs = [(f"urn:p{i}", f"urn:q{i}") for i in range(60)]
    for agent, target in hub_edges + pairs:
        g.add_edge(agent, target, key="accuses", relation="accuses", articles=1, evidence=[])
    g.add_node("urn:alone", label="alone", type="Person")
    nodes = {n["id"]: n for n in _data(render_html(g), "kgNodeItems")}
    assert len(nodes) == 522
    points = {i: (n["x"], n["y"]) for i, n in nodes.items()}
    assert len(set(points.values())) == len(points)
    # Satellites sit around their hub; the other parts outside them.
    hub = points["urn:hub"]
    reach = max(math.dist(hub, points[t]) for _, t in hub_edges)
    assert all(math.dist(points[p], points[q]) < reach for p, q in pairs)
    assert all(math.dist(hub, points[p]) > reach for p, _ in pairs)
    assert math.dist(hub, points["urn:alone"]) > reach
