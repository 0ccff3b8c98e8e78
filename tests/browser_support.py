"""Helpers for tests in a real browser: the API served over HTTP, and Debian's Chromium.

The API runs in a thread (uvicorn) on a free loopback port, on the session's
database; Chromium is the system binary (`scripts/install-system-deps` installs
Debian's package), driven by playwright, never a downloaded browser. A page
records every request it makes and every console message, so a test can fail on
a request to another host or on any error.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import uvicorn

from api.app import create_app
from kb.settings import Settings
from kb.storage.database import Database

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served_api(db: Database, settings: Settings) -> Iterator[str]:
    """The API on http://127.0.0.1:<port>, until the block ends."""
    port = free_port()
    app = create_app(settings.model_copy(update={"api_port": port}), database=db)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the API did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError(
            "Debian's chromium is not installed: run scripts/install-system-deps (make setup)"
        )
    return path


def is_loopback(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return (parts.hostname or "") in LOOPBACK_HOSTS


@dataclass
class PageLog:
    """What a page did: every URL it requested, its console errors and uncaught errors."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def other_hosts(self) -> list[str]:
        return [url for url in self.requests if not is_loopback(url)]

    def watch(self, page: Any) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))
