"""The API's pages in a real headless Chromium, against the real API and Neo4j (#15).

One browser for the session (`browser` in tests/conftest.py), one API server and
one seed load for this folder (`site`), few page loads. Every page must load with no console
error and no request to another host; the explorer's views are checked through
the state the page exposes (`window.explorer`), not pixels.
"""

from __future__ import annotations

from typing import Any

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
