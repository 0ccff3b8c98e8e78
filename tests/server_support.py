"""Which Neo4j the test session runs: the official image through testcontainers where a
Docker engine answers, the project's local server otherwise (KB_TEST_NEO4J=local|docker
forces one)."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Literal


def docker_engine_available() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        probe = subprocess.run(["docker", "info"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return probe.returncode == 0


def server_route() -> Literal["docker", "local"]:
    forced = os.environ.get("KB_TEST_NEO4J")
    if forced:
        return "docker" if forced == "docker" else "local"
    return "docker" if docker_engine_available() else "local"
