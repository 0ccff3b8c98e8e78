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
# (label, created by this load): interned pairs, so an entry costs no more than a label.
_STATES = {(label, new): (label, new) for label in LABELS for new in (False, True)}
FILE_OF_LABEL = {node.label: node.file for node in NODE_TYPES}


class KnownIds:
    """Ids accepted from this dataset's node files, each with its label, and whether this
    load created the node (then no relationship can end at it yet: it needs no comparing)."""

    def __init__(self) -> None:
        self._labels: dict[str, tuple[str, bool]] = {}

    def __len__(self) -> int:
        return len(self._labels)

    def get(self, node_id: str) -> str | None:
        state = self._labels.get(node_id)
        return state[0] if state else None

    def add(self, node_id: str, label: str) -> None:
        self._labels[node_id] = _STATES[(label, False)]

    def mark_created(self, node_ids: Iterable[str]) -> None:
        for node_id in node_ids:
            self._labels[node_id] = _STATES[(self._labels[node_id][0], True)]

    def created(self, node_id: str) -> bool:
        """Did this load create the node (not merely find it stored)?"""
        state = self._labels.get(node_id)
        return state is not None and state[1]


def labels_in_database(db: Database, ids: Iterable[str]) -> dict[str, str]:
    """The label of each id that is already a node of the model in Neo4j."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = db.read("load/labels_of_ids", {"ids": wanted})
    return {row["id"]: row["label"] for row in rows}
