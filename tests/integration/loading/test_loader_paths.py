"""The loader's fast paths keep its answers: compare-then-write, CREATE for relationships
touching a node the same load created, and dates/instants sent as text.

Expected counts and values are worked out by hand from the tiny datasets below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from kb.loading import LoadReport, load_dataset
from kb.storage.cypher import statement
from kb.storage.database import Database
from kb.writing.statements import names
from tests.loader_support import node, relationship, write_dataset

FIRST = {
    "agencies": ("agencies.csv", "id,name,sector\na1,Riverside School,EDUCATION\n"),
    "professionals": ("professionals.csv", "id,name,profession\np1,Ann Teacher,TEACHER\n"),
    "employed_by": (
        "employed_by.csv",
        "source,target,from,to,role\np1,a1,2019-09-01,,Class teacher\n",
    ),
}

SECOND = {
    # a1 unchanged; p2 new.
    "agencies": ("agencies.csv", "id,name,sector\na1,Riverside School,EDUCATION\n"),
    "professionals": ("professionals.csv", "id,name,profession\np2,Ben Nurse,SCHOOL_NURSE\n"),
    "interactions": (
        "interactions.csv",
        "id,kind,at,endsAt,level\ni1,MEETING,2024-03-01T10:15:30.250+02:00,,OPERATIONAL\n",
    ),
    "employed_by": (
        "employed_by.csv",
        "source,target,from,to,role\n"
        "p1,a1,2019-09-01,2023-07-31,Class teacher\n"  # stored endpoints, stored: updated
        "p1,a1,2023-09-01,,Head of year\n"  # stored endpoints, not stored: created
        "p2,a1,2024-01-01,,\n",  # p2 created by this load: created without comparing
    ),
    "participated_in": ("participated_in.csv", "source,target,role\np1,i1,CHAIR\n"),
}


def counts(report: LoadReport, outcome: str) -> dict[str, int]:
    return {c.file: getattr(c, outcome) for c in report.files}


def test_new_stored_and_changed_rows_are_counted_and_written(db: Database, tmp_path: Path):
    load_dataset(db, write_dataset(tmp_path / "first", FIRST), reject_file=tmp_path / "1.csv")
    second = write_dataset(tmp_path / "second", SECOND, {"datasetId": "second"})

    report = load_dataset(db, second, reject_file=tmp_path / "2.csv")

    assert counts(report, "created") == {
        "agencies.csv": 0,
        "professionals.csv": 1,
        "interactions.csv": 1,
        "employed_by.csv": 2,
        "participated_in.csv": 1,
    }
    assert counts(report, "updated") == {
        "agencies.csv": 0,
        "professionals.csv": 0,
        "interactions.csv": 0,
        "employed_by.csv": 1,
        "participated_in.csv": 0,
    }
    assert report.total("unchanged") == 1 and report.rejected == 0
    jobs = {job["from"].to_native(): job for job in relationship(db, "p1", "EMPLOYED_BY", "a1")}
    assert set(jobs) == {date(2019, 9, 1), date(2023, 9, 1)}
    assert jobs[date(2019, 9, 1)]["to"].to_native() == date(2023, 7, 31)
    assert jobs[date(2019, 9, 1)]["sourceDataset"] == "second"
    assert "to" not in jobs[date(2023, 9, 1)]
    (new_job,) = relationship(db, "p2", "EMPLOYED_BY", "a1")
    assert new_job["from"].to_native() == date(2024, 1, 1) and "role" not in new_job
    assert new_job["sourceDataset"] == "second"
    assert node(db, "a1")["sourceDataset"] == "tmp-dataset"  # unchanged: provenance kept
    (chair,) = relationship(db, "p1", "PARTICIPATED_IN", "i1")
    assert chair["role"] == "CHAIR"


def test_an_instant_sent_as_text_is_stored_as_the_same_utc_datetime(db: Database, tmp_path: Path):
    load_dataset(db, write_dataset(tmp_path / "first", FIRST), reject_file=tmp_path / "1.csv")
    second = write_dataset(tmp_path / "second", SECOND, {"datasetId": "second"})
    load_dataset(db, second, reject_file=tmp_path / "2.csv")

    at = node(db, "i1")["at"]

    assert at.to_native() == datetime(2024, 3, 1, 8, 15, 30, 250_000, tzinfo=UTC)
    assert at.utcoffset().total_seconds() == 0
    again = load_dataset(db, second, reject_file=tmp_path / "2.csv")
    assert again.total("unchanged") == again.total("rows") == 7


def test_no_loader_statement_plans_an_eager_operator(db: Database):
    params = {"rows": [], "datasetId": "d", "loadId": "l", "loadedAt": None}
    eager = {}
    with db.driver.session(database=db.settings.neo4j_database) as session:
        for name in names():
            plan = session.run(f"EXPLAIN {statement(name)}", params).consume().plan
            assert plan is not None
            operators = list(_operators(plan))
            eager[name] = [op for op in operators if op.split("@")[0] == "Eager"]
    assert len(eager) == 10 * 2 + 23 * 4
    assert {name: ops for name, ops in eager.items() if ops} == {}


def _operators(plan: dict[str, object]) -> list[str]:
    found = [str(plan["operatorType"])]
    for child in plan.get("children", []):  # type: ignore[attr-defined]
        found.extend(_operators(child))
    return found
