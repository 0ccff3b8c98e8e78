"""The committed seed loads with the counts seed/counts.json documents; reloading changes nothing."""

from __future__ import annotations

import json

from kb.loading import load_dataset
from kb.storage.database import Database
from tests.dataset_rows import SEED


def _graph_counts(db: Database) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {"nodes": {}, "relationships": {}}
    for row in db.read("load/graph_counts"):
        group = "nodes" if row["kind"] == "node" else "relationships"
        found[group][row["name"]] = row["count"]
    return found


def test_loading_the_seed_gives_the_documented_counts_and_reloading_changes_nothing(
    db: Database,
) -> None:
    expected = json.loads((SEED / "counts.json").read_text(encoding="utf-8"))
    first = load_dataset(db, SEED)
    assert first.rejected == 0
    created = {counts.file: counts.created for counts in first.files}
    assert created == expected["files"]
    found = _graph_counts(db)
    for label, count in expected["nodes"].items():
        assert found["nodes"].get(label) == count, label
    assert found["nodes"].get("Dataset") == 1 and found["nodes"].get("Load") == 1
    for rel, count in expected["relationships"].items():
        assert found["relationships"].get(rel) == count, rel
    second = load_dataset(db, SEED)
    assert second.rejected == 0 and second.changed == 0
    assert second.total("unchanged") == first.total("created")
    again = _graph_counts(db)
    # a second load records itself (one more Load and HAS_LOAD) and changes nothing else
    assert again["nodes"].pop("Load") == 2 and again["relationships"].pop("HAS_LOAD") == 2
    found["nodes"].pop("Load")
    found["relationships"].pop("HAS_LOAD")
    assert again == found
