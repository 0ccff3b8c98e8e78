"""The API's pages in a real headless Chromium, against the real API and Neo4j (#15).

One browser for the session (`browser` in conftest.py), one API server and one
seed load for this module, few page loads. Every page must load with no console
error and no request to another host; the explorer's views are checked through
the state the page exposes (`window.explorer`), not pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from kb.security.keys import create_key
from kb.security.roles import Role
from kb.storage.database import Database
from tests.browser_support import PageLog, served_api


@dataclass
class Site:
    url: str
    analyst: str


@pytest.fixture(scope="module")
def site(database: Database) -> Iterator[Site]:
    """The API over HTTP in keyed mode, with an ANALYST key."""
    settings = database.settings.model_copy(update={"auth_mode": "keys"})
    analyst = create_key(database, Role.ANALYST, "browser tests")[1]
    with served_api(database, settings) as url:
        yield Site(url=url, analyst=analyst)


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
