"""Which label an id has: ids seen in this dataset's node files, else asked of Neo4j in batches.

The ids of the node files are kept on disk (a temporary SQLite table), so the
loader's memory grows neither with file bytes nor with the number of nodes;
both it and Neo4j (for ids not in it) are asked once per batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kb.domain.model import NODE_TYPES
from kb.loading.seen import ScratchTable, rows_matching

LABELS = tuple(node.label for node in NODE_TYPES)
_NUMBER_OF_LABEL = {label: number for number, label in enumerate(LABELS)}
FILE_OF_LABEL = {node.label: node.file for node in NODE_TYPES}


@dataclass(frozen=True, slots=True)
class Known:
    """An id accepted from this dataset's node files: its label, and the node's element id
    when this load created it (then no relationship can end at it yet: it needs no
    comparing, and a relationship between two such nodes finds them by element id)."""

    label: str
    element: str | None

    @property
    def created(self) -> bool:
        return self.element is not None


class KnownIds(ScratchTable):
    """Ids accepted from this dataset's node files, each with its label, and the element id
    of the nodes this load created (see `Known`).

    Kept on disk (`scratch_database`), asked once per batch: a dataset of millions of
    nodes costs the loader no more memory than a small one. With `memory_ids`, they are
    also held in memory, and asked there, until there are more than that many (a bound:
    past it they are asked of the disk only); the bulk first load uses it.
    """

    def __init__(self, path: Path | None = None, memory_ids: int = 0) -> None:
        super().__init__(
            "CREATE TABLE known (id TEXT PRIMARY KEY, label INTEGER NOT NULL, "
            "element TEXT) WITHOUT ROWID",
            path,
        )
        self.memory_ids = memory_ids
        self._memory: dict[str, Known] | None = {} if memory_ids else None

    @classmethod
    def read_only(cls, path: Path, memory_ids: int = 0) -> KnownIds:
        """The table another process filled (`ScratchTable.read_only`), held in memory
        when it has at most `memory_ids` ids."""
        table = super().read_only(path)
        table._memory = None
        (count,) = table._db.execute("SELECT count(*) FROM known").fetchone()
        if count <= memory_ids:
            shared = {label: Known(label, None) for label in LABELS}
            table._memory = {
                node_id: shared[LABELS[label]] if element is None else Known(LABELS[label], element)
                for node_id, label, element in table._db.execute(
                    "SELECT id, label, element FROM known"
                )
            }
        return table

    def lookup(self, node_ids: Iterable[str]) -> dict[str, Known]:
        """What is known of each of `node_ids` that is known."""
        if self._memory is not None:
            memory = self._memory
            return {node_id: memory[node_id] for node_id in set(node_ids) if node_id in memory}
        select = "SELECT id, label, element FROM known WHERE id IN ({marks})"
        return {
            node_id: Known(LABELS[label], element)
            for node_id, label, element in rows_matching(self._db, select, list(set(node_ids)))
        }

    def add(self, node_ids: Iterable[str], label: str) -> None:
        number = _NUMBER_OF_LABEL[label]
        ordered = sorted(node_ids)
        self._db.executemany(  # in key order, as `rows_matching` asks
            "INSERT INTO known (id, label) VALUES (?, ?)", ((i, number) for i in ordered)
        )
        if self._memory is not None:
            shared = Known(label, None)
            self._memory.update((node_id, shared) for node_id in ordered)
            if len(self._memory) > self.memory_ids:
                self._memory = None  # past the bound: the disk holds them all

    def mark_created(self, elements: Iterable[tuple[str, str]]) -> None:
        """Record that this load created these nodes: (id, element id) pairs."""
        ordered = sorted(elements)
        self._db.executemany(
            "UPDATE known SET element = ? WHERE id = ?", ((e, i) for i, e in ordered)
        )
        if self._memory is not None:
            memory = self._memory
            for node_id, element in ordered:
                if node_id in memory:
                    memory[node_id] = Known(memory[node_id].label, element)
