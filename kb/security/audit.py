"""The audit trail: every read of family-level data and every write, as `(:AuditEvent)`.

Events are only ever created here and (by erasure) stripped of erased ids;
no API mutation touches them. Readable by ADMIN through `auditEvents`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kb.security.erased import audit_forms
from kb.security.roles import Principal
from kb.settings import Settings, get_settings
from kb.storage.database import AsyncDatabase, Database

# At most this many ids are kept on one event (a page of families, say).
MAX_IDS_PER_EVENT = 1000


@dataclass(frozen=True)
class AuditEvent:
    id: str
    at: datetime
    actor: str
    role: str
    operation: str
    ids: list[str]


def new_event_id() -> str:
    """Ids sort in creation order, so events in the same millisecond still page in order."""
    return f"audit-{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"


def record(db: Database, principal: Principal, operation: str, ids: Iterable[str]) -> str:
    """Append one event and return its id; its own write transaction."""
    rows = db.write("audit/record_event", event_parameters(principal, operation, ids, db.settings))
    return str(rows[0]["id"])


async def write_events(db: AsyncDatabase, events: list[dict[str, Any]]) -> None:
    """Append several events (each from `event_parameters`) in one write transaction:
    all of them or none (the API's group commit, `api.security.audit.AuditLog`)."""
    rows = await db.write("audit/record_events", {"events": events})
    written = int(rows[0]["written"]) if rows else 0
    if written != len(events):
        raise RuntimeError(f"{written} of {len(events)} audit events were written")


def event_parameters(
    principal: Principal,
    operation: str,
    ids: Iterable[str],
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Parameters of `audit/record_event`, for callers that write it in their own transaction.
    With each id goes its keyed hash and token (keyed by `settings`, the process's own by
    default): the statement writes the token instead of an id the erased-id register holds,
    so an erased id never comes back in clear (a read of an erased family is logged as an
    attempt on its token)."""
    unique = list(dict.fromkeys(str(i) for i in ids))[:MAX_IDS_PER_EVENT]
    return {
        "id": new_event_id(),
        "actor": principal.key_id,
        "role": principal.role.value,
        "operation": operation,
        "ids": unique,
        **audit_forms(settings or get_settings(), unique),
    }


def list_events(
    db: Database,
    *,
    first: int,
    after: str | None = None,
    operation: str | None = None,
    actor: str | None = None,
) -> tuple[list[AuditEvent], bool]:
    """A page of events, newest first, and whether more follow. `after` is an event id."""
    if after is not None and not db.read("audit/find_event", {"id": after}):
        raise LookupError(after)
    rows = db.read(
        "audit/list_events",
        {"operation": operation, "actor": actor, "afterId": after, "limit": first + 1},
    )
    events = [
        AuditEvent(
            id=r["id"],
            at=r["at"].to_native(),
            actor=r["actor"],
            role=r["role"],
            operation=r["operation"],
            ids=list(r["ids"] or []),
        )
        for r in rows[:first]
    ]
    return events, len(rows) > first
