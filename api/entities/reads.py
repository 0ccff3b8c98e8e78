"""Running the API's named read statements from async resolvers, with errors made safe.

The driver is synchronous, so a statement runs in a worker thread and the event loop
keeps batching other resolvers meanwhile. Database failures become the coded errors
of `api.errors.database_error`; anything else is a fault, left to the error policy
(masked as INTERNAL, logged with its traceback).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from api.errors import database_error
from kb.storage.database import Database, Row


async def read(db: Database, name: str, parameters: Mapping[str, Any]) -> list[Row]:
    """`db.read(name, parameters)` (a read transaction) without blocking the event loop."""
    try:
        return await asyncio.to_thread(db.read, name, parameters)
    except Exception as error:
        mapped = database_error(error, db.settings.neo4j_query_timeout)
        if mapped is None:
            raise
        raise mapped from None
