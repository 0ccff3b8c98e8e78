"""One seeded API server for the web tests (exports, browser): the seed is loaded
once for this folder, and no test here empties the database."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from kb.loading import load_dataset
from kb.security.keys import create_key
from kb.security.roles import Role
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from tests.browser_support import served_api

SEED = Path(__file__).resolve().parents[3] / "seed"


@dataclass
class Site:
    url: str
    analyst: str
    admin: str

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """An ANALYST's GraphQL answer (the data), failing on any error."""
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.analyst}"},
            timeout=60,
        )
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return dict(body["data"])


@pytest.fixture(scope="package")
def site(database: Database) -> Iterator[Site]:
    """The API over HTTP in keyed mode on the seed, with ANALYST and ADMIN keys."""
    empty_database(database)
    report = load_dataset(database, SEED, strict=True)
    assert not report.first_rejects, report.first_rejects
    settings = database.settings.model_copy(update={"auth_mode": "keys"})
    analyst = create_key(database, Role.ANALYST, "web tests analyst")[1]
    admin = create_key(database, Role.ADMIN, "web tests admin")[1]
    with served_api(database, settings) as url:
        yield Site(url=url, analyst=analyst, admin=admin)


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for this folder (tests/browser_support.py).

    Package scope, not session: Playwright's sync API keeps an asyncio loop marked
    running in the main thread while it is open, and any later test calling
    `asyncio.run` would fail with "cannot be called from a running event loop"."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=["--no-sandbox"]
        )
        yield chromium
        chromium.close()
