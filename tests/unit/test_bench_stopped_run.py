"""A stopped `make bench` (SIGTERM, Ctrl-C) still returns what it measured: an L run takes
hours, and a stop in its query phase must not lose the load it timed before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import run
from bench.catalogue import QUERIES


def plan_in(tmp_path: Path) -> run.Plan:
    return run.Plan(
        label="f3", families=3, seed=7, runs=1, warmup=0, duration=0.1, concurrencies=[1],
        naive_sample=1, loader_timeout=0, peer_seconds=0.1, skip=set(), heap="1g",
        pagecache="1g", work=tmp_path / "work", results_dir=tmp_path / "results",
    )  # fmt: skip


def test_a_stop_during_the_importer_keeps_the_dataset_and_marks_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dataset = {"nodes": 5, "relationships": 7, "elements": 12, "generateSeconds": 0.5}

    def stopped(plan: run.Plan, elements: int) -> dict[str, Any]:
        raise SystemExit(143)  # what bench.run's SIGTERM handler raises

    monkeypatch.setattr(run, "generate", lambda plan: dict(dataset))
    monkeypatch.setattr(run, "ceiling", stopped)
    results = run.measure(plan_in(tmp_path), "python -m bench.run --families 3")

    assert results["stopped"] is True
    assert results["dataset"] == dataset
    for step in ("importer", "naive", "loader"):
        assert results["ingest"][step] == run.STOPPED
    assert set(results["queries"]) == {q.name for q in QUERIES}
    assert all(section == run.STOPPED for section in results["queries"].values())
    assert results["sustained"] == run.STOPPED and results["peer"] == run.STOPPED
    assert "the run was stopped during 'offline importer (ceiling)'" in results["notes"]


def test_steps_finished_before_the_stop_are_kept(tmp_path: Path) -> None:
    plan = plan_in(tmp_path)
    importer = {"elapsedSeconds": 380.5}
    loader = {"elapsedSeconds": 2395.6, "elementsPerSecond": 11424}
    first = QUERIES[0].name
    plan.done = {run.IMPORTER: importer, run.LOADER: loader, run.LATENCIES: {first: {"p50": 1}}}
    ingest, queries, load, peer, version = run.steps_so_far(plan)
    assert ingest == {"importer": importer, "naive": run.STOPPED, "loader": loader}
    assert queries[first] == {"p50": 1}
    assert queries[QUERIES[1].name] == run.STOPPED
    assert load == run.STOPPED and peer == run.STOPPED and version is None


def test_a_step_left_out_with_skip_stays_skipped_after_a_stop(tmp_path: Path) -> None:
    plan = plan_in(tmp_path)
    plan.skip = {"floor", "peer"}
    ingest, _, load, peer, _ = run.steps_so_far(plan)
    assert ingest["naive"] == {"notMeasured": "skipped (--skip floor)"}
    assert peer == {"notMeasured": "skipped (--skip peer)"}
    assert ingest["importer"] == run.STOPPED and load == run.STOPPED
