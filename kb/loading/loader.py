"""`load_dataset`: a dataset directory into Neo4j, streamed, checked, idempotent.

Order of work: the manifest and every file's header are checked first (fatal
problems stop the load before anything is written); then the files are read
in the model's order (nodes before relationships) in batches, each batch
checked and, unless this is a dry run, written in one managed transaction.
A strict load checks every file first and writes only if no row was rejected.
Every write is a MERGE that sets properties only when they differ, so a load
that stopped half-way (lost connection, killed process) is finished by
running it again, and a load of unchanged data changes nothing.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from kb.domain.model import Node
from kb.loading.batches import (
    check_nodes,
    check_relationships,
    write_nodes,
    write_relationships,
)
from kb.loading.fingerprints import Fingerprint, LastLoad, fingerprint, last_load, recorded
from kb.loading.importer import ImporterFiles
from kb.loading.manifest import DatasetError, DatasetFile, LoadError, Manifest, read_manifest
from kb.loading.references import KnownIds
from kb.loading.report import FileCounts, LoadReport, Phases, RejectSink
from kb.loading.seen import SeenKeys
from kb.loading.sources import Item, Problem, RowReader, check_file
from kb.security.erased import ErasedIds
from kb.storage.cypher import statement
from kb.storage.database import Database
from kb.storage.schema import schema_applied
from kb.writing.elements import Provenance
from kb.writing.generation import advance_write_generation, current_write_generation
from neo4j import Query

BATCH_ROWS = 5_000  # measured: 2,000-row batches were slower on first loads and reloads
T = TypeVar("T")
Prints = dict[str, tuple[DatasetFile, Fingerprint]]  # file key -> (file, fingerprint)
# (relationship files, the node files' ids, the report, the reject sink, the progress bar)
CheckElsewhere = Callable[
    [Sequence[DatasetFile], KnownIds, LoadReport, RejectSink, Progress | None], None
]


class DatabaseFailed(LoadError):
    """Neo4j failed or went away during the load; what was written stays, re-running finishes it."""


class LoadInterrupted(LoadError):
    """The load was stopped (Ctrl-C, SIGTERM); what was written stays, re-running finishes it."""


def default_reject_file(manifest: Manifest) -> Path:
    """`<dataset>/../<datasetId>.rejects.csv`: beside the dataset, not inside it (the
    manifest refuses a datasetId with path syntax, so it cannot lead anywhere else)."""
    path = manifest.root.parent / f"{manifest.dataset_id}.rejects.csv"
    if path.parent != manifest.root.parent:  # the manifest's check makes this impossible
        raise DatasetError(f"datasetId {manifest.dataset_id!r} would leave the dataset's folder")
    return path


def load_dataset(
    db: Database,
    path: Path,
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: bool = False,
    reject_file: Path | None = None,
    batch_rows: int = BATCH_ROWS,
    stop: threading.Event | None = None,
    verify: bool = False,
) -> LoadReport:
    """Load the dataset at `path` (its directory or manifest); raises `LoadError` when fatal.

    A file unchanged since the dataset's last load, with no write to the database since
    (`kb.loading.fingerprints`), is reported unchanged without being read or compared;
    `verify` compares every row of every file all the same.

    `stop`, once set (the CLI sets it on Ctrl-C), ends the load after the batch being
    written: `LoadInterrupted`. When Neo4j fails or the load is stopped, the `:Load` record
    is marked FAILED or INTERRUPTED (if Neo4j can still be told; otherwise the next load
    of the dataset marks it) and the error says in one line what happened and to run the
    same load again.
    """
    manifest = read_manifest(Path(path))
    for file in manifest.files:
        check_file(file)
    prints = {} if dry_run else {f.key: (f, fingerprint(f.path)) for f in manifest.files}
    report = LoadReport(manifest.dataset_id, None, dry_run, strict)
    sink = RejectSink(reject_file or default_reject_file(manifest), report, manifest.inputs())
    _check_database(db, writes=not dry_run)
    started = time.monotonic()
    run = _Run(db, manifest, batch_rows, stop or threading.Event())
    with sink, _progress_bar(progress) as bar:
        try:
            if not dry_run:
                run.plan_skips(prints, verify)
            if dry_run or strict:
                run.pass_over_files(report, sink, bar, provenance=None)
                if dry_run:
                    return _finished(report, started)
                if report.rejected:
                    report.aborted_by_strict = True
                    return _finished(report, started)
            provenance = run.start_load(strict)
            report.load_id = provenance.load_id
            run.pass_over_files(report, sink, bar, provenance)
            run.finish_load(report, "DONE", prints)
        except (Neo4jError, DriverError) as error:
            cause = _cause(error, db.settings.neo4j_uri)
            marked = run.mark_stopped(report, "FAILED", cause)
            raise DatabaseFailed(
                f"Neo4j failed {run.where}: {cause}. {run.aftermath('FAILED', marked)}"
            ) from None
        except _Stopped:
            marked = run.mark_stopped(report, "INTERRUPTED", "stopped by a signal (Ctrl-C)")
            raise LoadInterrupted(
                f"the load of {manifest.dataset_id} was interrupted {run.where}. "
                f"{run.aftermath('INTERRUPTED', marked)}"
            ) from None
    return _finished(report, started)


def _check_database(db: Database, *, writes: bool) -> None:
    """Fail fast, before the driver's retries, when the server cannot be reached at all;
    and refuse to write without the schema (MERGE on id needs its uniqueness constraints)."""
    try:
        db.driver.verify_connectivity()
        ready = schema_applied(db) if writes else True
    except (Neo4jError, DriverError) as error:
        raise DatabaseFailed(
            f"cannot reach Neo4j at {db.settings.neo4j_uri}: {_one_line(error)} "
            "(is it running? `kb db start`)"
        ) from error
    if not ready:
        raise DatabaseFailed(
            f"the schema is not applied to the database at {db.settings.neo4j_uri}: "
            "run `kb schema apply` first (nothing was written)"
        )


def _finished(report: LoadReport, started: float) -> LoadReport:
    report.seconds = time.monotonic() - started
    return report


class _Stopped(Exception):
    """The stop request was seen between two batches."""


class _Run:
    """One load's state: the dataset, where it is, and how it is stamped."""

    def __init__(
        self, db: Database, manifest: Manifest, batch_rows: int, stop: threading.Event
    ) -> None:
        self.db = db
        self.manifest = manifest
        self.batch_rows = batch_rows
        self.stop = stop
        self.where = "before the first file"
        self.batches_written = 0
        self.provenance: Provenance | None = None
        self.last: LastLoad | None = None
        self.skips: dict[str, int] = {}  # file key -> rows: unchanged since the last load
        self.generation: int | None = None  # the write generation this load advanced to
        # A bulk first load: the database is empty (nothing to ask it), checked rows go here.
        self.export: ImporterFiles | None = None
        self.erased = ErasedIds({})
        # The database held no node of the model when the load began (`nothing_but_ours`).
        self.empty_at_start = False
        self.checks = Phases()  # seconds of the check side's parts (reading, validating...)
        # A bulk first load on several cores: the relationship files, once the node files
        # are checked, are handed to this (`kb.loading.workers`) with the node files' ids,
        # kept in a file (`known_path`) the workers read.
        self.check_elsewhere: CheckElsewhere | None = None
        self.known_path: Path | None = None
        self.seen_in_memory = 0  # `SeenKeys(memory_keys)`: 0 keeps them all on disk
        self.ids_in_memory = 0  # `KnownIds(memory_ids)`: 0 asks the disk only

    def plan_skips(self, prints: Prints, verify: bool) -> None:
        """Which files need no comparing (`LastLoad.unchanged_rows`); none with `verify`.
        Also notes whether the database holds no node of the model yet (read after the
        generation, so a write between the two reads shows as a generation moved)."""
        self.where = "while reading the dataset's last load"
        self.last = last_load(self.db, self.manifest.dataset_id)
        self.empty_at_start = not self.db.read("load/model_nodes_stored")[0]["stored"]
        if verify:
            return
        for key, (file, print_) in prints.items():
            rows = self.last.unchanged_rows(file, print_)
            if rows is not None:
                self.skips[key] = rows

    def nothing_but_ours(self) -> bool:
        """Whether every node of the model now stored was written by this load: the load
        began on a database with none, and the write generation is still the one it began
        at, or the one its own first write advanced it to, straight after (no other write,
        no mutation, no erasure, since). Then a node row cannot be stored already except
        as a row of this load (which `KnownIds` refuses as a duplicate), so its batch needs
        no comparison read: every row is new. One small read per batch; when anything else
        wrote, the batch is compared as ever. (A write that lands between this read and the
        batch's write is the same race as one between the comparison and the write.)"""
        if not self.empty_at_start or self.last is None:
            return False
        start, ours = self.last.generation, self.generation
        now = current_write_generation(self.db)
        return now == start or (ours == start + 1 and now == ours)

    def before_write(self) -> None:
        """Advance the write generation once, before the load's first write."""
        if self.generation is None:
            self.generation = self.db.in_write_transaction(
                lambda tx: advance_write_generation(self.db, tx)
            )

    def new_provenance(self) -> Provenance:
        """A new load id for this dataset, stamped now."""
        now = datetime.now(UTC)
        load_id = f"load-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        self.provenance = Provenance(self.manifest.dataset_id, load_id, now)
        return self.provenance

    def start_parameters(self, strict: bool) -> dict[str, object]:
        """What `load/start_load` records of this load (`new_provenance` first)."""
        assert self.provenance is not None
        return {
            "datasetId": self.manifest.dataset_id,
            "description": self.manifest.description,
            "loadId": self.provenance.load_id,
            "startedAt": self.provenance.loaded_at,
            "strict": strict,
            "files": [file.name for file in self.manifest.files],
        }

    def start_load(self, strict: bool) -> Provenance:
        provenance = self.new_provenance()
        self.where = "while recording the load"
        self.db.write("load/start_load", self.start_parameters(strict))
        return provenance

    def end_parameters(self, report: LoadReport, prints: Prints) -> dict[str, object]:
        """What `load/finish_load` records of a DONE load, with the files' fingerprints
        and the generation the load expects still to hold (the one it advanced to, or the
        one it started at if it wrote nothing)."""
        assert self.last is not None
        counts = {c.key: c for c in report.files}
        end = self._end(report, "DONE", None)
        end["fingerprints"] = recorded(prints, counts)
        end["expectedGeneration"] = (
            self.generation if self.generation is not None else self.last.generation
        )
        return end

    def finish_load(self, report: LoadReport, status: str, prints: Prints) -> None:
        """Record the end; with the files' fingerprints and the generation the load expects
        still to hold (the one it advanced to, or the one it started at if it wrote
        nothing): the statement marks the load clean only if nothing else wrote since."""
        assert status == "DONE"
        self.where = "while recording the end of the load"
        self.db.write("load/finish_load", self.end_parameters(report, prints))

    def mark_stopped(self, report: LoadReport, status: str, reason: str) -> bool:
        """Record once, without retrying, that the load stopped (FAILED or INTERRUPTED)
        with its counts so far; False when Neo4j cannot be told (the next load of the
        dataset then marks the record INTERRUPTED)."""
        if self.provenance is None:
            return False
        try:
            with self.db.session() as session:
                query = Query(statement("load/finish_load"), timeout=5)  # fixed text
                session.run(query, self._end(report, status, reason)).consume()
        except (Neo4jError, DriverError, OSError):
            return False
        return True

    def _end(self, report: LoadReport, status: str, reason: str | None) -> dict[str, object]:
        assert self.provenance is not None
        return {
            "loadId": self.provenance.load_id,
            "finishedAt": datetime.now(UTC),
            "status": status,
            "reason": reason,
            "rows": report.total("rows"),
            "created": report.total("created"),
            "updated": report.total("updated"),
            "unchanged": report.total("unchanged"),
            "rejected": report.total("rejected"),
            "fileCounts": report.counts_json(),
            "fingerprints": None,
            "expectedGeneration": None,
        }

    def aftermath(self, status: str, marked: bool) -> str:
        """What a stopped load leaves, and what to do: one sentence."""
        written = (
            f"the {self.batches_written:,} batch(es) written before it stay whole"
            if self.batches_written
            else "nothing had been written"
        )
        load_id = self.provenance.load_id if self.provenance else None
        record = (
            ""
            if load_id is None
            else f" (load {load_id} is marked {status})"
            if marked
            else f" (Neo4j could not be told; the next load of this dataset marks {load_id} "
            "INTERRUPTED)"
        )
        return (
            f"Nothing partial is left: each batch is written whole or not at all, {written}, "
            f"and running the same load again finishes it{record}."
        )

    def pass_over_files(
        self,
        report: LoadReport,
        sink: RejectSink,
        bar: Progress | None,
        provenance: Provenance | None,
    ) -> None:
        """Read every file once: check each batch, and write it when `provenance` is given.
        The counts go into `report.files` as they grow (a stopped load records them).

        Writing is pipelined: one background thread writes a batch while this thread
        reads and checks the next (its comparison read included), so the loader's own
        work overlaps the server's. At most one batch is being written and one checked
        ahead (memory stays flat); a file's writes all finish before the next file is
        checked (a relationship file relies on the node files' writes being done).
        """
        report.files = []
        self.erased = ErasedIds.read(self.db)  # an erased family's rows are refused
        here, elsewhere = self._where_checked()
        with (
            KnownIds(self.known_path, self.ids_in_memory) as known,
            ThreadPoolExecutor(1, "kb-load-writer") as writer,
        ):
            for file in here:
                counts = FileCounts(file.name, file.key)
                report.files.append(counts)
                if file.key in self.skips:  # unchanged since the last load: not read
                    counts.rows = counts.valid = self.skips[file.key]
                    counts.unchanged = counts.rows if provenance else 0
                    counts.compared = False
                    continue
                self._one_file(file, counts, known, sink, bar, provenance, writer)
            if elsewhere and self.check_elsewhere is not None:
                self.check_elsewhere(elsewhere, known, report, sink, bar)

    def _where_checked(self) -> tuple[list[DatasetFile], list[DatasetFile]]:
        """(files this process checks, relationship files `check_elsewhere` checks):
        with `check_elsewhere`, the relationship files once every node file is checked."""
        files = list(self.manifest.files)
        nodes = [file for file in files if issubclass(file.record_type, Node)]
        if self.check_elsewhere is None or files[: len(nodes)] != nodes:
            return files, []
        return nodes, files[len(nodes) :]

    def _one_file(
        self,
        file: DatasetFile,
        counts: FileCounts,
        known: KnownIds,
        sink: RejectSink,
        bar: Progress | None,
        provenance: Provenance | None,
        writer: ThreadPoolExecutor,
    ) -> None:
        verb = "load" if provenance else "check"
        in_flight: _Batch | None = None

        def finish(batch: _Batch) -> None:
            """Wait for the batch's write, then count it and report its rejects in order."""
            if batch.writing is not None:
                self.where = batch.where
                outcome = batch.writing.result()  # re-raises the write's error here
                self.batches_written += 1
                _add(counts, outcome.counts)
                known.mark_created(outcome.created)
                if outcome.lost:
                    batch.valid -= outcome.lost
                    batch.rejected += outcome.lost - 1
                    batch.problems.append(_lost(batch.first_line, outcome.lost))
            counts.rows += batch.rows
            counts.valid += batch.valid
            counts.rejected += batch.rejected
            with self.checks.timed("rejects"):
                for problem in sorted(batch.problems, key=lambda p: p.line):
                    sink.add(file.name, problem)
            if bar is not None and task is not None:
                bar.update(task, completed=batch.position)

        # Relationships already accepted from this file (fingerprints, on disk).
        with RowReader(file) as reader, SeenKeys(self.seen_in_memory) as seen:
            task = bar.add_task(f"{verb} {file.name}", total=reader.size) if bar else None
            try:
                chunks = _chunks(reader, self.batch_rows)
                while True:
                    with self.checks.timed("reading"):
                        items = next(chunks, None)
                    if items is None:
                        break
                    if self.stop.is_set():
                        if in_flight is not None:
                            finish(in_flight)  # the batch being written completes, counted
                            in_flight = None
                        raise _Stopped
                    batch = self._check(file, items, known, seen, provenance)
                    batch.position = reader.position
                    if in_flight is not None:
                        finish(in_flight)
                        in_flight = None
                    if self.stop.is_set():  # came while the last write ran: not this batch
                        raise _Stopped
                    if batch.write is not None:
                        batch.writing = writer.submit(batch.write)
                        in_flight = batch
                    else:
                        finish(batch)
                if in_flight is not None:
                    finish(in_flight)
                    in_flight = None
            finally:
                if in_flight is not None and in_flight.writing is not None:
                    wait([in_flight.writing])  # never leave a write running behind an error
                    if in_flight.writing.exception() is None:
                        self.batches_written += 1
            if bar is not None and task is not None:
                bar.update(task, completed=reader.size)

    def _check(
        self,
        file: DatasetFile,
        items: list[Item],
        known: KnownIds,
        seen: SeenKeys,
        provenance: Provenance | None,
    ) -> _Batch:
        """Check one batch (this thread: validation, on-disk id tables, the comparison read)
        and say how to write it (in the writer thread: Neo4j only)."""
        first_line = next((item.line for item in items), 0)
        batch = _Batch(f"in {file.name} at the batch starting on line {first_line}", first_line)
        batch.rows = len(items)
        self.where = batch.where

        def reject(problems: Sequence[Problem]) -> None:
            batch.rejected += 1
            batch.problems.extend(problems)

        with self.checks.timed("erased ids"):
            items = self.erased.keep(file.record_type, items, reject, Problem)
        if issubclass(file.record_type, Node):
            node = file.record_type
            stored = self.export is None and not self.nothing_but_ours()
            rows = check_nodes(
                self.db, node, items, known, reject, stored=stored, phases=self.checks
            )
            batch.valid = len(rows)
            if self.export is not None:
                with self.checks.timed("importer CSV"):
                    self.export.nodes(node, rows)
            if provenance:

                def write_node_batch() -> _Written:
                    outcomes, created = write_nodes(
                        self.db, node, rows, provenance, self.before_write
                    )
                    return _Written(outcomes, created)

                batch.write = write_node_batch
        else:
            rel = file.record_type
            groups = check_relationships(
                self.db,
                rel,
                items,
                known,
                seen,
                reject,
                stored=self.export is None,
                phases=self.checks,
            )
            batch.valid = sum(len(rows) for rows in groups.values())
            if self.export is not None:
                with self.checks.timed("importer CSV"):
                    for rows in groups.values():
                        self.export.relationships(rel, rows)
            if provenance:

                def write_relationship_batch() -> _Written:
                    outcomes, lost = write_relationships(
                        self.db, rel, groups, provenance, self.before_write
                    )
                    return _Written(outcomes, [], lost)

                batch.write = write_relationship_batch
        return batch


@dataclass
class _Written:
    """What writing one batch did: counts per outcome, the node ids it created, and the
    rows an endpoint of which went away between comparing and writing."""

    counts: Counter[str]
    created: list[tuple[str, str]]  # (id, element id) of the nodes it created
    lost: int = 0


@dataclass
class _Batch:
    """One checked batch, on its way to being written and counted."""

    where: str
    first_line: int
    rows: int = 0
    valid: int = 0
    rejected: int = 0
    position: int = 0  # bytes of the file read once it was
    problems: list[Problem] = field(default_factory=list)
    write: Callable[[], _Written] | None = None
    writing: Future[_Written] | None = None


def _add(counts: FileCounts, outcomes: dict[str, int]) -> None:
    counts.created += outcomes.get("created", 0)
    counts.updated += outcomes.get("updated", 0)
    counts.unchanged += outcomes.get("unchanged", 0)


def _lost(line: int, lost: int) -> Problem:
    return Problem(
        line,
        "",
        f"{lost} row(s) of the batch starting here were not written: an endpoint node was "
        "deleted while the load ran (run the load again)",
    )


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Progress | None]:
    if not enabled:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    ) as bar:
        yield bar


def _cause(error: Exception, uri: str) -> str:
    """What went wrong, in words a steward can act on (never the driver's internals)."""
    if isinstance(error, ServiceUnavailable | SessionExpired):
        return f"the server at {uri} stopped answering (is it running? `kb db status`)"
    if isinstance(error, Neo4jError) and error.code:
        return f"{error.code}: {_one_line(error)}"
    return _one_line(error)


def _one_line(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(message).split())[:300]
