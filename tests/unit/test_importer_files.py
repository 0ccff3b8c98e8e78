"""The importer CSV files the bulk first load writes (`kb.loading.importer.ImporterFiles`):
only a file with a line break inside a value is named to the importer as multiline (reading
a file that way costs the importer its parallel parsing); the rows read back as written."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from kb.domain.model import BoundaryObject, Family
from kb.loading.importer import ImporterFiles
from kb.writing.elements import Provenance

PROVENANCE = Provenance("d1", "load-1", datetime(2026, 12, 2, tzinfo=UTC))


def _family(identifier: str) -> dict[str, object]:
    return {"id": identifier, "props": {"reference": "F-1"}}


def _object(identifier: str, title: str) -> dict[str, object]:
    return {
        "id": identifier,
        "props": {"kind": "SUPPORT_PLAN", "title": title, "createdAt": "2023-02-01"},
    }


def _files(folder: Path, titles: list[str]) -> ImporterFiles:
    with ImporterFiles(folder, PROVENANCE) as files:
        files.nodes(Family, [_family("f1"), _family("f2")])
        for number, title in enumerate(titles):
            files.nodes(BoundaryObject, [_object(f"b{number}", title)])
    return files


def _multiline_options(files: ImporterFiles, folder: Path) -> list[str]:
    return [a for a in files.arguments("neo4j", folder / "r") if a.startswith("--multiline")]


def test_no_line_break_no_multiline_option(tmp_path: Path):
    files = _files(tmp_path, ["Plan one", "Plan, two \"quoted\""])
    assert files.multiline == [] and _multiline_options(files, tmp_path) == []
    assert files.rows == 4


def test_only_the_file_with_a_line_break_is_named(tmp_path: Path):
    for title in ("first line\nsecond line", "carriage\rreturn"):
        folder = tmp_path / str(len(title))
        files = _files(folder, ["Plan one", title])
        (objects,) = [p for p in files.node_files if "BoundaryObject" in p.name]
        assert files.multiline == [objects]
        assert _multiline_options(files, folder) == [
            "--multiline-fields-format=v2",
            f"--multiline-fields={objects}",
        ]
        with objects.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert [row[2] for row in rows[1:]] == ["Plan one", title]  # header, then the titles


def test_a_worker_s_multiline_files_are_adopted(tmp_path: Path):
    files = _files(tmp_path, ["Plan one"])
    worker_file = tmp_path / "w01-00-CONCERNS.csv"
    files.adopt([worker_file, tmp_path / "w01-01-ON.csv"], 10, [worker_file])
    assert files.multiline == [worker_file] and files.rows == 13
    assert f"--multiline-fields={worker_file}" in files.arguments("neo4j", tmp_path / "r")
