"""Database failures met anywhere in the API (entity reads, analytics, mutations,
authentication, /health) leave with the one code and wording of api/errors.py."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator

import pytest
import strawberry
from fastapi.testclient import TestClient
from neo4j.exceptions import ConstraintError

from api.analytics.query import answer
from api.app import create_app
from api.entities.reads import read
from api.errors import CONSTRAINT_MESSAGE, UNAVAILABLE_MESSAGE, ApiError, timeout_message
from api.security.errors import ErrorPolicy
from kb.security.audit import event_parameters
from kb.security.roles import Principal, Role
from kb.storage.database import Database

ADMIN = Principal("key-test", Role.ADMIN, "test")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe closes


@pytest.fixture
def unreachable(database: Database) -> Iterator[Database]:
    """A database whose server is not there (a real driver, a port nobody listens on)."""
    settings = database.settings.model_copy(
        update={"neo4j_uri": f"bolt://127.0.0.1:{closed_port()}", "neo4j_retry_seconds": 0.2}
    )
    with Database(settings) as db:
        yield db


UPSERT = """mutation { upsertNode(label: Agency, properties: {id: "A-x", name: "x", sector: "HEALTH"}) {
  created } }"""


def test_an_unreachable_database_reads_the_same_everywhere(unreachable: Database) -> None:
    open_mode = unreachable.settings.model_copy(update={"auth_mode": "open"})
    with TestClient(create_app(open_mode, database=unreachable)) as client:
        answers = {
            "entities": client.post("/graphql", json={"query": '{ node(id: "F1") { id } }'}),
            "analytics": client.post(
                "/graphql",
                json={"query": '{ knots(familyId: "F1") { pairs } }'},
            ),
            "mutations": client.post("/graphql", json={"query": UPSERT}),
        }
        health = client.get("/health")
    keyed = unreachable.settings.model_copy(update={"auth_mode": "keys"})
    with TestClient(create_app(keyed, database=unreachable)) as client:
        auth = client.post(
            "/graphql", json={"query": "{ me { role } }"}, headers={"X-API-Key": "kb_" + "x" * 43}
        )
    for where, response in {**answers, "auth": auth}.items():
        assert response.status_code == 503, where
        assert response.headers["Retry-After"] == "5", where
        errors = response.json()["errors"]
        assert [(e["message"], e["extensions"]["code"]) for e in errors] == [
            (UNAVAILABLE_MESSAGE, "UNAVAILABLE")
        ], where
    assert health.status_code == 503
    assert health.json()["message"] == UNAVAILABLE_MESSAGE


def test_a_timeout_reads_the_same_in_entity_reads_and_analytics(database: Database) -> None:
    hurried = Database(database.settings.model_copy(update={"neo4j_query_timeout": 1.0}), database.driver)
    with pytest.raises(ApiError) as entity:
        asyncio.run(read(hurried, "security/slow_for_tests", {}))
    with pytest.raises(ApiError) as analytics:
        asyncio.run(answer(lambda: hurried.read("security/slow_for_tests"), 1.0))
    for caught in (entity.value, analytics.value):
        assert (caught.code.value, caught.message) == ("LIMIT_EXCEEDED", timeout_message(1.0))


@strawberry.type
class Writes:
    @strawberry.field
    def twice(self, info: strawberry.Info) -> int | None:
        db: Database = info.context["db"]
        db.write("audit/record_event", info.context["event"])
        return 1


def test_a_constraint_reads_the_same_in_analytics_and_the_error_policy(db: Database) -> None:
    event = event_parameters(ADMIN, "test", ["F1"])
    db.write("audit/record_event", event)
    with pytest.raises(ConstraintError):  # the real failure: the id is taken
        db.write("audit/record_event", event)
    with pytest.raises(ApiError) as analytics:
        asyncio.run(answer(lambda: db.write("audit/record_event", event), 30))
    schema = strawberry.Schema(query=Writes, extensions=[lambda: ErrorPolicy(30)])
    result = schema.execute_sync("{ twice }", context_value={"db": db, "event": event})
    assert result.errors is not None
    policy = result.errors[0]
    assert (analytics.value.code.value, analytics.value.message) == ("BAD_USER_INPUT", CONSTRAINT_MESSAGE)
    assert (policy.extensions or {}).get("code") == "BAD_USER_INPUT"
    assert policy.message == CONSTRAINT_MESSAGE
