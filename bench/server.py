"""The bench's own Neo4j: a separate home under bench/work/, its own loopback port."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.settings import REPO_ROOT, Settings, get_settings
from kb.storage.server import LocalServer, ServerError

APOC_POM = REPO_ROOT / "bench" / "peer" / "pom.xml"


def free_port() -> int:
    """A port nothing listens on now (loopback only)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bench_settings(home: Path, port: int, heap: str, pagecache: str) -> Settings:
    """The developer's settings (user, password) pointed at the bench home and port."""
    return get_settings().model_copy(
        update={
            "local_home": home,
            "neo4j_uri": f"bolt://127.0.0.1:{port}",
            "local_heap": heap,
            "local_pagecache": pagecache,
            "neo4j_query_timeout": 600.0,
            "local_start_timeout": 300.0,
        }
    )


def artifact_of(jar: Path) -> str:
    """`commons-lang3-3.18.0.jar` -> `commons-lang3` (the name before the version)."""
    match = re.match(r"(.+?)-\d", jar.name)
    return match.group(1) if match else jar.stem


def install_apoc(server: LocalServer) -> list[str]:
    """APOC Core (bench/peer/pom.xml) in the home's lib/ and plugins/, once per pom.

    The server runs from `-cp lib/*`, so APOC's classes and dependencies go in lib/;
    Neo4j registers procedures only from plugins/, so APOC's own jars go there too.
    A dependency the server already ships is left out (its version stays alone on the
    class path). Returns the jars added to lib/.
    """
    server.ensure_jars()
    marker = server.home / "plugins" / ".apoc-resolved"
    if marker.exists() and marker.read_text() == APOC_POM.read_text():
        return []
    resolved = server.home / "apoc"
    shutil.rmtree(resolved, ignore_errors=True)
    result = subprocess.run(
        [
            "mvn", "-B", "-q", "-f", str(APOC_POM), "dependency:copy-dependencies",
            f"-DoutputDirectory={resolved}", "-DincludeScope=runtime",
        ],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise ServerError(f"Maven could not resolve APOC: {result.stdout[-500:]}")
    present = {artifact_of(jar) for jar in server.lib.glob("*.jar")}
    plugins = server.home / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    added = []
    for jar in sorted(resolved.glob("*.jar")):
        if artifact_of(jar).startswith("apoc-"):
            shutil.copy2(jar, plugins / jar.name)
        elif artifact_of(jar) in present:
            continue
        shutil.copy2(jar, server.lib / jar.name)
        added.append(jar.name)
    marker.write_text(APOC_POM.read_text())
    return added


@contextmanager
def running_server(home: Path, heap: str, pagecache: str, fresh: bool = True) -> Iterator[Settings]:
    """Start a server on an empty store (when `fresh`) and stop it on the way out."""
    settings = bench_settings(home, free_port(), heap, pagecache)
    server = LocalServer(settings)
    server.stop()
    install_apoc(server)  # for the @neo4j/graphql baseline (bench/peer/)
    if fresh:
        shutil.rmtree(server.data_dir, ignore_errors=True)
        (server.home / ".password-set").unlink(missing_ok=True)
    server.start()
    try:
        yield settings
    finally:
        server.stop()
