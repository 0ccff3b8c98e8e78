"""The schema extensions that enforce the limits and the error policy, from the settings.

With introspection off (KB_API_INTROSPECTION=false) the schema is not described to
clients at all: no `__schema`, and no "Did you mean 'statement'?" either, which would
let a client recover field, argument and enum names one guess at a time. graphql-core
leaves suggestions out when asked (`hide_suggestions`); strawberry does not pass the
flag on, so validation is told by a rule (`HideSuggestions`) and execution, where
variables are coerced, by the executor class (`execution_context_class`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from graphql import ValidationContext, ValidationRule
from strawberry.extensions import AddValidationRules, DisableIntrospection
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from api.security.errors import ErrorPolicy
from api.security.limits import ExtensionFactory, limit_extensions
from kb.settings import Settings


class _HideSuggestionsRule(ValidationRule):
    """Runs before any rule reports: every rule of this validation shares the context."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        context._hide_suggestions = True  # graphql-core's own switch, read by every rule


class HideSuggestions(AddValidationRules):
    def __init__(self) -> None:
        super().__init__([_HideSuggestionsRule])


class _ExecutionWithoutSuggestions(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, coercing variables with suggestions left out."""

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        return super().build(*args, **{**kwargs, "hide_suggestions": True})


def security_extensions(settings: Settings) -> list[ExtensionFactory]:
    """Extension factories (a fresh instance per request: MaskErrors keeps state)."""
    extensions = limit_extensions(settings)
    if not settings.api_introspection:
        extensions.extend([DisableIntrospection, HideSuggestions])
    extensions.append(partial(ErrorPolicy, settings.neo4j_query_timeout))
    return extensions


def execution_context_class(settings: Settings) -> type[StrawberryGraphQLCoreExecutionContext]:
    """The executor the schema runs with: without suggestions when introspection is off."""
    if settings.api_introspection:
        return StrawberryGraphQLCoreExecutionContext
    return _ExecutionWithoutSuggestions
