"""The analytics tests' fixture dataset (tests/fixtures/analytics_small) and a client of the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kb.storage.database import Database
from tests.analytics_support import SMALL
from tests.api_entities_support import ensure_datasets, open_client


@pytest.fixture
def small(database: Database) -> Database:
    """The database holding exactly the analytics fixture (loaded once, kept while unchanged)."""
    ensure_datasets(database, SMALL)
    return database


@pytest.fixture
def client(small: Database) -> Iterator[TestClient]:
    """A client of the whole app, in open mode, on the analytics fixture."""
    with open_client(small) as c:
        yield c
