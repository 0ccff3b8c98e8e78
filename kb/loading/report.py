"""What a load did: counts per file, the reject file, and the summary table.

Rejected rows stream to the reject file as they are found (a load with a
million bad rows holds none of them in memory); the report keeps only counts
and the first few rejects for the terminal.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

from rich.table import Table

from kb.loading.sources import Problem

REJECT_COLUMNS = ("file", "line", "column", "reason")
SHOWN_REJECTS = 10


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


class RejectSink:
    """Writes rejects to a CSV file as they come; removes the file when there were none."""

    def __init__(self, path: Path | None, report: LoadReport) -> None:
        self.path = path
        self.report = report
        self.count = 0
        self._handle: IO[str] | None = None
        self._writer: csv.DictWriter[str] | None = None

    def __enter__(self) -> RejectSink:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
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

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._handle is None or self.path is None:
            return
        self._handle.close()
        if self.count == 0:
            # No rejects: no file, so a stale one from an earlier run cannot mislead.
            self.path.unlink(missing_ok=True)
        else:
            self.report.reject_file = self.path
