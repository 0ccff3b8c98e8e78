"""Helpers for tests that call the keyed API: a key per role, and headers carrying it.

with keyed_client(db) as (client, tokens):
    client.post("/graphql", json=..., headers=bearer(tokens[Role.STEWARD]))
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from kb.security.audit import list_events
from kb.security.keys import create_key
from kb.security.roles import Role
from kb.settings import Settings
from kb.storage.database import Database


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def role_tokens(db: Database) -> dict[Role, str]:
    """A fresh key for each role (the database is usually emptied before each test)."""
    return {role: create_key(db, role, f"test {role.value.lower()}")[1] for role in Role}


@contextmanager
def keyed_client(
    db: Database, settings: Settings | None = None, **overrides: Any
) -> Iterator[tuple[TestClient, dict[Role, str]]]:
    """A TestClient on an app in keyed mode (settings overridable), with a token per role."""
    base = settings or db.settings
    app_settings = base.model_copy(update={"auth_mode": "keys", **overrides})
    tokens = role_tokens(db)
    with TestClient(create_app(app_settings, database=db), raise_server_exceptions=False) as client:
        yield client, tokens


def gql(
    client: TestClient, query: str, token: str | None, variables: dict[str, Any] | None = None
) -> Any:
    """POST a GraphQL request; returns the httpx response."""
    headers = bearer(token) if token else {}
    return client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )


def logged_reads(
    db: Database,
    keyed: tuple[TestClient, dict[Role, str]],
    query: str,
    variables: dict[str, Any] | None = None,
    role: Role = Role.ANALYST,
) -> tuple[dict[str, Any], list[list[str]]]:
    """The answer to `query` (asked as `role`) and the ids, each list sorted, of the
    `readFamily` events the request wrote, oldest first."""
    client, tokens = keyed
    before = {e.id for e in list_events(db, first=1000, operation="readFamily")[0]}
    body: dict[str, Any] = gql(client, query, tokens[role], variables).json()
    events, _ = list_events(db, first=1000, operation="readFamily")
    return body, [sorted(e.ids) for e in reversed(events) if e.id not in before]
