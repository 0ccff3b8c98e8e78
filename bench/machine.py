"""What the numbers were measured on: the machine and the versions of everything involved."""

from __future__ import annotations

import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from kb.settings import REPO_ROOT


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_bytes() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return platform.platform()


def describe_machine() -> dict[str, Any]:
    """Cores, memory, CPU model and OS: enough to compare two result files honestly."""
    memory = _memory_bytes()
    return {
        "cpuModel": _cpu_model(),
        "logicalCores": os.cpu_count(),
        "usableCores": len(os.sched_getaffinity(0)),
        "memoryGiB": round(memory / 2**30, 1) if memory else None,
        "os": _os_name(),
        "kernel": platform.release(),
        "loadAverageAtStart": list(os.getloadavg()),
    }


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip() + ("+uncommitted" if dirty.stdout.strip() else "")


def describe_versions(neo4j_server: str | None) -> dict[str, Any]:
    """Python, Neo4j server, driver, strawberry, the package and the commit measured."""
    return {
        "python": platform.python_version(),
        "neo4jServer": neo4j_server,
        "neo4jDriver": _version("neo4j"),
        "neo4jRustExt": _version("neo4j-rust-ext"),
        "strawberry": _version("strawberry-graphql"),
        "fastapi": _version("fastapi"),
        "package": _version("interagency-kb"),
        "gitCommit": git_commit(),
    }
