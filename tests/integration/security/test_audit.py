"""The audit trail: writes and family reads are recorded, only ADMIN reads it, nobody edits it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from api.errors import ApiError
from api.security.audit import record_audit
from kb.security import audit
from kb.security.roles import Principal, Role
from kb.storage.database import Database
from kb.storage.schema import apply_schema
from tests.analytics_support import SMALL
from tests.api_entities_support import ensure_datasets
from tests.security_support import gql, keyed_client

PAGE = """query($first: Int!, $after: String, $operation: String, $actor: String) {
  auditEvents(first: $first, after: $after, operation: $operation, actor: $actor) {
    items { id actor role operation ids } endCursor hasNextPage } }"""


def test_record_audit_writes_who_did_what_to_which_ids(db: Database) -> None:
    principal = Principal("key-1", Role.STEWARD, "s")
    context = SimpleNamespace(db=db, principal=principal)
    event_id = record_audit(context, "family", ["F1", "C1", "F1"])
    events, more = audit.list_events(db, first=10)
    assert not more and len(events) == 1
    event = events[0]
    assert (event.id, event.actor, event.role, event.operation, event.ids) == (
        event_id, "key-1", "STEWARD", "family", ["F1", "C1"],
    )  # fmt: skip


def test_record_audit_without_a_principal_refuses(db: Database) -> None:
    with pytest.raises(ApiError) as refused:
        record_audit(SimpleNamespace(db=db, principal=None), "family", ["F1"])
    assert refused.value.extensions == {"code": "UNAUTHENTICATED"}
    assert audit.list_events(db, first=10) == ([], False)


def test_key_management_is_audited_and_pages_newest_first(db: Database) -> None:
    with keyed_client(db) as (client, tokens):
        admin = tokens[Role.ADMIN]
        me = gql(client, "{ me { keyId } }", admin).json()["data"]["me"]["keyId"]
        made = [
            gql(
                client,
                f'mutation {{ createApiKey(role: ANALYST, name: "k{i}") {{ key {{ id }} }} }}',
                admin,
            ).json()["data"]["createApiKey"]["key"]["id"]
            for i in range(3)
        ]
        gql(client, f'mutation {{ revokeApiKey(id: "{made[0]}") {{ id }} }}', admin)
        first = gql(client, PAGE, admin, {"first": 2, "operation": "createApiKey"}).json()
        page = first["data"]["auditEvents"]
        second = gql(
            client,
            PAGE,
            admin,
            {"first": 2, "operation": "createApiKey", "after": page["endCursor"]},
        ).json()["data"]["auditEvents"]
        revokes = gql(client, PAGE, admin, {"first": 10, "operation": "revokeApiKey"}).json()
        by_actor = gql(client, PAGE, admin, {"first": 50, "actor": me}).json()
        nobody = gql(client, PAGE, admin, {"first": 50, "actor": "key-nobody"}).json()
        bad_cursor = gql(client, PAGE, admin, {"first": 2, "after": "audit-nope"}).json()
    created = [e["ids"] for e in page["items"]] + [e["ids"] for e in second["items"]]
    assert created == [[made[2]], [made[1]], [made[0]]]  # newest first
    assert page["hasNextPage"] is True and second["hasNextPage"] is False
    assert {e["actor"] for e in page["items"]} == {me}
    assert {e["role"] for e in page["items"]} == {"ADMIN"}
    assert [e["ids"] for e in revokes["data"]["auditEvents"]["items"]] == [[made[0]]]
    operations = [e["operation"] for e in by_actor["data"]["auditEvents"]["items"]]
    # Newest first: this very read, the three earlier reads, one revoke, three creations.
    assert operations == ["auditEvents"] * 4 + ["revokeApiKey"] + ["createApiKey"] * 3
    assert nobody["data"]["auditEvents"]["items"] == []
    assert bad_cursor["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_admin_only_reads_the_audit(db: Database) -> None:
    audit.record(db, Principal("key-x", Role.ADMIN, "x"), "family", ["F9"])
    with keyed_client(db) as (client, tokens):
        answers = {role: gql(client, PAGE, tokens[role], {"first": 5}) for role in Role}
    assert answers[Role.ANALYST].status_code == answers[Role.STEWARD].status_code == 403
    items = answers[Role.ADMIN].json()["data"]["auditEvents"]["items"]
    assert ["F9"] in [e["ids"] for e in items]


CONFIGURATION = """query { familyConfiguration(familyId: "F1", at: "2024-03-10T00:00:00Z") {
  members { professional { id } } } }"""


def test_analytics_read_is_logged_and_never_answered_unlogged(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_datasets(db, SMALL)
    with keyed_client(db) as (client, tokens):
        analyst = tokens[Role.ANALYST]
        answered = gql(client, CONFIGURATION, analyst).json()
        assert answered["data"]["familyConfiguration"]["members"]
        events, _ = audit.list_events(db, first=10, operation="readFamily")
        assert [e.ids for e in events] == [["F1"]]

        # The audit write runs beside the read; when it fails, the answer is withheld.
        async def broken(*_: object) -> str:
            raise RuntimeError("audit store unavailable")

        monkeypatch.setattr(audit, "write_events", broken)
        refused = gql(client, CONFIGURATION, analyst).json()
        assert refused["errors"] and not (refused.get("data") or {}).get("familyConfiguration")
        assert "members" not in str(refused)


def test_an_audit_event_costs_its_write_one_index_entry_beyond_its_label(db: Database) -> None:
    # Every readFamily event is a write; an index no statement reads only slows it down.
    db.write("audit/record_event", audit.event_parameters(Principal("k", Role.ADMIN, "x"), "t", []))
    apply_schema(db)
    rows = db.driver.execute_query(
        "SHOW INDEXES YIELD name, labelsOrTypes WHERE 'AuditEvent' IN labelsOrTypes RETURN name"
    ).records
    assert sorted(r["name"] for r in rows) == ["audit_event_id"]
    events, _ = audit.list_events(db, first=5)  # the ADMIN listing still answers
    assert [e.operation for e in events][:1] == ["t"]
