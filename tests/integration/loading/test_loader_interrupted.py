"""A load cut off half-way is finished by running it again: nothing duplicated, nothing missing.

Two ways of cutting it off, both against the real server: the connection
"drops" (ServiceUnavailable raised around the Nth batch, before or after its
commit), and (slow) the server itself is killed with SIGKILL after the Nth
batch and restarted. The expected counts come from batch arithmetic on the
hand-counted fixture: with 2 rows a batch, the first N batches are known rows.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from neo4j.exceptions import ServiceUnavailable

from kb.loading import DatabaseFailed, LoadInterrupted, LoadReport, load_dataset
from kb.settings import Settings
from kb.storage.database import Database
from kb.storage.server import LocalServer, process_alive
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


def rerun_finds_exactly_the_rest(
    db: Database, tmp_path: Path, committed: dict[str, int], stopped: tuple[str, str]
) -> None:
    """`stopped`: the cut-off load's status before the rerun, and after it (a load Neo4j
    could not be told about is marked INTERRUPTED by the next load of its dataset)."""
    loads = db.read("load/loads_of_dataset", {"datasetId": "small-fixture"})
    assert [row["load"]["status"] for row in loads] == [stopped[0]]

    report = load_dataset(db, SMALL, batch_rows=BATCH, reject_file=tmp_path / "r.csv")

    assert {c.file: c.unchanged for c in report.files} == committed
    assert {c.file: c.created for c in report.files} == {
        file: rows - committed[file] for file, rows in SMALL_ROWS.items()
    }
    assert report.total("updated") == 0 and report.rejected == 0
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)
    loads = db.read("load/loads_of_dataset", {"datasetId": "small-fixture"})
    assert [row["load"]["status"] for row in loads] == [stopped[1], "DONE"]


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
    # Neo4j still answered, so the load recorded that it failed.
    rerun_finds_exactly_the_rest(db, tmp_path, committed, ("FAILED", "FAILED"))


def test_a_stop_request_ends_the_load_after_its_batch_and_a_rerun_loads_the_rest(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    stop = threading.Event()
    at = 12  # in the relationship files: Ctrl-C while batch 12 is being written

    def request_stop(when: str) -> None:
        if when == "before":
            stop.set()

    cut = CutOff(db, at, request_stop)
    monkeypatch.setattr(db, "write", cut.write)
    monkeypatch.setattr(db, "write_together", cut.write_together)

    with pytest.raises(LoadInterrupted, match=r"Nothing partial is left") as raised:
        load_dataset(db, SMALL, batch_rows=BATCH, reject_file=tmp_path / "r.csv", stop=stop)
    monkeypatch.undo()

    assert "is marked INTERRUPTED" in str(raised.value)
    assert "running the same load again finishes it" in str(raised.value)
    # The batch being written when the stop came is finished; no batch after it begins.
    rerun_finds_exactly_the_rest(db, tmp_path, committed_rows(at + 1), ("INTERRUPTED",) * 2)


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
            while server.pid() is not None and process_alive(pid):
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

    # The server was dead: the record stays RUNNING until the rerun marks it.
    rerun_finds_exactly_the_rest(db, tmp_path, committed_rows(at + 1), ("RUNNING", "INTERRUPTED"))


# -- what the steward sees: `kb load` stopped by Ctrl-C, or by Neo4j going away ----------


class Cuttable:
    """A TCP relay between `kb load` and Neo4j that can be cut: every connection reset
    and the port closed, which is what the loader sees when the server dies."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.cut_off = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.cut_off.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.cut_off.is_set():
                client.close()
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass

    def cut(self) -> None:
        self.cut_off.set()
        for sock in [self.listener, *self.sockets]:
            # shutdown wakes the threads blocked on the socket; linger 0 makes close a reset.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


def _kb(*args: str, uri: str, settings: Settings) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "NEO4J_URI": uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
    }
    kb = str(Path(sys.executable).parent / "kb")
    return subprocess.Popen(
        [kb, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory, neo4j_settings: Settings) -> Path:
    """60 generated families: a load of a few seconds, long enough to stop half-way."""
    out = tmp_path_factory.mktemp("generated") / "dataset"
    done = _kb(
        "generate", "--families", "60", "--seed", "7", str(out), uri="", settings=neo4j_settings
    )
    assert done.wait(timeout=120) == 0, done.communicate()
    return out


def _dataset_id(root: Path) -> str:
    return str(json.loads((root / "manifest.json").read_text())["datasetId"])


def _wait_until_half_way(db: Database, process: subprocess.Popen[str]) -> None:
    """Until the load has written some relationships (so it is past its node files)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the load ended before it could be stopped"
        counts = {row["name"]: row["count"] for row in db.read("load/graph_counts")}
        if counts.get("PARTICIPATED_IN", 0) > 0:
            return
        time.sleep(0.05)
    raise AssertionError("the load never got half-way")


def _statuses(db: Database, dataset_id: str) -> list[str]:
    return [
        r["load"]["status"] for r in db.read("load/loads_of_dataset", {"datasetId": dataset_id})
    ]


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "[#" not in stderr and "defunct" not in stderr
    return lines[0]


def _rerun_completes(db: Database, root: Path, tmp_path: Path) -> LoadReport:
    report = load_dataset(db, root, reject_file=tmp_path / "again.csv")
    assert report.rejected == 0 and report.total("updated") == 0
    assert report.total("created") + report.total("unchanged") == report.total("rows")
    assert report.total("created") > 0 and report.total("unchanged") > 0
    return report


def test_ctrl_c_during_kb_load_says_so_in_one_line_and_marks_the_load_interrupted(
    db: Database, neo4j_settings: Settings, generated: Path, tmp_path: Path
):
    process = _kb(
        "load", str(generated), "--no-progress", "--rejects", str(tmp_path / "r.csv"),
        uri=neo4j_settings.neo4j_uri, settings=neo4j_settings,
    )  # fmt: skip
    _wait_until_half_way(db, process)

    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 130, stderr
    line = _one_line(stderr)
    assert "interrupted" in line and "Nothing partial is left" in line
    assert "running the same load again finishes it" in line
    assert "is marked INTERRUPTED" in line
    assert _statuses(db, _dataset_id(generated)) == ["INTERRUPTED"]
    _rerun_completes(db, generated, tmp_path)
    assert _statuses(db, _dataset_id(generated)) == ["INTERRUPTED", "DONE"]


def test_neo4j_going_away_during_kb_load_says_so_in_one_line_and_the_record_ends(
    db: Database, neo4j_settings: Settings, generated: Path, tmp_path: Path
):
    relay = Cuttable(neo4j_settings.bolt_port)
    process = _kb(
        "load", str(generated), "--no-progress", "--rejects", str(tmp_path / "r.csv"),
        uri=f"bolt://127.0.0.1:{relay.port}", settings=neo4j_settings,
    )  # fmt: skip
    _wait_until_half_way(db, process)

    relay.cut()
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 1, stderr
    line = _one_line(stderr)
    assert f"the server at bolt://127.0.0.1:{relay.port} stopped answering" in line
    assert "Nothing partial is left" in line
    assert "running the same load again finishes it" in line
    assert "the next load of this dataset marks" in line
    # Neo4j could not be told; the next load of the dataset marks the record.
    assert _statuses(db, _dataset_id(generated)) == ["RUNNING"]
    _rerun_completes(db, generated, tmp_path)
    assert _statuses(db, _dataset_id(generated)) == ["INTERRUPTED", "DONE"]
