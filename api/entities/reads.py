"""Running the API's named read statements from async resolvers, with errors made safe.

The driver is synchronous, so a statement runs in a worker thread and the event loop
keeps batching other resolvers meanwhile. Driver errors become `ApiError`s that say
what happened without Cypher text or a stack trace.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any, LiteralString

from neo4j.exceptions import (
    ClientError,
    DatabaseUnavailable,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from api.errors import ApiError, ErrorCode
from kb.storage.database import Database, Row
from neo4j import ManagedTransaction

log = logging.getLogger("api.entities")


async def read(db: Database, name: str, parameters: Mapping[str, Any]) -> list[Row]:
    """`db.read(name, parameters)` (a read transaction) without blocking the event loop."""
    return await _safely(name, lambda: db.read(name, parameters))


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

    return await _safely("a translated entity statement", run)


async def _safely(name: str, work: Callable[[], list[Row]]) -> list[Row]:
    """`work()` in a worker thread, its driver errors made safe to show."""
    try:
        return await asyncio.to_thread(work)
    except (ServiceUnavailable, SessionExpired, DatabaseUnavailable, TransientError):
        raise ApiError(
            ErrorCode.UNAVAILABLE, "the knowledge base is unavailable; try again shortly"
        ) from None
    except ClientError as error:
        if "Timeout" in (error.code or "") or "TransactionTimedOut" in (error.code or ""):
            log.warning("statement %s timed out", name)
            raise ApiError(
                ErrorCode.LIMIT_EXCEEDED,
                "the request took longer than the server allows; ask for less (smaller pages, "
                "narrower filters)",
            ) from None
        log.exception("statement %s failed", name)
        raise ApiError(ErrorCode.INTERNAL, "the knowledge base could not answer") from None
    except Neo4jError:
        log.exception("statement %s failed", name)
        raise ApiError(ErrorCode.INTERNAL, "the knowledge base could not answer") from None
