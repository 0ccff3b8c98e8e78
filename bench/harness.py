"""What the bench's commands share: a server process under test, and the results files.

`serving` starts a process (`kb serve`, the @neo4j/graphql peer), waits until it
answers and stops it on the way out, so every command measures a server that is up
and leaves none behind. `write_results` writes a run's `<stem>.json` and `<stem>.md`.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Iterator
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


def write_results(results_dir: Path, stem: str, results: dict[str, Any], markdown: str) -> Path:
    """`<results_dir>/<stem>.json` (the results) and `.md` (their report); says where."""
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / stem
    path.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    path.with_suffix(".md").write_text(markdown)
    print(f"[bench] wrote {path}.json and {path}.md")
    return path
