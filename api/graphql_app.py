"""The strawberry router mounted at /graphql."""

from __future__ import annotations

from strawberry.fastapi import GraphQLRouter

from api.context import Context
from api.schema import build_schema
from api.security.router import SecureGraphQLRouter, context_getter
from kb.settings import Settings


def graphql_router(settings: Settings) -> GraphQLRouter[Context, None]:
    # The context getter authenticates (401 without a valid key); see api/security.
    return SecureGraphQLRouter(
        build_schema(settings),
        context_getter=context_getter(settings),
        graphql_ide="graphiql" if settings.api_graphiql else None,
    )
