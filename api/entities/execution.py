"""GraphQL execution that takes a translated answer as it is.

A root field of the entity graph answers its whole subtree at once (`request.py`): the
value is already shaped to the selection (`answer.py`), so walking it again field by
field would only spend CPU. `Answered` carries such a value and the errors inside it;
the executor `entity_executor(base)` makes of graphql-core's (as strawberry runs it, with
whatever the settings add) returns the value unchanged and records the errors at their
paths. Every other field runs as usual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError, GraphQLOutputType
from graphql.pyutils import Path as GraphQLPath
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


@dataclass
class Answered:
    """A field's complete value, and its errors as (path below the field, error)."""

    value: Any
    errors: list[tuple[tuple[str | int, ...], GraphQLError]] = field(default_factory=list)


class _AnsweredAsIs(StrawberryGraphQLCoreExecutionContext):
    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: Any,
        info: Any,
        path: GraphQLPath,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, Answered):
            for below, error in result.errors:
                at = path
                for key in below:
                    at = at.add_key(key)
                located = GraphQLError(
                    error.message, path=at.as_list(), extensions=error.extensions
                )
                self.collected_errors.add(located, at)
            return result.value
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )


_MADE: dict[type, type[StrawberryGraphQLCoreExecutionContext]] = {}


def entity_executor(
    base: type[StrawberryGraphQLCoreExecutionContext],
) -> type[StrawberryGraphQLCoreExecutionContext]:
    """`base` (the executor the settings ask for) taking entity answers as they are."""
    if issubclass(base, _AnsweredAsIs):
        return base
    if base not in _MADE:
        _MADE[base] = type(f"Entity{base.__name__}", (_AnsweredAsIs, base), {})
    return _MADE[base]
