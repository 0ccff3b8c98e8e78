"""The ceiling: Neo4j's offline bulk importer (`neo4j-admin database import full`) on the same data.

The dataset's CSVs are rewritten, unchecked, with the importer's typed headers
(`kb.loading.importer`, which the bulk first load `kb load --initial` writes too) and
the same provenance properties the loader writes, then imported into a
separate home whose server never runs. The importer builds no indexes; the
loader maintains its constraints as it goes, so the ceiling is a strict one.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.dataset import files_of, iter_rows
from bench.server import bench_settings, free_port
from kb.domain.model import RECORD_TYPES, Node
from kb.loading.importer import importer_header
from kb.storage.server import ADMIN_TOOL, LocalServer


def convert(manifest: Path, out: Path, dataset_id: str) -> tuple[list[Path], list[Path]]:
    """Write importer CSVs into `out`; returns (node files, relationship files)."""
    out.mkdir(parents=True, exist_ok=True)
    loaded_at = datetime.now(UTC).isoformat()
    nodes: list[Path] = []
    relationships: list[Path] = []
    for name, path in files_of(manifest).items():
        record = RECORD_TYPES[name]
        rows = iter_rows(path)
        first = next(rows, None)
        if first is None:
            continue  # an empty file adds nothing
        columns = list(first)
        target = out / f"{name}.csv"
        marker = record.label if issubclass(record, Node) else record.type
        extra = [marker, dataset_id, "bench-import", loaded_at]
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(importer_header(record, columns))
            writer.writerow([first.get(c) or "" for c in columns] + extra)
            writer.writerows([row.get(c) or "" for c in columns] + extra for row in rows)
        (nodes if issubclass(record, Node) else relationships).append(target)
    return nodes, relationships


def run_import(
    manifest: Path, work: Path, jars_from: Path, heap: str = "1g", dataset_id: str = "bench"
) -> dict[str, Any]:
    """Convert, then time `neo4j-admin database import full` into a fresh home."""
    csv_dir = work / "import-csv"
    started = time.perf_counter()
    nodes, relationships = convert(manifest, csv_dir, dataset_id)
    conversion = time.perf_counter() - started

    home = work / "importer-home"
    server = LocalServer(bench_settings(home, free_port(), "1g", "1g"))
    home.mkdir(parents=True, exist_ok=True)
    if not server.lib.exists():
        server.lib.symlink_to(jars_from.resolve(), target_is_directory=True)
    server.write_config()
    args = [
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination=true",
        "--id-type=string",
        "--ignore-empty-strings=true",
        "--skip-bad-relationships=true",
        "--skip-duplicate-nodes=true",
        f"--threads={len(os.sched_getaffinity(0))}",
        f"--report-file={home / 'import.report'}",
        *[f"--nodes={p}" for p in nodes],
        *[f"--relationships={p}" for p in relationships],
    ]
    env = {**os.environ, "NEO4J_HOME": str(server.home), "NEO4J_CONF": str(server.conf_dir)}
    started = time.perf_counter()
    result = subprocess.run(
        server.java(ADMIN_TOOL, *args, heap=heap),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise RuntimeError("neo4j-admin import failed: " + " | ".join(tail))
    output = result.stdout + result.stderr
    (home / "import.out").write_text(output)
    return {
        "elapsedSeconds": round(elapsed, 3),
        "importerReportedSeconds": _reported_seconds(output),
        "conversionSeconds": round(conversion, 3),
        "importedNodes": _count(output, r"Imported:\s*\n?\s*(\d+) nodes"),
        "importedRelationships": _count(output, r"(\d+) relationships"),
        "command": "neo4j-admin " + " ".join(args[:4]) + " ... (see bench/importer.py)",
        "note": "wall clock of the importer process incl. JVM start; no indexes are built",
    }


def _count(text: str, pattern: str) -> int | None:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else None


def _reported_seconds(text: str) -> float | None:
    """Parse `IMPORT DONE in 1m 2s 345ms.`"""
    match = re.search(r"IMPORT DONE in ([^.]+)\.", text)
    if not match:
        return None
    total = 0.0
    for amount, unit in re.findall(r"(\d+)(ms|h|m|s)", match.group(1)):
        total += int(amount) * {"h": 3600, "m": 60, "s": 1, "ms": 0.001}[unit]
    return round(total, 3)
