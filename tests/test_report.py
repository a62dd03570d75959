"""The one-page report: its sections, its escaping, and how it reads in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
import pytest

from kg.report import accusation_matrix, render_report

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog

HOSTILE = "</svg></figure><script>window.__xss=1</script><img src=x onerror=alert(1)>"
MATH = "$\\frac{1}{0}$ & Co"


def _said(sentence: str, date: str | None, article: str = "a") -> dict[str, object]:
    return {
        "sentence": sentence,
        "article": f"Title {article}",
        "article_id": article,
        "date": date,
        "url": "javascript:alert(1)",
        "claim": "spies",
    }


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(articles={"a": {}, "b": {}})
    g.add_node("us", label=HOSTILE, type="Government")
    g.add_node("cn", label=MATH, type="Government")
    g.add_node("hw", label="Huawei", type="Company")
    g.add_edge(
        "us",
        "hw",
        key="accuses",
        relation="accuses",
        articles=2,
        evidence=[_said(HOSTILE, "2024-01-05"), _said("Again.", "2024-03-01", "b")],
    )
    g.add_edge(
        "hw",
        "us",
        key="denies",
        relation="denies",
        articles=1,
        evidence=[_said("Huawei denies it.", "2024-01-05")],
    )
    g.add_edge(
        "us",
        "cn",
        key="accuses",
        relation="accuses",
        articles=1,
        evidence=[_said("US accuses China.", None)],
    )
    g.add_edge(
        "cn",
        "us",
        key="accuses",
        relation="accuses",
        articles=1,
        evidence=[_said("China accuses the US.", "2024-03-01", "b")],
    )
    return g


def test_sections_and_numbers(graph: nx.MultiDiGraph) -> None:
    page = render_report(graph, title="Report")
    for anchor in (
        "kg-numbers",
        "kg-central",
        "kg-matrix",
        "kg-timeline",
        "kg-claims",
        "kg-mutual",
        "kg-camps",
        "kg-view",
    ):
        assert f'id="{anchor}"' in page, anchor
    assert page.count("<svg") == 2  # heat map and timeline, inline
    assert "<b>1</b>mutual accusations" in page and "<b>1</b>disputed claims" in page


def test_untrusted_text_is_escaped_everywhere(graph: nx.MultiDiGraph) -> None:
    page = render_report(graph, title=HOSTILE)
    assert "<script>window.__xss" not in page and "<img src=x" not in page
    # In the SVG figures the label is text, escaped by matplotlib, math not parsed.
    svg = "".join(re.findall(r"<svg.*?</svg>", page, flags=re.S))
    assert "&lt;/svg&gt;" in svg and "$\\frac{1}{0}$ &amp; Co" in svg
    # The view is a sandboxed iframe whose document is one escaped attribute value.
    [frame] = re.findall(r"<iframe[^>]*>", page)
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame
    assert "javascript:alert" not in page.split("<iframe", 1)[0]
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page) is None


def test_deterministic_and_content_security_policy(graph: nx.MultiDiGraph) -> None:
    page = render_report(graph)
    assert page == render_report(graph)
    assert 'http-equiv="Content-Security-Policy" content="default-src \'none\';' in page


def test_undated_and_empty_graphs() -> None:
    empty = render_report(nx.MultiDiGraph())
    assert "No accusations." in empty and "No dated relations." in empty
    assert "No disputed claims." in empty and "No mutual accusations." in empty


def test_accusation_matrix_keeps_the_most_involved(graph: nx.MultiDiGraph) -> None:
    actors, matrix = accusation_matrix(graph, size=2)
    assert actors == ["us", "cn"]
    assert matrix.tolist() == [[0, 1], [1, 0]]


@pytest.mark.browser
def test_report_reads_without_javascript_and_embeds_the_view(
    browser: Browser, graph: nx.MultiDiGraph, tmp_path: Path, screenshot_dir: Path
) -> None:
    path = tmp_path / "report.html"
    path.write_text(render_report(graph, title=HOSTILE), encoding="utf-8")
    static = browser.new_page(java_script_enabled=False)
    static.goto(path.as_uri())
    assert static.locator("#kg-mutual tr").count() == 2
    assert static.locator("#kg-matrix svg").is_visible()
    assert HOSTILE in static.locator("h1").inner_text()
    static.close()

    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file:", "about:")) else requests.append(r.url),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))

    def dialog(opened: Dialog) -> None:
        errors.append("dialog: " + opened.message)
        opened.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri())
    view = page.frame_locator("#kg-view")
    view.locator("#kg-stats[data-ready='true']").wait_for()
    assert view.locator("#kg-stats").get_attribute("data-nodes") == "3"
    assert page.evaluate("window.__xss") is None
    assert (requests, errors) == ([], [])
    page.screenshot(path=str(screenshot_dir / "kg-report.png"), full_page=True)
    page.close()
