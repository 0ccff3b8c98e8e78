"""eraseFamily: one transaction, hand-counted footprint, no trace left, audit pseudonymised."""

from __future__ import annotations

from typing import Any

import pytest

from kb.security import audit
from kb.security.erasure import erase_family
from kb.security.roles import CLI_PRINCIPAL, Role
from kb.storage.database import Database
from tests.erasure_support import (
    ERASED,
    IDENTIFYING,
    KEPT,
    RELATIONSHIPS_REMOVED,
    ids_by_label,
    leftovers,
)
from tests.security_support import gql, keyed_client

ERASE = """mutation($id: ID!) { eraseFamily(id: $id) {
  familyToken auditEventId nodesRemoved relationshipsRemoved auditEventsPseudonymised
  counts { kind count } } }"""

def test_erasure_removes_the_footprint_and_nothing_else(loaded: Database) -> None:
    db = loaded
    steward = audit.record(db, CLI_PRINCIPAL, "family", ["FAM-GONE", "CL-G1", "FAM-KEEP"])
    other = audit.record(db, CLI_PRINCIPAL, "family", ["FAM-KEEP"])
    assert leftovers(db)  # the check can fail: before erasure the names are there

    with keyed_client(db) as (client, tokens):
        answer = gql(client, ERASE, tokens[Role.ADMIN], {"id": "FAM-GONE"})
        events = gql(
            client, "{ auditEvents(first: 100) { items { id operation ids } } }", tokens[Role.ADMIN]
        ).json()["data"]["auditEvents"]["items"]
    body = answer.json()
    assert answer.status_code == 200, body
    report = body["data"]["eraseFamily"]
    assert {c["kind"]: c["count"] for c in report["counts"]} == {
        "Family": 1, "clients": 2, "episodes": 1, "interactions": 2,
        "boundaryObjects": 1, "perspectives": 3, "tensions": 3,
    }  # fmt: skip
    assert report["nodesRemoved"] == sum(len(ids) for ids in ERASED.values()) == 13
    assert report["relationshipsRemoved"] == RELATIONSHIPS_REMOVED
    assert report["auditEventsPseudonymised"] == 1

    assert ids_by_label(db) == KEPT
    assert leftovers(db) == []
    assert "FAM-GONE" not in answer.text and "Gonewell" not in answer.text

    by_id = {e["id"]: e for e in events}
    token = report["familyToken"]
    assert token.startswith("erased-")
    assert by_id[steward]["ids"][0] == token and by_id[steward]["ids"][2] == "FAM-KEEP"
    assert by_id[steward]["ids"][1].startswith("erased-") and by_id[steward]["ids"][1] != token
    assert by_id[other]["ids"] == ["FAM-KEEP"]
    erasure = by_id[report["auditEventId"]]
    assert erasure["operation"] == "eraseFamily" and erasure["ids"] == [token]
    events_text = str(events)
    assert all(word not in events_text for word in IDENTIFYING)


EVERYTHING = """{
  families(first: 100) { nodes { id reference clients { id name birthYear }
    episodes { id referralSource } perspectives { id statement } tensions { id description }
    boundaryObjects { id title } interactions(first: 50) { nodes { id } } } }
  clients(first: 100) { nodes { id name birthYear memberships { family { id } } } }
  interactions(first: 100) { nodes { id participants { participant {
    ... on Client { id name } ... on Professional { id name } } } } }
  boundaryObjects(first: 100) { nodes { id title } }
  perspectives(first: 100) { nodes { id statement holder { ... on Client { id name } } } }
  tensions(first: 100) { nodes { id description resolution } }
  episodes(first: 100) { nodes { id referralSource } }
  professionals(first: 100) { nodes { id families { id reference } } }
  auditEvents(first: 100) { items { ids } }
}"""


def test_no_later_answer_mentions_the_erased_family(loaded: Database) -> None:
    db = loaded
    ids = [i for group in ERASED.values() for i in group]
    with keyed_client(db, api_max_cost=100_000) as (client, tokens):  # one query for all
        before = gql(client, EVERYTHING, tokens[Role.ADMIN])
        gql(client, ERASE, tokens[Role.ADMIN], {"id": "FAM-GONE"})
        after = gql(client, EVERYTHING, tokens[Role.ADMIN])
        nodes = gql(
            client,
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            tokens[Role.ADMIN],
            {"ids": ids},
        )
    assert before.status_code == 200 and "errors" not in before.json()
    assert all(word in before.text for word in IDENTIFYING)  # the check can fail
    assert after.status_code == 200 and "errors" not in after.json(), after.text
    assert [word for word in IDENTIFYING + ids if word in after.text] == []
    assert nodes.json()["data"]["nodes"] == [None] * len(ids)
    kept = after.json()["data"]
    assert [f["id"] for f in kept["families"]["nodes"]] == ["FAM-KEEP"]
    assert {c["id"] for c in kept["clients"]["nodes"]} == KEPT["Client"]
    assert leftovers(db) == []


def test_erasing_twice_or_an_unknown_family_is_not_found_and_writes_nothing(
    loaded: Database,
) -> None:
    db = loaded
    with keyed_client(db) as (client, tokens):
        first = gql(client, ERASE, tokens[Role.ADMIN], {"id": "FAM-GONE"}).json()
        before = _event_count(db)
        again = gql(client, ERASE, tokens[Role.ADMIN], {"id": "FAM-GONE"}).json()
        unknown = gql(client, ERASE, tokens[Role.ADMIN], {"id": "NOPE"}).json()
    assert first["data"]["eraseFamily"]["nodesRemoved"] == 13
    assert again["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert _event_count(db) == before
    assert ids_by_label(db) == KEPT


@pytest.mark.parametrize("role", [Role.ANALYST, Role.STEWARD])
def test_only_admins_erase(loaded: Database, role: Role) -> None:
    db = loaded
    before = ids_by_label(db)
    with keyed_client(db) as (client, tokens):
        answer = gql(client, ERASE, tokens[role], {"id": "FAM-GONE"})
    assert answer.status_code == 403
    assert answer.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert ids_by_label(db) == before
    assert "FAM-GONE" in before["Family"]


def test_a_failure_part_way_leaves_everything_in_place(
    loaded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = loaded
    before = ids_by_label(db)
    real = db.run_named

    def failing(tx: Any, name: str, parameters: Any) -> Any:
        if name == "audit/pseudonymise_ids":  # after the nodes were deleted in this transaction
            raise RuntimeError("simulated crash mid-erasure")
        return real(tx, name, parameters)

    monkeypatch.setattr(db, "run_named", failing)
    with pytest.raises(RuntimeError, match="simulated"):
        erase_family(db, "FAM-GONE", CLI_PRINCIPAL)
    monkeypatch.undo()
    assert ids_by_label(db) == before
    assert _event_count(db) == 0


def _event_count(db: Database) -> int:
    events, _ = audit.list_events(db, first=100)
    return len(events)


def test_a_link_written_during_the_erasure_fails_and_leaves_nothing(
    loaded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from api.errors import ApiError
    from api.mutations import writes
    from kb.security.roles import Principal

    db = loaded
    writer_db = Database(db.settings, db.driver)  # not patched
    locked, written = threading.Event(), threading.Event()
    real = db.run_named

    def pausing(tx: Any, name: str, parameters: Any) -> Any:
        rows = real(tx, name, parameters)
        if name == "erasure/lock_family":
            locked.set()
            written.wait(timeout=5)  # the writer is blocked on the lock (or already failed)
        return rows

    monkeypatch.setattr(db, "run_named", pausing)
    eraser = threading.Thread(target=erase_family, args=(db, "FAM-GONE", CLI_PRINCIPAL))
    eraser.start()
    assert locked.wait(timeout=60)
    steward = Principal("key-w", Role.STEWARD, "w")
    outcome: list[object] = []

    def link() -> None:
        try:
            step = writes.relationship_write(
                writer_db, "CONCERNS", {"source": "IN-K", "target": "FAM-GONE"}
            )
            outcome.append(writes.write(writer_db, steward, "upsertCONCERNS", [step], ["IN-K"]))
        except ApiError as error:
            outcome.append(error.extensions)

    writer = threading.Thread(target=link)
    writer.start()
    writer.join(timeout=1)  # it waits for the lock, so it is normally still running
    written.set()
    eraser.join(timeout=60)
    writer.join(timeout=60)
    assert outcome == [{"code": "NOT_FOUND", "argument": "properties"}] or outcome == [
        {"code": "NOT_FOUND"}
    ]
    assert ids_by_label(db)["Interaction"] == KEPT["Interaction"]
    assert leftovers(db) == []
