"""Running the API's read statements from async resolvers, with errors made safe.

Statements go through the async driver (`AsyncDatabase`): no worker thread per
statement, and the event loop keeps batching other resolvers meanwhile. Database
failures become the coded errors of `api.errors.database_error`; anything else is a
fault, left to the error policy (masked as INTERNAL, logged with its traceback).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, LiteralString, TypeVar

from api.errors import database_error
from kb.storage.database import AsyncDatabase, Row
from neo4j import AsyncManagedTransaction

T = TypeVar("T")


async def read(db: AsyncDatabase, name: str, parameters: Mapping[str, Any]) -> list[Row]:
    """`db.read(name, parameters)`: one read transaction, its failures coded."""
    return await _safely(db, lambda: db.read(name, parameters))


@dataclass(frozen=True)
class StatementRead:
    """A generated statement (api/entities/translate.py) as read-transaction work: its
    text, built from fixed fragments, and its parameters, which hold all user input."""

    text: str
    parameters: dict[str, Any]

    async def __call__(self, tx: AsyncManagedTransaction) -> list[Row]:
        query: LiteralString = self.text
        result = await tx.run(query, self.parameters)
        # The statement answers maps, lists, text and numbers only (no nodes, no temporal
        # values), as the driver hydrates them: Record.data()'s recursive copy, which only
        # turns graph objects into dicts, cost up to 6 ms of CPU on one nested page.
        return [dict(zip(record.keys(), record.values(), strict=True)) async for record in result]


async def read_statement(db: AsyncDatabase, text: str, parameters: Mapping[str, Any]) -> list[Row]:
    """Run a generated statement's text in one read transaction, counted like a named
    one (`statements_sent`), its failures coded."""

    async def run() -> list[Row]:
        db.note_sent()
        return await db.in_read_transaction(StatementRead(text, dict(parameters)))

    return await _safely(db, run)


async def _safely(db: AsyncDatabase, work: Callable[[], Awaitable[T]]) -> T:
    try:
        return await work()
    except Exception as error:
        mapped = database_error(error, db.settings.neo4j_query_timeout)
        if mapped is None:
            raise
        raise mapped from None
