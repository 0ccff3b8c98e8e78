"""Shared test fixtures: one real Neo4j per test session, a clean database per test.

The database fixtures are lazy: only tests that ask for `database`, `db`, `seeded` or
`neo4j_settings` (the integration tests, tests/integration/) start Neo4j. The unit tests
(tests/unit/) never do: their conftest refuses these fixtures.

With a Docker engine, testcontainers runs the official `neo4j:5.26-community`
image; without one, the project's local server (`kb db start`) is started once
for the session and stopped at the end if the session started it. Set
KB_TEST_NEO4J=local or =docker to force one route.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.settings import Settings, get_settings
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from kb.storage.schema import apply_schema
from kb.storage.server import LocalServer
from tests.api_entities_support import dataset_fixture
from tests.dataset_rows import SEED
from tests.server_support import server_route

SERVER_LINE: list[str] = []


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    if server_route() == "docker":
        from testcontainers.neo4j import Neo4jContainer

        with Neo4jContainer("neo4j:5.26-community", password="kb-test-password") as container:
            settings = get_settings().model_copy(
                update={
                    "neo4j_uri": container.get_connection_url(),
                    "neo4j_password": "kb-test-password",
                }
            )
            yield settings
        return
    settings = get_settings()
    server = LocalServer(settings)
    _, started = server.start()
    try:
        yield settings
    finally:
        if started:
            server.stop()


@pytest.fixture(scope="session")
def database(neo4j_settings: Settings) -> Iterator[Database]:
    db = Database(neo4j_settings)
    apply_schema(db)
    SERVER_LINE.append(
        f"Neo4j server under test: {db.server_version()} at {neo4j_settings.neo4j_uri}"
    )
    yield db
    db.close()


@pytest.fixture
def db(database: Database) -> Database:
    """The session's database, emptied before the test."""
    empty_database(database)
    return database


seeded = dataset_fixture(SEED)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in SERVER_LINE:
        terminalreporter.write_line(line)
