"""`python -m bench.paths` measures the path cases on a loaded store and judges goal 4
on the worst of them (no timing is asserted); `--questions` adds issue 14's five questions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kb.settings import REPO_ROOT
from kb.storage.database import Database
from tests.api_entities_support import ensure_datasets

CASES = {
    "boundaryCrossingPaths",
    "boundaryCrossingPaths (far)",
    "boundaryCrossingPaths (family)",
    "boundaryCrossingPaths (time-respecting)",
    "boundaryCrossingPaths (far, maxHops 10)",
    "boundaryCrossingPaths (family, maxHops 10)",
}
QUESTIONS = {
    "caseTrajectory",
    "objectOfActivity",
    "workRhythm (family)",
    "workRhythm (professional)",
    "horizontalExpertise (whole period)",
    "levels (whole period)",
}


def test_path_cases_on_the_seed(database: Database, tmp_path: Path) -> None:
    ensure_datasets(database, REPO_ROOT / "seed")
    done = subprocess.run(
        [sys.executable, "-m", "bench.paths", "--label", "seed", "--runs", "3", "--warmup", "1",
         "--results-dir", str(tmp_path), "--questions"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    (result,) = tmp_path.glob("*-seed-paths.json")
    data = json.loads(result.read_text())
    assert set(data["queries"]) == CASES | QUESTIONS
    assert all(q["runs"] == 3 for q in data["queries"].values()), data["queries"]
    assert data["run"]["samples"]["farPairs"] > 0  # the seed's areas: some pairs never meet
    worst = max(data["queries"][name]["graphqlMs"]["p95"] for name in CASES)
    assert data["goal"]["status"] == ("met" if worst <= 50 else "not met")
    assert "every case" in data["goal"]["goal"]
    assert (tmp_path / result.name.replace(".json", ".md")).read_text().startswith("# Path")
