"""The strawberry schema and its router."""

from __future__ import annotations

from typing import Any

import strawberry
from fastapi import Request
from strawberry.fastapi import GraphQLRouter
from strawberry.types import Info

from kb.settings import Settings
from kb.storage.database import Database


@strawberry.type
class ServerInfo:
    neo4j_version: str


@strawberry.type
class Query:
    @strawberry.field(description="The Neo4j server behind the API.")
    def server(self, info: Info) -> ServerInfo:
        db: Database = info.context["db"]
        return ServerInfo(neo4j_version=db.server_version())


schema = strawberry.Schema(query=Query)


def graphql_router(settings: Settings) -> GraphQLRouter[Any, None]:
    async def context(request: Request) -> dict[str, Any]:
        return {"db": request.app.state.db, "request": request}

    return GraphQLRouter(
        schema,
        context_getter=context,
        graphql_ide="graphiql" if settings.api_graphiql else None,
    )
