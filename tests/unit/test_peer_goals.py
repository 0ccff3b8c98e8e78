"""Goal 9 per question, judged from a side-by-side run's own figures (bench.peer): met exactly
when ours is at least as fast at p50 (concurrency 1) and sustains at least the peer's
throughput at 16, and the standalone run's page shows every question's verdict."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from bench.goals import MET, NOT_MET, peer_goals
from bench.peer.__main__ import markdown
from bench.peer.questions import QUESTIONS

S_RUN = Path(__file__).resolve().parents[2] / "bench" / "results" / "2026-12-02-s.json"


def run_of(peer: dict[str, Any]) -> dict[str, Any]:
    results: dict[str, Any] = {
        "run": {
            "scale": "s",
            "date": "2026-12-02",
            "command": "python -m bench.peer --scale s",
            "store": "bench/work/s/neo4j",
            "families": 1000,
            "gitCommit": "0" * 40,
            "loadAverageAtStart": [1.0, 1.0, 1.0],
            "loadAverageAtEnd": [2.0, 2.0, 2.0],
            "wallSeconds": 1.0,
        },
        "peer": peer,
    }
    results["goals"] = peer_goals(results)
    return results


def by_hand(question: dict[str, Any]) -> str:
    """The verdict from the raw figures, not from the run's own ratios or flag."""
    c1, c16 = question["c1"]["latencyMs"], question["c16"]["byServer"]
    ahead = (
        c1["ours"]["p50"] <= c1["peer"]["p50"]
        and c16["ours"]["requestsPerSecond"] >= c16["peer"]["requestsPerSecond"]
        and c16["ours"]["errors"] == 0
    )
    return MET if ahead else NOT_MET


def test_each_question_judged_from_its_figures() -> None:
    peer = json.loads(S_RUN.read_text())["peer"]
    goals = run_of(peer)["goals"]
    assert len(goals) == len(QUESTIONS)
    for goal, question in zip(goals, QUESTIONS, strict=True):
        assert goal["goal"].startswith(question.name + ":")
        assert goal["status"] == by_hand(peer["questions"][question.name])
    assert {g["status"] for g in goals} == {MET, NOT_MET}  # the S run has both


def test_slower_throughput_misses_the_goal() -> None:
    peer = copy.deepcopy(json.loads(S_RUN.read_text())["peer"])
    name = "a family's interactions in a date range (from the root)"
    question = peer["questions"][name]
    assert question["atLeastAsFast"]
    # What compare.summary computes, with ours sustaining less than the peer.
    from bench.peer.compare import summary

    servers = question["c16"]["byServer"]
    servers["ours"]["requestsPerSecond"] = servers["peer"]["requestsPerSecond"] - 1
    question.update(summary(question["c1"], question["c16"], question["neo4j"]))
    goal = next(g for g in run_of(peer)["goals"] if g["goal"].startswith(name))
    assert goal["status"] == NOT_MET


def test_the_page_names_every_question_and_verdict() -> None:
    results = run_of(json.loads(S_RUN.read_text())["peer"])
    page = markdown(results)
    assert "## Side by side with @neo4j/graphql" in page
    for goal in results["goals"]:
        assert f"| {goal['goal']} | {goal['status']} |" in page


def test_a_run_whose_answers_differ_has_no_verdicts() -> None:
    results = run_of({"notMeasured": "answers differ on 'node by id'"})
    assert all(g["status"] not in (MET, NOT_MET) for g in results["goals"])
    assert "answers differ" in markdown(results)
