"""Unchanged reloads (issue #11 item 3): a file whose fingerprint matches the dataset's last
load, with no write to the database since, is reported unchanged without being compared;
any write since (a mutation, an erasure, another load that wrote, a write beside the
load) or any changed byte makes the next reload compare again and restore what the
dataset says. `--verify` always compares.

Expected counts come from the hand-counted small fixture (tests/loader_support.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from api.mutations import writes
from kb.loading import LoadReport, load_dataset
from kb.security.erasure import erase_family
from kb.security.roles import CLI_PRINCIPAL
from kb.storage.database import Database
from kb.writing.generation import advance_write_generation, current_write_generation
from tests.loader_support import SMALL, SMALL_ROWS, node, write_dataset


def compared(report: LoadReport) -> dict[str, bool]:
    return {counts.file: counts.compared for counts in report.files}


class Sent:
    """Records the names of the statements a load reads and writes."""

    def __init__(self, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        read, write, together = db.read, db.write, db.write_together

        def reading(name: str, params: Mapping[str, Any] | None = None) -> Any:
            self.names.append(name)
            return read(name, params)

        def writing(name: str, params: Mapping[str, Any] | None = None) -> Any:
            self.names.append(name)
            return write(name, params)

        def writing_together(steps: Any) -> Any:
            steps = list(steps)
            self.names.extend(name for name, _ in steps)
            return together(steps)

        monkeypatch.setattr(db, "read", reading)
        monkeypatch.setattr(db, "write", writing)
        monkeypatch.setattr(db, "write_together", writing_together)

    def of_elements(self) -> list[str]:
        """The statements that read or write the model's elements (not the load's record)."""
        return [n for n in self.names if n.startswith(("load/compare", "load/nodes", "load/relat"))]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A copy of the small fixture the test may change."""
    copy = tmp_path / "small"
    shutil.copytree(SMALL, copy)
    return copy


def load(db: Database, root: Path, tmp_path: Path, **options: Any) -> LoadReport:
    return load_dataset(db, root, reject_file=tmp_path / "r.csv", **options)


def test_an_unchanged_reload_reads_nothing_of_the_graph(
    db: Database, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    first = load(db, small, tmp_path)
    assert all(compared(first).values())

    sent = Sent(db, monkeypatch)
    again = load(db, small, tmp_path)

    assert sent.of_elements() == []
    assert compared(again) == {file: False for file in SMALL_ROWS}
    assert {c.file: c.unchanged for c in again.files} == SMALL_ROWS
    assert again.total("created") == again.total("updated") == again.rejected == 0
    assert "nothing changed" in again.headline() and "not compared" in again.headline()
    # It stays clean: the next reload skips again.
    assert not any(compared(load(db, small, tmp_path)).values())


def test_verify_compares_every_row(db: Database, small: Path, tmp_path: Path):
    load(db, small, tmp_path)

    again = load(db, small, tmp_path, verify=True)

    assert all(compared(again).values())
    assert {c.file: c.unchanged for c in again.files} == SMALL_ROWS


def test_a_file_changed_by_one_byte_is_compared_and_the_rest_skipped(
    db: Database, small: Path, tmp_path: Path
):
    load(db, small, tmp_path)
    agencies = small / "agencies.csv"
    text = agencies.read_text()
    name = text.splitlines()[1].split(",")[1]  # the first agency's name
    agencies.write_text(text.replace(name, name[:-1] + chr(ord(name[-1]) ^ 1), 1))

    again = load(db, small, tmp_path)

    assert compared(again) == {file: file == "agencies.csv" for file in SMALL_ROWS}
    changed = next(c for c in again.files if c.file == "agencies.csv")
    assert (changed.updated, changed.unchanged) == (1, SMALL_ROWS["agencies.csv"] - 1)
    # The changed file wrote, and nothing else did: the load is clean, the next one skips.
    assert not any(compared(load(db, small, tmp_path)).values())


def test_a_mutation_between_two_loads_makes_the_reload_compare_and_restore(
    db: Database, small: Path, tmp_path: Path
):
    load(db, small, tmp_path)
    agency = node(db, "a1")
    edited = {"id": "a1", "name": "Renamed by a steward", "sector": agency["sector"]}
    writes.write(
        db, CLI_PRINCIPAL, "upsertAgency", [writes.node_write(db, "Agency", edited)], ["a1"]
    )
    assert node(db, "a1")["name"] == "Renamed by a steward"

    again = load(db, small, tmp_path)

    assert all(compared(again).values())
    assert again.total("updated") == 1
    assert node(db, "a1")["name"] == agency["name"]  # what the dataset says


def test_an_unchanged_mutation_advances_nothing(db: Database, small: Path, tmp_path: Path):
    load(db, small, tmp_path)
    agency = node(db, "a1")
    same = {"id": "a1", "name": agency["name"], "sector": agency["sector"]}
    before = current_write_generation(db)
    writes.write(db, CLI_PRINCIPAL, "upsertAgency", [writes.node_write(db, "Agency", same)], ["a1"])

    assert current_write_generation(db) == before
    assert not any(compared(load(db, small, tmp_path)).values())


def test_an_erasure_between_two_loads_makes_the_reload_compare(
    db: Database, small: Path, tmp_path: Path
):
    load(db, small, tmp_path)
    families = (small / "families.csv").read_text().splitlines()
    erased = families[1].split(",")[0]
    erase_family(db, erased, CLI_PRINCIPAL)

    again = load(db, small, tmp_path)

    assert all(compared(again).values())
    family = next(c for c in again.files if c.file == "families.csv")
    # The erased family's row is compared (restored, or refused as erased): not skipped.
    assert family.unchanged == SMALL_ROWS["families.csv"] - 1


def test_another_dataset_that_writes_makes_the_reload_compare(
    db: Database, small: Path, tmp_path: Path
):
    other = write_dataset(
        tmp_path / "other",
        {"agencies": ("agencies.csv", "id,name,sector\nz1,Other School,EDUCATION\n")},
        {"datasetId": "other"},
    )
    load(db, small, tmp_path)
    load(db, other, tmp_path)  # writes z1

    assert all(compared(load(db, small, tmp_path)).values())
    # Reloading `other` unchanged writes nothing, so `small` stays clean after it.
    load(db, other, tmp_path)
    assert not any(compared(load(db, small, tmp_path)).values())


def test_a_write_beside_a_load_makes_the_next_reload_compare(
    db: Database, small: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    write_together = db.write_together
    done: list[bool] = []

    def with_a_write_beside(steps: Any) -> Any:
        if not done:  # another writer commits while the load runs
            done.append(db.in_write_transaction(lambda tx: advance_write_generation(db, tx)) > 0)
        return write_together(steps)

    monkeypatch.setattr(db, "write_together", with_a_write_beside)
    first = load(db, small, tmp_path)
    monkeypatch.undo()
    assert done and first.rejected == 0
    loads = db.read("load/loads_of_dataset", {"datasetId": "small-fixture"})
    assert loads[-1]["load"].get("cleanGeneration") is None  # not clean: not a baseline

    assert all(compared(load(db, small, tmp_path)).values())


def test_a_failed_or_partial_load_is_never_a_baseline(db: Database, small: Path, tmp_path: Path):
    bad = small / "agencies.csv"
    bad.write_text(bad.read_text() + "a9,Bad Agency,NOT_A_SECTOR\n")
    first = load(db, small, tmp_path)
    assert first.rejected == 1

    again = load(db, small, tmp_path)

    # The file with a rejected row is read again (its rejects reported again); the rest skip.
    assert compared(again) == {file: file == "agencies.csv" for file in SMALL_ROWS}
    assert again.rejected == 1


def test_the_generation_moves_only_with_writes(db: Database, small: Path, tmp_path: Path):
    start = current_write_generation(db)
    load(db, small, tmp_path, dry_run=True)
    assert current_write_generation(db) == start
    load(db, small, tmp_path)
    after_first = current_write_generation(db)
    assert after_first == start + 1  # once per load that writes, not per batch
    load(db, small, tmp_path, verify=True)  # compares everything, writes nothing
    assert current_write_generation(db) == after_first
    stamp = datetime.now(UTC)
    assert node(db, "a1")["loadedAt"].to_native() < stamp
