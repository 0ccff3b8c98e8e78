"""A tiny bench run completes and writes both results files (no timing is asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kb.settings import REPO_ROOT

# Small enough for CI: 20 families, a handful of runs, one second per concurrency level.
SMOKE = (
    "--families 20 --runs 5 --warmup 1 --duration 1 --concurrency 1,2 "
    "--heap 512m --pagecache 128m --skip importer,floor --peer-seconds 1"
)


def test_tiny_bench_run_writes_its_results(tmp_path: Path) -> None:
    results = tmp_path / "results"
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.run", *SMOKE.split(), "--results-dir", str(results)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, stderr = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        process.terminate()  # the run stops its Neo4j on SIGTERM
        _, stderr = process.communicate()
    assert process.returncode == 0, stderr[-2000:]
    written = sorted(p.name for p in results.iterdir())
    assert len(written) == 2 and written[0].endswith("-f20.json") and written[1].endswith("-f20.md")
    data = json.loads((results / written[0]).read_text())
    assert data["run"]["families"] == 20
    assert data["machine"]["logicalCores"] >= 1
    assert data["versions"]["python"].startswith("3.")
    for section in ("dataset", "ingest", "queries", "sustained", "peer"):
        assert section in data
    # The loader really ran and at least one query was timed the asked number of times.
    assert data["ingest"]["loader"]["elapsedSeconds"] > 0, data["ingest"]["loader"]
    assert data["dataset"]["elements"] > 0
    timed = [q for q in data["queries"].values() if "graphqlMs" in q]
    assert timed and all(q["runs"] == 5 for q in timed), data["queries"]
    assert data["ingest"]["importer"] == {"notMeasured": "skipped (--skip importer)"}
    # Side by side with @neo4j/graphql: every question's answers compared equal on both
    # servers (warm-up and timed draws), then timed on both, and the statements counted.
    from bench.peer.questions import QUESTIONS

    peer = data["peer"]
    assert set(peer["questions"]) == {q.name for q in QUESTIONS}, peer
    for name, question in peer["questions"].items():
        assert question["checkedEqual"] == 6, (name, question)
        assert question["c16"]["byServer"]["peer"]["requests"] > 0, (name, question)
        assert question["neo4j"]["peer"]["statementsPerRequest"] >= 1, (name, question)
        assert question["neo4j"]["ours"]["statementsPerRequest"] >= 1, (name, question)
    assert sum("@neo4j/graphql's in the same run" in g["goal"] for g in data["goals"]) == len(
        QUESTIONS
    )
    # Every goal is either judged or says why not.
    assert {g["status"].split(":")[0] for g in data["goals"]} <= {
        "met",
        "not met",
        "not measured",
        "not judged",
    }
    markdown = (results / written[1]).read_text()
    assert "## Goals" in markdown and "## Ingest" in markdown
    assert "## Side by side with @neo4j/graphql" in markdown
