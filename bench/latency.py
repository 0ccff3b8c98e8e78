"""Per-query latency: each GraphQL query through the ASGI app in-process, and the bare Cypher behind it.

The app runs with a `RecordingDatabase`, which notes every named statement a
request sends (name and parameters). Right after each GraphQL request the same
read statements are replayed with `Database.read` and timed: that is the bare
Cypher, so the overhead ratio compares like with like. Round trips per request
come from the `statements_sent` delta.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Mapping
from typing import Any

import httpx

from bench.catalogue import QuerySpec, Samples
from kb.settings import Settings
from kb.storage.database import Database, Row


class RecordingDatabase(Database):
    """A `Database` that remembers which named statements it ran, for replay."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.recorded: list[tuple[str, str, dict[str, Any]]] = []

    def read(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        self.recorded.append(("read", name, dict(parameters or {})))
        return super().read(name, parameters)

    def write(self, name: str, parameters: Mapping[str, Any] | None = None) -> list[Row]:
        self.recorded.append(("write", name, dict(parameters or {})))
        return super().write(name, parameters)

    def run_named(self, tx: Any, name: str, parameters: Mapping[str, Any]) -> list[Row]:
        self.recorded.append(("tx", name, dict(parameters)))
        return super().run_named(tx, name, parameters)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50/p95/p99 (inclusive method) and the mean, in milliseconds."""
    if len(samples_ms) < 2:
        value = samples_ms[0] if samples_ms else float("nan")
        return {"p50": value, "p95": value, "p99": value, "mean": value}
    cuts = statistics.quantiles(samples_ms, n=100, method="inclusive")
    return {
        "p50": round(cuts[49], 3),
        "p95": round(cuts[94], 3),
        "p99": round(cuts[98], 3),
        "mean": round(statistics.fmean(samples_ms), 3),
    }


def graphql_errors(response: httpx.Response) -> str | None:
    """None when the response is a clean answer, else a one-line reason."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    body = response.json()
    if body.get("errors"):
        return "; ".join(str(e.get("message")) for e in body["errors"])[:300]
    return None


async def _measure_one(
    client: httpx.AsyncClient,
    db: RecordingDatabase,
    spec: QuerySpec,
    samples: Samples,
    runs: int,
    warmup: int,
    seed: int,
    headers: dict[str, str],
) -> dict[str, Any]:
    rng = random.Random(seed)
    graphql_ms: list[float] = []
    bare_ms: list[float] = []
    trips: list[int] = []
    statements: set[str] = set()
    writes = 0
    for i in range(warmup + runs):
        variables = spec.variables(samples, rng, i)
        db.recorded.clear()
        before = db.statements_sent
        started = time.perf_counter()
        response = await client.post(
            "/graphql", json={"query": spec.document, "variables": variables}, headers=headers
        )
        elapsed = (time.perf_counter() - started) * 1000
        error = graphql_errors(response)
        if error is not None:
            return {
                "notMeasured": f"the API answered with an error: {error}",
                "variables": variables,
            }
        sent = db.statements_sent - before
        replay = [(name, params) for kind, name, params in db.recorded if kind != "write"]
        writes_now = sum(1 for kind, _, _ in db.recorded if kind == "write")
        started = time.perf_counter()
        for name, params in replay:
            # Same thread as the loop: the replay is what the resolver ran, nothing more.
            Database.read(db, name, params)
        bare = (time.perf_counter() - started) * 1000
        if i >= warmup:
            graphql_ms.append(elapsed)
            bare_ms.append(bare)
            trips.append(sent)
            writes += writes_now
            statements.update(name for name, _ in replay)
    graphql = percentiles(graphql_ms)
    bare = percentiles(bare_ms)
    return {
        "runs": runs,
        "warmup": warmup,
        "graphqlMs": graphql,
        "bareCypherMs": bare,
        "overheadRatioP50": round(graphql["p50"] / bare["p50"], 2) if bare["p50"] > 0 else None,
        "roundTripsPerRequest": {
            "min": min(trips),
            "max": max(trips),
            "mean": round(statistics.fmean(trips), 2),
        },
        "writesPerRequest": round(writes / runs, 2),
        "cypherStatements": sorted(statements),
    }


async def _measure_all(
    settings: Settings,
    specs: list[QuerySpec],
    samples: Samples,
    runs: int,
    warmup: int,
    seed: int,
    headers: dict[str, str],
) -> dict[str, Any]:
    from api.app import create_app

    db = RecordingDatabase(settings)
    app = create_app(settings, database=db)
    results: dict[str, Any] = {}
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1"
            ) as client:
                for spec in specs:
                    results[spec.name] = await _measure_one(
                        client, db, spec, samples, runs, warmup, seed, headers
                    )
    finally:
        db.close()
    return results


def measure_queries(
    settings: Settings,
    specs: list[QuerySpec],
    samples: Samples,
    runs: int,
    warmup: int,
    seed: int,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    return asyncio.run(_measure_all(settings, specs, samples, runs, warmup, seed, headers or {}))
