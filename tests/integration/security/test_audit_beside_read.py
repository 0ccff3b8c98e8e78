"""The event of a read whose families its arguments name is written beside the read
(api/entities/request.py: `named_families`): a family asked by id (`node(id:)`) has its
`readFamily` event on its way before the read answers, and the request still answers
only once the event is committed. Reads whose families only the answer can tell keep
writing their event after the read."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.entities import request as entity_request
from kb.security import audit
from kb.security.keys import create_key
from kb.security.roles import Role
from kb.storage.database import AsyncDatabase, Database
from tests.api_entities_support import SMALL, ensure_datasets

WAIT_SECONDS = 10.0  # how long the held read waits for the audit write to start


def ask(
    db: Database, monkeypatch: pytest.MonkeyPatch, query: str
) -> tuple[dict[str, Any], dict[str, float | bool]]:
    """Answer `query` (as an ANALYST) with the read held until the audit write has
    started (or WAIT_SECONDS passed); what happened when."""
    seen: dict[str, float | bool] = {}
    started = asyncio.Event()
    real_write, real_read = audit.write_events, entity_request.read_statement

    async def write(async_db: AsyncDatabase, events: list[dict[str, Any]]) -> None:
        started.set()
        await real_write(async_db, events)
        seen["committed"] = time.monotonic()

    async def read(async_db: AsyncDatabase, text: str, parameters: Any) -> Any:
        try:
            await asyncio.wait_for(started.wait(), WAIT_SECONDS)
            seen["write started during the read"] = True
        except TimeoutError:
            seen["write started during the read"] = False
        return await real_read(async_db, text, parameters)

    monkeypatch.setattr(audit, "write_events", write)
    monkeypatch.setattr(entity_request, "read_statement", read)
    _, token = create_key(db, Role.ANALYST, "beside")
    app = create_app(db.settings.model_copy(update={"auth_mode": "keys"}), database=db)

    async def run() -> dict[str, Any]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://kb") as client:
                response = await client.post(
                    "/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"}
                )
                seen["answered"] = time.monotonic()
                body: dict[str, Any] = response.json()
                return body

    return asyncio.run(run()), seen


def read_family_ids(db: Database) -> list[list[str]]:
    events, _ = audit.list_events(db, first=1000, operation="readFamily")
    return [sorted(e.ids) for e in events]


def test_a_family_asked_by_id_is_logged_beside_the_read(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_datasets(db, SMALL)
    body, seen = ask(db, monkeypatch, '{ node(id: "F1") { id ... on Family { reference } } }')
    assert body["data"]["node"]["id"] == "F1", body
    assert seen["write started during the read"] is True
    assert seen["answered"] >= seen["committed"]  # answered only once its event committed
    assert read_family_ids(db) == [["F1"]]


def test_an_id_asked_as_a_family_is_logged_as_an_attempt_whatever_it_names(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_datasets(db, SMALL)
    body, seen = ask(
        db, monkeypatch, '{ nodes(ids: ["F2", "P2", "NOPE"]) { id ... on Family { reference } } }'
    )
    assert [n and n["id"] for n in body["data"]["nodes"]] == ["F2", "P2", None], body
    assert seen["write started during the read"] is True
    assert read_family_ids(db) == [["F2", "NOPE", "P2"]]


def test_a_read_reaching_beyond_the_family_logs_what_its_answer_touched(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_datasets(db, SMALL)
    # A client's families: only the answer says which (C3 belongs to F2).
    query = '{ node(id: "C3") { ... on Client { families { id } } } }'
    body, seen = ask(db, monkeypatch, query)
    assert body["data"]["node"]["families"] == [{"id": "F2"}], body
    assert seen["write started during the read"] is False
    assert read_family_ids(db) == [["F2"]]
