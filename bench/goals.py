"""The goals `bench/README.md` lists, each judged against one run's results."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

MET, NOT_MET = "met", "not met"


def _get(data: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _why_missing(data: dict[str, Any], *path: str) -> str:
    """The 'not measured' reason of the nearest section on the path."""
    node: Any = data
    for key in path:
        if isinstance(node, dict) and "notMeasured" in node:
            return f"not measured: {node['notMeasured']}"
        if not isinstance(node, dict) or key not in node:
            return "not measured"
        node = node[key]
    if isinstance(node, dict) and "notMeasured" in node:
        return f"not measured: {node['notMeasured']}"
    return "not measured"


def _goal(goal: str, value: Any, ok: bool | None, shown: str, missing: str) -> dict[str, Any]:
    if value is None or ok is None:
        return {"goal": goal, "status": missing, "value": None}
    return {"goal": goal, "status": MET if ok else NOT_MET, "value": shown}


def previous_loader_peaks(results_dir: Path, scale: str) -> dict[str, float]:
    """Loader peak RSS (MiB) of the latest committed result at each other scale."""
    peaks: dict[str, float] = {}
    for path in sorted(results_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        other = _get(data, "run", "scale")
        peak = _get(data, "ingest", "loader", "peakRssMiB")
        rows = _get(data, "dataset", "elements")
        if other and other != scale and peak is not None and rows:
            peaks[other] = float(peak)
            peaks[f"{other}:elements"] = float(rows)
    return peaks


PATHS = "boundaryCrossingPaths"


def paths_goal(results: dict[str, Any], at_m: str = "") -> dict[str, Any]:
    """Goal 4 on every path case (near, far, family, time-respecting): met when the worst
    case's p95 is; the value lists each case."""
    queries = results.get("queries") or {}
    cases = {
        name: _get(queries, name, "graphqlMs", "p95")
        for name in queries
        if name == PATHS or name.startswith(PATHS + " (")
    }
    measured = {name: p95 for name, p95 in cases.items() if p95 is not None}
    goal = f"{PATHS} p95 <= 50 ms, every case" + at_m
    if not measured or len(measured) < len(cases):
        missing = next((n for n in cases if cases[n] is None), PATHS)
        return _goal(goal, None, None, "", _why_missing(results, "queries", missing))
    worst = max(measured, key=lambda n: measured[n])
    shown = ", ".join(
        f"{name.removeprefix(PATHS).strip() or '(near)'} {p95} ms" for name, p95 in measured.items()
    )
    return _goal(goal, measured[worst], measured[worst] <= 50.0, f"p95 {shown}", "")


def judge(results: dict[str, Any], results_dir: Path) -> list[dict[str, Any]]:
    scale = results["run"]["scale"]
    at_m = "" if scale == "m" else f" (stated for M; this run is {scale.upper()})"
    goals: list[dict[str, Any]] = []

    goals += _ingest_goals(results, at_m)
    p95 = _get(results, "queries", "familyConfiguration", "graphqlMs", "p95")
    goals.append(
        _goal(
            "familyConfiguration p95 <= 10 ms" + at_m,
            p95,
            p95 is not None and p95 <= 10.0,
            f"p95 {p95} ms",
            _why_missing(results, "queries", "familyConfiguration"),
        )
    )
    goals.append(paths_goal(results, at_m))
    ratios = {
        name: q["overheadRatioP50"]
        for name, q in (results.get("queries") or {}).items()
        if isinstance(q, dict) and q.get("overheadRatioP50") is not None
    }
    worst = max(ratios.values()) if ratios else None
    goals.append(
        _goal(
            "GraphQL overhead <= 1.5x bare Cypher at p50 (every query)",
            worst,
            worst is not None and worst <= 1.5,
            ", ".join(f"{k} {v}x" for k, v in ratios.items()),
            "not measured: no query was measured",
        )
    )
    rps = _get(results, "sustained", "runs", "16", "requestsPerSecond")
    errs = _get(results, "sustained", "runs", "16", "errors")
    goals.append(
        _goal(
            ">= 300 requests/s at concurrency 16 (with zero errors)",
            rps,
            rps is not None and rps >= 300 and errs == 0,
            f"{rps} requests/s, {errs} errors",
            _why_missing(results, "sustained", "runs", "16"),
        )
    )
    peak = _get(results, "sustained", "apiPeakRssMiB")
    goals.append(
        _goal(
            "API peak memory <= 250 MB",
            peak,
            peak is not None and peak * 2**20 <= 250e6,
            f"{peak} MiB ({peak * 2**20 / 1e6:.0f} MB)" if peak is not None else "",
            _why_missing(results, "sustained"),
        )
    )
    goals.append(_loader_flat(results, results_dir, scale))
    goals += peer_goals(results)
    return goals


def peer_goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Every entity question: p50 at concurrency 1 and throughput at 16 at least the peer's."""
    from bench.peer.questions import QUESTIONS

    peer = results.get("peer") or {"notMeasured": "no side-by-side run in these results"}
    goals = []
    for question in QUESTIONS:
        goal = (
            f"{question.name}: p50 at concurrency 1 and throughput at 16 at least equal to "
            "@neo4j/graphql's in the same run"
        )
        q = _get(peer, "questions", question.name)
        if not isinstance(q, dict) or "ratios" not in q:
            goals.append(
                _goal(goal, None, None, "", _why_missing(peer, "questions", question.name))
            )
            continue
        r = q["ratios"]
        goals.append(
            _goal(
                goal,
                r["p50C1"],
                bool(q["atLeastAsFast"]),
                f"p50 {r['p50C1']}x the peer's, throughput {r['throughputC16']}x",
                "",
            )
        )
    return goals


def _timeout_in_command(results: dict[str, Any]) -> float | None:
    """The `--loader-timeout` a run was given (older results did not store the stop time)."""
    match = re.search(r"--loader-timeout[ =](\d+(?:\.\d+)?)", _get(results, "run", "command") or "")
    return float(match.group(1)) if match else None


def _ingest_goals(results: dict[str, Any], at_m: str) -> list[dict[str, Any]]:
    """Ingest goals; a load stopped at the time limit is judged from the rate it reached."""
    loader = _get(results, "ingest", "loader") or {}
    importer_s = _get(results, "ingest", "importer", "elapsedSeconds")
    missing = _why_missing(results, "ingest", "loader")
    rate_goal = "ingest >= 50,000 graph elements/s" + at_m
    ratio_goal = "ingest within 2x of the offline importer's time" + at_m
    partial = loader.get("partialElementsPerSecond")
    limit = loader.get("stoppedAfterSeconds") or _timeout_in_command(results)
    if partial is not None:
        rate = {
            "goal": rate_goal,
            "status": NOT_MET if partial < 50_000 else "not judged",
            "value": f"about {partial:,} elements/s before it was stopped unfinished",
        }
        ratio: dict[str, Any] = {"goal": ratio_goal, "status": "not judged", "value": None}
        if limit and importer_s:
            bound = round(limit / importer_s, 1)
            ratio = {
                "goal": ratio_goal,
                "status": NOT_MET if bound > 2 else "not judged",
                "value": f"more than {bound}x the importer (stopped unfinished after {limit:.0f} s)",
            }
        return [rate, ratio]
    rate_value = loader.get("elementsPerSecond")
    loader_s = loader.get("elapsedSeconds")
    ratio_value = round(loader_s / importer_s, 2) if loader_s and importer_s else None
    return [
        _goal(
            rate_goal,
            rate_value,
            rate_value is not None and rate_value >= 50_000,
            f"{rate_value:,} elements/s" if rate_value is not None else "",
            missing,
        ),
        _goal(
            ratio_goal,
            ratio_value,
            ratio_value is not None and ratio_value <= 2.0,
            f"{ratio_value}x the importer",
            missing if loader_s is None else _why_missing(results, "ingest", "importer"),
        ),
    ]


def _loader_flat(results: dict[str, Any], results_dir: Path, scale: str) -> dict[str, Any]:
    goal = "loader memory flat as files grow (peak RSS within +25% of a 10x smaller run)"
    peak = _get(results, "ingest", "loader", "peakRssMiB")
    elements = _get(results, "dataset", "elements")
    if peak is None:
        return _goal(goal, None, None, "", _why_missing(results, "ingest", "loader"))
    others = previous_loader_peaks(results_dir, scale)
    smaller = [
        (s, others[s], others[f"{s}:elements"])
        for s in ("s", "m", "l")
        if s in others and others[f"{s}:elements"] < elements
    ]
    if not smaller:
        note = "this is the smallest scale measured; compared when a larger run exists"
        if (results_dir / "loader-memory.md").exists():
            note += "; see bench/results/loader-memory.md"
        return {"goal": goal, "status": f"not judged: {note}", "value": f"{peak} MiB"}
    name, base, base_elements = smaller[-1]
    ok = peak <= base * 1.25
    return {
        "goal": goal,
        "status": MET if ok else NOT_MET,
        "value": f"{peak} MiB for {elements:,} elements vs {base} MiB for {base_elements:,.0f} "
        f"({name.upper()})",
    }
