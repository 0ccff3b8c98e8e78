"""Unit tests run without Neo4j: asking for a database fixture here is a mistake, said at once."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def neo4j_settings() -> None:
    pytest.fail(
        "a unit test asked for the database; tests that need Neo4j go in tests/integration/",
        pytrace=False,
    )
