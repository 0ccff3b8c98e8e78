"""Our API and @neo4j/graphql side by side: the same questions, answers checked equal, timed.

Both run as their own processes on loopback over the bench's Neo4j and data: `kb serve`
(with the bench's ANALYST key) and the peer (`service.py`). For each entity question
(`questions.py`):

1. **Check**: `warmup` draws of the variables, each asked of both; the normalised answers
   must be equal, or the comparison stops (`AnswersDiffer`) before anything is timed.
   Every timed answer at concurrency 1 is checked the same way.
2. **Concurrency 1**: `runs` draws, each asked of both servers one after the other, the
   order alternating, so noise hits both alike: p50/p95/p99.
3. **Concurrency 16**: windows of about two seconds, the servers alternating (ABBA), 16
   requests in flight to one server at a time, `seconds` per server: throughput and p95.
4. **Statements**: `count` requests per server in batches to one server at a time, the
   servers alternating, with Neo4j's query collector on (`db.stats`, which counts every
   statement any client sends; the query log is Enterprise-only) and the database's
   transaction ids read before and after: statements and transactions per request, and
   the Neo4j process's CPU per request: each batch starts on an idle Neo4j, and Neo4j's
   idle CPU rate, read over as long right after (idle again), is subtracted.

CPU per request: user + system CPU time of each server process (psutil; children
included) over steps 2 and 3, divided by the requests it answered. The load generator
(this process) is measured the same way, to show when it, not a server, is the limit.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import psutil

from bench.catalogue import Samples
from bench.harness import Sent, keep_in_flight
from bench.latency import percentiles
from bench.peer.questions import QUESTIONS, Question
from kb.settings import Settings
from kb.storage.database import Database
from kb.storage.server import LocalServer

Section = dict[str, Any]
CONCURRENCY = 16
WINDOW_SECONDS = 2.0
# The bench's own probes, not counted as the servers' statements.
OWN_STATEMENTS = ("db.stats.", "SHOW TRANSACTIONS YIELD transactionId")
# Step 4's batches per server (alternating) and what counts as an idle Neo4j.
COUNT_ROUNDS = 4
IDLE_SHARE = 0.05  # of one core, in each of two polls in a row
IDLE_POLL_SECONDS = 0.25
IDLE_MAX_WAIT = 5.0


class AnswersDiffer(RuntimeError):
    """The two servers answered one question differently: nothing is timed."""

    def __init__(self, question: str, variables: dict[str, Any], differences: list[str]):
        self.question, self.variables, self.differences = question, variables, differences
        super().__init__(
            f"answers differ on {question!r} with {json.dumps(variables)}: "
            + "; ".join(differences[:3])
        )


class ServerFailed(RuntimeError):
    """A server answered with an error (HTTP or GraphQL)."""


@dataclass(frozen=True)
class Server:
    name: str  # "ours" or "peer"
    url: str  # the GraphQL endpoint
    pid: int
    headers: dict[str, str]

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process and its children have used so far."""
    try:
        process = psutil.Process(pid)
        family = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for member in family:
        try:
            times = member.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def encoded(document: str, variables: dict[str, Any]) -> bytes:
    return json.dumps({"query": document, "variables": variables}).encode()


def data_of(server: Server, status: int, content: bytes) -> dict[str, Any]:
    """The answer's `data`, or ServerFailed when the server answered with an error."""
    if status != 200:
        raise ServerFailed(f"{server.name}: HTTP {status}: {content[:300]!r}")
    body = json.loads(content)
    if body.get("errors"):
        messages = "; ".join(str(e.get("message")) for e in body["errors"])
        raise ServerFailed(f"{server.name} answered with errors: {messages[:300]}")
    return dict(body["data"])


def clean(status: int, content: bytes) -> bool:
    """A 200 answer without GraphQL errors (no model property is called `errors`)."""
    return status == 200 and b'"errors":' not in content


def client_for(server: Server, connections: int) -> aiohttp.ClientSession:
    """Keep-alive connections to one server (aiohttp: the load generator must cost little
    CPU, or it, not the servers, sets the pace on a 2-core machine)."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=connections),
        timeout=aiohttp.ClientTimeout(total=60.0),
        headers={"content-type": "application/json", **server.headers},
    )


async def post(
    client: aiohttp.ClientSession, server: Server, body: bytes
) -> tuple[float, int, bytes]:
    """One request, timed until the whole answer is read: (ms, status, body)."""
    started = time.perf_counter()
    async with client.post(server.url, data=body) as response:
        content = await response.read()
    return (time.perf_counter() - started) * 1000, response.status, content


@dataclass
class Draws:
    """The variables of every request of one question and their bodies for each server."""

    variables: list[dict[str, Any]]
    bodies: dict[str, list[bytes]]


def draws_for(question: Question, samples: Samples, seed: int, size: int) -> Draws:
    rng = random.Random(seed)
    variables = [question.spec.variables(samples, rng, i) for i in range(size)]
    return Draws(
        variables=variables,
        bodies={
            "ours": [encoded(question.spec.document, v) for v in variables],
            "peer": [encoded(question.peer_document, v) for v in variables],
        },
    )


async def one_at_a_time(
    question: Question, servers: list[Server], draws: Draws, warmup: int, runs: int
) -> Section:
    """Steps 1 and 2: the check, then the timed runs at concurrency 1 (answers checked too)."""
    latencies: dict[str, list[float]] = {s.name: [] for s in servers}
    cpu: dict[str, float] = {}
    client_cpu = 0.0
    clients = {s.name: client_for(s, 1) for s in servers}
    try:
        for i in range(warmup + runs):
            if i == warmup:
                cpu = {s.name: s.cpu_seconds() for s in servers}
                client_cpu = time.process_time()
            answers = {}
            for server in servers if i % 2 == 0 else servers[::-1]:
                elapsed, status, content = await post(
                    clients[server.name], server, draws.bodies[server.name][i]
                )
                answers[server.name] = data_of(server, status, content)
                if i >= warmup:
                    latencies[server.name].append(elapsed)
            differences = question.differences(answers["ours"], answers["peer"])
            if differences:
                raise AnswersDiffer(question.name, draws.variables[i], differences)
        used = {s.name: s.cpu_seconds() - cpu[s.name] for s in servers}
        client_cpu = time.process_time() - client_cpu
    finally:
        for client in clients.values():
            await client.close()
    return {
        "checked": warmup + runs,
        "runs": runs,
        "warmup": warmup,
        "latencyMs": {name: percentiles(values) for name, values in latencies.items()},
        "cpuMsPerRequest": {name: round(used[name] * 1000 / runs, 3) for name in used},
        "loadGeneratorCpuMsPerRequest": round(client_cpu * 1000 / (2 * runs), 3),
    }


async def window(
    client: aiohttp.ClientSession, server: Server, bodies: list[bytes], seconds: float, start: int
) -> tuple[list[float], list[str], float]:
    """CONCURRENCY requests in flight to one server for `seconds`."""

    async def send(number: int) -> Sent:
        try:
            elapsed, status, content = await post(client, server, bodies[number % len(bodies)])
        except (aiohttp.ClientError, TimeoutError) as error:
            return None, f"{type(error).__name__}: {error}"
        return elapsed, None if clean(status, content) else content[:200].decode(errors="replace")

    return await keep_in_flight(CONCURRENCY, seconds, send, start)


async def sixteen_at_a_time(servers: list[Server], draws: Draws, seconds: float) -> Section:
    """Step 3: alternating windows at concurrency 16."""
    rounds = max(1, round(seconds / WINDOW_SECONDS))
    each = seconds / rounds
    latencies: dict[str, list[float]] = {s.name: [] for s in servers}
    errors: dict[str, list[str]] = {s.name: [] for s in servers}
    elapsed = {s.name: 0.0 for s in servers}
    cpu = {s.name: 0.0 for s in servers}
    client_cpu = 0.0
    clients = {s.name: client_for(s, CONCURRENCY) for s in servers}
    try:
        for round_number in range(rounds):
            # A B B A A B ...: neither server always goes first.
            for server in servers if round_number % 2 == 0 else servers[::-1]:
                before, client_before = server.cpu_seconds(), time.process_time()
                lat, errs, took = await window(
                    clients[server.name],
                    server,
                    draws.bodies[server.name],
                    each,
                    start=round_number * 997,
                )
                cpu[server.name] += server.cpu_seconds() - before
                client_cpu += time.process_time() - client_before
                latencies[server.name] += lat
                errors[server.name] += errs
                elapsed[server.name] += took
    finally:
        for client in clients.values():
            await client.close()
    total = sum(len(v) for v in latencies.values())
    return {
        "concurrency": CONCURRENCY,
        "windows": rounds,
        "secondsEach": round(each, 2),
        "byServer": {
            s.name: {
                "requests": len(latencies[s.name]),
                "seconds": round(elapsed[s.name], 2),
                "requestsPerSecond": round(len(latencies[s.name]) / elapsed[s.name], 1),
                "latencyMs": percentiles(latencies[s.name]),
                "errors": len(errors[s.name]),
                "errorExamples": sorted(set(errors[s.name]))[:3],
                "cpuMsPerRequest": round(cpu[s.name] * 1000 / max(1, len(latencies[s.name])), 3),
            }
            for s in servers
        },
        "loadGeneratorCpuMsPerRequest": round(client_cpu * 1000 / max(1, total), 3),
    }


def _transaction_number(db: Database) -> int:
    ids = [row["transactionId"] for row in db.read("bench/transaction_ids")]
    return max(int(str(i).rsplit("-", 1)[-1]) for i in ids)


def wait_until_idle(
    read_cpu: Callable[[], float],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> float:
    """Wait until a process has used under IDLE_SHARE of a core in each of two polls in a
    row (what an earlier burst left it doing is done), at most IDLE_MAX_WAIT seconds;
    returns the seconds waited."""
    started = clock()
    quiet = 0
    before = read_cpu()
    while quiet < 2 and clock() - started < IDLE_MAX_WAIT:
        sleep(IDLE_POLL_SECONDS)
        now = read_cpu()
        quiet = quiet + 1 if now - before < IDLE_SHARE * IDLE_POLL_SECONDS else 0
        before = now
    return clock() - started


@dataclass
class Tally:
    """What one server's requests cost Neo4j, summed over its batches."""

    requests: int = 0
    invocations: dict[str, int] = field(default_factory=dict)
    transactions: int = 0
    busy_cpu: float = 0.0  # Neo4j CPU seconds while the batches ran
    busy_seconds: float = 0.0
    idle_cpu: float = 0.0  # Neo4j CPU seconds over as long again, idle, right after
    idle_seconds: float = 0.0
    waited: float = 0.0


def _batch(
    db: Database,
    client: httpx.Client,
    server: Server,
    bodies: list[bytes],
    requests: range,
    neo4j_pid: int | None,
    tally: Tally,
) -> None:
    """One batch to one server on an idle Neo4j, counted, then the idle rate over as long."""

    def read_cpu() -> float:
        return cpu_seconds(neo4j_pid) if neo4j_pid else 0.0

    db.read("bench/query_collection_start")
    first = _transaction_number(db)
    tally.waited += wait_until_idle(read_cpu)
    cpu_before, started = read_cpu(), time.monotonic()
    for i in requests:
        response = client.post(server.url, content=bodies[i % len(bodies)], headers=server.headers)
        data_of(server, response.status_code, response.content)
    busy = time.monotonic() - started
    tally.busy_cpu += read_cpu() - cpu_before
    tally.busy_seconds += busy
    last = _transaction_number(db)
    seen = db.read("bench/query_collection")
    db.read("bench/query_collection_stop")
    tally.waited += wait_until_idle(read_cpu)
    cpu_before, started = read_cpu(), time.monotonic()
    time.sleep(busy)
    tally.idle_cpu += read_cpu() - cpu_before
    tally.idle_seconds += time.monotonic() - started
    tally.requests += len(requests)
    tally.transactions += last - first - 1  # the last read is a transaction of its own
    for row in seen:
        if not any(own in row["query"] for own in OWN_STATEMENTS):
            query = " ".join(row["query"].split())
            tally.invocations[query] = tally.invocations.get(query, 0) + int(row["invocations"])


def _counted(tally: Tally, measured: bool) -> Section:
    count = tally.requests
    statements = sum(tally.invocations.values())
    idle_rate = tally.idle_cpu / tally.idle_seconds if tally.idle_seconds else 0.0
    net = tally.busy_cpu - idle_rate * tally.busy_seconds
    return {
        "requests": count,
        "statementsPerRequest": round(statements / count, 2),
        "distinctStatements": len(tally.invocations),
        "statements": sorted(
            (
                {"start": query[:120], "perRequest": round(calls / count, 2)}
                for query, calls in tally.invocations.items()
            ),
            key=lambda s: -s["perRequest"],
        ),
        "transactionsPerRequest": round(tally.transactions / count, 2),
        "neo4jCpuMsPerRequest": round(net * 1000 / count, 3) if measured else None,
        "neo4jBusyCpuMsPerRequest": round(tally.busy_cpu * 1000 / count, 3) if measured else None,
        "neo4jIdleCpuShare": round(idle_rate, 4) if measured else None,
        "secondsWaitedForIdle": round(tally.waited, 1),
    }


def count_statements(
    db: Database,
    servers: list[Server],
    bodies: dict[str, list[bytes]],
    count: int,
    neo4j_pid: int | None,
) -> dict[str, Section]:
    """Step 4: what each server's requests sent to Neo4j, counted by Neo4j.

    `count` requests per server in COUNT_ROUNDS batches, the servers alternating (A B B A
    ...), one server at a time. Before each batch Neo4j is let go idle (what the
    concurrency-16 windows or the other server left it doing is not charged), and after it,
    once idle again, Neo4j's CPU is read over as long as the batch took: that idle rate
    (its housekeeping) is subtracted from the batch's CPU."""
    tallies = {s.name: Tally() for s in servers}
    rounds = max(1, min(COUNT_ROUNDS, count))
    with httpx.Client(timeout=60.0, headers={"content-type": "application/json"}) as client:
        for round_number in range(rounds):
            requests = range(round_number * count // rounds, (round_number + 1) * count // rounds)
            for server in servers if round_number % 2 == 0 else servers[::-1]:
                _batch(
                    db,
                    client,
                    server,
                    bodies[server.name],
                    requests,
                    neo4j_pid,
                    tallies[server.name],
                )
    return {name: _counted(tally, neo4j_pid is not None) for name, tally in tallies.items()}


def ratio(ours: float | None, peer: float | None) -> float | None:
    if ours is None or not peer:
        return None
    return round(ours / peer, 2)


def summary(c1: Section, c16: Section, counts: dict[str, Section]) -> Section:
    """Ours / peer for every figure, and whether ours is at least as fast."""
    o1, p1 = c1["latencyMs"]["ours"], c1["latencyMs"]["peer"]
    o16, p16 = c16["byServer"]["ours"], c16["byServer"]["peer"]
    ratios = {
        "p50C1": ratio(o1["p50"], p1["p50"]),
        "p95C1": ratio(o1["p95"], p1["p95"]),
        "throughputC16": ratio(o16["requestsPerSecond"], p16["requestsPerSecond"]),
        "p95C16": ratio(o16["latencyMs"]["p95"], p16["latencyMs"]["p95"]),
        "cpuPerRequestC1": ratio(c1["cpuMsPerRequest"]["ours"], c1["cpuMsPerRequest"]["peer"]),
        "cpuPerRequestC16": ratio(o16["cpuMsPerRequest"], p16["cpuMsPerRequest"]),
        "statementsPerRequest": ratio(
            counts["ours"]["statementsPerRequest"], counts["peer"]["statementsPerRequest"]
        ),
        "neo4jCpuPerRequest": ratio(
            counts["ours"]["neo4jCpuMsPerRequest"], counts["peer"]["neo4jCpuMsPerRequest"]
        ),
    }
    return {
        "ratios": ratios,
        "atLeastAsFast": o1["p50"] <= p1["p50"]
        and o16["requestsPerSecond"] >= p16["requestsPerSecond"]
        and o16["errors"] == 0,
    }


async def compare(
    db: Database,
    servers: list[Server],
    samples: Samples,
    runs: int,
    warmup: int,
    seconds: float,
    seed: int,
    neo4j_pid: int | None,
    only: Sequence[str] = (),
) -> Section:
    """Every question of `questions.py` (or those named in `only`) on the servers (see the
    module's docstring)."""
    results: Section = {}
    for question in QUESTIONS:
        if only and question.name not in only:
            continue
        draws = draws_for(question, samples, seed, warmup + runs)
        c1 = await one_at_a_time(question, servers, draws, warmup, runs)
        c16 = await sixteen_at_a_time(servers, draws, seconds)
        counts = count_statements(db, servers, draws.bodies, min(runs, 50), neo4j_pid)
        results[question.name] = {
            "checkedEqual": c1.pop("checked"),
            "c1": c1,
            "c16": c16,
            "neo4j": counts,
            **summary(c1, c16, counts),
            "note": question.note,
        }
        print(f"[bench]   {question.name}: {results[question.name]['ratios']}", flush=True)
    return results


def side_by_side(
    settings: Settings,
    samples: Samples,
    headers: dict[str, str],
    runs: int,
    warmup: int,
    seconds: float,
    seed: int,
    work: Path,
    only: Sequence[str] = (),
) -> Section:
    """Start `kb serve` and the peer on the bench's Neo4j, compare them, stop them."""
    from bench.ingest import env_for
    from bench.peer.service import missing, serve_peer, versions
    from bench.server import free_port
    from bench.sustained import serve_api

    reason = missing()
    if reason is not None:
        return {"notMeasured": reason}
    neo4j_pid = LocalServer(settings).pid()
    env = {**env_for(settings), "KB_API_GRAPHIQL": "false"}
    with (
        serve_api(env, free_port(), work / "api-side-by-side.log") as api,
        serve_peer(settings, free_port(), work) as node,
        Database(settings) as db,
    ):
        ours = Server("ours", api.url + "/graphql", api.process.pid, headers)
        peer = Server("peer", node.url, node.process.pid, {})
        try:
            questions = asyncio.run(
                compare(db, [ours, peer], samples, runs, warmup, seconds, seed, neo4j_pid, only)
            )
        except AnswersDiffer as differ:
            return {
                "notMeasured": str(differ),
                "answersDiffer": {
                    "question": differ.question,
                    "variables": differ.variables,
                    "differences": differ.differences,
                },
                "peerVersions": versions(),
            }
    return {
        "peerVersions": versions(),
        "ourServer": "`kb serve` (uvicorn, one process), with the bench's ANALYST API key",
        "peerServer": "`node bench/peer/server.mjs`: @neo4j/graphql on Apollo Server's "
        "standalone server (one process, NODE_ENV=production), no authentication",
        "questions": questions,
    }
