"""Running the API's named read statements from async resolvers, with errors made safe.

Statements go through the async driver (`AsyncDatabase`): no worker thread per
statement, and the event loop keeps batching other resolvers meanwhile. Database
failures become the coded errors of `api.errors.database_error`; anything else is a
fault, left to the error policy (masked as INTERNAL, logged with its traceback).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.errors import database_error
from kb.storage.database import AsyncDatabase, Row


async def read(db: AsyncDatabase, name: str, parameters: Mapping[str, Any]) -> list[Row]:
    """`db.read(name, parameters)`: one read transaction, its failures coded."""
    try:
        return await db.read(name, parameters)
    except Exception as error:
        mapped = database_error(error, db.settings.neo4j_query_timeout)
        if mapped is None:
            raise
        raise mapped from None
