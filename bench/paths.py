"""The path search's cases alone, against the Neo4j the environment names (NEO4J_URI),
already loaded: `python -m bench.paths --label m` on a store of `kb generate --families
10000 --seed 7`. For when the whole `make bench SCALE=m` is more than one needs.

Measures the `boundaryCrossingPaths` cases of `bench/catalogue.py` (near, far, family,
time-respecting; far and family also at maxHops 10) exactly as `bench.run` does (GraphQL
through the app in-process, the bare Cypher replayed after each request, an ANALYST key),
judges goal 4 on them, and writes `<results-dir>/<date>-<label>-paths.{json,md}`. With
`--questions`, the catalogue's entries for the five questions of issue 14 (caseTrajectory,
objectOfActivity, workRhythm, horizontalExpertise, levels) are measured in the same run.
"""

from __future__ import annotations

import json
import logging
import os
import shlex
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from bench.catalogue import QUERIES, draw_samples
from bench.goals import PATHS, paths_goal
from bench.latency import measure_queries
from bench.machine import describe_machine, describe_versions
from bench.run import BENCH_DIR, api_headers
from kb.settings import get_settings
from kb.storage.database import Database

app = typer.Typer(add_completion=False)

# The root fields `--questions` adds (issue 14's five questions).
QUESTIONS = ("caseTrajectory", "objectOfActivity", "workRhythm", "horizontalExpertise", "levels")


def count(db: Database, cypher: str) -> int:
    with db.driver.session(database=db.settings.neo4j_database) as session:
        return int(session.run(cypher).single(strict=True)[0])


def markdown(results: dict[str, Any]) -> str:
    run = results["run"]
    lines = [
        f"# Path search cases: {run['label']}, {run['date']}",
        "",
        f"Produced by `{run['command']}` in {run['wallSeconds']} s against {run['store']}; "
        f"load average at start {run['loadAverageAtStart']}, at end {run['loadAverageAtEnd']} "
        "(the machine is shared). GraphQL in-process, ANALYST key; bare = the same read "
        "statements replayed right after each request.",
        "",
        "| case | runs | GraphQL p50 ms | GraphQL p95 ms | bare p50 ms | bare p95 ms | round trips |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, q in results["queries"].items():
        if "notMeasured" in q:
            lines.append(f"| {name} | not measured: {q['notMeasured']} | | | | | |")
            continue
        g, b, trips = q["graphqlMs"], q["bareCypherMs"], q["roundTripsPerRequest"]
        lines.append(
            f"| {name} | {q['runs']} | {g['p50']} | {g['p95']} | {b['p50']} | {b['p95']} | "
            f"{trips['min']}-{trips['max']} |"
        )
    goal = results["goal"]
    lines += ["", f"Goal: {goal['goal']}: **{goal['status']}** ({goal['value']})", ""]
    return "\n".join(lines)


@app.command()
def main(
    label: str = typer.Option("m", help="Names the results (the scale of the loaded store)."),
    seed: int = typer.Option(7, help="Seed of the parameter draws."),
    runs: int = typer.Option(200, help="Timed runs per case."),
    warmup: int = typer.Option(20, help="Warm-up runs per case."),
    results_dir: Path = typer.Option(BENCH_DIR / "results", help="Where the results go."),
    questions: bool = typer.Option(False, help="Also measure issue 14's five questions."),
    exclude: list[str] = typer.Option([], help="Leave out the catalogue entry of this name."),
) -> None:
    """Measure the path cases and write `<results-dir>/<date>-<label>-paths.{json,md}`."""
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    started = time.monotonic()
    settings = get_settings()
    fields = {PATHS, *QUESTIONS} if questions else {PATHS}
    specs = [q for q in QUERIES if q.field in fields and q.name not in exclude]
    with Database(settings) as db:
        headers, _ = api_headers(db)
        samples = draw_samples(db, seed)
        store = (
            f"{count(db, 'MATCH (n:Family) RETURN count(n)'):,} families, "
            f"{count(db, 'MATCH (n:Professional) RETURN count(n)'):,} professionals, "
            f"{count(db, 'MATCH (n:Interaction) RETURN count(n)'):,} interactions"
        )
        server = db.server_version()
    load_start = list(os.getloadavg())
    queries = measure_queries(settings, specs, samples, runs, warmup, seed, headers)
    results: dict[str, Any] = {
        "run": {
            "label": label,
            "date": datetime.now(UTC).date().isoformat(),
            "command": "python -m bench.paths " + shlex.join(sys.argv[1:]),
            "store": store,
            "samples": {
                "nearPairs": len(samples.pairs),
                "farPairs": len(samples.far_pairs),
                "familyPairs": len(samples.family_pairs),
            },
            "loadAverageAtStart": [round(x, 2) for x in load_start],
            "loadAverageAtEnd": [round(x, 2) for x in os.getloadavg()],
            "wallSeconds": round(time.monotonic() - started, 1),
        },
        "machine": describe_machine(),
        "versions": describe_versions(server),
        "queries": queries,
    }
    results["goal"] = paths_goal(results)
    results_dir.mkdir(parents=True, exist_ok=True)
    stem = results_dir / f"{results['run']['date']}-{label}-paths"
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    stem.with_suffix(".md").write_text(markdown(results))
    print(f"[bench] wrote {stem}.json and {stem}.md")


if __name__ == "__main__":
    app()
