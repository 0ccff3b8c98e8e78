"""`record_audit`: the one call a resolver makes to log a read of family-level data or a write.

    from api.security.audit import record_audit
    record_audit(info.context, "family", [family_id])

It raises UNAUTHENTICATED when no principal is known, so an unlogged read of a
family cannot happen; a database failure propagates (the read fails with it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.errors import ApiError, ErrorCode
from kb.security import audit
from kb.security.roles import Principal


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
    """`record_audit` for async resolvers, through the async driver."""
    principal = require_principal(context)
    return await audit.record_async(context.async_db, principal, operation, list(ids))
