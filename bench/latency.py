"""Per-query latency: each GraphQL query through the ASGI app in-process, and the bare Cypher behind it.

A `StatementRecorder` notes every named statement a request sends (name and
parameters). Right after each GraphQL request the same
read statements are replayed with `Database.read` and timed: that is the bare
Cypher, so the overhead ratio compares like with like. The API's own
statements (API key lookup, audit-trail write) are counted in the round trips
but not replayed: they are part of the API's cost, not the query's. Round trips per request
come from the `statements_sent` delta.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx

from bench.catalogue import QuerySpec, Samples
from kb.settings import Settings
from kb.storage.database import AsyncDatabase, Database
from neo4j import ManagedTransaction


class StatementRecorder:
    """Notes every named statement any `Database` or `AsyncDatabase` runs while active
    (name, parameters).

    It wraps the classes' methods, not one instance's, because some resolvers run
    statements through a second `Database` sharing the driver (e.g. the bounded
    path search), and those must be replayed too.
    """

    KINDS = ("read", "write", "run_named")

    def __init__(self) -> None:
        self.recorded: list[tuple[str, str, dict[str, Any]]] = []
        self._saved: dict[tuple[type, str], Any] = {}

    def _note(self, kind: str, args: tuple[Any, ...]) -> None:
        # run_named(tx, name, params); read/write(name, params)
        name, params = (
            (args[1], args[2])
            if kind == "run_named"
            else (args[0], args[1] if len(args) > 1 else None)
        )
        self.recorded.append((kind, name, dict(params or {})))

    def __enter__(self) -> StatementRecorder:
        note = self._note
        for kind in self.KINDS:
            blocking = getattr(Database, kind)
            asynchronous = getattr(AsyncDatabase, kind)
            self._saved[(Database, kind)] = blocking
            self._saved[(AsyncDatabase, kind)] = asynchronous

            def wrapper(db: Database, *args: Any, _kind: str = kind, _orig: Any = blocking) -> Any:
                note(_kind, args)
                return _orig(db, *args)

            async def async_wrapper(
                db: AsyncDatabase, *args: Any, _kind: str = kind, _orig: Any = asynchronous
            ) -> Any:
                note(_kind, args)
                return await _orig(db, *args)

            setattr(Database, kind, wrapper)
            setattr(AsyncDatabase, kind, async_wrapper)
        # The entity graph's one statement per request runs as text in a read transaction.
        read_text = AsyncDatabase.read_text
        self._saved[(AsyncDatabase, "read_text")] = read_text

        async def recorded_text(db: AsyncDatabase, text: Any, parameters: Any, rows: Any) -> Any:
            self.recorded.append(
                ("statement", TRANSLATED, {"text": text, "parameters": dict(parameters)})
            )
            return await read_text(db, text, parameters, rows)

        setattr(AsyncDatabase, "read_text", recorded_text)  # noqa: B010
        return self

    def __exit__(self, *exc: object) -> None:
        for (cls, kind), original in self._saved.items():
            setattr(cls, kind, original)

    def replay_reads(
        self, db: Database, calls: list[tuple[str, str, dict[str, Any]]], machinery: bool = False
    ) -> None:
        """Run the recorded reads again, plainly (not recorded): those behind the answer,
        or (`machinery`) the API's own reads such as the key lookup."""
        read = self._saved[(Database, "read")]
        for kind, name, params in calls:
            if kind != "write" and is_query_statement(kind, name) != machinery:
                if kind == "statement":
                    db.in_read_transaction(partial(run_text, params=params))
                else:
                    read(db, name, params)



def run_text(tx: ManagedTransaction, params: dict[str, Any]) -> list[dict[str, Any]]:
    """A recorded statement run again as text (the entity graph's translated statement)."""
    return [record.data() for record in tx.run(params["text"], params["parameters"])]

# What the recorder calls a statement run as text (the entity graph's one statement per
# request, api/entities/translate.py); it is replayed as text.
TRANSLATED = "api/entities (translated)"
# The API's own machinery (key lookup, audit trail): part of the GraphQL cost, not the query's.
MACHINERY = ("security/", "audit/")


def is_query_statement(kind: str, name: str) -> bool:
    return kind != "write" and not name.startswith(MACHINERY)


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


@dataclass(frozen=True)
class Draws:
    """How every query is measured: the samples and seed its variables are drawn from,
    the warm-up and timed runs, and the API key's headers."""

    samples: Samples
    seed: int
    runs: int
    warmup: int
    headers: dict[str, str]


async def _measure_one(
    client: httpx.AsyncClient,
    db: Database,
    recorder: StatementRecorder,
    spec: QuerySpec,
    draws: Draws,
) -> dict[str, Any]:
    runs, warmup = draws.runs, draws.warmup
    if spec.max_runs is not None and runs > spec.max_runs:
        runs, warmup = spec.max_runs, min(warmup, max(1, spec.max_runs // 10))
    rng = random.Random(draws.seed)
    graphql_ms: list[float] = []
    bare_ms: list[float] = []
    machinery_ms: list[float] = []
    trips: list[int] = []
    statements: set[str] = set()
    machinery: set[str] = set()
    writes = 0
    for i in range(warmup + runs):
        variables = spec.variables(draws.samples, rng, i)
        recorder.recorded.clear()
        before = db.statements_sent
        started = time.perf_counter()
        response = await client.post(
            "/graphql", json={"query": spec.document, "variables": variables}, headers=draws.headers
        )
        elapsed = (time.perf_counter() - started) * 1000
        error = graphql_errors(response)
        if error is not None:
            return {
                "notMeasured": f"the API answered with an error: {error}",
                "variables": variables,
            }
        sent = db.statements_sent - before
        calls = list(recorder.recorded)
        writes_now = sum(1 for kind, _, _ in calls if kind == "write")
        started = time.perf_counter()
        recorder.replay_reads(db, calls)
        bare = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        recorder.replay_reads(db, calls, machinery=True)
        machinery_read = (time.perf_counter() - started) * 1000
        if i >= warmup:
            graphql_ms.append(elapsed)
            bare_ms.append(bare)
            machinery_ms.append(machinery_read)
            trips.append(sent)
            writes += writes_now
            statements.update(name for kind, name, _ in calls if is_query_statement(kind, name))
            machinery.update(name for kind, name, _ in calls if not is_query_statement(kind, name))
    graphql = percentiles(graphql_ms)
    bare_cypher = percentiles(bare_ms)
    return {
        "runs": runs,
        "warmup": warmup,
        "graphqlMs": graphql,
        "bareCypherMs": bare_cypher,
        "overheadRatioP50": (
            round(graphql["p50"] / bare_cypher["p50"], 2) if bare_cypher["p50"] > 0 else None
        ),
        "roundTripsPerRequest": {
            "min": min(trips),
            "max": max(trips),
            "mean": round(statistics.fmean(trips), 2),
        },
        "writesPerRequest": round(writes / runs, 2),
        "cypherStatements": sorted(statements),
        "apiMachineryStatements": sorted(machinery),
        "apiMachineryReadsMs": percentiles(machinery_ms),
    }


async def _measure_all(settings: Settings, specs: list[QuerySpec], draws: Draws) -> dict[str, Any]:
    from api.app import create_app

    db = Database(settings)
    app = create_app(settings, database=db)
    results: dict[str, Any] = {}
    try:
        async with app.router.lifespan_context(app):
            recorder = StatementRecorder()
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://127.0.0.1"
            ) as client:
                for spec in specs:
                    with recorder:
                        results[spec.name] = await _measure_one(client, db, recorder, spec, draws)
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
    """Each query of `specs` through the API in-process, and the bare Cypher behind it."""
    draws = Draws(samples, seed, runs, warmup, headers or {})
    return asyncio.run(_measure_all(settings, specs, draws))
