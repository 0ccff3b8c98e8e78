"""Ingest: the project's loader (`kb load`, a subprocess) against two baselines on the same data.

* the loader: elements/s, elapsed, a second unchanged load, peak RSS;
* the floor: the loader's own MERGE statements, one row per transaction;
* the ceiling: `neo4j-admin database import full` (see `bench/importer.py`).
"""

from __future__ import annotations

import os
import random
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.dataset import DatasetSize, count_rows, files_of, iter_rows, kb_command
from bench.peak import Measured, measure
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


def _rejected(output: str) -> int:
    match = re.search(r"([\d,]+) rejected row", output)
    return int(match.group(1).replace(",", "")) if match else 0


def _load_once(manifest: Path, env: dict[str, str], work: Path, timeout: float, n: int) -> Measured:
    command = [
        *kb_command(), "load", str(manifest.parent), "--no-progress",
        "--rejects", str(work / f"rejects-{n}.csv"),
    ]  # fmt: skip
    run = measure(command, env, work, timeout)
    # Exit 2 means some rows were rejected and the rest loaded: still a load to time.
    if not run.timed_out and run.returncode not in (0, 2):
        tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"`kb load` exited with {run.returncode}: " + " | ".join(tail))
    return run


def run_loader(
    manifest: Path, settings: Settings, db: Database, size: DatasetSize, work: Path, timeout: float
) -> dict[str, Any]:
    """Time `kb load` twice (first into the empty store, then unchanged) with its peak RSS."""
    env = env_for(settings)
    first = _load_once(manifest, env, work, timeout, 1)
    nodes, relationships = graph_counts(db)
    if first.timed_out:
        done = nodes + relationships
        return {
            "notMeasured": f"`kb load` did not finish within {timeout:.0f} s (stopped); by then "
            f"{done:,} of {size.elements:,} elements were in the graph, "
            f"a rate of about {done / first.seconds:,.0f} elements/s",
            "partialElementsPerSecond": round(done / first.seconds),
            "stoppedAfterSeconds": round(first.seconds, 1),
            "peakRssMiB": round(first.peak_rss_bytes / 2**20, 1),
        }
    second = _load_once(manifest, env, work, timeout, 2)
    after = graph_counts(db)
    second_seconds: float | str = round(second.seconds, 3)
    if second.timed_out:
        second_seconds = f"not measured: did not finish within {timeout:.0f} s (stopped)"
    return {
        "elapsedSeconds": round(first.seconds, 3),
        "nodesPerSecond": round(size.nodes / first.seconds),
        "relationshipsPerSecond": round(size.relationships / first.seconds),
        "elementsPerSecond": round(size.elements / first.seconds),
        "peakRssMiB": round(first.peak_rss_bytes / 2**20, 1),
        "rejectedRows": _rejected(first.stdout + first.stderr),
        "exitCode": first.returncode,
        "secondLoadSeconds": second_seconds,
        "secondLoadPeakRssMiB": round(second.peak_rss_bytes / 2**20, 1),
        "graphNodesAfter": nodes,
        "graphRelationshipsAfter": relationships,
        "secondLoadAddedNodes": after[0] - nodes,
        "secondLoadAddedRelationships": after[1] - relationships,
        "note": "wall clock of the `kb load` process (Python start-up included); rates are the "
        "dataset's rows over that time; graph counts include the Dataset/Load provenance nodes "
        "(each load adds a :Load node)",
    }


# -- the floor: one row per transaction ------------------------------------------


def _ordered_files(manifest: Path) -> list[tuple[str, Path]]:
    files = files_of(manifest)
    order = [t.file for t in NODE_TYPES] + [t.file for t in RELATIONSHIP_TYPES]
    return [(name, files[name]) for name in order if name in files]


Step = tuple[str, dict[str, Any]]


def _present(raw: dict[str, str | None]) -> dict[str, str]:
    """Empty cells left out, as the loader reads them (so defaults apply)."""
    return {k: v for k, v in raw.items() if v is not None}


def _steps(manifest: Path, sample: int, seed: int) -> tuple[list[Step], list[Step], int]:
    """(timed single-row steps, untimed set-up steps, rows in the dataset).

    The sample is a seeded random share of every file's rows; nodes that sampled
    relationships need but the sample lacks are written first, untimed, so
    every timed relationship row finds its endpoints (as in a real load).
    Files are streamed twice (choose, then convert), never held whole.
    """
    # The loader's own statements and wire format (dates and instants as ISO text).
    from kb.writing.elements import wire_properties
    from kb.writing.statements import node_statement_name, relationship_statement_name

    files = _ordered_files(manifest)
    total = sum(count_rows(path) for _, path in files)
    share = min(1.0, sample / total) if total else 1.0
    rng = random.Random(seed)
    chosen: dict[str, list[dict[str, str | None]]] = {}
    for name, path in files:
        chosen[name] = [row for row in iter_rows(path) if rng.random() < share]
    needed: set[str] = set()
    for name, rows in chosen.items():
        if issubclass(RECORD_TYPES[name], Relationship):
            needed.update(i for row in rows for i in (row.get("source"), row.get("target")) if i)
    sampled = {row["id"] for name, rows in chosen.items() for row in rows if row.get("id")}
    labels: dict[str, str] = {}
    setup: list[Step] = []
    timed: list[Step] = []
    for name, path in files:
        record = RECORD_TYPES[name]
        if not issubclass(record, Node):
            continue
        for raw in iter_rows(path):
            identity = raw.get("id") or ""
            if identity in needed or identity in sampled:
                labels[identity] = record.label
            if identity in needed and identity not in sampled:
                node = record.model_validate(_present(raw))
                setup.append(
                    (
                        node_statement_name(record),
                        {"id": node.id, "props": dict(wire_properties(node))},
                    )
                )
    for name, rows in chosen.items():
        record = RECORD_TYPES[name]
        for raw in rows:
            if issubclass(record, Node):
                node = record.model_validate(_present(raw))
                timed.append(
                    (
                        node_statement_name(record),
                        {"id": node.id, "props": dict(wire_properties(node))},
                    )
                )
                continue
            assert issubclass(record, Relationship)
            rel = record.model_validate(_present(raw))
            source, target = labels.get(rel.source_id), labels.get(rel.target_id)
            if source is None or target is None:
                continue
            timed.append(
                (
                    relationship_statement_name(record, source, target),
                    {
                        "source": rel.source_id,
                        "target": rel.target_id,
                        "props": dict(wire_properties(rel)),
                    },
                )
            )
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
