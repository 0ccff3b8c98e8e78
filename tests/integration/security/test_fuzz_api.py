"""Random input to queries and mutations: a clean error or a correct answer, never a 500 and
never a partial write; Cypher-looking text is stored and returned as plain data."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kb.domain.model import column_names
from kb.security.keys import list_keys
from kb.security.roles import Role
from kb.storage.database import Database
from tests.erasure_support import model_data, properties_of
from tests.security_support import gql, keyed_client

KNOWN_CODES = {"BAD_USER_INPUT", "NOT_FOUND", "FORBIDDEN", "LIMIT_EXCEEDED", "UNAUTHENTICATED"}
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CYPHERISH = [
    "MATCH (n) DETACH DELETE n",
    "x' }) MATCH (n) DETACH DELETE n //",
    '"}) RETURN 1; MATCH (n) DETACH DELETE n',
    "{id: 'x'} ` ${ $param } \\u0000 ; DROP CONSTRAINT family_id",
    "'; CALL db.clearQueryCaches() //",
]

# JSON-like values of any shape, for variables of any type.
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)


def graph_size(db: Database) -> tuple[int, int]:
    rows = db.read("erasure/all_property_text")
    return len(rows), len({(r["owner"], r["key"], r["text"]) for r in rows})


def _text(*values: Any) -> str:
    """What a request sent, as text (for `check_clean`'s `sent`)."""
    return json.dumps(values, default=str)


def check_clean(response: Any, sent: str = "") -> dict[str, Any]:
    """A clean answer: no 5xx, JSON, every error with a known code and no internals.
    `sent` is what the request itself said: a message may quote it back ("Unexpected
    Name 'NEO4J'" for the document `NEO4J` is no leak)."""
    assert response.status_code < 500, response.text
    if response.status_code >= 400:  # refused before GraphQL ran: a short plain message
        assert "Traceback" not in response.text and len(response.text) < 500
        return {}
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        assert error["extensions"]["code"] in KNOWN_CODES, error
        message = error["message"]
        if "traceback" not in sent.lower():
            assert "Traceback" not in message
        if "neo4j" not in sent.lower():
            assert "neo4j" not in message.lower()
    return body


def test_random_variables_to_queries_end_cleanly(loaded: Database) -> None:
    db = loaded
    queries = [
        "query($v: Int) { auditEvents(first: $v) { items { id } } }",
        "query($v: String) { auditEvents(after: $v) { items { id } } }",
        "query($v: String, $w: String) { auditEvents(operation: $v, actor: $w) { items { id } } }",
        "query($v: ID!) { node(id: $v) { id } }",
        "query($v: [ID!]!) { nodes(ids: $v) { id } }",
        "query($v: Int, $w: String) { families(first: $v, after: $w) { nodes { id reference } } }",
        "query($v: String) { clients(filter: {nameContains: $v}) { nodes { id name } } }",
        "query($v: ClientFilter) { clients(filter: $v) { totalCount } }",
    ]
    before = graph_size(db)
    with keyed_client(db) as (client, tokens):

        @FUZZ
        @given(st.sampled_from(queries), json_values, json_values)
        def check(query: str, v: Any, w: Any) -> None:
            check_clean(
                gql(client, query, tokens[Role.STEWARD], {"v": v, "w": w}), sent=_text(v, w)
            )

        check()
    # Reads changed no data (audit events aside, which only grow).
    after = graph_size(db)
    assert after[0] >= before[0]


def test_random_documents_end_cleanly(db: Database) -> None:
    with keyed_client(db) as (client, tokens):

        @FUZZ
        @given(
            st.one_of(
                st.text(max_size=300),
                st.text(alphabet="{}()[]:$!@.,\"'#\n aeqmruyx0123", max_size=300),
                st.builds(lambda f: "{ " + f + " }", st.text(max_size=100)),
            )
        )
        @example("NEO4J")  # quoted back in the syntax error: the request's own word, no leak
        def check(document: str) -> None:
            response = client.post("/graphql", json={"query": document}, headers=_auth(tokens))
            check_clean(response, sent=document)

        @FUZZ
        @given(json_values)
        def check_body(body: Any) -> None:
            check_clean(
                client.post(
                    "/graphql",
                    content=json.dumps(body).encode(),
                    headers={**_auth(tokens), "Content-Type": "application/json"},
                ),
                sent=json.dumps(body),
            )

        check()
        check_body()


def _auth(tokens: dict[Role, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[Role.ADMIN]}"}


def test_random_mutations_write_all_or_nothing(loaded: Database) -> None:
    db = loaded
    create = """mutation($role: Role!, $name: String!) {
      createApiKey(role: $role, name: $name) { key { id name role } } }"""
    erase = "mutation($id: ID!) { eraseFamily(id: $id) { nodesRemoved } }"
    with keyed_client(db) as (client, tokens):

        @FUZZ
        @given(
            st.one_of(st.sampled_from(["ANALYST", "STEWARD", "ADMIN"]), json_values), json_values
        )
        def check_create(role: Any, name: Any) -> None:
            keys_before = {k.id for k in list_keys(db)}
            body = check_clean(
                gql(client, create, tokens[Role.ADMIN], {"role": role, "name": name}),
                sent=_text(role, name),
            )
            keys_after = list_keys(db)
            new = [k for k in keys_after if k.id not in keys_before]
            if body.get("data") and body["data"].get("createApiKey"):
                made = body["data"]["createApiKey"]["key"]
                assert [k.id for k in new] == [made["id"]]
                assert isinstance(name, str) and new[0].name == name.strip() == made["name"]
            else:
                assert new == []

        @FUZZ
        @given(st.one_of(st.text(max_size=300), json_values))
        def check_erase(family_id: Any) -> None:
            if family_id in ("FAM-GONE", "FAM-KEEP"):
                return
            before = graph_size(db)
            body = check_clean(
                gql(client, erase, tokens[Role.ADMIN], {"id": family_id}), sent=_text(family_id)
            )
            assert body.get("data") is None or body["data"].get("eraseFamily") is None
            assert graph_size(db)[0] <= before[0] + 1  # at most... nothing but no new data
            assert _family_ids(db) == {"FAM-GONE", "FAM-KEEP"}

        check_create()
        check_erase()


def _family_ids(db: Database) -> set[str]:
    return {
        r["text"]
        for r in db.read("erasure/all_property_text")
        if r["owner"] == "Family" and r["key"] == "id"
    }


@pytest.mark.parametrize("text", CYPHERISH)
def test_cypher_looking_input_is_plain_data(loaded: Database, text: str) -> None:
    db = loaded
    before = graph_size(db)
    with keyed_client(db) as (client, tokens):
        made = gql(
            client,
            "mutation($n: String!) { createApiKey(role: ANALYST, name: $n) { key { id name } } }",
            tokens[Role.ADMIN],
            {"n": text},
        ).json()
        listed = gql(client, "{ apiKeys { id name } }", tokens[Role.ADMIN]).json()
        searched = gql(
            client,
            "query($t: String!) { clients(filter: {nameContains: $t}) { totalCount } }",
            tokens[Role.STEWARD],
            {"t": text},
        ).json()
        found = gql(
            client, "query($t: ID!) { node(id: $t) { id } }", tokens[Role.STEWARD], {"t": text}
        )
    key = made["data"]["createApiKey"]["key"]
    assert key["name"] == text.strip()
    assert {"id": key["id"], "name": text.strip()} in listed["data"]["apiKeys"]
    assert searched["data"]["clients"]["totalCount"] == 0
    assert found.json()["data"]["node"] is None
    # Nothing was deleted: every property seen before is still there.
    assert _family_ids(db) == {"FAM-GONE", "FAM-KEEP"}
    assert graph_size(db)[0] > before[0]  # one more key (and audit events), nothing less


def _aliases(label: str) -> list[str]:
    from api.mutations.writes import NODE_BY_LABEL

    return column_names(NODE_BY_LABEL[label])


LABELS = ["Agency", "Team", "Professional", "Family", "Client", "Episode", "Interaction",
          "BoundaryObject", "Perspective", "Tension"]  # fmt: skip
EXISTING = ["P1", "P2", "CL-K1", "CL-BOTH", "FAM-KEEP", "A1", "BO-K", "EP-K", "IN-K", "TE-K"]
VALUES = st.one_of(
    json_values,
    st.sampled_from(["2021-01-01", "2021-01-01T10:00:00Z", "CHILD", "MEETING", "EHCP", "CREATED"]),
    st.sampled_from(CYPHERISH),
)


@st.composite
def node_properties(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    label = draw(st.sampled_from(LABELS))
    keys = draw(st.lists(st.sampled_from([*_aliases(label), "extra"]), unique=True, max_size=7))
    props = {k: draw(VALUES) for k in keys}
    if draw(st.booleans()):
        props["id"] = draw(st.sampled_from([*EXISTING, "NEW-1", "NEW-2"]))
    return label, props


def _all_or_nothing(
    db: Database, response: Callable[[], Any], field: str, sent: str
) -> dict[str, int] | None:
    """A steward's write, checked clean: its counts, or None when refused (and then the
    model's data is as it was before)."""
    before = model_data(db)
    body = check_clean(response(), sent=sent)
    result: dict[str, int] | None = (body.get("data") or {}).get(field)
    if result is None:
        assert model_data(db) == before
    return result


def test_random_interaction_records_are_all_or_nothing(loaded: Database) -> None:
    db = loaded
    record = "mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { created } }"
    with keyed_client(db) as (client, tokens):

        @FUZZ
        @given(
            st.fixed_dictionaries(
                {
                    "interaction": st.fixed_dictionaries(
                        {
                            "id": st.sampled_from(["IN-F1", "IN-K", "P1"]),
                            "kind": st.sampled_from(["MEETING", "NOPE"]),
                            "at": st.sampled_from(["2021-01-01T10:00:00", "yesterday"]),
                        }
                    ),
                    "participants": st.lists(
                        st.fixed_dictionaries(
                            {
                                "id": st.sampled_from([*EXISTING, "NOBODY"]),
                                "role": st.sampled_from(["CHAIR", "ATTENDEE", "KING"]),
                            }
                        ),
                        max_size=3,
                    ),
                    "familyIds": st.lists(st.sampled_from(["FAM-KEEP", "A1", "NONE"]), max_size=2),
                }
            )
        )
        def check_record(meeting: dict[str, Any]) -> None:
            _all_or_nothing(
                db,
                lambda: gql(client, record, tokens[Role.STEWARD], {"i": meeting}),
                "recordInteraction",
                sent=_text(meeting),
            )

        check_record()


TYPES = ["EMPLOYED_BY", "MEMBER_OF", "BELONGS_TO", "INVOLVED_WITH", "HAS_EPISODE",
         "PARTICIPATED_IN", "CONCERNS", "PART_OF", "WORKED_ON", "REFERRED_TO", "HOLDS", "ON",
         "REVISES", "BETWEEN", "ABOUT"]  # fmt: skip
REL_KEYS = ["source", "target", "from", "to", "role", "relationship", "onBehalfOf", "action",
            "section", "extra"]  # fmt: skip


@st.composite
def relationship_properties(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    type_ = draw(st.sampled_from(TYPES))
    props = {
        "source": draw(st.sampled_from([*EXISTING, "NOBODY"])),
        "target": draw(st.sampled_from([*EXISTING, "NOBODY"])),
    }
    for key in draw(st.lists(st.sampled_from(REL_KEYS), unique=True, max_size=4)):
        props[key] = draw(VALUES)
    return type_, props


# What the two upserts take (a label or a relationship type, and properties), how they are
# asked, and the field that answers.
UPSERTS = {
    "node": (
        node_properties,
        """mutation($k: NodeLabel!, $p: JSON!) {
      upsertNode(label: $k, properties: $p) { created updated unchanged } }""",
        "upsertNode",
    ),
    "relationship": (
        relationship_properties,
        """mutation($k: RelationshipType!, $p: JSON!) {
      upsertRelationship(type: $k, properties: $p) { created updated unchanged } }""",
        "upsertRelationship",
    ),
}


@pytest.mark.parametrize("kind", sorted(UPSERTS))
def test_random_upserts_are_all_or_nothing(loaded: Database, kind: str) -> None:
    db = loaded
    properties, upsert, field = UPSERTS[kind]
    with keyed_client(db) as (client, tokens):

        @FUZZ
        @given(properties())
        def check(case: tuple[str, dict[str, Any]]) -> None:
            name, props = case
            result = _all_or_nothing(
                db,
                lambda: gql(client, upsert, tokens[Role.STEWARD], {"k": name, "p": props}),
                field,
                sent=_text(name, props),
            )
            if result is not None:
                assert sum(result.values()) == 1
                if kind == "node":
                    assert "id" in properties_of(db, props["id"])

        check()
