"""`empty_database`: everything goes, in bounded steps, and the schema stays."""

from __future__ import annotations

from pathlib import Path

from kb.loading import load_dataset
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from kb.storage.schema import schema_applied
from tests.loader_support import SMALL, SMALL_NODES, SMALL_RELATIONSHIPS


def elements(db: Database) -> int:
    return sum(int(row["count"]) for row in db.read("load/graph_counts"))


def test_empties_in_small_steps_and_keeps_the_schema(db: Database, tmp_path: Path) -> None:
    load_dataset(db, SMALL, reject_file=tmp_path / "r.csv")
    before = elements(db)
    # The fixture's counts by hand, plus the load's own Dataset and Load nodes and HAS_LOAD,
    # and the database's WriteGeneration node (the load advanced it).
    assert before == sum(SMALL_NODES.values()) + sum(SMALL_RELATIONSHIPS.values()) + 4

    assert empty_database(db, batch=7) == before  # many steps of at most 7

    assert elements(db) == 0
    assert schema_applied(db)
