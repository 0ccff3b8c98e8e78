"""Running the API's read statements from async resolvers, with errors made safe.

The driver is synchronous, so a statement runs in a worker thread and the event loop
keeps batching other resolvers meanwhile. Database failures become the coded errors
of `api.errors.database_error`; anything else is a fault, left to the error policy
(masked as INTERNAL, logged with its traceback).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, LiteralString

from api.errors import database_error
from kb.storage.database import Database, Row
from neo4j import ManagedTransaction


async def read(db: Database, name: str, parameters: Mapping[str, Any]) -> list[Row]:
    """`db.read(name, parameters)` (a read transaction) without blocking the event loop."""
    return await _safely(db, lambda: db.read(name, parameters))


async def read_statement(db: Database, text: str, parameters: Mapping[str, Any]) -> list[Row]:
    """Run a generated statement's text (api/entities/translate.py) in one read transaction,
    counted like a named one (`Database.statements_sent`)."""
    # The text is built by the translator from fixed fragments; user input is in `parameters`.
    query: LiteralString = text

    def work(tx: ManagedTransaction) -> list[Row]:
        return [record.data() for record in tx.run(query, dict(parameters))]

    def run() -> list[Row]:
        db.note_sent()
        return db.in_read_transaction(work)

    return await _safely(db, run)


async def _safely(db: Database, work: Callable[[], list[Row]]) -> list[Row]:
    """`work()` in a worker thread, a database failure made a coded error."""
    try:
        return await asyncio.to_thread(work)
    except Exception as error:
        mapped = database_error(error, db.settings.neo4j_query_timeout)
        if mapped is None:
            raise
        raise mapped from None
