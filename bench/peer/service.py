"""Starting and stopping the peer: `node bench/peer/server.mjs` over the bench's Neo4j."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.peer.typedefs import typedefs
from kb.settings import REPO_ROOT, Settings

PEER_DIR = REPO_ROOT / "bench" / "peer"
PACKAGES = ("@neo4j/graphql", "@apollo/server", "graphql", "neo4j-driver")


def missing() -> str | None:
    """Why the peer cannot run here, or None (it needs Node.js and `npm ci` in bench/peer)."""
    if shutil.which("node") is None:
        return "Node.js is not installed (scripts/install-system-deps installs it)"
    if not (PEER_DIR / "node_modules" / "@neo4j" / "graphql" / "package.json").exists():
        return "bench/peer has no node_modules: run `make setup` (npm ci in bench/peer)"
    return None


def versions() -> dict[str, str]:
    """The installed versions of the peer's packages (pinned by its package-lock.json)."""
    found = {"node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout}
    for package in PACKAGES:
        manifest = PEER_DIR / "node_modules" / package / "package.json"
        found[package] = json.loads(manifest.read_text())["version"]
    return {name: version.strip() for name, version in found.items()}


@dataclass
class PeerProcess:
    process: subprocess.Popen[bytes]
    url: str  # the GraphQL endpoint


@contextmanager
def serve_peer(
    settings: Settings, port: int, work: Path, timeout: float = 90.0
) -> Iterator[PeerProcess]:
    """The peer on 127.0.0.1:<port>, its SDL generated into `work`; stopped on the way out."""
    typedefs_file = work / "peer-typedefs.graphql"
    typedefs_file.write_text(typedefs())
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_DATABASE": settings.neo4j_database,
        "NODE_ENV": "production",
    }
    log = work / "peer.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["node", "server.mjs", str(typedefs_file), str(port)],
            cwd=PEER_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    peer = PeerProcess(process, f"http://127.0.0.1:{port}/")
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"the peer exited with {process.returncode}: {log.read_text()[-600:]}"
                )
            try:
                answer = httpx.post(peer.url, json={"query": "{ __typename }"}, timeout=2)
                if answer.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the peer did not answer within {timeout:.0f}s; see {log}")
            time.sleep(0.3)
        yield peer
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
