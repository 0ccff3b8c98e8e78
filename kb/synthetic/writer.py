"""Streams a dataset to disk: one CSV per record file of the model, then `manifest.json`.

Columns and their order come from `kb.domain.model` (the aliases), so a
generated file is always in the dataset format the loader reads. Rows are
written as they are produced; only counts and one example row per file are kept.
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from kb.domain.model import RECORD_TYPES, Node, Relationship, column_names

FORMAT_VERSION = 1


def columns(file: str) -> list[str]:
    """The dataset columns of a record file, in the model's field order."""
    record = RECORD_TYPES[file]
    names = column_names(record)
    if issubclass(record, Relationship):
        # `source`, `target` first, as stewards expect
        head = ["source", "target"]
        return head + [n for n in names if n not in head]
    assert issubclass(record, Node)
    return names


def iso_instant(value: datetime) -> str:
    """A naive UTC instant as ISO-8601 with `Z`."""
    return value.isoformat(timespec="seconds") + "Z"


def _cell(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if value is None:
        return ""
    if kind is date:
        return value.isoformat()  # type: ignore[no-any-return]
    if kind is datetime:
        return iso_instant(value)
    return str(value)


class DatasetWriter:
    """Writes rows to `<out>/<file>.csv` as they come; `close()` writes the manifest."""

    def __init__(self, out: Path, dataset_id: str, description: str) -> None:
        self.out = out
        self.dataset_id = dataset_id
        self.description = description
        out.mkdir(parents=True, exist_ok=True)
        self._handles: dict[str, IO[str]] = {}
        self._writers: dict[str, Any] = {}
        self.counts: dict[str, int] = {}
        self.examples: dict[str, list[str]] = {}
        for file in RECORD_TYPES:
            handle = (out / f"{file}.csv").open(
                "w", encoding="utf-8", newline="", buffering=1 << 20
            )
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns(file))
            self._handles[file] = handle
            self._writers[file] = writer
            self.counts[file] = 0

    def row(self, file: str, *values: Any) -> None:
        cells = [_cell(v) for v in values]
        self._writers[file].writerow(cells)
        if not self.counts[file]:
            self.examples[file] = cells
        self.counts[file] += 1

    def close(self) -> None:
        for handle in self._handles.values():
            handle.close()
        manifest = {
            "formatVersion": FORMAT_VERSION,
            "datasetId": self.dataset_id,
            "description": self.description,
            "files": {file: f"{file}.csv" for file in RECORD_TYPES},
        }
        (self.out / "manifest.json").write_text(
            json.dumps(manifest, indent=2) + "\n", encoding="utf-8"
        )

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
