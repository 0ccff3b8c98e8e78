"""Stewards' mutations: validated by the model, idempotent by id, one transaction each,
audited, refused to analysts; recordInteraction writes everything or nothing."""

from __future__ import annotations

from typing import Any

import pytest

from kb.security import audit
from kb.security.roles import Role
from kb.storage.database import Database
from tests.erasure_support import model_data, properties_of
from tests.security_support import gql, keyed_client

RESULT = "{ auditEventId created updated unchanged deleted relationshipsDeleted }"
UPSERT_NODE = (
    f"mutation($l: NodeLabel!, $p: JSON!) {{ upsertNode(label: $l, properties: $p) {RESULT} }}"
)
DELETE_NODE = f"mutation($l: NodeLabel!, $id: ID!) {{ deleteNode(label: $l, id: $id) {RESULT} }}"
UPSERT_REL = f"mutation($t: RelationshipType!, $p: JSON!) {{ upsertRelationship(type: $t, properties: $p) {RESULT} }}"
DELETE_REL = f"mutation($t: RelationshipType!, $p: JSON!) {{ deleteRelationship(type: $t, properties: $p) {RESULT} }}"
RECORD = f"mutation($i: RecordInteractionInput!) {{ recordInteraction(input: $i) {RESULT} }}"
READ_INTERACTION = """query($id: ID!) { node(id: $id) { ... on Interaction { id kind at level
  participants { role participant { ... on Professional { id } ... on Client { id } } }
  boundaryObjects { action section boundaryObject { id title } }
  family { id } episode { id } referredTo { id } } } }"""

CLIENT = {"id": "CL-NEW", "name": "Nia New", "role": "CHILD", "birthYear": 2016}


def data(response: Any, field: str) -> Any:
    body = response.json()
    assert "errors" not in body, body
    return body["data"][field]


def refused_write(db: Database, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The answer to a steward's write that must be refused, checked to have written nothing."""
    before = model_data(db)
    with keyed_client(db) as (client, tokens):
        answer: dict[str, Any] = gql(client, query, tokens[Role.STEWARD], variables).json()
    assert model_data(db) == before
    return answer


def test_upsert_node_creates_updates_and_is_idempotent(loaded: Database) -> None:
    db = loaded
    with keyed_client(db) as (client, tokens):
        steward = tokens[Role.STEWARD]
        created = data(
            gql(client, UPSERT_NODE, steward, {"l": "Client", "p": CLIENT}), "upsertNode"
        )
        again = data(gql(client, UPSERT_NODE, steward, {"l": "Client", "p": CLIENT}), "upsertNode")
        renamed = {**CLIENT, "name": "Nia Renamed", "birthYear": None}
        updated = data(
            gql(client, UPSERT_NODE, steward, {"l": "Client", "p": renamed}), "upsertNode"
        )
        read = gql(
            client, '{ node(id: "CL-NEW") { ... on Client { name role birthYear } } }', steward
        )
    assert (created["created"], again["unchanged"], updated["updated"]) == (1, 1, 1)
    assert data(read, "node") == {"name": "Nia Renamed", "role": "CHILD", "birthYear": None}
    stored = properties_of(db, "CL-NEW")
    assert stored["sourceDataset"] == "api" and stored["sourceLoad"] == updated["auditEventId"]
    assert "birthYear" not in stored  # null removes the property, as a load does
    events, _ = audit.list_events(db, first=50, operation="upsertClient")
    assert [e.ids for e in events] == [["CL-NEW"]] * 3
    assert {e.role for e in events} == {"STEWARD"}


@pytest.mark.parametrize(
    ("properties", "field"),
    [
        ({**CLIENT, "birthYear": 1800}, "birthYear"),
        ({"id": "CL-X", "name": "No Role"}, "role"),
        ({**CLIENT, "nickname": "x"}, "nickname"),
        ({**CLIENT, "id": "bad id with spaces"}, "id"),
        ({**CLIENT, "role": "MATCH (n) DETACH DELETE n"}, "role"),
    ],
)
def test_invalid_properties_are_refused_and_nothing_is_written(
    loaded: Database, properties: dict[str, Any], field: str
) -> None:
    answer = refused_write(loaded, UPSERT_NODE, {"l": "Client", "p": properties})
    error = answer["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert field in [p["field"] for p in error["extensions"]["problems"]]


def test_ids_stay_unique_across_labels_and_analysts_cannot_write(loaded: Database) -> None:
    db = loaded
    before = model_data(db)
    family_as_client = {**CLIENT, "id": "FAM-KEEP"}
    with keyed_client(db) as (client, tokens):
        clash = gql(
            client, UPSERT_NODE, tokens[Role.STEWARD], {"l": "Client", "p": family_as_client}
        )
        analyst = gql(client, UPSERT_NODE, tokens[Role.ANALYST], {"l": "Client", "p": CLIENT})
        bad_label = gql(client, UPSERT_NODE, tokens[Role.STEWARD], {"l": "ApiKey", "p": CLIENT})
    assert "already belongs to a Family" in clash.json()["errors"][0]["message"]
    assert analyst.status_code == 403
    assert analyst.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert bad_label.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert model_data(db) == before


def test_relationships_upsert_check_endpoints_and_delete(loaded: Database) -> None:
    db = loaded
    membership = {
        "source": "CL-K1",
        "target": "FAM-GONE",
        "from": "2021-01-01",
        "relationship": "aunt",
    }
    with keyed_client(db) as (client, tokens):
        s = tokens[Role.STEWARD]
        made = data(
            gql(client, UPSERT_REL, s, {"t": "BELONGS_TO", "p": membership}), "upsertRelationship"
        )
        same = data(
            gql(client, UPSERT_REL, s, {"t": "BELONGS_TO", "p": membership}), "upsertRelationship"
        )
        wrong_way = gql(
            client, UPSERT_REL, s, {"t": "BELONGS_TO", "p": {**membership, "source": "P1"}}
        ).json()
        missing = gql(
            client, UPSERT_REL, s, {"t": "BELONGS_TO", "p": {**membership, "target": "FAM-NONE"}}
        ).json()
        members = gql(
            client,
            '{ node(id: "CL-K1") { ... on Client { memberships { relationship family { id } } } } }',
            s,
        )
        gone = data(
            gql(client, DELETE_REL, s, {"t": "BELONGS_TO", "p": membership}), "deleteRelationship"
        )
        twice = gql(client, DELETE_REL, s, {"t": "BELONGS_TO", "p": membership}).json()
        node_gone = data(gql(client, DELETE_NODE, s, {"l": "Tension", "id": "TE-K"}), "deleteNode")
        not_that_label = gql(client, DELETE_NODE, s, {"l": "Client", "id": "TE-I"}).json()
    assert (made["created"], same["unchanged"], gone["deleted"]) == (1, 1, 1)
    assert wrong_way["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "is a Professional" in wrong_way["errors"][0]["message"]
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert {"relationship": "aunt", "family": {"id": "FAM-GONE"}} in data(members, "node")[
        "memberships"
    ]
    assert twice["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    # TE-K had BETWEEN P1, BETWEEN A2 and ABOUT FAM-KEEP.
    assert (node_gone["deleted"], node_gone["relationshipsDeleted"]) == (1, 3)
    assert not_that_label["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert properties_of(db, "TE-I") != {}


MEETING = {
    "interaction": {"id": "IN-NEW", "kind": "TAC_MEETING", "at": "2021-02-03T10:00:00"},
    "participants": [{"id": "P1", "role": "CHAIR"}, {"id": "CL-K1"}],
    "newBoundaryObjects": [
        {"id": "BO-NEW", "kind": "SUPPORT_PLAN", "title": "x' }) MATCH (n) DETACH DELETE n //",
         "createdAt": "2021-02-03"},
    ],
    "workedOn": [{"boundaryObjectId": "BO-NEW", "action": "CREATED"},
                 {"boundaryObjectId": "BO-K", "action": "REVIEWED", "section": "goals"}],
    "familyIds": ["FAM-KEEP"],
    "episodeId": "EP-K",
    "referredTo": ["A2"],
}  # fmt: skip


def test_record_interaction_writes_it_all_in_one_call(loaded: Database) -> None:
    db = loaded
    with keyed_client(db) as (client, tokens):
        s = tokens[Role.STEWARD]
        first = data(gql(client, RECORD, s, {"i": MEETING}), "recordInteraction")
        again = data(gql(client, RECORD, s, {"i": MEETING}), "recordInteraction")
        read = data(gql(client, READ_INTERACTION, s, {"id": "IN-NEW"}), "node")
    # 2 nodes + 2 participants + 2 works + 1 concerns + 1 referral + 1 part of = 9 elements.
    assert (first["created"], first["updated"], first["unchanged"]) == (9, 0, 0)
    assert (again["created"], again["unchanged"]) == (0, 9)
    assert read["kind"] == "TAC_MEETING" and read["at"].startswith("2021-02-03T10:00:00")
    assert sorted((p["participant"]["id"], p["role"]) for p in read["participants"]) == [
        ("CL-K1", "ATTENDEE"), ("P1", "CHAIR"),
    ]  # fmt: skip
    works = {
        (w["boundaryObject"]["id"], w["action"], w["section"]) for w in read["boundaryObjects"]
    }
    assert works == {("BO-NEW", "CREATED", None), ("BO-K", "REVIEWED", "goals")}
    titles = {
        w["boundaryObject"]["id"]: w["boundaryObject"]["title"] for w in read["boundaryObjects"]
    }
    assert titles["BO-NEW"] == "x' }) MATCH (n) DETACH DELETE n //"  # plain data
    assert read["family"] == {"id": "FAM-KEEP"} and read["episode"] == {"id": "EP-K"}
    assert read["referredTo"] == [{"id": "A2"}]
    events, _ = audit.list_events(db, first=10, operation="recordInteraction")
    assert {"IN-NEW", "BO-NEW", "P1", "CL-K1", "FAM-KEEP"} <= set(events[0].ids)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"participants": [{"id": "P1"}, {"id": "NOBODY"}]}, "NOT_FOUND"),
        ({"participants": [{"id": "P1", "role": "KING"}]}, "BAD_USER_INPUT"),
        ({"familyIds": ["A1"]}, "BAD_USER_INPUT"),
        ({"interaction": {"id": "IN-NEW", "kind": "MEETING", "at": "2021-02-03T10:00:00",
                          "endsAt": "2021-02-03T09:00:00"}}, "BAD_USER_INPUT"),
        ({"newBoundaryObjects": [{"id": "IN-NEW", "kind": "EHCP", "title": "t",
                                  "createdAt": "2021-01-01"}]}, "BAD_USER_INPUT"),
    ],
)  # fmt: skip
def test_record_interaction_writes_nothing_when_any_part_is_wrong(
    loaded: Database, change: dict[str, Any], code: str
) -> None:
    answer = refused_write(loaded, RECORD, {"i": {**MEETING, **change}})
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == code
