"""The loader against the real Neo4j: hand-counted fixtures, idempotency, provenance, rejects."""

from __future__ import annotations

import csv
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kb.loading import DatasetError, LoadReport, load_dataset
from kb.storage.database import Database
from tests.loader_support import (
    BAD_ROWS,
    SMALL,
    SMALL_NODES,
    SMALL_RELATIONSHIPS,
    SMALL_ROWS,
    model_counts,
    node,
    relationship,
)


def per_file(report: LoadReport, name: str) -> dict[str, int]:
    return {c.file: getattr(c, name) for c in report.files}


def test_small_dataset_loads_exactly_what_was_counted_by_hand(db: Database, tmp_path: Path):
    report = load_dataset(db, SMALL, reject_file=tmp_path / "rejects.csv")

    assert per_file(report, "rows") == SMALL_ROWS
    assert per_file(report, "created") == SMALL_ROWS
    assert report.total("updated") == report.total("unchanged") == report.rejected == 0
    assert report.exit_code == 0
    assert not (tmp_path / "rejects.csv").exists()
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)


def test_values_are_stored_with_the_storage_conventions(db: Database, tmp_path: Path):
    load_dataset(db, SMALL, reject_file=tmp_path / "rejects.csv")

    a3 = node(db, "a3")
    assert a3["name"] == "Northshire Community Health, NHS Trust"  # a quoted comma
    assert a3["sector"] == "HEALTH"
    assert node(db, "p3")["name"] == "Chloé Martin"
    assert node(db, "c1")["birthYear"] == 2014
    assert "birthYear" not in node(db, "c2")  # empty cell = null = no property
    assert node(db, "e1")["openedAt"].to_native() == date(2023, 1, 10)
    i1 = node(db, "i1")
    assert i1["at"].to_native() == datetime(2023, 2, 1, 10, 0, tzinfo=UTC)  # naive = UTC
    i2 = node(db, "i2")
    assert i2["at"].to_native() == datetime(2023, 1, 5, 8, 30, tzinfo=UTC)  # +01:00 -> UTC
    assert i2["level"] == "OPERATIONAL"  # the model's default

    (employed,) = relationship(db, "p2", "EMPLOYED_BY", "a2")
    assert employed["from"].to_native() == date(2019, 4, 1)
    assert employed["to"].to_native() == date(2024, 3, 31)
    (attended,) = relationship(db, "p2", "PARTICIPATED_IN", "i1")
    assert attended["role"] == "ATTENDEE"  # empty cell in a column with a default
    actions = sorted(r["action"] for r in relationship(db, "i1", "WORKED_ON", "b1"))
    assert actions == ["CREATED", "REVIEWED"]


def test_every_element_carries_provenance_and_the_load_is_recorded(db: Database, tmp_path: Path):
    report = load_dataset(db, SMALL, reject_file=tmp_path / "rejects.csv")

    a1 = node(db, "a1")
    assert a1["sourceDataset"] == "small-fixture"
    assert a1["sourceLoad"] == report.load_id
    assert isinstance(a1["loadedAt"].to_native(), datetime)
    (referral,) = relationship(db, "i2", "REFERRED_TO", "a2")
    assert referral["sourceDataset"] == "small-fixture"
    assert referral["sourceLoad"] == report.load_id

    (load,) = [
        row["load"] for row in db.read("load/loads_of_dataset", {"datasetId": "small-fixture"})
    ]
    assert load["id"] == report.load_id
    assert load["status"] == "DONE"
    assert load["created"] == sum(SMALL_ROWS.values())
    assert load["rejected"] == 0
    assert load["finishedAt"] >= load["startedAt"]


def test_loading_the_same_dataset_again_changes_nothing(db: Database, tmp_path: Path):
    first = load_dataset(db, SMALL, reject_file=tmp_path / "rejects.csv")
    before = node(db, "p1")

    again = load_dataset(db, SMALL, reject_file=tmp_path / "rejects.csv")

    assert per_file(again, "unchanged") == SMALL_ROWS
    assert again.changed == 0 and again.rejected == 0
    assert "nothing changed" in again.headline()
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)
    # Provenance still names the load that wrote the data.
    assert node(db, "p1") == before
    assert node(db, "p1")["sourceLoad"] == first.load_id
    loads = db.read("load/loads_of_dataset", {"datasetId": "small-fixture"})
    assert [row["load"]["unchanged"] for row in loads] == [0, sum(SMALL_ROWS.values())]


def test_a_changed_row_is_updated_and_restamped_the_rest_left_alone(db: Database, tmp_path: Path):
    first = load_dataset(db, SMALL, reject_file=tmp_path / "rejects.csv")
    changed = tmp_path / "changed"
    shutil.copytree(SMALL, changed)
    agencies = (changed / "agencies.csv").read_text(encoding="utf-8")
    (changed / "agencies.csv").write_text(
        agencies.replace("Riverside Primary School", "Riverside Academy"), encoding="utf-8"
    )
    employed = (changed / "employed_by.csv").read_text(encoding="utf-8")
    # p3's employment gets an end date (the key, `from`, stays the same).
    (changed / "employed_by.csv").write_text(
        employed.replace("p3,a3,2021-01-01,,", "p3,a3,2021-01-01,2024-01-31,"), encoding="utf-8"
    )

    second = load_dataset(db, changed, reject_file=tmp_path / "rejects.csv")

    assert per_file(second, "updated")["agencies.csv"] == 1
    assert per_file(second, "unchanged")["agencies.csv"] == 2
    assert per_file(second, "updated")["employed_by.csv"] == 1
    assert second.total("updated") == 2 and second.total("created") == 0
    assert node(db, "a1")["name"] == "Riverside Academy"
    assert node(db, "a1")["sourceLoad"] == second.load_id
    assert node(db, "a2")["sourceLoad"] == first.load_id
    (p3_job,) = relationship(db, "p3", "EMPLOYED_BY", "a3")
    assert p3_job["to"].to_native() == date(2024, 1, 31)
    assert p3_job["sourceLoad"] == second.load_id
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)


@pytest.mark.parametrize("batch_rows", [2000, 1])  # 1: every check crosses batches
def test_bad_rows_are_rejected_with_file_line_column_and_reason(
    db: Database, tmp_path: Path, batch_rows: int
):
    rejects = tmp_path / "bad.rejects.csv"

    report = load_dataset(db, BAD_ROWS, reject_file=rejects, batch_rows=batch_rows)

    assert per_file(report, "rows") == {
        "agencies.csv": 4,
        "professionals.csv": 4,
        "families.csv": 1,
        "episodes.csv": 3,
        "interactions.jsonl": 4,
        "employed_by.csv": 7,
    }
    assert per_file(report, "created") == {
        "agencies.csv": 2,
        "professionals.csv": 2,
        "families.csv": 1,
        "episodes.csv": 1,
        "interactions.jsonl": 1,
        "employed_by.csv": 1,
    }
    assert report.rejected == 15
    assert report.exit_code == 2
    assert report.reject_file == rejects

    with rejects.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "line", "column", "reason"]
    found = {(r["file"], int(r["line"]), r["column"]): r["reason"] for r in rows}
    expected = {
        ("agencies.csv", 3, "sector"): "got 'SOCIAL'",  # unknown allowed value
        ("agencies.csv", 4, "id"): "duplicate id 'a1'",
        ("professionals.csv", 3, "id"): "already used by an Agency",
        ("professionals.csv", 5, ""): "2 fields but the header has 3",
        ("episodes.csv", 3, "openedAt"): "'10/01/2023' is not a date in the form YYYY-MM-DD",
        ("episodes.csv", 4, "closedAt"): "closedAt is before openedAt",
        ("interactions.jsonl", 2, "colour"): "unknown column",
        ("interactions.jsonl", 3, ""): "not valid JSON",
        ("interactions.jsonl", 4, ""): "one JSON object",
        ("employed_by.csv", 3, "target"): "'a2' is not a node",  # its row was rejected
        ("employed_by.csv", 4, "target"): "'a9' is not a node",
        ("employed_by.csv", 5, "to"): "to is before from",
        ("employed_by.csv", 6, "source"): "is a Family, but EMPLOYED_BY starts at a Professional",
        ("employed_by.csv", 7, ""): "duplicate row",
        ("employed_by.csv", 8, "from"): "day value is outside expected range",
    }
    assert set(found) == set(expected)
    for where, words in expected.items():
        assert words in found[where], (where, found[where])

    nodes, relationships = model_counts(db)
    assert nodes == {"Agency": 2, "Professional": 2, "Family": 1, "Episode": 1, "Interaction": 1}
    assert relationships == {"EMPLOYED_BY": 1}
    assert node(db, "a1")["name"] == "Riverside Primary School"  # the first a1 won


def test_a_reference_to_a_node_already_in_the_database_is_accepted(db: Database, tmp_path: Path):
    load_dataset(db, SMALL, reject_file=tmp_path / "small.csv")
    from tests.loader_support import write_dataset

    extra = write_dataset(
        tmp_path / "extra",
        {
            "professionals": (
                "professionals.csv",
                "id,name,profession\np9,Dee Nurse,SCHOOL_NURSE\n",
            ),
            "employed_by": (
                "employed_by.csv",
                "source,target,from\np9,a3,2024-01-01\np9,f1,2024-01-01\n",
            ),
        },
        {"datasetId": "extra"},
    )

    report = load_dataset(db, extra, reject_file=tmp_path / "extra.csv")

    assert per_file(report, "created") == {"professionals.csv": 1, "employed_by.csv": 1}
    assert report.rejected == 1  # p9 -> f1: f1 is a Family in the database
    (job,) = relationship(db, "p9", "EMPLOYED_BY", "a3")
    assert job["sourceDataset"] == "extra"


def test_an_id_stored_under_another_label_is_rejected(db: Database, tmp_path: Path):
    load_dataset(db, SMALL, reject_file=tmp_path / "small.csv")
    from tests.loader_support import write_dataset

    clash = write_dataset(
        tmp_path / "clash",
        {"families": ("families.csv", "id,reference\na1,FAM-9\nf9,FAM-10\n")},
    )

    report = load_dataset(db, clash, reject_file=tmp_path / "clash.csv")

    assert per_file(report, "created") == {"families.csv": 1}
    assert report.first_rejects[0].reason == (
        "id 'a1' already belongs to an Agency in the knowledge base"
    )
    assert node(db, "a1")["sector"] == "EDUCATION"


def test_dry_run_checks_everything_and_writes_nothing(db: Database, tmp_path: Path):
    rejects = tmp_path / "dry.csv"

    report = load_dataset(db, BAD_ROWS, dry_run=True, reject_file=rejects)

    assert report.rejected == 15
    assert report.total("valid") == 23 - 15
    assert report.total("created") == 0 and report.load_id is None
    assert "nothing written" in report.headline()
    assert len(rejects.read_text(encoding="utf-8").splitlines()) == 1 + 15
    assert db.read("load/graph_counts") == []


def test_strict_writes_nothing_when_any_row_is_rejected(db: Database, tmp_path: Path):
    report = load_dataset(db, BAD_ROWS, strict=True, reject_file=tmp_path / "strict.csv")

    assert report.aborted_by_strict
    assert report.rejected == 15
    assert report.exit_code == 2
    assert db.read("load/graph_counts") == []


def test_strict_loads_a_clean_dataset(db: Database, tmp_path: Path):
    report = load_dataset(db, SMALL, strict=True, reject_file=tmp_path / "strict.csv")

    assert not report.aborted_by_strict
    assert per_file(report, "created") == SMALL_ROWS
    assert model_counts(db) == (SMALL_NODES, SMALL_RELATIONSHIPS)


def test_the_default_reject_file_sits_beside_the_dataset(db: Database, tmp_path: Path):
    copy = tmp_path / "datasets" / "bad"
    shutil.copytree(BAD_ROWS, copy)

    report = load_dataset(db, copy, dry_run=True)

    assert report.reject_file == tmp_path / "datasets" / "bad-rows-fixture.rejects.csv"
    assert report.reject_file.exists()


def test_a_fatal_problem_writes_nothing(db: Database, tmp_path: Path):
    broken = tmp_path / "broken"
    shutil.copytree(SMALL, broken)
    (broken / "referred_to.jsonl").unlink()  # the last file: everything before it is fine

    with pytest.raises(DatasetError, match=r"referred_to.jsonl: missing file"):
        load_dataset(db, broken, reject_file=tmp_path / "r.csv")

    assert db.read("load/graph_counts") == []


def test_a_load_refuses_to_write_without_the_schema(db: Database, tmp_path: Path):
    from kb.loading import DatabaseFailed
    from kb.storage.schema import apply_schema

    db.write("load/drop_agency_id_constraint")
    try:
        with pytest.raises(DatabaseFailed, match=r"run `kb schema apply` first"):
            load_dataset(db, SMALL, reject_file=tmp_path / "r.csv")
        assert db.read("load/graph_counts") == []
        # A dry run writes nothing, so it does not need the schema.
        assert load_dataset(db, SMALL, dry_run=True).rejected == 0
    finally:
        apply_schema(db)


def test_the_progress_bar_changes_nothing_but_the_display(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    report = load_dataset(db, SMALL, progress=True, reject_file=tmp_path / "r.csv")

    assert per_file(report, "created") == SMALL_ROWS
    assert "load agencies.csv" in capsys.readouterr().err


def test_on_behalf_of_must_name_an_agency(db: Database, tmp_path: Path):
    from tests.loader_support import write_dataset

    root = write_dataset(
        tmp_path / "ds",
        {
            "agencies": ("agencies.csv", "id,name,sector\na1,School,EDUCATION\n"),
            "professionals": ("professionals.csv", "id,name,profession\np1,Ada,TEACHER\n"),
            "families": ("families.csv", "id,reference\nf1,FAM-1\n"),
            "involved_with": (
                "involved_with.csv",
                "source,target,from,role,onBehalfOf\n"
                "p1,f1,2023-01-01,CONTRIBUTOR,a1\n"
                "p1,f1,2023-02-01,CONTRIBUTOR,f1\n"
                "p1,f1,2023-03-01,CONTRIBUTOR,a404\n"
                "p1,f1,2023-04-01,KEY_WORKER,\n",
            ),
        },
    )

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert per_file(report, "created")["involved_with.csv"] == 2
    found = {(r.line, r.column): r.reason for r in report.first_rejects}
    assert found == {
        (3, "onBehalfOf"): "onBehalfOf 'f1' is a Family, not an Agency",
        (4, "onBehalfOf"): (
            "onBehalfOf 'a404' is not an Agency of this dataset or of the knowledge base"
        ),
    }
