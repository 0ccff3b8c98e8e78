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
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from neo4j.exceptions import DriverError, Neo4jError
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
    Provenance,
    check_nodes,
    check_relationships,
    write_nodes,
    write_relationships,
)
from kb.loading.manifest import DatasetFile, LoadError, Manifest, read_manifest
from kb.loading.references import KnownIds
from kb.loading.report import FileCounts, LoadReport, RejectSink
from kb.loading.seen import SeenKeys
from kb.loading.sources import Problem, RowReader, check_file
from kb.storage.database import Database
from kb.storage.schema import schema_applied

BATCH_ROWS = 5_000  # measured: 2,000-row batches were slower on first loads and reloads
T = TypeVar("T")


class DatabaseFailed(LoadError):
    """Neo4j failed or went away during the load; what was written stays, re-running finishes it."""


def default_reject_file(manifest: Manifest) -> Path:
    """`<dataset>/../<datasetId>.rejects.csv`: beside the dataset, not inside it."""
    return manifest.root.parent / f"{manifest.dataset_id}.rejects.csv"


def load_dataset(
    db: Database,
    path: Path,
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress: bool = False,
    reject_file: Path | None = None,
    batch_rows: int = BATCH_ROWS,
) -> LoadReport:
    """Load the dataset at `path` (its directory or manifest); raises `LoadError` when fatal."""
    manifest = read_manifest(Path(path))
    for file in manifest.files:
        check_file(file)
    _check_database(db, writes=not dry_run)
    report = LoadReport(manifest.dataset_id, None, dry_run, strict)
    started = time.monotonic()
    run = _Run(db, manifest, batch_rows)
    with (
        RejectSink(reject_file or default_reject_file(manifest), report) as sink,
        _progress_bar(progress) as bar,
    ):
        try:
            if dry_run or strict:
                report.files = run.pass_over_files(sink, bar, provenance=None)
                if dry_run:
                    return _finished(report, started)
                if report.rejected:
                    report.aborted_by_strict = True
                    return _finished(report, started)
            provenance = run.start_load(strict)
            report.load_id = provenance.load_id
            report.files = run.pass_over_files(sink, bar, provenance)
            run.finish_load(provenance, report)
        except (Neo4jError, DriverError) as error:
            after = (
                f"{run.batches_written:,} batch(es) had been written; they stay, and running "
                "the same load again finishes it"
                if run.batches_written
                else "nothing had been written"
            )
            raise DatabaseFailed(
                f"Neo4j failed {run.where}: {_one_line(error)} ({after})"
            ) from error
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


class _Run:
    """One load's state: the dataset, where it is, and how it is stamped."""

    def __init__(self, db: Database, manifest: Manifest, batch_rows: int) -> None:
        self.db = db
        self.manifest = manifest
        self.batch_rows = batch_rows
        self.where = "before the first file"
        self.batches_written = 0

    def start_load(self, strict: bool) -> Provenance:
        now = datetime.now(UTC)
        load_id = f"load-{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
        self.where = "while recording the load"
        self.db.write(
            "load/start_load",
            {
                "datasetId": self.manifest.dataset_id,
                "description": self.manifest.description,
                "loadId": load_id,
                "startedAt": now,
                "strict": strict,
                "files": [file.name for file in self.manifest.files],
            },
        )
        return Provenance(self.manifest.dataset_id, load_id, now)

    def finish_load(self, provenance: Provenance, report: LoadReport) -> None:
        self.where = "while recording the end of the load"
        self.db.write(
            "load/finish_load",
            {
                "loadId": provenance.load_id,
                "finishedAt": datetime.now(UTC),
                "status": "DONE",
                "rows": report.total("rows"),
                "created": report.total("created"),
                "updated": report.total("updated"),
                "unchanged": report.total("unchanged"),
                "rejected": report.total("rejected"),
                "fileCounts": report.counts_json(),
            },
        )

    def pass_over_files(
        self, sink: RejectSink, bar: Progress | None, provenance: Provenance | None
    ) -> list[FileCounts]:
        """Read every file once: check each batch, and write it when `provenance` is given."""
        results = []
        with KnownIds() as known:
            for file in self.manifest.files:
                counts = FileCounts(file.name, file.key)
                results.append(counts)
                self._one_file(file, counts, known, sink, bar, provenance)
        return results

    def _one_file(
        self,
        file: DatasetFile,
        counts: FileCounts,
        known: KnownIds,
        sink: RejectSink,
        bar: Progress | None,
        provenance: Provenance | None,
    ) -> None:
        verb = "load" if provenance else "check"

        pending: list[Problem] = []  # this batch's, written in line order

        def reject(problems: Sequence[Problem]) -> None:
            counts.rejected += 1
            pending.extend(problems)

        # Relationships already accepted from this file (fingerprints, on disk).
        with RowReader(file) as reader, SeenKeys() as seen:
            task = bar.add_task(f"{verb} {file.name}", total=reader.size) if bar else None
            for batch in _chunks(reader, self.batch_rows):
                counts.rows += len(batch)
                first_line = next((item.line for item in batch), 0)
                self.where = f"in {file.name} at the batch starting on line {first_line}"
                if issubclass(file.record_type, Node):
                    rows = check_nodes(self.db, file.record_type, batch, known, reject)
                    counts.valid += len(rows)
                    if provenance:
                        outcomes = write_nodes(self.db, file.record_type, rows, provenance, known)
                        self.batches_written += 1
                        _add(counts, outcomes)
                else:
                    groups = check_relationships(
                        self.db, file.record_type, batch, known, seen, reject
                    )
                    counts.valid += sum(len(rows) for rows in groups.values())
                    if provenance:
                        outcomes, lost = write_relationships(
                            self.db, file.record_type, groups, provenance
                        )
                        self.batches_written += 1
                        _add(counts, outcomes)
                        if lost:
                            counts.valid -= lost
                            counts.rejected += lost - 1
                            reject([_lost(first_line, lost)])
                for problem in sorted(pending, key=lambda p: p.line):
                    sink.add(file.name, problem)
                pending.clear()
                if bar is not None and task is not None:
                    bar.update(task, completed=reader.position)
            if bar is not None and task is not None:
                bar.update(task, completed=reader.size)


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


def _one_line(error: Exception) -> str:
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    return " ".join(str(message).split())[:300]
