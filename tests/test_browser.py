"""The rendered page in a real, offline Chromium (Debian's /usr/bin/chromium).

Without Chromium or playwright the tests are skipped, unless the environment
variable ``CI`` is set: then they fail, so CI cannot skip them silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import networkx as nx
import pytest

from kg.render import render_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_LABEL = "</script><script>window.__xss=1;alert('label')</script>"
XSS_SENTENCE = "<img src=x onerror=\"window.__xss=1;alert('evidence')\">"
XSS_TEMPLATE = "`${window.__xss=1}`\u2028\"'"


def _unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A page opened from a file, with everything it tried to do."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def open_graph(browser: Browser, tmp_path: Path) -> Iterator[Any]:
    pages: list[Page] = []

    def _open(graph: nx.MultiDiGraph, title: str) -> Visit:
        path = tmp_path / f"page-{len(pages)}.html"
        path.write_text(render_html(graph, title=title), encoding="utf-8")
        page = browser.new_page(viewport={"width": 1100, "height": 700})
        pages.append(page)
        visit = Visit(page)

        def route(route: Route) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                visit.requests.append(route.request.url)
                route.abort()

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                visit.errors.append(message.text)

        def dialog(dialog: Dialog) -> None:
            visit.dialogs.append(dialog.message)
            dialog.dismiss()

        page.route("**/*", route)
        page.on(
            "request", lambda r: None if r.url.startswith("file:") else visit.requests.append(r.url)
        )
        page.on("console", console)
        page.on("pageerror", lambda error: visit.errors.append(str(error)))
        page.on("dialog", dialog)
        page.goto(path.as_uri())
        page.wait_for_function("document.getElementById('kg-stats').dataset.ready === 'true'")
        return visit

    yield _open
    for page in pages:
        page.close()


def _evidence(sentence: str) -> list[dict[str, Any]]:
    return [{"sentence": sentence, "article": "report.html", "date": "2024-05-01", "url": None}]


@pytest.fixture
def example_graph() -> nx.MultiDiGraph:
    """Six actors, eight relations including parallel and opposite edges."""
    g = nx.MultiDiGraph()
    for iri, label, kind in [
        ("urn:huawei", "Huawei", "Company"),
        ("urn:us", "US Government", "Government"),
        ("urn:fcc", "FCC", "Agency"),
        ("urn:reuters", "Reuters", "MediaOutlet"),
        ("urn:ren", "Ren Zhengfei", "Person"),
        ("urn:eu", "European Union", "Organization"),
    ]:
        g.add_node(iri, label=label, type=kind)
    for agent, target, relation, articles in [
        ("urn:us", "urn:huawei", "accuses", 4),
        ("urn:us", "urn:huawei", "sanctions", 2),
        ("urn:huawei", "urn:us", "denies", 3),
        ("urn:huawei", "urn:us", "criticizes", 1),
        ("urn:reuters", "urn:fcc", "cites", 1),
        ("urn:fcc", "urn:huawei", "demands", 2),
        ("urn:ren", "urn:huawei", "defends", 6),
        ("urn:eu", "urn:us", "threatens", 1),
    ]:
        g.add_edge(
            agent,
            target,
            key=relation,
            relation=relation,
            articles=articles,
            evidence=_evidence(f"{agent} {relation} {target}."),
        )
    return g


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("urn:evil", label=XSS_LABEL, type="Company", wikidata=XSS_SENTENCE)
    g.add_node("urn:other\u2029", label=XSS_SENTENCE, type="Person")
    g.add_edge(
        "urn:evil",
        "urn:other\u2029",
        key="accuses",
        relation="accuses",
        articles=2,
        evidence=[
            {"sentence": XSS_SENTENCE, "article": XSS_LABEL, "date": XSS_TEMPLATE, "url": None},
            {"sentence": XSS_TEMPLATE, "article": XSS_SENTENCE, "date": None, "url": None},
        ],
    )
    return g


def _screenshot_dir(tmp_path: Path) -> Path:
    directory = Path(os.environ.get("KG_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _hover(page: Page, node: str, text: str) -> None:
    """Move the mouse onto ``node`` and check its tooltip shows ``text`` as text."""
    point = page.evaluate("id => kgNetwork.canvasToDOM(kgNetwork.getPositions([id])[id])", node)
    box = page.locator("#mynetwork").bounding_box()
    assert box is not None
    page.mouse.move(1, 1)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    tooltip = page.locator("div.vis-tooltip")
    page.wait_for_function(
        "t => document.querySelector('div.vis-tooltip')?.innerText.includes(t)",
        arg=text,
    )
    # innerText turns newlines into <br>; any other element would be injected markup.
    assert tooltip.locator(":scope *:not(br)").count() == 0


def _assert_clean(visit: Visit) -> None:
    assert visit.requests == []
    assert visit.errors == []
    assert visit.dialogs == []
    assert visit.page.evaluate("typeof window.__xss") == "undefined"


def test_page_reports_graph_offline(
    open_graph: Any, example_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    visit: Visit = open_graph(example_graph, "example")
    page = visit.page
    stats = page.locator("#kg-stats")
    assert stats.get_attribute("data-nodes") == "6"
    assert stats.get_attribute("data-edges") == "8"
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 6
    assert page.evaluate("window.kgNetwork.body.data.edges.length") == 8
    assert page.evaluate("edges.get({filter: e => e.from === 'urn:us'}).length") == 2
    assert page.evaluate("window.kgNetwork.physics.options.enabled") is False
    assert page.locator("#kg-legend li").count() == 14
    assert page.title() == "example"
    page.screenshot(path=str(_screenshot_dir(tmp_path) / "kg-example.png"))
    _assert_clean(visit)


def test_xss_payloads_do_not_execute(
    open_graph: Any, hostile_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    visit: Visit = open_graph(hostile_graph, XSS_LABEL)
    page = visit.page
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 2
    assert page.evaluate("window.kgNetwork.body.data.edges.length") == 1
    assert page.title() == XSS_LABEL
    assert page.locator("#kg-legend h1").inner_text() == XSS_LABEL
    assert page.locator("img").count() == 0
    assert page.evaluate("nodes.get('urn:other\\u2029').label").startswith("<img src=x")
    # Hovered nodes show the payloads in their tooltip as text, never as elements.
    _hover(page, "urn:evil", XSS_LABEL)
    _hover(page, "urn:other\u2029", XSS_SENTENCE)
    page.screenshot(path=str(_screenshot_dir(tmp_path) / "kg-hostile.png"))
    _assert_clean(visit)


def test_big_graph_drawn_without_physics(open_graph: Any) -> None:
    g = nx.MultiDiGraph()
    for i in range(1200):
        g.add_node(f"urn:{i}", label=f"actor {i}", type="Person")
    for i in range(1199):
        g.add_edge(
            f"urn:{i}",
            f"urn:{(i * 7 + 1) % 1200}",
            key="cites",
            relation="cites",
            articles=1,
            evidence=[],
        )
    visit: Visit = open_graph(g, "big")
    assert visit.page.evaluate("window.kgNetwork.body.data.nodes.length") == 1200
    assert visit.page.evaluate("window.kgNetwork.body.data.edges.length") == 1199
    assert visit.page.evaluate("window.kgNetwork.physics.options.enabled") is False
    _assert_clean(visit)
