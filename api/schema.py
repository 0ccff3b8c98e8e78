"""The GraphQL schema: the root types each layer of the API contributes, merged."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.tools import merge_types

from api.analytics.query import AnalyticsQuery
from api.analytics.questions import QuestionsQuery
from api.document_cache import document_caches
from api.entities.execution import entity_executor
from api.entities.query import EntityQuery
from api.mutations.schema import StewardMutation
from api.scalars import SCALAR_OVERRIDES
from api.security.admin import SecurityMutation, SecurityQuery
from api.security.extensions import execution_context_class, security_extensions
from api.system import SystemQuery
from kb.settings import Settings

Query = merge_types(
    "Query", (SystemQuery, SecurityQuery, EntityQuery, AnalyticsQuery, QuestionsQuery)
)
Mutation = merge_types("Mutation", (SecurityMutation, StewardMutation))


class KnowledgeBaseSchema(strawberry.Schema):
    """strawberry's Schema without its per-error log lines (each with a traceback): the
    error policy (`api.security.errors.ErrorPolicy`) writes one line per request instead."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        return None


def build_schema(settings: Settings) -> strawberry.Schema:
    """The schema with the limits and error policy the settings ask for (api/security)."""
    extensions = [
        *document_caches(settings.api_document_cache_size),
        *security_extensions(settings),
    ]
    # Entity root fields hand GraphQL their finished answers (api/entities/execution.py).
    return KnowledgeBaseSchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=entity_executor(execution_context_class(settings)),
    )
