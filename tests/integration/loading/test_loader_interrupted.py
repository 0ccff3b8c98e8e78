"""A load cut off half-way is finished by running it again: nothing duplicated, nothing missing.

Two ways of cutting it off, both against the real server: the connection
"drops" (ServiceUnavailable raised around the Nth batch, before or after its
commit), and (slow) the server itself is killed with SIGKILL after the Nth
batch and restarted. The expected counts come from batch arithmetic on the
hand-counted fixture: with 2 rows a batch, the first N batches are known rows.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from neo4j.exceptions import ServiceUnavailable

from kb.loading import DatabaseFailed, load_dataset
from kb.settings import Settings
from kb.storage.database import Database
from kb.storage.server import LocalServer
from tests.loader_support import (
    SMALL,
    SMALL_NODES,
    SMALL_RELATIONSHIPS,
    SMALL_ROWS,
    model_counts,
)

BATCH = 2


def committed_rows(batches: int) -> dict[str, int]:
    """Rows per file written by the first `batches` batches (files in load order)."""
    done: dict[str, int] = {}
    left = batches
    for file, rows in SMALL_ROWS.items():
        written = 0
        while written < rows and left > 0:
            written += min(BATCH, rows - written)
            left -= 1
        done[file] = written
    return done


def is_batch(name: str) -> bool:
    return name.startswith(("load/nodes/", "load/relationships/"))


class CutOff:
    """Wraps the database's write methods; `hook` runs around batch number `at` (0-based)."""

    def __init__(self, db: Database, at: int, hook: Callable[[str], None]) -> None:
        self.db, self.at, self.hook = db, at, hook
        self.batches = 0
        self._write, self._together = db.write, db.write_together

    def _around(self, names: list[str], run: Callable[[], Any]) -> Any:
        if not any(is_batch(n) for n in names):
            return run()
        number, self.batches = self.batches, self.batches + 1
        if number == self.at:
            self.hook("before")
        result = run()
        if number == self.at:
            self.hook("after")
        return result

    def write(self, name: str, params: Mapping[str, Any] | None = None) -> Any:
        return self._around([name], lambda: self._write(name, params))

    def write_together(self, steps: Any) -> Any:
        steps = list(steps)
        return self._around([n for n, _ in steps], lambda: self._together(steps))


def rerun_finds_exactly_the_rest(db: Database, tmp_path: Path, committed: dict[str, int]) -> None:
    loads = db.read("load/loads_of_dataset", {"datasetId": "small-fixture"})
    assert [row["load"]["status"] for row in loads] == ["RUNNING"]

    report = load_dataset(db, SMALL, batch_rows=BATCH, reject_file=tmp_path / "r.csv")

    assert {c.file: c.unchanged for c in report.files} == committed
    assert {c.file: c.created for c in report.files} == {
        file: rows - committed[file] for file, rows in SMALL_ROWS.items()
    }
    assert report.total("updated") == 0 and report.rejected == 0
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)
    loads = db.read("load/loads_of_dataset", {"datasetId": "small-fixture"})
    assert [row["load"]["status"] for row in loads] == ["RUNNING", "DONE"]


@pytest.mark.parametrize(
    ("at", "moment"),
    [
        (4, "before"),  # in the node files (clients.csv's first batch is lost)
        (13, "after"),  # in the relationship files, after the commit: the client never knew
    ],
)
def test_a_dropped_connection_then_a_rerun_loads_everything_once(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at: int, moment: str
):
    def drop(when: str) -> None:
        if when == moment:
            raise ServiceUnavailable("connection to the server lost (simulated)")

    cut = CutOff(db, at, drop)
    monkeypatch.setattr(db, "write", cut.write)
    monkeypatch.setattr(db, "write_together", cut.write_together)

    with pytest.raises(DatabaseFailed, match=r"running the same load again finishes it"):
        load_dataset(db, SMALL, batch_rows=BATCH, reject_file=tmp_path / "r.csv")
    monkeypatch.undo()

    committed = committed_rows(at + (1 if moment == "after" else 0))
    assert sum(committed.values()) < sum(SMALL_ROWS.values())
    rerun_finds_exactly_the_rest(db, tmp_path, committed)


@pytest.mark.slow
def test_a_killed_server_then_a_rerun_loads_everything_once(
    db: Database, neo4j_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # Recovery after SIGKILL replays the log since the last checkpoint: minutes on a busy machine.
    server = LocalServer(neo4j_settings.model_copy(update={"local_start_timeout": 900.0}))
    pid = server.pid()
    if pid is None:
        pytest.skip("the server under test is not a local server this session can kill")
    at = 10  # employed_by.csv's first batch commits, then the server dies

    def kill(when: str) -> None:
        if when == "after":
            os.killpg(pid, signal.SIGKILL)
            while server.pid() is not None and _alive(pid):
                time.sleep(0.1)

    cut = CutOff(db, at, kill)
    monkeypatch.setattr(db, "write", cut.write)
    monkeypatch.setattr(db, "write_together", cut.write_together)
    try:
        with pytest.raises(DatabaseFailed):
            load_dataset(db, SMALL, batch_rows=BATCH, reject_file=tmp_path / "r.csv")
    finally:
        monkeypatch.undo()
        server.start()

    rerun_finds_exactly_the_rest(db, tmp_path, committed_rows(at + 1))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False
