"""Limits on the real API and server: the server-side timeout, aliases, tokens, cost on the real
schema, page sizes, body size, introspection switches. (The cost rule, depth and masking on a
tiny schema are tests/unit/test_limits.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from neo4j.exceptions import ClientError

from kb.security.roles import Role
from kb.storage.database import Database
from tests.limits_support import run, tiny_schema
from tests.security_support import gql, keyed_client

AUDIT_PAGE = "auditEvents(first: 100) { items { id at actor role operation ids } }"




def test_the_server_side_timeout_cuts_a_slow_query_off(database: Database) -> None:
    settings = database.settings.model_copy(update={"neo4j_query_timeout": 1.0})
    hurried = Database(settings, database.driver)
    with pytest.raises(ClientError) as cut_off:
        hurried.read("security/slow_for_tests")
    assert "TransactionTimedOut" in (cut_off.value.code or "")
    # Through GraphQL it is a LIMIT_EXCEEDED error naming the limit, not a masked 500.
    result = run(tiny_schema(settings), "{ slow }", db=hurried)
    assert result.errors is not None
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == "LIMIT_EXCEEDED"
    assert "1 s" in result.errors[0].message


# -- the real API --------------------------------------------------------------


def test_aliases_and_tokens_are_limited(db: Database) -> None:
    aliases = "{ " + " ".join(f"a{i}: me {{ role }}" for i in range(16)) + " }"
    fifteen = "{ " + " ".join(f"a{i}: me {{ role }}" for i in range(15)) + " }"
    tokens = "{ me { " + " ".join(["role"] * 1000) + " } }"
    with keyed_client(db) as (client, keys):
        answers = {
            name: gql(client, query, keys[Role.ANALYST]).json()
            for name, query in [("aliases", aliases), ("tokens", tokens)]
        }
        ok = gql(client, fifteen, keys[Role.ANALYST]).json()
    for name, body in answers.items():
        assert body["data"] is None, name
        assert [e["extensions"]["code"] for e in body["errors"]] == ["LIMIT_EXCEEDED"], name
    assert "aliases" in answers["aliases"]["errors"][0]["message"]
    assert "tokens" in answers["tokens"]["errors"][0]["message"]
    assert "errors" not in ok and len(ok["data"]) == 15


def test_cost_is_limited_on_the_real_schema(db: Database) -> None:
    # 10 x (1 + 100 items + 600 item fields) = 7010 > 5000 (the default), with 10 aliases.
    costly = "{ " + " ".join(f"p{i}: {AUDIT_PAGE}" for i in range(10)) + " }"
    cheap = "{ " + " ".join(f"p{i}: {AUDIT_PAGE}" for i in range(7)) + " }"  # 4907
    with keyed_client(db) as (client, keys):
        refused = gql(client, costly, keys[Role.ADMIN]).json()
        allowed = gql(client, cheap, keys[Role.ADMIN]).json()
    assert refused["data"] is None
    extensions = refused["errors"][0]["extensions"]
    # Counting stops once over the limit: 8 pages (5608) are already too many.
    assert extensions == {"code": "LIMIT_EXCEEDED", "cost": 5608, "limit": 5000}
    assert "errors" not in allowed


def test_a_page_size_given_by_a_variable_is_checked_by_the_resolver(db: Database) -> None:
    query = "query($n: Int!) { auditEvents(first: $n) { items { id } } }"
    with keyed_client(db) as (client, keys):
        too_big = gql(client, query, keys[Role.ADMIN], {"n": 101}).json()
        negative = gql(client, query, keys[Role.ADMIN], {"n": -1}).json()
        audit_before = db.read("audit/list_events", _all_events())
    assert too_big["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert negative["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert audit_before == []  # refused before anything was read or written


def _all_events() -> dict[str, Any]:
    return {"operation": None, "actor": None, "afterId": None, "limit": 1000}


def test_a_large_body_is_refused_with_413(db: Database) -> None:
    padding = " " * 70_000
    with keyed_client(db) as (client, keys):
        declared = client.post(
            "/graphql",
            content=('{"query": "{ me { role } }' + padding + '"}').encode(),
            headers={
                "Authorization": f"Bearer {keys[Role.ADMIN]}",
                "Content-Type": "application/json",
            },
        )

        def chunks() -> Any:
            for _ in range(10):
                yield b" " * 10_000

        streamed = client.post(
            "/graphql",
            content=chunks(),
            headers={
                "Authorization": f"Bearer {keys[Role.ADMIN]}",
                "Content-Type": "application/json",
            },
        )
        small = gql(client, "{ me { role } }", keys[Role.ADMIN])
    assert declared.status_code == 413
    assert "65536 bytes" in declared.json()["errors"][0]["message"]  # GraphQL's error shape
    assert streamed.status_code == 413
    assert small.status_code == 200


def test_introspection_and_graphiql_can_be_switched_off(db: Database) -> None:
    introspect = "{ __schema { queryType { name } } }"
    with keyed_client(db) as (client, keys):
        on = gql(client, introspect, keys[Role.ANALYST]).json()
        page_on = client.get("/graphql", headers={"Accept": "text/html"})
    with keyed_client(db, api_introspection=False, api_graphiql=False) as (client, keys):
        off = gql(client, introspect, keys[Role.ANALYST]).json()
        page_off = client.get("/graphql", headers={"Accept": "text/html"})
        still = gql(client, "{ me { role } }", keys[Role.ANALYST]).json()
    assert on["data"]["__schema"]["queryType"]["name"] == "Query"
    assert off["data"] is None and "introspection" in off["errors"][0]["message"].lower()
    assert page_on.status_code == 200 and page_off.status_code != 200
    assert still["data"]["me"]["role"] == "ANALYST"
