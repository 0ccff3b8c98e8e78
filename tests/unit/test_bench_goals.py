"""Goal 4 (paths p95 <= 50 ms) is judged on every path case: the worst decides."""

from __future__ import annotations

from typing import Any

from bench.goals import paths_goal


def case(p95: float) -> dict[str, Any]:
    return {"graphqlMs": {"p50": p95 / 2, "p95": p95}}


def test_the_worst_case_decides() -> None:
    met = paths_goal(
        {
            "queries": {
                "boundaryCrossingPaths": case(20.0),
                "boundaryCrossingPaths (far)": case(49.0),
            }
        }
    )
    assert met["status"] == "met"
    missed = paths_goal(
        {
            "queries": {
                "boundaryCrossingPaths": case(20.0),
                "boundaryCrossingPaths (far)": case(51.0),
            }
        }
    )
    assert missed["status"] == "not met" and "(far) 51.0 ms" in missed["value"]


def test_a_case_not_measured_says_so() -> None:
    goal = paths_goal(
        {
            "queries": {
                "boundaryCrossingPaths": case(20.0),
                "boundaryCrossingPaths (far)": {"notMeasured": "x"},
            }
        }
    )
    assert goal["status"].startswith("not measured")
