"""Where the API's CPU goes under the sustained mix: py-spy on `kb serve`, by part.

    python -m bench.profile --scale s [--concurrency 16] [--seconds 20]

Runs on the store a `bench.run` of that scale left in bench/work/<scale>/ (the data
is not loaded again): starts the bench's Neo4j on it, `kb serve` (one process), the
bench's sustained mix at one concurrency from a separate process, and `py-spy record`
on the API process meanwhile (`--gil`: samples of the thread holding Python's lock, so
Python CPU, whichever thread). Each sample is put
in one part by its stack (`PARTS`, first match wins), and the parts are reported as
CPU milliseconds per request, beside the Neo4j server's and the load generator's
CPU per request over the same seconds. Writes `profile-<scale>-c<N>.{json,txt}`
(the summary and the collapsed stacks) to the work folder.

`--each-seconds N` then sends each question of the mix alone, at the same concurrency,
for N seconds (after a warm-up of a fifth of that), and adds its requests/s, p50 and the
API's and Neo4j's CPU ms per request under `byQuestion`: which question costs what, the
input of the sustained goal's ceiling (bench/README.md, "Profiling the API").
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psutil
import typer

from bench.catalogue import draw_samples
from bench.harness import bench_store
from bench.ingest import env_for
from bench.run import BENCH_DIR, api_headers, available_queries, mix_of
from bench.server import free_port, running_server
from bench.sustained import ApiProcess, run_load, serve_api
from kb.storage.database import Database
from kb.storage.server import LocalServer

# (part, fragments of a frame's file or function): a sample goes to the first part one
# of whose fragments appears anywhere in its stack. Order matters: the audit write's
# driver frames are the audit's, a resolver's driver frames are the Cypher round trip.
PARTS: list[tuple[str, tuple[str, ...]]] = [
    ("audit (group commit)", ("(api/security/audit.py",)),
    ("API key lookup", ("(api/security/key_cache.py", "(api/security/auth.py")),
    ("Cypher round trip (driver)", ("(neo4j/",)),
    ("parsing", ("(graphql/language/",)),
    ("validation", ("(graphql/validation/", "(api/security/limits.py", "(api/document_cache.py")),
    ("JSON (request and answer)", ("orjson", "(json/", "encode_json", "parse_json")),
    ("analytics (kb/analytics, Python)", ("(kb/analytics/",)),
    ("worker-thread hop", ("(anyio/", "(concurrent/futures/")),
    ("resolvers and GraphQL execution", ("(graphql/execution/", "(strawberry/", "(api/")),
    (
        "HTTP and ASGI (uvicorn, Starlette, FastAPI)",
        ("(uvicorn/", "(starlette/", "(fastapi/", "httptools"),
    ),
    ("event loop and other", ("",)),
]


def part_of(stack: str) -> str:
    for part, fragments in PARTS:
        if any(fragment in stack for fragment in fragments):
            return part
    return PARTS[-1][0]


def summarise(collapsed: Path, rate: int, requests: int) -> dict[str, float]:
    """CPU ms per request by part, from py-spy's raw (collapsed) output."""
    samples: Counter[str] = Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            samples[part_of(stack)] += int(count)
    scale = 1000 / rate / max(requests, 1)
    return {part: round(samples[part] * scale, 2) for part, _ in PARTS}


def shares(by_part: dict[str, float]) -> dict[str, float]:
    """Each part's share of the samples, in percent. On a busy machine a thread that holds
    the GIL but waits for a core is sampled too, so the milliseconds above can add up to
    more than the process's CPU; the shares are what to compare."""
    total = sum(by_part.values()) or 1.0
    return {part: round(100 * ms / total, 1) for part, ms in by_part.items()}


def cpu_seconds(pid: int) -> float:
    times = psutil.Process(pid).cpu_times()
    return float(times.user + times.system + times.children_user + times.children_system)


def measured_load(
    api: ApiProcess,
    requests: list[dict[str, Any]],
    concurrency: int,
    seconds: float,
    work: Path,
    headers: dict[str, str],
    neo4j_pid: int,
    warmup_seconds: float = 0.0,
) -> tuple[dict[str, Any], dict[str, float], float]:
    """A load (after an unmeasured warm-up, if asked) with the API's and Neo4j's CPU ms
    per request and its wall seconds."""
    if warmup_seconds > 0:
        run_load(api, requests, concurrency, warmup_seconds, work, headers)
    before = {"api": cpu_seconds(api.process.pid), "neo4j": cpu_seconds(neo4j_pid)}
    started = time.monotonic()
    result = run_load(api, requests, concurrency, seconds, work, headers)
    elapsed = time.monotonic() - started
    after = {"api": cpu_seconds(api.process.pid), "neo4j": cpu_seconds(neo4j_pid)}
    count = max(int(result.get("requests", 0)), 1)
    per_request = {k: round((after[k] - before[k]) * 1000 / count, 2) for k in after}
    return result, per_request, elapsed


def question_summary(result: dict[str, Any], per_request: dict[str, float]) -> dict[str, Any]:
    """One question's requests alone: rate, p50 and both processes' CPU per request."""
    return {
        "requestsPerSecond": result.get("requestsPerSecond"),
        "p50Ms": result.get("latencyMs", {}).get("p50"),
        "errors": result.get("errors"),
        "cpuMsPerRequest": per_request,
    }


def main(
    scale: str = typer.Option("s", help="The bench scale whose store to use."),
    concurrency: int = typer.Option(16, help="Requests in flight."),
    seconds: float = typer.Option(20.0, help="How long to load and profile."),
    warmup: float = typer.Option(5.0, help="Seconds of load before profiling (plans, caches)."),
    rate: int = typer.Option(200, help="py-spy samples per second."),
    seed: int = typer.Option(7, help="Seed of the parameter draws (as bench.run)."),
    heap: str = typer.Option("1g", help="Heap of the bench's Neo4j."),
    pagecache: str = typer.Option("1g", help="Page cache of the bench's Neo4j."),
    each_seconds: float = typer.Option(
        0.0, help="Then each question of the mix alone for this many seconds (0: not)."
    ),
) -> None:
    work = (BENCH_DIR / "work" / scale).resolve()
    home = bench_store(work / "neo4j", scale)
    with running_server(home, heap, pagecache, fresh=False) as settings, Database(settings) as db:
        neo4j_pid = LocalServer(settings).pid()
        headers, _ = api_headers(db)
        specs, _ = available_queries()
        samples = draw_samples(db, seed)
        mix = mix_of(specs, samples, seed)
        env = {**env_for(settings), "KB_API_GRAPHIQL": "false"}
        with serve_api(env, free_port(), work / "profile-api.log") as api:
            run_load(api, mix, concurrency, warmup, work, headers)  # warm-up, not profiled
            collapsed = work / f"profile-{scale}-c{concurrency}.txt"
            spy = subprocess.Popen(
                [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(api.process.pid),
                 "--rate", str(rate), "--duration", str(int(seconds)), "--format", "raw",
                 "--nonblocking", "--gil", "--output", str(collapsed)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            result, per_request, elapsed = measured_load(
                api, mix, concurrency, seconds, work, headers, neo4j_pid or 0
            )
            spy.wait(timeout=seconds + 60)
            by_question: dict[str, Any] = {}
            for spec in specs:
                if each_seconds <= 0 or spec.mix_weight <= 0:
                    continue
                alone, alone_cpu, _ = measured_load(
                    api, mix_of([spec], samples, seed), concurrency, each_seconds, work,
                    headers, neo4j_pid or 0, warmup_seconds=max(each_seconds / 5, 1.0),
                )  # fmt: skip
                by_question[spec.name] = question_summary(alone, alone_cpu) | {
                    "mixWeight": spec.mix_weight
                }
    requests = int(result.get("requests", 0))
    by_part = summarise(collapsed, rate, requests)
    summary: dict[str, Any] = {
        "scale": scale,
        "concurrency": concurrency,
        "seconds": round(elapsed, 1),
        "requests": requests,
        "requestsPerSecond": result.get("requestsPerSecond"),
        "errors": result.get("errors"),
        "cpuMsPerRequest": per_request,
        "apiCpuMsPerRequestByPart": by_part,
        "apiCpuShareByPart": shares(by_part),
        "mix": ", ".join(f"{s.name} x{s.mix_weight}" for s in specs),
    }
    if by_question:
        summary["byQuestion"] = by_question
    (work / f"profile-{scale}-c{concurrency}.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    threading.current_thread().name = "bench.profile"
    typer.run(main)
