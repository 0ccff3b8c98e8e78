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
    "--naive-sample 50 --heap 512m --pagecache 128m"
)


def test_tiny_bench_run_writes_its_results(tmp_path: Path) -> None:
    results = tmp_path / "results"
    run = subprocess.run(
        [sys.executable, "-m", "bench.run", *SMOKE.split(), "--results-dir", str(results)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    written = sorted(p.name for p in results.iterdir())
    assert len(written) == 2 and written[0].endswith("-f20.json") and written[1].endswith("-f20.md")
    data = json.loads((results / written[0]).read_text())
    assert data["run"]["families"] == 20
    assert data["machine"]["logicalCores"] >= 1
    assert data["versions"]["python"].startswith("3.")
    for section in ("dataset", "ingest", "queries", "sustained"):
        assert section in data
    # Every goal is either judged or says why not.
    assert {g["status"].split(":")[0] for g in data["goals"]} <= {
        "met",
        "not met",
        "not measured",
        "not judged",
    }
    markdown = (results / written[1]).read_text()
    assert "## Goals" in markdown and "## Ingest" in markdown
