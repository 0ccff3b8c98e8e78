"""What the bench's commands share: a server process under test, and the results files.

`serving` starts a process (`kb serve`, the @neo4j/graphql peer), waits until it
answers and stops it on the way out, so every command measures a server that is up
and leaves none behind. `keep_in_flight` is the load: a number of requests always in
flight for some seconds. `write_results` writes a run's `<stem>.json` and `<stem>.md`.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx


@contextmanager
def serving(
    command: list[str],
    *,
    what: str,
    answers: Callable[[], bool],
    log: Path,
    env: dict[str, str],
    timeout: float,
    cwd: Path | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """`command`, its output in `log`, once `answers()` is true; terminated on the way out.

    `answers` is asked every 0.3 s (an HTTP error counts as not yet). A process that exits
    first, or does not answer within `timeout` seconds, raises with where to look.
    """
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"{what} exited with {process.returncode}: {log.read_text()[-600:]}"
                )
            try:
                if answers():
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not answer within {timeout:.0f}s; see {log}")
            time.sleep(0.3)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# What one request came to: its milliseconds (None: no answer came) and what went
# wrong with it (None: nothing).
Sent = tuple[float | None, str | None]


async def keep_in_flight(
    concurrency: int, seconds: float, send: Callable[[int], Awaitable[Sent]], start: int = 0
) -> tuple[list[float], list[str], float]:
    """`concurrency` requests in flight for `seconds`, `send(n)` making the n-th (from `start`).

    Returns the latencies, the errors and the seconds it took (the last requests finish
    after the deadline).
    """
    latencies: list[float] = []
    errors: list[str] = []
    counter = start
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal counter
        while time.perf_counter() < deadline:
            number = counter
            counter += 1
            elapsed, error = await send(number)
            if elapsed is not None:
                latencies.append(elapsed)
            if error is not None:
                errors.append(error)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def bench_store(home: Path, scale: str) -> Path:
    """`home`, if it holds the store a `bench.run` of `scale` left; else exit saying so."""
    if not (home / "data").exists():
        raise SystemExit(
            f"no bench store in {home}: run `python -m bench.run --scale {scale}` first"
        )
    return home


def load_average() -> list[float]:
    """The machine's load averages (1, 5, 15 minutes), rounded: the bench shares it."""
    return [round(x, 2) for x in os.getloadavg()]


def produced_by(run: dict[str, Any], where: str) -> str:
    """The sentence a results page opens with: the command, how long, `where` (the store),
    and the load averages around the run."""
    return (
        f"Produced by `{run['command']}` in {run['wallSeconds']} s {where}; load average at "
        f"start {run['loadAverageAtStart']}, at end {run['loadAverageAtEnd']} "
        "(the machine is shared)."
    )


def write_results(results_dir: Path, stem: str, results: dict[str, Any], markdown: str) -> Path:
    """`<results_dir>/<stem>.json` (the results) and `.md` (their report); says where."""
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / stem
    path.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    path.with_suffix(".md").write_text(markdown)
    print(f"[bench] wrote {path}.json and {path}.md")
    return path
