"""The bulk first load, `kb load --initial` (issue #11 item 1), against a real Neo4j of its
own (it stops and starts its server, so not the session's).

What it stored is checked independently of its own code: an online `kb load --verify`
of the same dataset afterwards compares every property of every row with the online
loader's statements and must find every row unchanged and nothing to create. Interrupting
it at the import step and during the swap leaves the old, empty database or the
complete new one.
"""

from __future__ import annotations

import csv
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import kb.loading.initial as initial
from bench.server import free_port
from kb.loading import (
    ImportFailed,
    InitialLoadRefused,
    LoadInterrupted,
    initial_load,
    load_dataset,
)
from kb.loading.fingerprints import last_load
from kb.loading.importer import ImporterFiles
from kb.loading.workers import Workers
from kb.settings import Settings
from kb.storage.database import Database
from kb.storage.emptying import empty_database
from kb.storage.schema import apply_schema, schema_applied
from kb.storage.server import LocalServer
from tests.dataset_rows import SEED
from tests.loader_support import (
    BAD_ROWS,
    SMALL,
    SMALL_NODES,
    SMALL_RELATIONSHIPS,
    model_counts,
    node,
)


@pytest.fixture(scope="module")
def bulk_server(
    neo4j_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalServer]:
    """A second local server (its own home and port) with the session server's jars."""
    session_server = LocalServer(neo4j_settings)
    session_server.ensure_jars()
    home = tmp_path_factory.mktemp("bulk") / "neo4j"
    settings = neo4j_settings.model_copy(
        update={
            "local_home": home,
            "neo4j_uri": f"bolt://127.0.0.1:{free_port()}",
            "local_heap": "512m",
            "local_pagecache": "64m",
        }
    )
    server = LocalServer(settings)
    home.mkdir(parents=True)
    server.lib.symlink_to(session_server.lib, target_is_directory=True)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def bulk_db(bulk_server: LocalServer) -> Iterator[Database]:
    """The bulk server's database, emptied (the schema left as it is)."""
    bulk_server.start()  # harmless when running; a test may have left it stopped
    with Database(bulk_server.settings) as db:
        empty_database(db)
        apply_schema(db)  # for the online loads some tests make
        yield db


def _everything_unchanged(db: Database, dataset: Path, rejects: Path) -> None:
    """An online load comparing every row finds the dataset stored as it says."""
    again = load_dataset(db, dataset, verify=True, reject_file=rejects)
    assert again.total("created") == 0
    assert again.total("updated") == 0
    assert again.total("unchanged") == again.total("valid") > 0


def test_a_bulk_load_stores_what_an_online_load_would_and_records_the_load(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path
):
    report = initial_load(bulk_db, SEED, server=bulk_server, reject_file=tmp_path / "r.csv")
    assert report.rejected == 0 and report.exit_code == 0
    assert report.total("created") == report.total("rows") > 1000
    assert report.load_id is not None
    assert bulk_server.pid() is not None and schema_applied(bulk_db)
    last = last_load(bulk_db, report.dataset_id)
    assert last.load_id == report.load_id and last.clean_generation == last.generation == 1
    # A reload of the same files is an unchanged reload: nothing compared.
    reload = load_dataset(bulk_db, SEED, reject_file=tmp_path / "r2.csv")
    assert [c.compared for c in reload.files] == [False] * len(reload.files)
    _everything_unchanged(bulk_db, SEED, tmp_path / "r3.csv")
    assert not (bulk_server.home / initial.STAGING).exists()


def test_rejects_are_those_of_an_online_load_and_strict_writes_nothing(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path
):
    online = load_dataset(bulk_db, BAD_ROWS, dry_run=True, reject_file=tmp_path / "online.csv")
    assert online.rejected > 0
    strict = initial_load(
        bulk_db, BAD_ROWS, server=bulk_server, strict=True, reject_file=tmp_path / "strict.csv"
    )
    assert strict.aborted_by_strict and strict.load_id is None
    assert model_counts(bulk_db) == ({}, {})
    report = initial_load(bulk_db, BAD_ROWS, server=bulk_server, reject_file=tmp_path / "bulk.csv")
    assert report.exit_code == 2 and report.rejected == online.rejected
    assert (tmp_path / "bulk.csv").read_text() == (tmp_path / "online.csv").read_text()
    _everything_unchanged(bulk_db, BAD_ROWS, tmp_path / "again.csv")


def test_values_with_line_breaks_are_stored_whole_and_only_their_files_read_as_multiline(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    dataset = tmp_path / "small"
    shutil.copytree(SMALL, dataset)
    title, role = "Family support plan\nrevised in March", "Class teacher\r\nand SENCo"
    _replace_cell(dataset / "boundary_objects.csv", "b1", "title", title)
    _replace_cell(dataset / "employed_by.csv", "p1", "role", role)
    arguments: list[list[str]] = []
    run_importer = initial._run_importer

    def recorded(staged: LocalServer, given: list[str], stop: threading.Event) -> None:
        arguments.append(given)
        run_importer(staged, given, stop)

    monkeypatch.setattr(initial, "_run_importer", recorded)
    report = initial_load(bulk_db, dataset, server=bulk_server, reject_file=tmp_path / "r.csv")
    assert report.rejected == 0
    assert node(bulk_db, "b1")["title"] == title
    roles, _, _ = bulk_db.driver.execute_query(
        "MATCH (:Professional {id: 'p1'})-[e:EMPLOYED_BY]->() RETURN e.role AS role",
        database_=bulk_db.settings.neo4j_database,
    )
    assert [record["role"] for record in roles] == [role]
    (multiline,) = [a for a in arguments[0] if a.startswith("--multiline-fields=")]
    named = sorted(Path(p).name.rsplit("-", 1)[-1] for p in multiline.split("=", 1)[1].split(","))
    assert named == ["BoundaryObject.csv", "EMPLOYED_BY.csv"]


def _replace_cell(path: Path, row_id: str, column: str, value: str) -> None:
    """Set `column` of the row whose first cell is `row_id` (the file rewritten as CSV)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    place = rows[0].index(column)
    for row in rows[1:]:
        if row and row[0] == row_id:
            row[place] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_refuses_a_database_that_holds_data(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path
):
    load_dataset(bulk_db, SMALL, reject_file=tmp_path / "r.csv")
    before = model_counts(bulk_db)
    with pytest.raises(InitialLoadRefused) as refused:
        initial_load(bulk_db, SEED, server=bulk_server, reject_file=tmp_path / "r2.csv")
    message = str(refused.value)
    assert "holds data" in message and "kb load" in message and "\n" not in message
    assert model_counts(bulk_db) == before and bulk_server.pid() is not None


def test_refuses_a_server_that_is_not_the_local_one(neo4j_settings: Settings, tmp_path: Path):
    remote = neo4j_settings.model_copy(update={"neo4j_uri": "neo4j://kb-cluster.example:7687"})
    with Database(remote) as db, pytest.raises(InitialLoadRefused) as refused:
        initial_load(db, SMALL, reject_file=tmp_path / "r.csv")
    assert "not it" in str(refused.value) and "kb load" in str(refused.value)
    # The session's server answers on loopback, but no local home of ours runs it.
    with Database(neo4j_settings) as db, pytest.raises(InitialLoadRefused):
        not_ours = LocalServer(neo4j_settings.model_copy(update={"local_home": tmp_path / "x"}))
        initial_load(db, SMALL, server=not_ours, reject_file=tmp_path / "r.csv")


def _interrupted_leaves_the_empty_database(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path
) -> None:
    """A bulk load of the seed stopped part-way says so and leaves the database empty, the
    server running and no staging folder."""
    with pytest.raises(LoadInterrupted) as stopped:
        initial_load(bulk_db, SEED, server=bulk_server, reject_file=tmp_path / "r.csv")
    assert "as it was (empty)" in str(stopped.value)
    assert bulk_server.pid() is not None
    assert model_counts(bulk_db) == ({}, {})
    assert not (bulk_server.home / initial.STAGING).exists()


def test_interrupted_during_the_import_keeps_the_empty_database(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    run_importer = initial._run_importer
    started: list[int] = []

    def interrupted(staged: LocalServer, arguments: list[str], stop: threading.Event) -> None:
        stop.set()  # Ctrl-C as the importer starts: it is started, then terminated
        started.append(1)
        run_importer(staged, arguments, stop)

    monkeypatch.setattr(initial, "_run_importer", interrupted)
    _interrupted_leaves_the_empty_database(bulk_db, bulk_server, tmp_path)
    assert started


def test_a_failed_import_keeps_the_empty_database(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    arguments = ImporterFiles.arguments

    def broken(self: Any, database: str, report_file: Path) -> list[str]:
        return [*arguments(self, database, report_file), "--no-such-option"]

    monkeypatch.setattr(ImporterFiles, "arguments", broken)
    with pytest.raises(ImportFailed):
        initial_load(bulk_db, SMALL, server=bulk_server, reject_file=tmp_path / "r.csv")
    assert bulk_server.pid() is not None
    assert model_counts(bulk_db) == ({}, {})


def test_a_swap_cut_short_is_finished_when_the_server_starts(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    rename = os.rename
    calls: list[str] = []

    def killed_after_the_first_rename(source: Any, target: Any) -> None:
        calls.append(str(source))
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process dies between the two renames
        rename(source, target)

    monkeypatch.setattr(os, "rename", killed_after_the_first_rename)
    with pytest.raises(KeyboardInterrupt):
        initial_load(bulk_db, SMALL, server=bulk_server, reject_file=tmp_path / "r.csv")
    # The swap was decided (journal) with the old database moved aside: starting the server
    # (here the bulk load's own restart) finished it, so the new database is complete
    # (counted by hand: tests/loader_support.py).
    assert len(calls) > 2 and not bulk_server.swap_journal.exists()
    assert bulk_server.pid() is not None
    assert model_counts(bulk_db) == (SMALL_NODES, SMALL_RELATIONSHIPS)


def test_interrupted_while_the_workers_check_keeps_the_empty_database(
    bulk_db: Database, bulk_server: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    check = Workers.check
    handed: list[int] = []

    def interrupted(self: Workers, *args: Any) -> None:
        handed.append(1)
        self.stop.set()  # Ctrl-C once the relationship files are with the workers
        check(self, *args)

    monkeypatch.setattr(Workers, "check", interrupted)
    _interrupted_leaves_the_empty_database(bulk_db, bulk_server, tmp_path)
    assert handed
