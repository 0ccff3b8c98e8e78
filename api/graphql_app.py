"""The strawberry router mounted at /graphql."""

from __future__ import annotations

from fastapi import Request
from strawberry.fastapi import GraphQLRouter

from api.context import Context
from api.schema import schema
from kb.settings import Settings


def graphql_router(settings: Settings) -> GraphQLRouter[Context, None]:
    async def context(request: Request) -> Context:
        return Context(db=request.app.state.db, request=request)

    return GraphQLRouter(
        schema,
        context_getter=context,
        graphql_ide="graphiql" if settings.api_graphiql else None,
    )
