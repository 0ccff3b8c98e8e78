"""The one door to Neo4j: named Cypher statements, read and write transactions, counted.

Reads go through read transactions and writes through managed write
transactions (`execute_query` retries transient errors), so a cluster's
routing URI (`neo4j://`) sends reads to followers unchanged. Every statement
carries the configured server-side timeout. `statements_sent` counts round
trips, which the API's N+1 test reads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, LiteralString, TypeVar

from neo4j.exceptions import Neo4jError

from kb.settings import Settings, get_settings
from kb.storage.cypher import statement
from neo4j import (
    Driver,
    GraphDatabase,
    ManagedTransaction,
    Query,
    RoutingControl,
    unit_of_work,
)

T = TypeVar("T")
Row = dict[str, Any]


class Database:
    """Runs named statements from `cypher/` against one Neo4j database."""

    def __init__(self, settings: Settings | None = None, driver: Driver | None = None) -> None:
        self.settings = settings or get_settings()
        self.driver = driver or GraphDatabase.driver(
            self.settings.neo4j_uri,
            auth=(self.settings.neo4j_user, self.settings.neo4j_password),
            connection_acquisition_timeout=10,
            max_transaction_retry_time=self.settings.neo4j_retry_seconds,
        )
        self._lock = threading.Lock()
        self.statements_sent = 0

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- statements ---------------------------------------------------------

    def _query(self, name: str) -> Query:
        return Query(_text(name), timeout=self.settings.neo4j_query_timeout)

    def note_sent(self, n: int = 1) -> None:
        """Count statements sent; helpers that run raw schema statements report here too."""
        with self._lock:
            self.statements_sent += n

    def read(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """Run `cypher/<name>.cypher` in a read transaction; rows as dicts."""
        self.note_sent()
        records, _, _ = self.driver.execute_query(
            self._query(name),
            dict(parameters or {}),
            routing_=RoutingControl.READ,
            database_=self.settings.neo4j_database,
        )
        return [record.data() for record in records]

    def write(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        """Run `cypher/<name>.cypher` in a managed write transaction (retried)."""
        self.note_sent()
        records, _, _ = self.driver.execute_query(
            self._query(name),
            dict(parameters or {}),
            routing_=RoutingControl.WRITE,
            database_=self.settings.neo4j_database,
        )
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
        with self.driver.session(database=self.settings.neo4j_database) as session:
            return session.execute_write(timed)

    def in_read_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        timed = unit_of_work(timeout=self.settings.neo4j_query_timeout)(work)
        with self.driver.session(database=self.settings.neo4j_database) as session:
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


def _text(name: str) -> LiteralString:
    # Statement files are fixed text shipped with the code, never user input.
    return statement(name)


def is_transient(error: Exception) -> bool:
    return isinstance(error, Neo4jError) and error.is_retryable()
