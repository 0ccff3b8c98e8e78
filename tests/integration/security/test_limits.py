"""Limits before any Cypher runs, the server-side timeout, introspection switches, masking."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry
from neo4j.exceptions import ClientError, ServiceUnavailable
from strawberry.types import Info

from api.security.extensions import security_extensions
from api.security.router import status_for
from kb.security.roles import Role
from kb.settings import Settings
from kb.storage.database import Database
from tests.security_support import gql, keyed_client

AUDIT_PAGE = "auditEvents(first: 100) { items { id at actor role operation ids } }"


# -- a tiny schema of nested lists, to check the cost rule against hand counts ----


@strawberry.type
class Leaf:
    name: str


@strawberry.type
class Branch:
    @strawberry.field
    def leaves(self, first: int = 10) -> list[Leaf]:
        return [Leaf(name=str(i)) for i in range(first)]

    label: str = "b"


@strawberry.type
class Chain:
    @strawberry.field
    def next(self) -> Chain:
        return Chain()

    end: str = "end"


@strawberry.type
class Tree:
    @strawberry.field
    def chain(self) -> Chain:
        return Chain()

    @strawberry.field
    def branches(self, first: int = 10) -> list[Branch]:
        return [Branch() for _ in range(first)]

    @strawberry.field
    def explode(self) -> str:
        raise RuntimeError("MATCH (n) RETURN n -- secret detail")

    @strawberry.field
    def down(self) -> int | None:
        raise ServiceUnavailable("Couldn't connect to 127.0.0.1:7687")

    @strawberry.field
    def slow(self, info: Info[Any, None]) -> int:
        db: Database = info.context["db"]
        return int(db.read("security/slow_for_tests")[0]["n"])


def tiny_schema(settings: Settings) -> strawberry.Schema:
    return strawberry.Schema(query=Tree, extensions=security_extensions(settings))


def run(schema: strawberry.Schema, query: str, **context: Any) -> Any:
    return schema.execute_sync(query, context_value=context)


LIMITS = Settings(KB_API_MAX_COST=1000, KB_API_MAX_PAGE_SIZE=50)


@pytest.mark.parametrize(
    ("query", "cost"),
    [
        # branches (1) + 5 branches x label (5) = 6
        ("{ branches(first: 5) { label } }", 6),
        # 1 + 5 x (label 1 + leaves 1) + 5 x 20 leaves x name = 1 + 10 + 100 = 111
        ("{ branches(first: 5) { label leaves(first: 20) { name } } }", 111),
        # omitted first = the argument's default (10): 1 + 10 x (1 + 10 x 1) = 111
        ("{ branches { leaves { name } } }", 111),
        # a fragment counts where it is spread: same as above
        ("{ branches { ...B } } fragment B on Branch { leaves { name } }", 111),
    ],
)
def test_cost_is_first_multiplied_down_the_nesting(query: str, cost: int) -> None:
    limited = Settings(KB_API_MAX_COST=cost, KB_API_MAX_PAGE_SIZE=50)
    assert run(tiny_schema(limited), query).errors is None
    tighter = Settings(KB_API_MAX_COST=cost - 1, KB_API_MAX_PAGE_SIZE=50)
    errors = run(tiny_schema(tighter), query).errors
    assert errors is not None and len(errors) == 1
    assert errors[0].extensions == {"code": "LIMIT_EXCEEDED", "cost": cost, "limit": cost - 1}


def test_a_variable_first_counts_as_the_largest_page() -> None:
    # 1 + 50 x (1 + 50 x 1) = 2551 > 1000, although the variable asks for 2.
    query = "query($n: Int!) { branches(first: $n) { leaves(first: $n) { name } } }"
    result = tiny_schema(LIMITS).execute_sync(query, variable_values={"n": 2})
    assert result.errors is not None
    assert result.errors[0].extensions is not None
    assert result.errors[0].extensions["code"] == "LIMIT_EXCEEDED"
    assert result.data is None


def test_a_page_over_the_largest_is_refused_before_running() -> None:
    result = run(tiny_schema(LIMITS), "{ branches(first: 51) { label } }")
    assert result.errors is not None and result.data is None
    assert "largest page is 50" in result.errors[0].message


def test_neo4j_down_inside_a_resolver_is_unavailable_and_http_503() -> None:
    result = run(tiny_schema(LIMITS), "{ down branches(first: 1) { label } }")
    assert result.errors is not None and len(result.errors) == 1
    error = result.errors[0]
    assert error.extensions == {"code": "UNAVAILABLE"}
    assert "unavailable" in error.message and "7687" not in error.message
    body = {"data": result.data, "errors": [e.formatted for e in result.errors]}
    assert status_for(body) == 503  # type: ignore[arg-type]
    assert status_for({"data": {"a": 1}}) is None
    forbidden = {"data": {"a": None}, "errors": [{"extensions": {"code": "FORBIDDEN"}}]}
    assert status_for(forbidden) == 403  # type: ignore[arg-type]
    partial = {"data": {"a": None, "b": 1}, "errors": [{"extensions": {"code": "FORBIDDEN"}}]}
    assert status_for(partial) is None  # type: ignore[arg-type]


def test_unexpected_errors_are_masked_with_a_code() -> None:
    result = run(tiny_schema(LIMITS), "{ explode }")
    assert result.errors is not None
    error = result.errors[0]
    assert error.message == "Internal error; it has been logged."
    assert error.extensions == {"code": "INTERNAL"}
    assert "MATCH" not in str(error.formatted)


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


def chain(depth: int) -> str:
    return "{ chain { " + "next { " * (depth - 2) + "end" + " }" * (depth - 1) + " }"


def test_depth_is_limited() -> None:
    # Depth counts nesting below the root field: chain(9) (chain, 7 x next, end) has
    # depth 8, the default limit; one more level is refused.
    assert run(tiny_schema(Settings()), chain(9)).errors is None
    errors = run(tiny_schema(Settings()), chain(10)).errors
    assert errors is not None and errors[0].extensions is not None
    assert errors[0].extensions["code"] == "LIMIT_EXCEEDED"
    assert "exceeds maximum operation depth of 8" in errors[0].message


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
    assert declared.status_code == 413 and "65536 bytes" in declared.json()["detail"]
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
