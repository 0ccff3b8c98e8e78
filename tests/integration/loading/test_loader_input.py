"""Bad input to the loader: fatal file-level problems and row-level problems, loaded into Neo4j.
(Random cells read and checked as the loader does, without a database: tests/unit/test_loader_input.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.loading import DatasetError, load_dataset
from kb.loading.sources import MAX_FIELD_CHARS
from kb.storage.database import Database
from tests.loader_support import node, write_dataset

AGENCIES_HEADER = "id,name,sector\n"


def agencies(content: str | bytes) -> dict[str, tuple[str, str | bytes]]:
    return {"agencies": ("agencies.csv", content)}


FATAL_CASES = {
    "unknown format version": (
        agencies(AGENCIES_HEADER),
        {"formatVersion": 2},
        "unknown formatVersion 2",
    ),
    "unknown file key": (
        {"agency": ("agencies.csv", AGENCIES_HEADER)},
        None,
        "unknown file key(s) 'agency'",
    ),
    "missing file": (
        {**agencies(AGENCIES_HEADER), "teams": ("teams.csv", None)},
        None,
        "teams.csv: missing file",
    ),
    "missing required column": (
        agencies("id,name\na1,School\n"),
        None,
        "agencies.csv: line 1: missing required column(s) sector",
    ),
    "unknown column": (
        agencies("id,name,sector,colour\na1,School,EDUCATION,blue\n"),
        None,
        "unknown column(s) 'colour'",
    ),
    "no header row": (
        agencies("a1,School,EDUCATION\n"),
        None,
        "does the file start with a header row?",
    ),
    "duplicate column": (
        agencies("id,name,sector,name\n"),
        None,
        "duplicate column(s) name",
    ),
    "empty file": (agencies(b""), None, "agencies.csv: the file is empty"),
    "empty jsonl file": (
        {"agencies": ("agencies.jsonl", b"\n\n")},
        None,
        "agencies.jsonl: the file is empty",
    ),
    "utf-16 file": (
        agencies((AGENCIES_HEADER + "a1,School,EDUCATION\n").encode("utf-16")),
        None,
        "the file is UTF-16; save it as UTF-8",
    ),
    "not csv or jsonl": (
        {"agencies": ("agencies.xlsx", b"PK")},
        None,
        "must end in .csv or .jsonl",
    ),
}


@pytest.mark.parametrize("case", list(FATAL_CASES))
def test_a_fatal_problem_is_named_and_nothing_is_written(db: Database, tmp_path: Path, case: str):
    files, manifest, message = FATAL_CASES[case]
    present = {k: (name, content) for k, (name, content) in files.items() if content is not None}
    root = write_dataset(tmp_path / "ds", present, manifest)
    if len(present) != len(files):  # list a file that is not there
        import json

        document = json.loads((root / "manifest.json").read_text())
        document["files"].update({k: name for k, (name, _) in files.items()})
        (root / "manifest.json").write_text(json.dumps(document))

    with pytest.raises(DatasetError) as raised:
        load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert db.read("load/graph_counts") == []
    assert not (tmp_path / "r.csv").exists()


def test_a_missing_manifest_is_named(db: Database, tmp_path: Path):
    (tmp_path / "ds").mkdir()
    with pytest.raises(DatasetError, match=r"missing manifest"):
        load_dataset(db, tmp_path / "ds")
    with pytest.raises(DatasetError, match=r"no such dataset directory"):
        load_dataset(db, tmp_path / "nowhere")


def test_a_manifest_that_is_not_json_is_named(db: Database, tmp_path: Path):
    (tmp_path / "manifest.json").write_text("{formatVersion: 1}")
    with pytest.raises(DatasetError, match=r"not valid JSON \(line 1, column 2"):
        load_dataset(db, tmp_path)


def test_a_row_that_is_not_utf8_is_rejected_and_the_rest_loads(db: Database, tmp_path: Path):
    latin1 = (AGENCIES_HEADER + "a1,Zoë School,EDUCATION\na2,Plain School,EDUCATION\n").encode(
        "latin-1"
    )
    root = write_dataset(tmp_path / "ds", agencies(latin1))

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert report.total("created") == 1 and report.rejected == 1
    (reject,) = report.first_rejects
    assert (reject.line, reject.column) == (2, "name")
    assert reject.reason.startswith("not valid UTF-8 (byte 0xEB at character 3)")
    assert node(db, "a2")["name"] == "Plain School"


def test_a_byte_order_mark_is_accepted(db: Database, tmp_path: Path):
    root = write_dataset(
        tmp_path / "ds", agencies(b"\xef\xbb\xbf" + b"id,name,sector\na1,School,EDUCATION\n")
    )
    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")
    assert report.total("created") == 1 and report.rejected == 0


def test_a_10_mb_csv_field_is_rejected_with_a_reason(db: Database, tmp_path: Path):
    huge = "x" * 10_000_000
    content = f"{AGENCIES_HEADER}a1,{huge},EDUCATION\na2,Plain School,HEALTH\n"
    root = write_dataset(tmp_path / "ds", agencies(content))

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert report.rejected == 1 and report.total("created") == 1
    (reject,) = report.first_rejects
    assert reject.line == 2
    assert f"longer than {MAX_FIELD_CHARS:,} characters" in reject.reason
    assert node(db, "a2")["sector"] == "HEALTH"
    assert (tmp_path / "r.csv").stat().st_size < 1000  # the reject file does not copy the cell


def test_a_10_mb_json_line_is_rejected_with_a_reason(db: Database, tmp_path: Path):
    huge = "x" * 10_000_000
    content = (
        f'{{"id": "a1", "name": "{huge}", "sector": "EDUCATION"}}\n'
        '{"id": "a2", "name": "Plain School", "sector": "HEALTH"}\n'
    )
    root = write_dataset(tmp_path / "ds", {"agencies": ("agencies.jsonl", content)})

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert report.rejected == 1 and report.total("created") == 1
    assert report.first_rejects[0].line == 1
    assert "line is longer than" in report.first_rejects[0].reason
    assert node(db, "a2")["name"] == "Plain School"


def test_an_over_long_value_is_named_without_being_copied(db: Database, tmp_path: Path):
    root = write_dataset(tmp_path / "ds", agencies(f"{AGENCIES_HEADER}a1,{'y' * 20_000},HEALTH\n"))

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    (reject,) = report.first_rejects
    assert reject.column == "name"
    assert "at most 2000 characters" in reject.reason
    assert "(20,000 characters)" in reject.reason
    assert len(reject.reason) < 200


