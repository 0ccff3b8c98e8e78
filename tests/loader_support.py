"""Shared by the loader tests: the fixture datasets, their hand-counted contents, helpers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from kb.domain.model import NODE_TYPES, RELATIONSHIP_TYPES
from kb.storage.database import Database
from tests.dataset_rows import FIXTURES

DATASETS = FIXTURES / "datasets"
SMALL = DATASETS / "small"
BAD_ROWS = DATASETS / "bad_rows"

# Counted by hand from tests/fixtures/datasets/small (one line per row, no header).
SMALL_ROWS = {
    "agencies.csv": 3,
    "teams.csv": 1,
    "professionals.csv": 3,
    "families.csv": 2,
    "clients.csv": 3,
    "episodes.csv": 1,
    "interactions.jsonl": 2,
    "boundary_objects.csv": 1,
    "employed_by.csv": 3,
    "member_of.csv": 2,
    "belongs_to.csv": 3,
    "involved_with.csv": 2,
    "has_episode.csv": 1,
    "participated_in.csv": 5,
    "concerns.csv": 3,
    "worked_on.csv": 2,
    "referred_to.jsonl": 1,
}
SMALL_NODES = {
    "Agency": 3,
    "Team": 1,
    "Professional": 3,
    "Family": 2,
    "Client": 3,
    "Episode": 1,
    "Interaction": 2,
    "BoundaryObject": 1,
}
SMALL_RELATIONSHIPS = {
    "EMPLOYED_BY": 3,
    "MEMBER_OF": 2,
    "BELONGS_TO": 3,
    "INVOLVED_WITH": 2,
    "HAS_EPISODE": 1,
    "PARTICIPATED_IN": 5,
    "CONCERNS": 3,
    # Same two nodes, two actions: the key keeps them apart.
    "WORKED_ON": 2,
    "REFERRED_TO": 1,
}

MODEL_LABELS = {n.label for n in NODE_TYPES}
MODEL_TYPES = {r.type for r in RELATIONSHIP_TYPES}


def model_counts(db: Database) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per model label and relationships per model type now in the graph."""
    nodes, relationships = {}, {}
    for row in db.read("load/graph_counts"):
        if row["kind"] == "node" and row["name"] in MODEL_LABELS:
            nodes[row["name"]] = row["count"]
        elif row["kind"] == "relationship" and row["name"] in MODEL_TYPES:
            relationships[row["name"]] = row["count"]
    return nodes, relationships


def node(db: Database, node_id: str) -> dict[str, object]:
    rows = db.read("load/node_properties", {"id": node_id})
    assert len(rows) == 1, f"expected one node with id {node_id!r}, found {len(rows)}"
    return dict(rows[0]["props"])


def relationship(db: Database, source: str, rel_type: str, target: str) -> list[dict[str, object]]:
    rows = db.read(
        "load/relationship_properties", {"source": source, "target": target, "type": rel_type}
    )
    return [dict(row["props"]) for row in rows]


def write_dataset(
    root: Path,
    files: Mapping[str, tuple[str, str | bytes]],
    manifest: Mapping[str, object] | None = None,
) -> Path:
    """A dataset directory: `files` maps a manifest key to (file name, content)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.values():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (root / name).write_bytes(data)
    document: dict[str, object] = {
        "formatVersion": 1,
        "datasetId": "tmp-dataset",
        "description": "written by a test",
        "files": {key: name for key, (name, _) in files.items()},
    }
    document.update(manifest or {})
    (root / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    return root
