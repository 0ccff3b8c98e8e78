"""Sustained load: a fixed mix of queries at fixed concurrency against a `kb serve` process.

`serve_api` starts `kb serve` on a free loopback port pointed at the bench
server; `run_load` runs this module as a separate process
(`python -m bench.sustained URL MIX.json CONCURRENCY SECONDS OUT.json`), which
keeps CONCURRENCY requests in flight for SECONDS with an httpx async client.
The API process's RSS is sampled meanwhile and its peak (VmHWM) read at the end.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench.dataset import kb_command
from bench.harness import Sent, keep_in_flight, serving
from bench.latency import percentiles


@dataclass
class ApiProcess:
    process: subprocess.Popen[bytes]
    url: str

    def peak_rss_bytes(self) -> int | None:
        """The kernel's high-water mark of the API process's resident memory."""
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return None

    def rss_bytes(self) -> int:
        return int(psutil.Process(self.process.pid).memory_info().rss)


@contextmanager
def serve_api(
    env: dict[str, str], port: int, log: Path, timeout: float = 60.0
) -> Iterator[ApiProcess]:
    """`kb serve` on 127.0.0.1:<port>; waits for /health, stops it on the way out."""
    url = f"http://127.0.0.1:{port}"
    command = [*kb_command(), "serve", "--host", "127.0.0.1", "--port", str(port)]

    def answers() -> bool:
        return httpx.get(url + "/health", timeout=2).status_code == 200

    with serving(
        command, what="`kb serve`", answers=answers, log=log, env=env, timeout=timeout
    ) as process:
        yield ApiProcess(process, url)


def run_load(
    api: ApiProcess,
    mix: list[dict[str, Any]],
    concurrency: int,
    seconds: float,
    work: Path,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One bounded run from a separate process, sampling the API's RSS meanwhile."""
    mix_file = work / "mix.json"
    mix_file.write_text(json.dumps({"requests": mix, "headers": headers or {}}))
    out = work / f"load-{concurrency}.json"
    out.unlink(missing_ok=True)
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            try:
                samples.append(api.rss_bytes())
            except psutil.Error:
                return
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.sustained",
                api.url,
                str(mix_file),
                str(concurrency),
                str(seconds),
                str(out),
            ],
            check=True,
        )
    finally:
        stop.set()
        sampler.join()
    result: dict[str, Any] = json.loads(out.read_text())
    result["apiRssMiBMaxSampled"] = round(max(samples) / 2**20, 1) if samples else None
    return result


# -- the load generator (runs in its own process) -------------------------------


async def _generate(
    url: str, plan: dict[str, Any], concurrency: int, seconds: float
) -> dict[str, Any]:
    requests: list[dict[str, Any]] = plan["requests"]
    headers: dict[str, str] = plan["headers"]
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30.0) as client:

        async def send(number: int) -> Sent:
            body = requests[number % len(requests)]
            started = time.perf_counter()
            try:
                response = await client.post("/graphql", json=body, headers=headers)
                failed = response.status_code != 200 or bool(response.json().get("errors"))
                reason = response.text[:200]
            except httpx.HTTPError as error:
                failed, reason = True, f"{type(error).__name__}: {error}"
            return (time.perf_counter() - started) * 1000, reason if failed else None

        latencies, errors, elapsed = await keep_in_flight(concurrency, seconds, send)
    return {
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "requests": len(latencies),
        "requestsPerSecond": round(len(latencies) / elapsed, 1),
        "latencyMs": percentiles(latencies),
        "errors": len(errors),
        "errorExamples": sorted(set(errors))[:3],
    }


def main(argv: list[str]) -> int:
    url, mix_file, concurrency, seconds, out = argv
    plan = json.loads(Path(mix_file).read_text())
    result = asyncio.run(_generate(url, plan, int(concurrency), float(seconds)))
    Path(out).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
