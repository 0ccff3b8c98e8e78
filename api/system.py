"""Fields about the service itself."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.context import Context


@strawberry.type
class ServerInfo:
    neo4j_version: str


@strawberry.type
class SystemQuery:
    @strawberry.field(description="The Neo4j server behind the API.")
    async def server(self, info: Info[Context, None]) -> ServerInfo:
        return ServerInfo(neo4j_version=await info.context.async_db.server_version())
