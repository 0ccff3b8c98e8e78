"""The bench's own Neo4j: a separate home under bench/work/, its own loopback port."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb.settings import Settings, get_settings
from kb.storage.server import LocalServer


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


@contextmanager
def running_server(home: Path, heap: str, pagecache: str, fresh: bool = True) -> Iterator[Settings]:
    """Start a server on an empty store (when `fresh`) and stop it on the way out."""
    settings = bench_settings(home, free_port(), heap, pagecache)
    server = LocalServer(settings)
    server.stop()
    if fresh:
        shutil.rmtree(server.data_dir, ignore_errors=True)
        (server.home / ".password-set").unlink(missing_ok=True)
    server.start()
    try:
        yield settings
    finally:
        server.stop()
