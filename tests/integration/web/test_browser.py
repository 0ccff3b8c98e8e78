"""The API's pages in a real headless Chromium, against the real API and Neo4j (#15).

One browser for the session (`browser` in tests/conftest.py), one API server and
one seed load for this folder (`site`), few page loads. Every page must load with no console
error and no request to another host; the explorer's views are checked through
the state the page exposes (`window.explorer`), not pixels.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from kb.security.audit import list_events
from kb.storage.database import Database
from tests.browser_support import PageLog
from tests.integration.web.conftest import Site


def open_page(browser: Any, url: str, log: PageLog, **context: Any) -> Any:
    page = browser.new_context(viewport={"width": 1280, "height": 860}, **context).new_page()
    log.watch(page)
    page.goto(url)
    return page


def test_graphiql_loads_from_this_server_and_answers(browser: Any, site: Site) -> None:
    log = PageLog()
    page = open_page(
        browser,
        f"{site.url}/graphql",
        log,
        extra_http_headers={"Authorization": f"Bearer {site.analyst}"},
    )
    page.wait_for_selector(".graphiql-container .graphiql-editors")
    page.locator(".graphiql-execute-button").click()
    page.wait_for_function(
        "() => document.querySelector('.graphiql-response')?.innerText.includes('ANALYST')"
    )
    page.context.close()
    assert log.other_hosts() == []
    assert log.errors == []
    assert any(url.endswith("/static/vendor/graphiql.js") for url in log.requests)


SHOTS = os.environ.get("KB_SCREENSHOTS")  # a folder: save each view's screenshot there


def explorer(browser: Any, site: Site, query: str, ready: str, shot: str) -> tuple[Any, PageLog]:
    """/explore?<query>&run=1 with the ANALYST key typed in, once `ready` holds."""
    log = PageLog()
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    context.add_init_script(f"sessionStorage.setItem('kb-api-key', {site.analyst!r})")
    page = context.new_page()
    log.watch(page)
    page.goto(f"{site.url}/explore?{query}&run=1")
    page.wait_for_function(ready, timeout=30000)
    if shot != "family":
        screenshot(page, shot)
    return page, log


def screenshot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"explorer-{name}.png"))


def finish(page: Any, log: PageLog) -> None:
    page.context.close()
    assert log.other_hosts() == []
    assert log.errors == []


def test_family_view_shows_the_handover_of_story_f(
    browser: Any, site: Site, database: Database
) -> None:
    before = {e.id for e in list_events(database, first=200)[0]}
    timeline = site.graphql(
        """{ configurationTimeline(familyId: "fam-fir", from: "2023-05-11", to: "2024-02-15",
                                   windowDays: 30) {
              initial { date size members { id } } changes { date size members { id } } } }"""
    )["configurationTimeline"]
    page, log = explorer(
        browser,
        site,
        "view=family&reference=NM/2023/FIR&windowDays=30&from=2023-05-11&to=2024-02-15",
        "() => window.explorer.family && window.explorer.family.ready",
        "family",
    )
    # Opened in two requests (the search; the period's timeline, configurations and knots),
    # one readFamily event per field that reads the family (families, configurationTimeline,
    # knots), each naming fam-fir only; this test's own timeline query is one more.
    assert page.evaluate("() => window.explorer.family.openRequests") == 2
    new = [e for e in list_events(database, first=200)[0] if e.id not in before]
    assert sorted(e.operation for e in new) == ["readFamily"] * 4
    assert {tuple(e.ids) for e in new} == {("fam-fir",)}
    before = page.evaluate("() => window.explorer.setDay('2023-09-17')")
    after = page.evaluate("() => window.explorer.setDay('2023-09-18')")
    screenshot(page, "family")
    assert (before["lead"], after["lead"]) == ("pro-009", "pro-010")
    assert "pro-010" in after["nodes"] and "fam-fir" in after["nodes"]
    # The sizes and members the timeline query gives, on each of its days.
    for snapshot in [timeline["initial"], *timeline["changes"]]:
        drawn = page.evaluate(f"() => window.explorer.setDay({snapshot['date']!r})")
        assert drawn["size"] == snapshot["size"], snapshot["date"]
        assert drawn["members"] == sorted(m["id"] for m in snapshot["members"])
        assert set(drawn["members"]) <= set(drawn["nodes"])
    # The slider without a mouse: focus it, one arrow key moves one day, drawn locally.
    page.evaluate("() => window.explorer.setDay('2023-09-17')")
    requests = page.evaluate("() => window.explorer.requests")
    page.focus("#family-day")
    page.keyboard.press("ArrowRight")
    moved = page.evaluate("() => window.explorer.family")
    assert (moved["day"], moved["lead"]) == ("2023-09-18", "pro-010")
    assert moved["joined"] == [] or moved["joined"] == ["pro-010"]
    assert page.evaluate("() => window.explorer.requests") == requests
    assert moved["lastDrawMs"] < 100
    # A tap on a professional tells their agency and role.
    page.evaluate("() => window.explorer.tapNode('family', 'pro-010')")
    selected = page.evaluate("() => window.explorer.family.selected")
    assert selected == {
        "id": "pro-010",
        "agency": "Northmoor Primary School",
        "role": "LEAD_PROFESSIONAL",
    }
    finish(page, log)


def test_paths_view_draws_story_d_with_its_crossings(browser: Any, site: Site) -> None:
    answer = site.graphql(
        """{ boundaryCrossingPaths(from: "pro-008", to: "pro-051", maxHops: 2, limit: 5) {
              count paths { crossings { throughId fromSector toSector } }
              graph { nodes { id } edges { id } } } }"""
    )["boundaryCrossingPaths"]
    page, log = explorer(
        browser,
        site,
        "view=paths&from=pro-008&to=pro-051&maxHops=2&limit=5",
        "() => window.explorer.paths && window.explorer.paths.nodes",
        "paths",
    )
    drawn = page.evaluate("() => window.explorer.paths")
    assert drawn["nodes"] == sorted(n["id"] for n in answer["graph"]["nodes"])
    assert drawn["edges"] == sorted(e["id"] for e in answer["graph"]["edges"])
    crossings = [c for p in answer["paths"] for c in p["crossings"]]
    assert crossings and drawn["crossingNodes"] == sorted({c["throughId"] for c in crossings})
    assert {(c["fromSector"], c["toSector"]) for c in crossings} >= {("EDUCATION", "VOLUNTARY")}
    finish(page, log)


def test_network_view_draws_the_sector_network_the_api_gives(browser: Any, site: Site) -> None:
    answer = site.graphql(
        "{ collaborationNetwork(level: SECTOR) { nodeCount edgeCount "
        "graph { nodes { id } edges { id } } } }"
    )["collaborationNetwork"]
    page, log = explorer(
        browser,
        site,
        "view=network&level=SECTOR",
        "() => window.explorer.network && window.explorer.network.apiNodeCount !== undefined",
        "network",
    )
    drawn = page.evaluate("() => window.explorer.network")
    assert (drawn["nodeCount"], drawn["edgeCount"]) == (answer["nodeCount"], answer["edgeCount"])
    assert drawn["nodes"] == sorted(n["id"] for n in answer["graph"]["nodes"])
    assert drawn["edges"] == sorted(e["id"] for e in answer["graph"]["edges"])
    # View switching from the keyboard.
    page.focus("#tab-network")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => window.explorer.view") == "object"
    # A large network (over LARGE_NETWORK = 300 nodes) is laid out in the worker, once.
    large = {
        "nodes": [{"id": f"n{i}", "type": "Professional", "label": f"n{i}"} for i in range(400)],
        "edges": [
            {"id": f"e{i}", "source": f"n{i}", "target": f"n{(i * 7 + 1) % 400}"}
            for i in range(400)
        ],
    }
    drawn = page.evaluate(
        "async (graph) => { const first = await window.explorer.drawNetwork(graph, {key: 'k'});"
        " const kept = (await window.explorer.drawNetwork(graph, {key: 'k'})).layoutKept;"
        " const cy = document.getElementById('network-graph')._cyreg.cy;"
        " const placed = cy.nodes().filter((n) => Number.isFinite(n.position('x'))"
        " && (n.position('x') !== 0 || n.position('y') !== 0)).length;"
        " return {...first, kept, placed}; }",
        large,
    )
    assert drawn["settings"]["layout"] == "fcose-draft-worker"
    assert (drawn["nodeCount"], drawn["edgeCount"], drawn["placed"]) == (400, 400, 400)
    assert drawn["layoutKept"] is False and drawn["kept"] is True
    finish(page, log)


def test_boundary_object_view_and_errors_in_words(browser: Any, site: Site) -> None:
    report = site.graphql(
        '{ boundaryObjectReport(familyId: "fam-elm") { id history { at interactionId '
        "professionalId profession sector } } }"
    )
    page, log = explorer(
        browser,
        site,
        "view=object&familyId=fam-elm",
        "() => window.explorer.object && window.explorer.object.objects",
        "object",
    )
    objects = page.evaluate("() => window.explorer.object.objects")
    assert objects == [r["id"] for r in report["boundaryObjectReport"]]
    # Over time: each object's contributions as the API gives them, a dot each in its strip.
    history = page.evaluate("() => window.explorer.object.history")
    assert history == {
        r["id"]: [
            {
                "day": c["at"][:10],
                "sector": c["sector"],
                "profession": c["profession"],
                "interaction": c["interactionId"],
                "professional": c["professionalId"],
            }
            for c in r["history"]
        ]
        for r in report["boundaryObjectReport"]
    }
    assert page.locator("#object-chart circle").count() == sum(map(len, history.values()))
    # A row chosen from the keyboard tells that object's story.
    chosen = report["boundaryObjectReport"][0]
    page.focus(f"#object-chart .row[data-object='{chosen['id']}']")
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.explorer.object.selected") == chosen["id"]
    first_day = chosen["history"][0]["at"][:10]
    assert first_day in page.inner_text("#object-details")
    page.fill("#object-form input[name=familyId]", "fam-nobody")
    page.click("#object-form button[type=submit]")
    page.wait_for_selector("#error:not([hidden])")
    assert "Not found" in page.inner_text("#error")
    log.errors = [e for e in log.errors if "404" not in e]  # the refused request itself
    finish(page, log)
