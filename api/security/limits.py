"""Limits checked before any Cypher runs: depth, aliases, tokens, page size and cost.

Cost counts the objects a query could ask for: each field costs the product of
the `first` arguments on the path to it (a field without a `first` argument
multiplies by 1). A `first` given by a variable counts as the largest page
allowed (validation runs before variables are known), an omitted one as the
argument's default (or the largest page when it has none); resolvers check the
actual value with `page_size`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
    get_named_type,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from api.errors import ApiError, ErrorCode
from kb.settings import Settings

PAGE_ARGUMENT = "first"


def page_size(first: int | None, settings: Settings, default: int | None = None) -> int:
    """The page size to use for a `first` argument, or LIMIT_EXCEEDED / BAD_USER_INPUT."""
    largest = settings.api_max_page_size
    if first is None:
        return default if default is not None else largest
    if first < 0:
        raise ApiError(ErrorCode.BAD_USER_INPUT, "first must be 0 or more", argument="first")
    if first > largest:
        raise ApiError(
            ErrorCode.LIMIT_EXCEEDED,
            f"first must be at most {largest} (the largest page)",
            argument="first",
            limit=largest,
        )
    return first


def _limit_error(message: str, node: Any, **details: object) -> GraphQLError:
    return GraphQLError(
        message, node, extensions={"code": ErrorCode.LIMIT_EXCEEDED.value, **details}
    )


def cost_rule(max_cost: int, max_page_size: int) -> type[ValidationRule]:
    """A validation rule refusing operations whose cost exceeds `max_cost`."""

    class CostLimitRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.fragments: dict[str, FragmentDefinitionNode] = {
                d.name.value: d
                for d in context.document.definitions
                if isinstance(d, FragmentDefinitionNode)
            }

        def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
            schema = self.context.schema
            root = {
                OperationType.QUERY: schema.query_type,
                OperationType.MUTATION: schema.mutation_type,
                OperationType.SUBSCRIPTION: schema.subscription_type,
            }[node.operation]
            cost = self.selection_cost(node.selection_set, root, 1, frozenset())
            if cost > max_cost:
                name = node.name.value if node.name else "anonymous"
                self.report_error(
                    _limit_error(
                        f"operation '{name}' may return about {cost} objects; the limit is "
                        f"{max_cost}: ask for smaller pages (first) or fewer nested lists",
                        node,
                        cost=cost,
                        limit=max_cost,
                    )
                )

        def named(self, name: str | None, default: GraphQLNamedType | None) -> Any:
            return self.context.schema.get_type(name) if name else default

        def selection_cost(
            self,
            selections: SelectionSetNode | None,
            parent: GraphQLNamedType | None,
            multiplier: int,
            seen: frozenset[str],
        ) -> int:
            if selections is None:
                return 0
            total = 0
            for selection in selections.selections:
                if isinstance(selection, FieldNode):
                    field_def = None
                    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
                        field_def = parent.fields.get(selection.name.value)
                    factor = self.page_factor(selection, field_def)
                    child = get_named_type(field_def.type) if field_def else None
                    total += multiplier + self.selection_cost(
                        selection.selection_set, child, multiplier * factor, seen
                    )
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    total += self.selection_cost(
                        selection.selection_set,
                        self.named(condition.name.value if condition else None, parent),
                        multiplier,
                        seen,
                    )
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment is not None and name not in seen:
                        total += self.selection_cost(
                            fragment.selection_set,
                            self.named(fragment.type_condition.name.value, parent),
                            multiplier,
                            seen | {name},
                        )
                # Stop early: the total only grows, and huge numbers help nobody.
                if total > max_cost:
                    return total
            return total

        def page_factor(self, field: FieldNode, field_def: Any) -> int:
            for argument in field.arguments or ():
                if argument.name.value != PAGE_ARGUMENT:
                    continue
                if isinstance(argument.value, IntValueNode):
                    first = int(argument.value.value)
                    if first > max_page_size:
                        self.report_error(
                            _limit_error(
                                f"first is {first} on '{field.name.value}'; the largest page "
                                f"is {max_page_size}",
                                field,
                                limit=max_page_size,
                            )
                        )
                    return max(first, 1)
                return max_page_size  # a variable: assume the worst
            if field_def is not None and PAGE_ARGUMENT in field_def.args:
                default = field_def.args[PAGE_ARGUMENT].default_value
                return default if isinstance(default, int) and default > 0 else max_page_size
            return 1

    return CostLimitRule


class DepthLimiter(AddValidationRules):
    """strawberry's QueryDepthLimiter, made safe for an empty selection set (`{}`), which
    makes its depth count fail with a bare ValueError."""

    def __init__(self, max_depth: int) -> None:
        limiter = QueryDepthLimiter(max_depth=max_depth)
        inner: type[ValidationRule] = limiter.validation_rules[0]  # type: ignore[assignment]

        class SafeDepthRule(inner):  # type: ignore[valid-type,misc]
            def __init__(self, context: ValidationContext) -> None:
                try:
                    super().__init__(context)
                except ValueError:
                    ValidationRule.__init__(self, context)
                    context.report_error(
                        GraphQLError(
                            "a selection set is empty: name at least one field",
                            extensions={"code": ErrorCode.BAD_USER_INPUT.value},
                        )
                    )

        super().__init__([SafeDepthRule])


class CostLimiter(AddValidationRules):
    def __init__(self, max_cost: int, max_page_size: int) -> None:
        super().__init__([cost_rule(max_cost, max_page_size)])


ExtensionFactory = Callable[[], SchemaExtension]


def limit_extensions(settings: Settings) -> list[ExtensionFactory]:
    """Factories, so that each request gets its own extension instances."""
    return [
        partial(MaxTokensLimiter, max_token_count=settings.api_max_tokens),
        partial(DepthLimiter, settings.api_max_depth),
        partial(MaxAliasesLimiter, max_alias_count=settings.api_max_aliases),
        partial(CostLimiter, settings.api_max_cost, settings.api_max_page_size),
    ]
