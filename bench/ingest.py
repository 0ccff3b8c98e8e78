"""Ingest: the project's loader (`kb load`, a subprocess) against two baselines on the same data.

* the loader: elements/s, elapsed, a second unchanged load, peak RSS;
* the floor: the loader's own MERGE statements, one row per transaction;
* the ceiling: `neo4j-admin database import full` (see `bench/importer.py`).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.dataset import DatasetSize, files_of, kb_command, read_rows
from bench.peak import measure
from kb.domain.model import NODE_TYPES, RECORD_TYPES, RELATIONSHIP_TYPES, Node, Relationship
from kb.settings import Settings
from kb.storage.database import Database


def loader_available() -> str | None:
    """None when `kb.loading.load_dataset` exists, else why not."""
    try:
        from kb.loading import load_dataset  # noqa: F401
    except ImportError as error:
        return f"the loader (kb.loading.load_dataset) has not landed: {error}"
    return None


def env_for(settings: Settings) -> dict[str, str]:
    """The environment that points `kb` at the bench server."""
    return {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "NEO4J_QUERY_TIMEOUT": str(settings.neo4j_query_timeout),
    }


def graph_counts(db: Database) -> tuple[int, int]:
    rows = db.read("bench/count_elements")
    return int(rows[0]["nodes"]), int(rows[0]["relationships"])


def run_loader(
    manifest: Path, settings: Settings, db: Database, size: DatasetSize, work: Path
) -> dict[str, Any]:
    """Time `kb load` twice (first into the empty store, then unchanged) with its peak RSS."""
    command = [*kb_command(), "load", str(manifest.parent)]
    env = env_for(settings)
    first = measure(command, env, work)
    if first.returncode != 0:
        tail = (first.stderr or first.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"`kb load` exited with {first.returncode}: " + " | ".join(tail))
    nodes, relationships = graph_counts(db)
    second = measure(command, env, work)
    if second.returncode != 0:
        tail = (second.stderr or second.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"second `kb load` exited with {second.returncode}: " + " | ".join(tail))
    after = graph_counts(db)
    return {
        "elapsedSeconds": round(first.seconds, 3),
        "nodesPerSecond": round(size.nodes / first.seconds),
        "relationshipsPerSecond": round(size.relationships / first.seconds),
        "elementsPerSecond": round(size.elements / first.seconds),
        "peakRssMiB": round(first.peak_rss_bytes / 2**20, 1),
        "secondLoadSeconds": round(second.seconds, 3),
        "secondLoadPeakRssMiB": round(second.peak_rss_bytes / 2**20, 1),
        "graphNodesAfter": nodes,
        "graphRelationshipsAfter": relationships,
        "secondLoadAddedNodes": after[0] - nodes,
        "secondLoadAddedRelationships": after[1] - relationships,
        "note": "wall clock of the `kb load` process (Python start-up included); "
        "graph counts include the Dataset/Load provenance nodes (each load adds a :Load node)",
    }


# -- the floor: one row per transaction ------------------------------------------


def _ordered_files(manifest: Path) -> list[tuple[str, Path]]:
    files = files_of(manifest)
    order = [t.file for t in NODE_TYPES] + [t.file for t in RELATIONSHIP_TYPES]
    return [(name, files[name]) for name in order if name in files]


def _labels_by_id(manifest: Path) -> dict[str, str]:
    labels = {}
    for name, path in files_of(manifest).items():
        record = RECORD_TYPES[name]
        if issubclass(record, Node):
            for row in read_rows(path):
                if row.get("id"):
                    labels[row["id"] or ""] = record.label
    return labels


Step = tuple[str, dict[str, Any]]


def _present(raw: dict[str, str | None]) -> dict[str, str]:
    """Empty cells left out, as the loader reads them (so defaults apply)."""
    return {k: v for k, v in raw.items() if v is not None}


def _steps(manifest: Path, sample: int, seed: int) -> tuple[list[Step], list[Step], int]:
    """(timed single-row steps, untimed set-up steps, rows in the dataset).

    The sample is a seeded random share of every file's rows; nodes that sampled
    relationships need but the sample lacks are written first, untimed, so
    every timed relationship row finds its endpoints (as in a real load).
    """
    from kb.loading.statements import node_statement_name, relationship_statement_name
    from kb.loading.validation import properties

    files = _ordered_files(manifest)
    rows_by_file = {name: read_rows(path) for name, path in files}
    total = sum(len(rows) for rows in rows_by_file.values())
    share = min(1.0, sample / total) if total else 1.0
    rng = random.Random(seed)
    labels = _labels_by_id(manifest)
    node_rows: dict[str, tuple[str, dict[str, Any]]] = {}
    timed: list[Step] = []
    sampled_nodes: set[str] = set()
    needed: set[str] = set()
    for name, rows in rows_by_file.items():
        record = RECORD_TYPES[name]
        for raw in rows:
            if issubclass(record, Node):
                parsed = record.model_validate(_present(raw))
                step = (
                    node_statement_name(record),
                    {"id": parsed.id, "props": properties(parsed, ("id",))},
                )
                node_rows[parsed.id] = step
                if rng.random() < share:
                    timed.append(step)
                    sampled_nodes.add(parsed.id)
            elif rng.random() < share:
                assert issubclass(record, Relationship)
                rel = record.model_validate(_present(raw))
                source, target = labels.get(rel.source_id), labels.get(rel.target_id)
                if source is None or target is None:
                    continue
                props = properties(rel, ("source", "target"))
                name_ = relationship_statement_name(record, source, target)
                timed.append(
                    (name_, {"source": rel.source_id, "target": rel.target_id, "props": props})
                )
                needed.update((rel.source_id, rel.target_id))
    setup = [node_rows[i] for i in sorted(needed - sampled_nodes) if i in node_rows]
    return timed, setup, total


def run_naive(manifest: Path, db: Database, sample: int, seed: int) -> dict[str, Any]:
    """Rows/s writing one row per transaction with the loader's statements."""
    timed, setup, total = _steps(manifest, sample, seed)
    common = {"datasetId": "bench-naive", "loadId": "bench-naive", "loadedAt": datetime.now(UTC)}
    by_name: dict[str, list[dict[str, Any]]] = {}
    for name, row in setup:
        by_name.setdefault(name, []).append(row)
    for name, rows in by_name.items():
        for i in range(0, len(rows), 1000):
            db.write(name, {**common, "rows": rows[i : i + 1000]})
    started = time.perf_counter()
    for name, row in timed:
        db.write(name, {**common, "rows": [row]})
    elapsed = time.perf_counter() - started
    rate = len(timed) / elapsed if elapsed else 0.0
    return {
        "rowsTimed": len(timed),
        "rowsInDataset": total,
        "sampled": len(timed) < total,
        "elapsedSeconds": round(elapsed, 3),
        "elementsPerSecond": round(rate),
        "extrapolatedSeconds": round(total / rate, 1) if rate else None,
        "note": (
            f"a seeded random sample of {len(timed):,} of {total:,} rows, one row per managed "
            "write transaction with the loader's own statements; the full time is extrapolated "
            "from the sample's rate"
            if len(timed) < total
            else "every row, one row per managed write transaction with the loader's statements"
        ),
    }


def timed_call(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started
