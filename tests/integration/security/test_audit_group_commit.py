"""The audit group commit (api/security/audit.py: AuditLog): the events of concurrent
requests are written together in one write transaction, each request is answered only
once its own event is committed, and a failed write fails exactly the requests whose
events were in it. Failed reads are still logged (attempts)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from api.app import create_app
from kb.security import audit
from kb.security.keys import create_key
from kb.security.roles import Principal, Role
from kb.storage.database import AsyncDatabase, Database
from tests.analytics_support import SMALL
from tests.api_entities_support import ensure_datasets

CONFIGURATION = """query($window: Int!) {
  familyConfiguration(familyId: "F1", at: "2024-03-10T00:00:00Z", windowDays: $window) {
    members { professional { id } } } }"""
REQUESTS = 12
HOLD_SECONDS = 0.4  # the first write is held this long, so that the others queue behind it


@dataclass
class Writes:
    """What the audit writer sent: each batch's events (by actor), when each committed."""

    batches: list[list[str]] = field(default_factory=list)
    committed_at: dict[str, float] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)


def observe_writes(
    monkeypatch: pytest.MonkeyPatch, fail_batch: int | None = None, taken_id: str | None = None
) -> Writes:
    """Wrap the real write: hold the first batch, and make batch number `fail_batch` fail
    for real (one of its events reuses an event id already stored: the constraint on
    AuditEvent.id refuses the whole transaction)."""
    writes = Writes()
    real = audit.write_events

    async def observed(db: AsyncDatabase, events: list[dict[str, Any]]) -> None:
        writes.batches.append([e["actor"] for e in events])
        number = len(writes.batches)
        if number == 1:
            await asyncio.sleep(HOLD_SECONDS)
        if number == fail_batch:
            events = [{**events[0], "id": taken_id}, *events[1:]]
        try:
            await real(db, events)
        except Exception:
            writes.failed.update(e["actor"] for e in events)
            raise
        for event in events:
            writes.committed_at[event["actor"]] = time.monotonic()

    monkeypatch.setattr(audit, "write_events", observed)
    return writes


@dataclass
class Answer:
    actor: str
    body: dict[str, Any]
    at: float


def concurrently(
    db: Database,
    tokens: dict[str, str],
    variables: dict[str, Any],
    before: Callable[[Any], None] = lambda app: None,
) -> list[Answer]:
    """One request per key, all at once, through the ASGI app in this event loop."""
    settings = db.settings.model_copy(update={"auth_mode": "keys"})
    app = create_app(settings, database=db)

    async def run() -> list[Answer]:
        async with app.router.lifespan_context(app):
            before(app)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://kb") as client:

                async def one(actor: str, token: str) -> Answer:
                    response = await client.post(
                        "/graphql",
                        json={"query": CONFIGURATION, "variables": variables},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    return Answer(actor, response.json(), time.monotonic())

                jobs: list[Awaitable[Answer]] = [one(a, t) for a, t in tokens.items()]
                return list(await asyncio.gather(*jobs))

    return asyncio.run(run())


def keys(db: Database, n: int) -> dict[str, str]:
    """n ANALYST keys: key id -> token (each request its own actor)."""
    made = [create_key(db, Role.ANALYST, f"group commit {i}") for i in range(n)]
    return {key.id: token for key, token in made}


def stored_actors(db: Database) -> list[str]:
    events, _ = audit.list_events(db, first=1000, operation="readFamily")
    return sorted(e.actor for e in events)


def test_concurrent_events_are_written_together_and_answered_after_commit(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_datasets(db, SMALL)
    tokens = keys(db, REQUESTS)
    writes = observe_writes(monkeypatch)
    answers = concurrently(db, tokens, {"window": 90})
    assert all(a.body.get("data", {}).get("familyConfiguration") for a in answers), answers
    assert stored_actors(db) == sorted(tokens)  # every event, once
    assert sorted(a for batch in writes.batches for a in batch) == sorted(tokens)
    # Fewer transactions than requests: the events queued behind the held first write
    # went in together.
    assert len(writes.batches) < REQUESTS and max(map(len, writes.batches)) > 1, writes.batches
    for answer in answers:
        assert answer.at >= writes.committed_at[answer.actor]  # answered after its commit


def test_a_failed_write_fails_exactly_the_requests_in_it(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    ensure_datasets(db, SMALL)
    taken = audit.event_parameters(Principal("key-earlier", Role.ADMIN, "x"), "test", [])
    db.write("audit/record_event", taken)
    tokens = keys(db, REQUESTS)
    writes = observe_writes(monkeypatch, fail_batch=2, taken_id=taken["id"])

    def small_batches(app: Any) -> None:
        app.state.audit_log.max_batch = 4  # several batches queue behind the first

    answers = concurrently(db, tokens, {"window": 90}, before=small_batches)
    assert len(writes.batches) >= 3, writes.batches
    failed_batch = set(writes.batches[1])
    assert writes.failed == failed_batch and len(failed_batch) > 1
    refused = {a.actor for a in answers if not (a.body.get("data") or {}).get("familyConfiguration")}
    assert refused == failed_batch  # exactly the requests whose events were in it
    for answer in answers:
        if answer.actor in failed_batch:
            assert [e["extensions"]["code"] for e in answer.body["errors"]] == ["INTERNAL"]
            assert "members" not in str(answer.body)
    # Nothing answered unlogged, and nothing of the failed transaction was written.
    assert stored_actors(db) == sorted(set(tokens) - failed_batch)


def test_failed_reads_are_still_logged(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ensure_datasets(db, SMALL)
    tokens = keys(db, 4)
    writes = observe_writes(monkeypatch)
    answers = concurrently(db, tokens, {"window": -1})  # windowDays out of range
    for answer in answers:
        assert [e["extensions"]["code"] for e in answer.body["errors"]] == ["BAD_USER_INPUT"]
    assert stored_actors(db) == sorted(tokens)  # each attempt logged
    assert len(writes.batches) < 4
