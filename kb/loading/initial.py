"""`initial_load`: the bulk first load of an empty local database (`kb load --initial`).

Every row is checked exactly as an online load checks it (same reject file, messages,
exit codes, `--strict` and `--dry-run`); the accepted rows are written as the offline
importer's typed CSV files (`kb.loading.importer`), the local server is stopped,
`neo4j-admin database import full` builds the new database in a staging folder beside
the server's data, the staged database is swapped in (`LocalServer.replace_database`,
journalled), and the server is started again; then the schema is applied and the load
recorded, in one transaction, as an online load records it (its `:Load`, the files'
fingerprints, one step of the write generation), so the next `kb load` of the same
files is an unchanged reload.

Interrupting it (Ctrl-C, SIGTERM, a failed import) before the swap leaves the old,
empty database and restarts the server; from the swap on the new database is complete
(a swap cut short is finished when the server next starts). It refuses, in one line,
a database that holds anything or a server that is not the local one `kb db` runs.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from urllib.parse import urlparse

from neo4j.exceptions import DriverError, Neo4jError
from rich.progress import Progress

from kb.loading.fingerprints import LastLoad, fingerprint
from kb.loading.importer import ImporterFiles
from kb.loading.loader import (
    BATCH_ROWS,
    DatabaseFailed,
    LoadInterrupted,
    Prints,
    _cause,
    _progress_bar,
    _Run,
    _Stopped,
    default_reject_file,
)
from kb.loading.manifest import DatasetFile, LoadError, read_manifest
from kb.loading.references import KnownIds
from kb.loading.report import LoadReport, Phases, RejectSink
from kb.loading.sources import check_file
from kb.loading.workers import IN_MEMORY, Workers
from kb.storage.database import Database
from kb.storage.schema import apply_schema
from kb.storage.server import ADMIN_TOOL, LocalServer, ServerError
from kb.writing.generation import advance_write_generation
from neo4j import ManagedTransaction

log = logging.getLogger(__name__)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
STAGING = "initial-load"  # under the server's home: the same file system as its data


class InitialLoadRefused(LoadError):
    """The bulk first load cannot run here (not empty, not the local server)."""


class ImportFailed(LoadError):
    """`neo4j-admin database import` failed; the old, empty database was kept."""


def initial_load(
    db: Database,
    path: Path,
    *,
    server: LocalServer | None = None,
    dry_run: bool = False,
    strict: bool = False,
    progress: bool = False,
    reject_file: Path | None = None,
    batch_rows: int = BATCH_ROWS,
    stop: threading.Event | None = None,
) -> LoadReport:
    """Bulk-load the dataset at `path` into the empty database of the local server
    (`server`, by default the one `db`'s settings name); raises `LoadError` when fatal."""
    server = server or LocalServer(db.settings)
    stop = stop or threading.Event()
    manifest = read_manifest(Path(path))
    for file in manifest.files:
        check_file(file)
    refuse_unless_local_and_empty(db, server)
    report = LoadReport(manifest.dataset_id, None, dry_run, strict)
    steps = report.steps
    with steps.timed("fingerprints"):
        prints = {} if dry_run else {f.key: (f, fingerprint(f.path)) for f in manifest.files}
    sink = RejectSink(reject_file or default_reject_file(manifest), report, manifest.inputs())
    started = time.monotonic()
    run = _Run(db, manifest, batch_rows, stop)
    run.ids_in_memory = IN_MEMORY  # the node files' ids asked in memory, up to the bound
    report.checks = run.checks
    staging = server.home / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # what an earlier, killed attempt left
    stopping = _ServerStop(db, server, steps)
    try:
        with sink, _progress_bar(progress) as bar:
            if dry_run:
                with steps.timed("checking"):
                    run.pass_over_files(report, sink, bar, provenance=None)
                return _finished(report, started)
            provenance = run.new_provenance()
            with ImporterFiles(staging / "csv", provenance) as files, _workers(stop) as workers:
                run.export = files
                if workers is not None:
                    run.known_path = staging / "known-ids.sqlite"

                    def elsewhere(
                        found: Sequence[DatasetFile],
                        known: KnownIds,
                        report: LoadReport,
                        sink: RejectSink,
                        bar: Progress | None,
                    ) -> None:
                        assert workers is not None and run.known_path is not None
                        stopping.begin()  # nothing is asked of the server from here
                        workers.check(run, found, known, run.known_path, report, sink, bar)

                    run.check_elsewhere = elsewhere
                try:
                    with steps.timed("checking"):
                        run.pass_over_files(report, sink, bar, provenance=None)
                except _Stopped:
                    raise LoadInterrupted(
                        f"the bulk load of {manifest.dataset_id} was interrupted {run.where}, "
                        "before anything was imported: the database is as it was (empty)"
                    ) from None
                except (Neo4jError, DriverError) as error:
                    raise DatabaseFailed(
                        f"Neo4j failed {run.where}: {_cause(error, db.settings.neo4j_uri)}; "
                        "nothing was imported: the database is as it was (empty)"
                    ) from None
                finally:
                    run.export = None
        if strict and report.rejected:
            report.aborted_by_strict = True
            return _finished(report, started)
        _import_and_swap(db, server, files, staging, db.settings.neo4j_database, stop, stopping)
        for counts in report.files:
            counts.created = counts.valid
        _record(db, run, report, prints, strict, steps)
        report.load_id = provenance.load_id
        return _finished(report, started)
    finally:
        stopping.restart_unless_handed_over()
        shutil.rmtree(staging, ignore_errors=True)


class _ServerStop:
    """Stopping the server: in the background once the relationship files are handed to
    the workers (nothing is asked of it after that), so its seconds hide behind the
    checks; or, without workers, just before the import. Checked empty just before either."""

    def __init__(self, db: Database, server: LocalServer, steps: Phases) -> None:
        self.db, self.server, self.steps = db, server, steps
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.handed_over = False  # `_import_and_swap` restarts the server from then on

    def begin(self) -> None:
        if self._thread is not None:
            return
        refuse_unless_local_and_empty(self.db, self.server)  # still empty: nothing is lost
        log.info("bulk load: stopping the server")
        started = time.perf_counter()

        def stop() -> None:
            try:
                self.server.stop()
            except BaseException as error:  # raised again by `finish`
                self._error = error
            self.steps.add("stopping the server (behind the checks)", time.perf_counter() - started)

        self._thread = threading.Thread(target=stop, name="kb-bulk-server-stop", daemon=True)
        self._thread.start()

    def finish(self) -> None:
        """The server stopped (waiting for it if stopping in the background)."""
        self.handed_over = True
        with self.steps.timed("stopping the server"):
            self.begin()
            assert self._thread is not None
            self._thread.join()
        if self._error is not None:
            raise self._error

    def restart_unless_handed_over(self) -> None:
        """After an interrupted or strict check: the server started again, as it was."""
        if self._thread is None or self.handed_over:
            return
        self._thread.join()
        self.server.start()
        self.db.reconnect()


def _workers(stop: threading.Event) -> AbstractContextManager[Workers | None]:
    """Worker processes for the relationship files, one per core (none on one core)."""
    cores = len(os.sched_getaffinity(0))
    return Workers(cores, stop) if cores > 1 else nullcontext()


def refuse_unless_local_and_empty(db: Database, server: LocalServer) -> None:
    """One line, before anything is read or written, when the bulk path cannot be used."""
    uri = urlparse(db.settings.neo4j_uri)
    online = "use `kb load` (the online load) instead"
    if uri.hostname not in LOOPBACK or server.pid() is None:
        raise InitialLoadRefused(
            f"kb load --initial needs the local server that `kb db start` runs, with its "
            f"files on this machine; {db.settings.neo4j_uri} is not it (a remote, Docker or "
            f"clustered Neo4j, or the local server is not running): {online}"
        )
    try:
        anything = bool(db.read("load/anything_stored")[0]["anything"])
    except (Neo4jError, DriverError) as error:
        raise InitialLoadRefused(
            f"cannot reach Neo4j at {db.settings.neo4j_uri}: {error} (is it running?)"
        ) from None
    if anything:
        raise InitialLoadRefused(
            f"kb load --initial writes only into an empty database, and the database at "
            f"{db.settings.neo4j_uri} holds data: {online}"
        )


def _import_and_swap(
    db: Database,
    server: LocalServer,
    files: ImporterFiles,
    staging: Path,
    database: str,
    stop: threading.Event,
    stopping: _ServerStop,
) -> None:
    """Stop the server, import into a staging home, swap it in, start the server: on any
    failure or stop before the swap, the old database is kept and the server restarted."""
    staged = LocalServer(server.settings.model_copy(update={"local_home": staging / "home"}))
    staged.home.mkdir(parents=True, exist_ok=True)
    staged.lib.symlink_to(server.lib, target_is_directory=True)
    staged.write_config()
    arguments = files.arguments(database, staged.home / "import.report")
    steps = stopping.steps
    try:
        stopping.finish()
        if stop.is_set():
            raise LoadInterrupted(
                "the bulk load was interrupted before the import: the database is as it was (empty)"
            )
        log.info("bulk load: importing")
        with steps.timed("importing"):
            _run_importer(staged, arguments, stop)
        log.info("bulk load: swapping the new database in")
        with steps.timed("swapping"):
            server.replace_database(staged.data_dir, database)  # from here: the new one
    finally:
        log.info("bulk load: starting the server")
        with steps.timed("starting the server"):
            server.start()
            db.reconnect()  # the store may be a new one: the driver's bookmarks are of the old
        log.info("bulk load: server started")


def _run_importer(staged: LocalServer, arguments: list[str], stop: threading.Event) -> None:
    log = staged.home / "import.out"
    with log.open("w") as out:
        process = subprocess.Popen(
            staged.java(ADMIN_TOOL, *arguments, heap=staged.settings.local_heap),
            env=staged.admin_environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        while process.poll() is None:
            if stop.is_set():
                process.terminate()
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                raise LoadInterrupted(
                    "the bulk load was interrupted during the import: the database is as it "
                    "was (empty)"
                )
            time.sleep(0.2)
    if stop.is_set():  # Ctrl-C reaches the importer too: it stopped, and so do we
        raise LoadInterrupted(
            "the bulk load was interrupted during the import: the database is as it was (empty)"
        )
    if process.returncode != 0:
        tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-3:])[:400]
        raise ImportFailed(
            f"neo4j-admin database import failed (exit {process.returncode}): {tail}; "
            "the database is as it was (empty)"
        )


def _record(
    db: Database, run: _Run, report: LoadReport, prints: Prints, strict: bool, steps: Phases
) -> None:
    """The schema, then the load's record (start, one generation step, end) in one
    transaction, on the restarted server."""
    try:
        db.driver.verify_connectivity()
        with steps.timed("schema"):
            apply_schema(db)
        run.last = LastLoad(generation=0)

        def record(tx: ManagedTransaction) -> None:
            db.run_named(tx, "load/start_load", run.start_parameters(strict))
            run.generation = advance_write_generation(db, tx)
            db.run_named(tx, "load/finish_load", run.end_parameters(report, prints))

        with steps.timed("recording"):
            db.in_write_transaction(record)
    except (Neo4jError, DriverError, ServerError) as error:
        raise LoadError(
            f"the data was imported, but recording the load failed: {error}; run "
            "`kb schema apply`, then `kb load` of the same dataset (it compares and records)"
        ) from None


def _finished(report: LoadReport, started: float) -> LoadReport:
    report.seconds = time.monotonic() - started
    return report
