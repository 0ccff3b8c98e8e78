"""Rows as the typed CSV files Neo4j's offline importer reads (`neo4j-admin database import
full`), and the importer's arguments.

The bulk first load (`kb.loading.initial`) writes the rows its checks accepted here, one
file per dataset file, with the same stored names, types and provenance an online load
writes (`kb.writing.statements`), so the two paths store the same graph. The bench's bare
importer (`bench/importer.py`) uses the same headers for its unchecked copy of the data.
"""

from __future__ import annotations

import csv
import io
import os
import types
import typing
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any

from kb.domain.model import Node, Record, Relationship, column_name
from kb.writing.elements import Params, Provenance
from kb.writing.statements import stored_fields

PROVENANCE = ["sourceDataset", "sourceLoad", "loadedAt:datetime"]


def _base_type(annotation: Any) -> Any:
    """`date | None` -> date; Annotated[...] -> its first argument; an enum stays an enum."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _base_type(typing.get_args(annotation)[0])
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _base_type(options[0]) if len(options) == 1 else str
    return annotation


def importer_type(record: type[Record], column: str) -> str:
    """The importer's type suffix of a column (`:datetime`, `:date`, `:int`, `:boolean`,
    or none for text), from the model's field."""
    for name, field in record.model_fields.items():
        if column in (name, field.alias):
            kind = _base_type(field.annotation)
            if isinstance(kind, type) and issubclass(kind, Enum):
                return ""
            if kind is datetime:
                return ":datetime"
            if kind is date:
                return ":date"
            if kind is bool:
                return ":boolean"
            if kind is int:
                return ":int"
    return ""


def importer_column(record: type[Record], column: str) -> str:
    """A dataset column's name in the importer's header (ids and ends get theirs)."""
    if issubclass(record, Node) and column == "id":
        return "id:ID"
    if issubclass(record, Relationship) and column == "source":
        return ":START_ID"
    if issubclass(record, Relationship) and column == "target":
        return ":END_ID"
    return column + importer_type(record, column)


def importer_header(record: type[Record], columns: Sequence[str]) -> list[str]:
    """The importer's header for `columns`, then the label or type and the provenance."""
    marker = ":LABEL" if issubclass(record, Node) else ":TYPE"
    return [*(importer_column(record, c) for c in columns), marker, *PROVENANCE]


class ImporterFiles:
    """One importer CSV per dataset file, written as the checked batches come."""

    def __init__(self, folder: Path, provenance: Provenance, prefix: str = "") -> None:
        self.folder = folder
        self.provenance = provenance
        self.prefix = prefix  # file names of their own, for a worker process
        self.node_files: list[Path] = []
        self.relationship_files: list[Path] = []
        self.multiline: list[Path] = []  # files with a value holding a line break
        self.rows = 0
        self._open: dict[str, tuple[IO[str], Path]] = {}  # record name -> (handle, path)

    def __enter__(self) -> ImporterFiles:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *_: object) -> None:
        for handle, _path in self._open.values():
            handle.close()
        self._open.clear()

    def _write(self, record: type[Node] | type[Relationship], rows: list[list[Any]]) -> None:
        """Append `rows` to the record's file (its header first), noting whether a value
        holds a line break: only such files are named to the importer as multiline, since
        reading a file that way costs the importer its parallel parsing."""
        name = record.label if issubclass(record, Node) else record.type
        key = f"{name}-{record.file}"
        if key not in self._open:
            path = self.folder / f"{self.prefix}{len(self._open):02d}-{name}.csv"
            opened = path.open("w", encoding="utf-8", newline="")
            ends = ["id"] if issubclass(record, Node) else ["source", "target"]
            stored = [column_name(record, field) for field, _, _ in stored_fields(record)]
            csv.writer(opened).writerow(importer_header(record, [*ends, *stored]))
            self._open[key] = (opened, path)
            (self.node_files if issubclass(record, Node) else self.relationship_files).append(path)
        handle, path = self._open[key]
        text = io.StringIO()
        csv.writer(text).writerows(rows)  # quotes a value holding "\r" or "\n"
        written = text.getvalue()
        # One "\r\n" ends each row: any other "\r" or "\n" is inside a quoted value.
        breaks = written.count("\n"), written.count("\r")
        if path not in self.multiline and breaks != (len(rows), len(rows)):
            self.multiline.append(path)
        handle.write(written)
        self.rows += len(rows)

    def _extra(self, marker: str) -> list[str]:
        p = self.provenance
        return [marker, p.dataset_id, p.load_id, p.loaded_at.isoformat()]

    def adopt(
        self, relationship_files: Sequence[Path], rows: int, multiline: Sequence[Path] = ()
    ) -> None:
        """Import these files too: written by another `ImporterFiles` (a worker process),
        which found line breaks in the values of `multiline`."""
        self.relationship_files.extend(relationship_files)
        self.multiline.extend(multiline)
        self.rows += rows

    def nodes(self, node: type[Node], rows: Sequence[Params]) -> None:
        """Rows as `check_nodes` gives them (`id`, `props` in stored form and in
        `stored_fields` order, as `wire_properties` makes them; the csv writer writes None
        as an empty cell, which the importer does not store: see `arguments`)."""
        extra = self._extra(node.label)
        self._write(node, [[row["id"], *row["props"].values(), *extra] for row in rows])

    def relationships(self, rel: type[Relationship], rows: Sequence[Params]) -> None:
        """Rows as `check_relationships` gives them (`source`, `target`, `props` as in
        `nodes`)."""
        extra = self._extra(rel.type)
        self._write(
            rel, [[row["source"], row["target"], *row["props"].values(), *extra] for row in rows]
        )

    def arguments(self, database: str, report_file: Path) -> list[str]:
        """`neo4j-admin` arguments that import these files into `database`. Every row was
        checked already, so the importer is told to skip nothing: a bad row would be a bug
        and fails the import (and the bulk load keeps the old, empty database). Only the
        files with a line break in a value are read as multiline (v2: a list of files)."""
        multiline = [
            "--multiline-fields-format=v2",
            "--multiline-fields=" + ",".join(str(path) for path in self.multiline),
        ]
        return [
            "database",
            "import",
            "full",
            database,
            "--overwrite-destination=true",
            "--id-type=string",
            "--ignore-empty-strings=true",
            *(multiline if self.multiline else []),
            f"--threads={len(os.sched_getaffinity(0))}",
            f"--report-file={report_file}",
            *[f"--nodes={path}" for path in self.node_files],
            *[f"--relationships={path}" for path in self.relationship_files],
        ]
