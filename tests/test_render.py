"""Fast tests of the HTML view stage (no browser)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from typing import Any

import networkx as nx
import pytest

from kg.render import RELATION_COLORS, render_html

SCRIPT_PAYLOAD = "</script><script>window.__xss=1;alert(1)</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)">'
ODD_TEXT = "`${window.__xss=1}` \"quoted\" 'single'\nnew line"


def _evidence(sentence: str, n: int = 1) -> list[dict[str, Any]]:
    return [
        {
            "sentence": f"{sentence} ({i})",
            "article": f"article-{i}.txt",
            "date": "2024-05-01",
            "url": None,
        }
        for i in range(n)
    ]


def _add(g: nx.MultiDiGraph, agent: str, target: str, relation: str, articles: int = 1) -> None:
    g.add_edge(
        agent,
        target,
        key=relation,
        relation=relation,
        articles=articles,
        evidence=_evidence(f"{agent} {relation} {target}", articles),
    )


@pytest.fixture
def sample_graph() -> nx.MultiDiGraph:
    """Six actors, eight relations, two of them parallel (same pair, both directions)."""
    g = nx.MultiDiGraph()
    for iri, label, kind in [
        ("urn:huawei", "Huawei", "Company"),
        ("urn:us", "US Government", "Government"),
        ("urn:fcc", "FCC", "Agency"),
        ("urn:reuters", "Reuters", "MediaOutlet"),
        ("urn:ren", "Ren Zhengfei", "Person"),
        ("urn:eu", "European Union", "Organization"),
    ]:
        g.add_node(iri, label=label, type=kind, wikidata=None)
    _add(g, "urn:us", "urn:huawei", "accuses", 4)
    _add(g, "urn:us", "urn:huawei", "sanctions", 2)
    _add(g, "urn:huawei", "urn:us", "denies", 3)
    _add(g, "urn:huawei", "urn:us", "criticizes")
    _add(g, "urn:reuters", "urn:fcc", "cites")
    _add(g, "urn:fcc", "urn:huawei", "demands", 2)
    _add(g, "urn:ren", "urn:huawei", "defends", 7)
    _add(g, "urn:eu", "urn:us", "threatens")
    return g


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    """Untrusted text in every field that reaches the page."""
    g = nx.MultiDiGraph()
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
                "date": ODD_TEXT,
                "url": "javascript:alert(1)",
            },
            {
                "sentence": ODD_TEXT + "\u2028" + SCRIPT_PAYLOAD,
                "article": IMG_PAYLOAD,
                "date": None,
                "url": None,
            },
        ],
    )
    return g


def _dataset(page: str, name: str) -> list[dict[str, Any]]:
    match = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", page)
    assert match is not None
    items: list[dict[str, Any]] = json.loads(match.group(1))
    return items


def _stats(page: str) -> tuple[int, int]:
    match = re.search(r'<div id="kg-stats" data-nodes="(\d+)" data-edges="(\d+)">', page)
    assert match is not None
    return int(match.group(1)), int(match.group(2))


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


def test_stats_report_counts(sample_graph: nx.MultiDiGraph) -> None:
    page = render_html(sample_graph)
    assert _stats(page) == (6, 8)
    assert len(_dataset(page, "nodes")) == 6
    assert len(_dataset(page, "edges")) == 8
    assert "6 actors, 8 relations" in page
    assert "window.kgNetwork = network;" in page


def test_empty_graph() -> None:
    page = render_html(nx.MultiDiGraph())
    assert _stats(page) == (0, 0)
    assert _dataset(page, "nodes") == []


def test_parallel_edges_kept_and_curved_apart(sample_graph: nx.MultiDiGraph) -> None:
    edges = _dataset(render_html(sample_graph), "edges")
    pair = [e for e in edges if (e["from"], e["to"]) == ("urn:us", "urn:huawei")]
    assert sorted(e["relation"] for e in pair) == ["accuses", "sanctions"]
    assert len({e["smooth"]["roundness"] for e in pair}) == 2
    assert all(e["smooth"]["type"] == "curvedCW" for e in edges)
    assert len({e["id"] for e in edges}) == len(edges)


def test_edges_styled_by_relation_and_articles(sample_graph: nx.MultiDiGraph) -> None:
    edges = {e["relation"]: e for e in _dataset(render_html(sample_graph), "edges")}
    for relation, edge in edges.items():
        assert edge["color"]["color"] == RELATION_COLORS[relation]
        assert edge["arrows"] == "to"
    assert edges["defends"]["width"] > edges["accuses"]["width"] > edges["cites"]["width"]


def test_nodes_coloured_by_type(sample_graph: nx.MultiDiGraph) -> None:
    nodes = _dataset(render_html(sample_graph), "nodes")
    colours = {n["actorType"]: n["color"] for n in nodes}
    assert len(set(colours.values())) == 6
    assert {n["label"] for n in nodes} >= {"Huawei", "FCC", "Ren Zhengfei"}


def test_edge_tooltip_is_plain_text_with_evidence(sample_graph: nx.MultiDiGraph) -> None:
    edges = {e["relation"]: e for e in _dataset(render_html(sample_graph), "edges")}
    title = edges["defends"]["title"]
    assert title.startswith("defends: Ren Zhengfei \u2192 Huawei\n7 articles\n")
    assert title.count("\u2022 ") == 5
    assert "urn:ren defends urn:huawei (4)" in title
    assert "urn:ren defends urn:huawei (5)" not in title
    assert "article-0.txt, 2024-05-01" in title
    assert "and 2 more" in title
    assert edges["cites"]["title"].splitlines()[1] == "1 article"


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
    for tag in ("<script", "</script", "<img", "<!--"):
        assert page.lower().count(tag) == plain.lower().count(tag)
    assert plain.lower().count("</script") == 2
    assert "<title>&lt;/script&gt;&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;" in page
    # The text survives (escaped, not stripped) and decodes back exactly.
    nodes = _dataset(page, "nodes")
    edges = _dataset(page, "edges")
    assert {n["id"] for n in nodes} == {"urn:evil\u2028\u2029", "urn:victim"}
    assert any(SCRIPT_PAYLOAD in n["title"] for n in nodes)
    assert IMG_PAYLOAD in edges[0]["title"]
    assert "`${window.__xss=1}` \"quoted\" 'single' new line" in edges[0]["title"]
    assert edges[0]["from"] == "urn:evil\u2028\u2029"


def test_output_is_deterministic(sample_graph: nx.MultiDiGraph) -> None:
    assert render_html(sample_graph, title="t") == render_html(sample_graph, title="t")


def test_output_is_independent_of_hash_seed() -> None:
    code = (
        "import hashlib, networkx as nx\n"
        "from kg.render import render_html\n"
        "g = nx.MultiDiGraph()\n"
        "g.add_node('urn:a', label='A', type='Company')\n"
        "g.add_node('urn:b', label='B', type='Person')\n"
        "g.add_edge('urn:a', 'urn:b', key='cites', relation='cites', articles=1, evidence=[])\n"
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


def test_big_graph_positioned_in_python_without_physics() -> None:
    g = nx.MultiDiGraph()
    for i in range(1001):
        g.add_node(f"urn:{i}", label=f"n{i}", type="Person")
    for i in range(1000):
        g.add_edge(
            f"urn:{i}", f"urn:{i + 1}", key="cites", relation="cites", articles=1, evidence=[]
        )
    page = render_html(g)
    assert _stats(page) == (1001, 1000)
    nodes = _dataset(page, "nodes")
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert len({(n["x"], n["y"]) for n in nodes}) == 1001
    assert '\\"physics\\": {\\"enabled\\": false' in page
    assert page == render_html(g)
