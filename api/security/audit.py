"""`record_audit`: the one call a resolver makes to log a read of family-level data or a write.

    from api.security.audit import record_audit_async
    await record_audit_async(info.context, "readFamily", [family_id])

It raises UNAUTHENTICATED when no principal is known, so an unlogged read of a
family cannot happen; a database failure propagates (the read fails with it).

In the API the events of concurrent requests are written together (`AuditLog`, a
group commit): an event joins the batch that is waiting while the previous one is
being written, the batch goes to Neo4j in one write transaction, and each request is
answered only once the transaction holding its own event has committed. A failed
write fails exactly the requests whose events were in it, with the same error.
Nothing waits to fill a batch: alone, an event is written at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from api.errors import ApiError, ErrorCode
from kb.security import audit
from kb.security.roles import Principal
from kb.storage.database import AsyncDatabase
from kb.storage.failures import Failure, failure_of

# At most this many events in one transaction (a larger backlog is written in turns).
MAX_BATCH = 500


def require_principal(context: Any) -> Principal:
    """The request's principal; UNAUTHENTICATED when none is known (nothing may go unlogged)."""
    principal: Principal | None = getattr(context, "principal", None)
    if principal is None:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "an API key is required")
    return principal


def record_audit(context: Any, operation: str, ids: Iterable[str]) -> str:
    """Append an audit event for this request's principal; returns the event id."""
    return audit.record(context.db, require_principal(context), operation, ids)


async def record_audit_async(context: Any, operation: str, ids: Iterable[str]) -> str:
    """`record_audit` for async resolvers: the event joins this process's group commit
    (`context.audit_log`); returns once it is committed."""
    principal = require_principal(context)
    log: AuditLog = context.audit_log
    return await log.record(audit.event_parameters(principal, operation, ids, context.db.settings))


class AuditWriteFailed(RuntimeError):
    """Audit events could not be written for a reason other than an unreachable or busy
    database: a fault (the error policy masks it as INTERNAL and logs its traceback)."""


def _as_request_error(error: BaseException) -> Exception | None:
    """What a request whose event was in a failed write raises: the database failure
    itself when Neo4j was unreachable or busy (UNAVAILABLE: try again), else a fault.
    None for a cancellation (the process is stopping)."""
    if not isinstance(error, Exception):
        return None
    if failure_of(error) in (Failure.UNAVAILABLE, Failure.BUSY):
        return error
    failed = AuditWriteFailed("the audit events of this request could not be written")
    failed.__cause__ = error
    return failed


class AuditLog:
    """The group commit of one API process (one per event loop)."""

    def __init__(self, db: AsyncDatabase, max_batch: int = MAX_BATCH) -> None:
        self.db = db
        self.max_batch = max_batch
        self._waiting: list[tuple[dict[str, Any], asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def record(self, event: dict[str, Any]) -> str:
        """Queue one event (`kb.security.audit.event_parameters`); its id once committed."""
        committed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((event, committed))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_waiting())
        await committed
        return str(event["id"])

    async def _write_waiting(self) -> None:
        # Runs while events wait: each turn writes what queued up during the last one.
        while self._waiting:
            batch = self._waiting[: self.max_batch]
            del self._waiting[: self.max_batch]
            try:
                await audit.write_events(self.db, [event for event, _ in batch])
            except BaseException as error:  # the batch's requests fail with its error
                failed = _as_request_error(error)
                for _, committed in batch:
                    if committed.done():
                        continue
                    if failed is None:
                        committed.cancel()
                    else:
                        committed.set_exception(failed)
                if failed is None:
                    raise
            else:
                for _, committed in batch:
                    if not committed.done():
                        committed.set_result(None)

    async def drain(self) -> None:
        """Wait until every queued event is written (at shutdown)."""
        while self._writer is not None and not self._writer.done():
            await asyncio.shield(self._writer)
