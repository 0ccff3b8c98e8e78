"""The one door to Neo4j: named Cypher statements, read and write transactions, counted.

Reads go through read transactions and writes through managed write
transactions (`execute_query` retries transient errors), so a cluster's
routing URI (`neo4j://`) sends reads to followers unchanged. Every statement
carries the configured server-side timeout. `statements_sent` counts round
trips, which the API's N+1 test reads.

`Database` is blocking (the CLI, the loader, the analytics); `AsyncDatabase` is
its counterpart on the driver's asyncio API, with the same methods as coroutines,
for the API's request path (no thread per statement). `AsyncDatabase.beside(db)`
opens one on the same server that counts into the same `statements_sent`.

Causal order: every transaction either door runs (`read`, `write`, the
`in_*_transaction` sessions) passes through one bookmark manager, the blocking
driver's `execute_query_bookmark_manager`, which `beside` hands to the async door.
So on a cluster a read starts only once the server it lands on has applied every
write this process committed before it, whichever door wrote it. (The manager is
the driver's thread-safe one; the async driver accepts a blocking manager.)
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, LiteralString, TypeVar

from neo4j.api import AsyncBookmarkManager, BookmarkManager

from kb.settings import Settings, get_settings
from kb.storage.cypher import statement
from neo4j import (
    AsyncDriver,
    AsyncGraphDatabase,
    AsyncManagedTransaction,
    AsyncResult,
    AsyncSession,
    Driver,
    GraphDatabase,
    ManagedTransaction,
    Query,
    RoutingControl,
    Session,
    unit_of_work,
)

T = TypeVar("T")
Row = dict[str, Any]
# What `AsyncDatabase.in_*_transaction` runs: a function of the transaction, retried whole.
AsyncWork = Callable[[AsyncManagedTransaction], Awaitable[T]]


class StatementCount:
    """Statements sent, shared by the blocking and the async door to one server."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.sent = 0

    def add(self, n: int = 1) -> None:
        with self._lock:
            self.sent += n


def driver_options(settings: Settings) -> dict[str, Any]:
    """The driver configuration both doors use."""
    return {
        "auth": (settings.neo4j_user, settings.neo4j_password),
        "connection_acquisition_timeout": 10,
        "max_transaction_retry_time": settings.neo4j_retry_seconds,
    }


class Database:
    """Runs named statements from `cypher/` against one Neo4j database."""

    def __init__(
        self,
        settings: Settings | None = None,
        driver: Driver | None = None,
        count: StatementCount | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.driver = driver or GraphDatabase.driver(
            self.settings.neo4j_uri, **driver_options(self.settings)
        )
        self.count = count or StatementCount()
        # The one bookmark manager of this process's transactions (module docstring).
        self.bookmarks: BookmarkManager = self.driver.execute_query_bookmark_manager

    @property
    def statements_sent(self) -> int:
        return self.count.sent

    def reconnect(self) -> None:
        """Start again with a new driver: new connections and no bookmarks. For after the
        store was replaced under it (the bulk first load swaps in a new database): the
        old bookmarks name transactions the new store never had, and would be waited for."""
        self.driver.close()
        self.driver = GraphDatabase.driver(self.settings.neo4j_uri, **driver_options(self.settings))
        self.bookmarks = self.driver.execute_query_bookmark_manager

    def close(self) -> None:
        self.driver.close()

    def session(self) -> Session:
        """A session on the configured database, in causal order with every other
        transaction of this process (it shares the bookmark manager)."""
        return self.driver.session(
            database=self.settings.neo4j_database, bookmark_manager=self.bookmarks
        )

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- statements ---------------------------------------------------------

    def _query(self, name: str) -> Query:
        return _timed(name, self.settings)

    def note_sent(self, n: int = 1) -> None:
        """Count statements sent; helpers that run raw schema statements report here too."""
        self.count.add(n)

    def read(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """Run `cypher/<name>.cypher` in a read transaction; rows as dicts."""
        return self._execute(name, parameters, RoutingControl.READ)

    def write(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """Run `cypher/<name>.cypher` in a managed write transaction (retried)."""
        return self._execute(name, parameters, RoutingControl.WRITE)

    def read_values(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """`read` for a statement that returns no nodes, relationships or paths (maps,
        lists, text, numbers): its rows as the driver decoded them, without
        Record.data()'s recursive copy, which only turns graph objects into dicts."""
        return self._execute(name, parameters, RoutingControl.READ, values_only=True)

    def _execute(
        self,
        name: str,
        parameters: Mapping[str, Any] | None,
        routing: RoutingControl,
        values_only: bool = False,
    ) -> list[Row]:
        self.note_sent()
        records, _, keys = self.driver.execute_query(
            self._query(name),
            dict(parameters or {}),
            routing_=routing,
            database_=self.settings.neo4j_database,
            bookmark_manager_=self.bookmarks,
        )
        if values_only:
            return [dict(zip(keys, record, strict=True)) for record in records]
        return [record.data() for record in records]

    def write_together(self, steps: Iterable[tuple[str, Mapping[str, Any]]]) -> list[list[Row]]:
        """Run several named statements in one managed write transaction: all or nothing."""
        plan = [(_text(name), dict(params)) for name, params in steps]

        def work(tx: ManagedTransaction) -> list[list[Row]]:
            results = []
            for query, params in plan:
                self.note_sent()
                results.append([record.data() for record in tx.run(query, params)])
            return results

        return self.in_write_transaction(work)

    def in_write_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        timed = unit_of_work(timeout=self.settings.neo4j_query_timeout)(work)
        with self.session() as session:
            return session.execute_write(timed)

    def in_read_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        timed = unit_of_work(timeout=self.settings.neo4j_query_timeout)(work)
        with self.session() as session:
            return session.execute_read(timed)

    def run_named(
        self, tx: ManagedTransaction, name: str, parameters: Mapping[str, Any]
    ) -> list[Row]:
        """Run a named statement inside a transaction opened by `in_*_transaction`."""
        self.note_sent()
        return [record.data() for record in tx.run(_text(name), dict(parameters))]

    def server_version(self) -> str:
        rows = self.read("meta/server_version")
        return f"{rows[0]['version']} {rows[0]['edition']}"


class AsyncDatabase:
    """`Database` on the driver's asyncio API: the same named statements, transactions,
    timeout and counting, as coroutines."""

    def __init__(
        self,
        settings: Settings | None = None,
        driver: AsyncDriver | None = None,
        count: StatementCount | None = None,
        bookmarks: BookmarkManager | AsyncBookmarkManager | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.driver = driver or AsyncGraphDatabase.driver(
            self.settings.neo4j_uri, **driver_options(self.settings)
        )
        self.count = count or StatementCount()
        self.bookmarks: BookmarkManager | AsyncBookmarkManager = (
            self.driver.execute_query_bookmark_manager if bookmarks is None else bookmarks
        )

    @classmethod
    def beside(cls, db: Database) -> AsyncDatabase:
        """An async door to `db`'s server, counting into `db.statements_sent` and in
        causal order with `db`'s transactions (one bookmark manager). Open it inside
        the event loop that will use it (the driver belongs to that loop)."""
        return cls(db.settings, count=db.count, bookmarks=db.bookmarks)

    @property
    def statements_sent(self) -> int:
        return self.count.sent

    async def close(self) -> None:
        await self.driver.close()

    async def __aenter__(self) -> AsyncDatabase:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def note_sent(self, n: int = 1) -> None:
        self.count.add(n)

    def session(self) -> AsyncSession:
        """A session on the configured database, sharing the bookmark manager."""
        return self.driver.session(
            database=self.settings.neo4j_database, bookmark_manager=self.bookmarks
        )

    async def read(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """Run `cypher/<name>.cypher` in a read transaction; rows as dicts."""
        return await self._execute(name, parameters, RoutingControl.READ)

    async def write(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """Run `cypher/<name>.cypher` in a managed write transaction (retried)."""
        return await self._execute(name, parameters, RoutingControl.WRITE)

    async def read_values(
        self, name: str, parameters: Mapping[str, Any] | None = None
    ) -> list[Row]:
        """`Database.read_values` as a coroutine."""
        return await self._execute(name, parameters, RoutingControl.READ, values_only=True)

    async def _execute(
        self,
        name: str,
        parameters: Mapping[str, Any] | None,
        routing: RoutingControl,
        values_only: bool = False,
    ) -> list[Row]:
        self.note_sent()
        records, _, keys = await self.driver.execute_query(
            _timed(name, self.settings),
            dict(parameters or {}),
            routing_=routing,
            database_=self.settings.neo4j_database,
            bookmark_manager_=self.bookmarks,
        )
        if values_only:
            return [dict(zip(keys, record, strict=True)) for record in records]
        return [record.data() for record in records]

    async def read_text(
        self,
        text: LiteralString,
        parameters: Mapping[str, Any],
        rows: Callable[[AsyncResult], Awaitable[list[Row]]],
    ) -> list[Row]:
        """Run a statement built at call time (fixed fragments; every input a parameter)
        in one read transaction, its rows made by `rows`. Through the driver's
        `execute_query`, which sends BEGIN together with the statement: one round trip
        fewer than a session's `execute_read` (BEGIN, then RUN, then COMMIT)."""
        self.note_sent()
        answer: list[Row] = await self.driver.execute_query(
            Query(text, timeout=self.settings.neo4j_query_timeout),
            dict(parameters),
            routing_=RoutingControl.READ,
            database_=self.settings.neo4j_database,
            bookmark_manager_=self.bookmarks,
            result_transformer_=rows,
        )
        return answer

    async def write_together(
        self, steps: Iterable[tuple[str, Mapping[str, Any]]]
    ) -> list[list[Row]]:
        """Run several named statements in one managed write transaction: all or nothing."""
        plan = [(name, dict(params)) for name, params in steps]

        async def work(tx: AsyncManagedTransaction) -> list[list[Row]]:
            return [await self.run_named(tx, name, params) for name, params in plan]

        return await self.in_write_transaction(work)

    async def in_write_transaction(self, work: AsyncWork[T]) -> T:
        timed = unit_of_work(timeout=self.settings.neo4j_query_timeout)(work)
        async with self.session() as session:
            return await session.execute_write(timed)

    async def in_read_transaction(self, work: AsyncWork[T]) -> T:
        timed = unit_of_work(timeout=self.settings.neo4j_query_timeout)(work)
        async with self.session() as session:
            return await session.execute_read(timed)

    async def run_named(
        self, tx: AsyncManagedTransaction, name: str, parameters: Mapping[str, Any]
    ) -> list[Row]:
        """Run a named statement inside a transaction opened by `in_*_transaction`."""
        self.note_sent()
        result = await tx.run(_text(name), dict(parameters))
        return [record.data() async for record in result]

    async def server_version(self) -> str:
        rows = await self.read("meta/server_version")
        return f"{rows[0]['version']} {rows[0]['edition']}"


def _timed(name: str, settings: Settings) -> Query:
    return Query(_text(name), timeout=settings.neo4j_query_timeout)


def _text(name: str) -> LiteralString:
    # Statement files are fixed text shipped with the code, never user input.
    return statement(name)
