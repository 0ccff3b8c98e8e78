"""An analytic answered from one named statement, run by either door to Neo4j.

`OneRead` holds the statement, its parameters and what makes the answer of its rows,
so one definition serves the blocking `Database` (the CLI, tests, the export) and the
async `AsyncDatabase` (the API's event loop, no worker thread), without a twin of
every function. Its statement returns no nodes, relationships or paths (maps, lists,
text, numbers; dates and instants as ISO-8601 text where the answer is built from many),
so its rows are taken as the driver decoded them (`read_values`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from kb.storage.database import AsyncDatabase, Database, Row

T = TypeVar("T")


@dataclass(frozen=True)
class OneRead(Generic[T]):
    statement: str
    parameters: dict[str, Any]
    answer: Callable[[list[Row]], T]

    def run(self, db: Database) -> T:
        return self.answer(db.read_values(self.statement, self.parameters))

    async def run_async(self, db: AsyncDatabase) -> T:
        return self.answer(await db.read_values(self.statement, self.parameters))
