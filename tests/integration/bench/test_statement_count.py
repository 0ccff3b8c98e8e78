"""The side-by-side run counts what reaches Neo4j with Neo4j's own counters (bench/peer/compare.py):
the query collector counts every statement, the transaction ids every transaction."""

from __future__ import annotations

import logging

from bench.peer.compare import OWN_STATEMENTS, _transaction_number
from kb.storage.database import Database


def test_statements_and_transactions_are_counted_by_neo4j(db: Database) -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    db.read("bench/query_collection_start")
    try:
        first = _transaction_number(db)
        for _ in range(3):
            db.read("bench/count_elements")  # one statement in its own read transaction
        db.write_together([("bench/count_elements", {}), ("bench/count_elements", {})])
        last = _transaction_number(db)
        seen = db.read("bench/query_collection")
    finally:
        db.read("bench/query_collection_stop")
    counted = {
        row["query"]: row["invocations"]
        for row in seen
        if not any(own in row["query"] for own in OWN_STATEMENTS)
    }
    assert list(counted.values()) == [5], counted
    assert last - first - 1 == 4  # three reads and one write transaction of two statements
