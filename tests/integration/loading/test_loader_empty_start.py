"""An online load that begins on a database with no node of the model skips the node
comparison reads while nothing else writes (issue #11 item 2), and compares again as soon
as anything else has written: a node another writer stored meanwhile is still found
(its id refused under another label), and the counts stay exact.

Expected counts come from the hand-counted small fixture (tests/loader_support.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from kb.domain.model import RELATIONSHIP_TYPES
from kb.loading import LoadReport, load_dataset
from kb.storage.database import Database
from kb.writing.generation import advance_write_generation
from neo4j import ManagedTransaction
from tests.loader_support import SMALL, SMALL_NODES, SMALL_ROWS, model_counts

NODE_ROWS = sum(SMALL_NODES.values())


def load(db: Database, tmp_path: Path) -> LoadReport:
    return load_dataset(db, SMALL, reject_file=tmp_path / "r.csv", batch_rows=2)


def spy_reads(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    read = db.read

    def reading(name: str, params: Mapping[str, Any] | None = None) -> Any:
        names.append(name)
        return read(name, params)

    monkeypatch.setattr(db, "read", reading)
    return names


def test_a_load_into_an_empty_database_sends_no_node_comparison(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    reads = spy_reads(db, monkeypatch)
    report = load(db, tmp_path)
    assert report.rejected == 0
    assert not [name for name in reads if name.startswith("load/compare_nodes/")]
    assert sum(c.created for c in report.files if c.file in _node_files()) == NODE_ROWS
    assert model_counts(db)[0] == SMALL_NODES


def test_a_load_into_a_database_with_model_nodes_compares(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    db.in_write_transaction(lambda tx: _store_family(db, tx, "someone-else"))
    reads = spy_reads(db, monkeypatch)
    report = load(db, tmp_path)
    assert report.rejected == 0
    assert [name for name in reads if name.startswith("load/compare_nodes/")]
    assert sum(c.created for c in report.files) == sum(SMALL_ROWS.values())


def test_a_write_during_the_load_makes_the_next_batches_compare(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Another writer stores a Family with the team's id once the agencies are written:
    the team's batch must be compared (and its row refused), not taken as new."""
    write = db.write
    done: list[bool] = []

    def with_a_write_beside(name: str, params: Mapping[str, Any] | None = None) -> Any:
        answer = write(name, params)
        if name == "load/nodes/Agency" and not done:
            db.in_write_transaction(lambda tx: _store_family(db, tx, "t1"))
            done.append(True)
        return answer

    monkeypatch.setattr(db, "write", with_a_write_beside)
    report = load(db, tmp_path)
    assert done
    teams = next(c for c in report.files if c.file == "teams.csv")
    assert (teams.rows, teams.created, teams.rejected) == (1, 0, 1)
    assert "already belongs to a Family" in (tmp_path / "r.csv").read_text()


def _store_family(db: Database, tx: ManagedTransaction, family_id: str) -> None:
    """What another writer (a mutation) does: a model node and one generation step."""
    tx.run("CREATE (:Family {id: $id})", {"id": family_id}).consume()
    advance_write_generation(db, tx)


def _node_files() -> set[str]:
    relationship_files = {rel.file for rel in RELATIONSHIP_TYPES}
    return {name for name in SMALL_ROWS if name.rsplit(".", 1)[0] not in relationship_files}
