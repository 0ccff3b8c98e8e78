"""The bulk first load's relationship files, checked in worker processes (one per core).

In a bulk first load (`kb.loading.initial`) nothing is asked of the database while the
rows are checked: a relationship file depends only on the node files' accepted ids (the
`KnownIds` table, written before, read here from its file) and on its own earlier rows
(its `SeenKeys`). So once the node files are checked, each relationship file is checked,
whole, by one worker process, the largest first, with the same code as the one-process
path (`_Run._one_file`): the same validation, messages and counts. A worker writes the
file's importer CSV and its rejected rows (in the order the one-process path reports
them: by line within each batch, batches in file order) to files of its own; the main
process then replays each file's rejects into the reject file in the manifest's file
order, so the reject file is byte for byte what one process would have written.

Workers ignore Ctrl-C and SIGTERM (the terminal sends them to the whole process group):
the main process sees the signal, sets the shared stop event, and each worker stops
after its current batch; a worker whose parent died stops the same way.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from rich.progress import Progress

from kb.loading.importer import ImporterFiles
from kb.loading.loader import _Run, _Stopped
from kb.loading.manifest import DatasetFile, Manifest
from kb.loading.references import KnownIds
from kb.loading.report import FileCounts, LoadReport, RejectSink
from kb.loading.sources import Problem
from kb.security.erased import ErasedIds, IdHasher
from kb.settings import Settings
from kb.storage.database import Database
from kb.writing.elements import Provenance

_SPAWN = multiprocessing.get_context("spawn")  # no fork of a process holding driver threads
# A worker holds up to this many of a file's relationship keys (16 bytes each, about 80
# bytes with the set's own) and of the node files' ids in memory, the rest on disk.
IN_MEMORY = 1_000_000


@dataclass(frozen=True)
class Job:
    """One relationship file for a worker, and what it checks it against."""

    file: DatasetFile
    number: int  # the file's place in the manifest: names its outputs
    known: Path  # the node files' accepted ids (`KnownIds`, committed)
    folder: Path  # where the worker writes the importer CSV and the rejects
    provenance: Provenance
    batch_rows: int
    erased: dict[str, str]  # `ErasedIds.families`
    settings: Settings | None  # for the erased ids' hasher (None when none is erased)


@dataclass
class Checked:
    """What a worker found in one file."""

    counts: FileCounts
    rejects: Path  # (line, column, reason) rows, in reporting order
    csv_files: list[Path]
    rows_written: int
    checks: dict[str, float] = field(default_factory=dict)
    multiline: list[Path] = field(default_factory=list)  # csv files with a line break in a value


class _WorkerStop:
    """The stop request as a worker sees it: the shared event, or its parent gone."""

    def __init__(self, event: Any, parent: int) -> None:
        self.event, self.parent = event, parent

    def is_set(self) -> bool:
        return bool(self.event.is_set()) or os.getppid() != self.parent


_stop: _WorkerStop | None = None


def _start_worker(event: Any, parent: int) -> None:
    """Each worker's start: the signals are the main process's to act on."""
    global _stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _stop = _WorkerStop(event, parent)


def _ready() -> None:
    """A first task, so the workers import the model while the node files are checked."""


class _RejectPart:
    """A worker's rejects of one file, as rows the main process replays into the sink."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = path.open("w", encoding="utf-8", errors="surrogateescape", newline="")
        self._writer = csv.writer(self._handle)

    def add(self, _file: str, problem: Problem) -> None:
        self._writer.writerow((problem.line, problem.column, problem.reason))

    def close(self) -> None:
        self._handle.close()


def check_file(job: Job) -> Checked:
    """In a worker: check one relationship file as the one-process path would."""
    assert _stop is not None, "run in a worker started by `Workers`"
    stop = cast(threading.Event, _stop)
    manifest = Manifest(job.folder, job.provenance.dataset_id, "", (job.file,), job.folder)
    # The export path never asks the database (its checks are against this dataset alone).
    run = _Run(cast(Database, None), manifest, job.batch_rows, stop)
    hasher = IdHasher(job.settings) if job.settings is not None and job.erased else None
    run.erased = ErasedIds(job.erased, hasher)
    run.seen_in_memory = IN_MEMORY
    counts = FileCounts(job.file.name, job.file.key)
    rejects = _RejectPart(job.folder / f"w{job.number:02d}-rejects.csv")
    export = ImporterFiles(job.folder, job.provenance, prefix=f"w{job.number:02d}-")
    run.export = export
    try:
        with KnownIds.read_only(job.known, IN_MEMORY) as known, export:
            no_writer = cast(ThreadPoolExecutor, None)  # nothing is written from here
            sink = cast(RejectSink, rejects)
            run._one_file(job.file, counts, known, sink, None, None, no_writer)
    finally:
        rejects.close()
    return Checked(
        counts,
        rejects.path,
        export.relationship_files,
        export.rows,
        run.checks.seconds,
        export.multiline,
    )


class Workers:
    """The worker processes of one bulk load: started early (`start`), given the
    relationship files once the node files are checked (`check`)."""

    def __init__(self, count: int, stop: threading.Event) -> None:
        self.count = count
        self.stop = stop
        self._event = _SPAWN.Event()
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        self._pool = ProcessPoolExecutor(
            self.count,
            mp_context=_SPAWN,
            initializer=_start_worker,
            initargs=(self._event, os.getpid()),
        )
        for _ in range(self.count):
            self._pool.submit(_ready)

    def close(self) -> None:
        if self._pool is not None:
            self._event.set()  # any worker still checking stops after its batch
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Workers:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def check(
        self,
        run: _Run,
        files: Sequence[DatasetFile],
        known: KnownIds,
        known_path: Path,
        report: LoadReport,
        sink: RejectSink,
        bar: Progress | None,
    ) -> None:
        """Check `files` (relationship files) in the workers, then count them and report
        their rejects in the manifest's order, as the one-process path does."""
        assert self._pool is not None and run.export is not None and run.provenance is not None
        known.commit()
        settings = run.db.settings if run.erased.families else None
        jobs = {
            file.key: Job(
                file,
                number,
                known_path,
                run.export.folder,
                run.provenance,
                run.batch_rows,
                run.erased.families,
                settings,
            )
            for number, file in enumerate(files)
        }
        largest_first = sorted(files, key=lambda f: f.path.stat().st_size, reverse=True)
        futures: dict[str, Future[Checked]] = {
            file.key: self._pool.submit(check_file, jobs[file.key]) for file in largest_first
        }
        run.where = "while checking the relationship files"
        pending: set[Future[Checked]] = set(futures.values())
        while pending:
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            if self.stop.is_set():
                self._event.set()
                raise _Stopped
            for future in done:
                future.result()  # a worker's error is raised here, at once
        for file in files:  # the manifest's order: counts, then rejects, as one process would
            checked = futures[file.key].result()
            report.files.append(checked.counts)
            run.checks.merge(checked.checks)
            run.export.adopt(checked.csv_files, checked.rows_written, checked.multiline)
            started = time.perf_counter()
            with checked.rejects.open(encoding="utf-8", errors="surrogateescape", newline="") as f:
                for line, column, reason in csv.reader(f):
                    sink.add(file.name, Problem(int(line), column, reason))
            run.checks.add("rejects", time.perf_counter() - started)
            if bar is not None:
                task = bar.add_task(f"check {file.name}", total=file.path.stat().st_size)
                bar.update(task, completed=file.path.stat().st_size)
