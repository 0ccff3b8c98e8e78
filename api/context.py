"""What every resolver receives: the databases, the caller, and per-request loaders."""

from __future__ import annotations

from typing import Any

from strawberry.fastapi import BaseContext

from api.security.audit import AuditLog
from api.security.key_cache import KeyCache
from kb.security.roles import Principal
from kb.storage.database import AsyncDatabase, Database


class Context(BaseContext):
    """Per-request state. DataLoaders live in `loaders` so batching is per request.

    `async_db` is the request path's door to Neo4j (entity reads, audit, keys: no thread
    per statement); `db` is the blocking one that `kb` functions take (analytics,
    mutations, erasure), run in one worker thread per request. `audit_log` (the
    process's group commit) and `key_cache` (its key lookups) are shared by requests.
    """

    def __init__(
        self,
        db: Database,
        async_db: AsyncDatabase,
        audit_log: AuditLog,
        key_cache: KeyCache,
        principal: Principal | None = None,
    ) -> None:
        super().__init__()
        self.db = db
        self.async_db = async_db
        self.audit_log = audit_log
        self.key_cache = key_cache
        self.loaders: dict[str, Any] = {}
        # Who is asking (None only for an anonymous GraphiQL page load); see api/security.
        self.principal = principal
