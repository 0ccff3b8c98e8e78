"""What every resolver receives: the database, the request, and per-request loaders."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from strawberry.fastapi import BaseContext

from kb.security.roles import Principal
from kb.storage.database import Database


class Context(BaseContext):
    """Per-request state. DataLoaders live in `loaders` so batching is per request."""

    def __init__(
        self, db: Database, request: Request, principal: Principal | None = None
    ) -> None:
        super().__init__()
        self.db = db
        self.http_request = request
        self.loaders: dict[str, Any] = {}
        # Who is asking (None only for an anonymous GraphiQL page load); see api/security.
        self.principal = principal
