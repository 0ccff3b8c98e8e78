"""Erasure that lasts: a reload of the dataset that still holds an erased family is refused
row by row until an ADMIN lifts it; a deleted family is erased from what the delete left;
later audit events name an erased id by its token only.

Expected rows are worked out from the fixture's files (tests/fixtures/erasure) and the
hand-counted footprint in tests/erasure_support.py, not from the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.mutations import writes
from kb.cli import app
from kb.loading import load_dataset
from kb.security import audit
from kb.security.erasure import erase_family
from kb.security.roles import CLI_PRINCIPAL, Principal, Role
from kb.settings import Settings
from kb.storage.database import Database
from kb.writing.generation import current_write_generation
from tests.dataset_rows import FIXTURES, read_dataset
from tests.erasure_support import ERASED, KEPT, ids_by_label, leftovers
from tests.security_support import gql, keyed_client

FIXTURE = FIXTURES / "erasure"
ERASE = "mutation($id: ID!) { eraseFamily(id: $id) { familyToken nodesRemoved %s } }"
LIFT = "mutation($f: ID!) { liftErasure(family: $f) { familyToken ids } }"
ERASED_IDS = {i for ids in ERASED.values() for i in ids}


@pytest.fixture
def runner(neo4j_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner of the `kb` command line, pointed at the server under test."""
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.setenv(name, getattr(neo4j_settings, name.lower()))
    return CliRunner()


def rows_naming_erased_ids() -> set[tuple[str, int]]:
    """(file, line) of every row whose id, source or target is an erased id, read from the
    fixture's CSV files (line 1 is the header)."""
    names = json.loads((FIXTURE / "manifest.json").read_text())["files"]
    found = set()
    for key, rows in read_dataset(FIXTURE).items():
        for line, row in enumerate(rows, start=2):
            if {row.get("id"), row.get("source"), row.get("target")} & ERASED_IDS:
                found.add((names[key], line))
    return found


def reload(db: Database, tmp_path: Path) -> tuple[Any, list[dict[str, str]]]:
    rejects = tmp_path / "rejects.csv"
    report = load_dataset(db, FIXTURE, reject_file=rejects)
    if not rejects.exists():
        return report, []
    with rejects.open(encoding="utf-8", newline="") as handle:
        return report, list(csv.DictReader(handle))


def run(db: Database, cypher: str) -> list[dict[str, Any]]:
    """A statement of the test's own (the register read raw; a fixture's extra nodes)."""
    records, _, _ = db.driver.execute_query(cypher, database_=db.settings.neo4j_database)
    return [dict(r) for r in records]


def erase(client: Any, token: str, more: str = "") -> dict[str, Any]:
    body: dict[str, Any] = gql(client, ERASE % more, token, {"id": "FAM-GONE"}).json()
    assert "errors" not in body, body
    return body["data"]["eraseFamily"]


def test_a_reload_refuses_the_erased_family_until_an_admin_lifts_it(
    loaded: Database, tmp_path: Path
) -> None:
    db = loaded
    expected = rows_naming_erased_ids()
    assert len(expected) == 13 + 31  # the footprint's nodes and relationships, one row each
    with keyed_client(db) as (client, tokens):
        token = erase(client, tokens[Role.ADMIN])["familyToken"]
        report, rejected = reload(db, tmp_path)

        assert report.rejected == len(expected)
        assert {(r["file"], int(r["line"])) for r in rejected} == expected
        assert all(f"erased family ({token})" in r["reason"] for r in rejected)
        assert all(f"kb erasures lift {token}" in r["reason"] for r in rejected)
        assert ids_by_label(db) == KEPT  # nothing came back
        assert leftovers(db) == []
        rejects_text = (tmp_path / "rejects.csv").read_text(encoding="utf-8")
        assert [i for i in ERASED_IDS if i in rejects_text] == []  # the reasons name no id

        listed = gql(client, "{ erasures { familyToken ids } }", tokens[Role.ADMIN]).json()
        assert listed["data"]["erasures"] == [{"familyToken": token, "ids": len(ERASED_IDS)}]
        steward = gql(client, LIFT, tokens[Role.STEWARD], {"f": "FAM-GONE"}).json()
        assert steward["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        generation = current_write_generation(db)
        lifted = gql(client, LIFT, tokens[Role.ADMIN], {"f": "FAM-GONE"}).json()
        assert lifted["data"]["liftErasure"] == {"familyToken": token, "ids": len(ERASED_IDS)}
        assert current_write_generation(db) > generation  # the next reload compares again
        again = gql(client, LIFT, tokens[Role.ADMIN], {"f": token}).json()
        assert again["errors"][0]["extensions"]["code"] == "NOT_FOUND"

    events, _ = audit.list_events(db, first=100, operation="liftErasure")
    assert [e.ids for e in events] == [[token]]
    report, rejected = reload(db, tmp_path)
    assert report.rejected == 0 and rejected == []
    assert ids_by_label(db)["Family"] == {"FAM-GONE", "FAM-KEEP"}  # back, as the dataset says
    assert ids_by_label(db)["Client"] == KEPT["Client"] | ERASED["Client"]


def test_the_register_keeps_keyed_hashes_never_the_ids(loaded: Database) -> None:
    db = loaded
    settings = db.settings.model_copy(update={"erasure_key": "a documented secret"})
    keyed = Database(settings, db.driver)
    report = erase_family(keyed, "FAM-GONE", CLI_PRINCIPAL)

    stored = run(db, "MATCH (x:ErasedId) RETURN x.hash AS hash, x.family AS family")
    key = b"a documented secret"

    def keyed_hash(id_: str) -> str:
        return hmac.new(key, b"kb erased id\x00" + id_.encode(), hashlib.sha256).hexdigest()

    assert {row["hash"] for row in stored} == {keyed_hash(i) for i in ERASED_IDS}
    assert {row["family"] for row in stored} == {keyed_hash("FAM-GONE")}
    assert report.family_token == "erased-" + keyed_hash("FAM-GONE")[:20]
    unkeyed = hashlib.sha256(b"FAM-GONE").hexdigest()
    assert all(unkeyed not in (row["hash"], row["family"]) for row in stored)
    assert leftovers(db) == []  # the register names nothing in clear


def test_with_another_key_the_register_recognises_nothing(loaded: Database, tmp_path: Path) -> None:
    # Why the key must stay the same (docs/settings.md): a changed key forgets erasures.
    db = loaded
    erase_family(db, "FAM-GONE", CLI_PRINCIPAL)
    other = Database(db.settings.model_copy(update={"erasure_key": "another key"}), db.driver)
    report = load_dataset(other, FIXTURE, reject_file=tmp_path / "r.csv")
    assert report.rejected == 0
    assert "FAM-GONE" in ids_by_label(db)["Family"]


def test_kb_erasures_lists_and_lifts(loaded: Database, runner: CliRunner, tmp_path: Path) -> None:
    db = loaded
    token = erase_family(db, "FAM-GONE", CLI_PRINCIPAL).family_token

    listed = runner.invoke(app, ["erasures", "list"])
    assert listed.exit_code == 0, listed.output
    assert token in listed.output and "FAM-GONE" not in listed.output
    lifted = runner.invoke(app, ["erasures", "lift", token])
    assert lifted.exit_code == 0, lifted.output
    assert f"lifted {token}" in lifted.output
    again = runner.invoke(app, ["erasures", "lift", "FAM-GONE"])
    assert again.exit_code == 1 and "no erasure of that family" in again.output
    assert [e.ids for e in audit.list_events(db, first=10, operation="liftErasure")[0]] == [[token]]
    assert load_dataset(db, FIXTURE, reject_file=tmp_path / "r.csv").rejected == 0


# -- a family deleted by deleteNode ----------------------------------------------------------


def test_a_steward_cannot_delete_a_family(loaded: Database) -> None:
    db = loaded
    query = 'mutation { deleteNode(label: Family, id: "FAM-GONE") { auditEventId } }'
    with keyed_client(db) as (client, tokens):
        for role in (Role.STEWARD, Role.ADMIN):
            body = gql(client, query, tokens[role]).json()
            assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
            assert "eraseFamily" in body["errors"][0]["message"]
    assert ids_by_label(db)["Family"] == {"FAM-GONE", "FAM-KEEP"}
    assert audit.list_events(db, first=10, operation="deleteFamily")[0] == []


def test_erasure_removes_what_an_earlier_family_delete_left(
    loaded: Database, tmp_path: Path
) -> None:
    db = loaded
    # What deleteNode on a Family did before it was refused: the family node and its
    # relationships go, its clients, episodes, interactions and objects stay.
    steward = Principal("key-s", Role.STEWARD, "s")
    writes.delete_node(db, steward, "Family", "FAM-GONE")
    assert ids_by_label(db)["Client"] == KEPT["Client"] | ERASED["Client"]
    generation = current_write_generation(db)

    with keyed_client(db) as (client, tokens):
        report = erase(client, tokens[Role.ADMIN], "familyDeletedBefore")
    # The same footprint as erasing the family itself, without the family node.
    assert report["familyDeletedBefore"] is True
    assert report["nodesRemoved"] == len(ERASED_IDS) - 1
    assert ids_by_label(db) == KEPT
    assert leftovers(db) == []  # the delete's audit event names the family by its token now
    assert current_write_generation(db) > generation
    deleted = audit.list_events(db, first=10, operation="deleteFamily")[0]
    assert [e.ids for e in deleted] == [[report["familyToken"]]]
    # And the register refuses the family on a reload, as after any erasure.
    _, rejected = reload(db, tmp_path)
    assert {(r["file"], int(r["line"])) for r in rejected} == rows_naming_erased_ids()
    assert ids_by_label(db) == KEPT


def test_an_orphan_that_was_never_the_deleted_familys_stays(loaded: Database) -> None:
    db = loaded
    # An interaction between professionals only, about no family, and an object no
    # interaction worked on: not family-level data of anyone.
    run(
        db,
        "CREATE (:Interaction {id: 'IN-PRO', kind: 'MEETING', at: datetime('2020-01-01T00:00Z'),"
        " level: 'OPERATIONAL'})<-[:PARTICIPATED_IN {role: 'CHAIR'}]-(:Professional {id: 'P9',"
        " name: 'Pat Nine', profession: 'SOCIAL_WORKER'}),"
        " (:BoundaryObject {id: 'BO-RULE', kind: 'SHARED_GOAL', title: 'A rule',"
        " createdAt: date('2020-01-01')})",
    )
    writes.delete_node(db, Principal("key-s", Role.STEWARD, "s"), "Family", "FAM-GONE")
    erase_family(db, "FAM-GONE", CLI_PRINCIPAL)
    found = ids_by_label(db)
    assert "IN-PRO" in found["Interaction"] and "BO-RULE" in found["BoundaryObject"]
    assert found["Client"] == KEPT["Client"]


# -- the audit after an erasure ------------------------------------------------------------


READS_OF_THE_ERASED_FAMILY = [
    'familyConfiguration(familyId: "FAM-GONE", at: "2020-03-01T00:00:00Z") { size }',
    'interactions(filter: {familyId: "FAM-GONE"}) { totalCount }',
    'boundaryCrossingPaths(from: "P1", to: "FAM-GONE", maxHops: 3) { count }',
]


@pytest.mark.parametrize("field", READS_OF_THE_ERASED_FAMILY)
def test_reading_an_erased_family_logs_its_token_not_its_id(loaded: Database, field: str) -> None:
    db = loaded
    with keyed_client(db) as (client, tokens):
        token = erase(client, tokens[Role.ADMIN])["familyToken"]
        body = gql(client, f"{{ {field} }}", tokens[Role.ANALYST]).json()
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND", body
    attempts = audit.list_events(db, first=10, operation="readFamily")[0]
    assert attempts and all(token in e.ids for e in attempts)
    assert all("FAM-GONE" not in e.ids for e in attempts)
    assert leftovers(db) == []


def test_every_audit_write_names_an_erased_id_by_its_token(loaded: Database) -> None:
    db = loaded
    report = erase_family(db, "FAM-GONE", CLI_PRINCIPAL)
    event = audit.record(db, CLI_PRINCIPAL, "family", ["FAM-KEEP", "CL-G1", "FAM-GONE"])
    steward = Principal("key-s", Role.STEWARD, "s")
    step = writes.node_write(db, "Agency", {"id": "A1", "name": "Renamed", "sector": "HEALTH"})
    written = writes.write(db, steward, "upsertAgency", [step], ["A1", "CL-G2"])

    by_id = {e.id: e.ids for e in audit.list_events(db, first=100)[0]}
    tokens = by_id[event]
    assert tokens[0] == "FAM-KEEP" and tokens[2] == report.family_token
    assert tokens[1].startswith("erased-") and tokens[1] != report.family_token
    assert by_id[written.audit_event_id][0] == "A1"
    assert by_id[written.audit_event_id][1].startswith("erased-")
    assert leftovers(db) == []


# -- a restored backup ------------------------------------------------------------------


def test_a_restored_backup_is_erased_again_from_the_kept_register(
    loaded: Database, runner: CliRunner, tmp_path: Path
) -> None:
    db = loaded
    token = erase_family(db, "FAM-GONE", CLI_PRINCIPAL).family_token
    kept = tmp_path / "register.jsonl"
    exported = runner.invoke(app, ["erasures", "export", str(kept)])
    assert exported.exit_code == 0, exported.output
    text = kept.read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(ERASED_IDS)
    assert [i for i in ERASED_IDS if i in text] == []  # hashes only

    # A backup from before the erasure, restored: the family and no register.
    run(db, "MATCH (x:ErasedId) DELETE x")
    assert load_dataset(db, FIXTURE, reject_file=tmp_path / "r.csv").rejected == 0
    assert "FAM-GONE" in ids_by_label(db)["Family"]

    imported = runner.invoke(app, ["erasures", "import", str(kept)])
    assert imported.exit_code == 0, imported.output
    assert f"{len(ERASED_IDS)} erased-id hashes added; 1 of its families" in imported.output
    assert token in imported.output
    assert ids_by_label(db) == KEPT
    assert leftovers(db) == []
    assert load_dataset(db, FIXTURE, reject_file=tmp_path / "r2.csv").rejected == 13 + 31
    again = runner.invoke(app, ["erasures", "import", str(kept)])  # idempotent
    assert "0 erased-id hashes added; 0 of its families" in again.output

    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"hash": "x"}\n', encoding="utf-8")
    refused = runner.invoke(app, ["erasures", "import", str(broken)])
    assert refused.exit_code == 1 and "each row needs hash, family and erasedAt" in refused.output


def test_every_erasure_advances_the_write_generation(loaded: Database, tmp_path: Path) -> None:
    db = loaded
    before = current_write_generation(db)
    erase_family(db, "FAM-GONE", CLI_PRINCIPAL)
    assert current_write_generation(db) > before
    # So the reload compares every file again instead of skipping it as unchanged.
    _, rejected = reload(db, tmp_path)
    assert len(rejected) == len(rows_naming_erased_ids())
