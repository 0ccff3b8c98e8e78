"""Run one command and report its wall time and peak resident memory.

Run as `python -m bench.peak OUT.json TIMEOUT -- CMD...` (TIMEOUT in seconds, 0 = none): this wrapper is a fresh
process, so `getrusage(RUSAGE_CHILDREN).ru_maxrss` after the wait is exactly
the peak RSS of the command (the largest of it and its own waited children),
with no sampling gaps.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    returncode: int
    seconds: float
    peak_rss_bytes: int
    timed_out: bool
    stdout: str
    stderr: str


def measure(
    command: list[str],
    env: dict[str, str] | None = None,
    workdir: Path | None = None,
    timeout: float = 0,
) -> Measured:
    """Run `command` under the wrapper; its output is captured, not shown."""
    out = Path(workdir or ".") / f".peak-{os.getpid()}-{time.monotonic_ns()}.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench.peak", str(out), str(timeout), "--", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)
    return Measured(
        returncode=report["returncode"],
        seconds=report["seconds"],
        peak_rss_bytes=report["peakRssBytes"],
        timed_out=report["timedOut"],
        stdout=result.stdout,
        stderr=result.stderr,
    )


def main(argv: list[str]) -> int:
    out, timeout, separator, *command = argv
    if separator != "--" or not command:
        sys.stderr.write("usage: python -m bench.peak OUT.json TIMEOUT -- CMD...\n")
        return 2
    started = time.perf_counter()
    timed_out = False
    try:
        returncode = subprocess.run(command, check=False, timeout=float(timeout) or None).returncode
    except subprocess.TimeoutExpired:
        timed_out, returncode = True, -9
    seconds = time.perf_counter() - started
    # Linux reports ru_maxrss in KiB.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    Path(out).write_text(
        json.dumps(
            {
                "returncode": returncode,
                "seconds": seconds,
                "peakRssBytes": peak,
                "timedOut": timed_out,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
