"""Plans and statements reused across requests (api/entities/plan_cache.py): a request
asked again is not planned again, and nothing it depends on is shared wrongly (the
variables, the caller's role)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.entities import request as entity_request
from kb.security.roles import Role
from kb.storage.database import Database
from tests.api_entities_support import SMALL, ensure_datasets
from tests.security_support import gql, keyed_client

NODE = "query($id: ID!) { node(id: $id) { id ... on Family { reference } } }"
TITLE = '{ node(id: "BO1") { ... on BoundaryObject { title } } }'


@pytest.fixture
def counted(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, dict[Role, str], list[int]]]:
    """A keyed client, with the number of times a request was planned."""
    ensure_datasets(database, SMALL)
    planned = [0]
    real = entity_request.plan_operation

    def plan(*args: Any) -> Any:
        planned[0] += 1
        return real(*args)

    monkeypatch.setattr(entity_request, "plan_operation", plan)
    monkeypatch.setattr(entity_request, "PLANS", entity_request.PlanCache())
    with keyed_client(database) as (client, tokens):
        yield client, tokens, planned


def test_a_request_asked_again_is_not_planned_again(
    counted: tuple[TestClient, dict[Role, str], list[int]],
) -> None:
    client, tokens, planned = counted
    first = gql(client, NODE, tokens[Role.ANALYST], {"id": "F1"}).json()
    again = gql(client, NODE, tokens[Role.ANALYST], {"id": "F1"}).json()
    assert first == again and first["data"]["node"]["id"] == "F1", first
    assert planned[0] == 1
    other = gql(client, NODE, tokens[Role.ANALYST], {"id": "F2"}).json()
    assert other["data"]["node"]["id"] == "F2"  # other variables: planned for them
    assert planned[0] == 2


def test_each_role_has_its_own_plan(
    counted: tuple[TestClient, dict[Role, str], list[int]],
) -> None:
    client, tokens, planned = counted
    analyst = gql(client, TITLE, tokens[Role.ANALYST]).json()
    admin = gql(client, TITLE, tokens[Role.ADMIN]).json()
    analyst_again = gql(client, TITLE, tokens[Role.ANALYST]).json()
    assert analyst["data"]["node"]["title"] is None
    assert [e["extensions"]["code"] for e in analyst["errors"]] == ["FORBIDDEN"]
    assert admin["data"]["node"]["title"] and "errors" not in admin, admin
    assert analyst_again == analyst
    assert planned[0] == 2


def test_a_refused_root_field_is_planned_each_time(
    counted: tuple[TestClient, dict[Role, str], list[int]],
) -> None:
    client, tokens, planned = counted
    span = '{after: "2024-02-01T00:00:00Z", before: "2024-01-01T00:00:00Z"}'  # after > before
    query = f"{{ interactions(filter: {{at: {span}}}) {{ nodes {{ id }} }} }}"
    for _ in range(2):
        body = gql(client, query, tokens[Role.ANALYST]).json()
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    assert planned[0] == 2
