"""Faults: Neo4j stops and comes back during API traffic; the API answers 503, then recovers.

A scratch server (its own home and port, `kb.storage.server.LocalServer`) is killed
(SIGKILL: no clean shutdown) and restarted under concurrent requests to a real uvicorn server. Every answer must be
200 or 503 (with code UNAVAILABLE / a clear message), never a 500; after recovery answers
are correct again, and every acknowledged write is there exactly once.
"""

from __future__ import annotations

import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from kb.security.keys import create_key, list_keys
from kb.security.roles import Role
from kb.settings import Settings
from kb.storage.database import Database
from kb.storage.schema import apply_schema
from kb.storage.server import LocalServer

pytestmark = pytest.mark.slow

READ = "{ me { keyId role } auditEvents(first: 1) { items { operation } } }"
# Bounds on every loop (no test may run away): requests per worker, seconds overall.
MAX_REQUESTS_PER_WORKER = 400
MAX_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Scratch:
    server: LocalServer
    settings: Settings
    base_url: str


@pytest.fixture(scope="module")
def scratch(
    tmp_path_factory: pytest.TempPathFactory, neo4j_settings: Settings
) -> Iterator[Scratch]:
    bolt = free_port()
    settings = neo4j_settings.model_copy(
        update={
            "neo4j_uri": f"bolt://127.0.0.1:{bolt}",
            "local_home": Path(tmp_path_factory.mktemp("neo4j-faults")),
            "local_heap": "512m",
            "local_pagecache": "128m",
            "auth_mode": "keys",
            "neo4j_password": "kb-faults-password",
        }
    )
    server = LocalServer(settings)
    main_lib = LocalServer(neo4j_settings).lib
    if (main_lib / ".resolved").exists():  # reuse the session server's jars: no Maven run
        server.home.mkdir(parents=True, exist_ok=True)
        server.lib.symlink_to(main_lib, target_is_directory=True)
    server.start()
    with Database(settings) as db:
        apply_schema(db)
    api_port = free_port()
    app = create_app(settings)
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=api_port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    base_url = f"http://127.0.0.1:{api_port}"
    _wait(lambda: _health(base_url) == 200, "the API to start")
    try:
        yield Scratch(server, settings, base_url)
    finally:
        uv.should_exit = True
        thread.join(timeout=30)
        server.stop()


def _health(base_url: str) -> int | None:
    try:
        # Long enough for the driver's own retries (15 s) to give up first.
        return httpx.get(f"{base_url}/health", timeout=60).status_code
    except httpx.HTTPError:
        return None


def _wait(condition: Any, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def crash(server: LocalServer) -> None:
    """Kill the server's process group at once (no clean shutdown), and wait until it is gone."""
    pid = server.pid()
    assert pid is not None
    os.killpg(pid, signal.SIGKILL)
    _wait(lambda: server.pid() is None, "the killed server to be gone", seconds=30)


@dataclass
class Traffic:
    statuses: list[int] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    unavailable_bodies: list[Any] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    attempted: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def worker(
    scratch: Scratch, token: str, key_id: str, admin: str, n: int, stop: threading.Event,
    traffic: Traffic,
) -> None:  # fmt: skip
    with httpx.Client(base_url=scratch.base_url, timeout=60) as client:
        for i in range(MAX_REQUESTS_PER_WORKER):
            if stop.is_set():
                return
            if i % 5 == 4:  # one write in five: a key whose name says who made it
                name = f"w{n}-{i}"
                query = f'mutation {{ createApiKey(role: ANALYST, name: "{name}") {{ key {{ name }} }} }}'
                headers = {"Authorization": f"Bearer {admin}"}
            else:
                name, query = "", READ
                headers = {"Authorization": f"Bearer {token}"}  # an ADMIN key: it reads the audit
            try:
                response = client.post("/graphql", json={"query": query}, headers=headers)
            except httpx.HTTPError as error:
                with traffic.lock:
                    traffic.wrong.append(f"transport error {error!r}")
                continue
            with traffic.lock:
                traffic.statuses.append(response.status_code)
                if name:
                    traffic.attempted.append(name)
                if response.status_code == 503:
                    traffic.unavailable_bodies.append(response.json())
                elif response.status_code != 200:
                    traffic.wrong.append(f"{response.status_code} {response.text[:200]}")
                elif name:
                    got = response.json()["data"]["createApiKey"]["key"]["name"]
                    if got == name:
                        traffic.acknowledged.append(name)
                    else:
                        traffic.wrong.append(f"wrote {got!r}, asked {name!r}")
                else:
                    me = response.json()["data"]["me"]
                    if me != {"keyId": key_id, "role": "ADMIN"}:
                        traffic.wrong.append(f"wrong answer {me}")
            time.sleep(0.05)


def test_the_api_answers_503_while_neo4j_is_down_and_recovers(scratch: Scratch) -> None:
    with Database(scratch.settings) as db:
        reader, reader_token = create_key(db, Role.ADMIN, "traffic")
        _, admin_token = create_key(db, Role.ADMIN, "writer")
    traffic = Traffic()
    stop = threading.Event()
    workers = [
        threading.Thread(
            target=worker,
            args=(scratch, reader_token, reader.id, admin_token, n, stop, traffic),
        )
        for n in range(3)
    ]
    started = time.monotonic()
    for thread in workers:
        thread.start()
    try:
        _wait(lambda: len(traffic.statuses) >= 10, "traffic before the fault")
        crash(scratch.server)
        _wait(lambda: _health(scratch.base_url) == 503, "/health to say 503")
        _wait(lambda: 503 in traffic.statuses, "a GraphQL 503 while Neo4j is down")
        down_at = len(traffic.statuses)
        scratch.server.start()
        _wait(lambda: _health(scratch.base_url) == 200, "/health to recover")
        _wait(
            lambda: traffic.statuses[down_at:].count(200) >= 20,
            "answers after recovery",
            seconds=max(10, MAX_SECONDS - (time.monotonic() - started)),
        )
    finally:
        stop.set()
        for thread in workers:
            thread.join(timeout=120)

    assert traffic.wrong == []
    assert set(traffic.statuses) <= {200, 503}
    assert traffic.statuses[-1] == 200
    for body in traffic.unavailable_bodies:
        text = str(body)
        assert "unavailable" in text and "Traceback" not in text and "MATCH" not in text
        if "errors" in body:
            assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAVAILABLE"}
    # Every acknowledged write is there, and no write is there twice.
    with Database(scratch.settings) as db:
        names = [k.name for k in list_keys(db)]
    assert len(names) == len(set(names))
    assert set(traffic.acknowledged) <= set(names)
    assert set(names) - {"traffic", "writer"} <= set(traffic.attempted)
