"""Running the API's read statements from async resolvers, with errors made safe.

Statements go through the async driver (`AsyncDatabase`): no worker thread per
statement, and the event loop keeps batching other resolvers meanwhile. Database
failures become the coded errors of `api.errors.database_error`; anything else is a
fault, left to the error policy (masked as INTERNAL, logged with its traceback).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, LiteralString, TypeVar

from api.errors import database_error
from kb.storage.database import AsyncDatabase, Row
from neo4j import AsyncResult

T = TypeVar("T")


async def read(db: AsyncDatabase, name: str, parameters: Mapping[str, Any]) -> list[Row]:
    """`db.read(name, parameters)`: one read transaction, its failures coded."""
    return await _safely(db, lambda: db.read(name, parameters))


async def statement_rows(result: AsyncResult) -> list[Row]:
    """A generated statement's rows as the driver hydrates them. The statement answers
    maps, lists, text and numbers only (no nodes, no temporal values): Record.data()'s
    recursive copy, which only turns graph objects into dicts, cost up to 6 ms of CPU on
    one nested page."""
    keys = result.keys()
    return [dict(zip(keys, record.values(), strict=True)) async for record in result]


async def read_statement(db: AsyncDatabase, text: str, parameters: Mapping[str, Any]) -> list[Row]:
    """Run a generated statement's text (api/entities/translate.py: built from fixed
    fragments, all user input in `parameters`) in one read transaction, counted like a
    named one (`statements_sent`), its failures coded."""
    query: LiteralString = text
    return await _safely(db, lambda: db.read_text(query, parameters, statement_rows))


async def _safely(db: AsyncDatabase, work: Callable[[], Awaitable[T]]) -> T:
    try:
        return await work()
    except Exception as error:
        mapped = database_error(error, db.settings.neo4j_query_timeout)
        if mapped is None:
            raise
        raise mapped from None
