"""`AsyncDatabase`, the request path's door: the same named statements as `Database`,
reads in read transactions, writes in managed write transactions, the server-side
timeout, and statements counted into the blocking door's `statements_sent`."""

from __future__ import annotations

import asyncio

import pytest
from neo4j.exceptions import ClientError, ConstraintError

from kb.security import audit
from kb.security.roles import Principal, Role
from kb.storage.database import AsyncDatabase, Database

WHO = Principal("key-async", Role.ADMIN, "async test")


def test_reads_and_writes_through_the_async_door(db: Database) -> None:
    event = audit.event_parameters(WHO, "test", ["F1"])

    async def scenario() -> tuple[str, list[dict[str, object]], int]:
        async with AsyncDatabase.beside(db) as door:
            before = db.statements_sent
            written = await door.write("audit/record_event", event)
            found = await door.read("audit/find_event", {"id": event["id"]})
            version = await door.server_version()
            return version, [*written, *found], db.statements_sent - before

    version, rows, sent = asyncio.run(scenario())
    assert version == db.server_version()
    assert [row["id"] for row in rows] == [event["id"], event["id"]]
    assert sent == 3  # counted where the blocking door counts
    assert db.read("audit/find_event", {"id": event["id"]})  # committed


def test_a_read_runs_in_a_read_transaction(db: Database) -> None:
    event = audit.event_parameters(WHO, "test", ["F1"])

    async def write_through_read() -> None:
        async with AsyncDatabase.beside(db) as door:
            await door.read("audit/record_event", event)

    with pytest.raises(ClientError) as refused:
        asyncio.run(write_through_read())
    assert "AccessMode" in (refused.value.code or "")
    assert not db.read("audit/find_event", {"id": event["id"]})


def test_statements_written_together_stand_or_fall_together(db: Database) -> None:
    first = audit.event_parameters(WHO, "test", ["F1"])
    taken = audit.event_parameters(WHO, "test", ["F2"])
    db.write("audit/record_event", taken)

    async def together() -> None:
        async with AsyncDatabase.beside(db) as door:
            await door.write_together(
                [("audit/record_event", first), ("audit/record_event", taken)]
            )

    with pytest.raises(ConstraintError):
        asyncio.run(together())
    assert not db.read("audit/find_event", {"id": first["id"]})


def test_the_server_side_timeout_applies(db: Database) -> None:
    hurried = Database(db.settings.model_copy(update={"neo4j_query_timeout": 1.0}), db.driver)

    async def slow() -> None:
        async with AsyncDatabase.beside(hurried) as door:
            await door.read("security/slow_for_tests")

    with pytest.raises(ClientError) as cut_off:
        asyncio.run(slow())
    assert "TransactionTimedOut" in (cut_off.value.code or "")
