"""The security tests' dataset: tests/fixtures/erasure (two families sharing a client, an
interaction and a boundary object)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.loading import load_dataset
from kb.storage.database import Database
from tests.dataset_rows import FIXTURES


@pytest.fixture
def loaded(db: Database, tmp_path: Path) -> Database:
    """An emptied database holding the erasure fixture, loaded strictly with no reject."""
    report = load_dataset(db, FIXTURES / "erasure", strict=True, reject_file=tmp_path / "rejects.csv")
    assert report.rejected == 0
    return db
