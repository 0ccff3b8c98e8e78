"""`kb serve --workers 2`: two API processes share the port, each on uvloop."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from kb.storage.database import Database


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_kb_serve_runs_several_worker_processes(database: Database, tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NEO4J_URI": database.settings.neo4j_uri, "KB_AUTH_MODE": "keys"}
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "kb.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    try:
        started: list[str] = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(started) < 2:
            started = re.findall(r"API process (\d+) started \(event loop (\S+)\)", log.read_text())
            time.sleep(0.5)
        health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=30)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    text = log.read_text()
    assert health.status_code == 200, text
    assert len(started) == 2, text
    assert len({pid for pid, _ in started}) == 2  # two processes
    assert {loop for _, loop in started} == {"uvloop.Loop"}, text
    assert "with 2 worker process(es), event loop uvloop, HTTP parser httptools" in text
