"""The request path runs on the async driver: an entity read, its key lookup and its
audit event cost no worker thread and no blocking statement; an analytics request
costs one thread hop in all, however many statements its analytic sends, or none where
kb.analytics has it on the async driver (familyConfiguration,
configurationTimeline, collaborationNetwork, caseTrajectory, objectOfActivity,
workRhythm)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import anyio.to_thread
import pytest

from kb.security import audit
from kb.security.roles import Role
from kb.storage.database import Database
from tests.api_entities_support import SMALL, ensure_datasets
from tests.security_support import gql, keyed_client


class Hops:
    """Counts worker-thread hops (anyio's and asyncio's) and blocking statements."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads = 0
        self.blocking: list[str] = []
        run_sync = anyio.to_thread.run_sync
        to_thread = asyncio.to_thread
        read, write = Database.read, Database.write

        async def counted_run_sync(*args: Any, **kwargs: Any) -> Any:
            self.threads += 1
            return await run_sync(*args, **kwargs)

        async def counted_to_thread(*args: Any, **kwargs: Any) -> Any:
            self.threads += 1
            return await to_thread(*args, **kwargs)

        def counted_read(db: Database, name: str, *args: Any) -> Any:
            self.blocking.append(name)
            return read(db, name, *args)

        def counted_write(db: Database, name: str, *args: Any) -> Any:
            self.blocking.append(name)
            return write(db, name, *args)

        monkeypatch.setattr(anyio.to_thread, "run_sync", counted_run_sync)
        monkeypatch.setattr(asyncio, "to_thread", counted_to_thread)
        monkeypatch.setattr(Database, "read", counted_read)
        monkeypatch.setattr(Database, "write", counted_write)

    def reset(self) -> None:
        self.threads = 0
        self.blocking.clear()

    def analyst_asks(self, db: Database, query: str) -> tuple[dict[str, Any], int, list[str]]:
        """An ANALYST's answer to `query` on the small fixture, with the thread hops and
        blocking statements of that request alone (not of the client's setup)."""
        ensure_datasets(db, SMALL)
        with keyed_client(db) as (client, tokens):
            self.reset()
            body: dict[str, Any] = gql(client, query, tokens[Role.ANALYST]).json()
            return body, self.threads, list(self.blocking)


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hops]:
    yield Hops(monkeypatch)


FAMILIES = "{ families(first: 5) { nodes { id clients { id } } } }"
CONFIGURATION = """{ familyConfiguration(familyId: "F1", at: "2024-03-10T00:00:00Z") {
  members { professional { id } } } }"""
TIMELINE = """{ configurationTimeline(familyId: "F1", from: "2024-01-01", to: "2024-03-31") {
  changes { date joined { id } } configurations { size } } }"""
NETWORK = '{ collaborationNetwork(level: AGENCY, familyId: "F1") { graph { edges { id } } } }'
TRAJECTORY = '{ caseTrajectory(familyId: "F1") { agencies { order agency { id } } } }'
ACTIVITY = '{ objectOfActivity(familyId: "F1") { familyId perspectives { id } } }'
RHYTHM = '{ workRhythm(familyId: "F1") { interactions months { month size } } }'
KNOTS = '{ knots(familyId: "F1") { pairs } }'


@pytest.mark.parametrize(
    ("query", "field", "part"),
    [
        (FAMILIES, "families", "nodes"),
        (CONFIGURATION, "familyConfiguration", "members"),
        (TIMELINE, "configurationTimeline", "configurations"),
        (NETWORK, "collaborationNetwork", "graph"),
        (TRAJECTORY, "caseTrajectory", "agencies"),
        (ACTIVITY, "objectOfActivity", "familyId"),
        (RHYTHM, "workRhythm", "months"),
    ],
    ids=[
        "an-entity-read",
        "family-configuration",
        "configuration-timeline",
        "network",
        "case-trajectory",
        "object-of-activity",
        "work-rhythm",
    ],
)
def test_uses_no_thread_and_no_blocking_statement(
    db: Database, hops: Hops, query: str, field: str, part: str
) -> None:
    body, threads, blocking = hops.analyst_asks(db, query)
    assert "errors" not in body, body
    assert body["data"][field][part]
    assert threads == 0 and blocking == []
    # ... and still logged: the key lookup and the audit event went through the async door.
    events, _ = audit.list_events(db, first=10, operation="readFamily")
    assert len(events) == 1


def test_a_blocking_analytics_request_is_one_thread_hop(db: Database, hops: Hops) -> None:
    body, threads, blocking = hops.analyst_asks(db, KNOTS)
    assert "errors" not in body, body
    assert isinstance(body["data"]["knots"], list)
    assert threads == 1
    assert blocking and all(name.startswith("analytics/") for name in blocking), blocking
