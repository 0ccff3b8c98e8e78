"""The side-by-side run alone, on a store a `bench.run` of that scale left:
`python -m bench.peer --scale m`. For when the whole `make bench SCALE=m` (generation,
importer, floor, loader, every query) is more than one needs.

Starts the bench's Neo4j (with APOC) on `bench/work/<scale>/neo4j`, or on the store
`--home` names (e.g. `bench/work/m/importer-home` when the loader was stopped), asks the
entity questions of `kb serve` and of @neo4j/graphql exactly as `bench.run` does
(`compare.side_by_side`), judges goal 9 per question and writes
`<results-dir>/<date>-<scale>-peer.{json,md}`. Exit code 1 when the answers differ.
"""

from __future__ import annotations

import logging
import shlex
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from bench.catalogue import draw_samples
from bench.goals import peer_goals
from bench.harness import bench_store, load_average, produced_by, write_results
from bench.machine import describe_machine, describe_versions, git_commit
from bench.peer.compare import side_by_side
from bench.report import peer_section
from bench.run import BENCH_DIR, api_headers
from bench.server import running_server
from kb.storage.database import Database
from kb.storage.schema import apply_schema

app = typer.Typer(add_completion=False)


def markdown(results: dict[str, Any]) -> str:
    """The run, the side-by-side tables of `bench/report.py` and goal 9 per question."""
    run = results["run"]
    lines = [
        f"# @neo4j/graphql side by side: scale {run['scale'].upper()}, {run['date']}",
        "",
        produced_by(
            run,
            f"on {run['store']} ({run['families']:,} families); git commit {run['gitCommit']}",
        )
        + " Only this step of `bench.run` was run; no number here was typed by hand.",
        "",
        *peer_section(results["peer"])[1:],
        "",
        "## Goal 9 (bench/README.md)",
        "",
        "| goal | status | measured |",
        "|---|---|---|",
        *(f"| {g['goal']} | {g['status']} | {g['value'] or ''} |" for g in results["goals"]),
        "",
    ]
    return "\n".join(lines)


@app.command()
def main(
    scale: str = typer.Option("m", help="Names the results; the store is bench/work/<scale>."),
    home: Path = typer.Option(None, help="The Neo4j home whose store to use."),
    runs: int = typer.Option(200, help="Timed draws per question at concurrency 1."),
    warmup: int = typer.Option(20, help="Warm-up draws per question (checked, not timed)."),
    seconds: float = typer.Option(10.0, help="Seconds per server per question at 16."),
    seed: int = typer.Option(7, help="Seed of the parameter draws (as bench.run)."),
    heap: str = typer.Option("1g", help="Heap of the bench's Neo4j."),
    pagecache: str = typer.Option("1g", help="Page cache of the bench's Neo4j."),
    results_dir: Path = typer.Option(BENCH_DIR / "results", help="Where the results go."),
    question: list[str] = typer.Option(
        [], help="Only this question (by its name, e.g. familyConfiguration); repeatable."
    ),
) -> None:
    """Compare the two servers on a loaded bench store and write the results."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    started = time.monotonic()
    work = (BENCH_DIR / "work" / scale).resolve()
    home = bench_store((home or work / "neo4j").resolve(), scale)
    repo = BENCH_DIR.parent
    load_start = load_average()
    with running_server(home, heap, pagecache, fresh=False) as settings, Database(settings) as db:
        apply_schema(db)
        db.read("bench/await_indexes", {"seconds": 1800})
        headers, _ = api_headers(db)
        samples = draw_samples(db, seed)
        families = int(db.read("bench/family_count")[0]["families"])
        version = db.server_version()
        peer = side_by_side(settings, samples, headers, runs, warmup, seconds, seed, work, question)
    results: dict[str, Any] = {
        "run": {
            "scale": scale,
            "date": datetime.now(UTC).date().isoformat(),
            "command": "python -m bench.peer " + shlex.join(sys.argv[1:]),
            "store": str(home.relative_to(repo) if home.is_relative_to(repo) else home),
            "families": families,
            "gitCommit": git_commit(),
            "loadAverageAtStart": load_start,
            "loadAverageAtEnd": load_average(),
            "wallSeconds": round(time.monotonic() - started, 1),
        },
        "machine": describe_machine(),
        "versions": describe_versions(version),
        "peer": peer,
    }
    results["goals"] = peer_goals(results)
    write_results(results_dir, f"{results['run']['date']}-{scale}-peer", results, markdown(results))
    if "answersDiffer" in peer:
        raise SystemExit(1)


if __name__ == "__main__":
    app()
