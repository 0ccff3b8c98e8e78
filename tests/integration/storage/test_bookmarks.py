"""Causal order across the two doors: every transaction of `Database` and of
`AsyncDatabase.beside` passes through one bookmark manager, so on a cluster a read
waits for the writes this process committed before it, whichever door wrote them.
One server cannot show a lagging secondary; what it can show is that each kind of
transaction consults the shared manager and that a write through either door
advances it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from kb.security import audit
from kb.security.roles import Principal, Role
from kb.storage.database import AsyncDatabase, Database
from neo4j import Bookmarks, GraphDatabase, ManagedTransaction

WHO = Principal("key-bookmarks", Role.ADMIN, "bookmark test")


def shared(db: Database) -> set[str]:
    """What the blocking driver's own manager (the one `execute_query` uses) holds."""
    return set(db.driver.execute_query_bookmark_manager.get_bookmarks())


def record_in_session(db: Database) -> Callable[[ManagedTransaction], Any]:
    event = audit.event_parameters(WHO, "test", ["F1"])
    return lambda tx: db.run_named(tx, "audit/record_event", event)


def test_a_write_in_a_session_advances_the_bookmarks_reads_wait_for(db: Database) -> None:
    db.write("audit/record_event", audit.event_parameters(WHO, "test", ["F1"]))
    before = shared(db)
    db.in_write_transaction(record_in_session(db))
    after = shared(db)
    assert after and after != before


def test_a_write_through_the_async_door_advances_the_blocking_doors_bookmarks(
    db: Database,
) -> None:
    db.write("audit/record_event", audit.event_parameters(WHO, "test", ["F1"]))
    seen: list[set[str]] = [shared(db)]

    async def scenario() -> None:
        async with AsyncDatabase.beside(db) as door:
            await door.write("audit/record_event", audit.event_parameters(WHO, "test", ["F2"]))
            seen.append(shared(db))
            event = audit.event_parameters(WHO, "test", ["F3"])
            await door.in_write_transaction(
                lambda tx: door.run_named(tx, "audit/record_event", event)
            )
            seen.append(shared(db))

    asyncio.run(scenario())
    assert all(seen) and len({frozenset(s) for s in seen}) == 3


def test_every_kind_of_transaction_consults_the_one_manager(db: Database) -> None:
    asked: list[str] = []
    told: list[frozenset[str]] = []

    def supplier() -> Bookmarks:
        asked.append("asked")
        return Bookmarks()

    def consumer(bookmarks: Bookmarks) -> None:
        told.append(frozenset(bookmarks.raw_values))

    watched = Database(db.settings, db.driver)
    watched.bookmarks = GraphDatabase.bookmark_manager(
        bookmarks_supplier=supplier, bookmarks_consumer=consumer
    )
    counts: list[tuple[int, int]] = []

    def step() -> None:
        counts.append((len(asked), len(told)))

    watched.read("meta/server_version")
    step()
    watched.write("audit/record_event", audit.event_parameters(WHO, "test", ["F1"]))
    step()
    watched.in_read_transaction(lambda tx: watched.run_named(tx, "meta/server_version", {}))
    step()
    watched.in_write_transaction(record_in_session(watched))
    step()

    async def through_async() -> None:
        async with AsyncDatabase.beside(watched) as door:
            assert door.bookmarks is watched.bookmarks
            await door.read("meta/server_version")
            step()
            await door.write("audit/record_event", audit.event_parameters(WHO, "test", ["F2"]))
            step()
            await door.in_read_transaction(lambda tx: door.run_named(tx, "meta/server_version", {}))
            step()
            event = audit.event_parameters(WHO, "test", ["F3"])
            await door.in_write_transaction(
                lambda tx: door.run_named(tx, "audit/record_event", event)
            )
            step()

    asyncio.run(through_async())
    asked_per_step = [b[0] - a[0] for a, b in zip([(0, 0), *counts], counts, strict=False)]
    assert all(n >= 1 for n in asked_per_step), asked_per_step  # each one asked first
    # Each write told the manager its new bookmark; the manager keeps the latest.
    assert len(set(told)) >= 4
    assert watched.bookmarks.get_bookmarks() == set(told[-1])
