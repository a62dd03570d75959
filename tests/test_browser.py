"""The rendered page in a real, offline Chromium (Debian's /usr/bin/chromium).

Without Chromium or playwright the tests are skipped, unless the environment
variable ``CI`` is set: then they fail, so CI cannot skip them silently.
Screenshots of the bundled examples' view and of a 5,000-actor view go to
``$KG_SCREENSHOT_DIR`` (``.ci/artifacts/`` in CI).
"""

from __future__ import annotations

import calendar
import datetime
import random
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest

from kg.analysis import actor_graph
from kg.records import ActorType, RelationType
from kg.render import render_html
from kg.store import read_dataset

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Route

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
XSS_LABEL = "</script><script>window.__xss=1;alert('label')</script>"
XSS_SENTENCE = "<img src=x onerror=\"window.__xss=1;alert('evidence')\">"
XSS_TEMPLATE = "`${window.__xss=1}`\u2028\"'"
READY = "() => document.getElementById('kg-stats').dataset.ready === 'true'"
DRAWN = "() => document.getElementById('kg-stats').dataset.drawn === 'true'"


@dataclass
class Visit:
    """A page opened from a file, with everything it tried to do."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


Opener = Callable[[nx.MultiDiGraph, str], Visit]


@pytest.fixture
def open_graph(browser: Browser, tmp_path: Path) -> Iterator[Opener]:
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
        page.wait_for_function(READY, timeout=60_000)
        page.wait_for_function(DRAWN, timeout=60_000)
        return visit

    yield _open
    for page in pages:
        page.close()


ARTICLES = {
    "urn:article:a": ("Huawei rejects the charges", "2019-05-20", "https://example.org/a"),
    "urn:article:b": ("Sanctions widen", "2020-08-17", "http://example.org/b"),
    "urn:article:c": ("Brussels weighs in", "2021-03", None),
    "urn:article:d": ("An undated explainer", None, "https://example.org/d"),
}


def _evidence(article: str, sentence: str) -> dict[str, Any]:
    title, date, url = ARTICLES[article]
    return {
        "sentence": sentence,
        "article": title,
        "article_id": article,
        "date": date,
        "url": url,
        "claim": None,
    }


@pytest.fixture
def example_graph() -> nx.MultiDiGraph:
    """Six actors, eight relations including parallel and opposite edges, four articles."""
    g = nx.MultiDiGraph(
        articles={
            iri: {"title": title, "source": f"{iri[-1]}.txt", "date": date, "url": url}
            for iri, (title, date, url) in ARTICLES.items()
        }
    )
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
        ("urn:us", "urn:huawei", "accuses", "ab"),
        ("urn:us", "urn:huawei", "sanctions", "b"),
        ("urn:huawei", "urn:us", "denies", "a"),
        ("urn:huawei", "urn:us", "criticizes", "d"),
        ("urn:reuters", "urn:fcc", "cites", "c"),
        ("urn:fcc", "urn:huawei", "demands", "bc"),
        ("urn:ren", "urn:huawei", "defends", "a"),
        ("urn:eu", "urn:us", "threatens", "c"),
    ]:
        g.add_edge(
            agent,
            target,
            key=relation,
            relation=relation,
            articles=len(articles),
            evidence=[
                _evidence(f"urn:article:{a}", f"{agent} {relation} {target} ({a}).")
                for a in articles
            ],
        )
    return g


@pytest.fixture
def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(
        articles={
            "urn:a": {
                "title": XSS_LABEL,
                "source": XSS_SENTENCE,
                "date": "2024-05-01",
                "url": "javascript:window.__xss=1",
            }
        }
    )
    g.add_node("urn:evil", label=XSS_LABEL, type="Company", wikidata=XSS_SENTENCE)
    g.add_node("urn:other\u2029", label=XSS_SENTENCE, type="<b>Person</b>")
    g.add_edge(
        "urn:evil",
        "urn:other\u2029",
        key="accuses",
        relation="accuses",
        articles=2,
        evidence=[
            {
                "sentence": XSS_SENTENCE,
                "article": XSS_LABEL,
                "article_id": "urn:a",
                "date": "2024-05-01",
                "url": "javascript:window.__xss=1",
                "claim": XSS_LABEL,
            },
            {
                "sentence": XSS_TEMPLATE,
                "article": XSS_SENTENCE,
                "date": None,
                "url": "https://example.org/x?<script>",
                "claim": None,
            },
        ],
    )
    return g


@pytest.fixture(scope="module")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The actor graph of the bundled examples, from the TriG ``kg build`` writes."""
    out = tmp_path_factory.mktemp("seed")
    subprocess.run(
        [sys.executable, "-m", "kg", "build", str(REPO / "examples"), "--out", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return actor_graph(read_dataset(out / "graph.trig"))


def large_graph(nodes: int = 5000, edges: int = 15000, seed: int = 11) -> nx.MultiDiGraph:
    """A preferential-attachment actor graph of exactly ``nodes`` and ``edges``,
    with the attributes of :func:`kg.analysis.actor_graph`'s."""
    rng = random.Random(seed)
    shape = nx.barabasi_albert_graph(nodes, edges // nodes, seed=seed)
    while shape.number_of_edges() < edges:
        shape.add_edge(rng.randrange(nodes), rng.randrange(nodes // 10))
    days = [f"20{20 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(400)]
    articles = {
        f"urn:article:{i}": {
            "title": f"Article {i}",
            "source": f"{i}.txt",
            "date": days[i],
            "url": f"https://example.org/{i}",
        }
        for i in range(400)
    }
    g = nx.MultiDiGraph(articles=articles)
    kinds = list(ActorType)
    for node in shape:
        g.add_node(f"urn:actor:{node}", label=f"Actor {node}", type=kinds[node % len(kinds)])
    relations = list(RelationType)
    for a, b in shape.edges():
        relation = rng.choice(relations).value
        chosen = rng.sample(range(400), rng.choice((1, 1, 1, 2, 3)))
        agent, target = (a, b) if rng.random() < 0.5 else (b, a)
        g.add_edge(
            f"urn:actor:{agent}",
            f"urn:actor:{target}",
            key=relation,
            relation=relation,
            articles=len(chosen),
            evidence=[
                {
                    "sentence": f"Actor {agent} {relation} actor {target} in article {i}.",
                    "article": f"Article {i}",
                    "article_id": f"urn:article:{i}",
                    "date": days[i],
                    "url": f"https://example.org/{i}",
                    "claim": None,
                }
                for i in chosen
            ],
        )
    return g


def _days(date: str | None) -> tuple[str | None, str | None]:
    """The first and last day of a date of day, month or year precision."""
    if date is None:
        return None, None
    parts = [int(part) for part in date.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else None
    if len(parts) == 3:
        day = datetime.date(*parts)
        return day.isoformat(), day.isoformat()
    first = datetime.date(year, month or 1, 1)
    last = datetime.date(year, month or 12, calendar.monthrange(year, month or 12)[1])
    return first.isoformat(), last.isoformat()


def expected_counts(
    graph: nx.MultiDiGraph,
    *,
    relations: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    article: str | None = None,
) -> tuple[int, int]:
    """The visible actors and relations under the filters, as the page should count them."""
    wanted_relations = None if relations is None else set(relations)
    wanted_types = None if types is None else set(types)
    by_evidence = date_from is not None or date_to is not None or article is not None

    def typed(node: str) -> bool:
        kind = graph.nodes[node].get("type") or "Other"
        return wanted_types is None or kind in wanted_types

    def supported(item: dict[str, Any]) -> bool:
        first, last = _days(item.get("date"))
        return (
            (article is None or item.get("article_id") == article)
            and (date_from is None or (last is not None and last >= date_from))
            and (date_to is None or (first is not None and first <= date_to))
        )

    shown = [
        (agent, target)
        for agent, target, data in graph.edges(data=True)
        if (wanted_relations is None or data["relation"] in wanted_relations)
        and typed(agent)
        and typed(target)
        and (not by_evidence or any(supported(item) for item in data["evidence"]))
    ]
    linked = {node for pair in shown for node in pair}
    actors = [n for n in graph if typed(n) and (not by_evidence or n in linked)]
    return len(actors), len(shown)


def _visible(page: Page) -> tuple[int, int]:
    stats = page.locator("#kg-stats")
    return int(stats.get_attribute("data-visible-nodes") or -1), int(
        stats.get_attribute("data-visible-edges") or -1
    )


def _hidden_edges(page: Page) -> int:
    count: int = page.evaluate("edges.get({filter: e => e.hidden === true}).length")
    return count


def _article_value(page: Page, iri: str) -> str:
    value: str = page.evaluate("iri => String(kgArticles.findIndex(a => a.id === iri))", iri)
    assert value != "-1"
    return value


def _point(page: Page, script: str, item: str) -> tuple[float, float]:
    """Centre the view on the canvas point that ``script`` computes for ``item``
    (clear of the panels) and return its page coordinates."""
    point = page.evaluate(
        f"""id => {{
          const point = {script};
          kgNetwork.moveTo({{position: point, animation: false}});
          return kgNetwork.canvasToDOM(point);
        }}""",
        item,
    )
    box = page.locator("#mynetwork").bounding_box()
    assert box is not None
    return box["x"] + point["x"], box["y"] + point["y"]


def _node_point(page: Page, node: str) -> tuple[float, float]:
    return _point(page, "kgNetwork.getPositions([id])[id]", node)


def _edge_point(page: Page, edge: str) -> tuple[float, float]:
    return _point(page, "kgNetwork.body.edges[id].edgeType.getPoint(0.5)", edge)


def _hover(page: Page, point: tuple[float, float], text: str) -> None:
    """Move the mouse onto ``point`` and check the tooltip shows ``text`` as text."""
    page.mouse.move(1, 1)
    page.mouse.move(*point)
    page.wait_for_function(
        "t => document.querySelector('div.vis-tooltip')?.innerText.includes(t)", arg=text
    )
    # innerText turns newlines into <br>; any other element would be injected markup.
    assert page.locator("div.vis-tooltip :scope *:not(br)").count() == 0


def _assert_clean(visit: Visit) -> None:
    assert visit.requests == []
    assert visit.errors == []
    assert visit.dialogs == []
    assert visit.page.evaluate("typeof window.__xss") == "undefined"


def test_page_reports_graph_offline(open_graph: Opener, example_graph: nx.MultiDiGraph) -> None:
    visit = open_graph(example_graph, "example")
    page = visit.page
    stats = page.locator("#kg-stats")
    assert stats.get_attribute("data-nodes") == "6"
    assert stats.get_attribute("data-edges") == "8"
    assert _visible(page) == (6, 8)
    assert stats.inner_text() == "Showing 6 of 6 actors, 8 of 8 relations"
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 6
    assert page.evaluate("window.kgNetwork.body.data.edges.length") == 8
    assert page.evaluate("edges.get({filter: e => e.from === 'urn:us'}).length") == 2
    assert page.evaluate("window.kgNetwork.physics.options.enabled") is False
    assert page.locator("#kg-relations input").count() == 8
    assert page.locator("#kg-types input").count() == 6
    assert page.locator("#kg-article option").count() == 5
    assert page.locator("#kg-actor-names option").count() == 6
    assert page.title() == "example"
    _assert_clean(visit)


def test_filters_change_the_visible_graph(
    open_graph: Opener, example_graph: nx.MultiDiGraph
) -> None:
    visit = open_graph(example_graph, "filters")
    page = visit.page
    page.locator("#kg-relations input[value='accuses']").uncheck()
    assert _visible(page) == expected_counts(
        example_graph, relations=set(RelationType) - {RelationType.ACCUSES}
    )
    assert _visible(page) == (6, 7)
    assert _hidden_edges(page) == 1
    page.locator("#kg-relations input[value='accuses']").check()
    assert _visible(page) == (6, 8)

    page.locator("#kg-types input[value='Company']").uncheck()
    assert _visible(page) == expected_counts(example_graph, types=set(ActorType) - {"Company"})
    assert _visible(page) == (5, 2)
    assert page.evaluate("nodes.get('urn:huawei').hidden") is True
    page.click("#kg-reset")
    assert _visible(page) == (6, 8)

    page.fill("#kg-date-from", "2020-01-01")
    assert _visible(page) == expected_counts(example_graph, date_from="2020-01-01")
    assert _visible(page) == (5, 5)
    page.fill("#kg-date-to", "2020-12-31")
    assert _visible(page) == expected_counts(
        example_graph, date_from="2020-01-01", date_to="2020-12-31"
    )
    assert _visible(page) == (3, 3)
    # Actors left without a visible relation are hidden: Ren defends only in 2019.
    assert page.evaluate("nodes.get('urn:ren').hidden") is True
    page.fill("#kg-date-to", "")
    # A month overlaps a range that starts within it.
    page.fill("#kg-date-from", "2021-03-15")
    assert _visible(page) == expected_counts(example_graph, date_from="2021-03-15")
    assert _visible(page) == (5, 3)
    page.fill("#kg-date-from", "")
    assert _visible(page) == (6, 8)

    page.select_option("#kg-article", _article_value(page, "urn:article:c"))
    assert _visible(page) == expected_counts(example_graph, article="urn:article:c")
    assert _visible(page) == (5, 3)
    page.fill("#kg-date-to", "2020-12-31")
    assert _visible(page) == (0, 0)
    page.select_option("#kg-article", _article_value(page, "urn:article:d"))
    page.fill("#kg-date-to", "")
    assert _visible(page) == (2, 1)
    page.click("#kg-reset")
    assert _visible(page) == (6, 8)
    assert _hidden_edges(page) == 0
    assert page.locator("#kg-stats").inner_text() == "Showing 6 of 6 actors, 8 of 8 relations"
    _assert_clean(visit)


def test_search_focuses_an_actor(open_graph: Opener, example_graph: nx.MultiDiGraph) -> None:
    visit = open_graph(example_graph, "search")
    page = visit.page
    page.fill("#kg-search-input", "zheng")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == []
    page.press("#kg-search-input", "Enter")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == ["urn:ren"]
    page.wait_for_function(
        """() => {
          const view = kgNetwork.getViewPosition();
          const node = kgNetwork.getPositions(['urn:ren'])['urn:ren'];
          return Math.hypot(view.x - node.x, view.y - node.y) < 1 && kgNetwork.getScale() >= 1.2;
        }"""
    )
    assert page.locator("#kg-search-status").inner_text() == "Ren Zhengfei"
    assert page.locator("#kg-details h2").inner_text() == "Ren Zhengfei"
    # Picking an exact name (as from the list) focuses without Enter.
    page.fill("#kg-search-input", "FCC")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == ["urn:fcc"]
    page.fill("#kg-search-input", "nobody")
    page.press("#kg-search-input", "Enter")
    assert "No actor matches" in page.locator("#kg-search-status").inner_text()
    assert page.evaluate("kgNetwork.getSelectedNodes()") == ["urn:fcc"]
    _assert_clean(visit)


def test_tooltips_and_details_show_evidence_with_links(
    open_graph: Opener, example_graph: nx.MultiDiGraph
) -> None:
    visit = open_graph(example_graph, "evidence")
    page = visit.page
    edge: str = page.evaluate("edges.get({filter: e => e.relation === 'accuses'})[0].id")
    _hover(page, _edge_point(page, edge), "urn:us accuses urn:huawei (a).")
    tooltip = page.locator("div.vis-tooltip").inner_text()
    assert tooltip.startswith("accuses: US Government \u2192 Huawei\n2 articles\n")
    assert "\u2014 Huawei rejects the charges, 2019-05-20\n   https://example.org/a" in tooltip
    page.mouse.click(*_edge_point(page, edge))
    details = page.locator("#kg-details")
    details.wait_for(state="visible")
    assert details.locator("h2").inner_text() == "accuses: US Government \u2192 Huawei"
    assert details.locator("li").count() == 2
    links = details.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "https://example.org/a",
        "http://example.org/b",
    ]
    assert links.first.inner_text() == "Huawei rejects the charges"
    page.mouse.click(*_node_point(page, "urn:reuters"))
    page.wait_for_function(
        "() => document.querySelector('#kg-details h2').textContent === 'Reuters'"
    )
    assert "MediaOutlet" in details.inner_text()
    page.click("#kg-details-close")
    assert details.is_hidden()
    _assert_clean(visit)


def test_xss_payloads_do_not_execute(open_graph: Opener, hostile_graph: nx.MultiDiGraph) -> None:
    visit = open_graph(hostile_graph, XSS_LABEL)
    page = visit.page
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 2
    assert page.evaluate("window.kgNetwork.body.data.edges.length") == 1
    assert page.title() == XSS_LABEL
    assert page.locator("#kg-panel h1").inner_text() == XSS_LABEL
    assert page.evaluate("nodes.get('urn:other\\u2029').label").startswith("<img src=x")
    # Hovered nodes and the edge show the payloads in their tooltip as text, never as elements.
    _hover(page, _node_point(page, "urn:evil"), XSS_LABEL)
    _hover(page, _node_point(page, "urn:other\u2029"), XSS_SENTENCE)
    _hover(page, _edge_point(page, "e0"), XSS_SENTENCE)
    # The details panel, the filters and the search list show them as text too.
    page.mouse.click(*_edge_point(page, "e0"))
    details = page.locator("#kg-details")
    details.wait_for(state="visible")
    assert XSS_SENTENCE in details.inner_text() and XSS_LABEL in details.inner_text()
    links = details.locator("a")
    assert links.count() == 1
    assert links.first.get_attribute("href") == "https://example.org/x?<script>"
    assert links.first.inner_text() == XSS_SENTENCE
    page.mouse.click(*_node_point(page, "urn:evil"))
    page.wait_for_function(
        "t => document.querySelector('#kg-details h2').textContent === t", arg=XSS_LABEL
    )
    assert details.locator("a").count() == 0
    assert page.locator("#kg-types").inner_text().count("<b>Person</b> (1)") == 1
    assert page.locator("#kg-article option").all_text_contents() == [
        "All articles",
        "2024-05-01 \u00b7 " + XSS_LABEL,
        "undated \u00b7 " + XSS_SENTENCE,
    ]
    page.fill("#kg-search-input", "<img src=x")
    page.press("#kg-search-input", "Enter")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == ["urn:other\u2029"]
    for selector in ("img", "script[src]", "b", "#kg-panel script", "#kg-details script"):
        assert page.locator(selector).count() == 0
    _assert_clean(visit)


def test_seed_view(open_graph: Opener, seed_graph: nx.MultiDiGraph, screenshot_dir: Path) -> None:
    visit = open_graph(seed_graph, "kg: examples/")
    page = visit.page
    counts = (seed_graph.number_of_nodes(), seed_graph.number_of_edges())
    assert counts[0] > 10 and counts[1] > 10
    stats = page.locator("#kg-stats")
    assert (stats.get_attribute("data-nodes"), stats.get_attribute("data-edges")) == tuple(
        str(count) for count in counts
    )
    assert _visible(page) == counts
    page.screenshot(path=str(screenshot_dir / "kg-view-seed.png"))
    articles = seed_graph.graph["articles"]
    assert page.locator("#kg-article option").count() == len(articles) + 1
    for iri in articles:
        page.select_option("#kg-article", _article_value(page, iri))
        assert _visible(page) == expected_counts(seed_graph, article=iri)
    page.select_option("#kg-article", "")
    assert _visible(page) == counts
    # Some examples are dated (to the month), the others are hidden by any date bound.
    page.fill("#kg-date-to", "2030-01-01")
    dated = expected_counts(seed_graph, date_to="2030-01-01")
    assert _visible(page) == dated and 0 < dated[1] < counts[1]
    page.fill("#kg-date-from", "2029-01-01")
    assert _visible(page) == (0, 0)
    _assert_clean(visit)


def test_large_graph_opens_and_filters(open_graph: Opener, screenshot_dir: Path) -> None:
    graph = large_graph()
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (5000, 15000)
    visit = open_graph(graph, "large")
    page = visit.page
    stats = page.locator("#kg-stats")
    assert (stats.get_attribute("data-nodes"), stats.get_attribute("data-edges")) == (
        "5000",
        "15000",
    )
    assert _visible(page) == (5000, 15000)
    assert page.evaluate("window.kgNetwork.physics.options.enabled") is False
    assert page.evaluate("Object.keys(kgNetwork.getPositions()).length") == 5000
    page.screenshot(path=str(screenshot_dir / "kg-view-large.png"))
    page.locator("#kg-relations input[value='cites']").uncheck()
    assert _visible(page) == expected_counts(graph, relations=set(RelationType) - {"cites"})
    page.fill("#kg-date-from", "2024-01-01")
    assert _visible(page) == expected_counts(
        graph, relations=set(RelationType) - {"cites"}, date_from="2024-01-01"
    )
    page.fill("#kg-search-input", "Actor 0")
    assert page.evaluate("kgNetwork.getSelectedNodes()") == ["urn:actor:0"]
    _assert_clean(visit)
