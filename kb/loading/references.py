"""Which label an id has: ids seen in this dataset's node files, else asked of Neo4j in batches.

The map from id to label grows with the number of nodes (short strings and a
handful of shared label strings), never with file bytes; ids not in it are
looked up once per batch with one parameterised read.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.domain.model import NODE_TYPES
from kb.storage.database import Database

LABELS = {node.label: node.label for node in NODE_TYPES}  # interned: one string per label
FILE_OF_LABEL = {node.label: node.file for node in NODE_TYPES}


class KnownIds:
    """Ids accepted from this dataset's node files, each with its label."""

    def __init__(self) -> None:
        self._labels: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._labels)

    def get(self, node_id: str) -> str | None:
        return self._labels.get(node_id)

    def add(self, node_id: str, label: str) -> None:
        self._labels[node_id] = LABELS[label]


def labels_in_database(db: Database, ids: Iterable[str]) -> dict[str, str]:
    """The label of each id that is already a node of the model in Neo4j."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = db.read("load/labels_of_ids", {"ids": wanted})
    return {row["id"]: row["label"] for row in rows}
