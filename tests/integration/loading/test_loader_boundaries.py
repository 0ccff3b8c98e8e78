"""The loader touches only what is its own (issue #13): it reads only the files inside the
dataset's folder, writes its reject file only where it was asked to (never over an input,
never over a file that is not a reject file without saying so), reads every line with a
bound, and refuses rows whose meaning is ambiguous (a perspective revising itself, a JSON
object with a key twice).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.loading import DatasetError, LoadError, load_dataset
from kb.storage.database import Database
from tests.loader_support import SMALL, write_dataset

AGENCY = "id,name,sector\na1,Riverside School,EDUCATION\n"


def _manifest_naming(root: Path, name: str) -> Path:
    """A dataset folder whose manifest lists `name` as its agencies file."""
    write_dataset(root, {"agencies": ("agencies.csv", AGENCY)})
    document = json.loads((root / "manifest.json").read_text())
    document["files"]["agencies"] = name
    (root / "manifest.json").write_text(json.dumps(document))
    return root


@pytest.mark.parametrize("how", ["dot-dot", "absolute", "symlink out", "symlinked folder"])
def test_a_manifest_naming_a_file_outside_its_folder_is_refused(
    db: Database, tmp_path: Path, how: str
):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "agencies.csv"
    secret.write_text(AGENCY)
    root = tmp_path / "ds"
    root.mkdir()
    if how == "dot-dot":
        name = "../elsewhere/agencies.csv"
    elif how == "absolute":
        name = str(secret)
    elif how == "symlink out":
        (root / "link.csv").symlink_to(secret)
        name = "link.csv"
    else:
        (root / "sub").symlink_to(outside, target_is_directory=True)
        name = "sub/agencies.csv"
    _manifest_naming(root, name)

    with pytest.raises(DatasetError) as raised:
        load_dataset(db, root, reject_file=tmp_path / "r.csv")

    message = str(raised.value)
    assert "outside the dataset folder" in message or "absolute path" in message
    assert "\n" not in message
    assert db.read("load/graph_counts") == []


def test_a_symlink_that_stays_inside_the_folder_is_read(db: Database, tmp_path: Path):
    root = tmp_path / "ds"
    (root / "data").mkdir(parents=True)
    (root / "data" / "real.csv").write_text(AGENCY)
    _manifest_naming(root, "agencies-link.csv")
    (root / "agencies-link.csv").symlink_to(root / "data" / "real.csv")

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert report.total("created") == 1


def test_the_default_reject_file_never_leaves_the_datasets_parent(db: Database, tmp_path: Path):
    # Today's code wrote `<parent>/../../escaped.rejects.csv` for this id.
    root = write_dataset(
        tmp_path / "a" / "b" / "ds",
        {"agencies": ("agencies.csv", AGENCY + "a2,Bad,NOT_A_SECTOR\n")},
        {"datasetId": "../../escaped"},
    )

    with pytest.raises(DatasetError):
        load_dataset(db, root)

    assert list(tmp_path.rglob("*.rejects.csv")) == []
    assert db.read("load/graph_counts") == []


@pytest.mark.parametrize("target", ["manifest.json", "agencies.csv", "link to agencies"])
def test_a_reject_file_that_is_one_of_the_inputs_is_refused_and_the_input_kept(
    db: Database, tmp_path: Path, target: str
):
    root = write_dataset(
        tmp_path / "ds", {"agencies": ("agencies.csv", AGENCY + "a2,Bad,NOT_A_SECTOR\n")}
    )
    before = {p.name: p.read_bytes() for p in root.iterdir()}
    if target == "link to agencies":
        rejects = tmp_path / "rejects.csv"
        rejects.symlink_to(root / "agencies.csv")
    else:
        rejects = root / target

    with pytest.raises(LoadError, match=r"one of the dataset's own files") as raised:
        load_dataset(db, root, reject_file=rejects)

    assert "\n" not in str(raised.value)
    assert {p.name: p.read_bytes() for p in root.iterdir()} == before
    assert db.read("load/graph_counts") == []


def test_a_reject_file_path_holding_another_file_is_refused(db: Database, tmp_path: Path):
    notes = tmp_path / "notes.csv"
    notes.write_text("my,own,notes\n1,2,3\n")
    root = write_dataset(tmp_path / "ds", {"agencies": ("agencies.csv", AGENCY)})

    with pytest.raises(LoadError, match=r"exists and is not a reject file"):
        load_dataset(db, root, reject_file=notes)

    assert notes.read_text() == "my,own,notes\n1,2,3\n"
    assert db.read("load/graph_counts") == []


def test_an_earlier_reject_file_is_replaced_and_the_report_says_so(db: Database, tmp_path: Path):
    rejects = tmp_path / "r.csv"
    bad = write_dataset(
        tmp_path / "bad", {"agencies": ("agencies.csv", AGENCY + "a2,Bad,NOT_A_SECTOR\n")}
    )
    first = load_dataset(db, bad, reject_file=rejects)
    assert first.rejected == 1 and first.earlier_rejects is None
    assert "replacing" not in first.headline()

    second = load_dataset(db, bad, reject_file=rejects)
    assert second.earlier_rejects == rejects
    assert "(replacing the reject file of an earlier load)" in second.headline()
    assert rejects.read_text().count("\n") == 2  # header and the one reject, not appended

    good = write_dataset(tmp_path / "good", {"agencies": ("agencies.csv", AGENCY)})
    third = load_dataset(db, good, reject_file=rejects)
    assert not rejects.exists()
    assert f"the earlier reject file {rejects} was removed" in third.headline()


# -- reading with a bound (see also tests/unit/test_loader_bounds.py) --------------------


def test_an_over_long_csv_row_is_rejected_and_the_next_rows_read(db: Database, tmp_path: Path):
    content = AGENCY + "a2," + "x" * 3_000_000 + ",HEALTH\na3,Plain School,HEALTH\n"
    root = write_dataset(tmp_path / "ds", {"agencies": ("agencies.csv", content)})

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert report.total("created") == 2 and report.rejected == 1
    (reject,) = report.first_rejects
    assert reject.line == 3
    assert "a field is longer than 100,000 characters" in reject.reason


# -- rows whose meaning is ambiguous -----------------------------------------------------


def test_a_perspective_that_revises_itself_is_rejected_with_a_reason(db: Database, tmp_path: Path):
    files = {
        "professionals": ("professionals.csv", "id,name,profession\np1,Ann,TEACHER\n"),
        "perspectives": (
            "perspectives.csv",
            "id,statement,at\nv1,First view,2024-01-01T09:00Z\nv2,Second view,2024-02-01T09:00Z\n",
        ),
        "revises": ("revises.csv", "source,target\nv1,v1\nv2,v1\n"),
    }
    root = write_dataset(tmp_path / "ds", files)

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    (reject,) = report.first_rejects
    assert (reject.file, reject.line, reject.column) == ("revises.csv", 2, "target")
    assert "a perspective cannot revise itself" in reject.reason
    counts = {row["name"]: row["count"] for row in db.read("load/graph_counts")}
    assert counts["REVISES"] == 1


def test_a_json_object_with_a_key_twice_is_rejected_with_a_reason(db: Database, tmp_path: Path):
    content = (
        '{"id": "a1", "name": "Riverside School", "sector": "EDUCATION", "name": "Other"}\n'
        '{"id": "a2", "name": "Plain School", "sector": "HEALTH"}\n'
    )
    root = write_dataset(tmp_path / "ds", {"agencies": ("agencies.jsonl", content)})

    report = load_dataset(db, root, reject_file=tmp_path / "r.csv")

    assert report.total("created") == 1 and report.rejected == 1
    (reject,) = report.first_rejects
    assert (reject.line, reject.column) == (1, "name")
    assert "appears more than once" in reject.reason
    assert db.read("load/node_properties", {"id": "a1"}) == []


def test_the_small_fixture_still_loads_whole(db: Database, tmp_path: Path):
    # The bounded reader reads well-formed files exactly as before.
    report = load_dataset(db, SMALL, reject_file=tmp_path / "r.csv")
    assert report.rejected == 0 and report.total("created") == report.total("rows") == 38
