"""`record_audit`: the one call a resolver makes to log a read of family-level data or a write.

    from api.security.audit import record_audit
    record_audit(info.context, "family", [family_id])

It raises UNAUTHENTICATED when no principal is known, so an unlogged read of a
family cannot happen; a database failure propagates (the read fails with it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from starlette.concurrency import run_in_threadpool

from api.errors import ApiError, ErrorCode
from kb.security import audit


def record_audit(context: Any, operation: str, ids: Iterable[str]) -> str:
    """Append an audit event for this request's principal; returns the event id."""
    principal = getattr(context, "principal", None)
    if principal is None:
        raise ApiError(ErrorCode.UNAUTHENTICATED, "an API key is required")
    return audit.record(context.db, principal, operation, ids)


async def record_audit_async(context: Any, operation: str, ids: Iterable[str]) -> str:
    """`record_audit` for async resolvers (runs the write off the event loop)."""
    return await run_in_threadpool(record_audit, context, operation, list(ids))
