"""One database-wide write generation: a number every path that writes the knowledge model
advances (a load before its first batch, each mutation, each erasure).

"No write since generation g" is then "the generation is still g", which is what lets
a reload skip comparing the files it loaded last time (`kb.loading.fingerprints`).
Writes that bypass the project (Cypher typed by hand) do not advance it: `kb load
--verify` compares every row whatever the generation says.
"""

from __future__ import annotations

from kb.storage.database import Database
from neo4j import ManagedTransaction


def advance_write_generation(db: Database, tx: ManagedTransaction) -> int:
    """Advance the generation inside the caller's write transaction (so it moves if and
    only if the write commits); the new value. Call it in every transaction that writes
    the model's nodes or relationships."""
    return int(db.run_named(tx, "writes/advance_generation", {})[0]["generation"])


def current_write_generation(db: Database) -> int:
    """The generation now (0 before the first write)."""
    return int(db.read("writes/current_generation")[0]["generation"])
