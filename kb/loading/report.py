"""What a load did: counts per file, the reject file, and the summary table.

Rejected rows stream to the reject file as they are found (a load with a
million bad rows holds none of them in memory); the report keeps only counts
and the first few rejects for the terminal. The reject file is written beside
its final place and moved there when the load ends, so an earlier reject file
is replaced whole (and the report says so), and a path that is one of the
load's inputs, or a file that is not a reject file, is refused before anything
is read or written.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO

from rich.table import Table

from kb.loading.manifest import LoadError
from kb.loading.sources import Problem

REJECT_COLUMNS = ("file", "line", "column", "reason")
SHOWN_REJECTS = 10
_REJECT_HEADER = ",".join(REJECT_COLUMNS).encode()


class RejectFileRefused(LoadError):
    """The reject file's path would destroy something: an input of the load, or a file
    that is not a reject file. Nothing was read or written."""


@dataclass
class FileCounts:
    """Rows of one file: how many were read and what became of them.

    A dry run (or the checking pass of a strict load) only validates, so it
    fills `valid` and `rejected`; a load also fills created/updated/unchanged.
    """

    file: str
    key: str
    rows: int = 0
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    # False when the file was unchanged since the dataset's last load and nothing wrote
    # to the database since: its rows are counted as that load read them, not compared.
    compared: bool = True


@dataclass
class Phases:
    """Seconds spent in each phase of a load, summed over its batches (and, for the check
    side of a bulk first load, over its worker processes): where a load's time goes, for
    the summary (`kb load --initial` prints it) and the bench."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - started)

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def merge(self, other: dict[str, float]) -> None:
        for name, seconds in other.items():
            self.add(name, seconds)

    def line(self) -> str:
        """`name 1.2s, other 3.4s` in the order the phases first ran."""
        return ", ".join(f"{name} {seconds:.1f}s" for name, seconds in self.seconds.items())


@dataclass(frozen=True)
class Reject:
    file: str
    line: int
    column: str
    reason: str


@dataclass
class LoadReport:
    dataset_id: str
    load_id: str | None
    dry_run: bool
    strict: bool
    files: list[FileCounts] = field(default_factory=list)
    reject_file: Path | None = None
    # True when nothing was written because --strict found rejected rows.
    aborted_by_strict: bool = False
    first_rejects: list[Reject] = field(default_factory=list)
    seconds: float = 0.0
    # An earlier load's reject file was at the same path: replaced (or removed, if no
    # row was rejected this time). The headline says so.
    earlier_rejects: Path | None = None
    # Wall seconds of the load's steps (a bulk first load: checking, stopping the server,
    # importing, starting it, the schema, the record), and the check side's own parts
    # (reading, validating, ...: seconds of work, summed over processes).
    steps: Phases = field(default_factory=Phases)
    checks: Phases = field(default_factory=Phases)

    def total(self, name: str) -> int:
        return sum(getattr(counts, name) for counts in self.files)

    @property
    def rejected(self) -> int:
        return self.total("rejected")

    @property
    def wrote(self) -> bool:
        return not self.dry_run and not self.aborted_by_strict

    @property
    def changed(self) -> int:
        return self.total("created") + self.total("updated")

    @property
    def exit_code(self) -> int:
        """0: nothing rejected; 2: rows were rejected (see the reject file)."""
        return 2 if self.rejected else 0

    def counts_json(self) -> str:
        return json.dumps([asdict(counts) for counts in self.files])

    def headline(self) -> str:
        rows, seconds = self.total("rows"), self.seconds
        speed = f" ({rows / seconds:,.0f} rows/s)" if seconds > 0 and rows else ""
        if self.dry_run:
            what = f"dry run of {self.dataset_id}: nothing written"
        elif self.aborted_by_strict:
            what = f"strict load of {self.dataset_id}: rows were rejected, so nothing was written"
        elif self.changed == 0:
            what = f"loaded {self.dataset_id}: nothing changed (already up to date)"
        else:
            what = (
                f"loaded {self.dataset_id}: {self.total('created'):,} created, "
                f"{self.total('updated'):,} updated, {self.total('unchanged'):,} unchanged"
            )
        rejects = (
            f"; {self.rejected:,} rejected row(s) written to {self.reject_file}"
            if self.rejected and self.reject_file
            else f"; {self.rejected:,} rejected row(s)"
            if self.rejected
            else ""
        )
        skipped = [counts for counts in self.files if not counts.compared]
        if skipped and self.wrote:
            what += (
                f" ({len(skipped)} of {len(self.files)} file(s) unchanged since the last load, "
                "with no write since: not compared; --verify compares them)"
            )
        if self.earlier_rejects is not None:
            rejects += (
                " (replacing the reject file of an earlier load)"
                if self.reject_file
                else f"; the earlier reject file {self.earlier_rejects} was removed"
            )
        return f"{what}{rejects}; {rows:,} rows in {seconds:.1f}s{speed}"

    def table(self) -> Table:
        """One line per file, with totals."""
        table = Table(title=f"Dataset {self.dataset_id}", title_justify="left")
        table.add_column("file")
        names = (
            ["rows", "valid", "rejected"]
            if not self.wrote
            else ["rows", "created", "updated", "unchanged", "rejected"]
        )
        for name in names:
            table.add_column(name, justify="right")
        for counts in self.files:
            table.add_row(counts.file, *(f"{getattr(counts, n):,}" for n in names))
        table.add_row(
            "[bold]total[/]", *(f"[bold]{self.total(n):,}[/]" for n in names), end_section=True
        )
        return table


def check_reject_path(path: Path, inputs: Iterable[Path]) -> bool:
    """Refuse a reject path that is one of `inputs` (the manifest, a data file: resolved,
    so a symlink or hard link to one counts) or an existing file that is not a reject
    file; True when an earlier reject file is there (it will be replaced)."""
    target = path.resolve()
    for source in inputs:
        if target == source or (path.exists() and os.path.samefile(path, source)):
            raise RejectFileRefused(
                f"--rejects {path}: that is {source.name}, one of the dataset's own files; "
                "choose a reject file outside the dataset's inputs (nothing was read or written)"
            )
    if not path.exists():
        return False  # nothing there (a dangling symlink is replaced, never followed)
    if path.is_dir():
        raise RejectFileRefused(f"--rejects {path}: is a directory; name a file")
    with path.open("rb") as handle:
        first = handle.read(len(_REJECT_HEADER) + 2)
    if first.rstrip(b"\r\n") != _REJECT_HEADER:
        raise RejectFileRefused(
            f"--rejects {path}: the file exists and is not a reject file of an earlier load "
            "(its first line is not file,line,column,reason); choose another path or move it "
            "away (nothing was read or written)"
        )
    return True


class RejectSink:
    """Writes rejects to a CSV file as they come, in a temporary file beside `path` that
    replaces it at the end; removes an earlier reject file when there were none."""

    def __init__(self, path: Path | None, report: LoadReport, inputs: Iterable[Path] = ()) -> None:
        self.path = path
        self.report = report
        self.count = 0
        self._earlier = check_reject_path(path, inputs) if path is not None else False
        self._partial: Path | None = None
        self._handle: IO[str] | None = None
        self._writer: csv.DictWriter[str] | None = None

    def __enter__(self) -> RejectSink:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor, name = tempfile.mkstemp(
                dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".partial"
            )
            self._partial = Path(name)
            self._handle = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
            self._writer = csv.DictWriter(self._handle, fieldnames=REJECT_COLUMNS)
            self._writer.writeheader()
        return self

    def add(self, file: str, problem: Problem) -> None:
        reject = Reject(file, problem.line, problem.column, problem.reason)
        self.count += 1
        if len(self.report.first_rejects) < SHOWN_REJECTS:
            self.report.first_rejects.append(reject)
        if self._writer is not None:
            self._writer.writerow(asdict(reject))

    def __exit__(self, *_: object) -> None:
        if self._handle is None or self.path is None or self._partial is None:
            return
        self._handle.close()
        if self.count == 0:
            # No rejects: no file, so a stale one from an earlier run cannot mislead.
            self._partial.unlink(missing_ok=True)
            if self._earlier:
                self.path.unlink(missing_ok=True)
        else:
            os.replace(self._partial, self.path)  # replaces a symlink, never follows it
            self.report.reject_file = self.path
        if self._earlier:
            self.report.earlier_rejects = self.path
