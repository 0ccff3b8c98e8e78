"""`empty_database`: every node and relationship deleted, the schema kept.

For the tests, the examples renderer and the bench; never reachable from the API.
Relationships first, then nodes, each in bounded managed write transactions: one
`MATCH (n) DETACH DELETE n` holds the whole graph in a single transaction and runs
out of transaction memory on a store of a few hundred thousand elements.
"""

from __future__ import annotations

from kb.storage.database import Database

BATCH = 20_000


def empty_database(db: Database, batch: int = BATCH) -> int:
    """Delete everything in steps of `batch`; returns how many elements were deleted."""
    deleted = 0
    for step in ("admin/delete_relationships_batch", "admin/delete_nodes_batch"):
        while gone := int(db.write(step, {"batch": batch})[0]["deleted"]):
            deleted += gone
    return deleted
