"""The API's `DateTime`: strawberry's scalar, read by the model's own instant type.

An argument such as `at` or `after` is parsed exactly as a dataset cell is
(`kb.domain.model.parse_instant`): the same ISO-8601 forms, naive taken as UTC, and an
instant whose UTC form leaves the calendar (0001-01-01T00:00+01:00) refused while
the arguments are coerced, as BAD_USER_INPUT naming the value, before any resolver runs.
"""

from __future__ import annotations

from datetime import datetime

from graphql import StringValueNode, ValueNode, print_ast
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.schema.types.base_scalars import DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

from kb.domain.model import parse_instant


def _parse_instant_argument(value: object, node: ValueNode | None = None) -> datetime:
    if not isinstance(value, str):
        raise StrawberryInputCoercionError(
            "DateTime must be ISO-8601 text (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]), "
            f"not {print_ast(node) if node else repr(value):.40}",
            nodes=node,
        )
    try:
        return parse_instant(value)
    except ValueError as error:
        reason = str(error)
        said = reason if repr(value)[:20] in reason else f"{value!r:.60}: {reason}"
        raise StrawberryInputCoercionError(f"DateTime {said}", nodes=node) from None


def _parse_instant_literal(node: ValueNode, _variables: object = None) -> datetime:
    """A literal in the document: the same check, with the literal's place in the error."""
    value = node.value if isinstance(node, StringValueNode) else None
    return _parse_instant_argument(value, node)


DateTime = ScalarDefinition(
    name=DateTimeDefinition.name,
    description="An instant in ISO-8601 (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]); without an offset "
    "it is read as UTC.",
    specified_by_url=None,
    serialize=DateTimeDefinition.serialize,
    parse_value=_parse_instant_argument,
    parse_literal=_parse_instant_literal,
    origin=datetime,
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {datetime: DateTime}
