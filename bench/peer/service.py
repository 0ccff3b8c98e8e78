"""Starting and stopping the peer: `node bench/peer/server.mjs` over the bench's Neo4j."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.harness import serving
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
    url = f"http://127.0.0.1:{port}/"

    def answers() -> bool:
        return httpx.post(url, json={"query": "{ __typename }"}, timeout=2).status_code == 200

    with serving(
        ["node", "server.mjs", str(typedefs_file), str(port)],
        what="the peer",
        answers=answers,
        log=work / "peer.log",
        env=env,
        timeout=timeout,
        cwd=PEER_DIR,
    ) as process:
        yield PeerProcess(process, url)
