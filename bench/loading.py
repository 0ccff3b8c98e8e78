"""The loading paths side by side on one dataset, in one run (issue #11's goals):

* the bare importer (`neo4j-admin database import full` on an unchecked copy: the ceiling);
* the bulk first load, `kb load --initial` (checks every row, imports, restarts the server,
  applies the schema and records the load);
* the online load, `kb load`, into the same server emptied, then an unchanged reload (files
  skipped by their fingerprints) and a `--verify` reload (every row compared);
with each `kb` process's wall clock and peak RSS, and the ratios the goals are stated in.

    python -m bench.loading --scale s        # results in bench/results/<date>-loading-s.{md,json}

Run it under `flock /work/coord/heavy.lock` on a shared machine.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from bench import dataset as datasets
from bench.importer import run_import
from bench.ingest import env_for
from bench.machine import describe_machine, git_commit
from bench.peak import Measured, measure
from bench.run import SCALES
from bench.server import bench_settings, free_port
from kb.settings import REPO_ROOT
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from kb.storage.schema import apply_schema
from kb.storage.server import LocalServer

RESULTS = REPO_ROOT / "bench" / "results"


def _kb_load(dataset: Path, env: dict[str, str], work: Path, *flags: str) -> Measured:
    command = [
        *datasets.kb_command(), "load", str(dataset), "--no-progress",
        "--rejects", str(work / "rejects.csv"), *flags,
    ]  # fmt: skip
    run = measure(command, env, work, timeout=3600)
    if run.returncode not in (0, 2):
        tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"`kb load {' '.join(flags)}` exited {run.returncode}: {tail}")
    return run


def _timed(run: Measured, elements: int) -> dict[str, Any]:
    return {
        "seconds": round(run.seconds, 2),
        "elementsPerSecond": round(elements / run.seconds),
        "peakRssMiB": round(run.peak_rss_bytes / 2**20, 1),
    }


def measure_loading(
    families: int, label: str, work: Path, heap: str, pagecache: str
) -> dict[str, Any]:
    manifest = datasets.generate(work / "dataset", families, 7)
    size = datasets.size_of(manifest)
    home = work / "loading-neo4j"
    settings = bench_settings(home, free_port(), heap, pagecache)
    server = LocalServer(settings)
    server.stop()
    shutil.rmtree(server.data_dir, ignore_errors=True)
    server.ensure_jars()
    scratch = work / "loading-scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    importer = run_import(manifest, scratch, server.lib, heap=heap)
    env = {
        **env_for(settings),
        "KB_NEO4J_HOME": str(home),
        "KB_NEO4J_HEAP": heap,
        "KB_NEO4J_PAGECACHE": pagecache,
        "KB_NEO4J_START_TIMEOUT": "600",
    }
    server.start()
    try:
        bulk = _kb_load(manifest.parent, env, scratch, "--initial")
        after_bulk = _kb_load(manifest.parent, env, scratch)
        with Database(settings) as db:
            empty_database(db)
            apply_schema(db)
        online = _kb_load(manifest.parent, env, scratch)
        unchanged = _kb_load(manifest.parent, env, scratch)
        verify = _kb_load(manifest.parent, env, scratch, "--verify")
    finally:
        server.stop()
    elements = size.elements
    bare = float(importer["elapsedSeconds"])
    return {
        "scale": label,
        "families": families,
        "elements": elements,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": describe_machine(),
        "heap": heap,
        "pagecache": pagecache,
        "bareImporter": {**importer, "elementsPerSecond": round(elements / bare)},
        "bulkInitialLoad": {
            **_timed(bulk, elements),
            "ratioToImporter": round(bulk.seconds / bare, 2),
        },
        "reloadAfterBulk": _timed(after_bulk, elements),
        "onlineFirstLoad": {
            **_timed(online, elements),
            "ratioToImporter": round(online.seconds / bare, 2),
        },
        "unchangedReload": {
            **_timed(unchanged, elements),
            "shareOfFirstLoad": round(unchanged.seconds / online.seconds, 3),
        },
        "verifyReload": {
            **_timed(verify, elements),
            "shareOfFirstLoad": round(verify.seconds / online.seconds, 3),
        },
        "note": "wall clock of each `kb` process (Python start-up included; the bulk load's "
        "includes stopping and starting the server and applying the schema); the importer's "
        "is its own JVM's, conversion excluded. Peak RSS is of the process tree: for "
        "`--initial` it includes the importer's JVM and the Neo4j server it restarts",
    }


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [
        f"# Loading paths at {r['scale']} ({r['families']:,} families, {r['elements']:,} elements)",
        "",
        f"{r['at']}, commit {r['commit']}; Neo4j heap {r['heap']}, page cache {r['pagecache']}; "
        f"load average at start {m.get('loadAverageAtStart', '?')} (the machine is shared).",
        "",
        "| path | time (s) | elements/s | peak RSS (MiB) | ratio |",
        "|---|---|---|---|---|",
        f"| bare importer (ceiling, unchecked) | {r['bareImporter']['elapsedSeconds']} | "
        f"{r['bareImporter']['elementsPerSecond']:,} | - | 1.00x |",
    ]
    for key, name, ratio in [
        ("bulkInitialLoad", "`kb load --initial`", "ratioToImporter"),
        ("reloadAfterBulk", "`kb load` right after it (unchanged)", None),
        ("onlineFirstLoad", "`kb load` into the empty store", "ratioToImporter"),
        ("unchangedReload", "`kb load` unchanged reload", "shareOfFirstLoad"),
        ("verifyReload", "`kb load --verify` reload", "shareOfFirstLoad"),
    ]:
        row = r[key]
        shown = (
            "-"
            if ratio is None
            else (
                f"{row[ratio]:.2f}x importer"
                if ratio == "ratioToImporter"
                else f"{row[ratio]:.1%} of first load"
            )
        )
        lines.append(
            f"| {name} | {row['seconds']} | {row['elementsPerSecond']:,} | {row['peakRssMiB']} | {shown} |"
        )
    lines += ["", r["note"] + ".", ""]
    return "\n".join(lines)


def main(
    scale: str = typer.Option("s", help="s, m or l"),
    families: int = typer.Option(0, help="Overrides the scale's family count (smoke runs)."),
    heap: str = typer.Option("1g"),
    pagecache: str = typer.Option("1g"),
    results_dir: Path = typer.Option(RESULTS),
) -> None:
    count = families or SCALES[scale]
    label = scale if count == SCALES[scale] else f"f{count}"
    work = REPO_ROOT / "bench" / "work" / label
    result = measure_loading(count, label, work, heap, pagecache)
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = results_dir / f"{datetime.now(UTC):%Y-%m-%d}-loading-{label}"
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    stem.with_suffix(".md").write_text(markdown(result))
    print(markdown(result))
    os.sync()


if __name__ == "__main__":
    typer.run(main)
